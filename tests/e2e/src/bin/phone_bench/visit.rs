//! One measured visit: a first visit to a page in a fresh, throttled browser, the sign-in, and
//! a repeat visit with the browser's cache warm.

use std::fmt;
use std::time::Duration;

use e2e::browser::Browser;
use fantoccini::Locator;
use serde_json::{Value, json};

/// How long any one step may take before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(90);

/// Records, from the page's own clock, when the sign-in button is first usable (on the page and
/// enabled: its click handler comes with it) and when the profile first appears. Runs in every
/// document the tab loads, before the page's own scripts.
const OBSERVER: &str = r#"
(() => {
  const seen = (window.__bench = {});
  const check = () => {
    if (seen.button === undefined && document.querySelector("button.lwa-button:enabled")) {
      seen.button = performance.now();
    }
    if (seen.profile === undefined && document.querySelector(".profile [data-field=name]")) {
      seen.profile = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})();
"#;

/// Every byte the page has fetched so far, headers included.
const BYTES_FETCHED: &str = r#"
const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
return entries.reduce((sum, entry) => sum + entry.transferSize, 0);
"#;

/// Clicks the sign-in button just after returning the time of the click (epoch ms), so that
/// the script has returned before the page starts leaving.
const CLICK_SIGN_IN: &str = r#"
const clickedAt = performance.timeOrigin + performance.now();
setTimeout(() => document.querySelector("button.lwa-button").click(), 0);
return clickedAt;
"#;

/// What one visit measured.
pub struct Figures {
    /// From navigation start to a usable sign-in button, first visit (cold cache).
    pub first_visit_button_ms: f64,
    /// From the click on the button to the profile on the page, through the consent page.
    pub click_to_profile_ms: f64,
    /// From navigation start to a usable sign-in button, second visit (warm cache).
    pub repeat_visit_button_ms: f64,
    /// Bytes transferred by the first visit, up to the sign-in button.
    pub first_visit_bytes: f64,
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "button {:.0} ms, click → profile {:.0} ms, repeat visit → button {:.0} ms, {:.0} B",
            self.first_visit_button_ms,
            self.click_to_profile_ms,
            self.repeat_visit_button_ms,
            self.first_visit_bytes
        )
    }
}

/// Runs `script` in the page until it returns a number; page loads in between are waited out.
async fn wait_for_number(browser: &Browser, script: &str, what: &str) -> f64 {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Ok(Value::Number(number)) = browser.client.execute(script, vec![]).await {
            return number.as_f64().unwrap_or_default();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} never happened"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn devtools(browser: &Browser, command: &'static str, params: Value) {
    browser
        .devtools(command, params)
        .await
        .unwrap_or_else(|error| panic!("DevTools {command}: {error}"));
}

/// Lighthouse's phone profile: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, CPU 4×.
async fn throttle(browser: &Browser) {
    devtools(browser, "Network.enable", json!({})).await;
    let network = json!({
        "offline": false,
        "latency": 150,
        "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8,
    });
    devtools(browser, "Network.emulateNetworkConditions", network).await;
    devtools(
        browser,
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": 4 }),
    )
    .await;
    devtools(
        browser,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": OBSERVER }),
    )
    .await;
}

async fn open(browser: &Browser, url: &str) {
    browser.client.goto(url).await.expect("open the page");
}

/// Measures `url` in a fresh browser.
pub async fn visit(url: &str) -> Figures {
    let browser = Browser::launch().await;
    throttle(&browser).await;
    let button = "return window.__bench && window.__bench.button;";

    open(&browser, url).await;
    let first_visit_button_ms = wait_for_number(&browser, button, "the sign-in button").await;
    let first_visit_bytes = wait_for_number(&browser, BYTES_FETCHED, "counting bytes").await;

    let clicked_at = wait_for_number(&browser, CLICK_SIGN_IN, "the click").await;
    browser
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("button[value='allow']"))
        .await
        .expect("the emulator's consent page")
        .click()
        .await
        .expect("allow");
    let profile = "return window.__bench && window.__bench.profile;";
    let profile_at = wait_for_number(&browser, profile, "the profile").await;

    browser
        .client
        .execute("sessionStorage.clear();", vec![])
        .await
        .expect("sign out by clearing the tab's storage");
    open(&browser, url).await;
    let repeat_visit_button_ms =
        wait_for_number(&browser, button, "the repeat visit's button").await;
    Figures {
        first_visit_button_ms,
        click_to_profile_ms: profile_at - clicked_at,
        repeat_visit_button_ms,
        first_visit_bytes,
    }
}
