//! What the end-to-end journeys (`tests/journeys/`) and the phone-speed benchmark
//! (`src/bin/phone_bench/`) share: a headless Chromium to drive, the deploy bundle of the
//! release build, nginx and Caddy to serve it with the bundle's own rules, and a test CA for
//! the forwarding's TLS.

pub mod browser;
pub mod bundle;
pub mod caddy;
pub mod nginx;
pub mod server;
pub mod tls;
