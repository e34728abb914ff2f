//! The legal numbers of the duty to answer, with the defaults of Kazakhstan's Administrative
//! Procedure Code; every one can be changed in configuration.

use opengov_kernel::Period;
use serde::Deserialize;

/// What kind of thing must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Application,
    Complaint,
    Proposal,
    InformationRequest,
    Feedback,
    /// A complaint against an answer, decided by the superior body.
    ComplaintAboutAnswer,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Application,
        Kind::Complaint,
        Kind::Proposal,
        Kind::InformationRequest,
        Kind::Feedback,
        Kind::ComplaintAboutAnswer,
    ];

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Complaint => "complaint",
            Self::Proposal => "proposal",
            Self::InformationRequest => "information_request",
            Self::Feedback => "feedback",
            Self::ComplaintAboutAnswer => "complaint_about_answer",
        }
    }
}

/// The periods of the duty to answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Answer to an appeal (application, complaint, proposal, feedback).
    pub answer: Period,
    /// Answer to a request for information.
    pub information_request: Period,
    /// Decision of the superior body on a complaint against an answer.
    pub complaint_about_answer: Period,
    /// Forwarding an appeal outside the body's competence.
    pub redirect_within: Period,
    /// Telling the applicant that the appeal was forwarded.
    pub redirect_notice: Period,
    /// The most all extensions together may add, counted from the original due date.
    pub extension_cap: Period,
    /// Telling the applicant about an extension.
    pub extension_notice: Period,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            answer: Period::WorkingDays(15),
            information_request: Period::CalendarDays(15),
            complaint_about_answer: Period::WorkingDays(20),
            redirect_within: Period::WorkingDays(3),
            redirect_notice: Period::WorkingDays(3),
            extension_cap: Period::Months(2),
            extension_notice: Period::WorkingDays(3),
        }
    }
}

impl Rules {
    /// The period to answer a thing of this kind.
    #[must_use]
    pub fn period_for(&self, kind: Kind) -> Period {
        match kind {
            Kind::InformationRequest => self.information_request,
            Kind::ComplaintAboutAnswer => self.complaint_about_answer,
            Kind::Application | Kind::Complaint | Kind::Proposal | Kind::Feedback => self.answer,
        }
    }
}
