//! config.json's rules: any text, read the way native tests and tools read it (serde_json into
//! the same `ConfigFile`), for a page on the internet and a page on this machine. Never a
//! panic, and an accepted config never sends a token over plain http from an https page.
#![no_main]

use leptos_login_with_amazon::config::{decode_with_serde_json as decode, parse_config};
use libfuzzer_sys::fuzz_target;

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
