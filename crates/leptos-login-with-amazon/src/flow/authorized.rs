//! The authorized call: an Amazon API the granted scopes allow, called with this tab's access
//! token the way the sign-in's own calls are made (no cookies, no cache, no redirects, bounded
//! in time and size), renewing the session once when Amazon refuses the token. The rules are
//! the core's, in `auth::api_call` and `auth::failure`.

use std::fmt;
use std::sync::Arc;

use gloo_net::http::Request;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use super::{AuthState, LoginWithAmazon, SignedOutReason};
use crate::AuthError;
use crate::amazon::http::send;
use crate::auth::api_call::{AfterAnswer, RENEWAL_WAIT_MS, after_answer, api_path};
use crate::auth::failure::resource_failure;
use crate::auth::session::Session;
use crate::browser::clock;
use crate::browser::http::Answer;
use crate::config::Config;

/// How often a call waiting for a renewal looks whether it is over.
const RENEWAL_POLL_MS: i32 = 100;

/// What an Amazon API answered an authorized call with: a 2xx status and its body. Its `Debug`
/// shows the body's length only (it is the person's data).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiResponse {
    status: u16,
    body: String,
}

impl ApiResponse {
    /// The HTTP status, from 200 to 299.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body, as text.
    pub fn text(&self) -> &str {
        &self.body
    }

    /// The body read as JSON into `T`; [`AuthError::UnexpectedResponse`] when it is not one.
    ///
    /// ```no_run
    /// # async fn show() -> Result<(), leptos_login_with_amazon::AuthError> {
    /// use leptos_login_with_amazon::use_login_with_amazon;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Profile { name: Option<String> }
    ///
    /// let profile: Profile = use_login_with_amazon().authorized_get("/user/profile").await?.json()?;
    /// # Ok(()) }
    /// ```
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, AuthError> {
        serde_json::from_str(&self.body).map_err(|_| AuthError::UnexpectedResponse)
    }
}

impl fmt::Debug for ApiResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl LoginWithAmazon {
    /// Calls `GET {endpoints.api}{path}` (e.g. `/user/profile`) with the signed-in person's
    /// access token as a bearer token. Like the sign-in's own calls, it sends no cookies,
    /// never answers from the HTTP cache, never follows a redirect (the token would go with
    /// it), and gives up after 20 seconds or 64 KB. When Amazon refuses the token (401) and
    /// the session has a refresh token, the session is renewed (once, shared with the copies
    /// of the tab as usual) and the call made once more.
    ///
    /// Fails with [`AuthError::NotSignedIn`] unless signed in; with
    /// [`AuthError::NotAnApiPath`] (and sends nothing) for a `path` that could lead anywhere
    /// else; with [`AuthError::InsufficientScope`] when the scopes granted do not allow the
    /// call; with [`AuthError::SessionRejected`] when Amazon refuses the token and renewing
    /// cannot help (no refresh token, or the renewed token refused too), which ends the
    /// session as the sign-in's own checks do; with the error that ended the session when the
    /// renewal it asked for was refused (or the person signed out meanwhile); and with
    /// [`AuthError::CallFailed`] for anything that may pass, which keeps the session. So one
    /// call spends at most one refresh token.
    ///
    /// ```no_run
    /// # async fn call() -> Result<(), leptos_login_with_amazon::AuthError> {
    /// use leptos_login_with_amazon::use_login_with_amazon;
    ///
    /// let answer = use_login_with_amazon().authorized_get("/user/profile").await?;
    /// assert_eq!(answer.status(), 200);
    /// # Ok(()) }
    /// ```
    pub async fn authorized_get(&self, path: &str) -> Result<ApiResponse, AuthError> {
        let path = api_path(path)?;
        let signed_in = self
            .state
            .with_untracked(|state| matches!(state, AuthState::SignedIn(_)));
        let (true, Some(config), Some(session)) = (signed_in, self.config(), self.session()) else {
            return Err(AuthError::NotSignedIn);
        };
        let mut used = session;
        let mut retried = false;
        loop {
            let answer = get(&config, path, &used)
                .await
                .map_err(|_| AuthError::CallFailed)?;
            let refresh_token_kept = used.refresh_token.is_some();
            match after_answer(answer.status, refresh_token_kept, retried) {
                AfterAnswer::Answer => {
                    let (status, body) = (answer.status, answer.body);
                    return Ok(ApiResponse { status, body });
                }
                AfterAnswer::RenewAndRetry => {
                    used = self.renewed_after(&used).await?;
                    retried = true;
                }
                AfterAnswer::EndSession => {
                    // Unless the person signed out, or a copy renewed it, meanwhile: then
                    // this call failed, and the session held now is left alone.
                    if !self.holds(&used) {
                        return Err(AuthError::CallFailed);
                    }
                    self.fail(AuthError::SessionRejected);
                    return Err(AuthError::SessionRejected);
                }
                AfterAnswer::Fail => {
                    return Err(
                        match resource_failure(answer.status, answer.error_code().as_deref()) {
                            AuthError::InsufficientScope => AuthError::InsufficientScope,
                            _ => AuthError::CallFailed,
                        },
                    );
                }
            }
        }
    }

    /// The session renewed after `session` was refused: the one a copy or a renewal of this
    /// tab brought meanwhile, or else one renewed now (at once, whatever the clock and any
    /// backoff say). Waits at most [`RENEWAL_WAIT_MS`]; a renewal that fails keeps the session
    /// (it is retried as usual) but fails this call; one refused ends it, as always.
    async fn renewed_after(&self, session: &Session) -> Result<Arc<Session>, AuthError> {
        let failures = self.read(|held| held.renewal.failures());
        if self.holds(session) {
            self.renew_now();
        }
        // Bounded twice: in polls (the wall clock may be set back meanwhile) and on the wall
        // clock (a hidden tab's timers may fire only once a second, or less).
        let started_ms = clock::now_ms();
        for _ in 0..RENEWAL_WAIT_MS / RENEWAL_POLL_MS as u64 {
            match self.session() {
                // The same sign-in, renewed here or by a copy.
                Some(held) if held.id == session.id && !held.same_as(session) => return Ok(held),
                // Another sign-in took its place meanwhile: this call is over.
                Some(held) if held.id != session.id => return Err(AuthError::CallFailed),
                None => return Err(self.why_signed_out()),
                // A renewal tried since this call asked, and failed: it will be tried again.
                Some(_) if self.read(|held| held.renewal.failures()) > failures => {
                    return Err(AuthError::CallFailed);
                }
                Some(_) if clock::now_ms().saturating_sub(started_ms) > RENEWAL_WAIT_MS => break,
                Some(_) => clock::sleep(RENEWAL_POLL_MS).await,
            }
        }
        Err(AuthError::CallFailed)
    }

    /// Why the session ended, as the state says.
    fn why_signed_out(&self) -> AuthError {
        self.state.with_untracked(|state| match state {
            AuthState::SignedOut(SignedOutReason::Failed(error))
            | AuthState::Unavailable(error) => error.clone(),
            _ => AuthError::NotSignedIn,
        })
    }
}

/// `GET {api}{path}` with `session`'s access token.
async fn get(config: &Config, path: &str, session: &Session) -> Result<Answer, AuthError> {
    let request = Request::get(&format!("{}{path}", config.endpoints.api)).header(
        "Authorization",
        &format!("Bearer {}", session.access_token.secret()),
    );
    send(request, None).await
}
