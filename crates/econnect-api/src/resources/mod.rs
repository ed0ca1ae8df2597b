//! One module per resource of Platform Admin API v1, each a few methods of `ApiClient` over
//! the transport's `Call`.

mod feeds;
mod invitations;
mod organisations;
mod users;

pub use users::UserQuery;
