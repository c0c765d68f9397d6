//! Whether another page shows this one inside a frame (clickjacking: the person would press
//! our buttons through someone else's page).

/// `true` when this page is not the top-level page of its tab (`window.top !== window.self`),
/// or when that cannot be told.
pub fn is_framed() -> bool {
    web_sys::window().is_none_or(|window| window.top().ok().flatten().as_ref() != Some(&window))
}
