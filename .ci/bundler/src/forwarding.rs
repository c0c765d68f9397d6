//! The CORS fallback (`--api-proxy`): the host forwards the app's three calls to Amazon's API
//! under `/amazon-api/` on the app's own origin. It carries every code, verifier and token of
//! everyone who signs in, so it is as safe as a direct call: TLS to Amazon verified against a
//! named CA bundle, only `POST /auth/o2/token`, `GET /auth/o2/tokeninfo` and `GET /user/profile`
//! forwarded, nothing of them logged (tokeninfo's query is the access token), no cookies either
//! way, and a per-address rate limit where the server has one.

use leptos_login_with_amazon::config::Origin;

/// Where the forwarding listens on the app's origin.
pub const PROXY_PATH: &str = "/amazon-api/";
/// Debian's (and Ubuntu's) bundle of the system's trusted CAs.
pub const SYSTEM_CA_FILE: &str = "/etc/ssl/certs/ca-certificates.crt";
/// Requests per minute from one address before the forwarding answers 429: a person signing
/// in makes 2 calls, each reload 2, each renewal 1 or 2, so a hundred people behind one
/// office address stay far below it; a loop hammering Amazon through the host does not.
pub const DEFAULT_RATE_PER_MINUTE: u32 = 120;

/// The calls the app makes, each with its one method.
const CALLS: [(&str, &str); 3] = [
    ("auth/o2/token", "POST"),
    ("auth/o2/tokeninfo", "GET"),
    ("user/profile", "GET"),
];
/// The call whose URL carries a secret (`?access_token=`): not even a failure is logged.
const TOKEN_IN_QUERY: &str = "auth/o2/tokeninfo";

/// What the deployer asked of the forwarding.
pub struct Forwarding {
    /// Amazon's API base URL (or a test's), without a trailing `/`.
    upstream: String,
    origin: Origin,
    /// The CAs the upstream's certificate must chain to; `None`: the system's.
    ca_file: Option<String>,
    rate_per_minute: u32,
}

impl Forwarding {
    /// Checks `upstream`: `https://`, or `http://` only to this computer (a test's emulator);
    /// no query, fragment or credentials.
    pub fn new(
        upstream: &str,
        ca_file: Option<String>,
        rate_per_minute: u32,
    ) -> Result<Forwarding, String> {
        let origin = Origin::of(upstream)
            .map_err(|problem| format!("--api-upstream {problem}, not {upstream:?}"))?;
        if !origin.is_private_transport() {
            return Err(format!(
                "--api-upstream must be https:// (plain http:// only to 127.0.0.1, localhost or [::1]), not {upstream:?}: the forwarding carries every token"
            ));
        }
        let trimmed = upstream.trim_end_matches('/');
        let after_scheme = trimmed.split_once("://").map_or("", |(_, rest)| rest);
        if after_scheme.contains(['/', '?', '#']) || upstream.chars().any(char::is_whitespace) {
            return Err(format!(
                "--api-upstream must be scheme://host[:port] alone, without a path, a query, a fragment or spaces, not {upstream:?}"
            ));
        }
        if rate_per_minute == 0 {
            return Err("--api-rate-limit must be at least 1 request per minute".into());
        }
        Ok(Forwarding {
            upstream: trimmed.to_owned(),
            origin,
            ca_file,
            rate_per_minute,
        })
    }

    fn is_tls(&self) -> bool {
        self.upstream.starts_with("https://")
    }

    /// The rate limit's memory, for nginx's `http { }` (which allows it only there).
    pub fn nginx_http(&self) -> String {
        format!(
            "# One address may make {rate} calls a minute through the forwarding, in bursts of up to {burst}.\n\
             limit_req_zone $binary_remote_addr zone=doorstep_api:1m rate={rate}r/m;\n",
            rate = self.rate_per_minute,
            burst = self.burst(),
        )
    }

    fn burst(&self) -> u32 {
        self.rate_per_minute.div_ceil(2)
    }

    /// The `location` blocks for nginx's `server { }`: one exact location per call, everything
    /// else under the prefix 404 (`^~`: no regular-expression location of the host takes it).
    /// `headers`: the `add_header` lines every block repeats; `ours`: their names, hidden when
    /// Amazon sends them (a browser obeys the first HSTS it reads, and nginx puts the
    /// upstream's first).
    pub fn nginx(&self, headers: &str, ours: &[&str]) -> String {
        let host = self.origin.authority();
        let tls = match self.is_tls() {
            true => format!(
                "        proxy_ssl_verify on;\n        proxy_ssl_trusted_certificate {ca};\n        proxy_ssl_verify_depth 4;\n        proxy_ssl_server_name on;\n        proxy_ssl_name {name};\n        proxy_ssl_protocols TLSv1.2 TLSv1.3;\n",
                ca = self.ca_file.as_deref().unwrap_or(SYSTEM_CA_FILE),
                name = self.origin.host(),
            ),
            false => String::new(),
        };
        let hidden: String = ours
            .iter()
            .chain(&["Set-Cookie"])
            .map(|name| format!("        proxy_hide_header {name};\n"))
            .collect();
        let mut text = format!(
            "    # The CORS fallback: the app's three calls forwarded to Amazon's API over verified TLS,\n    # without cookies, never logged (tokeninfo's query is the access token); nothing else.\n    location ^~ {PROXY_PATH} {{\n        access_log off;\n        return 404;\n{headers}    }}\n"
        );
        for (path, method) in CALLS {
            // nginx writes the request line, query included, in every error it logs.
            let error_log = match path == TOKEN_IN_QUERY {
                true => "        error_log /dev/null;\n",
                false => "",
            };
            text += &format!(
                "    location = {PROXY_PATH}{path} {{\n        if ($request_method != {method}) {{\n            return 405;\n        }}\n        access_log off;\n{error_log}        limit_req zone=doorstep_api burst={burst} nodelay;\n        limit_req_status 429;\n        proxy_pass {upstream}/{path};\n        proxy_set_header Host {host};\n        proxy_set_header Cookie \"\";\n        proxy_set_header Origin \"\";\n        proxy_set_header Referer \"\";\n{hidden}        proxy_redirect off;\n{tls}        add_header Cache-Control \"no-store\" always;\n{headers}    }}\n",
                burst = self.burst(),
                upstream = self.upstream,
            );
        }
        text
    }

    /// The Caddyfile directives: the calls forwarded, the rest of the prefix 404 (405 for a
    /// call's path with another method), none of it in the access log. Caddy's `path` matcher
    /// ignores case and decodes `%XX`, and its proxy sends the path as spelled; so requests are
    /// matched on the URI exactly as it arrived (`orig_uri`), and only the three paths spelled
    /// exactly so go on. `ours`: the headers the site sets, removed from Amazon's answers.
    /// Caddy's standard build has no rate limit (the `caddy-ratelimit` plugin adds one).
    pub fn caddy(&self, ours: &[&str]) -> String {
        let host = self.origin.authority();
        let prefix = PROXY_PATH.trim_end_matches('/');
        let exactly = |paths: Vec<&str>| {
            format!(
                "{{http.request.orig_uri}}.matches(\"^{prefix}/({})([?]|$)\")",
                paths.join("|")
            )
        };
        let known = exactly(CALLS.iter().map(|(path, _)| *path).collect());
        let calls: Vec<String> = ["POST", "GET"]
            .iter()
            .map(|method| {
                let paths = CALLS
                    .iter()
                    .filter(|(_, wanted)| wanted == method)
                    .map(|(path, _)| *path)
                    .collect();
                format!("({{method}} == \"{method}\" && {})", exactly(paths))
            })
            .collect();
        let tls = match &self.ca_file {
            Some(ca) if self.is_tls() => {
                format!(
                    "            transport http {{\n                tls_trusted_ca_certs {ca}\n            }}\n"
                )
            }
            _ => String::new(),
        };
        let removed: String = ours
            .iter()
            .chain(&["Set-Cookie"])
            .map(|name| format!("            header_down -{name}\n"))
            .collect();
        format!(
            "# The CORS fallback: the app's three calls forwarded to Amazon's API (TLS verified, as\n\
             # Caddy always does), without cookies, never logged; nothing else. skip_log is named\n\
             # log_skip from Caddy 2.8 on (which still reads skip_log).\n\
             @doorstep_api_other not expression `{known}`\n\
             @doorstep_api_method not expression `{calls}`\n\
             handle {PROXY_PATH}* {{\n    skip_log\n    header Cache-Control \"no-store\"\n    route {{\n        respond @doorstep_api_other 404\n        respond @doorstep_api_method 405\n        uri strip_prefix {prefix}\n        reverse_proxy {upstream} {{\n            header_up Host {host}\n            header_up -Cookie\n            header_up -Origin\n            header_up -Referer\n            header_up -X-Forwarded-For\n            header_up -X-Forwarded-Host\n            header_up -X-Forwarded-Proto\n{removed}{tls}        }}\n    }}\n}}\n",
            calls = calls.join(" || "),
            upstream = self.upstream,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upstream_must_be_https_or_plain_http_on_this_computer() {
        for allowed in [
            "https://api.amazon.com",
            "https://api.amazon.co.uk/",
            "http://127.0.0.1:8787",
            "http://localhost:9000",
            "http://[::1]:9000",
        ] {
            assert!(Forwarding::new(allowed, None, 120).is_ok(), "{allowed}");
        }
        for refused in [
            "http://api.amazon.com",
            "http://10.0.0.1",
            "ftp://api.amazon.com",
            "api.amazon.com",
            "https://user:pass@api.amazon.com",
            "https://api.amazon.com/?x=1",
            "https://api.amazon.com/#x",
            "https://api.amazon.com/v1",
        ] {
            let refused = Forwarding::new(refused, None, 120).err();
            assert!(
                refused
                    .as_deref()
                    .is_some_and(|message| message.starts_with("--api-upstream")),
                "{refused:?}"
            );
        }
        assert!(Forwarding::new("https://api.amazon.com", None, 0).is_err());
    }
}
