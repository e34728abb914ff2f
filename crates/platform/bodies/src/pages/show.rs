//! `GET /bodies/{slug}`: one body: names, kind, place in the hierarchy, head, contacts and
//! officials (display names and roles only; never e-mail addresses).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use opengov_web::{AppError, AppResult, AppState, PageCtx};

use super::{BodyLink, kind_label, lang_attr};
use crate::store::Official;
use crate::validate::{is_web_address, tel_href};

/// A content text with the `lang` it is shown in, when it differs from the page's.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    pub lang: Option<&'static str>,
}

/// One official and every role they hold in the body.
#[derive(Debug, Clone)]
pub struct OfficialRow {
    pub name: String,
    pub roles: Vec<String>,
}

#[derive(Template)]
#[template(path = "body_show.html")]
struct ShowPage<'a> {
    ctx: &'a PageCtx,
    id: i64,
    code: String,
    name: Text,
    kind: String,
    active: bool,
    description: Option<Text>,
    parent: Option<BodyLink>,
    children: Vec<BodyLink>,
    head: Option<Text>,
    address: Option<Text>,
    email: String,
    phone: String,
    tel: String,
    website: String,
    /// Whether `website` is an http(s) address and may be a link.
    website_link: bool,
    bin: String,
    officials: Vec<OfficialRow>,
    api_href: String,
}

fn text(ctx: &PageCtx, t: &opengov_kernel::LocalizedText) -> Option<Text> {
    (!t.is_empty()).then(|| Text {
        text: ctx.text(t).to_owned(),
        lang: lang_attr(ctx, t),
    })
}

/// Groups role rows by person, keeping their order (the store lists the roles of one account
/// next to each other).
#[must_use]
pub fn group_officials(ctx: &PageCtx, officials: &[Official]) -> Vec<OfficialRow> {
    let mut rows: Vec<(i64, OfficialRow)> = Vec::new();
    for o in officials {
        let label = ctx.t(o.role.label_key());
        match rows.last_mut() {
            Some((id, row)) if *id == o.user_id => row.roles.push(label),
            _ => rows.push((
                o.user_id,
                OfficialRow {
                    name: o.display_name.clone(),
                    roles: vec![label],
                },
            )),
        }
    }
    rows.into_iter().map(|(_, row)| row).collect()
}

pub async fn show_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let directory = crate::directory::get(&state).await?;
    let body = directory.by_slug(&slug).ok_or(AppError::NotFound)?.clone();
    let parent = body.parent_id.and_then(|pid| directory.by_id(pid));
    let children = directory.children(body.id);
    let officials = directory.officials(body.id);
    let page = ShowPage {
        ctx: &ctx,
        id: body.id,
        code: body.code.clone(),
        name: Text {
            text: ctx.text(&body.name).to_owned(),
            lang: lang_attr(&ctx, &body.name),
        },
        kind: kind_label(&ctx, &body.kind),
        active: body.active,
        description: text(&ctx, &body.description),
        parent: parent.map(|p| BodyLink::new(&ctx, p)),
        children: children.iter().map(|c| BodyLink::new(&ctx, c)).collect(),
        head: text(&ctx, &body.head_name),
        address: text(&ctx, &body.address),
        tel: tel_href(&body.phone),
        email: body.email,
        phone: body.phone,
        website_link: is_web_address(&body.website),
        website: body.website,
        bin: body.bin,
        officials: group_officials(&ctx, officials),
        api_href: format!("/api/v1/bodies/{}", body.slug),
    };
    ctx.render(&page)
}
