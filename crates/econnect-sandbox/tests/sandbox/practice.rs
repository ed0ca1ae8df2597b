//! An accountant's practice (`practice:N`): one identity, an environment list, and a token
//! per environment with the same credentials.

use econnect_sandbox::Seed;
use serde_json::Value;

use crate::support::Sandbox;

async fn practice(clients: u32) -> Sandbox {
    Sandbox::start_with(|options| {
        options.seed = Some(Seed::Practice { clients, users: 12 });
    })
    .await
}

/// A token for `environment` (an id) with the primary client and `email`'s demo password.
async fn token_for(sandbox: &Sandbox, email: &str, environment: &str) -> (u16, Value) {
    let info = &sandbox.running.info;
    sandbox
        .token_request(&[
            ("grant_type", "password"),
            ("client_id", &info.client_id),
            ("client_secret", &info.client_secret),
            ("username", email),
            ("password", &info.demo_password),
            ("environment", environment),
        ])
        .await
}

#[tokio::test]
async fn the_first_line_names_every_client_the_accountant_and_the_shared_people() {
    let sandbox = practice(5).await;
    let info = &sandbox.running.info;
    let names: Vec<&str> = info.environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Bakkerij de Vries BV",
            "Jansen Installatietechniek",
            "Hoveniersbedrijf Groen",
            "Autobedrijf Smit",
            "Transport Bakker BV"
        ]
    );
    assert_eq!(
        info.environments[0].client_id, info.client_id,
        "the first is today's keys"
    );
    let accountant = info.accountant_email.clone().expect("accountantEmail");
    assert_eq!(info.admin_email, accountant);
    assert!(info.shared_people.contains(&accountant));
    assert!(
        info.shared_people.len() >= 3,
        "freelancers too: {:?}",
        info.shared_people
    );
    let line = serde_json::to_value(info).unwrap();
    for key in [
        "environments",
        "accountantEmail",
        "sharedPeople",
        "demoPassword",
        "clientSecret",
    ] {
        assert!(line.get(key).is_some(), "{key} in {line}");
    }
    // Each client's own credentials work on their own (client credentials).
    for environment in &info.environments {
        let (status, body) = sandbox
            .token_request(&[
                ("grant_type", "client_credentials"),
                ("client_id", &environment.client_id),
                ("client_secret", &environment.client_secret),
            ])
            .await;
        assert_eq!(status, 200, "{}: {body}", environment.name);
    }
}

#[tokio::test]
async fn one_identity_lists_its_environments_and_gets_a_token_for_each() {
    let sandbox = practice(5).await;
    let accountant = sandbox.running.info.admin_email.clone();
    let home = sandbox.admin().await;
    let list = home
        .get("/me/environments")
        .await
        .expect(200, "the accountant's list");
    let items = list.body["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 5, "administrator in all five: {}", list.body);
    assert!(items.iter().all(|item| item["role"] == "administrator"));
    assert_eq!(
        items.iter().filter(|item| item["current"] == true).count(),
        1,
        "one is the token's own"
    );
    let mut names = Vec::new();
    for item in &items {
        let id = item["id"].as_str().unwrap();
        let (status, body) = token_for(&sandbox, &accountant, id).await;
        assert_eq!(status, 200, "{}: {body}", item["name"]);
        let there = sandbox.caller_with_token(body["access_token"].as_str().unwrap().to_owned());
        let me = there.get("/me").await.expect(200, "me there");
        assert_eq!(me.body["environment"]["id"], id);
        names.push(me.body["environment"]["name"].as_str().unwrap().to_owned());
        // The token reads that environment and no other.
        let users = there
            .get("/users?limit=200")
            .await
            .expect(200, "users there");
        assert!(
            users.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|user| user["email"] == accountant.as_str()),
            "the accountant is a user of {}",
            item["name"]
        );
    }
    names.sort();
    let mut expected: Vec<String> = items
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn a_freelancer_sees_only_their_clients_with_their_role_and_nobody_gets_in_elsewhere() {
    let sandbox = practice(5).await;
    let bas = "bas.bakker@boekhoudhulp.example";
    let freelancer = sandbox.caller(bas).await;
    let list = freelancer
        .get("/me/environments")
        .await
        .expect(200, "Bas's list");
    let items = list.body["items"].as_array().unwrap();
    let mut seen: Vec<(&str, &str)> = items
        .iter()
        .map(|item| {
            (
                item["name"].as_str().unwrap(),
                item["role"].as_str().unwrap(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("Bakkerij de Vries BV", "basic"),
            ("Hoveniersbedrijf Groen", "basic"),
            ("Jansen Installatietechniek", "basic"),
            ("Transport Bakker BV", "basic"),
        ]
    );
    // Autobedrijf Smit (the fourth client) is not Bas's: no token, the same answer as an
    // environment that does not exist.
    let accountant = sandbox.admin().await;
    let all = accountant.get("/me/environments").await.expect(200, "list");
    let smit = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["name"] == "Autobedrijf Smit")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = token_for(&sandbox, bas, &smit).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let (status, missing) = token_for(&sandbox, bas, "no-such-environment").await;
    assert_eq!(
        (status, &missing["error_description"]),
        (400, &body["error_description"])
    );
    // A wrong password gets no token anywhere.
    let info = &sandbox.running.info;
    let (status, _) = sandbox
        .token_request(&[
            ("grant_type", "password"),
            ("client_id", &info.client_id),
            ("client_secret", &info.client_secret),
            ("username", bas),
            ("password", "wrong"),
            ("environment", &smit),
        ])
        .await;
    assert_eq!(status, 400);
    // An API client belongs to one environment.
    let (status, body) = sandbox
        .token_request(&[
            ("grant_type", "client_credentials"),
            ("client_id", &info.client_id),
            ("client_secret", &info.client_secret),
            ("environment", &smit),
        ])
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request")),
        "{body}"
    );
}

#[tokio::test]
async fn the_last_client_has_the_accountant_as_its_only_administrator() {
    let sandbox = practice(5).await;
    let accountant = sandbox.running.info.admin_email.clone();
    let home = sandbox.admin().await;
    let list = home.get("/me/environments").await.expect(200, "list");
    let last = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["name"] == "Transport Bakker BV")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, body) = token_for(&sandbox, &accountant, &last).await;
    let there = sandbox.caller_with_token(body["access_token"].as_str().unwrap().to_owned());
    let users = there
        .get("/users?limit=200&role=administrator")
        .await
        .expect(200, "admins");
    let admins: Vec<&str> = users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|user| user["role"] == "administrator")
        .map(|user| user["email"].as_str().unwrap())
        .collect();
    assert_eq!(admins, [accountant.as_str()]);
}
