//! CORS like a public API: pages on any origin may call the JSON APIs, without credentials.

use reqwest::{Method, StatusCode};

use crate::support::*;

const ORIGIN: &str = "http://localhost:8080";

async fn preflight(
    harness: &Harness,
    path: &str,
    method: &str,
    headers: &str,
) -> reqwest::Response {
    harness
        .http
        .request(Method::OPTIONS, harness.url(path))
        .header("origin", ORIGIN)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", headers)
        .send()
        .await
        .unwrap()
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap())
        .unwrap_or_default()
}

#[tokio::test]
async fn preflights_for_the_bearer_header_and_the_form_post_are_answered() {
    let harness = Harness::start().await;
    for (path, method, headers) in [
        ("/user/profile", "GET", "authorization"),
        ("/auth/o2/tokeninfo", "GET", ""),
        ("/auth/o2/token", "POST", "content-type"),
    ] {
        let response = preflight(&harness, path, method, headers).await;
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            "*",
            "{path}"
        );
        assert!(
            header(&response, "access-control-allow-methods").contains(method),
            "{path}"
        );
        assert!(
            header(&response, "access-control-allow-headers").contains("authorization"),
            "{path}"
        );
        assert!(
            header(&response, "access-control-allow-headers").contains("content-type"),
            "{path}"
        );
        assert!(
            header(&response, "access-control-allow-credentials").is_empty(),
            "no credentials"
        );
    }
}

#[tokio::test]
async fn api_responses_carry_the_cors_headers_even_on_errors() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    let ok = harness
        .http
        .get(harness.url("/user/profile"))
        .header("origin", ORIGIN)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(header(&ok, "access-control-allow-origin"), "*");
    let exposed = header(&ok, "access-control-expose-headers");
    assert!(exposed.contains("x-amzn-requestid"), "{exposed}");
    assert!(
        exposed.contains("retry-after"),
        "a throttled client may read its wait: {exposed}"
    );
    let refused = harness
        .http
        .get(harness.url("/user/profile"))
        .header("origin", ORIGIN)
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&refused, "access-control-allow-origin"), "*");
}

#[tokio::test]
async fn the_authorization_page_is_not_readable_cross_origin() {
    let harness = Harness::start().await;
    let page = harness
        .http
        .get(harness.url("/ap/oa"))
        .header("origin", ORIGIN)
        .query(&implicit("profile", "s"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(header(&page, "access-control-allow-origin").is_empty());
}

#[tokio::test]
async fn without_cors_no_answer_lets_a_browser_read_it_from_another_origin() {
    let emulator = lwa_emulator::Emulator::default()
        .without_cors()
        .start()
        .await
        .expect("start");
    let http = reqwest::Client::new();
    let base = emulator.base_url();
    let answer = http
        .get(format!("{base}/auth/o2/tokeninfo?access_token=x"))
        .header("origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "still answers");
    assert_eq!(header(&answer, "access-control-allow-origin"), "");
    let preflight = http
        .request(Method::OPTIONS, format!("{base}/user/profile"))
        .header("origin", ORIGIN)
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(!preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(header(&preflight, "access-control-allow-origin"), "");
}
