//! A headless browser behind its own WebDriver (Chromium with chromedriver, Firefox with
//! geckodriver), cleaned up even when a test panics; for Chromium, access to the DevTools
//! protocol (network and CPU throttling, for instance) and to the page's console.

use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::Child;

/// How long a WebDriver may take to say it is ready: generous, for a busy machine.
const DRIVER_READY_WITHIN: Duration = Duration::from_secs(30);
/// How many times a launch is tried, each on a fresh port, before the test fails.
const LAUNCH_ATTEMPTS: u32 = 3;

/// Which browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium, driven by chromedriver (`CHROMEDRIVER`, `CHROMIUM` override the paths).
    Chromium,
    /// Debian's Firefox ESR, driven by geckodriver (`GECKODRIVER`, `FIREFOX` override them).
    Firefox,
}

/// Whether the browser's popup blocker is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Popups {
    /// Off, as the WebDrivers set it up: a script may open windows whenever it likes (the
    /// journeys about copies of a tab open them so).
    Allowed,
    /// On, as in a person's browser: only a window opened while handling a click (or another
    /// gesture) gets through.
    Blocked,
}

/// A WebDriver session on a fresh browser profile.
pub struct Browser {
    pub client: Client,
    pub engine: Engine,
    _driver: Driver,
}

/// The WebDriver process (its own process group, with the browser in it) and the profile
/// folder: stopped and removed when dropped, whether or not the launch went through.
struct Driver {
    child: Child,
    profile_dir: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.profile_dir);
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("local address").port()
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.into())
}

impl Browser {
    /// Headless Chromium.
    pub async fn launch() -> Browser {
        Browser::launch_in(Engine::Chromium).await
    }

    /// A headless `engine`. A launch that fails (the driver not ready in time, or its port
    /// taken meanwhile by another process) is tried again on a fresh port.
    pub async fn launch_in(engine: Engine) -> Browser {
        Browser::launch_with(engine, Popups::Allowed).await
    }

    /// A headless `engine` whose popup blocker is as `popups` says. A launch that fails is
    /// tried again on a fresh port.
    pub async fn launch_with(engine: Engine, popups: Popups) -> Browser {
        let mut failures = Vec::new();
        for _ in 0..LAUNCH_ATTEMPTS {
            match Browser::try_launch(engine, popups).await {
                Ok(browser) => return browser,
                Err(failure) => failures.push(failure),
            }
        }
        panic!("cannot start {engine:?} after {LAUNCH_ATTEMPTS} attempts: {failures:?}");
    }

    async fn try_launch(engine: Engine, popups: Popups) -> Result<Browser, String> {
        let block = popups == Popups::Blocked;
        let port = free_port();
        let profile_dir = std::env::temp_dir().join(format!(
            "doorstep-e2e-{engine:?}-{}-{port}",
            std::process::id()
        ));
        std::fs::create_dir_all(&profile_dir).map_err(|error| format!("profile: {error}"))?;
        let (program, capabilities) = match engine {
            Engine::Chromium => (
                env_or("CHROMEDRIVER", "/usr/bin/chromedriver"),
                json!({
                    "browserName": "chrome",
                    // The page's console, for checks that nothing panicked.
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "goog:chromeOptions": {
                        "binary": env_or("CHROMIUM", "/usr/bin/chromium"),
                        "args": [
                            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--window-size=1000,800",
                            // Tabs in the background keep their timers, as they do for a while
                            // in a person's browser: copies of a tab race each other for real.
                            "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                            "--disable-backgrounding-occluded-windows",
                            format!("--user-data-dir={}", profile_dir.display()),
                        ],
                        // chromedriver turns the popup blocker off unless told to keep it.
                        "excludeSwitches": if block { vec!["disable-popup-blocking"] } else { vec![] },
                    }
                }),
            ),
            Engine::Firefox => (
                env_or("GECKODRIVER", "geckodriver"),
                json!({
                    "browserName": "firefox",
                    "moz:firefoxOptions": {
                        "binary": env_or("FIREFOX", "/usr/bin/firefox-esr"),
                        "args": ["-headless", "-profile", profile_dir.display().to_string()],
                        "prefs": {
                            // The app's copies of a tab are opened by script: the popup
                            // blocker is off unless a journey wants it.
                            "dom.disable_open_during_load": block,
                            // Tabs in the background keep their timers (as above).
                            "dom.timeout.enable_budget_timer_throttling": false,
                            "browser.aboutConfig.showWarning": false,
                        }
                    }
                }),
            ),
        };
        let child = tokio::process::Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            // Its own process group, so that dropping the driver stops the browser with it.
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| format!("cannot start {program}: {error}"))?;
        let driver = Driver { child, profile_dir };
        wait_until_ready(port).await?;
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.as_object().cloned().unwrap_or_default())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|error| format!("no WebDriver session on port {port}: {error}"))?;
        Ok(Browser {
            client,
            engine,
            _driver: driver,
        })
    }
}

/// Waits until the WebDriver on `port` answers `GET /status` with `ready: true`.
async fn wait_until_ready(port: u16) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + DRIVER_READY_WITHIN;
    while tokio::time::Instant::now() < deadline {
        let status = tokio::time::timeout(Duration::from_secs(2), driver_status(port)).await;
        if let Ok(Some(status)) = status
            && status["value"]["ready"] == true
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!(
        "the WebDriver on port {port} was not ready within {DRIVER_READY_WITHIN:?}"
    ))
}

/// The JSON of the WebDriver's `/status`, if it answered. (chromedriver says
/// `Connection: close` but keeps the connection open: the answer is read until its JSON is
/// whole.)
async fn driver_status(port: u16) -> Option<Value> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).await.ok()?;
    let request =
        format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let read = stream.read(&mut chunk).await.ok()?;
        answer.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&answer);
        if let Some(status) = text
            .split_once("\r\n\r\n")
            .and_then(|(_, body)| serde_json::from_str(body).ok())
        {
            return Some(status);
        }
        if read == 0 {
            return None;
        }
    }
}

impl Browser {
    /// Sends a DevTools protocol command to the current page, through chromedriver.
    pub async fn devtools(&self, command: &'static str, params: Value) -> Result<Value, CmdError> {
        assert_eq!(self.engine, Engine::Chromium, "DevTools is Chromium's");
        let body = json!({ "cmd": command, "params": params });
        let devtools = Extension {
            path: "goog/cdp/execute",
            body,
        };
        self.client.issue_cmd(devtools).await
    }

    /// The console messages logged since the last call (chromedriver's log of type "browser").
    /// geckodriver cannot read Firefox's console: there, the list is always empty.
    pub async fn console(&self) -> Vec<String> {
        if self.engine == Engine::Firefox {
            return Vec::new();
        }
        let log = Extension {
            path: "se/log",
            body: json!({ "type": "browser" }),
        };
        match self.client.issue_cmd(log).await {
            Ok(Value::Array(entries)) => entries
                .iter()
                .filter_map(|entry| entry["message"].as_str().map(str::to_owned))
                .collect(),
            other => panic!("cannot read the console: {other:?}"),
        }
    }
}

/// One of chromedriver's extension commands: a `POST` to `session/<id>/<path>` with `body`.
#[derive(Debug)]
struct Extension {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Extension {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}
