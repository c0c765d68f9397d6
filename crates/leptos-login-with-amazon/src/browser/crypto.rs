//! The browser's cryptography: secure random bytes (`crypto.getRandomValues`), SHA-256 (for the
//! PKCE challenge) and AES-GCM (sealing what copies of a session tell each other), both from
//! SubtleCrypto. SubtleCrypto keeps cryptographic code out of the .wasm; it exists only on
//! secure pages (https://, or http://localhost for development).

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::SubtleCrypto;

use crate::AuthError;
use crate::auth::base64url;
use crate::auth::token::SealingKey;

/// Bytes of AES-GCM's initialisation vector: 96 bits, fresh and random for every message.
const IV_BYTES: usize = 12;

/// `N` random bytes from the browser's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut bytes = [0u8; N];
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .ok_or(AuthError::RandomUnavailable)?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| AuthError::RandomUnavailable)?;
    Ok(bytes)
}

/// SubtleCrypto; `None` outside secure contexts, where `crypto.subtle` is undefined.
fn subtle() -> Option<SubtleCrypto> {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.subtle())
        .filter(|subtle| !subtle.is_undefined())
}

/// What a SubtleCrypto call resolves to, as a value (`None` if it threw or was rejected).
async fn settle(call: Result<Promise, JsValue>) -> Option<JsValue> {
    JsFuture::from(call.ok()?).await.ok()
}

/// The SHA-256 digest of `data`.
#[cfg(any(feature = "code-pkce", all(test, target_arch = "wasm32")))]
pub async fn sha256(data: &[u8]) -> Result<[u8; 32], AuthError> {
    let subtle = subtle().ok_or(AuthError::CryptoUnavailable)?;
    let digest = settle(subtle.digest_with_str_and_u8_array("SHA-256", data))
        .await
        .ok_or(AuthError::CryptoUnavailable)?;
    Uint8Array::new(&digest)
        .to_vec()
        .try_into()
        .map_err(|_| AuthError::CryptoUnavailable)
}

/// `text` sealed with `key`: AES-GCM with a fresh random IV, as base64url of the IV followed by
/// the ciphertext and its tag. `None` where the browser cannot seal (no SubtleCrypto).
pub async fn seal(key: &SealingKey, text: &str) -> Option<String> {
    let iv = random_bytes::<IV_BYTES>().ok()?;
    let sealed = aes_gcm(key, &iv, text.as_bytes(), true).await?;
    Some(base64url::encode(&[&iv[..], &sealed].concat()))
}

/// The text `sealed` holds, if it was sealed with `key` and not changed since; `None` for
/// anything else (another session's key, a forgery, a changed byte, not sealed at all).
pub async fn open(key: &SealingKey, sealed: &str) -> Option<String> {
    let bytes = base64url::decode(sealed)?;
    let (iv, ciphertext) = bytes.split_at_checked(IV_BYTES)?;
    String::from_utf8(aes_gcm(key, iv, ciphertext, false).await?).ok()
}

/// Encrypts (or decrypts) `data` with AES-GCM under `key` and `iv`.
async fn aes_gcm(key: &SealingKey, iv: &[u8], data: &[u8], encrypt: bool) -> Option<Vec<u8>> {
    let subtle = subtle()?;
    let raw = Uint8Array::from(base64url::decode(key.secret())?.as_slice());
    let usage = if encrypt { "encrypt" } else { "decrypt" };
    let import =
        subtle.import_key_with_str("raw", &raw, "AES-GCM", false, &Array::of1(&usage.into()));
    let key = settle(import).await?;
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"AES-GCM".into()).ok()?;
    Reflect::set(&algorithm, &"iv".into(), &Uint8Array::from(iv)).ok()?;
    let key = key.unchecked_ref();
    let call = if encrypt {
        subtle.encrypt_with_object_and_u8_array(&algorithm, key, data)
    } else {
        subtle.decrypt_with_object_and_u8_array(&algorithm, key, data)
    };
    Some(Uint8Array::new(&settle(call).await?).to_vec())
}
