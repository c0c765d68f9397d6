//! The emulator over real HTTP on 127.0.0.1: every endpoint, every error path, CORS, expiry,
//! single-use codes, PKCE, and requests that must be refused without bringing it down.

mod app_config;
mod authorize;
mod cors;
mod hardening;
mod profile;
mod robustness;
mod support;
mod token;
mod tokeninfo;
