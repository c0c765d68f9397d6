//! Listening to the page's events. The app is mounted once per page, so its listeners live as
//! long as the page (callers ignore calls that arrive after their views are gone).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventTarget};

/// Calls `handler` with every `event` on `target`, for as long as the page lives.
pub fn listen(target: &EventTarget, event: &str, handler: impl FnMut(Event) + 'static) {
    listen_to_each(target, &[event], handler);
}

/// Calls `handler` with every event named in `events` on `target`, for as long as the page
/// lives: one listener for them all.
pub fn listen_to_each(target: &EventTarget, events: &[&str], handler: impl FnMut(Event) + 'static) {
    let handler = Closure::<dyn FnMut(Event)>::new(handler);
    for event in events {
        let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    }
    handler.forget();
}
