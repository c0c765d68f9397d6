//! Doorstep's stand-in for [`send_wrapper`](https://crates.io/crates/send_wrapper) 0.6.
//!
//! Leptos wraps every event handler, property and node reference of a view in a
//! `SendWrapper`, which records the thread that made it (`std::thread::current()`) and checks
//! it on every use. On `wasm32` without the `atomics` target feature there is only one thread,
//! so the check can never fail; yet `std::thread::current()` brings in std's thread handles,
//! their reference counting and, for those, Rust's default allocator next to talc: about 2 KB
//! of the first load, gzipped. The root `Cargo.toml` patches `send_wrapper` with this crate:
//! the same API and, elsewhere (native builds, threaded wasm), the same checks; on
//! single-threaded wasm no thread is recorded and every use is valid.

use std::fmt;
use std::mem::{self, ManuallyDrop};
use std::ops::{Deref, DerefMut};

#[cfg(feature = "futures")]
mod futures;

/// The thread a value was made on, where there can be more than one.
#[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Thread(std::thread::ThreadId);

#[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
impl Thread {
    fn current() -> Self {
        Thread(std::thread::current().id())
    }
}

/// The only thread there is.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Thread;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
impl Thread {
    fn current() -> Self {
        Thread
    }
}

/// Moves a value that is not `Send` between threads, checking that it is used (dereferenced,
/// polled, dropped) only on the thread it was made on.
pub struct SendWrapper<T> {
    data: ManuallyDrop<T>,
    thread: Thread,
}

impl<T> SendWrapper<T> {
    /// Wraps `data`, made on the current thread.
    pub fn new(data: T) -> SendWrapper<T> {
        SendWrapper {
            data: ManuallyDrop::new(data),
            thread: Thread::current(),
        }
    }

    /// Whether the value may be used on the current thread.
    pub fn valid(&self) -> bool {
        self.thread == Thread::current()
    }

    /// The value inside; panics on another thread.
    #[track_caller]
    pub fn take(self) -> T {
        self.assert_valid_for_deref();
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used or dropped again.
        unsafe { ManuallyDrop::take(&mut this.data) }
    }

    #[track_caller]
    fn assert_valid_for_deref(&self) {
        if !self.valid() {
            invalid_deref()
        }
    }

    #[cfg(feature = "futures")]
    #[track_caller]
    fn assert_valid_for_poll(&self) {
        if !self.valid() {
            invalid_poll()
        }
    }
}

// SAFETY: the value is only ever used on the thread it was made on: checked where there can be
// more than one thread, and always so on single-threaded wasm, where there is only one.
unsafe impl<T> Send for SendWrapper<T> {}
// SAFETY: as for `Send`.
unsafe impl<T> Sync for SendWrapper<T> {}

impl<T> Deref for SendWrapper<T> {
    type Target = T;

    #[track_caller]
    fn deref(&self) -> &T {
        self.assert_valid_for_deref();
        &self.data
    }
}

impl<T> DerefMut for SendWrapper<T> {
    #[track_caller]
    fn deref_mut(&mut self) -> &mut T {
        self.assert_valid_for_deref();
        &mut self.data
    }
}

impl<T> Drop for SendWrapper<T> {
    #[track_caller]
    fn drop(&mut self) {
        if !mem::needs_drop::<T>() || self.valid() {
            // SAFETY: `data` is dropped once, here.
            unsafe { ManuallyDrop::drop(&mut self.data) }
        } else {
            invalid_drop()
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for SendWrapper<T> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendWrapper")
            .field("data", self.deref())
            .field("thread", &self.thread)
            .finish()
    }
}

impl<T: Clone> Clone for SendWrapper<T> {
    #[track_caller]
    fn clone(&self) -> Self {
        Self::new(self.deref().clone())
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn invalid_deref() -> ! {
    panic!(
        "Dereferenced SendWrapper<T> variable from a thread different to the one it has been created with."
    )
}

#[cfg(feature = "futures")]
#[cold]
#[inline(never)]
#[track_caller]
fn invalid_poll() -> ! {
    panic!(
        "Polling SendWrapper<T> variable from a thread different to the one it has been created with."
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn invalid_drop() {
    if !std::thread::panicking() {
        panic!(
            "Dropped SendWrapper<T> variable from a thread different to the one it has been created with."
        )
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;
    use std::thread;

    use super::SendWrapper;

    #[test]
    fn derefs_and_drops_on_its_own_thread() {
        let wrapped = SendWrapper::new(Rc::new(42));
        assert!(wrapped.valid());
        assert_eq!(**wrapped, 42);
        assert_eq!(*wrapped.clone().take(), 42);
    }

    #[test]
    fn refuses_other_threads() {
        let wrapped = SendWrapper::new(Rc::new(42));
        let moved = thread::spawn(move || {
            assert!(!wrapped.valid());
            // Dropped here, on the wrong thread: a panic, which `join` reports.
        })
        .join();
        assert!(moved.is_err());
    }
}
