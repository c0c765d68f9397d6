//! The root component.

use leptos::prelude::*;

use super::LoginWithAmazonButton;

/// The whole app: the product's name, the sign-in control and a status line.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main class="card">
            <header>
                <h1 class="brand">"Doorstep"</h1>
                <p class="tagline">
                    "Sign in with your Amazon account, straight from your browser."
                </p>
            </header>
            <LoginWithAmazonButton />
            <p class="status" role="status" aria-live="polite">
                "You are not signed in."
            </p>
        </main>
    }
}
