//! `POST /auth/o2/token`: code exchange with PKCE or the client secret, and refresh.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lwa_emulator::{ApiEndpoint, Faults};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::support::*;

const VERIFIER: &str = "a-verifier-of-sixty-four-characters_from.the~unreserved-set-0123";

/// Computed here rather than by the emulator, so a wrong S256 in the emulator fails the tests.
fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

async fn pkce_code(harness: &Harness) -> String {
    let challenge = s256(VERIFIER);
    harness
        .code(&[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .await
}

fn exchange_form<'a>(code: &'a str, verifier: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", APP_URL),
        ("client_id", CLIENT_ID),
        ("code_verifier", verifier),
    ]
}

#[tokio::test]
async fn a_pkce_code_and_its_verifier_buy_a_working_token() {
    let harness = Harness::start().await;
    let code = pkce_code(&harness).await;
    let response = harness.exchange(&exchange_form(&code, VERIFIER)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = json(response).await;
    let access_token = body["access_token"].as_str().unwrap();
    assert!(access_token.starts_with("Atza|"));
    assert!(body["refresh_token"].as_str().unwrap().starts_with("Atzr|"));
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(harness.profile(access_token).await.status(), StatusCode::OK);
    assert_eq!(
        json(harness.tokeninfo(access_token).await).await["aud"],
        CLIENT_ID
    );
}

#[tokio::test]
async fn the_rfc_7636_example_pair_verifies() {
    let harness = Harness::start().await;
    let code = harness
        .code(&[
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
        ])
        .await;
    let response = harness
        .exchange(&exchange_form(
            &code,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_or_missing_verifier_is_refused() {
    let harness = Harness::start().await;
    let code = pkce_code(&harness).await;
    let wrong = harness
        .exchange(&exchange_form(&code, &VERIFIER.replace('a', "b")))
        .await;
    assert_api_error(wrong, StatusCode::BAD_REQUEST, "invalid_grant").await;
    // The plain challenge itself is not a verifier for S256.
    let code = pkce_code(&harness).await;
    let challenge_as_verifier = harness
        .exchange(&exchange_form(&code, &s256(VERIFIER)))
        .await;
    assert_api_error(
        challenge_as_verifier,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    let code = pkce_code(&harness).await;
    let missing = harness
        .exchange(&without(exchange_form(&code, VERIFIER), "code_verifier"))
        .await;
    assert_api_error(missing, StatusCode::BAD_REQUEST, "invalid_request").await;
}

#[tokio::test]
async fn the_plain_method_compares_verbatim() {
    let harness = Harness::start().await;
    let code = harness
        .code(&[
            ("code_challenge", VERIFIER),
            ("code_challenge_method", "plain"),
        ])
        .await;
    assert_eq!(
        harness
            .exchange(&exchange_form(&code, VERIFIER))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_code_works_once_and_its_replay_revokes_what_it_bought() {
    let harness = Harness::start().await;
    let code = pkce_code(&harness).await;
    let first = json(harness.exchange(&exchange_form(&code, VERIFIER)).await).await;
    let token = first["access_token"].as_str().unwrap();
    assert_eq!(harness.profile(token).await.status(), StatusCode::OK);
    let replay = harness.exchange(&exchange_form(&code, VERIFIER)).await;
    assert_api_error(replay, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert_eq!(
        harness.profile(token).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_code_expires_after_minutes() {
    let harness = Harness::start().await;
    let code = pkce_code(&harness).await;
    harness.emulator.advance_clock(Duration::from_secs(5 * 60));
    let late = harness.exchange(&exchange_form(&code, VERIFIER)).await;
    assert_api_error(late, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn a_code_is_bound_to_its_client_and_return_url() {
    let harness = Harness::start().await;
    let code = pkce_code(&harness).await;
    let other_url = harness
        .exchange(&with(
            exchange_form(&code, VERIFIER),
            "redirect_uri",
            "http://app.test:8080/x",
        ))
        .await;
    assert_api_error(other_url, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let code = pkce_code(&harness).await;
    let other_client = harness
        .exchange(&with(
            exchange_form(&code, VERIFIER),
            "client_id",
            OTHER_CLIENT_ID,
        ))
        .await;
    assert_api_error(other_client, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let code = pkce_code(&harness).await;
    let unknown_client = harness
        .exchange(&with(
            exchange_form(&code, VERIFIER),
            "client_id",
            "amzn1.application-oa2-client.x",
        ))
        .await;
    assert_api_error(unknown_client, StatusCode::BAD_REQUEST, "invalid_client").await;
}

#[tokio::test]
async fn a_code_without_pkce_needs_the_client_secret() {
    let harness = Harness::start().await;
    let code = harness.code(&[]).await;
    let form = without(exchange_form(&code, ""), "code_verifier");
    assert_api_error(
        harness.exchange(&form).await,
        StatusCode::BAD_REQUEST,
        "invalid_client",
    )
    .await;
    let code = harness.code(&[]).await;
    let form = with(
        without(exchange_form(&code, ""), "code_verifier"),
        "client_secret",
        SECRET,
    );
    assert_eq!(harness.exchange(&form).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn malformed_exchanges_are_refused_with_oauth_errors() {
    let harness = Harness::start().await;
    let code = pkce_code(&harness).await;
    let form = exchange_form(&code, VERIFIER);
    let as_json = harness
        .http
        .post(harness.url("/auth/o2/token"))
        .json(&serde_json::json!({"grant_type": "authorization_code"}))
        .send()
        .await
        .unwrap();
    assert_api_error(as_json, StatusCode::BAD_REQUEST, "invalid_request").await;
    for missing in ["grant_type", "code", "redirect_uri", "client_id"] {
        let response = harness.exchange(&without(form.clone(), missing)).await;
        assert_api_error(response, StatusCode::BAD_REQUEST, "invalid_request").await;
    }
    let password = harness
        .exchange(&with(form.clone(), "grant_type", "password"))
        .await;
    assert_api_error(password, StatusCode::BAD_REQUEST, "unsupported_grant_type").await;
    let unknown_code = harness.exchange(&with(form, "code", "ANmadeup")).await;
    assert_api_error(unknown_code, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn a_refresh_token_buys_a_new_access_token_for_its_client_only() {
    let harness = Harness::start().await;
    let code = pkce_code(&harness).await;
    let first = json(harness.exchange(&exchange_form(&code, VERIFIER)).await).await;
    let refresh_token = first["refresh_token"].as_str().unwrap();
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", CLIENT_ID),
    ];
    let refreshed = json(harness.exchange(&form).await).await;
    let token = refreshed["access_token"].as_str().unwrap();
    assert_ne!(token, first["access_token"].as_str().unwrap());
    assert_eq!(harness.profile(token).await.status(), StatusCode::OK);
    let stolen = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", OTHER_CLIENT_ID),
    ];
    assert_api_error(
        harness.exchange(&stolen).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn the_malformed_json_switch_applies_to_the_token_endpoint() {
    let harness = Harness::with_faults(Faults {
        malformed_json: vec![ApiEndpoint::Token],
        ..Faults::default()
    })
    .await;
    let code = pkce_code(&harness).await;
    let text = harness
        .exchange(&exchange_form(&code, VERIFIER))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
}

/// A renewal form for `refresh_token`.
fn refresh_form(refresh_token: &str) -> [(&str, &str); 3] {
    [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", CLIENT_ID),
    ]
}

/// Exchanges a fresh PKCE code and returns the answer's JSON.
async fn signed_in(harness: &Harness) -> serde_json::Value {
    let code = pkce_code(harness).await;
    json(harness.exchange(&exchange_form(&code, VERIFIER)).await).await
}

#[tokio::test]
async fn without_a_secret_the_no_refresh_token_switch_leaves_it_out() {
    let harness = Harness::with_faults(Faults {
        no_refresh_token: true,
        ..Faults::default()
    })
    .await;
    let answer = signed_in(&harness).await;
    assert!(
        answer["access_token"]
            .as_str()
            .unwrap()
            .starts_with("Atza|")
    );
    assert!(answer.get("refresh_token").is_none(), "{answer}");
    // A server-side exchange with the secret still gets one.
    let code = harness.code(&[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", APP_URL),
        ("client_id", CLIENT_ID),
        ("client_secret", SECRET),
    ];
    let answer = json(harness.exchange(&form).await).await;
    assert!(
        answer["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("Atzr|")
    );
}

#[tokio::test]
async fn rotation_replaces_the_refresh_token_and_retires_the_old_one() {
    let harness = Harness::with_faults(Faults {
        rotate_refresh_tokens: true,
        ..Faults::default()
    })
    .await;
    let first = signed_in(&harness).await;
    let old = first["refresh_token"].as_str().unwrap();
    let renewed = json(harness.exchange(&refresh_form(old)).await).await;
    let new = renewed["refresh_token"].as_str().unwrap();
    assert!(new.starts_with("Atzr|") && new != old);
    let again = harness.exchange(&refresh_form(old)).await;
    assert_api_error(again, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let with_new = harness.exchange(&refresh_form(new)).await;
    assert_eq!(with_new.status(), StatusCode::OK);
    assert_eq!(harness.emulator.retired_refresh_tokens_presented(), 1);
}

#[tokio::test]
async fn a_retired_refresh_token_presented_again_revokes_its_whole_sign_in_when_asked() {
    let harness = Harness::with_faults(Faults {
        rotate_refresh_tokens: true,
        revoke_family_on_reuse: true,
        ..Faults::default()
    })
    .await;
    // Another sign-in, which must not be touched.
    let other = signed_in(&harness).await;
    let first = signed_in(&harness).await;
    let old = first["refresh_token"].as_str().unwrap();
    let renewed = json(harness.exchange(&refresh_form(old)).await).await;
    let (new_refresh, new_access) = (
        renewed["refresh_token"].as_str().unwrap(),
        renewed["access_token"].as_str().unwrap(),
    );
    assert_eq!(harness.profile(new_access).await.status(), StatusCode::OK);
    let reused = harness.exchange(&refresh_form(old)).await;
    assert_api_error(reused, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert_eq!(harness.emulator.retired_refresh_tokens_presented(), 1);
    // Every token of that sign-in is gone, the newest included.
    let with_new = harness.exchange(&refresh_form(new_refresh)).await;
    assert_api_error(with_new, StatusCode::BAD_REQUEST, "invalid_grant").await;
    for token in [new_access, first["access_token"].as_str().unwrap()] {
        assert_eq!(
            harness.profile(token).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let untouched = harness
        .exchange(&refresh_form(other["refresh_token"].as_str().unwrap()))
        .await;
    assert_eq!(untouched.status(), StatusCode::OK, "another sign-in");
}

#[tokio::test]
async fn without_the_switch_a_retired_refresh_token_is_only_refused() {
    let harness = Harness::with_faults(Faults {
        rotate_refresh_tokens: true,
        ..Faults::default()
    })
    .await;
    let first = signed_in(&harness).await;
    let old = first["refresh_token"].as_str().unwrap();
    let renewed = json(harness.exchange(&refresh_form(old)).await).await;
    let reused = harness.exchange(&refresh_form(old)).await;
    assert_api_error(reused, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let new = renewed["refresh_token"].as_str().unwrap();
    assert_eq!(
        harness.exchange(&refresh_form(new)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn without_rotation_the_same_refresh_token_keeps_working() {
    let harness = Harness::start().await;
    let first = signed_in(&harness).await;
    let token = first["refresh_token"].as_str().unwrap();
    for _ in 0..2 {
        let renewed = json(harness.exchange(&refresh_form(token)).await).await;
        assert_eq!(renewed["refresh_token"], token);
    }
}

#[tokio::test]
async fn a_refused_refresh_is_invalid_grant() {
    let harness = Harness::start().await;
    let first = signed_in(&harness).await;
    harness.emulator.set_faults(Faults {
        refuse_refresh: true,
        ..Faults::default()
    });
    let refused = harness
        .exchange(&refresh_form(first["refresh_token"].as_str().unwrap()))
        .await;
    assert_api_error(refused, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn renewals_fail_with_503_the_set_number_of_times_then_work() {
    let harness = Harness::start().await;
    let first = signed_in(&harness).await;
    let token = first["refresh_token"].as_str().unwrap();
    harness.emulator.set_faults(Faults {
        refresh_unavailable: 2,
        ..Faults::default()
    });
    for _ in 0..2 {
        let failed = harness.exchange(&refresh_form(token)).await;
        assert_eq!(failed.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    assert_eq!(
        harness.exchange(&refresh_form(token)).await.status(),
        StatusCode::OK
    );
    assert_eq!(harness.emulator.token_requests("refresh_token"), 3);
    assert_eq!(harness.emulator.token_requests("authorization_code"), 1);
}

#[tokio::test]
async fn renewals_are_throttled_with_retry_after_or_time_out_the_set_number_of_times() {
    let harness = Harness::start().await;
    let first = signed_in(&harness).await;
    let token = first["refresh_token"].as_str().unwrap();
    harness.emulator.set_faults(Faults {
        refresh_throttled: 1,
        throttle_retry_after: Duration::from_secs(7),
        refresh_timeouts: 1,
        ..Faults::default()
    });
    let throttled = harness.exchange(&refresh_form(token)).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(throttled.headers()["retry-after"], "7");
    let timed_out = harness.exchange(&refresh_form(token)).await;
    assert_eq!(timed_out.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(
        harness.exchange(&refresh_form(token)).await.status(),
        StatusCode::OK
    );
    let times = harness.emulator.token_request_times("refresh_token");
    assert_eq!(times.len(), 3);
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "in order");
}

#[tokio::test]
async fn the_token_delay_switch_slows_only_the_token_endpoint() {
    let harness = Harness::with_faults(Faults {
        token_delay: Duration::from_millis(400),
        ..Faults::default()
    })
    .await;
    let code = pkce_code(&harness).await;
    let started = std::time::Instant::now();
    assert_eq!(
        harness
            .exchange(&exchange_form(&code, VERIFIER))
            .await
            .status(),
        StatusCode::OK
    );
    assert!(started.elapsed() >= Duration::from_millis(400));
}
