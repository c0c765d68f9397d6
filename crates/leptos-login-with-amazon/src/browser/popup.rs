//! The popup window a sign-in opens: opened blank in the click (popup blockers allow only
//! that), sent to Amazon once the request is ready, watched until it closes.

use web_sys::{Storage, Window};

use crate::AuthError;
use crate::browser::storage::StorageKey;

/// Where the opening tab leaves the sign-in's `state` in the popup's own `sessionStorage`:
/// Amazon may leave `state` out of an error, and the popup must still find the tab waiting.
pub(crate) const STATE_HINT: &str = "doorstep.popup_state";

/// Opens an empty popup window; `None` when the browser blocks it.
pub fn open_blank() -> Option<Window> {
    web_sys::window()?
        .open_with_url_and_target_and_features("", "_blank", "popup,width=520,height=680")
        .ok()
        .flatten()
}

/// Prepares a popup just opened (still blank, so of this origin) for the sign-in `state`:
/// removes what it copied of this tab's `sessionStorage` (browsers copy it into popups; the
/// popup must not take itself for a copy of this tab holding its session) and leaves it the
/// hint of `state`.
pub fn prepare(popup: &Window, state: &str) {
    if let Some(storage) = storage_of(popup) {
        for key in StorageKey::ALL {
            let _ = storage.remove_item(key.as_str());
        }
        let _ = storage.remove_item(StorageKey::AppState.as_str());
        let _ = storage.set_item(STATE_HINT, state);
    }
}

/// Sends the popup to `url` (Amazon's sign-in page).
pub fn send_to(popup: &Window, url: &str) -> Result<(), AuthError> {
    popup
        .location()
        .assign(url)
        .map_err(|_| AuthError::NavigationFailed)
}

/// Whether the popup is closed, as far as this tab can tell: a popup the browser cut off from
/// its opener (`Cross-Origin-Opener-Policy`) reads as closed too.
pub fn is_closed(popup: &Window) -> bool {
    popup.closed().unwrap_or(true)
}

/// Brings the popup to the front.
pub fn focus(popup: &Window) {
    let _ = popup.focus();
}

/// Closes this page's window, if it is a popup a script opened (browsers refuse otherwise).
pub fn close_this_window() {
    if let Some(window) = web_sys::window() {
        let _ = window.close();
    }
}

/// The `state` hint the opening tab left in this window (once: it is removed), if this window
/// is a sign-in popup whose storage survived the trip to Amazon.
pub fn take_state_hint() -> Option<String> {
    let storage = storage_of(&web_sys::window()?)?;
    let hint = storage.get_item(STATE_HINT).ok().flatten()?;
    let _ = storage.remove_item(STATE_HINT);
    Some(hint)
}

fn storage_of(window: &Window) -> Option<Storage> {
    window.session_storage().ok().flatten()
}
