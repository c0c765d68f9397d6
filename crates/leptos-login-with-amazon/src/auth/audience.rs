//! Accepting a token only for this app: tokeninfo's `aud` must be our client ID, or the token
//! may have been obtained by another site and injected here (RFC 9700 §4.6).

use crate::AuthError;
use crate::auth::failure::{Ending, ending};
use crate::config::ClientId;

/// Combines the two verification calls made in parallel: tokeninfo's audience and the profile.
/// A wrong audience wins over every other outcome; when both calls failed, a failure that
/// proves the token bad wins over one that may pass, so a kept session is not held on to
/// because one of the two calls also had no answer.
pub fn accept_verified<P>(
    audience: Result<String, AuthError>,
    profile: Result<P, AuthError>,
    client_id: &ClientId,
) -> Result<P, AuthError> {
    match (audience, profile) {
        (Ok(audience), _) if audience != client_id.as_str() => Err(AuthError::WrongAudience),
        (Ok(_), Ok(profile)) => Ok(profile),
        (Ok(_), Err(error)) | (Err(error), Ok(_)) => Err(error),
        (Err(audience), Err(profile))
            if ending(&audience) != Ending::Passing && ending(&profile) == Ending::Passing =>
        {
            Err(audience)
        }
        (Err(_), Err(profile)) => Err(profile),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{decode_with_serde_json, parse_config};

    fn client_id() -> ClientId {
        parse_config(
            r#"{"client_id": "amzn1.application-oa2-client.ours"}"#,
            "https://a.example/",
            decode_with_serde_json,
        )
        .expect("config")
        .client_id
    }

    #[test]
    fn the_profile_is_accepted_only_when_the_audience_is_ours() {
        let ours = Ok("amzn1.application-oa2-client.ours".to_owned());
        assert_eq!(
            accept_verified(ours, Ok("profile"), &client_id()),
            Ok("profile")
        );
    }

    #[test]
    fn another_audience_is_refused_whatever_the_profile_says() {
        for audience in [
            "amzn1.application-oa2-client.theirs",
            "",
            "amzn1.application-oa2-client.ours ",
            "AMZN1.APPLICATION-OA2-CLIENT.OURS",
        ] {
            let result = accept_verified(Ok(audience.to_owned()), Ok("profile"), &client_id());
            assert_eq!(result, Err(AuthError::WrongAudience), "{audience:?}");
            let result = accept_verified::<&str>(
                Ok(audience.to_owned()),
                Err(AuthError::SessionRejected),
                &client_id(),
            );
            assert_eq!(result, Err(AuthError::WrongAudience));
        }
    }

    #[test]
    fn a_failed_call_fails_the_verification() {
        let ours = || Ok("amzn1.application-oa2-client.ours".to_owned());
        assert_eq!(
            accept_verified::<()>(ours(), Err(AuthError::SessionRejected), &client_id()),
            Err(AuthError::SessionRejected)
        );
        assert_eq!(
            accept_verified(Err(AuthError::Timeout), Ok(()), &client_id()),
            Err(AuthError::Timeout)
        );
        let both = accept_verified::<()>(
            Err(AuthError::NetworkFailure),
            Err(AuthError::AmazonUnavailable),
            &client_id(),
        );
        assert_eq!(
            both,
            Err(AuthError::AmazonUnavailable),
            "the profile's failure is reported first"
        );
    }

    #[test]
    fn when_both_calls_fail_proof_that_the_token_is_bad_wins() {
        let both =
            |audience, profile| accept_verified::<()>(Err(audience), Err(profile), &client_id());
        assert_eq!(
            both(AuthError::SessionRejected, AuthError::NetworkFailure),
            Err(AuthError::SessionRejected)
        );
        assert_eq!(
            both(AuthError::Timeout, AuthError::InsufficientScope),
            Err(AuthError::InsufficientScope)
        );
    }
}
