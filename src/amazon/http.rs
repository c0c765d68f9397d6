//! The one way this app calls Amazon's APIs: bounded in time, with every failure mapped to an
//! [`AuthError`] by the core's rules (`auth::failure`).

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use gloo_timers::callback::Timeout;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use web_sys::AbortController;

use crate::AuthError;
use crate::auth::failure::resource_failure;
use crate::browser::json::parse_json;

/// How long a call may take, body included, before the app gives up.
pub const REQUEST_TIMEOUT_MS: u32 = 20_000;

#[derive(Deserialize)]
struct ErrorBody {
    error: Option<String>,
}

/// What came back: a status and the body's text.
pub(crate) struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    /// The `error` code of an OAuth-style JSON error body, when there is one.
    pub fn error_code(&self) -> Option<String> {
        parse_json::<ErrorBody>(&self.body).ok()?.error
    }
}

/// Sends `request` and waits for the whole answer, at most [`REQUEST_TIMEOUT_MS`]. Only a
/// missing answer is an error here (network failure or timeout); statuses are the caller's.
pub(crate) async fn send(request: RequestBuilder) -> Result<Answer, AuthError> {
    let controller = AbortController::new().map_err(|_| AuthError::NetworkFailure)?;
    let timed_out = Rc::new(Cell::new(false));
    let _deadline = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Timeout::new(REQUEST_TIMEOUT_MS, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let lost = || {
        if timed_out.get() {
            AuthError::Timeout
        } else {
            AuthError::NetworkFailure
        }
    };
    let response = request
        .abort_signal(Some(&controller.signal()))
        .send()
        .await
        .map_err(|_| lost())?;
    let status = response.status();
    let body = response.text().await.map_err(|_| lost())?;
    Ok(Answer { status, body })
}

/// Calls a resource API (profile, tokeninfo) and reads a `T` from its 2xx JSON answer.
pub(crate) async fn get_resource<T: DeserializeOwned>(
    request: RequestBuilder,
) -> Result<T, AuthError> {
    let answer = send(request).await?;
    match answer.status {
        200..=299 => parse_json(&answer.body).map_err(|_| AuthError::UnexpectedResponse),
        status => Err(resource_failure(status, answer.error_code().as_deref())),
    }
}
