//! The protocol core: plain Rust, no Web APIs, natively tested. It builds authorization URLs,
//! parses what comes back, and holds the rules for `state`, sessions and expiry.

pub mod audience;
pub mod authorize;
pub mod base64url;
pub mod callback;
pub mod failure;
pub mod pending;
pub mod scope;
pub mod session;
pub mod state;
pub mod token;
