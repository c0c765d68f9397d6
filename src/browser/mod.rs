//! Thin adapters over Web APIs. No protocol rules live here, only access to the browser.

pub mod storage;
