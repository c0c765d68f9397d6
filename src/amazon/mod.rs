//! Amazon's APIs, called straight from the browser: one function per endpoint, a typed answer,
//! and every failure as an [`AuthError`](crate::AuthError).

mod http;
pub mod profile;
pub mod token;
pub mod tokeninfo;
