//! The offline cache of one environment, so that the app opens instantly, works read-only
//! offline, and queues changes made offline.
//!
//! - [`Store`]: one SQLite database per saved environment (WAL), migrations embedded. The
//!   cache is disposable: one that cannot be opened or migrated is deleted and rebuilt.
//! - Sync ([`sync`]): a full first sync pages through users and organisations; later syncs
//!   read the change feed from the saved cursor and apply it in one transaction.
//! - Outbox ([`Change`]): every change is written to the outbox in the same transaction
//!   that applies it to the cache, with its Idempotency-Key made once; replayed in order, it
//!   lands exactly once. 409/412 become a visible conflict holding the platform's state; 403
//!   rolls the change back with the reason.
//! - Search ([`SearchQuery`]): prefix search on name and email, filters, sorting and windowed
//!   pages for a virtualised list, from an in-memory index kept in step with the cache.

mod cache;
mod error;
mod events;
mod index;
mod memory;
mod organisations;
mod outbox;
mod search;
pub mod sync;

pub use cache::{Store, SyncState};
pub use error::StoreError;
pub use events::{CacheChange, ConnectionState, StoreEvent};
pub use organisations::{MemberRow, OrganisationSummary};
pub use outbox::{Change, OutboxEntry, OutboxState, RejectedChange};
pub use search::{STALE_INVITATION_DAYS, SearchPage, SearchQuery, SortKey, StatusCounts, UserRow};
