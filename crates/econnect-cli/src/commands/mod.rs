//! One function per command; each calls the core and prints the result.

mod env;
mod import;
pub(crate) mod many;
mod offline;
mod orgs;
mod users;

use econnect_api::{ApiClient, ClientOptions};
use econnect_core::{AppDirs, EnvironmentStore, Keychain, SavedEnvironment, Workspace};

use crate::cli::{Cli, Command};
use crate::error::CliError;

/// What every command gets.
pub struct Context {
    pub data_dir: std::path::PathBuf,
    pub json: bool,
    pub env: Option<String>,
    pub store: EnvironmentStore,
    pub keychain: Keychain,
}

impl Context {
    /// The environment chosen with --env, or the only one saved.
    pub fn environment(&self) -> Result<SavedEnvironment, CliError> {
        match &self.env {
            Some(name) => Ok(self.store.get(name)?),
            None => {
                let mut saved = self.store.list()?;
                match saved.len() {
                    1 => Ok(saved.remove(0)),
                    0 => Err(CliError::Usage(
                        "no environment is saved yet; add one with `ecadmin env add NAME --api-url … --identity-url … --client-id …`"
                            .to_owned(),
                    )),
                    _ => Err(CliError::Usage(format!(
                        "several environments are saved ({}); choose one with --env NAME",
                        saved.iter().map(|e| e.name.as_str()).collect::<Vec<_>>().join(", ")
                    ))),
                }
            }
        }
    }

    pub fn client(&self) -> Result<(SavedEnvironment, ApiClient), CliError> {
        let environment = self.environment()?;
        let client = econnect_core::session::connect(
            &environment,
            &self.keychain,
            ClientOptions::default(),
        )?;
        Ok((environment, client))
    }

    /// The environment's workspace on its cache, without asking the platform anything.
    pub async fn cached_workspace(&self) -> Result<Workspace, CliError> {
        let (environment, client) = self.client()?;
        Ok(Workspace::open(&self.data_dir, &environment.name, client).await?)
    }

    /// The environment's workspace as the app opens it (`Workspace::sign_in`: online, or on
    /// the cache when the platform cannot be reached), then brought up to date.
    pub async fn workspace(&self) -> Result<Workspace, CliError> {
        let (environment, client) = self.client()?;
        let (workspace, _me) =
            Workspace::sign_in(&self.data_dir, &environment.name, client).await?;
        offline::refresh(&workspace).await?;
        Ok(workspace)
    }
}

pub async fn run(cli: Cli, app_dirs: AppDirs) -> Result<(), CliError> {
    let context = Context {
        store: EnvironmentStore::in_config_dir(&app_dirs.config_dir),
        keychain: std::env::var("ECADMIN_KEYCHAIN_SERVICE")
            .ok()
            .filter(|service| !service.is_empty())
            .map(Keychain::new)
            .unwrap_or_default(),
        data_dir: app_dirs.data_dir.clone(),
        json: cli.json,
        env: cli.env,
    };
    match cli.command {
        Command::Env(command) => env::run(&context, command).await,
        Command::Users(command) => users::list(&context, command).await,
        Command::Invite(args) => users::invite(&context, args).await,
        Command::Import(args) => import::import(&context, args).await,
        Command::Export(args) => import::export(&context, args).await,
        Command::User(command) => users::user(&context, command).await,
        Command::Orgs(_) => orgs::list(&context).await,
        Command::Org(command) => orgs::member(&context, command).await,
        Command::Sync(args) if args.all => many::sync_all(&context).await,
        Command::Sync(_) => offline::sync(&context).await,
        Command::People(command) => many::people(&context, command).await,
        Command::Offboard(args) => many::offboard(&context, args).await,
        Command::Report(crate::cli::ReportCommand::Access {
            all_envs,
            output,
            separator,
        }) => many::access_report(&context, all_envs, output, separator).await,
        Command::Pending => offline::pending(&context).await,
        // Printed by main before anything starts.
        Command::Completions { .. } | Command::Man => Ok(()),
    }
}
