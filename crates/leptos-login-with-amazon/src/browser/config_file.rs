//! Fetching `config.json` from next to `index.html` (index.html preloads it, so this request
//! is usually answered from the preload while the wasm was still downloading).

use gloo_net::http::Request;

use super::http::{MAX_ANSWER_BYTES, fetch};
use crate::AuthError;

/// The text of the configuration file at `url` (usually `config.json`), resolved against the
/// page's base URL, within the same time and size limits as every other call.
pub async fn fetch_config_text(url: &str) -> Result<String, AuthError> {
    let too_large = AuthError::ConfigInvalid(format!(
        "it is larger than {} KB, far more than any settings need.",
        MAX_ANSWER_BYTES / 1024
    ));
    let answer = fetch(Request::get(url), None, too_large)
        .await
        .map_err(|error| match error {
            AuthError::ConfigInvalid(_) => error,
            _ => AuthError::ConfigUnreachable,
        })?;
    match answer.status {
        200..=299 => Ok(answer.body),
        404 | 410 => Err(AuthError::ConfigMissing),
        _ => Err(AuthError::ConfigUnreachable),
    }
}
