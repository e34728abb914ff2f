//! Random tokens (sessions, confirmations, API tokens) and the hashes we store instead of them.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A random token of 32 bytes, hex-encoded (64 characters), with an optional prefix.
#[must_use]
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// SHA-256 of a token, hex-encoded. Tokens are high-entropy, so a plain hash is enough to
/// make a leaked table useless; passwords use argon2id instead.
#[must_use]
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two strings in time that does not depend on where they differ.
#[must_use]
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
