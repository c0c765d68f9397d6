//! The secrets of a sign-in: tokens, the one-time code, the PKCE verifier and the key that seals
//! what copies of a session tell each other. Whoever holds one can act as the person (or finish
//! their sign-in, or read and forge those messages), so none of them can be printed by accident.

use std::fmt;

/// Defines a secret string type: no `Display`, a `Debug` that prints a placeholder (so it
/// cannot end up in a log line, a panic message or an error), and [`secret`](AccessToken::secret)
/// to read it where it must be sent (or kept, in this tab's storage).
macro_rules! secret_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value received from Amazon (or made for this sign-in).
            pub fn new(value: String) -> Self {
                $name(value)
            }

            /// The value itself, only where it must be sent.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

pub(crate) use secret_string;

/// How a secret not yet wrapped in one of the types below prints: whether it is there, never
/// what it is.
pub(crate) fn redacted(secret: &Option<String>) -> Option<&'static str> {
    secret.as_ref().map(|_| "<redacted>")
}

secret_string!(
    /// An access token (`Atza|…`): sent in the `Authorization` header and to tokeninfo only.
    AccessToken
);

secret_string!(
    /// A refresh token (`Atzr|…`): sent to the token endpoint only, to renew the access token.
    RefreshToken
);

secret_string!(
    /// A one-time authorization code from the callback's query, exchanged once for tokens.
    AuthorizationCode
);

secret_string!(
    /// The key (32 random bytes, base64url) that seals what the copies of one session tell each
    /// other (AES-GCM). Made at sign-in and kept with the session in `sessionStorage`, so only
    /// true copies of the tab hold it; it never leaves the tab otherwise.
    SealingKey
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_a_secret() {
        let token = AccessToken::new("Atza|secret-value".into());
        let refresh = RefreshToken::new("Atzr|secret-value".into());
        let code = AuthorizationCode::new("ANsecret-value".into());
        let key = SealingKey::new("secret-value".into());
        let printed = format!(
            "{token:?} {:?} {:#?} {refresh:?} {code:?} {key:?}",
            Some(&token),
            vec![token.clone()]
        );
        assert!(!printed.contains("secret-value"), "{printed}");
        assert!(printed.contains("AccessToken(<redacted>)"));
        assert!(printed.contains("RefreshToken(<redacted>)"));
        assert!(printed.contains("AuthorizationCode(<redacted>)"));
        assert!(printed.contains("SealingKey(<redacted>)"));
    }
}
