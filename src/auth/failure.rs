//! What a failed call to Amazon means for the person: the rules that turn an HTTP status and
//! Amazon's `error` code into an [`AuthError`].

use crate::AuthError;

/// The status the browser reports for a redirect it did not follow (an "opaque redirect").
pub const UNFOLLOWED_REDIRECT: u16 = 0;

/// Whether `status` is a redirect. API calls never follow one: the token would go with it to
/// wherever it points, so it is a failed answer (and not one that may pass by itself).
fn is_redirect(status: u16) -> bool {
    matches!(status, UNFOLLOWED_REDIRECT | 300..=399)
}

/// A failed call to a resource API (profile, tokeninfo): `status` is not 2xx, and `error` is
/// the `error` field of the JSON body, when there is one.
pub fn resource_failure(status: u16, error: Option<&str>) -> AuthError {
    match (status, error) {
        (status, _) if is_redirect(status) => AuthError::UnexpectedRedirect,
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
        (_, status, _) if is_redirect(status) => AuthError::UnexpectedRedirect,
        (_, 500..=599, _) => AuthError::AmazonUnavailable,
        (_, 400 | 401, Some("invalid_client" | "unauthorized_client")) => AuthError::ClientRejected,
        (TokenCall::Exchange, 400, Some("invalid_grant")) => AuthError::CodeRejected,
        (TokenCall::Exchange, _, _) => AuthError::UnexpectedResponse,
        // A refresh token Amazon refuses will not work later either.
        (TokenCall::Refresh, 400..=499, _) => AuthError::SessionEnded,
        (TokenCall::Refresh, _, _) => AuthError::UnexpectedResponse,
    }
}

/// Whether a failed call about a session this tab holds (checking it after a reload, renewing
/// it) ends that session. Only failures that may pass keep it (no answer, a timeout, Amazon
/// unavailable or answering nonsense): a renewal is retried with backoff, a check is offered
/// again. Answers that prove the token bad (refused, wrong audience, too few scopes) and
/// redirects end it.
pub fn ends_session(error: &AuthError) -> bool {
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
        (418, None),
    ];

    /// Redirects: the browser's unfollowed one, and every 3xx.
    const REDIRECTS: [u16; 5] = [UNFOLLOWED_REDIRECT, 301, 302, 307, 308];

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
            assert!(ends_session(&failure));
        }
        assert!(ends_session(&token_failure(
            Refresh,
            400,
            Some("invalid_client")
        )));
        for failure in [
            token_failure(Refresh, 500, None),
            token_failure(Refresh, 503, Some("ServerError")),
            AuthError::NetworkFailure,
            AuthError::Timeout,
            AuthError::UnexpectedResponse,
        ] {
            assert!(!ends_session(&failure), "{failure:?} is retried");
        }
    }

    #[test]
    fn a_redirect_is_a_failed_answer_that_ends_a_session_everywhere() {
        for status in REDIRECTS {
            for call in [TokenCall::Exchange, TokenCall::Refresh] {
                assert_eq!(
                    token_failure(call, status, None),
                    AuthError::UnexpectedRedirect
                );
            }
            assert_eq!(
                resource_failure(status, None),
                AuthError::UnexpectedRedirect
            );
        }
        assert!(ends_session(&AuthError::UnexpectedRedirect));
    }

    #[test]
    fn only_proof_that_the_token_is_bad_ends_a_session_being_checked() {
        for (status, error) in [(401, None), (400, Some("invalid_token")), (403, None)] {
            assert!(ends_session(&resource_failure(status, error)), "{status}");
        }
        assert!(ends_session(&AuthError::WrongAudience));
        for failure in [
            resource_failure(500, None),
            resource_failure(503, None),
            resource_failure(404, None),
            AuthError::NetworkFailure,
            AuthError::Timeout,
        ] {
            assert!(!ends_session(&failure), "{failure:?} keeps the session");
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
