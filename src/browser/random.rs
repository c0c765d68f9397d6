//! Cryptographically secure random bytes from `crypto.getRandomValues`.

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
