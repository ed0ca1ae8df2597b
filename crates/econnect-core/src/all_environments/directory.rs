//! A person across every environment, from the caches: a compact in-memory directory of
//! each cache's people (address, name, role, status, organisations with levels), rebuilt
//! for a cache when its file changed since it was read. A search is a scan of plain memory
//! (`cargo xtask bench`: `cross_env_search_p95_ms`), offline as online.

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use econnect_domain::{MembershipLevel, Role, UserStatus};
use econnect_store::Store;
use tokio::sync::Mutex;
use unicode_normalization::UnicodeNormalization;

use super::display_name;
use crate::environments::SavedEnvironment;
use crate::error::CoreError;
use crate::session::cache_path;

/// An organisation a person is in, with their level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonOrganisation {
    pub id: String,
    pub name: String,
    pub level: MembershipLevel,
}

/// A person in one environment, as that environment's cache has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonAccess {
    /// The saved environment's name, and the name shown for it.
    pub environment: String,
    pub environment_name: String,
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    pub organisations: Vec<PersonOrganisation>,
    /// When that cache was last brought up to date.
    pub last_synced_at: Option<DateTime<Utc>>,
}

/// Starts a person's searchable text in [`Part::text`].
const PERSON_START: char = '\u{1}';

/// One cache's people.
struct Part {
    /// The cache file's modification time when read; a newer one means read again.
    stamp: Option<SystemTime>,
    environment_name: String,
    last_synced_at: Option<DateTime<Utc>>,
    /// Every person's folded address and name, each after [`PERSON_START`].
    text: String,
    /// Where each person's text starts in `text`, in order.
    starts: Vec<u32>,
    people: Vec<Person>,
    /// Organisation ids and names, interned.
    organisations: Vec<(String, String)>,
}

struct Person {
    email: Box<str>,
    name: Option<Box<str>>,
    role: Role,
    status: UserStatus,
    organisations: Box<[(u32, MembershipLevel)]>,
}

/// Lower case, accents off: what a typed search and the directory's text are compared in.
fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| *c != PERSON_START)
        .collect()
}

/// The directory of every cache's people; share one per process (the app keeps one).
#[derive(Default)]
pub struct PeopleDirectory {
    parts: Mutex<HashMap<String, Part>>,
}

fn stamp(data_dir: &Path, environment: &str) -> Option<SystemTime> {
    let cache = cache_path(data_dir, environment);
    let mut wal = cache.clone().into_os_string();
    wal.push("-wal");
    [cache.into_os_string(), wal]
        .iter()
        .filter_map(|file| std::fs::metadata(file).and_then(|m| m.modified()).ok())
        .max()
}

async fn read_part(data_dir: &Path, environment: &SavedEnvironment) -> Result<Part, CoreError> {
    let store = Store::open(&cache_path(data_dir, &environment.name)).await?;
    let read = async {
        let people = store.people().await?;
        let organisations = store.organisations().await?;
        let state = store.sync_state().await?;
        Ok::<_, CoreError>((people, organisations, state))
    }
    .await;
    store.close().await;
    // Opening and closing a cache touches its files (the WAL is checkpointed on close): the
    // stamp is taken after, or every search would find the cache changed and read it again.
    let stamp = stamp(data_dir, &environment.name);
    let (rows, organisations, state) = read?;
    let index_of: HashMap<&str, u32> = organisations
        .iter()
        .enumerate()
        .map(|(index, organisation)| {
            (
                organisation.id.as_str(),
                u32::try_from(index).unwrap_or(u32::MAX),
            )
        })
        .collect();
    let mut text = String::new();
    let mut starts = Vec::with_capacity(rows.len());
    let mut people = Vec::with_capacity(rows.len());
    for row in rows {
        starts.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        text.push(PERSON_START);
        text.push_str(&fold(&row.email));
        if let Some(name) = &row.name {
            text.push(' ');
            text.push_str(&fold(name));
        }
        people.push(Person {
            organisations: row
                .memberships
                .iter()
                .filter_map(|(id, level)| index_of.get(id.as_str()).map(|index| (*index, *level)))
                .collect(),
            email: row.email.into_boxed_str(),
            name: row.name.map(String::into_boxed_str),
            role: row.role,
            status: row.status,
        });
    }
    text.shrink_to_fit();
    Ok(Part {
        stamp,
        environment_name: display_name(environment).to_owned(),
        last_synced_at: state.last_synced_at,
        text,
        starts,
        people,
        organisations: organisations
            .into_iter()
            .map(|organisation| (organisation.id, organisation.name))
            .collect(),
    })
}

impl Part {
    /// The people whose text holds every word, in address order.
    fn matching(&self, words: &[String]) -> Vec<usize> {
        let Some((first, rest)) = words.split_first() else {
            return (0..self.people.len()).collect();
        };
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = self.text[from..].find(first.as_str()) {
            let at = from + at;
            let index = match self
                .starts
                .binary_search(&u32::try_from(at).unwrap_or(u32::MAX))
            {
                Ok(index) => index,
                Err(index) => index.saturating_sub(1),
            };
            let start = self.starts[index] as usize;
            let end = self
                .starts
                .get(index + 1)
                .map_or(self.text.len(), |next| *next as usize);
            let person = &self.text[start..end];
            if rest.iter().all(|word| person.contains(word.as_str())) {
                found.push(index);
            }
            from = end;
            if from >= self.text.len() {
                break;
            }
        }
        found
    }

    fn access(&self, environment: &str, index: usize) -> PersonAccess {
        let person = &self.people[index];
        PersonAccess {
            environment: environment.to_owned(),
            environment_name: self.environment_name.clone(),
            email: person.email.to_string(),
            name: person.name.as_deref().map(str::to_owned),
            role: person.role,
            status: person.status,
            organisations: person
                .organisations
                .iter()
                .filter_map(|(at, level)| {
                    self.organisations
                        .get(*at as usize)
                        .map(|(id, name)| PersonOrganisation {
                            id: id.clone(),
                            name: name.clone(),
                            level: *level,
                        })
                })
                .collect(),
            last_synced_at: self.last_synced_at,
        }
    }
}

impl PeopleDirectory {
    /// Reads the caches that changed since they were read (and forgets environments no
    /// longer given). Environments without a cache on this machine are left out.
    pub async fn refresh(
        &self,
        data_dir: &Path,
        environments: &[SavedEnvironment],
    ) -> Result<(), CoreError> {
        let mut parts = self.parts.lock().await;
        parts.retain(|name, _| environments.iter().any(|e| &e.name == name));
        let mut read_any = false;
        for environment in environments {
            let now = stamp(data_dir, &environment.name);
            if now.is_none() {
                parts.remove(&environment.name);
                continue;
            }
            let fresh = parts.get(&environment.name).is_some_and(|part| {
                part.stamp == now && part.environment_name == display_name(environment)
            });
            if !fresh {
                let part = read_part(data_dir, environment).await?;
                parts.insert(environment.name.clone(), part);
                read_any = true;
            }
        }
        if read_any {
            // Each read held a cache's rows at once before keeping its compact copy.
            econnect_store::return_freed_memory();
        }
        Ok(())
    }

    /// Has the next search read these environments' caches again, whatever their files
    /// say. For a writer that ran during a read: the file's stamp is taken after reading
    /// (closing a cache touches it), so a commit that landed between the two would leave
    /// the older people with a current stamp. Writers in the same process say so here.
    pub async fn mark_changed(&self, environments: &[String]) {
        let mut parts = self.parts.lock().await;
        for name in environments {
            if let Some(part) = parts.get_mut(name) {
                part.stamp = None;
            }
        }
    }

    /// The people whose address or name holds every typed word (case and accents aside),
    /// one row per environment they are in, by address then environment; at most `limit`
    /// rows. Reads changed caches first.
    #[tracing::instrument(skip_all, fields(n_environments = environments.len()), err)]
    pub async fn find(
        &self,
        data_dir: &Path,
        environments: &[SavedEnvironment],
        text: &str,
        limit: usize,
    ) -> Result<Vec<PersonAccess>, CoreError> {
        self.refresh(data_dir, environments).await?;
        let words: Vec<String> = fold(text).split_whitespace().map(str::to_owned).collect();
        let parts = self.parts.lock().await;
        let mut rows = Vec::new();
        for environment in environments {
            let Some(part) = parts.get(&environment.name) else {
                continue;
            };
            for index in part.matching(&words).into_iter().take(limit) {
                rows.push(part.access(&environment.name, index));
            }
        }
        rows.sort_by(|a, b| {
            a.email
                .cmp(&b.email)
                .then_with(|| a.environment_name.cmp(&b.environment_name))
        });
        rows.truncate(limit);
        Ok(rows)
    }

    /// Every environment's row for exactly this address.
    pub async fn person(
        &self,
        data_dir: &Path,
        environments: &[SavedEnvironment],
        email: &str,
    ) -> Result<Vec<PersonAccess>, CoreError> {
        let wanted = email.trim().to_lowercase();
        self.refresh(data_dir, environments).await?;
        let parts = self.parts.lock().await;
        let mut rows = Vec::new();
        for environment in environments {
            let Some(part) = parts.get(&environment.name) else {
                continue;
            };
            if let Ok(index) = part
                .people
                .binary_search_by(|p| p.email.as_ref().cmp(wanted.as_str()))
            {
                rows.push(part.access(&environment.name, index));
            }
        }
        Ok(rows)
    }

    /// Every row of every cache (the access report and the insights read this).
    pub async fn everyone(
        &self,
        data_dir: &Path,
        environments: &[SavedEnvironment],
    ) -> Result<Vec<PersonAccess>, CoreError> {
        self.refresh(data_dir, environments).await?;
        let parts = self.parts.lock().await;
        let mut rows = Vec::new();
        for environment in environments {
            if let Some(part) = parts.get(&environment.name) {
                rows.extend(
                    (0..part.people.len()).map(|index| part.access(&environment.name, index)),
                );
            }
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_takes_case_and_accents_off() {
        assert_eq!(fold("José Ñúñez"), "jose nunez");
        assert_eq!(fold("ADA@Acme.Example"), "ada@acme.example");
    }
}
