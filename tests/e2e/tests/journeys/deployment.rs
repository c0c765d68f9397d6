//! Deployed like production: the release build bundled by `.ci/deploy-bundle` and served by
//! Debian's nginx with the bundle's own rules. The app must run under the bundle's strict
//! Content-Security-Policy with no violation (sign-in, error pages, sign-out, both grants); the
//! real server's answers must carry the headers, encodings and cache rules; and the CORS
//! fallback (an Amazon that answers no CORS, reached through the bundle's same-origin
//! forwarding) must sign in.

use std::time::Duration;

use lwa_emulator::Faults;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::world::{AppConfig, World};

/// Fails on any policy violation so far, and says how many there were for `what`.
async fn assert_no_csp_violation(world: &World, what: &str) {
    let violations = world.csp_violations().await;
    println!("CSP violations ({what}): {}", violations.len());
    assert!(violations.is_empty(), "{what}: {violations:#?}");
}

#[tokio::test]
async fn deployed_sign_in_error_pages_and_sign_out_pass_the_strict_csp_in_both_grants() {
    for (grant, config) in [
        ("implicit", AppConfig::emulator()),
        ("code_pkce", AppConfig::code_grant()),
    ] {
        let world = World::deployed(Faults::default(), config, false).await;
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
        assert_no_csp_violation(&world, grant).await;
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

#[tokio::test]
async fn the_cors_fallback_signs_in_through_the_bundles_same_origin_forwarding() {
    // The emulator answers no CORS here, like an Amazon host that would not (its HTTP tests
    // prove no answer carries CORS headers); the app reaches it through /amazon-api/.
    let world = World::deployed(Faults::default(), AppConfig::code_grant(), true).await;
    world.open("/").await;
    world.sign_in().await;
    world.assert_session_stored().await;
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    assert_eq!(world.emulator.requests_to("/user/profile"), 1);
    world.browser.client.refresh().await.expect("reload");
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_no_csp_violation(&world, "code_pkce through the forwarding").await;
}

#[tokio::test]
async fn deployed_under_a_path_deep_links_sign_in_and_links_stay_inside_it() {
    let world =
        World::deployed_under("/app/", Faults::default(), AppConfig::code_grant(), false).await;
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
    assert_no_csp_violation(&world, "code_pkce under /app/").await;
}

/// A raw HTTP/1.1 GET: the status line, the headers (names lower-case) and the body's length.
async fn get(url: &str, path: &str, encoding: &str) -> (String, Vec<(String, String)>, usize) {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept-Encoding: {encoding}\r\nConnection: close\r\n\r\n"
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
        .expect("headers");
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

#[tokio::test]
async fn the_real_server_sends_the_headers_encodings_and_cache_rules_for_every_file() {
    let world = World::deployed(Faults::default(), AppConfig::emulator(), false).await;
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
        (named(".js"), "application/javascript", immutable, true),
        (named(".css"), "text/css", immutable, true),
        ("/favicon.svg".to_owned(), "image/svg+xml", "", true),
    ];
    for (path, content_type, cache, compressed) in cases {
        for encoding in ["br", "gzip", "identity"] {
            let (status, headers, length) = get(&world.site.url, &path, encoding).await;
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
                header(&headers, "content-type")
                    .is_some_and(|value| value.starts_with(content_type)),
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
