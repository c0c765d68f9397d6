//! A signed-in session: the token, when it stops working, and what Amazon granted. The implicit
//! grant has no refresh token, so when the time is up the person signs in again.

use serde::{Deserialize, Serialize};

use crate::auth::callback::TokenResponse;
use crate::auth::token::AccessToken;

/// What is kept in `sessionStorage` while signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub access_token: AccessToken,
    /// Milliseconds since the Unix epoch at which the token expires.
    pub expires_at_ms: u64,
    /// The scopes Amazon granted, as it reported them.
    pub granted_scope: Option<String>,
}

impl Session {
    /// A session that starts at `now_ms` (the moment the response arrived).
    pub fn start(response: TokenResponse, now_ms: u64) -> Self {
        Session {
            access_token: response.access_token,
            expires_at_ms: now_ms.saturating_add(response.expires_in_seconds.saturating_mul(1000)),
            granted_scope: response.granted_scope,
        }
    }

    /// Whether the token has stopped working at `now_ms`.
    pub fn is_expired(&self, now_ms: u64) -> bool {
        now_ms >= self.expires_at_ms
    }
}

/// Time left until `expires_at_ms`, for people: "59 min 58 s", "45 s", "expired".
pub fn describe_time_left(expires_at_ms: u64, now_ms: u64) -> String {
    let seconds = expires_at_ms.saturating_sub(now_ms).div_ceil(1000);
    match (seconds / 3600, seconds / 60 % 60, seconds % 60) {
        (0, 0, 0) => "expired".to_owned(),
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(expires_in_seconds: u64) -> TokenResponse {
        TokenResponse {
            access_token: AccessToken::new("Atza|t".into()),
            expires_in_seconds,
            granted_scope: Some("profile".into()),
            state: None,
        }
    }

    #[test]
    fn a_session_expires_exactly_expires_in_after_it_started() {
        let session = Session::start(response(3600), 1_000_000);
        assert_eq!(session.expires_at_ms, 1_000_000 + 3_600_000);
        assert!(!session.is_expired(1_000_000 + 3_599_999));
        assert!(session.is_expired(1_000_000 + 3_600_000));
        assert!(session.is_expired(u64::MAX));
    }

    #[test]
    fn the_expiry_arithmetic_cannot_overflow() {
        assert_eq!(
            Session::start(response(u64::MAX), u64::MAX - 1).expires_at_ms,
            u64::MAX
        );
    }

    #[test]
    fn time_left_is_rounded_up_to_whole_seconds() {
        assert_eq!(describe_time_left(3_600_000, 0), "1 h 0 min");
        assert_eq!(describe_time_left(3_599_000, 0), "59 min 59 s");
        assert_eq!(describe_time_left(60_000, 0), "1 min 0 s");
        assert_eq!(describe_time_left(45_000, 0), "45 s");
        assert_eq!(describe_time_left(1_500, 1_000), "1 s");
        assert_eq!(describe_time_left(1_000, 1_000), "expired");
        assert_eq!(describe_time_left(1_000, 9_000), "expired");
    }

    #[test]
    fn a_stored_session_round_trips_through_its_form_encoding() {
        let mut session = Session::start(response(60), 5);
        let encoded = serde_urlencoded::to_string(&session).expect("serialize");
        assert_eq!(
            encoded,
            "access_token=Atza%7Ct&expires_at_ms=60005&granted_scope=profile"
        );
        assert_eq!(serde_urlencoded::from_str(&encoded), Ok(session.clone()));
        session.granted_scope = None;
        let encoded = serde_urlencoded::to_string(&session).expect("serialize");
        assert_eq!(serde_urlencoded::from_str(&encoded), Ok(session));
    }
}
