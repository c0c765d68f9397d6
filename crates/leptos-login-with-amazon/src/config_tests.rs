use super::*;

const BASE: &str = "https://app.example.com/";
const CLIENT: &str = "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef";

fn parse(json: &str) -> Result<Config, AuthError> {
    parse_config(json, BASE, decode_with_serde_json)
}

fn problem(json: &str) -> String {
    match parse(json) {
        Err(AuthError::ConfigInvalid(problem)) => problem,
        other => panic!("expected an invalid config for {json}, got {other:?}"),
    }
}

#[test]
fn a_client_id_alone_gets_the_defaults() {
    let config = parse(&format!(r#"{{"client_id": "{CLIENT}"}}"#)).expect("valid");
    assert_eq!(config.client_id.as_str(), CLIENT);
    // config.json's default; a build without the implicit grant signs in with the code grant.
    let default = match Grant::Implicit.built_in() {
        true => Grant::Implicit,
        false => Grant::CodePkce,
    };
    assert_eq!(config.grant, default);
    assert_eq!(config.scopes, vec![Scope::Profile]);
    assert_eq!(config.redirect_uri, BASE);
    assert_eq!(config.endpoints.authorize, "https://www.amazon.com/ap/oa");
    assert_eq!(config.endpoints.api, "https://api.amazon.com");
}

#[test]
fn each_region_resolves_to_amazons_endpoints() {
    for (region, authorize, api) in [
        (
            "na",
            "https://www.amazon.com/ap/oa",
            "https://api.amazon.com",
        ),
        (
            "eu",
            "https://eu.account.amazon.com/ap/oa",
            "https://api.amazon.co.uk",
        ),
        (
            "fe",
            "https://apac.account.amazon.com/ap/oa",
            "https://api.amazon.co.jp",
        ),
    ] {
        let config = parse(&format!(
            r#"{{"client_id": "{CLIENT}", "region": "{region}"}}"#
        ))
        .expect(region);
        assert_eq!(
            (
                config.endpoints.authorize.as_str(),
                config.endpoints.api.as_str()
            ),
            (authorize, api)
        );
    }
    assert!(
        problem(&format!(r#"{{"client_id": "{CLIENT}", "region": "us"}}"#)).contains("\"region\"")
    );
}

#[test]
fn scopes_are_checked_and_deduplicated_in_order() {
    let config = parse(&format!(
        r#"{{"client_id": "{CLIENT}", "scopes": ["postal_code", "profile", "postal_code", "profile:user_id"]}}"#
    ))
    .expect("valid");
    assert_eq!(
        config.scopes,
        vec![Scope::PostalCode, Scope::Profile, Scope::ProfileUserId]
    );
    assert!(
        problem(&format!(
            r#"{{"client_id": "{CLIENT}", "scopes": ["email"]}}"#
        ))
        .contains("\"email\"")
    );
    assert!(
        problem(&format!(r#"{{"client_id": "{CLIENT}", "scopes": []}}"#)).contains("at least one")
    );
    assert!(
        problem(&format!(
            r#"{{"client_id": "{CLIENT}", "scopes": "profile"}}"#
        ))
        .contains("\"scopes\" has an invalid type: a string, expected an array of strings")
    );
}

#[test]
fn the_grant_must_be_one_this_build_implements() {
    for (name, grant, feature) in [
        ("implicit", Grant::Implicit, "implicit"),
        ("code_pkce", Grant::CodePkce, "code-pkce"),
    ] {
        let json = format!(r#"{{"client_id": "{CLIENT}", "grant": "{name}"}}"#);
        // `.ci/test` runs these tests with both grants built in, then with each alone.
        match grant.built_in() {
            true => assert_eq!(parse(&json).expect(name).grant, grant),
            false => assert!(
                problem(&json).contains(&format!("built without (the Cargo feature \"{feature}\"")),
                "{name}"
            ),
        }
    }
    assert!(
        problem(&format!(r#"{{"client_id": "{CLIENT}", "grant": "code"}}"#))
            .contains(r#""grant" must be "implicit" or "code_pkce", not "code""#)
    );
    assert!(
        problem(&format!(
            r#"{{"client_id": "{CLIENT}", "grant": "password"}}"#
        ))
        .contains("\"grant\"")
    );
}

#[test]
fn the_client_id_is_required_and_sane() {
    assert!(problem("{}").contains("\"client_id\" is missing"));
    for bad in ["", "has space", &"x".repeat(101), "tab\there"] {
        let json = serde_json::json!({ "client_id": bad }).to_string();
        assert!(
            problem(&json).contains("1 to 100 visible characters"),
            "{bad:?}"
        );
    }
    assert!(problem(r#"{"client_id": 42}"#).contains("invalid type"));
}

#[test]
fn redirect_uri_must_be_https_or_local_http_without_fragment() {
    for (page, good) in [
        (BASE, "https://app.example.com/callback?x=1"),
        (BASE, "https://APP.example.com:443/"),
        ("http://localhost:8080/", "http://localhost:8080/"),
        ("http://127.0.0.1/app/", "http://127.0.0.1:80/"),
        ("http://[::1]:9000/", "http://[::1]:9000/cb"),
    ] {
        let json = serde_json::json!({ "client_id": CLIENT, "redirect_uri": good }).to_string();
        assert_eq!(
            parse_config(&json, page, decode_with_serde_json).map(|config| config.redirect_uri),
            Ok(good.to_owned())
        );
    }
    for (bad, says) in [
        ("http://app.example.com/", "https://"),
        ("https://app.example.com/#x", "fragment"),
        ("/relative", "absolute"),
        ("javascript:alert(1)", "absolute"),
        ("https://user:pw@app.example.com/", "user name"),
        ("https:///path", "host"),
        ("https://app.example.com/a b", "spaces"),
        ("http://localhost.evil.com/", "https://"),
        ("http://127.0.0.1@evil.com/", "user name"),
        ("https://evil.example/", "own origin (app.example.com)"),
        ("https://app.example.com.evil.example/", "own origin"),
        ("https://app.example.com:8443/", "own origin"),
        ("http://localhost:8080/", "https://"),
    ] {
        let json = serde_json::json!({ "client_id": CLIENT, "redirect_uri": bad }).to_string();
        let message = problem(&json);
        assert!(
            message.contains("\"redirect_uri\"") && message.contains(says),
            "{bad}: {message}"
        );
    }
}

#[test]
fn endpoint_overrides_replace_the_regions_and_follow_the_same_rules() {
    let json = serde_json::json!({
        "client_id": CLIENT,
        "region": "eu",
        "endpoints": { "authorize": "http://127.0.0.1:8787/ap/oa", "api": "http://127.0.0.1:8787/" }
    });
    let config = parse_config(
        &json.to_string(),
        "http://localhost:8080/",
        decode_with_serde_json,
    )
    .expect("valid");
    assert_eq!(config.endpoints.authorize, "http://127.0.0.1:8787/ap/oa");
    assert_eq!(
        config.endpoints.api, "http://127.0.0.1:8787",
        "trailing slash trimmed"
    );
    let only_api = serde_json::json!({ "client_id": CLIENT, "endpoints": { "api": "https://proxy.example.com" } });
    let config = parse(&only_api.to_string()).expect("valid");
    assert_eq!(config.endpoints.authorize, "https://www.amazon.com/ap/oa");
    for (field, value) in [
        ("authorize", "http://emulator.example.com/ap/oa"),
        ("api", "https://api.example.com?x=1"),
    ] {
        let json = serde_json::json!({ "client_id": CLIENT, "endpoints": { field: value } });
        assert!(
            problem(&json.to_string()).contains(&format!("\"endpoints.{field}\"")),
            "{field}"
        );
    }
}

#[test]
fn plain_http_to_this_computer_is_refused_from_a_page_on_the_internet() {
    // Served over https, the app would send tokens to whatever listens on the visitor's port.
    for (field, value) in [
        ("authorize", "http://127.0.0.1:8787/ap/oa"),
        ("api", "http://localhost:8787"),
        ("api", "http://[::1]:8787"),
    ] {
        let json = serde_json::json!({ "client_id": CLIENT, "endpoints": { field: value } });
        let message = problem(&json.to_string());
        assert!(
            message.contains(&format!("\"endpoints.{field}\" must use https://"))
                && message.contains("opened from this computer"),
            "{message}"
        );
        let on_this_computer = parse_config(
            &json.to_string(),
            "http://127.0.0.1:8080/",
            decode_with_serde_json,
        );
        assert!(on_this_computer.is_ok(), "{field} {value}");
    }
    // An https page on this computer may use local http, an http page elsewhere may not.
    let local_api =
        serde_json::json!({ "client_id": CLIENT, "endpoints": { "api": "http://127.0.0.1:1" } });
    assert!(
        parse_config(
            &local_api.to_string(),
            "https://localhost/",
            decode_with_serde_json
        )
        .is_ok()
    );
    assert!(
        parse_config(
            &local_api.to_string(),
            "http://intranet.example/",
            decode_with_serde_json
        )
        .is_err()
    );
}

#[test]
fn an_origin_keeps_scheme_host_and_port_without_the_default_one() {
    for (url, origin, authority) in [
        (
            "https://API.amazon.com/x?y",
            "https://api.amazon.com",
            "api.amazon.com",
        ),
        (
            "https://api.amazon.com:443",
            "https://api.amazon.com",
            "api.amazon.com",
        ),
        (
            "http://127.0.0.1:8787",
            "http://127.0.0.1:8787",
            "127.0.0.1:8787",
        ),
    ] {
        let parsed = Origin::of(url).expect("an origin");
        assert_eq!(parsed.to_string(), origin);
        assert_eq!(parsed.authority(), authority);
    }
    assert!(Origin::of("javascript:alert(1)").is_err());
}

#[test]
fn unknown_fields_are_named_so_typos_are_found() {
    let message = problem(&format!(r#"{{"clientId": "{CLIENT}"}}"#));
    assert!(message.contains("unknown field \"clientId\""), "{message}");
    assert!(
        problem(&format!(
            r#"{{"client_id": "{CLIENT}", "endpoints": {{"token": "x"}}}}"#
        ))
        .contains("unknown field \"endpoints.token\"; the fields are authorize and api")
    );
}

#[test]
fn text_that_is_not_a_json_object_is_invalid_and_a_page_means_missing() {
    assert!(
        problem("{ not json").contains("not valid JSON")
            && problem("{ not json").contains("line 1")
    );
    assert!(problem("[]").contains("must be a JSON object"));
    assert!(problem("\"client_id\"").contains("must be a JSON object"));
    assert!(problem("").contains("EOF"));
    assert_eq!(
        parse("<!doctype html><html>…"),
        Err(AuthError::ConfigMissing)
    );
    assert_eq!(parse("\n  <html>"), Err(AuthError::ConfigMissing));
}

#[test]
fn the_message_names_the_problem_and_the_fix() {
    let error = parse("{}").unwrap_err();
    assert_eq!(
        error.to_string(),
        "This app's config.json is invalid: \"client_id\" is missing; set it to your security profile's client ID. Fix it, then reload."
    );
}

#[test]
fn a_configuration_built_in_code_follows_config_json_s_rules_exactly() {
    let loopback = "http://127.0.0.1:8080/";
    // Each case written both ways, for a page on the internet and one on this computer: the
    // same configuration, or the same refusal with the same words.
    let cases: Vec<(ConfigBuilder, String)> = vec![
        (
            Config::builder(CLIENT),
            format!(r#"{{"client_id": "{CLIENT}"}}"#),
        ),
        (
            Config::builder(CLIENT)
                .region(Region::FarEast)
                .grant(Grant::CodePkce)
                .scopes([Scope::PostalCode, Scope::Profile, Scope::PostalCode]),
            format!(
                r#"{{"client_id": "{CLIENT}", "region": "fe", "grant": "code_pkce", "scopes": ["postal_code", "profile", "postal_code"]}}"#
            ),
        ),
        (Config::builder(""), r#"{"client_id": ""}"#.into()),
        (Config::builder("a b"), r#"{"client_id": "a b"}"#.into()),
        (
            Config::builder(CLIENT).scopes([]),
            format!(r#"{{"client_id": "{CLIENT}", "scopes": []}}"#),
        ),
        (
            Config::builder(CLIENT).redirect_uri("https://elsewhere.example/"),
            format!(r#"{{"client_id": "{CLIENT}", "redirect_uri": "https://elsewhere.example/"}}"#),
        ),
        (
            Config::builder(CLIENT).redirect_uri("https://app.example.com/back#x"),
            format!(
                r#"{{"client_id": "{CLIENT}", "redirect_uri": "https://app.example.com/back#x"}}"#
            ),
        ),
        (
            Config::builder(CLIENT)
                .authorize_endpoint("http://127.0.0.1:8787/ap/oa")
                .api_endpoint("http://127.0.0.1:8787/"),
            format!(
                r#"{{"client_id": "{CLIENT}", "endpoints": {{"authorize": "http://127.0.0.1:8787/ap/oa", "api": "http://127.0.0.1:8787/"}}}}"#
            ),
        ),
        (
            Config::builder(CLIENT).api_endpoint("https://api.example.com/?x=1"),
            format!(
                r#"{{"client_id": "{CLIENT}", "endpoints": {{"api": "https://api.example.com/?x=1"}}}}"#
            ),
        ),
        (
            Config::builder(CLIENT).api_endpoint("http://api.example.com"),
            format!(
                r#"{{"client_id": "{CLIENT}", "endpoints": {{"api": "http://api.example.com"}}}}"#
            ),
        ),
    ];
    let mut refusals = 0;
    for (builder, json) in cases {
        for page in [BASE, loopback] {
            let from_file = parse_config(&json, page, decode_with_serde_json);
            assert_eq!(builder.clone().build(page), from_file, "{json} at {page}");
            refusals += usize::from(from_file.is_err());
        }
    }
    assert!(
        refusals >= 10,
        "the table refuses as well as accepts: {refusals}"
    );
}

#[test]
fn values_in_messages_are_quoted_as_debug_would_quote_them() {
    // The shipped build has no `{:?}` (docs/size-and-speed.md): Quoted must say the same, for
    // every kind of character it escapes.
    let values = [
        "eu-west",
        "",
        "a \"b\" c",
        "back\\slash",
        "é✓ 日本",
        "tab\there",
        "line\nbreak\r",
        "nul\0",
        "\u{7f}\u{85}",
        "no\u{a0}break",
        "em\u{2003}space",
        "line\u{2028}separator",
        "soft\u{ad}hyphen",
        "arabic\u{600}\u{61c}",
        "mongolian\u{180e}",
        "zero\u{200b}width",
        "rtl\u{202e}",
        "isolate\u{2066}\u{2069}",
        "word\u{2060}joiner",
        "private\u{e000}",
        "bom\u{feff}",
        "anchor\u{fff9}",
        "tag\u{e0041}\u{e007f}",
        "plane\u{10fffd}",
        "variation\u{fe0f}\u{e0100}",
    ];
    for value in values {
        assert_eq!(super::Quoted(value).to_string(), format!("{value:?}"));
    }
    // Where it differs on purpose: a combining mark shows on its letter, and letters that
    // print blank are named (a field named `clientId` and a Hangul filler looks like
    // `clientId`).
    assert_eq!(super::Quoted("e\u{301}").to_string(), "\"e\u{301}\"");
    for blank in [
        '\u{115f}',
        '\u{1160}',
        '\u{3164}',
        '\u{ffa0}',
        '\u{2800}',
        '\u{1d173}',
        '\u{13430}',
        '\u{1bca0}',
    ] {
        let quoted = super::Quoted(&format!("clientId{blank}")).to_string();
        assert_eq!(quoted, format!("\"clientId\\u{{{:x}}}\"", blank as u32));
    }
}

#[test]
fn the_popup_is_taken_only_by_a_build_that_has_it() {
    let json = format!(r#"{{"client_id": "{CLIENT}", "popup": true}}"#);
    if cfg!(feature = "popup") {
        assert!(parse(&json).expect("valid").popup);
    } else {
        assert!(
            problem(&json).contains("built without (the Cargo feature \"popup\""),
            "{}",
            problem(&json)
        );
    }
    // Asking for none is the same in every build.
    let json = format!(r#"{{"client_id": "{CLIENT}", "popup": false}}"#);
    assert!(!parse(&json).expect("valid").popup);
}

#[test]
fn a_value_of_the_wrong_type_is_refused_naming_its_field() {
    for (json, expected) in [
        (
            r#"{"client_id": 42}"#,
            r#""client_id" has an invalid type: a number, expected a string"#,
        ),
        (
            r#"{"client_id": "x", "region": true}"#,
            r#""region" has an invalid type: a boolean"#,
        ),
        (
            r#"{"client_id": "x", "popup": "yes"}"#,
            r#""popup" has an invalid type: a string, expected true or false"#,
        ),
        (
            r#"{"client_id": "x", "scopes": ["profile", null]}"#,
            r#""scopes" has an invalid type: an array holding null"#,
        ),
        (
            r#"{"client_id": "x", "scopes": [["profile"]]}"#,
            r#""scopes" has an invalid type: an array holding an array"#,
        ),
        (
            r#"{"client_id": "x", "endpoints": "https://a.example"}"#,
            r#""endpoints" has an invalid type: a string, expected an object"#,
        ),
        (
            r#"{"client_id": "x", "endpoints": {"api": ["https://a.example"]}}"#,
            r#""endpoints.api" has an invalid type: an array"#,
        ),
        (
            r#"{"client_id": "x", "\u202e": 1}"#,
            r#"unknown field "\u{202e}""#,
        ),
    ] {
        let message = problem(json);
        assert!(message.contains(expected), "{json}: {message}");
    }
}

#[test]
fn a_field_set_to_null_is_absent() {
    let config = parse_config(
        &format!(r#"{{"client_id": "{CLIENT}", "region": null, "grant": null, "scopes": null, "redirect_uri": null, "endpoints": {{"api": null}}, "popup": null}}"#),
        BASE,
        decode_with_serde_json,
    )
    .expect("a valid config");
    assert_eq!(config.endpoints.api, "https://api.amazon.com");
    assert_eq!(config.scopes, [Scope::Profile]);
    assert!(!config.popup);
}

#[test]
fn a_file_with_two_problems_gets_one_message_in_whatever_order_its_parser_gives_the_fields() {
    use crate::config::{ConfigFile, Json};
    let scopes = ("scopes".to_owned(), Json::String("profile".into()));
    let typo = ("clientId".to_owned(), Json::String("x".into()));
    let as_written = ConfigFile::from_json(Json::Object(vec![scopes.clone(), typo.clone()]));
    let reversed = ConfigFile::from_json(Json::Object(vec![typo, scopes]));
    assert_eq!(as_written.unwrap_err(), reversed.unwrap_err());
}

#[test]
fn arrays_and_objects_below_what_config_json_reads_keep_only_their_kind() {
    use crate::config::{ConfigFile, Json};
    let nested = Json::Array(vec![Json::Array(Vec::new())]);
    let root = Json::Object(vec![("scopes".into(), nested)]);
    let message = ConfigFile::from_json(root).unwrap_err();
    assert_eq!(
        message,
        JsonError::Shape(r#""scopes" has an invalid type: an array holding an array, expected an array of strings"#.into())
    );
    let deep = format!(r#"{{"scopes": {}1{}}}"#, "[".repeat(100), "]".repeat(100));
    assert!(problem(&deep).contains("an array holding an array"));
}
