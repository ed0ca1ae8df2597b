//! Organisations and their members.

use econnect_contract::{
    MemberLevel, NewOrganisation, Organisation, OrganisationMember, OrganisationMemberPage,
    OrganisationPage,
};
use econnect_domain::MembershipLevel;
use reqwest::Method;
use serde::Serialize;

use crate::client::ApiClient;
use crate::error::{ApiError, decode};
use crate::transport::{Call, segment, to_json};

impl ApiClient {
    pub async fn list_organisations(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<OrganisationPage, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        self.get_json("/organisations", &Params { limit, cursor })
            .await
    }

    pub async fn all_organisations(&self) -> Result<Vec<Organisation>, ApiError> {
        let mut organisations = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self
                .list_organisations(cursor.as_deref(), econnect_contract::MAX_PAGE_SIZE)
                .await?;
            organisations.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(organisations),
            }
        }
    }

    pub async fn create_organisation(
        &self,
        name: &str,
        idempotency_key: &str,
    ) -> Result<Organisation, ApiError> {
        let mut call = Call::new(Method::POST, self.0.endpoints.api("/organisations"));
        call.idempotency_key = Some(idempotency_key.to_owned());
        call.body = Some(to_json(&NewOrganisation {
            name: name.to_owned(),
        }));
        let what = call.what.clone();
        decode(&self.execute(call).await?.bytes, &what)
    }

    pub async fn organisation_members(
        &self,
        organisation_id: &str,
    ) -> Result<Vec<OrganisationMember>, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        let path = format!("/organisations/{}/members", segment(organisation_id));
        let mut members = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page: OrganisationMemberPage = self
                .get_json(
                    &path,
                    &Params {
                        limit: econnect_contract::MAX_PAGE_SIZE,
                        cursor: cursor.as_deref(),
                    },
                )
                .await?;
            members.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(members),
            }
        }
    }

    /// Adds a member or changes their level (idempotent).
    pub async fn set_member(
        &self,
        organisation_id: &str,
        user_id: &str,
        level: MembershipLevel,
    ) -> Result<OrganisationMember, ApiError> {
        let mut call = Call::new(
            Method::PUT,
            self.0.endpoints.api(&format!(
                "/organisations/{}/members/{}",
                segment(organisation_id),
                segment(user_id)
            )),
        );
        call.body = Some(to_json(&MemberLevel { level }));
        let what = call.what.clone();
        decode(&self.execute(call).await?.bytes, &what)
    }

    pub async fn remove_member(
        &self,
        organisation_id: &str,
        user_id: &str,
    ) -> Result<(), ApiError> {
        let call = Call::new(
            Method::DELETE,
            self.0.endpoints.api(&format!(
                "/organisations/{}/members/{}",
                segment(organisation_id),
                segment(user_id)
            )),
        );
        self.execute_delete(call).await
    }
}
