//! Doorstep: sign in with Login with Amazon from a browser-only WebAssembly app.
//!
//! The app is the first user of the [`leptos_login_with_amazon`] library: it holds only its
//! pages (`route`), its navigation between them (`navigation`) and its components (`ui`), and
//! reaches sign-in only through the library's public API.

pub mod navigation;
pub mod route;
pub mod ui;

pub use ui::App;
