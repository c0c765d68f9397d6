//! The app as a person first sees it.

use doorstep::App;
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::mount;

#[wasm_bindgen_test]
fn shows_the_product_name_and_the_sign_in_button() {
    let page = mount(App);
    assert_eq!(page.text("h1"), "Doorstep");
    let button = page.find("button.lwa-button");
    assert_eq!(
        button.text_content().unwrap_or_default().trim(),
        "Login with Amazon"
    );
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
}

#[wasm_bindgen_test]
fn the_status_line_is_announced_to_assistive_technology() {
    let page = mount(App);
    let status = page.find("[role=status]");
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(page.text("[role=status]"), "You are not signed in.");
}

#[wasm_bindgen_test]
fn the_button_logo_is_hidden_from_screen_readers() {
    let page = mount(App);
    let mark = page.find("button.lwa-button svg");
    assert_eq!(mark.get_attribute("aria-hidden").as_deref(), Some("true"));
}
