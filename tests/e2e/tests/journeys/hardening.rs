//! The edges a security review found: links that must not sign anyone out, passing network
//! trouble that must not throw a session away, a config.json that must not hang the page, odd
//! URLs the scrub must still clean, redirects from an API, stale sign-ins, copies of a session
//! in other tabs, and framing.

use std::time::Duration;

use lwa_emulator::{
    ApiEndpoint, CannedAnswer, Delivery, Faults, ProfileFailure, REDIRECT_TARGET_PATH,
};
use serde_json::json;

use crate::site::ConfigFile;
use crate::world::{AppConfig, World};

/// Links anyone can send that look like sign-in responses but answer no sign-in of this tab.
const CRAFTED_LINKS: [&str; 6] = [
    "/?state=x",
    "/#error=x",
    "/profile?error=access_denied&error_description=Your%20account%20is%20locked",
    "/#token_type=bearer&expires_in=1",
    "/?code=ANforged&state=guessed",
    "/#access_token=Atza%7Cforged&token_type=bearer&expires_in=3600&state=guessed",
];

#[tokio::test]
async fn a_crafted_link_never_ends_or_changes_a_session_in_either_grant() {
    for config in [AppConfig::emulator(), AppConfig::code_grant()] {
        let world = World::with(Faults::default(), config).await;
        world.open("/").await;
        world.sign_in().await;
        let token = world.assert_session_stored().await;
        for link in CRAFTED_LINKS {
            world.open(link).await;
            world
                .wait_for_text("[data-field=name]", "Demo Customer")
                .await;
            assert!(!world.exists("[role=alert]").await, "{link}: no alert");
            assert_eq!(
                world.stored_token().await.as_deref(),
                Some(token.as_str()),
                "{link}"
            );
            world.assert_url_clean().await;
        }
        world.assert_no_panic().await;
    }
}

#[tokio::test]
async fn signed_out_a_crafted_link_is_ignored_with_a_calm_note_and_ordinary_queries_stay() {
    let world = World::start().await;
    for link in CRAFTED_LINKS {
        world.open(link).await;
        world.assert_ignored().await;
        assert!(world.exists("button.lwa-button").await, "{link}");
    }
    assert_eq!(world.emulator.requests_to("/user/profile"), 0);
    assert_eq!(world.emulator.requests_to("/auth/o2/token"), 0);
    // An ordinary query (a marketing link) is not a response: the address keeps it.
    world.open("/?utm_source=mail&utm_campaign=spring").await;
    world
        .wait_for_text("[role=status]", "You are not signed in.")
        .await;
    assert!(
        world
            .url()
            .await
            .ends_with("/?utm_source=mail&utm_campaign=spring")
    );
    world.assert_no_panic().await;
}

#[tokio::test]
async fn a_brief_outage_on_reload_keeps_the_session_and_it_resumes() {
    let (world, token) = World::signed_in(Faults::default()).await;
    for failure in [ProfileFailure::Unavailable, ProfileFailure::ServerError] {
        world.emulator.set_faults(Faults {
            profile_failure: Some(failure),
            ..Faults::default()
        });
        world.browser.client.refresh().await.expect("reload");
        world
            .wait_for_text("[role=alert]", "Your sign-in is kept")
            .await;
        assert_eq!(world.text("[role=alert] button").await, "Try again");
        assert_eq!(
            world.assert_session_stored().await,
            token,
            "nothing was thrown away"
        );
        world.emulator.set_faults(Faults::default());
        match failure {
            // The person presses "Try again".
            ProfileFailure::Unavailable => world.click("[role=alert] button").await,
            // The browser says it is back online: the app looks again by itself.
            _ => {
                world
                    .run("window.dispatchEvent(new Event('online')); return true;")
                    .await;
            }
        }
        world
            .wait_for_text("[data-field=name]", "Demo Customer")
            .await;
    }
    // A proof that the token is bad still ends it.
    world.emulator.set_faults(Faults {
        profile_failure: Some(ProfileFailure::Unauthorized),
        ..Faults::default()
    });
    world.browser.client.refresh().await.expect("reload");
    world
        .assert_refused("Amazon no longer accepts your sign-in")
        .await;
    world.assert_no_panic().await;
}

#[tokio::test]
async fn a_config_that_hangs_or_is_huge_ends_in_a_message_with_reload() {
    let world = World::start().await;
    world.site.set_config(ConfigFile::Stalled);
    world.open("/").await;
    // The same 20 s limit as every call, then the way on.
    tokio::time::sleep(Duration::from_secs(18)).await;
    world
        .wait_for_text("[role=alert]", "config.json) could not be loaded")
        .await;
    assert_eq!(world.text("[role=alert] button").await, "Reload");
    let huge = json!({ "client_id": "x", "padding": "a".repeat(100_000) }).to_string();
    world.site.set_config(ConfigFile::Json(huge));
    world.click("[role=alert] button").await;
    world
        .wait_for_text("[role=alert]", "larger than 64 KB")
        .await;
    world.assert_storage_empty().await;
    world.assert_no_panic().await;
}

#[tokio::test]
async fn a_response_under_a_path_starting_with_two_slashes_is_still_scrubbed() {
    let world = World::start().await;
    world
        .open("//#access_token=Atza%7Cforged&token_type=bearer&expires_in=3600&state=x")
        .await;
    // `//` is no page of the app; what matters is that the response left the address bar.
    world.wait_for_text("h2", "Page not found").await;
    world.assert_url_clean().await;
    assert!(world.url().await.ends_with("//"), "the path stays");
    world.assert_storage_empty().await;
}

#[tokio::test]
async fn an_api_redirect_is_never_followed_and_nothing_is_kept() {
    for (endpoint, config) in [
        (ApiEndpoint::Profile, AppConfig::emulator()),
        (ApiEndpoint::Token, AppConfig::code_grant()),
    ] {
        let world = World::with(Faults::default(), config).await;
        let target = format!("{}{REDIRECT_TARGET_PATH}", world.emulator.base_url());
        world.emulator.set_faults(Faults {
            canned_answer: Some(CannedAnswer {
                endpoint,
                status: 307,
                content_type: "text/plain",
                body: String::new(),
                location: Some(target),
                delivery: Delivery::Whole,
            }),
            ..Faults::default()
        });
        world.open("/").await;
        world.go_to_amazon().await;
        world.answer_consent("allow").await;
        world.assert_refused("answered with a redirect").await;
        assert_eq!(
            world.emulator.requests_to(REDIRECT_TARGET_PATH),
            0,
            "{endpoint:?}: no request reached the redirect's target"
        );
        world.assert_history_clean(None).await;
    }
}

#[tokio::test]
async fn api_answers_are_never_taken_from_the_browsers_cache() {
    // Amazon's answers say they may be cached: a reload must still ask Amazon again, or a
    // token revoked since would still look good.
    let faults = Faults {
        cacheable_answers: true,
        ..Faults::default()
    };
    let (world, _) = World::signed_in(faults).await;
    for reload in 1..=2 {
        world.browser.client.refresh().await.expect("reload");
        world
            .wait_for_text("[data-field=name]", "Demo Customer")
            .await;
        for path in ["/auth/o2/tokeninfo", "/user/profile"] {
            assert_eq!(world.emulator.requests_to(path), 1 + reload, "{path}");
        }
    }
}

#[tokio::test]
async fn a_sign_in_that_comes_back_after_ten_minutes_is_refused() {
    let world = World::start().await;
    world.open("/").await;
    world
        .tamper_with_pending_sign_in("started_at_ms", &(now_ms() - 11 * 60 * 1000).to_string())
        .await;
    world.answer_consent("allow").await;
    world.assert_refused("took longer than 10 minutes").await;
    assert_eq!(world.emulator.requests_to("/user/profile"), 0);
}

fn now_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|now| now.as_millis())
        .unwrap_or_default()
}

#[tokio::test]
async fn signing_out_in_one_tab_ends_the_session_in_its_copies() {
    let (world, _) = World::signed_in(Faults::default()).await;
    let (first, second) = world.open_copy_in_new_tab().await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    world.switch_to(&first).await;
    world.click(".profile button.secondary").await;
    world
        .wait_for_text("[role=status]", "You have signed out.")
        .await;
    world.switch_to(&second).await;
    world
        .wait_for_text("[role=alert]", "you signed out in another tab")
        .await;
    world.assert_storage_empty().await;
    world.assert_signed_out_after_reload().await;
}

#[tokio::test]
async fn inside_another_pages_frame_the_app_offers_nothing_to_press() {
    let world = World::start().await;
    // A page of another origin (the emulator's) frames the app.
    world.step_away_for(Duration::ZERO).await;
    let app = world.app("/");
    world
        .run(&format!(
            "document.body.innerHTML = '<iframe src=\"{app}\" width=600 height=400></iframe>'; return true;"
        ))
        .await;
    world
        .find("iframe")
        .await
        .enter_frame()
        .await
        .expect("into the frame");
    world
        .wait_for_text("[role=alert]", "does not work inside another page")
        .await;
    assert!(!world.exists("button").await, "nothing to press");
    assert!(!world.exists("a").await, "nothing to follow");
}
