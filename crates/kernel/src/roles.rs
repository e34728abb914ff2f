//! Roles. Official roles and council membership are held per government body; moderator and
//! administrator are platform-wide. Every signed-in account is a citizen.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Publishes the body's datasets, drafts, budgets and posts.
    Publisher,
    /// Answers appeals, comments and questions addressed to the body.
    Responder,
    /// Head of the body: extensions, reports, final answers.
    Head,
    /// Sees the queues and overdue items of subordinate bodies.
    Supervisor,
    /// Member of the body's public council.
    CouncilMember,
    Moderator,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Publisher,
        Role::Responder,
        Role::Head,
        Role::Supervisor,
        Role::CouncilMember,
        Role::Moderator,
        Role::Administrator,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Publisher => "publisher",
            Self::Responder => "responder",
            Self::Head => "head",
            Self::Supervisor => "supervisor",
            Self::CouncilMember => "council_member",
            Self::Moderator => "moderator",
            Self::Administrator => "administrator",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether the role is held for a particular body (true) or platform-wide (false).
    #[must_use]
    pub fn is_per_body(self) -> bool {
        !matches!(self, Self::Moderator | Self::Administrator)
    }

    /// The catalogue key of the role's name.
    #[must_use]
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Publisher => "role-publisher",
            Self::Responder => "role-responder",
            Self::Head => "role-head",
            Self::Supervisor => "role-supervisor",
            Self::CouncilMember => "role-council-member",
            Self::Moderator => "role-moderator",
            Self::Administrator => "role-administrator",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_code(s).ok_or_else(|| {
            format!(
                "unknown role {s:?}; expected one of {}",
                Self::ALL.map(Role::code).join(", ")
            )
        })
    }
}
