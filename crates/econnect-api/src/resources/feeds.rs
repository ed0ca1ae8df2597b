//! The change feed (what changed since a cursor) and the audit events.

use econnect_contract::{AuditEventPage, ChangePage};
use serde::Serialize;

use crate::client::ApiClient;
use crate::error::ApiError;

impl ApiClient {
    /// The change feed after `since`; `None` asks for the current cursor.
    pub async fn changes(&self, since: Option<&str>, limit: u32) -> Result<ChangePage, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            since: Option<&'a str>,
        }
        self.get_json("/changes", &Params { limit, since }).await
    }

    pub async fn audit_events(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<AuditEventPage, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        self.get_json("/audit-events", &Params { limit, cursor })
            .await
    }
}
