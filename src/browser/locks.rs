//! Web Locks (`navigator.locks`): one tab at a time does a piece of work, across every tab of
//! this origin. web-sys marks the API unstable, so the one call used is bound here.

use std::cell::RefCell;
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
    #[wasm_bindgen(method, js_name = request)]
    fn request(
        this: &LockManager,
        name: &str,
        options: &Object,
        callback: &js_sys::Function,
    ) -> Promise;
}

/// What became of work offered to [`run_if_lock_free`].
#[derive(Debug, PartialEq, Eq)]
pub enum Locked<T> {
    /// It ran, holding the lock (or without one, where the browser has no Web Locks).
    Ran(T),
    /// Another tab holds the lock: it did not run.
    Busy,
}

/// Runs `work` holding the lock `name` if no tab holds it now, without waiting for it. Where the
/// browser has no Web Locks (older browsers, pages not served over https), `work` simply runs:
/// then only each tab's own guard keeps it to one at a time.
pub async fn run_if_lock_free<T: 'static>(
    name: &str,
    work: impl Future<Output = T> + 'static,
) -> Locked<T> {
    let Some(locks) = lock_manager() else {
        return Locked::Ran(work.await);
    };
    let result = Rc::new(RefCell::new(None));
    let slot = result.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        future_to_promise(async move {
            *slot.borrow_mut() = Some(work.await);
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let request = locks.request(name, &options, callback.unchecked_ref());
    // The request settles once the work is done (or at once, when the lock was taken).
    let _ = JsFuture::from(request).await;
    let ran = result.borrow_mut().take();
    ran.map_or(Locked::Busy, Locked::Ran)
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    locks.is_object().then(|| locks.unchecked_into())
}
