use super::*;

const TOKEN: &str = "Atza|IwEBIA-sample_token.value~0123";

fn token_fragment(extra: &str) -> String {
    format!(
        "access_token=Atza%7CIwEBIA-sample_token.value~0123&token_type=bearer&expires_in=3600&scope=profile&state=S1{extra}"
    )
}

fn parsed_token(fragment: &str) -> TokenResponse {
    match parse_callback(fragment, "") {
        Some(Ok(Callback::Token(response))) => response,
        other => panic!("expected a token response from {fragment:?}, got {other:?}"),
    }
}

fn parse_error(fragment: &str) -> AuthError {
    match parse_callback(fragment, "") {
        Some(Err(error)) => error,
        other => panic!("expected an error from {fragment:?}, got {other:?}"),
    }
}

#[test]
fn a_token_response_is_read_with_its_lifetime_scope_and_state() {
    let response = parsed_token(&token_fragment(""));
    assert_eq!(response.access_token.secret(), TOKEN);
    assert_eq!(response.expires_in_seconds, 3600);
    assert_eq!(response.granted_scope.as_deref(), Some("profile"));
    assert_eq!(response.state.as_deref(), Some("S1"));
}

#[test]
fn the_pipe_is_accepted_percent_encoded_or_raw() {
    let raw = token_fragment("").replace("%7C", "|");
    assert_eq!(parsed_token(&raw).access_token.secret(), TOKEN);
    let lower_case_escape = token_fragment("").replace("%7C", "%7c");
    assert_eq!(
        parsed_token(&lower_case_escape).access_token.secret(),
        TOKEN
    );
}

#[test]
fn a_plus_in_the_token_survives_raw_or_encoded() {
    for encoded in ["Atza|a+b", "Atza%7Ca%2Bb"] {
        let fragment = format!("access_token={encoded}&token_type=bearer&expires_in=60&state=s");
        assert_eq!(parsed_token(&fragment).access_token.secret(), "Atza|a+b");
    }
}

#[test]
fn the_token_type_is_compared_case_insensitively_and_must_be_bearer() {
    assert_eq!(
        parsed_token(&token_fragment("").replace("bearer", "Bearer")).expires_in_seconds,
        3600
    );
    assert_eq!(
        parse_error(&token_fragment("").replace("bearer", "mac")),
        AuthError::UnsupportedTokenType
    );
    assert_eq!(
        parse_error(&token_fragment("").replace("&token_type=bearer", "")),
        AuthError::MalformedCallback
    );
}

#[test]
fn expires_in_must_be_a_positive_whole_number_of_seconds_up_to_a_day() {
    for bad in [
        "",
        "0",
        "-1",
        "3600.5",
        "+3600",
        "%203600",
        "1e3",
        "86401",
        "99999999999999999999999",
    ] {
        let fragment = token_fragment("").replace("expires_in=3600", &format!("expires_in={bad}"));
        assert_eq!(
            parse_error(&fragment),
            AuthError::MalformedCallback,
            "expires_in={bad:?}"
        );
    }
    let missing = token_fragment("").replace("&expires_in=3600", "");
    assert_eq!(parse_error(&missing), AuthError::MalformedCallback);
    assert_eq!(
        parsed_token(&token_fragment("").replace("3600", "86400")).expires_in_seconds,
        86400
    );
}

#[test]
fn the_token_must_be_short_and_printable() {
    let long = format!(
        "access_token=Atza|{}&token_type=bearer&expires_in=60&state=s",
        "A".repeat(MAX_TOKEN_BYTES)
    );
    assert_eq!(parse_error(&long), AuthError::MalformedCallback);
    for bad in ["", "Atza%7Cab%0Acd", "Atza%7C%C3%A9", "Atza%7C%FF"] {
        let fragment = format!("access_token={bad}&token_type=bearer&expires_in=60&state=s");
        assert_eq!(
            parse_error(&fragment),
            AuthError::MalformedCallback,
            "{bad:?}"
        );
    }
}

/// Every error code Amazon documents, as sent and as read, and one it might add one day.
const PROVIDER_ERRORS: [(&str, ProviderErrorCode); 9] = [
    ("access_denied", ProviderErrorCode::AccessDenied),
    ("invalid_request", ProviderErrorCode::InvalidRequest),
    ("unauthorized_client", ProviderErrorCode::UnauthorizedClient),
    (
        "unsupported_response_type",
        ProviderErrorCode::UnsupportedResponseType,
    ),
    ("invalid_scope", ProviderErrorCode::InvalidScope),
    ("server_error", ProviderErrorCode::ServerError),
    (
        "temporarily_unavailable",
        ProviderErrorCode::TemporarilyUnavailable,
    ),
    ("invalid_grant", ProviderErrorCode::InvalidGrant),
    ("something_new", ProviderErrorCode::Unknown),
];

#[test]
fn every_provider_error_code_is_recognised_and_its_description_is_dropped() {
    for (wire, code) in PROVIDER_ERRORS {
        let fragment = format!(
            "error={wire}&error_description=Call+555-0100+now&error_uri=https%3A%2F%2Fevil&state=S1"
        );
        let expected = Callback::Error(ProviderError {
            code,
            state: Some("S1".into()),
        });
        assert_eq!(parse_callback(&fragment, ""), Some(Ok(expected)), "{wire}");
        let message = AuthError::Provider(code).to_string();
        assert!(
            !message.contains("555") && !message.contains("something_new"),
            "{message}"
        );
    }
    assert!(
        AuthError::Provider(ProviderErrorCode::AccessDenied)
            .to_string()
            .starts_with("You cancelled sign-in")
    );
}

#[test]
fn an_error_may_come_without_state() {
    let expected = Callback::Error(ProviderError {
        code: ProviderErrorCode::ServerError,
        state: None,
    });
    assert_eq!(parse_callback("error=server_error", ""), Some(Ok(expected)));
}

#[test]
fn a_response_with_neither_token_nor_error_or_with_both_is_malformed() {
    assert_eq!(parse_error("state=S1"), AuthError::MalformedCallback);
    assert_eq!(
        parse_error("token_type=bearer&expires_in=5"),
        AuthError::MalformedCallback
    );
    assert_eq!(
        parse_error(&token_fragment("&error=access_denied")),
        AuthError::MalformedCallback
    );
}

#[test]
fn repeated_parameters_are_refused() {
    assert_eq!(
        parse_error(&token_fragment("&state=S2")),
        AuthError::MalformedCallback
    );
    assert_eq!(
        parse_error(&format!("{}&access_token=Atza%7Cother", token_fragment(""))),
        AuthError::MalformedCallback
    );
    assert_eq!(
        parse_error("error=access_denied&error=server_error"),
        AuthError::MalformedCallback
    );
}

#[test]
fn oversized_input_is_refused_without_parsing() {
    let huge = format!(
        "{}&padding={}",
        token_fragment(""),
        "x".repeat(MAX_CALLBACK_BYTES)
    );
    assert_eq!(parse_error(&huge), AuthError::MalformedCallback);
    let huge_anchor = "y".repeat(MAX_CALLBACK_BYTES + 1);
    assert_eq!(parse_error(&huge_anchor), AuthError::MalformedCallback);
}

#[test]
fn an_html_entity_encoded_state_is_kept_verbatim_for_the_state_check_to_refuse() {
    let fragment = token_fragment("").replace("state=S1", "state=abc%26%2334%3Bdef");
    assert_eq!(
        parsed_token(&fragment).state.as_deref(),
        Some("abc&#34;def")
    );
}

#[test]
fn the_fragment_is_read_first_and_the_query_second() {
    let in_query = parse_callback("", &token_fragment(""));
    assert!(matches!(in_query, Some(Ok(Callback::Token(_)))));
    let both = parse_callback("error=access_denied&state=S1", &token_fragment(""));
    assert!(matches!(both, Some(Ok(Callback::Error(_)))));
}

#[test]
fn ordinary_urls_are_not_sign_in_responses() {
    for (fragment, query) in [
        ("", ""),
        ("section-2", ""),
        ("", "utm_source=mail&page=2"),
        ("top", "q=state"),
    ] {
        assert_eq!(
            parse_callback(fragment, query),
            None,
            "#{fragment} ?{query}"
        );
    }
}

// The authorization code grant: the answer comes in the query.

fn parsed_code(query: &str) -> CodeResponse {
    match parse_callback("", query) {
        Some(Ok(Callback::Code(response))) => response,
        other => panic!("expected a code response from {query:?}, got {other:?}"),
    }
}

fn query_error(query: &str) -> AuthError {
    match parse_callback("", query) {
        Some(Err(error)) => error,
        other => panic!("expected an error from ?{query}, got {other:?}"),
    }
}

#[test]
fn a_code_response_in_the_query_is_read_with_its_scope_and_state() {
    let response = parsed_code("code=ANaRxZkNbGfWZQTrMbYq&scope=profile%20postal_code&state=S1");
    assert_eq!(response.code.secret(), "ANaRxZkNbGfWZQTrMbYq");
    assert_eq!(
        response.granted_scope.as_deref(),
        Some("profile postal_code")
    );
    assert_eq!(response.state.as_deref(), Some("S1"));
    let without_scope = parsed_code("state=S1&code=ANx");
    assert_eq!(without_scope.granted_scope, None);
    assert!(
        !format!("{response:?}").contains("ANaRxZ"),
        "the code is redacted"
    );
}

#[test]
fn every_provider_error_code_in_the_query_is_recognised() {
    for (wire, code) in PROVIDER_ERRORS {
        let query = format!("error={wire}&error_description=Visit+evil.example&state=S1");
        let expected = Callback::Error(ProviderError {
            code,
            state: Some("S1".into()),
        });
        assert_eq!(parse_callback("", &query), Some(Ok(expected)), "{wire}");
    }
}

#[test]
fn a_code_must_be_present_short_and_printable() {
    for bad in ["", "AN%0Ax", "AN%C3%A9", "AN%FF"] {
        assert_eq!(
            query_error(&format!("code={bad}&state=S1")),
            AuthError::MalformedCallback,
            "{bad:?}"
        );
    }
    let long = format!("code=AN{}&state=S1", "x".repeat(MAX_CODE_BYTES));
    assert_eq!(query_error(&long), AuthError::MalformedCallback);
    let longest = format!("code={}&state=S1", "x".repeat(MAX_CODE_BYTES));
    assert_eq!(parsed_code(&longest).code.secret().len(), MAX_CODE_BYTES);
    assert_eq!(
        query_error("state=S1&scope=profile"),
        AuthError::MalformedCallback
    );
}

#[test]
fn a_repeated_code_or_state_or_a_code_beside_a_token_or_an_error_is_refused() {
    for query in [
        "code=ANa&code=ANb&state=S1",
        "code=ANa&state=S1&state=S2",
        "code=ANa&error=access_denied&state=S1",
        "code=ANa&access_token=Atza%7Cx&token_type=bearer&expires_in=60&state=S1",
        "code=ANa&scope=profile&scope=postal_code&state=S1",
    ] {
        assert_eq!(query_error(query), AuthError::MalformedCallback, "{query}");
    }
}

#[test]
fn an_oversized_query_is_refused() {
    let huge = format!("code=ANa&state=S1&pad={}", "x".repeat(MAX_CALLBACK_BYTES));
    assert_eq!(query_error(&huge), AuthError::MalformedCallback);
}

#[test]
fn a_percent_encoded_parameter_name_is_still_a_response() {
    // Read as `access_token`, so it must be treated as one (and leave the address bar).
    assert_eq!(
        parse_callback("%61ccess_token=Atza%7Cx&token_type=bearer", ""),
        Some(Err(AuthError::MalformedCallback))
    );
    assert!(parse_callback("", "st%61te=x").is_some());
    // Look-alike letters are other names: an ordinary page.
    assert_eq!(parse_callback("\u{430}ccess_token=x", ""), None);
}

#[test]
fn the_raw_parameters_print_without_their_secrets() {
    let raw =
        RawResponse::read(&format!("{}&code=ANsecretcode", token_fragment(""))).expect("read");
    let printed = format!("{raw:?}");
    for secret in ["IwEBIA", "ANsecretcode", "S1"] {
        assert!(!printed.contains(secret), "{printed}");
    }
    assert!(
        printed.contains("<redacted>") && printed.contains("bearer"),
        "{printed}"
    );
}

#[test]
fn the_state_that_came_back_names_the_popup_sign_in_it_answers() {
    for (fragment, query, state) in [
        (
            "access_token=Atza%7Cx&token_type=bearer&expires_in=60&state=S1",
            "",
            Some("S1"),
        ),
        ("", "code=ANx&state=S2", Some("S2")),
        ("", "error=access_denied&state=S3", Some("S3")),
        ("", "error=access_denied", None),
    ] {
        let callback = parse_callback(fragment, query)
            .expect("a response")
            .expect("read");
        assert_eq!(callback.state(), state, "{fragment}{query}");
    }
}
