//! The authorization request: the URL the browser is sent to at Amazon.

use crate::auth::scope::join_scopes;
use crate::auth::state::CsrfState;
use crate::config::Config;

/// The implicit-grant authorization URL for `config`, carrying `state`. Its inputs are already
/// validated types, so the URL cannot be malformed.
pub fn authorization_url(config: &Config, state: &CsrfState) -> String {
    let scope = join_scopes(&config.scopes);
    let parameters = [
        ("client_id", config.client_id.as_str()),
        ("scope", scope.as_str()),
        ("response_type", "token"),
        ("redirect_uri", config.redirect_uri.as_str()),
        ("state", state.as_str()),
    ];
    // serde_urlencoded writes spaces as '+' (a literal '+' becomes %2B); %20 is what Amazon's
    // own SDK sends, and what every server reads as a space.
    let query = serde_urlencoded::to_string(parameters)
        .unwrap_or_default()
        .replace('+', "%20");
    format!("{}?{query}", config.endpoints.authorize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::state::STATE_BYTES;
    use crate::config::{decode_with_serde_json, parse_config};

    fn config(extra: &str) -> Config {
        let json = format!(r#"{{"client_id": "amzn1.application-oa2-client.abc"{extra}}}"#);
        parse_config(&json, "https://app.example.com/", decode_with_serde_json)
            .expect("valid config")
    }

    fn query_of(url: &str) -> Vec<(String, String)> {
        serde_urlencoded::from_str(
            url.split_once('?')
                .map(|(_, query)| query)
                .unwrap_or_default(),
        )
        .expect("query")
    }

    #[test]
    fn the_url_carries_every_required_parameter_for_the_implicit_grant() {
        let state = CsrfState::from_random_bytes([9; STATE_BYTES]);
        let url = authorization_url(&config(""), &state);
        assert!(url.starts_with("https://www.amazon.com/ap/oa?"), "{url}");
        let expected = [
            ("client_id", "amzn1.application-oa2-client.abc"),
            ("scope", "profile"),
            ("response_type", "token"),
            ("redirect_uri", "https://app.example.com/"),
            ("state", state.as_str()),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        assert_eq!(query_of(&url), expected.to_vec());
    }

    #[test]
    fn scopes_are_space_separated_as_percent_20_and_values_are_encoded() {
        let state = CsrfState::from_random_bytes([0; STATE_BYTES]);
        let url = authorization_url(
            &config(
                r#", "scopes": ["profile", "postal_code"], "redirect_uri": "https://app.example.com/cb?a=1&b=2""#,
            ),
            &state,
        );
        assert!(url.contains("scope=profile%20postal_code"), "{url}");
        assert!(
            url.contains("redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fa%3D1%26b%3D2"),
            "{url}"
        );
        assert!(!url.contains('+'), "{url}");
    }

    #[test]
    fn the_endpoint_override_is_used() {
        let state = CsrfState::from_random_bytes([0; STATE_BYTES]);
        let url = authorization_url(
            &config(r#", "endpoints": {"authorize": "http://127.0.0.1:8787/ap/oa"}"#),
            &state,
        );
        assert!(
            url.starts_with("http://127.0.0.1:8787/ap/oa?client_id="),
            "{url}"
        );
    }
}
