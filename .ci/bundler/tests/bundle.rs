//! `bash .ci/deploy-bundle` end to end, on a small build of the same shape as Trunk's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use leptos_login_with_amazon::config::{decode_with_serde_json, parse_config};
use sha2::{Digest, Sha256};

/// Trunk 0.21's loader for the files below, byte for byte.
const LOADER: &str = "import init from '/app-0123456789abcdef.js';\nconst wasm = await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });\n\n\n\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));";
const BUILD_FILES: [&str; 4] = [
    "app-0123456789abcdef.js",
    "app-0123456789abcdef_bg.wasm",
    "main-fedcba9876543210.css",
    "favicon.svg",
];

/// A scratch folder with a build in `dist/`, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let root =
            std::env::temp_dir().join(format!("deploy-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("dist")).expect("scratch");
        let index = format!(
            "<!doctype html><html lang=en><meta charset=utf-8><title>x</title><base href=/><script type=module>{LOADER}</script><link href=/main-fedcba9876543210.css rel=stylesheet></head><body></body></html>"
        );
        std::fs::write(root.join("dist/index.html"), index).expect("index");
        for name in BUILD_FILES {
            std::fs::write(root.join("dist").join(name), format!("contents of {name}"))
                .expect("file");
        }
        Scratch(root)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Runs the command with `config` as config.json, into `out/`.
    fn bundle(&self, config: &str, extra: &[&str]) -> Output {
        std::fs::write(self.path("config.json"), config).expect("config");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy-bundle");
        Command::new("bash")
            .arg(script)
            .args([
                "--config",
                self.path("config.json").to_str().unwrap_or_default(),
            ])
            .args(["--out", self.path("out").to_str().unwrap_or_default()])
            .args(extra)
            .env("DOORSTEP_DIST", self.path("dist"))
            .output()
            .expect("run deploy-bundle")
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path("out").join(name))
            .unwrap_or_else(|error| panic!("{name}: {error}"))
    }
}

/// The policy of `index`'s `<meta http-equiv=Content-Security-Policy>` tag, if it has one.
fn meta_policy(index: &str) -> Option<&str> {
    index
        .split("<meta http-equiv=Content-Security-Policy content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_valid_config_gives_every_file_a_host_needs() {
    let scratch = Scratch::new("valid");
    let config = r#"{"client_id": "amzn1.application-oa2-client.abc", "region": "eu"}"#;
    let output = scratch.bundle(config, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in [
        "index.html",
        "config.json",
        "_headers",
        "nginx.conf",
        "nginx-http.conf",
        "Caddyfile",
        "Caddyfile.global",
    ]
    .into_iter()
    .chain(BUILD_FILES)
    {
        assert!(scratch.path("out").join(name).is_file(), "{name}");
    }
    for name in [
        "index.html",
        "config.json",
        "app-0123456789abcdef.js",
        "app-0123456789abcdef_bg.wasm",
        "main-fedcba9876543210.css",
        "favicon.svg",
    ] {
        for compressed in [".gz", ".br"] {
            assert!(
                scratch
                    .path("out")
                    .join(format!("{name}{compressed}"))
                    .is_file(),
                "{name}{compressed}"
            );
        }
    }
    assert_eq!(scratch.read("config.json"), config, "the config as given");

    // The policy allows the loader by its hash, the region's API, and nothing else.
    let hash = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(LOADER)));
    let index = scratch.read("index.html");
    let meta = meta_policy(&index).expect("a CSP meta tag");
    assert!(
        index.find("Content-Security-Policy") < index.find("<script"),
        "before any script"
    );
    for directive in [
        "default-src 'none'",
        &format!("script-src 'self' 'wasm-unsafe-eval' {hash}"),
        "style-src 'self'",
        "connect-src 'self' https://api.amazon.co.uk",
        "form-action 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ] {
        assert!(
            meta.split("; ").any(|present| present == directive),
            "{directive} in {meta}"
        );
    }
    assert!(
        !meta.contains("frame-ancestors"),
        "a <meta> policy cannot carry frame-ancestors"
    );

    let headers = scratch.read("_headers");
    assert!(headers.contains(&format!(
        "Content-Security-Policy: {meta}; frame-ancestors 'none'"
    )));
    for header in [
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "Cross-Origin-Opener-Policy: same-origin\n",
        "X-Frame-Options: DENY",
        "Permissions-Policy: ",
        "Strict-Transport-Security: ",
    ] {
        assert!(headers.contains(header), "{header}");
    }
    assert!(headers.contains(
        "/app-0123456789abcdef_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable"
    ));
    assert!(headers.contains("/config.json\n  Cache-Control: no-cache"));
    assert!(
        !headers.contains("/favicon.svg"),
        "not hashed, so not immutable"
    );
    assert!(
        headers.contains("Strict-Transport-Security: max-age=63072000\n"),
        "other sites under the domain are not ours: {headers}"
    );
    let nginx = scratch.read("nginx.conf");
    assert!(nginx.contains("gzip_static on;") && nginx.contains("brotli_static on;"));
    assert!(
        !nginx.lines().any(|line| line.starts_with("types")),
        "the host's MIME map stays: {nginx}"
    );
    assert!(
        nginx.contains("            application/wasm wasm;\n"),
        "{nginx}"
    );
    assert!(
        nginx.contains("\naccess_log /var/log/nginx/access.log doorstep;\n"),
        "{nginx}"
    );
    let http = scratch.read("nginx-http.conf");
    assert!(
        http.contains("log_format doorstep ")
            && !http.contains("$request ")
            && !http.contains("$args"),
        "{http}"
    );
    assert!(
        !http.contains("limit_req_zone"),
        "no forwarding, no rate limit"
    );
    assert!(scratch.read("Caddyfile").contains(
        "@doorstep_with_query expression {query} != ''\nskip_log @doorstep_with_query\n"
    ));
    assert!(nginx.contains("location = /config.json"));
    assert!(
        !nginx.contains("amazon-api"),
        "no forwarding unless asked for"
    );
    assert!(!scratch.read("Caddyfile").contains("amazon-api"));
}

/// `--csp-header-only`: index.html without the `<meta>` policy, which would hold back the
/// page's downloads in Chrome, and the same policy in every host's headers.
#[test]
fn with_the_policy_in_headers_only_the_page_has_no_meta_and_every_host_sends_it() {
    let scratch = Scratch::new("header-only");
    let config = r#"{"client_id": "amzn1.application-oa2-client.abc"}"#;
    let with_meta = scratch.bundle(config, &[]);
    assert!(with_meta.status.success());
    let index = scratch.read("index.html");
    let meta = meta_policy(&index)
        .expect("a CSP meta tag by default")
        .to_owned();
    let output = scratch.bundle(config, &["--csp-header-only"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let index = scratch.read("index.html");
    assert!(!index.contains("Content-Security-Policy"), "{index}");
    assert!(index.contains(LOADER), "the page is otherwise the same");
    let header = format!("{meta}; frame-ancestors 'none'");
    assert!(
        scratch
            .read("_headers")
            .contains(&format!("Content-Security-Policy: {header}\n"))
    );
    assert!(scratch.read("nginx.conf").contains(&format!(
        "add_header Content-Security-Policy \"{header}\" always;"
    )));
    assert!(scratch.read("Caddyfile").contains(&header));
}

#[test]
fn only_a_popup_sign_in_lets_the_app_keep_the_windows_it_opens() {
    let scratch = Scratch::new("popup");
    for (config, policy) in [
        (r#"{"client_id": "x"}"#, "same-origin"),
        (r#"{"client_id": "x", "popup": false}"#, "same-origin"),
        (
            r#"{"client_id": "x", "popup": true}"#,
            "same-origin-allow-popups",
        ),
    ] {
        let output = scratch.bundle(config, &["--api-proxy"]);
        assert!(
            output.status.success(),
            "{config}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for (file, line) in [
            (
                "_headers",
                format!("  Cross-Origin-Opener-Policy: {policy}\n"),
            ),
            (
                "nginx.conf",
                format!("add_header Cross-Origin-Opener-Policy \"{policy}\" always;\n"),
            ),
            (
                "Caddyfile",
                format!("Cross-Origin-Opener-Policy \"{policy}\"\n"),
            ),
        ] {
            let rules = scratch.read(file);
            let named = rules.matches("Cross-Origin-Opener-Policy").count();
            assert!(named > 0, "{config}: {file}: {rules}");
            // Every mention sets this policy (nginx repeats it in each block) or, in the
            // forwarding, hides Amazon's.
            let hidden = rules
                .matches("proxy_hide_header Cross-Origin-Opener-Policy;")
                .count()
                + rules
                    .matches("header_down -Cross-Origin-Opener-Policy")
                    .count();
            assert_eq!(
                rules.matches(&line).count() + hidden,
                named,
                "{config}: {file}: {line:?} in {rules}"
            );
        }
    }
}

#[test]
fn the_api_proxy_forwards_only_the_apps_calls_over_verified_tls_and_logs_none() {
    let scratch = Scratch::new("proxy");
    let config =
        r#"{"client_id": "x", "endpoints": {"api": "https://app.example.com/amazon-api"}}"#;
    let output = scratch.bundle(
        config,
        &["--api-proxy", "--url", "https://app.example.com/"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let nginx = scratch.read("nginx.conf");
    for (path, method) in [
        ("auth/o2/token", "POST"),
        ("auth/o2/tokeninfo", "GET"),
        ("user/profile", "GET"),
    ] {
        let block = nginx
            .split(&format!("location = /amazon-api/{path} {{"))
            .nth(1)
            .and_then(|rest| rest.split("\n    }\n").next())
            .unwrap_or_else(|| panic!("no location for {path}: {nginx}"));
        for line in [
            &format!("if ($request_method != {method}) {{"),
            "access_log off;",
            "limit_req zone=doorstep_api burst=60 nodelay;",
            "limit_req_status 429;",
            &format!("proxy_pass https://api.amazon.com/{path};"),
            "proxy_set_header Host api.amazon.com;",
            "proxy_set_header Cookie \"\";",
            "proxy_hide_header Set-Cookie;",
            // Amazon's own would come first, and a browser obeys the first HSTS it reads.
            "proxy_hide_header Strict-Transport-Security;",
            "proxy_hide_header Content-Security-Policy;",
            "proxy_ssl_verify on;",
            "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;",
            "proxy_ssl_server_name on;",
            "proxy_ssl_name api.amazon.com;",
        ] {
            assert!(block.contains(line), "{path}: {line} in {block}");
        }
        assert_eq!(
            block.contains("error_log /dev/null;"),
            path == "auth/o2/tokeninfo",
            "only tokeninfo's URL carries a token: {block}"
        );
    }
    assert!(
        nginx.contains("location ^~ /amazon-api/ {\n        access_log off;\n        return 404;"),
        "{nginx}"
    );
    assert_eq!(
        nginx.matches("proxy_pass").count(),
        3,
        "nothing else forwarded"
    );
    assert!(
        scratch
            .read("nginx-http.conf")
            .contains("limit_req_zone $binary_remote_addr zone=doorstep_api:1m rate=120r/m;")
    );
    let caddy = scratch.read("Caddyfile");
    for line in [
        "handle /amazon-api/* {",
        "skip_log",
        "respond @doorstep_api_other 404\n        respond @doorstep_api_method 405\n        uri strip_prefix /amazon-api\n",
        "@doorstep_api_other not expression `{http.request.orig_uri}.matches(\"^/amazon-api/(auth/o2/token|auth/o2/tokeninfo|user/profile)([?]|$)\")`",
        "reverse_proxy https://api.amazon.com {",
        "header_up Host api.amazon.com",
        "header_up -Cookie",
        "header_up -X-Forwarded-For",
        "header_down -Set-Cookie",
        "header_down -Strict-Transport-Security",
    ] {
        assert!(caddy.contains(line), "{line} in {caddy}");
    }
    assert!(
        !caddy.contains("tls_insecure_skip_verify") && !caddy.contains("tls_trusted_ca_certs"),
        "Caddy verifies against the system's CAs by default"
    );
    assert!(
        scratch.read("_headers").contains("connect-src 'self'; "),
        "the API is on the app's own origin"
    );
}

#[test]
fn the_forwarding_options_are_checked_and_named_in_the_rules() {
    let scratch = Scratch::new("options");
    let config = r#"{"client_id": "x"}"#;
    std::fs::write(
        scratch.path("ca.pem"),
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    )
    .expect("ca");
    let ca = scratch
        .path("ca.pem")
        .to_str()
        .unwrap_or_default()
        .to_owned();
    let output = scratch.bundle(
        config,
        &[
            "--api-proxy",
            "--api-ca-file",
            &ca,
            "--api-rate-limit",
            "30",
            "--hsts-include-subdomains",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        scratch
            .read("nginx.conf")
            .contains(&format!("proxy_ssl_trusted_certificate {ca};"))
    );
    assert!(scratch.read("nginx.conf").contains("burst=15 nodelay;"));
    assert!(scratch.read("nginx-http.conf").contains("rate=30r/m;"));
    assert!(
        scratch
            .read("Caddyfile")
            .contains(&format!("tls_trusted_ca_certs {ca}"))
    );
    assert!(
        scratch
            .read("_headers")
            .contains("Strict-Transport-Security: max-age=63072000; includeSubDomains\n")
    );

    let not_a_certificate = scratch.path("config.json").display().to_string();
    for (arguments, expected) in [
        (
            vec!["--api-proxy", "--api-upstream", "http://api.amazon.com"],
            "--api-upstream must be https://",
        ),
        (
            vec!["--api-proxy", "--api-upstream", "http://192.168.1.5:8080"],
            "--api-upstream must be https://",
        ),
        (
            vec!["--api-upstream", "https://api.amazon.com"],
            "--api-upstream is an option of the forwarding: add --api-proxy",
        ),
        (
            vec!["--api-proxy", "--api-ca-file", "/nonexistent/ca.pem"],
            "cannot read --api-ca-file",
        ),
        (
            vec!["--api-proxy", "--api-ca-file", &not_a_certificate],
            "holds no PEM certificate",
        ),
        (
            vec!["--api-proxy", "--api-rate-limit", "lots"],
            "--api-rate-limit takes a number",
        ),
    ] {
        let _ = std::fs::remove_dir_all(scratch.path("out"));
        let output = scratch.bundle(config, &arguments);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{arguments:?}");
        assert!(stderr.contains(expected), "{arguments:?}: {stderr}");
        assert!(
            !scratch.path("out").exists(),
            "nothing written: {arguments:?}"
        );
    }
}

#[test]
fn an_inline_script_that_only_starts_like_trunks_loader_is_refused() {
    let scratch = Scratch::new("loader");
    let index = std::fs::read_to_string(scratch.path("dist/index.html")).expect("index");
    std::fs::write(
        scratch.path("dist/index.html"),
        index.replace(LOADER, &format!("{LOADER}\nfetch('https://evil.example/')")),
    )
    .expect("index");
    let output = scratch.bundle(r#"{"client_id": "x"}"#, &[]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("not Trunk's loader for this build"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!scratch.path("out").exists());
}

#[test]
fn an_invalid_config_gets_the_apps_own_message_and_nothing_is_written() {
    for config in [
        r#"{"client_id": "x", "region": "mars"}"#,
        r#"{"clientId": "x"}"#,
        r#"{"client_id": "x", "endpoints": {"api": "http://127.0.0.1:8787"}}"#,
        "<!doctype html>",
    ] {
        let scratch = Scratch::new("invalid");
        let output = scratch.bundle(config, &[]);
        assert!(!output.status.success(), "{config}");
        let expected = parse_config(
            config,
            "https://deployment.invalid/",
            decode_with_serde_json,
        )
        .expect_err("invalid")
        .to_string();
        assert_eq!(String::from_utf8_lossy(&output.stderr).trim(), expected);
        assert!(
            !scratch.path("out").exists(),
            "nothing written for {config}"
        );
        assert!(!scratch.path("out.partial").exists());
    }
}

#[test]
fn under_a_path_the_page_and_the_rules_name_that_path() {
    let scratch = Scratch::new("subpath");
    let output = scratch.bundle(
        r#"{"client_id": "x"}"#,
        &["--url", "https://example.com/app/"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let index = scratch.read("index.html");
    assert!(index.contains("<base href=/app/>"), "{index}");
    assert!(
        index.contains("import init from '/app/app-0123456789abcdef.js'"),
        "{index}"
    );
    assert!(
        index.contains("href=/app/main-fedcba9876543210.css"),
        "{index}"
    );
    // The policy allows the loader as it now reads.
    let relocated = LOADER.replace("'/app-", "'/app/app-");
    let hash = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(&relocated)));
    assert!(index.contains(&hash), "the relocated loader's hash");
    let nginx = scratch.read("nginx.conf");
    assert!(nginx.contains("location = /app/config.json"), "{nginx}");
    assert!(nginx.contains("try_files $uri /app/index.html;"), "{nginx}");
    let headers = scratch.read("_headers");
    assert!(
        headers.contains("/app/config.json\n  Cache-Control: no-cache"),
        "{headers}"
    );
    assert!(headers.contains("/app/app-0123456789abcdef_bg.wasm\n  Cache-Control: public"));
}
