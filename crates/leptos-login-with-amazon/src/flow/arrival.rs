//! What the page found in its URL when it loaded. Runs synchronously, before the page is chosen
//! and before any network request: a sign-in response leaves the address bar first.

use crate::AuthError;
use crate::auth::callback::{Callback, parse_callback};
use crate::auth::pending::{Accepted, PendingLogin, complete_sign_in};
use crate::auth::popup::PopupMessage;
use crate::browser::location::TakenResponse;
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{clock, location, popup};
use crate::paths::full_path;

/// The outcome of reading the URL.
#[derive(Debug)]
pub(crate) enum Arrival {
    /// An ordinary page load.
    Nothing,
    /// Something shaped like a sign-in response while this tab has no sign-in under way: a
    /// crafted link, an injected token, a replay (Back, history, a shared link). It has left the
    /// address bar and is dropped; a session kept in this tab stays as it is.
    Ignored,
    /// Amazon's answer to this tab's sign-in: a token to verify, or a code to exchange.
    Accepted(Accepted),
    /// This tab's sign-in came back refused (by Amazon, or by the checks: wrong `state`, too
    /// late, unreadable), or storage failed.
    Failed(AuthError),
    /// A sign-in response in a window whose opener left it the hint of a popup sign-in, while
    /// this window has no sign-in under way: the answer in a popup, which the tab that opened
    /// it waits for. It has left the address bar; with the popup sign-in configured, it is
    /// handed over raw to the tab waiting for `state`.
    Unclaimed {
        /// The sign-in's `state`, which names the channel the waiting tab listens on.
        state: String,
        /// The response as it came.
        answer: PopupMessage,
    },
}

/// Reads and removes a sign-in response from the URL and checks it against the pending sign-in,
/// which is used up either way (with its PKCE verifier). Only a response to a pending sign-in
/// can change anything. When accepted, the address bar shows the path the person was going to.
pub(crate) fn arrive() -> Arrival {
    let Some(TakenResponse {
        callback,
        query,
        fragment,
    }) = location::take_callback()
    else {
        return Arrival::Nothing;
    };
    let storage = match TabStorage::open() {
        Ok(storage) => storage,
        Err(error) => return Arrival::Failed(error),
    };
    match storage.load::<PendingLogin>(StorageKey::PendingLogin) {
        // A popup sign-in is answered in its popup only: a response in this tab's own address
        // bar (a crafted link) neither uses it up nor ends anything.
        Ok(Some(pending)) if pending.in_popup => Arrival::Ignored,
        Ok(Some(pending)) => {
            storage.remove(StorageKey::PendingLogin);
            match callback.and_then(|callback| check(callback, pending)) {
                Ok((accepted, return_path)) => {
                    location::replace_path(&full_path(&location::app_base_path(), &return_path));
                    Arrival::Accepted(accepted)
                }
                Err(error) => Arrival::Failed(error),
            }
        }
        Ok(None) => unclaimed(callback, query, fragment),
        Err(error) => Arrival::Failed(error),
    }
}

/// A popup's answer (its `query` and `fragment`, as it came), heard by this tab: checked
/// against the pending sign-in exactly like one in the address bar. The page stays as it is.
pub(super) fn answer_from_popup(query: &str, fragment: &str) -> Arrival {
    let Some(callback) = parse_callback(
        fragment.trim_start_matches('#'),
        query.trim_start_matches('?'),
    ) else {
        return Arrival::Nothing;
    };
    match take_pending() {
        Ok(Some(pending)) => match callback.and_then(|callback| check(callback, pending)) {
            Ok((accepted, _)) => Arrival::Accepted(accepted),
            Err(error) => Arrival::Failed(error),
        },
        Ok(None) => Arrival::Ignored,
        Err(error) => Arrival::Failed(error),
    }
}

/// This tab's pending sign-in, taken out of storage: used up whatever the response says.
fn take_pending() -> Result<Option<PendingLogin>, AuthError> {
    TabStorage::open().and_then(|storage| storage.take::<PendingLogin>(StorageKey::PendingLogin))
}

fn check(callback: Callback, pending: PendingLogin) -> Result<(Accepted, String), AuthError> {
    complete_sign_in(callback, pending, clock::now_ms())
}

/// A response no sign-in of this tab waits for: a popup's, if the tab that opened this window
/// left it the hint of a popup sign-in with the same `state` (Amazon may leave `state` out of
/// an error); anything else is ignored, never passed on.
fn unclaimed(callback: Result<Callback, AuthError>, query: String, fragment: String) -> Arrival {
    let Some(hint) = popup::take_state_hint() else {
        return Arrival::Ignored;
    };
    // A hint left by a build with the popup sign-in is removed, and means nothing here.
    if !super::popup::BUILT_IN {
        return Arrival::Ignored;
    }
    // One that could not be read or removed is not handed on (the waiting tab would read it
    // again without knowing): the popup says why.
    let callback = match callback {
        Ok(callback) => callback,
        Err(error) => return Arrival::Failed(error),
    };
    match callback.state() {
        Some(state) if state != hint => Arrival::Ignored,
        _ => Arrival::Unclaimed {
            state: hint,
            answer: PopupMessage::Answer { query, fragment },
        },
    }
}
