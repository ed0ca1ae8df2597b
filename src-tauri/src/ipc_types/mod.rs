//! Types that cross IPC, with their conversions from the core's types. The UI's TypeScript
//! is generated from these. Secrets only ever travel UI → Rust (what the administrator
//! types), never back. Times travel as RFC 3339 strings, counts as `u32`.

/// Declares an IPC enum mirroring a domain enum, with conversions both ways.
macro_rules! mirror_enum {
    ($(#[$meta:meta])* $view:ident <=> $domain:ty { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
        #[serde(rename_all = "camelCase")]
        pub enum $view { $($variant),+ }

        impl From<$domain> for $view {
            fn from(value: $domain) -> Self {
                match value { $(<$domain>::$variant => Self::$variant),+ }
            }
        }

        impl From<$view> for $domain {
            fn from(value: $view) -> Self {
                match value { $(<$view>::$variant => Self::$variant),+ }
            }
        }
    };
}

mod environments;
mod events;
mod import;
mod many;
mod organisations;
mod sync;
mod users;

pub use environments::*;
pub use events::*;
pub use import::*;
pub use many::*;
pub use organisations::*;
pub use sync::*;
pub use users::*;

/// An RFC 3339 time for the UI.
pub(crate) fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn count(value: impl TryInto<u32>) -> u32 {
    value.try_into().unwrap_or(u32::MAX)
}
