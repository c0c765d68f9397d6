//! What the page found in its URL when it loaded. Runs synchronously, before the router reads
//! the URL and before any network request: the response is removed from the address bar first.

use crate::AuthError;
use crate::auth::pending::{PendingLogin, complete_sign_in};
use crate::auth::session::Session;
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{clock, location};
use crate::route::full_path;

/// The outcome of reading the URL at start-up.
#[derive(Debug)]
pub(super) enum Arrival {
    /// An ordinary page load.
    Nothing,
    /// Amazon's answer to this tab's sign-in: a session still to be verified.
    Returned(Session),
    /// A sign-in response that was refused or reported an error.
    Failed(AuthError),
}

/// Reads and removes a sign-in response from the URL and checks it against the pending sign-in,
/// which is used up either way. On success the address bar shows the path the person was
/// going to; any session kept before is dropped, since a response replaces it.
pub(super) fn arrive() -> Arrival {
    let Some(callback) = location::take_callback() else {
        return Arrival::Nothing;
    };
    let storage = match TabStorage::open() {
        Ok(storage) => storage,
        Err(error) => return Arrival::Failed(error),
    };
    let pending = storage.take::<PendingLogin>(StorageKey::PendingLogin);
    storage.remove(StorageKey::Session);
    let outcome = callback.and_then(|callback| complete_sign_in(callback, pending?));
    match outcome {
        Ok((response, pending)) => {
            location::replace_path(&full_path(&location::app_base_path(), &pending.return_path));
            Arrival::Returned(Session::start(response, clock::now_ms()))
        }
        Err(error) => Arrival::Failed(error),
    }
}
