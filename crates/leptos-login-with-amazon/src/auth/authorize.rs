//! The authorization request: the URL the browser is sent to at Amazon.

use crate::auth::pkce::{CHALLENGE_METHOD, CodeChallenge};
use crate::auth::scope::join_scopes;
use crate::auth::state::CsrfState;
use crate::config::Config;

/// What the authorization request asks Amazon to send back.
#[derive(Debug, Clone, Copy)]
pub enum ResponseType<'a> {
    /// The implicit grant: the access token itself, in the fragment.
    Token,
    /// The code grant: a one-time code, which only the holder of the verifier behind
    /// `challenge` can exchange.
    Code {
        /// The PKCE challenge sent along.
        challenge: &'a CodeChallenge,
    },
}

/// The authorization URL for `config`, carrying `state`. Its inputs are already validated
/// types, so the URL cannot be malformed, and a code request always carries an S256 challenge.
pub fn authorization_url(config: &Config, state: &CsrfState, response: ResponseType) -> String {
    let scope = join_scopes(&config.scopes);
    let mut parameters = vec![
        ("client_id", config.client_id.as_str()),
        ("scope", scope.as_str()),
        (
            "response_type",
            match response {
                ResponseType::Token => "token",
                ResponseType::Code { .. } => "code",
            },
        ),
        ("redirect_uri", config.redirect_uri.as_str()),
        ("state", state.as_str()),
    ];
    if let ResponseType::Code { challenge } = response {
        parameters.extend([
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", CHALLENGE_METHOD),
        ]);
    }
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
        let url = authorization_url(&config(""), &state, ResponseType::Token);
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
    #[cfg(feature = "code-pkce")]
    fn the_code_grant_asks_for_a_code_with_an_s256_challenge() {
        let state = CsrfState::from_random_bytes([3; STATE_BYTES]);
        let challenge = CodeChallenge::from_sha256([7; 32]);
        let url = authorization_url(
            &config(r#", "grant": "code_pkce""#),
            &state,
            ResponseType::Code {
                challenge: &challenge,
            },
        );
        assert!(url.starts_with("https://www.amazon.com/ap/oa?"), "{url}");
        let expected = [
            ("client_id", "amzn1.application-oa2-client.abc"),
            ("scope", "profile"),
            ("response_type", "code"),
            ("redirect_uri", "https://app.example.com/"),
            ("state", state.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        assert_eq!(query_of(&url), expected.to_vec());
        assert!(
            !url.contains("code_verifier"),
            "the verifier never leaves the tab"
        );
    }

    #[test]
    fn scopes_are_space_separated_as_percent_20_and_values_are_encoded() {
        let state = CsrfState::from_random_bytes([0; STATE_BYTES]);
        let url = authorization_url(
            &config(
                r#", "scopes": ["profile", "postal_code"], "redirect_uri": "https://app.example.com/cb?a=1&b=2""#,
            ),
            &state,
            ResponseType::Token,
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
            &config(r#", "endpoints": {"authorize": "https://emulator.example:8787/ap/oa"}"#),
            &state,
            ResponseType::Token,
        );
        assert!(
            url.starts_with("https://emulator.example:8787/ap/oa?client_id="),
            "{url}"
        );
    }
}
