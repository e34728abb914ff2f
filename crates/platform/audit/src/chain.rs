//! Appending to and verifying the hash chain.

use opengov_kernel::{Db, DbError, Ts, Tx, db_run, tx_run};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Every this many entries a checkpoint is published.
pub const CHECKPOINT_EVERY: i64 = 64;

/// Who acted. Officials act on behalf of a body, and the entry carries both.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// Public name: an official's display name, `system`, or empty for a citizen's own
    /// security events (so the public log holds no citizen's name).
    pub name: String,
}

impl Actor {
    #[must_use]
    pub fn system() -> Self {
        Self {
            user_id: None,
            name: "system".to_owned(),
        }
    }
    #[must_use]
    pub fn official(user_id: i64, name: &str) -> Self {
        Self {
            user_id: Some(user_id),
            name: name.to_owned(),
        }
    }
    /// A citizen's own action on their account: the id only, no name.
    #[must_use]
    pub fn account(user_id: i64) -> Self {
        Self {
            user_id: Some(user_id),
            name: String::new(),
        }
    }
}

/// What happened.
#[derive(Debug, Clone)]
pub struct Event {
    pub body_id: Option<i64>,
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: String,
    /// Details without personal data.
    pub data: Value,
}

impl Event {
    #[must_use]
    #[allow(
        clippy::needless_pass_by_value,
        reason = "ids of any type are passed by value"
    )]
    pub fn new(action: &'static str, object_type: &'static str, object_id: impl ToString) -> Self {
        Self {
            body_id: None,
            action,
            object_type,
            object_id: object_id.to_string(),
            data: json!({}),
        }
    }
    #[must_use]
    pub fn body(mut self, body_id: Option<i64>) -> Self {
        self.body_id = body_id;
        self
    }
    #[must_use]
    pub fn data(mut self, data: Value) -> Self {
        self.data = data;
        self
    }
}

/// A stored entry.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: Ts,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub body_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// JSON with object keys sorted and no insignificant whitespace.
#[must_use]
pub fn canonical_json(value: &Value) -> String {
    // serde_json's map is ordered by key (no `preserve_order`), so this is canonical.
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), sort(v))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    sort(value).to_string()
}

/// The hash of an entry given its fields and the previous hash.
#[must_use]
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: Ts,
    actor_id: Option<i64>,
    actor_name: &str,
    body_id: Option<i64>,
    action: &str,
    object_type: &str,
    object_id: &str,
    payload: &Value,
) -> String {
    let entry = json!({
        "seq": seq,
        "at": at.to_text(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "body_id": body_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "payload": payload,
    });
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(canonical_json(&entry).as_bytes());
    hex::encode(hasher.finalize())
}

/// Appends an entry inside the caller's transaction; returns its sequence number.
///
/// The head row is updated first: on PostgreSQL its row lock orders concurrent appenders, on
/// SQLite the write transaction already does.
pub async fn append(tx: &mut Tx, now: Ts, actor: &Actor, event: Event) -> Result<i64, DbError> {
    let (seq, prev_hash): (i64, String) = tx_run!(tx, |c| sqlx::query_as(
        "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"
    )
    .fetch_one(&mut *c)
    .await)?;
    let payload = canonical_json(&event.data);
    let data: Value = serde_json::from_str(&payload).unwrap_or(Value::Null);
    let hash = entry_hash(
        &prev_hash,
        seq,
        now,
        actor.user_id,
        &actor.name,
        event.body_id,
        event.action,
        event.object_type,
        &event.object_id,
        &data,
    );
    tx_run!(tx, |c| {
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&hash)
            .execute(&mut *c)
            .await?;
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_name, body_id, action, object_type, \
             object_id, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(seq)
        .bind(now)
        .bind(actor.user_id)
        .bind(&actor.name)
        .bind(event.body_id)
        .bind(event.action)
        .bind(event.object_type)
        .bind(&event.object_id)
        .bind(&payload)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *c)
        .await?;
        if seq % CHECKPOINT_EVERY == 0 {
            sqlx::query("INSERT INTO audit_checkpoints (seq, hash, at) VALUES ($1, $2, $3)")
                .bind(seq)
                .bind(&hash)
                .bind(now)
                .execute(&mut *c)
                .await?;
        }
        Ok::<_, DbError>(())
    })?;
    Ok(seq)
}

/// Publishes a checkpoint at the current head (no-op on an empty log); returns it.
pub async fn checkpoint(db: &Db, now: Ts) -> Result<Option<(i64, String)>, DbError> {
    let mut tx = db.begin().await?;
    let head: (i64, String) = tx_run!(&mut tx, |c| sqlx::query_as(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
    )
    .fetch_one(&mut *c)
    .await)?;
    if head.0 == 0 {
        return Ok(None);
    }
    tx_run!(&mut tx, |c| {
        sqlx::query(
        "INSERT INTO audit_checkpoints (seq, hash, at) VALUES ($1, $2, $3) ON CONFLICT (seq) DO NOTHING"
    )
    .bind(head.0)
    .bind(&head.1)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(Some(head))
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub entries: i64,
    pub head_seq: i64,
    pub head_hash: String,
    pub checkpoints: i64,
    /// The first broken entry and why, if any.
    pub broken: Option<(i64, String)>,
}

impl VerifyReport {
    #[must_use]
    pub fn ok(&self) -> bool {
        self.broken.is_none()
    }
}

const ZERO: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Recomputes the whole chain; `expect` is a checkpoint saved elsewhere (`seq`, `hash`).
pub async fn verify(db: &Db, expect: Option<(i64, String)>) -> Result<VerifyReport, DbError> {
    let mut prev = ZERO.to_owned();
    let mut expected_seq = 1_i64;
    let mut broken: Option<(i64, String)> = None;
    let mut hashes_at_checkpoints: Vec<(i64, String)> = Vec::new();
    let checkpoints: Vec<(i64, String)> = db_run!(db, |c| sqlx::query_as(
        "SELECT seq, hash FROM audit_checkpoints ORDER BY seq"
    )
    .fetch_all(c)
    .await)?;
    let mut wanted: Vec<(i64, String)> = checkpoints.clone();
    if let Some(e) = &expect {
        wanted.push(e.clone());
    }
    'outer: loop {
        let batch: Vec<AuditEntry> = db_run!(db, |c| {
            sqlx::query_as(
            "SELECT seq, at, actor_id, actor_name, body_id, action, object_type, object_id, payload, \
             prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT 2000"
        )
        .bind(expected_seq)
        .fetch_all(c)
        .await
        })?;
        if batch.is_empty() {
            break;
        }
        for e in batch {
            if e.seq != expected_seq {
                broken = Some((expected_seq, format!("entry {expected_seq} is missing")));
                break 'outer;
            }
            if e.prev_hash != prev {
                broken = Some((
                    e.seq,
                    "previous hash does not match the entry before it".to_owned(),
                ));
                break 'outer;
            }
            let Ok(payload) = serde_json::from_str::<Value>(&e.payload) else {
                broken = Some((e.seq, "payload is not valid JSON".to_owned()));
                break 'outer;
            };
            let recomputed = entry_hash(
                &e.prev_hash,
                e.seq,
                e.at,
                e.actor_id,
                &e.actor_name,
                e.body_id,
                &e.action,
                &e.object_type,
                &e.object_id,
                &payload,
            );
            if recomputed != e.hash || canonical_json(&payload) != e.payload {
                broken = Some((e.seq, "content does not match its hash".to_owned()));
                break 'outer;
            }
            if wanted.iter().any(|(s, _)| *s == e.seq) {
                hashes_at_checkpoints.push((e.seq, e.hash.clone()));
            }
            prev = e.hash;
            expected_seq += 1;
        }
    }
    let last_seq = expected_seq - 1;
    let head: (i64, String) = db_run!(db, |c| sqlx::query_as(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
    )
    .fetch_one(c)
    .await)?;
    if broken.is_none() {
        if head.0 != last_seq || head.1 != prev {
            broken = Some((
                last_seq + 1,
                format!(
                    "the log ends at {last_seq} but its head records entry {}",
                    head.0
                ),
            ));
        } else {
            for (seq, hash) in &wanted {
                match hashes_at_checkpoints.iter().find(|(s, _)| s == seq) {
                    None => {
                        broken =
                            Some((*seq, format!("checkpoint {seq} is past the end of the log")));
                        break;
                    }
                    Some((_, h)) if h != hash => {
                        broken = Some((*seq, format!("entry {seq} differs from its checkpoint")));
                        break;
                    }
                    Some(_) => {}
                }
            }
        }
    }
    Ok(VerifyReport {
        entries: last_seq,
        head_seq: head.0,
        head_hash: head.1,
        checkpoints: checkpoints.len() as i64,
        broken,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v = json!({"b": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": null}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}"#
        );
    }

    #[test]
    fn a_changed_field_changes_the_hash() {
        let at = Ts::parse("2026-01-01T00:00:00Z").unwrap_or(Ts(chrono::DateTime::UNIX_EPOCH));
        let h = |action: &str| {
            entry_hash(
                ZERO,
                1,
                at,
                Some(1),
                "x",
                None,
                action,
                "user",
                "1",
                &json!({}),
            )
        };
        assert_ne!(h("user.grant"), h("user.revoke"));
        assert_eq!(h("user.grant").len(), 64);
    }
}
