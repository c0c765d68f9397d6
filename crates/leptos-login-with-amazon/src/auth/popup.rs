//! The rules of the popup sign-in: how Amazon's answer travels from the popup to the tab that
//! opened it, how long each side waits for the other, and when "Stay signed in" is offered.
//!
//! The answer travels over a channel named after the sign-in's `state`, not through
//! `window.opener`: the opener link does not survive `Cross-Origin-Opener-Policy`, while a
//! channel of the origin does. Only a page that knows the `state` can listen on that channel
//! (the opening tab, which made it; Amazon; the popup, which has it in its address bar), and
//! the `state` is 256 random bits, so another page of the origin cannot guess the name. The
//! popup hands over only the raw response; the opening tab checks it like any other.

use crate::auth::callback::MAX_CALLBACK_BYTES;
use crate::auth::session::SessionSummary;

/// How often the opening tab looks whether the person closed the popup.
pub const CLOSED_CHECK_MS: u32 = 400;
/// How many looks in a row must find the popup closed before the opening tab says so (about a
/// second). A popup also reads as closed once the browser cuts it off from its opener, which
/// `Cross-Origin-Opener-Policy` does when the popup comes back to this app (its page sends
/// `same-origin-allow-popups`) just before it hands the answer over; an answer that comes after
/// the tab said so is still taken.
pub const CLOSED_LOOKS: u32 = 3;
/// How many times a popup sends its answer, once a second, until the tab that opened it says
/// it took it (that tab may be reloading or busy when the answer first comes), before saying
/// that no tab is waiting.
pub const ANSWER_SENDS: u32 = 6;
/// How long before a session without a refresh token ends "Stay signed in" is offered.
pub const STAY_SIGNED_IN_NOTICE_MS: u64 = 120_000;

/// What one side of the popup sign-in tells the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PopupMessage {
    /// The popup's answer from Amazon, raw: the query (with its `?`) and the fragment (with its
    /// `#`) of the address Amazon sent the popup to. The opening tab parses and checks it.
    Answer {
        /// `""` or `?…`.
        query: String,
        /// `""` or `#…`.
        fragment: String,
    },
    /// The opening tab took the answer (whatever came of it): the popup may close.
    Taken,
    /// The popup is back on the app's page with the answer, which follows once config.json
    /// is loaded: the opening tab stops watching for it to close (the browser may have cut the
    /// opening tab off from it, which reads as closed).
    Back,
}

const ANSWER: &str = "answer";
const TAKEN: &str = "taken";
const BACK: &str = "back";

impl PopupMessage {
    /// The message as sent on the channel.
    ///
    /// ```
    /// use leptos_login_with_amazon::auth::popup::PopupMessage;
    /// let answer = PopupMessage::Answer { query: "?code=x&state=y".into(), fragment: "".into() };
    /// assert_eq!(PopupMessage::read(&answer.text()), Some(answer));
    /// ```
    pub fn text(&self) -> String {
        match self {
            PopupMessage::Answer { query, fragment } => format!("{ANSWER}{query}{fragment}"),
            PopupMessage::Taken => TAKEN.into(),
            PopupMessage::Back => BACK.into(),
        }
    }

    /// Reads a message heard on the channel; `None` for anything else (too long, or not ours).
    pub fn read(text: &str) -> Option<PopupMessage> {
        match text {
            TAKEN => return Some(PopupMessage::Taken),
            BACK => return Some(PopupMessage::Back),
            _ => {}
        }
        let rest = text.strip_prefix(ANSWER)?;
        if rest.len() > 2 * MAX_CALLBACK_BYTES + 2 {
            return None;
        }
        // A query cannot hold `#`: the first one starts the fragment.
        let (query, fragment) = match rest.find('#') {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        (query.is_empty() || query.starts_with('?')).then(|| PopupMessage::Answer {
            query: query.into(),
            fragment: fragment.into(),
        })
    }
}

/// The channel a sign-in's answer travels on: named after its `state`.
///
/// ```
/// use leptos_login_with_amazon::auth::popup::channel_name;
/// assert_eq!(channel_name("abc"), "doorstep.sign-in.abc");
/// ```
pub fn channel_name(state: &str) -> String {
    format!("doorstep.sign-in.{state}")
}

/// Whether to offer "Stay signed in" for `session` at `now_ms`: with the popup sign-in
/// configured, for a session that cannot renew itself (no refresh token), in its last
/// [`STAY_SIGNED_IN_NOTICE_MS`] and not yet over.
///
/// ```
/// use leptos_login_with_amazon::auth::popup::offers_stay_signed_in;
/// # use leptos_login_with_amazon::auth::session::SessionSummary;
/// # use leptos_login_with_amazon::config::Grant;
/// let session = SessionSummary {
///     grant: Grant::Implicit,
///     sign_in_round_trips: 2,
///     expires_at_ms: 1_000_000,
///     renews_at_ms: None,
/// };
/// assert!(offers_stay_signed_in(&session, true, 1_000_000 - 60_000));
/// assert!(!offers_stay_signed_in(&session, false, 1_000_000 - 60_000));
/// ```
pub fn offers_stay_signed_in(session: &SessionSummary, popup: bool, now_ms: u64) -> bool {
    popup
        && session.renews_at_ms.is_none()
        && now_ms < session.expires_at_ms
        && session.expires_at_ms - now_ms <= STAY_SIGNED_IN_NOTICE_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Grant;

    #[test]
    fn messages_read_back_as_written() {
        for message in [
            PopupMessage::Taken,
            PopupMessage::Back,
            PopupMessage::Answer {
                query: "?code=c&state=s".into(),
                fragment: String::new(),
            },
            PopupMessage::Answer {
                query: String::new(),
                fragment: "#access_token=t&state=s".into(),
            },
            PopupMessage::Answer {
                query: "?a=1".into(),
                fragment: "#b=2".into(),
            },
            PopupMessage::Answer {
                query: String::new(),
                fragment: String::new(),
            },
        ] {
            assert_eq!(PopupMessage::read(&message.text()), Some(message));
        }
    }

    #[test]
    fn anything_else_on_the_channel_is_not_a_message() {
        let too_long = format!("answer?{}", "a".repeat(2 * MAX_CALLBACK_BYTES + 2));
        for text in [
            "",
            "Taken",
            "taken ",
            "answer-x",
            "answercode=1",
            "news",
            &too_long,
        ] {
            assert_eq!(PopupMessage::read(text), None, "{text:?}");
        }
    }

    #[test]
    fn each_sign_in_has_its_own_channel() {
        assert_ne!(channel_name("one"), channel_name("two"));
        assert!(channel_name("s").ends_with(".s"));
    }

    #[test]
    fn stay_signed_in_is_offered_only_near_the_end_of_a_session_that_cannot_renew() {
        const END: u64 = 10_000_000;
        let session = |renews_at_ms| SessionSummary {
            grant: Grant::CodePkce,
            sign_in_round_trips: 3,
            expires_at_ms: END,
            renews_at_ms,
        };
        let cases = [
            // (renews itself, popup configured, ms before the end, offered)
            (None, true, STAY_SIGNED_IN_NOTICE_MS + 1, false),
            (None, true, STAY_SIGNED_IN_NOTICE_MS, true),
            (None, true, 1, true),
            (None, true, 0, false),
            (None, false, 60_000, false),
            (Some(END - 60_000), true, 60_000, false),
        ];
        for (renews_at_ms, popup, before_end, offered) in cases {
            assert_eq!(
                offers_stay_signed_in(&session(renews_at_ms), popup, END - before_end),
                offered,
                "{renews_at_ms:?} {popup} {before_end}"
            );
        }
        // Past the end (a clock that jumped): not offered, the session is over.
        assert!(!offers_stay_signed_in(&session(None), true, END + 5));
    }
}
