//! Browser tests (wasm-bindgen-test, headless Chromium and Firefox): components rendered from
//! given states, and the adapters against the real Web APIs.
#![cfg(target_arch = "wasm32")]

mod app;
mod components;
mod crypto;
mod json;
mod location;
mod locks;
mod notes;
mod sealing;
mod storage;
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
