//! Reading and removing a sign-in response from the real address bar.

use crate::auth::callback::Callback;
use crate::browser::location::{app_base_url, take_callback};
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::{href, set_url};

/// Runs `test` with the address bar at `url`, then puts it back.
fn at_url<T>(url: &str, test: impl FnOnce() -> T) -> T {
    let original = href();
    set_url(url);
    let result = test();
    set_url(&original);
    result
}

#[wasm_bindgen_test]
fn a_response_in_the_fragment_is_read_and_removed_keeping_the_path() {
    let (callback, left) = at_url(
        "/some/path?x=1#access_token=Atza%7Cabc&token_type=bearer&expires_in=60&state=s",
        || (take_callback().map(|taken| taken.callback), href()),
    );
    match callback {
        Some(Ok(Callback::Token(response))) => {
            assert_eq!(response.access_token.secret(), "Atza|abc")
        }
        other => panic!("expected a token, got {other:?}"),
    }
    assert!(
        left.ends_with("/some/path"),
        "only the path is left: {left}"
    );
}

#[wasm_bindgen_test]
fn a_response_in_the_query_is_read_and_removed_too() {
    let (callback, left) = at_url("/?error=access_denied&state=s", || {
        (take_callback().map(|taken| taken.callback), href())
    });
    assert!(
        matches!(callback, Some(Ok(Callback::Error(_)))),
        "{callback:?}"
    );
    assert!(!left.contains('?'), "{left}");
}

#[wasm_bindgen_test]
fn a_malformed_response_is_removed_as_well() {
    let (callback, left) = at_url("/#access_token=Atza%7Ca&access_token=Atza%7Cb", || {
        (take_callback().map(|taken| taken.callback), href())
    });
    assert!(matches!(callback, Some(Err(_))), "{callback:?}");
    assert!(!left.contains("Atza"), "{left}");
}

#[wasm_bindgen_test]
fn an_ordinary_url_is_left_alone() {
    let (callback, left) = at_url("/page?q=1#section", || {
        (take_callback().map(|taken| taken.callback), href())
    });
    assert!(callback.is_none());
    assert!(left.ends_with("/page?q=1#section"), "{left}");
}

#[wasm_bindgen_test]
fn the_base_url_is_the_directory_of_the_page_without_query_or_fragment() {
    let base = at_url("/deep/link?x=1#y", app_base_url);
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .expect("origin");
    assert_eq!(
        base,
        format!("{origin}/deep/"),
        "the directory of the page (no <base> here)"
    );
}

#[wasm_bindgen_test]
fn a_response_under_a_path_starting_with_two_slashes_is_removed_on_this_origin() {
    // `//evil/` resolved as a relative URL names another host, so the history API refuses it;
    // the scrub must still work, on this page's own origin.
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .expect("an origin");
    let (callback, left) = at_url(
        &format!(
            "{origin}//evil.example/x/#access_token=Atza%7Cabc&token_type=bearer&expires_in=60&state=s"
        ),
        || (take_callback().map(|taken| taken.callback), href()),
    );
    assert!(
        matches!(callback, Some(Ok(Callback::Token(_)))),
        "{callback:?}"
    );
    assert_eq!(left, format!("{origin}//evil.example/x/"));
}
