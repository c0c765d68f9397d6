//! Unguessable values: tokens, codes, consent ids, request ids.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// `bytes` random bytes from the OS, base64url without padding.
pub(crate) fn random_string(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    // The OS random source only fails on a broken system; an emulator may stop there.
    getrandom::fill(&mut buffer).expect("the OS random number generator is unavailable");
    URL_SAFE_NO_PAD.encode(buffer)
}
