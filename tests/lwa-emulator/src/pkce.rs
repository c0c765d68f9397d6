//! PKCE (RFC 7636): the challenge sent to `/ap/oa` and its check at the token endpoint.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// How the challenge was derived from the verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChallengeMethod {
    Plain,
    S256,
}

/// A `code_challenge` with its method, remembered with the code it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) value: String,
    pub(crate) method: ChallengeMethod,
}

impl Challenge {
    /// Validates the two authorize parameters; the method defaults to `plain` as in RFC 7636.
    pub(crate) fn parse(value: &str, method: Option<&str>) -> Result<Challenge, String> {
        let method = match method {
            None | Some("plain") => ChallengeMethod::Plain,
            Some("S256") => ChallengeMethod::S256,
            Some(other) => return Err(format!("code_challenge_method {other:?} is not supported")),
        };
        if !is_pkce_string(value) {
            return Err(
                "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~".into(),
            );
        }
        Ok(Challenge {
            value: value.to_owned(),
            method,
        })
    }

    /// True when `verifier` is well formed and produces this challenge.
    pub(crate) fn is_met_by(&self, verifier: &str) -> bool {
        if !is_pkce_string(verifier) {
            return false;
        }
        match self.method {
            ChallengeMethod::Plain => verifier == self.value,
            ChallengeMethod::S256 => s256(verifier) == self.value,
        }
    }
}

/// `BASE64URL(SHA256(ASCII(verifier)))`, the S256 transformation.
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// 43 to 128 characters from RFC 7636's unreserved set.
fn is_pkce_string(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn a_short_verifier_never_meets_a_plain_challenge() {
        let challenge = Challenge {
            value: "short".into(),
            method: ChallengeMethod::Plain,
        };
        assert!(!challenge.is_met_by("short"));
    }
}
