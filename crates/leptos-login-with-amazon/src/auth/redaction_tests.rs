//! Every type that holds a token, a code, a PKCE verifier, a `state` or a sealing key prints
//! none of them in `Debug`: what a panic message, a log line or an error could carry.

use crate::auth::callback::{
    Callback, CodeResponse, ProviderError, ProviderErrorCode, TokenResponse,
};
use crate::auth::news::{Heard, News};
use crate::auth::pending::{Accepted, PendingLogin};
use crate::auth::pkce::CodeVerifier;
use crate::auth::record::{Fields, Record};
use crate::auth::session::{IssuedTokens, Session};
use crate::auth::state::CsrfState;
use crate::auth::token::{AccessToken, AuthorizationCode, RefreshToken, SealingKey};
use crate::auth::token_answer::TokenAnswer;
use crate::config::Grant;

const ACCESS: &str = "Atza|access-secret";
const REFRESH: &str = "Atzr|refresh-secret";
const CODE: &str = "ANcode-secret";
const VERIFIER: &str = "verifier-secret-0123456789-0123456789-0123456789";
const STATE: &str = "state-secret";
const KEY: &str = "sealing-key-secret";

/// The secrets' distinctive parts: a printed value may be escaped (`|` as `%7C`).
const SECRET_PARTS: [&str; 6] = [
    "access-secret",
    "refresh-secret",
    "code-secret",
    "verifier-secret",
    "state-secret",
    "sealing-key-secret",
];

fn state() -> Option<String> {
    Some(STATE.into())
}

fn tokens() -> IssuedTokens {
    IssuedTokens {
        access_token: AccessToken::new(ACCESS.into()),
        refresh_token: Some(RefreshToken::new(REFRESH.into())),
        expires_in_seconds: 3600,
        granted_scope: Some("profile".into()),
    }
}

#[test]
fn no_type_that_holds_a_secret_prints_it() {
    let session = Session::start(
        "S".into(),
        SealingKey::new(KEY.into()),
        Grant::CodePkce,
        tokens(),
        1,
    );
    let token_response = TokenResponse {
        access_token: AccessToken::new(ACCESS.into()),
        expires_in_seconds: 60,
        granted_scope: None,
        state: state(),
    };
    let verifier = || CodeVerifier::new(VERIFIER.into());
    let printed = [
        format!(
            "{:?}",
            TokenAnswer {
                access_token: Some(ACCESS.into()),
                refresh_token: Some(REFRESH.into()),
                token_type: Some("bearer".into()),
                expires_in: Some(3600),
                scope: None,
            }
        ),
        format!("{:?}", Callback::Token(token_response.clone())),
        format!(
            "{:?}",
            Callback::Code(CodeResponse {
                code: AuthorizationCode::new(CODE.into()),
                granted_scope: None,
                state: state(),
            })
        ),
        format!(
            "{:?}",
            Callback::Error(ProviderError {
                code: ProviderErrorCode::AccessDenied,
                state: state(),
            })
        ),
        format!(
            "{:?}",
            PendingLogin::new(CsrfState::kept(STATE.into()), Some(verifier()), "/", 1)
        ),
        format!("{:?}", Accepted::Token(token_response)),
        format!(
            "{:?}",
            Accepted::Code {
                code: AuthorizationCode::new(CODE.into()),
                verifier: verifier(),
                granted_scope: None,
            }
        ),
        format!("{:?}", tokens()),
        format!("{session:?}"),
        format!("{:?}", News::Current(session.clone())),
        format!("{:?}", Heard::Adopt(session.clone())),
        format!("{:?}", Fields::parse(&session.to_record())),
    ];
    for text in &printed {
        for secret in SECRET_PARTS {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // The check can fail: the record itself holds them.
    let record = session.to_record();
    for secret in ["access-secret", "refresh-secret", "sealing-key-secret"] {
        assert!(record.contains(secret));
    }
    assert!(
        printed
            .iter()
            .all(|text| text.contains("<redacted>") || text.contains("Fields"))
    );
}
