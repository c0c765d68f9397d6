//! Web Locks (`navigator.locks`): one tab at a time does a piece of work, across every tab of
//! this origin. web-sys marks the API unstable, so the one call used is bound here.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`.
    type LockManager;

    /// `locks.request(name, options, callback)`: the lock is held until the promise the
    /// callback returns settles.
    #[wasm_bindgen(catch, method, js_name = request)]
    fn request(
        this: &LockManager,
        name: &str,
        options: &Object,
        callback: &js_sys::Function,
    ) -> Result<Promise, JsValue>;
}

/// What became of work offered to [`run_if_lock_free`].
#[derive(Debug, PartialEq, Eq)]
pub enum Locked<T> {
    /// It ran, holding the lock.
    Ran(T),
    /// Another tab holds the lock: it did not run.
    Busy,
    /// There is no lock to be had: the browser has no Web Locks (older browsers, pages not
    /// served over https), or refused the request. It did not run; the caller decides how to
    /// go on without the lock.
    Unavailable,
}

/// Runs `work` holding the lock `name` if no tab holds it now, without waiting for it.
pub async fn run_if_lock_free<T: 'static>(
    name: &str,
    work: impl Future<Output = T> + 'static,
) -> Locked<T> {
    let Some(locks) = lock_manager() else {
        return Locked::Unavailable;
    };
    let result = Rc::new(RefCell::new(None));
    let slot = result.clone();
    // Whether the browser answered "held elsewhere", as opposed to refusing the request.
    let busy = Rc::new(Cell::new(false));
    let held_elsewhere = busy.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            held_elsewhere.set(true);
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        future_to_promise(async move {
            *slot.borrow_mut() = Some(work.await);
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    // The request settles once the work is done, at once when the lock was taken, or rejected
    // when the browser refuses it (it may also throw).
    if let Ok(request) = locks.request(name, &options, callback.unchecked_ref()) {
        let _ = JsFuture::from(request).await;
    }
    let ran = result.borrow_mut().take();
    match (ran, busy.get()) {
        (Some(outcome), _) => Locked::Ran(outcome),
        (None, true) => Locked::Busy,
        (None, false) => Locked::Unavailable,
    }
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    locks.is_object().then(|| locks.unchecked_into())
}
