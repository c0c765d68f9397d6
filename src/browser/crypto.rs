//! The browser's cryptography: secure random bytes (`crypto.getRandomValues`) and SHA-256
//! (`crypto.subtle.digest`, for the PKCE challenge). SubtleCrypto keeps a hash function out of
//! the .wasm; it exists only on secure pages (https://, or http://localhost for development).

use wasm_bindgen_futures::JsFuture;

use crate::AuthError;

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

/// The SHA-256 digest of `data`.
pub async fn sha256(data: &[u8]) -> Result<[u8; 32], AuthError> {
    let subtle = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.subtle())
        // `subtle` is undefined outside secure contexts.
        .filter(|subtle| !subtle.is_undefined())
        .ok_or(AuthError::CryptoUnavailable)?;
    let digest = subtle
        .digest_with_str_and_u8_array("SHA-256", data)
        .map_err(|_| AuthError::CryptoUnavailable)?;
    let digest = JsFuture::from(digest)
        .await
        .map_err(|_| AuthError::CryptoUnavailable)?;
    js_sys::Uint8Array::new(&digest)
        .to_vec()
        .try_into()
        .map_err(|_| AuthError::CryptoUnavailable)
}
