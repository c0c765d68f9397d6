//! What a failed call to Amazon means for the person: the rules that turn an HTTP status and
//! Amazon's `error` code into an [`AuthError`].

use crate::AuthError;

/// A failed call to a resource API (profile, tokeninfo): `status` is not 2xx, and `error` is
/// the `error` field of the JSON body, when there is one.
pub fn resource_failure(status: u16, error: Option<&str>) -> AuthError {
    match (status, error) {
        (401, _) | (400, Some("invalid_token")) => AuthError::SessionRejected,
        (403, _) => AuthError::InsufficientScope,
        (500..=599, _) => AuthError::AmazonUnavailable,
        _ => AuthError::UnexpectedResponse,
    }
}

/// Which call to the token endpoint failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCall {
    /// Exchanging the one-time code (never retried: a code is used once).
    Exchange,
    /// Renewing the session with the refresh token.
    Refresh,
}

/// A failed call to the token endpoint (RFC 6749 §5.2: errors are 400s with an `error` code).
pub fn token_failure(call: TokenCall, status: u16, error: Option<&str>) -> AuthError {
    match (call, status, error) {
        (_, 500..=599, _) => AuthError::AmazonUnavailable,
        (_, 400 | 401, Some("invalid_client" | "unauthorized_client")) => AuthError::ClientRejected,
        (TokenCall::Exchange, 400, Some("invalid_grant")) => AuthError::CodeRejected,
        (TokenCall::Exchange, _, _) => AuthError::UnexpectedResponse,
        // A refresh token Amazon refuses will not work later either.
        (TokenCall::Refresh, 400..=499, _) => AuthError::SessionEnded,
        (TokenCall::Refresh, _, _) => AuthError::UnexpectedResponse,
    }
}

/// Whether a failed renewal ends the session. Only failures that may pass keep it (no answer,
/// a timeout, Amazon unavailable or answering nonsense): those are retried with backoff, while
/// Amazon's refusals end it.
pub fn renewal_ends_session(error: &AuthError) -> bool {
    !matches!(
        error,
        AuthError::NetworkFailure
            | AuthError::Timeout
            | AuthError::AmazonUnavailable
            | AuthError::UnexpectedResponse
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Failures no rule names: an answer that is neither Amazon's refusal nor its outage.
    const ODD_ANSWERS: [(u16, Option<&str>); 4] = [
        (400, Some("invalid_request")),
        (400, None),
        (404, None),
        (302, None),
    ];

    #[test]
    fn a_refused_code_exchange_says_why_and_is_never_retried() {
        use TokenCall::Exchange;
        assert_eq!(
            token_failure(Exchange, 400, Some("invalid_grant")),
            AuthError::CodeRejected
        );
        for error in ["invalid_client", "unauthorized_client"] {
            assert_eq!(
                token_failure(Exchange, 400, Some(error)),
                AuthError::ClientRejected
            );
        }
        assert_eq!(
            token_failure(Exchange, 401, Some("invalid_client")),
            AuthError::ClientRejected
        );
        for (status, error) in ODD_ANSWERS {
            assert_eq!(
                token_failure(Exchange, status, error),
                AuthError::UnexpectedResponse
            );
        }
        for status in [500, 502, 503] {
            assert_eq!(
                token_failure(Exchange, status, None),
                AuthError::AmazonUnavailable
            );
        }
    }

    #[test]
    fn a_refused_renewal_ends_the_session_and_a_passing_failure_keeps_it() {
        use TokenCall::Refresh;
        for (status, error) in [
            (400, Some("invalid_grant")),
            (400, Some("invalid_request")),
            (400, None),
            (401, None),
            (403, None),
        ] {
            let failure = token_failure(Refresh, status, error);
            assert_eq!(failure, AuthError::SessionEnded, "{status} {error:?}");
            assert!(renewal_ends_session(&failure));
        }
        assert!(renewal_ends_session(&token_failure(
            Refresh,
            400,
            Some("invalid_client")
        )));
        for failure in [
            token_failure(Refresh, 500, None),
            token_failure(Refresh, 503, Some("ServerError")),
            token_failure(Refresh, 302, None),
            AuthError::NetworkFailure,
            AuthError::Timeout,
            AuthError::UnexpectedResponse,
        ] {
            assert!(!renewal_ends_session(&failure), "{failure:?} is retried");
        }
    }

    #[test]
    fn a_token_amazon_no_longer_accepts_ends_the_session() {
        assert_eq!(resource_failure(401, None), AuthError::SessionRejected);
        assert_eq!(
            resource_failure(401, Some("anything")),
            AuthError::SessionRejected
        );
        assert_eq!(
            resource_failure(400, Some("invalid_token")),
            AuthError::SessionRejected
        );
    }

    #[test]
    fn other_failures_are_named_by_their_status() {
        assert_eq!(
            resource_failure(403, Some("insufficient_scope")),
            AuthError::InsufficientScope
        );
        for status in [500, 502, 503, 599] {
            assert_eq!(resource_failure(status, None), AuthError::AmazonUnavailable);
        }
        for (status, error) in ODD_ANSWERS {
            assert_eq!(
                resource_failure(status, error),
                AuthError::UnexpectedResponse
            );
        }
    }
}
