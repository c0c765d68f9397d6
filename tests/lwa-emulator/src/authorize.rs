//! `GET /ap/oa` (the authorization endpoint) and the answer to its consent page.
//!
//! As RFC 6749 §4.1.2.1 requires, a bad `client_id` or `redirect_uri` gets an error page and
//! never a redirect; every other problem goes back to the app as an OAuth error.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::faults::AuthorizeError;
use crate::grants::Grants;
use crate::pages::{consent_page, error_page};
use crate::pkce::Challenge;
use crate::registry::Client;
use crate::scope::{Scope, join_scopes, parse_scopes};
use crate::server::Shared;
use crate::wire::{encode_parameters, parse_parameters};

/// Longest `client_id` Amazon accepts.
const MAX_CLIENT_ID_BYTES: usize = 100;
/// Longest `state` or `redirect_uri` the emulator reflects back.
const MAX_ECHOED_BYTES: usize = 2048;

/// The grant the app asked for with `response_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseType {
    /// Implicit grant: the token comes back in the fragment.
    Token,
    /// Authorization code grant: the code comes back in the query.
    Code,
}

/// A request that passed every check and waits for the person's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthorizationRequest {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) response_type: ResponseType,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) state: Option<String>,
    pub(crate) challenge: Option<Challenge>,
}

/// The query of `/ap/oa`, as sent; unknown parameters are ignored like Amazon does.
#[derive(Debug, Deserialize)]
struct AuthorizeQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    response_type: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    scope_data: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

/// Why a request is refused.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// Shown at the emulator: the return address cannot be trusted.
    Page(String),
    /// Sent back to the app's (registered) `redirect_uri`.
    Redirect {
        to: ErrorDestination,
        error: AuthorizeError,
        description: String,
    },
}

/// Where an OAuth error goes back to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorDestination {
    redirect_uri: String,
    response_type: Option<ResponseType>,
    state: Option<String>,
}

/// `GET /ap/oa`: the consent page, or an error.
pub(crate) async fn authorize(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let request = parse_parameters::<AuthorizeQuery>(query.as_bytes())
        .map_err(Refusal::Page)
        .and_then(|query| validate(&shared, query));
    let (request, client) = match request {
        Ok(validated) => validated,
        Err(refusal) => return refuse(refusal),
    };
    let mut live = shared.live();
    if let Some(error) = live.faults.authorize_error {
        drop(live);
        let to = ErrorDestination::of(&request);
        return redirect_error(&to, error, error.description());
    }
    let now = live.now();
    let consent_id = live.grants.begin_consent(request.clone(), now);
    drop(live);
    consent_page(client, &shared.account, &request.scopes, &consent_id)
}

/// The consent form's fields.
#[derive(Debug, Deserialize)]
struct ConsentAnswer {
    consent_id: String,
    decision: String,
}

/// `POST /ap/oa/consent`: Allow or Cancel, then back to the app.
pub(crate) async fn answer_consent(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let answer = match parse_parameters::<ConsentAnswer>(&body) {
        Ok(answer) => answer,
        Err(problem) => return error_page(StatusCode::BAD_REQUEST, &problem),
    };
    // The answer is checked before the consent is used up: a bad one leaves the page usable.
    let allowed = match answer.decision.as_str() {
        "allow" => true,
        "cancel" => false,
        _ => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "The answer must be Allow or Cancel.",
            );
        }
    };
    let mut live = shared.live();
    let now = live.now();
    let Some(request) = live.grants.finish_consent(&answer.consent_id, now) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "This sign-in request has expired or was already answered. Go back to the app and sign in again.",
        );
    };
    if !allowed {
        drop(live);
        return redirect_error(
            &ErrorDestination::of(&request),
            AuthorizeError::AccessDenied,
            AuthorizeError::AccessDenied.description(),
        );
    }
    let scope = join_scopes(&request.scopes);
    let state = request.state.clone().unwrap_or_default();
    let mut fields: Vec<(&str, String)> = match request.response_type {
        ResponseType::Token => {
            let lifetime = live.faults.token_lifetime;
            let token = live.grants.issue_access(
                &request.client_id,
                &request.scopes,
                now,
                lifetime,
                &Grants::new_family(),
            );
            vec![
                ("access_token", token),
                ("token_type", "bearer".into()),
                ("expires_in", lifetime.as_secs().to_string()),
                ("scope", scope),
            ]
        }
        ResponseType::Code => vec![
            ("code", live.grants.issue_code(request.clone(), now)),
            ("scope", scope),
        ],
    };
    drop(live);
    if request.state.is_some() {
        fields.push(("state", state));
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    found(&return_url(
        &request.redirect_uri,
        Some(request.response_type),
        &pairs,
    ))
}

impl ErrorDestination {
    fn of(request: &AuthorizationRequest) -> Self {
        ErrorDestination {
            redirect_uri: request.redirect_uri.clone(),
            response_type: Some(request.response_type),
            state: request.state.clone(),
        }
    }
}

/// Checks a request in the order that decides where errors may go; returns it with its client.
fn validate(
    shared: &Shared,
    query: AuthorizeQuery,
) -> Result<(AuthorizationRequest, &Client), Refusal> {
    let page = |message: &str| Refusal::Page(message.to_owned());
    let client_id = query
        .client_id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| page("The request has no client_id."))?;
    if client_id.len() > MAX_CLIENT_ID_BYTES {
        return Err(page("The client_id is longer than 100 bytes."));
    }
    let client = shared
        .client(&client_id)
        .ok_or_else(|| page("The client_id is not a registered app."))?;
    let redirect_uri = query
        .redirect_uri
        .ok_or_else(|| page("The request has no redirect_uri."))?;
    if !client.redirect_uris.contains(&redirect_uri) {
        return Err(page(
            "The redirect_uri is not one of this app's Allowed Return URLs.",
        ));
    }
    if query
        .state
        .as_ref()
        .is_some_and(|state| state.len() > MAX_ECHOED_BYTES)
    {
        return Err(page("The state is longer than 2048 bytes."));
    }
    let response_type = match query.response_type.as_deref() {
        Some("token") => Some(ResponseType::Token),
        Some("code") => Some(ResponseType::Code),
        _ => None,
    };
    let to = ErrorDestination {
        redirect_uri,
        response_type,
        state: query.state,
    };
    let refuse_with = |error: AuthorizeError, description: &str| Refusal::Redirect {
        to: to.clone(),
        error,
        description: description.to_owned(),
    };
    let response_type = match (response_type, query.response_type) {
        (Some(response_type), _) => response_type,
        (None, None) => {
            return Err(refuse_with(
                AuthorizeError::InvalidRequest,
                "response_type is missing.",
            ));
        }
        (None, Some(_)) => {
            return Err(refuse_with(
                AuthorizeError::UnsupportedResponseType,
                "response_type must be token or code.",
            ));
        }
    };
    let scopes = match query.scope.as_deref().map(parse_scopes) {
        None | Some(Ok(None)) => {
            return Err(refuse_with(
                AuthorizeError::InvalidRequest,
                "scope is missing.",
            ));
        }
        Some(Err(problem)) => return Err(refuse_with(AuthorizeError::InvalidScope, &problem)),
        Some(Ok(Some(scopes))) => scopes,
    };
    if let Some(scope_data) = &query.scope_data
        && !serde_json::from_str::<serde_json::Value>(scope_data)
            .is_ok_and(|value| value.is_object())
    {
        return Err(refuse_with(
            AuthorizeError::InvalidRequest,
            "scope_data must be a JSON object.",
        ));
    }
    let challenge = match (query.code_challenge, query.code_challenge_method) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(refuse_with(
                AuthorizeError::InvalidRequest,
                "code_challenge_method needs a code_challenge.",
            ));
        }
        (Some(_), _) if response_type == ResponseType::Token => {
            return Err(refuse_with(
                AuthorizeError::InvalidRequest,
                "PKCE applies to response_type=code only.",
            ));
        }
        (Some(value), method) => Some(
            Challenge::parse(&value, method.as_deref())
                .map_err(|problem| refuse_with(AuthorizeError::InvalidRequest, &problem))?,
        ),
    };
    let request = AuthorizationRequest {
        client_id,
        redirect_uri: to.redirect_uri,
        response_type,
        scopes,
        state: to.state,
        challenge,
    };
    Ok((request, client))
}

fn refuse(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(message) => error_page(StatusCode::BAD_REQUEST, &message),
        Refusal::Redirect {
            to,
            error,
            description,
        } => redirect_error(&to, error, &description),
    }
}

/// Sends an OAuth error back to the app, where its grant expects the response.
fn redirect_error(to: &ErrorDestination, error: AuthorizeError, description: &str) -> Response {
    let mut pairs = vec![
        ("error", error.as_str()),
        ("error_description", description),
    ];
    if let Some(state) = &to.state {
        pairs.push(("state", state));
    }
    found(&return_url(&to.redirect_uri, to.response_type, &pairs))
}

/// `redirect_uri` with the response appended: in the fragment for the implicit grant, in the
/// query otherwise (including when the response type itself was the problem).
fn return_url(
    redirect_uri: &str,
    response_type: Option<ResponseType>,
    pairs: &[(&str, &str)],
) -> String {
    let parameters = encode_parameters(pairs);
    match response_type {
        Some(ResponseType::Token) => format!("{redirect_uri}#{parameters}"),
        _ if redirect_uri.contains('?') => format!("{redirect_uri}&{parameters}"),
        _ => format!("{redirect_uri}?{parameters}"),
    }
}

/// `302 Found` to `url`, the status Amazon answers `/ap/oa` with.
fn found(url: &str) -> Response {
    (StatusCode::FOUND, [(LOCATION, url)]).into_response()
}
