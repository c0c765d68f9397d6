//! Components about signing in: they render the state they are given and report what the
//! person asked for, nothing more.

mod about_sign_in;
mod login_button;
mod problem_alert;
mod profile_card;
mod sign_in_panel;
mod when_signed_in;

pub use about_sign_in::AboutSignIn;
pub use login_button::LoginWithAmazonButton;
pub use problem_alert::ProblemAlert;
pub use profile_card::ProfileCard;
use profile_card::sign_out_button;
pub use sign_in_panel::SignInPanel;
pub use when_signed_in::WhenSignedIn;
