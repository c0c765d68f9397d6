//! Signing in and restoring a session: the trip to Amazon, what comes back (a token to verify,
//! or a code to exchange first), and a session kept in this tab from before a reload.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::Window;

use super::arrival::Arrival;
use super::{AuthState, LoginWithAmazon, SignedIn, SignedOutReason};
use crate::AuthError;
use crate::amazon::profile::fetch_profile;
use crate::amazon::token::exchange_code;
use crate::amazon::tokeninfo::fetch_tokeninfo;
use crate::auth::audience::accept_verified;
use crate::auth::authorize::{ResponseType, authorization_url};
use crate::auth::base64url;
use crate::auth::failure::{Ending, ending};
use crate::auth::pending::{Accepted, PendingLogin};
use crate::auth::pkce::{CodeChallenge, CodeVerifier};
use crate::auth::renewal::{Due, Renewal};
use crate::auth::session::Session;
use crate::auth::state::CsrfState;
use crate::auth::token::SealingKey;
use crate::browser::config_file::fetch_config_text;
use crate::browser::crypto::random_bytes;
#[cfg(feature = "code-pkce")]
use crate::browser::crypto::sha256;
use crate::browser::json::decode_config;
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{clock, location};
use crate::config::{Config, Grant, read_config_file, validate};
use crate::settings::ConfigSource;

impl LoginWithAmazon {
    /// Saves a new pending sign-in (with a fresh PKCE verifier for the code grant), lets `keep`
    /// save what the app asked to keep beside it, and leaves for Amazon's sign-in page: this
    /// tab, or the `popup` opened for it (where a session this tab holds stays until the new
    /// one is verified).
    pub(super) async fn go_to_amazon(
        self,
        config: Arc<Config>,
        return_path: &str,
        keep: impl FnOnce(TabStorage) -> Result<(), AuthError>,
        popup: Option<Window>,
    ) -> Result<(), AuthError> {
        let storage = TabStorage::open()?;
        let state = CsrfState::from_random_bytes(random_bytes()?);
        let attempt = self.attempt();
        let (verifier, challenge) = match config.grant {
            Grant::Implicit => (None, None),
            Grant::CodePkce => {
                let (verifier, challenge) = pkce_pair().await?;
                (Some(verifier), Some(challenge))
            }
        };
        // Signed out while the challenge was computed (which closed the popup): nothing more.
        if attempt != self.attempt() {
            return Ok(());
        }
        // Always `None` in a build without the popup sign-in. Said here, after the wait (the
        // compiler cannot see through a value kept across it), so that such builds leave the
        // popup's side out.
        let popup = popup.filter(|_| super::popup::BUILT_IN);
        let response = match &challenge {
            Some(challenge) => ResponseType::Code { challenge },
            None => ResponseType::Token,
        };
        let url = authorization_url(&config, &state, response);
        if popup.is_none() {
            storage.clear_all();
        }
        storage.remove(StorageKey::AppState);
        let state_text = state.as_str().to_owned();
        let pending = PendingLogin {
            in_popup: popup.is_some(),
            ..PendingLogin::new(state, verifier, return_path, clock::now_ms())
        };
        storage.save(StorageKey::PendingLogin, &pending)?;
        keep(storage)?;
        match popup {
            Some(window) => self.await_popup(window, &state_text, &url),
            None => location::go_to(&url),
        }
    }

    /// Loads the configuration, then acts on what the URL brought.
    pub(super) async fn resume(self, arrival: Arrival, source: ConfigSource) {
        let app_base_url = location::app_base_url();
        // One validation for both sources: the rules, and their code in the .wasm, are shared.
        let written = match source {
            ConfigSource::File(url) => fetch_config_text(&url)
                .await
                .and_then(|text| read_config_file(&text, decode_config)),
            ConfigSource::Code(config) => Ok(config.into_file()),
        };
        match written.and_then(|file| validate(file, &app_base_url)) {
            Ok(config) => {
                let config = Arc::new(config);
                self.change(|held| held.config = Some(config.clone()));
                self.settle(config, arrival);
            }
            Err(error) => self.config_failed(error),
        }
    }

    /// config.json is missing, unreachable or invalid: its message, with Reload. A session kept
    /// in this tab is left as it is (it is used again once config.json works, with no new
    /// trip to Amazon), and can still be signed out of.
    fn config_failed(&self, error: AuthError) {
        match TabStorage::open() {
            Ok(storage) if storage.holds(StorageKey::Session) => {
                self.change(|held| held.session = storage.peek(StorageKey::Session).map(Arc::new));
                self.set_state.set(AuthState::Kept(error));
            }
            _ => self.set_state.set(AuthState::Unavailable(error)),
        }
    }

    /// Acts on what the URL brought: this tab's sign-in coming back, or nothing for it. A
    /// response that is not this tab's never touches a session: one held here stays as it is,
    /// and one kept from before a reload is restored as usual.
    pub(super) fn settle(self, config: Arc<Config>, arrival: Arrival) {
        let signed_out = match arrival {
            Arrival::Failed(error) => return self.fail(error),
            Arrival::Accepted(accepted) => return spawn_local(self.complete(config, accepted)),
            // A popup's answer is passed on only where the popup sign-in is configured: what
            // comes of it is shown once the waiting tab took it, or did not.
            Arrival::Unclaimed { state, answer } if super::popup::wanted(&config) => {
                return self.hand_over(&state, &answer);
            }
            Arrival::Ignored | Arrival::Unclaimed { .. }
                if self.read(|held| held.session.is_some()) =>
            {
                return;
            }
            Arrival::Ignored | Arrival::Unclaimed { .. } => SignedOutReason::IgnoredResponse,
            Arrival::Nothing => SignedOutReason::NotSignedIn,
        };
        match TabStorage::open().and_then(|storage| storage.load::<Session>(StorageKey::Session)) {
            Ok(Some(session)) => self.restore(config, session),
            Ok(None) => self.set_state.set(AuthState::SignedOut(signed_out)),
            Err(error) => self.fail(error),
        }
    }

    /// Finishes this tab's sign-in: exchanges the code (once; a failure is final), then
    /// verifies the token like any other.
    async fn complete(self, config: Arc<Config>, accepted: Accepted) {
        self.checking();
        let attempt = self.attempt();
        let obtained = match accepted {
            Accepted::Token(response) if Grant::Implicit.built_in() => {
                Ok((Grant::Implicit, response.into()))
            }
            // A build without the implicit grant never asks for a token: one is refused.
            Accepted::Token(_) => Err(AuthError::GrantMismatch),
            Accepted::Code { code, verifier, .. } => exchange_code(&config, &code, &verifier)
                .await
                .map(|tokens| (Grant::CodePkce, tokens)),
        };
        if attempt != self.attempt() {
            return;
        }
        let session = obtained.and_then(|(grant, tokens)| {
            let id = base64url::encode(&random_bytes::<16>()?);
            let key = SealingKey::new(base64url::encode(&random_bytes::<32>()?));
            Ok(Session::start(id, key, grant, tokens, clock::now_ms()))
        });
        match session {
            Ok(session) => spawn_local(self.verify(config, Arc::new(session), false)),
            Err(error) => self.sign_in_failed(error),
        }
    }

    /// Takes up the session kept in this tab (after a reload, or back from the back/forward
    /// cache): first what the origin's note says (renewed or ended by a copy while this tab
    /// was away), then renewed if it is due (its access token may have expired while the tab
    /// was closed or asleep), then verified.
    pub(super) fn restore(self, config: Arc<Config>, session: Session) {
        self.change(|held| held.session = Some(Arc::new(session)));
        self.learn_then(Some(config));
    }

    /// Reads the origin's note about the session held, then, if it says nothing new, goes on:
    /// with `restoring`'s configuration, renews the session if it is due, else verifies it;
    /// otherwise looks at the clock again.
    pub(super) fn learn_then(self, restoring: Option<Arc<Config>>) {
        let Some(session) = self.session() else {
            return;
        };
        spawn_local(async move {
            if !self.note_read(&session).await || !self.holds(&session) {
                return;
            }
            let due = self.read(|held| held.renewal.due(&session, clock::now_ms()));
            match (restoring, due) {
                (Some(config), Due::Nothing) => self.verify(config, session, true).await,
                // A renewal verifies the renewed session, since nobody is shown signed in yet.
                (Some(_), due) => self.act_on(due),
                (None, _) => {
                    self.change(|held| held.renewal.retry_now());
                    self.tick();
                }
            }
        });
    }

    /// Asks tokeninfo and the profile API in parallel; the session is kept (and the person
    /// shown) only if the token was issued to this app and the profile came back. A session
    /// this tab already holds (restored after a reload) is kept through failures that may
    /// pass, and checked again when the person asks or the browser is back online; with
    /// `may_renew`, a 401 renews it once (with its refresh token) before anything ends.
    pub(super) async fn verify(self, config: Arc<Config>, session: Arc<Session>, may_renew: bool) {
        self.checking();
        let attempt = self.attempt();
        let (api, token) = (&config.endpoints.api, &session.access_token);
        let (audience, profile) = futures::join!(
            async { fetch_tokeninfo(api, token).await.map(|info| info.aud) },
            fetch_profile(api, token),
        );
        // Whether this tab holds the session already (after a reload) rather than signing in.
        // An answer about a session it no longer holds (reset, or a newer generation adopted
        // meanwhile) changes nothing.
        // A new session replacing the one held ("Stay signed in") is checked as a sign-in; the
        // held one, checked meanwhile, as itself.
        let kept = self.read(|held| held.session.as_ref().map(|kept| kept.same_as(&session)));
        let replacing = self.replacing() && kept != Some(true);
        let kept = kept.filter(|_| !replacing);
        if attempt != self.attempt() || kept == Some(false) {
            return;
        }
        let accepted = accept_verified(audience, profile, &config.client_id).and_then(|profile| {
            TabStorage::open()?.save(StorageKey::Session, &*session)?;
            Ok(profile)
        });
        match accepted {
            Ok(profile) => {
                self.set_state.set(AuthState::SignedIn(SignedIn {
                    profile,
                    session: session.summary(),
                    reconnecting: false,
                }));
                self.change(|held| {
                    if replacing {
                        held.renewal = Renewal::default();
                        held.replacing = false;
                    }
                    held.session = Some(session);
                });
                self.change(|held| held.stay_signed_in.problem = None);
                self.tick();
            }
            Err(error) if replacing => self.sign_in_failed(error),
            Err(AuthError::SessionRejected) if may_renew && session.refresh_token.is_some() => {
                self.renew_now();
            }
            Err(error) if kept.is_some() && ending(&error) == Ending::Passing => {
                self.set_state
                    .set(AuthState::Kept(AuthError::SessionUnchecked));
            }
            Err(error) => self.fail(error),
        }
    }
}

impl LoginWithAmazon {
    /// Shows that a sign-in is being checked, unless the person is shown signed in already
    /// (a popup sign-in renewing the session): the page then stays as it is until it is done.
    fn checking(&self) {
        if !self
            .state
            .with_untracked(|state| matches!(state, AuthState::SignedIn(_)))
        {
            self.set_state.set(AuthState::Checking);
        }
    }
}

/// A fresh PKCE verifier and its S256 challenge.
#[cfg(feature = "code-pkce")]
async fn pkce_pair() -> Result<(CodeVerifier, CodeChallenge), AuthError> {
    let verifier = CodeVerifier::from_random_bytes(random_bytes()?);
    let digest = sha256(verifier.secret().as_bytes()).await?;
    Ok((verifier, CodeChallenge::from_sha256(digest)))
}

/// Built without the code grant, which the configuration therefore never names.
#[cfg(not(feature = "code-pkce"))]
async fn pkce_pair() -> Result<(CodeVerifier, CodeChallenge), AuthError> {
    Err(AuthError::GrantMismatch)
}
