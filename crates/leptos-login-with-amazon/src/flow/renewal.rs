//! Keeping a session alive: the clock, coming back to the page, and renewals with the refresh
//! token, one per generation across the copies of the tab (a Web Lock named after the access
//! token, or claims on the channel where there are no Web Locks). The rules (when, how often, which
//! failures end it, who renews) are the core's, in `auth::renewal`, `auth::failure` and
//! `auth::news`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::popup;
use super::{AuthState, LoginWithAmazon, SignedIn, SignedOutReason};
use crate::AuthError;
use crate::amazon::token::renew;
use crate::auth::failure::{Ending, ending};
use crate::auth::news::{CLAIM_WAIT_MS, News};
use crate::auth::renewal::{Due, Renewal, asked_wait_ms};
use crate::auth::session::Session;
use crate::browser::clock;
use crate::browser::locks::{Locked, run_if_lock_free};
use crate::browser::storage::{StorageKey, TabStorage};
use crate::config::Config;

/// How long a copy about to renew waits for an open copy holding a newer generation to answer
/// its question (an open copy answers within milliseconds).
const ASK_PATIENCE_MS: i32 = 300;

/// How long a tab that renewed (or was refused) keeps the lock after telling the others: long
/// enough for them to hear the news, and for the origin's note to be sealed and written,
/// before any of them looks at its clock again and renews the old session.
const NEWS_GRACE_MS: i32 = 1000;

impl LoginWithAmazon {
    /// Advances the clock, and renews or ends the session when it is time.
    pub(super) fn tick(&self) {
        let now = clock::now_ms();
        self.set_now_ms.set(now);
        self.check_stay_signed_in();
        self.hand_over_again();
        let due = self.read(|held| {
            (held.session.as_ref()).map_or(Due::Nothing, |session| held.renewal.due(session, now))
        });
        self.act_on(due);
    }

    /// Renews the session now (once nothing else is under way), whatever the clock and any
    /// backoff say: Amazon refused its access token.
    pub(super) fn renew_now(&self) {
        self.change(|held| held.renewal.force());
        self.tick();
    }

    /// Renews or ends the session when `due` says so (a renewal needs the configuration).
    pub(super) fn act_on(&self, due: Due) {
        match due {
            Due::End if popup::popup_open() || self.replacing() => {
                self.expired_while_in_popup();
            }
            Due::End => self.fail(AuthError::SessionExpired),
            Due::Renew if self.read(|held| held.config.is_some()) => {
                self.change(|held| held.renewal.start());
                spawn_local(self.renew());
            }
            Due::Renew | Due::Nothing => {}
        }
    }

    /// The tab is shown again or the browser is back online: timers may have been throttled or
    /// asleep, a failed renewal may work now, and the session may have been renewed or ended
    /// by a copy meanwhile (the origin's note says). A page restored from the back/forward
    /// cache may still think it is on its way to Amazon; a kept session that could not be
    /// checked is checked again.
    pub(super) fn look_again(&self) {
        let (redirecting, unchecked) = self.state.with_untracked(|state| {
            (
                matches!(state, AuthState::Redirecting),
                matches!(state, AuthState::Kept(AuthError::SessionUnchecked)),
            )
        });
        if redirecting {
            self.set_state
                .set(AuthState::SignedOut(SignedOutReason::NotSignedIn));
        }
        if unchecked {
            self.retry();
        }
        self.learn_then(None);
    }

    /// The page is being left. If the back/forward cache keeps it, it comes back showing what
    /// it shows now: nothing signed in, so that a session ended meanwhile is never shown.
    pub(super) fn leaving(&self) {
        if self
            .state
            .with_untracked(|state| matches!(state, AuthState::SignedIn(_)))
        {
            self.set_state.set(AuthState::Checking);
        }
    }

    /// The page came back from the back/forward cache: a session held is taken up again as
    /// after a reload (the origin's note first, then Amazon).
    pub(super) fn restored(&self) {
        match self.read(|held| held.session.is_some()) {
            true => self.learn_then(self.config()),
            false => self.look_again(),
        }
    }

    /// Renews the session with its refresh token, unless another copy is doing it right now
    /// (it will tell this one). Started by [`act_on`](Self::act_on), which marks the renewal
    /// as started.
    pub(super) async fn renew(self) {
        let (Some(config), Some(session)) = (self.config(), self.session()) else {
            return;
        };
        let attempt = self.attempt();
        // Named so that no other page of the origin can hold it ahead of the copies.
        let lock = session.lock_name();
        let outcome = run_if_lock_free(&lock, move |locked| {
            self.renew_alone(config, session, locked)
        })
        .await;
        if attempt != self.attempt() {
            return;
        }
        match outcome {
            Locked::Busy | Locked::Ran(Ok(false)) => {
                self.change(|held| held.renewal.skipped());
                // Restoring while a copy renews, or waits out Amazon's Retry-After: the person
                // is told, and may sign out meanwhile.
                if self
                    .state
                    .with_untracked(|state| matches!(state, AuthState::Checking))
                {
                    self.set_state.set(AuthState::Reconnecting);
                }
            }
            Locked::Ran(Ok(true)) => {}
            Locked::Ran(Err(error)) if ending(&error) == Ending::Passing => {
                self.change(|held| held.renewal.failed(clock::now_ms()));
                self.show_reconnecting();
            }
            Locked::Ran(Err(error)) => self.fail(error),
        }
    }

    /// The renewal itself, once no other copy is renewing: this copy holds the Web Lock
    /// (`locked`), or where there is none, it won the claim on the channel. `Ok(false)` when
    /// another copy is renewing (look again at the next tick). A copy never presents its
    /// refresh token while a newer generation exists (Amazon may have retired it, and with it
    /// revoke every token of the session): it reads the origin's note and asks the open copies
    /// first.
    async fn renew_alone(
        self,
        config: Arc<Config>,
        session: Arc<Session>,
        locked: bool,
    ) -> Result<bool, AuthError> {
        if !locked && !self.wins_claim(&session).await {
            return Ok(false);
        }
        if self.holds(&session) && self.note_read(&session).await {
            // The note can be deleted or put back by any page of the origin; an open copy
            // holding a newer generation answers this instead.
            Self::tell(&session, &News::Ask(session.generation));
            clock::sleep(ASK_PATIENCE_MS).await;
        }
        // A copy may have renewed this session since the clock said so: its news came, or the
        // note said so (or that the session ended).
        let (true, Some(refresh_token)) = (self.holds(&session), &session.refresh_token) else {
            return Ok(true);
        };
        let attempt = self.attempt();
        let answer = renew(&config, refresh_token).await;
        if attempt != self.attempt() || !self.holds(&session) {
            return Ok(true);
        }
        let tokens = match answer {
            Ok(tokens) => tokens,
            Err(AuthError::Throttled(Some(seconds))) => {
                // Amazon asked for a wait: this copy waits it out holding the lock, so that no
                // other copy asks again meanwhile.
                clock::sleep(asked_wait_ms(seconds) as i32).await;
                return Err(AuthError::Throttled(None));
            }
            Err(error) if ending(&error) != Ending::Passing => {
                // Refused: the session ends here and in every copy, and the lock is held a
                // moment longer, so that the copy that takes it next has heard, instead of
                // presenting the same refresh token again.
                self.fail(error);
                clock::sleep(NEWS_GRACE_MS).await;
                return Ok(true);
            }
            Err(error) => return Err(error),
        };
        let renewed = session.renewed(tokens, clock::now_ms());
        // The copies first: even if this tab cannot keep the new tokens, they can.
        Self::note(&renewed, &News::Newest(renewed.generation));
        Self::tell(&renewed, &News::Current(renewed.clone()));
        TabStorage::open()?.save(StorageKey::Session, &renewed)?;
        self.adopt(renewed);
        clock::sleep(NEWS_GRACE_MS).await;
        Ok(true)
    }

    /// Where Web Locks are missing: claims the renewal of `session`'s generation on the channel,
    /// and whether this copy goes ahead (no other copy is renewing it, or claimed it at the
    /// same moment with a lower ticket).
    async fn wins_claim(self, session: &Session) -> bool {
        let gives_way =
            |mine| self.read(|held| held.renewal.claims.gives_way(mine, clock::now_ms()));
        if gives_way(None) {
            return false;
        }
        let (generation, ticket, at_ms) = (session.generation, self.ticket, clock::now_ms());
        Self::tell(
            session,
            &News::Claim {
                generation,
                ticket,
                at_ms,
            },
        );
        clock::sleep(CLAIM_WAIT_MS).await;
        let won = !gives_way(Some((ticket, at_ms)));
        if won {
            self.change(|held| held.renewal.claims.won());
        }
        won
    }

    /// Holds `renewed` as this tab's session from now on, and shows it.
    pub(super) fn adopt(&self, renewed: Session) {
        let renewed = Arc::new(renewed);
        self.change(|held| {
            held.renewal = Renewal::default();
            held.session = Some(renewed.clone());
        });
        let shown = self.state.with_untracked(|state| match state {
            AuthState::SignedIn(signed_in) => Some(signed_in.profile.clone()),
            _ => None,
        });
        match (shown, self.config()) {
            (Some(profile), _) => self.set_state.set(AuthState::SignedIn(SignedIn {
                profile,
                session: renewed.summary(),
                reconnecting: false,
            })),
            // Renewed while restoring after a reload: nobody is shown signed in yet.
            (None, Some(config)) => spawn_local(self.verify(config, renewed, false)),
            (None, None) => {}
        }
    }

    fn show_reconnecting(&self) {
        self.set_state.update(|state| match state {
            AuthState::SignedIn(signed_in) => signed_in.reconnecting = true,
            other => *other = AuthState::Reconnecting,
        });
    }
}
