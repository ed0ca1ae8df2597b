//! The contract document, **Platform Admin API v1** as OpenAPI 3.1, generated from the
//! handlers and the contract types. Committed at `crates/econnect-sandbox/openapi.json`; a
//! test fails when the committed file and the code disagree.

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::{identity, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "eConnect Platform Admin API",
        license(name = "Proprietary"),
        version = "1.1.0",
        description = "User management of an eConnect environment: users, invitations, roles, organisations and \
            their members, a change feed for delta sync, audit events, and the environments the signed-in person \
            has access to (one identity, a token per environment: `GET /me/environments`, then the token \
            request's `environment`).\n\n\
            Versions: 1.1.0 added `GET /me/environments` and the token request's `environment` (additive; 1.0 \
            clients are unaffected).\n\n\
            Conventions: bearer tokens from the identity server's `/connect/token`; JSON in camelCase; cursor \
            pagination (`limit`, `cursor` → `nextCursor`); `ETag` + `If-Match` on updates (a stale write gets 412); \
            `Idempotency-Key` on creates and actions; errors as RFC 9457 problem details with a stable `code`; 429 \
            with `Retry-After` when rate limited. Permissions are checked on every request, reads as well as \
            writes: each operation says who may call it (`x-access`)."
    ),
    paths(
        identity::token,
        routes::me::get,
        routes::me::environments,
        routes::users::list,
        routes::users::get,
        routes::users::patch,
        routes::users::delete,
        routes::invitations::create,
        routes::invitations::resend,
        routes::invitations::revoke,
        routes::organisations::list,
        routes::organisations::create,
        routes::organisations::get,
        routes::organisations::members,
        routes::organisations::put_member,
        routes::organisations::delete_member,
        routes::changes::list,
        routes::audit::list,
    ),
    components(schemas(econnect_contract::Problem, econnect_contract::ErrorCode)),
    modifiers(&BearerAuth, &CommonProblems, &WhoMayCall),
    security(("bearer" = [])),
    tags(
        (name = "identity", description = "OAuth 2.0 token endpoint"),
        (name = "me", description = "The caller"),
        (name = "users", description = "Users of the environment"),
        (name = "invitations", description = "Inviting, resending, revoking"),
        (name = "organisations", description = "Organisations and their members"),
        (name = "changes", description = "Change feed for delta sync"),
        (name = "audit", description = "Who did what, when"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        // The token endpoint is public.
        if let Some(path) = openapi.paths.paths.get_mut("/identity/connect/token")
            && let Some(post) = path.post.as_mut()
        {
            post.security = Some(Vec::new());
        }
    }
}

/// Adds the problem responses every API operation can give, so each handler lists only its
/// own (404, 409, 412, 428).
struct CommonProblems;

const COMMON: &[(&str, &str)] = &[
    (
        "401",
        "unauthorized: no token, or it expired, or the account was blocked or removed",
    ),
    (
        "403",
        "forbidden: the caller's role or organisation level does not allow this",
    ),
    (
        "422",
        "validation_failed, invalid_email, shared_email_domain or idempotency_key_reused",
    ),
    ("429", "rate_limited: wait Retry-After seconds"),
    ("500", "internal"),
    ("503", "unavailable: retry later"),
];

impl Modify for CommonProblems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/") {
                continue;
            }
            let operations: [Option<&mut Operation>; 5] = [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ];
            for operation in operations.into_iter().flatten() {
                for (status, description) in COMMON {
                    let response = ResponseBuilder::new().description(*description).content(
                        econnect_contract::PROBLEM_CONTENT_TYPE,
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Problem")))
                            .build(),
                    );
                    let response = if *status == "429" {
                        response.header(
                            "Retry-After",
                            utoipa::openapi::HeaderBuilder::new()
                                .schema(
                                    utoipa::openapi::ObjectBuilder::new()
                                        .schema_type(utoipa::openapi::Type::Integer),
                                )
                                .description(Some("Seconds to wait"))
                                .build(),
                        )
                    } else {
                        response
                    };
                    operation
                        .responses
                        .responses
                        .entry((*status).to_owned())
                        .or_insert_with(|| response.build().into());
                }
            }
        }
    }
}

/// Who may call an operation. Each operation of the contract has one, written into the
/// document as `x-access` and as a sentence of its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No token needed.
    Anyone,
    /// Any signed-in caller; what they get may depend on their role.
    SignedIn,
    /// Environment administrators and the environment's API clients.
    Administrators,
    /// Environment administrators, and organisation administrators for the organisations
    /// they administer and those organisations' members.
    OrganisationAdministrators,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Anyone => "anyone",
            Access::SignedIn => "signed-in",
            Access::Administrators => "administrators",
            Access::OrganisationAdministrators => "organisation-administrators",
        }
    }

    fn sentence(self) -> &'static str {
        match self {
            Access::Anyone => "Who may call: anyone (no token).",
            Access::SignedIn => "Who may call: any signed-in user or API client.",
            Access::Administrators => {
                "Who may call: the environment's administrators and API clients; anyone else gets 403 `forbidden`."
            }
            Access::OrganisationAdministrators => {
                "Who may call: the environment's administrators and API clients, and organisation administrators \
                 for the organisations they administer and their members (with only those organisations' \
                 memberships); anyone else gets 403 `forbidden`."
            }
        }
    }
}

/// Every operation's access, by method and path.
pub const ACCESS: &[(&str, &str, Access)] = &[
    ("post", "/identity/connect/token", Access::Anyone),
    ("get", "/api/v1/me", Access::SignedIn),
    ("get", "/api/v1/me/environments", Access::SignedIn),
    ("get", "/api/v1/users", Access::OrganisationAdministrators),
    (
        "get",
        "/api/v1/users/{id}",
        Access::OrganisationAdministrators,
    ),
    ("patch", "/api/v1/users/{id}", Access::Administrators),
    ("delete", "/api/v1/users/{id}", Access::Administrators),
    ("post", "/api/v1/invitations", Access::Administrators),
    (
        "post",
        "/api/v1/users/{id}/invitation/resend",
        Access::Administrators,
    ),
    (
        "delete",
        "/api/v1/users/{id}/invitation",
        Access::Administrators,
    ),
    ("get", "/api/v1/organisations", Access::SignedIn),
    ("post", "/api/v1/organisations", Access::Administrators),
    (
        "get",
        "/api/v1/organisations/{id}",
        Access::OrganisationAdministrators,
    ),
    (
        "get",
        "/api/v1/organisations/{id}/members",
        Access::OrganisationAdministrators,
    ),
    (
        "put",
        "/api/v1/organisations/{id}/members/{userId}",
        Access::OrganisationAdministrators,
    ),
    (
        "delete",
        "/api/v1/organisations/{id}/members/{userId}",
        Access::OrganisationAdministrators,
    ),
    ("get", "/api/v1/changes", Access::Administrators),
    ("get", "/api/v1/audit-events", Access::Administrators),
];

/// Writes each operation's [`Access`] into the document.
struct WhoMayCall;

impl Modify for WhoMayCall {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations: [(&str, Option<&mut Operation>); 5] = [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("patch", item.patch.as_mut()),
                ("delete", item.delete.as_mut()),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation else { continue };
                let Some(access) = access_of(method, path) else {
                    continue;
                };
                let description = match operation.description.take() {
                    Some(text) if !text.is_empty() => format!("{text}\n\n{}", access.sentence()),
                    _ => access.sentence().to_owned(),
                };
                operation.description = Some(description);
                let extensions = operation.extensions.get_or_insert_with(Default::default);
                extensions.merge(
                    utoipa::openapi::extensions::ExtensionsBuilder::new()
                        .add("x-access", access.as_str())
                        .build(),
                );
            }
        }
    }
}

/// The access the contract documents for `method path`.
pub fn access_of(method: &str, path: &str) -> Option<Access> {
    ACCESS
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, access)| *access)
}

/// The document as committed: pretty JSON with a trailing newline.
pub fn document() -> String {
    let mut json = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when the committed contract and the code disagree. `ECADMIN_UPDATE_OPENAPI=1`
    /// (what `cargo xtask openapi` sets) rewrites the committed file instead.
    #[test]
    fn committed_contract_matches_the_code() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
        let generated = document();
        if std::env::var_os("ECADMIN_UPDATE_OPENAPI").is_some() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "crates/econnect-sandbox/openapi.json is stale: the API changed without regenerating the contract. \
             Run `cargo xtask openapi`, review the diff, and commit it."
        );
    }

    /// A new operation without an access entry fails here (and in the authorization matrix).
    #[test]
    fn every_operation_says_who_may_call_it() {
        let document: serde_json::Value = serde_json::from_str(&document()).unwrap();
        let mut seen = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                seen += 1;
                assert!(
                    operation["x-access"].is_string(),
                    "{method} {path} does not say who may call it: add it to openapi::ACCESS"
                );
            }
        }
        assert_eq!(
            seen,
            ACCESS.len(),
            "openapi::ACCESS names an operation the API does not have"
        );
    }

    #[test]
    fn the_document_is_openapi_3_1_with_every_resource() {
        let document: serde_json::Value = serde_json::from_str(&document()).unwrap();
        assert!(
            document["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            document["openapi"]
        );
        for path in [
            "/identity/connect/token",
            "/api/v1/me",
            "/api/v1/users",
            "/api/v1/users/{id}",
            "/api/v1/invitations",
            "/api/v1/users/{id}/invitation/resend",
            "/api/v1/users/{id}/invitation",
            "/api/v1/organisations",
            "/api/v1/organisations/{id}/members/{userId}",
            "/api/v1/changes",
            "/api/v1/audit-events",
        ] {
            assert!(
                document["paths"][path].is_object(),
                "{path} is missing from the contract"
            );
        }
    }
}
