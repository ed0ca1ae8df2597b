//! How every failure is classified, once, for every surface: the app shows a message per
//! kind, `ecadmin` picks its exit code per kind. Each error type of the workspace says its
//! kind (`kind()`), so no surface guesses from text.

/// What a failure means for the person in front of the screen: what they can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The app's own folders or cache cannot be used (full disk, permissions).
    AppFolder,
    /// No OS keychain is reachable, it is locked, or a secret is missing from it.
    Keychain,
    /// The platform refused the sign-in, or the session ended (blocked, removed).
    Authentication,
    /// Input that cannot be used (a name, a URL, an address); the message says what to change.
    InvalidInput,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The platform cannot be reached or is busy; try again later.
    Unreachable,
    /// Refused for a rule of the platform (last administrator, not allowed, already invited).
    Rejected,
    /// Changed elsewhere meanwhile (stale version, no longer pending).
    Conflict,
    /// Something unexpected; the message says what to report.
    Internal,
}

impl ErrorKind {
    /// The stable name surfaces print and switch on.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::AppFolder => "app_folder",
            ErrorKind::Keychain => "keychain",
            ErrorKind::Authentication => "authentication",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Unreachable => "unreachable",
            ErrorKind::Rejected => "rejected",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Internal => "internal",
        }
    }
}
