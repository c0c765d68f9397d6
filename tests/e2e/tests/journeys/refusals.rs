//! Sign-in responses the app must refuse, or report as Amazon's refusal, leaving nothing behind.

use lwa_emulator::{AuthorizeError, DEMO_CLIENT_ID, Faults, Scope};
use serde_json::json;

use crate::world::{AppConfig, World};

#[tokio::test]
async fn cancelling_at_amazon_reads_as_you_cancelled_and_offers_sign_in_again() {
    let world = World::start().await;
    world.open("/").await;
    world.go_to_amazon().await;
    world.answer_consent("cancel").await;
    world
        .wait_for_text("[role=alert]", "You cancelled sign-in.")
        .await;
    assert_eq!(world.text("[role=alert] button").await, "Sign in again");
    world.assert_url_clean().await;
    world.assert_storage_empty().await;
    // "Sign in again" really starts a new sign-in.
    world.click("[role=alert] button").await;
    world.find("form[action='/ap/oa/consent']").await;
    assert_eq!(world.emulator.requests_to("/ap/oa"), 2);
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn a_response_for_another_state_is_refused() {
    let world = World::start().await;
    world.open("/").await;
    // The pending sign-in holds another state, as if the response belonged to a sign-in
    // started elsewhere (login CSRF).
    world
        .tamper_with_pending_sign_in("state", "ForgedStateForgedStateForgedStateForgedStat")
        .await;
    world.answer_consent("allow").await;
    world
        .assert_refused("did not match the sign-in started in this tab")
        .await;
    assert_eq!(
        world.emulator.requests_to("/user/profile"),
        0,
        "the token was never used"
    );
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn a_token_injected_into_the_url_with_no_sign_in_started_is_ignored() {
    let world = World::start().await;
    let token = world
        .emulator
        .issue_access_token(DEMO_CLIENT_ID, &[Scope::Profile]);
    let fragment = format!(
        "access_token={}&token_type=bearer&expires_in=3600&state=guessed",
        token.replace('|', "%7C")
    );
    world.open(&format!("/#{fragment}")).await;
    world.assert_ignored().await;
    assert_eq!(
        world.emulator.requests_to("/user/profile"),
        0,
        "the token was never used"
    );
    assert_eq!(world.emulator.requests_to("/auth/o2/tokeninfo"), 0);
    // The popup shape (values in the query) is read and refused the same way.
    world.open(&format!("/profile?{fragment}")).await;
    world.assert_ignored().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn a_provider_error_is_explained_without_echoing_its_description() {
    let faults = Faults {
        authorize_error: Some(AuthorizeError::ServerError),
        ..Faults::default()
    };
    let world = World::with(faults, AppConfig::emulator()).await;
    world.open("/").await;
    world.click("button.lwa-button").await;
    let alert = world
        .wait_for_text(
            "[role=alert]",
            "Amazon could not complete sign-in right now",
        )
        .await;
    assert!(
        !alert.contains("encountered an unexpected error"),
        "Amazon's description is not shown: {alert}"
    );
    world.assert_url_clean().await;
    world.assert_storage_empty().await;
    // A crafted link with an error and a made-up description shows only the app's own words.
    world
        .open("/#error=access_denied&error_description=Call%20555-0100%20to%20unlock")
        .await;
    world.assert_ignored().await;
    let page = world.text("main").await;
    assert!(!page.contains("555"), "{page}");
    assert_eq!(world.run("return location.hash;").await, json!(""));
    world.assert_storage_empty().await;
    world.assert_history_clean(None).await;
}
