//! App paths: the part of the address after the app's base path (Trunk's public URL, written
//! into `<base href>`), so that an app works the same at `https://example.com/` and at
//! `https://example.com/tools/my-app/`. A sign-in's return path is an app path.
//!
//! ```
//! use leptos_login_with_amazon::paths::{app_path, full_path};
//!
//! assert_eq!(app_path("/tools/my-app/orders", "/tools/my-app/"), "/orders");
//! assert_eq!(full_path("/tools/my-app/", "/orders"), "/tools/my-app/orders");
//! ```

use crate::browser::location;

/// The app path of `pathname` (the address bar's path) for an app served under `base_path`
/// (which ends with `/`). A path outside the base counts as the app's root.
///
/// ```
/// # use leptos_login_with_amazon::paths::app_path;
/// assert_eq!(app_path("/profile", "/"), "/profile");
/// assert_eq!(app_path("/elsewhere", "/tools/my-app/"), "/");
/// ```
pub fn app_path(pathname: &str, base_path: &str) -> String {
    let inside = base_path
        .strip_suffix('/')
        .and_then(|base| pathname.strip_prefix(base))
        .filter(|rest| rest.starts_with('/'));
    inside.unwrap_or("/").to_owned()
}

/// The address-bar path for `app_path` under `base_path`: what links point at and what the
/// history holds.
///
/// ```
/// # use leptos_login_with_amazon::paths::full_path;
/// assert_eq!(full_path("/", "/profile"), "/profile");
/// assert_eq!(full_path("/tools/my-app/", "/"), "/tools/my-app/");
/// ```
pub fn full_path(base_path: &str, app_path: &str) -> String {
    format!(
        "{}{}",
        base_path.trim_end_matches('/'),
        if app_path.is_empty() { "/" } else { app_path }
    )
}

/// The path this page's app is served under, ending with `/` (the path of `<base href>`'s
/// directory; `/` without one). Reads the page, so it runs in the browser only.
///
/// ```no_run
/// # use leptos_login_with_amazon::paths::{base_path, full_path};
/// // A link to the app's `/orders` page, wherever the app is served.
/// let href = full_path(&base_path(), "/orders");
/// ```
pub fn base_path() -> String {
    location::app_base_path()
}

/// The app path of the page shown now, e.g. `/orders` (what to come back to after signing in).
///
/// Reads the page, so it runs in the browser only.
///
/// ```no_run
/// # use leptos_login_with_amazon::paths::current_app_path;
/// let here = current_app_path(); // e.g. "/orders"
/// ```
pub fn current_app_path() -> String {
    app_path(&location::pathname(), &base_path())
}

#[cfg(test)]
mod tests {
    use super::*;

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
