//! `GET /user/profile`.

use std::time::{Duration, Instant};

use lwa_emulator::{ApiEndpoint, Faults, HOSTILE_NAME, ProfileFailure, ProfileField};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn the_profile_holds_what_the_scopes_allow() {
    let harness = Harness::start().await;
    let cases = [
        (
            "profile",
            json!({"user_id": "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE", "name": "Demo Customer", "email": "demo.customer@example.com"}),
        ),
        (
            "profile:user_id",
            json!({"user_id": "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE"}),
        ),
        (
            "profile:user_id postal_code",
            json!({"user_id": "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE", "postal_code": "98052"}),
        ),
        (
            "profile postal_code",
            json!({"user_id": "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE", "name": "Demo Customer", "email": "demo.customer@example.com", "postal_code": "98052"}),
        ),
    ];
    for (scope, expected) in cases {
        let token = harness.implicit_token(scope).await;
        let response = harness.profile(&token).await;
        assert_eq!(response.status(), StatusCode::OK, "{scope}");
        assert!(
            response
                .headers()
                .contains_key(lwa_emulator::REQUEST_ID_HEADER)
        );
        assert_eq!(json(response).await, expected, "{scope}");
    }
}

#[tokio::test]
async fn the_token_may_also_come_in_the_amazon_header_or_the_query() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    let by_header = harness
        .http
        .get(harness.url("/user/profile"))
        .header("x-amz-access-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(by_header.status(), StatusCode::OK);
    let by_query = harness
        .http
        .get(harness.url("/user/profile"))
        .query(&[("access_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(by_query.status(), StatusCode::OK);
    let scheme_in_lower_case = harness
        .http
        .get(harness.url("/user/profile"))
        .header("authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(scheme_in_lower_case.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_missing_or_ambiguous_token_is_an_invalid_request() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    let none = harness
        .http
        .get(harness.url("/user/profile"))
        .send()
        .await
        .unwrap();
    assert_api_error(none, StatusCode::BAD_REQUEST, "invalid_request").await;
    let basic = harness
        .http
        .get(harness.url("/user/profile"))
        .basic_auth("a", Some("b"))
        .send()
        .await
        .unwrap();
    assert_api_error(basic, StatusCode::BAD_REQUEST, "invalid_request").await;
    let twice = harness
        .http
        .get(harness.url("/user/profile"))
        .bearer_auth(&token)
        .query(&[("access_token", &token)])
        .send()
        .await
        .unwrap();
    assert_api_error(twice, StatusCode::BAD_REQUEST, "invalid_request").await;
}

#[tokio::test]
async fn an_unknown_token_is_invalid() {
    let harness = Harness::start().await;
    assert_api_error(
        harness.profile("Atza|made-up").await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn a_token_stops_working_when_it_expires() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    harness.emulator.advance_clock(Duration::from_secs(3599));
    assert_eq!(harness.profile(&token).await.status(), StatusCode::OK);
    harness.emulator.advance_clock(Duration::from_secs(1));
    let body = assert_api_error(
        harness.profile(&token).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{body}"
    );
}

#[tokio::test]
async fn the_failure_switch_answers_with_amazons_errors() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    let cases = [
        (
            ProfileFailure::Unauthorized,
            StatusCode::UNAUTHORIZED,
            "invalid_token",
        ),
        (
            ProfileFailure::Forbidden,
            StatusCode::FORBIDDEN,
            "insufficient_scope",
        ),
        (
            ProfileFailure::ServerError,
            StatusCode::INTERNAL_SERVER_ERROR,
            "ServerError",
        ),
    ];
    for (failure, status, error) in cases {
        assert_eq!(failure.status(), status.as_u16());
        harness.emulator.set_faults(Faults {
            profile_failure: Some(failure),
            ..Faults::default()
        });
        assert_api_error(harness.profile(&token).await, status, error).await;
    }
    harness.emulator.set_faults(Faults {
        profile_failure: Some(ProfileFailure::Unavailable),
        ..Faults::default()
    });
    let unavailable = harness.profile(&token).await;
    assert_eq!(unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        serde_json::from_str::<serde_json::Value>(&unavailable.text().await.unwrap()).is_err(),
        "not JSON"
    );
}

#[tokio::test]
async fn the_malformed_json_switch_truncates_the_body() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    harness.emulator.set_faults(Faults {
        malformed_json: vec![ApiEndpoint::Profile],
        ..Faults::default()
    });
    let response = harness.profile(&token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(
        text.starts_with('{') && serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
    // Only the endpoints named are affected.
    assert_eq!(
        json(harness.tokeninfo(&token).await).await["aud"],
        CLIENT_ID
    );
}

#[tokio::test]
async fn the_omit_switch_leaves_fields_out() {
    let harness = Harness::with_faults(Faults {
        profile_omits: vec![ProfileField::Name, ProfileField::Email],
        ..Faults::default()
    })
    .await;
    let token = harness.implicit_token("profile").await;
    assert_eq!(
        json(harness.profile(&token).await).await,
        json!({"user_id": "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE"})
    );
}

#[tokio::test]
async fn the_hostile_name_switch_puts_markup_in_the_name() {
    let harness = Harness::with_faults(Faults {
        hostile_name: true,
        ..Faults::default()
    })
    .await;
    let token = harness.implicit_token("profile").await;
    let name = json(harness.profile(&token).await).await["name"].clone();
    assert_eq!(name, HOSTILE_NAME);
    assert!(HOSTILE_NAME.contains("<script>") && HOSTILE_NAME.contains("onerror="));
}

#[tokio::test]
async fn the_delay_switch_slows_every_api_response() {
    let delay = Duration::from_millis(300);
    let harness = Harness::with_faults(Faults {
        delay,
        ..Faults::default()
    })
    .await;
    let token = harness.implicit_token("profile").await;
    for request in [
        harness
            .http
            .get(harness.url("/user/profile"))
            .bearer_auth(&token),
        harness.http.get(harness.url("/auth/o2/tokeninfo")),
    ] {
        let started = Instant::now();
        request.send().await.unwrap();
        assert!(
            started.elapsed() >= delay,
            "answered after {:?}",
            started.elapsed()
        );
    }
}
