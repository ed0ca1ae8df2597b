//! `ecadmin`: the eConnect Admin command line, on the same core as the desktop app.
//!
//! Exit codes: 0 ok, 1 error, 2 usage, 3 authentication or keychain.

mod cli;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(error::EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if let Some(exit) = print_documentation(&cli.command) {
        return exit;
    }
    // Before any file is written: what ecadmin writes is the user's alone.
    econnect_core::app_dirs::keep_new_files_private();
    let app_dirs = match econnect_core::AppDirs::for_current_user() {
        Ok(app_dirs) => app_dirs,
        Err(error) => {
            eprintln!("ecadmin: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Best effort: a command that needs a folder says so itself.
    let _ = app_dirs.create_all();
    let _log_guard = econnect_core::logging::init_file_logging(&app_dirs.log_dir, "ecadmin").ok();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ecadmin: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli, app_dirs)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::warn!(%error, "command failed");
            eprintln!("ecadmin: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Completions and the manual page: printed, and nothing else started (no folders, no log),
/// so that a package build can make them.
fn print_documentation(command: &cli::Command) -> Option<ExitCode> {
    use clap::CommandFactory;
    let mut stdout = std::io::stdout();
    match command {
        cli::Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut cli::Cli::command(), "ecadmin", &mut stdout);
            Some(ExitCode::SUCCESS)
        }
        cli::Command::Man => Some(
            match clap_mangen::Man::new(cli::Cli::command()).render(&mut stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("ecadmin: cannot write the manual page: {error}");
                    ExitCode::FAILURE
                }
            },
        ),
        _ => None,
    }
}
