//! A link to one of the app's pages: a real `<a href>` (so it can be opened in a new tab or
//! copied), which shows the page in place when clicked plainly.

use leptos::prelude::*;

use crate::navigation::use_navigation;
use crate::route::Page;

/// Links to `to` (an app path such as `/profile`) with the words `label`, marked
/// `aria-current="page"` while it is the page shown. A label rather than children: children
/// are a type-erased view, and this was the app's only one (0.8 KB gzip of `AnyView` code).
#[component]
pub fn Link(to: &'static str, label: &'static str) -> impl IntoView {
    let navigation = use_navigation();
    let follow_in_place = move |event: leptos::ev::MouseEvent| {
        // Ctrl/⌘/Shift/Alt-clicks and other buttons keep the browser's meaning (new tab…).
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.button() == 0 && !modified && !event.default_prevented() {
            event.prevent_default();
            navigation.go(to);
        }
    };
    // `on:click:capture`: see the library's components/mod.rs (the same click, 2 KB less).
    view! {
        <a
            href=navigation.href(to)
            aria-current=move || (navigation.page().get() == Page::at(to)).then_some("page")
            on:click:capture=follow_in_place
        >
            {label}
        </a>
    }
}
