//! The app's components: its shell, pages and links. The components about signing in come from
//! the library.

mod app;
mod link;
mod pages;

pub use app::App;
pub use link::Link;
