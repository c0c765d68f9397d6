//! Entry point of the wasm binary: only mounts the app.
//!
//! The .wasm has no `main`: wasm-bindgen calls `start` once it is loaded, so std's start-up
//! and shutdown around a `main` (the main thread's name, stdout's buffer) are left out of it.
#![cfg_attr(target_arch = "wasm32", no_main)]

use leptos::prelude::*;

/// Mounts the app, once the .wasm is loaded.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen(start))]
pub fn start() {
    // Panic messages in the console help while developing; the release build leaves the hook
    // out (it costs about 1 KB gzip, and the app has no panics on any input it reads).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // index.html shows "Loading…" until the wasm runs; the app replaces it.
    if let Some(placeholder) = document().get_element_by_id("boot") {
        placeholder.remove();
    }
    mount_to_body(doorstep::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    start();
}

// talc instead of Rust's default dlmalloc: the same job in fewer bytes (and faster).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
