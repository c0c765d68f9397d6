//! Which page is shown: the address bar's path, followed through the app's links and through
//! Back and Forward, with the History API (two pages need no router crate).

use leptos::prelude::*;
use leptos_login_with_amazon::paths::{base_path, current_app_path, full_path};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::route::Page;

/// The current page. Cheap to copy; components get it with [`use_navigation`].
#[derive(Clone, Copy)]
pub struct Navigation {
    /// The path the app is served under, ending with `/`. Read once per page and kept for its
    /// lifetime (a plain string rather than a stored value: each kind of stored value costs
    /// code of its own in the .wasm).
    base_path: &'static str,
    /// The page at the address bar's path, read and written through separate halves: handing
    /// out the reading half is a copy, where `RwSignal::read_only` would allocate each time.
    page: ReadSignal<Page>,
    set_page: WriteSignal<Page>,
}

/// The navigation provided by [`App`](crate::App).
pub fn use_navigation() -> Navigation {
    expect_context::<Navigation>()
}

impl Navigation {
    /// Follows the address bar from now on. Call after the sign-in is provided, which may have
    /// changed it (a sign-in response leaves it for the path the person was going to).
    pub fn start() -> Self {
        let base_path = base_path();
        let (page, set_page) = signal(Page::at(&current_app_path()));
        let navigation = Navigation {
            page,
            set_page,
            base_path: base_path.leak(),
        };
        // For as long as the page lives (the app is mounted once per page); not after the app
        // is unmounted, which only tests do.
        let moved = Closure::<dyn Fn()>::new(move || {
            if !navigation.page.is_disposed() {
                navigation.follow_address_bar();
            }
        });
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback("popstate", moved.as_ref().unchecked_ref());
        }
        moved.forget();
        navigation
    }

    /// The page to show.
    pub fn page(&self) -> ReadSignal<Page> {
        self.page
    }

    /// What a link to `app_path` points at, in the address bar's terms.
    pub fn href(&self, app_path: &str) -> String {
        full_path(self.base_path, app_path)
    }

    /// Shows `app_path` and adds it to the history, without loading anything.
    pub fn go(&self, app_path: &str) {
        if let Some(window) = web_sys::window() {
            // The origin spelled out, not resolved: a path starting with `//` would name a host.
            let origin = window.location().origin().unwrap_or_default();
            let url = format!("{origin}{}", self.href(app_path));
            if let Ok(history) = window.history() {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
        self.show(Page::at(app_path));
    }

    fn follow_address_bar(&self) {
        self.show(Page::at(&current_app_path()));
    }

    /// Changes the page, and only then (views re-render only for a new page).
    fn show(&self, page: Page) {
        if self.page.get_untracked() != page {
            self.set_page.set(page);
        }
    }
}
