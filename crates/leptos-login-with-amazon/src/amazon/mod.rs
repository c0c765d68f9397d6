//! Amazon's APIs, called straight from the browser: one function per endpoint, a typed answer,
//! and every failure as an [`AuthError`](crate::AuthError).

pub(crate) mod http;
pub mod profile;
#[cfg(feature = "code-pkce")]
pub mod token;
#[cfg(not(feature = "code-pkce"))]
#[path = "token_without_code_grant.rs"]
pub mod token;
pub mod tokeninfo;
