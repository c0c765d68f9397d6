//! The "Login with Amazon" button, drawn in CSS and SVG after Amazon's button guidelines
//! (gold, at least 156×32): Amazon's image files are not fetched, so no third-party request.

use leptos::prelude::*;

use crate::paths::current_app_path;
use crate::use_login_with_amazon;

/// Amazon-style sign-in button; its accessible name is "Login with Amazon". Pressed, it signs
/// in and comes back to the page it was on (with
/// [`provide_login_with_amazon`](crate::provide_login_with_amazon) above it), or runs
/// `on_click` instead when one is given. Style it with the class `lwa-button` (see the crate's
/// stylesheet).
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_login_with_amazon::LoginWithAmazonButton;
///
/// #[component]
/// fn Header() -> impl IntoView {
///     view! { <LoginWithAmazonButton /> }
/// }
/// ```
#[component]
pub fn LoginWithAmazonButton(
    /// Called when the button is pressed, instead of signing in.
    #[prop(optional, into)]
    on_click: Option<Callback<()>>,
    /// Disables the button, e.g. while the browser is already on its way to Amazon.
    #[prop(optional)]
    busy: bool,
) -> impl IntoView {
    let on_click = on_click.unwrap_or_else(|| {
        let login = use_login_with_amazon();
        Callback::new(move |()| login.sign_in(&current_app_path()))
    });
    // `on:click:capture`: see mod.rs.
    view! {
        <button
            type="button"
            class="lwa-button"
            disabled=busy
            aria-busy=busy.then_some("true")
            // Disabled while busy; a click on the label inside is not a press either.
            on:click:capture=move |_| {
                if !busy {
                    on_click.run(());
                }
            }
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
