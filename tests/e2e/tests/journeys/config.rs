//! A missing or broken config.json: a specific message, never a blank page, no way to sign in.

use lwa_emulator::Faults;

use crate::world::{AppConfig, World};

#[tokio::test]
async fn a_missing_config_says_so_and_offers_a_reload() {
    let world = World::with(Faults::default(), AppConfig::Missing).await;
    world.open("/profile").await;
    world
        .wait_for_text(
            "[role=alert]",
            "config.json was not found next to index.html",
        )
        .await;
    assert_eq!(world.text("[role=alert] button").await, "Reload");
    assert!(
        !world.exists("button.lwa-button").await,
        "no sign-in without a configuration"
    );
    world.assert_storage_empty().await;
}

#[tokio::test]
async fn an_invalid_config_names_the_field_and_the_fix() {
    for (config, expected) in [
        (
            r#"{"client_id": "amzn1.application-oa2-client.x", "region": "mars"}"#,
            r#""region" must be "na", "eu" or "fe", not "mars""#,
        ),
        (r#"{"clientId": "x"}"#, r#"unknown field "clientId""#),
        (r#"{"client_id": "#, "it is not valid JSON"),
        (
            r#"{"client_id": "x", "scopes": ["email"]}"#,
            r#"not "email""#,
        ),
    ] {
        let world = World::with(Faults::default(), AppConfig::Raw(config)).await;
        world.open("/").await;
        let alert = world.wait_for_text("[role=alert]", expected).await;
        assert!(
            alert.starts_with("This app's config.json is invalid:"),
            "{alert}"
        );
        assert!(!world.exists("button.lwa-button").await);
    }
}

#[tokio::test]
async fn a_config_with_only_a_client_id_sends_the_browser_to_amazon_com() {
    let world = World::with(
        Faults::default(),
        AppConfig::Raw(r#"{"client_id": "amzn1.application-oa2-client.only"}"#),
    )
    .await;
    world.open("/").await;
    // No internet here: the navigation fails, and the address it was going to is what counts.
    world.click("button.lwa-button").await;
    let url = world
        .wait_for_url_starting("https://www.amazon.com/ap/oa?")
        .await;
    for expected in [
        "client_id=amzn1.application-oa2-client.only",
        "response_type=token",
        "scope=profile",
        "state=",
    ] {
        assert!(url.contains(expected), "{expected} in {url}");
    }
    let redirect = world.redirect_uri_parameter();
    assert!(url.contains(&redirect), "{redirect} in {url}");
}

#[tokio::test]
async fn a_config_saved_with_a_byte_order_mark_is_read() {
    // Some editors start a UTF-8 file with U+FEFF; the browser's own text() leaves it out.
    let world = World::with(
        Faults::default(),
        AppConfig::Raw("\u{feff}{\"client_id\": \"amzn1.application-oa2-client.bom\"}"),
    )
    .await;
    world.open("/").await;
    world.find("button.lwa-button").await;
    assert!(!world.exists("[role=alert]").await);
}
