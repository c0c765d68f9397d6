//! `Future` and `Stream` for wrapped futures and streams (feature `futures`).

use std::future::Future;
use std::ops::{Deref as _, DerefMut as _};
use std::pin::Pin;
use std::task;

use futures_core::Stream;

use crate::SendWrapper;

impl<F: Future> Future for SendWrapper<F> {
    type Output = F::Output;

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut task::Context<'_>) -> task::Poll<Self::Output> {
        self.assert_valid_for_poll();
        // SAFETY: the wrapped future is pinned with its wrapper and never moved out of it.
        unsafe { self.map_unchecked_mut(Self::deref_mut) }.poll(cx)
    }
}

impl<S: Stream> Stream for SendWrapper<S> {
    type Item = S::Item;

    #[track_caller]
    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut task::Context<'_>,
    ) -> task::Poll<Option<Self::Item>> {
        self.assert_valid_for_poll();
        // SAFETY: as for `poll`.
        unsafe { self.map_unchecked_mut(Self::deref_mut) }.poll_next(cx)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.deref().size_hint()
    }
}
