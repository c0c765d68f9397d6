//! Fetching `config.json` from next to `index.html` (index.html preloads it, so this request
//! is usually answered from the preload while the wasm was still downloading).

use gloo_net::http::Request;

use crate::AuthError;

/// The text of `config.json`, resolved against the page's base URL.
pub async fn fetch_config_text() -> Result<String, AuthError> {
    let response = Request::get("config.json")
        .send()
        .await
        .map_err(|_| AuthError::ConfigUnreachable)?;
    match response.status() {
        200..=299 => response
            .text()
            .await
            .map_err(|_| AuthError::ConfigUnreachable),
        404 | 410 => Err(AuthError::ConfigMissing),
        _ => Err(AuthError::ConfigUnreachable),
    }
}
