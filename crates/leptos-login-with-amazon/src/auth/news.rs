//! What the copies of one session tell each other, and what each copy does with what it hears.
//!
//! A copy is a tab that holds the same session because it started with a copy of another's
//! `sessionStorage` (a duplicated tab, a window the app opened). Copies talk over a
//! `BroadcastChannel` and leave a note for copies that are away (in `localStorage`); both are
//! readable by every page of the origin, so every message is sealed with the session's key
//! first (`browser::seal`): only true copies can read one, or make one that another accepts.
//!
//! The rules, which make replayed messages harmless: news counts only for its own session; a
//! copy adopts only a newer generation (never a clock); an ending caused by Amazon counts only
//! for copies whose generation it covers, so a copy holding a retired refresh token never ends
//! a newer one; only signing out, which the person asked for, ends every generation.

use crate::AuthError;
use crate::auth::record::Record;
use crate::auth::session::Session;

/// Why a session ended, as its copies are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The person signed out.
    SignedOut,
    /// Amazon refused to renew it.
    Refused,
    /// Amazon no longer accepts its access token (or it was never this app's).
    Rejected,
}

impl EndReason {
    /// What a copy that hears of this ending tells the person.
    pub fn error(self) -> AuthError {
        match self {
            EndReason::SignedOut => AuthError::SignedOutElsewhere,
            EndReason::Refused => AuthError::RenewalRefused,
            EndReason::Rejected => AuthError::SessionRejected,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            EndReason::SignedOut => "signed_out",
            EndReason::Refused => "refused",
            EndReason::Rejected => "rejected",
        }
    }

    fn named(name: &str) -> Option<EndReason> {
        match name {
            "signed_out" => Some(EndReason::SignedOut),
            "refused" => Some(EndReason::Refused),
            "rejected" => Some(EndReason::Rejected),
            _ => None,
        }
    }
}

/// One piece of news about a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum News {
    /// The session as a copy holds it, tokens included: sent after a renewal, and in answer to
    /// [`News::Ask`]. Never written to the origin's note.
    Current(Session),
    /// Generation N is the newest: the origin's note after a renewal (no tokens).
    Newest(u64),
    /// A copy holding generation N asks whether a newer one exists.
    Ask(u64),
    /// A copy is about to renew generation N, where Web Locks cannot keep renewals to one at a
    /// time: the lowest `ticket` among copies claiming at once goes ahead (see [`Claims`]).
    /// `at_ms` is when it claimed (copies of a tab share the computer's clock), so that a
    /// replayed claim stops counting once it is old.
    Claim {
        /// The generation claimed.
        generation: u64,
        /// The claiming copy's random ticket: the lower one goes ahead.
        ticket: u64,
        /// When the claim was made, in milliseconds since the Unix epoch.
        at_ms: u64,
    },
    /// The session ended.
    Ended {
        /// The generation it ended at.
        generation: u64,
        /// Why it ended.
        reason: EndReason,
    },
}

impl News {
    /// The news as text, before it is sealed: `current <the stored record>`, `newest N`,
    /// `ask N`, `claim N TICKET AT` or `ended N REASON`.
    pub fn encode(&self) -> String {
        match self {
            News::Current(session) => format!("current {}", session.to_record()),
            News::Newest(generation) => format!("newest {generation}"),
            News::Ask(generation) => format!("ask {generation}"),
            News::Claim {
                generation,
                ticket,
                at_ms,
            } => format!("claim {generation} {ticket} {at_ms}"),
            News::Ended { generation, reason } => format!("ended {generation} {}", reason.as_str()),
        }
    }

    /// Reads news text; anything else is `None`.
    pub fn decode(text: &str) -> Option<News> {
        let (kind, rest) = text.split_once(' ')?;
        if kind == "current" {
            return Session::from_record(rest).map(News::Current);
        }
        let mut words = rest.split(' ');
        let generation = words.next()?.parse().ok()?;
        let news = match kind {
            "newest" => News::Newest(generation),
            "ask" => News::Ask(generation),
            "claim" => News::Claim {
                generation,
                ticket: words.next()?.parse().ok()?,
                at_ms: words.next()?.parse().ok()?,
            },
            "ended" => News::Ended {
                generation,
                reason: EndReason::named(words.next()?)?,
            },
            _ => return None,
        };
        // Nothing may follow.
        words.next().is_none().then_some(news)
    }
}

/// What a copy holding `mine` does with news it heard (or read in the origin's note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Nothing: another session, an older or equal generation, or a replay.
    Ignore,
    /// Take this newer generation of the session.
    Adopt(Session),
    /// A newer generation exists, and no tokens came with the news: ask the live copies for
    /// them, and sign out alone, quietly, if none answers.
    Behind,
    /// A copy holding an older generation asks: answer with this copy's session.
    Answer,
    /// Another copy claims the renewal of this generation.
    Rival {
        /// Its random ticket.
        ticket: u64,
        /// When it claimed, in milliseconds since the Unix epoch.
        at_ms: u64,
    },
    /// The session is over, for this reason.
    End(EndReason),
}

/// Applies `news` to `mine`.
pub fn hear(mine: &Session, news: News) -> Heard {
    match news {
        News::Current(theirs) if theirs.id == mine.id && theirs.generation > mine.generation => {
            Heard::Adopt(theirs)
        }
        News::Newest(generation) if generation > mine.generation => Heard::Behind,
        News::Ask(generation) if generation < mine.generation => Heard::Answer,
        News::Claim {
            generation,
            ticket,
            at_ms,
        } if generation == mine.generation => Heard::Rival { ticket, at_ms },
        News::Ended {
            reason: EndReason::SignedOut,
            ..
        } => Heard::End(EndReason::SignedOut),
        News::Ended { generation, reason } if generation >= mine.generation => Heard::End(reason),
        _ => Heard::Ignore,
    }
}

/// How long the origin keeps its note about a session after the note was last written (each
/// renewal writes it again): a copy away for longer finds no note, and learns only from the
/// copies that are open.
pub const NOTE_LIFETIME_MS: u64 = 30 * 24 * 3600 * 1000;

/// Whether a note written at `written_ms` has outlived its use at `now_ms`.
pub fn note_outlived(written_ms: u64, now_ms: u64) -> bool {
    now_ms.saturating_sub(written_ms) >= NOTE_LIFETIME_MS
}

/// How long a claim to renew holds the other copies back: longer than a renewal may take (the
/// 20 s request limit), so that a copy that claimed and vanished is replaced.
pub const CLAIM_LIFETIME_MS: u64 = 30_000;
/// How long a copy that claimed waits for a rival's claim to reach it before renewing.
pub const CLAIM_WAIT_MS: i32 = 300;

/// The claims to renew the generation a copy holds that it heard from other copies, where
/// there are no Web Locks: a copy renews only if no other is renewing, and when several claim
/// at once, the lowest ticket goes ahead. (The renewal state that holds this starts afresh with
/// each generation.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// (ticket, claimed at) of each claim heard; a replay adds nothing.
    heard: Vec<(u64, u64)>,
}

impl Claims {
    /// Another copy claimed the renewal with `ticket` at `at_ms`.
    pub fn heard(&mut self, ticket: u64, at_ms: u64) {
        if !self.heard.contains(&(ticket, at_ms)) {
            self.heard.push((ticket, at_ms));
        }
    }

    /// Whether this copy leaves the renewal to another copy: before claiming (`mine` is
    /// `None`), to any claim made in the last [`CLAIM_LIFETIME_MS`] before `now_ms`; after
    /// claiming with (ticket, at), to a claim made around then with a lower ticket, however
    /// long this copy's own wait took (a throttled background tab may wait a minute).
    pub fn gives_way(&self, mine: Option<(u64, u64)>, now_ms: u64) -> bool {
        self.heard.iter().any(|&(ticket, at)| match mine {
            None => now_ms.saturating_sub(at) < CLAIM_LIFETIME_MS,
            Some((mine, mine_at)) => mine_at.abs_diff(at) < CLAIM_LIFETIME_MS && ticket < mine,
        })
    }

    /// This copy won the claim: the claims it won against no longer hold it back when it
    /// claims again (after a renewal that failed and is retried).
    pub fn won(&mut self) {
        self.heard.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::session::IssuedTokens;
    use crate::auth::token::{AccessToken, RefreshToken, SealingKey};
    use crate::config::Grant;

    fn session(id: &str, generation: u64, refresh: &str) -> Session {
        let tokens = IssuedTokens {
            access_token: AccessToken::new("Atza|a".into()),
            refresh_token: Some(RefreshToken::new(refresh.into())),
            expires_in_seconds: 3600,
            granted_scope: Some("profile".into()),
        };
        let key = SealingKey::new("k".into());
        Session {
            generation,
            ..Session::start(id.into(), key, Grant::CodePkce, tokens, 5)
        }
    }

    #[test]
    fn news_round_trips_through_its_text() {
        for news in [
            News::Current(session("S1", 3, "Atzr|2")),
            News::Newest(7),
            News::Ask(2),
            News::Claim {
                generation: 4,
                ticket: u64::MAX,
                at_ms: 1_700_000_000_000,
            },
            News::Ended {
                generation: 9,
                reason: EndReason::SignedOut,
            },
            News::Ended {
                generation: 1,
                reason: EndReason::Refused,
            },
            News::Ended {
                generation: 2,
                reason: EndReason::Rejected,
            },
        ] {
            assert_eq!(News::decode(&news.encode()), Some(news));
        }
    }

    #[test]
    fn anything_else_is_not_news() {
        for text in [
            "",
            "current",
            "current id=S1",
            "newest",
            "newest x",
            "newest 1 2",
            "ask -1",
            "claim 1",
            "claim 1 x",
            "claim 1 2",
            "claim 1 2 3 4",
            "ended 1",
            "ended 1 maybe",
            "ended S1",
            "renewed id=S1",
            "hello 1",
            "{\"event\":\"ended\"}",
        ] {
            assert_eq!(News::decode(text), None, "{text:?}");
        }
    }

    /// What a copy holding generation 5 of S1 does with each piece of news.
    #[test]
    fn a_copy_acts_only_on_news_of_its_own_session_and_a_newer_generation() {
        let mine = session("S1", 5, "Atzr|5");
        let newer = session("S1", 6, "Atzr|6");
        let ended = |generation, reason| News::Ended { generation, reason };
        let table = [
            (News::Current(newer.clone()), Heard::Adopt(newer)),
            (News::Current(session("S1", 5, "Atzr|5")), Heard::Ignore),
            (News::Current(session("S1", 4, "Atzr|4")), Heard::Ignore),
            (News::Current(session("S2", 9, "Atzr|9")), Heard::Ignore),
            (News::Newest(6), Heard::Behind),
            (News::Newest(5), Heard::Ignore),
            (News::Newest(1), Heard::Ignore),
            (News::Ask(4), Heard::Answer),
            (News::Ask(5), Heard::Ignore),
            (News::Ask(6), Heard::Ignore),
            (
                News::Claim {
                    generation: 5,
                    ticket: 3,
                    at_ms: 9,
                },
                Heard::Rival {
                    ticket: 3,
                    at_ms: 9,
                },
            ),
            (
                News::Claim {
                    generation: 4,
                    ticket: 3,
                    at_ms: 9,
                },
                Heard::Ignore,
            ),
            // Signing out ends every generation: the person asked for it.
            (
                ended(1, EndReason::SignedOut),
                Heard::End(EndReason::SignedOut),
            ),
            (
                ended(5, EndReason::SignedOut),
                Heard::End(EndReason::SignedOut),
            ),
            // Amazon's refusal ends the generations it covers, never a newer one: the copy
            // that heard it held a retired refresh token.
            (ended(5, EndReason::Refused), Heard::End(EndReason::Refused)),
            (
                ended(6, EndReason::Rejected),
                Heard::End(EndReason::Rejected),
            ),
            (ended(4, EndReason::Refused), Heard::Ignore),
            (ended(4, EndReason::Rejected), Heard::Ignore),
        ];
        for (news, expected) in table {
            let text = news.encode();
            assert_eq!(hear(&mine, news), expected, "{text}");
        }
    }

    #[test]
    fn without_web_locks_one_copy_renews_each_generation() {
        let mut claims = Claims::default();
        assert!(!claims.gives_way(None, 1_000), "nobody else claimed");
        claims.heard(40, 1_000);
        assert!(claims.gives_way(None, 1_100), "another copy is renewing");
        // Two copies that claimed at once: the lower ticket goes ahead.
        assert!(claims.gives_way(Some((41, 1_010)), 1_300));
        assert!(!claims.gives_way(Some((39, 1_010)), 1_300));
        // However long the wait took (a throttled tab): claims made around then still count.
        assert!(claims.gives_way(Some((41, 1_010)), 61_310));
        // A claim from a copy that vanished stops holding the others back.
        assert!(!claims.gives_way(None, 1_000 + CLAIM_LIFETIME_MS));
    }

    #[test]
    fn a_replayed_claim_adds_nothing_and_stops_counting_once_old() {
        let mut claims = Claims::default();
        for _ in 0..1000 {
            claims.heard(7, 5_000);
        }
        assert_eq!(claims.heard, [(7, 5_000)]);
        let later = 5_000 + CLAIM_LIFETIME_MS;
        assert!(!claims.gives_way(None, later), "an old claim, replayed");
        assert!(
            !claims.gives_way(Some((9, later)), later),
            "not claimed around then"
        );
    }

    #[test]
    fn the_winner_is_not_held_back_by_the_claims_it_won_against() {
        let mut claims = Claims::default();
        claims.heard(41, 1_000);
        assert!(!claims.gives_way(Some((39, 1_000)), 1_300), "39 wins");
        claims.won();
        assert!(
            !claims.gives_way(None, 2_300),
            "claims again after a failed renewal"
        );
    }

    #[test]
    fn a_note_lasts_thirty_days_from_its_last_writing() {
        let day = 24 * 3600 * 1000;
        assert!(!note_outlived(day, day));
        assert!(!note_outlived(day, 30 * day));
        assert!(note_outlived(day, 31 * day));
        assert!(
            !note_outlived(31 * day, day),
            "a clock set back keeps notes"
        );
    }
}
