//! Silent renewal with the refresh token (code grant): across expiry without a word to the
//! person, with rotation, across two tabs that share the session, and what happens when Amazon
//! refuses, is briefly unavailable, or never issued a refresh token. Tokens live a few seconds
//! here, so a renewal is due a second or so before they expire.

use std::time::Duration;

use lwa_emulator::Faults;

use crate::world::{short_lived, signed_in_with_code_grant};

#[tokio::test]
async fn the_session_renews_itself_across_expiry_without_a_word() {
    let (world, first) = signed_in_with_code_grant(short_lived(6, Faults::default())).await;
    let refresh = world.session_field("refresh_token").await;
    let renewed = world.wait_for_new("access_token", Some(&first)).await;
    assert_eq!(world.emulator.token_requests("refresh_token"), 1);
    world.assert_calmly_signed_in().await;
    assert_eq!(
        world.session_field("refresh_token").await,
        refresh,
        "without rotation the refresh token is kept"
    );
    // Past the first token's expiry, the person is still signed in with the new one.
    tokio::time::sleep(Duration::from_secs(2)).await;
    world.assert_calmly_signed_in().await;
    assert!(world.text(".profile [role=status]").await.is_empty());
    world.assert_url_clean().await;
    world.assert_history_clean(Some(&renewed)).await;
}

#[tokio::test]
async fn a_rotated_refresh_token_replaces_the_old_one_at_once() {
    let faults = Faults {
        rotate_refresh_tokens: true,
        ..Faults::default()
    };
    let (world, _) = signed_in_with_code_grant(short_lived(5, faults)).await;
    let first = world.session_field("refresh_token").await;
    let second = world.wait_for_new("refresh_token", first.as_deref()).await;
    let third = world.wait_for_new("refresh_token", Some(&second)).await;
    assert_ne!(first.as_deref(), Some(third.as_str()));
    assert_eq!(world.emulator.token_requests("refresh_token"), 2);
    world.assert_calmly_signed_in().await;
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn a_refused_renewal_ends_the_session_and_clears_everything() {
    let faults = Faults {
        refuse_refresh: true,
        ..Faults::default()
    };
    let (world, token) = signed_in_with_code_grant(short_lived(5, faults)).await;
    world
        .wait_for_text("[role=alert]", "Amazon would not renew your sign-in")
        .await;
    assert_eq!(world.text("[role=alert] button").await, "Sign in again");
    assert!(!world.exists(".profile").await);
    world.assert_storage_empty().await;
    assert_eq!(
        world.emulator.token_requests("refresh_token"),
        1,
        "not retried"
    );
    world.assert_signed_out_after_reload().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn one_unavailable_renewal_is_retried_and_the_person_stays_signed_in() {
    let faults = Faults {
        refresh_unavailable: 1,
        ..Faults::default()
    };
    let (world, first) = signed_in_with_code_grant(short_lived(6, faults)).await;
    world.wait_for_new("access_token", Some(&first)).await;
    assert_eq!(
        world.emulator.token_requests("refresh_token"),
        2,
        "the 503, then the retry"
    );
    world.assert_calmly_signed_in().await;
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn without_a_refresh_token_the_session_ends_at_expiry_without_trying_to_renew() {
    let faults = Faults {
        no_refresh_token: true,
        ..Faults::default()
    };
    let (world, token) = signed_in_with_code_grant(short_lived(4, faults)).await;
    assert_eq!(world.session_field("refresh_token").await, None);
    assert!(
        world.exists("[data-field=time-left]").await,
        "counts down to its end"
    );
    world.click("details.about summary").await;
    assert!(world.text("[data-field=renews]").await.starts_with("No"));
    world
        .wait_for_text("[role=alert]", "Your session expired")
        .await;
    assert_eq!(world.emulator.token_requests("refresh_token"), 0);
    world.assert_storage_empty().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn a_reload_after_the_access_token_expired_renews_instead_of_signing_out() {
    let (world, first) = signed_in_with_code_grant(short_lived(4, Faults::default())).await;
    // Leave the app (its sessionStorage stays with the tab) until the access token has expired.
    world.step_away_for(Duration::from_secs(5)).await;
    world.open("/").await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    let renewed = world.assert_session_stored().await;
    assert_ne!(renewed, first, "a new access token");
    assert_eq!(world.emulator.token_requests("refresh_token"), 1);
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1, "no trip to Amazon");
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    world.assert_history_clean(Some(&first)).await;
}

#[tokio::test]
async fn two_tabs_sharing_a_session_renew_it_once_and_both_stay_signed_in() {
    // A slow token endpoint: while one tab's renewal is in flight, the other's clock says it is
    // due too. With rotation, a second renewal with the same refresh token would be refused.
    let faults = Faults {
        rotate_refresh_tokens: true,
        token_delay: Duration::from_millis(1500),
        ..Faults::default()
    };
    let (world, _) = signed_in_with_code_grant(short_lived(8, faults)).await;
    let (first_tab, second_tab) = world.open_copy_in_new_tab().await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    let mut shared = world.session_field("refresh_token").await;

    for renewal in 1..=2 {
        // Each tab ends up with the same new refresh token, from one request between them.
        world.switch_to(&first_tab).await;
        let in_first = world.wait_for_new("refresh_token", shared.as_deref()).await;
        world.switch_to(&second_tab).await;
        let in_second = world.wait_for_new("refresh_token", shared.as_deref()).await;
        assert_eq!(
            in_first, in_second,
            "renewal {renewal}: both tabs hold the newest"
        );
        assert_eq!(
            world.emulator.token_requests("refresh_token"),
            renewal,
            "one request per renewal"
        );
        for tab in [&first_tab, &second_tab] {
            world.switch_to(tab).await;
            world.assert_calmly_signed_in().await;
            world.assert_url_clean().await;
        }
        shared = Some(in_first);
    }
    // Each tab's history holds no token or code (this walks the second tab's back).
    world.assert_history_clean(None).await;
    world.switch_to(&first_tab).await;
    world.assert_history_clean(None).await;
}
