//! `practice:N[:USERS]`: an accountant's practice — N client environments, each with its own
//! users and organisations, one accountant who is administrator in every one of them, a few
//! freelancers who are Basic or Advanced users in several, and one client where the
//! accountant is the only administrator. `demo+practice:N` puts such clients next to the
//! demo, with the demo's administrator as the accountant (the app's Local sandbox).

use econnect_domain::{MembershipLevel, Role, UserStatus};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::SqliteConnection;

use super::{
    FIRST_NAMES, LAST_NAMES, NewUser, Primary, create_environment, insert_memberships,
    insert_organisations, insert_users, invitee, person,
};

/// The accountant of `practice:N`.
pub const ACCOUNTANT: &str = "anna.visser@visser-accountants.example";

/// Client names; past the list, numbered ones.
const CLIENTS: &[&str] = &[
    "Bakkerij de Vries BV",
    "Jansen Installatietechniek",
    "Hoveniersbedrijf Groen",
    "Autobedrijf Smit",
    "Transport Bakker BV",
    "Drukkerij Visser",
    "Schildersbedrijf de Boer",
    "Tandartspraktijk Mulder",
    "Fietsenwinkel Bos",
    "Restaurant De Gouden Leeuw",
    "Bouwbedrijf Meijer",
    "Slagerij Dekker",
    "Loodgietersbedrijf Peters",
    "Architectenbureau Hendriks",
    "Bloemenhuis Brouwer",
    "Timmerfabriek de Wit",
    "Dierenkliniek Dijkstra",
    "Elektro van Leeuwen",
    "Koffiebranderij Vos",
    "Kapsalon Smits",
];

/// The freelancers: address, name, and in which clients (by index) with which role.
struct Freelancer {
    email: &'static str,
    name: &'static str,
    role_in: fn(usize) -> Option<Role>,
}

const FREELANCERS: &[Freelancer] = &[
    Freelancer {
        email: "bas.bakker@boekhoudhulp.example",
        name: "Bas Bakker",
        // A bookkeeper in the first three clients and every fourth after.
        role_in: |client| (client < 3 || client % 4 == 0).then_some(Role::Basic),
    },
    Freelancer {
        email: "carla.smit@salarisadvies.example",
        name: "Carla Smit",
        // Payroll: Advanced in every other client.
        role_in: |client| (client % 2 == 0).then_some(Role::Advanced),
    },
    Freelancer {
        email: "daan.mulder@ict-mulder.example",
        name: "Daan Mulder",
        // IT support: Basic in the odd clients.
        role_in: |client| (client % 2 == 1).then_some(Role::Basic),
    },
];

/// One client environment's names.
pub struct Client {
    pub name: String,
    pub domain: String,
    pub client_id: String,
}

pub fn client(index: usize) -> Client {
    let name = CLIENTS.get(index).map_or_else(
        || format!("Klant {:03} BV", index + 1),
        |name| (*name).to_owned(),
    );
    let slug: String = name
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    Client {
        domain: format!("{slug}.example"),
        client_id: format!("practice-{:02}", index + 1),
        name,
    }
}

/// What a practice seed adds to what the sandbox prints.
pub struct Practice {
    pub client_ids: Vec<String>,
    pub accountant: String,
    pub shared_people: Vec<String>,
}

/// Seeds `clients` client environments of `users` users each (the accountant, the client's
/// owner and the freelancers there included). The client that is last (or the only one)
/// has the accountant as its only administrator. Returns the first client as the primary
/// environment when `primary` is not already taken.
pub async fn seed(
    conn: &mut SqliteConnection,
    password: &str,
    clients: u32,
    users: u32,
    (accountant, accountant_name): (&str, &str),
) -> sqlx::Result<(Primary, Practice)> {
    let mut rng = StdRng::seed_from_u64(20261203);
    let clients = clients as usize;
    let sole_admin_client = clients - 1;
    let mut primary = None;
    let mut client_ids = Vec::with_capacity(clients);
    let mut environments_of: std::collections::BTreeMap<&str, usize> = Default::default();
    for index in 0..clients {
        let client = client(index);
        let (environment_id, client_secret) =
            create_environment(conn, &client.name, &client.domain, &client.client_id).await?;
        let mut people: Vec<NewUser<'_>> = vec![person(
            accountant,
            accountant_name,
            Role::Administrator,
            UserStatus::Active,
        )];
        let owner = format!("eigenaar@{}", client.domain);
        if index != sole_admin_client {
            people.push(person(
                &owner,
                "Eigenaar",
                Role::Administrator,
                UserStatus::Active,
            ));
        }
        for freelancer in FREELANCERS {
            if let Some(role) = (freelancer.role_in)(index) {
                people.push(person(
                    freelancer.email,
                    freelancer.name,
                    role,
                    UserStatus::Active,
                ));
                *environments_of.entry(freelancer.email).or_default() += 1;
            }
        }
        let n_staff = (users as usize).saturating_sub(people.len());
        for n in 0..n_staff {
            let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
            let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            let email = format!(
                "{}.{}.{n}@{}",
                first.to_lowercase(),
                last.to_lowercase().replace(' ', ""),
                client.domain
            );
            let roll = rng.random_range(0..100);
            let role = if roll < 15 {
                Role::Advanced
            } else {
                Role::Basic
            };
            people.push(match roll {
                0..=7 => invitee(&email, role, rng.random_range(0..20), accountant),
                8..=11 => person(
                    &email,
                    &format!("{first} {last}"),
                    role,
                    UserStatus::Blocked,
                ),
                _ => person(&email, &format!("{first} {last}"), role, UserStatus::Active),
            });
        }
        let user_ids = insert_users(conn, &environment_id, &people, password).await?;
        let mut organisation_names = vec![client.name.clone(), format!("{} Holding", client.name)];
        organisation_names
            .extend((1..=(users as usize / 100).min(500)).map(|n| format!("Vestiging {n:03}")));
        let organisation_ids =
            insert_organisations(conn, &environment_id, &organisation_names).await?;
        let mut memberships = Vec::with_capacity(people.len());
        for (user, user_id) in people.iter().zip(&user_ids) {
            let main = organisation_ids[0].clone();
            if user.email == accountant {
                memberships.push((main, user_id.clone(), MembershipLevel::Administrator));
                memberships.push((
                    organisation_ids[1].clone(),
                    user_id.clone(),
                    MembershipLevel::Administrator,
                ));
            } else if user.email == owner {
                memberships.push((main, user_id.clone(), MembershipLevel::Administrator));
            } else if FREELANCERS.iter().any(|f| f.email == user.email) {
                memberships.push((main, user_id.clone(), MembershipLevel::Member));
            } else if rng.random_range(0..100) >= 5 {
                // Most staff in one organisation; about one in twenty in none.
                let at = rng.random_range(0..organisation_ids.len());
                memberships.push((
                    organisation_ids[at].clone(),
                    user_id.clone(),
                    MembershipLevel::Member,
                ));
            }
        }
        insert_memberships(conn, &memberships).await?;
        client_ids.push(client.client_id.clone());
        primary.get_or_insert(Primary {
            environment_id,
            client_id: client.client_id,
            client_secret,
            admin_email: accountant.to_owned(),
            demo_password: password.to_owned(),
        });
    }
    let mut shared_people = vec![accountant.to_owned()];
    shared_people.extend(
        environments_of
            .into_iter()
            .filter(|(_, count)| *count > 1)
            .map(|(email, _)| email.to_owned()),
    );
    let primary = primary.ok_or_else(|| sqlx::Error::Protocol("practice: no client".to_owned()))?;
    Ok((
        primary,
        Practice {
            client_ids,
            accountant: accountant.to_owned(),
            shared_people,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_are_dutch_firms_then_numbered() {
        assert_eq!(client(0).name, "Bakkerij de Vries BV");
        assert_eq!(client(0).domain, "bakkerijdevriesbv.example");
        assert_eq!(client(0).client_id, "practice-01");
        assert_eq!(client(24).name, "Klant 025 BV");
    }

    #[test]
    fn every_freelancer_is_in_several_of_five_clients() {
        for freelancer in FREELANCERS {
            let n = (0..5)
                .filter(|client| (freelancer.role_in)(*client).is_some())
                .count();
            assert!(n > 1, "{} is in {n} of 5", freelancer.email);
        }
    }
}
