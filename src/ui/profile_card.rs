//! The signed-in person: their profile, the time left in the session, and "Sign out".

use leptos::prelude::*;

use crate::auth::session::describe_time_left;
use crate::flow::SignedIn;

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
        expires_at_ms,
    } = signed_in;
    let heading = match &profile.name {
        Some(name) => format!("Hello, {name}"),
        None => "Your Amazon profile".to_owned(),
    };
    // One row per field Amazon returned; each row has the same shape, so one piece of code
    // renders them all.
    let row = |label: &'static str, key: &'static str, value: Option<String>| {
        value.map(|value| {
            view! {
                <dt>{label}</dt>
                <dd data-field=key>{value}</dd>
            }
        })
    };
    let rows = (
        row("Name", "name", profile.name),
        row("Email", "email", profile.email),
        row("User ID", "user-id", profile.user_id),
        row("Postal code", "postal-code", profile.postal_code),
    );
    view! {
        <section class="profile" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{heading}</h2>
            <dl>{rows}</dl>
            <p class="session-time">
                "Session time left: "
                <span data-field="time-left">{move || describe_time_left(expires_at_ms, now_ms.get())}</span>
            </p>
            <button type="button" class="secondary" on:click=move |_| on_sign_out.run(())>"Sign out"</button>
        </section>
    }
}
