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

#[cfg(test)]
mod tests {
    use super::*;

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
        for (status, error) in [
            (400, Some("invalid_request")),
            (400, None),
            (404, None),
            (302, None),
        ] {
            assert_eq!(
                resource_failure(status, error),
                AuthError::UnexpectedResponse
            );
        }
    }
}
