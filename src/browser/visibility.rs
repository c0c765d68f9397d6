//! Page visibility and connectivity: timers are throttled in background tabs and stop while a
//! laptop sleeps, so the app looks at the clock again when the tab is shown or the browser comes
//! back online.

use web_sys::VisibilityState;

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
