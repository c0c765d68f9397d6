//! Reading JSON with the browser's `JSON.parse`, as config.json and Amazon's answers are read.

use crate::AuthError;
use crate::browser::json::{JsonObject, decode_config};
use crate::config::{decode_with_serde_json, parse_config};
use crate::error::JsonError;
use wasm_bindgen_test::wasm_bindgen_test;

const BASE: &str = "https://app.example.com/";

#[wasm_bindgen_test]
fn text_that_is_not_json_is_a_syntax_error_with_the_parsers_words() {
    for text in ["{not json", "", "{\"a\":1,}", "<html>"] {
        match decode_config(text) {
            Err(JsonError::Syntax(reason)) => assert!(!reason.is_empty(), "{text:?}"),
            other => panic!("{text:?} gave {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn only_an_object_is_a_config() {
    for text in [
        "[]",
        r#"["amzn1.application-oa2-client.x"]"#,
        "\"x\"",
        "null",
        "42",
        "true",
    ] {
        assert!(
            matches!(decode_config(text), Err(JsonError::NotAnObject)),
            "{text:?}"
        );
    }
}

/// The browser's reading of config.json and serde_json's (the deploy bundler's) agree, value
/// and message alike, on these texts, which both parsers accept (JSON.parse also takes a lone
/// surrogate, which serde_json refuses).
#[wasm_bindgen_test]
fn config_json_read_by_the_browser_is_read_as_native_tools_read_it() {
    let texts = [
        r#"{"client_id": "amzn1.application-oa2-client.x", "scopes": ["postal_code", "profile"]}"#,
        r#"{"client_id": "x", "region": "eu", "grant": "code_pkce", "popup": false}"#,
        r#"{"client_id": "x", "region": null, "grant": null, "scopes": null, "endpoints": null, "popup": null}"#,
        r#"{"client_id": "x", "endpoints": {"authorize": "https://a.example/ap/oa", "api": "https://b.example/"}}"#,
        r#"{"client_id": "x", "endpoints": {"api": null}, "redirect_uri": "https://app.example.com/back"}"#,
        r#"{"clientId": "x"}"#,
        r#"{"client_id": "x", "endpoints": {"token": "https://a.example"}}"#,
        r#"{"client_id": "x", "\u0000\u202e": 1}"#,
        r#"{"client_id": 7}"#,
        r#"{"client_id": ["x"]}"#,
        r#"{"client_id": {"x": 1}}"#,
        r#"{"client_id": "x", "popup": "yes"}"#,
        r#"{"client_id": "x", "scopes": "profile"}"#,
        r#"{"client_id": "x", "scopes": ["profile", 1]}"#,
        r#"{"client_id": "x", "scopes": [["profile"]]}"#,
        r#"{"client_id": "x", "endpoints": []}"#,
        r#"{"client_id": "x", "endpoints": {"api": {"x": 1}}}"#,
        r#"{"client_id": "x", "client_id": "y"}"#,
        r#"{"region": "na"}"#,
        // Two problems: the same one named first by both, whatever order each parser keeps.
        r#"{"scopes": "profile", "clientId": "x"}"#,
        r#"{"client_id": "x", "popup": 1, "1": true}"#,
    ];
    for text in texts {
        let in_browser = parse_config(text, BASE, decode_config);
        assert_eq!(
            in_browser,
            parse_config(text, BASE, decode_with_serde_json),
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
fn config_json_nested_thousands_deep_is_refused_without_being_walked() {
    let deep = format!(
        r#"{{"client_id": "x", "scopes": {}"profile"{}}}"#,
        "[".repeat(5000),
        "]".repeat(5000)
    );
    match parse_config(&deep, BASE, decode_config) {
        Err(AuthError::ConfigInvalid(problem)) => assert!(
            problem.contains("\"scopes\" has an invalid type: an array holding an array"),
            "{problem}"
        ),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
fn an_answer_is_read_field_by_field_and_a_field_of_another_type_is_absent() {
    let answer = JsonObject::parse(
        r#"{"aud":"amzn1.application-oa2-client.x","expires_in":3600,"name":5,"half":1.5,"minus":-1,"big":1e300}"#,
    )
    .expect("an object");
    assert_eq!(
        answer.string("aud").as_deref(),
        Some("amzn1.application-oa2-client.x")
    );
    assert_eq!(answer.whole_number("expires_in"), Some(3600));
    assert_eq!(answer.string("name"), None, "a number is not a string");
    assert_eq!(answer.string("expires_in"), None);
    assert_eq!(answer.whole_number("aud"), None, "a string is not a number");
    for not_whole in ["half", "minus", "big", "missing"] {
        assert_eq!(answer.whole_number(not_whole), None, "{not_whole}");
    }
    assert!(matches!(
        JsonObject::parse("[1]"),
        Err(JsonError::NotAnObject)
    ));
    assert!(matches!(JsonObject::parse("{"), Err(JsonError::Syntax(_))));
}
