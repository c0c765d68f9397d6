//! Limits that keep the emulator safe to leave running on a developer's machine, and faults
//! that must not break it.

use std::time::Duration;

use lwa_emulator::{ApiEndpoint, CannedAnswer, Delivery, Faults, REDIRECT_TARGET_PATH};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, HOST, LOCATION, PRAGMA};

use crate::support::*;

#[tokio::test]
async fn only_requests_for_this_machines_names_are_answered() {
    let harness = Harness::start().await;
    for host in [
        "evil.example",
        "evil.example:80",
        "127.0.0.1.evil.example",
        "[::2]",
    ] {
        let answer = harness
            .http
            .get(harness.url("/ap/oa"))
            .header(HOST, host)
            .send()
            .await
            .expect("an answer");
        assert_eq!(answer.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    for host in ["localhost", "localhost:1234", "127.0.0.1:9", "[::1]:9"] {
        let answer = harness
            .http
            .get(harness.url("/auth/o2/tokeninfo"))
            .header(HOST, host)
            .send()
            .await
            .expect("an answer");
        assert_eq!(
            answer.status(),
            StatusCode::BAD_REQUEST,
            "{host}: served, not refused"
        );
    }
}

#[tokio::test]
async fn unanswered_consent_pages_are_capped_and_the_oldest_gives_way() {
    let harness = Harness::start().await;
    let oldest = harness.open_consent(&implicit("profile", "s")).await;
    let mut newest = String::new();
    for _ in 0..1000 {
        newest = harness.open_consent(&implicit("profile", "s")).await;
    }
    assert_eq!(
        harness.answer(&oldest, "allow").await.status(),
        StatusCode::BAD_REQUEST,
        "the oldest of 1001 was forgotten"
    );
    assert_eq!(
        harness.answer(&newest, "allow").await.status(),
        StatusCode::FOUND
    );
}

#[tokio::test]
async fn a_bad_answer_to_the_consent_page_does_not_use_it_up() {
    let harness = Harness::start().await;
    let consent = harness.open_consent(&implicit("profile", "s")).await;
    for decision in ["maybe", "", "ALLOW"] {
        assert_eq!(
            harness.answer(&consent, decision).await.status(),
            StatusCode::BAD_REQUEST
        );
    }
    let allowed = harness.answer(&consent, "allow").await;
    assert_eq!(allowed.status(), StatusCode::FOUND);
    assert!(fragment(&location(&allowed)).contains_key("access_token"));
}

#[tokio::test]
async fn a_token_lifetime_too_long_to_count_means_it_never_expires() {
    let harness = Harness::with_faults(Faults {
        token_lifetime: Duration::MAX,
        ..Faults::default()
    })
    .await;
    let token = harness.implicit_token("profile").await;
    assert_eq!(harness.profile(&token).await.status(), StatusCode::OK);
    assert_eq!(harness.tokeninfo(&token).await.status(), StatusCode::OK);
    let code = harness.code(&[]).await;
    assert!(!code.is_empty(), "the emulator still serves");
}

#[tokio::test]
async fn a_canned_answer_replaces_one_endpoints_answer_even_a_redirect() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    let target = harness.url(REDIRECT_TARGET_PATH);
    harness.emulator.set_faults(Faults {
        canned_answer: Some(CannedAnswer {
            endpoint: ApiEndpoint::Profile,
            status: 302,
            content_type: "text/html",
            body: "<a href=elsewhere>moved</a>".into(),
            location: Some(target.clone()),
            delivery: Delivery::Whole,
        }),
        ..Faults::default()
    });
    let moved = harness.profile(&token).await;
    assert_eq!(moved.status(), StatusCode::FOUND);
    assert_eq!(moved.headers()[LOCATION], target.as_str());
    assert_eq!(
        harness.tokeninfo(&token).await.status(),
        StatusCode::OK,
        "only that endpoint"
    );
    // The redirect's target answers like the profile API, and counts who arrives there.
    assert_eq!(harness.emulator.requests_to(REDIRECT_TARGET_PATH), 0);
    let followed = harness
        .http
        .get(&target)
        .bearer_auth(&token)
        .send()
        .await
        .expect("target");
    assert_eq!(followed.status(), StatusCode::OK);
    assert_eq!(harness.emulator.requests_to(REDIRECT_TARGET_PATH), 1);
}

#[tokio::test]
async fn the_cacheable_switch_lets_answers_be_kept_for_an_hour() {
    let harness = Harness::start().await;
    let token = harness.implicit_token("profile").await;
    let header = |answer: &reqwest::Response| {
        let value = answer.headers()[CACHE_CONTROL].to_str();
        value.unwrap_or_default().to_owned()
    };
    assert_eq!(header(&harness.tokeninfo(&token).await), "no-store");
    harness.emulator.set_faults(Faults {
        cacheable_answers: true,
        ..Faults::default()
    });
    for answer in [
        harness.tokeninfo(&token).await,
        harness.profile(&token).await,
    ] {
        assert_eq!(header(&answer), "public, max-age=3600");
        assert!(answer.headers().get(PRAGMA).is_none());
    }
}
