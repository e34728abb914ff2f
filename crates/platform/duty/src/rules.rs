//! What must be answered, and in which period. The legal numbers themselves are
//! [`opengov_kernel::DutyRules`] in the configuration (`[duty]` in `opengov.toml`), with the
//! defaults of Kazakhstan's Administrative Procedure Code.

pub use opengov_kernel::DutyRules as Rules;
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

/// The period to answer a thing of this kind under `rules`.
#[must_use]
pub fn period_for(rules: &Rules, kind: Kind) -> Period {
    match kind {
        Kind::InformationRequest => rules.information_request,
        Kind::ComplaintAboutAnswer => rules.complaint_about_answer,
        Kind::Application | Kind::Complaint | Kind::Proposal | Kind::Feedback => rules.answer,
    }
}
