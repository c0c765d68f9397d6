//! The one way this app fetches anything (Amazon's APIs, config.json): bounded in time and in
//! size, with a missing answer as an [`AuthError`].

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult,
};

use crate::AuthError;
use crate::auth::failure::header_number;
use crate::browser::clock;
use crate::browser::json::JsonObject;

/// How long a call may take, body included, before the app gives up.
pub const REQUEST_TIMEOUT_MS: i32 = 20_000;
/// The largest answer read; Amazon's and config.json are a few hundred bytes.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// What came back: a status, the seconds its `Retry-After` asks for (when the browser may read
/// it: same origin, or exposed by CORS), and the body's text.
pub(crate) struct Answer {
    pub status: u16,
    pub retry_after_seconds: Option<u64>,
    pub body: String,
}

impl Answer {
    /// The `error` code of an OAuth-style JSON error body, when there is one.
    pub fn error_code(&self) -> Option<String> {
        JsonObject::parse(&self.body).ok()?.string("error")
    }

    /// The JSON object of a 2xx answer; any other status is
    /// `failure(status, error code, Retry-After seconds)`.
    pub fn object(
        self,
        failure: impl Fn(u16, Option<&str>, Option<u64>) -> AuthError,
    ) -> Result<JsonObject, AuthError> {
        match self.status {
            200..=299 => JsonObject::parse(&self.body).map_err(|_| AuthError::UnexpectedResponse),
            status => Err(failure(
                status,
                self.error_code().as_deref(),
                self.retry_after_seconds,
            )),
        }
    }
}

/// Sends `request` (with `form`, a form-encoded body, if any) and waits for the whole answer,
/// at most [`REQUEST_TIMEOUT_MS`] (which also bounds how much of a body can arrive). Only a
/// missing answer is an error here (network failure or timeout), or a 2xx one over
/// [`MAX_ANSWER_BYTES`] (`too_large`, the caller's word for it); statuses are the caller's
/// (another status over the limit comes with an empty body).
pub(crate) async fn fetch(
    request: RequestBuilder,
    form: Option<String>,
    too_large: AuthError,
) -> Result<Answer, AuthError> {
    let controller = AbortController::new().map_err(|_| AuthError::NetworkFailure)?;
    let timed_out = Rc::new(Cell::new(false));
    let deadline = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        clock::after(REQUEST_TIMEOUT_MS, move || {
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
    let request = request.abort_signal(Some(&controller.signal()));
    let request = match form {
        Some(form) => request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form),
        None => request.build(),
    };
    let answer = async {
        let response = request
            .map_err(|_| AuthError::NetworkFailure)?
            .send()
            .await
            .map_err(|_| lost())?;
        let status = response.status();
        let number = |name| {
            response
                .headers()
                .get(name)
                .as_deref()
                .and_then(header_number)
        };
        // An answer that says it is too large is not read (the download stops).
        let body = match number("content-length") > Some(MAX_ANSWER_BYTES as u64) {
            true => {
                controller.abort();
                None
            }
            false => match response.body() {
                Some(stream) => read_capped(stream, lost).await?,
                None => Some(String::new()),
            },
        };
        // Too large is a refusal of an answer that was to be used; a failure (a CDN's large
        // error page, say) is still known by its status.
        let body = match body {
            Some(body) => body,
            None if (200..=299).contains(&status) => return Err(too_large),
            None => String::new(),
        };
        // Only a throttled answer's wait is of use.
        let retry_after_seconds = (status == 429).then(|| number("retry-after")).flatten();
        Ok(Answer {
            status,
            retry_after_seconds,
            body,
        })
    }
    .await;
    clock::cancel(deadline);
    answer
}

/// The body's text (without a byte order mark, as the browser's own `text()` reads it), read
/// chunk by chunk and given up (`None`, the download stopped) as soon as it passes
/// [`MAX_ANSWER_BYTES`], whatever its `Content-Length` said or did not say; `lost()` when the
/// connection fails while reading.
async fn read_capped(
    stream: ReadableStream,
    lost: impl Fn() -> AuthError,
) -> Result<Option<String>, AuthError> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|_| lost())?
            .unchecked_into();
        if chunk.get_done() != Some(false) {
            let text = String::from_utf8_lossy(&bytes);
            return Ok(Some(text.trim_start_matches('\u{feff}').to_owned()));
        }
        let chunk = Uint8Array::new(&chunk.get_value());
        if bytes.len() + chunk.length() as usize > MAX_ANSWER_BYTES {
            let _ = reader.cancel();
            return Ok(None);
        }
        bytes.extend(chunk.to_vec());
    }
}
