//! The least app built with `leptos-login-with-amazon`: the button, then the profile.

use leptos::prelude::*;
use leptos_login_with_amazon::*;

fn main() {
    mount_to_body(|| {
        provide_login_with_amazon(Settings::default());
        let login = use_login_with_amazon();
        let name = move || match login.state().get() {
            AuthState::SignedIn(signed_in) => signed_in.profile.name,
            _ => None,
        };
        view! {
            <WhenSignedIn fallback=|| view! { <LoginWithAmazonButton /> }>
                <p>"Hello, " {name}</p>
            </WhenSignedIn>
        }
    });
}
