//! The authorization matrix: every operation of the contract, as the served OpenAPI lists
//! them, called by each kind of caller, against the status the contract promises. An
//! operation in the document without a row here fails the test, and so does a row for an
//! operation the document does not have: a new endpoint cannot ship without saying who may
//! call it, and the document's `x-access` must match what the row expects.
//!
//! Every cell runs on a sandbox of its own (seeded with `demo`), so that one caller's
//! successful write never changes what the next one meets.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::Sandbox;

/// Who calls.
#[derive(Debug, Clone, Copy)]
enum Who {
    Anonymous,
    /// bram: Basic user, member of Acme Finance.
    Basic,
    /// jan: Advanced user, member of Acme Finance and Acme Retail BV.
    Advanced,
    /// ada: the environment's administrator.
    Administrator,
    /// dana: Basic user, organisation administrator of Acme Finance.
    OrganisationAdministrator,
    /// grace: administrator of Globex Partners, another environment on the same platform.
    OtherEnvironmentAdministrator,
}

const CALLERS: [Who; 6] = [
    Who::Anonymous,
    Who::Basic,
    Who::Advanced,
    Who::Administrator,
    Who::OrganisationAdministrator,
    Who::OtherEnvironmentAdministrator,
];

/// Ids and versions of the seeded people and organisations the requests name.
struct Fixture {
    bram: String,
    eva: String,
    gina: String,
    finance: String,
    bram_etag: String,
    eva_etag: String,
    admin_email: String,
    client_id: String,
    client_secret: String,
    password: String,
}

enum Body {
    None,
    Json(Value),
    Form(Vec<(&'static str, String)>),
}

/// One concrete request.
struct Request {
    method: Method,
    /// From the server's base: `/api/v1/...` or `/identity/...`.
    path: String,
    body: Body,
    headers: Vec<(&'static str, String)>,
}

impl Request {
    fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            body: Body::None,
            headers: Vec::new(),
        }
    }

    fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }
}

/// One row: an operation as the document names it, what it documents, a request that is
/// valid in every way but who sends it, and the status per caller, in [`CALLERS`]' order.
struct Row {
    method: &'static str,
    path: &'static str,
    access: &'static str,
    request: fn(&Fixture) -> Request,
    expected: [u16; 6],
}

fn api(method: Method, path: &str) -> Request {
    Request::new(method, format!("/api/v1{path}"))
}

const ROWS: &[Row] = &[
    Row {
        method: "post",
        path: "/identity/connect/token",
        access: "anyone",
        request: |f| {
            let mut request = Request::new(Method::POST, "/identity/connect/token".into());
            request.body = Body::Form(vec![
                ("grant_type", "password".into()),
                ("client_id", f.client_id.clone()),
                ("client_secret", f.client_secret.clone()),
                ("username", f.admin_email.clone()),
                ("password", f.password.clone()),
            ]);
            request
        },
        expected: [200, 200, 200, 200, 200, 200],
    },
    Row {
        method: "get",
        path: "/api/v1/me",
        access: "signed-in",
        request: |_| api(Method::GET, "/me"),
        expected: [401, 200, 200, 200, 200, 200],
    },
    Row {
        method: "get",
        path: "/api/v1/me/environments",
        access: "signed-in",
        request: |_| api(Method::GET, "/me/environments"),
        expected: [401, 200, 200, 200, 200, 200],
    },
    Row {
        method: "get",
        path: "/api/v1/users",
        access: "organisation-administrators",
        request: |_| api(Method::GET, "/users"),
        // Another environment's administrator lists their own environment's users.
        expected: [401, 403, 403, 200, 403, 200],
    },
    Row {
        method: "get",
        path: "/api/v1/users",
        access: "organisation-administrators",
        request: |f| api(Method::GET, &format!("/users?organisationId={}", f.finance)),
        expected: [401, 403, 403, 200, 200, 200],
    },
    Row {
        method: "get",
        path: "/api/v1/users/{id}",
        access: "organisation-administrators",
        request: |f| api(Method::GET, &format!("/users/{}", f.bram)),
        expected: [401, 403, 403, 200, 200, 404],
    },
    Row {
        method: "get",
        path: "/api/v1/users/{id}",
        access: "organisation-administrators",
        // Eva is in no organisation: outside the organisation administrator's scope.
        request: |f| api(Method::GET, &format!("/users/{}", f.eva)),
        expected: [401, 403, 403, 200, 403, 404],
    },
    Row {
        method: "patch",
        path: "/api/v1/users/{id}",
        access: "administrators",
        request: |f| {
            api(Method::PATCH, &format!("/users/{}", f.bram))
                .json(json!({"role": "advanced"}))
                .header("If-Match", &f.bram_etag)
        },
        expected: [401, 403, 403, 200, 403, 404],
    },
    Row {
        method: "delete",
        path: "/api/v1/users/{id}",
        access: "administrators",
        request: |f| {
            api(Method::DELETE, &format!("/users/{}", f.eva)).header("If-Match", &f.eva_etag)
        },
        expected: [401, 403, 403, 204, 403, 404],
    },
    Row {
        method: "post",
        path: "/api/v1/invitations",
        access: "administrators",
        // Another environment's administrator invites into their own environment.
        request: |_| {
            api(Method::POST, "/invitations").json(json!({"email": "new.colleague@example.org"}))
        },
        expected: [401, 403, 403, 201, 403, 201],
    },
    Row {
        method: "post",
        path: "/api/v1/users/{id}/invitation/resend",
        access: "administrators",
        request: |f| {
            api(
                Method::POST,
                &format!("/users/{}/invitation/resend", f.gina),
            )
        },
        expected: [401, 403, 403, 200, 403, 404],
    },
    Row {
        method: "delete",
        path: "/api/v1/users/{id}/invitation",
        access: "administrators",
        request: |f| api(Method::DELETE, &format!("/users/{}/invitation", f.gina)),
        expected: [401, 403, 403, 204, 403, 404],
    },
    Row {
        method: "get",
        path: "/api/v1/organisations",
        access: "signed-in",
        // Each gets what they may see: see `organisations_outside_the_scope_are_not_listed`.
        request: |_| api(Method::GET, "/organisations"),
        expected: [401, 200, 200, 200, 200, 200],
    },
    Row {
        method: "post",
        path: "/api/v1/organisations",
        access: "administrators",
        request: |_| api(Method::POST, "/organisations").json(json!({"name": "Acme Research"})),
        expected: [401, 403, 403, 201, 403, 201],
    },
    Row {
        method: "get",
        path: "/api/v1/organisations/{id}",
        access: "organisation-administrators",
        request: |f| api(Method::GET, &format!("/organisations/{}", f.finance)),
        expected: [401, 403, 403, 200, 200, 404],
    },
    Row {
        method: "get",
        path: "/api/v1/organisations/{id}/members",
        access: "organisation-administrators",
        request: |f| {
            api(
                Method::GET,
                &format!("/organisations/{}/members", f.finance),
            )
        },
        expected: [401, 403, 403, 200, 200, 404],
    },
    Row {
        method: "put",
        path: "/api/v1/organisations/{id}/members/{userId}",
        access: "organisation-administrators",
        request: |f| {
            api(
                Method::PUT,
                &format!("/organisations/{}/members/{}", f.finance, f.eva),
            )
            .json(json!({"level": "member"}))
        },
        expected: [401, 403, 403, 200, 200, 404],
    },
    Row {
        method: "delete",
        path: "/api/v1/organisations/{id}/members/{userId}",
        access: "organisation-administrators",
        // Bram removing himself is still a membership change he may not make.
        request: |f| {
            api(
                Method::DELETE,
                &format!("/organisations/{}/members/{}", f.finance, f.bram),
            )
        },
        expected: [401, 403, 403, 204, 204, 404],
    },
    Row {
        method: "get",
        path: "/api/v1/changes",
        access: "administrators",
        request: |_| api(Method::GET, "/changes"),
        expected: [401, 403, 403, 200, 403, 200],
    },
    Row {
        method: "get",
        path: "/api/v1/audit-events",
        access: "administrators",
        request: |_| api(Method::GET, "/audit-events"),
        expected: [401, 403, 403, 200, 403, 200],
    },
];

async fn fixture(sandbox: &Sandbox) -> Fixture {
    let admin = sandbox.admin().await;
    let etag =
        |reply: crate::support::Reply| reply.headers["etag"].to_str().expect("an ETag").to_owned();
    let bram = admin.user_id("bram.devries@acme.example").await;
    let eva = admin.user_id("eva.smit@acme.example").await;
    let info = &sandbox.running.info;
    Fixture {
        bram_etag: etag(
            admin
                .get(&format!("/users/{bram}"))
                .await
                .expect(200, "bram"),
        ),
        eva_etag: etag(admin.get(&format!("/users/{eva}")).await.expect(200, "eva")),
        bram,
        eva,
        gina: admin.user_id("gina.peters@acme.example").await,
        finance: admin.organisation_id("Acme Finance").await,
        admin_email: info.admin_email.clone(),
        client_id: info.client_id.clone(),
        client_secret: info.client_secret.clone(),
        password: info.demo_password.clone(),
    }
}

async fn token_of(sandbox: &Sandbox, who: Who) -> Option<String> {
    let email = match who {
        Who::Anonymous => return None,
        Who::Basic => "bram.devries@acme.example",
        Who::Advanced => "jan.kantoor@jansen-accountants.example",
        Who::Administrator => return Some(sandbox.admin().await.token),
        Who::OrganisationAdministrator => "dana.bakker@acme.example",
        Who::OtherEnvironmentAdministrator => {
            return Some(sandbox.other_environment_admin().await.token);
        }
    };
    Some(sandbox.caller(email).await.token)
}

async fn send(sandbox: &Sandbox, token: Option<&str>, request: Request) -> (u16, String) {
    let mut builder = sandbox
        .http
        .request(request.method, sandbox.url(&request.path));
    if let Some(token) = token {
        builder = builder.bearer_auth(token);
    }
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    builder = match request.body {
        Body::None => builder,
        Body::Json(body) => builder.json(&body),
        Body::Form(form) => builder.form(&form),
    };
    let response = builder
        .send()
        .await
        .expect("the request reaches the sandbox");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The operations the served document lists, as `(method, path, x-access)`.
async fn documented_operations(sandbox: &Sandbox) -> Vec<(String, String, String)> {
    let document: Value = sandbox
        .http
        .get(sandbox.url("/openapi.json"))
        .send()
        .await
        .expect("openapi.json")
        .json()
        .await
        .expect("openapi.json is JSON");
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let access = operation["x-access"]
                .as_str()
                .unwrap_or("(none)")
                .to_owned();
            operations.push((method.clone(), path.clone(), access));
        }
    }
    operations
}

#[tokio::test]
async fn every_operation_answers_each_caller_as_the_contract_says() {
    let sandbox = Sandbox::start().await;
    let operations = documented_operations(&sandbox).await;
    drop(sandbox);
    let mut failures = Vec::new();
    for (method, path, access) in &operations {
        let rows: Vec<&Row> = ROWS
            .iter()
            .filter(|row| row.method == method && row.path == path)
            .collect();
        if rows.is_empty() {
            failures.push(format!(
                "{method} {path} has no row in the authorization matrix: add one to ROWS"
            ));
        }
        for row in &rows {
            if row.access != access {
                failures.push(format!(
                    "{method} {path}: the document says x-access {access}, the matrix expects {}",
                    row.access
                ));
            }
        }
    }
    for row in ROWS {
        if !operations
            .iter()
            .any(|(method, path, _)| method == row.method && path == row.path)
        {
            failures.push(format!(
                "the matrix has {} {}, which the document does not list",
                row.method, row.path
            ));
        }
    }
    for row in ROWS {
        for (who, expected) in CALLERS.iter().zip(row.expected) {
            let sandbox = Sandbox::start().await;
            let fixture = fixture(&sandbox).await;
            let token = token_of(&sandbox, *who).await;
            let request = (row.request)(&fixture);
            let shown = format!("{} {}", request.method, request.path);
            let (status, body) = send(&sandbox, token.as_deref(), request).await;
            if status != expected {
                failures.push(format!(
                    "{shown} as {who:?}: {status}, expected {expected}: {body}"
                ));
            }
            if status == 403 && !body.contains("\"forbidden\"") {
                failures.push(format!(
                    "{shown} as {who:?}: 403 without code forbidden: {body}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the `signed-in` list gives each caller: everything to administrators, the
/// organisations they administer to organisation administrators, nothing to others — and
/// an organisation administrator reading a member sees only their organisations'
/// memberships.
#[tokio::test]
async fn organisations_outside_the_scope_are_not_listed() {
    let sandbox = Sandbox::start().await;
    let names = |reply: crate::support::Reply| -> Vec<String> {
        reply.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let admin = sandbox.admin().await;
    assert_eq!(
        names(admin.get("/organisations").await).len(),
        4,
        "the demo seed has four"
    );
    let dana = sandbox.caller("dana.bakker@acme.example").await;
    assert_eq!(names(dana.get("/organisations").await), ["Acme Finance"]);
    let bram = sandbox.caller("bram.devries@acme.example").await;
    assert!(names(bram.get("/organisations").await).is_empty());

    // Jan is a member of Finance and Retail; Dana sees only his Finance membership.
    let finance = admin.organisation_id("Acme Finance").await;
    let jan = admin
        .user_id("jan.kantoor@jansen-accountants.example")
        .await;
    assert_eq!(
        admin.get(&format!("/users/{jan}")).await.body["memberships"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let seen = dana
        .get(&format!("/users/{jan}"))
        .await
        .expect(200, "a member of Finance");
    assert_eq!(
        seen.body["memberships"],
        json!([{"organisationId": finance, "level": "member"}])
    );
    let members = dana
        .get(&format!("/users?organisationId={finance}"))
        .await
        .expect(200, "Finance's members");
    for user in members.body["items"].as_array().unwrap() {
        for membership in user["memberships"].as_array().unwrap() {
            assert_eq!(membership["organisationId"], json!(finance), "{user}");
        }
    }
    assert_eq!(members.body["items"].as_array().unwrap().len(), 3);
    // An id that does not exist is refused like a hidden one, so existence is not told.
    dana.get("/users/no-such-user").await.expect_problem(
        403,
        "forbidden",
        "unknown id outside the scope",
    );
    admin.get("/users/no-such-user").await.expect_problem(
        404,
        "not_found",
        "unknown id for an administrator",
    );
}
