//! Thin adapters over Web APIs. No protocol rules live here, only access to the browser.

pub mod clock;
pub mod config_file;
pub mod json;
pub mod location;
pub mod random;
pub mod storage;
pub mod visibility;
