//! The offline cache of one environment, so that the app opens instantly, works read-only
//! offline, and queues changes made offline.
//!
//! - [`Store`]: one SQLite database per saved environment (WAL), migrations embedded. The
//!   cache is disposable, the outbox is not: a cache that cannot be used is moved aside
//!   (never deleted) and rebuilt with the outbox rows it still holds; one written by a
//!   newer app is left untouched.
//! - Sync ([`sync`]): a full first sync streams the users page by page into staging tables
//!   ([`FullRead`]) and swaps them in at the end in one transaction; later syncs read the
//!   change feed from the saved cursor and apply each page in one transaction.
//! - Outbox ([`Change`]): every change is written to the outbox in the same transaction
//!   that applies it to the cache, with its Idempotency-Key made once; replayed in order, it
//!   lands exactly once. 409/412 become a visible conflict holding the platform's state; 403
//!   rolls the change back with the reason.
//! - Search ([`SearchQuery`]): prefix search on name and email, filters, sorting and windowed
//!   pages for a virtualised list, from an in-memory index kept in step with the cache.
//!
//! The modules read top-down (a test keeps it so, `tests/store/modules.rs`): the plain types
//! (`error`, `events`, `query`, `change`, `memory`) and the pure search index (`index`) at the bottom;
//! the table writes (`users_table`) and the index's upkeep (`search`) over them; `store`
//! (the `Store` itself) over those; and what a `Store` does — `full_read`, `outbox`, `overview`,
//! `organisations`, `sync` — at the top.

// Plain types.
mod change;
mod error;
mod events;
mod memory;
mod query;
// Pure memory: the search index.
mod index;
// The tables, and keeping the index in step with them.
mod search;
mod users_table;
// The store, and what opening it does when it cannot be used.
mod recovery;
mod store;
// What the store does.
mod full_read;
mod organisations;
mod outbox;
mod overview;
pub mod sync;

pub use change::{Change, OutboxEntry, OutboxState, RejectedChange};
pub use error::StoreError;
pub use events::{CacheChange, ConnectionState, StoreEvent};
pub use full_read::FullRead;
pub use memory::return_freed_memory;
pub use organisations::{MemberRow, OrganisationSummary};
pub use query::{
    PersonRow, STALE_INVITATION_DAYS, SearchPage, SearchQuery, SortKey, StatusCounts, UserRow,
};
pub use store::{Recovery, Sending, Store, SyncState};
