//! A `BroadcastChannel` between this origin's tabs: one per page, opened by [`listen`], used by
//! [`post`]. A page does not hear its own messages.

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
pub fn listen(name: &str, mut heard: impl FnMut(String) + 'static) {
    let Ok(channel) = BroadcastChannel::new(name) else {
        return;
    };
    listen_to(&channel, "message", move |event| {
        let text = event
            .dyn_ref::<MessageEvent>()
            .and_then(|message| message.data().as_string());
        if let Some(text) = text {
            heard(text);
        }
    });
    CHANNEL.with(|slot| {
        let _ = slot.set(channel);
    });
}

/// Sends `text` to the other tabs listening on the page's channel.
pub fn post(text: &str) {
    CHANNEL.with(|slot| {
        if let Some(channel) = slot.get() {
            let _ = channel.post_message(&text.into());
        }
    });
}
