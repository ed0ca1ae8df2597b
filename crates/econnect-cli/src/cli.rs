//! The command line's shape.

use clap::{Args, Parser, Subcommand};
use econnect_core::EnvironmentKind;
use econnect_core::spreadsheet::Separator;
use econnect_domain::{MembershipLevel, Role, UserStatus};

#[derive(Debug, Parser)]
#[command(
    name = "ecadmin",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("ECADMIN_COMMIT"), ")"),
    about = "Manage users and organisation access on the eConnect platform",
    after_help = "Exit codes: 0 ok, 1 error, 2 usage, 3 authentication or keychain.\n\
                  Secrets come from ECADMIN_CLIENT_SECRET and ECADMIN_PASSWORD, or are asked for without echo; \
                  they are kept in the OS keychain only."
)]
pub struct Cli {
    /// The saved environment to work in (default: the only one saved, or ECADMIN_ENV).
    #[arg(long, global = true, env = "ECADMIN_ENV")]
    pub env: Option<String>,
    /// Print JSON instead of tables (an array for lists, an object otherwise).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Saved environments.
    #[command(subcommand)]
    Env(EnvCommand),
    /// Users of the environment.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Invite one or more people (by email, or directly with --direct).
    Invite(InviteArgs),
    /// Onboard from a spreadsheet (CSV or tab-separated, as Excel saves it): a preview with
    /// a verdict per row, then — once confirmed — the run.
    Import(ImportArgs),
    /// The users, from the offline cache, as a spreadsheet the importer reads back.
    Export(ExportArgs),
    /// One user, by email address.
    #[command(subcommand)]
    User(UserCommand),
    /// Organisations of the environment.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Members of one organisation.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Send changes made offline, then bring the offline cache up to date (of every saved
    /// environment with --all).
    Sync(SyncArgs),
    /// People across every saved environment, from the offline caches.
    #[command(subcommand)]
    People(PeopleCommand),
    /// Take a person off: every membership, then the account (or only block them with
    /// --block) — in the chosen environment, or in every saved one with --all-envs. A plan
    /// per environment first; each change goes through that environment's outbox.
    Offboard(OffboardArgs),
    /// Reports for auditors.
    #[command(subcommand)]
    Report(ReportCommand),
    /// The changes waiting to be sent (and conflicts waiting for a decision).
    Pending,
    /// Shell completions, on stdout: `ecadmin completions bash >
    /// ~/.local/share/bash-completion/completions/ecadmin` (the packages install them).
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// The manual page (roff), on stdout: `ecadmin man | man -l -` (the packages install it).
    Man,
}

#[derive(Debug, Subcommand)]
pub enum EnvCommand {
    /// Save an environment; its secrets go to the OS keychain.
    Add(EnvAddArgs),
    /// List saved environments.
    List,
    /// Remove a saved environment and its keychain entries.
    Remove { name: String },
    /// The environments the --env environment's sign-in may enter, with the role in each;
    /// --add saves those not saved yet (they sign in with the same keychain entry).
    Discover {
        #[arg(long)]
        add: bool,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Every saved environment, a few at a time, with a line per environment.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Find a person by name or email in every saved environment's cache (one row per
    /// environment they are in).
    Find {
        /// Words that must all occur in the address or name (case and accents aside).
        text: String,
        #[arg(long, default_value_t = 500)]
        limit: usize,
    },
}

#[derive(Debug, Args)]
pub struct OffboardArgs {
    /// The person's email address.
    pub email: String,
    /// In every saved environment (otherwise the one chosen with --env).
    #[arg(long)]
    pub all_envs: bool,
    /// Only block the account (quick, and undone by unblocking).
    #[arg(long)]
    pub block: bool,
    /// Show the plan per environment; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Run without asking.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Who has access where: one row per environment × user × organisation, from the
    /// caches, as an Excel-ready spreadsheet.
    Access {
        /// Every saved environment (otherwise the one chosen with --env).
        #[arg(long)]
        all_envs: bool,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// `,` (default), `;` or `tab`.
        #[arg(long, default_value = ",", value_parser = parse_separator)]
        separator: Separator,
    },
}

#[derive(Debug, Args)]
pub struct EnvAddArgs {
    pub name: String,
    #[arg(long)]
    pub api_url: String,
    #[arg(long)]
    pub identity_url: String,
    #[arg(long)]
    pub client_id: String,
    /// Sign in as this user (password grant); without it, as the API client.
    #[arg(long)]
    pub username: Option<String>,
    /// production, acceptance, local-sandbox or custom.
    #[arg(long, default_value = "custom")]
    pub kind: EnvironmentKind,
    /// Save without signing in first (to prepare an environment while offline).
    #[arg(long)]
    pub no_verify: bool,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// List users, optionally filtered.
    List {
        #[arg(long)]
        status: Option<UserStatus>,
        #[arg(long)]
        role: Option<Role>,
    },
}

#[derive(Debug, Args)]
pub struct InviteArgs {
    /// One or more email addresses; an argument may hold a pasted list (`Name <address>`,
    /// `"Last, First" <address>`, separated by commas, semicolons or new lines); `-` reads
    /// the list from standard input.
    #[arg(required = true)]
    pub emails: Vec<String>,
    /// basic, advanced or administrator (default: basic, or the colleague's with --like).
    #[arg(long)]
    pub role: Option<Role>,
    /// ORG_ID:member or ORG_ID:administrator; repeat for several organisations (with
    /// --like: added to the colleague's, or changing the level of one of theirs).
    #[arg(long = "org", value_parser = parse_grant)]
    pub organisations: Vec<(String, MembershipLevel)>,
    /// With the same access as this colleague: their role and every organisation they are
    /// in, at the same level (from the cache; printed before sending).
    #[arg(long, value_name = "EMAIL")]
    pub like: Option<String>,
    /// Create the accounts at once and mail a set-password link (needed for shared domains).
    #[arg(long)]
    pub direct: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Columns (English or Dutch headers): email, name, role, organisations, level, method.\n\
    --json prints one array, an object per data row with its line, verdict and, once sent, result.\n\
    Exit codes: 0 every row sent or skipped, 1 a row failed or has an error, 2 the file cannot be read, 3 authentication."
)]
pub struct ImportArgs {
    /// The file; `-` reads standard input.
    pub file: String,
    /// Show what each row would do; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also apply the changes to existing users (role, organisations) the file asks for.
    #[arg(long)]
    pub update_existing: bool,
    /// Send without asking (for scripts).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Rows without a method are added directly instead of invited by email.
    #[arg(long)]
    pub direct: bool,
    /// Write a results file (the rows plus result and message; import it again to retry
    /// the failed rows).
    #[arg(long, value_name = "OUT.csv")]
    pub results: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[arg(long)]
    pub status: Option<UserStatus>,
    #[arg(long)]
    pub role: Option<Role>,
    /// Only members of this organisation (its id).
    #[arg(long = "org", value_name = "ID")]
    pub organisation: Option<String>,
    /// `,` (default), `;` (Excel where the decimal separator is a comma) or `tab`.
    #[arg(long, default_value = ",", value_parser = parse_separator)]
    pub separator: Separator,
}

/// A `--separator` value that is not one of the three.
#[derive(Debug, thiserror::Error)]
#[error("`{0}`: use `,` `;` or `tab`")]
pub struct SeparatorError(String);

fn parse_separator(value: &str) -> Result<Separator, SeparatorError> {
    Separator::parse(value).ok_or_else(|| SeparatorError(value.to_owned()))
}

/// An `--org` value that is not `ORG_ID:member` or `ORG_ID:administrator`.
#[derive(Debug, thiserror::Error)]
#[error("`{value}`: {reason}")]
pub struct GrantError {
    value: String,
    reason: String,
}

fn parse_grant(value: &str) -> Result<(String, MembershipLevel), GrantError> {
    let error = |reason: String| GrantError {
        value: value.to_owned(),
        reason,
    };
    let (organisation, level) = value
        .rsplit_once(':')
        .ok_or_else(|| error("use ORG_ID:member or ORG_ID:administrator".to_owned()))?;
    let level = level
        .parse::<MembershipLevel>()
        .map_err(|parse| error(parse.to_string()))?;
    if organisation.is_empty() {
        return Err(error("the organisation id is missing".to_owned()));
    }
    Ok((organisation.to_owned(), level))
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    Show {
        email: String,
    },
    Block {
        email: String,
    },
    Unblock {
        email: String,
    },
    /// Remove the user from the environment (their memberships go too).
    Remove {
        email: String,
    },
    SetRole {
        email: String,
        role: Role,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    List,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    AddMember {
        organisation_id: String,
        email: String,
        #[arg(long, default_value = "member")]
        level: MembershipLevel,
    },
    SetLevel {
        organisation_id: String,
        email: String,
        level: MembershipLevel,
    },
    RemoveMember {
        organisation_id: String,
        email: String,
    },
}
