//! Components about signing in: they render the state they are given and report what the
//! person asked for, nothing more.
//!
//! Their clicks are listened to with `on:click:capture`, on the button itself: there, capture
//! and bubbling see the same click. A bubbling `on:click` makes tachys (0.2.19) keep its event
//! delegation in the .wasm, unused (a global set of event names, with its hashing), which
//! costs the first load about 2.2 KB gzip; with only capturing listeners, none of it is built.

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
