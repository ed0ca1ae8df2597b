//! Local search and filters over 100,000 cached users: a realistic keystroke sequence, p95 of
//! what one keystroke costs the overview (the matching count and the first window of rows).

use std::time::Instant;

use chrono::{Duration, Utc};
use econnect_contract::{Invitation, Membership, Organisation, User};
use econnect_domain::{EmailAddress, InvitationMethod, MembershipLevel, Role, UserStatus};
use econnect_store::{SearchQuery, SortKey, Store};

use crate::round3;

const N_USERS: usize = 100_000;
const N_ORGANISATIONS: usize = 1_000;

const FIRST: [&str; 16] = [
    "Anna", "Bram", "Chris", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Joost", "Kim",
    "Lotte", "Milan", "Noor", "Olaf", "Pien",
];
const LAST: [&str; 16] = [
    "de Vries",
    "Jansen",
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
];

fn synthetic_users() -> anyhow::Result<(Vec<User>, Vec<Organisation>)> {
    let now = Utc::now();
    let organisations: Vec<Organisation> = (0..N_ORGANISATIONS)
        .map(|index| Organisation {
            id: format!("org-{index:04}"),
            name: format!("Organisation {index:04}"),
            member_count: 0,
            created_at: now,
            updated_at: now,
        })
        .collect();
    let mut users = Vec::with_capacity(N_USERS);
    for index in 0..N_USERS {
        let first = FIRST[index % FIRST.len()];
        let last = LAST[(index / FIRST.len()) % LAST.len()];
        let status = match index % 10 {
            0 => UserStatus::Invited,
            1 => UserStatus::Blocked,
            _ => UserStatus::Active,
        };
        let email = format!(
            "{}.{}{index}@company{}.example",
            first.to_lowercase(),
            last.replace(' ', "").to_lowercase(),
            index % 50
        );
        users.push(User {
            id: format!("user-{index:06}"),
            email: EmailAddress::parse(&email)?,
            name: (status != UserStatus::Invited).then(|| format!("{first} {last} {index}")),
            role: match index % 20 {
                0 => Role::Administrator,
                1..=5 => Role::Advanced,
                _ => Role::Basic,
            },
            status,
            relationship_manager: index % 13 == 0,
            memberships: (0..(index % 4))
                .map(|k| Membership {
                    organisation_id: format!("org-{:04}", (index * 7 + k * 131) % N_ORGANISATIONS),
                    level: if k == 0 {
                        MembershipLevel::Administrator
                    } else {
                        MembershipLevel::Member
                    },
                })
                .collect(),
            invitation: (status == UserStatus::Invited).then(|| Invitation {
                invited_by: None,
                invited_at: now - Duration::days((index % 30) as i64),
                expires_at: now - Duration::days((index % 30) as i64) + Duration::days(14),
                method: InvitationMethod::Email,
            }),
            created_at: now,
            updated_at: now,
            version: 1,
        });
    }
    Ok((users, organisations))
}

/// What an administrator does in the overview: type names and addresses letter by letter,
/// toggle filters and sort while a search is active, clear and start again.
fn keystrokes() -> Vec<SearchQuery> {
    let base = SearchQuery {
        limit: 100,
        ..SearchQuery::default()
    };
    let mut queries = Vec::new();
    let typed = [
        "lotte",
        "jansen",
        "noor van",
        "anna.devries",
        "company17",
        "milan hen",
        "gijs bos",
        "pien brouwer 99",
        "kim",
        "eva smit",
    ];
    for (round, text) in typed.iter().enumerate() {
        for end in 1..=text.len() {
            queries.push(SearchQuery {
                text: Some(text[..end].to_owned()),
                ..base.clone()
            });
        }
        let full = SearchQuery {
            text: Some((*text).to_owned()),
            ..base.clone()
        };
        // Filter toggles and a sort on the result.
        queries.push(SearchQuery {
            status: Some(UserStatus::Active),
            ..full.clone()
        });
        queries.push(SearchQuery {
            role: Some([Role::Basic, Role::Advanced, Role::Administrator][round % 3]),
            ..full.clone()
        });
        queries.push(SearchQuery {
            no_organisation: true,
            ..full.clone()
        });
        queries.push(SearchQuery {
            sort: SortKey::Email,
            descending: true,
            ..full.clone()
        });
    }
    // Filters without text over everyone.
    for status in [UserStatus::Active, UserStatus::Invited, UserStatus::Blocked] {
        queries.push(SearchQuery {
            status: Some(status),
            ..base.clone()
        });
    }
    queries.push(SearchQuery {
        expired: true,
        ..base.clone()
    });
    queries.push(SearchQuery {
        no_organisation: true,
        ..base.clone()
    });
    queries.push(SearchQuery {
        organisation_id: Some("org-0042".to_owned()),
        ..base.clone()
    });
    queries.push(SearchQuery {
        sort: SortKey::Organisations,
        descending: true,
        ..base.clone()
    });
    queries.push(SearchQuery {
        offset: 50_000,
        ..base
    });
    queries
}

pub async fn run(figures: &mut serde_json::Map<String, serde_json::Value>) -> anyhow::Result<()> {
    eprintln!("search: filling a cache with {N_USERS} users …");
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("cache.sqlite3")).await?;
    let (users, organisations) = synthetic_users()?;
    store
        .replace_all(&users, &organisations, Some("bench"))
        .await?;
    drop(users);
    anyhow::ensure!(store.status_counts().await?.total as usize == N_USERS);

    let queries = keystrokes();
    // One warm-up pass (the page cache), then the measured one.
    for query in &queries {
        store.search(query).await?;
    }
    let mut timings_ms = Vec::with_capacity(queries.len());
    let mut slowest = Vec::with_capacity(queries.len());
    for query in &queries {
        let started = Instant::now();
        let page = store.search(query).await?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        timings_ms.push(ms);
        slowest.push((ms, page.total, query.clone()));
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, total, query) in slowest.iter().take(5) {
        eprintln!("search: slow: {ms:.2} ms, {total} matches: {query:?}");
    }
    timings_ms.sort_by(f64::total_cmp);
    let percentile = |p: f64| {
        let index = ((timings_ms.len() as f64 - 1.0) * p).round() as usize;
        timings_ms[index]
    };
    eprintln!(
        "search: {} keystrokes, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        timings_ms.len(),
        percentile(0.5),
        percentile(0.95),
        percentile(1.0)
    );
    figures.insert("search_100k_keystrokes".into(), timings_ms.len().into());
    figures.insert("search_100k_p50_ms".into(), round3(percentile(0.5)).into());
    figures.insert("search_100k_p95_ms".into(), round3(percentile(0.95)).into());
    figures.insert("search_100k_max_ms".into(), round3(percentile(1.0)).into());
    Ok(())
}
