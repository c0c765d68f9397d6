//! Signing in in a popup window (`"popup": true`): the page stays where it is, with whatever
//! the person had on it, while Amazon's pages open in a window of their own; the answer comes
//! back to the tab that opened it (over a channel named after the sign-in's `state`), and the
//! popup closes itself. What happens when the person closes the popup, cancels, when the popup
//! is blocked, when the opening tab is reloaded or closed meanwhile, when the button is clicked
//! twice, when a response is replayed or arrives from elsewhere, and when Amazon isolates
//! itself from its opener. "Stay signed in": a session that cannot renew itself offers a popup
//! sign-in before it ends. The browsers' popup blockers are on, as in a person's browser: a
//! window opened a moment too late (after an `await`) would be blocked. The first two also run
//! in Firefox, whose popup blocker is stricter.

use std::time::Duration;

use e2e::browser::{Engine, Popups};
use lwa_emulator::Faults;
use serde_json::json;

use crate::world::{AppConfig, Setup, World, short_lived};

/// What the opening tab says while the popup is at Amazon.
const WAITING: &str = "Finish signing in in the Amazon window.";
/// What the opening tab says once the person closed the popup.
const POPUP_CLOSED: &str = "The sign-in window was closed";
/// How long the opening tab may take to notice that the popup was closed (it looks about
/// every half second).
const NOTICE_CLOSED_WITHIN: Duration = Duration::from_secs(5);

/// Leaves a mark on the page, in a variable and in the DOM: a reload would lose both.
const SET_MARKER: &str = "window.__marker = 'kept'; \
    document.documentElement.setAttribute('data-marker', 'kept'); return true;";
const READ_MARKER: &str =
    "return [window.__marker ?? null, document.documentElement.getAttribute('data-marker')];";

/// The app in popup mode, with the implicit grant.
fn popup_config() -> AppConfig {
    AppConfig::Emulator {
        extra: json!({ "popup": true }),
    }
}

/// The app in popup mode, with the code grant and PKCE.
fn popup_code_config() -> AppConfig {
    AppConfig::Emulator {
        extra: json!({ "popup": true, "grant": "code_pkce" }),
    }
}

/// A world whose browser blocks popups as a person's does, in `engine`.
async fn popup_world_in(engine: Engine, faults: Faults, config: AppConfig) -> World {
    World::build(Setup {
        engine,
        popups: Popups::Blocked,
        ..Setup::new(faults, config)
    })
    .await
}

async fn popup_world(faults: Faults, config: AppConfig) -> World {
    popup_world_in(Engine::Chromium, faults, config).await
}

/// Whether the world's app signs in with the code grant.
fn is_code_grant(config: &AppConfig) -> bool {
    matches!(config, AppConfig::Emulator { extra } if extra["grant"] == "code_pkce")
}

async fn set_marker(world: &World) {
    world.run(SET_MARKER).await;
}

/// The page still holds the mark [`set_marker`] left: it was never reloaded.
async fn assert_marker_kept(world: &World) {
    assert_eq!(
        world.run(READ_MARKER).await,
        json!(["kept", "kept"]),
        "the page was not reloaded"
    );
}

/// The browser's popup blocker is on: a window a script opens with no click is blocked.
async fn assert_popup_blocker_on(world: &World) {
    let before = world.windows().await;
    let opened = world
        .run("return window.open('about:blank', '_blank') !== null;")
        .await;
    assert_eq!(
        opened,
        json!(false),
        "the popup blocker let a script open a window"
    );
    assert_eq!(
        world.windows().await.len(),
        before.len(),
        "no window opened"
    );
}

/// While the popup is at Amazon: the opening tab (current) stays on its page and says where to
/// finish, with its button ready.
async fn assert_waiting_for_the_popup(world: &World, address: &str) {
    world.wait_for_text("[role=status]", WAITING).await;
    assert!(
        world
            .find("button.lwa-button")
            .await
            .is_enabled()
            .await
            .expect("enabled?"),
        "the button stays enabled"
    );
    assert_eq!(
        world.url().await,
        address,
        "the opening tab stayed where it was"
    );
}

/// Signed in in the opening tab (current), on `address`, without a reload.
async fn assert_signed_in_in_place(world: &World, address: &str) -> String {
    assert_eq!(
        world.wait_for_text(".profile h2", "Hello").await,
        "Hello, Demo Customer"
    );
    assert_marker_kept(world).await;
    assert_eq!(world.url().await, address, "the tab stayed where it was");
    world.assert_url_clean().await;
    assert!(!world.exists("[role=alert]").await, "no alert");
    world.assert_session_stored().await
}

/// Time left in the session as the profile shows it ("1 min 58 s", "45 s", "expired"), in
/// seconds.
async fn time_left_seconds(world: &World) -> u64 {
    let shown = world.text("[data-field=time-left]").await;
    let words: Vec<&str> = shown.split(' ').collect();
    let mut seconds = 0;
    for pair in words.chunks(2) {
        match pair {
            [number, unit] => {
                let number: u64 = number.parse().unwrap_or_else(|_| panic!("{shown:?}"));
                seconds += number
                    * match *unit {
                        "h" => 3600,
                        "min" => 60,
                        "s" => 1,
                        _ => panic!("time left {shown:?}"),
                    };
            }
            ["expired"] => {}
            _ => panic!("time left {shown:?}"),
        }
    }
    seconds
}

/// Waits at most `within` until `css` contains `expected`; all along, nothing matches `never`.
async fn wait_for_text_while_absent(
    world: &World,
    css: &str,
    expected: &str,
    never: &str,
    within: Duration,
) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        assert!(!world.exists(never).await, "{never:?} showed");
        if world.exists(css).await && world.text(css).await.contains(expected) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{css:?} never said {expected:?}; the page says {:?}",
            world.text("main").await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

// --- Signing in ------------------------------------------------------------------------------

/// The click opens a window of its own (the popup blocker lets it through: it opens while the
/// click is handled) that goes to Amazon; the tab stays on its page, says where to finish, and
/// keeps its button. Allowing there closes the popup, and the tab shows the profile without
/// having been reloaded: what the person had on the page is still there, at the same address,
/// which never held the answer.
async fn a_popup_sign_in_shows_the_profile_in_the_page_as_it_was(
    engine: Engine,
    config: AppConfig,
) {
    let code = is_code_grant(&config);
    let world = popup_world_in(engine, Faults::default(), config).await;
    world.open("/profile").await;
    world
        .wait_for_text("[role=status]", "You are not signed in.")
        .await;
    assert_popup_blocker_on(&world).await;
    set_marker(&world).await;
    let address = world.url().await;

    let (opener, popup) = world.open_popup().await;
    assert_eq!(
        world.run("return window.opener !== null;").await,
        json!(true),
        "a popup of the tab"
    );
    let authorize = world.url().await;
    let response_type = if code {
        "response_type=code"
    } else {
        "response_type=token"
    };
    for expected in [response_type, "state=", &world.redirect_uri_parameter()] {
        assert!(authorize.contains(expected), "{expected} in {authorize}");
    }
    world.switch_to(&opener).await;
    assert_waiting_for_the_popup(&world, &address).await;
    assert_eq!(world.windows().await.len(), 2, "the tab and the popup");

    world.answer_in_popup("allow", &popup, &opener).await;
    let token = assert_signed_in_in_place(&world, &address).await;
    assert_eq!(world.text("[data-field=name]").await, "Demo Customer");
    assert_eq!(world.windows().await, [opener], "only the tab is left");
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1);
    assert_eq!(
        world.emulator.token_requests("authorization_code"),
        usize::from(code),
        "a code is exchanged once"
    );
    world.assert_no_panic().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn implicit_a_popup_sign_in_shows_the_profile_in_the_page_as_it_was() {
    a_popup_sign_in_shows_the_profile_in_the_page_as_it_was(Engine::Chromium, popup_config()).await;
}

#[tokio::test]
async fn code_grant_a_popup_sign_in_shows_the_profile_in_the_page_as_it_was() {
    a_popup_sign_in_shows_the_profile_in_the_page_as_it_was(Engine::Chromium, popup_code_config())
        .await;
}

#[tokio::test]
async fn firefox_a_popup_sign_in_shows_the_profile_in_the_page_as_it_was() {
    a_popup_sign_in_shows_the_profile_in_the_page_as_it_was(Engine::Firefox, popup_code_config())
        .await;
}

// --- The person closes the popup, or cancels ---------------------------------------------------

/// The person closes the popup: the tab notices within moments, says so, and offers to sign in
/// again; a new popup then signs in.
async fn closing_the_popup_says_so_and_a_new_popup_signs_in(engine: Engine, config: AppConfig) {
    let world = popup_world_in(engine, Faults::default(), config).await;
    world.open("/").await;
    set_marker(&world).await;
    let address = world.url().await;
    let (opener, popup) = world.open_popup().await;
    world.close_window(&popup, &opener).await;
    world
        .wait_for_text_within("[role=alert]", POPUP_CLOSED, NOTICE_CLOSED_WITHIN)
        .await;
    // Its way on, as after any failed sign-in: "Sign in again", which opens a new popup.
    let again = "[role=alert] button.action";
    assert_eq!(world.text(again).await, "Sign in again");
    assert!(
        world
            .find(again)
            .await
            .is_enabled()
            .await
            .expect("enabled?"),
        "the button is ready"
    );
    assert!(!world.exists(".profile").await);
    assert!(world.stored_token().await.is_none(), "no session");
    assert_marker_kept(&world).await;

    let (opener, popup) = world.open_popup_with(again).await;
    world.answer_in_popup("allow", &popup, &opener).await;
    assert_signed_in_in_place(&world, &address).await;
    assert_eq!(world.emulator.requests_to("/ap/oa"), 2);
    world.assert_no_panic().await;
}

#[tokio::test]
async fn implicit_closing_the_popup_says_so_and_a_new_popup_signs_in() {
    closing_the_popup_says_so_and_a_new_popup_signs_in(Engine::Chromium, popup_config()).await;
}

#[tokio::test]
async fn code_grant_closing_the_popup_says_so_and_a_new_popup_signs_in() {
    closing_the_popup_says_so_and_a_new_popup_signs_in(Engine::Chromium, popup_code_config()).await;
}

#[tokio::test]
async fn firefox_closing_the_popup_says_so_and_a_new_popup_signs_in() {
    closing_the_popup_says_so_and_a_new_popup_signs_in(Engine::Firefox, popup_config()).await;
}

/// Cancelling at Amazon (access_denied): the popup closes itself, and the tab says the person
/// cancelled, as after a redirect sign-in; nothing is exchanged.
async fn cancelling_in_the_popup_closes_it_and_says_so(config: AppConfig) {
    let world = popup_world(Faults::default(), config).await;
    world.open("/").await;
    set_marker(&world).await;
    let (opener, popup) = world.open_popup().await;
    world.answer_in_popup("cancel", &popup, &opener).await;
    world
        .assert_refused("You cancelled sign-in. Sign in again whenever you are ready.")
        .await;
    assert_marker_kept(&world).await;
    assert_eq!(world.text("[role=alert] button").await, "Sign in again");
    assert_eq!(world.emulator.requests_to("/auth/o2/token"), 0);
    world.assert_no_panic().await;
}

#[tokio::test]
async fn implicit_cancelling_in_the_popup_closes_it_and_says_so() {
    cancelling_in_the_popup_closes_it_and_says_so(popup_config()).await;
}

#[tokio::test]
async fn code_grant_cancelling_in_the_popup_closes_it_and_says_so() {
    cancelling_in_the_popup_closes_it_and_says_so(popup_code_config()).await;
}

// --- A blocked popup, a reloaded or closed opening tab, a second click --------------------------

/// When the browser blocks the popup (`window.open` gives nothing), the tab signs in the way it
/// does without popup mode: it goes to Amazon itself, and comes back signed in.
async fn a_blocked_popup_signs_in_in_the_tab_instead(config: AppConfig) {
    let world = popup_world(Faults::default(), config).await;
    world.open("/profile").await;
    world
        .wait_for_text("[role=status]", "You are not signed in.")
        .await;
    world.run("window.open = () => null; return true;").await;
    world.go_to_amazon().await;
    assert_eq!(world.windows().await.len(), 1, "no popup");
    world.answer_consent("allow").await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(
        world.url().await,
        world.app("/profile"),
        "back where it started"
    );
    world.assert_url_clean().await;
    let token = world.assert_session_stored().await;
    world.assert_no_panic().await;
    world.assert_history_clean(Some(&token)).await;
}

#[tokio::test]
async fn implicit_a_blocked_popup_signs_in_in_the_tab_instead() {
    a_blocked_popup_signs_in_in_the_tab_instead(popup_config()).await;
}

#[tokio::test]
async fn code_grant_a_blocked_popup_signs_in_in_the_tab_instead() {
    a_blocked_popup_signs_in_in_the_tab_instead(popup_code_config()).await;
}

/// The opening tab is reloaded while the popup is at Amazon: the reloaded page still takes the
/// answer, the popup closes itself, and the tab shows the profile.
async fn a_reloaded_opening_tab_still_takes_the_answer(config: AppConfig) {
    let code = is_code_grant(&config);
    let world = popup_world(Faults::default(), config).await;
    world.open("/").await;
    let (opener, popup) = world.open_popup().await;
    world.switch_to(&opener).await;
    world.browser.client.refresh().await.expect("reload");
    world.find("button.lwa-button").await;
    world.answer_in_popup("allow", &popup, &opener).await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    assert_eq!(world.url().await, world.app("/"));
    world.assert_url_clean().await;
    assert!(!world.exists("[role=alert]").await, "no alert");
    world.assert_session_stored().await;
    assert_eq!(
        world.emulator.token_requests("authorization_code"),
        usize::from(code)
    );
    world.assert_no_panic().await;
}

#[tokio::test]
async fn implicit_a_reloaded_opening_tab_still_takes_the_answer() {
    a_reloaded_opening_tab_still_takes_the_answer(popup_config()).await;
}

#[tokio::test]
async fn code_grant_a_reloaded_opening_tab_still_takes_the_answer() {
    a_reloaded_opening_tab_still_takes_the_answer(popup_code_config()).await;
}

/// The opening tab is closed while the popup is at Amazon: allowing there leads nowhere. The
/// popup stays open and says no tab is waiting; the code is never exchanged, and the popup's
/// address keeps no answer.
async fn with_the_opening_tab_closed_the_popup_says_no_tab_is_waiting(config: AppConfig) {
    let world = popup_world(Faults::default(), config).await;
    world.open("/").await;
    let (opener, popup) = world.open_popup().await;
    world.close_window(&opener, &popup).await;
    world.answer_consent("allow").await;
    world
        .wait_for_text("[role=alert]", "No tab is waiting for this sign-in")
        .await;
    assert_eq!(world.windows().await, [popup], "the popup stays open");
    assert_eq!(
        world.emulator.requests_to("/auth/o2/token"),
        0,
        "nothing is exchanged"
    );
    assert!(!world.exists(".profile").await);
    world.assert_url_clean().await;
    world.assert_no_panic().await;
}

#[tokio::test]
async fn implicit_with_the_opening_tab_closed_the_popup_says_no_tab_is_waiting() {
    with_the_opening_tab_closed_the_popup_says_no_tab_is_waiting(popup_config()).await;
}

#[tokio::test]
async fn code_grant_with_the_opening_tab_closed_the_popup_says_no_tab_is_waiting() {
    with_the_opening_tab_closed_the_popup_says_no_tab_is_waiting(popup_code_config()).await;
}

/// A second click while the popup is open opens no second window and does not send the popup
/// to Amazon again: the same popup, still on the same page, then signs in.
#[tokio::test]
async fn a_second_click_while_the_popup_is_open_opens_no_second_window() {
    let world = popup_world(Faults::default(), popup_config()).await;
    world.open("/").await;
    set_marker(&world).await;
    let address = world.url().await;
    let (opener, popup) = world.open_popup().await;
    set_marker(&world).await;
    world.switch_to(&opener).await;
    world.wait_for_text("[role=status]", WAITING).await;
    world.click("button.lwa-button").await;
    // A second window would open while the click is handled: a second is ample.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    while tokio::time::Instant::now() < deadline {
        assert_eq!(world.windows().await.len(), 2, "no second popup");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_waiting_for_the_popup(&world, &address).await;
    assert_eq!(
        world.emulator.requests_to("/ap/oa"),
        1,
        "one trip to Amazon"
    );
    world.switch_to(&popup).await;
    assert_marker_kept(&world).await;
    world.find("form[action='/ap/oa/consent']").await;
    world.answer_in_popup("allow", &popup, &opener).await;
    assert_signed_in_in_place(&world, &address).await;
    world.assert_no_panic().await;
}

// --- Replayed and foreign answers -------------------------------------------------------------

/// Once a popup sign-in is done, its answer's address opened again in a tab of its own (the
/// popup's `state`, any code) is a sign-in that tab did not start: after asking whether a tab
/// is waiting for that `state` (none is any more), it is ignored, and nothing is exchanged. The
/// tab that signed in stays signed in.
#[tokio::test]
async fn a_replayed_answer_in_a_new_tab_is_ignored_and_the_session_stays() {
    let world = popup_world(Faults::default(), popup_code_config()).await;
    world.open("/").await;
    let (opener, popup) = world.open_popup().await;
    let state = world.pending_state().await;
    world.answer_in_popup("allow", &popup, &opener).await;
    assert_eq!(
        world.wait_for_text(".profile h2", "Hello").await,
        "Hello, Demo Customer"
    );
    let token = world.assert_session_stored().await;

    let replay = format!(
        "{}?code=ANreplayedCode&scope=profile&state={state}",
        world.site.url
    );
    world.open_in_new_tab(&replay).await;
    world.assert_ignored().await;
    assert!(
        world
            .text("[role=status]")
            .await
            .contains("You are not signed in."),
        "signed out in the new tab"
    );
    assert_eq!(
        world.emulator.requests_to("/auth/o2/token"),
        1,
        "only the popup's code was exchanged"
    );
    world.switch_to(&opener).await;
    world.assert_calmly_signed_in().await;
    assert_eq!(
        world.assert_session_stored().await,
        token,
        "the same session"
    );
    world.assert_no_panic().await;
}

/// While a popup sign-in is pending, an answer with some other `state` opened in another tab is
/// ignored there, and the pending sign-in is undisturbed: allowing in the popup signs in.
#[tokio::test]
async fn a_foreign_answer_in_another_tab_does_not_disturb_a_pending_popup_sign_in() {
    let world = popup_world(Faults::default(), popup_code_config()).await;
    world.open("/").await;
    set_marker(&world).await;
    let address = world.url().await;
    let (opener, popup) = world.open_popup().await;
    let foreign = format!(
        "{}?code=ANforeignCode&scope=profile&state=ForeignStateForeignStateForeignStateForeign",
        world.site.url
    );
    let other = world.open_in_new_tab(&foreign).await;
    world.assert_ignored().await;
    world.switch_to(&opener).await;
    assert_waiting_for_the_popup(&world, &address).await;
    world.answer_in_popup("allow", &popup, &opener).await;
    assert_signed_in_in_place(&world, &address).await;
    assert_eq!(
        world.emulator.requests_to("/auth/o2/token"),
        1,
        "only the popup's code was exchanged"
    );
    world.switch_to(&other).await;
    assert!(
        !world.exists(".profile").await,
        "the other tab is not signed in"
    );
    world.assert_no_panic().await;
}

// --- Amazon isolating itself --------------------------------------------------------------------

/// Amazon's pages send `Cross-Origin-Opener-Policy: same-origin`, cutting the popup off from its
/// opener (and making the tab's handle on it read as closed): the answer still reaches the tab,
/// which never says the window was closed.
async fn an_amazon_isolated_from_its_opener_still_signs_in(config: AppConfig) {
    let faults = Faults {
        opener_policy_same_origin: true,
        ..Faults::default()
    };
    let world = popup_world(faults, config).await;
    world.open("/").await;
    set_marker(&world).await;
    let address = world.url().await;
    let (opener, popup) = world.open_popup().await;
    assert_eq!(
        world.run("return window.opener === null;").await,
        json!(true),
        "Amazon's policy cut the popup off from the tab"
    );
    world.click_in_closing_window("button[value='allow']").await;
    world.switch_to(&opener).await;
    assert_signed_in_in_place(&world, &address).await;
    assert!(
        !world.text("main").await.contains(POPUP_CLOSED),
        "the tab never thought the popup was closed"
    );
    world.assert_no_panic().await;
    // Cut off from its opener, the popup still closes itself.
    world
        .wait_until_window_closed(&popup, NOTICE_CLOSED_WITHIN)
        .await;
}

#[tokio::test]
async fn implicit_an_amazon_isolated_from_its_opener_still_signs_in() {
    an_amazon_isolated_from_its_opener_still_signs_in(popup_config()).await;
}

#[tokio::test]
async fn code_grant_an_amazon_isolated_from_its_opener_still_signs_in() {
    an_amazon_isolated_from_its_opener_still_signs_in(popup_code_config()).await;
}

// --- Stay signed in -------------------------------------------------------------------------

/// No refresh token: the session ends when its access token does.
fn without_refresh_token(seconds: u64) -> Faults {
    short_lived(
        seconds,
        Faults {
            no_refresh_token: true,
            ..Faults::default()
        },
    )
}

/// "Stay signed in" while it is offered (the profile card keeps it, `hidden`, until then).
const SHOWN_NOTICE: &str = ".stay-signed-in:not([hidden])";

/// A session that cannot renew itself (130 s: "Stay signed in" is offered with 120 s left)
/// offers it; the popup it opens signs in again, and the page, with its mark, keeps going with
/// a new session and more time.
async fn stay_signed_in_renews_the_session_in_a_popup(config: AppConfig) {
    let code = is_code_grant(&config);
    let world = popup_world(without_refresh_token(130), config).await;
    world.open("/").await;
    world.sign_in_in_popup().await;
    let first = world.assert_session_stored().await;
    assert_eq!(world.session_field("refresh_token").await, None);
    set_marker(&world).await;
    world.find(SHOWN_NOTICE).await;
    assert_eq!(
        world.text("button.stay-signed-in-renew").await,
        "Stay signed in"
    );
    assert_eq!(world.text("button.stay-signed-in-dismiss").await, "Not now");
    let before = time_left_seconds(&world).await;
    assert!(before <= 120, "offered with {before} s left");

    let (opener, popup) = world.open_popup_with("button.stay-signed-in-renew").await;
    world.answer_in_popup("allow", &popup, &opener).await;
    let renewed = world.wait_for_new("access_token", Some(&first)).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while world.exists(SHOWN_NOTICE).await {
        assert!(tokio::time::Instant::now() < deadline, "the notice stayed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let after = time_left_seconds(&world).await;
    assert!(
        after > 120,
        "{after} s left after renewing ({before} s before)"
    );
    assert_marker_kept(&world).await;
    world.assert_calmly_signed_in().await;
    assert_eq!(world.assert_session_stored().await, renewed);
    world.assert_url_clean().await;
    assert_eq!(world.emulator.requests_to("/ap/oa"), 2);
    assert_eq!(
        world.emulator.requests_to("/auth/o2/token"),
        if code { 2 } else { 0 }
    );
    world.assert_no_panic().await;
}

#[tokio::test]
async fn code_grant_stay_signed_in_renews_the_session_in_a_popup() {
    stay_signed_in_renews_the_session_in_a_popup(popup_code_config()).await;
}

#[tokio::test]
async fn implicit_stay_signed_in_renews_the_session_in_a_popup() {
    stay_signed_in_renews_the_session_in_a_popup(popup_config()).await;
}

/// "Not now" hides the notice for good, and the session ends at expiry as it always did.
#[tokio::test]
async fn dismissing_stay_signed_in_lets_the_session_end_at_expiry() {
    let world = popup_world(without_refresh_token(25), popup_code_config()).await;
    world.open("/").await;
    world.sign_in_in_popup().await;
    world.find(SHOWN_NOTICE).await;
    world.click("button.stay-signed-in-dismiss").await;
    wait_for_text_while_absent(
        &world,
        "[role=alert]",
        "Your session expired. Sign in again to continue.",
        SHOWN_NOTICE,
        Duration::from_secs(35),
    )
    .await;
    assert!(!world.exists(".profile").await);
    assert_eq!(world.windows().await.len(), 1, "no popup");
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1);
    world.assert_storage_empty().await;
    world.assert_no_panic().await;
}

/// Without popup mode, a session that cannot renew itself never offers "Stay signed in": it
/// ends at expiry as it always did.
#[tokio::test]
async fn without_popup_mode_stay_signed_in_is_never_offered() {
    let world = popup_world(without_refresh_token(25), AppConfig::code_grant()).await;
    world.open("/").await;
    world.sign_in().await;
    wait_for_text_while_absent(
        &world,
        "[role=alert]",
        "Your session expired. Sign in again to continue.",
        SHOWN_NOTICE,
        Duration::from_secs(35),
    )
    .await;
    world.assert_storage_empty().await;
    world.assert_no_panic().await;
}
