//! The signed-in person: their profile, how long the session lasts, whether it is reconnecting,
//! what kind of sign-in it is, and "Sign out".

use leptos::prelude::*;

use super::AboutSignIn;
use crate::auth::session::{describe_renewal, describe_time_left};
use crate::flow::SignedIn;

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
/// and the sign-in panel (while a session is kept but not shown) share it, so one piece of
/// code renders both.
pub(super) fn sign_out_button(on_sign_out: Callback<()>, hidden: bool) -> impl IntoView {
    view! {
        <button type="button" class="secondary" hidden=hidden on:click=move |_| on_sign_out.run(())>
            "Sign out"
        </button>
    }
}

/// Shows every profile field Amazon returned, as text (a name is never parsed as HTML).
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
    view! {
        <section class="profile" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{heading}</h2>
            <dl>{rows}</dl>
            <p class="session-time">
                {label}
                <span data-field=key>{move || countdown(until_ms, now_ms.get())}</span>
            </p>
            <p class="connection" role="status" aria-live="polite">{connection}</p>
            <AboutSignIn session />
            {sign_out_button(on_sign_out, false)}
        </section>
    }
}
