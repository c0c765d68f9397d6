//! Doorstep: sign in with Login with Amazon from a browser-only WebAssembly app.
//!
//! Layers (see README, "Architecture"): `browser` adapts Web APIs, `ui` renders state.

pub mod browser;
pub mod error;
pub mod ui;

pub use error::AuthError;
pub use ui::App;
