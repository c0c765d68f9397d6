//! `BroadcastChannel`s between this origin's pages: the page's own, opened by [`listen`] and
//! used by [`post`], and others opened by [`open`] (a popup sign-in's). A page does not hear
//! its own messages.

use std::cell::OnceCell;

use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

use super::events::listen as listen_to;

thread_local! {
    /// The page's channel, once opened (the first, should an app be mounted again: tests).
    static CHANNEL: OnceCell<BroadcastChannel> = const { OnceCell::new() };
}

/// Opens the channel `name` and calls `heard` with each text message another tab posts on it,
/// for as long as the page lives. Without `BroadcastChannel` nothing is heard or sent.
pub fn listen(name: &str, heard: impl FnMut(String) + 'static) {
    let Some(channel) = open(name, Box::new(heard)) else {
        return;
    };
    CHANNEL.with(|slot| {
        let _ = slot.set(channel);
    });
}

/// Opens the channel `name` and calls `heard` with each text message another page posts on it,
/// until the channel is closed; `None` without `BroadcastChannel`. (Boxed: one copy of this
/// code in the .wasm for all its callers.)
pub fn open(name: &str, mut heard: Box<dyn FnMut(String)>) -> Option<BroadcastChannel> {
    let channel = BroadcastChannel::new(name).ok()?;
    listen_to(&channel, "message", move |event| {
        let text = event
            .dyn_ref::<MessageEvent>()
            .and_then(|message| message.data().as_string());
        if let Some(text) = text {
            heard(text);
        }
    });
    Some(channel)
}

/// Sends `text` to the other tabs listening on the page's channel.
pub fn post(text: &str) {
    CHANNEL.with(|slot| {
        if let Some(channel) = slot.get() {
            send(channel, text);
        }
    });
}

/// Sends `text` on `channel` to the other pages listening on it.
pub fn send(channel: &BroadcastChannel, text: &str) {
    let _ = channel.post_message(&text.into());
}
