//! `ecadmin env add|list|remove`.

use std::io::IsTerminal;

use econnect_api::Secret;
use econnect_core::SavedEnvironment;
use serde::Serialize;

use crate::cli::{EnvAddArgs, EnvCommand};
use crate::commands::Context;
use crate::error::CliError;
use crate::output;

pub async fn run(context: &Context, command: EnvCommand) -> Result<(), CliError> {
    match command {
        EnvCommand::Add(args) => add(context, args).await,
        EnvCommand::List => list(context),
        EnvCommand::Discover { add } => crate::commands::many::discover(context, add).await,
        EnvCommand::Remove { name } => {
            let removed = econnect_core::session::remove_environment(
                &context.store,
                &context.keychain,
                &context.data_dir,
                &name,
            )?;
            if context.json {
                output::json(&serde_json::json!({"removed": removed.name}))
            } else {
                println!(
                    "Removed environment {}, its keychain entries and its offline cache.",
                    removed.name
                );
                Ok(())
            }
        }
    }
}

/// A secret from the environment variable, or asked for without echo.
fn secret(variable: &str, prompt: &str) -> Result<Secret, CliError> {
    if let Some(value) = std::env::var(variable)
        .ok()
        .filter(|value| !value.is_empty())
    {
        return Ok(Secret::new(value));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "{prompt} is needed: set {variable}, or run in a terminal to be asked"
        )));
    }
    let value = rpassword::prompt_password(format!("{prompt}: "))
        .map_err(|error| CliError::Failed(error.to_string()))?;
    if value.is_empty() {
        return Err(CliError::Usage(format!("{prompt} cannot be empty")));
    }
    Ok(Secret::new(value))
}

async fn add(context: &Context, args: EnvAddArgs) -> Result<(), CliError> {
    // The URLs are checked before secrets are asked for.
    let environment = SavedEnvironment::from_input(
        &args.name,
        args.kind,
        &args.api_url,
        &args.identity_url,
        &args.client_id,
        args.username.as_deref(),
    )?;
    let client_secret = secret("ECADMIN_CLIENT_SECRET", "Client secret")?;
    let password = match &environment.username {
        Some(username) => Some(secret(
            "ECADMIN_PASSWORD",
            &format!("Password of {username}"),
        )?),
        None => None,
    };
    let name = econnect_core::session::add_verified_environment(
        &context.store,
        &context.keychain,
        environment,
        &client_secret,
        password.as_ref(),
        !args.no_verify,
    )
    .await?
    .name;
    if context.json {
        output::json(&serde_json::json!({"added": name}))
    } else {
        println!("Saved environment {name}; its secrets are in the OS keychain.");
        Ok(())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvironmentRow<'a> {
    name: &'a str,
    kind: &'a str,
    api_url: &'a str,
    identity_url: &'a str,
    client_id: &'a str,
    username: Option<&'a str>,
}

fn list(context: &Context) -> Result<(), CliError> {
    let environments = context.store.list()?;
    let rows: Vec<EnvironmentRow<'_>> = environments
        .iter()
        .map(|e| EnvironmentRow {
            name: &e.name,
            kind: e.kind.as_str(),
            api_url: &e.api_url,
            identity_url: &e.identity_url,
            client_id: &e.client_id,
            username: e.username.as_deref(),
        })
        .collect();
    if context.json {
        return output::json(&rows);
    }
    if rows.is_empty() {
        println!("No environments saved yet. Add one with `ecadmin env add`.");
        return Ok(());
    }
    output::table(
        &["NAME", "KIND", "API URL", "SIGNS IN AS"],
        rows.iter()
            .map(|row| {
                vec![
                    row.name.to_owned(),
                    row.kind.to_owned(),
                    row.api_url.to_owned(),
                    row.username.unwrap_or("(API client)").to_owned(),
                ]
            })
            .collect(),
    );
    Ok(())
}
