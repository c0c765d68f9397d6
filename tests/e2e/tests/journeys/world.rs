//! One journey's world: the emulator, the site serving the release build, a browser, and the
//! page operations and checks the journeys share.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::elements::Element;
use fantoccini::wd::WindowHandle;
use lwa_emulator::{Client, DEMO_CLIENT_ID, Emulator, Faults, RunningEmulator};
use serde_json::{Map, Value, json};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::site::{ConfigFile, OTHER_PAGE, Site, WebServer};
use e2e::browser::{Browser, Engine, Popups};
use e2e::nginx::{Nginx, Serves, Site as NginxSite};
use e2e::tls::TestCa;

/// At most two browsers at once: the machines this runs on have two cores.
static BROWSER_SLOTS: Semaphore = Semaphore::const_new(2);
/// How long a page may take to reach an expected state.
const PATIENCE: Duration = Duration::from_secs(20);

/// Keeps each `securitypolicyviolation` of a page in its origin's localStorage.
const CSP_RECORDER: &str = r#"document.addEventListener("securitypolicyviolation", (event) => {
  const seen = JSON.parse(localStorage.getItem("test.csp-violations") || "[]");
  seen.push(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.documentURI}`);
  localStorage.setItem("test.csp-violations", JSON.stringify(seen));
});"#;

/// How the app is configured for a journey.
pub enum AppConfig {
    /// The demo client and the emulator's endpoints; `extra` is merged in, object by object.
    Emulator { extra: Value },
    /// No config.json at all.
    Missing,
    /// This exact text as config.json.
    Raw(&'static str),
}

impl AppConfig {
    pub fn emulator() -> Self {
        AppConfig::Emulator { extra: json!({}) }
    }

    /// The emulator, signing in with the Authorization Code grant and PKCE.
    pub fn code_grant() -> Self {
        AppConfig::Emulator {
            extra: json!({ "grant": "code_pkce" }),
        }
    }
}

impl AppConfig {
    /// The config.json for an app whose Amazon is `emulator`, its APIs reached at `api`.
    fn file(self, emulator: &RunningEmulator, api: &str) -> ConfigFile {
        match self {
            AppConfig::Emulator { extra } => {
                let mut config = json!({
                    "client_id": DEMO_CLIENT_ID,
                    "endpoints": { "authorize": format!("{}/ap/oa", emulator.base_url()), "api": api },
                });
                merge(&mut config, extra);
                ConfigFile::Json(config.to_string())
            }
            AppConfig::Missing => ConfigFile::Missing,
            AppConfig::Raw(text) => ConfigFile::Json(text.to_owned()),
        }
    }
}

/// Starts `emulator` with the demo client allowed to return to `url`, and `faults`.
async fn emulator_for(url: &str, faults: Faults, emulator: Emulator) -> RunningEmulator {
    let client = Client::new(DEMO_CLIENT_ID, "Doorstep (end-to-end)").allow_redirect(url);
    emulator
        .with_clients(vec![client])
        .with_faults(faults)
        .start()
        .await
        .expect("start the emulator")
}

/// Puts `extra`'s fields into `base`, merging objects field by field.
fn merge(base: &mut Value, extra: Value) {
    match (base, extra) {
        (Value::Object(base), Value::Object(extra)) => {
            for (key, value) in extra {
                merge(base.entry(key).or_insert(Value::Null), value);
            }
        }
        (base, extra) => *base = extra,
    }
}

pub struct World {
    pub emulator: RunningEmulator,
    pub site: Site,
    pub browser: Browser,
    _slot: SemaphorePermit<'static>,
    /// The https front before the emulator, when the forwarding reaches it over TLS, and the
    /// folder it logs in.
    front: Option<(Nginx, PathBuf)>,
}

/// How a deployed app reaches Amazon's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// Directly, with CORS.
    Direct,
    /// Through the bundle's same-origin forwarding (the emulator answers no CORS), to the
    /// emulator behind an https front showing this certificate.
    ForwardedOverTls(Certificate),
}

/// The certificate the https front before the emulator shows the forwarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certificate {
    /// For 127.0.0.1, from a CA made for the test, which the bundle names (`--api-ca-file`).
    Trusted,
    /// For 127.0.0.1, from that CA, which the bundle does not name: it trusts only the
    /// system's CAs, none of which issued it.
    FromAnUnknownCa,
    /// From the CA the bundle names, for another name than the upstream's.
    ForAnotherName,
}

/// How a journey's app is deployed.
pub struct Deployment {
    pub server: WebServer,
    /// Where the app is served: `/`, or a path such as `/app/`.
    pub base_path: &'static str,
    pub faults: Faults,
    pub config: AppConfig,
    pub api: Api,
    /// Whether the browser's popup blocker is on.
    pub popups: Popups,
}

impl Deployment {
    /// `config` at `/` behind `server`, calling the API directly, no faults.
    pub fn new(server: WebServer, config: AppConfig) -> Self {
        Deployment {
            server,
            base_path: "/",
            faults: Faults::default(),
            config,
            api: Api::Direct,
            popups: Popups::Allowed,
        }
    }
}

/// An https front on a free port before `emulator`, showing `certificate` from a CA made in
/// `work`: its URL, the CA's certificate, and the running front.
fn tls_front(
    work: &Path,
    emulator: &str,
    certificate: Certificate,
) -> (String, PathBuf, (Nginx, PathBuf)) {
    let ca = TestCa::make(&work.join("ca"));
    let prefix = work.join("front");
    std::fs::create_dir_all(&prefix).expect("the front's folder");
    let port = e2e::browser::free_port();
    let front = Nginx::serve(
        &prefix,
        &[NginxSite {
            port,
            serves: Serves::TlsFront {
                certificate: match certificate {
                    Certificate::ForAnotherName => &ca.misnamed_certificate,
                    _ => &ca.server_certificate,
                },
                key: &ca.server_key,
                upstream: emulator,
            },
        }],
    );
    (
        format!("https://127.0.0.1:{port}"),
        ca.ca_certificate,
        (front, prefix),
    )
}

/// How long a journey waits for a renewal or an expiry.
const RENEWAL_PATIENCE: Duration = Duration::from_secs(25);

/// `faults`, with access tokens that live `seconds`: a renewal is due a second or so before.
pub fn short_lived(seconds: u64, faults: Faults) -> Faults {
    Faults {
        token_lifetime: Duration::from_secs(seconds),
        ..faults
    }
}

/// A world with `faults` whose app signs in with the code grant, signed in from `/`; returns
/// the stored access token.
pub async fn signed_in_with_code_grant(faults: Faults) -> (World, String) {
    let world = World::with(faults, AppConfig::code_grant()).await;
    world.open("/").await;
    world.sign_in().await;
    let token = world.assert_session_stored().await;
    (world, token)
}

/// How a journey's world is made, for journeys that need more than [`World::with`].
pub struct Setup {
    pub faults: Faults,
    pub config: AppConfig,
    /// Where the app is served: `/`, or a non-root public URL such as `/app/`.
    pub base_path: &'static str,
    pub engine: Engine,
    /// A script that runs first on each of the app's pages.
    pub first_script: Option<&'static str>,
    /// Whose release build is served.
    pub build: Build,
    /// Whether the browser's popup blocker is on.
    pub popups: Popups,
}

/// Whose release build a journey serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// Doorstep, the app (`dist/`).
    App,
    /// The example of that name (`examples/<name>/dist/`).
    Example(&'static str),
}

impl Setup {
    /// The app at `/` in Chromium, with `faults` and `config`.
    pub fn new(faults: Faults, config: AppConfig) -> Self {
        Setup {
            faults,
            config,
            base_path: "/",
            engine: Engine::Chromium,
            first_script: None,
            build: Build::App,
            popups: Popups::Allowed,
        }
    }
}

impl World {
    pub async fn start() -> World {
        World::with(Faults::default(), AppConfig::emulator()).await
    }

    pub async fn with(faults: Faults, config: AppConfig) -> World {
        World::build(Setup::new(faults, config)).await
    }

    /// A world whose app is served under `base_path` (`/`, or a non-root public URL such as
    /// `/app/`); [`World::app`] and [`World::open`] then take paths inside the app.
    pub async fn under(base_path: &'static str, faults: Faults, config: AppConfig) -> World {
        World::build(Setup {
            base_path,
            ..Setup::new(faults, config)
        })
        .await
    }

    pub async fn build(setup: Setup) -> World {
        let slot = BROWSER_SLOTS.acquire().await.expect("browser slot");
        let (listener, url) = Site::bind(setup.base_path).await;
        let emulator = emulator_for(&url, setup.faults, Emulator::default()).await;
        let config = setup.config.file(&emulator, emulator.base_url());
        let dist = match setup.build {
            Build::App => e2e::bundle::dist(),
            Build::Example(name) => e2e::bundle::example_dist(name),
        };
        let site = Site::serve(listener, url, dist, config, setup.first_script);
        let browser = Browser::launch_with(setup.engine, setup.popups).await;
        World {
            emulator,
            site,
            browser,
            _slot: slot,
            front: None,
        }
    }

    /// A world whose app is deployed like production: the release build bundled by
    /// `.ci/deploy-bundle` (its CSP and headers) and served by a real web server with the
    /// bundle's rules, reaching Amazon's API as `deployment.api` says.
    pub async fn deployed(deployment: Deployment) -> World {
        let slot = BROWSER_SLOTS.acquire().await.expect("browser slot");
        let port = e2e::browser::free_port();
        let url = format!("http://127.0.0.1:{port}{}", deployment.base_path);
        let emulator = match deployment.api {
            Api::Direct => Emulator::default(),
            Api::ForwardedOverTls(_) => Emulator::default().without_cors(),
        };
        let emulator = emulator_for(&url, deployment.faults, emulator).await;
        let work =
            std::env::temp_dir().join(format!("doorstep-bundle-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).expect("the site's folder");
        let (api, options, front) = match deployment.api {
            Api::Direct => (emulator.base_url().to_owned(), Vec::new(), None),
            Api::ForwardedOverTls(certificate) => {
                let (upstream, ca, front) = tls_front(&work, emulator.base_url(), certificate);
                let mut options = vec![
                    "--api-proxy".to_owned(),
                    "--api-upstream".to_owned(),
                    upstream,
                ];
                if certificate != Certificate::FromAnUnknownCa {
                    options.extend(["--api-ca-file".to_owned(), ca.display().to_string()]);
                }
                (
                    format!("http://127.0.0.1:{port}/amazon-api"),
                    options,
                    Some(front),
                )
            }
        };
        let ConfigFile::Json(config) = deployment.config.file(&emulator, &api) else {
            panic!("a deployment has a config.json");
        };
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        let site = Site::serve_bundle(deployment.server, work, port, url, &config, &options);
        let browser = Browser::launch_with(Engine::Chromium, deployment.popups).await;
        let world = World {
            emulator,
            site,
            browser,
            _slot: slot,
            front,
        };
        world.record_csp_violations().await;
        world
    }

    /// From the next page on, every policy violation in the current window is written down
    /// where the journey can read it (the recorder runs outside the page's policy): each window
    /// needs its own (a deployed world's first has it from the start).
    pub async fn record_csp_violations(&self) {
        self.browser
            .devtools(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": CSP_RECORDER }),
            )
            .await
            .expect("install the CSP recorder");
    }

    /// Once at least `count` have arrived (the front logs a request as it finishes it, which
    /// may be just after its answer), each request the https front before the emulator
    /// forwarded so far (its request line): what reached "Amazon" through the forwarding.
    pub async fn upstream_requests_once(&self, count: usize) -> Vec<String> {
        self.upstream_requests_when(|requests| requests.len() >= count)
            .await
    }

    /// Each request the https front before the emulator forwarded so far, once `complete`
    /// says the list is (or `PATIENCE` passed): the front logs a request as it finishes it,
    /// which may be just after its answer reached the client.
    pub async fn upstream_requests_when(
        &self,
        complete: impl Fn(&[String]) -> bool,
    ) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let requests = self.upstream_requests();
            if complete(&requests) || tokio::time::Instant::now() > deadline {
                return requests;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Each request the https front before the emulator forwarded so far (its request line).
    pub fn upstream_requests(&self) -> Vec<String> {
        let (_, folder) = self.front.as_ref().expect("a forwarding over TLS");
        std::fs::read_to_string(folder.join(e2e::nginx::UPSTREAM_LOG))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split('"').nth(1).map(str::to_owned))
            .collect()
    }

    /// A world with `faults`, signed in from `/` through the emulator; returns the stored token.
    pub async fn signed_in(faults: Faults) -> (World, String) {
        let world = World::with(faults, AppConfig::emulator()).await;
        world.open("/").await;
        world.sign_in().await;
        let token = world.assert_session_stored().await;
        (world, token)
    }

    /// The app's URL for `path` (which starts with `/`, and is inside the app's base path).
    pub fn app(&self, path: &str) -> String {
        format!("{}{}", self.site.url.trim_end_matches('/'), path)
    }

    pub async fn open(&self, path: &str) {
        self.browser
            .client
            .goto(&self.app(path))
            .await
            .expect("open the app");
    }

    pub async fn url(&self) -> String {
        self.browser
            .client
            .current_url()
            .await
            .expect("current URL")
            .to_string()
    }

    /// Waits for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.browser
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no {css:?} appeared ({error})"))
    }

    /// Waits until the element matching `css` contains `expected`, and returns its text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        self.wait_for_text_within(css, expected, PATIENCE).await
    }

    /// Waits at most `within` until the element matching `css` contains `expected`, and
    /// returns its text.
    pub async fn wait_for_text_within(
        &self,
        css: &str,
        expected: &str,
        within: Duration,
    ) -> String {
        let deadline = tokio::time::Instant::now() + within;
        let mut last = String::new();
        while tokio::time::Instant::now() < deadline {
            if let Ok(element) = self.browser.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.contains(expected) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{css:?} never contained {expected:?}; last text {last:?}, page at {}",
            self.url().await
        );
    }

    /// Waits until the browser's address starts with `prefix`, and returns it.
    pub async fn wait_for_url_starting(&self, prefix: &str) -> String {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while tokio::time::Instant::now() < deadline {
            let url = self.url().await;
            if url.starts_with(prefix) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("never went to {prefix}; at {}", self.url().await);
    }

    /// Waits until the browser's address ends with `suffix`.
    pub async fn wait_for_url_ending(&self, suffix: &str) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while tokio::time::Instant::now() < deadline {
            if self.url().await.ends_with(suffix) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("never at …{suffix}; at {}", self.url().await);
    }

    /// On Amazon's consent page: the `state` this tab's sign-in sent.
    pub async fn pending_state(&self) -> String {
        let url = url::Url::parse(&self.url().await).expect("a URL");
        url.query_pairs()
            .find_map(|(name, value)| (name == "state").then(|| value.into_owned()))
            .expect("a state in the authorization request")
    }

    /// Text of the element matching `css`, now.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("element text")
    }

    /// Whether an element matches `css` right now.
    pub async fn exists(&self, css: &str) -> bool {
        self.browser.client.find(Locator::Css(css)).await.is_ok()
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("cannot click {css:?}: {error}"));
    }

    /// Clicks "Login with Amazon" and waits for the emulator's consent page.
    pub async fn go_to_amazon(&self) {
        self.click("button.lwa-button").await;
        self.find("form[action='/ap/oa/consent']").await;
        assert!(
            self.url().await.starts_with(self.emulator.base_url()),
            "at the emulator"
        );
    }

    /// Starts a sign-in and comes back to the app's start page without answering Amazon, so that
    /// the pending sign-in stays in this tab; then sets its `field` (e.g. `state`, `verifier`)
    /// to `value`, and goes back to Amazon's consent page.
    pub async fn tamper_with_pending_sign_in(&self, field: &str, value: &str) {
        self.go_to_amazon().await;
        let authorize = self.url().await;
        self.open("/").await;
        let script = format!(
            r#"const pending = new URLSearchParams(sessionStorage.getItem("doorstep.pending_login"));
               pending.set("{field}", "{value}");
               sessionStorage.setItem("doorstep.pending_login", pending.toString());
               return true;"#
        );
        self.run(&script).await;
        self.browser
            .client
            .goto(&authorize)
            .await
            .expect("back to Amazon");
        self.find("form[action='/ap/oa/consent']").await;
    }

    /// Leaves the app for another site (the tab keeps its sessionStorage) for `away`; the
    /// journey then opens the app again.
    pub async fn step_away_for(&self, away: Duration) {
        self.browser
            .client
            .goto(&format!("{}/nowhere", self.emulator.base_url()))
            .await
            .expect("leave");
        tokio::time::sleep(away).await;
    }

    /// Opens the current page in a new tab the way the app's own window could (the new tab
    /// starts with a copy of this tab's sessionStorage), switches to it, and returns this tab
    /// and the new one.
    pub async fn open_copy_in_new_tab(&self) -> (WindowHandle, WindowHandle) {
        let client = &self.browser.client;
        let first = client.window().await.expect("this tab");
        let before = client.windows().await.expect("tabs");
        self.run("window.open(location.href); return true;").await;
        let second = client
            .windows()
            .await
            .expect("tabs")
            .into_iter()
            .find(|tab| !before.contains(tab))
            .expect("a new tab");
        self.switch_to(&second).await;
        (first, second)
    }

    /// Duplicates this tab the way the browser's "Duplicate tab" does: a new tab, with no
    /// opener, whose sessionStorage starts as a copy of this one's, at this tab's address.
    /// Switches to it, and returns this tab and the duplicate.
    pub async fn duplicate_in_new_tab(&self) -> (WindowHandle, WindowHandle) {
        let client = &self.browser.client;
        let first = client.window().await.expect("this tab");
        let (address, stored) = (self.url().await, self.session_storage().await);
        let duplicate = client.new_window(true).await.expect("a new tab").handle;
        self.switch_to(&duplicate).await;
        client
            .goto(&format!("{}{OTHER_PAGE}", self.site.origin()))
            .await
            .expect("open the origin");
        let copy = format!(
            "for (const [key, value] of Object.entries({})) sessionStorage.setItem(key, value); return true;",
            Value::Object(stored)
        );
        self.run(&copy).await;
        client.goto(&address).await.expect("open the app");
        (first, duplicate)
    }

    /// Opens a new tab that is not a copy of any (its sessionStorage starts empty) on the
    /// site's other page, another app of the same origin; switches to it and returns it.
    pub async fn open_other_page_in_new_tab(&self) -> WindowHandle {
        let client = &self.browser.client;
        let tab = client.new_window(true).await.expect("a new tab").handle;
        self.switch_to(&tab).await;
        client
            .goto(&format!("{}{OTHER_PAGE}", self.site.origin()))
            .await
            .expect("open the other page");
        tab
    }

    /// Back, in this tab's history.
    pub async fn go_back(&self) {
        self.browser.client.back().await.expect("history back");
    }

    pub async fn switch_to(&self, tab: &WindowHandle) {
        self.browser
            .client
            .switch_to_window(tab.clone())
            .await
            .expect("switch tabs");
    }

    /// The window (tab) the journey is working in.
    pub async fn current_window(&self) -> WindowHandle {
        self.browser
            .client
            .window()
            .await
            .expect("the current window")
    }

    /// Every window (tab) open in the browser.
    pub async fn windows(&self) -> Vec<WindowHandle> {
        self.browser
            .client
            .windows()
            .await
            .expect("the open windows")
    }

    /// Waits until a window that is not among `before` is open, and returns it (without
    /// switching to it).
    pub async fn wait_for_new_window(&self, before: &[WindowHandle]) -> WindowHandle {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let open = self.windows().await;
            if let Some(new) = open.iter().find(|window| !before.contains(window)) {
                return new.clone();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no new window opened; {} open, the page at {}",
                open.len(),
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits at most `within` until `window` is no longer open (another window must be the
    /// current one, or none).
    pub async fn wait_until_window_closed(&self, window: &WindowHandle, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        while self.windows().await.contains(window) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the window is still open after {within:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Closes `window` the way a person does (not by a script of its own), then switches to
    /// `then`.
    pub async fn close_window(&self, window: &WindowHandle, then: &WindowHandle) {
        self.switch_to(window).await;
        self.browser
            .client
            .close_window()
            .await
            .expect("close the window");
        self.switch_to(then).await;
    }

    /// Opens `url` in a new tab of its own (no opener, its sessionStorage empty), switches to
    /// it, and returns it.
    pub async fn open_in_new_tab(&self, url: &str) -> WindowHandle {
        let client = &self.browser.client;
        let tab = client.new_window(true).await.expect("a new tab").handle;
        self.switch_to(&tab).await;
        client.goto(url).await.expect("open the address");
        tab
    }

    /// Clicks `css` in a window that may close itself in answer (a popup handing its answer
    /// over): the click may then report an error, which is fine once the window is gone.
    pub async fn click_in_closing_window(&self, css: &str) {
        let window = self.current_window().await;
        let element = self.find(css).await;
        if let Err(error) = element.click().await {
            assert!(
                !self.windows().await.contains(&window),
                "cannot click {css:?}: {error}"
            );
        }
    }

    /// Clicks "Login with Amazon" in popup mode: waits for the window it opens, switches to it
    /// and waits for the emulator's consent page there. Returns this tab and the popup.
    pub async fn open_popup(&self) -> (WindowHandle, WindowHandle) {
        self.open_popup_with("button.lwa-button").await
    }

    /// Clicks `css`, which opens the sign-in popup: waits for the window, switches to it and
    /// waits for the emulator's consent page there. Returns this tab and the popup.
    pub async fn open_popup_with(&self, css: &str) -> (WindowHandle, WindowHandle) {
        let opener = self.current_window().await;
        let before = self.windows().await;
        self.click(css).await;
        let popup = self.wait_for_new_window(&before).await;
        self.switch_to(&popup).await;
        self.find("form[action='/ap/oa/consent']").await;
        assert!(
            self.url().await.starts_with(self.emulator.base_url()),
            "the popup is at the emulator"
        );
        (opener, popup)
    }

    /// Answers the consent page in `popup` with `decision` ("allow" or "cancel"); the popup
    /// hands the answer to `opener` and closes itself. Switches to `opener` and waits until the
    /// popup is gone.
    pub async fn answer_in_popup(
        &self,
        decision: &str,
        popup: &WindowHandle,
        opener: &WindowHandle,
    ) {
        self.switch_to(popup).await;
        self.click_in_closing_window(&format!("button[value='{decision}']"))
            .await;
        self.switch_to(opener).await;
        self.wait_until_window_closed(popup, PATIENCE).await;
    }

    /// The whole sign-in in popup mode, from this tab's button to its profile.
    pub async fn sign_in_in_popup(&self) {
        let (opener, popup) = self.open_popup().await;
        self.answer_in_popup("allow", &popup, &opener).await;
        self.find(".profile").await;
    }

    /// Answers the consent page: "allow" or "cancel".
    pub async fn answer_consent(&self, decision: &str) {
        self.click(&format!("button[value='{decision}']")).await;
    }

    /// The whole sign-in, from the app's button to the person's profile.
    pub async fn sign_in(&self) {
        self.go_to_amazon().await;
        self.answer_consent("allow").await;
        self.find(".profile").await;
    }

    /// Runs `script` in the page and returns its value.
    pub async fn run(&self, script: &str) -> Value {
        self.browser
            .client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|error| panic!("{script}: {error}"))
    }

    /// Everything in the app's sessionStorage (the page must be on the app).
    pub async fn session_storage(&self) -> Map<String, Value> {
        match self
            .run("return Object.fromEntries(Object.entries(sessionStorage));")
            .await
        {
            Value::Object(entries) => entries,
            other => panic!("sessionStorage read as {other}"),
        }
    }

    /// The stored session's token, if there is one.
    pub async fn stored_token(&self) -> Option<String> {
        self.session_field("access_token").await
    }

    /// A field of the stored session (`access_token`, `refresh_token`, `grant`…), if any.
    pub async fn session_field(&self, name: &str) -> Option<String> {
        let entries = self.session_storage().await;
        let session: Vec<(String, String)> =
            serde_urlencoded::from_str(entries.get("doorstep.session")?.as_str()?).ok()?;
        session
            .into_iter()
            .find_map(|(field, value)| (field == name).then_some(value))
    }

    /// Everything in the origin's localStorage (the page must be on the app's origin).
    pub async fn local_storage(&self) -> Map<String, Value> {
        match self
            .run("return Object.fromEntries(Object.entries(localStorage));")
            .await
        {
            Value::Object(entries) => entries,
            other => panic!("localStorage read as {other}"),
        }
    }

    /// What the app keeps in localStorage is its notes about sessions, and only them, none
    /// holding a token or anything readable but when it was written: returns how many.
    pub async fn assert_notes_hold_no_secret(&self) -> usize {
        let entries = self.local_storage().await;
        let ours: Vec<(&String, &Value)> = entries
            .iter()
            .filter(|(key, _)| key.starts_with("doorstep."))
            .collect();
        for (key, value) in &ours {
            assert!(key.starts_with("doorstep.note."), "{key} in localStorage");
            let note = value.as_str().unwrap_or_default();
            let (written, sealed) = note.split_once(' ').unwrap_or_default();
            assert!(written.parse::<u64>().is_ok(), "{key}: {note}");
            assert!(
                sealed.len() > 40
                    && sealed
                        .bytes()
                        .all(|byte| byte.is_ascii_alphanumeric() || b"-_".contains(&byte)),
                "{key} holds sealed news only: {note}"
            );
            // Not "Atz", which turns up by chance in long base64url: a token in clear has its
            // `|` (or `%7C`), which base64url never holds.
            for clear in ["%7C", "|", "newest", "ended", "current"] {
                assert!(!note.contains(clear), "{key} shows {clear:?}: {note}");
            }
        }
        ours.len()
    }

    /// Waits until the stored session's `field` is present and differs from `old`; returns it.
    pub async fn wait_for_new(&self, field: &str, old: Option<&str>) -> String {
        let deadline = tokio::time::Instant::now() + RENEWAL_PATIENCE;
        loop {
            if let Some(value) = self.session_field(field).await
                && Some(value.as_str()) != old
            {
                return value;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{field} never changed; the page says {:?}",
                self.text("main").await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Still signed in, with nothing alarming on the page.
    pub async fn assert_calmly_signed_in(&self) {
        assert_eq!(self.text("[data-field=name]").await, "Demo Customer");
        assert!(!self.exists("[role=alert]").await, "no alert");
        self.assert_session_stored().await;
    }

    /// Nothing of ours is left in sessionStorage: no session, no pending sign-in.
    pub async fn assert_storage_empty(&self) {
        let entries = self.session_storage().await;
        let ours: Vec<&String> = entries
            .keys()
            .filter(|key| key.starts_with("doorstep."))
            .collect();
        assert!(ours.is_empty(), "left in sessionStorage: {ours:?}");
    }

    /// Nothing panicked in the page since the last check: no Rust panic message, no WebAssembly
    /// trap in the console.
    pub async fn assert_no_panic(&self) {
        self.console_without_panics().await;
    }

    /// The console's messages since the last look, once none of them is a panic or a trap.
    async fn console_without_panics(&self) -> Vec<String> {
        let messages = self.browser.console().await;
        for message in &messages {
            for sign in ["panicked at", "RuntimeError", "unreachable"] {
                assert!(!message.contains(sign), "the console says: {message}");
            }
        }
        messages
    }

    /// On a deployed app's page: the policy violations recorded on its origin so far, and the
    /// console's CSP errors since the last look; then nothing panicked either.
    pub async fn csp_violations(&self) -> Vec<String> {
        let recorded = self
            .run(r#"return localStorage.getItem("test.csp-violations") || "[]";"#)
            .await;
        let mut violations: Vec<String> =
            serde_json::from_str(recorded.as_str().unwrap_or("[]")).unwrap_or_default();
        violations.extend(
            self.console_without_panics()
                .await
                .into_iter()
                .filter(|message| {
                    message.contains("Content Security Policy")
                        || message.contains("Content-Security-Policy")
                }),
        );
        violations
    }

    /// The authorization request's `redirect_uri` parameter for this app, as the URL carries it.
    pub fn redirect_uri_parameter(&self) -> String {
        format!(
            "redirect_uri={}",
            self.site.url.replace(':', "%3A").replace('/', "%2F")
        )
    }

    /// The address bar holds no sign-in response.
    pub async fn assert_url_clean(&self) {
        let url = self.url().await;
        for leak in ["access_token", "Atza", "code=", "state=", "error=", "#"] {
            assert!(!url.contains(leak), "the URL still holds {leak:?}: {url}");
        }
    }

    /// The page shows an alert saying `expected`; the address bar holds no response and
    /// nothing of ours is left in sessionStorage.
    pub async fn assert_refused(&self, expected: &str) {
        self.wait_for_text("[role=alert]", expected).await;
        self.assert_url_clean().await;
        self.assert_storage_empty().await;
    }

    /// The page ignored a sign-in response that was not this tab's: a calm note, no alert, the
    /// address bar clean and nothing of ours stored.
    pub async fn assert_ignored(&self) {
        self.wait_for_text(
            "[role=status]",
            "A sign-in link this tab did not start was ignored.",
        )
        .await;
        assert!(!self.exists("[role=alert]").await, "no alert");
        self.assert_url_clean().await;
        self.assert_storage_empty().await;
    }

    /// Reloads the page, which must start signed out with nothing of ours stored.
    pub async fn assert_signed_out_after_reload(&self) {
        self.browser.client.refresh().await.expect("reload");
        self.wait_for_text("[role=status]", "You are not signed in.")
            .await;
        assert!(
            !self.exists(".profile").await,
            "no profile after the reload"
        );
        self.assert_storage_empty().await;
    }

    /// The signed-in state in storage: exactly one entry of ours, the session, holding a token.
    /// Returns the token.
    pub async fn assert_session_stored(&self) -> String {
        let entries = self.session_storage().await;
        let ours: Vec<&String> = entries
            .keys()
            .filter(|key| key.starts_with("doorstep."))
            .collect();
        assert_eq!(ours, ["doorstep.session"], "only the session is kept");
        let token = self.stored_token().await.expect("a stored token");
        assert!(token.starts_with("Atza|"), "a Login with Amazon token");
        token
    }

    /// Walks back through this tab's whole history and checks that no entry holds a token or a
    /// code: none has `access_token`, a Login with Amazon token or a `code=` parameter in it, nor
    /// `token` (raw or encoded) when given. Leaves the browser on the first entry, so it comes
    /// last in a journey.
    pub async fn assert_history_clean(&self, token: Option<&str>) {
        let length = self
            .run("return history.length;")
            .await
            .as_u64()
            .unwrap_or(1);
        let mut seen = vec![self.url().await];
        for _ in 1..length {
            self.browser.client.back().await.expect("history back");
            seen.push(self.url().await);
        }
        // Tokens, and the code grant's one-time code (`code_challenge=` is not one).
        let mut leaks = ["access_token", "Atza", "Atzr", "?code=", "&code="]
            .map(str::to_owned)
            .to_vec();
        if let Some(token) = token {
            leaks.extend([token.to_owned(), token.replace('|', "%7C")]);
        }
        for url in &seen {
            for leak in &leaks {
                assert!(
                    !url.contains(leak.as_str()),
                    "a history entry holds a token: {url}"
                );
            }
        }
    }
}
