//! Who may read and act on an appeal. A private appeal is readable only by the applicant, the
//! responders and the head of the body that owes the answer, and supervisors of that body or of
//! a body above it; everyone else is told it does not exist (404).

use opengov_kernel::Role;
use opengov_web::auth::CurrentUser;

use crate::store::Appeal;

/// What the caller is to one appeal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent standings: one person may be applicant and official at once"
)]
pub struct Access {
    pub applicant: bool,
    pub responder: bool,
    pub head: bool,
    pub supervisor: bool,
}

impl Access {
    /// Works out the caller's standing; `ancestors` are the bodies above the appeal's body.
    #[must_use]
    pub fn of(user: Option<&CurrentUser>, appeal: &Appeal, ancestors: &[i64]) -> Self {
        let Some(user) = user else {
            return Self::default();
        };
        let body = appeal.body_id;
        Self {
            applicant: user.id == appeal.applicant_id,
            responder: user.has_in_body(Role::Responder, body),
            head: user.has_in_body(Role::Head, body),
            supervisor: user.has_in_body(Role::Supervisor, body)
                || ancestors
                    .iter()
                    .any(|b| user.has_in_body(Role::Supervisor, *b)),
        }
    }

    /// May see the appeal, its timeline and attachments.
    #[must_use]
    pub fn can_read(self) -> bool {
        self.applicant || self.responder || self.head || self.supervisor
    }

    /// Works on it for the body: assign, answer, redirect, notes.
    #[must_use]
    pub fn can_work(self) -> bool {
        self.responder || self.head
    }

    /// Sees internal notes.
    #[must_use]
    pub fn sees_internal(self) -> bool {
        self.responder || self.head || self.supervisor
    }
}
