//! Moving between the app's pages: links that change the page in place, Back and Forward, the
//! "not found" page, and the app served under a non-root public URL.

use lwa_emulator::Faults;
use serde_json::json;

use crate::world::{AppConfig, World};

/// Marks the current document, so that a later check tells whether the page was reloaded.
const MARK_DOCUMENT: &str = "window.__sameDocument = true; return true;";
const SAME_DOCUMENT: &str = "return window.__sameDocument === true;";

#[tokio::test]
async fn an_unknown_path_says_not_found_and_links_home_without_a_reload() {
    let world = World::start().await;
    world.open("/no/such/page").await;
    world.wait_for_text("main h2", "Page not found").await;
    world.run(MARK_DOCUMENT).await;
    world.click("main a[href='/']").await;
    world
        .wait_for_text("main", "Sign in with Amazon to see the profile")
        .await;
    assert_eq!(world.url().await, world.app("/"));
    assert_eq!(world.run(SAME_DOCUMENT).await, json!(true), "no reload");
    assert!(world.exists("button.lwa-button").await);
    world.browser.client.back().await.expect("back");
    world.wait_for_text("main h2", "Page not found").await;
    assert_eq!(world.url().await, world.app("/no/such/page"));
    world.assert_storage_empty().await;
}

#[tokio::test]
async fn the_navigation_links_change_pages_in_place_and_keep_the_session() {
    let (world, token) = World::signed_in(Faults::default()).await;
    world.run(MARK_DOCUMENT).await;
    world.click("nav a[href='/profile']").await;
    world.wait_for_url_starting(&world.app("/profile")).await;
    assert_eq!(
        world.text("nav a[aria-current=page]").await,
        "Profile",
        "the current page is marked"
    );
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    world.click("nav a[href='/']").await;
    world.wait_for_url_starting(&world.app("/")).await;
    assert_eq!(world.text("nav a[aria-current=page]").await, "Home");
    assert_eq!(world.run(SAME_DOCUMENT).await, json!(true), "no reload");
    assert_eq!(
        world.emulator.requests_to("/auth/o2/tokeninfo"),
        1,
        "moving between pages checks nothing again"
    );
    assert_eq!(world.assert_session_stored().await, token);
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn under_a_non_root_public_url_deep_links_and_sign_in_stay_inside_it() {
    let world = World::under("/tools/doorstep/", Faults::default(), AppConfig::emulator()).await;
    world.open("/profile").await;
    world
        .wait_for_text("main", "Sign in with Amazon to see your profile")
        .await;
    for (link, href) in [
        ("Home", "/tools/doorstep/"),
        ("Profile", "/tools/doorstep/profile"),
    ] {
        let element = world.find(&format!("nav a[href='{href}']")).await;
        assert_eq!(element.text().await.expect("link text"), link);
    }
    world.go_to_amazon().await;
    let authorize = world.url().await;
    let redirect = world.redirect_uri_parameter();
    assert!(
        authorize.contains(&redirect) && redirect.ends_with("%2Ftools%2Fdoorstep%2F"),
        "{redirect} in {authorize}"
    );
    world.answer_consent("allow").await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(
        world.url().await,
        world.app("/profile"),
        "back where it started"
    );
    world.click("nav a[href='/tools/doorstep/']").await;
    world.wait_for_url_starting(&world.app("/")).await;
    world.open("/elsewhere").await;
    world.wait_for_text("main h2", "Page not found").await;
    let token = world.assert_session_stored().await;
    world.assert_history_clean(Some(&token)).await;
}
