//! `GET /ap/oa` and its consent page.

use lwa_emulator::{AuthorizeError, Faults};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, LOCATION, X_FRAME_OPTIONS};

use crate::support::*;

const COOP: &str = "cross-origin-opener-policy";

#[tokio::test]
async fn the_consent_page_names_the_app_the_scopes_and_the_account_with_allow_and_cancel() {
    let harness = Harness::start().await;
    let page = harness
        .authorize(&implicit("profile postal_code", "s"))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[X_FRAME_OPTIONS], "DENY");
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Test &lt;App&gt; would like to access"),
        "app name, escaped: {html}"
    );
    assert!(html.contains("Demo Customer") && html.contains("demo.customer@example.com"));
    assert!(html.contains("<code>profile</code>") && html.contains("<code>postal_code</code>"));
    assert!(
        html.contains(r#"value="allow">Allow</button>"#)
            && html.contains(r#"value="cancel">Cancel</button>"#)
    );
}

#[tokio::test]
async fn allow_returns_the_implicit_response_in_the_fragment_with_the_state_echoed_exactly() {
    let harness = Harness::start().await;
    let state = "Q2v-_~.x+y/z=%41 é";
    let back = harness
        .consent(&implicit("postal_code profile", state), "allow")
        .await;
    assert_eq!(back.as_str().split('#').next(), Some(APP_URL));
    assert_eq!(back.query(), None, "nothing in the query");
    let raw_fragment = back.fragment().unwrap();
    assert!(
        raw_fragment.starts_with("access_token=Atza%7C"),
        "| is percent-encoded: {raw_fragment}"
    );
    let response = fragment(&back);
    let token = &response["access_token"];
    assert!(
        token.starts_with("Atza|") && (350..=2048).contains(&token.len()),
        "{}",
        token.len()
    );
    assert_eq!(response["token_type"], "bearer");
    assert_eq!(response["expires_in"], "3600");
    assert_eq!(response["scope"], "profile postal_code");
    assert_eq!(response["state"], state);
}

#[tokio::test]
async fn allow_returns_a_code_in_the_query_for_the_code_grant() {
    let harness = Harness::start().await;
    let back = harness
        .consent(&code_request("profile", "st"), "allow")
        .await;
    assert_eq!(back.fragment(), None);
    let response = query(&back);
    assert!(response["code"].starts_with("AN"), "{response:?}");
    assert_eq!(
        (response["scope"].as_str(), response["state"].as_str()),
        ("profile", "st")
    );
    assert!(!response.contains_key("access_token"));
}

#[tokio::test]
async fn without_state_the_response_has_no_state() {
    let harness = Harness::start().await;
    let back = harness
        .consent(&without(implicit("profile", "x"), "state"), "allow")
        .await;
    assert!(!fragment(&back).contains_key("state"));
}

#[tokio::test]
async fn cancel_returns_access_denied_with_the_state_where_the_grant_expects_it() {
    let harness = Harness::start().await;
    let back = harness.consent(&implicit("profile", "st1"), "cancel").await;
    let response = fragment(&back);
    assert_eq!(
        (response["error"].as_str(), response["state"].as_str()),
        ("access_denied", "st1")
    );
    assert!(!response.contains_key("access_token"));
    let back = harness
        .consent(&code_request("profile", "st2"), "cancel")
        .await;
    let response = query(&back);
    assert_eq!(
        (response["error"].as_str(), response["state"].as_str()),
        ("access_denied", "st2")
    );
}

#[tokio::test]
async fn a_consent_page_can_be_answered_once() {
    let harness = Harness::start().await;
    let consent = harness.open_consent(&implicit("profile", "s")).await;
    assert_eq!(
        harness.answer(&consent, "allow").await.status(),
        StatusCode::FOUND
    );
    let replay = harness.answer(&consent, "allow").await;
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    assert!(replay.headers().get(LOCATION).is_none());
    assert_eq!(
        harness.answer("made-up", "allow").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_answer_other_than_allow_or_cancel_is_refused() {
    let harness = Harness::start().await;
    let consent = harness.open_consent(&implicit("profile", "s")).await;
    assert_eq!(
        harness.answer(&consent, "maybe").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_untrusted_client_or_return_url_gets_an_error_page_and_never_a_redirect() {
    let harness = Harness::start().await;
    let cases = [
        without(implicit("profile", "s"), "client_id"),
        with(
            implicit("profile", "s"),
            "client_id",
            "amzn1.application-oa2-client.unknown",
        ),
        without(implicit("profile", "s"), "redirect_uri"),
        // Exact match only: no missing slash, extra query, other port, or other app's URL.
        with(
            implicit("profile", "s"),
            "redirect_uri",
            "http://app.test:8080",
        ),
        with(
            implicit("profile", "s"),
            "redirect_uri",
            "http://app.test:8080/?next=x",
        ),
        with(
            implicit("profile", "s"),
            "redirect_uri",
            "http://app.test:8081/",
        ),
        with(implicit("profile", "s"), "redirect_uri", OTHER_APP_URL),
        with(
            implicit("profile", "s"),
            "redirect_uri",
            "https://evil.example/",
        ),
    ];
    for parameters in cases {
        let response = harness.authorize(&parameters).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{parameters:?}");
        assert!(response.headers().get(LOCATION).is_none(), "{parameters:?}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("We cannot complete this sign-in request")
        );
    }
}

type Parameters<'a> = Vec<(&'a str, &'a str)>;

/// Requests from a trusted client and return URL that are wrong in another way: the error goes
/// back to the app, with the state, in the fragment (token) or the query (code).
#[tokio::test]
async fn other_invalid_requests_go_back_to_the_app_as_oauth_errors() {
    let harness = Harness::start().await;
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let cases: Vec<(Parameters, &str, bool)> = vec![
        (
            without(implicit("profile", "s"), "response_type"),
            "invalid_request",
            false,
        ),
        (
            with(implicit("profile", "s"), "response_type", "id_token"),
            "unsupported_response_type",
            false,
        ),
        (
            without(implicit("profile", "s"), "scope"),
            "invalid_request",
            true,
        ),
        (implicit("", "s"), "invalid_request", true),
        (implicit("profile openid", "s"), "invalid_scope", true),
        (
            with(implicit("profile", "s"), "scope_data", "{not json"),
            "invalid_request",
            true,
        ),
        (
            with(implicit("profile", "s"), "code_challenge", challenge),
            "invalid_request",
            true,
        ),
        (
            with(
                code_request("profile", "s"),
                "code_challenge_method",
                "S256",
            ),
            "invalid_request",
            false,
        ),
        (
            with(code_request("profile", "s"), "code_challenge", "too-short"),
            "invalid_request",
            false,
        ),
        (
            with(
                with(code_request("profile", "s"), "code_challenge", challenge),
                "code_challenge_method",
                "S512",
            ),
            "invalid_request",
            false,
        ),
    ];
    for (parameters, error, in_fragment) in cases {
        let response = harness.authorize(&parameters).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{parameters:?}");
        let back = location(&response);
        let fields = if in_fragment {
            fragment(&back)
        } else {
            query(&back)
        };
        assert_eq!(
            fields.get("error").map(String::as_str),
            Some(error),
            "{parameters:?} -> {back}"
        );
        assert_eq!(fields.get("state").map(String::as_str), Some("s"), "{back}");
        assert!(
            fields
                .get("error_description")
                .is_some_and(|text| !text.is_empty())
        );
    }
}

#[tokio::test]
async fn valid_scope_data_is_accepted() {
    let harness = Harness::start().await;
    let parameters = with(
        implicit("profile", "s"),
        "scope_data",
        r#"{"profile":{"essential":true}}"#,
    );
    assert_eq!(
        harness.authorize(&parameters).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_authorize_error_switch_sends_each_provider_error_back_with_the_state() {
    let harness = Harness::start().await;
    for error in AuthorizeError::ALL {
        harness.emulator.set_faults(Faults {
            authorize_error: Some(error),
            ..Faults::default()
        });
        let back = location(&harness.authorize(&implicit("profile", "st")).await);
        let response = fragment(&back);
        assert_eq!(response["error"], error.as_str());
        assert_eq!(response["state"], "st");
    }
    // A bad return URL is still never redirected to, whatever the switch says.
    let bad = with(
        implicit("profile", "s"),
        "redirect_uri",
        "https://evil.example/",
    );
    assert_eq!(
        harness.authorize(&bad).await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_consent_page_runs_no_script_so_it_works_in_a_popup_and_never_closes_one() {
    let harness = Harness::start().await;
    let page = harness.authorize(&implicit("profile", "s")).await;
    let policy = page.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(!html.contains("<script"), "{html}");
    // A plain form: the answer navigates the same window, whichever window that is.
    assert!(html.contains(r#"<form method="post" action="/ap/oa/consent">"#));
    assert!(!html.contains("target="), "{html}");
}

#[tokio::test]
async fn the_opener_policy_switch_isolates_every_answer_of_the_sign_in_pages_only() {
    let harness = Harness::start().await;
    let opener_policy = |answer: &reqwest::Response| {
        answer
            .headers()
            .get(COOP)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    let consent = harness.open_consent(&implicit("profile", "s")).await;
    assert_eq!(
        opener_policy(&harness.authorize(&implicit("profile", "s")).await),
        None,
        "off by default"
    );
    assert_eq!(
        opener_policy(&harness.answer(&consent, "allow").await),
        None
    );

    harness.emulator.set_faults(Faults {
        opener_policy_same_origin: true,
        ..Faults::default()
    });
    let same_origin = Some("same-origin".to_owned());
    let page = harness.authorize(&implicit("profile", "s")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(opener_policy(&page), same_origin, "the consent page");
    let consent = consent_id(&page.text().await.unwrap());
    let allowed = harness.answer(&consent, "allow").await;
    assert_eq!(allowed.status(), StatusCode::FOUND);
    assert_eq!(opener_policy(&allowed), same_origin, "the redirect back");
    let refused = harness.answer(&consent, "allow").await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(opener_policy(&refused), same_origin, "the error page");
    let token = harness.implicit_token("profile").await;
    for answer in [
        harness.profile(&token).await,
        harness.tokeninfo(&token).await,
        harness
            .http
            .get(harness.url("/app-config.json"))
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(opener_policy(&answer), None, "{}", answer.url());
    }
    harness.emulator.set_faults(Faults {
        opener_policy_same_origin: true,
        authorize_error: Some(AuthorizeError::ServerError),
        ..Faults::default()
    });
    let error = harness.authorize(&implicit("profile", "s")).await;
    assert_eq!(error.status(), StatusCode::FOUND);
    assert_eq!(opener_policy(&error), same_origin, "an error sent back");
}
