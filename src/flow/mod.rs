//! The sign-in state machine. It connects the protocol core, the browser adapters and Amazon's
//! APIs, and publishes one [`AuthState`] that components observe; components never touch URLs,
//! storage or HTTP themselves.

mod arrival;
mod controller;
mod navigation;

pub use controller::{AuthFlow, use_auth};
pub use navigation::{Navigation, use_navigation};

use crate::AuthError;
use crate::amazon::profile::Profile;

/// Everything the UI needs to know about signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthState {
    /// Loading the configuration and the saved session, or checking a sign-in with Amazon.
    Checking,
    /// On the way to Amazon's sign-in page.
    Redirecting,
    /// Not signed in, and why.
    SignedOut(SignedOutReason),
    /// Signed in and verified.
    SignedIn(SignedIn),
    /// Sign-in cannot work until the page is reloaded (configuration or browser problem).
    Unavailable(AuthError),
}

/// Why the person is signed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedOutReason {
    /// They have not signed in in this tab.
    NotSignedIn,
    /// They pressed "Sign out".
    SignedOutByYou,
    /// Something failed; everything of ours has been cleared.
    Failed(AuthError),
}

/// A verified session, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub profile: Profile,
    /// When the session ends, in milliseconds since the Unix epoch.
    pub expires_at_ms: u64,
}
