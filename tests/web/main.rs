//! Browser tests of the whole app (wasm-bindgen-test, headless Chromium and Firefox). The
//! sign-in's own adapters and components are tested in the library crate.
#![cfg(target_arch = "wasm32")]

mod app;
#[path = "../../crates/leptos-login-with-amazon/src/browser_tests/support.rs"]
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
