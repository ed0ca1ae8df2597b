//! `ecadmin users list`, `ecadmin invite`, `ecadmin user …`.

use econnect_api::{BulkOptions, BulkOutcome};
use econnect_contract::{InvitationRequest, OrganisationGrant, User};
use econnect_domain::{EmailAddress, InvitationMethod, Role};
use econnect_store::{Change, SearchQuery, Store};
use serde::Serialize;

use crate::cli::{InviteArgs, UserCommand, UsersCommand};
use crate::commands::{Context, offline};
use crate::error::CliError;
use crate::output;

pub async fn list(context: &Context, command: UsersCommand) -> Result<(), CliError> {
    let UsersCommand::List { status, role } = command;
    let (client, store) = context.client_and_cache().await?;
    offline::refresh(&store, &client).await?;
    let mut users = Vec::new();
    let mut query = SearchQuery {
        status,
        role,
        limit: 1000,
        ..SearchQuery::default()
    };
    loop {
        let page = store
            .search(&query)
            .await
            .map_err(|error| CliError::Failed(error.to_string()))?;
        let n = page.rows.len();
        for row in page.rows {
            if let Some(user) = store
                .user(&row.id)
                .await
                .map_err(|error| CliError::Failed(error.to_string()))?
            {
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
    let (client, store) = context.client_and_cache().await?;
    let offline = offline::refresh(&store, &client).await?.offline;
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
    let requests: Vec<InvitationRequest> = args
        .emails
        .iter()
        .map(|email| InvitationRequest {
            email: email.clone(),
            role: Some(args.role),
            method: Some(method),
            organisations: organisations.clone(),
        })
        .collect();
    if offline {
        for request in requests {
            let email = request.email.clone();
            let seq = store
                .enqueue(Change::Invite { request })
                .await
                .map_err(|error| CliError::Failed(format!("{email}: {error}")))?;
            println!("queued   {email} (#{seq})");
        }
        eprintln!(
            "offline: the invitations are queued and will be sent by the next `ecadmin sync`"
        );
        return Ok(());
    }
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

pub async fn user(context: &Context, command: UserCommand) -> Result<(), CliError> {
    let (client, store) = context.client_and_cache().await?;
    offline::refresh(&store, &client).await?;
    let email = match &command {
        UserCommand::Show { email }
        | UserCommand::Block { email }
        | UserCommand::Unblock { email }
        | UserCommand::Remove { email }
        | UserCommand::SetRole { email, .. } => email.clone(),
    };
    let user = cached_user(&store, &email).await?;
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
    offline::change(context, &store, &client, change).await?;
    if is_removal {
        return done(
            context,
            &format!("Removed {} from the environment.", user.email),
            &serde_json::json!({"removed": user.email}),
        );
    }
    let updated = store
        .user(&user.id)
        .await
        .map_err(|error| CliError::Failed(error.to_string()))?
        .unwrap_or(user);
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
        .await
        .map_err(|error| CliError::Failed(error.to_string()))?
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
