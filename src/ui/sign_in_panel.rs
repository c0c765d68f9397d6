//! What a page shows while the person is not signed in: progress, problems, the sign-in button.

use leptos::either::EitherOf4;
use leptos::prelude::*;

use super::{LoginWithAmazonButton, ProblemAlert};
use crate::AuthError;
use crate::flow::{AuthState, SignedOutReason};

/// Every state but signed-in. The status line stays in the page, so screen readers announce
/// each change; problems come as an alert with their way on; while a session is kept (not
/// shown), "Sign out" is offered.
#[component]
pub fn SignInPanel(
    state: ReadSignal<AuthState>,
    on_sign_in: Callback<()>,
    on_retry: Callback<()>,
    on_sign_out: Callback<()>,
) -> impl IntoView {
    let sign_out = move || {
        view! { <button type="button" class="secondary" on:click=move |_| on_sign_out.run(())>"Sign out"</button> }
    };
    // One view of the whole state: re-rendering it updates the same elements in place, so the
    // status line stays the same node.
    move || {
        let state = state.get();
        let status = match &state {
            AuthState::Checking => "Checking your sign-in…",
            AuthState::Redirecting => "Taking you to Amazon…",
            AuthState::Reconnecting => {
                "Reconnecting to Amazon… your sign-in is kept and will resume."
            }
            AuthState::SignedOut(SignedOutReason::SignedOutByYou) => "You have signed out.",
            AuthState::SignedOut(SignedOutReason::IgnoredResponse) => {
                "You are not signed in. A sign-in link this tab did not start was ignored."
            }
            AuthState::Kept(AuthError::SessionUnchecked) => {
                "Your sign-in is kept until Amazon can check it."
            }
            AuthState::Kept(_) => "Your sign-in is kept until this app's settings load.",
            AuthState::SignedOut(_) | AuthState::Unavailable(_) => "You are not signed in.",
            AuthState::SignedIn(_) => "You are signed in.",
        };
        let checking = matches!(state, AuthState::Checking).then_some("true");
        let kept = matches!(state, AuthState::Kept(_));
        let controls = match state {
            AuthState::SignedOut(SignedOutReason::Failed(error))
            | AuthState::Unavailable(error)
            | AuthState::Kept(error) => EitherOf4::A(
                view! { <ProblemAlert error on_sign_in on_retry /> {kept.then(sign_out)} },
            ),
            AuthState::SignedOut(_) => {
                EitherOf4::B(view! { <LoginWithAmazonButton on_click=on_sign_in /> })
            }
            AuthState::Redirecting => {
                EitherOf4::B(view! { <LoginWithAmazonButton on_click=on_sign_in busy=true /> })
            }
            AuthState::Reconnecting => EitherOf4::C(sign_out()),
            AuthState::Checking | AuthState::SignedIn(_) => EitherOf4::D(()),
        };
        view! {
            <div class="sign-in">
                {controls}
                <p class="status" role="status" aria-live="polite" aria-busy=checking>
                    {status}
                </p>
            </div>
        }
    }
}
