//! Copies of a tab that share a session (a window the app opened starts with a copy of its
//! sessionStorage, like a duplicated tab), with the code grant, refresh-token rotation and an
//! Amazon that revokes every token of a sign-in when a retired refresh token comes back (RFC
//! 9700 §4.14.2). A copy that was away comes back without ever presenting a retired token; a
//! sign-out reaches a copy that was away; another page of the origin that listens to and
//! replays every message learns no token and changes nothing; Amazon's refusal ends every copy.
//! The first three run in Chromium and in Firefox.

use std::time::Duration;

use e2e::browser::Engine;
use fantoccini::wd::WindowHandle;
use lwa_emulator::Faults;
use serde_json::Value;

use crate::world::{AppConfig, Setup, World, short_lived};

/// A script that runs first on each of the app's pages: notes each time the page is shown,
/// hidden or left (also into and out of the back/forward cache) and whether a profile is in it
/// then, and each time a profile appears or goes.
macro_rules! watch_profile {
    () => {
        r#"(() => {
  const seen = (window.doorstepSeen = []);
  const note = (what) => seen.push(`${what} ${!!document.querySelector(".profile")}`);
  addEventListener("pageshow", (event) => note(`pageshow ${event.persisted}`));
  addEventListener("pagehide", () => note("pagehide"));
  document.addEventListener("visibilitychange", () => note(`visible ${!document.hidden}`));
  new MutationObserver(() => {
    const shown = !!document.querySelector(".profile");
    const last = seen[seen.length - 1];
    if (shown && last !== "profile") seen.push("profile");
    if (!shown && last === "profile") seen.push("no profile");
  }).observe(document, { childList: true, subtree: true });
})();"#
    };
}

const WATCH_PROFILE: &str = watch_profile!();
/// [`WATCH_PROFILE`], on pages without Web Locks.
const WATCH_PROFILE_WITHOUT_WEB_LOCKS: &str =
    concat!("delete Navigator.prototype.locks;", watch_profile!());

/// Another app of the same origin, in a tab of its own: it listens on every channel name it
/// can guess; replays every message at once, and every second every message it ever heard,
/// the oldest last (so older generations come back after newer ones); writes each note it saw back later (a
/// rollback); takes every Web Lock it can see or guess and never lets go; and on `attack()`
/// forges sign-outs in every shape it can think of.
const OTHER_PAGE_LISTENS: &str = r#"
const spy = (window.doorstepSpy = { heard: [], channels: [], notes: [], locks: new Set() });
const names = ["doorstep.sessions", "doorstep", "doorstep.session", "doorstep.session.amzn1.application-oa2-client.d00257e9c0ffee00d00257e9c0ffee00"];
for (const name of names) {
  const channel = new BroadcastChannel(name);
  spy.channels.push(channel);
  channel.onmessage = (event) => {
    spy.heard.push(String(event.data));
    channel.postMessage(event.data);
  };
}
const hold = (name) => {
  if (spy.locks.has(name)) return;
  spy.locks.add(name);
  navigator.locks.request(name, () => new Promise(() => {}));
};
setInterval(async () => {
  // Newest first, so that what arrives last is the oldest news.
  const replay = [...spy.heard].reverse();
  for (const channel of spy.channels) for (const text of replay) channel.postMessage(text);
  for (const key of Object.keys(localStorage)) {
    const value = localStorage.getItem(key);
    if (key.startsWith("doorstep.") && !spy.notes.some(([k, v]) => k === key && v === value)) spy.notes.push([key, value]);
  }
  const oldest = spy.notes[0];
  if (oldest) localStorage.setItem(oldest[0], oldest[1]);
  const { held = [], pending = [] } = await navigator.locks.query();
  for (const lock of [...held, ...pending]) if (lock.name.startsWith("doorstep")) hold(lock.name);
  for (const text of spy.heard) hold(`doorstep.renewal.${text.split(" ")[0]}`);
}, 1000);
spy.attack = () => {
  const ids = new Set(spy.heard.map((text) => text.split(" ")[0]));
  for (const channel of spy.channels) {
    for (const id of ids) {
      for (const forged of [`ended ${id}`, `${id} ended 99 signed_out`, `${id} ${btoa("ended 99 signed_out")}`,
                            `renewed id=${id}&generation=99&access_token=Atza%7Cforged`, `${id} ask 1`]) {
        channel.postMessage(forged);
      }
    }
  }
  for (const id of ids) localStorage.setItem(`doorstep.note.${id}.ended`, `${Date.now()} ${"A".repeat(80)}`);
  return { sessions: ids.size, locks: spy.locks.size };
};
return true;
"#;

/// Rotation, and a retired refresh token revoking every token of its sign-in; access tokens
/// live `seconds`. The token endpoint is slow, so that while one copy's renewal is in flight,
/// the clock of another copy says it is due too: only the Web Lock (or, without it, the claims
/// on the channel) keeps the second from presenting the same refresh token.
fn rotating(seconds: u64) -> Faults {
    short_lived(
        seconds,
        Faults {
            rotate_refresh_tokens: true,
            revoke_family_on_reuse: true,
            token_delay: Duration::from_millis(1500),
            ..Faults::default()
        },
    )
}

async fn code_grant_world(engine: Engine, faults: Faults, first_script: &'static str) -> World {
    World::build(Setup {
        engine,
        first_script: Some(first_script),
        ..Setup::new(faults, AppConfig::code_grant())
    })
    .await
}

/// Signs in from `/`, then opens a copy in a new tab; returns the first tab and the copy (the
/// one now in front), both signed in.
async fn signed_in_with_a_copy(world: &World) -> (WindowHandle, WindowHandle) {
    world.open("/").await;
    world.sign_in().await;
    let tabs = world.open_copy_in_new_tab().await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    world.assert_session_stored().await;
    tabs
}

/// Leaves the app for another site in this tab (its sessionStorage stays with it).
async fn step_away(world: &World) {
    world
        .run("window.doorstepStayed = true; return true;")
        .await;
    world.step_away_for(Duration::ZERO).await;
}

/// Comes back with Back, and says how: from the back/forward cache (the page never stopped),
/// or loaded again.
async fn come_back(world: &World) -> &'static str {
    world.go_back().await;
    world.find("main").await;
    let why = world
        .run("return JSON.stringify(performance.getEntriesByType('navigation')[0]?.notRestoredReasons ?? null);")
        .await;
    println!("not restored because {why}");
    match world.run("return window.doorstepStayed === true;").await {
        Value::Bool(true) => "from the back/forward cache",
        _ => "loaded again",
    }
}

/// What [`WATCH_PROFILE`] noted on the page.
async fn profile_seen(world: &World) -> Vec<String> {
    serde_json::from_value(world.run("return window.doorstepSeen;").await)
        .expect("the page's notes")
}

/// Since the page was last left (or since it loaded), no profile was in it: not when it came
/// back (from the back/forward cache, the first moment is a `visibilitychange`, before
/// `pageshow`), and none appeared since.
async fn assert_no_profile_since_shown(world: &World) {
    let seen = profile_seen(world).await;
    let since = seen
        .iter()
        .rposition(|entry| entry.starts_with("pagehide"))
        .map_or(0, |left| left + 1);
    assert!(
        seen[since..]
            .iter()
            .all(|entry| entry.ends_with("false") && entry != "profile"),
        "a profile was shown after the page came back: {seen:?}"
    );
}

/// With `notes_wiped`, another page of the origin deletes the origin's notes while the copy
/// is away: then the open copy's answer to the question a copy asks before it renews is what
/// keeps it from presenting its retired refresh token.
async fn a_copy_away_during_a_rotated_renewal_comes_back_and_nobody_is_signed_out(
    engine: Engine,
    first_script: &'static str,
    notes_wiped: bool,
) {
    let world = code_grant_world(engine, rotating(8), first_script).await;
    let (first, copy) = signed_in_with_a_copy(&world).await;
    let generation_1 = world.session_field("refresh_token").await;
    step_away(&world).await;
    // While the copy is away, the first tab renews: rotation retires the copy's refresh token.
    world.switch_to(&first).await;
    let generation_2 = world
        .wait_for_new("refresh_token", generation_1.as_deref())
        .await;
    assert_eq!(world.emulator.token_requests("refresh_token"), 1);
    if notes_wiped {
        world.run("localStorage.clear(); return true;").await;
    }
    world.switch_to(&copy).await;
    let how = come_back(&world).await;
    println!("{engine:?}: the copy came back {how}");
    // It learned from the origin's note that a newer generation exists, and got it from the
    // first tab: it holds the same tokens and never presented its retired refresh token.
    let adopted = world
        .wait_for_new("refresh_token", generation_1.as_deref())
        .await;
    assert_eq!(
        adopted, generation_2,
        "the copy holds the newest refresh token"
    );
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    world.assert_calmly_signed_in().await;
    assert_eq!(
        world.session_field("generation").await.as_deref(),
        Some("2")
    );
    assert_eq!(world.emulator.retired_refresh_tokens_presented(), 0);
    assert_eq!(world.emulator.token_requests("refresh_token"), 1);
    assert_eq!(
        world.assert_notes_hold_no_secret().await,
        usize::from(!notes_wiped)
    );
    // The next renewal, with both open: one request between them, and both hold its tokens.
    let generation_3 = world
        .wait_for_new("refresh_token", Some(&generation_2))
        .await;
    world.switch_to(&first).await;
    assert_eq!(
        world
            .wait_for_new("refresh_token", Some(&generation_2))
            .await,
        generation_3
    );
    for tab in [&first, &copy] {
        world.switch_to(tab).await;
        world.assert_calmly_signed_in().await;
        assert_eq!(
            world.session_field("generation").await.as_deref(),
            Some("3")
        );
        world.assert_url_clean().await;
    }
    assert_eq!(world.emulator.token_requests("refresh_token"), 2);
    assert_eq!(world.emulator.retired_refresh_tokens_presented(), 0);
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    assert_eq!(world.assert_notes_hold_no_secret().await, 1);
    world.assert_no_panic().await;
    world.assert_history_clean(None).await;
}

#[tokio::test]
async fn chromium_a_copy_away_during_a_rotated_renewal_comes_back_and_nobody_is_signed_out() {
    a_copy_away_during_a_rotated_renewal_comes_back_and_nobody_is_signed_out(
        Engine::Chromium,
        WATCH_PROFILE,
        false,
    )
    .await;
}

#[tokio::test]
async fn chromium_without_web_locks_a_copy_away_during_a_rotated_renewal_comes_back() {
    a_copy_away_during_a_rotated_renewal_comes_back_and_nobody_is_signed_out(
        Engine::Chromium,
        WATCH_PROFILE_WITHOUT_WEB_LOCKS,
        false,
    )
    .await;
}

#[tokio::test]
async fn chromium_a_copy_away_comes_back_safely_even_if_another_page_deleted_the_notes() {
    a_copy_away_during_a_rotated_renewal_comes_back_and_nobody_is_signed_out(
        Engine::Chromium,
        WATCH_PROFILE,
        true,
    )
    .await;
}

#[tokio::test]
async fn firefox_a_copy_away_during_a_rotated_renewal_comes_back_and_nobody_is_signed_out() {
    a_copy_away_during_a_rotated_renewal_comes_back_and_nobody_is_signed_out(
        Engine::Firefox,
        WATCH_PROFILE,
        false,
    )
    .await;
}

async fn signing_out_reaches_a_copy_that_was_away(engine: Engine) {
    let world = code_grant_world(engine, Faults::default(), WATCH_PROFILE).await;
    world.open("/").await;
    world.sign_in().await;
    let (first, copy) = world.duplicate_in_new_tab().await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    step_away(&world).await;
    world.switch_to(&first).await;
    world.click(".profile button.secondary").await;
    world
        .wait_for_text("[role=status]", "You have signed out.")
        .await;
    world.assert_storage_empty().await;
    world.switch_to(&copy).await;
    let how = come_back(&world).await;
    println!("{engine:?}: the copy came back {how}");
    world
        .wait_for_text("[role=alert]", "because you signed out in another tab")
        .await;
    assert_no_profile_since_shown(&world).await;
    assert!(!world.exists(".profile").await);
    world.assert_storage_empty().await;
    // The note that told it: the session's end, sealed, and no secret.
    assert_eq!(world.assert_notes_hold_no_secret().await, 1);
    assert_eq!(world.emulator.token_requests("refresh_token"), 0);
    assert_eq!(world.emulator.requests_to("/ap/oa"), 1, "no trip to Amazon");
    world.assert_no_panic().await;
    world.assert_signed_out_after_reload().await;
}

#[tokio::test]
async fn chromium_signing_out_reaches_a_copy_that_was_away() {
    signing_out_reaches_a_copy_that_was_away(Engine::Chromium).await;
}

#[tokio::test]
async fn firefox_signing_out_reaches_a_copy_that_was_away() {
    signing_out_reaches_a_copy_that_was_away(Engine::Firefox).await;
}

async fn another_page_of_the_origin_listening_and_replaying_learns_nothing_and_changes_nothing(
    engine: Engine,
) {
    let world = code_grant_world(engine, rotating(6), WATCH_PROFILE).await;
    world.open("/").await;
    world.sign_in().await;
    let app = world.browser.client.window().await.expect("the app's tab");
    let other = world.open_other_page_in_new_tab().await;
    world.run(OTHER_PAGE_LISTENS).await;
    world.switch_to(&app).await;
    let mut held = vec![world.assert_session_stored().await];
    let mut refresh = world.session_field("refresh_token").await;
    // Two renewals while it listens and replays.
    for _ in 0..2 {
        let renewed = world
            .wait_for_new("refresh_token", refresh.as_deref())
            .await;
        held.extend([renewed.clone(), world.assert_session_stored().await]);
        refresh = Some(renewed);
    }
    // Its attempt to sign the app out: forged endings in every shape, every message again,
    // a forged note.
    world.switch_to(&other).await;
    let attack = world.run("return doorstepSpy.attack();").await;
    assert_eq!(
        attack["sessions"], 1,
        "it learned the session's id (which is no secret)"
    );
    assert!(
        attack["locks"].as_u64() >= Some(2),
        "it held the locks it saw or guessed: {attack}"
    );
    world.switch_to(&app).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    world.assert_calmly_signed_in().await;
    // Never rolled back: every renewal is one request and one generation more.
    let generation: usize = world
        .session_field("generation")
        .await
        .and_then(|generation| generation.parse().ok())
        .expect("a generation");
    assert!(generation >= 3, "two renewals at least: {generation}");
    assert_eq!(
        world.emulator.token_requests("refresh_token"),
        generation - 1
    );
    assert_eq!(world.emulator.retired_refresh_tokens_presented(), 0);
    held.push(world.assert_session_stored().await);
    let seen = profile_seen(&world).await;
    assert!(
        seen.contains(&"profile".to_owned()) && !seen.contains(&"no profile".to_owned()),
        "the profile never left the page: {seen:?}"
    );
    world.assert_no_panic().await;
    // What it heard: the renewals' news, sealed; no token, not even in part.
    world.switch_to(&other).await;
    let heard: Vec<String> =
        serde_json::from_value(world.run("return doorstepSpy.heard;").await).expect("heard");
    assert!(
        heard.len() >= 2,
        "it heard the news of two renewals: {heard:?}"
    );
    for message in &heard {
        // Not "Atz": three letters turn up by chance in a long base64url text (they did).
        // A token in clear has its `|` (or `%7C`), which base64url never holds.
        for clear in ["%7C", "|", "current", "newest", "generation"] {
            assert!(!message.contains(clear), "it read {clear:?} in {message}");
        }
        for token in &held {
            let secret = token
                .split_once('|')
                .map_or(token.as_str(), |(_, secret)| secret);
            assert!(!message.contains(&secret[..40]), "a token in {message}");
        }
    }
    world.assert_notes_hold_no_secret().await;
}

#[tokio::test]
async fn chromium_another_page_of_the_origin_listening_and_replaying_learns_nothing_and_changes_nothing()
 {
    another_page_of_the_origin_listening_and_replaying_learns_nothing_and_changes_nothing(
        Engine::Chromium,
    )
    .await;
}

#[tokio::test]
async fn firefox_another_page_of_the_origin_listening_and_replaying_learns_nothing_and_changes_nothing()
 {
    another_page_of_the_origin_listening_and_replaying_learns_nothing_and_changes_nothing(
        Engine::Firefox,
    )
    .await;
}

#[tokio::test]
async fn amazon_refusing_the_renewal_ends_the_session_in_every_copy_open_or_away() {
    let faults = short_lived(
        6,
        Faults {
            refuse_refresh: true,
            ..Faults::default()
        },
    );
    let world = code_grant_world(Engine::Chromium, faults, WATCH_PROFILE).await;
    let (first, second) = signed_in_with_a_copy(&world).await;
    let (_, away) = world.open_copy_in_new_tab().await;
    world
        .wait_for_text("[data-field=name]", "Demo Customer")
        .await;
    step_away(&world).await;
    for tab in [&first, &second] {
        world.switch_to(tab).await;
        world
            .wait_for_text("[role=alert]", "Amazon would not renew your sign-in")
            .await;
        assert_eq!(world.text("[role=alert] button").await, "Sign in again");
        world.assert_storage_empty().await;
    }
    world.switch_to(&away).await;
    come_back(&world).await;
    world
        .wait_for_text("[role=alert]", "Amazon would not renew your sign-in")
        .await;
    assert_no_profile_since_shown(&world).await;
    world.assert_storage_empty().await;
    assert_eq!(world.assert_notes_hold_no_secret().await, 1);
    assert_eq!(
        world.emulator.token_requests("refresh_token"),
        1,
        "one refusal; no copy asked again"
    );
    world.assert_no_panic().await;
}

/// Seals `news` with the session key `key` (base64url) the way copies do, in the page at hand
/// (any page of the origin), and leaves it as the origin's note about session `id`: what a copy
/// that signed out leaves behind, for a copy whose news never reached it.
const LEAVE_NOTE: &str = r#"const [id, key, news, done] = arguments;
const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const text = (data) => btoa(String.fromCharCode(...data)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
(async () => {
  const imported = await crypto.subtle.importKey("raw", bytes(key), "AES-GCM", false, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, imported, new TextEncoder().encode(news)));
  localStorage.setItem(`doorstep.note.${id}`, `${Date.now()} ${text([...iv, ...sealed])}`);
  done(true);
})();"#;

#[tokio::test]
async fn back_from_the_back_forward_cache_a_tab_reads_the_note_before_showing_anyone_signed_in() {
    let world = code_grant_world(Engine::Chromium, Faults::default(), WATCH_PROFILE).await;
    world.open("/").await;
    world.sign_in().await;
    let tab = world.browser.client.window().await.expect("the app's tab");
    let (id, key) = (
        world.session_field("id").await.expect("an id"),
        world.session_field("key").await.expect("a key"),
    );
    step_away(&world).await;
    // A copy signed out meanwhile, and its news never reached this tab: only its note did.
    world.open_other_page_in_new_tab().await;
    let args = vec![id.into(), key.into(), "ended 1 signed_out".into()];
    world
        .browser
        .client
        .execute_async(LEAVE_NOTE, args)
        .await
        .expect("leave the note");
    world.switch_to(&tab).await;
    assert_eq!(come_back(&world).await, "from the back/forward cache");
    world
        .wait_for_text("[role=alert]", "because you signed out in another tab")
        .await;
    assert_no_profile_since_shown(&world).await;
    assert!(
        profile_seen(&world)
            .await
            .contains(&"pageshow true false".to_owned()),
        "the page came back from the cache showing no profile"
    );
    world.assert_storage_empty().await;
    assert_eq!(world.emulator.token_requests("refresh_token"), 0);
    world.assert_no_panic().await;
}
