//! The OAuth `state`: an unguessable, one-time value that ties Amazon's answer to the sign-in
//! this tab started (RFC 9700 §2.1, CSRF protection).

use std::fmt;

use crate::auth::base64url;

/// How many random bytes a state holds: 256 bits, as Amazon's CSRF guidance suggests.
pub const STATE_BYTES: usize = 32;

/// A `state` value: base64url of random bytes, so only URL-safe characters (Amazon has been seen
/// to HTML-entity-encode others). `Debug` hides it while it is a live secret.
#[derive(Clone, PartialEq, Eq)]
pub struct CsrfState(String);

impl CsrfState {
    /// A state from [`STATE_BYTES`] bytes of a cryptographically secure random source.
    pub fn from_random_bytes(bytes: [u8; STATE_BYTES]) -> Self {
        CsrfState(base64url::encode(&bytes))
    }

    /// A state this tab made earlier, read back from where it kept it.
    pub fn kept(value: String) -> Self {
        CsrfState(value)
    }

    /// The value sent as `state=`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `returned` is this state, compared in constant time so that timing reveals
    /// nothing about how much of a guess was right.
    pub fn matches(&self, returned: &str) -> bool {
        let (expected, returned) = (self.0.as_bytes(), returned.as_bytes());
        expected.len() == returned.len()
            && expected
                .iter()
                .zip(returned)
                .fold(0u8, |difference, (a, b)| difference | (a ^ b))
                == 0
    }
}

impl fmt::Debug for CsrfState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfState(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_43_url_safe_characters() {
        let state = CsrfState::from_random_bytes([0xfb; STATE_BYTES]);
        assert_eq!(state.as_str().len(), 43);
        assert!(
            state
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn different_bytes_give_different_states() {
        let mut other = [7u8; STATE_BYTES];
        other[31] = 8;
        assert_ne!(
            CsrfState::from_random_bytes([7; STATE_BYTES]),
            CsrfState::from_random_bytes(other)
        );
    }

    #[test]
    fn matches_only_the_exact_value() {
        let state = CsrfState::from_random_bytes(std::array::from_fn(|index| index as u8 * 7));
        let value = state.as_str().to_owned();
        assert_ne!(
            value,
            value.to_uppercase(),
            "the sample must have lower-case letters"
        );
        assert!(state.matches(&value));
        assert!(!state.matches(&value[..42]));
        assert!(!state.matches(&format!("{value}A")));
        assert!(!state.matches(&value.to_uppercase()));
        assert!(!state.matches(""));
    }

    #[test]
    fn debug_hides_the_value() {
        let state = CsrfState::from_random_bytes([2; STATE_BYTES]);
        assert!(!format!("{state:?}").contains(state.as_str()));
    }
}
