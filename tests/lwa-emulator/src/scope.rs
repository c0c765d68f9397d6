//! Login with Amazon scopes and the space-separated `scope` parameter.

use std::fmt;
use std::str::FromStr;

/// A scope Login with Amazon grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Name, email and user id.
    Profile,
    /// The user id only.
    ProfileUserId,
    /// The postal code of the customer's default shipping address.
    PostalCode,
}

impl Scope {
    /// The scope's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Profile => "profile",
            Scope::ProfileUserId => "profile:user_id",
            Scope::PostalCode => "postal_code",
        }
    }

    /// What the consent page says the app will see.
    pub(crate) fn consent_text(self) -> &'static str {
        match self {
            Scope::Profile => "Your name, email address and account number",
            Scope::ProfileUserId => "Your account number",
            Scope::PostalCode => "Your zip or postal code",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "profile" => Ok(Scope::Profile),
            "profile:user_id" => Ok(Scope::ProfileUserId),
            "postal_code" => Ok(Scope::PostalCode),
            other => Err(format!("unknown scope {other:?}")),
        }
    }
}

/// Parses a space-separated scope list; duplicates collapse. `None` when it names no scope.
pub(crate) fn parse_scopes(list: &str) -> Result<Option<Vec<Scope>>, String> {
    let mut scopes = list
        .split(' ')
        .filter(|part| !part.is_empty())
        .map(Scope::from_str)
        .collect::<Result<Vec<_>, _>>()?;
    scopes.sort();
    scopes.dedup();
    Ok((!scopes.is_empty()).then_some(scopes))
}

/// Joins scopes into the space-separated wire form.
pub(crate) fn join_scopes(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
