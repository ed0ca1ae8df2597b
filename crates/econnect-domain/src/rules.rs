//! Administrator safety and who may do what (SPEC §2), as pure functions over counts and
//! roles, shared by the sandbox (which enforces) and the app (which prevents before asking).

use crate::{MembershipLevel, Role, UserStatus};

/// Why an action on a user is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RuleViolation {
    #[error(
        "this is the environment's last administrator: make someone else an administrator first, \
         so that the environment is never left without one"
    )]
    LastAdministrator,
    #[error("only administrators may do this")]
    NotAdministrator,
    #[error(
        "only environment administrators and this organisation's administrators may manage its members"
    )]
    NotOrganisationAdministrator,
}

/// Counts an administrator toward safety only while they can act: active, not blocked or
/// still invited.
pub fn counts_as_administrator(role: Role, status: UserStatus) -> bool {
    role.is_administrator() && status == UserStatus::Active
}

/// What would happen to a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserChange {
    SetRole(Role),
    Block,
    Unblock,
    Remove,
}

/// Refuses a change that would leave the environment without an active administrator.
///
/// `n_active_administrators` counts the environment's administrators as
/// [`counts_as_administrator`] does, including the target.
pub fn check_keeps_an_administrator(
    target_role: Role,
    target_status: UserStatus,
    change: UserChange,
    n_active_administrators: usize,
) -> Result<(), RuleViolation> {
    if !counts_as_administrator(target_role, target_status) {
        return Ok(());
    }
    let target_stops_counting = match change {
        UserChange::SetRole(role) => !role.is_administrator(),
        UserChange::Block | UserChange::Remove => true,
        UserChange::Unblock => false,
    };
    if target_stops_counting && n_active_administrators <= 1 {
        return Err(RuleViolation::LastAdministrator);
    }
    Ok(())
}

/// Only administrators may invite, change roles, block, remove and create organisations.
pub fn check_may_administer_users(actor_role: Role) -> Result<(), RuleViolation> {
    if actor_role.is_administrator() {
        Ok(())
    } else {
        Err(RuleViolation::NotAdministrator)
    }
}

/// Environment administrators manage every organisation's members; organisation
/// administrators manage the members of the organisations they administer.
pub fn check_may_manage_members(
    actor_role: Role,
    actor_level_in_organisation: Option<MembershipLevel>,
) -> Result<(), RuleViolation> {
    if actor_role.is_administrator()
        || actor_level_in_organisation == Some(MembershipLevel::Administrator)
    {
        Ok(())
    } else {
        Err(RuleViolation::NotOrganisationAdministrator)
    }
}

/// Fewer than two active administrators is a risk worth a warning.
pub fn single_administrator_risk(n_active_administrators: usize) -> bool {
    n_active_administrators < 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_administrator_cannot_be_demoted_blocked_or_removed() {
        for change in [
            UserChange::SetRole(Role::Advanced),
            UserChange::Block,
            UserChange::Remove,
        ] {
            assert_eq!(
                check_keeps_an_administrator(Role::Administrator, UserStatus::Active, change, 1),
                Err(RuleViolation::LastAdministrator),
                "{change:?}"
            );
            assert_eq!(
                check_keeps_an_administrator(Role::Administrator, UserStatus::Active, change, 2),
                Ok(()),
                "{change:?} with a second administrator"
            );
        }
    }

    #[test]
    fn changes_that_keep_the_administrator_are_allowed() {
        let keep = UserChange::SetRole(Role::Administrator);
        assert_eq!(
            check_keeps_an_administrator(Role::Administrator, UserStatus::Active, keep, 1),
            Ok(())
        );
        // A blocked or invited administrator does not count, so changing them never strands anyone.
        assert_eq!(
            check_keeps_an_administrator(
                Role::Administrator,
                UserStatus::Blocked,
                UserChange::Remove,
                0
            ),
            Ok(())
        );
        assert_eq!(
            check_keeps_an_administrator(Role::Basic, UserStatus::Active, UserChange::Remove, 1),
            Ok(())
        );
    }

    #[test]
    fn members_are_managed_by_environment_or_organisation_administrators() {
        assert!(check_may_manage_members(Role::Administrator, None).is_ok());
        assert!(
            check_may_manage_members(Role::Basic, Some(MembershipLevel::Administrator)).is_ok()
        );
        assert_eq!(
            check_may_manage_members(Role::Advanced, Some(MembershipLevel::Member)),
            Err(RuleViolation::NotOrganisationAdministrator)
        );
        assert_eq!(
            check_may_administer_users(Role::Advanced),
            Err(RuleViolation::NotAdministrator)
        );
    }

    #[test]
    fn one_administrator_is_a_risk() {
        assert!(single_administrator_risk(1));
        assert!(!single_administrator_risk(2));
    }
}
