//! Login with Amazon scopes.

use std::fmt;
use std::str::FromStr;

/// A permission the app asks Amazon for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Name, email address and user id.
    Profile,
    /// The user id only.
    ProfileUserId,
    /// The postal code of the default shipping address.
    PostalCode,
}

impl Scope {
    /// Every scope, in the order the README lists them.
    pub const ALL: [Scope; 3] = [Scope::Profile, Scope::ProfileUserId, Scope::PostalCode];

    /// The scope's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Profile => "profile",
            Scope::ProfileUserId => "profile:user_id",
            Scope::PostalCode => "postal_code",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = ();

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == value)
            .ok_or(())
    }
}

/// The space-separated form of a scope list, as `scope=` carries it.
pub fn join_scopes(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_round_trips_through_its_name() {
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse(), Ok(scope));
        }
        assert_eq!("Profile".parse::<Scope>(), Err(()));
    }

    #[test]
    fn scopes_join_with_spaces() {
        assert_eq!(
            join_scopes(&[Scope::Profile, Scope::PostalCode]),
            "profile postal_code"
        );
    }
}
