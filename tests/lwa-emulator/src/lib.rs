//! A local Login with Amazon, faithful to the protocol facts in the project's reference: the
//! authorization endpoint with a consent page, the profile, tokeninfo and token APIs, CORS like a
//! public API, and switches for the ways Amazon can fail. Used as a library by tests and as the
//! `lwa-emulator` binary for development.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use lwa_emulator::{Emulator, Faults};
//! let emulator = Emulator::default().start().await?;
//! println!("authorize at {}/ap/oa", emulator.base_url());
//! emulator.set_faults(Faults { wrong_audience: true, ..Faults::default() });
//! # Ok(()) }
//! ```

mod api;
mod authorize;
mod faults;
mod grants;
mod pages;
mod pkce;
mod random;
mod registry;
mod respond;
mod scope;
mod server;
mod token;
mod wire;

pub use api::FOREIGN_CLIENT_ID;
pub use faults::{
    ApiEndpoint, AuthorizeError, CannedAnswer, Delivery, Faults, HOSTILE_NAME, ProfileFailure,
    ProfileField, REDIRECT_TARGET_PATH,
};
pub use registry::{Account, Client, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URIS};
pub use respond::REQUEST_ID_HEADER;
pub use scope::Scope;
pub use server::{Emulator, RunningEmulator};
