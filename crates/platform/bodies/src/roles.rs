//! Granting and revoking roles, with the audit entry in the same transaction.
//!
//! Used by the admin pages and by the CLI (`opengov user grant`), so nothing here knows about
//! HTTP. Per-body roles (publisher, responder, head, supervisor, council member) need a body;
//! platform-wide roles (moderator, administrator) must not have one.

use opengov_audit::{Actor, Event};
use opengov_kernel::{DbError, Role, Ts, Tx, tx_run};
use serde_json::json;

/// Why a role could not be granted or revoked.
#[derive(Debug, thiserror::Error)]
pub enum RoleError {
    /// A per-body role was given without a body.
    #[error("the role {0} is held in a government body; name the body")]
    BodyRequired(Role),
    /// A platform-wide role was given with a body.
    #[error("the role {0} is platform-wide and cannot be held in a body")]
    BodyNotAllowed(Role),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<RoleError> for opengov_web::AppError {
    fn from(err: RoleError) -> Self {
        match err {
            RoleError::Db(db) => db.into(),
            scope => Self::BadRequest(opengov_web::error::Msg::new(scope.message_key())),
        }
    }
}

impl RoleError {
    /// The catalogue key describing the error to a person.
    #[must_use]
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::BodyRequired(_) => "admin-bodies-error-role-needs-body",
            Self::BodyNotAllowed(_) => "admin-bodies-error-role-is-global",
            Self::Db(_) => "error-500",
        }
    }
}

/// Checks that `body_id` is present exactly when `role` is held per body.
pub fn check_scope(role: Role, body_id: Option<i64>) -> Result<(), RoleError> {
    match (role.is_per_body(), body_id) {
        (true, None) => Err(RoleError::BodyRequired(role)),
        (false, Some(_)) => Err(RoleError::BodyNotAllowed(role)),
        _ => Ok(()),
    }
}

/// Gives `user_id` the role (in `body_id` for per-body roles) and records it in the audit
/// chain. Returns `false`, and records nothing, when the user already held it.
pub async fn grant(
    tx: &mut Tx,
    now: Ts,
    actor: &Actor,
    user_id: i64,
    role: Role,
    body_id: Option<i64>,
) -> Result<bool, RoleError> {
    check_scope(role, body_id)?;
    // The unique index is on (user_id, role, COALESCE(body_id, 0)); DO NOTHING without a
    // target works on both backends and, unlike catching the violation, does not abort a
    // PostgreSQL transaction when two admins grant the same role at once.
    let inserted = tx_run!(tx, |c| sqlx::query(
        "INSERT INTO user_roles (user_id, role, body_id, granted_at, granted_by) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"
    )
    .bind(user_id)
    .bind(role.code())
    .bind(body_id)
    .bind(now)
    .bind(actor.user_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    if inserted == 0 {
        return Ok(false);
    }
    let event = Event::new("role.grant", "user", user_id)
        .body(body_id)
        .data(json!({"role": role.code(), "body_id": body_id}));
    opengov_audit::append(tx, now, actor, event).await?;
    Ok(true)
}

/// Takes the role away and records it in the audit chain. Returns whether the user held it.
pub async fn revoke(
    tx: &mut Tx,
    now: Ts,
    actor: &Actor,
    user_id: i64,
    role: Role,
    body_id: Option<i64>,
) -> Result<bool, RoleError> {
    check_scope(role, body_id)?;
    let removed = match body_id {
        Some(body) => tx_run!(tx, |c| sqlx::query(
            "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND body_id = $3"
        )
        .bind(user_id)
        .bind(role.code())
        .bind(body)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?,
        None => tx_run!(tx, |c| sqlx::query(
            "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND body_id IS NULL"
        )
        .bind(user_id)
        .bind(role.code())
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?,
    };
    if removed == 0 {
        return Ok(false);
    }
    let event = Event::new("role.revoke", "user", user_id)
        .body(body_id)
        .data(json!({"role": role.code(), "body_id": body_id}));
    opengov_audit::append(tx, now, actor, event).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_body_roles_need_a_body_and_global_roles_refuse_one() {
        assert!(matches!(
            check_scope(Role::Publisher, None),
            Err(RoleError::BodyRequired(Role::Publisher))
        ));
        assert!(check_scope(Role::Head, Some(3)).is_ok());
        assert!(check_scope(Role::CouncilMember, Some(3)).is_ok());
        assert!(matches!(
            check_scope(Role::Administrator, Some(3)),
            Err(RoleError::BodyNotAllowed(Role::Administrator))
        ));
        assert!(check_scope(Role::Moderator, None).is_ok());
    }
}
