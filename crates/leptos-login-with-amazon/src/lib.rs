//! Login with Amazon for Leptos apps that run in the browser, with no server of your own: both
//! OAuth grants Amazon offers browser apps, sessions renewed safely across copies of a tab,
//! every failure worded for the person with its way on, and a call to Amazon's APIs that
//! renews the session when Amazon refuses its token.
//!
//! # Quick start
//!
//! ```no_run
//! use leptos::prelude::*;
//! use leptos_login_with_amazon::*;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     provide_login_with_amazon(Settings::default()); // reads config.json next to index.html
//!     let login = use_login_with_amazon();
//!     view! {
//!         <WhenSignedIn fallback=|| view! { <LoginWithAmazonButton /> }>
//!             <p>"Hello, " {move || match login.state().get() {
//!                 AuthState::SignedIn(signed_in) => signed_in.profile.name,
//!                 _ => None,
//!             }}</p>
//!         </WhenSignedIn>
//!     }
//! }
//! ```
//!
//! `config.json` names your security profile (`{"client_id": "amzn1.application-oa2-client.…",
//! "grant": "code_pkce"}`); or write the configuration in code with
//! [`Config::builder`](config::Config::builder), checked by the same rules:
//!
//! ```no_run
//! # use leptos_login_with_amazon::*;
//! use leptos_login_with_amazon::config::{Config, Grant};
//! provide_login_with_amazon(Config::builder("amzn1.application-oa2-client.0123").grant(Grant::CodePkce));
//! ```
//!
//! # What the app sees
//!
//! [`use_login_with_amazon`] gives a [`LoginWithAmazon`]: its [`state`](LoginWithAmazon::state)
//! is one [`AuthState`] (checking, signed out and why, signed in with the profile and a
//! [`SessionSummary`](auth::session::SessionSummary), reconnecting, kept until checked,
//! unavailable), and its actions are [`sign_in`](LoginWithAmazon::sign_in) (with the app path
//! to come back to), [`sign_out`](LoginWithAmazon::sign_out) and
//! [`retry`](LoginWithAmazon::retry).
//!
//! - **Calling Amazon's APIs**: [`authorized_get`](LoginWithAmazon::authorized_get) sends the
//!   access token as a bearer token to the configured `endpoints.api` only, never follows a redirect, never answers from the HTTP
//!   cache, gives up after 20 s or 64 KB, and when Amazon refuses the token (401) with a
//!   refresh token kept, renews the session once and tries once more.
//! - **State across the redirect**: [`sign_in_with_state`](LoginWithAmazon::sign_in_with_state)
//!   keeps a small serializable value (at most 4 KB as JSON) in the tab with the sign-in, never
//!   sent to Amazon; [`take_app_state`](LoginWithAmazon::take_app_state) gives it back once the
//!   person is back, whatever came of the sign-in.
//! - **Without leaving the page**: with `"popup": true` (or
//!   [`ConfigBuilder::popup`](config::ConfigBuilder::popup)), [`sign_in`](LoginWithAmazon::sign_in)
//!   opens Amazon's page in a popup window (in the click; the full-page redirect when the browser
//!   blocks it), and the page is never reloaded: the popup hands Amazon's answer to the tab that
//!   opened it over a channel named after the sign-in's `state` (see [`auth::popup`]).
//!   [`ProfileCard`] offers "Stay signed in" (a new sign-in in the popup) before a session
//!   without a refresh token ends.
//! - **Words**: every [`AuthError`] has a message a person can act on; give your own with
//!   [`Settings::messages`] (to translate or reword them).
//! - **Components**: [`LoginWithAmazonButton`] (after Amazon's button guidelines),
//!   [`WhenSignedIn`] (children only when signed in, with a fallback), [`SignInPanel`] (every
//!   state but signed in: progress, problems and their way on), [`ProfileCard`],
//!   [`AboutSignIn`] and [`ProblemAlert`]. They carry classes and no styles: link the crate's
//!   `style/login-with-amazon.css` (Trunk: `<link data-trunk rel="css" href="…">`) or style the
//!   classes yourself.
//!
//! # Cargo features
//!
//! | Feature | Default | What it does |
//! |---|---|---|
//! | `code-pkce` | on | The Authorization Code grant with PKCE (what Amazon asks browser apps for): a one-time code exchanged by the page, and refresh tokens that renew the session. |
//! | `implicit` | on | The Implicit grant: the access token in the URL fragment, no renewal. |
//! | `popup` | on | The popup sign-in (`"popup": true`, [`ConfigBuilder::popup`](config::ConfigBuilder::popup)). Without it a config asking for the popup is refused with a message that says so, and its code (about 3.4 KB gzip) is left out. |
//! | `native-json` | off | `config::decode_with_serde_json`, to read `config.json` by the same rules in native tools. |
//!
//! An app that signs in with one grant turns the other off (`default-features = false,
//! features = ["code-pkce"]`, with `"popup"` added if it signs in in a popup): a configuration
//! naming the grant the build lacks is refused with a message that says so, its responses are
//! refused, and the code only it needs (the PKCE challenge, the code exchange and renewals, for
//! the code grant) is left out. The same goes for the popup.
//!
//! # Where it keeps things
//!
//! Only in the tab's `sessionStorage`, under keys starting with `doorstep.` (the session, the
//! sign-in under way, the app state), and, for copies of the tab that were away, a sealed note
//! in `localStorage` that holds no token. The keys are the same for every app using the crate:
//! serve two such apps from different origins (not two paths of one origin), or one tab moving
//! between them shares one sign-in's storage. The crate's repository explains the design, its safety
//! claims and the tests that prove them (`docs/how-sign-in-works.md`).
//!
//! Minimum Rust version: 1.95.
#![deny(missing_docs)]

#[cfg(not(any(feature = "implicit", feature = "code-pkce")))]
compile_error!(
    "leptos-login-with-amazon signs in with at least one grant: enable its feature \"code-pkce\" or \"implicit\"."
);

pub mod auth;
pub mod config;
pub mod error;
pub mod paths;
mod settings;

mod amazon;
mod browser;
mod components;
mod flow;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

pub use amazon::profile::Profile;
pub use components::{
    AboutSignIn, LoginWithAmazonButton, ProblemAlert, ProfileCard, SignInPanel, WhenSignedIn,
};
pub use error::AuthError;
pub use flow::{
    ApiResponse, AuthState, LoginWithAmazon, SignedIn, SignedOutReason, provide_login_with_amazon,
    use_login_with_amazon,
};
pub use settings::{ConfigSource, ErrorMessages, Settings};
