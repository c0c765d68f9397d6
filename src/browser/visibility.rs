//! Page visibility, connectivity and the back/forward cache: timers are throttled in background
//! tabs and stop while a laptop sleeps, and a page kept in the back/forward cache is frozen
//! with its DOM, so the app looks again when the tab is shown, the browser comes back online or
//! the page comes back from that cache.

use wasm_bindgen::JsCast;
use web_sys::{PageTransitionEvent, VisibilityState};

use super::events::{listen, listen_to_window};

/// Calls `shown` each time the page becomes visible, for as long as the page lives.
pub fn when_shown(mut shown: impl FnMut() + 'static) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let target = document.clone();
    listen(&target, "visibilitychange", move |_| {
        if document.visibility_state() == VisibilityState::Visible {
            shown();
        }
    });
}

/// Calls `online` each time the browser regains a network connection, for as long as the page
/// lives.
pub fn when_back_online(online: impl FnMut() + 'static) {
    listen_to_window("online", online);
}

/// Calls `leaving` each time the page is left (for another page, or closed): the last moment
/// to change what it shows before the back/forward cache may freeze it.
pub fn when_leaving(leaving: impl FnMut() + 'static) {
    listen_to_window("pagehide", leaving);
}

/// Calls `restored` each time the page comes back from the back/forward cache (Back or Forward
/// to a page the browser kept frozen, rather than loading it again).
pub fn when_restored(mut restored: impl FnMut() + 'static) {
    if let Some(window) = web_sys::window() {
        listen(&window, "pageshow", move |event| {
            if event
                .dyn_ref::<PageTransitionEvent>()
                .is_some_and(PageTransitionEvent::persisted)
            {
                restored();
            }
        });
    }
}
