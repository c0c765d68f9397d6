//! The one way this app calls a JSON API: bounded in time, with every failure mapped to an
//! [`AuthError`] from the status code (Amazon's error bodies only refine a 400).

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use gloo_timers::callback::Timeout;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use web_sys::AbortController;

use crate::AuthError;

/// How long a call may take, body included, before the app gives up.
pub const REQUEST_TIMEOUT_MS: u32 = 20_000;

#[derive(Deserialize)]
struct ErrorBody {
    error: Option<String>,
}

/// Sends `request` and reads a `T` from a 2xx JSON answer.
pub(crate) async fn get_json<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, AuthError> {
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
    match status {
        200..=299 => serde_json::from_str(&body).map_err(|_| AuthError::UnexpectedResponse),
        401 => Err(AuthError::SessionRejected),
        400 if error_code(&body).as_deref() == Some("invalid_token") => {
            Err(AuthError::SessionRejected)
        }
        403 => Err(AuthError::InsufficientScope),
        500..=599 => Err(AuthError::AmazonUnavailable),
        _ => Err(AuthError::UnexpectedResponse),
    }
}

fn error_code(body: &str) -> Option<String> {
    serde_json::from_str::<ErrorBody>(body).ok()?.error
}
