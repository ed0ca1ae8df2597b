//! Invitations: create (with its Idempotency-Key), resend, revoke.

use econnect_contract::{InvitationRequest, User};
use reqwest::{Method, StatusCode};

use crate::client::ApiClient;
use crate::error::{ApiError, decode};
use crate::transport::{Call, segment, to_json};

impl ApiClient {
    /// Invites one person. `idempotency_key` makes a retry return the first result.
    pub async fn invite(
        &self,
        request: &InvitationRequest,
        idempotency_key: &str,
    ) -> Result<User, ApiError> {
        let mut call = Call::new(Method::POST, self.0.endpoints.api("/invitations"));
        call.idempotency_key = Some(idempotency_key.to_owned());
        call.body = Some(to_json(request));
        let what = call.what.clone();
        let success = self.execute(call).await?;
        debug_assert_eq!(success.status, StatusCode::CREATED);
        decode(&success.bytes, &what)
    }

    pub async fn resend_invitation(
        &self,
        user_id: &str,
        idempotency_key: &str,
    ) -> Result<User, ApiError> {
        let mut call = Call::new(
            Method::POST,
            self.0
                .endpoints
                .api(&format!("/users/{}/invitation/resend", segment(user_id))),
        );
        call.idempotency_key = Some(idempotency_key.to_owned());
        let what = call.what.clone();
        decode(&self.execute(call).await?.bytes, &what)
    }

    pub async fn revoke_invitation(&self, user_id: &str) -> Result<(), ApiError> {
        let call = Call::new(
            Method::DELETE,
            self.0
                .endpoints
                .api(&format!("/users/{}/invitation", segment(user_id))),
        );
        self.execute_delete(call).await
    }
}
