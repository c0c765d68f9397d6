//! Page visibility: timers are throttled in background tabs, so the app rechecks things when
//! the tab is shown again.

use gloo_events::EventListener;
use web_sys::VisibilityState;

/// Calls `shown` each time the page becomes visible, for as long as the page lives.
pub fn when_shown(mut shown: impl FnMut() + 'static) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let target = document.clone();
    EventListener::new(&target, "visibilitychange", move |_| {
        if document.visibility_state() == VisibilityState::Visible {
            shown();
        }
    })
    .forget();
}
