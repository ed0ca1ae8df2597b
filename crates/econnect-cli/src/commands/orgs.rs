//! `ecadmin orgs list`, `ecadmin org add-member|set-level|remove-member`.

use econnect_domain::MembershipLevel;

use crate::cli::OrgCommand;
use crate::commands::Context;
use crate::commands::users::{done, find_user};
use crate::error::CliError;
use crate::output;

pub async fn list(context: &Context) -> Result<(), CliError> {
    let (_, client) = context.client()?;
    let organisations = client.all_organisations().await?;
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
    let (_, client) = context.client()?;
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
    let user = find_user(&client, &email).await?;
    match level {
        Some(level) => {
            let member = client.set_member(&organisation_id, &user.id, level).await?;
            if context.json {
                return output::json(&member);
            }
            println!(
                "{} is now {} of organisation {organisation_id}.",
                member.email,
                level_label(level)
            );
            Ok(())
        }
        None => {
            client.remove_member(&organisation_id, &user.id).await?;
            done(
                context,
                &format!(
                    "Removed {} from organisation {organisation_id}; the account stays.",
                    user.email
                ),
                &serde_json::json!({"removed": user.email, "organisationId": organisation_id}),
            )
        }
    }
}

fn level_label(level: MembershipLevel) -> &'static str {
    match level {
        MembershipLevel::Member => "a member",
        MembershipLevel::Administrator => "an organisation administrator",
    }
}
