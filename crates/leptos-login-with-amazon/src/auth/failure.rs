//! What a failed call to Amazon means: the rules that turn an HTTP status and Amazon's `error`
//! code into an [`AuthError`], and what that failure does to a session a tab holds (nothing,
//! end it in this tab only, or end it in every copy of the tab).

use crate::AuthError;
use crate::auth::news::EndReason;

/// The status the browser reports for a redirect it did not follow (an "opaque redirect").
pub const UNFOLLOWED_REDIRECT: u16 = 0;

/// Whether `status` is a redirect. API calls never follow one: the token would go with it to
/// wherever it points.
fn is_redirect(status: u16) -> bool {
    matches!(status, UNFOLLOWED_REDIRECT | 300..=399)
}

/// A gateway on the way (the deploy bundle's forwarding, a proxy, a CDN) answering that it
/// could not reach Amazon or got no answer from it (502, 504): for the person, Amazon could
/// not be reached, as when the browser's own call fails.
fn is_gateway_failure(status: u16) -> bool {
    matches!(status, 502 | 504)
}

/// A header that holds a whole number: `Content-Length`, or `Retry-After` in seconds (only
/// its delta-seconds form is read: an HTTP date, or anything else, is `None`, and the usual
/// backoff applies).
pub fn header_number(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}

/// A failed call to a resource API (profile, tokeninfo): `status` is not 2xx, and `error` is
/// the `error` field of the JSON body, when there is one.
pub fn resource_failure(status: u16, error: Option<&str>) -> AuthError {
    match (status, error) {
        (status, _) if is_redirect(status) => AuthError::UnexpectedRedirect,
        (401, _) | (400, Some("invalid_token")) => AuthError::SessionRejected,
        (403, Some("insufficient_scope")) => AuthError::InsufficientScope,
        (408, _) => AuthError::Timeout,
        (429, _) => AuthError::Throttled(None),
        (status, _) if is_gateway_failure(status) => AuthError::NetworkFailure,
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

/// A failed call to the token endpoint (RFC 6749 §5.2: refusals are 4xx with an `error` code),
/// with the seconds its `Retry-After` asked for, if any.
pub fn token_failure(
    call: TokenCall,
    status: u16,
    error: Option<&str>,
    retry_after_seconds: Option<u64>,
) -> AuthError {
    match (call, status, error) {
        (TokenCall::Exchange, status, _) if is_redirect(status) => AuthError::UnexpectedRedirect,
        (_, 408, _) => AuthError::Timeout,
        (_, 429, _) => AuthError::Throttled(retry_after_seconds),
        (_, status, _) if is_gateway_failure(status) => AuthError::NetworkFailure,
        (_, 500..=599, _) => AuthError::AmazonUnavailable,
        (_, 400..=499, Some("invalid_client" | "unauthorized_client")) => AuthError::ClientRejected,
        (TokenCall::Exchange, 400..=499, Some("invalid_grant")) => AuthError::CodeRejected,
        // Amazon refused the refresh token: it will not work later either.
        (TokenCall::Refresh, 401, _) | (TokenCall::Refresh, 400..=499, Some("invalid_grant")) => {
            AuthError::RenewalRefused
        }
        // Anything else is not Amazon's refusal: a proxy's 404 or 405 page, a redirect (never
        // followed), an answer without an OAuth `error`. A renewal tries again later.
        _ => AuthError::UnexpectedResponse,
    }
}

/// What a failure about a session a tab holds (checking it after a reload, renewing it) does to
/// that session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It may pass (no answer, a timeout, Amazon unavailable, busy or answering nonsense): the
    /// session is kept, a renewal is retried with backoff, a check is offered again.
    Passing,
    /// A problem of this tab alone (its storage, its clock, news from a copy, or a session that
    /// another app of the origin left in this tab's storage, which the audience check finds):
    /// the session ends here, and the copies are not told.
    Here,
    /// Amazon refused or rejected the session: it ends in every copy, for this reason.
    Everywhere(EndReason),
}

/// What `error` does to a session a tab holds.
pub fn ending(error: &AuthError) -> Ending {
    match error {
        AuthError::NetworkFailure
        | AuthError::Timeout
        | AuthError::Throttled(_)
        | AuthError::AmazonUnavailable
        | AuthError::UnexpectedResponse => Ending::Passing,
        AuthError::RenewalRefused | AuthError::ClientRejected => {
            Ending::Everywhere(EndReason::Refused)
        }
        AuthError::SessionRejected
        | AuthError::InsufficientScope
        | AuthError::UnexpectedRedirect => Ending::Everywhere(EndReason::Rejected),
        _ => Ending::Here,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ending::{Everywhere, Here, Passing};

    /// What a renewal answered (status, `error`), and what that does to the session.
    const RENEWAL_TABLE: [(u16, Option<&str>, Ending); 23] = [
        (400, Some("invalid_grant"), Everywhere(EndReason::Refused)),
        (401, Some("invalid_grant"), Everywhere(EndReason::Refused)),
        (403, Some("invalid_grant"), Everywhere(EndReason::Refused)),
        (400, Some("invalid_client"), Everywhere(EndReason::Refused)),
        (401, Some("invalid_client"), Everywhere(EndReason::Refused)),
        (
            400,
            Some("unauthorized_client"),
            Everywhere(EndReason::Refused),
        ),
        (401, None, Everywhere(EndReason::Refused)),
        (401, Some("invalid_token"), Everywhere(EndReason::Refused)),
        // Throttled or too slow: Amazon asks for patience, not a new sign-in.
        (408, None, Passing),
        (429, None, Passing),
        (429, Some("invalid_grant"), Passing),
        // Not an OAuth refusal from Amazon: a proxy's page, another error, a redirect.
        (400, None, Passing),
        (400, Some("invalid_request"), Passing),
        (400, Some("unsupported_grant_type"), Passing),
        (403, None, Passing),
        (404, None, Passing),
        (405, None, Passing),
        (UNFOLLOWED_REDIRECT, None, Passing),
        (302, None, Passing),
        (500, None, Passing),
        (502, None, Passing),
        (503, Some("ServerError"), Passing),
        (504, None, Passing),
    ];

    /// What tokeninfo or the profile answered about a kept session after a reload (status,
    /// `error`), and what that does to it.
    const RELOAD_TABLE: [(u16, Option<&str>, Ending); 16] = [
        (401, None, Everywhere(EndReason::Rejected)),
        (401, Some("invalid_token"), Everywhere(EndReason::Rejected)),
        (400, Some("invalid_token"), Everywhere(EndReason::Rejected)),
        (
            403,
            Some("insufficient_scope"),
            Everywhere(EndReason::Rejected),
        ),
        (UNFOLLOWED_REDIRECT, None, Everywhere(EndReason::Rejected)),
        (301, None, Everywhere(EndReason::Rejected)),
        (307, None, Everywhere(EndReason::Rejected)),
        // A firewall's 403, a proxy's page, throttling, an outage: the session is kept.
        (403, None, Passing),
        (403, Some("access_denied"), Passing),
        (400, None, Passing),
        (404, None, Passing),
        (405, None, Passing),
        (408, None, Passing),
        (429, None, Passing),
        (500, None, Passing),
        (503, None, Passing),
    ];

    #[test]
    fn on_renewal_only_amazons_refusal_or_a_401_ends_the_session() {
        for (status, error, expected) in RENEWAL_TABLE {
            let failure = token_failure(TokenCall::Refresh, status, error, None);
            assert_eq!(
                ending(&failure),
                expected,
                "{status} {error:?}: {failure:?}"
            );
        }
    }

    #[test]
    fn on_reload_only_proof_that_the_token_is_bad_ends_the_session() {
        for (status, error, expected) in RELOAD_TABLE {
            let failure = resource_failure(status, error);
            assert_eq!(
                ending(&failure),
                expected,
                "{status} {error:?}: {failure:?}"
            );
        }
    }

    #[test]
    fn no_answer_at_all_keeps_the_session() {
        for failure in [AuthError::NetworkFailure, AuthError::Timeout] {
            assert_eq!(ending(&failure), Passing, "{failure:?}");
        }
    }

    #[test]
    fn problems_of_this_tab_end_the_session_here_only() {
        for failure in [
            AuthError::StorageUnavailable,
            AuthError::StorageWriteFailed,
            AuthError::StorageCorrupted,
            AuthError::SessionExpired,
            AuthError::SignedOutElsewhere,
            AuthError::RenewedElsewhere,
            // Only a session this app did not store has another app's audience: that app's
            // copies in other tabs keep theirs.
            AuthError::WrongAudience,
        ] {
            assert_eq!(ending(&failure), Here, "{failure:?}");
        }
    }

    #[test]
    fn a_throttled_renewal_carries_the_wait_amazon_asked_for() {
        assert_eq!(
            token_failure(TokenCall::Refresh, 429, None, Some(2)),
            AuthError::Throttled(Some(2))
        );
        for (value, seconds) in [
            ("2", Some(2)),
            (" 120 ", Some(120)),
            ("0", Some(0)),
            ("Wed, 21 Oct 2015 07:28:00 GMT", None),
            ("-1", None),
            ("1.5", None),
            ("", None),
        ] {
            assert_eq!(header_number(value), seconds, "{value:?}");
        }
    }

    /// Exchanges that fail for no reason a rule names.
    const ODD_EXCHANGE_ANSWERS: [(u16, Option<&str>); 4] = [
        (400, Some("invalid_request")),
        (400, None),
        (404, None),
        (418, None),
    ];

    #[test]
    fn a_refused_code_exchange_says_why_and_is_never_retried() {
        use TokenCall::Exchange;
        assert_eq!(
            token_failure(Exchange, 400, Some("invalid_grant"), None),
            AuthError::CodeRejected
        );
        for (status, error) in [
            (400, "invalid_client"),
            (400, "unauthorized_client"),
            (401, "invalid_client"),
        ] {
            assert_eq!(
                token_failure(Exchange, status, Some(error), None),
                AuthError::ClientRejected
            );
        }
        for (status, error) in ODD_EXCHANGE_ANSWERS {
            assert_eq!(
                token_failure(Exchange, status, error, None),
                AuthError::UnexpectedResponse
            );
        }
        for status in [500, 503, 599] {
            assert_eq!(
                token_failure(Exchange, status, None, None),
                AuthError::AmazonUnavailable
            );
        }
        for status in [502, 504] {
            assert_eq!(
                token_failure(Exchange, status, None, None),
                AuthError::NetworkFailure,
                "a gateway that could not reach Amazon"
            );
        }
        for status in [UNFOLLOWED_REDIRECT, 301, 302, 307, 308] {
            assert_eq!(
                token_failure(Exchange, status, None, None),
                AuthError::UnexpectedRedirect
            );
        }
    }

    #[test]
    fn resource_failures_are_named_by_their_status() {
        assert_eq!(resource_failure(401, None), AuthError::SessionRejected);
        assert_eq!(
            resource_failure(401, Some("anything")),
            AuthError::SessionRejected
        );
        assert_eq!(
            resource_failure(403, Some("insufficient_scope")),
            AuthError::InsufficientScope
        );
        for status in [500, 503, 599] {
            assert_eq!(resource_failure(status, None), AuthError::AmazonUnavailable);
        }
        for status in [502, 504] {
            assert_eq!(resource_failure(status, None), AuthError::NetworkFailure);
        }
        for status in [UNFOLLOWED_REDIRECT, 301, 302, 307, 308] {
            assert_eq!(
                resource_failure(status, None),
                AuthError::UnexpectedRedirect
            );
        }
        for (status, error) in [(400, Some("invalid_request")), (404, None), (418, None)] {
            assert_eq!(
                resource_failure(status, error),
                AuthError::UnexpectedResponse
            );
        }
    }
}
