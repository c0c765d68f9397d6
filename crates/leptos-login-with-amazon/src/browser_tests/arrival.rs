//! A sign-in response the page finds in its address bar while no sign-in of this tab is under
//! way, under the hint of a popup sign-in that the tab which opened this window left.

use wasm_bindgen_test::wasm_bindgen_test;

use super::support::{href, session_storage, set_url};
use crate::browser::popup::STATE_HINT as HINT;
use crate::browser::storage::{StorageKey, TabStorage};
use crate::flow::arrival::{Arrival, arrive};

/// Arrives at `url` with the hint `state` planted and no pending sign-in; returns the arrival,
/// the address bar it left, and the hint left in storage.
fn arrive_under_hint(url: &str, state: &str) -> (Arrival, String, Option<String>) {
    let storage = session_storage();
    TabStorage::open()
        .expect("storage")
        .remove(StorageKey::PendingLogin);
    storage.set_item(HINT, state).expect("plant the hint");
    let original = href();
    set_url(url);
    let arrival = arrive();
    let left = href();
    set_url(&original);
    let hint = storage.get_item(HINT).expect("read the hint");
    (arrival, left, hint)
}

/// With the popup sign-in built in, the response is the popup's answer, handed over to the tab
/// waiting for its `state`. A build without it (its config never asks for the popup; the hint
/// was left by a build that had it) ignores the response: nothing is handed over, and
/// whatever this tab holds stays. Either way the hint is used up and the address bar scrubbed.
#[wasm_bindgen_test]
fn a_response_under_a_popup_hint_is_handed_over_only_by_a_build_with_the_popup() {
    let (arrival, left, hint) = arrive_under_hint("/?code=c0de&state=s-1", "s-1");
    assert_eq!(hint, None, "the hint is used up");
    assert!(!left.contains("c0de"), "{left}");
    match arrival {
        Arrival::Unclaimed { state, .. } if cfg!(feature = "popup") => assert_eq!(state, "s-1"),
        Arrival::Ignored if !cfg!(feature = "popup") => {}
        other => panic!("{other:?}"),
    }
}

/// An unreadable response under the hint: the popup says why in a build with it; a build
/// without it ignores it like any response it did not ask for.
#[wasm_bindgen_test]
fn an_unreadable_response_under_a_popup_hint_is_refused_only_by_a_build_with_the_popup() {
    let url = "/#access_token=Atza%7Ca&access_token=Atza%7Cb&state=s-2";
    let (arrival, left, hint) = arrive_under_hint(url, "s-2");
    assert_eq!(hint, None, "the hint is used up");
    assert!(!left.contains("Atza"), "{left}");
    match arrival {
        Arrival::Failed(_) if cfg!(feature = "popup") => {}
        Arrival::Ignored if !cfg!(feature = "popup") => {}
        other => panic!("{other:?}"),
    }
}
