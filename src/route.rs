//! The app's pages and their paths. Paths here are *app paths*: the part of the address after
//! the app's base path (Trunk's public URL, written into `<base href>`), so that the app works
//! the same at `https://example.com/` and at `https://example.com/tools/doorstep/`.

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

/// The app path of `pathname` (the address bar's path) for an app served under `base_path`
/// (which ends with `/`). A path outside the base counts as the app's root.
pub fn app_path(pathname: &str, base_path: &str) -> String {
    let inside = base_path
        .strip_suffix('/')
        .and_then(|base| pathname.strip_prefix(base))
        .filter(|rest| rest.starts_with('/'));
    inside.unwrap_or("/").to_owned()
}

/// The address-bar path for `app_path` under `base_path`: what links point at and what the
/// history holds.
pub fn full_path(base_path: &str, app_path: &str) -> String {
    format!(
        "{}{}",
        base_path.trim_end_matches('/'),
        if app_path.is_empty() { "/" } else { app_path }
    )
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

    #[test]
    fn the_base_path_is_taken_off_the_address() {
        assert_eq!(app_path("/", "/"), "/");
        assert_eq!(app_path("/profile", "/"), "/profile");
        assert_eq!(app_path("/tools/doorstep/", "/tools/doorstep/"), "/");
        assert_eq!(app_path("/tools/doorstep", "/tools/doorstep/"), "/");
        assert_eq!(
            app_path("/tools/doorstep/profile", "/tools/doorstep/"),
            "/profile"
        );
    }

    #[test]
    fn a_path_outside_the_base_is_the_root() {
        assert_eq!(app_path("/elsewhere", "/tools/doorstep/"), "/");
        assert_eq!(app_path("/tools/doorstepper", "/tools/doorstep/"), "/");
    }

    #[test]
    fn app_paths_are_put_under_the_base() {
        assert_eq!(full_path("/", "/"), "/");
        assert_eq!(full_path("/", "/profile"), "/profile");
        assert_eq!(full_path("/tools/doorstep/", "/"), "/tools/doorstep/");
        assert_eq!(
            full_path("/tools/doorstep/", "/profile"),
            "/tools/doorstep/profile"
        );
        assert_eq!(full_path("/a/", ""), "/a/");
    }

    #[test]
    fn full_and_app_paths_round_trip() {
        for base in ["/", "/a/", "/a/b/"] {
            for path in ["/", "/profile", "/x/y"] {
                assert_eq!(
                    app_path(&full_path(base, path), base),
                    path,
                    "{base} {path}"
                );
            }
        }
    }
}
