//! Seed data: the `demo` environment people try the app with, `large:U:O` environments
//! for benchmarks, and `practice:N[:USERS]`, an accountant's client environments.

mod practice;

use std::str::FromStr;

use chrono::{Duration, Utc};
use econnect_contract::INVITATION_VALID_DAYS;
use econnect_domain::{MembershipLevel, Role, UserStatus};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::password::{hash_new_password, random_password, random_token};
use crate::repo::new_id;

/// Which data to start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// One environment with exactly one administrator and a bit of everything.
    Demo,
    /// A generated environment with this many users and organisations.
    Large { users: u32, organisations: u32 },
    /// An accountant's practice: this many client environments of this many users each.
    Practice { clients: u32, users: u32 },
    /// The demo, and next to it a practice whose accountant is the demo's administrator.
    DemoPractice { clients: u32 },
}

/// Users per client environment when `practice:N` does not say.
const PRACTICE_USERS: u32 = 12;

/// Why a `--seed` value is refused, each saying what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedError {
    #[error(
        "--seed `{0}`: use `demo`, `large:USERS:ORGANISATIONS` (e.g. large:10000:1000), \
         `practice:N[:USERS]` (e.g. practice:5) or `demo+practice:N`"
    )]
    Unknown(String),
    #[error("--seed `{0}`: users must be 1 to 1,000,000 and organisations 1 to 100,000")]
    LargeSize(String),
    #[error("--seed `{0}`: N must be a number of client environments, e.g. practice:5")]
    PracticeClients(String),
    #[error("--seed `{0}`: USERS must be a number, e.g. practice:5:200")]
    PracticeUsers(String),
    #[error("--seed `{0}`: use 1 to 200 client environments of 1 to 100,000 users each")]
    PracticeSize(String),
}

fn practice_size(value: &str, clients: &str, users: Option<&str>) -> Result<(u32, u32), SeedError> {
    let clients: u32 = clients
        .parse()
        .map_err(|_| SeedError::PracticeClients(value.to_owned()))?;
    let users: u32 = match users {
        None => PRACTICE_USERS,
        Some(users) => users
            .parse()
            .map_err(|_| SeedError::PracticeUsers(value.to_owned()))?,
    };
    if !(1..=200).contains(&clients) || !(1..=100_000).contains(&users) {
        return Err(SeedError::PracticeSize(value.to_owned()));
    }
    Ok((clients, users))
}

impl FromStr for Seed {
    type Err = SeedError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let usage = || SeedError::Unknown(value.to_owned());
        match value.split(':').collect::<Vec<_>>().as_slice() {
            ["demo"] => Ok(Seed::Demo),
            ["large", users, organisations] => {
                let users: u32 = users.parse().map_err(|_| usage())?;
                let organisations: u32 = organisations.parse().map_err(|_| usage())?;
                if users == 0 || organisations == 0 || users > 1_000_000 || organisations > 100_000
                {
                    return Err(SeedError::LargeSize(value.to_owned()));
                }
                Ok(Seed::Large {
                    users,
                    organisations,
                })
            }
            ["practice", clients] => {
                let (clients, users) = practice_size(value, clients, None)?;
                Ok(Seed::Practice { clients, users })
            }
            ["practice", clients, users] => {
                let (clients, users) = practice_size(value, clients, Some(users))?;
                Ok(Seed::Practice { clients, users })
            }
            ["demo+practice", clients] => {
                let (clients, _) = practice_size(value, clients, None)?;
                Ok(Seed::DemoPractice { clients })
            }
            _ => Err(usage()),
        }
    }
}

/// What the sandbox prints at start-up, kept in `sandbox_meta`.
pub struct Primary {
    pub environment_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub admin_email: String,
    pub demo_password: String,
}

struct NewUser<'a> {
    email: String,
    name: Option<String>,
    role: Role,
    status: UserStatus,
    relationship_manager: bool,
    /// Invited this many days ago (invited users only).
    invited_days_ago: Option<i64>,
    invited_by: Option<&'a str>,
}

/// Inserts users in batches; all seeded accounts share one password hash (hashing tens of
/// thousands of passwords one by one would take far longer than the seed itself).
async fn insert_users(
    conn: &mut SqliteConnection,
    environment_id: &str,
    users: &[NewUser<'_>],
    password: &str,
) -> sqlx::Result<Vec<String>> {
    let (salt, hash) = hash_new_password(password);
    let now = Utc::now();
    let mut ids = Vec::with_capacity(users.len());
    for chunk in users.chunks(500) {
        let mut builder = QueryBuilder::<Sqlite>::new(
            "INSERT INTO users (id, environment_id, email, name, role, status, relationship_manager, password_salt, \
             password_hash, invited_by, invited_at, expires_at, invitation_method, created_at, updated_at, version) ",
        );
        builder.push_values(chunk, |mut row, user| {
            let id = new_id();
            ids.push(id.clone());
            let invited_at = user.invited_days_ago.map(|days| now - Duration::days(days));
            let expires_at = invited_at.map(|at| at + Duration::days(INVITATION_VALID_DAYS));
            let has_password = user.status != UserStatus::Invited;
            row.push_bind(id)
                .push_bind(environment_id.to_owned())
                .push_bind(user.email.clone())
                .push_bind(user.name.clone())
                .push_bind(user.role.as_str())
                .push_bind(user.status.as_str())
                .push_bind(user.relationship_manager)
                .push_bind(has_password.then(|| salt.clone()))
                .push_bind(has_password.then(|| hash.clone()))
                .push_bind(user.invited_by.map(str::to_owned))
                .push_bind(invited_at)
                .push_bind(expires_at)
                .push_bind(user.invited_days_ago.map(|_| "email"))
                .push_bind(invited_at.unwrap_or(now - Duration::days(90)))
                .push_bind(now)
                .push_bind(1_i64);
        });
        builder.build().execute(&mut *conn).await?;
    }
    Ok(ids)
}

async fn insert_organisations(
    conn: &mut SqliteConnection,
    environment_id: &str,
    names: &[String],
) -> sqlx::Result<Vec<String>> {
    let now = Utc::now();
    let mut ids = Vec::with_capacity(names.len());
    for chunk in names.chunks(500) {
        let mut builder = QueryBuilder::<Sqlite>::new(
            "INSERT INTO organisations (id, environment_id, name, created_at, updated_at) ",
        );
        builder.push_values(chunk, |mut row, name| {
            let id = new_id();
            ids.push(id.clone());
            row.push_bind(id)
                .push_bind(environment_id.to_owned())
                .push_bind(name.clone())
                .push_bind(now - Duration::days(120))
                .push_bind(now);
        });
        builder.build().execute(&mut *conn).await?;
    }
    Ok(ids)
}

async fn insert_memberships(
    conn: &mut SqliteConnection,
    memberships: &[(String, String, MembershipLevel)],
) -> sqlx::Result<()> {
    for chunk in memberships.chunks(900) {
        let mut builder = QueryBuilder::<Sqlite>::new(
            "INSERT INTO memberships (organisation_id, user_id, level) ",
        );
        builder.push_values(chunk, |mut row, (organisation_id, user_id, level)| {
            row.push_bind(organisation_id.clone())
                .push_bind(user_id.clone())
                .push_bind(level.as_str());
        });
        builder.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn create_environment(
    conn: &mut SqliteConnection,
    name: &str,
    domain: &str,
    client_id: &str,
) -> sqlx::Result<(String, String)> {
    let id = new_id();
    let client_secret = random_token();
    sqlx::query("INSERT INTO environments (id, name, created_at) VALUES (?, ?, ?)")
        .bind(&id)
        .bind(name)
        .bind(Utc::now())
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO environment_domains (domain, environment_id) VALUES (?, ?)")
        .bind(domain)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO clients (client_id, client_secret, environment_id, name) VALUES (?, ?, ?, ?)",
    )
    .bind(client_id)
    .bind(&client_secret)
    .bind(&id)
    .bind(format!("{name} admin client"))
    .execute(&mut *conn)
    .await?;
    Ok((id, client_secret))
}

/// Fills an empty database with the chosen seed and returns what to print. A practice also
/// keeps its clients, accountant and shared people in `sandbox_meta`, for the first line.
pub async fn seed(conn: &mut SqliteConnection, seed: Seed) -> sqlx::Result<Primary> {
    let password = random_password();
    let (primary, practice) = match seed {
        Seed::Demo => (seed_demo(conn, &password).await?, None),
        Seed::Large {
            users,
            organisations,
        } => (
            seed_large(conn, &password, users, organisations).await?,
            None,
        ),
        Seed::Practice { clients, users } => {
            let (primary, practice) = practice::seed(
                conn,
                &password,
                clients,
                users,
                (practice::ACCOUNTANT, "Anna Visser"),
            )
            .await?;
            (primary, Some(practice))
        }
        Seed::DemoPractice { clients } => {
            let primary = seed_demo(conn, &password).await?;
            let (_, mut practice) = practice::seed(
                conn,
                &password,
                clients,
                PRACTICE_USERS,
                (&primary.admin_email, "Ada Admin"),
            )
            .await?;
            practice.client_ids.insert(0, primary.client_id.clone());
            (primary, Some(practice))
        }
    };
    let practice_meta = practice.map(|practice| {
        [
            ("practice_client_ids", practice.client_ids.join(",")),
            ("accountant_email", practice.accountant),
            ("shared_people", practice.shared_people.join(",")),
        ]
    });
    for (key, value) in practice_meta.iter().flatten() {
        sqlx::query("INSERT INTO sandbox_meta (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&mut *conn)
            .await?;
    }
    for (key, value) in [
        ("primary_environment_id", &primary.environment_id),
        ("client_id", &primary.client_id),
        ("admin_email", &primary.admin_email),
        ("demo_password", &primary.demo_password),
    ] {
        sqlx::query("INSERT INTO sandbox_meta (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(primary)
}

/// A seed written down as data (`seeds/*.json`): environments with their users,
/// organisations and memberships.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedData {
    #[serde(rename = "$comment")]
    _comment: Option<String>,
    environments: Vec<EnvironmentData>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EnvironmentData {
    name: String,
    domain: String,
    client_id: String,
    /// Who the sandbox prints as the administrator to sign in as.
    administrator: String,
    users: Vec<UserData>,
    organisations: Vec<OrganisationData>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UserData {
    email: String,
    name: Option<String>,
    role: Role,
    status: UserStatus,
    #[serde(default)]
    relationship_manager: bool,
    invited_days_ago: Option<i64>,
    invited_by: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OrganisationData {
    name: String,
    members: Vec<MemberData>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MemberData {
    email: String,
    level: MembershipLevel,
}

const DEMO: &str = include_str!("../seeds/demo.json");

async fn seed_demo(conn: &mut SqliteConnection, password: &str) -> sqlx::Result<Primary> {
    let data: SeedData = serde_json::from_str(DEMO)
        .map_err(|error| sqlx::Error::Protocol(format!("seeds/demo.json: {error}")))?;
    seed_data(conn, &data, password).await
}

/// Inserts every environment of `data`; the first is the one printed.
async fn seed_data(
    conn: &mut SqliteConnection,
    data: &SeedData,
    password: &str,
) -> sqlx::Result<Primary> {
    let mut primary = None;
    for environment in &data.environments {
        let (environment_id, client_secret) = create_environment(
            conn,
            &environment.name,
            &environment.domain,
            &environment.client_id,
        )
        .await?;
        let users: Vec<NewUser<'_>> = environment
            .users
            .iter()
            .map(|user| NewUser {
                email: user.email.clone(),
                name: user.name.clone(),
                role: user.role,
                status: user.status,
                relationship_manager: user.relationship_manager,
                invited_days_ago: user.invited_days_ago,
                invited_by: user.invited_by.as_deref(),
            })
            .collect();
        let ids = insert_users(conn, &environment_id, &users, password).await?;
        let id_of = |email: &str| {
            users
                .iter()
                .position(|user| user.email == email)
                .map(|index| ids[index].clone())
                .ok_or_else(|| {
                    sqlx::Error::Protocol(format!(
                        "seed: {email} is not a user of {}",
                        environment.name
                    ))
                })
        };
        let names: Vec<String> = environment
            .organisations
            .iter()
            .map(|organisation| organisation.name.clone())
            .collect();
        let organisation_ids = insert_organisations(conn, &environment_id, &names).await?;
        let mut memberships = Vec::new();
        for (organisation, organisation_id) in
            environment.organisations.iter().zip(&organisation_ids)
        {
            for member in &organisation.members {
                memberships.push((organisation_id.clone(), id_of(&member.email)?, member.level));
            }
        }
        insert_memberships(conn, &memberships).await?;
        primary.get_or_insert(Primary {
            environment_id,
            client_id: environment.client_id.clone(),
            client_secret,
            admin_email: environment.administrator.clone(),
            demo_password: password.to_owned(),
        });
    }
    primary.ok_or_else(|| sqlx::Error::Protocol("seed: no environment".to_owned()))
}

fn person<'a>(email: &str, name: &str, role: Role, status: UserStatus) -> NewUser<'a> {
    NewUser {
        email: email.to_owned(),
        name: Some(name.to_owned()),
        role,
        status,
        relationship_manager: false,
        invited_days_ago: None,
        invited_by: None,
    }
}

fn invitee<'a>(email: &str, role: Role, days_ago: i64, invited_by: &'a str) -> NewUser<'a> {
    NewUser {
        email: email.to_owned(),
        name: None,
        role,
        status: UserStatus::Invited,
        relationship_manager: false,
        invited_days_ago: Some(days_ago),
        invited_by: Some(invited_by),
    }
}

const FIRST_NAMES: &[&str] = &[
    "Anna", "Bas", "Carla", "Daan", "Emma", "Finn", "Greet", "Hans", "Iris", "Joost", "Kim",
    "Lars", "Mila", "Noah", "Olga", "Pim", "Quinn", "Roos", "Sem", "Tess", "Umar", "Vera", "Wout",
    "Xena", "Yara", "Zeno",
];
const LAST_NAMES: &[&str] = &[
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
];

async fn seed_large(
    conn: &mut SqliteConnection,
    password: &str,
    n_users: u32,
    n_organisations: u32,
) -> sqlx::Result<Primary> {
    let (environment_id, client_secret) =
        create_environment(conn, "Large Environment", "large.example", "large-admin").await?;
    let mut rng = StdRng::seed_from_u64(20261129);
    let admin = "admin@large.example";
    let mut users = Vec::with_capacity(n_users as usize);
    users.push(person(
        admin,
        "Ada Admin",
        Role::Administrator,
        UserStatus::Active,
    ));
    for n in 1..n_users {
        let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
        let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
        let role = match rng.random_range(0..100) {
            0..=1 => Role::Administrator,
            2..=16 => Role::Advanced,
            _ => Role::Basic,
        };
        let roll = rng.random_range(0..100);
        let email = format!(
            "{}.{}.{n}@large.example",
            first.to_lowercase(),
            last.to_lowercase().replace(' ', "")
        );
        let mut user = if roll < 10 {
            invitee(&email, role, rng.random_range(0..30), admin)
        } else {
            let status = if roll < 14 {
                UserStatus::Blocked
            } else {
                UserStatus::Active
            };
            person(&email, &format!("{first} {last}"), role, status)
        };
        user.relationship_manager = rng.random_range(0..100) < 5;
        users.push(user);
    }
    let user_ids = insert_users(conn, &environment_id, &users, password).await?;
    let names: Vec<String> = (1..=n_organisations)
        .map(|n| format!("Organisation {n:05}"))
        .collect();
    let org_ids = insert_organisations(conn, &environment_id, &names).await?;
    // About three memberships per user; roughly 2% of users in no organisation.
    let mut memberships = Vec::with_capacity(user_ids.len() * 3);
    for user_id in &user_ids {
        if rng.random_range(0..100) < 2 {
            continue;
        }
        let count = rng.random_range(2..=4).min(org_ids.len());
        let mut chosen = std::collections::HashSet::new();
        while chosen.len() < count {
            chosen.insert(rng.random_range(0..org_ids.len()));
        }
        for index in chosen {
            let level = if rng.random_range(0..100) < 10 {
                MembershipLevel::Administrator
            } else {
                MembershipLevel::Member
            };
            memberships.push((org_ids[index].clone(), user_id.clone(), level));
        }
    }
    insert_memberships(conn, &memberships).await?;
    Ok(Primary {
        environment_id,
        client_id: "large-admin".to_owned(),
        client_secret,
        admin_email: admin.to_owned(),
        demo_password: password.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_seed_reads_and_shows_each_case_the_app_explains() {
        let data: SeedData = serde_json::from_str(DEMO).unwrap();
        let acme = &data.environments[0];
        let invited = |email: &str| {
            acme.users
                .iter()
                .find(|user| user.email == email)
                .and_then(|user| user.invited_days_ago)
                .unwrap()
        };
        assert!(
            invited("hugo.expired@acme.example") > INVITATION_VALID_DAYS,
            "expired"
        );
        assert!((8..INVITATION_VALID_DAYS).contains(&invited("ilse.dekker@acme.example")));
        assert!(
            acme.users
                .iter()
                .any(|user| user.role == Role::Basic && user.relationship_manager),
            "a flag without effect"
        );
        for organisation in &acme.organisations {
            for member in &organisation.members {
                assert!(
                    acme.users.iter().any(|user| user.email == member.email),
                    "{} in {} is a user",
                    member.email,
                    organisation.name
                );
            }
        }
    }

    #[test]
    fn parses_seed_names() {
        assert_eq!("demo".parse::<Seed>(), Ok(Seed::Demo));
        assert_eq!(
            "large:10000:1000".parse::<Seed>(),
            Ok(Seed::Large {
                users: 10000,
                organisations: 1000
            })
        );
        assert!(
            "large:10"
                .parse::<Seed>()
                .unwrap_err()
                .to_string()
                .contains("large:USERS:ORGANISATIONS")
        );
        assert!("large:0:5".parse::<Seed>().is_err());
        assert_eq!(
            "practice:5".parse::<Seed>(),
            Ok(Seed::Practice {
                clients: 5,
                users: PRACTICE_USERS
            })
        );
        assert_eq!(
            "practice:20:10000".parse::<Seed>(),
            Ok(Seed::Practice {
                clients: 20,
                users: 10000
            })
        );
        assert_eq!(
            "demo+practice:4".parse::<Seed>(),
            Ok(Seed::DemoPractice { clients: 4 })
        );
        assert!(
            "practice:0"
                .parse::<Seed>()
                .unwrap_err()
                .to_string()
                .contains("1 to 200")
        );
        assert!("practice:x".parse::<Seed>().is_err());
    }
}
