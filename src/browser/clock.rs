//! Wall-clock time and a repeating timer.

use gloo_timers::callback::Interval;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Calls `tick` every second until the returned value is dropped.
pub fn every_second(tick: impl FnMut() + 'static) -> Interval {
    Interval::new(1000, tick)
}
