//! Web Locks (`navigator.locks`): one tab at a time does a piece of work, across every tab of
//! this origin. web-sys marks the API unstable, so the one call used is bound here.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};

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
    /// It ran: holding the lock, or told that there was none to be had.
    Ran(T),
    /// Another tab holds the lock: it did not run.
    Busy,
}

/// Runs `work(true)` holding the lock `name` if no tab holds it now, without waiting for it.
/// Where there is no lock to be had (a browser without Web Locks, a page not served over https,
/// or a request the browser refused), runs `work(false)`: the work is told it has no lock, and
/// keeps itself safe some other way. A lock held elsewhere is never mistaken for that.
pub async fn run_if_lock_free<T: 'static, F: Future<Output = T> + 'static>(
    name: &str,
    work: impl FnOnce(bool) -> F + 'static,
) -> Locked<T> {
    // Cells rather than RefCells: taking a value out cannot fail.
    let work = Rc::new(Cell::new(Some(work)));
    let result = Rc::new(Cell::new(None));
    // Whether the browser answered "held elsewhere", as opposed to refusing the request.
    let busy = Rc::new(Cell::new(false));
    if let Some(locks) = lock_manager() {
        let (offered, slot, held_elsewhere) = (work.clone(), result.clone(), busy.clone());
        let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
            match offered.take() {
                // The lock is held until the promise returned here settles: when the work is done.
                Some(work) if !lock.is_null() => {
                    let mut work = Some(work);
                    Promise::new(&mut |release, _| {
                        let (work, slot) = (work.take(), slot.clone());
                        spawn_local(async move {
                            if let Some(work) = work {
                                slot.set(Some(work(true).await));
                            }
                            let _ = release.call0(&JsValue::UNDEFINED);
                        });
                    })
                }
                _ => {
                    held_elsewhere.set(true);
                    Promise::resolve(&JsValue::UNDEFINED)
                }
            }
        });
        let options = Object::new();
        let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
        // The request settles once the work is done, at once when the lock was taken, or
        // rejected when the browser refuses it (it may also throw).
        if let Ok(request) = locks.request(name, &options, callback.unchecked_ref()) {
            let _ = JsFuture::from(request).await;
        }
    }
    match (result.take(), work.take()) {
        (Some(outcome), _) => Locked::Ran(outcome),
        (None, Some(work)) if !busy.get() => Locked::Ran(work(false).await),
        (None, _) => Locked::Busy,
    }
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    locks.is_object().then(|| locks.unchecked_into())
}
