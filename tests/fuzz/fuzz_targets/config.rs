//! config.json's rules: any text, read the way native tests read it (serde_json into the same
//! `ConfigFile`), for a page on the internet and a page on this machine. Never a panic, and an
//! accepted config never sends a token over plain http from an https page.
#![no_main]

use doorstep::config::{ConfigFile, parse_config};
use doorstep::error::JsonError;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

fn decode(text: &str) -> Result<ConfigFile, JsonError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| JsonError::Syntax(error.to_string()))?;
    if !value.is_object() {
        return Err(JsonError::NotAnObject);
    }
    ConfigFile::deserialize(value).map_err(|error| JsonError::Shape(error.to_string()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = parse_config(text, "https://app.example.com/", decode) {
        for url in [&config.endpoints.authorize, &config.endpoints.api, &config.redirect_uri] {
            assert!(url.to_ascii_lowercase().starts_with("https://"), "{url}");
        }
    }
    let _ = parse_config(text, "http://127.0.0.1:8080/app/", decode);
});
