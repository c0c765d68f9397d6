//! The browser's cryptography behind `state`, the PKCE verifier and its challenge.

use crate::auth::pkce::{CodeChallenge, CodeVerifier};
use crate::browser::crypto::{random_bytes, sha256};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn random_bytes_differ_each_time() {
    let first = random_bytes::<32>().expect("crypto.getRandomValues");
    let second = random_bytes::<32>().expect("crypto.getRandomValues");
    assert_ne!(first, second);
    assert_ne!(first, [0; 32]);
}

#[wasm_bindgen_test]
async fn sha256_matches_the_standard_test_vectors() {
    let empty = sha256(b"").await.expect("SubtleCrypto");
    assert_eq!(
        empty[..4],
        [0xe3, 0xb0, 0xc4, 0x42],
        "SHA-256 of the empty string starts e3b0c442"
    );
    let abc = sha256(b"abc").await.expect("SubtleCrypto");
    assert_eq!(abc[..4], [0xba, 0x78, 0x16, 0xbf]);
    assert_eq!(abc[28..], [0xf2, 0x00, 0x15, 0xad]);
}

#[wasm_bindgen_test]
async fn the_browser_computes_the_rfc_7636_challenge() {
    let verifier = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
    let digest = sha256(verifier.secret().as_bytes())
        .await
        .expect("SubtleCrypto");
    assert_eq!(
        CodeChallenge::from_sha256(digest).as_str(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}
