//! `GET {api}/user/profile`: who signed in.

use gloo_net::http::Request;

use super::http::get_resource;
use crate::AuthError;
use crate::auth::token::AccessToken;

/// The customer profile. Every field may be absent (it depends on the scopes granted), and
/// unknown fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// `user_id`: the person's Amazon account ID for this app (scope `profile` or `profile:user_id`).
    pub user_id: Option<String>,
    /// `name` (scope `profile`).
    pub name: Option<String>,
    /// `email` (scope `profile`).
    pub email: Option<String>,
    /// `postal_code` (scope `postal_code`).
    pub postal_code: Option<String>,
}

/// Fetches the profile, sending the token in the `Authorization` header (never in the URL).
pub async fn fetch_profile(api: &str, token: &AccessToken) -> Result<Profile, AuthError> {
    let request = Request::get(&format!("{api}/user/profile"))
        .header("Authorization", &format!("Bearer {}", token.secret()));
    let answer = get_resource(request).await?;
    // A field of another type than a string is treated as absent.
    Ok(Profile {
        user_id: answer.string("user_id"),
        name: answer.string("name"),
        email: answer.string("email"),
        postal_code: answer.string("postal_code"),
    })
}
