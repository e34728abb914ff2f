//! Who may see and change a dataset, and every change as one transaction with its audit entry
//! (the dataset's public history is read back from the audit chain).
//!
//! Only the publishers of the body that owns a dataset create and edit it; nobody else, not
//! even an administrator. Drafts and private datasets are seen only by the body's officials;
//! everyone else is told they do not exist (404).

use opengov_audit::{Actor, Event};
use opengov_kernel::{Role, Ts, Tx};
use opengov_web::auth::CurrentUser;
use opengov_web::form::FieldErrors;
use opengov_web::{AppError, AppResult, AppState, Msg};
use serde_json::json;

use crate::domain::{DatasetInput, State};
use crate::store::{self, Dataset};

/// May publish for the body.
#[must_use]
pub fn can_publish(user: Option<&CurrentUser>, body_id: i64) -> bool {
    user.is_some_and(|u| u.has_in_body(Role::Publisher, body_id))
}

/// May see the dataset: public ones everyone; drafts and private ones the body's officials.
#[must_use]
pub fn can_see(user: Option<&CurrentUser>, d: &Dataset) -> bool {
    d.is_public()
        || user.is_some_and(|u| {
            u.roles
                .iter()
                .any(|(r, b)| *b == Some(d.body_id) && r.is_per_body())
        })
}

async fn audit(
    tx: &mut Tx,
    now: Ts,
    user: &CurrentUser,
    action: &'static str,
    d_id: i64,
    body_id: i64,
    data: serde_json::Value,
) -> AppResult<()> {
    opengov_audit::append(
        tx,
        now,
        &Actor::official(user.id, &user.display_name),
        Event::new(action, "dataset", d_id)
            .body(Some(body_id))
            .data(data),
    )
    .await?;
    Ok(())
}

/// Creates a draft. A taken name comes back as a field error.
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    input: &DatasetInput,
) -> AppResult<Result<i64, FieldErrors>> {
    if !can_publish(Some(user), input.body_id) {
        return Err(AppError::forbidden());
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    if store::name_taken(&mut tx, &input.name, None).await? {
        let mut errors = FieldErrors::new();
        errors.add("name", "dataset-error-name-taken");
        return Ok(Err(errors));
    }
    let id = store::insert(&mut tx, input, now).await?;
    audit(
        &mut tx,
        now,
        user,
        "dataset.created",
        id,
        input.body_id,
        json!({ "name": input.name }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Replaces the metadata of the dataset called `name`.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
    input: &DatasetInput,
) -> AppResult<Result<(), FieldErrors>> {
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let d = store::lock(&mut tx, name)
        .await?
        .filter(|d| can_see(Some(user), d))
        .ok_or(AppError::NotFound)?;
    if !can_publish(Some(user), d.body_id) || input.body_id != d.body_id {
        return Err(AppError::forbidden());
    }
    if store::name_taken(&mut tx, &input.name, Some(d.id)).await? {
        let mut errors = FieldErrors::new();
        errors.add("name", "dataset-error-name-taken");
        return Ok(Err(errors));
    }
    store::update(&mut tx, d.id, input, now).await?;
    let changed: Vec<&str> = changed_fields(&d, input);
    audit(
        &mut tx,
        now,
        user,
        "dataset.updated",
        d.id,
        d.body_id,
        json!({ "name": input.name, "changed": changed }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Which metadata fields an update changes (for the history).
fn changed_fields(d: &Dataset, i: &DatasetInput) -> Vec<&'static str> {
    let date = |o: Option<chrono::NaiveDate>| o.map(|d| d.format("%Y-%m-%d").to_string());
    let mut out = Vec::new();
    let checks: [(&'static str, bool); 12] = [
        ("name", d.name != i.name),
        ("title", d.title() != i.title),
        ("description", d.description() != i.description),
        ("themes", d.themes != i.themes.join(" ")),
        ("keywords", d.keywords != i.keywords.join("\n")),
        ("licence", d.licence != i.licence),
        ("frequency", d.frequency != i.frequency),
        (
            "temporal",
            d.temporal_start != date(i.temporal.0) || d.temporal_end != date(i.temporal.1),
        ),
        ("spatial", d.spatial != i.spatial),
        ("contact", d.contact_name != i.contact_name),
        ("contact", d.contact_email != i.contact_email),
        ("private", d.private != i.private),
    ];
    for (field, changed) in checks {
        if changed && !out.contains(&field) {
            out.push(field);
        }
    }
    out
}

/// Publishes, withdraws (with a reason) or returns a dataset to draft.
pub async fn set_state(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
    to: State,
    reason: &str,
) -> AppResult<()> {
    let reason = reason.trim();
    if to == State::Withdrawn && reason.is_empty() {
        return Err(AppError::Unprocessable(Msg::new("dataset-error-reason")));
    }
    if reason.chars().count() > 2000 || reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::Unprocessable(Msg::new("dataset-error-reason")));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let d = store::lock(&mut tx, name)
        .await?
        .filter(|d| can_see(Some(user), d))
        .ok_or(AppError::NotFound)?;
    if !can_publish(Some(user), d.body_id) {
        return Err(AppError::forbidden());
    }
    if d.state() == to {
        return Err(AppError::Conflict(Msg::new("dataset-error-same-state")));
    }
    store::set_state(
        &mut tx,
        d.id,
        to,
        if to == State::Withdrawn { reason } else { "" },
        now,
    )
    .await?;
    let action = match to {
        State::Published => "dataset.published",
        State::Withdrawn => "dataset.withdrawn",
        State::Draft => "dataset.unpublished",
    };
    audit(
        &mut tx,
        now,
        user,
        action,
        d.id,
        d.body_id,
        json!({ "name": d.name, "reason": reason }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
