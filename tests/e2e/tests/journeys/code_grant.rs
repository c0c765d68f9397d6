//! Signing in with the Authorization Code grant and PKCE (`"grant": "code_pkce"`): the code
//! comes back in the query, is exchanged once, and never stays in the address bar or history.

use lwa_emulator::{ApiEndpoint, Faults};

use crate::world::{AppConfig, World};

async fn code_world(faults: Faults) -> World {
    World::with(faults, AppConfig::code_grant()).await
}

/// The callback URL Amazon sent the browser to (`/?code=…&state=…`), as the site saw it.
fn callback_url(world: &World) -> String {
    let callback = world
        .site
        .visited_with_query()
        .into_iter()
        .find(|path| path.contains("code="))
        .expect("the browser came back with a code");
    world.app(&callback)
}

#[tokio::test]
async fn sign_in_exchanges_the_code_once_and_keeps_both_tokens_in_session_storage() {
    let world = code_world(Faults::default()).await;
    world.open("/profile").await;
    world.go_to_amazon().await;
    let authorize = world.url().await;
    for expected in [
        "response_type=code",
        "code_challenge=",
        "code_challenge_method=S256",
        "state=",
    ] {
        assert!(authorize.contains(expected), "{expected} in {authorize}");
    }
    assert!(
        !authorize.contains("verifier"),
        "the verifier stays in the tab"
    );
    world.answer_consent("allow").await;

    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(
        world.url().await,
        world.app("/profile"),
        "back where it started"
    );
    world.assert_url_clean().await;
    let token = world.assert_session_stored().await;
    let refresh = world
        .session_field("refresh_token")
        .await
        .expect("a refresh token");
    assert!(refresh.starts_with("Atzr|"), "{refresh}");
    assert_eq!(
        world.session_field("grant").await.as_deref(),
        Some("code_pkce")
    );
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    assert_eq!(world.emulator.token_requests("refresh_token"), 0);
    assert_eq!(
        world.emulator.requests_to("/auth/o2/tokeninfo"),
        1,
        "the audience was checked"
    );
    assert!(
        world
            .text("[data-field=renews-in]")
            .await
            .starts_with("in 59 min")
    );

    // About this sign-in: collapsed, then the grant comparison for this session.
    let open = "return document.querySelector('details.about').open;";
    assert_eq!(world.run(open).await, serde_json::json!(false), "collapsed");
    world.click("details.about summary").await;
    assert_eq!(world.run(open).await, serde_json::json!(true));
    assert!(
        world
            .text("[data-field=grant]")
            .await
            .starts_with("Authorization Code with PKCE")
    );
    assert_eq!(world.text("[data-field=round-trips]").await, "3");
    assert!(
        world
            .text("[data-field=token-in-address-bar]")
            .await
            .starts_with("Never")
    );
    assert!(world.text("[data-field=renews]").await.starts_with("Yes"));
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn cancelling_at_amazon_exchanges_nothing() {
    let world = code_world(Faults::default()).await;
    world.open("/").await;
    world.go_to_amazon().await;
    world.answer_consent("cancel").await;
    world.assert_refused("You cancelled sign-in.").await;
    assert_eq!(world.emulator.token_requests("authorization_code"), 0);
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn a_code_for_another_state_or_without_one_is_never_exchanged() {
    let world = code_world(Faults::default()).await;
    world.open("/").await;
    // The pending sign-in gets another state, as if the answer belonged to a sign-in started
    // elsewhere (login CSRF).
    world
        .tamper_with_pending_sign_in("state", "ForgedStateForgedStateForgedStateForgedStat")
        .await;
    world.answer_consent("allow").await;
    world
        .assert_refused("did not match the sign-in started in this tab")
        .await;

    // A code without its state, while a sign-in is under way.
    world.click("[role=alert] button").await;
    world.find("form[action='/ap/oa/consent']").await;
    world.open("/?code=ANwithoutState").await;
    world.assert_refused("missing its security check").await;
    assert_eq!(world.emulator.token_requests("authorization_code"), 0);
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn a_code_injected_with_no_sign_in_started_is_never_exchanged() {
    let world = code_world(Faults::default()).await;
    world
        .open("/profile?code=ANinjectedCode&scope=profile&state=guessed")
        .await;
    world.assert_ignored().await;
    assert_eq!(
        world.emulator.token_requests("authorization_code"),
        0,
        "no token request"
    );
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn a_replayed_code_is_dropped_and_the_session_stays_then_after_sign_out_nothing_happens() {
    let world = code_world(Faults::default()).await;
    world.open("/").await;
    world.sign_in().await;
    let token = world.assert_session_stored().await;
    let refresh = world.session_field("refresh_token").await;
    let replay = callback_url(&world);

    // Back, history or a shared link: the same URL again, while signed in.
    world.browser.client.goto(&replay).await.expect("replay");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    world.assert_url_clean().await;
    assert!(!world.exists("[role=alert]").await, "nothing to report");
    assert_eq!(
        world.assert_session_stored().await,
        token,
        "the session is untouched"
    );
    assert_eq!(world.session_field("refresh_token").await, refresh);

    // And after signing out.
    world.click(".profile button.secondary").await;
    world
        .wait_for_text("[role=status]", "You have signed out.")
        .await;
    world.browser.client.goto(&replay).await.expect("replay");
    world.assert_ignored().await;
    assert_eq!(
        world.emulator.token_requests("authorization_code"),
        1,
        "never exchanged again"
    );
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn a_refused_exchange_says_the_code_did_not_work() {
    let world = code_world(Faults::default()).await;
    world.open("/").await;
    // The pending sign-in gets a verifier that does not match the challenge sent: Amazon
    // refuses the exchange with invalid_grant.
    world
        .tamper_with_pending_sign_in("verifier", "aVerifierThatDoesNotMatchTheChallengeSentAbc")
        .await;
    world.answer_consent("allow").await;
    world
        .wait_for_text(
            "[role=alert]",
            "one-time code had expired or was already used",
        )
        .await;
    assert_eq!(world.text("[role=alert] button").await, "Sign in again");
    world.assert_url_clean().await;
    world.assert_storage_empty().await;
    assert_eq!(
        world.emulator.token_requests("authorization_code"),
        1,
        "tried once"
    );
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn an_unreadable_token_answer_or_a_foreign_audience_is_refused() {
    for (faults, expected) in [
        (
            Faults {
                malformed_json: vec![ApiEndpoint::Token],
                ..Faults::default()
            },
            "could not understand",
        ),
        (
            Faults {
                wrong_audience: true,
                ..Faults::default()
            },
            "issued to a different app",
        ),
    ] {
        let world = code_world(faults).await;
        world.open("/").await;
        world.go_to_amazon().await;
        world.answer_consent("allow").await;
        world.wait_for_text("[role=alert]", expected).await;
        assert!(!world.exists(".profile").await);
        world.assert_url_clean().await;
        world.assert_storage_empty().await;
        world.assert_history_clean(None).await;
    }
}

#[tokio::test]
async fn a_reload_keeps_the_session_without_amazon_or_a_new_exchange() {
    let world = code_world(Faults::default()).await;
    world.open("/").await;
    world.sign_in().await;
    let token = world.assert_session_stored().await;
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(
        world.emulator.requests_to("/ap/oa"),
        1,
        "no second trip to Amazon"
    );
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    assert_eq!(
        world.emulator.token_requests("refresh_token"),
        0,
        "not due yet"
    );
    assert_eq!(world.assert_session_stored().await, token);
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn sign_out_forgets_both_tokens() {
    let world = code_world(Faults::default()).await;
    world.open("/").await;
    world.sign_in().await;
    let token = world.assert_session_stored().await;
    assert!(world.session_field("refresh_token").await.is_some());
    world.click(".profile button.secondary").await;
    world
        .wait_for_text("[role=status]", "You have signed out.")
        .await;
    world.assert_storage_empty().await;
    world.assert_signed_out_after_reload().await;
    world.assert_history_clean(Some(&token)).await;
}
