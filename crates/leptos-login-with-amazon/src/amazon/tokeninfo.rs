//! `GET {api}/auth/o2/tokeninfo`: which app a token was issued to.

use gloo_net::http::Request;

use super::http::get_resource;
use crate::AuthError;
use crate::auth::token::AccessToken;

/// The part of tokeninfo's answer the app relies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The client ID the token was issued to.
    pub aud: String,
}

/// Asks Amazon about `token`. Amazon takes the token only as a query parameter here; the page's
/// `no-referrer` policy keeps that URL from travelling further.
pub async fn fetch_tokeninfo(api: &str, token: &AccessToken) -> Result<TokenInfo, AuthError> {
    let request =
        Request::get(&format!("{api}/auth/o2/tokeninfo")).query([("access_token", token.secret())]);
    let answer = get_resource(request).await?;
    let aud = answer.string("aud").ok_or(AuthError::UnexpectedResponse)?;
    Ok(TokenInfo { aud })
}
