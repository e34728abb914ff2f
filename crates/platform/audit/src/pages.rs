//! `GET /audit`: the public log, newest first, filterable by body.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use opengov_kernel::{LocalizedText, Ts, db_run};
use opengov_web::form::Query;
use opengov_web::{AppResult, AppState, PageCtx};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct AuditParams {
    pub before: Option<i64>,
    pub body: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    at: Ts,
    actor_id: Option<i64>,
    actor_name: String,
    body_id: Option<i64>,
    action: String,
    object_type: String,
    object_id: String,
    hash: String,
    name_kk: Option<String>,
    name_ru: Option<String>,
    name_en: Option<String>,
    slug: Option<String>,
}

pub struct EntryView {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub body: Option<(String, String)>,
    pub action: String,
    pub object: String,
    pub hash_short: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    ctx: &'a PageCtx,
    entries: Vec<EntryView>,
    older: Option<String>,
    head_seq: i64,
    head_hash: String,
    checkpoint: Option<(i64, String)>,
}

const PER_PAGE: i64 = 50;

pub async fn audit_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(p): Query<AuditParams>,
) -> AppResult<Response> {
    let before = p.before.unwrap_or(i64::MAX).max(0);
    let rows: Vec<Row> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT a.seq, a.at, a.actor_id, a.actor_name, a.body_id, a.action, a.object_type, \
         a.object_id, a.hash, b.name_kk, b.name_ru, b.name_en, b.slug \
         FROM audit_log a LEFT JOIN bodies b ON b.id = a.body_id \
         WHERE a.seq < $1 AND ($2 IS NULL OR a.body_id = $2) ORDER BY a.seq DESC LIMIT $3"
    )
    .bind(before)
    .bind(p.body)
    .bind(PER_PAGE)
    .fetch_all(c)
    .await)?;
    let head: (i64, String) = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
    )
    .fetch_one(c)
    .await)?;
    let checkpoint: Option<(i64, String)> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1"
    )
    .fetch_optional(c)
    .await)?;
    let older = if rows.len() as i64 == PER_PAGE {
        rows.last().map(|r| {
            let mut q = format!("/audit?before={}", r.seq);
            if let Some(b) = p.body {
                q = format!("{q}&body={b}");
            }
            q
        })
    } else {
        None
    };
    let entries = rows
        .into_iter()
        .map(|r| {
            let action_key = format!("audit-action-{}", r.action.replace('.', "-"));
            let action = if state.catalog.has(&action_key) {
                ctx.t(&action_key)
            } else {
                r.action.clone()
            };
            let actor = if r.actor_name.is_empty() {
                r.actor_id.map_or_else(
                    || ctx.t("audit-actor-system"),
                    |id| ctx.t1("audit-actor-account", "id", id),
                )
            } else {
                r.actor_name
            };
            let body = r.slug.map(|slug| {
                let name = LocalizedText::new(
                    r.name_kk.unwrap_or_default(),
                    r.name_ru.unwrap_or_default(),
                    r.name_en.unwrap_or_default(),
                );
                (format!("/bodies/{slug}"), ctx.text(&name).to_owned())
            });
            let _ = r.body_id;
            EntryView {
                seq: r.seq,
                at: ctx.datetime(r.at),
                actor,
                body,
                action,
                object: format!("{} {}", r.object_type, r.object_id),
                hash_short: r.hash.chars().take(12).collect(),
            }
        })
        .collect();
    ctx.render(&AuditPage {
        ctx: &ctx,
        entries,
        older,
        head_seq: head.0,
        head_hash: head.1,
        checkpoint,
    })
}
