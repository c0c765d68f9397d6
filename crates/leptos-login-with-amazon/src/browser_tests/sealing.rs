//! Sealing what copies of a session tell each other (AES-GCM through SubtleCrypto): only a page
//! holding the session's key can read a sealed message, and any change to one is refused.

use crate::auth::base64url;
use crate::auth::token::SealingKey;
use crate::browser::crypto::{open, random_bytes, seal};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const NEWS: &str =
    "current id=S1&generation=2&access_token=Atza%7Csecret&refresh_token=Atzr%7Csecret";

fn new_key() -> SealingKey {
    SealingKey::new(base64url::encode(&random_bytes::<32>().expect("random")))
}

#[wasm_bindgen_test]
async fn a_sealed_message_opens_with_its_key_and_shows_nothing_in_clear() {
    let key = new_key();
    let sealed = seal(&key, NEWS).await.expect("sealed");
    assert_eq!(open(&key, &sealed).await.as_deref(), Some(NEWS));
    // Neither as text nor as bytes (words long enough that random ciphertext never holds
    // them by chance: a two-letter one, such as the id, did about one run in thirty).
    let bytes = base64url::decode(&sealed).expect("base64url");
    for clear in [
        "Atza%7Csecret",
        "Atzr%7Csecret",
        "secret",
        "current",
        "generation",
    ] {
        assert!(!sealed.contains(clear), "{clear} in {sealed}");
        let found = bytes
            .windows(clear.len())
            .any(|window| window == clear.as_bytes());
        assert!(!found, "{clear} in the sealed bytes");
    }
    // The IV (12 bytes) and the tag (16) around a ciphertext as long as the text.
    assert_eq!(bytes.len(), 12 + NEWS.len() + 16);
    let again = seal(&key, NEWS).await.expect("sealed");
    assert_ne!(sealed, again, "a fresh IV each time");
}

#[wasm_bindgen_test]
async fn another_key_a_changed_byte_or_a_forgery_opens_to_nothing() {
    let key = new_key();
    let sealed = seal(&key, NEWS).await.expect("sealed");
    assert_eq!(
        open(&new_key(), &sealed).await,
        None,
        "another session's key"
    );
    let mut bytes = base64url::decode(&sealed).expect("base64url");
    for index in [0, 11, 12, bytes.len() - 1] {
        bytes[index] ^= 1;
        let changed = base64url::encode(&bytes);
        assert_eq!(open(&key, &changed).await, None, "byte {index} changed");
        bytes[index] ^= 1;
    }
    for forged in [
        "",
        "ended 1 signed_out",
        "not base64!",
        &sealed[..sealed.len() - 4],
        &base64url::encode(&[0; 12]),
        &base64url::encode(b"current id=S1&generation=99"),
    ] {
        assert_eq!(open(&key, forged).await, None, "{forged:?}");
    }
    assert_eq!(
        open(&SealingKey::new("not a key".into()), &sealed).await,
        None
    );
}

#[wasm_bindgen_test]
async fn it_is_aes_gcm_with_the_iv_in_front_as_the_browser_itself_decrypts_it() {
    let raw = random_bytes::<32>().expect("random");
    let key = SealingKey::new(base64url::encode(&raw));
    let sealed = base64url::decode(&seal(&key, NEWS).await.expect("sealed")).expect("base64url");
    let subtle = web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .subtle();
    let usages = Array::of1(&"decrypt".into());
    let import = subtle
        .import_key_with_str(
            "raw",
            &Uint8Array::from(&raw[..]),
            "AES-GCM",
            false,
            &usages,
        )
        .expect("importKey");
    let imported = JsFuture::from(import).await.expect("a key");
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"AES-GCM".into()).expect("name");
    Reflect::set(&algorithm, &"iv".into(), &Uint8Array::from(&sealed[..12])).expect("iv");
    let decrypt = subtle
        .decrypt_with_object_and_u8_array(&algorithm, imported.unchecked_ref(), &sealed[12..])
        .expect("decrypt");
    let plain = Uint8Array::new(&JsFuture::from(decrypt).await.expect("decrypted")).to_vec();
    assert_eq!(String::from_utf8(plain).as_deref(), Ok(NEWS));
}

#[wasm_bindgen_test]
async fn a_session_without_a_key_seals_nothing_and_opens_nothing() {
    // What a session kept by the release before generations reads as: its copies keep it
    // each on their own, and no page can speak for them.
    let none = SealingKey::new(String::new());
    assert_eq!(seal(&none, NEWS).await, None);
    let sealed = seal(&new_key(), NEWS).await.expect("sealed");
    assert_eq!(open(&none, &sealed).await, None);
}
