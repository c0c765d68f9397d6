//! `POST /auth/o2/token`: exchanges an authorization code (with its PKCE verifier, or the client
//! secret) or a refresh token for an access token.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::faults::{ApiEndpoint, Faults};
use crate::grants::{CodeProblem, Grants};
use crate::respond::{ApiRefusal, respond, text_response};
use crate::server::Shared;
use crate::wire::parse_parameters;

#[derive(Debug, Deserialize)]
struct TokenRequest {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
}

/// A refusal from this endpoint: always 400, as Amazon documents.
fn refused(error: &'static str, description: impl Into<String>) -> ApiRefusal {
    ApiRefusal::new(StatusCode::BAD_REQUEST, error, description)
}

/// `POST /auth/o2/token`.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let faults = shared.faults();
    if !faults.token_delay.is_zero() {
        tokio::time::sleep(faults.token_delay).await;
    }
    match exchange(&shared, &faults, &headers, &body) {
        Exchange::Answer(outcome) => respond(&faults, ApiEndpoint::Token, outcome),
        Exchange::Fails(status) => {
            let mut response = text_response(status, &format!("<html>{status}</html>"));
            if status == StatusCode::TOO_MANY_REQUESTS {
                let seconds = faults.throttle_retry_after.as_secs().to_string();
                if let Ok(seconds) = HeaderValue::from_str(&seconds) {
                    response.headers_mut().insert(header::RETRY_AFTER, seconds);
                }
            }
            response
        }
    }
}

/// What a token request gets.
enum Exchange {
    /// Tokens, or Amazon's refusal.
    Answer(Result<serde_json::Value, ApiRefusal>),
    /// A page from in front of the API, with this status: 503 (`refresh_unavailable`), 429 with
    /// `Retry-After` (`refresh_throttled`), 408 (`refresh_timeouts`).
    Fails(StatusCode),
}

fn exchange(shared: &Shared, faults: &Faults, headers: &HeaderMap, body: &[u8]) -> Exchange {
    let request = parse_parameters::<TokenRequest>(body);
    if let Ok(TokenRequest {
        grant_type: Some(grant_type),
        ..
    }) = &request
    {
        let mut live = shared.live();
        live.count_grant_type(grant_type);
        if grant_type == "refresh_token" {
            let faults = &mut live.faults;
            for (left, status) in [
                (&mut faults.refresh_throttled, StatusCode::TOO_MANY_REQUESTS),
                (&mut faults.refresh_timeouts, StatusCode::REQUEST_TIMEOUT),
                (
                    &mut faults.refresh_unavailable,
                    StatusCode::SERVICE_UNAVAILABLE,
                ),
            ] {
                if *left > 0 {
                    *left -= 1;
                    return Exchange::Fails(status);
                }
            }
        }
    }
    Exchange::Answer(issue(shared, faults, headers, request))
}

fn issue(
    shared: &Shared,
    faults: &Faults,
    headers: &HeaderMap,
    request: Result<TokenRequest, String>,
) -> Result<serde_json::Value, ApiRefusal> {
    let form_encoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !form_encoded {
        return Err(refused(
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded.",
        ));
    }
    let request = request.map_err(|problem| refused("invalid_request", problem))?;
    let client_id = required(request.client_id.as_deref(), "client_id")?;
    let client = shared
        .client(client_id)
        .ok_or_else(|| refused("invalid_client", "The client_id is not a registered app."))?;
    let lifetime = faults.token_lifetime;
    let mut live = shared.live();
    let now = live.now();
    let (access_token, refresh_token) = match required(request.grant_type.as_deref(), "grant_type")?
    {
        "authorization_code" => {
            let code = required(request.code.as_deref(), "code")?;
            let redirect_uri = required(request.redirect_uri.as_deref(), "redirect_uri")?;
            let grant = live.grants.redeem_code(code, now).map_err(|problem| {
                let description = match problem {
                    CodeProblem::Unknown => "The authorization code is invalid.",
                    CodeProblem::Expired => "The authorization code has expired.",
                    CodeProblem::AlreadyUsed => "The authorization code has already been used.",
                };
                refused("invalid_grant", description)
            })?;
            let authorized = &grant.request;
            if authorized.client_id != client_id {
                return Err(refused(
                    "invalid_grant",
                    "The authorization code was issued to another client.",
                ));
            }
            if authorized.redirect_uri != redirect_uri {
                return Err(refused(
                    "invalid_grant",
                    "The redirect_uri does not match the authorization request.",
                ));
            }
            if let Some(verifier) = &request.code_verifier {
                live.grants.secrets.push(verifier.clone());
            }
            match (&authorized.challenge, request.code_verifier.as_deref()) {
                (Some(_), None) => {
                    return Err(refused("invalid_request", "code_verifier is required."));
                }
                (Some(challenge), Some(verifier)) if !challenge.is_met_by(verifier) => {
                    return Err(refused(
                        "invalid_grant",
                        "The code_verifier does not match the code_challenge.",
                    ));
                }
                (None, _)
                    if client.client_secret.is_none()
                        || request.client_secret != client.client_secret =>
                {
                    return Err(refused("invalid_client", "Client authentication failed."));
                }
                _ => {}
            }
            let family = Grants::new_family();
            let access_token =
                live.grants
                    .issue_access(client_id, &authorized.scopes, now, lifetime, &family);
            // A public client (no secret) may get no refresh token at all.
            let secretless = request.client_secret.is_none();
            let refresh_token = (!(secretless && faults.no_refresh_token)).then(|| {
                live.grants
                    .issue_refresh(client_id, &authorized.scopes, &family)
            });
            live.grants.record_issued(
                code,
                std::iter::once(access_token.as_str()).chain(refresh_token.as_deref()),
            );
            (access_token, refresh_token)
        }
        "refresh_token" => {
            let refresh_token = required(request.refresh_token.as_deref(), "refresh_token")?;
            if let Some(family) = live.grants.retired_family(refresh_token) {
                // A refresh token rotation replaced: someone kept a copy of it.
                live.retired_refresh_tokens_presented += 1;
                if faults.revoke_family_on_reuse {
                    live.grants.revoke_family(&family);
                }
                return Err(refused("invalid_grant", "The refresh token was replaced."));
            }
            let (scopes, family) = live
                .grants
                .refresh(refresh_token)
                .filter(|grant| grant.client_id == client_id && !faults.refuse_refresh)
                .map(|grant| (grant.scopes.clone(), grant.family.clone()))
                .ok_or_else(|| refused("invalid_grant", "The refresh token is invalid."))?;
            let access_token = live
                .grants
                .issue_access(client_id, &scopes, now, lifetime, &family);
            let refresh_token = if faults.rotate_refresh_tokens {
                live.grants.retire_refresh(refresh_token);
                live.grants.issue_refresh(client_id, &scopes, &family)
            } else {
                refresh_token.to_owned()
            };
            (access_token, Some(refresh_token))
        }
        other => {
            return Err(refused(
                "unsupported_grant_type",
                format!("grant_type {other:?} is not supported."),
            ));
        }
    };
    let mut answer = json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
    });
    if let Some(refresh_token) = refresh_token {
        answer["refresh_token"] = refresh_token.into();
    }
    Ok(answer)
}

fn required<'a>(value: Option<&'a str>, name: &str) -> Result<&'a str, ApiRefusal> {
    value.filter(|value| !value.is_empty()).ok_or_else(|| {
        refused(
            "invalid_request",
            format!("The request is missing a required parameter : {name}"),
        )
    })
}
