//! The access token, a bearer secret: whoever holds it can read the person's profile.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An access token. It has no `Display`, and its `Debug` prints a placeholder, so it cannot end
/// up in a log line, a panic message or an error by accident; read it with [`AccessToken::secret`]
/// where it must be sent.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token received from Amazon.
    pub fn new(value: String) -> Self {
        AccessToken(value)
    }

    /// The token itself, for the `Authorization` header and tokeninfo only.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::AccessToken;

    #[test]
    fn debug_output_never_contains_the_token() {
        let token = AccessToken::new("Atza|secret-value".into());
        let printed = format!("{token:?} {:?} {:#?}", Some(&token), vec![token.clone()]);
        assert!(!printed.contains("secret-value"), "{printed}");
        assert!(printed.contains("<redacted>"));
    }

    #[test]
    fn it_serializes_as_the_bare_string_for_storage() {
        let token = AccessToken::new("Atza|abc".into());
        assert_eq!(
            serde_urlencoded::to_string([("token", &token)])
                .ok()
                .as_deref(),
            Some("token=Atza%7Cabc")
        );
    }
}
