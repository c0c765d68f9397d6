//! `GET /auth/o2/tokeninfo`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lwa_emulator::{ApiEndpoint, FOREIGN_CLIENT_ID, Faults};
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn tokeninfo_names_the_client_the_token_was_issued_to() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    let response = harness.tokeninfo(&token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let info = json(response).await;
    assert_eq!(info["aud"], CLIENT_ID);
    assert_eq!(
        info["app_id"],
        "amzn1.application.7e57000000000000000000000000a001"
    );
    assert_eq!(info["iss"], "https://www.amazon.com");
    assert_eq!(info["user_id"], "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE");
    let remaining = info["exp"].as_u64().unwrap();
    assert!(
        (3590..=3600).contains(&remaining),
        "exp is seconds remaining: {remaining}"
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        info["iat"].as_u64().unwrap().abs_diff(now) <= 5,
        "iat is epoch seconds: {info}"
    );
}

#[tokio::test]
async fn the_wrong_audience_switch_reports_another_client() {
    let harness = Harness::with_faults(Faults {
        wrong_audience: true,
        ..Faults::default()
    })
    .await;
    let token = harness.implicit_token("profile").await;
    let info = json(harness.tokeninfo(&token).await).await;
    assert_eq!(info["aud"], FOREIGN_CLIENT_ID);
    assert_ne!(info["aud"], CLIENT_ID);
}

#[tokio::test]
async fn a_missing_unknown_or_expired_token_is_refused() {
    let harness = Harness::start().await;
    let none = harness
        .http
        .get(harness.url("/auth/o2/tokeninfo"))
        .send()
        .await
        .unwrap();
    assert_api_error(none, StatusCode::BAD_REQUEST, "invalid_request").await;
    assert_api_error(
        harness.tokeninfo("Atza|made-up").await,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await;
    let token = harness.implicit_token("profile").await;
    harness.emulator.advance_clock(Duration::from_secs(3600));
    assert_api_error(
        harness.tokeninfo(&token).await,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn a_short_lifetime_is_announced_and_enforced() {
    let harness = Harness::with_faults(Faults {
        token_lifetime: Duration::from_secs(5),
        ..Faults::default()
    })
    .await;
    let back = harness.consent(&implicit("profile", "s"), "allow").await;
    let response = fragment(&back);
    assert_eq!(response["expires_in"], "5");
    let token = &response["access_token"];
    assert!(
        json(harness.tokeninfo(token).await).await["exp"]
            .as_u64()
            .unwrap()
            <= 5
    );
    harness.emulator.advance_clock(Duration::from_secs(5));
    assert_eq!(
        harness.profile(token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        harness.tokeninfo(token).await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_malformed_json_switch_applies_to_tokeninfo() {
    let harness = Harness::with_faults(Faults {
        malformed_json: vec![ApiEndpoint::Tokeninfo],
        ..Faults::default()
    })
    .await;
    let token = harness.implicit_token("profile").await;
    let text = harness.tokeninfo(&token).await.text().await.unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
}
