//! Administrators' pages: `GET /admin/bodies`, `GET/POST /admin/bodies/new`,
//! `GET/POST /admin/bodies/{id}/edit`.
//!
//! A failed submission re-renders the form with status 422, the person's values, an error
//! summary linking to each field, and the message next to the field (`aria-invalid`,
//! `aria-describedby`). A saved body is recorded in the audit chain in the same transaction
//! and the browser is sent (303) to the body's page with a notice.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_audit::Event;
use opengov_kernel::db::is_unique_violation;
use opengov_kernel::{Lang, Role};
use opengov_web::form::{FieldErrors, Form};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde_json::json;

use super::{SelectOption, SummaryItem, actor, body_href, kind_label, kind_options, load_body};
use crate::store::{self, Body, BodyInput};
use crate::tree;
use crate::validate::{self, BodyForm};

/// One text input or text area of the form.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub name: &'static str,
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub hint_id: String,
    pub error: Option<String>,
    pub error_id: String,
    /// Ids of the hint and error, for `aria-describedby` (empty when neither is shown).
    pub describedby: String,
    pub value: String,
    /// `text`, `email`, `url`, `tel`, or `textarea`.
    pub input_type: &'static str,
    /// The language of the value, for trilingual fields.
    pub lang: Option<&'static str>,
    pub autocomplete: Option<&'static str>,
    pub inputmode: Option<&'static str>,
    pub maxlength: usize,
    pub required: bool,
}

/// A `<fieldset>` of fields.
#[derive(Debug, Clone)]
pub struct FieldGroup {
    pub legend: String,
    pub hint: Option<String>,
    pub fields: Vec<FieldView>,
}

/// A select box with its label, hint and error.
#[derive(Debug, Clone)]
pub struct SelectView {
    pub name: &'static str,
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub hint_id: String,
    pub error: Option<String>,
    pub error_id: String,
    pub describedby: String,
    pub options: Vec<SelectOption>,
}

/// How a field is described: its name in the form, label, hint, type and limits.
struct Spec {
    name: &'static str,
    label_key: &'static str,
    hint_key: Option<&'static str>,
    input_type: &'static str,
    lang: Option<Lang>,
    max: usize,
}

const fn spec(
    name: &'static str,
    label_key: &'static str,
    input_type: &'static str,
    max: usize,
) -> Spec {
    Spec {
        name,
        label_key,
        hint_key: None,
        input_type,
        lang: None,
        max,
    }
}

const fn hinted(mut s: Spec, hint_key: &'static str) -> Spec {
    s.hint_key = Some(hint_key);
    s
}

const fn in_lang(name: &'static str, lang: Lang, input_type: &'static str, max: usize) -> Spec {
    let label_key = match lang {
        Lang::Kk => "admin-bodies-lang-kk",
        Lang::Ru => "admin-bodies-lang-ru",
        Lang::En => "admin-bodies-lang-en",
    };
    Spec {
        name,
        label_key,
        hint_key: None,
        input_type,
        lang: Some(lang),
        max,
    }
}

const IDENTITY: [Spec; 2] = [
    hinted(
        spec(
            "code",
            "admin-bodies-field-code",
            "text",
            validate::MAX_CODE,
        ),
        "admin-bodies-hint-code",
    ),
    hinted(
        spec(
            "slug",
            "admin-bodies-field-slug",
            "text",
            validate::MAX_SLUG,
        ),
        "admin-bodies-hint-slug",
    ),
];

/// The fieldsets after the identity: legend key, hint key, fields.
const GROUPS: [(&str, Option<&str>, [Spec; 3]); 4] = [
    (
        "admin-bodies-field-name",
        Some("admin-bodies-hint-name"),
        [
            in_lang("name_kk", Lang::Kk, "text", validate::MAX_NAME),
            in_lang("name_ru", Lang::Ru, "text", validate::MAX_NAME),
            in_lang("name_en", Lang::En, "text", validate::MAX_NAME),
        ],
    ),
    (
        "admin-bodies-field-description",
        None,
        [
            in_lang("description_kk", Lang::Kk, "textarea", validate::MAX_TEXT),
            in_lang("description_ru", Lang::Ru, "textarea", validate::MAX_TEXT),
            in_lang("description_en", Lang::En, "textarea", validate::MAX_TEXT),
        ],
    ),
    (
        "admin-bodies-field-head",
        Some("admin-bodies-hint-head"),
        [
            in_lang("head_name_kk", Lang::Kk, "text", validate::MAX_SHORT),
            in_lang("head_name_ru", Lang::Ru, "text", validate::MAX_SHORT),
            in_lang("head_name_en", Lang::En, "text", validate::MAX_SHORT),
        ],
    ),
    (
        "admin-bodies-field-address",
        None,
        [
            in_lang("address_kk", Lang::Kk, "text", validate::MAX_SHORT),
            in_lang("address_ru", Lang::Ru, "text", validate::MAX_SHORT),
            in_lang("address_en", Lang::En, "text", validate::MAX_SHORT),
        ],
    ),
];

const CONTACTS: [Spec; 4] = [
    spec("email", "admin-bodies-field-email", "email", 254),
    spec("phone", "admin-bodies-field-phone", "tel", 40),
    hinted(
        spec(
            "website",
            "admin-bodies-field-website",
            "url",
            validate::MAX_SHORT,
        ),
        "admin-bodies-hint-website",
    ),
    hinted(
        spec("bin", "admin-bodies-field-bin", "text", 12),
        "admin-bodies-hint-bin",
    ),
];

fn form_value<'a>(form: &'a BodyForm, name: &str) -> &'a str {
    match name {
        "code" => &form.code,
        "slug" => &form.slug,
        "name_kk" => &form.name_kk,
        "name_ru" => &form.name_ru,
        "name_en" => &form.name_en,
        "description_kk" => &form.description_kk,
        "description_ru" => &form.description_ru,
        "description_en" => &form.description_en,
        "head_name_kk" => &form.head_name_kk,
        "head_name_ru" => &form.head_name_ru,
        "head_name_en" => &form.head_name_en,
        "address_kk" => &form.address_kk,
        "address_ru" => &form.address_ru,
        "address_en" => &form.address_en,
        "email" => &form.email,
        "phone" => &form.phone,
        "website" => &form.website,
        "bin" => &form.bin,
        _ => "",
    }
}

fn described_by(
    hint: Option<&String>,
    hint_id: &str,
    error: Option<&String>,
    error_id: &str,
) -> String {
    let ids: Vec<&str> = [hint.map(|_| hint_id), error.map(|_| error_id)]
        .into_iter()
        .flatten()
        .collect();
    ids.join(" ")
}

fn field_view(
    ctx: &PageCtx,
    s: &Spec,
    value: &str,
    errors: &BTreeMap<&'static str, String>,
) -> FieldView {
    let id = format!("f-{}", s.name);
    let hint = s.hint_key.map(|k| ctx.t(k));
    let error = errors.get(s.name).cloned();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    FieldView {
        name: s.name,
        label: ctx.t(s.label_key),
        describedby: described_by(hint.as_ref(), &hint_id, error.as_ref(), &error_id),
        hint,
        hint_id,
        error,
        error_id,
        id,
        value: value.to_owned(),
        input_type: s.input_type,
        lang: s.lang.map(Lang::code),
        autocomplete: if s.input_type == "textarea" {
            None
        } else {
            Some("off")
        },
        inputmode: (s.name == "bin").then_some("numeric"),
        maxlength: s.max,
        required: s.name == "code",
    }
}

fn select_view(
    ctx: &PageCtx,
    name: &'static str,
    label_key: &str,
    hint_key: Option<&str>,
    options: Vec<SelectOption>,
    errors: &BTreeMap<&'static str, String>,
) -> SelectView {
    let id = format!("f-{name}");
    let hint = hint_key.map(|k| ctx.t(k));
    let error = errors.get(name).cloned();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    SelectView {
        name,
        label: ctx.t(label_key),
        describedby: described_by(hint.as_ref(), &hint_id, error.as_ref(), &error_id),
        hint,
        hint_id,
        error,
        error_id,
        id,
        options,
    }
}

/// The parent choices: "none", then every body that is not `editing` or below it, in tree
/// order, indented by depth.
fn parent_options(
    ctx: &PageCtx,
    bodies: &[Body],
    editing: Option<i64>,
    selected: &str,
) -> Vec<SelectOption> {
    let excluded = editing
        .map(|id| tree::self_and_descendants(bodies, id))
        .unwrap_or_default();
    let mut options = vec![SelectOption {
        value: String::new(),
        label: ctx.t("admin-bodies-parent-none"),
        selected: selected.trim().is_empty(),
    }];
    for item in tree::ordered(bodies, |_| true, ctx.lang) {
        if excluded.contains(&item.body.id) {
            continue;
        }
        let value = item.body.id.to_string();
        options.push(SelectOption {
            selected: selected.trim() == value,
            label: format!(
                "{}{} ({})",
                "— ".repeat(item.depth),
                ctx.text(&item.body.name),
                item.body.code
            ),
            value,
        });
    }
    options
}

#[derive(Template)]
#[template(path = "admin_body_form.html")]
struct FormPage<'a> {
    ctx: &'a PageCtx,
    title: String,
    action: String,
    /// The body being edited: `(public link, officials link)`.
    links: Option<(String, String)>,
    summary: Vec<SummaryItem>,
    identity: Vec<FieldView>,
    kind: SelectView,
    parent: SelectView,
    active: bool,
    groups: Vec<FieldGroup>,
    contacts: Vec<FieldView>,
}

/// Renders the body form (new when `editing` is `None`) with these values and problems (422
/// when there are any).
fn render_form(
    ctx: &PageCtx,
    bodies: &[Body],
    editing: Option<&Body>,
    form: &BodyForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let messages = errors.translate(ctx);
    let identity: Vec<FieldView> = IDENTITY
        .iter()
        .map(|s| field_view(ctx, s, form_value(form, s.name), &messages))
        .collect();
    let kind = select_view(
        ctx,
        "kind",
        "admin-bodies-field-kind",
        None,
        kind_options(ctx, &form.kind),
        &messages,
    );
    let parent = select_view(
        ctx,
        "parent_id",
        "admin-bodies-field-parent",
        Some("admin-bodies-hint-parent"),
        parent_options(ctx, bodies, editing.map(|b| b.id), &form.parent_id),
        &messages,
    );
    let groups: Vec<FieldGroup> = GROUPS
        .iter()
        .map(|(legend, hint, specs)| FieldGroup {
            legend: ctx.t(legend),
            hint: hint.map(|h| ctx.t(h)),
            fields: specs
                .iter()
                .map(|s| field_view(ctx, s, form_value(form, s.name), &messages))
                .collect(),
        })
        .collect();
    let contacts: Vec<FieldView> = CONTACTS
        .iter()
        .map(|s| field_view(ctx, s, form_value(form, s.name), &messages))
        .collect();
    let summary = summary(&identity, &kind, &parent, &groups, &contacts);
    let (title, action, links) = match editing {
        Some(b) => (
            ctx.t1("admin-bodies-edit-title", "name", ctx.text(&b.name)),
            format!("/admin/bodies/{}/edit", b.id),
            Some((
                body_href(&b.slug),
                format!("/admin/bodies/{}/officials", b.id),
            )),
        ),
        None => (
            ctx.t("admin-bodies-new-title"),
            "/admin/bodies/new".to_owned(),
            None,
        ),
    };
    let page = FormPage {
        ctx,
        title,
        action,
        links,
        summary,
        identity,
        kind,
        parent,
        active: form.is_active(),
        groups,
        contacts,
    };
    ctx.render_form(&page, !errors.is_empty())
}

/// The error summary, in the order of the fields on the page.
fn summary(
    identity: &[FieldView],
    kind: &SelectView,
    parent: &SelectView,
    groups: &[FieldGroup],
    contacts: &[FieldView],
) -> Vec<SummaryItem> {
    let item = |id: &str, label: &str, error: Option<&String>| {
        error.map(|e| SummaryItem {
            anchor: format!("#{id}"),
            text: format!("{label}: {e}"),
        })
    };
    let mut out: Vec<SummaryItem> = Vec::new();
    out.extend(
        identity
            .iter()
            .filter_map(|f| item(&f.id, &f.label, f.error.as_ref())),
    );
    out.extend(item(&kind.id, &kind.label, kind.error.as_ref()));
    out.extend(item(&parent.id, &parent.label, parent.error.as_ref()));
    for g in groups {
        out.extend(g.fields.iter().filter_map(|f| {
            item(
                &f.id,
                &format!("{} ({})", g.legend, f.label),
                f.error.as_ref(),
            )
        }));
    }
    out.extend(
        contacts
            .iter()
            .filter_map(|f| item(&f.id, &f.label, f.error.as_ref())),
    );
    out
}

/// Validates the form and what needs the database: the parent exists and is not the body
/// itself or below it; code and slug are free.
async fn check(
    state: &AppState,
    bodies: &[Body],
    form: &BodyForm,
    editing: Option<i64>,
) -> AppResult<Result<BodyInput, FieldErrors>> {
    let mut input = form.validate();
    let parent = match &input {
        Ok(i) => i.parent_id,
        Err(_) => form.parent_id.trim().parse::<i64>().ok(),
    };
    let mut errors = match &input {
        Ok(_) => FieldErrors::new(),
        Err(e) => e.clone(),
    };
    if let Some(pid) = parent {
        let excluded = editing
            .map(|id| tree::self_and_descendants(bodies, id))
            .unwrap_or_default();
        if excluded.contains(&pid) {
            errors.add("parent_id", "body-error-parent-cycle");
        } else if !bodies.iter().any(|b| b.id == pid) {
            errors.add("parent_id", "body-error-parent");
        }
    }
    if let Ok(i) = &input {
        let (code_taken, slug_taken) = store::taken(&state.db, &i.code, &i.slug, editing).await?;
        if code_taken {
            errors.add("code", "body-error-code-taken");
        }
        if slug_taken {
            errors.add("slug", "body-error-slug-taken");
        }
    }
    if !errors.is_empty() {
        input = Err(errors);
    }
    Ok(input)
}

/// Field errors for a unique violation that slipped past [`check`] (a concurrent save).
async fn unique_errors(
    state: &AppState,
    input: &BodyInput,
    editing: Option<i64>,
) -> AppResult<FieldErrors> {
    let (code_taken, slug_taken) =
        store::taken(&state.db, &input.code, &input.slug, editing).await?;
    let mut errors = FieldErrors::new();
    if slug_taken && !code_taken {
        errors.add("slug", "body-error-slug-taken");
    } else {
        errors.add("code", "body-error-code-taken");
    }
    Ok(errors)
}

fn saved(slug: &str) -> Response {
    Redirect::to(&format!("{}?done=notice-body-saved", body_href(slug))).into_response()
}

/// A row of the administrators' list.
#[derive(Debug, Clone)]
pub struct AdminRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub href: String,
    pub kind: String,
    pub parent: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin_bodies.html")]
struct AdminListPage<'a> {
    ctx: &'a PageCtx,
    rows: Vec<AdminRow>,
}

/// `GET /admin/bodies`.
pub async fn admin_list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let bodies = store::list_all(&state.db, true).await?;
    let by_id: HashMap<i64, &Body> = bodies.iter().map(|b| (b.id, b)).collect();
    let rows = tree::ordered(&bodies, |_| true, ctx.lang)
        .into_iter()
        .map(|item| {
            let b = item.body;
            AdminRow {
                id: b.id,
                code: b.code.clone(),
                name: ctx.text(&b.name).to_owned(),
                href: body_href(&b.slug),
                kind: kind_label(&ctx, &b.kind),
                parent: b
                    .parent_id
                    .and_then(|p| by_id.get(&p))
                    .map(|p| ctx.text(&p.name).to_owned())
                    .unwrap_or_default(),
                active: b.active,
            }
        })
        .collect();
    ctx.render(&AdminListPage { ctx: &ctx, rows })
}

/// `GET /admin/bodies/new`.
pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let bodies = store::list_all(&state.db, true).await?;
    render_form(&ctx, &bodies, None, &BodyForm::blank(), &FieldErrors::new())
}

/// `POST /admin/bodies/new`.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<BodyForm>,
) -> AppResult<Response> {
    let user = ctx.require_role(Role::Administrator)?;
    let bodies = store::list_all(&state.db, true).await?;
    let input = match check(&state, &bodies, &form, None).await? {
        Ok(input) => input,
        Err(errors) => {
            return render_form(&ctx, &bodies, None, &form, &errors);
        }
    };
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let id = match store::create(&mut tx, now, &input).await {
        Ok(id) => id,
        Err(err) if is_unique_violation(&err) => {
            drop(tx);
            let errors = unique_errors(&state, &input, None).await?;
            return render_form(&ctx, &bodies, None, &form, &errors);
        }
        Err(err) => return Err(err.into()),
    };
    let event = Event::new("body.create", "body", id)
        .body(Some(id))
        .data(json!({
            "code": input.code,
            "slug": input.slug,
            "kind": input.kind.code(),
            "parent_id": input.parent_id,
            "name": input.name,
            "active": input.active,
        }));
    opengov_audit::append(&mut tx, now, &actor(user), event).await?;
    tx.commit().await?;
    crate::directory::invalidate(&state);
    Ok(saved(&input.slug))
}

/// `GET /admin/bodies/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    ctx.require_role(Role::Administrator)?;
    let body = load_body(&state, id).await?;
    let bodies = store::list_all(&state.db, true).await?;
    render_form(
        &ctx,
        &bodies,
        Some(&body),
        &BodyForm::from_body(&body),
        &FieldErrors::new(),
    )
}

/// `POST /admin/bodies/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<BodyForm>,
) -> AppResult<Response> {
    let user = ctx.require_role(Role::Administrator)?;
    let body = load_body(&state, id).await?;
    let bodies = store::list_all(&state.db, true).await?;
    let input = match check(&state, &bodies, &form, Some(id)).await? {
        Ok(input) => input,
        Err(errors) => {
            return render_form(&ctx, &bodies, Some(&body), &form, &errors);
        }
    };
    let changed = store::changed_fields(&body, &input);
    if changed.is_empty() {
        return Ok(saved(&input.slug));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    match store::update(&mut tx, now, id, &input).await {
        Ok(true) => {}
        Ok(false) => return Err(AppError::NotFound),
        Err(err) if is_unique_violation(&err) => {
            drop(tx);
            let errors = unique_errors(&state, &input, Some(id)).await?;
            return render_form(&ctx, &bodies, Some(&body), &form, &errors);
        }
        Err(err) => return Err(err.into()),
    }
    let event = Event::new("body.update", "body", id)
        .body(Some(id))
        .data(json!({
            "code": input.code,
            "slug": input.slug,
            "changed": changed,
        }));
    opengov_audit::append(&mut tx, now, &actor(user), event).await?;
    tx.commit().await?;
    crate::directory::invalidate(&state);
    Ok(saved(&input.slug))
}
