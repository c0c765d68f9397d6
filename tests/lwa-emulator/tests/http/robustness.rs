//! Requests that must be refused with a 4xx, never a crash: the emulator keeps serving after.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::*;

/// Proves the emulator still completes a whole sign-in.
async fn still_serves(harness: &Harness) {
    let token = harness.implicit_token("profile").await;
    assert_eq!(harness.profile(&token).await.status(), StatusCode::OK);
}

/// Sends raw bytes and returns the status line of the answer.
async fn raw_request(harness: &Harness, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(harness.emulator.address())
        .await
        .unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the emulator did not answer or close");
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn wrong_methods_get_405() {
    let harness = Harness::start().await;
    for (method, path) in [
        (Method::POST, "/user/profile"),
        (Method::DELETE, "/auth/o2/tokeninfo"),
        (Method::GET, "/auth/o2/token"),
        (Method::PUT, "/ap/oa"),
        (Method::GET, "/ap/oa/consent"),
    ] {
        let response = harness
            .http
            .request(method.clone(), harness.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
    still_serves(&harness).await;
}

#[tokio::test]
async fn oversized_values_are_refused() {
    let harness = Harness::start().await;
    let long_client = format!("amzn1.application-oa2-client.{}", "a".repeat(80));
    let long_state = "s".repeat(2049);
    let huge = "x".repeat(9000);
    for parameters in [
        with(implicit("profile", "s"), "client_id", &long_client),
        implicit("profile", &long_state),
        with(implicit("profile", "s"), "scope_data", &huge),
    ] {
        let response = harness.authorize(&parameters).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.headers().get("location").is_none());
    }
    let big_form = harness
        .exchange(&[("grant_type", "authorization_code"), ("code", &huge)])
        .await;
    assert!(big_form.status().is_client_error(), "{}", big_form.status());
    let too_big_body = harness
        .http
        .post(harness.url("/auth/o2/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 64 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(too_big_body.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let token = harness.implicit_token("profile").await;
    let long_header = format!("{token}{}", "A".repeat(20_000));
    assert!(
        harness
            .profile(&long_header)
            .await
            .status()
            .is_client_error()
    );
    still_serves(&harness).await;
}

#[tokio::test]
async fn non_utf8_parameters_are_refused_not_replaced() {
    let harness = Harness::start().await;
    let query = format!(
        "/ap/oa?client_id={CLIENT_ID}&scope=profile&response_type=token&redirect_uri=http%3A%2F%2Fapp.test%3A8080%2F&state=%FF%FE"
    );
    let response = harness.http.get(harness.url(&query)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("location").is_none());
    let tokeninfo = harness
        .http
        .get(harness.url("/auth/o2/tokeninfo?access_token=Atza%7C%C3%28"))
        .send()
        .await
        .unwrap();
    assert_api_error(tokeninfo, StatusCode::BAD_REQUEST, "invalid_request").await;
    let body = harness
        .http
        .post(harness.url("/auth/o2/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"grant_type=authorization_code&code=\xff\xfe".to_vec())
        .send()
        .await
        .unwrap();
    assert_api_error(body, StatusCode::BAD_REQUEST, "invalid_request").await;
    let header = harness
        .http
        .get(harness.url("/user/profile"))
        .header(
            "authorization",
            reqwest::header::HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_api_error(header, StatusCode::BAD_REQUEST, "invalid_request").await;
    let raw = raw_request(
        &harness,
        b"GET /ap/oa?client_id=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(raw.contains(" 400 "), "{raw:?}");
    still_serves(&harness).await;
}

#[tokio::test]
async fn repeated_parameters_are_refused() {
    let harness = Harness::start().await;
    let mut parameters = implicit("profile", "s");
    parameters.push(("state", "t"));
    assert_eq!(
        harness.authorize(&parameters).await.status(),
        StatusCode::BAD_REQUEST
    );
    let form = [
        ("grant_type", "authorization_code"),
        ("grant_type", "refresh_token"),
    ];
    assert_api_error(
        harness.exchange(&form).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
}

#[tokio::test]
async fn garbage_and_unknown_paths_do_not_hurt() {
    let harness = Harness::start().await;
    let garbage = raw_request(&harness, b"\x00\x01\x02 not http at all\r\n\r\n").await;
    assert!(
        garbage.is_empty() || garbage.contains(" 400 "),
        "{garbage:?}"
    );
    let unknown = harness
        .http
        .get(harness.url("/nothing/here"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    still_serves(&harness).await;
}

#[tokio::test]
async fn requests_are_counted_per_endpoint() {
    let harness = Harness::start().await;
    assert_eq!(harness.emulator.requests_to("/ap/oa"), 0);
    let token = harness.implicit_token("profile").await;
    harness.profile(&token).await;
    harness.profile(&token).await;
    harness
        .http
        .get(harness.url("/nothing"))
        .send()
        .await
        .unwrap();
    let counts = [
        "/ap/oa",
        "/ap/oa/consent",
        "/user/profile",
        "/auth/o2/tokeninfo",
        "/nothing",
    ]
    .map(|path| harness.emulator.requests_to(path));
    assert_eq!(counts, [1, 1, 2, 0, 0]);
}

#[tokio::test]
async fn a_token_issued_directly_works_like_one_from_a_sign_in() {
    let harness = Harness::start().await;
    let token = harness
        .emulator
        .issue_access_token(OTHER_CLIENT_ID, &[lwa_emulator::Scope::Profile]);
    assert!(token.starts_with("Atza|"));
    assert_eq!(harness.profile(&token).await.status(), StatusCode::OK);
    assert_eq!(
        json(harness.tokeninfo(&token).await).await["aud"],
        OTHER_CLIENT_ID
    );
}
