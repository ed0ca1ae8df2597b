//! What went wrong, and the exit code it gets: one match over the core's classification.

use econnect_core::CoreError;
use econnect_domain::ErrorKind;

pub const EXIT_ERROR: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_AUTH: u8 = 3;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Auth(String),
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Auth(_) => EXIT_AUTH,
            CliError::Failed(_) => EXIT_ERROR,
        }
    }
}

impl From<CoreError> for CliError {
    fn from(error: CoreError) -> Self {
        let message = error.to_string();
        match error.kind() {
            ErrorKind::Authentication | ErrorKind::Keychain => CliError::Auth(message),
            ErrorKind::InvalidInput => CliError::Usage(message),
            // A saved environment that does not exist is a mistake on the command line.
            ErrorKind::NotFound if matches!(error, CoreError::Environment(_)) => {
                CliError::Usage(message)
            }
            ErrorKind::AppFolder
            | ErrorKind::NotFound
            | ErrorKind::Unreachable
            | ErrorKind::Rejected
            | ErrorKind::Conflict
            | ErrorKind::Internal => CliError::Failed(message),
        }
    }
}

// Every error of the crates below converts through the core's classification.
econnect_core::convert_through_core_error!(CliError);
