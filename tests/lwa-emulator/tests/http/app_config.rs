//! `GET /app-config.json`: the config.json that points Doorstep at this emulator.

use lwa_emulator::{DEMO_CLIENT_ID, Emulator};

async fn app_config(emulator: Emulator) -> serde_json::Value {
    let running = emulator.start().await.expect("start emulator");
    let url = format!("{}/app-config.json", running.base_url());
    let config: serde_json::Value = reqwest::get(&url)
        .await
        .expect("GET /app-config.json")
        .json()
        .await
        .expect("JSON");
    assert_eq!(config["client_id"], DEMO_CLIENT_ID);
    assert_eq!(config["endpoints"]["api"], running.base_url());
    assert_eq!(
        config["endpoints"]["authorize"],
        format!("{}/ap/oa", running.base_url())
    );
    config
}

#[tokio::test]
async fn it_names_the_demo_client_and_this_emulator() {
    let config = app_config(Emulator::default()).await;
    assert!(config.get("grant").is_none(), "the app's default: implicit");
}

#[tokio::test]
async fn it_names_the_grant_the_app_should_use_when_one_is_set() {
    let config = app_config(Emulator::default().with_app_grant(Some("code_pkce"))).await;
    assert_eq!(config["grant"], "code_pkce");
}

#[tokio::test]
async fn it_asks_for_the_popup_sign_in_only_when_told_to() {
    let config = app_config(Emulator::default()).await;
    assert!(config.get("popup").is_none(), "the app's default: no popup");
    let config = app_config(Emulator::default().with_app_popup(true)).await;
    assert_eq!(config["popup"], true);
}
