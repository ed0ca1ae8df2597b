use econnect_domain::ErrorKind;
use econnect_domain::rules::RuleViolation;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The stable machine codes of the API's errors. Clients switch on these, never on text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 401: no token, or a token that is unknown, expired, or belongs to a user who was
    /// blocked or removed since.
    Unauthorized,
    /// 403: the caller's role or organisation level does not allow this.
    Forbidden,
    /// 404
    NotFound,
    /// 409: the change would leave the environment without an active administrator.
    LastAdministrator,
    /// 409: the address already has a pending invitation.
    AlreadyInvited,
    /// 409: the address is already a user of this environment.
    AlreadyUser,
    /// 409: an organisation with this name exists.
    AlreadyExists,
    /// 409: the invitation is no longer pending (accepted or revoked).
    NotPending,
    /// 409: the user's status does not allow this (e.g. blocking an invited user).
    InvalidState,
    /// 412: `If-Match` does not match the current version; fetch, reapply, retry.
    StaleVersion,
    /// 428: this update needs an `If-Match` header.
    PreconditionRequired,
    /// 422: the address is not a valid email address.
    InvalidEmail,
    /// 422: the address's domain is linked to another environment; add the user directly.
    SharedEmailDomain,
    /// 422: the request body or a parameter is invalid; `detail` names the field.
    ValidationFailed,
    /// 422: the `Idempotency-Key` was used before for a different request.
    IdempotencyKeyReused,
    /// 429: too many requests; wait `Retry-After` seconds.
    RateLimited,
    /// 500
    Internal,
    /// 503: temporarily unavailable; retry later.
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::LastAdministrator => "last_administrator",
            Self::AlreadyInvited => "already_invited",
            Self::AlreadyUser => "already_user",
            Self::AlreadyExists => "already_exists",
            Self::NotPending => "not_pending",
            Self::InvalidState => "invalid_state",
            Self::StaleVersion => "stale_version",
            Self::PreconditionRequired => "precondition_required",
            Self::InvalidEmail => "invalid_email",
            Self::SharedEmailDomain => "shared_email_domain",
            Self::ValidationFailed => "validation_failed",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::RateLimited => "rate_limited",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn http_status(self) -> u16 {
        match self {
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::LastAdministrator
            | Self::AlreadyInvited
            | Self::AlreadyUser
            | Self::AlreadyExists
            | Self::NotPending
            | Self::InvalidState => 409,
            Self::StaleVersion => 412,
            Self::PreconditionRequired => 428,
            Self::InvalidEmail
            | Self::SharedEmailDomain
            | Self::ValidationFailed
            | Self::IdempotencyKeyReused => 422,
            Self::RateLimited => 429,
            Self::Internal => 500,
            Self::Unavailable => 503,
        }
    }

    /// What the code means for whoever meets it (the same classification on every surface).
    pub fn kind(self) -> ErrorKind {
        match self {
            Self::Unauthorized => ErrorKind::Authentication,
            Self::NotFound => ErrorKind::NotFound,
            Self::Forbidden
            | Self::LastAdministrator
            | Self::AlreadyInvited
            | Self::AlreadyUser
            | Self::AlreadyExists
            | Self::SharedEmailDomain
            | Self::IdempotencyKeyReused => ErrorKind::Rejected,
            Self::NotPending
            | Self::InvalidState
            | Self::StaleVersion
            | Self::PreconditionRequired => ErrorKind::Conflict,
            Self::InvalidEmail | Self::ValidationFailed => ErrorKind::InvalidInput,
            Self::RateLimited | Self::Unavailable => ErrorKind::Unreachable,
            Self::Internal => ErrorKind::Internal,
        }
    }

    /// A short, stable title for the code.
    pub fn title(self) -> &'static str {
        match self {
            Self::Unauthorized => "Not signed in",
            Self::Forbidden => "Not allowed",
            Self::NotFound => "Not found",
            Self::LastAdministrator => "Last administrator",
            Self::AlreadyInvited => "Already invited",
            Self::AlreadyUser => "Already a user",
            Self::AlreadyExists => "Already exists",
            Self::NotPending => "Invitation not pending",
            Self::InvalidState => "Not possible in this state",
            Self::StaleVersion => "Changed elsewhere",
            Self::PreconditionRequired => "Version required",
            Self::InvalidEmail => "Invalid email address",
            Self::SharedEmailDomain => "Shared email domain",
            Self::ValidationFailed => "Invalid request",
            Self::IdempotencyKeyReused => "Idempotency key reused",
            Self::RateLimited => "Too many requests",
            Self::Internal => "Server error",
            Self::Unavailable => "Temporarily unavailable",
        }
    }
}

/// A rule the app checks before asking carries the code the platform would answer with.
impl From<RuleViolation> for ErrorCode {
    fn from(violation: RuleViolation) -> Self {
        match violation {
            RuleViolation::LastAdministrator => ErrorCode::LastAdministrator,
            RuleViolation::NotAdministrator | RuleViolation::NotOrganisationAdministrator => {
                ErrorCode::Forbidden
            }
        }
    }
}

/// An error, as RFC 9457 problem details (`application/problem+json`) with a stable `code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A URI naming the problem type: `https://econnect.example/problems/{code}`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// What happened, for a person.
    pub detail: String,
    pub code: ErrorCode,
    /// What to do about it, when there is something to do (e.g. "add the user directly").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The request path the problem is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

/// The media type of problem details.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

impl Problem {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            problem_type: format!("https://econnect.example/problems/{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.http_status(),
            detail: detail.into(),
            code,
            hint: None,
            instance: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_the_serde_name() {
        for code in [
            ErrorCode::LastAdministrator,
            ErrorCode::SharedEmailDomain,
            ErrorCode::StaleVersion,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }

    #[test]
    fn serialises_as_problem_details() {
        let json = serde_json::to_value(Problem::new(ErrorCode::StaleVersion, "changed")).unwrap();
        assert_eq!(
            json["type"],
            "https://econnect.example/problems/stale_version"
        );
        assert_eq!(json["status"], 412);
        assert_eq!(json["code"], "stale_version");
        assert!(json.get("hint").is_none());
    }
}
