//! The rules of user management on the eConnect platform (SPEC §2), as plain types and pure
//! functions. The sandbox platform enforces them; the app checks them before asking, so that
//! an administrator learns why before anything is sent.

pub mod email;
mod error_kind;
pub mod rules;
pub mod text;
mod values;

pub use email::{EmailAddress, EmailError};
pub use error_kind::ErrorKind;
pub use values::{InvitationMethod, MembershipLevel, ParseValueError, Role, UserStatus};
