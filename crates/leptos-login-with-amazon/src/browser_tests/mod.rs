//! Browser tests (wasm-bindgen-test, headless Chromium and Firefox): the adapters against the
//! real Web APIs, and the components rendered from given states.

mod arrival;
mod components;
mod crypto;
mod json;
mod location;
mod locks;
mod notes;
#[cfg(feature = "popup")]
mod popup;
mod sealing;
mod storage;
pub mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
