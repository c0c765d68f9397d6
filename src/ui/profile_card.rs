//! The signed-in person: their profile, the time left in the session, and "Sign out".

use leptos::prelude::*;

use crate::auth::session::describe_time_left;
use crate::flow::SignedIn;

/// Shows every profile field Amazon returned, as text (a name is never parsed as HTML).
#[component]
pub fn ProfileCard(
    signed_in: SignedIn,
    /// The current time, so the time left counts down.
    #[prop(into)]
    now_ms: Signal<u64>,
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
    let fields = [
        ("Name", "name", profile.name),
        ("Email", "email", profile.email),
        ("User ID", "user-id", profile.user_id),
        ("Postal code", "postal-code", profile.postal_code),
    ];
    let rows = fields
        .into_iter()
        .filter_map(|(label, key, value)| value.map(|value| (label, key, value)))
        .map(|(label, key, value)| {
            view! {
                <dt>{label}</dt>
                <dd data-field=key>{value}</dd>
            }
        })
        .collect_view();
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
