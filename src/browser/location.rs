//! The address bar and history: reading a sign-in response out of the URL and removing it at
//! once, moving between the app's pages, and leaving for Amazon.

use wasm_bindgen::JsValue;

use super::events::listen_to_window;
use crate::AuthError;
use crate::auth::callback::{Callback, parse_callback};

/// Reads a sign-in response from the current URL (fragment first, then query) and, if there is
/// one, removes both from the address bar and the history entry before anything else runs.
/// `None` for an ordinary page load. A response that could not be removed is refused.
pub fn take_callback() -> Option<Result<Callback, AuthError>> {
    let location = web_sys::window()?.location();
    let fragment = location.hash().unwrap_or_default();
    let query = location.search().unwrap_or_default();
    let callback = parse_callback(
        fragment.trim_start_matches('#'),
        query.trim_start_matches('?'),
    )?;
    // The page's own absolute URL without query and fragment: same-origin whatever the path
    // (`//x/`) or `<base href>` say, which a path resolved against the base is not.
    let scrubbed = location
        .pathname()
        .is_ok_and(|path| change_history(&same_origin(&path), false));
    Some(callback.and_then(|callback| {
        scrubbed
            .then_some(callback)
            .ok_or(AuthError::ResponseNotCleared)
    }))
}

/// Replaces the current history entry's URL with `path` on this page's origin, without
/// loading it.
pub fn replace_path(path: &str) {
    change_history(&same_origin(path), false);
}

/// Adds a history entry for `path` on this page's origin and shows it, without loading
/// anything.
pub fn push_path(path: &str) {
    change_history(&same_origin(path), true);
}

/// `path` (which starts with `/`) as an absolute URL on this page's origin. Spelled out, not
/// resolved: a path starting with `//` would otherwise name another host.
fn same_origin(path: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{path}")
}

/// Points the current history entry (or a new one) at `url`; whether the browser did.
fn change_history(url: &str, push: bool) -> bool {
    let Some(history) = web_sys::window().and_then(|window| window.history().ok()) else {
        return false;
    };
    let changed = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(url))
    };
    changed.is_ok()
}

/// The address bar's path, e.g. `/tools/doorstep/profile`.
pub fn pathname() -> String {
    web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}

/// Calls `moved` whenever Back or Forward moves between this document's history entries, for
/// as long as the page lives.
pub fn when_history_moves(moved: impl FnMut() + 'static) {
    listen_to_window("popstate", moved);
}

/// The URL the app is served from, without query or fragment: the directory of the page's base
/// URL (Trunk writes the public URL into `<base href>`), e.g. `https://app.example.com/`, also
/// when the page was opened at a deep link.
pub fn app_base_url() -> String {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(".", &base).ok())
        .map(|directory| {
            directory.set_search("");
            directory.set_hash("");
            directory.href()
        })
        .unwrap_or_default()
}

/// The path the app is served under, ending with `/`: the path of [`app_base_url`], e.g.
/// `/tools/doorstep/` (usually `/`).
pub fn app_base_path() -> String {
    web_sys::Url::new(&app_base_url())
        .map(|base| base.pathname())
        .unwrap_or_else(|_| "/".into())
}

/// Leaves the app for `url` (Amazon's sign-in page); Back returns to the app.
pub fn go_to(url: &str) -> Result<(), AuthError> {
    web_sys::window()
        .ok_or(AuthError::NavigationFailed)?
        .location()
        .assign(url)
        .map_err(|_| AuthError::NavigationFailed)
}

/// Reloads the page.
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
