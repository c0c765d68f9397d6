//! An error, announced to assistive technology, with its way on.

use leptos::prelude::*;

use crate::AuthError;
use crate::error::NextStep;

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
    view! {
        <div class="alert" role="alert">
            <p>{error.to_string()}</p>
            <button type="button" class="action" on:click=move |_| next.run(())>{label}</button>
        </div>
    }
}
