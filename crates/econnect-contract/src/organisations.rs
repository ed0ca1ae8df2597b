use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use econnect_domain::{EmailAddress, MembershipLevel, Role, UserStatus};

/// An organisation of the environment (a company whose documents its members work with).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub member_count: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationPage {
    pub items: Vec<Organisation>,
    pub next_cursor: Option<String>,
}

/// `POST /organisations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewOrganisation {
    /// 1 to 200 characters, unique within the environment.
    pub name: String,
}

/// A member of an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationMember {
    pub user_id: String,
    #[schema(value_type = String, format = Email)]
    pub email: EmailAddress,
    pub name: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    pub level: MembershipLevel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationMemberPage {
    pub items: Vec<OrganisationMember>,
    pub next_cursor: Option<String>,
}

/// `PUT /organisations/{id}/members/{userId}`: adds the user or changes their level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberLevel {
    pub level: MembershipLevel,
}
