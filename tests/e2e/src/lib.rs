//! What the end-to-end journeys (`tests/journeys/`) and the phone-speed benchmark
//! (`src/bin/phone_bench/`) share: a headless Chromium to drive, and nginx to serve the
//! release build the way the README tells hosts to.

pub mod browser;
pub mod nginx;
