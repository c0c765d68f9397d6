//! What happens to the page that the sign-in flow looks at: timers are throttled in background
//! tabs and stop while a laptop sleeps, a page kept in the back/forward cache is frozen with
//! its DOM, and a link can change only the fragment of the address, which loads nothing.

use js_sys::Reflect;
use web_sys::{Event, VisibilityState};

use super::events::listen_to_each;

/// Something that happened to the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageEvent {
    /// The tab is shown again.
    Shown,
    /// The browser regained a network connection.
    BackOnline,
    /// The page is being left (for another page, or closed): the last moment to change what
    /// it shows before the back/forward cache may freeze it.
    Leaving,
    /// The page came back from the back/forward cache (Back or Forward to a page the browser
    /// kept frozen, rather than loading it again).
    Restored,
    /// Only the fragment of the address changed (a same-document navigation).
    FragmentChanged,
}

/// Calls `happened` with each [`PageEvent`], for as long as the page lives.
pub fn on_page_events(mut happened: impl FnMut(PageEvent) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // `visibilitychange` is fired at the document and bubbles up to the window.
    let names = [
        "visibilitychange",
        "online",
        "pagehide",
        "pageshow",
        "hashchange",
    ];
    listen_to_each(&window, &names, move |event| {
        if let Some(page_event) = classify(&event) {
            happened(page_event);
        }
    });
}

fn classify(event: &Event) -> Option<PageEvent> {
    match event.type_().as_str() {
        "visibilitychange" => web_sys::window()
            .and_then(|window| window.document())
            .filter(|document| document.visibility_state() == VisibilityState::Visible)
            .map(|_| PageEvent::Shown),
        "online" => Some(PageEvent::BackOnline),
        "pagehide" => Some(PageEvent::Leaving),
        // `persisted`: the page comes from the back/forward cache rather than a new load.
        "pageshow" => Reflect::get(event, &"persisted".into())
            .is_ok_and(|persisted| persisted.is_truthy())
            .then_some(PageEvent::Restored),
        "hashchange" => Some(PageEvent::FragmentChanged),
        _ => None,
    }
}
