//! Which page is shown: the address bar's path, followed through the app's links and through
//! Back and Forward, with the History API (two pages need no router crate).

use leptos::prelude::*;

use crate::browser::location;
use crate::route::{Page, app_path, full_path};

/// The current page. Cheap to copy; components get it with [`use_navigation`].
#[derive(Clone, Copy)]
pub struct Navigation {
    /// The path the app is served under, ending with `/`. Read once per page and kept for its
    /// lifetime (a plain string rather than a stored value: each kind of stored value costs
    /// code of its own in the .wasm).
    base_path: &'static str,
    /// The page at the address bar's path.
    page: RwSignal<Page>,
}

/// The navigation provided by [`App`](crate::App).
pub fn use_navigation() -> Navigation {
    expect_context::<Navigation>()
}

impl Navigation {
    /// Follows the address bar from now on. Call after [`AuthFlow::start`](super::AuthFlow::start),
    /// which may have changed it.
    pub fn start() -> Self {
        let base_path = location::app_base_path();
        let navigation = Navigation {
            page: RwSignal::new(Page::at(&app_path(&location::pathname(), &base_path))),
            base_path: base_path.leak(),
        };
        location::when_history_moves(move || {
            // Not after the app is unmounted (only tests do that).
            if !navigation.page.is_disposed() {
                navigation.follow_address_bar();
            }
        });
        navigation
    }

    /// The page to show.
    pub fn page(&self) -> ReadSignal<Page> {
        self.page.read_only()
    }

    /// What a link to `app_path` points at, in the address bar's terms.
    pub fn href(&self, app_path: &str) -> String {
        full_path(self.base_path, app_path)
    }

    /// Shows `app_path` and adds it to the history, without loading anything.
    pub fn go(&self, app_path: &str) {
        location::push_path(&self.href(app_path));
        self.show(Page::at(app_path));
    }

    fn follow_address_bar(&self) {
        self.show(Page::at(&app_path(&location::pathname(), self.base_path)));
    }

    /// Changes the page, and only then (views re-render only for a new page).
    fn show(&self, page: Page) {
        if self.page.get_untracked() != page {
            self.page.set(page);
        }
    }
}
