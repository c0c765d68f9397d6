//! An error, announced to assistive technology, with its way on.

use leptos::prelude::*;

use crate::error::NextStep;
use crate::{AuthError, LoginWithAmazon};

/// `role="alert"`: the error's message and a button for what to do next.
#[component]
pub fn ProblemAlert(
    error: AuthError,
    /// "Sign in again".
    on_sign_in: Callback<()>,
    /// "Reload" for problems only a reload can fix, "Try again" for ones that may pass.
    on_retry: Callback<()>,
) -> impl IntoView {
    let (label, next) = match error.next_step() {
        NextStep::SignInAgain => ("Sign in again", on_sign_in),
        NextStep::Reload => ("Reload", on_retry),
        NextStep::TryAgain => ("Try again", on_retry),
    };
    // In the app's words when it gave some (rendered alone, as in tests, the default).
    let message = use_context::<LoginWithAmazon>()
        .map(|login| login.messages())
        .unwrap_or_default()
        .text(&error);
    // `on:click:capture`: see mod.rs.
    view! {
        <div class="alert" role="alert">
            <p>{message}</p>
            <button type="button" class="action" on:click:capture=move |_| next.run(())>{label}</button>
        </div>
    }
}
