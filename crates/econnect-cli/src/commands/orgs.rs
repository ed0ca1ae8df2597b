//! `ecadmin orgs list`, `ecadmin org add-member|set-level|remove-member`.

use econnect_domain::{EmailAddress, MembershipLevel};
use econnect_store::Change;

use crate::cli::OrgCommand;
use crate::commands::users::done;
use crate::commands::{Context, offline};
use crate::error::CliError;
use crate::output;

pub async fn list(context: &Context) -> Result<(), CliError> {
    let workspace = context.workspace().await?;
    let organisations = workspace.store().organisations().await?;
    if context.json {
        return output::json(&organisations);
    }
    output::table(
        &["ID", "NAME", "MEMBERS"],
        organisations
            .iter()
            .map(|organisation| {
                vec![
                    organisation.id.clone(),
                    organisation.name.clone(),
                    organisation.member_count.to_string(),
                ]
            })
            .collect(),
    );
    Ok(())
}

pub async fn member(context: &Context, command: OrgCommand) -> Result<(), CliError> {
    let workspace = context.workspace().await?;
    let (organisation_id, email, level): (String, String, Option<MembershipLevel>) = match command {
        OrgCommand::AddMember {
            organisation_id,
            email,
            level,
        }
        | OrgCommand::SetLevel {
            organisation_id,
            email,
            level,
        } => (organisation_id, email, Some(level)),
        OrgCommand::RemoveMember {
            organisation_id,
            email,
        } => (organisation_id, email, None),
    };
    let address =
        EmailAddress::parse(&email).map_err(|error| CliError::Usage(error.to_string()))?;
    let user = workspace
        .store()
        .user_by_email(address.as_str())
        .await?
        .ok_or_else(|| CliError::Failed(format!("{address} is not a user of this environment")))?;
    let change = match level {
        Some(level) => Change::SetMember {
            organisation_id: organisation_id.clone(),
            user_id: user.id.clone(),
            level,
        },
        None => Change::RemoveMember {
            organisation_id: organisation_id.clone(),
            user_id: user.id.clone(),
        },
    };
    offline::change(context, &workspace, change).await?;
    match level {
        Some(level) => done(
            context,
            &format!(
                "{} is now {} of organisation {organisation_id}.",
                user.email,
                level_label(level)
            ),
            &serde_json::json!({"email": user.email, "organisationId": organisation_id, "level": level}),
        ),
        None => done(
            context,
            &format!(
                "Removed {} from organisation {organisation_id}; the account stays.",
                user.email
            ),
            &serde_json::json!({"removed": user.email, "organisationId": organisation_id}),
        ),
    }
}

fn level_label(level: MembershipLevel) -> &'static str {
    match level {
        MembershipLevel::Member => "a member",
        MembershipLevel::Administrator => "an organisation administrator",
    }
}
