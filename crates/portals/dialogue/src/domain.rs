//! Appeals without HTTP or SQL: statuses, what may be filed, registration numbers, attachment
//! types sniffed from content.

use opengov_duty::Kind;
use opengov_web::form::FieldErrors;

/// Where an appeal stands in its body's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Registered, nobody assigned yet.
    Registered,
    Assigned,
    InProgress,
    Answered,
    /// The applicant rated the answer, or the matter ended.
    Closed,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Registered,
        Status::Assigned,
        Status::InProgress,
        Status::Answered,
        Status::Closed,
        Status::Withdrawn,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Answered => "answered",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still owed an answer.
    #[must_use]
    pub fn is_open(self) -> bool {
        matches!(self, Self::Registered | Self::Assigned | Self::InProgress)
    }

    /// The catalogue key of the status's name.
    #[must_use]
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Registered => "appeal-status-registered",
            Self::Assigned => "appeal-status-assigned",
            Self::InProgress => "appeal-status-in_progress",
            Self::Answered => "appeal-status-answered",
            Self::Closed => "appeal-status-closed",
            Self::Withdrawn => "appeal-status-withdrawn",
        }
    }
}

/// The kinds a citizen may file (a complaint about an answer is filed from the answer).
pub const FILING_KINDS: [Kind; 5] = [
    Kind::Application,
    Kind::Complaint,
    Kind::Proposal,
    Kind::InformationRequest,
    Kind::Feedback,
];

/// The catalogue key of a kind's name.
#[must_use]
pub fn kind_label_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Application => "appeal-kind-application",
        Kind::Complaint => "appeal-kind-complaint",
        Kind::Proposal => "appeal-kind-proposal",
        Kind::InformationRequest => "appeal-kind-information_request",
        Kind::Feedback => "appeal-kind-feedback",
        Kind::ComplaintAboutAnswer => "appeal-kind-complaint_about_answer",
    }
}

/// The catalogue key of an outcome's name.
#[must_use]
pub fn outcome_label_key(outcome: opengov_duty::Outcome) -> &'static str {
    match outcome {
        opengov_duty::Outcome::Satisfied => "appeal-outcome-satisfied",
        opengov_duty::Outcome::PartlySatisfied => "appeal-outcome-partly_satisfied",
        opengov_duty::Outcome::Refused => "appeal-outcome-refused",
    }
}

/// The registration number: `BODYCODE-YYYY-NNNNNN`.
#[must_use]
pub fn registration_number(body_code: &str, year: i32, seq: i64) -> String {
    format!("{body_code}-{year}-{seq:06}")
}

/// Longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// Longest address, in characters.
pub const ADDRESS_MAX: usize = 300;
/// Longest public summary, in characters.
pub const SUMMARY_MAX: usize = 1000;

/// A filing as typed, before validation.
#[derive(Debug, Clone, Default)]
pub struct FilingForm {
    pub body: String,
    pub kind: String,
    pub category: String,
    pub lang: String,
    pub subject: String,
    pub text: String,
    pub address: String,
    pub lat: String,
    pub lon: String,
    pub public_allowed: bool,
    pub public_summary: String,
}

/// A validated filing.
#[derive(Debug, Clone, PartialEq)]
pub struct Filing {
    pub body_id: i64,
    pub kind: Kind,
    pub category_id: Option<i64>,
    pub lang: opengov_kernel::Lang,
    pub subject: String,
    pub text: String,
    pub address: String,
    pub location: Option<(f64, f64)>,
    pub public_allowed: bool,
    pub public_summary: String,
}

fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

/// Normalises line ends and trims.
#[must_use]
pub fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_owned()
}

fn parse_coordinate(s: &str, max: f64) -> Result<Option<f64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= max => Ok(Some(v)),
        _ => Err(()),
    }
}

/// Checks a filing. `categories` are the ids of the body's active categories; `body_exists`
/// says whether the chosen body is an active body.
pub fn validate(
    form: &FilingForm,
    body_exists: impl Fn(i64) -> bool,
    categories: impl Fn(i64, i64) -> bool,
    text_max: usize,
) -> Result<Filing, FieldErrors> {
    let mut errors = FieldErrors::new();
    let body_id = form
        .body
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| body_exists(*id));
    if body_id.is_none() {
        errors.add("body", "appeal-error-body");
    }
    let kind = Kind::from_code(form.kind.trim()).filter(|k| FILING_KINDS.contains(k));
    if kind.is_none() {
        errors.add("kind", "appeal-error-kind");
    }
    let category_id = match form.category.trim() {
        "" => None,
        c => match (c.parse::<i64>(), body_id) {
            (Ok(id), Some(body)) if categories(body, id) => Some(id),
            _ => {
                errors.add("category", "appeal-error-category");
                None
            }
        },
    };
    let lang = opengov_kernel::Lang::from_code(form.lang.trim());
    if lang.is_none() {
        errors.add("lang", "appeal-error-lang");
    }
    let subject = clean(&form.subject);
    if subject.is_empty() {
        errors.add("subject", "appeal-error-subject-empty");
    } else if subject.chars().count() > SUBJECT_MAX
        || has_control(&subject)
        || subject.contains('\n')
    {
        errors.add(
            "subject",
            opengov_web::Msg::new("appeal-error-subject-long").arg("max", SUBJECT_MAX),
        );
    }
    let text = clean(&form.text);
    if text.chars().count() < 10 {
        errors.add("text", "appeal-error-text-short");
    } else if text.chars().count() > text_max {
        errors.add(
            "text",
            opengov_web::Msg::new("appeal-error-text-long").arg("max", text_max),
        );
    } else if has_control(&text) {
        errors.add("text", "error-control-chars");
    }
    let address = clean(&form.address);
    if address.chars().count() > ADDRESS_MAX || has_control(&address) {
        errors.add(
            "address",
            opengov_web::Msg::new("appeal-error-address").arg("max", ADDRESS_MAX),
        );
    }
    let lat = parse_coordinate(&form.lat, 90.0);
    let lon = parse_coordinate(&form.lon, 180.0);
    let location = match (lat, lon) {
        (Ok(Some(lat)), Ok(Some(lon))) => Some((lat, lon)),
        (Ok(None), Ok(None)) => None,
        (Err(()), _) | (Ok(None), Ok(Some(_))) => {
            errors.add("lat", "appeal-error-location");
            None
        }
        (_, Err(()) | Ok(None)) => {
            errors.add("lon", "appeal-error-location");
            None
        }
    };
    let public_summary = clean(&form.public_summary);
    if public_summary.chars().count() > SUMMARY_MAX || has_control(&public_summary) {
        errors.add(
            "public_summary",
            opengov_web::Msg::new("appeal-error-summary").arg("max", SUMMARY_MAX),
        );
    }
    match (body_id, kind, lang) {
        (Some(body_id), Some(kind), Some(lang)) if errors.is_empty() => Ok(Filing {
            body_id,
            kind,
            category_id,
            lang,
            subject,
            text,
            address,
            location,
            public_allowed: form.public_allowed,
            public_summary,
        }),
        _ => Err(errors),
    }
}

/// Open Document containers name their type in the first stored entry.
const ODF: &[(&[u8], &str)] = &[
    (
        b"mimetypeapplication/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.text",
    ),
    (
        b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        b"mimetypeapplication/vnd.oasis.opendocument.presentation",
        "application/vnd.oasis.opendocument.presentation",
    ),
];

/// The media types accepted as attachments, sniffed from the first bytes (and, for office
/// containers, the file name's extension). `None`: not an accepted type.
#[must_use]
pub fn sniff_attachment(head: &[u8], filename: &str) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if head.starts_with(b"{\\rtf") {
        return Some("application/rtf");
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return match ext.as_str() {
            "doc" => Some("application/msword"),
            "xls" => Some("application/vnd.ms-excel"),
            "ppt" => Some("application/vnd.ms-powerpoint"),
            _ => None,
        };
    }
    if head.starts_with(b"PK\x03\x04") {
        let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if let Some((_, media)) = ODF.iter().find(|(n, _)| contains(n)) {
            return Some(media);
        }
        let ooxml = contains(b"[Content_Types].xml")
            || contains(b"word/")
            || contains(b"xl/")
            || contains(b"ppt/")
            || contains(b"docProps/");
        if ooxml {
            return match ext.as_str() {
                "docx" => {
                    Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                }
                "xlsx" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "pptx" => Some(
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                ),
                _ => None,
            };
        }
    }
    None
}

pub use opengov_web::upload::safe_filename;

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FilingForm {
        FilingForm {
            body: "7".into(),
            kind: "application".into(),
            category: String::new(),
            lang: "kk".into(),
            subject: "Жол жөндеу".into(),
            text: "Біздің көшедегі жолды жөндеуді сұраймын.".into(),
            ..FilingForm::default()
        }
    }

    fn check(f: &FilingForm) -> Result<Filing, FieldErrors> {
        validate(f, |id| id == 7, |body, cat| body == 7 && cat == 3, 10_000)
    }

    #[test]
    fn a_complete_filing_is_accepted_with_its_text_trimmed() {
        let mut f = form();
        f.text = "  Біздің көшедегі жолды жөндеуді сұраймын.\r\n ".into();
        f.category = "3".into();
        f.lat = "51,1694".into();
        f.lon = "71.4491".into();
        let filing = check(&f).expect("valid");
        assert_eq!(filing.text, "Біздің көшедегі жолды жөндеуді сұраймын.");
        assert_eq!(filing.category_id, Some(3));
        assert_eq!(filing.location, Some((51.1694, 71.4491)));
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = FilingForm {
            body: "8".into(),
            kind: "complaint_about_answer".into(),
            category: "4".into(),
            lang: "de".into(),
            subject: String::new(),
            text: "short".into(),
            lat: "91".into(),
            lon: "10".into(),
            ..FilingForm::default()
        };
        let errors = check(&f).expect_err("invalid");
        for field in ["body", "kind", "lang", "subject", "text", "lat"] {
            assert!(errors.get(field).is_some(), "{field} not flagged");
        }
    }

    #[test]
    fn text_over_the_limit_and_half_a_location_are_refused() {
        let mut f = form();
        f.text = "а".repeat(10_001);
        f.lat = "43.2".into();
        let errors = check(&f).expect_err("invalid");
        assert!(errors.get("text").is_some());
        assert!(errors.get("lon").is_some());
        f.text = "а".repeat(10_000);
        f.lat.clear();
        assert!(check(&f).is_ok(), "exactly the limit is allowed");
    }

    #[test]
    fn a_category_of_another_body_is_refused() {
        let mut f = form();
        f.category = "99".into();
        assert!(check(&f).expect_err("invalid").get("category").is_some());
    }

    #[test]
    fn numbers_have_six_digits() {
        assert_eq!(registration_number("MF", 2026, 42), "MF-2026-000042");
    }

    #[test]
    fn attachments_are_typed_by_content_not_by_name() {
        assert_eq!(
            sniff_attachment(b"%PDF-1.7\n", "scan.jpg"),
            Some("application/pdf")
        );
        assert_eq!(
            sniff_attachment(b"\x89PNG\r\n\x1a\n....", "x"),
            Some("image/png")
        );
        assert_eq!(sniff_attachment(b"MZ\x90\x00", "report.pdf"), None);
        assert_eq!(sniff_attachment(b"#!/bin/sh\n", "a.docx"), None);
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(b"\x14\x00\x06\x00[Content_Types].xml");
        assert_eq!(
            sniff_attachment(&docx, "letter.DOCX"),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        assert_eq!(sniff_attachment(&docx, "letter.zip"), None);
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(safe_filename("C:\\Users\\a\\scan.pdf"), "scan.pdf");
        assert_eq!(safe_filename("../../etc/passwd"), "passwd");
        assert_eq!(safe_filename("a\u{0}b\"c.pdf"), "abc.pdf");
        assert_eq!(safe_filename(".."), "file");
    }
}
