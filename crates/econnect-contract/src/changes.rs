use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Organisation, User};

/// One entry of the change feed. An upsert carries the entity as it is now; applying the
/// entries of a page in order brings a copy up to date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Change {
    /// A user was created or changed (including their memberships).
    #[serde(rename_all = "camelCase")]
    UserUpserted { user: User },
    /// A user was removed from the environment (or an invitation revoked).
    #[serde(rename_all = "camelCase")]
    UserDeleted { user_id: String },
    /// An organisation was created or changed (including its member count).
    #[serde(rename_all = "camelCase")]
    OrganisationUpserted { organisation: Organisation },
    #[serde(rename_all = "camelCase")]
    OrganisationDeleted { organisation_id: String },
}

/// `GET /changes?since=`: the changes after `since`, oldest first. Keep `nextCursor` and ask
/// again with it; `hasMore` says whether another page is waiting now. Without `since`, the
/// answer is empty with the current cursor: take it before a full sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePage {
    pub items: Vec<Change>,
    pub next_cursor: String,
    pub has_more: bool,
}
