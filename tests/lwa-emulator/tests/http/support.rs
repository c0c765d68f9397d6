//! A started emulator, an HTTP client that does not follow redirects, and the steps of a sign-in.

use std::collections::HashMap;

use lwa_emulator::{Client, Emulator, Faults, RunningEmulator};
use reqwest::header::LOCATION;
use reqwest::{Response, StatusCode, Url};

/// The test app and its only Allowed Return URL.
pub const CLIENT_ID: &str = "amzn1.application-oa2-client.7e57000000000000000000000000a001";
pub const APP_URL: &str = "http://app.test:8080/";
pub const SECRET: &str = "test-secret";
/// A second registered app, for cross-client checks.
pub const OTHER_CLIENT_ID: &str = "amzn1.application-oa2-client.7e57000000000000000000000000b002";
pub const OTHER_APP_URL: &str = "http://other.test/";

pub struct Harness {
    pub emulator: RunningEmulator,
    pub http: reqwest::Client,
}

impl Harness {
    pub async fn start() -> Self {
        Self::with_faults(Faults::default()).await
    }

    pub async fn with_faults(faults: Faults) -> Self {
        let clients = vec![
            Client::new(CLIENT_ID, "Test <App>")
                .allow_redirect(APP_URL)
                .with_secret(SECRET),
            Client::new(OTHER_CLIENT_ID, "Other app").allow_redirect(OTHER_APP_URL),
        ];
        let emulator = Emulator::default()
            .with_clients(clients)
            .with_faults(faults)
            .start()
            .await
            .expect("start emulator");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        Harness { emulator, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.base_url())
    }

    /// `GET /ap/oa` with exactly these parameters.
    pub async fn authorize(&self, parameters: &[(&str, &str)]) -> Response {
        self.http
            .get(self.url("/ap/oa"))
            .query(parameters)
            .send()
            .await
            .expect("GET /ap/oa")
    }

    /// Shows the consent page for `parameters` and returns its consent id.
    pub async fn open_consent(&self, parameters: &[(&str, &str)]) -> String {
        let page = self.authorize(parameters).await;
        assert_eq!(page.status(), StatusCode::OK, "consent page expected");
        consent_id(&page.text().await.expect("page text"))
    }

    /// Shows the consent page for `parameters` and answers it; returns where the browser goes.
    pub async fn consent(&self, parameters: &[(&str, &str)], decision: &str) -> Url {
        let consent_id = self.open_consent(parameters).await;
        let answer = self.answer(&consent_id, decision).await;
        assert_eq!(
            answer.status(),
            StatusCode::FOUND,
            "redirect back to the app expected"
        );
        location(&answer)
    }

    /// Posts an answer to a consent page.
    pub async fn answer(&self, consent_id: &str, decision: &str) -> Response {
        self.http
            .post(self.url("/ap/oa/consent"))
            .form(&[("consent_id", consent_id), ("decision", decision)])
            .send()
            .await
            .expect("POST consent")
    }

    /// A fresh implicit-grant access token for the test app with these scopes.
    pub async fn implicit_token(&self, scope: &str) -> String {
        let back = self.consent(&implicit(scope, "s"), "allow").await;
        fragment(&back)
            .remove("access_token")
            .expect("access_token in the fragment")
    }

    /// A fresh authorization code for the test app; `extra` adds PKCE parameters.
    pub async fn code(&self, extra: &[(&str, &str)]) -> String {
        let mut parameters = code_request("profile", "s");
        parameters.extend_from_slice(extra);
        let back = self.consent(&parameters, "allow").await;
        query(&back).remove("code").expect("code in the query")
    }

    /// `POST /auth/o2/token` with a form body.
    pub async fn exchange(&self, form: &[(&str, &str)]) -> Response {
        self.http
            .post(self.url("/auth/o2/token"))
            .form(form)
            .send()
            .await
            .expect("POST token")
    }

    /// `GET /user/profile` with the token as a Bearer header.
    pub async fn profile(&self, token: &str) -> Response {
        self.http
            .get(self.url("/user/profile"))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET profile")
    }

    /// `GET /auth/o2/tokeninfo?access_token=…`.
    pub async fn tokeninfo(&self, token: &str) -> Response {
        self.http
            .get(self.url("/auth/o2/tokeninfo"))
            .query(&[("access_token", token)])
            .send()
            .await
            .expect("GET tokeninfo")
    }
}

/// Implicit-grant request parameters for the test app.
pub fn implicit<'a>(scope: &'a str, state: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("client_id", CLIENT_ID),
        ("scope", scope),
        ("response_type", "token"),
        ("redirect_uri", APP_URL),
        ("state", state),
    ]
}

/// Authorization-code request parameters for the test app.
pub fn code_request<'a>(scope: &'a str, state: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut parameters = implicit(scope, state);
    parameters[2] = ("response_type", "code");
    parameters
}

/// Replaces (or adds) one parameter.
pub fn with<'a>(
    mut parameters: Vec<(&'a str, &'a str)>,
    name: &'a str,
    value: &'a str,
) -> Vec<(&'a str, &'a str)> {
    parameters.retain(|(existing, _)| *existing != name);
    parameters.push((name, value));
    parameters
}

/// Removes one parameter.
pub fn without<'a>(mut parameters: Vec<(&'a str, &'a str)>, name: &str) -> Vec<(&'a str, &'a str)> {
    parameters.retain(|(existing, _)| *existing != name);
    parameters
}

pub fn location(response: &Response) -> Url {
    let location = response
        .headers()
        .get(LOCATION)
        .expect("Location header")
        .to_str()
        .expect("ASCII Location");
    Url::parse(location).expect("absolute Location")
}

pub fn fragment(url: &Url) -> HashMap<String, String> {
    url::form_urlencoded::parse(url.fragment().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

pub fn query(url: &Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

/// The consent id in a consent page's form.
pub fn consent_id(page: &str) -> String {
    let marker = "name=\"consent_id\" value=\"";
    let start = page.find(marker).expect("consent form") + marker.len();
    page[start..]
        .split('"')
        .next()
        .expect("consent id")
        .to_owned()
}

/// The JSON body, which must parse.
pub async fn json(response: Response) -> serde_json::Value {
    let text = response.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

/// Asserts an OAuth JSON error with the request id in the body equal to the header's.
pub async fn assert_api_error(
    response: Response,
    status: StatusCode,
    error: &str,
) -> serde_json::Value {
    assert_eq!(response.status(), status);
    let header_id = response
        .headers()
        .get(lwa_emulator::REQUEST_ID_HEADER)
        .expect("x-amzn-RequestId")
        .to_str()
        .expect("ASCII")
        .to_owned();
    let body = json(response).await;
    assert_eq!(body["error"], error, "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|text| !text.is_empty()),
        "{body}"
    );
    assert_eq!(body["request_id"], header_id.as_str());
    body
}
