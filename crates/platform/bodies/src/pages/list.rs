//! `GET /bodies`: the public hierarchy of bodies, filtered by kind and searched by name.

use std::collections::HashSet;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use opengov_web::form::Query;
use opengov_web::{AppResult, AppState, PageCtx};
use serde::Deserialize;

use super::{SelectOption, body_href, kind_label, kind_options, lang_attr};
use crate::kinds::BodyKind;
use crate::store::Body;
use crate::tree;

/// Longest search text taken into account.
const MAX_QUERY: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub kind: Option<String>,
    pub q: Option<String>,
}

/// One `<li>` of the tree (see [`tree::TreeItem`] for the nesting fields).
#[derive(Debug, Clone)]
pub struct TreeRow {
    pub href: String,
    pub name: String,
    pub lang: Option<&'static str>,
    pub kind: String,
    /// Shown only as the ancestor of a result, not a result itself.
    pub context_only: bool,
    pub has_children: bool,
    pub closes: usize,
}

#[derive(Template)]
#[template(path = "bodies_list.html")]
struct ListPage<'a> {
    ctx: &'a PageCtx,
    rows: Vec<TreeRow>,
    kinds: Vec<SelectOption>,
    q: String,
    filtered: bool,
    matched: usize,
    max_query: usize,
}

pub async fn list_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(p): Query<ListParams>,
) -> AppResult<Response> {
    let directory = crate::directory::get(&state).await?;
    let bodies = directory.active();
    let kind = p.kind.as_deref().and_then(BodyKind::from_code);
    let q: String =
        p.q.unwrap_or_default()
            .trim()
            .chars()
            .take(MAX_QUERY)
            .collect();
    let folded = tree::fold(&q);
    let filtered = kind.is_some() || !folded.is_empty();
    let matched: HashSet<i64> = bodies
        .iter()
        .filter(|b| kind.is_none_or(|k| b.kind == k.code()) && tree::matches(b, &folded))
        .map(|b| b.id)
        .collect();
    let visible = filtered.then(|| tree::with_ancestors(bodies, &matched));
    let shown = |b: &Body| visible.as_ref().is_none_or(|v| v.contains(&b.id));
    let rows = tree::ordered(bodies, shown, ctx.lang)
        .into_iter()
        .map(|item| {
            tree_row(
                &ctx,
                item.body,
                filtered && !matched.contains(&item.body.id),
                item.has_children,
                item.closes,
            )
        })
        .collect();
    let kinds = kind_options(&ctx, kind.map_or("", BodyKind::code));
    ctx.render(&ListPage {
        ctx: &ctx,
        rows,
        kinds,
        q,
        filtered,
        matched: matched.len(),
        max_query: MAX_QUERY,
    })
}

fn tree_row(
    ctx: &PageCtx,
    body: &Body,
    context_only: bool,
    has_children: bool,
    closes: usize,
) -> TreeRow {
    TreeRow {
        href: body_href(&body.slug),
        name: ctx.text(&body.name).to_owned(),
        lang: lang_attr(ctx, &body.name),
        kind: kind_label(ctx, &body.kind),
        context_only,
        has_children,
        closes,
    }
}
