//! The root component.

use leptos::either::Either;
use leptos::prelude::*;

use leptos_login_with_amazon::{Settings, provide_login_with_amazon};

use super::Link;
use super::pages::{HOME, NotFound, PROFILE, SignedInOr};
use crate::navigation::Navigation;
use crate::route::Page;

/// The whole app. It starts the sign-in (with config.json next to index.html) before anything
/// reads the address bar, so a sign-in response has already left it when the page is chosen.
/// Inside another page's frame, where the sign-in starts nothing, it offers nothing to press.
#[component]
pub fn App() -> impl IntoView {
    let login = provide_login_with_amazon(Settings::default());
    if login.is_framed() {
        return Either::Left(view! {
            <main class="card">
                <h1 class="brand">"Doorstep"</h1>
                <p role="alert">
                    "Doorstep does not work inside another page, so that nobody can trick you into signing in through it. Open it in its own tab."
                </p>
            </main>
        });
    }
    let navigation = Navigation::start();
    provide_context(navigation);
    let page = move || match navigation.page().get() {
        Page::Home => Either::Left(view! { <SignedInOr welcome=HOME /> }),
        Page::Profile => Either::Left(view! { <SignedInOr welcome=PROFILE /> }),
        Page::NotFound => Either::Right(view! { <NotFound /> }),
    };
    Either::Right(view! {
        <main class="card">
            <header>
                <h1 class="brand">"Doorstep"</h1>
                <p class="tagline">"Sign in with your Amazon account, straight from your browser."</p>
                <nav aria-label="Main">
                    <Link to="/" label="Home" />
                    <Link to="/profile" label="Profile" />
                </nav>
            </header>
            {page}
        </main>
    })
}
