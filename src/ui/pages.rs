//! The pages. `/` and `/profile` both show the profile when signed in; signed out, `/`
//! introduces the app and `/profile` (the protected deep link) asks to sign in. Sign-in comes
//! back to the page it started from.

use leptos::either::Either;
use leptos::prelude::*;

use leptos_login_with_amazon::{AuthState, ProfileCard, SignInPanel, use_login_with_amazon};

use super::Link;

/// What a page says to someone who is not signed in.
#[derive(Clone, Copy)]
pub struct Welcome {
    /// The page's own path, where sign-in comes back to.
    pub path: &'static str,
    pub heading: Option<&'static str>,
    pub text: &'static str,
}

/// `/`: what the app is and the way in.
pub const HOME: Welcome = Welcome {
    path: "/",
    heading: None,
    text: "Sign in with Amazon to see the profile Amazon shares with this app.",
};

/// `/profile`: an offer to sign in and come back here.
pub const PROFILE: Welcome = Welcome {
    path: "/profile",
    heading: Some("Your profile"),
    text: "Sign in with Amazon to see your profile; you will come back to this page.",
};

/// The signed-in person's profile, or `welcome` and the sign-in panel. The panel stays in
/// place while the sign-in state changes, so its status line is announced.
#[component]
pub fn SignedInOr(welcome: Welcome) -> impl IntoView {
    let auth = use_login_with_amazon();
    move || match auth.state().get() {
        AuthState::SignedIn(signed_in) => Either::Left(view! {
            <ProfileCard signed_in now_ms=auth.now_ms() on_sign_out=Callback::new(move |()| auth.sign_out()) />
        }),
        _ => Either::Right(view! {
            {welcome.heading.map(|heading| view! { <h2>{heading}</h2> })}
            <p class="intro">{welcome.text}</p>
            <SignInPanel
                state=auth.state()
                on_sign_in=Callback::new(move |()| auth.sign_in(welcome.path))
                on_retry=Callback::new(move |()| auth.retry())
                on_sign_out=Callback::new(move |()| auth.sign_out())
            />
        }),
    }
}

/// Any other path.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h2>"Page not found"</h2>
        <p><Link to="/" label="Go to the start page" /></p>
    }
}
