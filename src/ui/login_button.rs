//! The "Login with Amazon" button, drawn in CSS and SVG after Amazon's button guidelines
//! (gold, at least 156×32): Amazon's image files are not fetched, so no third-party request.

use leptos::prelude::*;

/// Amazon-style sign-in button; its accessible name is "Login with Amazon".
#[component]
pub fn LoginWithAmazonButton(
    /// Called when the button is pressed.
    on_click: Callback<()>,
    /// Disables the button, e.g. while the browser is already on its way to Amazon.
    #[prop(optional)]
    busy: bool,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="lwa-button"
            disabled=busy
            aria-busy=busy.then_some("true")
            on:click=move |_| on_click.run(())
        >
            <svg class="lwa-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <rect width="24" height="24" rx="3" />
                <path d="M5 15.5c4 2.6 9.6 2.7 14 .2" />
                <path d="M16.6 14.2l2.6 1.3-1 2.6" />
            </svg>
            <span>"Login with Amazon"</span>
        </button>
    }
}
