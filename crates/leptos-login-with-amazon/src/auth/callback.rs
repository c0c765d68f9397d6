//! Reading Amazon's answer from the URL the browser comes back to: in the fragment for the
//! implicit grant (and in the query when Amazon's popup shape is used), in the query for the
//! code grant.

use std::fmt;

use crate::AuthError;
use crate::auth::token::{AccessToken, AuthorizationCode, redacted};

/// The longest fragment or query read as a sign-in response; anything longer is refused.
pub const MAX_CALLBACK_BYTES: usize = 8 * 1024;
/// Amazon's documented maximum access token size.
pub const MAX_TOKEN_BYTES: usize = 2048;
/// The longest authorization code accepted (Amazon's are about 20 characters).
pub const MAX_CODE_BYTES: usize = 512;

/// What Amazon sent back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// The implicit grant succeeded.
    Token(TokenResponse),
    /// The code grant succeeded: a code to exchange.
    Code(CodeResponse),
    /// Amazon answered with an OAuth error.
    Error(ProviderError),
}

impl Callback {
    /// The `state` that came back, if any: the popup sign-in finds the tab waiting for this
    /// response by it.
    pub fn state(&self) -> Option<&str> {
        match self {
            Callback::Token(TokenResponse { state, .. })
            | Callback::Code(CodeResponse { state, .. })
            | Callback::Error(ProviderError { state, .. }) => state.as_deref(),
        }
    }
}

/// A successful implicit-grant response (RFC 6749 §4.2.2), already checked. Its `Debug`
/// hides the token and `state`, like every type here.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token, still to be verified.
    pub access_token: AccessToken,
    /// Seconds the token stays valid, from the moment it arrived.
    pub expires_in_seconds: u64,
    /// The scopes granted, when Amazon says (it may grant fewer than asked).
    pub granted_scope: Option<String>,
    /// The `state` that came back, to compare with the pending one.
    pub state: Option<String>,
}

/// A successful authorization-code response (RFC 6749 §4.1.2), already checked.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeResponse {
    /// The one-time authorization code, to exchange for tokens.
    pub code: AuthorizationCode,
    /// The scopes granted, when Amazon says.
    pub granted_scope: Option<String>,
    /// The `state` that came back, to compare with the pending one.
    pub state: Option<String>,
}

/// An error response (RFC 6749 §4.2.2.1). Its `error_description` is deliberately not kept:
/// it is text anyone can put in a link, and this app shows only its own words.
#[derive(Clone, PartialEq, Eq)]
pub struct ProviderError {
    /// What Amazon answered (its `error`).
    pub code: ProviderErrorCode,
    /// The `state` that came back, if Amazon sent one.
    pub state: Option<String>,
}

// `state` stays a secret until the response is used: written out by hand, these print it (and
// the token or code, whose own types hide them) as `<redacted>`.
impl fmt::Debug for TokenResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("TokenResponse")
            .field("access_token", &self.access_token)
            .field("expires_in_seconds", &self.expires_in_seconds)
            .field("granted_scope", &self.granted_scope)
            .field("state", &redacted(&self.state))
            .finish()
    }
}

impl fmt::Debug for CodeResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("CodeResponse")
            .field("code", &self.code)
            .field("granted_scope", &self.granted_scope)
            .field("state", &redacted(&self.state))
            .finish()
    }
}

impl fmt::Debug for ProviderError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ProviderError")
            .field("code", &self.code)
            .field("state", &redacted(&self.state))
            .finish()
    }
}

/// The OAuth error codes Login with Amazon sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderErrorCode {
    /// `access_denied`: the person declined.
    AccessDenied,
    /// `invalid_request`: the request was malformed.
    InvalidRequest,
    /// `unauthorized_client`: the client may not use this grant.
    UnauthorizedClient,
    /// `unsupported_response_type`: the security profile does not allow this response type.
    UnsupportedResponseType,
    /// `invalid_scope`: a scope asked for is unknown or not allowed.
    InvalidScope,
    /// `server_error`: Amazon failed.
    ServerError,
    /// `temporarily_unavailable`: Amazon is overloaded or down for a while.
    TemporarilyUnavailable,
    /// `invalid_grant`: Amazon needs the person to sign in again.
    InvalidGrant,
    /// A code this app does not know; not echoed, since it comes from the URL.
    Unknown,
}

impl ProviderErrorCode {
    fn parse(code: &str) -> Self {
        match code {
            "access_denied" => Self::AccessDenied,
            "invalid_request" => Self::InvalidRequest,
            "unauthorized_client" => Self::UnauthorizedClient,
            "unsupported_response_type" => Self::UnsupportedResponseType,
            "invalid_scope" => Self::InvalidScope,
            "server_error" => Self::ServerError,
            "temporarily_unavailable" => Self::TemporarilyUnavailable,
            "invalid_grant" => Self::InvalidGrant,
            _ => Self::Unknown,
        }
    }

    /// What the person reads.
    pub fn message(self) -> &'static str {
        match self {
            Self::AccessDenied => "You cancelled sign-in. Sign in again whenever you are ready.",
            Self::InvalidScope => {
                "Amazon refused the permissions this app asked for (invalid_scope). Check \"scopes\" in config.json, then sign in again."
            }
            Self::InvalidRequest | Self::UnauthorizedClient | Self::UnsupportedResponseType => {
                "Amazon refused this app's sign-in request. Check the client ID and the Allowed Return URL in the Amazon developer console, then sign in again."
            }
            Self::ServerError | Self::TemporarilyUnavailable => {
                "Amazon could not complete sign-in right now. Please sign in again in a moment."
            }
            Self::InvalidGrant => "Amazon needs you to sign in again.",
            Self::Unknown => "Amazon could not sign you in. Please sign in again.",
        }
    }
}

/// Every parameter a sign-in response may carry, as read (so its `Debug` hides the secrets).
#[derive(Default)]
struct RawResponse {
    access_token: Option<String>,
    code: Option<String>,
    token_type: Option<String>,
    expires_in: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("RawResponse")
            .field("access_token", &redacted(&self.access_token))
            .field("code", &redacted(&self.code))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("state", &redacted(&self.state))
            .field("error", &self.error)
            .finish()
    }
}

impl RawResponse {
    /// The response's parameters; a repeated one makes it malformed (which of two values
    /// would be Amazon's?), unknown ones are ignored.
    fn read(part: &str) -> Result<Self, AuthError> {
        let mut raw = RawResponse::default();
        for (name, value) in form_urlencoded::parse(part.as_bytes()) {
            let slot = match name.as_ref() {
                "access_token" => &mut raw.access_token,
                "code" => &mut raw.code,
                "token_type" => &mut raw.token_type,
                "expires_in" => &mut raw.expires_in,
                "scope" => &mut raw.scope,
                "state" => &mut raw.state,
                "error" => &mut raw.error,
                _ => continue,
            };
            if slot.replace(value.into_owned()).is_some() {
                return Err(AuthError::MalformedCallback);
            }
        }
        Ok(raw)
    }
}

/// Parameters whose presence makes a fragment or query a sign-in response.
const RESPONSE_KEYS: [&str; 6] = [
    "access_token",
    "code",
    "error",
    "state",
    "token_type",
    "expires_in",
];

/// Reads a sign-in response from the URL's fragment, or else its query (both without the
/// leading `#` / `?`). `None` when neither holds one: an ordinary page load.
pub fn parse_callback(fragment: &str, query: &str) -> Option<Result<Callback, AuthError>> {
    [fragment, query]
        .into_iter()
        .find(|part| looks_like_response(part))
        .map(parse_response)
}

/// Whether `part` names any response parameter, percent-encoded or not (as it would be read),
/// or is too long to read: then it leaves the address bar.
fn looks_like_response(part: &str) -> bool {
    part.len() > MAX_CALLBACK_BYTES
        || form_urlencoded::parse(part.as_bytes())
            .any(|(name, _)| RESPONSE_KEYS.contains(&name.as_ref()))
}

fn parse_response(part: &str) -> Result<Callback, AuthError> {
    if part.len() > MAX_CALLBACK_BYTES {
        return Err(AuthError::MalformedCallback);
    }
    let raw = RawResponse::read(part)?;
    match (raw.error, raw.access_token, raw.code) {
        (Some(code), None, None) => Ok(Callback::Error(ProviderError {
            code: ProviderErrorCode::parse(&code),
            state: raw.state,
        })),
        (None, Some(token), None) => {
            let token_type = raw.token_type.ok_or(AuthError::MalformedCallback)?;
            if !token_type.eq_ignore_ascii_case("bearer") {
                return Err(AuthError::UnsupportedTokenType);
            }
            Ok(Callback::Token(TokenResponse {
                access_token: AccessToken::new(from_url(token, MAX_TOKEN_BYTES)?),
                expires_in_seconds: checked_lifetime(raw.expires_in.as_deref())?,
                granted_scope: raw.scope,
                state: raw.state,
            }))
        }
        (None, None, Some(code)) => Ok(Callback::Code(CodeResponse {
            code: AuthorizationCode::new(from_url(code, MAX_CODE_BYTES)?),
            granted_scope: raw.scope,
            state: raw.state,
        })),
        _ => Err(AuthError::MalformedCallback),
    }
}

/// A token or code from the URL. Form decoding turns a raw `+` into a space, and neither ever
/// contains a space, so spaces are turned back: `+` works raw or encoded, like `|` (which Amazon
/// sends either way).
fn from_url(value: String, max_bytes: usize) -> Result<String, AuthError> {
    checked_secret(value.replace(' ', "+"), max_bytes).ok_or(AuthError::MalformedCallback)
}

/// A token or code is 1 to `max_bytes` visible ASCII characters.
pub(crate) fn checked_secret(value: String, max_bytes: usize) -> Option<String> {
    let well_formed =
        (1..=max_bytes).contains(&value.len()) && value.bytes().all(|byte| byte.is_ascii_graphic());
    well_formed.then_some(value)
}

/// `expires_in`: a whole, positive number of seconds, at most a day (Amazon's are an hour).
fn checked_lifetime(expires_in: Option<&str>) -> Result<u64, AuthError> {
    expires_in
        .filter(|text| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()))
        .and_then(|text| text.parse::<u64>().ok())
        .filter(is_plausible_lifetime)
        .ok_or(AuthError::MalformedCallback)
}

/// A token lifetime is a positive number of seconds, at most a day (Amazon's are an hour).
pub(crate) fn is_plausible_lifetime(seconds: &u64) -> bool {
    const ONE_DAY: u64 = 24 * 60 * 60;
    (1..=ONE_DAY).contains(seconds)
}

#[cfg(test)]
#[path = "callback_tests.rs"]
mod tests;
