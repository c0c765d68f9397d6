//! How the JSON APIs answer: every response carries `x-amzn-RequestId`, is never cached, and
//! is truncated when the malformed-JSON switch is on for its endpoint.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::faults::{ApiEndpoint, Faults};
use crate::random::random_string;

/// The header Amazon uses to identify a call.
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

/// An OAuth error an API answers with.
pub(crate) struct ApiRefusal {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl ApiRefusal {
    pub(crate) fn new(
        status: StatusCode,
        error: &'static str,
        description: impl Into<String>,
    ) -> Self {
        ApiRefusal {
            status,
            error,
            description: description.into(),
        }
    }
}

/// The answer of `endpoint`: the JSON body, or the refusal as Amazon's error body.
pub(crate) fn respond(
    faults: &Faults,
    endpoint: ApiEndpoint,
    outcome: Result<Value, ApiRefusal>,
) -> Response {
    match outcome {
        Ok(body) => json_response(faults, endpoint, StatusCode::OK, &body),
        Err(ApiRefusal {
            status,
            error,
            description,
        }) => json_error(faults, endpoint, status, error, &description),
    }
}

/// A JSON answer from `endpoint`.
fn json_response(
    faults: &Faults,
    endpoint: ApiEndpoint,
    status: StatusCode,
    body: &Value,
) -> Response {
    json_with_id(faults, endpoint, status, body, &random_string(12))
}

/// Amazon's error body, `{"error", "error_description", "request_id"}`, with the same request id
/// in the body and in the header.
fn json_error(
    faults: &Faults,
    endpoint: ApiEndpoint,
    status: StatusCode,
    error: &str,
    description: &str,
) -> Response {
    let request_id = random_string(12);
    let body =
        json!({ "error": error, "error_description": description, "request_id": request_id });
    json_with_id(faults, endpoint, status, &body, &request_id)
}

/// A non-JSON answer, as a load balancer in front of the API sends it.
pub(crate) fn text_response(status: StatusCode, text: &str) -> Response {
    with_api_headers(
        status,
        "text/html; charset=utf-8",
        text.to_owned(),
        &random_string(12),
    )
}

fn json_with_id(
    faults: &Faults,
    endpoint: ApiEndpoint,
    status: StatusCode,
    body: &Value,
    request_id: &str,
) -> Response {
    let mut text = body.to_string();
    if faults.malformed_json.contains(&endpoint) {
        let cut = text
            .char_indices()
            .map(|(index, _)| index)
            .nth(text.chars().count() / 2)
            .unwrap_or(0);
        text.truncate(cut);
    }
    with_api_headers(status, "application/json;charset=UTF-8", text, request_id)
}

fn with_api_headers(
    status: StatusCode,
    content_type: &'static str,
    body: String,
    request_id: &str,
) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    if let Ok(request_id) = HeaderValue::from_str(request_id) {
        headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), request_id);
    }
    response
}
