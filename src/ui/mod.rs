//! Components: they render state and report what the person asked for, nothing more.

mod about_sign_in;
mod app;
mod link;
mod login_button;
mod pages;
mod problem_alert;
mod profile_card;
mod sign_in_panel;

pub use about_sign_in::AboutSignIn;
pub use app::App;
pub use link::Link;
pub use login_button::LoginWithAmazonButton;
pub use problem_alert::ProblemAlert;
pub use profile_card::ProfileCard;
use profile_card::sign_out_button;
pub use sign_in_panel::SignInPanel;
