//! The guard: a part of the page shown only to someone signed in.

use leptos::prelude::*;

use crate::{AuthState, use_login_with_amazon};

/// Shows its children only while someone is signed in (and verified), `fallback` otherwise:
/// while checking, signed out, or when sign-in failed. The children are not rebuilt when the
/// session renews itself (they are when the session is checked again: coming back from the
/// back/forward cache, or after "Try again"). Needs
/// [`provide_login_with_amazon`](crate::provide_login_with_amazon) above it.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_login_with_amazon::{LoginWithAmazonButton, WhenSignedIn};
///
/// #[component]
/// fn Orders() -> impl IntoView {
///     view! {
///         <WhenSignedIn fallback=|| view! { <LoginWithAmazonButton /> }>
///             <p>"Your orders"</p>
///         </WhenSignedIn>
///     }
/// }
/// ```
#[component]
pub fn WhenSignedIn(
    /// Shown instead while nobody is signed in (nothing by default).
    #[prop(optional, into)]
    fallback: ViewFn,
    /// Shown while someone is signed in.
    children: ChildrenFn,
) -> impl IntoView {
    let login = use_login_with_amazon();
    let signed_in = move || matches!(login.state().get(), AuthState::SignedIn(_));
    view! { <Show when=signed_in fallback>{children()}</Show> }
}
