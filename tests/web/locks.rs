//! Web Locks across tabs, and the fallback for browsers without them.

use std::cell::Cell;
use std::rc::Rc;

use doorstep::browser::locks::{Locked, run_if_lock_free};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::wasm_bindgen_test;

fn navigator() -> web_sys::Navigator {
    web_sys::window().expect("window").navigator()
}

#[wasm_bindgen_test]
async fn work_runs_holding_the_lock_and_a_second_request_meanwhile_is_busy() {
    assert!(
        Reflect::get(&navigator(), &"locks".into()).is_ok_and(|locks| locks.is_object()),
        "this browser has Web Locks"
    );
    let second = Rc::new(Cell::new(None));
    let seen = second.clone();
    let ran = run_if_lock_free("doorstep.test.lock", async move {
        // While this holds the lock, another request for it does not wait, and does not run.
        spawn_local(async move {
            let outcome = run_if_lock_free("doorstep.test.lock", async { "second" }).await;
            seen.set(Some(outcome == Locked::Busy));
        });
        TimeoutFuture::new(200).await;
        "first"
    })
    .await;
    assert_eq!(ran, Locked::Ran("first"));
    assert_eq!(
        second.get(),
        Some(true),
        "the second request found the lock taken"
    );
    let after = run_if_lock_free("doorstep.test.lock", async { 7 }).await;
    assert_eq!(
        after,
        Locked::Ran(7),
        "the lock is free again once the work is done"
    );
}

#[wasm_bindgen_test]
async fn without_web_locks_the_work_simply_runs() {
    // Hide navigator.locks, as in a browser without the API.
    let hidden = Object::new();
    Reflect::set(&hidden, &"value".into(), &JsValue::UNDEFINED).expect("descriptor");
    Reflect::set(&hidden, &"configurable".into(), &JsValue::TRUE).expect("descriptor");
    Object::define_property(&navigator(), &"locks".into(), &hidden);
    let ran = run_if_lock_free("doorstep.test.nolock", async { "ran" }).await;
    Reflect::delete_property(&navigator(), &"locks".into()).expect("restore navigator.locks");
    assert_eq!(ran, Locked::Ran("ran"));
    assert!(
        Reflect::get(&navigator(), &"locks".into()).is_ok_and(|locks| locks.is_object()),
        "restored"
    );
}
