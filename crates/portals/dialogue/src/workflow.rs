//! Every step of an appeal's life, each in one transaction: the appeal row, the obligation that
//! carries the deadline, the timeline entry, the audit entry and the notification to the
//! applicant (email and in the site, in the language of the appeal) commit together or not at
//! all.

use chrono::{Datelike, NaiveDate};
use opengov_audit::{Actor, Event};
use opengov_duty::{DutyError, Kind, Obligation, Outcome};
use opengov_kernel::{DbError, Lang, Ts, Tx};
use opengov_web::auth::CurrentUser;
use opengov_web::{AppError, AppState, Msg};
use serde_json::json;

use crate::access::Access;
use crate::domain::{Filing, Status, registration_number};
use crate::store::{self, Appeal, Visibility};

/// Why a step was refused.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// No such appeal, or the caller may not see it.
    #[error("not found")]
    NotFound,
    /// The caller sees the appeal but may not take this step.
    #[error("forbidden")]
    Forbidden,
    /// The step does not fit where the appeal stands.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Duty(#[from] DutyError),
    /// A field to fix.
    #[error("invalid {0}")]
    Invalid(&'static str, Msg),
    /// The account filed as many appeals today as allowed.
    #[error("daily limit of {0} reached")]
    DailyLimit(u32),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<WorkflowError> for AppError {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::NotFound => AppError::NotFound,
            WorkflowError::Forbidden => AppError::forbidden(),
            WorkflowError::Conflict(key) => AppError::Conflict(Msg::new(key)),
            WorkflowError::Duty(d) => AppError::Conflict(Msg::new(d.message_key())),
            WorkflowError::Invalid(_, msg) => AppError::Unprocessable(msg),
            WorkflowError::DailyLimit(_) => AppError::TooManyRequests {
                retry_after_secs: 3600,
            },
            WorkflowError::Db(e) => AppError::from(e),
            WorkflowError::App(e) => e,
        }
    }
}

type Result<T> = std::result::Result<T, WorkflowError>;

/// What the applicant keeps: the receipt.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub id: i64,
    pub number: String,
    pub received_at: Ts,
    pub registered_on: NaiveDate,
    pub due_on: NaiveDate,
}

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn calendar(
    state: &AppState,
) -> Result<std::sync::Arc<opengov_duty::calendar::CalendarInForce>> {
    Ok(opengov_duty::calendar::current(state).await?)
}

fn actor(user: &CurrentUser, official: bool) -> Actor {
    if official {
        Actor::official(user.id, &user.display_name)
    } else {
        Actor::account(user.id)
    }
}

/// What one step leaves behind besides its own changes: the timeline entry and the audit entry
/// (without personal data: the public log names the appeal's number and the step).
struct Step<'a> {
    kind: &'static str,
    visibility: Visibility,
    note: &'a str,
    data: serde_json::Value,
    action: &'static str,
    audit: serde_json::Value,
    /// Taken by an official of the body (named in the log) or by the applicant (not named).
    official: bool,
}

impl Step<'_> {
    async fn record(self, tx: &mut Tx, now: Ts, user: &CurrentUser, appeal: &Appeal) -> Result<()> {
        store::add_event(
            tx,
            appeal.id,
            now,
            Some(user.id),
            appeal.body_id,
            self.kind,
            self.visibility,
            self.note,
            &self.data,
        )
        .await?;
        opengov_audit::append(
            tx,
            now,
            &actor(user, self.official),
            Event::new(self.action, "appeal", &appeal.number)
                .body(Some(appeal.body_id))
                .data(self.audit),
        )
        .await?;
        Ok(())
    }
}

/// What the applicant is told about; each has `mail-appeal-<key>-subject` and `-body` in the
/// catalogue (a test checks every one in every language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Filed,
    Assigned,
    InProgress,
    Answered,
    Redirected,
    Extended,
    Withdrawn,
    SummaryHidden,
    SummaryShown,
}

impl Notice {
    pub const ALL: [Notice; 9] = [
        Notice::Filed,
        Notice::Assigned,
        Notice::InProgress,
        Notice::Answered,
        Notice::Redirected,
        Notice::Extended,
        Notice::Withdrawn,
        Notice::SummaryHidden,
        Notice::SummaryShown,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Filed => "filed",
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Answered => "answered",
            Self::Redirected => "redirected",
            Self::Extended => "extended",
            Self::Withdrawn => "withdrawn",
            Self::SummaryHidden => "summary_hidden",
            Self::SummaryShown => "summary_shown",
        }
    }
}

/// Tells the applicant about a step: an email in the appeal's language and a notice in the
/// site.
async fn tell(
    tx: &mut Tx,
    state: &AppState,
    appeal: &Appeal,
    notice: Notice,
    args: &[(&str, &str)],
) -> Result<()> {
    let key = notice.key();
    let Some(person) = store::person(tx, appeal.applicant_id).await? else {
        return Ok(());
    };
    let lang = Lang::from_code(&appeal.lang).unwrap_or(state.config.default_lang);
    let link = format!(
        "{}/appeals/{}",
        state.config.public_url.trim_end_matches('/'),
        appeal.number
    );
    let mut all: Vec<(&str, &str)> = vec![
        ("number", appeal.number.as_str()),
        ("name", person.display_name.as_str()),
        ("link", link.as_str()),
    ];
    all.extend_from_slice(args);
    let subject = state
        .catalog
        .t_args(lang, &format!("mail-appeal-{key}-subject"), &all);
    let body = state
        .catalog
        .t_args(lang, &format!("mail-appeal-{key}-body"), &all);
    let now = state.now();
    opengov_notify::outbox::queue(
        tx,
        state,
        &opengov_notify::Email {
            user_id: Some(person.id),
            to: person.email.clone(),
            subject: subject.clone(),
            body: body.clone(),
        },
    )
    .await?;
    opengov_notify::in_site(
        tx,
        now,
        person.id,
        &subject,
        &body,
        &format!("/appeals/{}", appeal.number),
    )
    .await?;
    Ok(())
}

/// Registers a new appeal (or a complaint about an answer, with `parent`) and returns the
/// receipt. The applicant's uploaded files `attachments` are attached in the same transaction.
pub async fn file(
    state: &AppState,
    user: &CurrentUser,
    filing: &Filing,
    attachments: &[i64],
) -> Result<Receipt> {
    file_inner(state, user, filing, attachments, None).await
}

async fn file_inner(
    state: &AppState,
    user: &CurrentUser,
    filing: &Filing,
    attachments: &[i64],
    parent: Option<(&Appeal, Kind)>,
) -> Result<Receipt> {
    let cal = calendar(state).await?;
    let cal = &cal.calendar;
    let directory = opengov_bodies::directory::get(state).await?;
    let body =
        directory
            .by_id(filing.body_id)
            .filter(|b| b.active)
            .ok_or(WorkflowError::Invalid(
                "body",
                Msg::new("appeal-error-body"),
            ))?;
    let now = state.now();
    let kind = parent.map_or(filing.kind, |(_, k)| k);
    let obligation = Obligation::register(cal, &state.config.duty, body.id, kind, now.0);
    let local_today = cal.local_date(now.0);
    let mut tx = state.db.begin().await?;
    if parent.is_none() {
        let limit = state.config.appeals.per_account_per_day;
        let day_start = Ts::from(cal.end_of_day(local_today - chrono::Days::new(1)));
        let filed = store::filed_since(&mut tx, user.id, day_start).await?;
        if filed >= i64::from(limit) {
            return Err(WorkflowError::DailyLimit(limit));
        }
    }
    let seq = store::next_number(&mut tx, body.id, local_today.year()).await?;
    let number = registration_number(&body.code, local_today.year(), seq);
    let parent_obligation = parent.map(|(p, _)| p.obligation_id);
    let obligation_id = opengov_duty::store::insert(
        &mut tx,
        cal,
        now,
        &obligation,
        &opengov_duty::store::Subject {
            kind: "appeal".into(),
            id: number.clone(),
        },
        parent_obligation,
    )
    .await?;
    let month = format!("{:04}-{:02}", local_today.year(), local_today.month());
    let due_on = day_text(obligation.due_on);
    let id = store::insert(
        &mut tx,
        &store::NewAppeal {
            number: &number,
            body_id: body.id,
            applicant_id: user.id,
            kind: kind.code(),
            category_id: filing.category_id,
            lang: filing.lang.code(),
            subject: &filing.subject,
            text: &filing.text,
            address: &filing.address,
            location: filing.location,
            public_allowed: filing.public_allowed,
            public_summary: &filing.public_summary,
            obligation_id,
            received_at: now,
            received_month: &month,
            due_on: &due_on,
            due_at: Ts::from(obligation.due_at(cal)),
            parent_id: parent.map(|(p, _)| p.id),
        },
    )
    .await?;
    store::attach(&mut tx, user.id, attachments, id).await?;
    let appeal = store::lock(&mut tx, &number)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    Step {
        kind: "registered",
        visibility: Visibility::Public,
        note: "",
        data: json!({ "registered_on": day_text(obligation.registered_on), "due_on": due_on,
                      "parent": parent.map(|(p, _)| p.number.clone()) }),
        action: "appeal.filed",
        audit: json!({ "kind": kind.code(), "due_on": due_on }),
        official: false,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    let lang = filing.lang;
    let body_name = body.name.get(lang).to_owned();
    let registered = day_text(obligation.registered_on);
    tell(
        &mut tx,
        state,
        &appeal,
        Notice::Filed,
        &[
            ("body", body_name.as_str()),
            ("registered", registered.as_str()),
            ("due", due_on.as_str()),
        ],
    )
    .await?;
    if let Some((p, _)) = parent {
        store::add_event(
            &mut tx,
            p.id,
            now,
            Some(user.id),
            p.body_id,
            "complained",
            Visibility::Public,
            "",
            &json!({ "complaint": number }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Receipt {
        id,
        number,
        received_at: now,
        registered_on: obligation.registered_on,
        due_on: obligation.due_on,
    })
}

/// Loads an appeal for a step and works out the caller's standing; `NotFound` when the caller
/// may not see it.
async fn load(
    state: &AppState,
    tx: &mut Tx,
    user: &CurrentUser,
    number: &str,
) -> Result<(Appeal, Access)> {
    let appeal = store::lock(tx, number)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    let directory = opengov_bodies::directory::get(state).await?;
    let access = Access::of(Some(user), &appeal, &directory.ancestors(appeal.body_id));
    if !access.can_read() {
        return Err(WorkflowError::NotFound);
    }
    Ok((appeal, access))
}

fn status_of(appeal: &Appeal) -> Result<Status> {
    Status::from_code(&appeal.status).ok_or(WorkflowError::Conflict("appeal-error-state"))
}

fn require_open(appeal: &Appeal) -> Result<Status> {
    let status = status_of(appeal)?;
    if status.is_open() {
        Ok(status)
    } else {
        Err(WorkflowError::Conflict("appeal-error-not-open"))
    }
}

async fn obligation(tx: &mut Tx, appeal: &Appeal) -> Result<Obligation> {
    opengov_duty::store::load(tx, appeal.obligation_id)
        .await?
        .ok_or(WorkflowError::Conflict("appeal-error-state"))
}

/// Assigns the appeal to a responder or the head of its body (`assignee`), or to the caller.
pub async fn assign(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
    assignee: Option<i64>,
) -> Result<()> {
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.can_work() {
        return Err(WorkflowError::Forbidden);
    }
    require_open(&appeal)?;
    let target = assignee.unwrap_or(user.id);
    let officials =
        store::officials_with(&state.db, appeal.body_id, &["responder", "head"]).await?;
    let Some((_, name)) = officials.iter().find(|(id, _)| *id == target) else {
        return Err(WorkflowError::Invalid(
            "assignee",
            Msg::new("appeal-error-assignee"),
        ));
    };
    // Only the head hands work to others; a responder takes it.
    if target != user.id && !access.head {
        return Err(WorkflowError::Forbidden);
    }
    let now = state.now();
    store::set_assignee(&mut tx, appeal.id, Some(target), now).await?;
    store::set_status(&mut tx, appeal.id, Status::Assigned, now).await?;
    Step {
        kind: "assigned",
        visibility: Visibility::Applicant,
        note: "",
        data: json!({ "assignee": name }),
        action: "appeal.assigned",
        audit: json!({ "assignee_id": target }),
        official: true,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    tell(&mut tx, state, &appeal, Notice::Assigned, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// The assignee starts work.
pub async fn start(state: &AppState, user: &CurrentUser, number: &str) -> Result<()> {
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.can_work() {
        return Err(WorkflowError::Forbidden);
    }
    if require_open(&appeal)? == Status::InProgress {
        return Err(WorkflowError::Conflict("appeal-error-already-started"));
    }
    let now = state.now();
    if appeal.assignee_id.is_none() {
        store::set_assignee(&mut tx, appeal.id, Some(user.id), now).await?;
    }
    store::set_status(&mut tx, appeal.id, Status::InProgress, now).await?;
    Step {
        kind: "in_progress",
        visibility: Visibility::Applicant,
        note: "",
        data: json!({}),
        action: "appeal.started",
        audit: json!({}),
        official: true,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    tell(&mut tx, state, &appeal, Notice::InProgress, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// The body's answer.
pub async fn answer(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
    outcome: Outcome,
    text: &str,
    how_to_appeal: &str,
) -> Result<()> {
    let cal = calendar(state).await?;
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.can_work() {
        return Err(WorkflowError::Forbidden);
    }
    require_open(&appeal)?;
    let now = state.now();
    let mut ob = obligation(&mut tx, &appeal).await?;
    ob.answer(now.0, outcome)?;
    let facts = ob.facts(&cal.calendar, now.0);
    opengov_duty::store::save(&mut tx, &cal.calendar, appeal.obligation_id, &ob).await?;
    store::set_answer(
        &mut tx,
        appeal.id,
        &store::AnswerRow {
            text,
            outcome: outcome.code(),
            how_to_appeal,
            by: user.id,
            on_time: facts.answered_on_time.unwrap_or(false),
            working_days: facts.working_days_to_answer.unwrap_or(0),
        },
        now,
    )
    .await?;
    Step {
        kind: "answered",
        visibility: Visibility::Public,
        note: "",
        data: json!({ "outcome": outcome.code(), "on_time": facts.answered_on_time }),
        action: "appeal.answered",
        audit: json!({ "outcome": outcome.code(), "on_time": facts.answered_on_time }),
        official: true,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    let lang = Lang::from_code(&appeal.lang).unwrap_or(state.config.default_lang);
    let outcome_text = state
        .catalog
        .t(lang, crate::domain::outcome_label_key(outcome));
    tell(
        &mut tx,
        state,
        &appeal,
        Notice::Answered,
        &[("outcome", outcome_text.as_str())],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Forwards the appeal to the competent body, which gets its own deadline.
pub async fn redirect(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
    to_body: i64,
    reason: &str,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(WorkflowError::Invalid(
            "reason",
            Msg::new("appeal-error-reason"),
        ));
    }
    let cal = calendar(state).await?;
    let directory = opengov_bodies::directory::get(state).await?;
    let target = directory
        .by_id(to_body)
        .filter(|b| b.active)
        .ok_or(WorkflowError::Invalid(
            "to_body",
            Msg::new("appeal-error-body"),
        ))?;
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.can_work() {
        return Err(WorkflowError::Forbidden);
    }
    require_open(&appeal)?;
    let now = state.now();
    let mut ob = obligation(&mut tx, &appeal).await?;
    let (forwarded, notify_by, on_time) =
        ob.redirect(&cal.calendar, &state.config.duty, now.0, to_body)?;
    opengov_duty::store::save(&mut tx, &cal.calendar, appeal.obligation_id, &ob).await?;
    let new_id = opengov_duty::store::insert(
        &mut tx,
        &cal.calendar,
        now,
        &forwarded,
        &opengov_duty::store::Subject {
            kind: "appeal".into(),
            id: appeal.number.clone(),
        },
        Some(appeal.obligation_id),
    )
    .await?;
    let due_on = day_text(forwarded.due_on);
    store::set_deadline(
        &mut tx,
        appeal.id,
        to_body,
        new_id,
        &due_on,
        Ts::from(forwarded.due_at(&cal.calendar)),
        now,
    )
    .await?;
    store::set_assignee(&mut tx, appeal.id, None, now).await?;
    store::set_status(&mut tx, appeal.id, Status::Registered, now).await?;
    Step {
        kind: "redirected",
        visibility: Visibility::Public,
        note: reason.trim(),
        data: json!({ "from_body": appeal.body_id, "to_body": to_body, "due_on": due_on,
                 "forwarded_on_time": on_time, "notify_by": day_text(notify_by) }),
        action: "appeal.redirected",
        audit: json!({ "to_body": to_body, "on_time": on_time }),
        official: true,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    let lang = Lang::from_code(&appeal.lang).unwrap_or(state.config.default_lang);
    let to_name = target.name.get(lang).to_owned();
    tell(
        &mut tx,
        state,
        &appeal,
        Notice::Redirected,
        &[
            ("body", to_name.as_str()),
            ("reason", reason.trim()),
            ("due", due_on.as_str()),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The head's reasoned decision to extend the deadline.
pub async fn extend(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
    until: NaiveDate,
    reason: &str,
) -> Result<NaiveDate> {
    let cal = calendar(state).await?;
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.head {
        return Err(WorkflowError::Forbidden);
    }
    require_open(&appeal)?;
    let now = state.now();
    let mut ob = obligation(&mut tx, &appeal).await?;
    let notify_by = ob.extend(
        &cal.calendar,
        &state.config.duty,
        now.0,
        user.id,
        until,
        reason,
    )?;
    opengov_duty::store::save(&mut tx, &cal.calendar, appeal.obligation_id, &ob).await?;
    let due_on = day_text(ob.due_on);
    store::set_deadline(
        &mut tx,
        appeal.id,
        appeal.body_id,
        appeal.obligation_id,
        &due_on,
        Ts::from(ob.due_at(&cal.calendar)),
        now,
    )
    .await?;
    Step {
        kind: "extended",
        visibility: Visibility::Public,
        note: reason.trim(),
        data: json!({ "from": appeal.due_on, "until": due_on, "notify_by": day_text(notify_by) }),
        action: "appeal.extended",
        audit: json!({ "until": due_on }),
        official: true,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    tell(
        &mut tx,
        state,
        &appeal,
        Notice::Extended,
        &[("due", due_on.as_str()), ("reason", reason.trim())],
    )
    .await?;
    tx.commit().await?;
    Ok(notify_by)
}

/// The applicant withdraws the appeal.
pub async fn withdraw(state: &AppState, user: &CurrentUser, number: &str) -> Result<()> {
    let cal = calendar(state).await?;
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.applicant {
        return Err(WorkflowError::Forbidden);
    }
    require_open(&appeal)?;
    let now = state.now();
    let mut ob = obligation(&mut tx, &appeal).await?;
    ob.withdraw(now.0)?;
    opengov_duty::store::save(&mut tx, &cal.calendar, appeal.obligation_id, &ob).await?;
    store::set_status(&mut tx, appeal.id, Status::Withdrawn, now).await?;
    Step {
        kind: "withdrawn",
        visibility: Visibility::Public,
        note: "",
        data: json!({}),
        action: "appeal.withdrawn",
        audit: json!({}),
        official: false,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    tell(&mut tx, state, &appeal, Notice::Withdrawn, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// The applicant rates the answer (1 to 5); the appeal is closed.
pub async fn rate(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
    rating: i64,
    comment: &str,
) -> Result<()> {
    if !(1..=5).contains(&rating) {
        return Err(WorkflowError::Invalid(
            "rating",
            Msg::new("appeal-error-rating"),
        ));
    }
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.applicant {
        return Err(WorkflowError::Forbidden);
    }
    if appeal.rating.is_some() {
        return Err(WorkflowError::Conflict("appeal-error-rated"));
    }
    if status_of(&appeal)? != Status::Answered {
        return Err(WorkflowError::Conflict("appeal-error-not-answered"));
    }
    let now = state.now();
    store::set_rating(&mut tx, appeal.id, rating, comment, now).await?;
    Step {
        kind: "rated",
        visibility: Visibility::Applicant,
        note: comment,
        data: json!({ "rating": rating }),
        action: "appeal.rated",
        audit: json!({ "rating": rating }),
        official: false,
    }
    .record(&mut tx, now, user, &appeal)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A complaint about the answer: a linked appeal to the superior body (the body itself when
/// it has none), with its own clock.
pub async fn complain(
    state: &AppState,
    user: &CurrentUser,
    number: &str,
    text: &str,
    attachments: &[i64],
) -> Result<Receipt> {
    let appeal = store::by_number(&state.db, number)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    let directory = opengov_bodies::directory::get(state).await?;
    let access = Access::of(Some(user), &appeal, &directory.ancestors(appeal.body_id));
    if !access.can_read() {
        return Err(WorkflowError::NotFound);
    }
    if !access.applicant {
        return Err(WorkflowError::Forbidden);
    }
    if !matches!(status_of(&appeal)?, Status::Answered | Status::Closed) {
        return Err(WorkflowError::Conflict("appeal-error-not-answered"));
    }
    let text = crate::domain::clean(text);
    if text.chars().count() < 10 || text.chars().count() > state.config.appeals.text_max_chars {
        return Err(WorkflowError::Invalid(
            "text",
            Msg::new("appeal-error-text-long").arg("max", state.config.appeals.text_max_chars),
        ));
    }
    let superior = directory
        .by_id(appeal.body_id)
        .and_then(|b| b.parent_id)
        .and_then(|p| directory.by_id(p))
        .filter(|b| b.active)
        .map_or(appeal.body_id, |b| b.id);
    let lang = Lang::from_code(&appeal.lang).unwrap_or(state.config.default_lang);
    let subject = state.catalog.t_args(
        lang,
        "appeal-complaint-subject",
        &[("number", &appeal.number)],
    );
    let filing = Filing {
        body_id: superior,
        kind: Kind::ComplaintAboutAnswer,
        category_id: None,
        lang,
        subject: subject.chars().take(crate::domain::SUBJECT_MAX).collect(),
        text,
        address: String::new(),
        location: None,
        public_allowed: false,
        public_summary: String::new(),
    };
    file_inner(
        state,
        user,
        &filing,
        attachments,
        Some((&appeal, Kind::ComplaintAboutAnswer)),
    )
    .await
}

/// An internal note, never shown to the applicant.
pub async fn note(state: &AppState, user: &CurrentUser, number: &str, text: &str) -> Result<()> {
    let text = crate::domain::clean(text);
    if text.is_empty() || text.chars().count() > 5000 {
        return Err(WorkflowError::Invalid(
            "note",
            Msg::new("appeal-error-note"),
        ));
    }
    let mut tx = state.db.begin().await?;
    let (appeal, access) = load(state, &mut tx, user, number).await?;
    if !access.sees_internal() {
        return Err(WorkflowError::Forbidden);
    }
    let now = state.now();
    store::add_event(
        &mut tx,
        appeal.id,
        now,
        Some(user.id),
        appeal.body_id,
        "note",
        Visibility::Internal,
        &text,
        &json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A moderator hides the public summary (`Some(reason)`) or shows it again (`None`): the flags
/// are resolved, the step goes on the public timeline and into the audit chain, and the
/// applicant is told. `false` when it already was so.
pub async fn set_summary_visibility(
    state: &AppState,
    moderator: &CurrentUser,
    number: &str,
    hide: Option<&str>,
) -> Result<bool> {
    if !moderator.has_global(opengov_kernel::Role::Moderator) {
        return Err(WorkflowError::Forbidden);
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let appeal = store::lock(&mut tx, number)
        .await?
        .filter(|a| a.public_allowed)
        .ok_or(WorkflowError::NotFound)?;
    if appeal.hidden_at.is_some() == hide.is_some() {
        return Ok(false);
    }
    store::set_hidden(&mut tx, appeal.id, hide.map(|r| (r, moderator.id)), now).await?;
    let resolved = if hide.is_some() {
        store::resolve_flags(&mut tx, appeal.id, now).await?
    } else {
        0
    };
    let (kind, action) = match hide {
        Some(_) => ("hidden", "appeal.summary_hidden"),
        None => ("shown", "appeal.summary_shown"),
    };
    Step {
        kind,
        visibility: Visibility::Public,
        note: hide.unwrap_or(""),
        data: json!({}),
        action,
        audit: json!({ "flags_resolved": resolved }),
        official: true,
    }
    .record(&mut tx, now, moderator, &appeal)
    .await?;
    let (notice, args): (Notice, &[(&str, &str)]) = match &hide {
        Some(reason) => (Notice::SummaryHidden, &[("reason", reason)]),
        None => (Notice::SummaryShown, &[]),
    };
    tell(&mut tx, state, &appeal, notice, args).await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::Notice;

    #[test]
    fn every_notice_has_a_subject_and_a_body_in_every_language() {
        let catalog = opengov_kernel::Catalog::platform().expect("catalogue");
        for n in Notice::ALL {
            for part in ["subject", "body"] {
                let key = format!("mail-appeal-{}-{part}", n.key());
                assert!(catalog.has(&key), "{key} is missing in a language");
            }
        }
    }
}
