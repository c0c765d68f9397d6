//! The token endpoint's answer: any body, its fields read the way the app reads them (a field
//! of another JSON type counts as absent). Never a panic; accepted tokens are well-formed.
#![no_main]

use leptos_login_with_amazon::auth::callback::MAX_TOKEN_BYTES;
use leptos_login_with_amazon::auth::token_answer::TokenAnswer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let string = |field: &str| value[field].as_str().map(str::to_owned);
    let answer = TokenAnswer {
        access_token: string("access_token"),
        refresh_token: string("refresh_token"),
        token_type: string("token_type"),
        expires_in: value["expires_in"].as_u64(),
        scope: string("scope"),
    };
    if let Ok(tokens) = answer.check() {
        let token = tokens.access_token.secret();
        assert!((1..=MAX_TOKEN_BYTES).contains(&token.len()));
        assert!(token.bytes().all(|byte| byte.is_ascii_graphic()));
        assert!((1..=86_400).contains(&tokens.expires_in_seconds));
    }
});
