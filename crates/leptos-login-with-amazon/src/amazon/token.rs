//! `POST {api}/auth/o2/token`: the code exchange and renewals, as a public client (PKCE, no
//! client secret). Form-encoded, like every OAuth token request (RFC 6749 §4.1.3, §6).

use gloo_net::http::Request;

use super::http::send;
use crate::AuthError;
use crate::auth::failure::{TokenCall, token_failure};
use crate::auth::pkce::CodeVerifier;
use crate::auth::session::IssuedTokens;
use crate::auth::token::{AuthorizationCode, RefreshToken};
use crate::auth::token_answer::TokenAnswer;
use crate::config::Config;

/// Exchanges the one-time `code` for tokens, proving with `verifier` that this tab asked for
/// it. Called once per code: a failure is final.
pub async fn exchange_code(
    config: &Config,
    code: &AuthorizationCode,
    verifier: &CodeVerifier,
) -> Result<IssuedTokens, AuthError> {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.secret()),
        ("redirect_uri", config.redirect_uri.as_str()),
        ("client_id", config.client_id.as_str()),
        ("code_verifier", verifier.secret()),
    ];
    call(config, TokenCall::Exchange, &form).await
}

/// Renews the access token with `refresh_token`.
pub async fn renew(
    config: &Config,
    refresh_token: &RefreshToken,
) -> Result<IssuedTokens, AuthError> {
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.secret()),
        ("client_id", config.client_id.as_str()),
    ];
    call(config, TokenCall::Refresh, &form).await
}

async fn call(
    config: &Config,
    kind: TokenCall,
    form: &[(&str, &str)],
) -> Result<IssuedTokens, AuthError> {
    let body = serde_urlencoded::to_string(form).map_err(|_| AuthError::UnexpectedResponse)?;
    let request = Request::post(&format!("{}/auth/o2/token", config.endpoints.api));
    let answer = send(request, Some(body))
        .await?
        .object(|status, error, retry_after| token_failure(kind, status, error, retry_after))?;
    TokenAnswer {
        access_token: answer.string("access_token"),
        refresh_token: answer.string("refresh_token"),
        token_type: answer.string("token_type"),
        expires_in: answer.whole_number("expires_in"),
        scope: answer.string("scope"),
    }
    .check()
}
