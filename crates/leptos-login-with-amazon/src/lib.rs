//! Login with Amazon for Leptos apps in the browser.
//!
//! This crate is being drawn out of the Doorstep app (see the repository's README). It holds,
//! so far, the protocol core: plain Rust with no Web APIs, natively tested.
//!
//! - [`auth`]: authorization URLs for both grants, what comes back, `state` and PKCE, sessions
//!   and their generations, renewal, which failures end a session, and what copies of a tab
//!   tell each other;
//! - [`config`]: the configuration (`config.json`'s rules);
//! - [`error`]: [`AuthError`], every failure with a message a person can act on.

pub mod auth;
pub mod config;
pub mod error;

pub use error::AuthError;
