//! An obligation to answer and its life.

use chrono::{DateTime, NaiveDate, Utc};
use opengov_kernel::WorkCalendar;
use serde::Serialize;

use crate::rules::{Kind, Rules};

/// How an answer decided the matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Satisfied,
    PartlySatisfied,
    Refused,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [
        Outcome::Satisfied,
        Outcome::PartlySatisfied,
        Outcome::Refused,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::PartlySatisfied => "partly_satisfied",
            Self::Refused => "refused",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Where an obligation stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum State {
    Open,
    Answered {
        at: DateTime<Utc>,
        outcome: Outcome,
    },
    /// Forwarded to the competent body, which now owes the answer.
    Redirected {
        at: DateTime<Utc>,
        to_body: i64,
    },
    Withdrawn {
        at: DateTime<Utc>,
    },
}

/// One extension: the head's reasoned decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub decided_at: DateTime<Utc>,
    pub by_user: i64,
    pub reason: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// The applicant must be told by the end of this day.
    pub notify_by: NaiveDate,
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DutyError {
    #[error("the obligation is no longer open")]
    NotOpen,
    #[error("an extension needs a reasoned decision")]
    NoReason,
    #[error("an extension must move the due date later, past {current}")]
    NotLater { current: NaiveDate },
    #[error("extensions may not go past {cap}")]
    OverCap { cap: NaiveDate },
    #[error("an appeal cannot be forwarded to the body that holds it")]
    SameBody,
    #[error("the answer time is before the obligation was received")]
    BeforeReceipt,
}

impl DutyError {
    /// The catalogue key that explains the refusal to a person.
    #[must_use]
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::NotOpen => "duty-error-not-open",
            Self::NoReason => "duty-error-no-reason",
            Self::NotLater { .. } => "duty-error-not-later",
            Self::OverCap { .. } => "duty-error-over-cap",
            Self::SameBody => "duty-error-same-body",
            Self::BeforeReceipt => "duty-error-before-receipt",
        }
    }
}

/// A duty of a body to answer something by a legal deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Obligation {
    pub owner_body: i64,
    pub kind: Kind,
    pub received_at: DateTime<Utc>,
    /// The working day it counts from (the day received, or the next working day).
    pub registered_on: NaiveDate,
    /// The due date the law gave before any extension.
    pub original_due_on: NaiveDate,
    /// The due date now (after extensions).
    pub due_on: NaiveDate,
    pub extensions: Vec<Extension>,
    pub state: State,
    /// The last day to forward it to the competent body, if it is not this body's to answer.
    pub redirect_by: NaiveDate,
}

/// What the evaluation portal counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// `Some(true)` answered by the due date, `Some(false)` answered late, `None` not answered.
    pub answered_on_time: Option<bool>,
    /// Working days from registration to the answer.
    pub working_days_to_answer: Option<i64>,
    /// Open and past its due date now.
    pub overdue: bool,
    /// Working days past the due date (0 when not overdue or answered on time).
    pub working_days_late: i64,
}

impl Obligation {
    /// Registers something received at `received_at` that `owner_body` must answer.
    #[must_use]
    pub fn register(
        calendar: &WorkCalendar,
        rules: &Rules,
        owner_body: i64,
        kind: Kind,
        received_at: DateTime<Utc>,
    ) -> Self {
        let registered_on = calendar.registration_date(received_at);
        let due_on = calendar.period_end(registered_on, crate::rules::period_for(rules, kind));
        Self {
            owner_body,
            kind,
            received_at,
            registered_on,
            original_due_on: due_on,
            due_on,
            extensions: Vec::new(),
            state: State::Open,
            redirect_by: calendar.period_end(registered_on, rules.redirect_within),
        }
    }

    /// The last instant of the due date, in UTC.
    #[must_use]
    pub fn due_at(&self, calendar: &WorkCalendar) -> DateTime<Utc> {
        calendar.end_of_day(self.due_on)
    }

    #[must_use]
    pub fn is_open(&self) -> bool {
        self.state == State::Open
    }

    /// Open and past its due date at `now`.
    #[must_use]
    pub fn is_overdue(&self, calendar: &WorkCalendar, now: DateTime<Utc>) -> bool {
        self.is_open() && now > self.due_at(calendar)
    }

    /// The latest date extensions may reach.
    #[must_use]
    pub fn extension_cap(&self, calendar: &WorkCalendar, rules: &Rules) -> NaiveDate {
        calendar.period_end(self.original_due_on, rules.extension_cap)
    }

    /// Extends the due date by the head's reasoned decision; returns the day by which the
    /// applicant must be told.
    pub fn extend(
        &mut self,
        calendar: &WorkCalendar,
        rules: &Rules,
        now: DateTime<Utc>,
        by_user: i64,
        until: NaiveDate,
        reason: &str,
    ) -> Result<NaiveDate, DutyError> {
        if !self.is_open() {
            return Err(DutyError::NotOpen);
        }
        if reason.trim().is_empty() {
            return Err(DutyError::NoReason);
        }
        if until <= self.due_on {
            return Err(DutyError::NotLater {
                current: self.due_on,
            });
        }
        let cap = self.extension_cap(calendar, rules);
        if until > cap {
            return Err(DutyError::OverCap { cap });
        }
        let notify_by = calendar.period_end(calendar.local_date(now), rules.extension_notice);
        self.extensions.push(Extension {
            decided_at: now,
            by_user,
            reason: reason.trim().to_owned(),
            from: self.due_on,
            until,
            notify_by,
        });
        self.due_on = until;
        Ok(notify_by)
    }

    /// Forwards it to the competent body: this obligation ends as redirected, and the returned
    /// one, with its own deadline counted from the day of forwarding, belongs to `to_body`.
    /// Also returns the day by which the applicant must be told, and whether the forwarding
    /// itself was on time.
    pub fn redirect(
        &mut self,
        calendar: &WorkCalendar,
        rules: &Rules,
        now: DateTime<Utc>,
        to_body: i64,
    ) -> Result<(Obligation, NaiveDate, bool), DutyError> {
        if !self.is_open() {
            return Err(DutyError::NotOpen);
        }
        if to_body == self.owner_body {
            return Err(DutyError::SameBody);
        }
        let on_time = calendar.local_date(now) <= self.redirect_by;
        self.state = State::Redirected { at: now, to_body };
        let forwarded = Obligation::register(calendar, rules, to_body, self.kind, now);
        let notify_by = calendar.period_end(calendar.local_date(now), rules.redirect_notice);
        Ok((forwarded, notify_by, on_time))
    }

    /// Records the answer.
    pub fn answer(&mut self, now: DateTime<Utc>, outcome: Outcome) -> Result<(), DutyError> {
        if !self.is_open() {
            return Err(DutyError::NotOpen);
        }
        if now < self.received_at {
            return Err(DutyError::BeforeReceipt);
        }
        self.state = State::Answered { at: now, outcome };
        Ok(())
    }

    /// The applicant withdraws it.
    pub fn withdraw(&mut self, now: DateTime<Utc>) -> Result<(), DutyError> {
        if !self.is_open() {
            return Err(DutyError::NotOpen);
        }
        self.state = State::Withdrawn { at: now };
        Ok(())
    }

    /// The facts at `now`.
    #[must_use]
    pub fn facts(&self, calendar: &WorkCalendar, now: DateTime<Utc>) -> Facts {
        match &self.state {
            State::Answered { at, .. } => {
                let answered_on = calendar.local_date(*at);
                let late = answered_on > self.due_on;
                Facts {
                    answered_on_time: Some(!late),
                    working_days_to_answer: Some(
                        calendar.working_days_between(self.registered_on, answered_on),
                    ),
                    overdue: false,
                    working_days_late: if late {
                        calendar.working_days_between(self.due_on, answered_on)
                    } else {
                        0
                    },
                }
            }
            State::Open => {
                let overdue = self.is_overdue(calendar, now);
                Facts {
                    answered_on_time: None,
                    working_days_to_answer: None,
                    overdue,
                    working_days_late: if overdue {
                        calendar.working_days_between(self.due_on, calendar.local_date(now))
                    } else {
                        0
                    },
                }
            }
            State::Redirected { .. } | State::Withdrawn { .. } => Facts {
                answered_on_time: None,
                working_days_to_answer: None,
                overdue: false,
                working_days_late: 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn cal() -> WorkCalendar {
        WorkCalendar::builtin("KZ").unwrap_or_else(|e| panic!("{e}"))
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.to_utc())
            .unwrap_or_default()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn an_appeal_filed_on_sunday_is_due_fifteen_working_days_after_monday() {
        let (cal, rules) = (cal(), Rules::default());
        let o = Obligation::register(
            &cal,
            &rules,
            7,
            Kind::Application,
            at("2026-03-01T10:00:00Z"),
        );
        assert_eq!(o.registered_on, d("2026-03-02"));
        // 3-6 (4), 9 March day off, 10-13 (8), 16-20 (13), Nauryz 21-25, 26-27 (15).
        assert_eq!(o.due_on, d("2026-03-27"));
        assert_eq!(o.redirect_by, d("2026-03-05"));
        assert_eq!(
            o.due_at(&cal).to_rfc3339(),
            "2026-03-27T18:59:59.999999+00:00"
        );
    }

    #[test]
    fn a_request_for_information_counts_calendar_days() {
        let (cal, rules) = (cal(), Rules::default());
        let o = Obligation::register(
            &cal,
            &rules,
            7,
            Kind::InformationRequest,
            at("2026-03-02T04:00:00Z"),
        );
        assert_eq!(o.due_on, d("2026-03-17"));
    }

    #[test]
    fn the_clock_passing_the_due_date_makes_it_overdue() {
        let (cal, rules) = (cal(), Rules::default());
        let o = Obligation::register(&cal, &rules, 7, Kind::Complaint, at("2026-03-02T04:00:00Z"));
        let due = o.due_at(&cal);
        assert!(!o.is_overdue(&cal, due));
        assert!(o.is_overdue(&cal, due + Duration::microseconds(1)));
        let facts = o.facts(&cal, at("2026-04-01T06:00:00Z"));
        assert!(facts.overdue);
        assert_eq!(facts.working_days_late, 3, "30, 31 March and 1 April");
    }

    #[test]
    fn answers_on_time_and_late_are_counted() {
        let (cal, rules) = (cal(), Rules::default());
        let mut on_time = Obligation::register(
            &cal,
            &rules,
            7,
            Kind::Application,
            at("2026-03-02T04:00:00Z"),
        );
        on_time
            .answer(at("2026-03-13T09:00:00Z"), Outcome::Satisfied)
            .unwrap_or_else(|e| panic!("{e}"));
        let f = on_time.facts(&cal, at("2026-06-01T00:00:00Z"));
        assert_eq!(f.answered_on_time, Some(true));
        assert_eq!(f.working_days_to_answer, Some(8), "3-6, 10-13 March");
        let mut late = Obligation::register(
            &cal,
            &rules,
            7,
            Kind::Application,
            at("2026-03-02T04:00:00Z"),
        );
        late.answer(at("2026-03-31T09:00:00Z"), Outcome::Refused)
            .unwrap_or_else(|e| panic!("{e}"));
        let f = late.facts(&cal, at("2026-06-01T00:00:00Z"));
        assert_eq!(f.answered_on_time, Some(false));
        assert_eq!(f.working_days_late, 2);
        assert!(!f.overdue, "answered, even if late, is no longer overdue");
    }

    #[test]
    fn extensions_need_a_reason_move_later_and_stay_within_two_months() {
        let (cal, rules) = (cal(), Rules::default());
        let mut o = Obligation::register(
            &cal,
            &rules,
            7,
            Kind::Application,
            at("2026-03-02T04:00:00Z"),
        );
        let now = at("2026-03-20T05:00:00Z");
        assert_eq!(
            o.extend(&cal, &rules, now, 99, d("2026-04-10"), "  "),
            Err(DutyError::NoReason)
        );
        assert_eq!(
            o.extend(
                &cal,
                &rules,
                now,
                99,
                d("2026-03-20"),
                "expert opinion needed"
            ),
            Err(DutyError::NotLater {
                current: d("2026-03-27")
            })
        );
        // Two months from 27 March is 27 May, Kurban Ait: the cap moves to 28 May.
        assert_eq!(o.extension_cap(&cal, &rules), d("2026-05-28"));
        assert_eq!(
            o.extend(
                &cal,
                &rules,
                now,
                99,
                d("2026-05-29"),
                "expert opinion needed"
            ),
            Err(DutyError::OverCap {
                cap: d("2026-05-28")
            })
        );
        let notify_by = o.extend(
            &cal,
            &rules,
            now,
            99,
            d("2026-04-24"),
            "expert opinion needed",
        );
        // Decided Friday 20 March: Nauryz until the 25th, then 26, 27, 30 March.
        assert_eq!(notify_by, Ok(d("2026-03-30")));
        assert_eq!(o.due_on, d("2026-04-24"));
        // A second extension still counts from the original due date.
        assert!(
            o.extend(&cal, &rules, now, 99, d("2026-05-28"), "second opinion")
                .is_ok()
        );
        assert_eq!(
            o.extend(&cal, &rules, now, 99, d("2026-05-29"), "more"),
            Err(DutyError::OverCap {
                cap: d("2026-05-28")
            })
        );
        assert_eq!(o.extensions.len(), 2);
        assert_eq!(o.original_due_on, d("2026-03-27"));
    }

    #[test]
    fn a_redirect_gives_the_competent_body_its_own_deadline() {
        let (cal, rules) = (cal(), Rules::default());
        let mut o = Obligation::register(
            &cal,
            &rules,
            7,
            Kind::Application,
            at("2026-03-02T04:00:00Z"),
        );
        assert_eq!(
            o.redirect(&cal, &rules, at("2026-03-04T04:00:00Z"), 7),
            Err(DutyError::SameBody)
        );
        let (forwarded, notify_by, on_time) = o
            .redirect(&cal, &rules, at("2026-03-04T04:00:00Z"), 12)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(on_time, "forwarded within 3 working days");
        assert_eq!(
            notify_by,
            d("2026-03-10"),
            "5, 6, then 10 March (9 March is a day off)"
        );
        assert_eq!(forwarded.owner_body, 12);
        assert_eq!(forwarded.registered_on, d("2026-03-04"));
        // 5, 6, 10-13 (6), 16-20 (11), Nauryz 21-25, 26, 27, 30, 31 (15).
        assert_eq!(forwarded.due_on, d("2026-03-31"));
        assert_eq!(
            o.state,
            State::Redirected {
                at: at("2026-03-04T04:00:00Z"),
                to_body: 12
            }
        );
        assert_eq!(
            o.answer(at("2026-03-05T04:00:00Z"), Outcome::Satisfied),
            Err(DutyError::NotOpen)
        );
        let mut late = Obligation::register(
            &cal,
            &rules,
            7,
            Kind::Application,
            at("2026-03-02T04:00:00Z"),
        );
        let (_, _, on_time) = late
            .redirect(&cal, &rules, at("2026-03-12T04:00:00Z"), 12)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!on_time, "forwarding after 3 working days is itself late");
    }

    #[test]
    fn a_withdrawn_or_answered_obligation_refuses_further_steps() {
        let (cal, rules) = (cal(), Rules::default());
        let mut o =
            Obligation::register(&cal, &rules, 7, Kind::Proposal, at("2026-03-02T04:00:00Z"));
        assert_eq!(
            o.answer(at("2026-03-01T04:00:00Z"), Outcome::Satisfied),
            Err(DutyError::BeforeReceipt)
        );
        o.withdraw(at("2026-03-03T04:00:00Z"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            o.withdraw(at("2026-03-03T05:00:00Z")),
            Err(DutyError::NotOpen)
        );
        assert_eq!(
            o.extend(
                &cal,
                &rules,
                at("2026-03-03T05:00:00Z"),
                1,
                d("2026-04-10"),
                "x"
            ),
            Err(DutyError::NotOpen)
        );
        assert!(
            !o.facts(&cal, at("2026-12-01T00:00:00Z")).overdue,
            "withdrawn is never overdue"
        );
    }

    #[test]
    fn a_complaint_about_an_answer_has_twenty_working_days() {
        let (cal, rules) = (cal(), Rules::default());
        let o = Obligation::register(
            &cal,
            &rules,
            1,
            Kind::ComplaintAboutAnswer,
            at("2026-12-21T04:00:00Z"),
        );
        // Across the new year: 22-25, 28-31 (8), 5-6 (10), 8 (11), 11-15 (16), 18-21 (20).
        assert_eq!(o.due_on, d("2027-01-21"));
    }
}
