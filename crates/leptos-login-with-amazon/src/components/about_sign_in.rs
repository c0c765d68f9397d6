//! "About this sign-in": the grant comparison made visible for the current session. Collapsed by
//! default; `<details>` opens with a click, Enter or Space.

use leptos::prelude::*;

use super::profile_card::row;
use crate::auth::session::SessionSummary;
use crate::config::Grant;

/// How this session was obtained and how it ends, from the flow's own record of it.
#[component]
pub fn AboutSignIn(session: SessionSummary) -> impl IntoView {
    let grant = match session.grant {
        Grant::Implicit => "Implicit (the token comes back in the address bar)",
        Grant::CodePkce => "Authorization Code with PKCE (a one-time code, exchanged by this page)",
    };
    let address_bar = if session.token_was_in_address_bar() {
        "Yes: in the URL fragment, removed at once"
    } else {
        "Never: only a one-time code was, removed at once"
    };
    let (renews, ends) = match session.renews_at_ms {
        Some(_) => (
            "Yes, with a refresh token, before the access token expires",
            "When you sign out or close this tab (or Amazon removes access)",
        ),
        None => (
            "No: there is no refresh token",
            "When the access token expires (time left above); then you sign in again",
        ),
    };
    let rows = (
        row("Grant", "grant", Some(grant.into())),
        row(
            "Round trips to sign in",
            "round-trips",
            Some(session.sign_in_round_trips.to_string()),
        ),
        row(
            "Token in the address bar",
            "token-in-address-bar",
            Some(address_bar.into()),
        ),
        row("Renews itself", "renews", Some(renews.into())),
        row("Ends", "ends", Some(ends.into())),
    );
    view! {
        <details class="about">
            <summary>"About this sign-in"</summary>
            <dl>{rows}</dl>
        </details>
    }
}
