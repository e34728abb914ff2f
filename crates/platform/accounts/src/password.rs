//! Password policy and hashing (argon2id).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use opengov_kernel::config::AccountsConfig;

const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Why a password is refused (each maps to a catalogue key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    Common,
    ContainsIdentity,
    Repetitive,
}

impl Weakness {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::TooShort => "account-password-too-short",
            Self::TooLong => "account-password-too-long",
            Self::Common => "account-password-common",
            Self::ContainsIdentity => "account-password-identity",
            Self::Repetitive => "account-password-repetitive",
        }
    }
}

/// The longest password accepted (argon2 has no limit, but a bound keeps hashing cheap).
pub const MAX_LENGTH: usize = 256;

/// Checks a new password against the policy.
pub fn check(password: &str, min_length: usize, email: &str, name: &str) -> Result<(), Weakness> {
    let length = password.chars().count();
    if length < min_length {
        return Err(Weakness::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(Weakness::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.trim() == lower)
    {
        return Err(Weakness::Common);
    }
    let distinct: std::collections::BTreeSet<char> = lower.chars().collect();
    if distinct.len() <= 2 {
        return Err(Weakness::Repetitive);
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    let name = name.trim().to_lowercase();
    if (local.chars().count() >= 4 && lower.contains(&local))
        || (name.chars().count() >= 4 && lower.contains(&name))
    {
        return Err(Weakness::ContainsIdentity);
    }
    Ok(())
}

fn hasher(config: &AccountsConfig) -> Result<Argon2<'static>, String> {
    let params = Params::new(config.argon2_memory_kib, config.argon2_iterations, 1, None)
        .map_err(|e| format!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password (on a blocking thread: it is deliberately slow).
pub async fn hash(config: &AccountsConfig, password: &str) -> Result<String, String> {
    let argon = hasher(config)?;
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| format!("argon2: {e}"))
    })
    .await
    .map_err(|e| format!("hashing task: {e}"))?
}

/// Verifies a password against a stored hash (the parameters come from the hash itself).
pub async fn verify(stored: &str, password: &str) -> bool {
    let stored = stored.to_owned();
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_short_common_repetitive_and_personal_passwords() {
        assert_eq!(
            check("short", 10, "a@b.kz", "Aigerim"),
            Err(Weakness::TooShort)
        );
        assert_eq!(
            check("Password123", 10, "a@b.kz", "Aigerim"),
            Err(Weakness::Common)
        );
        assert_eq!(
            check("ПАРОЛЬ1234", 10, "a@b.kz", "Aigerim"),
            Err(Weakness::Common)
        );
        assert_eq!(
            check("ababababab", 10, "a@b.kz", "Aigerim"),
            Err(Weakness::Repetitive)
        );
        assert_eq!(
            check("aigerim-2026-x", 10, "x@b.kz", "Aigerim"),
            Err(Weakness::ContainsIdentity)
        );
        assert_eq!(
            check("nurlan.s-2026", 10, "nurlan.s@b.kz", "N"),
            Err(Weakness::ContainsIdentity)
        );
        assert_eq!(
            check(&"x1".repeat(200), 10, "a@b.kz", "A"),
            Err(Weakness::TooLong)
        );
        assert_eq!(
            check("Orange-Steppe-2026!", 10, "a@b.kz", "Aigerim"),
            Ok(())
        );
    }

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() {
        let config = AccountsConfig {
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            ..AccountsConfig::default()
        };
        let h = hash(&config, "Orange-Steppe-2026!")
            .await
            .unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "Orange-Steppe-2026!").await);
        assert!(!verify(&h, "orange-steppe-2026!").await);
        assert!(!verify("not a hash", "x").await);
    }
}
