//! Basket: an example of `leptos-login-with-amazon` of another shape than Doorstep. The page
//! has state of its own (a list the person fills before signing in) that the full-page trip to
//! Amazon would lose: it goes along as the sign-in's app state and comes back. The checkout
//! appears only to someone signed in, and reads the profile with the authorized call.

use leptos::prelude::*;
use leptos_login_with_amazon::{
    AuthError, LoginWithAmazon, Settings, SignInPanel, WhenSignedIn, provide_login_with_amazon,
    use_login_with_amazon,
};
use serde::Deserialize;

fn main() {
    mount_to_body(Basket);
}

/// The part of Amazon's profile the checkout shows.
#[derive(Debug, Clone, Deserialize)]
struct Buyer {
    name: Option<String>,
    email: Option<String>,
}

#[component]
fn Basket() -> impl IntoView {
    // config.json next to index.html, as for any deployment.
    let login = provide_login_with_amazon(Settings::default());
    // What the person had in the basket before the trip to Amazon, if they went.
    let items = RwSignal::new(login.take_app_state::<Vec<String>>().unwrap_or_default());
    let draft = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<AuthError>);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let item = draft.get_untracked().trim().to_owned();
        if !item.is_empty() {
            items.update(|items| items.push(item));
            draft.set(String::new());
        }
    };
    // The basket goes along with the sign-in, and comes back to this page.
    let sign_in = Callback::new(move |()| {
        problem.set(login.sign_in_with_state("/", &items.get_untracked()).err());
    });
    view! {
        <main>
            <h1>"Basket"</h1>
            <form on:submit=add>
                <label for="item">"Item"</label>
                <input id="item" autocomplete="off" prop:value=draft on:input=move |event| draft.set(event_target_value(&event)) />
                <button type="submit">"Add"</button>
            </form>
            <ul class="items">
                <For each=move || items.get().into_iter().enumerate() key=|entry| entry.clone() let((index, item))>
                    <li>
                        <span class="item">{item}</span>
                        " "
                        <button type="button" on:click=move |_| items.update(|items| { items.remove(index); })>"Remove"</button>
                    </li>
                </For>
            </ul>
            {move || problem.get().map(|error| view! { <p role="alert">{login.messages().text(&error)}</p> })}
            <WhenSignedIn fallback=move || view! { <SignInFirst login sign_in /> }>
                <Checkout items />
            </WhenSignedIn>
        </main>
    }
}

/// Every state but signed in: progress, problems and the sign-in button, from the library.
#[component]
fn SignInFirst(login: LoginWithAmazon, sign_in: Callback<()>) -> impl IntoView {
    view! {
        <p>"Sign in with Amazon to check out; your basket stays as it is."</p>
        <SignInPanel
            state=login.state()
            on_sign_in=sign_in
            on_retry=Callback::new(move |()| login.retry())
            on_sign_out=Callback::new(move |()| login.sign_out())
        />
    }
}

/// The protected part: who is buying, read with the authorized call.
#[component]
fn Checkout(items: RwSignal<Vec<String>>) -> impl IntoView {
    let login = use_login_with_amazon();
    let buyer = LocalResource::new(move || async move {
        login.authorized_get("/user/profile").await?.json::<Buyer>()
    });
    let shown = move || {
        buyer.get().map(|answer| match answer {
            Ok(buyer) => view! {
                <p class="buyer">
                    "Ordering as "
                    <span data-field="name">{buyer.name}</span>
                    " "
                    <span data-field="email">{buyer.email}</span>
                </p>
            }
            .into_any(),
            Err(error) => view! { <p role="alert">{login.messages().text(&error)}</p> }.into_any(),
        })
    };
    view! {
        <section class="checkout" aria-labelledby="checkout-heading">
            <h2 id="checkout-heading">"Checkout"</h2>
            <Suspense fallback=|| view! { <p role="status">"Reading your profile…"</p> }>{shown}</Suspense>
            <p>{move || format!("{} item(s) in your basket.", items.get().len())}</p>
            <button type="button" on:click=move |_| buyer.refetch()>"Read my profile again"</button>
            " "
            <button type="button" class="secondary" on:click=move |_| login.sign_out()>"Sign out"</button>
        </section>
    }
}
