//! Reading JSON with the browser's `JSON.parse` feeding serde, as config.json and Amazon's
//! answers are read.

use crate::AuthError;
use crate::browser::json::{JsonObject, parse_json};
use crate::config::parse_config;
use crate::error::JsonError;
use wasm_bindgen_test::wasm_bindgen_test;

const BASE: &str = "https://app.example.com/";

/// A record like the app's: optional strings.
#[derive(Debug, Default, PartialEq, serde::Deserialize)]
struct Profile {
    user_id: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

#[wasm_bindgen_test]
fn an_object_is_read_and_unknown_fields_are_ignored() {
    let profile: Profile =
        parse_json(r#"{"user_id":"amzn1.account.X","name":"Zoë \"Z\"","extra":[1,{"a":null}]}"#)
            .expect("a profile");
    assert_eq!(profile.user_id.as_deref(), Some("amzn1.account.X"));
    assert_eq!(profile.name.as_deref(), Some("Zoë \"Z\""));
    assert_eq!(profile.email, None);
    let nulls: Profile = parse_json(r#"{"name":null}"#).expect("null is absent");
    assert_eq!(nulls, Profile::default());
}

#[wasm_bindgen_test]
fn text_that_is_not_json_is_a_syntax_error_with_the_parsers_words() {
    for text in ["{not json", "", "{\"a\":1,}", "<html>"] {
        match parse_json::<Profile>(text) {
            Err(JsonError::Syntax(reason)) => assert!(!reason.is_empty(), "{text:?}"),
            other => panic!("{text:?} gave {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn only_an_object_is_a_record() {
    for text in [
        "[]",
        r#"["amzn1.account.X","Ada"]"#,
        "\"x\"",
        "null",
        "42",
        "true",
    ] {
        assert_eq!(
            parse_json::<Profile>(text),
            Err(JsonError::NotAnObject),
            "{text:?}"
        );
    }
}

#[wasm_bindgen_test]
fn a_field_of_the_wrong_type_is_a_shape_error() {
    match parse_json::<Profile>(r#"{"name": 5}"#) {
        Err(JsonError::Shape(reason)) => assert!(reason.contains("invalid type"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
fn config_json_read_by_the_browser_gets_the_same_specific_messages() {
    let problem = |text: &str| match parse_config(text, BASE, parse_json) {
        Err(AuthError::ConfigInvalid(problem)) => problem,
        other => panic!("{text:?} gave {other:?}"),
    };
    assert!(problem(r#"{"clientId": "x"}"#).contains("unknown field `clientId`"));
    assert!(problem(r#"{"client_id": "#).starts_with("it is not valid JSON ("));
    assert!(problem("[\"amzn1.application-oa2-client.x\"]").contains("must be a JSON object"));
    assert!(problem(r#"{"client_id": 7}"#).contains("invalid type"));
    assert!(problem(r#"{"region": "na"}"#).contains("\"client_id\" is missing"));
    let config = parse_config(
        r#"{"client_id": "amzn1.application-oa2-client.x", "scopes": ["postal_code"]}"#,
        BASE,
        parse_json,
    )
    .expect("a valid config");
    assert_eq!(config.client_id.as_str(), "amzn1.application-oa2-client.x");
    assert_eq!(config.redirect_uri, BASE);
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Numbers {
    seconds: u64,
    small: u32,
    offset: i32,
    flag: bool,
    list: Vec<String>,
    nested: Option<Nested>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Nested {
    name: String,
}

#[wasm_bindgen_test]
fn whole_numbers_booleans_arrays_and_nested_objects_are_read() {
    let numbers: Numbers = parse_json(
        r#"{"seconds": 3600, "small": 7, "offset": -2, "flag": true, "list": ["a", "b"], "nested": {"name": "n"}}"#,
    )
    .expect("numbers");
    assert_eq!(
        numbers,
        Numbers {
            seconds: 3600,
            small: 7,
            offset: -2,
            flag: true,
            list: vec!["a".into(), "b".into()],
            nested: Some(Nested { name: "n".into() }),
        }
    );
}

#[wasm_bindgen_test]
fn a_fraction_a_negative_count_or_an_out_of_range_number_is_refused() {
    for text in [
        r#"{"seconds": 1.5, "small": 1, "offset": 0, "flag": true, "list": []}"#,
        r#"{"seconds": -1, "small": 1, "offset": 0, "flag": true, "list": []}"#,
        r#"{"seconds": 1e300, "small": 1, "offset": 0, "flag": true, "list": []}"#,
        r#"{"seconds": 1, "small": 4294967296, "offset": 0, "flag": true, "list": []}"#,
        r#"{"seconds": 1, "small": 1, "offset": 0, "flag": "yes", "list": []}"#,
        r#"{"seconds": 1, "small": 1, "offset": 0, "flag": true, "list": {}}"#,
        r#"{"seconds": 1, "small": 1, "offset": 0, "flag": true, "list": [], "nested": ["n"]}"#,
    ] {
        assert!(
            matches!(parse_json::<Numbers>(text), Err(JsonError::Shape(_))),
            "{text}"
        );
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
