//! The address bar and history: reading a sign-in response out of the URL and removing it at
//! once, putting the path the person was going to in its place, and leaving for Amazon.

use wasm_bindgen::JsValue;

use crate::AuthError;
use crate::auth::callback::{Callback, parse_callback};

/// A sign-in response taken out of the address bar: what it says, and the query (with its
/// `?`) and fragment (with its `#`) it came in, as they were (a popup hands these on).
#[derive(Debug)]
pub struct TakenResponse {
    /// The response as read; refused when it could not be removed.
    pub callback: Result<Callback, AuthError>,
    /// `""` or `?…`.
    pub query: String,
    /// `""` or `#…`.
    pub fragment: String,
}

/// Reads a sign-in response from the current URL (fragment first, then query) and, if there is
/// one, removes both from the address bar and the history entry before anything else runs.
/// `None` for an ordinary page load. A response that could not be removed is refused.
pub fn take_callback() -> Option<TakenResponse> {
    let location = web_sys::window()?.location();
    let (query, fragment) = query_and_fragment(&location);
    let callback = callback_in(&query, &fragment)?;
    // The page's own absolute URL without query and fragment: same-origin whatever the path
    // (`//x/`) or `<base href>` say, which a path resolved against the base is not.
    let scrubbed = location
        .pathname()
        .is_ok_and(|path| replace_history(&same_origin(&path)));
    let callback = callback.and_then(|callback| {
        scrubbed
            .then_some(callback)
            .ok_or(AuthError::ResponseNotCleared)
    });
    Some(TakenResponse {
        callback,
        query,
        fragment,
    })
}

/// Whether the current URL holds something shaped like a sign-in response (read, not removed).
pub fn holds_callback() -> bool {
    web_sys::window().is_some_and(|window| {
        let (query, fragment) = query_and_fragment(&window.location());
        callback_in(&query, &fragment).is_some()
    })
}

/// `location`'s query (with its `?`) and fragment (with its `#`), as they are.
fn query_and_fragment(location: &web_sys::Location) -> (String, String) {
    (
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default(),
    )
}

/// The sign-in response in the fragment, else the query, if either holds one.
fn callback_in(query: &str, fragment: &str) -> Option<Result<Callback, AuthError>> {
    parse_callback(
        fragment.trim_start_matches('#'),
        query.trim_start_matches('?'),
    )
}

/// Replaces the current history entry's URL with `path` on this page's origin, without
/// loading it.
pub fn replace_path(path: &str) {
    replace_history(&same_origin(path));
}

/// `path` (which starts with `/`) as an absolute URL on this page's origin. Spelled out, not
/// resolved: a path starting with `//` would otherwise name another host.
fn same_origin(path: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{path}")
}

/// Points the current history entry at `url`; whether the browser did.
fn replace_history(url: &str) -> bool {
    web_sys::window()
        .and_then(|window| window.history().ok())
        .is_some_and(|history| {
            (history.replace_state_with_url(&JsValue::NULL, "", Some(url))).is_ok()
        })
}

/// The address bar's path, e.g. `/tools/doorstep/profile`.
pub fn pathname() -> String {
    web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
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
