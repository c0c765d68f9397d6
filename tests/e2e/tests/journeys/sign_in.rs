//! Signing in, staying signed in, signing out, coming back to a deep link, and expiry.

use std::time::Duration;

use lwa_emulator::{Faults, HOSTILE_NAME};
use serde_json::json;

use crate::world::{AppConfig, World};

#[tokio::test]
async fn sign_in_shows_the_profile_and_keeps_the_token_only_in_session_storage() {
    let config = AppConfig::Emulator {
        extra: json!({ "scopes": ["profile", "postal_code"] }),
    };
    let world = World::with(Faults::default(), config).await;
    world.open("/").await;
    world
        .wait_for_text("[role=status]", "You are not signed in.")
        .await;
    world.go_to_amazon().await;
    let authorize = world.url().await;
    for expected in [
        "response_type=token",
        "client_id=amzn1.application-oa2-client.",
        "scope=profile%20postal_code",
    ] {
        assert!(authorize.contains(expected), "{expected} in {authorize}");
    }
    let redirect = world.redirect_uri_parameter();
    assert!(authorize.contains(&redirect), "{redirect} in {authorize}");
    world.answer_consent("allow").await;

    assert_eq!(
        world.wait_for_text(".profile h2", "Hello").await,
        "Hello, Demo Customer"
    );
    assert_eq!(world.text("[data-field=name]").await, "Demo Customer");
    assert_eq!(
        world.text("[data-field=email]").await,
        "demo.customer@example.com"
    );
    assert_eq!(
        world.text("[data-field=user-id]").await,
        "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE"
    );
    assert_eq!(world.text("[data-field=postal-code]").await, "98052");
    let time_left = world.text("[data-field=time-left]").await;
    assert!(
        time_left.starts_with("59 min") || time_left == "1 h 0 min",
        "{time_left}"
    );
    assert_eq!(
        world.url().await,
        world.app("/"),
        "back where sign-in started"
    );
    let config_fetches = world
        .run("return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/config.json')).length;")
        .await;
    assert_eq!(
        config_fetches,
        json!(1),
        "the preloaded config.json is fetched once"
    );
    world.assert_url_clean().await;

    let token = world.assert_session_stored().await;
    let elsewhere = world
        .run("return Object.keys(localStorage).length + document.cookie.length;")
        .await;
    assert_eq!(elsewhere, json!(0), "nothing in localStorage or cookies");
    assert_eq!(
        world.emulator.requests_to("/auth/o2/tokeninfo"),
        1,
        "the audience was checked"
    );
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn a_reload_keeps_the_session_without_a_new_trip_to_amazon() {
    let world = World::start().await;
    world.open("/profile").await;
    world.sign_in().await;
    let token = world.assert_session_stored().await;
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    world.open("/").await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(
        world.emulator.requests_to("/ap/oa"),
        1,
        "no second trip to Amazon"
    );
    assert_eq!(
        world.assert_session_stored().await,
        token,
        "the same session"
    );
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn sign_out_clears_everything_and_stays_signed_out_after_a_reload() {
    let (world, token) = World::signed_in(Faults::default()).await;
    world.click(".profile button.secondary").await;
    world
        .wait_for_text("[role=status]", "You have signed out.")
        .await;
    assert!(world.exists("button.lwa-button").await, "offers to sign in");
    assert!(!world.exists(".profile").await);
    world.assert_storage_empty().await;
    world.assert_signed_out_after_reload().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn a_deep_link_offers_sign_in_and_returns_there() {
    let world = World::start().await;
    world.open("/profile").await;
    world
        .wait_for_text("main", "Sign in with Amazon to see your profile")
        .await;
    world.go_to_amazon().await;
    world.answer_consent("allow").await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(world.url().await, world.app("/profile"));
    let token = world.assert_session_stored().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn slow_answers_show_progress_then_the_profile() {
    let slow = Faults {
        delay: Duration::from_millis(1500),
        ..Faults::default()
    };
    let world = World::with(slow, AppConfig::emulator()).await;
    world.open("/").await;
    world.go_to_amazon().await;
    world.answer_consent("allow").await;
    world
        .wait_for_text("[role=status]", "Checking your sign-in")
        .await;
    assert!(
        !world.exists(".profile").await,
        "nothing shown before both checks are done"
    );
    world.assert_storage_empty().await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    let token = world.assert_session_stored().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn a_hostile_profile_name_is_shown_as_text() {
    let (world, token) = World::signed_in(Faults {
        hostile_name: true,
        ..Faults::default()
    })
    .await;
    assert_eq!(world.text("[data-field=name]").await, HOSTILE_NAME);
    assert_eq!(
        world.text(".profile h2").await,
        format!("Hello, {HOSTILE_NAME}")
    );
    let injected = world
        .run("return document.querySelectorAll('main img, main script').length;")
        .await;
    assert_eq!(injected, json!(0), "no element was created from the name");
    assert_eq!(
        world.run("return document.title;").await,
        json!("Doorstep · Login with Amazon")
    );
    assert_eq!(world.assert_session_stored().await, token);
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn an_expired_session_signs_out_with_a_message_and_stays_out_after_a_reload() {
    let short = Faults {
        token_lifetime: Duration::from_secs(4),
        ..Faults::default()
    };
    let (world, token) = World::signed_in(short).await;
    world
        .wait_for_text("[role=alert]", "Your session expired")
        .await;
    assert_eq!(
        world.text("[role=alert] button.action").await,
        "Sign in again"
    );
    assert!(!world.exists(".profile").await);
    world.assert_storage_empty().await;
    world.assert_signed_out_after_reload().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn a_session_that_expired_while_the_tab_was_elsewhere_is_not_restored() {
    let short = Faults {
        token_lifetime: Duration::from_secs(3),
        ..Faults::default()
    };
    let (world, token) = World::signed_in(short).await;
    // Leave the app (sessionStorage stays with the tab), and come back after the expiry.
    world.step_away_for(Duration::from_millis(3500)).await;
    world.open("/profile").await;
    world
        .wait_for_text("[role=alert]", "Your session expired")
        .await;
    assert_eq!(
        world.emulator.requests_to("/user/profile"),
        1,
        "the expired token was not used again"
    );
    world.assert_storage_empty().await;
    world.assert_history_clean(Some(&token)).await;
}
