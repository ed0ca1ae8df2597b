//! The platform's enumerations, with their wire names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A value that is not one of the names an enumeration accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {kind}; use one of: {allowed}")]
pub struct ParseValueError {
    pub kind: &'static str,
    pub value: String,
    pub allowed: &'static str,
}

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name on the wire and in the database.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseValueError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value.trim().to_ascii_lowercase().as_str() {
                    $($wire => Ok($name::$variant),)+
                    _ => Err(ParseValueError {
                        kind: $kind,
                        value: value.to_owned(),
                        allowed: concat!($($wire, " "),+),
                    }),
                }
            }
        }

        /// For reading a stored name back (the cache's columns).
        impl TryFrom<String> for $name {
            type Error = ParseValueError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }
    };
}

wire_enum! {
    /// A user's platform role. Every user has exactly one; invited users start as `Basic`.
    Role, "role" {
        /// Works with the documents of the organisations they belong to.
        Basic = "basic",
        /// Basic, plus partner relationships with other environments.
        Advanced = "advanced",
        /// Everything, including inviting, removing and assigning roles.
        Administrator = "administrator",
    }
}

wire_enum! {
    /// Where a user stands.
    UserStatus, "status" {
        /// Invitation sent, not yet accepted.
        Invited = "invited",
        /// Accepted; can sign in.
        Active = "active",
        /// Temporarily blocked by an administrator; can be unblocked.
        Blocked = "blocked",
    }
}

wire_enum! {
    /// A user's access to one organisation.
    MembershipLevel, "level" {
        /// View, create and send the organisation's documents.
        Member = "member",
        /// Member rights plus adding and removing the organisation's members.
        Administrator = "administrator",
    }
}

wire_enum! {
    /// How a new user is brought in.
    InvitationMethod, "method" {
        /// An email with an activation link; the invitee completes their own details.
        Email = "email",
        /// The account is created at once; the person gets an email to set a password.
        /// The only way that works for an address on a shared email domain.
        Direct = "direct",
    }
}

// The enums come from a macro, which cannot mark a `#[default]` variant.
#[allow(clippy::derivable_impls)]
impl Default for Role {
    fn default() -> Self {
        Role::Basic
    }
}

#[allow(clippy::derivable_impls)]
impl Default for InvitationMethod {
    fn default() -> Self {
        InvitationMethod::Email
    }
}

impl Role {
    /// Only administrators may invite, remove, assign roles and manage organisations.
    pub const fn is_administrator(self) -> bool {
        matches!(self, Role::Administrator)
    }

    /// The relationship-manager flag only has effect for Advanced users and Administrators.
    pub const fn relationship_manager_has_effect(self) -> bool {
        matches!(self, Role::Advanced | Role::Administrator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_serde_and_from_str() {
        for role in Role::ALL {
            let json = serde_json::to_string(role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(json.trim_matches('"').parse::<Role>().unwrap(), *role);
        }
        assert_eq!(
            " Active ".parse::<UserStatus>().unwrap(),
            UserStatus::Active
        );
    }

    #[test]
    fn a_bad_value_names_the_allowed_ones() {
        let error = "owner".parse::<Role>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`owner` is not a valid role; use one of: basic advanced administrator "
        );
    }

    #[test]
    fn defaults_are_the_safe_choices() {
        assert_eq!(Role::default(), Role::Basic);
        assert_eq!(InvitationMethod::default(), InvitationMethod::Email);
    }

    #[test]
    fn relationship_manager_only_has_effect_above_basic() {
        assert!(!Role::Basic.relationship_manager_has_effect());
        assert!(Role::Advanced.relationship_manager_has_effect());
        assert!(Role::Administrator.relationship_manager_has_effect());
    }
}
