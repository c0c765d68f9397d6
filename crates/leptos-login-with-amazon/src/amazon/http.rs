//! How this app calls Amazon's APIs: without cookies, never from a cache, never following a
//! redirect (the token would go wherever it points), with every failure mapped to an
//! [`AuthError`] by the core's rules (`auth::failure`).

use gloo_net::http::RequestBuilder;
use web_sys::{RequestCache, RequestCredentials, RequestRedirect};

use crate::AuthError;
use crate::auth::failure::resource_failure;
use crate::browser::http::{Answer, fetch};
use crate::browser::json::JsonObject;

/// Sends `request` to Amazon (with `form`, a form-encoded body, if any). A redirect comes back
/// as an answer with the status [`UNFOLLOWED_REDIRECT`](crate::auth::failure::UNFOLLOWED_REDIRECT).
pub(crate) async fn send(
    request: RequestBuilder,
    form: Option<String>,
) -> Result<Answer, AuthError> {
    let request = request
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .redirect(RequestRedirect::Manual);
    fetch(request, form, AuthError::UnexpectedResponse).await
}

/// Calls a resource API (profile, tokeninfo) and reads the JSON object it answers.
pub(crate) async fn get_resource(request: RequestBuilder) -> Result<JsonObject, AuthError> {
    send(request, None)
        .await?
        .object(|status, error, _| resource_failure(status, error))
}
