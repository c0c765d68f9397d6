//! What the end-to-end journeys (`tests/journeys/`) and the phone-speed benchmark
//! (`src/bin/phone_bench/`) share: a headless Chromium to drive, the deploy bundle of the
//! release build, and nginx to serve it with the bundle's own rules.

pub mod browser;
pub mod bundle;
pub mod nginx;
