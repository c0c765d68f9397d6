//! What the tabs that share a session tell each other (over a `BroadcastChannel`, which only
//! this origin's pages hear): a renewal, so that no copy keeps a refresh token that rotation
//! replaced, and an end, so that signing out or a refused renewal clears every copy.

use crate::auth::session::Session;

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionNews {
    /// The session was renewed: its new state.
    Renewed(Session),
    /// The session named `id` is over (signed out, or Amazon refused to renew it).
    Ended { id: String },
}

impl SessionNews {
    /// The message's text: `renewed ` and the session as storage holds it (a form-encoded
    /// record), or `ended ` and the session's id.
    pub fn encode(&self) -> String {
        match self {
            SessionNews::Renewed(session) => serde_urlencoded::to_string(session)
                .map(|record| format!("renewed {record}"))
                .unwrap_or_default(),
            SessionNews::Ended { id } => format!("ended {id}"),
        }
    }

    /// Reads a message; anything else is `None` and ignored.
    pub fn decode(text: &str) -> Option<SessionNews> {
        match text.split_once(' ')? {
            ("renewed", record) => serde_urlencoded::from_str(record)
                .ok()
                .map(SessionNews::Renewed),
            ("ended", id) if !id.is_empty() => Some(SessionNews::Ended { id: id.to_owned() }),
            _ => None,
        }
    }
}

/// What a tab holding `mine` should do with news it heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Not about this session, or older than what this tab holds.
    Ignore,
    /// Take these tokens: the same session, renewed later than this tab's copy.
    Adopt(Session),
    /// This session is over.
    End,
}

/// Applies `news` to this tab's session: only news about the same session counts, and only a
/// renewal newer than this tab's copy (messages can arrive out of order).
pub fn hear(mine: &Session, news: SessionNews) -> Heard {
    match news {
        SessionNews::Renewed(theirs)
            if theirs.id == mine.id && theirs.issued_at_ms > mine.issued_at_ms =>
        {
            Heard::Adopt(theirs)
        }
        SessionNews::Ended { id } if id == mine.id => Heard::End,
        _ => Heard::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::session::IssuedTokens;
    use crate::auth::token::{AccessToken, RefreshToken};
    use crate::config::Grant;

    fn session(id: &str, issued_at_ms: u64, refresh: &str) -> Session {
        let tokens = IssuedTokens {
            access_token: AccessToken::new("Atza|a".into()),
            refresh_token: Some(RefreshToken::new(refresh.into())),
            expires_in_seconds: 3600,
            granted_scope: Some("profile".into()),
        };
        Session::start(id.into(), Grant::CodePkce, tokens, issued_at_ms, 3)
    }

    #[test]
    fn news_round_trips_through_its_text() {
        for news in [
            SessionNews::Renewed(session("S1", 5, "Atzr|2")),
            SessionNews::Ended { id: "S1".into() },
        ] {
            assert_eq!(SessionNews::decode(&news.encode()), Some(news));
        }
    }

    #[test]
    fn anything_else_is_ignored() {
        for text in [
            "",
            "renewed",
            "renewed id=S1",
            "ended",
            "ended ",
            "hello S1",
            "{\"event\":\"ended\"}",
        ] {
            assert_eq!(SessionNews::decode(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_newer_renewal_of_the_same_session_is_adopted() {
        let mine = session("S1", 10, "Atzr|1");
        let theirs = session("S1", 20, "Atzr|2");
        assert_eq!(
            hear(&mine, SessionNews::Renewed(theirs.clone())),
            Heard::Adopt(theirs)
        );
    }

    #[test]
    fn an_older_renewal_or_another_session_is_ignored() {
        let mine = session("S1", 20, "Atzr|2");
        for news in [
            SessionNews::Renewed(session("S1", 10, "Atzr|1")),
            SessionNews::Renewed(session("S1", 20, "Atzr|2")),
            SessionNews::Renewed(session("S2", 30, "Atzr|3")),
            SessionNews::Ended { id: "S2".into() },
        ] {
            assert_eq!(hear(&mine, news), Heard::Ignore);
        }
    }

    #[test]
    fn the_end_of_the_same_session_ends_this_copy() {
        let mine = session("S1", 20, "Atzr|2");
        assert_eq!(
            hear(&mine, SessionNews::Ended { id: "S1".into() }),
            Heard::End
        );
    }
}
