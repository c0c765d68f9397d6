//! Fault switches: ways to make the emulator misbehave the way Amazon can, for tests and demos.
//! Set them when starting (library or command line) or on a running emulator.

use std::str::FromStr;
use std::time::Duration;

/// Every switch, all off by default (`Faults::default()` behaves like a healthy Amazon).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faults {
    /// `/ap/oa` answers with this OAuth error instead of showing the consent page.
    pub authorize_error: Option<AuthorizeError>,
    /// tokeninfo reports an `aud` that belongs to another client (token substitution).
    pub wrong_audience: bool,
    /// `/user/profile` fails with this status and Amazon's error body for it.
    pub profile_failure: Option<ProfileFailure>,
    /// These endpoints answer 200 with a truncated, unparseable JSON body.
    pub malformed_json: Vec<ApiEndpoint>,
    /// Every API response (profile, tokeninfo, token) waits this long first.
    pub delay: Duration,
    /// `expires_in` of new access tokens; they really stop working after it.
    pub token_lifetime: Duration,
    /// These fields are left out of profile responses.
    pub profile_omits: Vec<ProfileField>,
    /// The profile's name is HTML and script, to prove the app shows it as text.
    pub hostile_name: bool,
    /// Code exchanges without a client secret (browser apps, with PKCE) get no refresh token,
    /// as Amazon's Data Portability pages describe for clients without a secret.
    pub no_refresh_token: bool,
    /// Each renewal issues a new refresh token and retires the one it used (rotation).
    pub rotate_refresh_tokens: bool,
    /// Renewals are refused with 400 `invalid_grant` (access removed, token revoked).
    pub refuse_refresh: bool,
    /// The next this-many renewals fail with a 503; then they work again. Counts down.
    pub refresh_unavailable: u32,
    /// The next this-many renewals are throttled: 429 with `Retry-After` (in whole seconds of
    /// `throttle_retry_after`). Counts down, before `refresh_timeouts` and `refresh_unavailable`.
    pub refresh_throttled: u32,
    /// The `Retry-After` of throttled renewals.
    pub throttle_retry_after: Duration,
    /// The next this-many renewals answer 408 (Request Timeout). Counts down.
    pub refresh_timeouts: u32,
    /// A retired refresh token (one that rotation replaced) presented again revokes every token
    /// of its sign-in, as RFC 9700 §4.14.2 lets a server do: the copy that presented it, and
    /// every other holder of that sign-in's tokens, are signed out.
    pub revoke_family_on_reuse: bool,
    /// Answers of `/auth/o2/token` wait this long (on top of `delay`).
    pub token_delay: Duration,
    /// One endpoint sends this answer instead of its own: any status, body and redirect, for
    /// tests of hostile answers.
    pub canned_answer: Option<CannedAnswer>,
    /// API answers say they may be cached for an hour (`public, max-age=3600`) instead of
    /// `no-store`: a client that uses its HTTP cache then skips asking again.
    pub cacheable_answers: bool,
    /// The sign-in pages (`/ap/oa` and the consent form's `/ap/oa/consent`, whatever they
    /// answer) send `Cross-Origin-Opener-Policy: same-origin`, like an identity provider that
    /// isolates itself: a popup that reaches them loses its opener, and the app's handle on
    /// the popup reads as closed from then on.
    pub opener_policy_same_origin: bool,
}

/// An answer an endpoint sends whatever it was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedAnswer {
    pub endpoint: ApiEndpoint,
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Sent as `Location`: with a 3xx status, a redirect (e.g. to [`REDIRECT_TARGET_PATH`]).
    pub location: Option<String>,
    /// How the body is sent.
    pub delivery: Delivery,
}

/// How a canned answer's body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// With its `Content-Length`.
    Whole,
    /// In 8 KB chunks without `Content-Length`, as a server streaming it would: a client
    /// learns its size only by reading it.
    Chunked,
    /// The body in chunks, then again and again without end.
    ChunkedWithoutEnd,
    /// `Content-Length` says a megabyte; the body's first chunk comes, then nothing: a client
    /// that waits for the body waits until it gives up.
    DeclaredLargerThanSent,
}

/// A path of the emulator that answers like the profile API, for redirects to lead to: a
/// client that follows one shows up in `requests_to` this path.
pub const REDIRECT_TARGET_PATH: &str = "/elsewhere";

impl Default for Faults {
    fn default() -> Self {
        Faults {
            authorize_error: None,
            wrong_audience: false,
            profile_failure: None,
            malformed_json: Vec::new(),
            delay: Duration::ZERO,
            token_lifetime: Duration::from_secs(3600),
            profile_omits: Vec::new(),
            hostile_name: false,
            no_refresh_token: false,
            rotate_refresh_tokens: false,
            refuse_refresh: false,
            refresh_unavailable: 0,
            refresh_throttled: 0,
            throttle_retry_after: Duration::from_secs(2),
            refresh_timeouts: 0,
            revoke_family_on_reuse: false,
            token_delay: Duration::ZERO,
            canned_answer: None,
            cacheable_answers: false,
            opener_policy_same_origin: false,
        }
    }
}

/// The name the `hostile_name` switch puts in profiles.
pub const HOSTILE_NAME: &str = r#"<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>Mallory & "Co" 'x'"#;

/// An OAuth error code `/ap/oa` can answer with (RFC 6749 §4.1.2.1, §4.2.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorizeError {
    AccessDenied,
    InvalidRequest,
    UnauthorizedClient,
    UnsupportedResponseType,
    InvalidScope,
    ServerError,
    TemporarilyUnavailable,
    InvalidGrant,
}

impl AuthorizeError {
    /// All codes, for help texts and tests.
    pub const ALL: [AuthorizeError; 8] = [
        AuthorizeError::AccessDenied,
        AuthorizeError::InvalidRequest,
        AuthorizeError::UnauthorizedClient,
        AuthorizeError::UnsupportedResponseType,
        AuthorizeError::InvalidScope,
        AuthorizeError::ServerError,
        AuthorizeError::TemporarilyUnavailable,
        AuthorizeError::InvalidGrant,
    ];

    /// The code on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorizeError::AccessDenied => "access_denied",
            AuthorizeError::InvalidRequest => "invalid_request",
            AuthorizeError::UnauthorizedClient => "unauthorized_client",
            AuthorizeError::UnsupportedResponseType => "unsupported_response_type",
            AuthorizeError::InvalidScope => "invalid_scope",
            AuthorizeError::ServerError => "server_error",
            AuthorizeError::TemporarilyUnavailable => "temporarily_unavailable",
            AuthorizeError::InvalidGrant => "invalid_grant",
        }
    }

    /// The `error_description` sent with it.
    pub(crate) fn description(self) -> &'static str {
        match self {
            AuthorizeError::AccessDenied => "The user denied the request.",
            AuthorizeError::InvalidRequest => {
                "The request is missing a required parameter or is otherwise malformed."
            }
            AuthorizeError::UnauthorizedClient => {
                "The client is not authorized to request an authorization code or access token using this method."
            }
            AuthorizeError::UnsupportedResponseType => {
                "The authorization server does not support obtaining a token using this method."
            }
            AuthorizeError::InvalidScope => {
                "The requested scope is invalid, unknown, or malformed."
            }
            AuthorizeError::ServerError => {
                "The authorization server encountered an unexpected error."
            }
            AuthorizeError::TemporarilyUnavailable => {
                "The authorization server is temporarily unavailable."
            }
            AuthorizeError::InvalidGrant => {
                "The user is not signed in and interaction is not allowed."
            }
        }
    }
}

impl FromStr for AuthorizeError {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        AuthorizeError::ALL
            .into_iter()
            .find(|code| code.as_str() == value)
            .ok_or_else(|| format!("unknown OAuth error code {value:?}"))
    }
}

/// A way `/user/profile` can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileFailure {
    /// 401 `invalid_token`.
    Unauthorized,
    /// 403 `insufficient_scope`.
    Forbidden,
    /// 500 `ServerError`.
    ServerError,
    /// 503 with a non-JSON body, as a load balancer sends it.
    Unavailable,
}

impl ProfileFailure {
    /// The HTTP status.
    pub fn status(self) -> u16 {
        match self {
            ProfileFailure::Unauthorized => 401,
            ProfileFailure::Forbidden => 403,
            ProfileFailure::ServerError => 500,
            ProfileFailure::Unavailable => 503,
        }
    }
}

impl FromStr for ProfileFailure {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "401" => Ok(ProfileFailure::Unauthorized),
            "403" => Ok(ProfileFailure::Forbidden),
            "500" => Ok(ProfileFailure::ServerError),
            "503" => Ok(ProfileFailure::Unavailable),
            other => Err(format!(
                "profile can fail with 401, 403, 500 or 503, not {other:?}"
            )),
        }
    }
}

/// The JSON APIs, for switches that pick some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiEndpoint {
    Profile,
    Tokeninfo,
    Token,
}

impl ApiEndpoint {
    /// The endpoint's path.
    pub fn path(self) -> &'static str {
        match self {
            ApiEndpoint::Profile => "/user/profile",
            ApiEndpoint::Tokeninfo => "/auth/o2/tokeninfo",
            ApiEndpoint::Token => "/auth/o2/token",
        }
    }
}

impl FromStr for ApiEndpoint {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "profile" => Ok(ApiEndpoint::Profile),
            "tokeninfo" => Ok(ApiEndpoint::Tokeninfo),
            "token" => Ok(ApiEndpoint::Token),
            other => Err(format!(
                "endpoints are profile, tokeninfo and token, not {other:?}"
            )),
        }
    }
}

/// A field of the profile response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    UserId,
    Name,
    Email,
    PostalCode,
}

impl FromStr for ProfileField {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "user_id" => Ok(ProfileField::UserId),
            "name" => Ok(ProfileField::Name),
            "email" => Ok(ProfileField::Email),
            "postal_code" => Ok(ProfileField::PostalCode),
            other => Err(format!(
                "profile fields are user_id, name, email and postal_code, not {other:?}"
            )),
        }
    }
}
