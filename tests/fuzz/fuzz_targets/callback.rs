//! The sign-in response reader: any fragment and query a link can carry. It must never panic,
//! and whatever it accepts must be well-formed.
#![no_main]

use leptos_login_with_amazon::auth::callback::{Callback, MAX_CODE_BYTES, MAX_TOKEN_BYTES, parse_callback};
use leptos_login_with_amazon::auth::token::AccessToken;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte splits the input into a fragment and a query, as the address bar has both.
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let at = (usize::from(split) * text.len() / 255).min(text.len());
    let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let (fragment, query) = text.split_at(at);
    match parse_callback(fragment, query) {
        Some(Ok(Callback::Token(response))) => {
            let token = response.access_token.secret();
            assert!((1..=MAX_TOKEN_BYTES).contains(&token.len()));
            assert!(token.bytes().all(|byte| byte.is_ascii_graphic()));
            assert!((1..=86_400).contains(&response.expires_in_seconds));
            // Debug prints the same placeholder whatever the token.
            let placeholder = format!("{:?}", AccessToken::new("x".into()));
            assert_eq!(format!("{:?}", response.access_token), placeholder);
        }
        Some(Ok(Callback::Code(response))) => {
            let code = response.code.secret();
            assert!((1..=MAX_CODE_BYTES).contains(&code.len()));
            assert!(code.bytes().all(|byte| byte.is_ascii_graphic()));
        }
        Some(Ok(Callback::Error(_)) | Err(_)) | None => {}
    }
});
