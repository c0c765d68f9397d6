//! The one error type of the app. Its `Display` is what the person reads, so every message says
//! what happened and what to do next, and none of them ever contains a token.

use thiserror::Error;

/// Everything that can go wrong, worded for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthError {
    /// The browser refuses access to `sessionStorage` (blocked site data, some private modes).
    #[error(
        "This browser is blocking session storage, which sign-in needs. Allow site data for this page, then reload."
    )]
    StorageUnavailable,
    /// Writing to `sessionStorage` failed, typically because its quota is used up.
    #[error(
        "This browser could not save your sign-in for this tab. Free some site data, then try again."
    )]
    StorageWriteFailed,
    /// Something under one of our keys could not be read back; it has been removed.
    #[error(
        "Saved sign-in data in this tab was unreadable and has been cleared. Please sign in again."
    )]
    StorageCorrupted,
}
