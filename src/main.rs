//! Entry point of the wasm binary: only mounts the app.

use leptos::prelude::*;

fn main() {
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

// talc instead of Rust's default dlmalloc: the same job in fewer bytes (and faster).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
