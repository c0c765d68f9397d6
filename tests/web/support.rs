//! Helpers shared by the browser tests.

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
