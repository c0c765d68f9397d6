//! Thin adapters over Web APIs. No protocol rules live here, only access to the browser.

pub mod channel;
pub mod clock;
pub mod config_file;
pub mod crypto;
pub mod events;
pub mod framing;
pub mod http;
pub mod json;
pub mod location;
pub mod locks;
pub mod notes;
pub mod popup;
pub mod storage;
pub mod visibility;
