//! [`LoginWithAmazon`]: the running state machine, shared with components through context. This file
//! holds its state and what the person can ask of it; `sign_in.rs` signs in and restores a
//! session, `renewal.rs` keeps it alive, `copies.rs` keeps the copies of the tab in step.

use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use serde::de::DeserializeOwned;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::arrival::{Arrival, arrive};
use super::copies::{CHANNEL, Reach};
use super::popup;
use super::{AuthState, SignedOutReason};
use crate::AuthError;
use crate::auth::app_state::AppState;
use crate::auth::failure::{Ending, ending};
use crate::auth::news::{EndReason, News};
use crate::auth::pending::PendingLogin;
use crate::auth::renewal::Renewal;
use crate::auth::session::Session;
use crate::browser::crypto::random_bytes;
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::visibility::{self, PageEvent};
use crate::browser::{channel, clock, framing, location};
use crate::config::Config;
use crate::error::NextStep;
use crate::settings::{ErrorMessages, Settings};

/// The sign-in state machine. Cheap to copy; components get it with [`use_login_with_amazon`].
#[derive(Clone, Copy)]
pub struct LoginWithAmazon {
    /// The state, read and written through separate halves: handing out the reading half is a
    /// copy, where `RwSignal::read_only` would allocate on each call.
    pub(super) state: ReadSignal<AuthState>,
    pub(super) set_state: WriteSignal<AuthState>,
    /// The clock the UI shows time left with, advanced every second.
    pub(super) now_ms: ReadSignal<u64>,
    pub(super) set_now_ms: WriteSignal<u64>,
    /// What the flow holds between events. The flow lives as long as the page, so this is
    /// allocated once per page and never freed: a plain lock costs the .wasm about 0.4 KB less
    /// than a stored value. Its users only read or write fields, never call back into the
    /// flow (the lock is not reentrant).
    held: &'static Mutex<Held>,
    /// This page's ticket when it claims a renewal: random, so that copies claiming at once
    /// agree on which goes ahead.
    pub(super) ticket: u64,
    /// Whether the page is inside another page's frame, where nothing starts.
    framed: bool,
}

/// What the flow holds between events.
#[derive(Default)]
pub(super) struct Held {
    /// Shared, not copied, by each step that needs it.
    pub(super) config: Option<Arc<Config>>,
    /// The app's wording for errors.
    pub(super) messages: ErrorMessages,

    /// Changes whenever the flow is reset (sign-out, failure), so that an answer that arrives
    /// after the reset is dropped instead of signing the person back in.
    pub(super) attempt: u64,
    /// The session this tab holds (also in `sessionStorage`), once verified or restored.
    pub(super) session: Option<Arc<Session>>,
    /// "Stay signed in" (popup sign-in only): whether it is offered, dismissed, or its last try
    /// failed.
    pub(super) stay_signed_in: StaySignedIn,
    /// Whether the sign-in being checked replaces the session held ("Stay signed in" in the
    /// popup): the session stays until the new one is verified, and stays if it fails.
    pub(super) replacing: bool,
    /// Its renewals: one at a time (with the claims of other copies, where there are no Web
    /// Locks), with backoff after failures.
    pub(super) renewal: Renewal,
}

/// "Stay signed in", as the flow keeps it between the seconds it checks it.
#[derive(Default)]
pub(super) struct StaySignedIn {
    /// Whether it was offered at the last check.
    pub(super) offered: bool,
    /// When the session whose offer the person dismissed ends.
    pub(super) dismissed_for: Option<u64>,
    /// Why the last sign-in in the popup it started did not work (the session was kept).
    pub(super) problem: Option<AuthError>,
}

/// The sign-in provided by [`provide_login_with_amazon`], from any component below it.
///
/// # Panics
///
/// When no ancestor called [`provide_login_with_amazon`]: a mistake in the app's code, found
/// the first time the page runs.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_login_with_amazon::{AuthState, use_login_with_amazon};
///
/// #[component]
/// fn Greeting() -> impl IntoView {
///     let login = use_login_with_amazon();
///     move || match login.state().get() {
///         AuthState::SignedIn(signed_in) => signed_in.profile.name.unwrap_or_default(),
///         _ => "Not signed in".to_owned(),
///     }
/// }
/// ```
pub fn use_login_with_amazon() -> LoginWithAmazon {
    expect_context::<LoginWithAmazon>()
}

/// Starts signing in for this page and provides it, with the error wording of `settings`, to
/// every component below (they get it with [`use_login_with_amazon`]). Call it once, at the
/// top of the app, before anything reads the address bar: a sign-in response leaves the
/// address bar here, and the page shows the path the person was going to.
///
/// Inside another page's frame it starts nothing: the state is
/// [`Unavailable`](AuthState::Unavailable) with [`AuthError::Framed`], so that nobody can
/// trick the person into signing in through someone else's page.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_login_with_amazon::{Settings, provide_login_with_amazon};
///
/// #[component]
/// fn App() -> impl IntoView {
///     // config.json next to index.html.
///     provide_login_with_amazon(Settings::default());
///     view! { /* the app */ }
/// }
/// ```
pub fn provide_login_with_amazon(settings: impl Into<Settings>) -> LoginWithAmazon {
    let login = LoginWithAmazon::start(settings.into());
    provide_context(login);
    login
}

impl LoginWithAmazon {
    /// Reads the URL, then loads the configuration from `source` and signs in or restores the
    /// session in the background; in a frame, starts nothing.
    fn start(settings: Settings) -> Self {
        let Settings { source, messages } = settings;
        let framed = framing::is_framed();
        let (state, set_state) = signal(AuthState::Checking);
        let (now_ms, set_now_ms) = signal(clock::now_ms());
        let flow = LoginWithAmazon {
            state,
            set_state,
            now_ms,
            set_now_ms,
            held: Box::leak(Box::new(Mutex::new(Held {
                messages,
                ..Held::default()
            }))),
            ticket: random_bytes().map(u64::from_le_bytes).unwrap_or_default(),
            framed,
        };
        if framed {
            flow.set_state
                .set(AuthState::Unavailable(AuthError::Framed));
            return flow;
        }
        let arrival = arrive();
        // A popup sign-in this tab started before a reload may still answer (whatever else the
        // address bar held).
        match &arrival {
            Arrival::Nothing | Arrival::Ignored if popup::BUILT_IN => {
                flow.listen_for_pending_popup()
            }
            Arrival::Unclaimed { state, .. } if popup::BUILT_IN => popup::say_back(state),
            _ => {}
        }
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
        spawn_local(flow.resume(arrival, source));
        flow
    }

    /// Whether the page is inside another page's frame, where sign-in does not start (the
    /// state is [`Unavailable`](AuthState::Unavailable) with [`AuthError::Framed`]): an app may
    /// show its own page instead.
    pub fn is_framed(&self) -> bool {
        self.framed
    }

    /// The wording for errors: the app's own given in [`Settings::messages`], else each
    /// error's default message.
    pub fn messages(&self) -> ErrorMessages {
        self.read(|held| held.messages.clone())
    }

    /// The current state.
    pub fn state(&self) -> ReadSignal<AuthState> {
        self.state
    }

    /// Now, in milliseconds since the Unix epoch; ticks every second.
    pub fn now_ms(&self) -> ReadSignal<u64> {
        self.now_ms
    }

    /// Signs in with Amazon, coming back to `return_path` (an app path such as `/orders`;
    /// anything else comes back to `/`) afterwards. Does nothing until the configuration is
    /// loaded (the state is no longer [`Checking`](AuthState::Checking)).
    ///
    /// By default the browser leaves for Amazon's page and comes back. With the popup sign-in
    /// (`"popup": true`), Amazon's page opens in a popup window and the page stays as it is
    /// (the state is [`InPopup`](AuthState::InPopup) until Amazon answers); call this in the
    /// click that asks for it, or the browser blocks the popup. While the popup is open, this
    /// brings it to the front; where the browser blocks it anyway, the browser leaves for
    /// Amazon's page as without the popup.
    ///
    /// ```no_run
    /// # use leptos_login_with_amazon::use_login_with_amazon;
    /// let login = use_login_with_amazon();
    /// login.sign_in("/orders");
    /// ```
    pub fn sign_in(&self, return_path: &str) {
        self.sign_in_keeping(return_path, |_| Ok(()));
    }

    /// Like [`sign_in`](Self::sign_in), and keeps `app_state` (serialized as JSON, at most
    /// [`MAX_APP_STATE_BYTES`](crate::auth::app_state::MAX_APP_STATE_BYTES)) in this tab with
    /// the sign-in, for [`take_app_state`](Self::take_app_state) to give back when the person
    /// is back, whether the sign-in worked or not. It is never sent to Amazon. An app state too
    /// large (or that cannot be written as JSON) is refused here, before the person leaves.
    /// Like [`sign_in`](Self::sign_in), does nothing (and answers `Ok`) until the
    /// configuration is loaded.
    ///
    /// ```no_run
    /// # use leptos_login_with_amazon::use_login_with_amazon;
    /// let login = use_login_with_amazon();
    /// let basket = vec!["tea".to_owned(), "milk".to_owned()];
    /// if let Err(error) = login.sign_in_with_state("/basket", &basket) {
    ///     // AuthError::AppStateTooLarge: tell the person, they are still here.
    /// }
    /// ```
    pub fn sign_in_with_state<T: Serialize>(
        &self,
        return_path: &str,
        app_state: &T,
    ) -> Result<(), AuthError> {
        let text = serde_json::to_string(app_state).map_err(|_| AuthError::AppStateTooLarge)?;
        let app_state = AppState::new(text)?;
        self.sign_in_keeping(return_path, move |storage| {
            storage.save(StorageKey::AppState, &app_state)
        });
        Ok(())
    }

    /// The app state handed to this tab's last sign-in, once the person is back from Amazon
    /// (signed in, refused, or back without signing in), and only once: it is removed as it
    /// is read, unless the sign-in is still under way (back from Amazon's page without
    /// answering, less than 10 minutes ago, from where Forward may still finish it). `None`
    /// when there is none, or it is not a `T`. A failed sign-in leaves it for the app; the next
    /// sign-in and signing out remove it.
    ///
    /// ```no_run
    /// # use leptos_login_with_amazon::use_login_with_amazon;
    /// let login = use_login_with_amazon();
    /// let basket: Vec<String> = login.take_app_state().unwrap_or_default();
    /// ```
    pub fn take_app_state<T: DeserializeOwned>(&self) -> Option<T> {
        let storage = TabStorage::open().ok()?;
        // Back from Amazon's page without an answer, the sign-in is still pending (Forward may
        // finish it): the app state stays for that page too, as long as the sign-in could.
        let pending = storage.peek::<PendingLogin>(StorageKey::PendingLogin);
        let under_way = pending.is_some_and(|pending| pending.is_live(clock::now_ms()));
        let kept = match under_way {
            true => storage.peek::<AppState>(StorageKey::AppState),
            false => storage.take::<AppState>(StorageKey::AppState).ok()?,
        };
        serde_json::from_str(kept?.as_str()).ok()
    }

    /// Signs in; `keep` saves what the app asked to keep beside the pending sign-in (generic,
    /// so that an app that keeps nothing ships no code for it).
    fn sign_in_keeping(
        &self,
        return_path: &str,
        keep: impl FnOnce(TabStorage) -> Result<(), AuthError> + 'static,
    ) {
        // The button is offered only once the configuration is loaded.
        let Some(config) = self.config() else {
            return;
        };
        if popup::wanted(&config) && self.focus_popup() {
            return;
        }
        // Opened here, in the click: a popup opened after an `await` is blocked.
        let popup = popup::wanted(&config).then(|| self.open_popup()).flatten();
        if popup.is_none() {
            self.set_state.set(AuthState::Redirecting);
        }
        // The last try's problem goes with the new try.
        if self.read(|held| held.stay_signed_in.problem.is_some()) {
            self.change(|held| held.stay_signed_in.problem = None);
            self.show_again();
        }
        let (flow, return_path) = (*self, return_path.to_owned());
        spawn_local(async move {
            let opened = popup.clone();
            if let Err(error) = flow.go_to_amazon(config, &return_path, keep, popup).await {
                if let Some(opened) = opened {
                    let _ = opened.close();
                }
                flow.fail(error);
            }
        });
    }

    /// Forgets everything of ours in this tab and ends the session in its copies, those open
    /// now and those that come back later. Amazon has no endpoint to revoke tokens.
    pub fn sign_out(&self) {
        popup::close_popup();
        self.reset(Some(EndReason::SignedOut));
        if let Ok(storage) = TabStorage::open() {
            storage.remove(StorageKey::AppState);
        }
        self.set_state
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
        // Never poisoned: the release build aborts on a panic.
        read(&self.held.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Changes what the flow holds.
    pub(super) fn change(&self, change: impl FnOnce(&mut Held)) {
        change(&mut self.held.lock().unwrap_or_else(PoisonError::into_inner));
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
            // Still starting: loading the page again reads a sign-in response like any page
            // load (any other fragment, an anchor or an app's own route, is left alone).
            if location::holds_callback() {
                location::reload();
            }
            return;
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
        self.set_state.set(match error.next_step() {
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
            held.replacing = false;
            held.renewal = Renewal::default();
        });
        popup::forget_popup();
        popup::stop_listening();
        if let Ok(storage) = TabStorage::open() {
            storage.clear_all();
        }
    }
}
