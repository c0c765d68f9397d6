//! Keeping the copies of this tab's session in step (tabs that started with a copy of its
//! `sessionStorage`): what this tab tells them, what it hears from them, and the origin's note
//! for copies that are away. The rules are the core's (`auth::news`); everything leaves the tab
//! sealed with the session's key, so other pages of the origin can neither read nor forge it.

use leptos::task::spawn_local;

use super::LoginWithAmazon;
use crate::AuthError;
use crate::auth::news::{Heard, News, hear};
use crate::auth::session::Session;
use crate::browser::crypto::{open, seal};
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{channel, clock, notes};

/// The channel the copies of every session talk on; each message names its session.
pub(super) const CHANNEL: &str = "doorstep.sessions";
/// Where news goes: to the copies that are open (the channel), to those that are away (the
/// origin's note), or both.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    Copies,
    Note,
    Both,
}

/// How long a copy that fell behind waits for an open copy to send it the newest generation,
/// before it signs out alone (an open copy answers within milliseconds).
const ANSWER_PATIENCE_MS: i32 = 1500;

impl LoginWithAmazon {
    /// Tells the open copies of `session` the `news`, as `<session id> <sealed news>`, in the
    /// background.
    pub(super) fn tell(session: &Session, news: &News) {
        Self::spread(session, news, Reach::Copies);
    }

    /// Leaves `news` (never one with tokens) in the origin's note about `session`, for copies
    /// that are away, in the background (sealing takes a few milliseconds; a renewal holds
    /// its lock a second longer).
    pub(super) fn note(session: &Session, news: &News) {
        Self::spread(session, news, Reach::Note);
    }

    /// Seals `news` with the key of `session`, then sends it where `reach` says.
    pub(super) fn spread(session: &Session, news: &News, reach: Reach) {
        let (id, key, text) = (session.id.clone(), session.key.clone(), news.encode());
        let ended = matches!(news, News::Ended { .. });
        spawn_local(async move {
            let Some(sealed) = seal(&key, &text).await else {
                return;
            };
            if reach != Reach::Note {
                channel::post(&format!("{id} {sealed}"));
            }
            if reach != Reach::Copies {
                notes::write(&id, ended, &sealed, clock::now_ms());
            }
        });
    }

    /// Reads the origin's note about `session`, which this tab holds, and does what it says
    /// (renewed or ended by a copy while this tab was away); whether the session stays as it
    /// was.
    pub(super) async fn note_read(self, session: &Session) -> bool {
        // The end first: it is final.
        for ended in [true, false] {
            let Some(sealed) = notes::read(&session.id, ended) else {
                continue;
            };
            let news = open(&session.key, &sealed).await;
            // Only what a note may say, about the session held now (it may have changed).
            let mine = self.session().filter(|mine| mine.id == session.id);
            if let (Some(news @ (News::Newest(_) | News::Ended { .. })), Some(mine)) =
                (news.as_deref().and_then(News::decode), mine)
                && !self.act(&mine, hear(&mine, news))
            {
                return false;
            }
        }
        true
    }

    /// A message on the channel. Only one sealed with this tab's session key counts.
    pub(super) fn hear(self, text: String) {
        let Some(session) = self.session() else {
            return;
        };
        let Some(sealed) = text
            .strip_prefix(session.id.as_str())
            .and_then(|rest| rest.strip_prefix(' '))
            .map(str::to_owned)
        else {
            return;
        };
        spawn_local(async move {
            let Some(news) = open(&session.key, &sealed).await else {
                return;
            };
            // The rules apply to the session held now, which may have changed meanwhile.
            let mine = self.session().filter(|mine| mine.id == session.id);
            if let (Some(news), Some(mine)) = (News::decode(&news), mine) {
                self.act(&mine, hear(&mine, news));
            }
        });
    }

    /// Does what `heard` says about `mine`, the session held; whether the session stays as it
    /// was (nothing newer, not ended).
    pub(super) fn act(self, mine: &Session, heard: Heard) -> bool {
        match heard {
            Heard::Ignore => {}
            Heard::Answer => Self::tell(mine, &News::Current(mine.clone())),
            Heard::Rival { ticket, at_ms } if ticket != self.ticket => {
                self.change(|held| held.renewal.claims.heard(ticket, at_ms));
            }
            // This page's own claim, replayed by someone else.
            Heard::Rival { .. } => {}
            Heard::Adopt(theirs) => {
                self.take(theirs);
                return false;
            }
            Heard::Behind => {
                spawn_local(self.catch_up(mine.clone()));
                return false;
            }
            Heard::End(reason) => {
                self.end_here(reason.error());
                return false;
            }
        }
        true
    }

    /// Keeps `theirs`, a newer generation of this tab's session, from now on.
    fn take(self, theirs: Session) {
        match TabStorage::open().and_then(|storage| storage.save(StorageKey::Session, &theirs)) {
            Ok(()) => self.adopt(theirs),
            Err(error) => self.end_here(error),
        }
    }

    /// A newer generation of `mine` exists, but its tokens are elsewhere: asks the open copies
    /// for them, and signs out alone, quietly, if none sends them in time (the copy holding
    /// them was closed, or is frozen). Never renews with the refresh token it holds, which
    /// Amazon may have retired.
    async fn catch_up(self, mine: Session) {
        Self::tell(&mine, &News::Ask(mine.generation));
        clock::sleep(ANSWER_PATIENCE_MS).await;
        // Unless a copy sent the newest (adopted) or the session ended meanwhile.
        if self.holds(&mine) {
            self.end_here(AuthError::RenewedElsewhere);
        }
    }
}
