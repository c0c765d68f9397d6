//! What the page found in its URL when it loaded. Runs synchronously, before the page is chosen
//! and before any network request: a sign-in response leaves the address bar first.

use crate::AuthError;
use crate::auth::pending::{Accepted, PendingLogin, complete_sign_in};
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{clock, location};
use crate::paths::full_path;

/// The outcome of reading the URL.
#[derive(Debug)]
pub(super) enum Arrival {
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
}

/// Reads and removes a sign-in response from the URL and checks it against the pending sign-in,
/// which is used up either way (with its PKCE verifier). Only a response to a pending sign-in
/// can change anything. When accepted, the address bar shows the path the person was going to.
pub(super) fn arrive() -> Arrival {
    let Some(callback) = location::take_callback() else {
        return Arrival::Nothing;
    };
    let pending = TabStorage::open()
        .and_then(|storage| storage.take::<PendingLogin>(StorageKey::PendingLogin));
    let pending = match pending {
        Ok(Some(pending)) => pending,
        Ok(None) => return Arrival::Ignored,
        Err(error) => return Arrival::Failed(error),
    };
    match callback.and_then(|callback| complete_sign_in(callback, pending, clock::now_ms())) {
        Ok((accepted, return_path)) => {
            location::replace_path(&full_path(&location::app_base_path(), &return_path));
            Arrival::Accepted(accepted)
        }
        Err(error) => Arrival::Failed(error),
    }
}
