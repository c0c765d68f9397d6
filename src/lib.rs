//! Doorstep: sign in with Login with Amazon from a browser-only WebAssembly app.
//!
//! Layers (see docs/develop.md, "Architecture"): `auth` is the pure protocol core, `config` the runtime
//! configuration, `route` the app's pages and paths, `browser` adapts Web APIs, `amazon` calls
//! Amazon's APIs, `flow` runs the sign-in state machine and follows the address bar, and `ui`
//! renders their state.

pub mod amazon;
pub mod browser;
pub mod flow;
pub mod route;
pub mod ui;

// The protocol core, the configuration and the errors live in the library crate.
pub use leptos_login_with_amazon::{AuthError, auth, config, error};
pub use ui::App;
