//! Wall-clock time and a repeating timer.

use gloo_timers::callback::Interval;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A timer started by [`every_second`]. Its handle is a plain number, so the reactive system
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
    let id = Interval::new(1000, tick).forget();
    Repeating(id.as_f64().unwrap_or_default() as i32)
}
