//! The whole app in a page whose server has no config.json (the test runner's).

use doorstep::App;
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::{eventually, href, mount, set_url};

/// Where the library keeps a tab's session in `sessionStorage` (its documented key).
const SESSION_KEY: &str = "doorstep.session";

#[wasm_bindgen_test]
async fn without_config_json_the_page_says_what_is_missing_and_offers_a_reload() {
    let page = mount(App);
    assert_eq!(page.text("h1"), "Doorstep");
    assert!(page.has("nav a[href='/profile']"));
    assert!(
        eventually(|| page.has("[role=alert]")).await,
        "an alert appears: {}",
        page.root.inner_html()
    );
    assert!(
        page.text("[role=alert] p")
            .contains("config.json was not found next to index.html")
    );
    assert_eq!(page.text("[role=alert] button"), "Reload");
    assert!(
        !page.has("button.lwa-button"),
        "no sign-in without a configuration"
    );
}

#[wasm_bindgen_test]
async fn a_sign_in_response_leaves_the_address_bar_as_the_app_mounts() {
    let original = href();
    set_url("/?utm=1#access_token=Atza%7Cinjected&token_type=bearer&expires_in=60&state=forged");
    let raw = web_sys::window()
        .and_then(|window| window.session_storage().ok().flatten())
        .expect("sessionStorage");
    // Something kept under the session's key that the app could not even read.
    raw.set_item(SESSION_KEY, "note=an+older+session")
        .expect("set_item");
    let page = mount(App);
    let now = href();
    set_url(&original);
    assert!(
        !now.contains('#') && !now.contains("Atza") && !now.contains('?'),
        "{now}"
    );
    // Once the app has settled (no config.json here: its alert), what it keeps is untouched.
    let settled = eventually(|| page.has("[role=alert]")).await;
    let kept = raw.get_item(SESSION_KEY).ok().flatten();
    raw.clear().expect("sessionStorage.clear");
    assert!(settled, "the app settled: {}", page.root.inner_html());
    assert_eq!(
        kept.as_deref(),
        Some("note=an+older+session"),
        "neither a response that is not this tab's nor a failing config.json touches what it keeps"
    );
}

#[wasm_bindgen_test]
async fn links_change_the_page_in_place_and_back_returns() {
    let original = href();
    set_url("/");
    let page = mount(App);
    let profile_link = page.find("nav a[href='/profile']");
    assert_eq!(
        page.find("nav a[href='/']")
            .get_attribute("aria-current")
            .as_deref(),
        Some("page")
    );
    profile_link.click();
    assert!(
        eventually(|| page.has("main h2") && page.text("main h2") == "Your profile").await,
        "the profile page is shown: {}",
        page.root.inner_html()
    );
    assert!(href().ends_with("/profile"), "{}", href());
    assert_eq!(
        profile_link.get_attribute("aria-current").as_deref(),
        Some("page")
    );
    assert_eq!(
        page.find("nav a[href='/']").get_attribute("aria-current"),
        None
    );
    web_sys::window()
        .and_then(|window| window.history().ok())
        .expect("history")
        .back()
        .expect("history.back");
    let back_home = eventually(|| !page.has("main h2")).await;
    let after_back = href();
    set_url(&original);
    assert!(
        back_home,
        "Back shows the start page again: {}",
        page.root.inner_html()
    );
    assert!(!after_back.ends_with("/profile"), "{after_back}");
}
