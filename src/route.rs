//! The app's pages, by their *app paths* (the part of the address after the app's base path:
//! see [`leptos_login_with_amazon::paths`]).

/// A page of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/`: what the app is, or the signed-in person's profile.
    Home,
    /// `/profile`: the protected deep link.
    Profile,
    /// Any other path.
    NotFound,
}

impl Page {
    /// The page at `app_path` (`/profile/` is `/profile` too).
    pub fn at(app_path: &str) -> Page {
        match app_path {
            "/" => Page::Home,
            "/profile" | "/profile/" => Page::Profile,
            _ => Page::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_names_its_page() {
        for (path, page) in [
            ("/", Page::Home),
            ("/profile", Page::Profile),
            ("/profile/", Page::Profile),
            ("/profiles", Page::NotFound),
            ("/profile/x", Page::NotFound),
            ("//", Page::NotFound),
            ("", Page::NotFound),
            ("/Profile", Page::NotFound),
        ] {
            assert_eq!(Page::at(path), page, "{path:?}");
        }
    }
}
