//! What a page shows while the person is not signed in: progress, problems, the sign-in button.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::{LoginWithAmazonButton, ProblemAlert, sign_out_button};
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
    // One view of the whole state: re-rendering it updates the same elements in place, so the
    // status line stays the same node.
    move || {
        let state = state.get();
        let status = match &state {
            AuthState::Checking => "Checking your sign-in…",
            AuthState::Redirecting => "Taking you to Amazon…",
            AuthState::InPopup => "Finish signing in in the Amazon window.",
            AuthState::SignedOut(SignedOutReason::HandedOver) => {
                "Signed in in the tab that started it. You can close this window."
            }
            AuthState::Reconnecting => {
                "Reconnecting to Amazon… your sign-in is kept and will resume."
            }
            AuthState::SignedOut(SignedOutReason::SignedOutByYou) => "You have signed out.",
            AuthState::SignedOut(SignedOutReason::IgnoredResponse) => {
                "You are not signed in. A sign-in link this tab did not start was ignored."
            }
            AuthState::Kept(_) => "Your sign-in is kept until it can be checked.",
            AuthState::SignedOut(_) | AuthState::Unavailable(_) => "You are not signed in.",
            AuthState::SignedIn(_) => "You are signed in.",
        };
        let checking = matches!(state, AuthState::Checking).then_some("true");
        // A session is kept, but not shown: the person may still end it.
        let kept = matches!(state, AuthState::Kept(_) | AuthState::Reconnecting);
        let controls = match state {
            AuthState::SignedOut(SignedOutReason::Failed(error))
            | AuthState::Unavailable(error)
            | AuthState::Kept(error) => {
                EitherOf3::A(view! { <ProblemAlert error on_sign_in on_retry /> })
            }
            // While the popup is open, the button brings it to the front.
            AuthState::SignedOut(_) | AuthState::InPopup => {
                EitherOf3::B(view! { <LoginWithAmazonButton on_click=on_sign_in /> })
            }
            AuthState::Redirecting => {
                EitherOf3::B(view! { <LoginWithAmazonButton on_click=on_sign_in busy=true /> })
            }
            AuthState::Checking | AuthState::Reconnecting | AuthState::SignedIn(_) => {
                EitherOf3::C(())
            }
        };
        view! {
            <div class="sign-in">
                {controls}
                <p class="status" role="status" aria-live="polite" aria-busy=checking>
                    {status}
                </p>
                {sign_out_button(on_sign_out, !kept)}
            </div>
        }
    }
}
