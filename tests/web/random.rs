//! The browser's CSPRNG behind `state`.

use doorstep::browser::random::random_bytes;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn random_bytes_differ_each_time() {
    let first = random_bytes::<32>().expect("crypto.getRandomValues");
    let second = random_bytes::<32>().expect("crypto.getRandomValues");
    assert_ne!(first, second);
    assert_ne!(first, [0; 32]);
}
