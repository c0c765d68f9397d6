//! A small value the app hands to a sign-in and gets back after the trip to Amazon (like
//! auth0-spa-js's `appState`): what the person had on the page, which a full-page redirect
//! would lose. It is kept in the tab beside the pending sign-in (saved with it, cleared with
//! it when the next sign-in starts or the person signs out), taken back once, and never sent
//! anywhere: Amazon sees only `state`, a random value.

use std::fmt;

use crate::AuthError;
use crate::auth::record::{Fields, Record, Writer};

/// The most app state a sign-in keeps, in bytes of its text. `sessionStorage` holds a few MB
/// per origin; this keeps a careless app from filling it, and a sign-in quick to save.
pub const MAX_APP_STATE_BYTES: usize = 4 * 1024;

/// The app's value, as text (the app chooses the encoding; the hook's typed methods use JSON).
/// Its `Debug` shows only its length: it is the person's own data.
#[derive(Clone, PartialEq, Eq)]
pub struct AppState(String);

impl AppState {
    /// `text` as app state, unless it is longer than [`MAX_APP_STATE_BYTES`].
    ///
    /// ```
    /// use leptos_login_with_amazon::auth::app_state::{AppState, MAX_APP_STATE_BYTES};
    ///
    /// assert!(AppState::new(r#"{"cart":["tea"]}"#.into()).is_ok());
    /// assert!(AppState::new("x".repeat(MAX_APP_STATE_BYTES + 1)).is_err());
    /// ```
    pub fn new(text: String) -> Result<Self, AuthError> {
        if text.len() > MAX_APP_STATE_BYTES {
            return Err(AuthError::AppStateTooLarge);
        }
        Ok(AppState(text))
    }

    /// The text, as the app gave it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Record for AppState {
    /// Checked again as it is read back: any page of the origin can write the tab's storage.
    fn read(fields: &Fields) -> Option<Self> {
        AppState::new(fields.text("value")?).ok()
    }

    fn write(&self, record: &mut Writer) {
        record.text("value", &self.0);
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "AppState(<{} bytes>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_state_up_to_the_limit_is_kept_and_more_is_refused() {
        let largest = "é".repeat(MAX_APP_STATE_BYTES / 2);
        assert_eq!(
            AppState::new(largest.clone()).map(|kept| kept.0),
            Ok(largest)
        );
        assert_eq!(
            AppState::new("a".repeat(MAX_APP_STATE_BYTES + 1)),
            Err(AuthError::AppStateTooLarge)
        );
    }

    #[test]
    fn it_is_kept_as_a_record_and_an_oversized_one_is_not_read_back() {
        let state = AppState::new(r#"{"list":["tea & milk"]}"#.into()).unwrap();
        assert_eq!(AppState::from_record(&state.to_record()), Some(state));
        let planted = format!("value={}", "a".repeat(MAX_APP_STATE_BYTES + 1));
        assert_eq!(AppState::from_record(&planted), None);
    }

    #[test]
    fn its_debug_shows_only_its_length() {
        let state = AppState::new("my secret list".into()).unwrap();
        assert_eq!(format!("{state:?}"), "AppState(<14 bytes>)");
    }
}
