//! `ecadmin users list`, `ecadmin invite`, `ecadmin user …`.

use econnect_api::{ApiClient, BulkOptions, BulkOutcome, UserQuery};
use econnect_contract::{InvitationRequest, OrganisationGrant, User, UserPatch};
use econnect_domain::{EmailAddress, InvitationMethod, Role};
use serde::Serialize;

use crate::cli::{InviteArgs, UserCommand, UsersCommand};
use crate::commands::Context;
use crate::error::CliError;
use crate::output;

pub async fn list(context: &Context, command: UsersCommand) -> Result<(), CliError> {
    let UsersCommand::List { status, role } = command;
    let (_, client) = context.client()?;
    let users = client
        .all_users(&UserQuery {
            status,
            role,
            ..UserQuery::default()
        })
        .await?;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<User>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub async fn invite(context: &Context, args: InviteArgs) -> Result<(), CliError> {
    // Check every address first: nothing is sent when one is unusable.
    let mut seen = std::collections::HashSet::new();
    for email in &args.emails {
        let parsed =
            EmailAddress::parse(email).map_err(|error| CliError::Usage(error.to_string()))?;
        if !seen.insert(parsed.clone()) {
            return Err(CliError::Usage(format!("{parsed} is listed twice")));
        }
        if parsed.is_free_mail() {
            eprintln!(
                "warning: {parsed} is a free-mail address; business addresses are strongly preferred"
            );
        }
    }
    let (_, client) = context.client()?;
    let organisations: Vec<OrganisationGrant> = args
        .organisations
        .iter()
        .map(|(organisation_id, level)| OrganisationGrant {
            organisation_id: organisation_id.clone(),
            level: *level,
        })
        .collect();
    let method = if args.direct {
        InvitationMethod::Direct
    } else {
        InvitationMethod::Email
    };
    let requests = args
        .emails
        .iter()
        .map(|email| InvitationRequest {
            email: email.clone(),
            role: Some(args.role),
            method: Some(method),
            organisations: organisations.clone(),
        })
        .collect();
    let results = client.invite_many(requests, &BulkOptions::default()).await;
    let report: Vec<InviteResult> = results
        .into_iter()
        .map(|item| match item.outcome {
            BulkOutcome::Done(user) => InviteResult {
                email: item.input.email,
                ok: true,
                user: Some(user),
                code: None,
                error: None,
            },
            BulkOutcome::Failed(error) => InviteResult {
                email: item.input.email,
                ok: false,
                user: None,
                code: error.code().map(|code| code.as_str().to_owned()),
                error: Some(error.to_string()),
            },
            BulkOutcome::Cancelled => InviteResult {
                email: item.input.email,
                ok: false,
                user: None,
                code: None,
                error: Some("cancelled".to_owned()),
            },
        })
        .collect();
    let n_failed = report.iter().filter(|result| !result.ok).count();
    if context.json {
        output::json(&report)?;
    } else {
        for result in &report {
            match &result.error {
                None => println!("invited  {}", result.email),
                Some(error) => println!("FAILED   {}: {error}", result.email),
            }
        }
    }
    if n_failed > 0 {
        return Err(CliError::Failed(format!(
            "{n_failed} of {} invitations failed",
            report.len()
        )));
    }
    Ok(())
}

/// The user with this exact email address.
pub async fn find_user(client: &ApiClient, email: &str) -> Result<User, CliError> {
    let address = EmailAddress::parse(email).map_err(|error| CliError::Usage(error.to_string()))?;
    let candidates = client
        .all_users(&UserQuery {
            q: Some(address.to_string()),
            ..UserQuery::default()
        })
        .await?;
    candidates
        .into_iter()
        .find(|user| user.email == address)
        .ok_or_else(|| CliError::Failed(format!("{address} is not a user of this environment")))
}

pub async fn user(context: &Context, command: UserCommand) -> Result<(), CliError> {
    let (_, client) = context.client()?;
    let (email, patch) = match command {
        UserCommand::Show { email } => {
            let user = find_user(&client, &email).await?;
            return show(context, &user);
        }
        UserCommand::Remove { email } => {
            let user = find_user(&client, &email).await?;
            let current = client.get_user(&user.id).await?;
            client.remove_user(&user.id, Some(&current.etag)).await?;
            return done(
                context,
                &format!("Removed {} from the environment.", user.email),
                &serde_json::json!({"removed": user.email}),
            );
        }
        UserCommand::Block { email } => (
            email,
            UserPatch {
                blocked: Some(true),
                ..UserPatch::default()
            },
        ),
        UserCommand::Unblock { email } => (
            email,
            UserPatch {
                blocked: Some(false),
                ..UserPatch::default()
            },
        ),
        UserCommand::SetRole { email, role } => (
            email,
            UserPatch {
                role: Some(role),
                ..UserPatch::default()
            },
        ),
    };
    let user = find_user(&client, &email).await?;
    let current = client.get_user(&user.id).await?;
    let updated = client
        .update_user(&user.id, &current.etag, &patch)
        .await?
        .value;
    if context.json {
        return output::json(&updated);
    }
    println!(
        "{}: role {}, status {}.",
        updated.email, updated.role, updated.status
    );
    if patch.role.is_some() {
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
