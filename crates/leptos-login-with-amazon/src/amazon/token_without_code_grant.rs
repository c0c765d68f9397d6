//! The token endpoint's calls in a build without the code grant (Cargo feature `code-pkce`
//! off): its sign-ins never ask for a code, and only they bring refresh tokens.

use crate::AuthError;
use crate::auth::pkce::CodeVerifier;
use crate::auth::session::IssuedTokens;
use crate::auth::token::{AuthorizationCode, RefreshToken};
use crate::config::Config;

/// Built without the code grant, no code is ever accepted (a sign-in never asks for one).
pub async fn exchange_code(
    _: &Config,
    _: &AuthorizationCode,
    _: &CodeVerifier,
) -> Result<IssuedTokens, AuthError> {
    Err(AuthError::GrantMismatch)
}

/// Built without the code grant, whose sign-ins alone bring refresh tokens: a session that
/// holds one was not made by this build, and ends in this tab only (its refresh token was
/// never presented: copies on another build may still renew it).
pub async fn renew(_: &Config, _: &RefreshToken) -> Result<IssuedTokens, AuthError> {
    Err(AuthError::GrantMismatch)
}
