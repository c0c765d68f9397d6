//! PKCE (RFC 7636): the code verifier kept in this tab and the S256 challenge sent to Amazon.
//! The SHA-256 itself comes from the browser (SubtleCrypto); this module only shapes values.

use std::fmt;

use crate::auth::base64url;
use crate::auth::token::secret_string;

/// How many random bytes a verifier holds: 256 bits, 43 characters once encoded.
pub const VERIFIER_BYTES: usize = 32;

/// The only challenge method this app sends. Amazon defaults to `plain` when it is left out,
/// which would send the verifier itself: it is always sent, and always this.
pub const CHALLENGE_METHOD: &str = "S256";

secret_string!(
    /// A code verifier: base64url of [`VERIFIER_BYTES`] random bytes, within RFC 7636's 43 to
    /// 128 unreserved characters. Kept with the pending sign-in, used once for the exchange.
    CodeVerifier
);

impl CodeVerifier {
    /// A verifier from bytes of a cryptographically secure random source.
    pub fn from_random_bytes(bytes: [u8; VERIFIER_BYTES]) -> Self {
        CodeVerifier::new(base64url::encode(&bytes))
    }
}

/// `code_challenge` for the S256 method: base64url(SHA-256(verifier)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChallenge(String);

impl CodeChallenge {
    /// The challenge for a verifier whose SHA-256 digest is `digest`.
    pub fn from_sha256(digest: [u8; 32]) -> Self {
        CodeChallenge(base64url::encode(&digest))
    }

    /// The value sent as `code_challenge=`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    /// RFC 7636, Appendix B.
    const RFC_VERIFIER_BYTES: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn the_rfc_7636_appendix_b_example_holds() {
        let verifier = CodeVerifier::from_random_bytes(RFC_VERIFIER_BYTES);
        assert_eq!(verifier.secret(), RFC_VERIFIER);
        let digest: [u8; 32] = Sha256::digest(verifier.secret().as_bytes()).into();
        assert_eq!(CodeChallenge::from_sha256(digest).as_str(), RFC_CHALLENGE);
    }

    #[test]
    fn a_verifier_is_43_unreserved_characters() {
        for fill in [0u8, 0x3e, 0xff] {
            let verifier = CodeVerifier::from_random_bytes([fill; VERIFIER_BYTES]);
            assert_eq!(verifier.secret().len(), 43);
            assert!(
                verifier
                    .secret()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
            );
        }
    }

    #[test]
    fn debug_hides_the_verifier() {
        let verifier = CodeVerifier::from_random_bytes(RFC_VERIFIER_BYTES);
        assert_eq!(format!("{verifier:?}"), "CodeVerifier(<redacted>)");
    }
}
