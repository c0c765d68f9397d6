//! Web Locks across tabs, and the fallback for browsers without them.

use std::cell::Cell;
use std::rc::Rc;

use crate::browser::locks::{Locked, run_if_lock_free};
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
    let ran = run_if_lock_free("doorstep.test.lock", move |locked| async move {
        // While this holds the lock, another request for it does not wait, and does not run.
        spawn_local(async move {
            let outcome = run_if_lock_free("doorstep.test.lock", |_| async { "second" }).await;
            seen.set(Some(outcome == Locked::Busy));
        });
        TimeoutFuture::new(200).await;
        ("first", locked)
    })
    .await;
    assert_eq!(ran, Locked::Ran(("first", true)), "it ran holding the lock");
    assert_eq!(
        second.get(),
        Some(true),
        "the second request found the lock taken"
    );
    let after = run_if_lock_free("doorstep.test.lock", |locked| async move { (7, locked) }).await;
    assert_eq!(
        after,
        Locked::Ran((7, true)),
        "the lock is free again once the work is done"
    );
}

/// Runs `run_if_lock_free` with `navigator.locks` replaced by `locks` for the duration; the
/// work reports whether it held the lock.
async fn with_locks_replaced_by(locks: JsValue) -> Locked<bool> {
    let replaced = Object::new();
    Reflect::set(&replaced, &"value".into(), &locks).expect("descriptor");
    Reflect::set(&replaced, &"configurable".into(), &JsValue::TRUE).expect("descriptor");
    Object::define_property(&navigator(), &"locks".into(), &replaced);
    let outcome = run_if_lock_free("doorstep.test.replaced", |locked| async move { locked }).await;
    Reflect::delete_property(&navigator(), &"locks".into()).expect("restore navigator.locks");
    assert!(
        Reflect::get(&navigator(), &"locks".into()).is_ok_and(|locks| locks.is_object()),
        "restored"
    );
    outcome
}

/// A `navigator.locks` whose `request` does what `body` (a JS function body) says.
fn lock_manager_whose_request(body: &str) -> JsValue {
    let manager = Object::new();
    let request = js_sys::Function::new_no_args(body);
    Reflect::set(&manager, &"request".into(), &request).expect("request");
    manager.into()
}

#[wasm_bindgen_test]
async fn without_web_locks_the_work_runs_told_that_it_holds_no_lock() {
    assert_eq!(
        with_locks_replaced_by(JsValue::UNDEFINED).await,
        Locked::Ran(false)
    );
}

#[wasm_bindgen_test]
async fn a_refused_lock_request_is_told_apart_from_a_lock_held_elsewhere() {
    let rejecting = lock_manager_whose_request(
        "return Promise.reject(new DOMException('refused', 'SecurityError'));",
    );
    assert_eq!(with_locks_replaced_by(rejecting).await, Locked::Ran(false));
    let throwing =
        lock_manager_whose_request("throw new DOMException('refused', 'InvalidStateError');");
    assert_eq!(with_locks_replaced_by(throwing).await, Locked::Ran(false));
    // As the real API does when the lock is held elsewhere: the callback gets null.
    let held = lock_manager_whose_request("return Promise.resolve(arguments[2](null));");
    assert_eq!(with_locks_replaced_by(held).await, Locked::Busy);
}
