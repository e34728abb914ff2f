//! Datasets without HTTP or SQL: states, the metadata form and its validation.

use chrono::NaiveDate;
use opengov_kernel::LocalizedText;
use opengov_web::Msg;
use opengov_web::form::FieldErrors;

use crate::vocab;

/// Where a dataset stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Being prepared: seen only inside the body.
    Draft,
    Published,
    /// No longer maintained: still shown, as withdrawn, with the reason.
    Withdrawn,
}

impl State {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Withdrawn => "withdrawn",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Draft, Self::Published, Self::Withdrawn]
            .into_iter()
            .find(|s| s.code() == code)
    }

    #[must_use]
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Draft => "dataset-state-draft",
            Self::Published => "dataset-state-published",
            Self::Withdrawn => "dataset-state-withdrawn",
        }
    }
}

/// The metadata form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DatasetForm {
    pub name: String,
    pub body: String,
    pub title_kk: String,
    pub title_ru: String,
    pub title_en: String,
    pub description_kk: String,
    pub description_ru: String,
    pub description_en: String,
    /// EU data-theme codes, separated by spaces or commas (a form sends one field per
    /// checkbox; they are joined before validation).
    pub themes: String,
    /// One keyword per line or separated by commas.
    pub keywords: String,
    pub licence: String,
    pub frequency: String,
    pub temporal_start: String,
    pub temporal_end: String,
    pub spatial: String,
    pub contact_name: String,
    pub contact_email: String,
    pub private: String,
}

/// Validated metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetInput {
    pub name: String,
    pub body_id: i64,
    pub title: LocalizedText,
    pub description: LocalizedText,
    pub themes: Vec<&'static str>,
    pub keywords: Vec<String>,
    pub licence: &'static str,
    pub frequency: &'static str,
    pub temporal: (Option<NaiveDate>, Option<NaiveDate>),
    pub spatial: String,
    pub contact_name: String,
    pub contact_email: String,
    pub private: bool,
}

/// Longest title, in characters.
pub const TITLE_MAX: usize = 300;
/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 20_000;
/// Most keywords.
pub const KEYWORDS_MAX: usize = 30;

fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_owned()
}

/// A dataset's URL name: 2 to 100 of `a-z`, `0-9`, `-` and `_`, as CKAN's `name`.
#[must_use]
pub fn valid_name(name: &str) -> bool {
    (2..=100).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Checks the form; `body_ok` says whether the caller may publish for that body.
pub fn validate(
    form: &DatasetForm,
    body_ok: impl Fn(i64) -> bool,
) -> Result<DatasetInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = form.name.trim().to_ascii_lowercase();
    if !valid_name(&name) {
        errors.add("name", "dataset-error-name");
    }
    let body_id = form.body.trim().parse::<i64>().ok().filter(|b| body_ok(*b));
    if body_id.is_none() {
        errors.add("body", "dataset-error-body");
    }
    let title = LocalizedText::new(
        clean(&form.title_kk),
        clean(&form.title_ru),
        clean(&form.title_en),
    );
    for (field, text) in [
        ("title_kk", &title.kk),
        ("title_ru", &title.ru),
        ("title_en", &title.en),
    ] {
        if text.is_empty() {
            errors.add(field, "dataset-error-title-empty");
        } else if text.chars().count() > TITLE_MAX || text.contains('\n') || has_control(text) {
            errors.add(
                field,
                Msg::new("dataset-error-title-long").arg("max", TITLE_MAX),
            );
        }
    }
    let description = LocalizedText::new(
        clean(&form.description_kk),
        clean(&form.description_ru),
        clean(&form.description_en),
    );
    for (field, text) in [
        ("description_kk", &description.kk),
        ("description_ru", &description.ru),
        ("description_en", &description.en),
    ] {
        if text.chars().count() > DESCRIPTION_MAX || has_control(text) {
            errors.add(
                field,
                Msg::new("dataset-error-description").arg("max", DESCRIPTION_MAX),
            );
        }
    }
    let mut themes: Vec<&'static str> = Vec::new();
    for code in form
        .themes
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match vocab::theme(&code.to_ascii_uppercase()) {
            Some(t) if !themes.contains(&t.code) => themes.push(t.code),
            Some(_) => {}
            None => errors.add("themes", "dataset-error-theme"),
        }
    }
    let mut keywords: Vec<String> = Vec::new();
    for k in form
        .keywords
        .split([',', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        if k.chars().count() > 100 || has_control(k) {
            errors.add("keywords", "dataset-error-keywords");
            break;
        }
        if !keywords
            .iter()
            .any(|e| e.to_lowercase() == k.to_lowercase())
        {
            keywords.push(k.to_owned());
        }
    }
    if keywords.len() > KEYWORDS_MAX {
        errors.add("keywords", "dataset-error-keywords");
    }
    let licence = vocab::licence(form.licence.trim()).map(|l| l.id);
    if licence.is_none() {
        errors.add("licence", "dataset-error-licence");
    }
    let frequency = vocab::frequency(form.frequency.trim()).map(|f| f.code);
    if frequency.is_none() {
        errors.add("frequency", "dataset-error-frequency");
    }
    let date = |s: &str, field: &'static str, errors: &mut FieldErrors| match s.trim() {
        "" => None,
        t => {
            let parsed = NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.add(field, "dataset-error-date");
            }
            parsed
        }
    };
    let start = date(&form.temporal_start, "temporal_start", &mut errors);
    let end = date(&form.temporal_end, "temporal_end", &mut errors);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.add("temporal_end", "dataset-error-temporal-order");
    }
    let spatial = clean(&form.spatial);
    if spatial.chars().count() > 300 || has_control(&spatial) {
        errors.add("spatial", "dataset-error-spatial");
    }
    let contact_name = clean(&form.contact_name);
    if contact_name.chars().count() > 200 || has_control(&contact_name) {
        errors.add("contact_name", "dataset-error-contact-name");
    }
    let contact_email = form.contact_email.trim().to_owned();
    if !contact_email.is_empty()
        && (contact_email.len() > 254
            || !contact_email.contains('@')
            || contact_email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control()))
    {
        errors.add("contact_email", "dataset-error-contact-email");
    }
    match (body_id, licence, frequency) {
        (Some(body_id), Some(licence), Some(frequency)) if errors.is_empty() => Ok(DatasetInput {
            name,
            body_id,
            title,
            description,
            themes,
            keywords,
            licence,
            frequency,
            temporal: (start, end),
            spatial,
            contact_name,
            contact_email,
            private: matches!(form.private.as_str(), "on" | "true" | "1"),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> DatasetForm {
        DatasetForm {
            name: "schools-2026".into(),
            body: "3".into(),
            title_kk: "Мектептер".into(),
            title_ru: "Школы".into(),
            title_en: "Schools".into(),
            themes: "EDUC, soci".into(),
            keywords: "мектеп\nшкола, school, School".into(),
            licence: "CC-BY-4.0".into(),
            frequency: "ANNUAL".into(),
            temporal_start: "2025-09-01".into(),
            temporal_end: "2026-05-31".into(),
            ..DatasetForm::default()
        }
    }

    #[test]
    fn a_complete_form_is_accepted_with_vocabulary_codes_normalised() {
        let d = validate(&form(), |b| b == 3).expect("valid");
        assert_eq!(d.themes, ["EDUC", "SOCI"]);
        assert_eq!(
            d.keywords,
            ["мектеп", "школа", "school"],
            "duplicates dropped"
        );
        assert_eq!(d.licence, "CC-BY-4.0");
        assert!(!d.private);
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = DatasetForm {
            name: "Bad Name!".into(),
            body: "4".into(),
            title_ru: "x".repeat(301),
            themes: "MOON".into(),
            licence: "proprietary".into(),
            frequency: "HOURLY".into(),
            temporal_start: "2026-02-30".into(),
            contact_email: "not an email".into(),
            ..DatasetForm::default()
        };
        let errors = validate(&f, |b| b == 3).expect_err("invalid");
        for field in [
            "name",
            "body",
            "title_kk",
            "title_ru",
            "title_en",
            "themes",
            "licence",
            "frequency",
            "temporal_start",
            "contact_email",
        ] {
            assert!(errors.get(field).is_some(), "{field} not flagged");
        }
    }

    #[test]
    fn coverage_must_not_end_before_it_starts() {
        let mut f = form();
        f.temporal_end = "2025-01-01".into();
        let errors = validate(&f, |_| true).expect_err("invalid");
        assert!(errors.get("temporal_end").is_some());
    }
}
