//! Headless Chromium behind its own chromedriver, cleaned up even when a test panics, with
//! access to the DevTools protocol (network and CPU throttling, for instance).

use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::process::Child;

/// A WebDriver session on a fresh browser profile.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile_dir: PathBuf,
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("local address").port()
}

impl Browser {
    pub async fn launch() -> Browser {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = tokio::process::Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            // Its own process group, so that Drop can stop the browser processes with it.
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {chromedriver}: {error}"));
        for _ in 0..200 {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, port))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile_dir =
            std::env::temp_dir().join(format!("doorstep-e2e-{}-{port}", std::process::id()));
        let capabilities = json!({
            "browserName": "chrome",
            // The page's console, for checks that nothing panicked.
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1000,800",
                    format!("--user-data-dir={}", profile_dir.display()),
                ]
            }
        });
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.as_object().cloned().unwrap_or_default())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session in headless Chromium");
        Browser {
            client,
            driver,
            profile_dir,
        }
    }
}

impl Browser {
    /// Sends a DevTools protocol command to the current page, through chromedriver.
    pub async fn devtools(&self, command: &'static str, params: Value) -> Result<Value, CmdError> {
        let body = json!({ "cmd": command, "params": params });
        let devtools = Extension {
            path: "goog/cdp/execute",
            body,
        };
        self.client.issue_cmd(devtools).await
    }

    /// The console messages logged since the last call (chromedriver's log of type "browser").
    pub async fn console(&self) -> Vec<String> {
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

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.profile_dir);
    }
}
