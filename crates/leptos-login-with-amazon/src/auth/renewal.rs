//! When a session renews itself, and how renewals that fail are retried. Plain arithmetic on
//! the wall clock, asked again every second and whenever the tab is shown or the browser comes
//! back online: a sleeping laptop or a throttled background tab catches up on its next look,
//! which a single long timer would not.

use crate::auth::news::Claims;
use crate::auth::session::Session;

/// The most a renewal happens before expiry.
pub const MAX_MARGIN_MS: u64 = 60_000;
/// The longest wait between two attempts after failures.
pub const MAX_RETRY_DELAY_MS: u64 = 30_000;
/// The longest wait a `Retry-After` is honoured for, so that a mistaken or hostile value cannot
/// stop renewals for long.
pub const MAX_RETRY_AFTER_MS: u64 = 300_000;

/// When the session's access token should be renewed: before it expires by the smaller of a
/// minute and a fifth of its lifetime, which suits Amazon's hour-long tokens and very short
/// ones alike.
pub fn renew_at_ms(session: &Session) -> u64 {
    let lifetime = session.expires_at_ms.saturating_sub(session.issued_at_ms);
    session
        .expires_at_ms
        .saturating_sub(MAX_MARGIN_MS.min(lifetime / 5))
}

/// How long to wait when Amazon asked for `seconds` (`Retry-After`): as asked, up to
/// [`MAX_RETRY_AFTER_MS`].
pub fn asked_wait_ms(seconds: u64) -> u64 {
    seconds.saturating_mul(1000).min(MAX_RETRY_AFTER_MS)
}

/// How long to wait before the next attempt after `failures` failed ones in a row: 1 s, 2 s,
/// 4 s … up to [`MAX_RETRY_DELAY_MS`].
pub fn retry_delay_ms(failures: u32) -> u64 {
    let doublings = failures.saturating_sub(1).min(15);
    (1000u64 << doublings).min(MAX_RETRY_DELAY_MS)
}

/// What the clock says should happen to a session now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Nothing yet.
    Nothing,
    /// Renew the access token with the refresh token.
    Renew,
    /// The access token has expired and there is no refresh token: the session is over.
    End,
}

/// A session's renewals in this tab: at most one in flight, and a backoff after failures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renewal {
    in_flight: bool,
    /// Failed attempts in a row.
    failures: u32,
    /// No attempt before this time, after a failure; sooner when something changed.
    retry_at_ms: Option<u64>,
    /// A renewal is due now, whatever the clock says (Amazon no longer takes the access token).
    forced: bool,
    /// Where there are no Web Locks: the claims to renew this generation other copies made.
    pub claims: Claims,
}

impl Renewal {
    /// What is due for `session` at `now_ms`. A session with a refresh token is never ended by
    /// the clock: after a long sleep it is renewed at once, however late.
    pub fn due(&self, session: &Session, now_ms: u64) -> Due {
        if session.refresh_token.is_none() {
            return if session.is_expired(now_ms) {
                Due::End
            } else {
                Due::Nothing
            };
        }
        let waiting = self.in_flight || self.retry_at_ms.is_some_and(|retry| now_ms < retry);
        if (self.forced || now_ms >= renew_at_ms(session)) && !waiting {
            Due::Renew
        } else {
            Due::Nothing
        }
    }

    /// Renew as soon as nothing else is under way, however long the access token should last:
    /// Amazon no longer takes it. A backoff after a failure is still waited out (at most
    /// 30 s), so that no caller can make renewals hammer Amazon.
    pub fn force(&mut self) {
        self.forced = true;
    }

    /// A renewal has started; no other starts until it is over.
    pub fn start(&mut self) {
        self.in_flight = true;
    }

    /// The renewal failed in a way that may pass: try again after a growing delay.
    pub fn failed(&mut self, now_ms: u64) {
        self.in_flight = false;
        self.failures = self.failures.saturating_add(1);
        self.retry_at_ms = Some(now_ms.saturating_add(retry_delay_ms(self.failures)));
    }

    /// The renewal did not run (another tab holds the lock): look again at the next tick.
    pub fn skipped(&mut self) {
        self.in_flight = false;
    }

    /// Something changed that may have fixed a failure (the browser is back online, the tab is
    /// shown again, the person asked): try at once instead of waiting out the delay.
    pub fn retry_now(&mut self) {
        self.retry_at_ms = None;
    }

    /// Whether the last attempts failed and the session is being kept while retrying.
    pub fn reconnecting(&self) -> bool {
        self.failures > 0
    }

    /// How many attempts in a row failed (none since the last renewal).
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::session::IssuedTokens;
    use crate::auth::token::{AccessToken, RefreshToken, SealingKey};
    use crate::config::Grant;

    const START: u64 = 1_000_000;

    fn session(lifetime_seconds: u64, refresh: bool) -> Session {
        let tokens = IssuedTokens {
            access_token: AccessToken::new("Atza|a".into()),
            refresh_token: refresh.then(|| RefreshToken::new("Atzr|r".into())),
            expires_in_seconds: lifetime_seconds,
            granted_scope: None,
        };
        let key = SealingKey::new("k".into());
        Session::start("S".into(), key, Grant::CodePkce, tokens, START)
    }

    #[test]
    fn the_margin_is_a_minute_for_long_tokens_and_a_fifth_for_short_ones() {
        assert_eq!(
            renew_at_ms(&session(3600, true)),
            START + 3_600_000 - 60_000
        );
        assert_eq!(renew_at_ms(&session(300, true)), START + 300_000 - 60_000);
        assert_eq!(renew_at_ms(&session(60, true)), START + 60_000 - 12_000);
        assert_eq!(renew_at_ms(&session(5, true)), START + 5_000 - 1_000);
        assert_eq!(renew_at_ms(&session(1, true)), START + 1_000 - 200);
    }

    #[test]
    fn a_renewal_is_due_from_the_renewal_time_on() {
        let session = session(3600, true);
        let renewal = Renewal::default();
        let renew_at = renew_at_ms(&session);
        assert_eq!(renewal.due(&session, START), Due::Nothing);
        assert_eq!(renewal.due(&session, renew_at - 1), Due::Nothing);
        assert_eq!(renewal.due(&session, renew_at), Due::Renew);
    }

    #[test]
    fn after_a_long_sleep_the_session_is_renewed_at_once_not_ended() {
        let session = session(3600, true);
        let renewal = Renewal::default();
        for late in [3_600_000, 3_600_001, 10 * 3_600_000, u64::MAX - START] {
            assert_eq!(
                renewal.due(&session, START + late),
                Due::Renew,
                "{late} ms late"
            );
        }
    }

    #[test]
    fn without_a_refresh_token_the_session_ends_at_expiry_and_is_never_renewed() {
        let session = session(60, false);
        let renewal = Renewal::default();
        assert_eq!(renewal.due(&session, START + 59_999), Due::Nothing);
        assert_eq!(renewal.due(&session, START + 60_000), Due::End);
        assert_eq!(renewal.due(&session, START + 3_600_000), Due::End);
    }

    #[test]
    fn one_renewal_at_a_time() {
        let session = session(60, true);
        let late = START + 59_000;
        let mut renewal = Renewal::default();
        renewal.start();
        assert_eq!(renewal.due(&session, late), Due::Nothing);
        renewal.skipped();
        assert_eq!(renewal.due(&session, late), Due::Renew);
    }

    #[test]
    fn failures_back_off_and_success_starts_afresh() {
        assert_eq!(
            (1..=7).map(retry_delay_ms).collect::<Vec<_>>(),
            [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]
        );
        assert_eq!(retry_delay_ms(u32::MAX), MAX_RETRY_DELAY_MS);
        let session = session(60, true);
        let due = renew_at_ms(&session);
        let mut renewal = Renewal::default();
        renewal.start();
        renewal.failed(due);
        assert!(renewal.reconnecting());
        assert_eq!(renewal.due(&session, due + 999), Due::Nothing);
        assert_eq!(renewal.due(&session, due + 1000), Due::Renew);
        renewal.start();
        renewal.failed(due + 1000);
        assert_eq!(renewal.due(&session, due + 2999), Due::Nothing);
        assert_eq!(renewal.due(&session, due + 3000), Due::Renew);
    }

    #[test]
    fn coming_back_online_retries_at_once() {
        let session = session(60, true);
        let due = renew_at_ms(&session);
        let mut renewal = Renewal::default();
        renewal.start();
        for _ in 0..5 {
            renewal.failed(due);
        }
        assert_eq!(renewal.due(&session, due + 1), Due::Nothing);
        renewal.retry_now();
        assert_eq!(renewal.due(&session, due + 1), Due::Renew);
        assert!(
            renewal.reconnecting(),
            "still reconnecting until it succeeds"
        );
    }

    #[test]
    fn a_forced_renewal_is_due_at_once_and_retried_like_any_other() {
        let session = session(3600, true);
        let mut renewal = Renewal::default();
        renewal.force();
        assert_eq!(
            renewal.due(&session, START),
            Due::Renew,
            "long before its time"
        );
        renewal.start();
        assert_eq!(renewal.due(&session, START), Due::Nothing, "one at a time");
        renewal.failed(START);
        assert_eq!(renewal.due(&session, START + 999), Due::Nothing);
        assert_eq!(renewal.due(&session, START + 1000), Due::Renew, "retried");
        let mut without_refresh = session.clone();
        without_refresh.refresh_token = None;
        assert_eq!(renewal.due(&without_refresh, START + 1000), Due::Nothing);
    }

    #[test]
    fn a_wait_amazon_asks_for_is_honoured_up_to_five_minutes() {
        assert_eq!(asked_wait_ms(0), 0);
        assert_eq!(asked_wait_ms(2), 2_000);
        assert_eq!(asked_wait_ms(300), MAX_RETRY_AFTER_MS);
        assert_eq!(asked_wait_ms(301), MAX_RETRY_AFTER_MS);
        assert_eq!(asked_wait_ms(u64::MAX), MAX_RETRY_AFTER_MS);
    }
}
