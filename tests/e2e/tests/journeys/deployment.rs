//! Deployed like production: the release build bundled by `.ci/deploy-bundle` and served by
//! Debian's nginx and by Debian's Caddy, each with the bundle's own rules for it. The app must
//! run under the bundle's strict Content-Security-Policy with no violation (sign-in, error
//! pages, sign-out, both grants); the real server's answers must carry the headers, encodings
//! and cache rules; and the forwarding (the CORS fallback: an Amazon that answers no CORS,
//! reached through the bundle's same-origin `/amazon-api/`) must be as safe as a direct call:
//! TLS verified (a CA made by the test before an https front to the emulator), nothing secret
//! in the server's logs, only the app's three calls forwarded, and (nginx) a rate limit.
//!
//! Each journey runs behind both servers: `nginx_…` and `caddy_…`, in their own stages.

use std::time::Duration;

use e2e::browser::Popups;
use lwa_emulator::Faults;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::site::WebServer;
use crate::world::{Api, AppConfig, Certificate, Deployment, World, short_lived};

/// Both servers' journeys from one scenario each.
macro_rules! behind_both_servers {
    ($($scenario:ident),* $(,)?) => {
        mod nginx_behind {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(crate::site::WebServer::Nginx).await;
                }
            )*
        }
        mod caddy_behind {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(crate::site::WebServer::Caddy).await;
                }
            )*
        }
    };
}

behind_both_servers!(
    sign_in_error_pages_and_sign_out_pass_the_strict_csp_in_both_grants,
    a_whole_session_through_the_forwarding_over_verified_tls_leaves_no_secret_in_the_logs,
    an_upstream_whose_certificate_is_not_trusted_is_never_sent_anything,
    only_the_apps_three_calls_are_forwarded,
    under_a_path_deep_links_sign_in_and_links_stay_inside_it,
    the_real_server_sends_the_headers_encodings_and_cache_rules_for_every_file,
    a_popup_sign_in_passes_the_strict_csp_and_the_page_lets_its_popup_keep_an_opener,
);

/// Fails on any policy violation so far, and says how many there were for `what`.
async fn assert_no_csp_violation(world: &World, server: WebServer, what: &str) {
    let violations = world.csp_violations().await;
    println!("CSP violations ({server:?}: {what}): {}", violations.len());
    assert!(violations.is_empty(), "{server:?} {what}: {violations:#?}");
}

/// Fails if the server's logs hold any code, token or verifier the emulator handed out or
/// received; the logs must have recorded the app's pages (so that the check can fail).
fn assert_logs_hold_no_secret(world: &World, server: WebServer) {
    let logs = world.site.server_logs();
    assert!(
        logs.contains("GET") || logs.contains("\"method\":\"GET\""),
        "{server:?} logged no request at all: {logs}"
    );
    let secrets = world.emulator.secrets();
    assert!(!secrets.is_empty(), "a sign-in handed out secrets");
    for secret in &secrets {
        // Logs may escape `|`; the random part alone is just as secret.
        let random = secret.rsplit('|').next().unwrap_or(secret);
        assert!(
            !logs.contains(random),
            "{server:?}'s logs hold a secret ({}…): {logs}",
            &secret[..8.min(secret.len())]
        );
    }
}

async fn sign_in_error_pages_and_sign_out_pass_the_strict_csp_in_both_grants(server: WebServer) {
    for (grant, config) in [
        ("implicit", AppConfig::emulator()),
        ("code_pkce", AppConfig::code_grant()),
    ] {
        let world = World::deployed(Deployment::new(server, config)).await;
        world.open("/").await;
        world.sign_in().await;
        world.browser.client.refresh().await.expect("reload");
        world
            .wait_for_text("[data-field=name]", "Demo Customer")
            .await;
        world.click("details summary").await;
        world.click(".profile button.secondary").await;
        world
            .wait_for_text("[role=status]", "You have signed out.")
            .await;
        // An error page: cancelled at Amazon.
        world.go_to_amazon().await;
        world.answer_consent("cancel").await;
        world
            .wait_for_text("[role=alert]", "You cancelled sign-in.")
            .await;
        // A crafted link, a deep link, and "Page not found".
        world.open("/#error=x&state=y").await;
        world.assert_ignored().await;
        world.open("/profile").await;
        world.wait_for_text("h2", "Your profile").await;
        world.open("/nowhere").await;
        world.wait_for_text("h2", "Page not found").await;
        assert_no_csp_violation(&world, server, grant).await;
        assert_logs_hold_no_secret(&world, server);
        // The check can fail: an inline script the page did not ship is blocked and recorded.
        world
            .run("const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); return true;")
            .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let caught = world.csp_violations().await;
        assert!(
            caught
                .iter()
                .any(|violation| violation.contains("script-src")),
            "{caught:?}"
        );
    }
}

async fn a_whole_session_through_the_forwarding_over_verified_tls_leaves_no_secret_in_the_logs(
    server: WebServer,
) {
    for (grant, config, faults) in [
        ("implicit", AppConfig::emulator(), Faults::default()),
        (
            "code_pkce",
            AppConfig::code_grant(),
            short_lived(
                6,
                Faults {
                    rotate_refresh_tokens: true,
                    ..Faults::default()
                },
            ),
        ),
    ] {
        let world = World::deployed(Deployment {
            faults,
            api: Api::ForwardedOverTls(Certificate::Trusted),
            ..Deployment::new(server, config)
        })
        .await;
        world.open("/").await;
        world.sign_in().await;
        let first = world.assert_session_stored().await;
        world.browser.client.refresh().await.expect("reload");
        world
            .wait_for_text("[data-field=name]", "Demo Customer")
            .await;
        if grant == "code_pkce" {
            world.wait_for_new("access_token", Some(&first)).await;
            assert!(world.emulator.token_requests("refresh_token") >= 1);
            world.assert_calmly_signed_in().await;
        }
        world.click("details summary").await;
        world.click(".profile button.secondary").await;
        world
            .wait_for_text("[role=status]", "You have signed out.")
            .await;
        // Every call went through the front, over TLS: the emulator answers no CORS.
        let forwarded = world.upstream_requests();
        for call in ["GET /user/profile", "GET /auth/o2/tokeninfo?access_token="] {
            assert!(
                forwarded.iter().any(|line| line.starts_with(call)),
                "{grant}: {call} in {forwarded:?}"
            );
        }
        assert_no_csp_violation(&world, server, &format!("{grant} through the forwarding")).await;
        assert_logs_hold_no_secret(&world, server);
        if server == WebServer::Nginx {
            assert_the_rate_limit_holds_back_a_flood(&world).await;
        }
    }
}

/// Past the limit (120 a minute, bursts of 60) a flood of calls from one address answers 429,
/// and what it holds back never reaches Amazon; the session before it never met the limit.
async fn assert_the_rate_limit_holds_back_a_flood(world: &World) {
    let before = world.upstream_requests().len();
    let started = std::time::Instant::now();
    let mut throttled = 0;
    for _ in 0..150 {
        let (status, _, _) = request(
            &world.site.url,
            "GET",
            "/amazon-api/user/profile",
            "identity",
        )
        .await;
        throttled += usize::from(status.contains(" 429 "));
    }
    // At most the first call and the burst, two calls a second of refill while the flood
    // lasted (longer on a busy machine), rounded up, and one to spare; at least most of the
    // burst (the session's own last calls may still fill the bucket a little).
    let allowed = 62 + 2 * (started.elapsed().as_secs() as usize + 1);
    assert!(
        throttled >= 150_usize.saturating_sub(allowed) && throttled <= 100,
        "150 calls in {:?}, a burst of 60 allowed: {throttled} throttled",
        started.elapsed()
    );
    let forwarded = world
        .upstream_requests_once(before + 150 - throttled)
        .await
        .len()
        - before;
    assert_eq!(
        forwarded + throttled,
        150,
        "a throttled call is not forwarded"
    );
}

async fn an_upstream_whose_certificate_is_not_trusted_is_never_sent_anything(server: WebServer) {
    for (config, certificate) in [
        (AppConfig::emulator(), Certificate::FromAnUnknownCa),
        (AppConfig::code_grant(), Certificate::FromAnUnknownCa),
        (AppConfig::code_grant(), Certificate::ForAnotherName),
    ] {
        let world = World::deployed(Deployment {
            api: Api::ForwardedOverTls(certificate),
            ..Deployment::new(server, config)
        })
        .await;
        world.open("/").await;
        world.go_to_amazon().await;
        world.answer_consent("allow").await;
        world
            .wait_for_text("[role=alert]", "Amazon could not be reached")
            .await;
        assert!(!world.exists(".profile").await);
        assert_eq!(
            world.upstream_requests(),
            Vec::<String>::new(),
            "{certificate:?}: nothing is forwarded to a server whose certificate is not trusted"
        );
        world.assert_url_clean().await;
        assert_logs_hold_no_secret(&world, server);
    }
}

async fn only_the_apps_three_calls_are_forwarded(server: WebServer) {
    let world = World::deployed(Deployment {
        api: Api::ForwardedOverTls(Certificate::Trusted),
        ..Deployment::new(server, AppConfig::code_grant())
    })
    .await;
    for (method, path, refused) in [
        ("GET", "/amazon-api/", " 404 "),
        ("GET", "/amazon-api/auth/o2/authorize", " 404 "),
        ("GET", "/amazon-api/ap/oa", " 404 "),
        ("GET", "/amazon-api/user/profile/", " 404 "),
        ("GET", "/amazon-api/user/profileX", " 404 "),
        ("GET", "/amazon-api/auth/o2/token", " 405 "),
        ("PUT", "/amazon-api/auth/o2/token", " 405 "),
        ("POST", "/amazon-api/user/profile", " 405 "),
        ("DELETE", "/amazon-api/auth/o2/tokeninfo", " 405 "),
        ("OPTIONS", "/amazon-api/auth/o2/token", " 405 "),
        ("HEAD", "/amazon-api/user/profile", " 405 "),
    ] {
        let (status, _, _) = request(&world.site.url, method, path, "identity").await;
        assert!(
            status.contains(refused),
            "{server:?} {method} {path}: {status}"
        );
    }
    // Other spellings of a call: refused, or (nginx, which decodes `%70` and merges slashes
    // before matching) forwarded as exactly the call itself.
    for path in [
        "/amazon-api/User/Profile",
        "/amazon-api/user/profile.",
        "/amazon-api/user/profile%20",
        "/amazon-api/user%2Fprofile",
        "/amazon-api/user/%70rofile",
        "/amazon-api//user/profile",
        "/amazon-api/x/../user/profile",
    ] {
        let (status, _, _) = request(&world.site.url, "GET", path, "identity").await;
        assert!(
            [" 404 ", " 400 ", " 401 "]
                .iter()
                .any(|answer| status.contains(answer)),
            "{server:?} GET {path}: {status}"
        );
    }
    // The check sees what is forwarded: the app's own calls go through, and Amazon's own
    // security headers stay behind (a browser obeys the first HSTS it reads).
    for (method, path) in [
        ("GET", "/amazon-api/user/profile"),
        ("GET", "/amazon-api/auth/o2/tokeninfo?access_token=x"),
        ("POST", "/amazon-api/auth/o2/token"),
    ] {
        let (status, headers, _) = request(&world.site.url, method, path, "identity").await;
        assert!(
            status.contains(" 400 ") || status.contains(" 401 "),
            "{method} {path}: {status}"
        );
        let hsts: Vec<&String> = headers
            .iter()
            .filter(|(name, _)| name == "strict-transport-security")
            .map(|(_, value)| value)
            .collect();
        assert_eq!(hsts, ["max-age=63072000"], "{server:?} {method} {path}");
    }
    // Request lines without the protocol (nginx forwards with HTTP/1.0, Caddy with 1.1), once
    // the last call sent is logged: nginx also forwards the spellings it decodes to a call, so
    // a count alone could be reached before the last three are in.
    let forwarded: Vec<String> = world
        .upstream_requests_when(|requests| {
            requests
                .last()
                .is_some_and(|last| last.starts_with("POST /auth/o2/token "))
        })
        .await
        .iter()
        .map(|line| {
            line.rsplit_once(' ')
                .map_or(line.as_str(), |(call, _)| call)
                .to_owned()
        })
        .collect();
    let calls = [
        "GET /user/profile",
        "GET /auth/o2/tokeninfo?access_token=x",
        "POST /auth/o2/token",
    ];
    assert!(
        forwarded.len() >= 3 && forwarded.iter().all(|line| calls.contains(&line.as_str())),
        "{server:?}: only the three calls, spelled exactly so, reached Amazon: {forwarded:?}"
    );
    assert_eq!(
        forwarded[forwarded.len() - 3..],
        calls,
        "{server:?}: none of the refused requests reached Amazon"
    );
}

async fn under_a_path_deep_links_sign_in_and_links_stay_inside_it(server: WebServer) {
    let world = World::deployed(Deployment {
        base_path: "/app/",
        ..Deployment::new(server, AppConfig::code_grant())
    })
    .await;
    assert!(world.site.url.ends_with("/app/"));
    // A deep link under the path loads the app, which offers to sign in and comes back there.
    world.open("/profile").await;
    world.wait_for_text("h2", "Your profile").await;
    world.sign_in().await;
    world.wait_for_url_ending("/app/profile").await;
    world.assert_session_stored().await;
    world.click("nav a[href$='/app/']").await;
    world.wait_for_url_ending("/app/").await;
    world.find(".profile").await;
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    // The bundle's default redirect_uri is the URL under the path (the emulator allows only it).
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1);
    assert_no_csp_violation(&world, server, "code_pkce under /app/").await;
}

/// A raw HTTP/1.1 GET: the status line, the headers (names lower-case) and the body's length.
async fn get(url: &str, path: &str, encoding: &str) -> (String, Vec<(String, String)>, usize) {
    request(url, "GET", path, encoding).await
}

/// A raw HTTP/1.1 request with an empty body: the status line, the headers (names lower-case)
/// and the body's length.
async fn request(
    url: &str,
    method: &str,
    path: &str,
    encoding: &str,
) -> (String, Vec<(String, String)>, usize) {
    let address = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default();
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAccept-Encoding: {encoding}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("an answer in time")
        .expect("read");
    let split = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{method} {path}: no headers in {answer:?}"));
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    (status, headers, answer.len() - split - 4)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find_map(|(present, value)| (present == name).then_some(value.as_str()))
}

async fn the_real_server_sends_the_headers_encodings_and_cache_rules_for_every_file(
    server: WebServer,
) {
    let world = World::deployed(Deployment::new(server, AppConfig::emulator())).await;
    let bundle = world.site.bundle().expect("a bundle");
    let index = std::fs::read_to_string(bundle.join("index.html")).expect("index.html");
    let meta = index
        .split("<meta http-equiv=Content-Security-Policy content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the policy as a <meta> tag")
        .to_owned();
    let policy = format!("{meta}; frame-ancestors 'none'");
    // Strict, whatever else changes: a loosened policy fails here.
    let directives: Vec<&str> = policy.split("; ").collect();
    let script = directives
        .iter()
        .find(|directive| directive.starts_with("script-src "))
        .expect("script-src");
    assert_eq!(
        directives
            .iter()
            .filter(|directive| !directive.starts_with("script-src "))
            .copied()
            .collect::<Vec<_>>(),
        [
            "default-src 'none'",
            "style-src 'self'",
            "img-src 'self'",
            &format!("connect-src 'self' {}", world.emulator.base_url()),
            "form-action 'none'",
            "base-uri 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
        ]
    );
    let sources: Vec<&str> = script.split(' ').skip(1).collect();
    assert_eq!(&sources[..2], ["'self'", "'wasm-unsafe-eval'"]);
    assert!(
        sources[2..]
            .iter()
            .all(|source| source.starts_with("'sha256-")),
        "only the loader, by its hash: {script}"
    );

    let names: Vec<String> = std::fs::read_dir(&bundle)
        .expect("bundle")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    let named = |suffix: &str| {
        names
            .iter()
            .find(|name| name.ends_with(suffix) && !name.ends_with(".gz") && !name.ends_with(".br"))
            .map(|name| format!("/{name}"))
            .unwrap_or_else(|| panic!("no *{suffix} in the bundle"))
    };
    let immutable = "public, max-age=31536000, immutable";
    let cases = [
        ("/".to_owned(), "text/html", "no-cache", true),
        ("/profile".to_owned(), "text/html", "no-cache", true),
        (
            "/config.json".to_owned(),
            "application/json",
            "no-cache",
            true,
        ),
        (named("_bg.wasm"), "application/wasm", immutable, true),
        // nginx's map says application/javascript, Caddy's text/javascript (RFC 9239).
        (
            named(".js"),
            "application/javascript|text/javascript",
            immutable,
            true,
        ),
        (named(".css"), "text/css", immutable, true),
        ("/favicon.svg".to_owned(), "image/svg+xml", "", true),
    ];
    for (path, content_type, cache, compressed) in cases {
        for encoding in ["br", "gzip", "identity"] {
            let (status, headers, length) = get(&world.site.url, &path, encoding).await;
            let path = format!("{server:?} {path}");
            assert!(status.contains(" 200 "), "{path} {encoding}: {status}");
            let expect = |name: &str, value: &str| {
                assert_eq!(
                    header(&headers, name),
                    Some(value),
                    "{path} {encoding}: {name}"
                );
            };
            expect("content-security-policy", &policy);
            expect("referrer-policy", "no-referrer");
            expect("x-content-type-options", "nosniff");
            expect("x-frame-options", "DENY");
            expect("cross-origin-opener-policy", "same-origin");
            assert!(
                header(&headers, "permissions-policy")
                    .is_some_and(|value| value.contains("camera=()"))
            );
            assert!(
                header(&headers, "strict-transport-security")
                    .is_some_and(|value| value.starts_with("max-age="))
            );
            assert!(
                header(&headers, "content-type").is_some_and(|value| content_type
                    .split('|')
                    .any(|wanted| value.starts_with(wanted))),
                "{path}: {headers:?}"
            );
            if !cache.is_empty() {
                expect("cache-control", cache);
            }
            let served = header(&headers, "content-encoding");
            match (encoding, compressed) {
                ("identity", _) | (_, false) => assert_eq!(served, None, "{path}"),
                (encoding, true) => assert_eq!(served, Some(encoding), "{path}: precompressed"),
            }
            assert!(length > 0, "{path}");
        }
    }
}

/// In popup mode (`"popup": true`, both grants), with the browser's popup blocker on: the
/// sign-in in a popup passes the strict policy in the tab and in the popup (the app's page the
/// popup comes back to), leaves no secret in the logs, and every page of the app is served with
/// `Cross-Origin-Opener-Policy: same-origin-allow-popups`, so the tab keeps its handle on the
/// popup it opens (`same-origin` would cut it off as the popup went to Amazon).
async fn a_popup_sign_in_passes_the_strict_csp_and_the_page_lets_its_popup_keep_an_opener(
    server: WebServer,
) {
    for (grant, extra) in [
        ("implicit", json!({ "popup": true })),
        ("code_pkce", json!({ "popup": true, "grant": "code_pkce" })),
    ] {
        let world = World::deployed(Deployment {
            popups: Popups::Blocked,
            ..Deployment::new(server, AppConfig::Emulator { extra })
        })
        .await;
        world.open("/").await;
        world
            .wait_for_text("[role=status]", "You are not signed in.")
            .await;
        let (opener, popup) = world.open_popup().await;
        // The popup is a window of its own: its recorder, for the app's page it comes back to.
        world.record_csp_violations().await;
        world.answer_in_popup("allow", &popup, &opener).await;
        world
            .wait_for_text("[data-field=name]", "Demo Customer")
            .await;
        world.assert_url_clean().await;
        world.assert_session_stored().await;
        assert_no_csp_violation(&world, server, &format!("{grant} in a popup")).await;
        assert_logs_hold_no_secret(&world, server);
        for path in ["/", "/profile", "/config.json"] {
            let (status, headers, _) = get(&world.site.url, path, "identity").await;
            assert!(status.contains(" 200 "), "{server:?} {path}: {status}");
            assert_eq!(
                header(&headers, "cross-origin-opener-policy"),
                Some("same-origin-allow-popups"),
                "{server:?} {path} in popup mode"
            );
        }
    }
}
