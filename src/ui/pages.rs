//! The routes. Both show the profile when signed in; signed out, `/` introduces the app and
//! `/profile` (the protected deep link) asks to sign in. Sign-in comes back to where it started.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{ProfileCard, SignInPanel};
use crate::flow::{AuthState, use_auth};

/// `/`: what the app is and the way in, or the signed-in person's profile.
#[component]
pub fn HomePage() -> impl IntoView {
    signed_in_or(
        "/",
        || view! { <p class="intro">"Sign in with Amazon to see the profile Amazon shares with this app."</p> },
    )
}

/// `/profile`: the person's profile; signed out, an offer to sign in and come back here.
#[component]
pub fn ProfilePage() -> impl IntoView {
    signed_in_or("/profile", || {
        view! {
            <h2>"Your profile"</h2>
            <p class="intro">"Sign in with Amazon to see your profile; you will come back to this page."</p>
        }
    })
}

/// The profile when signed in; otherwise `introduction` and the sign-in panel, whose sign-in
/// comes back to `path`.
fn signed_in_or<V: IntoView + 'static>(
    path: &'static str,
    introduction: fn() -> V,
) -> impl IntoView {
    let auth = use_auth();
    move || match auth.state().get() {
        AuthState::SignedIn(signed_in) => Either::Left(view! {
            <ProfileCard signed_in now_ms=auth.now_ms() on_sign_out=Callback::new(move |()| auth.sign_out()) />
        }),
        state => Either::Right(view! {
            {introduction()}
            <SignInPanel
                state=Signal::stored(state)
                on_sign_in=Callback::new(move |()| auth.sign_in(path))
                on_reload=Callback::new(move |()| auth.reload())
            />
        }),
    }
}

/// Any other path.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h2>"Page not found"</h2>
        <p><A href="/">"Go to the start page"</A></p>
    }
}
