//! The emulator's HTML: the consent page and the error page. No script, nothing external.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::registry::{Account, Client};
use crate::scope::Scope;
use crate::wire::escape_html;

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f3f3f3;color:#111;margin:0;\
display:grid;place-items:center;min-height:100vh}main{background:#fff;border:1px solid #ddd;\
border-radius:8px;padding:1.5rem 2rem;max-width:30rem}h1{font-size:1.3rem}.note{color:#555;\
font-size:.85rem}button{font:inherit;padding:.45rem 1.2rem;margin-right:.5rem;border-radius:4px;\
border:1px solid #a88734;cursor:pointer}button[value=allow]{background:#f0c14b}\
button[value=cancel]{background:#eee;border-color:#aaa}";

/// The page where the demo customer allows or cancels the app's request.
pub(crate) fn consent_page(
    client: &Client,
    account: &Account,
    scopes: &[Scope],
    consent_id: &str,
) -> Response {
    let items: String = scopes
        .iter()
        .map(|scope| {
            format!(
                "<li>{} <code>{}</code></li>",
                scope.consent_text(),
                scope.as_str()
            )
        })
        .collect();
    let body = format!(
        "<h1>{app} would like to access your Amazon account</h1>\
         <p>Signed in as <strong>{name}</strong> ({email}).</p>\
         <p>{app} will be able to see:</p><ul>{items}</ul>\
         <form method=\"post\" action=\"/ap/oa/consent\">\
         <input type=\"hidden\" name=\"consent_id\" value=\"{consent_id}\">\
         <button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"cancel\">Cancel</button></form>\
         <p class=\"note\">Login with Amazon emulator: a local stand-in for Amazon, for development and tests.</p>",
        app = escape_html(&client.name),
        name = escape_html(&account.name),
        email = escape_html(&account.email),
        consent_id = escape_html(consent_id),
    );
    html(StatusCode::OK, "Login with Amazon (emulator)", &body)
}

/// A problem the emulator will not send back to the app (bad client or return URL, bad form).
pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>We cannot complete this sign-in request</h1><p>{}</p>\
         <p class=\"note\">Login with Amazon emulator: a local stand-in for Amazon.</p>",
        escape_html(message)
    );
    html(status, "Sign-in error (emulator)", &body)
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>"
    );
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
