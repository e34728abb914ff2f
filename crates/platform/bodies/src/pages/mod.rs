//! HTML pages: the public list and body page, and the administrators' management pages.

pub mod admin;
pub mod list;
pub mod officials;
pub mod show;

use opengov_audit::Actor;
use opengov_kernel::LocalizedText;
use opengov_web::{AppError, AppResult, AppState, CurrentUser, PageCtx};

use crate::kinds::BodyKind;
use crate::store::{self, Body};

/// A link to a body's page, with the `lang` of its name when it fell back to another language.
#[derive(Debug, Clone)]
pub struct BodyLink {
    pub href: String,
    pub name: String,
    pub lang: Option<&'static str>,
}

impl BodyLink {
    #[must_use]
    pub fn new(ctx: &PageCtx, body: &Body) -> Self {
        Self {
            href: body_href(&body.slug),
            name: ctx.text(&body.name).to_owned(),
            lang: lang_attr(ctx, &body.name),
        }
    }
}

/// The public address of a body's page.
#[must_use]
pub fn body_href(slug: &str) -> String {
    format!("/bodies/{slug}")
}

/// The language a content text is shown in, when it is not the page's language.
#[must_use]
pub fn lang_attr(ctx: &PageCtx, text: &LocalizedText) -> Option<&'static str> {
    let lang = ctx.text_lang(text);
    (lang != ctx.lang.code()).then_some(lang)
}

/// The translated name of a kind code (the code itself for kinds this version does not know).
#[must_use]
pub fn kind_label(ctx: &PageCtx, code: &str) -> String {
    BodyKind::from_code(code).map_or_else(|| code.to_owned(), |k| ctx.t(k.label_key()))
}

/// A choice in a `<select>`.
#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The kinds as options, `selected` marking the current one.
#[must_use]
pub fn kind_options(ctx: &PageCtx, selected: &str) -> Vec<SelectOption> {
    BodyKind::ALL
        .iter()
        .map(|k| SelectOption {
            value: k.code().to_owned(),
            label: ctx.t(k.label_key()),
            selected: k.code() == selected,
        })
        .collect()
}

/// A problem listed in a form's error summary, linking to its field.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    pub anchor: String,
    pub text: String,
}

/// The body an administrators' page is about (404 when there is none), read from the database
/// rather than the public snapshot.
async fn load_body(state: &AppState, id: i64) -> AppResult<Body> {
    store::get_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The signed-in administrator as the actor of an audit entry.
fn actor(user: &CurrentUser) -> Actor {
    Actor::official(user.id, &user.display_name)
}
