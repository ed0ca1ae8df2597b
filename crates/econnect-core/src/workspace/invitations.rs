//! Checking an invitation list before anything is sent, and inviting through the bulk path:
//! every invitation is queued in the outbox (so it survives going offline), then the queued
//! invitations are sent side by side, within the platform's rate limit, each with its own
//! Idempotency-Key (so a retry never invites twice). The app and `ecadmin invite` both call
//! [`Workspace::invite`].

use std::collections::{HashMap, HashSet};

use econnect_api::BulkOptions;
use econnect_contract::{ErrorCode, InvitationRequest, OrganisationGrant};
use econnect_domain::{EmailAddress, InvitationMethod, Role, UserStatus};
use econnect_store::Change;

use super::addresses::split_address_list;
use super::changes::sequence_numbers;
use super::{ChangeOutcome, Workspace};
use crate::error::CoreError;

/// Why an address cannot be invited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressProblem {
    Invalid(String),
    /// Listed before in the same list.
    Duplicate,
    AlreadyUser,
    AlreadyInvited,
}

impl AddressProblem {
    fn refusal(&self) -> ChangeOutcome {
        let (reason, code) = match self {
            AddressProblem::Invalid(reason) => (reason.clone(), Some(ErrorCode::InvalidEmail)),
            AddressProblem::Duplicate => ("listed twice; invited once".to_owned(), None),
            AddressProblem::AlreadyUser => (
                "already a user of this environment".to_owned(),
                Some(ErrorCode::AlreadyUser),
            ),
            AddressProblem::AlreadyInvited => (
                "already invited; resend the invitation instead".to_owned(),
                Some(ErrorCode::AlreadyInvited),
            ),
        };
        ChangeOutcome::Refused { reason, code }
    }
}

/// Worth a second look, but may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressWarning {
    /// gmail.com and the like: business addresses are strongly preferred.
    FreeMail,
    /// No user of this environment has an address at this domain. If the domain is linked to
    /// another environment, an email invitation would start a new environment: add directly.
    UnfamiliarDomain,
}

/// The verdict on one address of an invitation list, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressCheck {
    /// As typed or pasted.
    pub input: String,
    /// Normalised, when it is an address at all.
    pub email: Option<String>,
    pub problem: Option<AddressProblem>,
    pub warnings: Vec<AddressWarning>,
}

/// Who to invite, and with what access.
#[derive(Debug, Clone)]
pub struct Invitations {
    /// One or many addresses, typed or pasted ([`super::split_address_list`]).
    pub addresses: String,
    pub role: Role,
    pub method: InvitationMethod,
    pub organisations: Vec<OrganisationGrant>,
}

/// A colleague's access, to invite others "with the same access as" them: their role and
/// every organisation they are in, with the same level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameAccess {
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub organisations: Vec<OrganisationGrant>,
}

impl Workspace {
    /// The access of the colleague at `email`, from the cache (offline too), for an
    /// invitation that starts from it. Saves the common onboarding mistake of forgetting an
    /// organisation: a user without one sees no documents.
    pub async fn same_access_as(&self, email: &str) -> Result<SameAccess, CoreError> {
        let colleague = self.store.user_by_email(email).await?.ok_or_else(|| {
            CoreError::Invalid(format!(
                "nobody with the address {} is in this environment's cache: check the address, or sync first",
                email.trim()
            ))
        })?;
        Ok(SameAccess {
            email: colleague.email.to_string(),
            name: colleague.name,
            role: colleague.role,
            organisations: colleague
                .memberships
                .into_iter()
                .map(|membership| OrganisationGrant {
                    organisation_id: membership.organisation_id,
                    level: membership.level,
                })
                .collect(),
        })
    }

    /// Checks a typed or pasted list of addresses before inviting: syntax, duplicates in the
    /// list, already a user or invited, free-mail and unfamiliar domains.
    pub async fn check_addresses(&self, text: &str) -> Result<Vec<AddressCheck>, CoreError> {
        let mut seen = HashSet::new();
        let mut known_domains: HashMap<String, bool> = HashMap::new();
        let mut checks = Vec::new();
        for input in split_address_list(text) {
            let email = match EmailAddress::parse(&input) {
                Ok(email) => email,
                Err(error) => {
                    checks.push(AddressCheck {
                        input,
                        email: None,
                        problem: Some(AddressProblem::Invalid(error.to_string())),
                        warnings: Vec::new(),
                    });
                    continue;
                }
            };
            let mut warnings = Vec::new();
            if email.is_free_mail() {
                warnings.push(AddressWarning::FreeMail);
            } else {
                let domain = email.domain().to_owned();
                let known = match known_domains.get(&domain) {
                    Some(known) => *known,
                    None => {
                        let known = self.store.domain_in_use(&domain).await?;
                        known_domains.insert(domain, known);
                        known
                    }
                };
                if !known {
                    warnings.push(AddressWarning::UnfamiliarDomain);
                }
            }
            let problem = if !seen.insert(email.clone()) {
                Some(AddressProblem::Duplicate)
            } else {
                match self.store.user_by_email(email.as_str()).await? {
                    Some(user) if user.status == UserStatus::Invited => {
                        Some(AddressProblem::AlreadyInvited)
                    }
                    Some(_) => Some(AddressProblem::AlreadyUser),
                    None => None,
                }
            };
            checks.push(AddressCheck {
                input,
                email: Some(email.to_string()),
                problem,
                warnings,
            });
        }
        Ok(checks)
    }

    /// Invites every address of the list that passes the checks; the others are reported as
    /// refused without sending. One result per address of the list, in order. Offline, the
    /// invitations wait in the outbox (`Queued`) and the next sync sends them.
    #[tracing::instrument(skip_all, fields(environment = %self.environment, role = %invitations.role), err)]
    pub async fn invite(
        &self,
        invitations: &Invitations,
        options: &BulkOptions,
        on_answered: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<(String, ChangeOutcome)>, CoreError> {
        let checks = self.check_addresses(&invitations.addresses).await?;
        self.invite_checked(checks, invitations, options, on_answered)
            .await
    }

    /// [`Workspace::invite`] over the checks of [`Workspace::check_addresses`] the caller
    /// made already (to show or refuse them first), so that the list is not checked twice.
    pub async fn invite_checked(
        &self,
        checks: Vec<AddressCheck>,
        invitations: &Invitations,
        options: &BulkOptions,
        on_answered: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<(String, ChangeOutcome)>, CoreError> {
        if checks.is_empty() {
            return Err(CoreError::Invalid(
                "enter at least one email address".to_owned(),
            ));
        }
        let total = checks.len();
        let mut labels = Vec::with_capacity(total);
        // Nobody else sends these while they are queued, sent and read back.
        let sending = self.store.sending().await;
        let mut queued: Vec<Result<i64, ChangeOutcome>> = Vec::with_capacity(total);
        for check in checks {
            labels.push(check.email.clone().unwrap_or_else(|| check.input.clone()));
            queued.push(match (check.problem, check.email) {
                (None, Some(email)) => {
                    let change = Change::Invite {
                        request: InvitationRequest {
                            name: None,
                            email,
                            role: Some(invitations.role),
                            method: Some(invitations.method),
                            organisations: invitations.organisations.clone(),
                        },
                    };
                    self.queue(change).await?
                }
                (Some(problem), _) => Err(problem.refusal()),
                (None, None) => {
                    Err(AddressProblem::Invalid("not an email address".to_owned()).refusal())
                }
            });
        }
        let mine = sequence_numbers(&queued);
        let mut n_answered = total - mine.len();
        on_answered(n_answered, total);
        if !mine.is_empty() {
            econnect_store::sync::push_side_by_side(
                &self.store,
                &self.client,
                &mine,
                options,
                &sending,
                &mut |_| {
                    n_answered += 1;
                    on_answered(n_answered, total);
                },
            )
            .await?;
            self.store.announce_connection_state().await?;
        }
        let mine: HashSet<i64> = mine.into_iter().collect();
        let outcomes = self.outcomes(queued, &mine).await?;
        drop(sending);
        Ok(labels.into_iter().zip(outcomes).collect())
    }
}
