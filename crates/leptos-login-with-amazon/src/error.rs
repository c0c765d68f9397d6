//! The one error type of the app. Its `Display` is what the person reads, so every message says
//! what happened and what to do next, and none of them ever contains a token or text taken from
//! the URL (anyone can craft a link to this app; its words must not appear on our page).

use thiserror::Error;

use crate::auth::callback::ProviderErrorCode;

/// Everything that can go wrong, worded for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The browser refuses access to `sessionStorage` (blocked site data, some private modes).
    #[error(
        "This browser is blocking session storage, which sign-in needs. Allow site data for this page, then reload."
    )]
    StorageUnavailable,
    /// Writing to `sessionStorage` failed, typically because its quota is used up.
    #[error(
        "This browser could not save your sign-in for this tab. Free some site data, then try again."
    )]
    StorageWriteFailed,
    /// Something under one of our keys could not be read back; it has been removed.
    #[error(
        "Saved sign-in data in this tab was unreadable and has been cleared. Please sign in again."
    )]
    StorageCorrupted,

    /// There is no `config.json` next to `index.html` (or the server answered with a page).
    #[error(
        "This app is not set up yet: config.json was not found next to index.html. Add one with your Login with Amazon client_id (see the README), then reload."
    )]
    ConfigMissing,
    /// `config.json` could not be fetched.
    #[error(
        "This app's settings (config.json) could not be loaded. Check your connection, then reload."
    )]
    ConfigUnreachable,
    /// `config.json` was read but is not valid; the text says which field and why.
    #[error("This app's config.json is invalid: {0} Fix it, then reload.")]
    ConfigInvalid(String),

    /// `crypto.getRandomValues` is unavailable, so no safe `state` can be made.
    #[error(
        "This browser cannot make the secure random values sign-in needs. Update your browser, then try again."
    )]
    RandomUnavailable,
    /// SubtleCrypto (SHA-256 for PKCE) is unavailable: an old browser, or a page not served
    /// over https.
    #[error(
        "This browser cannot compute the security check sign-in needs. Open this app over https:// in an up-to-date browser, then try again."
    )]
    CryptoUnavailable,
    /// The browser refused to go to Amazon's sign-in page.
    #[error("The browser could not open Amazon's sign-in page. Please try again.")]
    NavigationFailed,

    /// Amazon answered the sign-in with an OAuth error.
    #[error("{}", .0.message())]
    Provider(ProviderErrorCode),
    /// The browser would not take the sign-in response out of the address bar, so it was not
    /// used: it could still leak from there.
    #[error(
        "This browser would not remove the sign-in response from the address bar, so it was not used. Sign in again."
    )]
    ResponseNotCleared,
    /// The sign-in came back more than [`PENDING_LIFETIME_MS`](crate::auth::pending::PENDING_LIFETIME_MS)
    /// after it started.
    #[error(
        "This sign-in took longer than 10 minutes, so it was stopped for your safety. Sign in again."
    )]
    SignInExpired,
    /// The sign-in response carried no `state`.
    #[error(
        "The sign-in response was missing its security check, so it was rejected. Sign in again."
    )]
    StateMissing,
    /// The sign-in response's `state` is not the one this tab sent.
    #[error(
        "The sign-in response did not match the sign-in started in this tab, so it was rejected for your safety. Sign in again."
    )]
    StateMismatch,
    /// A token arrived for a code-grant sign-in, or a code for an implicit one; or the response
    /// or the kept session is of a grant this build leaves out (Cargo features).
    #[error(
        "The sign-in response was not the kind this sign-in asked for, so it was rejected for your safety. Sign in again."
    )]
    GrantMismatch,
    /// The sign-in response could not be read (missing, repeated or oversized values).
    #[error(
        "The sign-in response from Amazon was incomplete or malformed, so it was rejected. Sign in again."
    )]
    MalformedCallback,
    /// The token is not a bearer token.
    #[error(
        "Amazon returned a kind of token this app cannot use, so it was rejected. Sign in again."
    )]
    UnsupportedTokenType,

    /// The token endpoint refused the one-time code (expired, already used, or a verifier that
    /// does not match). A code is never tried twice.
    #[error(
        "Amazon did not accept this sign-in: its one-time code had expired or was already used. Sign in again."
    )]
    CodeRejected,
    /// The token endpoint refused this app's client ID.
    #[error(
        "Amazon refused this app at its token endpoint. Check the client ID in config.json and that the security profile may use this grant, then sign in again."
    )]
    ClientRejected,
    /// tokeninfo says the token was issued to another app (token substitution).
    #[error(
        "The sign-in token was issued to a different app, so it was rejected for your safety. Sign in again."
    )]
    WrongAudience,
    /// Amazon no longer accepts the token (expired, revoked or invalid).
    #[error(
        "Amazon no longer accepts your sign-in (it may have expired or been revoked). Sign in again."
    )]
    SessionRejected,
    /// The token may not read the profile.
    #[error(
        "Amazon did not give this app access to your profile. Sign in again and allow access to your profile."
    )]
    InsufficientScope,
    /// Amazon asked for fewer requests (429), with the seconds of its `Retry-After`, if any.
    #[error("Amazon is busy and asked this app to wait. Please sign in again in a moment.")]
    Throttled(Option<u64>),
    /// Amazon answered with a server error or is unavailable.
    #[error("Amazon's service is unavailable right now. Please sign in again in a moment.")]
    AmazonUnavailable,
    /// An API answered with a redirect, which this app never follows (a token must not be sent
    /// anywhere else).
    #[error(
        "Amazon's service answered with a redirect, which this app does not follow. Sign in again; if it keeps happening, check \"endpoints\" in config.json."
    )]
    UnexpectedRedirect,
    /// Amazon answered something the app cannot read.
    #[error("Amazon sent an answer this app could not understand. Please sign in again.")]
    UnexpectedResponse,
    /// The request did not reach Amazon (offline, DNS, CORS).
    #[error("Amazon could not be reached. Check your internet connection, then sign in again.")]
    NetworkFailure,
    /// Amazon did not answer in time.
    #[error("Amazon took too long to answer. Please sign in again.")]
    Timeout,

    /// A session kept in this tab could not be checked with Amazon for a reason that may pass
    /// (no connection, no answer in time, Amazon unavailable): it is kept.
    #[error(
        "Your sign-in is kept, but Amazon could not be reached to check it. Check your connection, then try again."
    )]
    SessionUnchecked,

    /// The session's lifetime is over, and there is no refresh token to renew it.
    #[error("Your session expired. Sign in again to continue.")]
    SessionExpired,
    /// Amazon refused to renew the session (the refresh token was revoked or replaced), here or
    /// in another tab that shares it.
    #[error("Amazon would not renew your sign-in (access may have been removed). Sign in again.")]
    RenewalRefused,
    /// The page is shown inside another page's frame, where sign-in does not start (the other
    /// page could trick the person into pressing its buttons).
    #[error(
        "Sign-in does not work inside another page, so that nobody can trick you into signing in through it. Open this page in its own tab."
    )]
    Framed,
    /// The app asked a sign-in to keep more than
    /// [`MAX_APP_STATE_BYTES`](crate::auth::app_state::MAX_APP_STATE_BYTES) of its state, or
    /// state that cannot be written as JSON.
    #[error(
        "This page has too much unsaved work to keep while you sign in. Save or shorten it, then sign in again."
    )]
    AppStateTooLarge,
    /// The authorized call failed in a way that may pass (no connection, no answer in time,
    /// Amazon busy or unavailable, a redirect it does not follow, an answer it cannot read):
    /// the session is kept.
    #[error(
        "Amazon could not answer this request right now. You are still signed in: try again in a moment."
    )]
    CallFailed,
    /// The app asked the authorized call for something that is not a path of Amazon's APIs
    /// (see [`api_path`](crate::auth::api_call::api_path)): the call was not made.
    #[error(
        "This app asked to send your sign-in to an address that is not one of Amazon's APIs, so nothing was sent. Please tell the app's developers."
    )]
    NotAnApiPath,
    /// The authorized call was asked for while nobody is signed in.
    #[error("You are not signed in. Sign in, then try again.")]
    NotSignedIn,
    /// The person closed the popup window before Amazon answered.
    #[error(
        "The sign-in window was closed before you finished signing in. Sign in again whenever you are ready."
    )]
    PopupClosed,
    /// This popup window holds Amazon's answer, but the tab that opened it is gone (closed,
    /// or it started another sign-in): the answer was not used.
    #[error(
        "No tab is waiting for this sign-in (the tab that started it was closed). Close this window and sign in again."
    )]
    NoTabWaiting,
    /// The person signed out in another tab that shares this session.
    #[error("This tab is signed out because you signed out in another tab. Sign in again.")]
    SignedOutElsewhere,
    /// Another tab that shares this session renewed it (its refresh token replaced this tab's),
    /// and did not answer when this tab asked for the new one: this tab signed out on its own.
    #[error(
        "Your sign-in was renewed in another tab that did not answer (it may be closed), so this tab signed out. Sign in again."
    )]
    RenewedElsewhere,
}

/// Why a JSON text could not be read as the record expected. Only config.json's problems are
/// shown (with these details); an API's unreadable answer is [`AuthError::UnexpectedResponse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON at all, with the parser's explanation.
    Syntax(String),
    /// JSON, but not an object.
    NotAnObject,
    /// An object whose fields are not the expected ones, with an explanation that names the
    /// field.
    Shape(String),
}

/// What the person can do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Start a new sign-in.
    SignInAgain,
    /// Nothing works until the page is reloaded (after fixing config or browser settings).
    Reload,
    /// The same again in a moment: the kept session is checked again.
    TryAgain,
}

impl AuthError {
    /// The way on from this error.
    pub fn next_step(&self) -> NextStep {
        match self {
            AuthError::StorageUnavailable
            | AuthError::ConfigMissing
            | AuthError::ConfigUnreachable
            | AuthError::ConfigInvalid(_)
            | AuthError::Framed => NextStep::Reload,
            AuthError::SessionUnchecked | AuthError::CallFailed => NextStep::TryAgain,
            _ => NextStep::SignInAgain,
        }
    }
}
