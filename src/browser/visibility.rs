//! Page visibility: timers are throttled in background tabs, so the app rechecks things when
//! the tab is shown again.

use gloo_events::EventListener;
use web_sys::VisibilityState;

/// Calls `shown` each time the page becomes visible, until the returned value is dropped.
pub fn when_shown(mut shown: impl FnMut() + 'static) -> Option<EventListener> {
    let document = web_sys::window()?.document()?;
    let target = document.clone();
    Some(EventListener::new(&target, "visibilitychange", move |_| {
        if document.visibility_state() == VisibilityState::Visible {
            shown();
        }
    }))
}
