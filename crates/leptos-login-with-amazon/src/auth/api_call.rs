//! The rules of the authorized call (`LoginWithAmazon::authorized_get`): which paths it may
//! call, when a refusal renews the session and tries again, and how long it waits for that.

use crate::AuthError;

/// How long an authorized call refused with 401 waits for the renewal it asked for: the
/// renewal's own calls are bounded (20 s each, the origin's note first), and a copy of the tab
/// that renews instead tells this one within a second of finishing.
pub const RENEWAL_WAIT_MS: u64 = 45_000;

/// `path` if it can only name an API under the configured `endpoints.api`: it starts with `/`
/// and has no dot segment (`/../`, which would climb out of a forwarding such as
/// `https://app.example.com/amazon-api` to another address of the app's own origin), no
/// percent sign before its query (which could spell one), no backslash, fragment, space or
/// control character. The bearer token goes to no other address.
///
/// ```
/// use leptos_login_with_amazon::auth::api_call::api_path;
///
/// assert_eq!(api_path("/user/profile"), Ok("/user/profile"));
/// assert!(api_path("https://example.com/").is_err());
/// assert!(api_path("/../config.json").is_err());
/// ```
pub fn api_path(path: &str) -> Result<&str, AuthError> {
    let before_query = path.split('?').next().unwrap_or_default();
    let dot_segment = before_query
        .split('/')
        .any(|segment| segment == "." || segment == "..");
    let allowed = path.starts_with('/')
        && !dot_segment
        && !before_query.contains('%')
        && !path.chars().any(|character| {
            matches!(character, '\\' | '#') || character.is_whitespace() || character.is_control()
        });
    allowed.then_some(path).ok_or(AuthError::NotAnApiPath)
}

/// What an authorized call does with the status Amazon answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAnswer {
    /// 2xx: the answer, for the app.
    Answer,
    /// Amazon refused the access token (401), a refresh token is kept, and this was the first
    /// try: renew the session (or take the one a copy renewed meanwhile), then try once more.
    RenewAndRetry,
    /// Amazon refused the access token and renewing cannot help (there is no refresh token,
    /// or it refused the renewed one too): the session is over, as when a sign-in's own check
    /// is refused. So a call can never spend more than one refresh token.
    EndSession,
    /// Any other failure: this call failed, and the session stays as it is.
    Fail,
}

/// What an authorized call does after Amazon answered `status`, with a refresh token kept or
/// not, on its first try or after renewing (`retried`).
pub fn after_answer(status: u16, refresh_token_kept: bool, retried: bool) -> AfterAnswer {
    match status {
        200..=299 => AfterAnswer::Answer,
        401 if refresh_token_kept && !retried => AfterAnswer::RenewAndRetry,
        401 => AfterAnswer::EndSession,
        _ => AfterAnswer::Fail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_under_the_api_are_called() {
        for path in [
            "/user/profile",
            "/user/profile?fields=name",
            "/user/profile?q=tea%20%26%20milk",
            "/",
            "/a.b/c..d/.e",
        ] {
            assert_eq!(api_path(path), Ok(path), "{path}");
        }
        for path in [
            "",
            "user/profile",
            "https://evil.example/",
            "/../config.json",
            "/user/../../config.json",
            "/./x",
            "/..",
            "/%2e%2e/config.json",
            "/user\\..\\x",
            "/user/profile#x",
            "/user/profile x",
            "/user/\nprofile",
            "/user/\u{7f}",
        ] {
            assert_eq!(api_path(path), Err(AuthError::NotAnApiPath), "{path:?}");
        }
    }

    #[test]
    fn a_path_starting_with_two_slashes_stays_on_the_api_host() {
        // `{api}//evil.example/x` is a path of the API's host, not a host of its own.
        assert_eq!(api_path("//evil.example/x"), Ok("//evil.example/x"));
    }

    #[test]
    fn only_a_refused_token_renews_and_only_once() {
        use AfterAnswer::{Answer, EndSession, Fail, RenewAndRetry};
        for (status, kept, retried, after) in [
            (200, true, false, Answer),
            (204, false, true, Answer),
            (401, true, false, RenewAndRetry),
            (401, true, true, EndSession),
            (401, false, false, EndSession),
            (403, true, false, Fail),
            (400, true, false, Fail),
            (429, true, false, Fail),
            (500, true, true, Fail),
            (0, true, false, Fail),
            (302, true, false, Fail),
        ] {
            assert_eq!(
                after_answer(status, kept, retried),
                after,
                "{status} {kept} {retried}"
            );
        }
    }
}
