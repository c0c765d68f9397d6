//! Helpers shared by the browser tests, the library's and the app's (whose `tests/web` includes
//! this file): each uses a part of them.
#![allow(dead_code)]

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A fresh element in the page's body to mount a view into, removed with the returned guard.
pub struct Mounted {
    pub root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts `view` into a new `<section>` and returns it.
pub fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Mounted {
    let root: HtmlElement = document()
        .create_element("section")
        .expect("create <section>")
        .unchecked_into();
    document()
        .body()
        .expect("document has a body")
        .append_child(&root)
        .expect("append test root");
    let handle = mount_to(root.clone(), view);
    Mounted {
        root,
        _handle: Box::new(handle),
    }
}

impl Mounted {
    /// The single element matching `selector`; fails the test when there is none.
    pub fn find(&self, selector: &str) -> HtmlElement {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .unwrap_or_else(|| {
                panic!(
                    "no element matches {selector:?} in {}",
                    self.root.inner_html()
                )
            })
            .unchecked_into()
    }

    /// Trimmed text of the element matching `selector`.
    pub fn text(&self, selector: &str) -> String {
        self.find(selector)
            .text_content()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// Waits (up to five seconds) until `condition` holds; false if it never did.
pub async fn eventually(mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..250 {
        if condition() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    false
}

impl Mounted {
    /// Whether an element matches `selector` now.
    pub fn has(&self, selector: &str) -> bool {
        self.root.query_selector(selector).ok().flatten().is_some()
    }
}

/// This tab's `sessionStorage`, as the page's own scripts see it.
pub fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|window| window.session_storage().ok().flatten())
        .expect("sessionStorage in the test browser")
}

/// The page's current address.
pub fn href() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default()
}

/// Points the address bar at `url` (same origin) without loading it.
pub fn set_url(url: &str) {
    web_sys::window()
        .and_then(|window| window.history().ok())
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        .expect("replaceState");
}
