//! The token endpoint's answer (`POST /auth/o2/token`, RFC 6749 §5.1), for both the code
//! exchange and a renewal: its fields as read from the JSON, then checked here.

use std::fmt;

use crate::AuthError;
use crate::auth::callback::{MAX_TOKEN_BYTES, checked_secret, is_plausible_lifetime};
use crate::auth::session::IssuedTokens;
use crate::auth::token::{AccessToken, RefreshToken, redacted};

/// The answer's fields as sent (`None` when absent or of another JSON type). Its `Debug`
/// hides the tokens.
#[derive(Default)]
pub struct TokenAnswer {
    /// `access_token`.
    pub access_token: Option<String>,
    /// `refresh_token`, if any.
    pub refresh_token: Option<String>,
    /// `token_type` (must be `bearer`).
    pub token_type: Option<String>,
    /// `expires_in`, in seconds.
    pub expires_in: Option<u64>,
    /// `scope`, the scope granted, if Amazon says.
    pub scope: Option<String>,
}

impl fmt::Debug for TokenAnswer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("TokenAnswer")
            .field("access_token", &redacted(&self.access_token))
            .field("refresh_token", &redacted(&self.refresh_token))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

impl TokenAnswer {
    /// The tokens, if the answer is whole: an access token, `token_type` bearer, and a
    /// plausible `expires_in`; a refresh token is optional (Amazon may issue none to a client
    /// without a secret), but well-formed when present.
    pub fn check(self) -> Result<IssuedTokens, AuthError> {
        let well_formed = |token: String| {
            checked_secret(token, MAX_TOKEN_BYTES).ok_or(AuthError::UnexpectedResponse)
        };
        let access_token = self.access_token.ok_or(AuthError::UnexpectedResponse)?;
        if !self
            .token_type
            .is_some_and(|token_type| token_type.eq_ignore_ascii_case("bearer"))
        {
            return Err(AuthError::UnexpectedResponse);
        }
        let expires_in_seconds = self
            .expires_in
            .filter(is_plausible_lifetime)
            .ok_or(AuthError::UnexpectedResponse)?;
        let refresh_token = match self.refresh_token {
            Some(token) => Some(RefreshToken::new(well_formed(token)?)),
            None => None,
        };
        Ok(IssuedTokens {
            access_token: AccessToken::new(well_formed(access_token)?),
            refresh_token,
            expires_in_seconds,
            granted_scope: self.scope,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the fields the way the app's JSON reader does: a string field that is not a
    /// string, or a number field that is not a whole number, counts as absent.
    fn answer(json: &str) -> Result<IssuedTokens, AuthError> {
        let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
        let string = |field: &str| value[field].as_str().map(str::to_owned);
        TokenAnswer {
            access_token: string("access_token"),
            refresh_token: string("refresh_token"),
            token_type: string("token_type"),
            expires_in: value["expires_in"].as_u64(),
            scope: string("scope"),
        }
        .check()
    }

    #[test]
    fn a_whole_answer_gives_both_tokens_and_the_lifetime() {
        let tokens = answer(
            r#"{"access_token":"Atza|IwEB","refresh_token":"Atzr|IwEB","token_type":"bearer","expires_in":3600,"scope":"profile","extra":1}"#,
        )
        .expect("valid");
        assert_eq!(tokens.access_token.secret(), "Atza|IwEB");
        assert_eq!(
            tokens
                .refresh_token
                .map(|token| token.secret().to_owned())
                .as_deref(),
            Some("Atzr|IwEB")
        );
        assert_eq!(tokens.expires_in_seconds, 3600);
        assert_eq!(tokens.granted_scope.as_deref(), Some("profile"));
    }

    #[test]
    fn the_refresh_token_is_optional() {
        let tokens = answer(r#"{"access_token":"Atza|a","token_type":"Bearer","expires_in":60}"#)
            .expect("valid without a refresh token");
        assert_eq!(tokens.refresh_token, None);
    }

    #[test]
    fn a_partial_or_odd_answer_is_refused() {
        for json in [
            r#"{"token_type":"bearer","expires_in":60}"#,
            r#"{"access_token":"Atza|a","expires_in":60}"#,
            r#"{"access_token":"Atza|a","token_type":"mac","expires_in":60}"#,
            r#"{"access_token":"Atza|a","token_type":"bearer"}"#,
            r#"{"access_token":"Atza|a","token_type":"bearer","expires_in":0}"#,
            r#"{"access_token":"Atza|a","token_type":"bearer","expires_in":86401}"#,
            r#"{"access_token":"","token_type":"bearer","expires_in":60}"#,
            r#"{"access_token":"Atza|a b","token_type":"bearer","expires_in":60}"#,
            r#"{"access_token":"Atza|a","refresh_token":"","token_type":"bearer","expires_in":60}"#,
            r#"{"access_token":"Atza|a","refresh_token":"Atzr|\n","token_type":"bearer","expires_in":60}"#,
        ] {
            assert_eq!(answer(json), Err(AuthError::UnexpectedResponse), "{json}");
        }
        let long = format!(
            r#"{{"access_token":"Atza|{}","token_type":"bearer","expires_in":60}}"#,
            "a".repeat(MAX_TOKEN_BYTES)
        );
        assert_eq!(answer(&long), Err(AuthError::UnexpectedResponse));
    }
}
