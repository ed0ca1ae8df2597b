//! **Platform Admin API v1**: the types that cross HTTP between the eConnect platform (the
//! sandbox here) and its clients (the app and `ecadmin`). Both sides use these very types, so
//! client and contract cannot drift; the OpenAPI document is generated from them.
//!
//! JSON is camelCase; timestamps are RFC 3339 in UTC; identifiers are opaque strings.

mod audit;
mod changes;
mod identity;
mod me;
mod organisations;
mod problem;
mod users;

pub use audit::{AuditAction, AuditEvent, AuditEventPage};
pub use changes::{Change, ChangePage};
pub use identity::{OAuthError, TokenResponse};
pub use me::{EnvironmentAccess, EnvironmentAccessList, Me, MeEnvironment, Permissions};
pub use organisations::{
    MemberLevel, NewOrganisation, Organisation, OrganisationMember, OrganisationMemberPage,
    OrganisationPage,
};
pub use problem::{ErrorCode, PROBLEM_CONTENT_TYPE, Problem};
pub use users::{
    Invitation, InvitationRequest, Membership, OrganisationGrant, User, UserPage, UserPatch,
    etag_for_version,
};

pub use econnect_domain::{EmailAddress, InvitationMethod, MembershipLevel, Role, UserStatus};

/// Where the API lives below the API base URL.
pub const API_PREFIX: &str = "/api/v1";
/// Where the token endpoint lives below the identity base URL.
pub const TOKEN_PATH: &str = "/connect/token";

/// Sent on every create and every non-idempotent action; a replay returns the first result.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// Page sizes the list endpoints accept.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
pub const MAX_PAGE_SIZE: u32 = 1000;

/// How long an invitation stays valid, renewed by a resend.
pub const INVITATION_VALID_DAYS: i64 = 14;
