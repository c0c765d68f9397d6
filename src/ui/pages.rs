//! The routes: `/`, and `/profile`, which shows the profile or offers to sign in and come back.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{ProfileCard, SignInPanel};
use crate::flow::{AuthState, use_auth};

/// Signing in from anywhere lands on the profile.
const PROFILE_PATH: &str = "/profile";

/// `/`: what the app is, and the way in.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    move || match auth.state().get() {
        AuthState::SignedIn(signed_in) => {
            let name = signed_in
                .profile
                .name
                .unwrap_or_else(|| "your Amazon account".to_owned());
            Either::Left(view! {
                <p class="welcome">"You are signed in as " <strong>{name}</strong> "."</p>
                <p><A href=PROFILE_PATH>"View your profile"</A></p>
            })
        }
        state => Either::Right(view! {
            <p class="intro">"Sign in with Amazon to see the profile Amazon shares with this app."</p>
            <SignInPanel
                state=Signal::stored(state)
                on_sign_in=Callback::new(move |()| auth.sign_in(PROFILE_PATH))
                on_reload=Callback::new(move |()| auth.reload())
            />
        }),
    }
}

/// `/profile`: the person's profile, for signed-in visitors only.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = use_auth();
    move || match auth.state().get() {
        AuthState::SignedIn(signed_in) => Either::Left(view! {
            <ProfileCard signed_in now_ms=auth.now_ms() on_sign_out=Callback::new(move |()| auth.sign_out()) />
        }),
        state => Either::Right(view! {
            <h2>"Your profile"</h2>
            <p class="intro">"Sign in with Amazon to see your profile; you will come back to this page."</p>
            <SignInPanel
                state=Signal::stored(state)
                on_sign_in=Callback::new(move |()| auth.sign_in(PROFILE_PATH))
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
