//! Wall-clock time, a repeating timer and a pause.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A timer started by [`every`] or [`every_second`]. Its handle is a plain number, so the reactive system
/// can keep it (it only keeps values that may cross threads).
#[derive(Debug, Clone, Copy)]
pub struct Repeating(i32);

impl Repeating {
    /// Stops the timer.
    pub fn stop(self) {
        if let Some(window) = web_sys::window() {
            window.clear_interval_with_handle(self.0);
        }
    }
}

/// Calls `tick` every second until [`Repeating::stop`] is called.
pub fn every_second(tick: impl FnMut() + 'static) -> Repeating {
    every(1000, tick)
}

/// Calls `tick` every `ms` milliseconds until [`Repeating::stop`] is called.
pub fn every(ms: u32, tick: impl FnMut() + 'static) -> Repeating {
    let tick = Closure::<dyn FnMut()>::new(tick);
    let id = web_sys::window()
        .and_then(|window| {
            window
                .set_interval_with_callback_and_timeout_and_arguments_0(
                    tick.as_ref().unchecked_ref(),
                    ms as i32,
                )
                .ok()
        })
        .unwrap_or_default();
    tick.forget();
    Repeating(id)
}

/// Calls `done` once, after `ms` milliseconds; returns the timer's handle for [`cancel`].
pub fn after(ms: i32, done: impl FnOnce() + 'static) -> i32 {
    let done = Closure::once_into_js(done);
    web_sys::window()
        .and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(done.unchecked_ref(), ms)
                .ok()
        })
        .unwrap_or_default()
}

/// Cancels a timer started by [`after`] that has not fired yet.
pub fn cancel(handle: i32) {
    if let Some(window) = web_sys::window() {
        window.clear_timeout_with_handle(handle);
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        after(ms, move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        });
    });
    let _ = JsFuture::from(promise).await;
}
