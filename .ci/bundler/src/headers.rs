//! The headers a host must send with the bundle, written for the hosts people use: a
//! `_headers` file (Netlify, Cloudflare Pages), an nginx snippet, a Caddyfile snippet. The same
//! rules everywhere: the policy and the security headers on every answer; Trunk's hashed files
//! cached for a year; `index.html`, `config.json` and the app's pages revalidated every time.

use crate::forwarding::Forwarding;
use crate::policy::Policy;

/// Features the app never uses, denied to it and to anything that might get into the page.
const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=()";

/// Two years. Subdomains only when the deployer says every one of them is https-only
/// (`--hsts-include-subdomains`): other sites under the domain are not ours to break.
const HSTS: &str = "max-age=63072000";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Paths under the app's base that answer with `index.html` or config: always revalidated.
const REVALIDATED: [&str; 4] = ["", "index.html", "profile", "config.json"];

/// How the bundle is served: what every host's rules are made from.
pub struct Hosting<'a> {
    pub policy: &'a Policy,
    /// The path the app is served under (`/` or e.g. `/app/`).
    pub base: &'a str,
    /// HSTS for every subdomain too.
    pub hsts_include_subdomains: bool,
    /// Where nginx writes this server's access log (in the bundle's own format).
    pub nginx_access_log: &'a str,
    pub forwarding: Option<&'a Forwarding>,
    /// The config asks for the popup sign-in (`"popup": true`).
    pub popup: bool,
}

/// The names among `files` that Trunk hashed (`name-<hash>.js`, `…_bg.wasm`, `.css`): Trunk
/// writes a 64-bit hash in hex without leading zeros, so 1 to 16 digits.
pub fn hashed_files(files: &[String]) -> Vec<&str> {
    files
        .iter()
        .map(String::as_str)
        .filter(|name| is_hashed(name))
        .collect()
}

fn is_hashed(name: &str) -> bool {
    let stem = name
        .strip_suffix(".js")
        .or_else(|| name.strip_suffix("_bg.wasm"))
        .or_else(|| name.strip_suffix(".css"));
    stem.and_then(|stem| stem.rsplit_once('-'))
        .is_some_and(|(_, hash)| {
            (1..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// The `Cross-Origin-Opener-Policy`. `same-origin` puts any other site's window the app opens
/// in a browsing context group of its own, and the app's handle on it then reads as closed at
/// once: the popup sign-in could not tell Amazon's window still open from one the visitor
/// closed. `same-origin-allow-popups` keeps the windows the app opens with it, and still keeps
/// a site that opens the app out of the app's group. Only while they show pages without a
/// policy of their own, though: when the popup comes back to the app (this policy, after
/// Amazon's none) it moves to a group of its own too, so the handle reads as closed just before
/// the answer arrives, which the app hears over a channel of its origin, not through the handle.
fn opener_policy(popup: bool) -> &'static str {
    match popup {
        true => "same-origin-allow-popups",
        false => "same-origin",
    }
}

/// The headers every answer carries, as (name, value).
fn security_headers(hosting: &Hosting) -> [(&'static str, String); 7] {
    let hsts = match hosting.hsts_include_subdomains {
        true => format!("{HSTS}; includeSubDomains"),
        false => HSTS.to_owned(),
    };
    [
        ("Content-Security-Policy", hosting.policy.header()),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
        (
            "Cross-Origin-Opener-Policy",
            opener_policy(hosting.popup).into(),
        ),
        ("Permissions-Policy", PERMISSIONS_POLICY.into()),
        ("Strict-Transport-Security", hsts),
    ]
}

/// The names of [`security_headers`].
fn security_header_names(hosting: &Hosting) -> Vec<&'static str> {
    security_headers(hosting).map(|(name, _)| name).to_vec()
}

/// Netlify's and Cloudflare Pages' `_headers`.
pub fn netlify(hosting: &Hosting, hashed: &[&str]) -> String {
    let base = hosting.base;
    let mut text = String::from(
        "# Netlify and Cloudflare Pages: headers for every answer, then per path.\n/*\n",
    );
    for (name, value) in security_headers(hosting) {
        text += &format!("  {name}: {value}\n");
    }
    for path in REVALIDATED {
        text += &format!("{base}{path}\n  Cache-Control: no-cache\n");
    }
    for name in hashed {
        text += &format!("{base}{name}\n  Cache-Control: {IMMUTABLE}\n");
    }
    text
}

/// The `location` blocks and headers to include inside an nginx `server { }` (after `listen`,
/// `server_name` and `root`). nginx drops inherited `add_header`s in a block that adds its own,
/// so each block repeats them. The host's MIME map stays: only the hashed files' block names
/// their types (Debian's map has `application/wasm`, older ones do not).
pub fn nginx(hosting: &Hosting) -> String {
    let base = hosting.base;
    let headers: String = security_headers(hosting)
        .iter()
        .map(|(name, value)| format!("        add_header {name} \"{value}\" always;\n"))
        .collect();
    let block = |matcher: &str, body: &str, cache: &str| {
        format!(
            "    location {matcher} {{\n{body}        add_header Cache-Control \"{cache}\" always;\n{headers}    }}\n"
        )
    };
    let mut text = format!(
        "# Doorstep: include inside your server {{ }} block, after listen, server_name and root,\n\
         # with nginx-http.conf inside http {{ }}.\n\
         # brotli_static needs ngx_http_brotli_static_module (Debian: libnginx-mod-http-brotli-static).\n\
         gzip_static on;\nbrotli_static on;\n\
         # Requests logged by path only: Amazon's answer to a sign-in arrives in the query.\n\
         access_log {} doorstep;\n",
        hosting.nginx_access_log
    );
    text += &block(
        &format!("~ \"^{base}[^/]*-[0-9a-f]{{1,16}}(_bg)?\\.(js|wasm|css)$\""),
        "        types {\n            application/javascript js;\n            application/wasm wasm;\n            text/css css;\n        }\n        try_files $uri =404;\n",
        IMMUTABLE,
    );
    // Never the page instead: a missing config.json must be a 404 the app can name.
    text += &block(
        &format!("= {base}config.json"),
        "        try_files $uri =404;\n",
        "no-cache",
    );
    text += &block(
        base,
        &format!("        try_files $uri {base}index.html;\n"),
        "no-cache",
    );
    if let Some(forwarding) = hosting.forwarding {
        text += &forwarding.nginx(&headers, &security_header_names(hosting));
    }
    text
}

/// What goes in nginx's `http { }` (Debian: a file in `/etc/nginx/conf.d/`): the access log's
/// format, which names a request by its path alone, and the forwarding's rate limit; nginx
/// allows both only there.
pub fn nginx_http(hosting: &Hosting) -> String {
    let mut text = String::from(
        "# Doorstep: include inside http { } (Debian: copy to /etc/nginx/conf.d/doorstep.conf).\n\
         # The access log names requests by path: the query (Amazon's answer to a sign-in) and\n\
         # the referrer are left out.\n\
         map $request_uri $doorstep_path {\n    \"~^(?<path>[^?]*)\" $path;\n}\n\
         log_format doorstep '$remote_addr [$time_local] \"$request_method $doorstep_path $server_protocol\" $status $body_bytes_sent $request_time \"$http_user_agent\"';\n",
    );
    if let Some(forwarding) = hosting.forwarding {
        text += &forwarding.nginx_http();
    }
    text
}

/// What goes in the Caddyfile's global options block: Caddy writes each request it fails to
/// forward (a 502) to its log with the request's URL, whatever the site's own logging says;
/// tokeninfo's URL holds the access token, which this filter replaces.
pub fn caddy_global() -> &'static str {
    "# Doorstep: put inside your Caddyfile's global options block (the { } at its top).\n\
     # Caddy logs each request it fails to forward with its URL: tokeninfo's holds the access token.\n\
     log {\n    format filter {\n        wrap json\n        fields {\n            request>uri query {\n                replace access_token REDACTED\n            }\n        }\n    }\n}\n"
}

/// The directives to put inside a Caddy site block. Requests with a query (Amazon's answer to
/// a sign-in) are left out of the site's access log.
pub fn caddy(hosting: &Hosting) -> String {
    let base = hosting.base;
    let mut text = String::from(
        "# Doorstep: put inside your site block, e.g. `app.example.com { root * /srv/doorstep … }`.\nheader {\n",
    );
    for (name, value) in security_headers(hosting) {
        text += &format!("    {name} \"{value}\"\n");
    }
    text += &format!(
        "}}\n@hashed path_regexp \"^{base}[^/]*-[0-9a-f]{{1,16}}(_bg)?\\.(js|wasm|css)$\"\n"
    );
    text += &format!("header @hashed Cache-Control \"{IMMUTABLE}\"\n");
    let revalidated: Vec<String> = REVALIDATED
        .iter()
        .map(|path| format!("{base}{path}"))
        .collect();
    text += &format!("@revalidated path {}\n", revalidated.join(" "));
    text += "header @revalidated Cache-Control \"no-cache\"\n";
    text += "@doorstep_with_query expression {query} != ''\nskip_log @doorstep_with_query\n";
    if let Some(forwarding) = hosting.forwarding {
        text += &forwarding.caddy(&security_header_names(hosting));
    }
    text += &format!(
        "@config path {base}config.json\nhandle @config {{\n    file_server {{\n        precompressed br gzip\n    }}\n}}\nhandle {{\n    try_files {{path}} {base}index.html\n    file_server {{\n        precompressed br gzip\n    }}\n}}\n"
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trunks_hashed_names_are_cached_for_a_year() {
        let files = [
            "doorstep-0123456789abcdef.js",
            "doorstep-0123456789abcdef_bg.wasm",
            "main-a99f8f10bee4c9c2.css",
            // A hash with leading zeros, which Trunk leaves out.
            "doorstep-2bfb343cdbf15b_bg.wasm",
            "favicon.svg",
            "doorstep-short.js",
            "doorstep-.js",
            "doorstep-0123456789abcdef0.js",
        ]
        .map(str::to_owned);
        assert_eq!(
            hashed_files(&files),
            [
                "doorstep-0123456789abcdef.js",
                "doorstep-0123456789abcdef_bg.wasm",
                "main-a99f8f10bee4c9c2.css",
                "doorstep-2bfb343cdbf15b_bg.wasm",
            ]
        );
    }

    #[test]
    fn only_the_popup_sign_in_lets_the_app_keep_the_windows_it_opens() {
        assert_eq!(opener_policy(false), "same-origin");
        assert_eq!(opener_policy(true), "same-origin-allow-popups");
    }
}
