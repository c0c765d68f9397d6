//! Components: they render state and report what the person asked for, nothing more.

mod app;
mod login_button;

pub use app::App;
pub use login_button::LoginWithAmazonButton;
