//! The headers a host must send with the bundle, written for the hosts people use: a
//! `_headers` file (Netlify, Cloudflare Pages), an nginx snippet, a Caddyfile snippet. The same
//! rules everywhere: the policy and the security headers on every answer; Trunk's hashed files
//! cached for a year; `index.html`, `config.json` and the app's pages revalidated every time.

use doorstep::config::Origin;

use crate::policy::Policy;

/// Features the app never uses, denied to it and to anything that might get into the page.
const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=()";

/// Two years, subdomains included (an https-only app on an https-only host).
const HSTS: &str = "max-age=63072000; includeSubDomains";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Paths under the app's base that answer with `index.html` or config: always revalidated.
const REVALIDATED: [&str; 4] = ["", "index.html", "profile", "config.json"];
/// Where the API forwarding (the CORS fallback) listens on the app's origin.
pub const PROXY_PATH: &str = "/amazon-api/";

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

/// The headers every answer carries, as (name, value).
fn security_headers(policy: &Policy) -> [(&'static str, String); 7] {
    [
        ("Content-Security-Policy", policy.header()),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
        ("Permissions-Policy", PERMISSIONS_POLICY.into()),
        ("Strict-Transport-Security", HSTS.into()),
    ]
}

/// Netlify's and Cloudflare Pages' `_headers`.
/// Paths are under `base`, the path the app is served under (`/` or e.g. `/app/`).
pub fn netlify(policy: &Policy, hashed: &[&str], base: &str) -> String {
    let mut text = String::from(
        "# Netlify and Cloudflare Pages: headers for every answer, then per path.\n/*\n",
    );
    for (name, value) in security_headers(policy) {
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
/// so each block repeats them. `proxy`: Amazon's API base URL to forward `/amazon-api/` to.
pub fn nginx(policy: &Policy, proxy: Option<&String>, base: &str) -> String {
    let headers: String = security_headers(policy)
        .iter()
        .map(|(name, value)| format!("        add_header {name} \"{value}\" always;\n"))
        .collect();
    let block = |matcher: &str, body: &str, cache: &str| {
        format!(
            "    location {matcher} {{\n{body}        add_header Cache-Control \"{cache}\" always;\n{headers}    }}\n"
        )
    };
    let mut text = String::from(
        "# Doorstep: include inside your server { } block, after listen, server_name and root.\n\
         # brotli_static needs ngx_http_brotli_static_module (Debian: libnginx-mod-http-brotli-static).\n\
         types {\n    text/html html; text/css css; application/javascript js; application/wasm wasm;\n    application/json json; image/svg+xml svg;\n}\n\
         gzip_static on;\nbrotli_static on;\n",
    );
    text += &block(
        &format!("~ \"^{base}[^/]*-[0-9a-f]{{1,16}}(_bg)?\\.(js|wasm|css)$\""),
        "        try_files $uri =404;\n",
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
    if let Some(upstream) = proxy {
        let origin = Origin::of(upstream);
        let host = origin.as_ref().map_or("", Origin::authority);
        text += &format!(
            "    # The CORS fallback: {PROXY_PATH} forwards to Amazon's API, without cookies.\n    location {PROXY_PATH} {{\n        proxy_pass {upstream}/;\n        proxy_set_header Host {host};\n        proxy_set_header Cookie \"\";\n        proxy_set_header Origin \"\";\n        proxy_hide_header Set-Cookie;\n        proxy_ssl_server_name on;\n        add_header Cache-Control \"no-store\" always;\n{headers}    }}\n"
        );
    }
    text
}

/// The directives to put inside a Caddy site block.
pub fn caddy(policy: &Policy, proxy: Option<&String>, base: &str) -> String {
    let mut text = String::from(
        "# Doorstep: put inside your site block, e.g. `app.example.com { root * /srv/doorstep … }`.\nheader {\n",
    );
    for (name, value) in security_headers(policy) {
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
    if let Some(upstream) = proxy {
        let origin = Origin::of(upstream);
        let host = origin.as_ref().map_or("", Origin::authority);
        text += &format!(
            "handle_path {PROXY_PATH}* {{\n    reverse_proxy {upstream} {{\n        header_up Host {host}\n        header_up -Cookie\n        header_up -Origin\n        header_down -Set-Cookie\n    }}\n}}\n"
        );
    }
    text += &format!(
        "@config path {base}config.json\nhandle @config {{\n    file_server\n}}\nhandle {{\n    try_files {{path}} {base}index.html\n    file_server {{\n        precompressed br gzip\n    }}\n}}\n"
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
}
