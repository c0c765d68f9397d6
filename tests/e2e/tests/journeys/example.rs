//! The Basket example (`examples/basket`), a second app built only on the library's public API,
//! against the emulator in both grants: a basket filled before signing in survives the trip to
//! Amazon (as app state) and a renewal, the checkout only a signed-in person sees reads the
//! profile with the authorized call, which renews once when Amazon refuses the access token,
//! and signing out hides the checkout.

use std::time::Duration;

use lwa_emulator::{
    ApiEndpoint, CannedAnswer, Delivery, Faults, ProfileFailure, REDIRECT_TARGET_PATH,
};

use crate::world::{AppConfig, Build, Setup, World, short_lived};

/// The example, served like the app, with `faults` and `config`.
async fn basket(faults: Faults, config: AppConfig) -> World {
    World::build(Setup {
        build: Build::Example("basket"),
        ..Setup::new(faults, config)
    })
    .await
}

/// Adds `item` to the basket with the form.
async fn add(world: &World, item: &str) {
    let input = world.find("#item").await;
    input.send_keys(item).await.expect("type the item");
    world.click("form button[type=submit]").await;
    world.wait_for_text(".items", item).await;
}

/// The items in the basket, in order.
async fn items(world: &World) -> Vec<String> {
    let value = world
        .run("return [...document.querySelectorAll('.items .item')].map((item) => item.textContent);")
        .await;
    serde_json::from_value(value).expect("a list of items")
}

/// Fills the basket, signs in from the example's panel, and waits for the checkout to show who
/// is buying; checks that the basket went nowhere but the tab.
async fn fill_and_sign_in(world: &World) {
    world.open("/").await;
    world.find("button.lwa-button").await;
    add(world, "tea").await;
    add(world, "milk & honey").await;
    world.go_to_amazon().await;
    let at_amazon = world.url().await;
    assert!(
        !at_amazon.contains("tea") && !at_amazon.contains("honey"),
        "the basket is not sent to Amazon: {at_amazon}"
    );
    world.answer_consent("allow").await;
    world
        .wait_for_text(".checkout [data-field=name]", "Demo Customer")
        .await;
}

/// The calls to the profile API so far, once there are at least `count` (or 20 s passed).
async fn profile_calls_once(world: &World, count: usize) -> usize {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let calls = world.emulator.requests_to("/user/profile");
        if calls >= count || tokio::time::Instant::now() > deadline {
            // A moment more, so that a call too many would be counted too.
            tokio::time::sleep(Duration::from_millis(500)).await;
            return world.emulator.requests_to("/user/profile");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn the_basket_survives_signing_in_and_the_checkout_reads_the_profile(config: AppConfig) {
    let world = basket(Faults::default(), config).await;
    fill_and_sign_in(&world).await;
    assert_eq!(items(&world).await, ["tea", "milk & honey"]);
    // The sign-in's own check, then the checkout's authorized call.
    assert_eq!(world.emulator.requests_to("/user/profile"), 2);
    let storage = world.session_storage().await;
    assert!(
        !storage.contains_key("doorstep.app_state"),
        "the app state is taken once: {storage:?}"
    );
    // Signing out hides the checkout; the basket stays.
    world.click(".checkout button.secondary").await;
    world.find("button.lwa-button").await;
    assert!(!world.exists(".checkout").await, "the checkout is hidden");
    assert_eq!(items(&world).await, ["tea", "milk & honey"]);
    world.assert_no_panic().await;
}

#[tokio::test]
async fn example_implicit_the_basket_survives_signing_in_and_signing_out_hides_the_checkout() {
    the_basket_survives_signing_in_and_the_checkout_reads_the_profile(AppConfig::emulator()).await;
}

#[tokio::test]
async fn example_code_grant_the_basket_survives_signing_in_and_signing_out_hides_the_checkout() {
    the_basket_survives_signing_in_and_the_checkout_reads_the_profile(AppConfig::code_grant())
        .await;
}

#[tokio::test]
async fn example_code_grant_the_basket_and_the_checkout_survive_a_renewal() {
    let world = basket(short_lived(6, Faults::default()), AppConfig::code_grant()).await;
    fill_and_sign_in(&world).await;
    let token = world.stored_token().await;
    world.wait_for_new("access_token", token.as_deref()).await;
    assert_eq!(world.emulator.token_requests("refresh_token"), 1);
    assert_eq!(items(&world).await, ["tea", "milk & honey"]);
    assert!(
        world
            .text(".checkout [data-field=name]")
            .await
            .contains("Demo Customer"),
        "the checkout stays"
    );
    world.assert_no_panic().await;
}

#[tokio::test]
async fn example_code_grant_a_refused_access_token_renews_once_and_the_call_succeeds() {
    let world = basket(Faults::default(), AppConfig::code_grant()).await;
    fill_and_sign_in(&world).await;
    let token = world.stored_token().await;
    let profile_calls = world.emulator.requests_to("/user/profile");
    // Amazon's clock moves past the access token's hour: it is refused (401), while the page,
    // whose clock did not move, still thinks it good.
    world.emulator.advance_clock(Duration::from_secs(2 * 3600));
    world.click(".checkout button:not(.secondary)").await;
    world.wait_for_new("access_token", token.as_deref()).await;
    let calls = profile_calls_once(&world, profile_calls + 2).await;
    assert_eq!(calls, profile_calls + 2, "refused, then tried once more");
    world
        .wait_for_text(".checkout [data-field=name]", "Demo Customer")
        .await;
    assert_eq!(
        world.emulator.token_requests("refresh_token"),
        1,
        "renewed once"
    );
    assert!(
        !world.exists(".checkout [role=alert]").await,
        "no problem shown"
    );
    assert_eq!(items(&world).await, ["tea", "milk & honey"]);
    world.assert_no_panic().await;
}

#[tokio::test]
async fn example_implicit_a_refused_access_token_ends_the_session_and_the_basket_stays() {
    let world = basket(Faults::default(), AppConfig::emulator()).await;
    fill_and_sign_in(&world).await;
    world.emulator.advance_clock(Duration::from_secs(2 * 3600));
    world.click(".checkout button:not(.secondary)").await;
    // No refresh token to renew with: the token is known bad, so the session ends (as when the
    // sign-in's own check is refused), with its message; the basket is the page's own.
    world
        .wait_for_text("[role=alert]", "no longer accepts your sign-in")
        .await;
    assert!(!world.exists(".checkout").await, "the checkout is hidden");
    assert_eq!(world.emulator.token_requests("refresh_token"), 0);
    assert!(world.stored_token().await.is_none(), "nothing kept");
    assert_eq!(items(&world).await, ["tea", "milk & honey"]);
    world.assert_no_panic().await;
}

#[tokio::test]
async fn example_code_grant_a_token_refused_again_after_renewing_ends_the_session() {
    // Amazon's profile API refuses every access token: the call renews once, is refused again,
    // and ends the session instead of spending refresh tokens call after call.
    let world = basket(Faults::default(), AppConfig::code_grant()).await;
    fill_and_sign_in(&world).await;
    world.emulator.set_faults(Faults {
        profile_failure: Some(ProfileFailure::Unauthorized),
        ..Faults::default()
    });
    world.click(".checkout button:not(.secondary)").await;
    world
        .wait_for_text("[role=alert]", "no longer accepts your sign-in")
        .await;
    assert!(!world.exists(".checkout").await, "the checkout is hidden");
    assert_eq!(
        world.emulator.token_requests("refresh_token"),
        1,
        "one refresh token spent"
    );
    assert_eq!(items(&world).await, ["tea", "milk & honey"]);
    world.assert_no_panic().await;
}

/// From now on, Amazon's profile API answers `status` with `body`, and a `Location` if given.
fn profile_answers(world: &World, status: u16, body: String, location: Option<String>) {
    world.emulator.set_faults(Faults {
        canned_answer: Some(CannedAnswer {
            endpoint: ApiEndpoint::Profile,
            status,
            content_type: "application/json",
            body,
            location,
            delivery: Delivery::Whole,
        }),
        ..Faults::default()
    });
}

#[tokio::test]
async fn example_the_authorized_call_never_follows_a_redirect() {
    let world = basket(Faults::default(), AppConfig::emulator()).await;
    fill_and_sign_in(&world).await;
    let target = format!("{}{REDIRECT_TARGET_PATH}", world.emulator.base_url());
    profile_answers(&world, 307, String::new(), Some(target));
    world.click(".checkout button:not(.secondary)").await;
    world
        .wait_for_text(".checkout [role=alert]", "could not answer this request")
        .await;
    assert_eq!(
        world.emulator.requests_to(REDIRECT_TARGET_PATH),
        0,
        "the token went nowhere else"
    );
    assert!(
        world.stored_token().await.is_some(),
        "a failed call keeps the session"
    );
    world.assert_no_panic().await;
}

#[tokio::test]
async fn example_the_authorized_call_never_answers_from_the_http_cache() {
    // Amazon's answers say they may be cached for an hour: each call must still reach it.
    let faults = Faults {
        cacheable_answers: true,
        ..Faults::default()
    };
    let world = basket(faults, AppConfig::emulator()).await;
    fill_and_sign_in(&world).await;
    let before = world.emulator.requests_to("/user/profile");
    for again in 1..=2 {
        world.click(".checkout button:not(.secondary)").await;
        assert_eq!(
            profile_calls_once(&world, before + again).await,
            before + again,
            "call {again} reached Amazon"
        );
    }
    world.assert_no_panic().await;
}

#[tokio::test]
async fn example_the_authorized_call_refuses_an_oversized_answer() {
    let world = basket(Faults::default(), AppConfig::emulator()).await;
    fill_and_sign_in(&world).await;
    let name = "x".repeat(70_000);
    profile_answers(&world, 200, format!("{{\"name\": \"{name}\"}}"), None);
    world.click(".checkout button:not(.secondary)").await;
    world
        .wait_for_text(".checkout [role=alert]", "could not answer this request")
        .await;
    assert!(
        world.stored_token().await.is_some(),
        "a failed call keeps the session"
    );
    world.assert_no_panic().await;
}

#[tokio::test]
async fn example_code_grant_the_basket_survives_going_back_from_amazon_and_forward_again() {
    let world = basket(Faults::default(), AppConfig::code_grant()).await;
    world.open("/").await;
    world.find("button.lwa-button").await;
    add(&world, "tea").await;
    world.go_to_amazon().await;
    // Back without answering, then a reload (so that the page starts again rather than come
    // back from the back/forward cache): the basket is there, and the sign-in still under way.
    world.go_back().await;
    world.find("button.lwa-button").await;
    world.browser.client.refresh().await.expect("reload");
    world.wait_for_text(".items", "tea").await;
    assert_eq!(items(&world).await, ["tea"]);
    world
        .browser
        .client
        .forward()
        .await
        .expect("forward to Amazon");
    world.find("form[action='/ap/oa/consent']").await;
    world.answer_consent("allow").await;
    world
        .wait_for_text(".checkout [data-field=name]", "Demo Customer")
        .await;
    assert_eq!(items(&world).await, ["tea"], "still there after signing in");
    world.assert_no_panic().await;
}
