//! The popup sign-in, on both of its sides. The opening tab opens the window in the click,
//! sends it to Amazon once the request is ready, listens for the answer on the channel named
//! after the sign-in's `state`, and watches for the window closing. The popup, where Amazon
//! sends the answer, hands it over on that channel and closes itself once the opening tab took
//! it. The rules (messages, waits) are in [`crate::auth::popup`].

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use web_sys::{BroadcastChannel, Window};

use super::arrival::{Arrival, answer_from_popup};
use super::{AuthState, LoginWithAmazon, SignedOutReason};
use crate::AuthError;
use crate::auth::pending::PendingLogin;
use crate::auth::popup::{
    ANSWER_SENDS, CLOSED_CHECK_MS, CLOSED_LOOKS, PopupMessage, channel_name, offers_stay_signed_in,
};
use crate::auth::session::SessionSummary;
use crate::browser::clock::{self, Repeating};
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{channel, popup};
use crate::config::Config;

/// Whether this build has the popup sign-in (the Cargo feature `popup`). Without it a config
/// asking for one is refused, and what starts a popup sign-in or takes its answer (opening the
/// window, listening for a pending one, handing over, the "Stay signed in" offer) is behind
/// this constant, so the compiler leaves that code out (about 3.4 KB gzip). The few calls left
/// (closing a watch, removing a hint another build left) do nothing else in such a build.
pub(super) const BUILT_IN: bool = cfg!(feature = "popup");

/// Whether `config` signs in in a popup, in a build that has it (a constant `false` without
/// the feature, so what follows from it is left out).
pub(super) fn wanted(config: &Config) -> bool {
    BUILT_IN && config.popup
}

thread_local! {
    /// The popup this page opened, from the click that opened it until its answer came (or it
    /// was closed).
    static OPENED: RefCell<Option<Window>> = const { RefCell::new(None) };
    /// The timer watching it, once it is on its way to Amazon.
    static WATCH: Cell<Option<Repeating>> = const { Cell::new(None) };
    /// In a popup: the channel its answer is handed over on, the answer, and how many times it
    /// was sent.
    static HANDING: RefCell<Option<(BroadcastChannel, String, u32)>> = const { RefCell::new(None) };
    /// The channel of the popup sign-in this page waits for.
    static LISTENING: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
}

impl LoginWithAmazon {
    /// Brings the popup of a sign-in under way to the front; whether there was one.
    pub(super) fn focus_popup(&self) -> bool {
        OPENED.with_borrow(|opened| match opened {
            Some(window) if !popup::is_closed(window) => {
                popup::focus(window);
                true
            }
            _ => false,
        })
    }

    /// Opens an empty popup for a sign-in, in the click that asked for it (a second click
    /// brings it to the front from then on); `None` when the browser blocked it (some
    /// blockers hand out a window that is already closed).
    pub(super) fn open_popup(&self) -> Option<Window> {
        let window = popup::open_blank().filter(|window| !popup::is_closed(window))?;
        forget_popup();
        OPENED.set(Some(window.clone()));
        if self.read(|held| held.session.is_none()) {
            self.set_state.set(AuthState::InPopup);
        }
        Some(window)
    }

    /// Waits for the answer to the pending sign-in `state` in `window`, which it sends to
    /// `url`, and watches the window until it closes.
    pub(super) fn await_popup(
        &self,
        window: Window,
        state: &str,
        url: &str,
    ) -> Result<(), AuthError> {
        popup::prepare(&window, state);
        self.listen_for_popup(state);
        popup::send_to(&window, url)?;
        let (flow, mut closed_looks) = (*self, 0);
        let watch = clock::every(CLOSED_CHECK_MS, move || {
            let closed = OPENED.with_borrow(|opened| opened.as_ref().is_some_and(popup::is_closed));
            closed_looks = if closed { closed_looks + 1 } else { 0 };
            if closed_looks == CLOSED_LOOKS && !flow.state.is_disposed() {
                flow.popup_closed();
            }
        });
        if let Some(earlier) = WATCH.replace(Some(watch)) {
            earlier.stop();
        }
        Ok(())
    }

    /// After a reload: a popup sign-in this tab started may still answer.
    pub(super) fn listen_for_pending_popup(&self) {
        let pending = TabStorage::open()
            .ok()
            .and_then(|storage| storage.peek::<PendingLogin>(StorageKey::PendingLogin));
        if let Some(pending) =
            pending.filter(|pending| pending.in_popup && pending.is_live(clock::now_ms()))
        {
            self.listen_for_popup(pending.state.as_str());
        }
    }

    /// Listens on the channel of the sign-in `state` (instead of any earlier one).
    fn listen_for_popup(&self, state: &str) {
        let flow = *self;
        let heard = channel::open(
            &channel_name(state),
            Box::new(move |text| match PopupMessage::read(&text) {
                _ if flow.state.is_disposed() => {}
                Some(PopupMessage::Answer { query, fragment }) => {
                    flow.popup_answered(&query, &fragment);
                }
                Some(PopupMessage::Back) => stop_watching(),
                _ => {}
            }),
        );
        stop_listening();
        LISTENING.set(heard);
    }

    /// The popup's answer: checked against the pending sign-in exactly like one in this tab's
    /// own address bar (which uses the pending sign-in up, whatever the outcome); the popup is
    /// told it may close.
    fn popup_answered(&self, query: &str, fragment: &str) {
        // Before config.json is loaded (just after a reload) nothing is taken: the popup sends
        // its answer again.
        let Some(config) = self.config() else {
            return;
        };
        let arrival = answer_from_popup(query, fragment);
        if matches!(arrival, Arrival::Nothing | Arrival::Ignored) {
            return;
        }
        LISTENING.with_borrow(|listening| {
            if let Some(listening) = listening {
                channel::send(listening, &PopupMessage::Taken.text());
            }
        });
        stop_listening();
        forget_popup();
        match arrival {
            // A sign-in started while signed in ("Stay signed in") replaces the session only
            // once the new one is verified; until then the page shows the one it has, and if
            // the new one fails, the one it has stays.
            Arrival::Accepted(_) => {
                self.change(|held| held.replacing = held.session.is_some());
                self.settle(config, arrival);
            }
            Arrival::Failed(error) => self.popup_failed(error),
            _ => {}
        }
    }

    /// A sign-in (the popup's answer, its code exchange or its verification) failed: while
    /// replacing a session ("Stay signed in"), the session is kept and the problem shown
    /// beside it; otherwise it is shown like any failed sign-in.
    pub(super) fn sign_in_failed(&self, error: AuthError) {
        let replacing = self.replacing();
        self.change(|held| held.replacing = false);
        match replacing {
            true => self.popup_failed(error),
            false => self.fail(error),
        }
    }

    /// Whether the sign-in being checked replaces the session held ("Stay signed in"): never
    /// in a build without the popup, so the compiler leaves out what only that case does.
    pub(super) fn replacing(&self) -> bool {
        BUILT_IN && self.read(|held| held.replacing)
    }

    /// The session expired while a popup sign-in is under way: it ends, and the popup's
    /// answer is still awaited (with its pending sign-in and the window).
    pub(super) fn expired_while_in_popup(&self) {
        // A new session already being checked goes on (its attempt is kept).
        self.change(|held| {
            held.attempt += u64::from(!held.replacing);
            held.session = None;
        });
        if let Ok(storage) = TabStorage::open() {
            storage.remove(StorageKey::Session);
        }
        self.set_state.set(AuthState::InPopup);
    }

    /// The person closed the popup (or the browser cut this tab off from it). The sign-in stays
    /// pending, and its answer is still taken should it come: a popup cut off by
    /// `Cross-Origin-Opener-Policy` reads as closed while the person still signs in.
    fn popup_closed(&self) {
        forget_popup();
        self.popup_failed(AuthError::PopupClosed);
    }

    /// A popup sign-in did not work: while signed in ("Stay signed in"), the session is kept and
    /// the problem shown beside it; otherwise it is shown like any failed sign-in.
    fn popup_failed(&self, error: AuthError) {
        if self
            .state
            .with_untracked(|state| matches!(state, AuthState::SignedIn(_)))
        {
            self.change(|held| held.stay_signed_in.problem = Some(error));
            self.show_again();
        } else if error == AuthError::PopupClosed {
            self.set_state
                .set(AuthState::SignedOut(SignedOutReason::Failed(error)));
        } else {
            self.fail(error);
        }
    }

    /// In a sign-in popup that holds Amazon's answer: hands it to the tab waiting for `state`,
    /// sending it again every second (see [`hand_over_again`](Self::hand_over_again)), and
    /// closes itself once that tab took it. Then shows (unless it holds a session of its own)
    /// that it was handed over (where the browser would not close it), or that no tab waits.
    pub(super) fn hand_over(self, state: &str, answer: &PopupMessage) {
        let channel = channel::open(
            &channel_name(state),
            Box::new(move |text| {
                if PopupMessage::read(&text) == Some(PopupMessage::Taken)
                    && let Some(handing) = HANDING.take()
                {
                    handing.0.close();
                    popup::close_this_window();
                    self.handed_over(SignedOutReason::HandedOver);
                }
            }),
        );
        match channel {
            Some(channel) => {
                let text = answer.text();
                channel::send(&channel, &text);
                HANDING.set(Some((channel, text, 1)));
            }
            None => self.handed_over(SignedOutReason::Failed(AuthError::NoTabWaiting)),
        }
    }

    /// Every second while an answer waits to be taken: sent again (the waiting tab may be
    /// reloading, or busy), until it has been sent [`ANSWER_SENDS`] times; then no tab waits.
    pub(super) fn hand_over_again(&self) {
        // (Said for the compiler: only the popup sign-in hands over.)
        if !BUILT_IN {
            return;
        }
        let Some((channel, text, sent)) = HANDING.take() else {
            return;
        };
        if sent < ANSWER_SENDS {
            channel::send(&channel, &text);
            HANDING.set(Some((channel, text, sent + 1)));
        } else {
            channel.close();
            self.handed_over(SignedOutReason::Failed(AuthError::NoTabWaiting));
        }
    }

    fn handed_over(self, reason: SignedOutReason) {
        if !self.state.is_disposed() && self.read(|held| held.session.is_none()) {
            self.set_state.set(AuthState::SignedOut(reason));
        }
    }
}

impl LoginWithAmazon {
    /// "Stay signed in" as it is to be shown now: `None` while it is not offered (no popup
    /// sign-in, not signed in, more than two minutes left, or dismissed), else the problem of
    /// its last try, if any.
    pub(crate) fn stay_signed_in_notice(&self) -> Option<Option<AuthError>> {
        // (Said for the compiler, so that the profile card leaves the offer out of a build
        // without the popup sign-in.)
        if !BUILT_IN {
            return None;
        }
        let session = self.shown_session()?;
        let now_ms = clock::now_ms();
        self.read(|held| {
            let popup = held.config.as_deref().is_some_and(wanted);
            let offered = offers_stay_signed_in(&session, popup, now_ms)
                && held.stay_signed_in.dismissed_for != Some(session.expires_at_ms);
            offered.then(|| held.stay_signed_in.problem.clone())
        })
    }

    /// Shows "Stay signed in" when it comes to be offered, or stops (checked every second).
    pub(super) fn check_stay_signed_in(&self) {
        if !BUILT_IN {
            return;
        }
        let offered = self.stay_signed_in_notice().is_some();
        let changed = self.read(|held| held.stay_signed_in.offered != offered);
        if changed {
            self.change(|held| held.stay_signed_in.offered = offered);
            self.show_again();
        }
    }

    /// "Not now": the offer is not made again for this session, which ends at its time.
    pub(crate) fn dismiss_stay_signed_in(&self) {
        let ends_at = self.shown_session().map(|session| session.expires_at_ms);
        self.change(|held| held.stay_signed_in.dismissed_for = ends_at);
        self.check_stay_signed_in();
    }

    /// The session the page shows, if the person is shown signed in.
    fn shown_session(&self) -> Option<SessionSummary> {
        self.state.with_untracked(|state| match state {
            AuthState::SignedIn(signed_in) => Some(signed_in.session.clone()),
            _ => None,
        })
    }

    /// Renders the state again as it is: what the flow keeps beside it changed.
    pub(super) fn show_again(&self) {
        self.set_state.update(|_| {});
    }
}

/// Stops watching the popup this page opened (it is left open).
pub(super) fn forget_popup() {
    OPENED.take();
    stop_watching();
}

/// Stops looking whether the popup was closed: it is back with the answer.
fn stop_watching() {
    if let Some(watch) = WATCH.take() {
        watch.stop();
    }
}

/// In a sign-in popup back on the app's page with its answer for `state`: tells the tab that
/// opened it at once, before config.json is loaded (the message holds nothing secret).
pub(super) fn say_back(state: &str) {
    if let Some(channel) = channel::open(&channel_name(state), Box::new(|_| {})) {
        channel::send(&channel, &PopupMessage::Back.text());
        channel.close();
    }
}

/// Closes the popup this page opened, if it is still open (the person signed out).
pub(super) fn close_popup() {
    if let Some(window) = OPENED.take() {
        let _ = window.close();
    }
    forget_popup();
}

/// Whether the popup this page opened for its sign-in is still open (as far as it can tell):
/// never in a build without the popup sign-in (said for the compiler).
pub(super) fn popup_open() -> bool {
    BUILT_IN
        && OPENED.with_borrow(|opened| {
            opened
                .as_ref()
                .is_some_and(|window| !popup::is_closed(window))
        })
}

/// Stops listening for a popup's answer.
pub(super) fn stop_listening() {
    if let Some(listening) = LISTENING.take() {
        listening.close();
    }
}
