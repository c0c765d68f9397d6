//! A good session is never lost to a passing failure (code grant): a config.json that fails on
//! reloads, a throttled or timed-out renewal, a proxy's page instead of Amazon's answer, an
//! access token Amazon no longer takes while a refresh token is kept; and the person can sign
//! out whenever a session is kept. Each checks the page, sessionStorage, localStorage and the
//! token requests Amazon saw.

use std::time::Duration;

use lwa_emulator::{ApiEndpoint, CannedAnswer, Delivery, Faults, ProfileFailure};

use crate::site::ConfigFile;
use crate::world::{World, short_lived, signed_in_with_code_grant};

/// Reloads the page, and waits (first `slow`, then as usual) for an alert saying `expected`
/// that offers Reload, and Sign out.
async fn reload_to_kept_session_alert(world: &World, expected: &str, slow: Duration) {
    world.browser.client.refresh().await.expect("reload");
    tokio::time::sleep(slow).await;
    world.wait_for_text("[role=alert]", expected).await;
    assert_eq!(world.text("[role=alert] button").await, "Reload");
    assert_eq!(world.text("button.secondary").await, "Sign out");
    assert!(!world.exists("button.lwa-button").await, "no new sign-in");
    assert!(!world.exists(".profile").await);
}

#[tokio::test]
async fn a_config_json_failing_on_reloads_never_touches_the_kept_session() {
    let (world, token) = signed_in_with_code_grant(Faults::default()).await;
    let kept = world.session_storage().await;
    let config = world.site.config();
    // A stalled answer is given the same 20 s as every call.
    let stalled = Duration::from_secs(18);
    for (failing, expected, slow) in [
        (
            ConfigFile::Status(503),
            "could not be loaded",
            Duration::ZERO,
        ),
        (ConfigFile::Stalled, "could not be loaded", stalled),
        (
            ConfigFile::Json("{\"client_id\": ".into()),
            "config.json is invalid",
            Duration::ZERO,
        ),
        (
            ConfigFile::Missing,
            "config.json was not found",
            Duration::ZERO,
        ),
    ] {
        world.site.set_config(failing);
        reload_to_kept_session_alert(&world, expected, slow).await;
        assert_eq!(
            world.session_storage().await,
            kept,
            "the session is kept as it was"
        );
    }
    world.site.set_config(config);
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(world.assert_session_stored().await, token);
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1, "no trip to Amazon");
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    assert_eq!(world.emulator.token_requests("refresh_token"), 0);
    assert_eq!(world.assert_notes_hold_no_secret().await, 0);
    world.assert_no_panic().await;
}

/// Watches the page until the stored access token is no longer `old`: the person must be shown
/// signed in, with no alert, at every look. Returns the new token.
async fn renewed_while_signed_in_throughout(world: &World, old: &str) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        assert!(world.exists(".profile").await, "signed in throughout");
        assert!(!world.exists("[role=alert]").await, "no alert");
        match world.stored_token().await {
            Some(token) if token != old => return token,
            Some(_) => {}
            None => panic!("the session left sessionStorage"),
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never renewed; the page says {:?}",
            world.text("main").await
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the profile card no longer says it is reconnecting.
async fn assert_no_longer_reconnecting(world: &World) {
    for _ in 0..100 {
        if world.text(".profile [role=status]").await.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("still reconnecting: {}", world.text(".profile").await);
}

#[tokio::test]
async fn throttled_and_timed_out_renewals_keep_the_person_signed_in_and_renew_after() {
    let faults = short_lived(
        6,
        Faults {
            refresh_throttled: 1,
            throttle_retry_after: Duration::from_secs(2),
            refresh_timeouts: 1,
            ..Faults::default()
        },
    );
    let (world, first) = signed_in_with_code_grant(faults).await;
    renewed_while_signed_in_throughout(&world, &first).await;
    world.assert_calmly_signed_in().await;
    // The 429, then (no sooner than its Retry-After: 2) the 408, then the renewal.
    let attempts = world.emulator.token_request_times("refresh_token");
    assert_eq!(attempts.len(), 3, "{attempts:?}");
    let waited = attempts[1] - attempts[0];
    assert!(
        waited >= Duration::from_secs(2),
        "Retry-After honoured: {waited:?}"
    );
    assert_no_longer_reconnecting(&world).await;
    assert_eq!(world.assert_notes_hold_no_secret().await, 1);
    world.assert_no_panic().await;
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn a_proxys_page_instead_of_amazons_answer_keeps_the_session_until_amazon_answers() {
    let lifetime = short_lived(6, Faults::default());
    let (world, first) = signed_in_with_code_grant(lifetime.clone()).await;
    for (status, body) in [(404, "<html><h1>404 Not Found</h1></html>"), (405, "")] {
        world.emulator.set_faults(Faults {
            canned_answer: Some(CannedAnswer {
                endpoint: ApiEndpoint::Token,
                status,
                content_type: "text/html",
                body: body.into(),
                location: None,
                delivery: Delivery::Whole,
            }),
            ..lifetime.clone()
        });
        let asked = world.emulator.requests_to("/auth/o2/token");
        for _ in 0..200 {
            if world.emulator.requests_to("/auth/o2/token") > asked {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            world.emulator.requests_to("/auth/o2/token") > asked,
            "{status} answered"
        );
        world
            .wait_for_text(
                ".profile [role=status]",
                "Reconnecting to Amazon… you are still signed in.",
            )
            .await;
        assert!(!world.exists("[role=alert]").await);
        assert_eq!(
            world.stored_token().await.as_deref(),
            Some(first.as_str()),
            "kept"
        );
    }
    world.emulator.set_faults(lifetime);
    renewed_while_signed_in_throughout(&world, &first).await;
    assert_no_longer_reconnecting(&world).await;
    world.assert_calmly_signed_in().await;
    world.assert_no_panic().await;
}

#[tokio::test]
async fn a_restored_session_whose_access_token_gets_401_renews_once_and_stays() {
    let (world, first) = signed_in_with_code_grant(Faults::default()).await;
    // Two hours later for Amazon: the access token has expired there, the refresh token not.
    world.emulator.advance_clock(Duration::from_secs(2 * 3600));
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    let renewed = world.assert_session_stored().await;
    assert_ne!(renewed, first);
    assert_eq!(world.emulator.token_requests("refresh_token"), 1);
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1, "no trip to Amazon");
    world.assert_calmly_signed_in().await;
    // A token Amazon refuses even just renewed ends the session: renewed once, not again.
    world.emulator.set_faults(Faults {
        profile_failure: Some(ProfileFailure::Unauthorized),
        ..Faults::default()
    });
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[role=alert]", "Amazon no longer accepts your sign-in")
        .await;
    world.assert_storage_empty().await;
    assert_eq!(world.emulator.token_requests("refresh_token"), 2);
    // The renewal's note, and the end's.
    assert_eq!(world.assert_notes_hold_no_secret().await, 2);
    world.assert_no_panic().await;
}

#[tokio::test]
async fn sign_out_works_while_reconnecting() {
    let faults = short_lived(
        5,
        Faults {
            refresh_unavailable: 1000,
            ..Faults::default()
        },
    );
    let (world, _) = signed_in_with_code_grant(faults).await;
    // Shown signed in, renewals failing.
    world
        .wait_for_text(".profile [role=status]", "Reconnecting to Amazon")
        .await;
    world.click(".profile button.secondary").await;
    world
        .wait_for_text("[role=status]", "You have signed out.")
        .await;
    world.assert_storage_empty().await;
    assert_eq!(
        world.assert_notes_hold_no_secret().await,
        1,
        "the ending, for copies"
    );
    // Back after the access token expired, Amazon still unavailable: nobody is shown yet.
    world.sign_in().await;
    world.step_away_for(Duration::from_secs(6)).await;
    world.open("/").await;
    world
        .wait_for_text(
            "[role=status]",
            "Reconnecting to Amazon… your sign-in is kept",
        )
        .await;
    world.assert_session_stored().await;
    world.click("button.secondary").await;
    world
        .wait_for_text("[role=status]", "You have signed out.")
        .await;
    world.assert_storage_empty().await;
    assert_eq!(world.assert_notes_hold_no_secret().await, 2);
    world.assert_signed_out_after_reload().await;
    world.assert_no_panic().await;
}

#[tokio::test]
async fn a_session_kept_by_the_release_before_generations_stays_signed_in_after_the_upgrade() {
    let (world, _) = signed_in_with_code_grant(short_lived(6, Faults::default())).await;
    // What that release kept: no generation, no sealing key, the sign-in's round trips.
    world
        .run(
            "const kept = new URLSearchParams(sessionStorage.getItem('doorstep.session'));
             kept.delete('generation'); kept.delete('key'); kept.set('sign_in_round_trips', '3');
             sessionStorage.setItem('doorstep.session', kept.toString());",
        )
        .await;
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(
        world.session_field("key").await.as_deref(),
        Some(""),
        "kept as the old session, with no key"
    );
    let kept = world.stored_token().await.expect("a session");
    renewed_while_signed_in_throughout(&world, &kept).await;
    world.assert_calmly_signed_in().await;
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1, "no trip to Amazon");
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    assert_eq!(
        world.assert_notes_hold_no_secret().await,
        0,
        "nothing sealed"
    );
    world.assert_no_panic().await;
}

/// The name of the Web Lock the app renews `access_token`'s session under (FNV-1a, 64 bits).
fn renewal_lock(access_token: &str) -> String {
    let digest = access_token
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("doorstep.renewal.{digest:x}")
}

#[tokio::test]
async fn a_reload_while_the_renewal_lock_is_held_elsewhere_says_reconnecting_and_offers_sign_out() {
    // Renewal due 9.6 s after sign-in.
    let (world, first) = signed_in_with_code_grant(short_lived(12, Faults::default())).await;
    let app = world.browser.client.window().await.expect("the app's tab");
    // Another page of the origin holds the lock, as one that saw its name could (or a copy
    // waiting out Amazon's Retry-After does), until it is told to let go.
    let other = world.open_other_page_in_new_tab().await;
    world
        .run(&format!(
            "navigator.locks.request('{}', () => new Promise(release => window.letGo = release));",
            renewal_lock(&first)
        ))
        .await;
    world.switch_to(&app).await;
    world.step_away_for(Duration::from_secs(10)).await;
    world.open("/").await;
    world
        .wait_for_text(
            "[role=status]",
            "Reconnecting to Amazon… your sign-in is kept",
        )
        .await;
    assert_eq!(world.text("button.secondary").await, "Sign out");
    assert_eq!(world.stored_token().await, Some(first.clone()), "kept");
    assert_eq!(world.emulator.token_requests("refresh_token"), 0);
    world.switch_to(&other).await;
    world.run("window.letGo();").await;
    world.switch_to(&app).await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_ne!(world.stored_token().await, Some(first), "renewed");
    assert_eq!(world.emulator.token_requests("refresh_token"), 1);
    world.assert_calmly_signed_in().await;
    world.assert_no_panic().await;
}
