//! Components rendered from given states: what they show, and the intents they report.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::AuthError;
use crate::amazon::profile::Profile;
use crate::auth::callback::ProviderErrorCode;
use crate::auth::session::SessionSummary;
use crate::config::Grant;
use crate::flow::{AuthState, SignedIn, SignedOutReason};
use crate::{ProfileCard, SignInPanel};
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::{Mounted, mount};

/// Counts how often a callback ran.
#[derive(Clone, Default)]
struct Calls(Arc<AtomicUsize>);

impl Calls {
    fn callback(&self) -> Callback<()> {
        let calls = self.0.clone();
        Callback::new(move |()| {
            calls.fetch_add(1, Ordering::SeqCst);
        })
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

struct Panel {
    page: Mounted,
    state: RwSignal<AuthState>,
    sign_ins: Calls,
    retries: Calls,
    sign_outs: Calls,
}

fn panel(initial: AuthState) -> Panel {
    let (sign_ins, retries, sign_outs) = (Calls::default(), Calls::default(), Calls::default());
    let state = RwSignal::new(initial);
    let (on_sign_in, on_retry, on_sign_out) = (
        sign_ins.callback(),
        retries.callback(),
        sign_outs.callback(),
    );
    let page = mount(
        move || view! { <SignInPanel state=state.read_only() on_sign_in on_retry on_sign_out /> },
    );
    Panel {
        page,
        state,
        sign_ins,
        retries,
        sign_outs,
    }
}

impl Panel {
    /// The intents reported so far: (sign in, retry, sign out).
    fn calls(&self) -> (usize, usize, usize) {
        (
            self.sign_ins.count(),
            self.retries.count(),
            self.sign_outs.count(),
        )
    }

    /// Presses the panel's "Sign out", which must be offered.
    fn sign_out(&self) {
        let sign_out = button(&self.page, "button.secondary");
        assert_eq!(
            sign_out.text_content().as_deref().map(str::trim),
            Some("Sign out")
        );
        assert!(!sign_out.hidden(), "offered");
        sign_out.click();
    }
}

fn button(page: &Mounted, selector: &str) -> web_sys::HtmlButtonElement {
    page.find(selector).unchecked_into()
}

#[wasm_bindgen_test]
fn signed_out_shows_the_amazon_button_which_starts_sign_in() {
    let panel = panel(AuthState::SignedOut(SignedOutReason::NotSignedIn));
    assert_eq!(panel.page.text("[role=status]"), "You are not signed in.");
    let login = button(&panel.page, "button.lwa-button");
    assert_eq!(
        login.text_content().unwrap_or_default().trim(),
        "Login with Amazon"
    );
    assert_eq!(login.type_(), "button");
    assert!(
        panel.page.has("button.lwa-button svg[aria-hidden=true]"),
        "the logo is decorative"
    );
    login.click();
    assert_eq!(panel.sign_ins.count(), 1);
    assert!(!panel.page.has("[role=alert]"));
}

#[wasm_bindgen_test]
async fn on_the_way_to_amazon_the_button_is_disabled() {
    let panel = panel(AuthState::SignedOut(SignedOutReason::NotSignedIn));
    panel.state.set(AuthState::Redirecting);
    tick().await;
    let login = button(&panel.page, "button.lwa-button");
    assert!(login.disabled());
    assert_eq!(login.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(panel.page.text("[role=status]"), "Taking you to Amazon…");
    login.click();
    assert_eq!(panel.sign_ins.count(), 0, "a second click does nothing");
}

#[wasm_bindgen_test]
async fn the_status_line_stays_the_same_element_so_changes_are_announced() {
    let panel = panel(AuthState::Checking);
    let status = panel.page.find("[role=status]");
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(status.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(panel.page.text("[role=status]"), "Checking your sign-in…");
    assert!(
        !panel.page.has("button:not([hidden])"),
        "nothing to press while checking"
    );
    panel
        .state
        .set(AuthState::SignedOut(SignedOutReason::SignedOutByYou));
    tick().await;
    assert!(status.is_same_node(Some(&panel.page.find("[role=status]"))));
    assert_eq!(
        status.text_content().unwrap_or_default().trim(),
        "You have signed out."
    );
    assert_eq!(status.get_attribute("aria-busy"), None);
}

#[wasm_bindgen_test]
fn a_failure_is_an_alert_whose_button_signs_in_again() {
    let panel = panel(AuthState::SignedOut(SignedOutReason::Failed(
        AuthError::Provider(ProviderErrorCode::AccessDenied),
    )));
    assert!(
        panel
            .page
            .text("[role=alert]")
            .starts_with("You cancelled sign-in.")
    );
    let again = button(&panel.page, "[role=alert] button");
    assert_eq!(again.text_content().as_deref(), Some("Sign in again"));
    again.click();
    assert_eq!((panel.sign_ins.count(), panel.retries.count()), (1, 0));
    assert!(!panel.page.has("button.lwa-button"), "one way on, not two");
}

#[wasm_bindgen_test]
fn a_problem_only_a_reload_fixes_offers_a_reload_and_no_sign_in() {
    let panel = panel(AuthState::Unavailable(AuthError::ConfigInvalid(
        "\"region\" must be \"na\".".into(),
    )));
    assert!(
        panel
            .page
            .text("[role=alert] p")
            .contains("\"region\" must be \"na\".")
    );
    let reload = button(&panel.page, "[role=alert] button");
    assert_eq!(reload.text_content().as_deref(), Some("Reload"));
    reload.click();
    assert_eq!((panel.sign_ins.count(), panel.retries.count()), (0, 1));
    assert!(!panel.page.has("button.lwa-button"));
}

#[wasm_bindgen_test]
fn a_kept_session_amazon_could_not_check_offers_try_again_and_sign_out() {
    let panel = panel(AuthState::Kept(AuthError::SessionUnchecked));
    assert!(
        panel
            .page
            .text("[role=alert] p")
            .starts_with("Your sign-in is kept")
    );
    assert_eq!(
        panel.page.text("[role=status]"),
        "Your sign-in is kept until it can be checked."
    );
    let again = button(&panel.page, "[role=alert] button");
    assert_eq!(again.text_content().as_deref(), Some("Try again"));
    again.click();
    assert_eq!(panel.calls(), (0, 1, 0));
    panel.sign_out();
    assert_eq!(panel.calls(), (0, 1, 1));
    assert!(!panel.page.has("button.lwa-button"));
}

#[wasm_bindgen_test]
fn a_kept_session_whose_config_failed_offers_reload_and_sign_out() {
    let panel = panel(AuthState::Kept(AuthError::ConfigUnreachable));
    assert!(panel.page.text("[role=alert] p").contains("config.json"));
    assert_eq!(
        panel.page.text("[role=status]"),
        "Your sign-in is kept until it can be checked."
    );
    assert_eq!(panel.page.text("[role=alert] button"), "Reload");
    panel.sign_out();
    assert_eq!(panel.calls(), (0, 0, 1));
}

#[wasm_bindgen_test]
fn reconnecting_says_the_sign_in_is_kept_and_offers_sign_out() {
    let panel = panel(AuthState::Reconnecting);
    assert!(!panel.page.has("[role=alert]"), "nothing to alarm");
    assert!(panel.page.text("[role=status]").starts_with("Reconnecting"));
    panel.sign_out();
    assert_eq!(panel.calls(), (0, 0, 1));
    assert!(!panel.page.has("button.lwa-button"));
}

#[wasm_bindgen_test]
fn no_sign_out_is_offered_without_a_kept_session() {
    for state in [
        AuthState::Checking,
        AuthState::SignedOut(SignedOutReason::NotSignedIn),
        AuthState::SignedOut(SignedOutReason::Failed(AuthError::SignedOutElsewhere)),
        AuthState::Unavailable(AuthError::ConfigMissing),
    ] {
        let panel = panel(state);
        assert!(
            !panel.page.has("button.secondary:not([hidden])"),
            "{}",
            panel.page.root.inner_html()
        );
    }
}

#[wasm_bindgen_test]
fn an_ignored_sign_in_link_is_a_calm_note_not_an_alert() {
    let panel = panel(AuthState::SignedOut(SignedOutReason::IgnoredResponse));
    assert!(
        !panel.page.has("[role=alert]"),
        "nothing went wrong for the person"
    );
    assert!(
        panel
            .page
            .text("[role=status]")
            .contains("A sign-in link this tab did not start was ignored.")
    );
    button(&panel.page, "button.lwa-button").click();
    assert_eq!(panel.sign_ins.count(), 1);
}

fn signed_in(profile: Profile) -> SignedIn {
    SignedIn {
        profile,
        session: SessionSummary {
            grant: Grant::Implicit,
            sign_in_round_trips: 2,
            expires_at_ms: 3_600_000,
            renews_at_ms: None,
        },
        reconnecting: false,
    }
}

#[wasm_bindgen_test]
async fn the_profile_card_shows_each_field_returned_and_counts_down() {
    let now = RwSignal::new(0u64);
    let sign_outs = Calls::default();
    let on_sign_out = sign_outs.callback();
    let profile = Profile {
        user_id: Some("amzn1.account.X".into()),
        name: Some("Ada".into()),
        email: Some("ada@example.com".into()),
        postal_code: None,
    };
    let page = mount(
        move || view! { <ProfileCard signed_in=signed_in(profile) now_ms=now.read_only() on_sign_out /> },
    );
    assert_eq!(page.text("h2"), "Hello, Ada");
    assert_eq!(page.text("[data-field=name]"), "Ada");
    assert_eq!(page.text("[data-field=email]"), "ada@example.com");
    assert_eq!(page.text("[data-field=user-id]"), "amzn1.account.X");
    assert!(
        !page.has("[data-field=postal-code]"),
        "absent fields are left out"
    );
    assert_eq!(page.text("[data-field=time-left]"), "1 h 0 min");
    now.set(3_555_000);
    tick().await;
    assert_eq!(page.text("[data-field=time-left]"), "45 s");
    button(&page, "button.secondary").click();
    assert_eq!(sign_outs.count(), 1);
}

#[wasm_bindgen_test]
fn a_profile_without_a_name_and_a_name_made_of_markup_are_both_shown_safely() {
    let now = RwSignal::new(0u64);
    let page = mount(move || {
        view! { <ProfileCard signed_in=signed_in(Profile::default()) now_ms=now.read_only() on_sign_out=Callback::new(|()| {}) /> }
    });
    assert_eq!(page.text("h2"), "Your Amazon profile");
    assert!(!page.has(".profile > dl dd"), "no profile fields");
    let hostile = r#"<img src=x onerror="alert(1)"><b>Eve</b>"#;
    let profile = Profile {
        name: Some(hostile.into()),
        ..Profile::default()
    };
    let page = mount(
        move || view! { <ProfileCard signed_in=signed_in(profile) now_ms=now.read_only() on_sign_out=Callback::new(|()| {}) /> },
    );
    assert_eq!(page.text("[data-field=name]"), hostile);
    assert!(
        !page.has("img") && !page.has("b"),
        "no element was made from the name"
    );
}

fn renewing(reconnecting: bool) -> SignedIn {
    SignedIn {
        profile: Profile {
            name: Some("Ada".into()),
            ..Profile::default()
        },
        session: SessionSummary {
            grant: Grant::CodePkce,
            sign_in_round_trips: 3,
            expires_at_ms: 3_600_000,
            renews_at_ms: Some(3_540_000),
        },
        reconnecting,
    }
}

#[wasm_bindgen_test]
async fn a_session_that_renews_itself_counts_down_to_its_renewal_not_its_end() {
    let now = RwSignal::new(0u64);
    let page = mount(
        move || view! { <ProfileCard signed_in=renewing(false) now_ms=now.read_only() on_sign_out=Callback::new(|()| {}) /> },
    );
    assert_eq!(page.text("[data-field=renews-in]"), "in 59 min 0 s");
    now.set(3_600_000);
    tick().await;
    assert_eq!(
        page.text("[data-field=renews-in]"),
        "now",
        "overdue, e.g. reconnecting"
    );
    assert!(!page.has("[data-field=time-left]"));
    assert_eq!(page.text(".profile [role=status]"), "", "nothing to report");
}

#[wasm_bindgen_test]
fn reconnecting_is_said_calmly_in_a_status_not_an_alert() {
    let now = RwSignal::new(0u64);
    let page = mount(
        move || view! { <ProfileCard signed_in=renewing(true) now_ms=now.read_only() on_sign_out=Callback::new(|()| {}) /> },
    );
    assert_eq!(
        page.text(".profile [role=status]"),
        "Reconnecting to Amazon… you are still signed in."
    );
    assert!(!page.has("[role=alert]"));
    assert!(page.has("button.secondary"), "signing out stays possible");
}

#[wasm_bindgen_test]
fn about_this_sign_in_is_collapsed_and_tells_the_code_grant_apart() {
    let now = RwSignal::new(0u64);
    let page = mount(
        move || view! { <ProfileCard signed_in=renewing(false) now_ms=now.read_only() on_sign_out=Callback::new(|()| {}) /> },
    );
    let details: web_sys::HtmlDetailsElement = page.find("details.about").unchecked_into();
    assert!(!details.open(), "collapsed by default");
    assert_eq!(page.text("details.about summary"), "About this sign-in");
    page.find("details.about summary").click();
    assert!(
        details.open(),
        "opens from its summary (a button for keyboards too)"
    );
    assert!(
        page.text("[data-field=grant]")
            .starts_with("Authorization Code with PKCE")
    );
    assert_eq!(page.text("[data-field=round-trips]"), "3");
    assert!(
        page.text("[data-field=token-in-address-bar]")
            .starts_with("Never")
    );
    assert!(
        page.text("[data-field=renews]")
            .starts_with("Yes, with a refresh token")
    );
    assert!(
        page.text("[data-field=ends]")
            .starts_with("When you sign out")
    );
}

#[wasm_bindgen_test]
fn about_this_sign_in_for_the_implicit_grant_says_it_ends_at_expiry() {
    let now = RwSignal::new(0u64);
    let profile = Profile::default();
    let page = mount(
        move || view! { <ProfileCard signed_in=signed_in(profile) now_ms=now.read_only() on_sign_out=Callback::new(|()| {}) /> },
    );
    assert!(page.text("[data-field=grant]").starts_with("Implicit"));
    assert_eq!(page.text("[data-field=round-trips]"), "2");
    assert!(
        page.text("[data-field=token-in-address-bar]")
            .starts_with("Yes")
    );
    assert!(page.text("[data-field=renews]").starts_with("No"));
    assert!(
        page.text("[data-field=ends]")
            .starts_with("When the access token expires")
    );
}
