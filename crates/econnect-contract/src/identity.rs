use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The token endpoint's answer (OAuth 2.0, RFC 6749 §5.1).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Seconds.
    pub expires_in: u64,
    /// Always `Bearer`.
    pub token_type: String,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("TokenResponse")
            .field("access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("token_type", &self.token_type)
            .finish()
    }
}

/// The token endpoint's error (RFC 6749 §5.2): `invalid_grant`, `invalid_client`,
/// `unsupported_grant_type`, `invalid_request`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OAuthError {
    pub error: String,
    pub error_description: Option<String>,
}
