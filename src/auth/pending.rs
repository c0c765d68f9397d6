//! The sign-in under way in this tab: its `state`, and where to return afterwards. It is kept in
//! `sessionStorage` (bound to the tab) and used once: taken out of storage before it is checked.

use serde::{Deserialize, Serialize};

use crate::AuthError;
use crate::auth::callback::{Callback, TokenResponse};
use crate::auth::state::CsrfState;

/// Longest return path kept; longer ones fall back to the start page.
const MAX_RETURN_PATH_BYTES: usize = 2048;

/// A started sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: CsrfState,
    /// A path inside this app (never another origin): where the person was going.
    pub return_path: String,
}

impl PendingLogin {
    /// A pending sign-in that returns to `requested_path` if that is a path inside the app,
    /// else to `/`.
    pub fn new(state: CsrfState, requested_path: &str) -> Self {
        let inside_app = requested_path.starts_with('/')
            && !requested_path.starts_with("//")
            && !requested_path.starts_with("/\\")
            && requested_path.len() <= MAX_RETURN_PATH_BYTES
            && !requested_path.chars().any(char::is_control);
        let return_path = if inside_app { requested_path } else { "/" };
        PendingLogin {
            state,
            return_path: return_path.to_owned(),
        }
    }
}

/// Decides what a sign-in response means, given the pending sign-in taken from storage (if any).
/// A token is accepted only with a pending sign-in and the same `state`; an error is reported
/// when it belongs to the pending sign-in (Amazon may leave `state` out of errors).
pub fn complete_sign_in(
    callback: Callback,
    pending: Option<PendingLogin>,
) -> Result<(TokenResponse, PendingLogin), AuthError> {
    let pending = pending.ok_or(AuthError::NoSignInPending)?;
    match callback {
        Callback::Token(response) => {
            let returned = response.state.as_deref().ok_or(AuthError::StateMissing)?;
            if !pending.state.matches(returned) {
                return Err(AuthError::StateMismatch);
            }
            Ok((response, pending))
        }
        Callback::Error(error) => match error.state {
            Some(returned) if !pending.state.matches(&returned) => Err(AuthError::StateMismatch),
            _ => Err(AuthError::Provider(error.code)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::callback::{ProviderError, ProviderErrorCode};
    use crate::auth::state::STATE_BYTES;
    use crate::auth::token::AccessToken;

    fn pending() -> PendingLogin {
        PendingLogin::new(CsrfState::from_random_bytes([5; STATE_BYTES]), "/profile")
    }

    fn token_with_state(state: Option<&str>) -> Callback {
        Callback::Token(TokenResponse {
            access_token: AccessToken::new("Atza|x".into()),
            expires_in_seconds: 3600,
            granted_scope: None,
            state: state.map(str::to_owned),
        })
    }

    fn error_with_state(state: Option<&str>) -> Callback {
        Callback::Error(ProviderError {
            code: ProviderErrorCode::AccessDenied,
            state: state.map(str::to_owned),
        })
    }

    #[test]
    fn a_token_with_the_pending_state_completes_the_sign_in() {
        let pending = pending();
        let callback = token_with_state(Some(pending.state.as_str()));
        let (response, used) = complete_sign_in(callback, Some(pending.clone())).expect("accepted");
        assert_eq!(response.access_token.secret(), "Atza|x");
        assert_eq!(used.return_path, "/profile");
    }

    #[test]
    fn a_token_without_a_pending_sign_in_is_refused() {
        // Covers an injected token and a replay: the pending sign-in is used up by the first.
        assert_eq!(
            complete_sign_in(token_with_state(Some("anything")), None).unwrap_err(),
            AuthError::NoSignInPending
        );
    }

    #[test]
    fn a_token_with_a_missing_or_different_state_is_refused() {
        let pending = pending();
        assert_eq!(
            complete_sign_in(token_with_state(None), Some(pending.clone())).unwrap_err(),
            AuthError::StateMissing
        );
        let other = CsrfState::from_random_bytes([6; STATE_BYTES]);
        let mismatch = complete_sign_in(
            token_with_state(Some(other.as_str())),
            Some(pending.clone()),
        );
        assert_eq!(mismatch.unwrap_err(), AuthError::StateMismatch);
        let entity_encoded = format!("{}&#34;", pending.state.as_str());
        let mismatch = complete_sign_in(token_with_state(Some(&entity_encoded)), Some(pending));
        assert_eq!(mismatch.unwrap_err(), AuthError::StateMismatch);
    }

    #[test]
    fn a_provider_error_is_reported_with_or_without_state_but_not_with_a_foreign_one() {
        let pending = pending();
        let cancelled = AuthError::Provider(ProviderErrorCode::AccessDenied);
        let same = error_with_state(Some(pending.state.as_str()));
        assert_eq!(
            complete_sign_in(same, Some(pending.clone())).unwrap_err(),
            cancelled
        );
        assert_eq!(
            complete_sign_in(error_with_state(None), Some(pending.clone())).unwrap_err(),
            cancelled
        );
        let foreign = complete_sign_in(error_with_state(Some("forged")), Some(pending));
        assert_eq!(foreign.unwrap_err(), AuthError::StateMismatch);
        assert_eq!(
            complete_sign_in(error_with_state(None), None).unwrap_err(),
            AuthError::NoSignInPending
        );
    }

    #[test]
    fn the_return_path_stays_inside_the_app() {
        let state = || CsrfState::from_random_bytes([1; STATE_BYTES]);
        for (requested, kept) in [
            ("/profile", "/profile"),
            ("/", "/"),
            ("//evil.example/x", "/"),
            ("/\\evil.example", "/"),
            ("https://evil.example/", "/"),
            ("profile", "/"),
            ("/a\nb", "/"),
        ] {
            assert_eq!(
                PendingLogin::new(state(), requested).return_path,
                kept,
                "{requested:?}"
            );
        }
        assert_eq!(
            PendingLogin::new(state(), &format!("/{}", "a".repeat(3000))).return_path,
            "/"
        );
    }
}
