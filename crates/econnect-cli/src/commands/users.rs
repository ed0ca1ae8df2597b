//! `ecadmin users list`, `ecadmin invite`, `ecadmin user …`.

use econnect_api::BulkOptions;
use econnect_contract::{OrganisationGrant, User};
use econnect_core::workspace::{AddressProblem, AddressWarning, Invitations, SameAccess};
use econnect_core::{ChangeOutcome, Workspace};
use econnect_domain::{EmailAddress, InvitationMethod, Role};
use econnect_store::{Change, SearchQuery, Store};
use serde::Serialize;

use crate::cli::{InviteArgs, UserCommand, UsersCommand};
use crate::commands::{Context, offline};
use crate::error::CliError;
use crate::output;

pub async fn list(context: &Context, command: UsersCommand) -> Result<(), CliError> {
    let UsersCommand::List { status, role } = command;
    let workspace = context.workspace().await?;
    let store = workspace.store();
    let mut users = Vec::new();
    let mut query = SearchQuery {
        status,
        role,
        limit: 1000,
        ..SearchQuery::default()
    };
    loop {
        let page = store.search(&query).await?;
        let n = page.rows.len();
        for row in page.rows {
            if let Some(user) = store.user(&row.id).await? {
                users.push(user);
            }
        }
        if n < query.limit as usize {
            break;
        }
        query.offset += query.limit;
    }
    if context.json {
        return output::json(&users);
    }
    output::table(
        &[
            "EMAIL",
            "NAME",
            "ROLE",
            "STATUS",
            "ORGS",
            "RM",
            "INVITED BY",
            "EXPIRES",
        ],
        users.iter().map(user_row).collect(),
    );
    eprintln!("{} users", users.len());
    Ok(())
}

fn user_row(user: &User) -> Vec<String> {
    let invitation = user.invitation.as_ref();
    vec![
        user.email.to_string(),
        user.name.clone().unwrap_or_default(),
        user.role.to_string(),
        user.status.to_string(),
        user.memberships.len().to_string(),
        if user.relationship_manager { "yes" } else { "" }.to_owned(),
        invitation
            .and_then(|invitation| invitation.invited_by.as_ref())
            .map(ToString::to_string)
            .unwrap_or_default(),
        invitation
            .map(|invitation| {
                let date = invitation.expires_at.format("%Y-%m-%d");
                if invitation.expires_at < chrono::Utc::now() {
                    format!("expired {date}")
                } else {
                    date.to_string()
                }
            })
            .unwrap_or_default(),
    ]
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InviteResult {
    email: String,
    ok: bool,
    /// `sent`, `queued` (offline: the next `ecadmin sync` sends it), `conflict` or `refused`.
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<User>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Invites as the app does (`Workspace::invite`: checked, queued, sent through the bulk
/// path). An address that cannot be used stops everything before anything is sent.
/// "With the same access as …": what the invitation copies, in words, before it is sent.
async fn describe_same_access(
    workspace: &Workspace,
    access: &SameAccess,
    role: Role,
    organisations: &[OrganisationGrant],
) -> Result<String, CliError> {
    let names: std::collections::HashMap<String, String> = workspace
        .store()
        .organisations()
        .await?
        .into_iter()
        .map(|organisation| (organisation.id, organisation.name))
        .collect();
    let listed: Vec<String> = organisations
        .iter()
        .map(|grant| {
            let name = names
                .get(&grant.organisation_id)
                .map_or(grant.organisation_id.as_str(), String::as_str);
            format!("{name} ({})", grant.level.as_str())
        })
        .collect();
    Ok(format!(
        "with the same access as {}: {}; {}",
        access.email,
        role.as_str(),
        if listed.is_empty() {
            "no organisation (they will see no documents)".to_owned()
        } else {
            listed.join(", ")
        }
    ))
}

pub async fn invite(context: &Context, args: InviteArgs) -> Result<(), CliError> {
    let workspace = context.workspace().await?;
    // `-` reads the list from standard input (one or many per line, as pasted).
    let mut addresses = Vec::with_capacity(args.emails.len());
    for argument in &args.emails {
        if argument == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|error| {
                CliError::Usage(format!("standard input cannot be read: {error}"))
            })?;
            addresses.push(text);
        } else {
            addresses.push(argument.clone());
        }
    }
    let like = match &args.like {
        Some(email) => Some(workspace.same_access_as(email).await?),
        None => None,
    };
    let mut organisations: Vec<OrganisationGrant> = like
        .as_ref()
        .map(|access| access.organisations.clone())
        .unwrap_or_default();
    for (organisation_id, level) in &args.organisations {
        match organisations
            .iter_mut()
            .find(|grant| &grant.organisation_id == organisation_id)
        {
            Some(grant) => grant.level = *level,
            None => organisations.push(OrganisationGrant {
                organisation_id: organisation_id.clone(),
                level: *level,
            }),
        }
    }
    let role = args
        .role
        .or(like.as_ref().map(|access| access.role))
        .unwrap_or(Role::Basic);
    if let Some(access) = &like {
        eprintln!(
            "{}",
            describe_same_access(&workspace, access, role, &organisations).await?
        );
    }
    let invitations = Invitations {
        addresses: addresses.join("\n"),
        role,
        method: if args.direct {
            InvitationMethod::Direct
        } else {
            InvitationMethod::Email
        },
        organisations,
    };
    let checks = workspace.check_addresses(&invitations.addresses).await?;
    for check in &checks {
        match &check.problem {
            Some(AddressProblem::Invalid(reason)) => {
                return Err(CliError::Usage(format!("{}: {reason}", check.input)));
            }
            Some(AddressProblem::Duplicate) => {
                return Err(CliError::Usage(format!("{} is listed twice", check.input)));
            }
            _ => {}
        }
        if check.warnings.contains(&AddressWarning::FreeMail) {
            eprintln!(
                "warning: {} is a free-mail address; business addresses are strongly preferred",
                check.input
            );
        }
    }
    let outcomes = workspace
        .invite_checked(
            checks,
            &invitations,
            &BulkOptions::default(),
            &mut |_, _| {},
        )
        .await?;
    let mut report = Vec::with_capacity(outcomes.len());
    for (email, outcome) in outcomes {
        let user = match outcome {
            ChangeOutcome::Done | ChangeOutcome::Queued => {
                workspace.store().user_by_email(&email).await?
            }
            _ => None,
        };
        let (result, code, error) = match outcome {
            ChangeOutcome::Done => ("sent", None, None),
            ChangeOutcome::Queued => ("queued", None, None),
            ChangeOutcome::Conflict { reason, .. } => ("conflict", None, Some(reason)),
            ChangeOutcome::Refused { reason, code } => {
                ("refused", code.map(|code| code.as_str()), Some(reason))
            }
        };
        report.push(InviteResult {
            ok: error.is_none(),
            email,
            result,
            user,
            code,
            error,
        });
    }
    let n_failed = report.iter().filter(|result| !result.ok).count();
    if context.json {
        output::json(&report)?;
    } else {
        for result in &report {
            match (&result.error, result.result) {
                (None, "queued") => println!("queued   {}", result.email),
                (None, _) => println!("invited  {}", result.email),
                (Some(error), _) => println!("FAILED   {}: {error}", result.email),
            }
        }
    }
    if report.iter().any(|result| result.result == "queued") {
        eprintln!(
            "offline: the invitations are queued and will be sent by the next `ecadmin sync`"
        );
    }
    if n_failed > 0 {
        return Err(CliError::Failed(format!(
            "{n_failed} of {} invitations failed",
            report.len()
        )));
    }
    Ok(())
}

pub async fn user(context: &Context, command: UserCommand) -> Result<(), CliError> {
    let workspace = context.workspace().await?;
    let store = workspace.store();
    let email = match &command {
        UserCommand::Show { email }
        | UserCommand::Block { email }
        | UserCommand::Unblock { email }
        | UserCommand::Remove { email }
        | UserCommand::SetRole { email, .. } => email.clone(),
    };
    let user = cached_user(store, &email).await?;
    let change = match command {
        UserCommand::Show { .. } => return show(context, &user),
        UserCommand::Remove { .. } => Change::RemoveUser {
            user_id: user.id.clone(),
            base_version: user.version,
        },
        UserCommand::Block { .. } => Change::SetBlocked {
            user_id: user.id.clone(),
            blocked: true,
            base_version: user.version,
        },
        UserCommand::Unblock { .. } => Change::SetBlocked {
            user_id: user.id.clone(),
            blocked: false,
            base_version: user.version,
        },
        UserCommand::SetRole { role, .. } => Change::SetRole {
            user_id: user.id.clone(),
            role,
            base_version: user.version,
        },
    };
    let is_role_change = matches!(change, Change::SetRole { .. });
    let is_removal = matches!(change, Change::RemoveUser { .. });
    offline::change(context, &workspace, change).await?;
    if is_removal {
        return done(
            context,
            &format!("Removed {} from the environment.", user.email),
            &serde_json::json!({"removed": user.email}),
        );
    }
    let updated = store.user(&user.id).await?.unwrap_or(user);
    if context.json {
        return output::json(&updated);
    }
    println!(
        "{}: role {}, status {}.",
        updated.email, updated.role, updated.status
    );
    if is_role_change {
        println!(
            "The new role applies at once; {} does not need to sign in again.",
            updated.email
        );
    }
    if updated.relationship_manager && updated.role == Role::Basic {
        println!("Note: the relationship-manager flag has no effect for a Basic user.");
    }
    Ok(())
}

/// The cached user with this exact email address.
async fn cached_user(store: &Store, email: &str) -> Result<User, CliError> {
    let address = EmailAddress::parse(email).map_err(|error| CliError::Usage(error.to_string()))?;
    store
        .user_by_email(address.as_str())
        .await?
        .ok_or_else(|| CliError::Failed(format!("{address} is not a user of this environment")))
}

fn show(context: &Context, user: &User) -> Result<(), CliError> {
    if context.json {
        return output::json(user);
    }
    let mut rows = vec![
        vec!["email".to_owned(), user.email.to_string()],
        vec!["name".to_owned(), user.name.clone().unwrap_or_default()],
        vec!["role".to_owned(), user.role.to_string()],
        vec!["status".to_owned(), user.status.to_string()],
        vec![
            "relationship manager".to_owned(),
            user.relationship_manager.to_string(),
        ],
        vec![
            "organisations".to_owned(),
            user.memberships.len().to_string(),
        ],
    ];
    for membership in &user.memberships {
        rows.push(vec![
            "  member of".to_owned(),
            format!("{} ({})", membership.organisation_id, membership.level),
        ]);
    }
    if let Some(invitation) = &user.invitation {
        rows.push(vec![
            "invited at".to_owned(),
            invitation.invited_at.to_rfc3339(),
        ]);
        rows.push(vec![
            "expires at".to_owned(),
            invitation.expires_at.to_rfc3339(),
        ]);
    }
    output::table(&["FIELD", "VALUE"], rows);
    Ok(())
}

pub fn done(context: &Context, message: &str, json: &serde_json::Value) -> Result<(), CliError> {
    if context.json {
        output::json(json)
    } else {
        println!("{message}");
        Ok(())
    }
}
