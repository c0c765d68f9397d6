//! `sessionStorage`, the only place the app keeps anything: it is bound to this tab and is gone
//! when the tab closes, which is what RFC 9700 asks for `state` and short-lived tokens.
//!
//! Every value kept is a flat record (`auth::record`), stored form-encoded
//! (`access_token=…&expires_at_ms=…`), the encoding the app already needs for URLs: no JSON
//! code in the .wasm.

use gloo_storage::{SessionStorage, Storage};

use crate::AuthError;
use crate::auth::record::Record;

/// Every entry the app keeps, each under its own key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKey {
    /// The signed-in session (token, expiry, granted scope).
    Session,
    /// The sign-in that is under way: its `state` and where to return afterwards.
    PendingLogin,
    /// The app's state, kept beside the sign-in under way until the app takes it back. Not
    /// among [`StorageKey::ALL`]: a failed sign-in leaves it for the app (nothing the person
    /// entered is lost); the next sign-in and signing out remove it.
    AppState,
}

impl StorageKey {
    /// The keys of the sign-in itself, which a reset removes.
    pub const ALL: [StorageKey; 2] = [StorageKey::Session, StorageKey::PendingLogin];

    /// The key's name in `sessionStorage`, prefixed so that it cannot collide with other code.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageKey::Session => "doorstep.session",
            StorageKey::PendingLogin => "doorstep.pending_login",
            StorageKey::AppState => "doorstep.app_state",
        }
    }
}

/// Proof that this tab's `sessionStorage` is usable; obtain one with [`TabStorage::open`].
///
/// gloo-storage panics when the browser blocks storage, so every access goes through this
/// value, which can only exist after the check succeeded.
#[derive(Debug, Clone, Copy)]
pub struct TabStorage {
    _checked: (),
}

impl TabStorage {
    /// Checks that `sessionStorage` exists and may be used by this page.
    pub fn open() -> Result<Self, AuthError> {
        let storage = web_sys::window()
            .and_then(|window| window.session_storage().ok().flatten())
            .ok_or(AuthError::StorageUnavailable)?;
        // Some browsers hand out the object but throw on use (e.g. a zero quota).
        let probe = "doorstep.probe";
        storage
            .set_item(probe, "")
            .and_then(|()| storage.remove_item(probe))
            .map_err(|_| AuthError::StorageUnavailable)?;
        Ok(TabStorage { _checked: () })
    }

    /// Stores the record `value`, form-encoded, under `key`, replacing what was there.
    pub fn save<T: Record>(self, key: StorageKey, value: &T) -> Result<(), AuthError> {
        SessionStorage::raw()
            .set_item(key.as_str(), &value.to_record())
            .map_err(|_| AuthError::StorageWriteFailed)
    }

    /// Reads the record under `key`: `None` when there is none. An unreadable entry is removed,
    /// so that one bad value cannot keep failing on every page load.
    pub fn load<T: Record>(self, key: StorageKey) -> Result<Option<T>, AuthError> {
        let Some(encoded) = self.raw(key) else {
            return Ok(None);
        };
        T::from_record(&encoded).map(Some).ok_or_else(|| {
            self.remove(key);
            AuthError::StorageCorrupted
        })
    }

    /// Whether anything is kept under `key`, readable or not. Nothing is changed.
    pub fn holds(self, key: StorageKey) -> bool {
        self.raw(key).is_some()
    }

    /// Reads the record under `key`, leaving an unreadable entry in place: `None` when there is
    /// none or it cannot be read.
    pub fn peek<T: Record>(self, key: StorageKey) -> Option<T> {
        T::from_record(&self.raw(key)?)
    }

    fn raw(self, key: StorageKey) -> Option<String> {
        SessionStorage::raw().get_item(key.as_str()).ok().flatten()
    }

    /// Reads and removes the entry under `key` in one step (for one-use values).
    pub fn take<T: Record>(self, key: StorageKey) -> Result<Option<T>, AuthError> {
        let value = self.load(key);
        self.remove(key);
        value
    }

    /// Removes the entry under `key`, if any.
    pub fn remove(self, key: StorageKey) {
        SessionStorage::delete(key.as_str());
    }

    /// Removes every entry of ours, and only ours.
    pub fn clear_all(self) {
        StorageKey::ALL.into_iter().for_each(|key| self.remove(key));
    }
}

#[cfg(test)]
mod tests {
    use super::StorageKey;
    use std::collections::HashSet;

    #[test]
    fn every_key_is_ours_and_distinct() {
        let keys = StorageKey::ALL.into_iter().chain([StorageKey::AppState]);
        let names: HashSet<&str> = keys.map(StorageKey::as_str).collect();
        assert_eq!(
            names.len(),
            StorageKey::ALL.len() + 1,
            "two keys share a name"
        );
        assert!(
            names.iter().all(|name| name.starts_with("doorstep.")),
            "{names:?}"
        );
    }
}
