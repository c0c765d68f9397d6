//! `GET /user/profile` and `GET /auth/o2/tokeninfo`.

use std::sync::Arc;
use std::time::UNIX_EPOCH;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::faults::{ApiEndpoint, Faults, HOSTILE_NAME, ProfileFailure, ProfileField};
use crate::grants::{AccessGrant, TokenProblem};
use crate::registry::{Account, app_id_for};
use crate::respond::{ApiRefusal, respond, text_response};
use crate::scope::Scope;
use crate::server::Shared;
use crate::wire::parse_parameters;

/// The audience tokeninfo reports when the wrong-audience switch is on: another site's client.
pub const FOREIGN_CLIENT_ID: &str =
    "amzn1.application-oa2-client.0ther5173000000000000000000000000";

const MISSING_TOKEN: &str = "The request is missing a required parameter : access_token";
const INVALID_TOKEN: &str =
    "The access token provided is expired, revoked, malformed, or invalid for other reasons.";

#[derive(Debug, Deserialize)]
struct TokenQuery {
    access_token: Option<String>,
}

/// `GET /user/profile`: the customer's profile, as far as the token's scopes allow.
pub(crate) async fn profile(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let faults = shared.faults();
    if let Some(failure) = faults.profile_failure {
        return profile_failure(&faults, failure);
    }
    let outcome = presented_token(&headers, query.as_deref())
        .map_err(|problem| ApiRefusal::new(StatusCode::BAD_REQUEST, "invalid_request", problem))
        .and_then(|token| {
            live_grant(&shared, &token).map_err(|description| {
                ApiRefusal::new(StatusCode::UNAUTHORIZED, "invalid_token", description)
            })
        })
        .map(|grant| profile_body(&shared.account, &grant.scopes, &faults));
    respond(&faults, ApiEndpoint::Profile, outcome)
}

/// `GET /auth/o2/tokeninfo?access_token=…`: who the token was issued to, and for how long.
pub(crate) async fn tokeninfo(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let faults = shared.faults();
    let outcome = parse_parameters::<TokenQuery>(query.unwrap_or_default().as_bytes())
        .and_then(|query| {
            query
                .access_token
                .filter(|token| !token.is_empty())
                .ok_or_else(|| MISSING_TOKEN.to_owned())
        })
        .map_err(|problem| ApiRefusal::new(StatusCode::BAD_REQUEST, "invalid_request", problem))
        .and_then(|token| {
            live_grant(&shared, &token).map_err(|description| {
                ApiRefusal::new(StatusCode::BAD_REQUEST, "invalid_token", description)
            })
        })
        .map(|grant| {
            let audience = if faults.wrong_audience {
                FOREIGN_CLIENT_ID
            } else {
                grant.client_id.as_str()
            };
            let remaining = grant
                .expires_at
                .duration_since(shared.live().now())
                .unwrap_or_default();
            json!({
                "iss": "https://www.amazon.com",
                "user_id": shared.account.user_id,
                "aud": audience,
                "app_id": app_id_for(audience),
                "exp": remaining.as_secs(),
                "iat": grant.issued_at.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs(),
            })
        });
    respond(&faults, ApiEndpoint::Tokeninfo, outcome)
}

/// The token's grant, if the token is known and unexpired; otherwise the error description.
fn live_grant(shared: &Shared, token: &str) -> Result<AccessGrant, &'static str> {
    let live = shared.live();
    match live.grants.access(token, live.now()) {
        Ok(grant) => Ok(grant.clone()),
        Err(TokenProblem::Expired) => Err("The access token has expired."),
        Err(TokenProblem::Unknown) => Err(INVALID_TOKEN),
    }
}

/// The token from exactly one of: `Authorization: Bearer`, `x-amz-access-token`, `?access_token=`.
fn presented_token(headers: &HeaderMap, query: Option<&str>) -> Result<String, String> {
    let header_text = |name| {
        headers
            .get(name)
            .map(|value| value.to_str().map(str::to_owned))
    };
    let mut found = Vec::new();
    if let Some(authorization) = header_text(header::AUTHORIZATION.as_str()) {
        let authorization =
            authorization.map_err(|_| "The Authorization header is not text.".to_owned())?;
        match authorization.split_once(' ') {
            Some((scheme, token))
                if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
            {
                found.push(token.trim().to_owned());
            }
            _ => return Err("The Authorization header must be 'Bearer <access token>'.".into()),
        }
    }
    if let Some(token) = header_text("x-amz-access-token") {
        found.push(token.map_err(|_| "The x-amz-access-token header is not text.".to_owned())?);
    }
    if let Some(token) =
        parse_parameters::<TokenQuery>(query.unwrap_or_default().as_bytes())?.access_token
    {
        found.push(token);
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(MISSING_TOKEN.into()),
        _ => Err("The access token must be sent in one way only.".into()),
    }
}

/// The profile fields the token's scopes allow, minus those the switches remove.
fn profile_body(account: &Account, scopes: &[Scope], faults: &Faults) -> Value {
    let name = if faults.hostile_name {
        HOSTILE_NAME
    } else {
        account.name.as_str()
    };
    let mut fields = Map::new();
    let mut add = |field: ProfileField, key: &str, value: &str| {
        if !faults.profile_omits.contains(&field) {
            fields.insert(key.to_owned(), Value::from(value));
        }
    };
    for scope in scopes {
        match scope {
            Scope::Profile => {
                add(ProfileField::UserId, "user_id", &account.user_id);
                add(ProfileField::Name, "name", name);
                add(ProfileField::Email, "email", &account.email);
            }
            Scope::ProfileUserId => add(ProfileField::UserId, "user_id", &account.user_id),
            Scope::PostalCode => add(
                ProfileField::PostalCode,
                "postal_code",
                &account.postal_code,
            ),
        }
    }
    Value::Object(fields)
}

fn profile_failure(faults: &Faults, failure: ProfileFailure) -> Response {
    let refusal = match failure {
        ProfileFailure::Unauthorized => {
            ApiRefusal::new(StatusCode::UNAUTHORIZED, "invalid_token", INVALID_TOKEN)
        }
        ProfileFailure::Forbidden => ApiRefusal::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "The access token provided does not have access to the requested resource.",
        ),
        ProfileFailure::ServerError => ApiRefusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ServerError",
            "The server encountered a runtime error.",
        ),
        ProfileFailure::Unavailable => {
            let page = "<html><body><h1>503 Service Unavailable</h1></body></html>";
            return text_response(StatusCode::SERVICE_UNAVAILABLE, page);
        }
    };
    respond(faults, ApiEndpoint::Profile, Err(refusal))
}
