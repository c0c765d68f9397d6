//! The root component.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use super::pages::{HomePage, NotFound, ProfilePage};
use crate::flow::AuthFlow;

/// The whole app. It starts the sign-in flow before the router reads the URL, so a sign-in
/// response has already left the address bar when routing begins.
#[component]
pub fn App() -> impl IntoView {
    provide_context(AuthFlow::start());
    view! {
        <Router>
            <main class="card">
                <header>
                    <h1 class="brand">"Doorstep"</h1>
                    <p class="tagline">"Sign in with your Amazon account, straight from your browser."</p>
                    <nav aria-label="Main">
                        <A href="/">"Home"</A>
                        <A href="/profile">"Profile"</A>
                    </nav>
                </header>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/profile") view=ProfilePage />
                </Routes>
            </main>
        </Router>
    }
}
