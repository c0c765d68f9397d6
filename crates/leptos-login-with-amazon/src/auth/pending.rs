//! The sign-in under way in this tab: its `state`, its PKCE verifier (code grant), and where to
//! return afterwards. It is kept in `sessionStorage` (bound to the tab) and used once: taken out
//! of storage before it is checked, so the verifier is gone before the code is exchanged.

use crate::AuthError;
use crate::auth::callback::{Callback, TokenResponse};
use crate::auth::pkce::CodeVerifier;
use crate::auth::record::{Fields, Record, Writer};
use crate::auth::state::CsrfState;
use crate::auth::token::AuthorizationCode;

/// Longest return path kept; longer ones fall back to the start page.
const MAX_RETURN_PATH_BYTES: usize = 2048;
/// How long a started sign-in may take: a response after this is refused, so a `state` (and
/// verifier) left in a tab cannot be used much later (Amazon's consent page itself expires).
pub const PENDING_LIFETIME_MS: u64 = 10 * 60 * 1000;

/// A started sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLogin {
    /// The random `state` sent to Amazon, which must come back.
    pub state: CsrfState,
    /// A path inside this app (never another origin): where the person was going.
    pub return_path: String,
    /// The code grant's PKCE verifier; `None` for an implicit-grant sign-in.
    pub verifier: Option<CodeVerifier>,
    /// When the person left for Amazon, in milliseconds since the Unix epoch.
    pub started_at_ms: u64,
    /// Whether Amazon answers in a popup window, which hands the answer to this tab.
    pub in_popup: bool,
}

impl PendingLogin {
    /// A pending sign-in that returns to `requested_path` if that is a path inside the app,
    /// else to `/`; with a `verifier` for the code grant; started at `now_ms`.
    pub fn new(
        state: CsrfState,
        verifier: Option<CodeVerifier>,
        requested_path: &str,
        now_ms: u64,
    ) -> Self {
        let inside_app = requested_path.starts_with('/')
            && !requested_path.starts_with("//")
            && !requested_path.starts_with("/\\")
            && requested_path.len() <= MAX_RETURN_PATH_BYTES
            && !requested_path.chars().any(char::is_control);
        let return_path = if inside_app { requested_path } else { "/" };
        PendingLogin {
            state,
            return_path: return_path.to_owned(),
            verifier,
            started_at_ms: now_ms,
            in_popup: false,
        }
    }

    /// Whether the sign-in may still come back at `now_ms`: under
    /// [`PENDING_LIFETIME_MS`] old (a clock set back counts as no time passed).
    pub fn is_live(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.started_at_ms) <= PENDING_LIFETIME_MS
    }
}

impl Record for PendingLogin {
    fn read(fields: &Fields) -> Option<Self> {
        Some(PendingLogin {
            state: CsrfState::kept(fields.text("state")?),
            return_path: fields.text("return_path")?,
            verifier: fields.text("verifier").map(CodeVerifier::new),
            started_at_ms: fields.number("started_at_ms")?,
            in_popup: fields.text("in_popup").is_some(),
        })
    }

    fn write(&self, record: &mut Writer) {
        record
            .text("state", self.state.as_str())
            .text("return_path", &self.return_path)
            .optional("verifier", self.verifier.as_ref().map(CodeVerifier::secret))
            .number("started_at_ms", self.started_at_ms)
            .optional("in_popup", self.in_popup.then_some("1"));
    }
}

/// A sign-in response that belongs to this tab's pending sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The implicit grant's token, still to be verified.
    Token(TokenResponse),
    /// The code grant's code, with the verifier that alone can exchange it.
    Code {
        /// The one-time code.
        code: AuthorizationCode,
        /// The PKCE verifier of the pending sign-in, which alone can exchange it.
        verifier: CodeVerifier,
        /// The scope Amazon says it granted, if it says.
        granted_scope: Option<String>,
    },
}

/// Decides what a sign-in response means for the pending sign-in taken from storage, at
/// `now_ms`, and returns it with the path to return to. A token or code is accepted only for a
/// sign-in under 10 minutes old, of the same grant and with the same `state`; an error is
/// reported when it belongs to the pending sign-in (Amazon may leave `state` out of errors).
/// (A response with no sign-in pending is not for this function: it is ignored.)
pub fn complete_sign_in(
    callback: Callback,
    pending: PendingLogin,
    now_ms: u64,
) -> Result<(Accepted, String), AuthError> {
    if !pending.is_live(now_ms) {
        return Err(AuthError::SignInExpired);
    }
    let accepted = match callback {
        Callback::Token(response) => {
            check_state(&pending, response.state.as_deref())?;
            if pending.verifier.is_some() {
                return Err(AuthError::GrantMismatch);
            }
            Accepted::Token(response)
        }
        Callback::Code(response) => {
            check_state(&pending, response.state.as_deref())?;
            Accepted::Code {
                code: response.code,
                verifier: pending.verifier.ok_or(AuthError::GrantMismatch)?,
                granted_scope: response.granted_scope,
            }
        }
        Callback::Error(error) => {
            if error.state.is_some() {
                check_state(&pending, error.state.as_deref())?;
            }
            return Err(AuthError::Provider(error.code));
        }
    };
    Ok((accepted, pending.return_path))
}

/// The `state` that came back must be the pending one, compared in constant time.
fn check_state(pending: &PendingLogin, returned: Option<&str>) -> Result<(), AuthError> {
    match returned {
        None => Err(AuthError::StateMissing),
        Some(returned) if pending.state.matches(returned) => Ok(()),
        Some(_) => Err(AuthError::StateMismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::callback::{CodeResponse, ProviderError, ProviderErrorCode};
    use crate::auth::pkce::VERIFIER_BYTES;
    use crate::auth::state::STATE_BYTES;
    use crate::auth::token::AccessToken;

    /// When the test's sign-ins start.
    const STARTED_MS: u64 = 1_700_000_000_000;

    fn pending() -> PendingLogin {
        PendingLogin::new(
            CsrfState::from_random_bytes([5; STATE_BYTES]),
            None,
            "/profile",
            STARTED_MS,
        )
    }

    fn pending_code() -> PendingLogin {
        let verifier = CodeVerifier::from_random_bytes([8; VERIFIER_BYTES]);
        PendingLogin::new(
            CsrfState::from_random_bytes([5; STATE_BYTES]),
            Some(verifier),
            "/profile",
            STARTED_MS,
        )
    }

    /// `complete_sign_in` a minute after the sign-in started.
    fn complete(
        callback: Callback,
        pending: PendingLogin,
    ) -> Result<(Accepted, String), AuthError> {
        complete_sign_in(callback, pending, STARTED_MS + 60_000)
    }

    fn code_with_state(state: Option<&str>) -> Callback {
        Callback::Code(CodeResponse {
            code: AuthorizationCode::new("ANcode".into()),
            granted_scope: Some("profile".into()),
            state: state.map(str::to_owned),
        })
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
        let (accepted, return_path) = complete(callback, pending.clone()).expect("accepted");
        match accepted {
            Accepted::Token(response) => assert_eq!(response.access_token.secret(), "Atza|x"),
            other => panic!("{other:?}"),
        }
        assert_eq!(return_path, "/profile");
    }

    #[test]
    fn a_response_after_ten_minutes_is_refused_even_with_the_right_state() {
        let pending = pending();
        let callback = || token_with_state(Some(pending.state.as_str()));
        let at =
            |elapsed_ms| complete_sign_in(callback(), pending.clone(), STARTED_MS + elapsed_ms);
        assert!(
            at(PENDING_LIFETIME_MS).is_ok(),
            "ten minutes is still in time"
        );
        assert_eq!(
            at(PENDING_LIFETIME_MS + 1).unwrap_err(),
            AuthError::SignInExpired
        );
        let code_grant = pending_code();
        let late_code = complete_sign_in(
            code_with_state(Some(code_grant.state.as_str())),
            code_grant,
            STARTED_MS + 3_600_000,
        );
        assert_eq!(late_code.unwrap_err(), AuthError::SignInExpired);
        // A clock set back since the sign-in started is not an age.
        let set_back = complete_sign_in(callback(), pending.clone(), STARTED_MS - 5_000);
        assert!(set_back.is_ok());
    }

    #[test]
    fn a_token_with_a_missing_or_different_state_is_refused() {
        let pending = pending();
        assert_eq!(
            complete(token_with_state(None), pending.clone()).unwrap_err(),
            AuthError::StateMissing
        );
        let other = CsrfState::from_random_bytes([6; STATE_BYTES]);
        let mismatch = complete(token_with_state(Some(other.as_str())), pending.clone());
        assert_eq!(mismatch.unwrap_err(), AuthError::StateMismatch);
        let entity_encoded = format!("{}&#34;", pending.state.as_str());
        let mismatch = complete(token_with_state(Some(&entity_encoded)), pending);
        assert_eq!(mismatch.unwrap_err(), AuthError::StateMismatch);
    }

    #[test]
    fn a_provider_error_is_reported_with_or_without_state_but_not_with_a_foreign_one() {
        let pending = pending();
        let cancelled = AuthError::Provider(ProviderErrorCode::AccessDenied);
        let same = error_with_state(Some(pending.state.as_str()));
        assert_eq!(complete(same, pending.clone()).unwrap_err(), cancelled);
        assert_eq!(
            complete(error_with_state(None), pending.clone()).unwrap_err(),
            cancelled
        );
        let foreign = complete(error_with_state(Some("forged")), pending);
        assert_eq!(foreign.unwrap_err(), AuthError::StateMismatch);
    }

    #[test]
    fn a_code_with_the_pending_state_comes_back_with_its_verifier() {
        let pending = pending_code();
        let callback = code_with_state(Some(pending.state.as_str()));
        let (accepted, return_path) = complete(callback, pending.clone()).expect("accepted");
        assert_eq!(
            accepted,
            Accepted::Code {
                code: AuthorizationCode::new("ANcode".into()),
                verifier: pending.verifier.clone().expect("a verifier"),
                granted_scope: Some("profile".into()),
            }
        );
        assert_eq!(return_path, "/profile");
    }

    #[test]
    fn a_code_without_a_state_or_with_a_wrong_one_is_refused() {
        let pending = pending_code();
        assert_eq!(
            complete(code_with_state(None), pending.clone()).unwrap_err(),
            AuthError::StateMissing
        );
        let other = CsrfState::from_random_bytes([6; STATE_BYTES]);
        assert_eq!(
            complete(code_with_state(Some(other.as_str())), pending).unwrap_err(),
            AuthError::StateMismatch
        );
    }

    #[test]
    fn a_response_of_the_other_grant_is_refused() {
        let implicit = pending();
        let code = code_with_state(Some(implicit.state.as_str()));
        assert_eq!(
            complete(code, implicit).unwrap_err(),
            AuthError::GrantMismatch,
            "a code for a sign-in that asked for a token"
        );
        let code_grant = pending_code();
        let token = token_with_state(Some(code_grant.state.as_str()));
        assert_eq!(
            complete(token, code_grant).unwrap_err(),
            AuthError::GrantMismatch,
            "a token injected into a code sign-in"
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
                PendingLogin::new(state(), None, requested, STARTED_MS).return_path,
                kept,
                "{requested:?}"
            );
        }
        assert_eq!(
            PendingLogin::new(state(), None, &format!("/{}", "a".repeat(3000)), STARTED_MS)
                .return_path,
            "/"
        );
    }

    #[test]
    fn a_pending_sign_in_is_kept_with_whether_a_popup_answers_it() {
        let redirect = pending_code();
        let popup = PendingLogin {
            in_popup: true,
            ..pending()
        };
        for kept in [redirect, popup] {
            assert_eq!(PendingLogin::from_record(&kept.to_record()), Some(kept));
        }
        // Written before the popup existed: a redirect sign-in.
        let older = "state=s&return_path=%2F&started_at_ms=5";
        assert_eq!(
            PendingLogin::from_record(older).map(|pending| pending.in_popup),
            Some(false)
        );
    }

    #[test]
    fn a_pending_sign_in_lives_ten_minutes_whatever_the_clock_did() {
        let pending = pending();
        assert!(pending.is_live(STARTED_MS));
        assert!(pending.is_live(STARTED_MS + PENDING_LIFETIME_MS));
        assert!(!pending.is_live(STARTED_MS + PENDING_LIFETIME_MS + 1));
        assert!(pending.is_live(STARTED_MS - 60_000), "a clock set back");
    }
}
