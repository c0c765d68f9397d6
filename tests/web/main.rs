//! Browser tests (wasm-bindgen-test, headless Chromium and Firefox): the app as mounted in a
//! real DOM, and the adapters against the real Web APIs.
#![cfg(target_arch = "wasm32")]

mod app;
mod storage;
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
