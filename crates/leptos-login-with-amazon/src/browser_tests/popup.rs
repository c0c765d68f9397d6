//! The popup sign-in's channel, keyed by the sign-in's `state`: an answer reaches only the tab
//! waiting for that `state`, which checks it like one in its own address bar and says it took
//! it; an answer nobody waits for is not used. (The windows themselves are driven end to end
//! in `tests/e2e`.)

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{BroadcastChannel, MessageEvent};

use super::support::{Mounted, eventually, href, mount, session_storage, set_url};
use crate::auth::pending::PendingLogin;
use crate::auth::popup::channel_name;
use crate::auth::state::CsrfState;
use crate::browser::channel;
use crate::browser::clock;
use crate::browser::storage::{StorageKey, TabStorage};
use crate::config::Config;
use crate::{Settings, provide_login_with_amazon};

/// Another page on a channel: what it hears, and a way to post.
struct Peer {
    channel: BroadcastChannel,
    heard: Rc<RefCell<Vec<String>>>,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl Peer {
    fn on(name: &str) -> Peer {
        let channel = BroadcastChannel::new(name).expect("BroadcastChannel");
        let heard = Rc::new(RefCell::new(Vec::new()));
        let into = heard.clone();
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            into.borrow_mut()
                .push(event.data().as_string().unwrap_or_default());
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Peer {
            channel,
            heard,
            _listener: listener,
        }
    }

    fn post(&self, text: &str) {
        self.channel.post_message(&text.into()).expect("post");
    }

    fn heard(&self) -> Vec<String> {
        self.heard.borrow().clone()
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.channel.close();
    }
}

/// Saves, as this tab's, a popup sign-in (implicit grant) for `state`, started now.
fn pending_popup_sign_in(state: &str) -> PendingLogin {
    let pending = PendingLogin {
        in_popup: true,
        ..PendingLogin::new(CsrfState::kept(state.into()), None, "/", clock::now_ms())
    };
    TabStorage::open()
        .and_then(|storage| storage.save(StorageKey::PendingLogin, &pending))
        .expect("save");
    pending
}

/// The app's flow with the popup sign-in configured (its endpoints are never called here),
/// showing its state as text.
fn popup_app() -> Mounted {
    mount(|| {
        let config = Config::builder("amzn1.application-oa2-client.popup-test")
            .authorize_endpoint("http://127.0.0.1:9/ap/oa")
            .api_endpoint("http://127.0.0.1:9")
            .popup(true);
        let login = provide_login_with_amazon(Settings::config(config));
        view! { <p id="state">{move || format!("{:?}", login.state().get())}</p> }
    })
}

#[wasm_bindgen_test]
async fn an_answer_travels_only_on_the_channel_of_its_state() {
    let waiting = Rc::new(RefCell::new(Vec::new()));
    let other = Rc::new(RefCell::new(Vec::new()));
    let (into_waiting, into_other) = (waiting.clone(), other.clone());
    let first = channel::open(
        &channel_name("state-one"),
        Box::new(move |text| into_waiting.borrow_mut().push(text)),
    )
    .expect("channel");
    let second = channel::open(
        &channel_name("state-two"),
        Box::new(move |text| into_other.borrow_mut().push(text)),
    )
    .expect("channel");
    let popup = Peer::on(&channel_name("state-one"));
    popup.post("answer?code=c&state=state-one");
    assert!(eventually(|| !waiting.borrow().is_empty()).await);
    clock::sleep(100).await;
    assert_eq!(*waiting.borrow(), ["answer?code=c&state=state-one"]);
    assert!(other.borrow().is_empty(), "another sign-in hears nothing");
    first.close();
    second.close();
}

#[wasm_bindgen_test]
async fn the_tab_waiting_checks_the_answer_for_its_state_and_says_it_took_it() {
    session_storage().clear().expect("clear");
    let state = "waiting-state-0123456789";
    pending_popup_sign_in(state);
    let page = popup_app();
    assert!(eventually(|| page.text("#state").contains("NotSignedIn")).await);

    // An answer on another sign-in's channel, and something that is not an answer on this
    // one, change nothing.
    let stranger = Peer::on(&channel_name("someone-elses-state"));
    stranger.post("answer#error=access_denied&state=someone-elses-state");
    let popup = Peer::on(&channel_name(state));
    popup.post("hello");
    clock::sleep(300).await;
    assert!(page.text("#state").contains("NotSignedIn"));
    assert!(stranger.heard().is_empty() && popup.heard().is_empty());

    // The popup's answer: checked against the pending sign-in (its state matches, so Amazon's
    // refusal is shown), used up, and acknowledged.
    popup.post(&format!("answer#error=access_denied&state={state}"));
    assert!(
        eventually(|| page.text("#state").contains("AccessDenied")).await,
        "{}",
        page.text("#state")
    );
    assert!(eventually(|| popup.heard() == ["taken"]).await);
    assert!(
        TabStorage::open()
            .expect("storage")
            .peek::<PendingLogin>(StorageKey::PendingLogin)
            .is_none(),
        "the pending sign-in is used up"
    );
}

#[wasm_bindgen_test]
async fn an_answer_whose_state_differs_from_the_pending_one_is_refused() {
    session_storage().clear().expect("clear");
    let state = "pending-state-abcdefghij";
    pending_popup_sign_in(state);
    let page = popup_app();
    assert!(eventually(|| page.text("#state").contains("NotSignedIn")).await);
    // Posted on the right channel, but the response names another state.
    let popup = Peer::on(&channel_name(state));
    popup.post("answer#access_token=Atza%7Cforged&token_type=bearer&expires_in=3600&state=forged");
    assert!(
        eventually(|| page.text("#state").contains("StateMismatch")).await,
        "{}",
        page.text("#state")
    );
    assert!(!page.text("#state").contains("SignedIn("));
}

#[wasm_bindgen_test]
async fn a_popup_hands_its_answer_over_and_says_when_no_tab_waits_for_it() {
    session_storage().clear().expect("clear");
    // The opener's hint: this window is a sign-in popup.
    session_storage()
        .set_item("doorstep.popup_state", "orphan-state")
        .expect("hint");
    let listener = Peer::on(&channel_name("orphan-state"));
    let original = href();
    set_url("/?code=ANcode&scope=profile&state=orphan-state");
    let page = popup_app();
    let address = href();
    set_url(&original);
    assert!(
        !address.contains("code="),
        "the answer left the address bar"
    );
    // First, at once, that it is back (nothing secret); then, once config.json is loaded, the
    // answer as it came.
    assert!(eventually(|| listener.heard().len() >= 2).await);
    assert_eq!(
        listener.heard()[..2],
        [
            "back",
            "answer?code=ANcode&scope=profile&state=orphan-state"
        ]
    );
    // It says it again while nobody answers "taken" (the waiting tab may be reloading)...
    assert!(eventually(|| listener.heard().len() >= 3).await);
    // ...and after about five seconds, that no tab is waiting.
    let no_tab = || page.text("#state").contains("NoTabWaiting");
    let said = eventually(no_tab).await || eventually(no_tab).await;
    assert!(said, "{}", page.text("#state"));
    assert_eq!(
        session_storage()
            .get_item("doorstep.popup_state")
            .ok()
            .flatten(),
        None,
        "the hint is used once"
    );
}

#[wasm_bindgen_test]
async fn a_response_in_a_window_no_popup_sign_in_opened_is_never_passed_on() {
    session_storage().clear().expect("clear");
    // No hint: an ordinary tab that opened a crafted link, with a state someone listens for.
    let listener = Peer::on(&channel_name("chosen-by-someone"));
    let original = href();
    let crafted =
        "/#access_token=Atza%7Cvictim&token_type=bearer&expires_in=60&state=chosen-by-someone";
    set_url(crafted);
    let page = popup_app();
    set_url(&original);
    assert!(eventually(|| page.text("#state").contains("IgnoredResponse")).await);
    clock::sleep(700).await;
    assert!(listener.heard().is_empty(), "{:?}", listener.heard());
    drop(page);

    // A hint for another state (planted, or stale) does not make it one either.
    session_storage()
        .set_item("doorstep.popup_state", "another-state")
        .expect("hint");
    set_url(crafted);
    let page = popup_app();
    set_url(&original);
    assert!(eventually(|| page.text("#state").contains("IgnoredResponse")).await);
    clock::sleep(700).await;
    assert!(listener.heard().is_empty(), "{:?}", listener.heard());
}

#[wasm_bindgen_test]
async fn a_response_in_the_opening_tabs_own_address_bar_leaves_its_popup_sign_in_pending() {
    session_storage().clear().expect("clear");
    let state = "answered-in-the-popup-only";
    let pending = pending_popup_sign_in(state);
    let original = href();
    set_url(&format!("/#error=access_denied&state={state}"));
    let page = popup_app();
    set_url(&original);
    assert!(eventually(|| page.text("#state").contains("IgnoredResponse")).await);
    assert_eq!(
        TabStorage::open()
            .expect("storage")
            .peek::<PendingLogin>(StorageKey::PendingLogin),
        Some(pending),
        "still waiting for the popup"
    );
    // The popup's own answer is still taken.
    let popup = Peer::on(&channel_name(state));
    popup.post(&format!("answer#error=access_denied&state={state}"));
    assert!(eventually(|| page.text("#state").contains("AccessDenied")).await);
    assert!(eventually(|| popup.heard() == ["taken"]).await);
}
