//! The sign-in state machine. It connects the protocol core, the browser adapters and Amazon's
//! APIs, and publishes one [`AuthState`] that components observe; components never touch URLs,
//! storage or HTTP themselves.

pub(crate) mod arrival;
mod authorized;
mod controller;
mod copies;
mod popup;
mod renewal;
mod sign_in;

pub use authorized::ApiResponse;
pub use controller::{LoginWithAmazon, provide_login_with_amazon, use_login_with_amazon};

use crate::AuthError;
use crate::amazon::profile::Profile;
use crate::auth::session::SessionSummary;

/// Everything the UI needs to know about signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthState {
    /// Loading the configuration and the saved session, or checking a sign-in with Amazon.
    Checking,
    /// On the way to Amazon's sign-in page.
    Redirecting,
    /// Signing in in Amazon's popup window; the page stays as it is. Signing in again brings
    /// the popup to the front.
    InPopup,
    /// A kept session could not be renewed yet (no connection, or Amazon unavailable): it is
    /// kept, and renewing is retried. The person may sign out.
    Reconnecting,
    /// Not signed in, and why.
    SignedOut(SignedOutReason),
    /// Signed in and verified.
    SignedIn(SignedIn),
    /// Sign-in cannot go on until the person acts: reloads (a configuration or browser
    /// problem).
    Unavailable(AuthError),
    /// A session is kept in this tab, but cannot be shown until the person acts: tries again
    /// ([`AuthError::SessionUnchecked`]: Amazon could not be reached to check it) or reloads
    /// (config.json failed). It is not lost meanwhile, and the person may sign out.
    Kept(AuthError),
}

/// Why the person is signed out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignedOutReason {
    /// They have not signed in in this tab.
    NotSignedIn,
    /// They pressed "Sign out".
    SignedOutByYou,
    /// A sign-in response this tab did not ask for (a crafted or replayed link) was ignored.
    IgnoredResponse,
    /// Something failed; everything of ours has been cleared.
    Failed(AuthError),
    /// This window was a sign-in popup, and handed Amazon's answer to the tab that started the
    /// sign-in (it closes itself where the browser lets it).
    HandedOver,
}

/// A verified session, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The profile Amazon returned when the session was verified.
    pub profile: Profile,
    /// How the session was obtained, and when it ends or renews itself.
    pub session: SessionSummary,
    /// The last renewals failed in a way that may pass: the session is kept while they are
    /// retried.
    pub reconnecting: bool,
}
