//! What went wrong, and the exit code it gets.

use econnect_api::ApiError;
use econnect_contract::ErrorCode;
use econnect_core::environments::EnvironmentError;
use econnect_core::session::SessionError;

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

impl From<ApiError> for CliError {
    fn from(error: ApiError) -> Self {
        let message = error.to_string();
        match &error {
            ApiError::Authentication { .. } => CliError::Auth(message),
            _ if error.code() == Some(ErrorCode::Unauthorized) => CliError::Auth(message),
            ApiError::InsecureUrl { .. } | ApiError::InvalidUrl { .. } => CliError::Usage(message),
            _ => CliError::Failed(message),
        }
    }
}

impl From<EnvironmentError> for CliError {
    fn from(error: EnvironmentError) -> Self {
        match error {
            EnvironmentError::File { .. } => CliError::Failed(error.to_string()),
            EnvironmentError::Url(api) => api.into(),
            other => CliError::Usage(other.to_string()),
        }
    }
}

impl From<SessionError> for CliError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Environment(error) => error.into(),
            SessionError::Api(error) => error.into(),
            SessionError::Keychain(_) | SessionError::MissingSecret { .. } => {
                CliError::Auth(error.to_string())
            }
        }
    }
}
