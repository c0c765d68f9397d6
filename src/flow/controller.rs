//! [`AuthFlow`]: the running state machine, shared with components through context. This file
//! holds its state and what the person can ask of it; `sign_in.rs` signs in and restores a
//! session, `renewal.rs` keeps it alive, `copies.rs` keeps the copies of the tab in step.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::arrival::{Arrival, arrive};
use super::copies::{CHANNEL, Reach};
use super::{AuthState, SignedOutReason};
use crate::AuthError;
use crate::auth::failure::{Ending, ending};
use crate::auth::news::{EndReason, News};
use crate::auth::renewal::Renewal;
use crate::auth::session::Session;
use crate::browser::crypto::random_bytes;
use crate::browser::storage::TabStorage;
use crate::browser::visibility::{self, PageEvent};
use crate::browser::{channel, clock, location};
use crate::config::Config;
use crate::error::NextStep;

/// The sign-in state machine. Cheap to copy; components get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct AuthFlow {
    pub(super) state: RwSignal<AuthState>,
    /// The clock the UI shows time left with, advanced every second.
    pub(super) now_ms: RwSignal<u64>,
    /// What the flow holds between events (one stored value: each kind of stored value costs
    /// code of its own in the .wasm).
    held: StoredValue<Held>,
    /// This page's ticket when it claims a renewal: random, so that copies claiming at once
    /// agree on which goes ahead.
    pub(super) ticket: u64,
}

/// What the flow holds between events.
#[derive(Default)]
pub(super) struct Held {
    /// Shared, not copied, by each step that needs it.
    pub(super) config: Option<Arc<Config>>,
    /// Changes whenever the flow is reset (sign-out, failure), so that an answer that arrives
    /// after the reset is dropped instead of signing the person back in.
    pub(super) attempt: u64,
    /// The session this tab holds (also in `sessionStorage`), once verified or restored.
    pub(super) session: Option<Arc<Session>>,
    /// Its renewals: one at a time (with the claims of other copies, where there are no Web
    /// Locks), with backoff after failures.
    pub(super) renewal: Renewal,
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
            held: StoredValue::new(Held::default()),
            ticket: random_bytes().map(u64::from_le_bytes).unwrap_or_default(),
        };
        // The page's events reach the flow for as long as it lives (not after the app is
        // unmounted, which only tests do); its clock stops with it.
        visibility::on_page_events(move |event| {
            if flow.state.is_disposed() {
                return;
            }
            match event {
                PageEvent::Shown | PageEvent::BackOnline => flow.look_again(),
                PageEvent::Leaving => flow.leaving(),
                PageEvent::Restored => flow.restored(),
                PageEvent::FragmentChanged => flow.hash_changed(),
            }
        });
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
        let Some(config) = self.config() else {
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
        match (self.session(), self.config()) {
            (Some(session), Some(config)) => spawn_local(self.verify(config, session, true)),
            _ => location::reload(),
        }
    }

    /// Reads what the flow holds.
    pub(super) fn read<R>(&self, read: impl FnOnce(&Held) -> R) -> R {
        self.held.with_value(read)
    }

    /// Changes what the flow holds.
    pub(super) fn change(&self, change: impl FnOnce(&mut Held)) {
        self.held.update_value(change);
    }

    pub(super) fn config(&self) -> Option<Arc<Config>> {
        self.read(|held| held.config.clone())
    }

    pub(super) fn session(&self) -> Option<Arc<Session>> {
        self.read(|held| held.session.clone())
    }

    pub(super) fn attempt(&self) -> u64 {
        self.read(|held| held.attempt)
    }

    /// Whether this tab still holds exactly `session` (no newer generation adopted, not ended).
    pub(super) fn holds(&self, session: &Session) -> bool {
        self.read(|held| {
            held.session
                .as_ref()
                .is_some_and(|held| held.same_as(session))
        })
    }

    /// A sign-in response that arrived without a page load (a link opened in this tab that
    /// changed only the fragment) is handled like one that arrived with a page load.
    fn hash_changed(&self) {
        let Some(config) = self.config() else {
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
        if let (Some(reason), Some(session)) = (everywhere, self.session()) {
            let generation = session.generation;
            Self::spread(&session, &News::Ended { generation, reason }, Reach::Both);
        }
        self.change(|held| {
            held.attempt += 1;
            held.session = None;
            held.renewal = Renewal::default();
        });
        if let Ok(storage) = TabStorage::open() {
            storage.clear_all();
        }
    }
}
