//! Doorstep's stand-in for [`wasm-streams`](https://crates.io/crates/wasm-streams) 0.5.
//!
//! Leptos always builds `server_fn`'s browser client, which streams request and response
//! bodies of server functions through `wasm-streams`. That crate exports three JavaScript
//! classes with `#[wasm_bindgen]`; exports are roots for the linker, so their code (and the
//! futures it spawns) stays in the `.wasm` even though Doorstep has no server functions and
//! nothing ever calls them: about 4.5 KB of the first load, gzipped. The root `Cargo.toml`
//! patches `wasm-streams` with this crate, which has the API `server_fn` compiles against and
//! none of that code. A streaming server function would panic here; Doorstep has none, and
//! an app that adds one must drop the patch.

use futures_util::stream::{Empty, Stream};
use wasm_bindgen::JsValue;

const NO_SERVER_FUNCTIONS: &str =
    "Doorstep patches wasm-streams out: streaming server functions are not available";

/// A browser `ReadableStream`, as `server_fn` holds one.
///
/// ```
/// # fn stand_in(raw: web_sys::ReadableStream) {
/// let stream = wasm_streams::ReadableStream::from_raw(raw);
/// let _raw: web_sys::ReadableStream = stream.into_raw();
/// # }
/// ```
pub struct ReadableStream(web_sys::ReadableStream);

impl ReadableStream {
    /// Wraps a browser `ReadableStream`.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream(raw)
    }

    /// The browser `ReadableStream` inside.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.0
    }

    /// Would turn a Rust stream into a browser one, for a streaming request body; panics.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        panic!("{NO_SERVER_FUNCTIONS}")
    }

    /// Would read a streaming response body as a Rust stream; panics.
    pub fn into_stream(self) -> Empty<Result<JsValue, JsValue>> {
        panic!("{NO_SERVER_FUNCTIONS}")
    }
}
