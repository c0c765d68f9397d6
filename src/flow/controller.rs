//! [`AuthFlow`]: the running state machine, shared with components through context.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::arrival::{Arrival, arrive};
use super::{AuthState, SignedIn, SignedOutReason};
use crate::AuthError;
use crate::amazon::profile::fetch_profile;
use crate::amazon::tokeninfo::fetch_tokeninfo;
use crate::auth::audience::accept_verified;
use crate::auth::authorize::authorization_url;
use crate::auth::pending::PendingLogin;
use crate::auth::session::Session;
use crate::auth::state::CsrfState;
use crate::browser::config_file::fetch_config_text;
use crate::browser::json::parse_json;
use crate::browser::random::random_bytes;
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{clock, location, visibility};
use crate::config::{Config, parse_config};
use crate::error::NextStep;

/// The sign-in state machine. Cheap to copy; components get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct AuthFlow {
    state: RwSignal<AuthState>,
    /// The clock the UI shows time left with, advanced every second.
    now_ms: RwSignal<u64>,
    config: StoredValue<Option<Config>>,
    /// Changes whenever the flow is reset (sign-out, failure), so that a verification answered
    /// after the reset is dropped instead of signing the person back in.
    attempt: StoredValue<u64>,
}

/// The flow provided by [`App`](crate::App).
pub fn use_auth() -> AuthFlow {
    expect_context::<AuthFlow>()
}

impl AuthFlow {
    /// Reads the URL, then loads the configuration and signs in or restores the session in the
    /// background. Call once, before the router reads the URL.
    pub fn start() -> Self {
        let arrival = arrive();
        let flow = AuthFlow {
            state: RwSignal::new(AuthState::Checking),
            now_ms: RwSignal::new(clock::now_ms()),
            config: StoredValue::new(None),
            attempt: StoredValue::new(0),
        };
        // The page's events reach the flow for as long as it lives (not after the app is
        // unmounted, which only tests do); its clock stops with it.
        visibility::when_shown(move || flow.while_alive(Self::shown));
        location::when_hash_changes(move || flow.while_alive(Self::hash_changed));
        let clock = clock::every_second(move || flow.tick());
        on_cleanup(move || clock.stop());
        spawn_local(flow.resume(arrival));
        flow
    }

    /// The current state.
    pub fn state(&self) -> ReadSignal<AuthState> {
        self.state.read_only()
    }

    /// Now, in milliseconds since the Unix epoch; ticks every second.
    pub fn now_ms(&self) -> ReadSignal<u64> {
        self.now_ms.read_only()
    }

    /// Sends the browser to Amazon to sign in, coming back to `return_path` afterwards.
    pub fn sign_in(&self, return_path: &str) {
        // The button is offered only once the configuration is loaded.
        let Some(config) = self.config.get_value() else {
            return;
        };
        let started = (|| {
            let storage = TabStorage::open()?;
            let pending =
                PendingLogin::new(CsrfState::from_random_bytes(random_bytes()?), return_path);
            storage.clear_all();
            storage.save(StorageKey::PendingLogin, &pending)?;
            self.state.set(AuthState::Redirecting);
            location::go_to(&authorization_url(&config, &pending.state))
        })();
        if let Err(error) = started {
            self.fail(error);
        }
    }

    /// Forgets everything of ours in this tab. Amazon has no endpoint to revoke the token.
    pub fn sign_out(&self) {
        self.reset();
        self.state
            .set(AuthState::SignedOut(SignedOutReason::SignedOutByYou));
    }

    /// Reloads the page (the way on after fixing config.json or browser settings).
    pub fn reload(&self) {
        location::reload();
    }

    async fn resume(self, arrival: Arrival) {
        let config = match fetch_config_text()
            .await
            .and_then(|text| parse_config(&text, &location::app_base_url(), parse_json))
        {
            Ok(config) => config,
            Err(error) => return self.fail(error),
        };
        self.config.set_value(Some(config.clone()));
        self.settle(config, arrival).await;
    }

    /// Acts on what the URL brought: a refusal, a session to verify, or nothing (then the
    /// session kept in this tab, if any, is restored).
    async fn settle(self, config: Config, arrival: Arrival) {
        match arrival {
            Arrival::Failed(error) => self.fail(error),
            Arrival::Returned(session) => self.verify(config, session).await,
            Arrival::Nothing => match TabStorage::open()
                .and_then(|storage| storage.load::<Session>(StorageKey::Session))
            {
                Ok(None) => self
                    .state
                    .set(AuthState::SignedOut(SignedOutReason::NotSignedIn)),
                Ok(Some(session)) if session.is_expired(clock::now_ms()) => {
                    self.fail(AuthError::SessionExpired)
                }
                Ok(Some(session)) => self.verify(config, session).await,
                Err(error) => self.fail(error),
            },
        }
    }

    /// A sign-in response that arrived without a page load (a link opened in this tab that
    /// changed only the fragment) is handled like one that arrived with a page load.
    fn hash_changed(&self) {
        match (arrive(), self.config.get_value()) {
            (Arrival::Nothing, _) => {}
            (Arrival::Failed(error), _) => self.fail(error),
            (arrival, Some(config)) => spawn_local(self.settle(config, arrival)),
            // Still starting: the configuration is needed to verify, and not loaded yet.
            (Arrival::Returned(_), None) => self.fail(AuthError::NoSignInPending),
        }
    }

    /// Asks tokeninfo and the profile API in parallel; the session is kept (and the person shown)
    /// only if the token was issued to this app and the profile came back.
    async fn verify(self, config: Config, session: Session) {
        self.state.set(AuthState::Checking);
        let attempt = self.attempt.get_value();
        let (api, token) = (&config.endpoints.api, &session.access_token);
        let (audience, profile) = futures::join!(
            async { fetch_tokeninfo(api, token).await.map(|info| info.aud) },
            fetch_profile(api, token),
        );
        if attempt != self.attempt.get_value() {
            return;
        }
        let accepted = accept_verified(audience, profile, &config.client_id).and_then(|profile| {
            TabStorage::open()?.save(StorageKey::Session, &session)?;
            Ok(profile)
        });
        match accepted {
            Ok(profile) => {
                self.state.set(AuthState::SignedIn(SignedIn {
                    profile,
                    expires_at_ms: session.expires_at_ms,
                }));
                self.tick();
            }
            Err(error) => self.fail(error),
        }
    }

    /// Runs `handler` unless the app that owned this flow is gone.
    fn while_alive(self, handler: fn(&Self)) {
        if !self.state.is_disposed() {
            handler(&self);
        }
    }

    /// Advances the clock and ends an expired session.
    fn tick(&self) {
        let now = clock::now_ms();
        self.now_ms.set(now);
        let expired = self
            .state
            .with_untracked(|state| matches!(state, AuthState::SignedIn(signed_in) if now >= signed_in.expires_at_ms));
        if expired {
            self.fail(AuthError::SessionExpired);
        }
    }

    /// The tab is visible again: timers may have been throttled, and a page restored from the
    /// back/forward cache may still think it is on its way to Amazon.
    fn shown(&self) {
        self.tick();
        if self
            .state
            .with_untracked(|state| *state == AuthState::Redirecting)
        {
            self.state
                .set(AuthState::SignedOut(SignedOutReason::NotSignedIn));
        }
    }

    /// Clears everything of ours and shows `error` with its way on.
    fn fail(&self, error: AuthError) {
        self.reset();
        self.state.set(match error.next_step() {
            NextStep::SignInAgain => AuthState::SignedOut(SignedOutReason::Failed(error)),
            NextStep::Reload => AuthState::Unavailable(error),
        });
    }

    fn reset(&self) {
        self.attempt.update_value(|attempt| *attempt += 1);
        if let Ok(storage) = TabStorage::open() {
            storage.clear_all();
        }
    }
}
