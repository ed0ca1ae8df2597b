//! Passwords and tokens as the sandbox stores them: salted SHA-256 for passwords, SHA-256 for
//! bearer and activation tokens. (A production identity server would use a slow hash; the
//! sandbox seeds tens of thousands of accounts in seconds, which a slow hash forbids.)

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A random URL-safe token of 32 bytes.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A random password a person can type: four groups of four letters and digits.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut password = String::new();
    for group in 0..4 {
        if group > 0 {
            password.push('-');
        }
        for _ in 0..4 {
            let index = (rng.next_u32() as usize) % ALPHABET.len();
            password.push(char::from(ALPHABET[index]));
        }
    }
    password
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new salt and the hash of `password` with it.
pub fn hash_new_password(password: &str) -> (String, String) {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = hex::encode(salt);
    let hash = hash_password(&salt, password);
    (salt, hash)
}

pub fn hash_password(salt: &str, password: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(b":");
    hasher.update(password.as_bytes());
    hex::encode(hasher.finalize())
}

/// Compares in constant time.
pub fn password_matches(salt: &str, expected_hash: &str, password: &str) -> bool {
    let actual = hash_password(salt, password);
    bool::from(actual.as_bytes().ct_eq(expected_hash.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_only_itself() {
        let (salt, hash) = hash_new_password("correct horse");
        assert!(password_matches(&salt, &hash, "correct horse"));
        assert!(!password_matches(&salt, &hash, "correct horsE"));
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert!(a.len() >= 43, "{a}");
        assert_eq!(random_password().len(), 19);
    }
}
