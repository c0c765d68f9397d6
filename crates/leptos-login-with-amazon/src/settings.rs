//! What [`provide_login_with_amazon`](crate::provide_login_with_amazon) is given: where the
//! configuration comes from, and the app's own wording for errors.

use std::fmt;
use std::sync::Arc;

use crate::AuthError;
use crate::config::ConfigBuilder;

/// Where the configuration comes from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// A `config.json` at this URL, resolved against the page's base URL and fetched when
    /// sign-in starts (so one build can be deployed with different settings).
    File(String),
    /// A configuration written in code, checked by `config.json`'s rules when sign-in starts
    /// (the app's URL is the default `redirect_uri`).
    Code(ConfigBuilder),
}

/// The app's own text for an error, or `None` for the default message.
type Wording = Arc<dyn Fn(&AuthError) -> Option<String> + Send + Sync>;

/// How the sign-in is set up: the configuration's source and, optionally, the app's own
/// wording for errors. `Settings::default()` reads `config.json` next to `index.html`.
///
/// ```
/// use leptos_login_with_amazon::config::{Config, Grant};
/// use leptos_login_with_amazon::{AuthError, Settings};
///
/// // config.json next to index.html (the default), with one message in the app's words.
/// let from_file = Settings::default().messages(|error| match error {
///     AuthError::SessionExpired => Some("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.".into()),
///     _ => None,
/// });
///
/// // Or a configuration written in code.
/// let in_code = Settings::from(
///     Config::builder("amzn1.application-oa2-client.0123").grant(Grant::CodePkce),
/// );
/// ```
#[derive(Clone)]
pub struct Settings {
    pub(crate) source: ConfigSource,
    pub(crate) messages: ErrorMessages,
}

impl Settings {
    /// Reads the configuration from the `config.json` at `url` (relative URLs are resolved
    /// against the page's base URL).
    pub fn config_file(url: impl Into<String>) -> Self {
        Settings {
            source: ConfigSource::File(url.into()),
            messages: ErrorMessages::default(),
        }
    }

    /// Uses `config`, written in code.
    pub fn config(config: ConfigBuilder) -> Self {
        Settings {
            source: ConfigSource::Code(config),
            messages: ErrorMessages::default(),
        }
    }

    /// Words errors the app's way: `wording` returns the text to show for an error, or `None`
    /// to keep its default message (the error's `Display`).
    pub fn messages(
        mut self,
        wording: impl Fn(&AuthError) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.messages = ErrorMessages(Some(Arc::new(wording)));
        self
    }

    /// Where the configuration comes from.
    pub fn source(&self) -> &ConfigSource {
        &self.source
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::config_file("config.json")
    }
}

impl From<ConfigBuilder> for Settings {
    fn from(config: ConfigBuilder) -> Self {
        Settings::config(config)
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Settings")
            .field("source", &self.source)
            .field("own_messages", &self.messages.0.is_some())
            .finish()
    }
}

/// The text shown for each error: the app's own, where [`Settings::messages`] gave one, else
/// the default (what [`LoginWithAmazon::messages`](crate::LoginWithAmazon::messages) gives).
///
/// ```
/// use leptos_login_with_amazon::{AuthError, ErrorMessages};
///
/// let defaults = ErrorMessages::default();
/// assert_eq!(defaults.text(&AuthError::SessionExpired), "Your session expired. Sign in again to continue.");
/// ```
#[derive(Clone, Default)]
pub struct ErrorMessages(Option<Wording>);

impl ErrorMessages {
    /// What the person reads for `error`.
    pub fn text(&self, error: &AuthError) -> String {
        self.0
            .as_ref()
            .and_then(|wording| wording(error))
            .unwrap_or_else(|| error.to_string())
    }
}

impl fmt::Debug for ErrorMessages {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("ErrorMessages")
            .field(&self.0.as_ref().map(|_| "the app's own"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apps_wording_replaces_only_the_messages_it_gives() {
        let settings = Settings::default().messages(|error| {
            matches!(error, AuthError::SessionExpired).then(|| "Sitzung abgelaufen.".to_owned())
        });
        assert_eq!(
            settings.messages.text(&AuthError::SessionExpired),
            "Sitzung abgelaufen."
        );
        assert_eq!(
            settings.messages.text(&AuthError::Timeout),
            AuthError::Timeout.to_string()
        );
    }

    #[test]
    fn the_default_reads_config_json_next_to_the_page() {
        assert!(
            matches!(Settings::default().source(), ConfigSource::File(url) if url == "config.json")
        );
    }
}
