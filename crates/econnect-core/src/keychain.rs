//! The only module that touches the OS keychain: Keychain on macOS, Credential Manager on
//! Windows, the Secret Service (GNOME Keyring, KWallet) on Linux, through the `keyring` crate.
//!
//! One entry per saved environment and secret kind. There is no plaintext fallback: when no
//! keychain is reachable, every call fails with one clear error.

use econnect_api::Secret;

/// The service name under which the app's entries are filed.
pub const KEYCHAIN_SERVICE: &str = "nl.econnect.admin";

/// Which secret of an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    ClientSecret,
    Password,
}

impl SecretKind {
    const ALL: [SecretKind; 2] = [SecretKind::ClientSecret, SecretKind::Password];

    fn as_str(self) -> &'static str {
        match self {
            SecretKind::ClientSecret => "client-secret",
            SecretKind::Password => "password",
        }
    }
}

/// What to do when this OS's keychain cannot be reached, and when it is locked: each names
/// the keychain the OS has.
#[cfg(target_os = "linux")]
mod hint {
    pub const UNAVAILABLE: &str = "start the Secret Service (GNOME Keyring, KWallet or KeePassXC) in your \
         desktop session and try again";
    pub const LOCKED: &str = "unlock your login keyring (GNOME Keyring or KWallet: sign in to your desktop session) and try again";
}
#[cfg(target_os = "macos")]
mod hint {
    pub const UNAVAILABLE: &str = "the macOS Keychain is reached from your own Mac session: sign in to it (not only over SSH) and try again";
    pub const LOCKED: &str = "unlock your login keychain (Keychain Access) and try again";
}
#[cfg(target_os = "windows")]
mod hint {
    pub const UNAVAILABLE: &str = "Windows Credential Manager is reached from your own Windows session: sign in to it and try again";
    pub const LOCKED: &str =
        "Windows Credential Manager refused access: sign in to Windows as this user and try again";
}
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod hint {
    pub const UNAVAILABLE: &str = "start this system's keychain service and try again";
    pub const LOCKED: &str = "unlock this system's keychain and try again";
}

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error(
        "no keychain is reachable ({reason}). eConnect Admin keeps passwords and client secrets only in the \
         OS keychain, never in files: {hint}",
        hint = hint::UNAVAILABLE
    )]
    Unavailable { reason: String },
    #[error("the keychain is locked ({reason}); {hint}", hint = hint::LOCKED)]
    Locked { reason: String },
    #[error("the keychain refused the operation: {reason}")]
    Failed { reason: String },
}

impl From<keyring::Error> for KeychainError {
    fn from(error: keyring::Error) -> Self {
        let reason = error.to_string();
        match error {
            keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_) => {
                KeychainError::Unavailable { reason }
            }
            keyring::Error::NoStorageAccess(_) => KeychainError::Locked { reason },
            _ => KeychainError::Failed { reason },
        }
    }
}

/// The app's entries in the OS keychain.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new(KEYCHAIN_SERVICE)
    }
}

impl Keychain {
    /// `service` separates the app's entries from others' (tests use their own).
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, environment: &str, kind: SecretKind) -> Result<keyring::Entry, KeychainError> {
        Ok(keyring::Entry::new(
            &self.service,
            &format!("{environment}/{}", kind.as_str()),
        )?)
    }

    /// Checks that a keychain is reachable at all.
    pub fn check_available(&self) -> Result<(), KeychainError> {
        match keyring::Entry::store_status() {
            Ok(()) => Ok(()),
            Err(error) => Err(KeychainError::Unavailable {
                reason: error.to_string(),
            }),
        }
    }

    pub fn store(
        &self,
        environment: &str,
        kind: SecretKind,
        secret: &Secret,
    ) -> Result<(), KeychainError> {
        self.entry(environment, kind)?
            .set_password(secret.expose())?;
        Ok(())
    }

    pub fn load(
        &self,
        environment: &str,
        kind: SecretKind,
    ) -> Result<Option<Secret>, KeychainError> {
        match self.entry(environment, kind)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Removes every secret of an environment; absent ones are fine.
    pub fn delete_environment(&self, environment: &str) -> Result<(), KeychainError> {
        for kind in SecretKind::ALL {
            match self.entry(environment, kind)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keychain this OS has, as its errors must name it.
    #[cfg(target_os = "linux")]
    const NAMED: &str = "Secret Service";
    #[cfg(target_os = "macos")]
    const NAMED: &str = "macOS Keychain";
    #[cfg(target_os = "windows")]
    const NAMED: &str = "Credential Manager";

    #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
    #[test]
    fn unavailable_and_locked_name_this_os_keychain_and_what_to_do() {
        let unavailable = KeychainError::Unavailable {
            reason: "no service".into(),
        }
        .to_string();
        assert!(unavailable.contains(NAMED), "{unavailable}");
        assert!(unavailable.contains("never in files"), "{unavailable}");
        let locked = KeychainError::Locked {
            reason: "locked".into(),
        }
        .to_string();
        assert!(
            locked.contains("unlock") || locked.contains("sign in"),
            "{locked}"
        );
        #[cfg(not(target_os = "linux"))]
        assert!(
            !unavailable.contains("GNOME"),
            "another OS's keychain: {unavailable}"
        );
    }
}
