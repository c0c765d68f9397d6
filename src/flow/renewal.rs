//! Keeping a session alive: the clock, renewals with the refresh token (one per renewal across
//! the tabs that share the session, through a Web Lock named after the client), and the news
//! those tabs send each other. The rules (when, how often, which failures end it) are the
//! core's, in `auth::renewal`, `auth::failure` and `auth::news`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{AuthFlow, AuthState, SignedIn, SignedOutReason};
use crate::AuthError;
use crate::amazon::token::renew;
use crate::auth::failure::ends_session;
use crate::auth::news::{Heard, SessionNews, hear};
use crate::auth::renewal::{Due, Renewal};
use crate::auth::session::Session;
use crate::browser::locks::{Locked, run_if_lock_free};
use crate::browser::storage::{StorageKey, TabStorage};
use crate::browser::{channel, clock};

/// How long a tab that renewed keeps the lock after telling the others: long enough for them to
/// hear the news before any of them looks at its clock again and renews the old session.
const NEWS_GRACE_MS: i32 = 1000;

impl AuthFlow {
    /// Advances the clock, and renews or ends the session when it is time.
    pub(super) fn tick(&self) {
        let now = clock::now_ms();
        self.now_ms.set(now);
        let due = self.session.with_value(|session| {
            session.as_ref().map_or(Due::Nothing, |session| {
                self.renewal.with_value(|renewal| renewal.due(session, now))
            })
        });
        self.act_on(due);
    }

    /// Renews or ends the session when `due` says so.
    pub(super) fn act_on(&self, due: Due) {
        match due {
            Due::Nothing => {}
            Due::End => self.fail(AuthError::SessionExpired),
            Due::Renew => {
                self.renewal.update_value(Renewal::start);
                spawn_local(self.renew());
            }
        }
    }

    /// The tab is shown again or the browser is back online: timers may have been throttled or
    /// asleep, and a failed renewal may work now. Also, a page restored from the back/forward
    /// cache may still think it is on its way to Amazon.
    /// Also, a kept session that could not be checked is checked again.
    pub(super) fn look_again(&self) {
        self.renewal.update_value(Renewal::retry_now);
        self.tick();
        match self.state.get_untracked() {
            AuthState::Redirecting => self
                .state
                .set(AuthState::SignedOut(SignedOutReason::NotSignedIn)),
            AuthState::Unavailable(AuthError::SessionUnchecked) => self.retry(),
            _ => {}
        }
    }

    /// Renews the session with its refresh token, unless another tab is doing it right now (it
    /// will tell this one). Started by [`tick`](Self::tick), which marks the renewal as started.
    pub(super) async fn renew(self) {
        let (Some(config), Some(session)) = (self.config.get_value(), self.session.get_value())
        else {
            return;
        };
        let Some(refresh_token) = session.refresh_token.clone() else {
            return;
        };
        let attempt = self.attempt.get_value();
        let lock = format!("doorstep.renewal.{}", config.client_id.as_str());
        let outcome = run_if_lock_free(&lock, async move {
            // Another tab may have renewed this session since the clock said so.
            if self
                .session
                .with_value(|kept| kept.as_ref() != Some(&session))
            {
                return Ok(());
            }
            let tokens = renew(&config, &refresh_token).await?;
            if attempt != self.attempt.get_value() {
                return Ok(());
            }
            let renewed = session.renewed(tokens, clock::now_ms());
            TabStorage::open()?.save(StorageKey::Session, &renewed)?;
            channel::post(&SessionNews::Renewed(renewed.clone()).encode());
            self.adopt(renewed);
            clock::sleep(NEWS_GRACE_MS).await;
            Ok(())
        })
        .await;
        if attempt != self.attempt.get_value() {
            return;
        }
        match outcome {
            Locked::Busy => self.renewal.update_value(Renewal::skipped),
            Locked::Ran(Ok(())) => {}
            Locked::Ran(Err(error)) if ends_session(&error) => self.fail(error),
            Locked::Ran(Err(_)) => {
                self.renewal
                    .update_value(|renewal| renewal.failed(clock::now_ms()));
                self.show_reconnecting();
            }
        }
    }

    /// Holds `renewed` as this tab's session from now on, and shows it.
    fn adopt(&self, renewed: Session) {
        self.renewal.set_value(Renewal::default());
        self.session.set_value(Some(renewed.clone()));
        let shown = self.state.with_untracked(|state| match state {
            AuthState::SignedIn(signed_in) => Some(signed_in.profile.clone()),
            _ => None,
        });
        match (shown, self.config.get_value()) {
            (Some(profile), _) => self.state.set(AuthState::SignedIn(SignedIn {
                profile,
                session: renewed.summary(),
                reconnecting: false,
            })),
            // Renewed while restoring after a reload: nobody is shown signed in yet.
            (None, Some(config)) => spawn_local(self.verify(config, renewed)),
            (None, None) => {}
        }
    }

    fn show_reconnecting(&self) {
        self.state.update(|state| match state {
            AuthState::SignedIn(signed_in) => signed_in.reconnecting = true,
            other => *other = AuthState::Reconnecting,
        });
    }

    /// News from another tab: a renewal of this session to adopt, or its end.
    pub(super) fn hear(&self, text: &str) {
        let Some(news) = SessionNews::decode(text) else {
            return;
        };
        let Some(mine) = self.session.get_value() else {
            return;
        };
        match hear(&mine, news) {
            Heard::Ignore => {}
            Heard::Adopt(theirs) => match TabStorage::open()
                .and_then(|storage| storage.save(StorageKey::Session, &theirs))
            {
                Ok(()) => self.adopt(theirs),
                Err(error) => self.fail(error),
            },
            Heard::End => self.fail(AuthError::SessionEnded),
        }
    }
}
