//! Entry point of the wasm binary: only mounts the app.

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    // index.html shows "Loading…" until the wasm runs; the app replaces it.
    if let Some(placeholder) = document().get_element_by_id("boot") {
        placeholder.remove();
    }
    mount_to_body(doorstep::App);
}
