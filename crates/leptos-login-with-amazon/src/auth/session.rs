//! A signed-in session: its tokens, when the access token stops working, and how it was
//! obtained. With a refresh token it renews itself before then; without one (the implicit
//! grant, or a code grant Amazon issued none for) the person signs in again when time is up.

use crate::auth::callback::TokenResponse;
use crate::auth::record::{Fields, Record, Writer};
use crate::auth::renewal::renew_at_ms;
use crate::auth::token::{AccessToken, RefreshToken, SealingKey};
use crate::config::Grant;

/// Tokens Amazon issued, already checked: from the implicit grant's callback, or from the token
/// endpoint (code exchange or renewal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedTokens {
    /// The access token issued.
    pub access_token: AccessToken,
    /// The refresh token issued, if any (code grant only).
    pub refresh_token: Option<RefreshToken>,
    /// Seconds the access token stays valid, from the moment it arrived.
    pub expires_in_seconds: u64,
    /// The scopes granted, when Amazon says.
    pub granted_scope: Option<String>,
}

impl From<TokenResponse> for IssuedTokens {
    fn from(response: TokenResponse) -> Self {
        IssuedTokens {
            access_token: response.access_token,
            refresh_token: None,
            expires_in_seconds: response.expires_in_seconds,
            granted_scope: response.granted_scope,
        }
    }
}

/// What is kept in `sessionStorage` while signed in: a flat record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Names this sign-in among the tabs that hold a copy of it (a duplicated tab, or one
    /// opened from this one, starts with a copy of `sessionStorage`). Not a secret.
    pub id: String,
    /// Which renewal of the session this is: 1 at sign-in, one more at each renewal. It only
    /// goes up (it is not a clock, which can be set back), so copies compare it to tell the
    /// newest tokens from a retired refresh token.
    pub generation: u64,
    /// Seals what the copies of this session tell each other.
    pub key: SealingKey,
    /// How the session was obtained.
    pub grant: Grant,
    /// The current access token.
    pub access_token: AccessToken,
    /// Renews the access token; `None` when Amazon issued none.
    pub refresh_token: Option<RefreshToken>,
    /// Milliseconds since the Unix epoch at which the access token arrived.
    pub issued_at_ms: u64,
    /// Milliseconds since the Unix epoch at which the access token expires.
    pub expires_at_ms: u64,
    /// The scopes Amazon granted, as it reported them.
    pub granted_scope: Option<String>,
}

impl Session {
    /// Generation 1 of a session named `id`, sealing its news with `key`, obtained with `grant`,
    /// whose tokens arrived at `now_ms`.
    pub fn start(
        id: String,
        key: SealingKey,
        grant: Grant,
        tokens: IssuedTokens,
        now_ms: u64,
    ) -> Self {
        Session {
            id,
            generation: 1,
            key,
            grant,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            issued_at_ms: now_ms,
            expires_at_ms: expiry(now_ms, tokens.expires_in_seconds),
            granted_scope: tokens.granted_scope,
        }
    }

    /// The next generation of this session: renewed tokens that arrived at `now_ms`. The old
    /// access token is forgotten; a refresh token in the answer replaces the old one
    /// (rotation), else the old one is kept.
    pub fn renewed(&self, tokens: IssuedTokens, now_ms: u64) -> Self {
        Session {
            generation: self.generation.saturating_add(1),
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token.or_else(|| self.refresh_token.clone()),
            issued_at_ms: now_ms,
            expires_at_ms: expiry(now_ms, tokens.expires_in_seconds),
            granted_scope: tokens.granted_scope.or_else(|| self.granted_scope.clone()),
            ..self.clone()
        }
    }

    /// Whether `other` is this very generation of this session: copies compare these, never
    /// tokens.
    pub fn same_as(&self, other: &Session) -> bool {
        self.id == other.id && self.generation == other.generation
    }

    /// The name of this generation's renewal lock, which the copies holding it share: the 64-bit
    /// FNV-1a digest of its access token. No other page of the origin knows the token, so none
    /// can name (and hold) the lock ahead of the copies to keep them from renewing; a name the
    /// browser lists while it is held reveals 64 bits of a digest, nothing usable of the token.
    pub fn lock_name(&self) -> String {
        let digest = self
            .access_token
            .secret()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        format!("doorstep.renewal.{digest:x}")
    }

    /// Whether the access token has stopped working at `now_ms`.
    pub fn is_expired(&self, now_ms: u64) -> bool {
        now_ms >= self.expires_at_ms
    }

    /// What may be shown about this session.
    pub fn summary(&self) -> SessionSummary {
        SessionSummary {
            grant: self.grant,
            sign_in_round_trips: self.grant.sign_in_round_trips(),
            expires_at_ms: self.expires_at_ms,
            renews_at_ms: self.refresh_token.as_ref().map(|_| renew_at_ms(self)),
        }
    }
}

impl Record for Session {
    fn read(fields: &Fields) -> Option<Self> {
        let (generation, key) = match (fields.number("generation"), fields.text("key")) {
            (Some(generation), Some(key)) => (generation, key),
            // What the release before generations kept: generation 1, and no key, so that its
            // copies seal and open nothing and each keeps it on its own, as that release did.
            // An upgrade signs nobody out.
            (None, None) => (1, String::new()),
            _ => return None,
        };
        Some(Session {
            id: fields.text("id")?,
            generation,
            key: SealingKey::new(key),
            grant: Grant::named(&fields.text("grant")?)?,
            access_token: AccessToken::new(fields.text("access_token")?),
            refresh_token: fields.text("refresh_token").map(RefreshToken::new),
            issued_at_ms: fields.number("issued_at_ms")?,
            expires_at_ms: fields.number("expires_at_ms")?,
            granted_scope: fields.text("granted_scope"),
        })
    }

    fn write(&self, record: &mut Writer) {
        record
            .text("id", &self.id)
            .number("generation", self.generation)
            .text("key", self.key.secret())
            .text("grant", self.grant.name())
            .text("access_token", self.access_token.secret())
            .optional(
                "refresh_token",
                self.refresh_token.as_ref().map(RefreshToken::secret),
            )
            .number("issued_at_ms", self.issued_at_ms)
            .number("expires_at_ms", self.expires_at_ms)
            .optional("granted_scope", self.granted_scope.as_deref());
    }
}

/// What may be shown about a session: how it was obtained and how it ends. No secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    /// How the session was obtained.
    pub grant: Grant,
    /// Network round trips the sign-in took.
    pub sign_in_round_trips: u32,
    /// When the access token expires, in milliseconds since the Unix epoch.
    pub expires_at_ms: u64,
    /// When the session renews itself; `None` without a refresh token (it ends at expiry).
    pub renews_at_ms: Option<u64>,
}

impl SessionSummary {
    /// Whether an access token ever appeared in the address bar: the implicit grant's arrives
    /// in the URL fragment (and is removed at once); the code grant only ever shows a one-time
    /// code there, and its tokens come from the token endpoint.
    pub fn token_was_in_address_bar(&self) -> bool {
        self.grant == Grant::Implicit
    }
}

fn expiry(now_ms: u64, expires_in_seconds: u64) -> u64 {
    now_ms.saturating_add(expires_in_seconds.saturating_mul(1000))
}

/// Time left until `expires_at_ms`, for people: "59 min 58 s", "45 s", "expired".
pub fn describe_time_left(expires_at_ms: u64, now_ms: u64) -> String {
    let seconds = expires_at_ms.saturating_sub(now_ms).div_ceil(1000);
    match (seconds / 3600, seconds / 60 % 60, seconds % 60) {
        (0, 0, 0) => "expired".to_owned(),
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// When a session renews itself, for people: "in 58 min 58 s", or "now" once it is due.
pub fn describe_renewal(renews_at_ms: u64, now_ms: u64) -> String {
    if now_ms >= renews_at_ms {
        "now".to_owned()
    } else {
        format!("in {}", describe_time_left(renews_at_ms, now_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(expires_in_seconds: u64, refresh: Option<&str>) -> IssuedTokens {
        IssuedTokens {
            access_token: AccessToken::new("Atza|t".into()),
            refresh_token: refresh.map(|token| RefreshToken::new(token.into())),
            expires_in_seconds,
            granted_scope: Some("profile".into()),
        }
    }

    fn session(expires_in_seconds: u64, now_ms: u64) -> Session {
        Session::start(
            "S".into(),
            SealingKey::new("k".into()),
            Grant::CodePkce,
            tokens(expires_in_seconds, Some("Atzr|1")),
            now_ms,
        )
    }

    #[test]
    fn a_session_expires_exactly_expires_in_after_it_started() {
        let session = session(3600, 1_000_000);
        assert_eq!(session.issued_at_ms, 1_000_000);
        assert_eq!(session.expires_at_ms, 1_000_000 + 3_600_000);
        assert!(!session.is_expired(1_000_000 + 3_599_999));
        assert!(session.is_expired(1_000_000 + 3_600_000));
        assert!(session.is_expired(u64::MAX));
    }

    #[test]
    fn the_expiry_arithmetic_cannot_overflow() {
        assert_eq!(session(u64::MAX, u64::MAX - 1).expires_at_ms, u64::MAX);
    }

    #[test]
    fn an_implicit_token_has_no_refresh_token() {
        let response = TokenResponse {
            access_token: AccessToken::new("Atza|i".into()),
            expires_in_seconds: 60,
            granted_scope: None,
            state: Some("s".into()),
        };
        let key = SealingKey::new("k".into());
        let session = Session::start("S".into(), key, Grant::Implicit, response.into(), 0);
        assert_eq!(session.generation, 1);
        assert_eq!(session.refresh_token, None);
        assert_eq!(session.expires_at_ms, 60_000);
    }

    #[test]
    fn a_renewal_replaces_the_access_token_and_a_rotated_refresh_token() {
        let first = session(60, 0);
        let mut rotated = tokens(60, Some("Atzr|2"));
        rotated.access_token = AccessToken::new("Atza|new".into());
        let renewed = first.renewed(rotated, 50_000);
        assert_eq!(renewed.access_token.secret(), "Atza|new");
        assert_eq!(
            renewed.refresh_token.as_ref().map(RefreshToken::secret),
            Some("Atzr|2")
        );
        assert_eq!(
            (renewed.issued_at_ms, renewed.expires_at_ms),
            (50_000, 110_000)
        );
        assert_eq!(
            (renewed.id.as_str(), renewed.key.secret(), renewed.grant),
            ("S", "k", Grant::CodePkce)
        );
        assert_eq!((first.generation, renewed.generation), (1, 2));
        assert!(first.same_as(&first.clone()) && !first.same_as(&renewed));
        assert_eq!(renewed.renewed(tokens(60, None), 60_000).generation, 3);
    }

    #[test]
    fn a_renewal_without_a_new_refresh_token_keeps_the_old_one() {
        let renewed = session(60, 0).renewed(tokens(60, None), 10);
        assert_eq!(
            renewed.refresh_token.as_ref().map(RefreshToken::secret),
            Some("Atzr|1")
        );
    }

    #[test]
    fn the_summary_says_how_the_session_was_obtained_and_how_it_ends() {
        let renewing = session(3600, 0).summary();
        assert_eq!(renewing.grant, Grant::CodePkce);
        assert_eq!(renewing.sign_in_round_trips, 3);
        assert_eq!(renewing.expires_at_ms, 3_600_000);
        assert_eq!(renewing.renews_at_ms, Some(3_540_000));
        assert!(!renewing.token_was_in_address_bar());
        let mut ending = session(3600, 0);
        ending.refresh_token = None;
        ending.grant = Grant::Implicit;
        let ending = ending.summary();
        assert_eq!(ending.renews_at_ms, None);
        assert!(ending.token_was_in_address_bar());
    }

    #[test]
    fn time_left_is_rounded_up_to_whole_seconds() {
        assert_eq!(describe_time_left(3_600_000, 0), "1 h 0 min");
        assert_eq!(describe_time_left(3_599_000, 0), "59 min 59 s");
        assert_eq!(describe_time_left(60_000, 0), "1 min 0 s");
        assert_eq!(describe_time_left(45_000, 0), "45 s");
        assert_eq!(describe_time_left(1_500, 1_000), "1 s");
        assert_eq!(describe_time_left(1_000, 1_000), "expired");
        assert_eq!(describe_time_left(1_000, 9_000), "expired");
    }

    #[test]
    fn a_renewal_is_in_some_time_or_now() {
        assert_eq!(describe_renewal(60_000, 0), "in 1 min 0 s");
        assert_eq!(describe_renewal(1_500, 1_000), "in 1 s");
        assert_eq!(describe_renewal(1_000, 1_000), "now");
        assert_eq!(
            describe_renewal(1_000, 5_000),
            "now",
            "overdue while reconnecting"
        );
    }

    #[test]
    fn the_lock_is_named_after_the_access_token_and_changes_with_it() {
        let first = session(60, 0);
        let mut renewed = tokens(60, None);
        renewed.access_token = AccessToken::new("Atza|u".into());
        let second = first.renewed(renewed, 1);
        assert_eq!(first.lock_name(), session(60, 9).lock_name(), "same token");
        assert_ne!(first.lock_name(), second.lock_name());
        assert!(!first.lock_name().contains("Atza"), "{}", first.lock_name());
        // FNV-1a's own test vector: "a" → af63dc4c8601ec8c.
        let mut a = first.clone();
        a.access_token = AccessToken::new("a".into());
        assert_eq!(a.lock_name(), "doorstep.renewal.af63dc4c8601ec8c");
    }

    #[test]
    fn a_record_missing_a_field_or_holding_an_odd_one_is_no_session() {
        let record = session(60, 5).to_record();
        for (field, odd) in [
            ("id=S&", ""),
            ("generation=1", "generation=x"),
            ("key=k&", "key=k&key=l&"),
            ("grant=code_pkce", "grant=password"),
            ("issued_at_ms=5", "issued_at_ms=-5"),
        ] {
            assert!(record.contains(field), "{record}");
            let changed = record.replace(field, odd);
            assert_eq!(Session::from_record(&changed), None, "{changed}");
        }
    }

    #[test]
    fn a_session_the_release_before_generations_kept_is_read_as_generation_1_without_a_key() {
        let kept = "id=S&grant=code_pkce&access_token=Atza%7Ct&refresh_token=Atzr%7C1&issued_at_ms=5&expires_at_ms=60005&granted_scope=profile&sign_in_round_trips=3";
        let read = Session::from_record(kept).expect("read");
        assert_eq!((read.generation, read.key.secret()), (1, ""));
        assert_eq!(read.access_token.secret(), "Atza|t");
    }

    #[test]
    fn a_stored_session_round_trips_through_its_form_encoding() {
        let mut session = session(60, 5);
        let encoded = session.to_record();
        assert_eq!(
            encoded,
            "id=S&generation=1&key=k&grant=code_pkce&access_token=Atza%7Ct&refresh_token=Atzr%7C1&issued_at_ms=5&expires_at_ms=60005&granted_scope=profile"
        );
        assert_eq!(Session::from_record(&encoded), Some(session.clone()));
        session.granted_scope = None;
        session.refresh_token = None;
        session.grant = Grant::Implicit;
        let encoded = session.to_record();
        assert!(!encoded.contains("refresh_token"), "{encoded}");
        assert_eq!(Session::from_record(&encoded), Some(session));
    }
}
