//! Validation of account form fields.

/// Normalises an email for lookups: trimmed and lowercased.
#[must_use]
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A plausible email address: one `@`, a non-empty local part, a dotted domain, no spaces or
/// control characters, at most 254 characters.
#[must_use]
pub fn is_email(email: &str) -> bool {
    let email = email.trim();
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A display name: 2 to 80 characters after trimming, no control characters.
#[must_use]
pub fn is_display_name(name: &str) -> bool {
    let name = name.trim();
    let n = name.chars().count();
    (2..=80).contains(&n) && !name.chars().any(char::is_control)
}

/// A local path to return to after signing in (never another site).
#[must_use]
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && next.len() <= 1000;
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_email("aigerim@example.kz"));
        assert!(is_email(" Aigerim.B+test@mail.example.kz "));
        for bad in [
            "", "a", "a@b", "@b.kz", "a@@b.kz", "a b@c.kz", "a@.kz", "a@b..kz", "a@b.kz.",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn next_paths_stay_on_this_site() {
        assert_eq!(safe_next("/account"), Some("/account"));
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "account",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }

    #[test]
    fn display_names() {
        assert!(is_display_name("Айгерім"));
        assert!(!is_display_name(" a "));
        assert!(!is_display_name(&"x".repeat(81)));
        assert!(!is_display_name("bad\u{7}name"));
    }
}
