//! The signed-in person: their profile, how long the session lasts, whether it is reconnecting,
//! what kind of sign-in it is, and "Sign out".

use leptos::prelude::*;

use super::AboutSignIn;
use crate::auth::session::{describe_renewal, describe_time_left};
use crate::flow::SignedIn;
use crate::paths::current_app_path;
use crate::{AuthError, LoginWithAmazon};

/// A `<dt>`/`<dd>` pair when there is a value. Every list of the card uses it, so one piece of
/// code renders them all.
pub(super) fn row(label: &'static str, key: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|value| {
        view! {
            <dt>{label}</dt>
            <dd data-field=key>{value}</dd>
        }
    })
}

/// "Sign out": a secondary button, `hidden` while there is no session to end. The profile card
/// and the sign-in panel (while a session is kept but not shown) share it.
pub(super) fn sign_out_button(on_sign_out: Callback<()>, hidden: bool) -> impl IntoView {
    button("secondary", "Sign out", on_sign_out, hidden)
}

/// A button that runs `action`: every button of the card and the panel but Amazon's, so one
/// piece of code renders them all.
fn button(
    class: &'static str,
    label: &'static str,
    action: Callback<()>,
    hidden: bool,
) -> impl IntoView {
    // `on:click:capture`: see mod.rs.
    view! {
        <button type="button" class=class hidden=hidden on:click:capture=move |_| action.run(())>
            {label}
        </button>
    }
}

/// "Stay signed in", with the popup sign-in, in the last two minutes of a session that cannot
/// renew itself, until the person says "Not now" (the flow shows the card again when that
/// changes). It never opens a window by itself; "Stay signed in" signs in again in the popup,
/// and the session is replaced once the new one is verified, the page staying as it is. When
/// the last try failed (`problem`), it says why, as an alert, instead.
fn stay_signed_in(login: LoginWithAmazon, problem: Option<AuthError>) -> impl IntoView {
    let role = problem.is_some().then_some("alert");
    let text = match problem {
        Some(problem) => login.messages().text(&problem),
        None => "Your sign-in ends in under two minutes.".into(),
    };
    let renew = Callback::new(move |()| login.sign_in(&current_app_path()));
    let dismiss = Callback::new(move |()| login.dismiss_stay_signed_in());
    view! {
        <div class="stay-signed-in" role="region" aria-label="Stay signed in">
            <p role=role>{text}</p>
            {button("action stay-signed-in-renew", "Stay signed in", renew, false)}
            {button("secondary stay-signed-in-dismiss", "Not now", dismiss, false)}
        </div>
    }
}

/// Shows every profile field Amazon returned, as text (a name is never parsed as HTML). Below
/// [`provide_login_with_amazon`](crate::provide_login_with_amazon) with the popup sign-in
/// configured (`"popup": true`), it also offers "Stay signed in" (class `stay-signed-in`) in
/// the last two minutes of a session that cannot renew itself (no refresh token): one click
/// signs in again in the popup, and the page stays as it is; "Not now" lets the session end.
#[component]
pub fn ProfileCard(
    signed_in: SignedIn,
    /// The current time, so the time left counts down.
    now_ms: ReadSignal<u64>,
    on_sign_out: Callback<()>,
) -> impl IntoView {
    let SignedIn {
        profile,
        session,
        reconnecting,
    } = signed_in;
    let heading = match &profile.name {
        Some(name) => format!("Hello, {name}"),
        None => "Your Amazon profile".to_owned(),
    };
    let rows = (
        row("Name", "name", profile.name),
        row("Email", "email", profile.email),
        row("User ID", "user-id", profile.user_id),
        row("Postal code", "postal-code", profile.postal_code),
    );
    // A session that renews itself counts down to its next renewal; one that cannot, to its end.
    let (label, key, countdown): (_, _, fn(u64, u64) -> String) = match session.renews_at_ms {
        Some(_) => ("Next renewal: ", "renews-in", describe_renewal),
        None => ("Session time left: ", "time-left", describe_time_left),
    };
    let until_ms = session.renews_at_ms.unwrap_or(session.expires_at_ms);
    let connection = reconnecting.then_some("Reconnecting to Amazon… you are still signed in.");
    let stay = use_context::<LoginWithAmazon>().and_then(|login| {
        let problem = login.stay_signed_in_notice()?;
        Some(stay_signed_in(login, problem))
    });
    view! {
        <section class="profile" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{heading}</h2>
            <dl>{rows}</dl>
            <p class="session-time">
                {label}
                <span data-field=key>{move || countdown(until_ms, now_ms.get())}</span>
            </p>
            <p class="connection" role="status" aria-live="polite">{connection}</p>
            {stay}
            <AboutSignIn session />
            {sign_out_button(on_sign_out, false)}
        </section>
    }
}
