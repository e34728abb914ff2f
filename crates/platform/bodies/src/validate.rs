//! The body form and its validation: no HTTP, no SQL, every rule in one place.
//!
//! The form is all strings so that it always parses and keeps what the person typed;
//! [`BodyForm::validate`] turns it into a [`BodyInput`] or reports every problem next to its
//! field. Checks that need the database (unique code and slug, a parent that exists and is
//! not the body itself or below it) are done by the caller.

use opengov_kernel::LocalizedText;
use opengov_web::form::FieldErrors;
use serde::Deserialize;

use crate::kinds::BodyKind;
use crate::store::{Body, BodyInput};

pub const MAX_CODE: usize = 40;
pub const MAX_SLUG: usize = 80;
pub const MAX_NAME: usize = 400;
pub const MAX_TEXT: usize = 5000;
pub const MAX_SHORT: usize = 300;

/// The admin form of a body, exactly as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BodyForm {
    pub code: String,
    pub slug: String,
    pub kind: String,
    pub parent_id: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
    pub description_kk: String,
    pub description_ru: String,
    pub description_en: String,
    pub head_name_kk: String,
    pub head_name_ru: String,
    pub head_name_en: String,
    pub address_kk: String,
    pub address_ru: String,
    pub address_en: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub bin: String,
    /// A checkbox: present (any value) when ticked.
    pub active: Option<String>,
}

impl BodyForm {
    /// A blank form for a new body (active, a ministry by default).
    #[must_use]
    pub fn blank() -> Self {
        Self {
            kind: BodyKind::Ministry.code().to_owned(),
            active: Some("1".to_owned()),
            ..Self::default()
        }
    }

    /// The form filled in from a stored body.
    #[must_use]
    pub fn from_body(b: &Body) -> Self {
        Self {
            code: b.code.clone(),
            slug: b.slug.clone(),
            kind: b.kind.clone(),
            parent_id: b.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            name_kk: b.name.kk.clone(),
            name_ru: b.name.ru.clone(),
            name_en: b.name.en.clone(),
            description_kk: b.description.kk.clone(),
            description_ru: b.description.ru.clone(),
            description_en: b.description.en.clone(),
            head_name_kk: b.head_name.kk.clone(),
            head_name_ru: b.head_name.ru.clone(),
            head_name_en: b.head_name.en.clone(),
            address_kk: b.address.kk.clone(),
            address_ru: b.address.ru.clone(),
            address_en: b.address.en.clone(),
            email: b.email.clone(),
            phone: b.phone.clone(),
            website: b.website.clone(),
            bin: b.bin.clone(),
            active: b.active.then(|| "1".to_owned()),
        }
    }

    #[must_use]
    pub fn is_active(&self) -> bool {
        self.active.is_some()
    }

    /// Checks every field; returns the input to store or the problems, per field.
    pub fn validate(&self) -> Result<BodyInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = normalize_code(&self.code);
        check_code(&code, &mut errors);
        let slug = match self.slug.trim() {
            "" => slug_from_code(&code),
            s => s.to_owned(),
        };
        if errors.get("code").is_none() || !self.slug.trim().is_empty() {
            check_slug(&slug, &mut errors);
        }
        let kind = BodyKind::from_code(&self.kind);
        if kind.is_none() {
            errors.add("kind", "body-error-kind");
        }
        let parent_id = parse_parent(&self.parent_id, &mut errors);
        let name = trilingual(&self.name_kk, &self.name_ru, &self.name_en);
        if name.is_empty() {
            errors.add("name_kk", "body-error-name-required");
        }
        check_texts(self, &mut errors);
        let email = self.email.trim().to_owned();
        if !email.is_empty() && !is_plausible_email(&email) {
            errors.add("email", "body-error-email");
        }
        let phone = self.phone.trim().to_owned();
        if !phone.is_empty() && !is_plausible_phone(&phone) {
            errors.add("phone", "body-error-phone");
        }
        let website = self.website.trim().to_owned();
        if !website.is_empty() && !is_web_address(&website) {
            errors.add("website", "body-error-website");
        }
        let bin = self.bin.trim().to_owned();
        if !is_valid_bin(&bin) {
            errors.add("bin", "body-error-bin");
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(BodyInput {
                code,
                slug,
                kind,
                parent_id,
                name,
                description: trilingual(
                    &self.description_kk,
                    &self.description_ru,
                    &self.description_en,
                ),
                head_name: trilingual(&self.head_name_kk, &self.head_name_ru, &self.head_name_en),
                email,
                phone,
                address: trilingual(&self.address_kk, &self.address_ru, &self.address_en),
                website,
                bin,
                active: self.is_active(),
            }),
            _ => Err(errors),
        }
    }
}

/// A code as stored: trimmed and upper case.
#[must_use]
pub fn normalize_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// The default slug of a code: lower case, `_` as `-` (`MF_SRC` → `mf-src`).
#[must_use]
pub fn slug_from_code(code: &str) -> String {
    code.trim().to_ascii_lowercase().replace('_', "-")
}

fn check_code(code: &str, errors: &mut FieldErrors) {
    if code.is_empty() {
        errors.add("code", "body-error-code-required");
    } else if code.len() > MAX_CODE
        || !code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        errors.add("code", "body-error-code-format");
    }
}

/// Whether `slug` may name a body in URLs: lower-case Latin letters, digits and single
/// hyphens, with at least one letter (all-digit paths are ids in the API).
#[must_use]
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && slug.bytes().any(|b| b.is_ascii_lowercase())
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

fn check_slug(slug: &str, errors: &mut FieldErrors) {
    if !is_valid_slug(slug) {
        errors.add("slug", "body-error-slug-format");
    }
}

fn parse_parent(value: &str, errors: &mut FieldErrors) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.add("parent_id", "body-error-parent");
            None
        }
    }
}

fn trilingual(kk: &str, ru: &str, en: &str) -> LocalizedText {
    LocalizedText::new(kk.trim(), ru.trim(), en.trim())
}

/// Whether a text holds a control character (line breaks and tabs allowed only where
/// `multiline`). Such text is refused: it means nothing to a reader, and PostgreSQL cannot store
/// NUL in text at all.
#[must_use]
pub fn has_control_chars(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// Lengths (in characters, after trimming) and control characters of the free-text fields.
fn check_texts(f: &BodyForm, errors: &mut FieldErrors) {
    let limits: [(&'static str, &str, usize); 15] = [
        ("name_kk", &f.name_kk, MAX_NAME),
        ("name_ru", &f.name_ru, MAX_NAME),
        ("name_en", &f.name_en, MAX_NAME),
        ("description_kk", &f.description_kk, MAX_TEXT),
        ("description_ru", &f.description_ru, MAX_TEXT),
        ("description_en", &f.description_en, MAX_TEXT),
        ("head_name_kk", &f.head_name_kk, MAX_SHORT),
        ("head_name_ru", &f.head_name_ru, MAX_SHORT),
        ("head_name_en", &f.head_name_en, MAX_SHORT),
        ("address_kk", &f.address_kk, MAX_SHORT),
        ("address_ru", &f.address_ru, MAX_SHORT),
        ("address_en", &f.address_en, MAX_SHORT),
        ("email", &f.email, 254),
        ("phone", &f.phone, 40),
        ("website", &f.website, MAX_SHORT),
    ];
    for (field, value, max) in limits {
        let value = value.trim();
        if value.chars().count() > max {
            errors.add(
                field,
                opengov_web::error::Msg::new("body-error-too-long").arg("max", max),
            );
        } else if has_control_chars(value, field.starts_with("description_")) {
            errors.add(field, "body-error-control-chars");
        }
    }
}

/// A BIN (business identification number) is exactly 12 digits; empty means unknown.
#[must_use]
pub fn is_valid_bin(bin: &str) -> bool {
    bin.is_empty() || (bin.len() == 12 && bin.bytes().all(|b| b.is_ascii_digit()))
}

/// One `@`, something before it, a dotted domain after it, no spaces.
#[must_use]
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
}

/// Digits with the usual separators, and enough digits to be a number.
#[must_use]
pub fn is_plausible_phone(phone: &str) -> bool {
    phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
        && phone.chars().filter(char::is_ascii_digit).count() >= 5
}

/// An `http` or `https` address with a host (so a link can never run script).
#[must_use]
pub fn is_web_address(website: &str) -> bool {
    url::Url::parse(website).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// The `tel:` target of a phone number as written (separators dropped).
#[must_use]
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_form() -> BodyForm {
        BodyForm {
            code: " mf_src ".into(),
            kind: "committee".into(),
            name_ru: "Комитет государственных доходов".into(),
            bin: "990240001234".into(),
            website: "https://gov.example.kz/entities/kgd".into(),
            email: "kgd@gov.example.kz".into(),
            phone: "+7 7172 71 77 77".into(),
            active: Some("1".into()),
            ..BodyForm::default()
        }
    }

    #[test]
    fn bin_is_twelve_digits_or_empty() {
        assert!(is_valid_bin(""));
        assert!(is_valid_bin("990240001234"));
        assert!(!is_valid_bin("99024000123"));
        assert!(!is_valid_bin("9902400012345"));
        assert!(!is_valid_bin("99024000123a"));
        assert!(!is_valid_bin("９９０２４０００１２３４"));
    }

    #[test]
    fn a_valid_form_normalizes_code_and_derives_the_slug() {
        let input = valid_form().validate();
        assert!(input.is_ok(), "{input:?}");
        if let Ok(input) = input {
            assert_eq!(input.code, "MF_SRC");
            assert_eq!(input.slug, "mf-src");
            assert_eq!(input.kind, BodyKind::Committee);
            assert_eq!(input.parent_id, None);
            assert!(input.active);
        }
    }

    #[test]
    fn every_bad_field_is_reported() {
        let form = BodyForm {
            code: "bad code!".into(),
            slug: "Bad Slug".into(),
            kind: "parliament".into(),
            parent_id: "x".into(),
            bin: "123".into(),
            email: "no-at-sign".into(),
            phone: "call me".into(),
            website: "javascript:alert(1)".into(),
            ..BodyForm::default()
        };
        let Err(errors) = form.validate() else {
            panic!("the form should not validate")
        };
        for field in [
            "code",
            "slug",
            "kind",
            "parent_id",
            "name_kk",
            "bin",
            "email",
            "phone",
            "website",
        ] {
            assert!(errors.get(field).is_some(), "no error for {field}");
        }
        assert_eq!(errors.get("bin").map(|m| m.key), Some("body-error-bin"));
    }

    #[test]
    fn slugs_are_lowercase_words_with_a_letter() {
        assert!(is_valid_slug("mf-src"));
        assert!(is_valid_slug("astana-esil"));
        assert!(!is_valid_slug("123"));
        assert!(!is_valid_slug("-mf"));
        assert!(!is_valid_slug("mf--src"));
        assert!(!is_valid_slug("mf_src"));
        assert!(!is_valid_slug("минфин"));
    }

    #[test]
    fn contacts_are_checked() {
        assert!(is_web_address("https://gov.example.kz"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("gov.example.kz"));
        assert!(is_plausible_email("info@gov.example.kz"));
        assert!(!is_plausible_email("info@kz"));
        assert!(is_plausible_phone("+7 (7172) 74-10-01"));
        assert_eq!(tel_href("+7 (7172) 74-10-01"), "tel:+77172741001");
    }

    #[test]
    fn control_characters_are_refused_except_line_breaks_in_descriptions() {
        for (field, value) in [
            ("name_ru", "Мин\u{0}фин"),
            ("head_name_en", "A\tB"),
            ("address_kk", "Астана\n"),
            ("email", "a\u{0}@gov.example.kz"),
            ("phone", "+7 7172\u{0} 71 77 77"),
            ("website", "https://gov.example.kz/\u{0}"),
            ("description_en", "bell\u{7}"),
        ] {
            let mut form = valid_form();
            match field {
                "name_ru" => form.name_ru = value.into(),
                "head_name_en" => form.head_name_en = value.into(),
                "address_kk" => form.address_kk = format!("{value} 8"),
                "email" => form.email = value.into(),
                "phone" => form.phone = value.into(),
                "website" => form.website = value.into(),
                _ => form.description_en = value.into(),
            }
            let Err(errors) = form.validate() else {
                panic!("{field} should not validate")
            };
            assert!(errors.get(field).is_some(), "{field}");
        }
        let multiline = BodyForm {
            description_ru: "Первая строка,\r\nвторая\tстрока.".into(),
            ..valid_form()
        };
        assert!(multiline.validate().is_ok());
    }

    #[test]
    fn too_long_names_are_refused_in_characters_not_bytes() {
        let ok = BodyForm {
            name_kk: "ә".repeat(MAX_NAME),
            ..valid_form()
        };
        assert!(ok.validate().is_ok());
        let long = BodyForm {
            name_kk: "ә".repeat(MAX_NAME + 1),
            ..valid_form()
        };
        assert!(long.validate().is_err());
    }
}
