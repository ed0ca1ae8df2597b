//! The in-memory search index behind the overview: one compact entry per cached user, so
//! that every keystroke is a scan in memory rather than a query (SQLite's FTS and
//! `ORDER BY … OFFSET` cost 15–150 ms per keystroke at 100,000 users; the scan costs a few
//! ms).
//!
//! The index keeps what the filters and the text search look at, not the rows themselves: a
//! search finds the ids of one window in memory, then the store reads those rows (at most a
//! window's worth) from the cache. With 10,000 users that keeps about 4 MB less in memory
//! (`cargo xtask bench`) for a query of about a millisecond per search.
//!
//! Plain memory and no I/O: rows are handed in ([`UserIndex::rebuild`], [`UserIndex::patch`],
//! [`UserIndex::build_order`]); keeping it in step with the cache is `search.rs`'s job.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use econnect_domain::{Role, UserStatus};

use crate::query::{STALE_INVITATION_DAYS, SearchQuery, SortKey, UserRow};

struct Entry {
    /// The user's id: the key to their row in the cache (shared with [`UserIndex::by_id`]).
    id: Arc<str>,
    /// Interned organisation ids.
    organisations: Box<[u32]>,
    /// A hash of the name and the email address: a change that leaves both alone keeps the
    /// name and email sort orders.
    name_and_email: u64,
}

/// What the filters look at, packed so that a scan over every user stays in the CPU's cache.
#[derive(Clone, Copy)]
struct Key {
    status: u8,
    role: u8,
    relationship_manager: bool,
    organisation_count: i64,
    /// Seconds since the epoch; `i64::MIN` without an invitation.
    invited_at: i64,
    expires_at: i64,
    /// This user's words in [`UserIndex::words`].
    words: (u32, u32),
}

/// One byte that never occurs in typed text: it starts every word in [`UserIndex::words`].
const WORD_START: char = '\u{1}';

/// The index itself: plain memory, filled from rows handed to it (the store reads them from
/// SQLite; the tests below hand them in directly).
#[derive(Default)]
pub(crate) struct UserIndex {
    entries: Vec<Entry>,
    keys: Vec<Key>,
    /// Every user's words, each preceded by [`WORD_START`]: a typed word matches when
    /// `WORD_START` + the typed word occurs in the user's span.
    words: String,
    by_id: HashMap<Arc<str>, usize>,
    organisation_ids: HashMap<String, u32>,
    /// Entry positions sorted per [`SortKey`] (ascending), built on first use.
    orders: [Option<Vec<u32>>; 6],
}

fn status_code(status: UserStatus) -> u8 {
    match status {
        UserStatus::Invited => 1,
        UserStatus::Active => 2,
        UserStatus::Blocked => 3,
    }
}

fn role_code(role: Role) -> u8 {
    match role {
        Role::Basic => 1,
        Role::Advanced => 2,
        Role::Administrator => 3,
    }
}

fn words_of(row: &UserRow) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut add = |word: &str| {
        let word = word.trim().to_lowercase();
        if !word.is_empty() && !words.contains(&word) {
            words.push(word);
        }
    };
    if let Some(name) = &row.name {
        name.split_whitespace().for_each(&mut add);
    }
    add(&row.email);
    if let Some((local, domain)) = row.email.split_once('@') {
        add(local);
        add(domain);
    }
    row.email
        .split(['.', '@', '_', '-', '+'])
        .for_each(&mut add);
    words
}

/// What was typed: lower-cased words, each of which must start some word of the user.
fn typed_words(text: Option<&str>) -> Vec<String> {
    text.map(|text| text.split_whitespace().map(str::to_lowercase).collect())
        .unwrap_or_default()
}

impl UserIndex {
    fn intern(&mut self, organisation_id: &str) -> u32 {
        let next = u32::try_from(self.organisation_ids.len()).unwrap_or(u32::MAX);
        *self
            .organisation_ids
            .entry(organisation_id.to_owned())
            .or_insert(next)
    }

    /// Adds or replaces the entry at `position` (`None`: append). Replacing drops the sort
    /// orders the change can move the user in, and only those.
    fn put(&mut self, position: Option<usize>, row: &UserRow, organisations: &[String]) {
        let organisations = organisations.iter().map(|id| self.intern(id)).collect();
        let start = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        for word in words_of(row) {
            self.words.push(WORD_START);
            self.words.push_str(&word);
        }
        let end = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        let seconds = |at: Option<DateTime<Utc>>| at.map_or(i64::MIN, |at| at.timestamp());
        let key = Key {
            status: status_code(row.status),
            role: role_code(row.role),
            relationship_manager: row.relationship_manager,
            organisation_count: row.organisation_count,
            invited_at: seconds(row.invited_at),
            expires_at: seconds(row.expires_at),
            words: (start, end),
        };
        let name_and_email = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (&row.name, &row.email).hash(&mut hasher);
            hasher.finish()
        };
        match position {
            Some(position) => {
                let (old_key, old_entry) = (self.keys[position], &self.entries[position]);
                let moved = [
                    (SortKey::Name, old_entry.name_and_email != name_and_email),
                    (SortKey::Email, old_entry.name_and_email != name_and_email),
                    (SortKey::Role, old_key.role != key.role),
                    (SortKey::Status, old_key.status != key.status),
                    (
                        SortKey::Organisations,
                        old_key.organisation_count != key.organisation_count,
                    ),
                    // Seconds: an expiry moves by days when an invitation is resent.
                    (SortKey::Expires, old_key.expires_at != key.expires_at),
                ];
                for (sort, _) in moved.iter().filter(|(_, moved)| *moved) {
                    self.orders[sort.slot()] = None;
                }
                let entry = &mut self.entries[position];
                entry.organisations = organisations;
                entry.name_and_email = name_and_email;
                self.keys[position] = key;
            }
            None => {
                let id: Arc<str> = Arc::from(row.id.as_str());
                self.by_id.insert(id.clone(), self.entries.len());
                self.entries.push(Entry {
                    id,
                    organisations,
                    name_and_email,
                });
                self.keys.push(key);
            }
        }
    }

    /// A fresh index of `rows`, keeping the interned organisation ids, with `sort`'s order
    /// built from the rows at hand.
    pub(crate) fn rebuild(&mut self, rows: &[(UserRow, Vec<String>)], sort: SortKey) {
        let mut fresh = UserIndex {
            organisation_ids: std::mem::take(&mut self.organisation_ids),
            ..UserIndex::default()
        };
        for (row, organisations) in rows {
            fresh.put(None, row, organisations);
        }
        let positioned = (0u32..).zip(rows.iter().map(|(row, _)| row)).collect();
        fresh.orders[sort.slot()] = Some(sorted_positions(positioned, sort));
        *self = fresh;
    }

    /// Replaces the entries of users already in the index. False (and nothing changed) when
    /// a user is new or `n_asked` users were asked for and fewer came back (someone is
    /// gone): every position moves then, and the caller rebuilds.
    pub(crate) fn patch(&mut self, rows: &[(UserRow, Vec<String>)], n_asked: usize) -> bool {
        if rows.len() != n_asked
            || !rows
                .iter()
                .all(|(row, _)| self.by_id.contains_key(row.id.as_str()))
        {
            return false;
        }
        for (row, organisations) in rows {
            let position = self.by_id[row.id.as_str()];
            self.put(Some(position), row, organisations);
        }
        true
    }

    /// True when `key`'s order must be built (from every row) before a search in it.
    pub(crate) fn lacks_order(&self, key: SortKey) -> bool {
        self.orders[key.slot()].is_none()
    }

    /// Builds `key`'s order from every user's row (in any order).
    pub(crate) fn build_order(&mut self, key: SortKey, rows: &[UserRow]) {
        let positioned = rows.iter().filter_map(|row| {
            let position = u32::try_from(*self.by_id.get(row.id.as_str())?).ok()?;
            Some((position, row))
        });
        self.orders[key.slot()] = Some(sorted_positions(positioned.collect(), key));
    }

    /// How many users match, and the ids of the query's window of them in its sort order.
    /// The order must have been built ([`UserIndex::lacks_order`]).
    pub(crate) fn window(&self, query: &SearchQuery, now: DateTime<Utc>) -> (u32, Vec<Arc<str>>) {
        let matcher = Matcher::new(query, self, now);
        // Match in storage order (sequential memory), then walk the sort order.
        let matched: Vec<bool> = (0..self.keys.len())
            .map(|position| matcher.matches(self, position))
            .collect();
        let limit = query.limit.clamp(1, 1000) as usize;
        let offset = query.offset as usize;
        let mut total = 0usize;
        let mut window: Vec<Arc<str>> = Vec::with_capacity(limit);
        let mut visit = |position: &u32| {
            if matched[*position as usize] {
                if total >= offset && window.len() < limit {
                    window.push(self.entries[*position as usize].id.clone());
                }
                total += 1;
            }
        };
        let order = self.orders[query.sort.slot()]
            .as_deref()
            .unwrap_or_default();
        if query.descending {
            order.iter().rev().for_each(&mut visit);
        } else {
            order.iter().for_each(&mut visit);
        }
        (u32::try_from(total).unwrap_or(u32::MAX), window)
    }
}

/// Entry positions sorted by `key` (ascending; the id breaks ties).
fn sorted_positions(mut rows: Vec<(u32, &UserRow)>, key: SortKey) -> Vec<u32> {
    match key {
        SortKey::Name => rows.sort_by_cached_key(|(_, row)| {
            (
                row.name.as_deref().unwrap_or(&row.email).to_lowercase(),
                row.id.clone(),
            )
        }),
        SortKey::Email => rows.sort_by(|(_, a), (_, b)| (&a.email, &a.id).cmp(&(&b.email, &b.id))),
        SortKey::Role => {
            rows.sort_by(|(_, a), (_, b)| (a.role.as_str(), &a.id).cmp(&(b.role.as_str(), &b.id)))
        }
        SortKey::Status => {
            rows.sort_by(|(_, a), (_, b)| {
                (a.status.as_str(), &a.id).cmp(&(b.status.as_str(), &b.id))
            });
        }
        SortKey::Organisations => rows.sort_by(|(_, a), (_, b)| {
            (a.organisation_count, &a.id).cmp(&(b.organisation_count, &b.id))
        }),
        // Users without an invitation sort first, as SQLite sorts NULL first.
        SortKey::Expires => {
            rows.sort_by(|(_, a), (_, b)| (a.expires_at, &a.id).cmp(&(b.expires_at, &b.id)));
        }
    }
    rows.into_iter().map(|(position, _)| position).collect()
}

/// Does a user pass the query's text and filters?
struct Matcher {
    /// `WORD_START` + each typed word.
    needles: Vec<String>,
    status: u8,
    role: u8,
    organisation: Option<Option<u32>>,
    no_organisation: bool,
    pending_invitation: bool,
    expired: bool,
    stale_invitation: bool,
    ineffective_relationship_manager: bool,
    now: i64,
    stale_before: i64,
}

impl Matcher {
    fn new(query: &SearchQuery, index: &UserIndex, now: DateTime<Utc>) -> Self {
        Self {
            needles: typed_words(query.text.as_deref())
                .into_iter()
                .map(|word| format!("{WORD_START}{word}"))
                .collect(),
            status: query.status.map_or(0, status_code),
            role: query.role.map_or(0, role_code),
            organisation: query
                .organisation_id
                .as_ref()
                .map(|id| index.organisation_ids.get(id).copied()),
            no_organisation: query.no_organisation,
            pending_invitation: query.pending_invitation,
            expired: query.expired,
            stale_invitation: query.stale_invitation,
            ineffective_relationship_manager: query.ineffective_relationship_manager,
            now: now.timestamp(),
            stale_before: (now - Duration::days(STALE_INVITATION_DAYS)).timestamp(),
        }
    }

    fn matches(&self, index: &UserIndex, position: usize) -> bool {
        let key = &index.keys[position];
        let invited = key.status == 1;
        (self.status == 0 || key.status == self.status)
            && (self.role == 0 || key.role == self.role)
            && (!self.no_organisation || key.organisation_count == 0)
            && (!self.pending_invitation || (invited && key.expires_at > self.now))
            && (!self.expired
                || (invited && key.expires_at != i64::MIN && key.expires_at <= self.now))
            && (!self.stale_invitation
                || (invited && key.invited_at != i64::MIN && key.invited_at <= self.stale_before))
            && (!self.ineffective_relationship_manager
                || (key.relationship_manager && key.role == 1))
            && match self.organisation {
                None => true,
                // An organisation nobody belongs to.
                Some(None) => false,
                Some(Some(id)) => index.entries[position].organisations.contains(&id),
            }
            && (self.needles.is_empty() || {
                let words = &index.words[key.words.0 as usize..key.words.1 as usize];
                self.needles
                    .iter()
                    .all(|needle| words.contains(needle.as_str()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: Option<&str>, email: &str) -> UserRow {
        UserRow {
            id: email.to_owned(),
            email: email.to_owned(),
            name: name.map(str::to_owned),
            role: Role::Basic,
            status: UserStatus::Active,
            relationship_manager: false,
            organisation_count: 0,
            invited_by: None,
            invited_at: None,
            expires_at: None,
            pending: 0,
        }
    }

    #[test]
    fn a_user_is_found_by_the_start_of_any_word_of_the_name_or_address() {
        let words = words_of(&row(
            Some("Bram de Vries"),
            "b.devries@acme-finance.example",
        ));
        for typed in [
            "bram",
            "de",
            "vri",
            "b.dev",
            "devries",
            "acme",
            "finance",
            "acme-fin",
            "b.devries@acme",
        ] {
            assert!(
                words.iter().any(|word| word.starts_with(typed)),
                "`{typed}` should find Bram: {words:?}"
            );
        }
        assert!(
            !words.iter().any(|word| word.starts_with("ries")),
            "{words:?}"
        );
        assert_eq!(typed_words(Some("  Bram  DE ")), ["bram", "de"]);
    }

    fn ids(window: &[Arc<str>]) -> Vec<&str> {
        window.iter().map(|id| &**id).collect()
    }

    /// The whole search, filters and sort orders included, without a database.
    #[test]
    fn the_index_answers_queries_from_memory() {
        let mut bram = row(Some("Bram de Vries"), "bram@acme.example");
        bram.role = Role::Administrator;
        let mut carla = row(Some("Carla Jansen"), "carla@acme.example");
        carla.status = UserStatus::Invited;
        let dirk = row(None, "dirk@other.example");
        let rows = vec![
            (bram, vec!["org-1".to_owned()]),
            (carla, Vec::new()),
            (dirk.clone(), vec!["org-1".to_owned(), "org-2".to_owned()]),
        ];
        let mut index = UserIndex::default();
        index.rebuild(&rows, SortKey::Name);
        let now = Utc::now();
        let query = |text: Option<&str>| SearchQuery {
            text: text.map(str::to_owned),
            limit: 10,
            ..SearchQuery::default()
        };
        let (total, window) = index.window(&query(None), now);
        assert_eq!(total, 3);
        assert_eq!(
            ids(&window),
            [
                "bram@acme.example",
                "carla@acme.example",
                "dirk@other.example"
            ],
            "by name, the address standing in for a missing name"
        );
        let (total, window) = index.window(&query(Some("acme")), now);
        assert_eq!(
            (total, ids(&window)),
            (2, vec!["bram@acme.example", "carla@acme.example"])
        );
        let invited = SearchQuery {
            status: Some(UserStatus::Invited),
            ..query(None)
        };
        assert_eq!(ids(&index.window(&invited, now).1), ["carla@acme.example"]);
        let in_org_2 = SearchQuery {
            organisation_id: Some("org-2".to_owned()),
            ..query(None)
        };
        assert_eq!(ids(&index.window(&in_org_2, now).1), ["dirk@other.example"]);

        assert!(index.lacks_order(SortKey::Email));
        let plain_rows: Vec<UserRow> = rows.iter().map(|(row, _)| row.clone()).collect();
        index.build_order(SortKey::Email, &plain_rows);
        let by_email_descending = SearchQuery {
            sort: SortKey::Email,
            descending: true,
            ..query(None)
        };
        assert_eq!(
            ids(&index.window(&by_email_descending, now).1),
            [
                "dirk@other.example",
                "carla@acme.example",
                "bram@acme.example"
            ]
        );

        // A changed user is patched in place; the orders it cannot move in are kept.
        let mut dirk_admin = dirk;
        dirk_admin.role = Role::Administrator;
        assert!(index.patch(&[(dirk_admin, Vec::new())], 1));
        assert!(
            !index.lacks_order(SortKey::Email),
            "the email order is kept"
        );
        let administrators = SearchQuery {
            role: Some(Role::Administrator),
            ..query(None)
        };
        assert_eq!(
            ids(&index.window(&administrators, now).1),
            ["bram@acme.example", "dirk@other.example"]
        );
        // Someone new (or gone) moves every position: the caller must rebuild.
        assert!(!index.patch(&[(row(None, "new@acme.example"), Vec::new())], 1));
        assert!(!index.patch(&[], 1));
    }
}
