//! [`AuthFlow`]: the running state machine, shared with components through context. This file
//! holds its state and what the person can ask of it; `sign_in.rs` signs in and restores a
//! session, `renewal.rs` keeps it alive, `copies.rs` keeps the copies of the tab in step.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::arrival::{Arrival, arrive};
use super::copies::{CHANNEL, Reach};
use super::{AuthState, SignedOutReason};
use crate::AuthError;
use crate::auth::failure::{Ending, ending};
use crate::auth::news::{Claims, EndReason, News};
use crate::auth::renewal::Renewal;
use crate::auth::session::Session;
use crate::browser::crypto::random_bytes;
use crate::browser::storage::TabStorage;
use crate::browser::{channel, clock, location, visibility};
use crate::config::Config;
use crate::error::NextStep;

/// The sign-in state machine. Cheap to copy; components get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct AuthFlow {
    pub(super) state: RwSignal<AuthState>,
    /// The clock the UI shows time left with, advanced every second.
    pub(super) now_ms: RwSignal<u64>,
    pub(super) config: StoredValue<Option<Config>>,
    /// Changes whenever the flow is reset (sign-out, failure), so that an answer that arrives
    /// after the reset is dropped instead of signing the person back in.
    pub(super) attempt: StoredValue<u64>,
    /// The session this tab holds (also in `sessionStorage`), once verified or restored.
    pub(super) session: StoredValue<Option<Session>>,
    /// Its renewals: one at a time, with backoff after failures.
    pub(super) renewal: StoredValue<Renewal>,
    /// The renewals other copies claimed lately, where Web Locks are missing.
    pub(super) claims: StoredValue<Claims>,
    /// This page's ticket when it claims a renewal: random, so that copies claiming at once
    /// agree on which goes ahead.
    pub(super) ticket: u64,
}

/// The flow provided by [`App`](crate::App).
pub fn use_auth() -> AuthFlow {
    expect_context::<AuthFlow>()
}

impl AuthFlow {
    /// Reads the URL, then loads the configuration and signs in or restores the session in the
    /// background. Call once, before the page is chosen from the URL.
    pub fn start() -> Self {
        let arrival = arrive();
        let flow = AuthFlow {
            state: RwSignal::new(AuthState::Checking),
            now_ms: RwSignal::new(clock::now_ms()),
            config: StoredValue::new(None),
            attempt: StoredValue::new(0),
            session: StoredValue::new(None),
            renewal: StoredValue::new(Renewal::default()),
            claims: StoredValue::new(Claims::default()),
            ticket: random_bytes().map(u64::from_le_bytes).unwrap_or_default(),
        };
        // The page's events reach the flow for as long as it lives (not after the app is
        // unmounted, which only tests do); its clock stops with it.
        visibility::when_shown(move || flow.while_alive(Self::look_again));
        visibility::when_back_online(move || flow.while_alive(Self::look_again));
        visibility::when_leaving(move || flow.while_alive(Self::leaving));
        visibility::when_restored(move || flow.while_alive(Self::restored));
        location::when_hash_changes(move || flow.while_alive(Self::hash_changed));
        channel::listen(CHANNEL, move |text| {
            if !flow.state.is_disposed() {
                flow.hear(text);
            }
        });
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
        self.state.set(AuthState::Redirecting);
        let (flow, return_path) = (*self, return_path.to_owned());
        spawn_local(async move {
            if let Err(error) = flow.go_to_amazon(config, &return_path).await {
                flow.fail(error);
            }
        });
    }

    /// Forgets everything of ours in this tab and ends the session in its copies, those open
    /// now and those that come back later. Amazon has no endpoint to revoke tokens.
    pub fn sign_out(&self) {
        self.reset(Some(EndReason::SignedOut));
        self.state
            .set(AuthState::SignedOut(SignedOutReason::SignedOutByYou));
    }

    /// Tries again what failed: checks the kept session with Amazon again, or else reloads the
    /// page (the way on after fixing config.json or browser settings).
    pub fn retry(&self) {
        match (self.session.get_value(), self.config.get_value()) {
            (Some(session), Some(config)) => spawn_local(self.verify(config, session, true)),
            _ => location::reload(),
        }
    }

    /// Runs `handler` unless the app that owned this flow is gone.
    pub(super) fn while_alive(self, handler: fn(&Self)) {
        if !self.state.is_disposed() {
            handler(&self);
        }
    }

    /// Whether this tab still holds exactly `session` (no newer generation adopted, not ended).
    pub(super) fn holds(&self, session: &Session) -> bool {
        self.session
            .with_value(|held| held.as_ref().is_some_and(|held| held.same_as(session)))
    }

    /// A sign-in response that arrived without a page load (a link opened in this tab that
    /// changed only the fragment) is handled like one that arrived with a page load.
    fn hash_changed(&self) {
        let Some(config) = self.config.get_value() else {
            // Still starting: loading the page again reads the new address like any page load.
            return location::reload();
        };
        match arrive() {
            Arrival::Nothing => {}
            arrival => self.settle(config, arrival),
        }
    }

    /// Clears everything of ours and shows `error` with its way on. When Amazon refused or
    /// rejected the session, its copies are told too.
    pub(super) fn fail(&self, error: AuthError) {
        self.reset(match ending(&error) {
            Ending::Everywhere(reason) => Some(reason),
            Ending::Passing | Ending::Here => None,
        });
        self.show(error);
    }

    /// Clears everything of ours in this tab only, and shows `error`: the copies are not told.
    pub(super) fn end_here(&self, error: AuthError) {
        self.reset(None);
        self.show(error);
    }

    fn show(&self, error: AuthError) {
        self.state.set(match error.next_step() {
            NextStep::SignInAgain => AuthState::SignedOut(SignedOutReason::Failed(error)),
            NextStep::Reload | NextStep::TryAgain => AuthState::Unavailable(error),
        });
    }

    /// Forgets the session this tab holds and everything of ours here. With `everywhere`, the
    /// session's copies are told it ended and why: those open now by news, those away by the
    /// origin's note, which they read when they come back.
    fn reset(&self, everywhere: Option<EndReason>) {
        if let (Some(reason), Some(session)) = (everywhere, self.session.get_value()) {
            let generation = session.generation;
            Self::spread(&session, &News::Ended { generation, reason }, Reach::Both);
        }
        self.attempt.update_value(|attempt| *attempt += 1);
        self.session.set_value(None);
        self.renewal.set_value(Renewal::default());
        if let Ok(storage) = TabStorage::open() {
            storage.clear_all();
        }
    }
}
