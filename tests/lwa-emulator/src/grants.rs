//! What the emulator has handed out: pending consents, authorization codes, access and refresh
//! tokens. Time comes in as an argument, so tests can move the emulator's clock.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use crate::authorize::AuthorizationRequest;
use crate::random::random_string;
use crate::scope::Scope;

/// How long a consent page stays answerable.
const CONSENT_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long "never expires" is.
const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
/// The most consent pages waiting for an answer; the oldest gives way to a new one, so pages
/// nobody answers cannot fill the memory.
pub(crate) const MAX_PENDING_CONSENTS: usize = 1000;
/// How long an authorization code can be exchanged (Amazon: "minutes").
pub(crate) const CODE_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// An access token's record.
#[derive(Debug, Clone)]
pub(crate) struct AccessGrant {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) issued_at: SystemTime,
    pub(crate) expires_at: SystemTime,
    /// The sign-in it descends from (see [`Grants::new_family`]).
    family: String,
}

/// Why a presented access token is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Unknown,
    Expired,
}

/// Why an authorization code is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeProblem {
    Unknown,
    Expired,
    AlreadyUsed,
}

/// A code issued at `/ap/oa`, with what it was issued for.
#[derive(Debug, Clone)]
pub(crate) struct CodeGrant {
    pub(crate) request: AuthorizationRequest,
    expires_at: SystemTime,
    redeemed: bool,
    /// Tokens issued for this code: revoked if the code is presented again (RFC 6749 §4.1.2).
    issued: Vec<String>,
}

/// A refresh token's record.
#[derive(Debug, Clone)]
pub(crate) struct RefreshGrant {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<Scope>,
    /// The sign-in it descends from.
    pub(crate) family: String,
}

/// Everything handed out, keyed by the value handed out.
#[derive(Debug, Default)]
pub(crate) struct Grants {
    consents: HashMap<String, (AuthorizationRequest, SystemTime)>,
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
    /// Refresh tokens that rotation replaced, with their family: presenting one again is how
    /// a server notices that a refresh token was copied (RFC 9700 §4.14.2).
    retired: HashMap<String, String>,
    /// Every code and token handed out, and every `state` and PKCE verifier received, in
    /// order: what must never turn up where it does not belong (a server's logs, for one).
    pub(crate) secrets: Vec<String>,
}

impl Grants {
    /// Remembers a validated request until the person answers the consent page.
    pub(crate) fn begin_consent(
        &mut self,
        request: AuthorizationRequest,
        now: SystemTime,
    ) -> String {
        self.consents.retain(|_, (_, expires_at)| *expires_at > now);
        if self.consents.len() >= MAX_PENDING_CONSENTS {
            let oldest = self
                .consents
                .iter()
                .min_by_key(|(_, (_, expires_at))| *expires_at)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                self.consents.remove(&oldest);
            }
        }
        let consent_id = random_string(24);
        self.secrets.extend(request.state.clone());
        self.consents
            .insert(consent_id.clone(), (request, now + CONSENT_LIFETIME));
        consent_id
    }

    /// The request behind a consent page, once: a second answer finds nothing.
    pub(crate) fn finish_consent(
        &mut self,
        consent_id: &str,
        now: SystemTime,
    ) -> Option<AuthorizationRequest> {
        self.consents
            .remove(consent_id)
            .filter(|(_, expires_at)| *expires_at > now)
            .map(|(request, _)| request)
    }

    /// A new token family: every token one sign-in obtains (its code exchange, then each
    /// renewal) belongs to it, so that all of them can be revoked at once.
    pub(crate) fn new_family() -> String {
        random_string(12)
    }

    /// Issues an access token of `family`: `Atza|` and 384 random base64url characters.
    pub(crate) fn issue_access(
        &mut self,
        client_id: &str,
        scopes: &[Scope],
        now: SystemTime,
        lifetime: Duration,
        family: &str,
    ) -> String {
        self.access.retain(|_, grant| grant.expires_at > now);
        let token = format!("Atza|{}", random_string(288));
        let grant = AccessGrant {
            client_id: client_id.to_owned(),
            scopes: scopes.to_vec(),
            issued_at: now,
            // A lifetime past what the clock can count means "never" (a test's choice).
            expires_at: now.checked_add(lifetime).unwrap_or(now + FOREVER),
            family: family.to_owned(),
        };
        self.access.insert(token.clone(), grant);
        self.secrets.push(token.clone());
        token
    }

    /// The grant behind a live access token.
    pub(crate) fn access(
        &self,
        token: &str,
        now: SystemTime,
    ) -> Result<&AccessGrant, TokenProblem> {
        let grant = self.access.get(token).ok_or(TokenProblem::Unknown)?;
        if grant.expires_at <= now {
            return Err(TokenProblem::Expired);
        }
        Ok(grant)
    }

    /// Issues an authorization code for a consented request.
    pub(crate) fn issue_code(&mut self, request: AuthorizationRequest, now: SystemTime) -> String {
        self.codes
            .retain(|_, grant| grant.expires_at > now && !grant.redeemed);
        let code = format!("AN{}", random_string(15));
        let grant = CodeGrant {
            request,
            expires_at: now + CODE_LIFETIME,
            redeemed: false,
            issued: Vec::new(),
        };
        self.codes.insert(code.clone(), grant);
        self.secrets.push(code.clone());
        code
    }

    /// Marks a code used and returns what it was issued for. A second use fails and revokes
    /// the tokens the first use obtained.
    pub(crate) fn redeem_code(
        &mut self,
        code: &str,
        now: SystemTime,
    ) -> Result<CodeGrant, CodeProblem> {
        let grant = self.codes.get_mut(code).ok_or(CodeProblem::Unknown)?;
        if grant.redeemed {
            let revoked = std::mem::take(&mut grant.issued);
            for token in revoked {
                self.access.remove(&token);
                self.refresh.remove(&token);
            }
            return Err(CodeProblem::AlreadyUsed);
        }
        if grant.expires_at <= now {
            return Err(CodeProblem::Expired);
        }
        grant.redeemed = true;
        Ok(grant.clone())
    }

    /// Records tokens obtained with `code`, so that a replay of the code can revoke them.
    pub(crate) fn record_issued<'a>(
        &mut self,
        code: &str,
        tokens: impl IntoIterator<Item = &'a str>,
    ) {
        if let Some(grant) = self.codes.get_mut(code) {
            grant.issued.extend(tokens.into_iter().map(str::to_owned));
        }
    }

    /// Issues a refresh token of `family`: `Atzr|` and 384 random base64url characters.
    pub(crate) fn issue_refresh(
        &mut self,
        client_id: &str,
        scopes: &[Scope],
        family: &str,
    ) -> String {
        let token = format!("Atzr|{}", random_string(288));
        let grant = RefreshGrant {
            client_id: client_id.to_owned(),
            scopes: scopes.to_vec(),
            family: family.to_owned(),
        };
        self.refresh.insert(token.clone(), grant);
        self.secrets.push(token.clone());
        token
    }

    /// The grant behind a refresh token.
    pub(crate) fn refresh(&self, token: &str) -> Option<&RefreshGrant> {
        self.refresh.get(token)
    }

    /// Retires a refresh token that rotation replaced: it no longer works, and presenting it
    /// again is noticed ([`Grants::retired_family`]).
    pub(crate) fn retire_refresh(&mut self, token: &str) {
        if let Some(grant) = self.refresh.remove(token) {
            self.retired.insert(token.to_owned(), grant.family);
        }
    }

    /// The family of a refresh token that rotation retired, if `token` is one.
    pub(crate) fn retired_family(&self, token: &str) -> Option<String> {
        self.retired.get(token).cloned()
    }

    /// Revokes every access and refresh token of `family`.
    pub(crate) fn revoke_family(&mut self, family: &str) {
        self.access.retain(|_, grant| grant.family != family);
        self.refresh.retain(|_, grant| grant.family != family);
    }
}
