//! End-to-end journeys: the release build (dist/) served as static files, the Login with
//! Amazon emulator, and headless Chromium driven over WebDriver. Each journey checks what the
//! page shows, what sessionStorage holds, and that no URL keeps a token.
//!
//! Run after a release build (`bash .ci/release-build`, or with `--stable`); `bash .ci/test` does
//! both, on each build.

mod site;
mod world;

mod battery;

mod code_grant;
mod config;
mod copies;
mod deployment;
mod example;
mod failures;
mod hardening;
mod keeping;
mod navigation;
mod popup;
mod refusals;
mod renewal;
mod sign_in;
