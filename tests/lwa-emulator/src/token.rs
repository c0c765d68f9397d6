//! `POST /auth/o2/token`: exchanges an authorization code (with its PKCE verifier, or the client
//! secret) or a refresh token for an access token.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::faults::{ApiEndpoint, Faults};
use crate::grants::CodeProblem;
use crate::respond::{ApiRefusal, respond};
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
    let outcome = exchange(&shared, &faults, &headers, &body);
    respond(&faults, ApiEndpoint::Token, outcome)
}

fn exchange(
    shared: &Shared,
    faults: &Faults,
    headers: &HeaderMap,
    body: &[u8],
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
    let request: TokenRequest =
        parse_parameters(body).map_err(|problem| refused("invalid_request", problem))?;
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
            let access_token =
                live.grants
                    .issue_access(client_id, &authorized.scopes, now, lifetime);
            let refresh_token = live.grants.issue_refresh(client_id, &authorized.scopes);
            live.grants
                .record_issued(code, [access_token.as_str(), refresh_token.as_str()]);
            (access_token, refresh_token)
        }
        "refresh_token" => {
            let refresh_token = required(request.refresh_token.as_deref(), "refresh_token")?;
            let scopes = live
                .grants
                .refresh(refresh_token)
                .filter(|grant| grant.client_id == client_id)
                .map(|grant| grant.scopes.clone())
                .ok_or_else(|| refused("invalid_grant", "The refresh token is invalid."))?;
            (
                live.grants.issue_access(client_id, &scopes, now, lifetime),
                refresh_token.to_owned(),
            )
        }
        other => {
            return Err(refused(
                "unsupported_grant_type",
                format!("grant_type {other:?} is not supported."),
            ));
        }
    };
    Ok(json!({
        "access_token": access_token,
        "refresh_token": refresh_token,
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
    }))
}

fn required<'a>(value: Option<&'a str>, name: &str) -> Result<&'a str, ApiRefusal> {
    value.filter(|value| !value.is_empty()).ok_or_else(|| {
        refused(
            "invalid_request",
            format!("The request is missing a required parameter : {name}"),
        )
    })
}
