//! The protocol core: plain Rust, no Web APIs, natively tested. It builds authorization URLs,
//! parses what comes back, and holds the rules for `state`, PKCE, sessions, renewal and expiry,
//! what a failed call means, and what tabs sharing a session tell each other.

pub mod api_call;
pub mod app_state;
pub mod audience;
pub mod authorize;
pub mod base64url;
pub mod callback;
pub mod failure;
pub mod news;
pub mod pending;
pub mod pkce;
pub mod popup;
pub mod record;
pub mod renewal;
pub mod scope;
pub mod session;
pub mod state;
pub mod token;
pub mod token_answer;

#[cfg(test)]
mod redaction_tests;
