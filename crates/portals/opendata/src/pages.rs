//! The catalogue's pages: `GET /data` (public datasets), `GET /data/{name}` (one dataset with
//! its history and schema.org JSON-LD), `GET /data/licences`, and for publishers
//! `GET /workspace/data`, `GET|POST /data/new`, `GET|POST /data/{name}/edit` and
//! `POST /data/{name}/{publish|withdraw|unpublish}`.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opengov_kernel::{LocalizedText, Role};
use opengov_web::form::{FieldErrors, Form};
use opengov_web::{AppError, AppResult, AppState, PageCtx};
use serde_json::json;

use crate::domain::{self, DatasetForm, State as DsState};
use crate::store::{self, Dataset};
use crate::vocab;
use crate::workflow;

/// A dataset in a list.
#[derive(Debug, Clone)]
pub struct Card {
    pub href: String,
    pub title: String,
    pub title_lang: &'static str,
    pub body: String,
    pub state: String,
    pub state_code: &'static str,
    pub private: bool,
    pub themes: Vec<String>,
    pub modified: String,
}

fn card(ctx: &PageCtx, directory: &opengov_bodies::directory::Directory, d: &Dataset) -> Card {
    let title = d.title();
    Card {
        href: format!("/data/{}", d.name),
        title: ctx.text(&title).to_owned(),
        title_lang: ctx.text_lang(&title),
        body: directory
            .by_id(d.body_id)
            .map(|b| ctx.text(&b.name).to_owned())
            .unwrap_or_default(),
        state: ctx.t(d.state().label_key()),
        state_code: d.state().code(),
        private: d.private,
        themes: d
            .theme_codes()
            .iter()
            .filter_map(|c| vocab::theme(c))
            .map(|t| ctx.text(&t.name()).to_owned())
            .collect(),
        modified: ctx.datetime(d.updated_at),
    }
}

#[derive(Template)]
#[template(path = "data_list.html")]
struct ListPage<'a> {
    ctx: &'a PageCtx,
    cards: Vec<Card>,
    prev: Option<String>,
    next: Option<String>,
    can_publish: bool,
    q: String,
    sort: &'static str,
    sorts: Vec<(&'static str, String)>,
    /// "N datasets found", in words.
    found: String,
    facets: Vec<FacetBlock>,
    /// The filters in force, each with the address that drops it.
    chosen: Vec<(String, String)>,
    /// The facet filters, kept as hidden fields when the search form is sent again.
    kept: Vec<(String, String)>,
    problem: Option<String>,
}

/// One facet on the catalogue page: its values with counts, each a link that adds or removes
/// it as a filter.
#[derive(Debug, Clone)]
pub struct FacetBlock {
    pub field: &'static str,
    pub title: String,
    pub items: Vec<FacetItem>,
}

#[derive(Debug, Clone)]
pub struct FacetItem {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub selected: bool,
}

/// Datasets per catalogue page.
const LIST_PAGE: usize = 20;

const SORTS: [(&str, &str, &str); 4] = [
    (
        "relevance",
        "data-sort-relevance",
        "score desc, metadata_modified desc",
    ),
    ("modified", "data-sort-modified", "metadata_modified desc"),
    ("name", "data-sort-name", "name asc"),
    (
        "popularity",
        "data-sort-popularity",
        "popularity desc, metadata_modified desc",
    ),
];

/// A Solr term with quotes and backslashes escaped.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn list_href(params: &[(String, String)]) -> String {
    if params.is_empty() {
        return "/data".to_owned();
    }
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        q.append_pair(k, v);
    }
    format!("/data?{}", q.finish())
}

fn facet_label(
    ctx: &PageCtx,
    directory: &opengov_bodies::directory::Directory,
    field: &str,
    value: &str,
) -> String {
    match field {
        "organization" => directory
            .by_slug(value)
            .map_or_else(|| value.to_owned(), |b| ctx.text(&b.name).to_owned()),
        "groups" => vocab::theme(&value.to_uppercase())
            .map_or_else(|| value.to_owned(), |t| ctx.text(&t.name()).to_owned()),
        "license_id" => {
            vocab::licence(value).map_or_else(|| value.to_owned(), |l| l.title.to_owned())
        }
        _ => value.to_owned(),
    }
}

/// `GET /data`: the catalogue, searched (`q`, in any of the three languages), filtered by facet
/// (`organization`, `groups`, `tags`, `res_format`, `license_id`; each may repeat), sorted and
/// paged, all with plain links and a form.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> AppResult<Response> {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .filter(|(_, v)| !v.is_empty() && v.len() <= 500 && !v.contains('\0'))
            .take(50)
            .collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let q = get("q").unwrap_or_default();
    // "auto" (or none) is relevance for a search and the newest first without one, so that a
    // search sent from a page that listed the newest is ranked by relevance.
    let asked = SORTS
        .iter()
        .find(|(code, _, _)| Some(*code) == get("sort").as_deref())
        .map(|s| s.0);
    let sort = asked.unwrap_or(if q.trim().is_empty() {
        "modified"
    } else {
        "relevance"
    });
    let page: usize = get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .clamp(1, opengov_search::MAX_START / LIST_PAGE);
    let filters: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| crate::search::FACETS.contains(&k.as_str()))
        .cloned()
        .collect();
    // Everything that stays when a page link or a facet link is followed.
    let mut base: Vec<(String, String)> = Vec::new();
    if !q.is_empty() {
        base.push(("q".into(), q.clone()));
    }
    base.extend(filters.iter().cloned());
    if let Some(asked) = asked {
        base.push(("sort".into(), asked.to_owned()));
    }
    let sort_spec = SORTS.iter().find(|s| s.0 == sort).map_or("", |s| s.2);
    // Officials also find their own bodies' private datasets, as CKAN's search page does.
    let directory = opengov_bodies::directory::get(&state).await?;
    let visibility = crate::search::visibility(ctx.user.as_ref(), true, &directory);
    let query = opengov_search::Query {
        q: q.clone(),
        fq: std::iter::once(visibility)
            .chain(filters.iter().map(|(k, v)| format!("{k}:{}", quoted(v))))
            .collect(),
        sort: crate::ckan::parse_sort(sort_spec).unwrap_or_default(),
        start: (page - 1) * LIST_PAGE,
        rows: LIST_PAGE,
        facets: crate::search::FACETS
            .iter()
            .map(|f| (*f).to_owned())
            .collect(),
        facet_limit: 12,
        facet_mincount: 1,
    };
    crate::search::catch_up(&state).await?;
    let catalogue = crate::search::service(&state)?;
    let (hits, problem) = match catalogue.search(query).await {
        Ok(hits) => (hits, None),
        Err(AppError::Unprocessable(m)) => (opengov_search::Hits::default(), Some(ctx.msg(&m))),
        Err(e) => return Err(e),
    };
    let ids: Vec<i64> = hits.ids.iter().filter_map(|i| i.parse().ok()).collect();
    let datasets = store::by_ids(&state.db, &ids).await?;
    let facets = hits
        .facets
        .iter()
        .filter_map(|(field, values)| {
            let field = *crate::search::FACETS.iter().find(|f| *f == field)?;
            let items = values
                .iter()
                .map(|(value, count)| {
                    let selected = filters.iter().any(|(k, v)| k == field && v == value);
                    let mut params: Vec<(String, String)> = base
                        .iter()
                        .filter(|(k, v)| !(k == field && v == value))
                        .cloned()
                        .collect();
                    if !selected {
                        params.push((field.to_owned(), value.clone()));
                    }
                    FacetItem {
                        label: facet_label(&ctx, &directory, field, value),
                        count: *count,
                        href: list_href(&params),
                        selected,
                    }
                })
                .collect::<Vec<_>>();
            (!items.is_empty()).then(|| FacetBlock {
                field,
                title: ctx.t(&format!("data-facet-{field}")),
                items,
            })
        })
        .collect();
    let chosen = filters
        .iter()
        .map(|(k, v)| {
            let params: Vec<(String, String)> = base
                .iter()
                .filter(|(bk, bv)| !(bk == k && bv == v))
                .cloned()
                .collect();
            (facet_label(&ctx, &directory, k, v), list_href(&params))
        })
        .collect();
    let page_href = |n: usize| {
        let mut params = base.clone();
        params.push(("page".into(), n.to_string()));
        list_href(&params)
    };
    let shown_to = (page - 1) * LIST_PAGE + datasets.len();
    ctx.render(&ListPage {
        ctx: &ctx,
        cards: datasets.iter().map(|d| card(&ctx, &directory, d)).collect(),
        prev: (page > 1).then(|| page_href(page - 1)),
        next: ((shown_to as u64) < hits.total).then(|| page_href(page + 1)),
        can_publish: ctx
            .user
            .as_ref()
            .is_some_and(|u| !u.bodies_with(Role::Publisher).is_empty()),
        found: ctx.t_args("data-found", &[("count", &hits.total.to_string())]),
        sorts: std::iter::once(("auto", ctx.t("data-sort-auto")))
            .chain(SORTS.iter().map(|(code, key, _)| (*code, ctx.t(key))))
            .collect(),
        q,
        sort: asked.unwrap_or("auto"),
        facets,
        chosen,
        kept: filters,
        problem,
    })
}

/// One line of the history.
#[derive(Debug, Clone)]
pub struct HistoryLine {
    pub at: String,
    pub what: String,
    pub who: String,
}

#[derive(Template)]
#[template(path = "data_show.html")]
struct ShowPage<'a> {
    ctx: &'a PageCtx,
    d: &'a Dataset,
    title: String,
    title_lang: &'static str,
    description: String,
    description_lang: &'static str,
    body_name: String,
    body_href: String,
    state: String,
    themes: Vec<String>,
    keywords: Vec<String>,
    licence_title: String,
    licence_url: String,
    frequency: String,
    history: Vec<HistoryLine>,
    can_edit: bool,
    json_ld: String,
    resources: Vec<ResourceCard>,
    /// Resources taken out of the dataset, newest removal first.
    removed: Vec<RemovedLine>,
}

/// A resource on the dataset page.
#[derive(Debug, Clone)]
pub struct ResourceCard {
    pub href: String,
    pub download: String,
    pub name: String,
    pub format: String,
    pub detail: String,
}

/// A resource removed from the dataset, on its page: still reachable, with its versions.
#[derive(Debug, Clone)]
pub struct RemovedLine {
    pub href: String,
    pub name: String,
    pub when: String,
}

fn history_label(ctx: &PageCtx, action: &str) -> String {
    let key = match action {
        "dataset.created" => "dataset-history-created",
        "dataset.updated" => "dataset-history-updated",
        "dataset.published" => "dataset-history-published",
        "dataset.withdrawn" => "dataset-history-withdrawn",
        "dataset.unpublished" => "dataset-history-unpublished",
        "dataset.resource_added" => "dataset-history-resource-added",
        "dataset.resource_replaced" => "dataset-history-resource-replaced",
        "dataset.resource_removed" => "dataset-history-resource-removed",
        "dataset.column_types_fixed" => "dataset-history-column-types-fixed",
        _ => return action.to_owned(),
    };
    ctx.t(key)
}

/// The dataset, if the caller may see it (404 otherwise, whether or not it exists).
async fn visible(state: &AppState, ctx: &PageCtx, name: &str) -> AppResult<Dataset> {
    if !domain::valid_name(name) {
        return Err(AppError::NotFound);
    }
    store::by_name(&state.db, name)
        .await?
        .filter(|d| workflow::can_see(ctx.user.as_ref(), d))
        .ok_or(AppError::NotFound)
}

/// schema.org `Dataset` in JSON-LD, safe to embed in a `<script>` element.
fn json_ld(state: &AppState, d: &Dataset, publisher: &LocalizedText) -> String {
    let base = state.config.public_url.trim_end_matches('/');
    let licence = vocab::licence(&d.licence).map(|l| l.absolute_url(base));
    let temporal = match (&d.temporal_start, &d.temporal_end) {
        (Some(s), Some(e)) => Some(format!("{s}/{e}")),
        (Some(s), None) => Some(format!("{s}/..")),
        (None, Some(e)) => Some(format!("../{e}")),
        (None, None) => None,
    };
    let descriptions: Vec<serde_json::Value> = [
        (d.description_kk.as_str(), "kk"),
        (d.description_ru.as_str(), "ru"),
        (d.description_en.as_str(), "en"),
    ]
    .into_iter()
    .filter(|(t, _)| !t.is_empty())
    .map(|(t, l)| json!({"@language": l, "@value": t}))
    .collect();
    let doc = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": format!("{base}/data/{}", d.name),
        "url": format!("{base}/data/{}", d.name),
        "name": [
            {"@language": "kk", "@value": d.title_kk},
            {"@language": "ru", "@value": d.title_ru},
            {"@language": "en", "@value": d.title_en},
        ],
        "description": descriptions,
        "keywords": d.keyword_list(),
        "license": licence,
        "isAccessibleForFree": true,
        "publisher": {"@type": "GovernmentOrganization", "name": publisher.ru},
        "temporalCoverage": temporal,
        "spatialCoverage": (!d.spatial.is_empty()).then_some(d.spatial.as_str()),
        "dateModified": d.updated_at.to_text(),
        "datePublished": d.published_at.map(opengov_kernel::Ts::to_text),
    });
    doc.to_string().replace("</", "<\\/")
}

/// `GET /data/{name}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
) -> AppResult<Response> {
    let d = visible(&state, &ctx, &name).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let body = directory.by_id(d.body_id);
    let title = d.title();
    let description = d.description();
    let licence = vocab::licence(&d.licence);
    let history = store::history(&state.db, d.id)
        .await?
        .into_iter()
        .map(|(at, action, who)| HistoryLine {
            at: ctx.datetime(at),
            what: history_label(&ctx, &action),
            who,
        })
        .collect();
    let publisher = body.map(|b| b.name.clone()).unwrap_or_default();
    let (list, current, removed) =
        crate::resources::of_dataset_with_removed(&state.db, d.id).await?;
    let removed = removed
        .into_iter()
        .map(|r| RemovedLine {
            href: format!("/data/{}/resources/{}", d.name, r.id),
            when: r.removed_at.map(|t| ctx.datetime(t)).unwrap_or_default(),
            name: r.name,
        })
        .collect();
    let resources = list
        .into_iter()
        .map(|r| {
            let detail = match current.iter().find(|(id, _)| *id == r.id) {
                Some((_, v)) => {
                    format!("v{} · {}", v.version, crate::resources::human_size(v.size))
                }
                None => r.url.clone(),
            };
            ResourceCard {
                href: format!("/data/{}/resources/{}", d.name, r.id),
                download: format!("/data/{}/resources/{}/download", d.name, r.id),
                name: r.name,
                format: r.format,
                detail,
            }
        })
        .collect();
    let page = ShowPage {
        ctx: &ctx,
        d: &d,
        title: ctx.text(&title).to_owned(),
        title_lang: ctx.text_lang(&title),
        description: ctx.text(&description).to_owned(),
        description_lang: ctx.text_lang(&description),
        body_name: ctx.text(&publisher).to_owned(),
        body_href: body
            .map(|b| format!("/bodies/{}", b.slug))
            .unwrap_or_default(),
        state: ctx.t(d.state().label_key()),
        themes: d
            .theme_codes()
            .iter()
            .filter_map(|c| vocab::theme(c))
            .map(|t| ctx.text(&t.name()).to_owned())
            .collect(),
        keywords: d.keyword_list().iter().map(|k| (*k).to_owned()).collect(),
        licence_title: licence.map(|l| l.title.to_owned()).unwrap_or_default(),
        licence_url: licence.map(|l| l.url.to_owned()).unwrap_or_default(),
        frequency: vocab::frequency(&d.frequency)
            .map(|f| ctx.text(&f.name()).to_owned())
            .unwrap_or_default(),
        history,
        can_edit: workflow::can_publish(ctx.user.as_ref(), d.body_id),
        json_ld: json_ld(&state, &d, &publisher),
        resources,
        removed,
    };
    ctx.render(&page)
}

#[derive(Template)]
#[template(path = "data_licences.html")]
struct LicencesPage<'a> {
    ctx: &'a PageCtx,
    licences: &'static [vocab::Licence],
}

/// `GET /data/licences` and `GET /data/licences/{id}`: the licence registry.
pub async fn licences(ctx: PageCtx) -> AppResult<Response> {
    ctx.render(&LicencesPage {
        ctx: &ctx,
        licences: &vocab::LICENCES,
    })
}

/// `GET /data/licences/{id}`: the registry, at the licence.
pub async fn licence(Path(id): Path<String>) -> AppResult<Response> {
    let l = vocab::licence(&id).ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/data/licences#{}", l.id)).into_response())
}

/// A checkbox or select option.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "data_form.html")]
struct FormPage<'a> {
    ctx: &'a PageCtx,
    heading: String,
    action: String,
    form: DatasetForm,
    bodies: Vec<Choice>,
    themes: Vec<Choice>,
    licences: Vec<Choice>,
    frequencies: Vec<Choice>,
    errors: Vec<(String, String)>,
    field_errors: std::collections::BTreeMap<&'static str, String>,
    editing: bool,
}

fn publisher_bodies(ctx: &PageCtx) -> Vec<i64> {
    ctx.user
        .as_ref()
        .map(|u| u.bodies_with(Role::Publisher))
        .unwrap_or_default()
}

async fn render_form(
    state: &AppState,
    ctx: &PageCtx,
    form: DatasetForm,
    errors: &FieldErrors,
    editing: Option<&str>,
) -> AppResult<Response> {
    let directory = opengov_bodies::directory::get(state).await?;
    let bodies = publisher_bodies(ctx)
        .into_iter()
        .filter_map(|id| directory.by_id(id))
        .map(|b| Choice {
            value: b.id.to_string(),
            label: ctx.text(&b.name).to_owned(),
            selected: form.body == b.id.to_string(),
        })
        .collect();
    let chosen: Vec<String> = form
        .themes
        .split([',', ' '])
        .map(|s| s.trim().to_ascii_uppercase())
        .collect();
    let themes = vocab::THEMES
        .iter()
        .map(|t| Choice {
            value: t.code.to_owned(),
            label: ctx.text(&t.name()).to_owned(),
            selected: chosen.iter().any(|c| c == t.code),
        })
        .collect();
    let licences = vocab::LICENCES
        .iter()
        .map(|l| Choice {
            value: l.id.to_owned(),
            label: l.title.to_owned(),
            selected: form.licence == l.id,
        })
        .collect();
    let frequencies = vocab::FREQUENCIES
        .iter()
        .map(|f| Choice {
            value: f.code.to_owned(),
            label: ctx.text(&f.name()).to_owned(),
            selected: form.frequency == f.code,
        })
        .collect();
    let field_errors = errors.translate(ctx);
    let summary = field_errors
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let page = FormPage {
        ctx,
        heading: match editing {
            Some(_) => ctx.t("dataset-edit-title"),
            None => ctx.t("dataset-new-title"),
        },
        action: match editing {
            Some(name) => format!("/data/{name}/edit"),
            None => "/data/new".to_owned(),
        },
        form,
        bodies,
        themes,
        licences,
        frequencies,
        errors: summary,
        field_errors,
        editing: editing.is_some(),
    };
    ctx.render_form(&page, !errors.is_empty())
}

/// `GET /data/new`.
pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_user()?;
    let bodies = publisher_bodies(&ctx);
    let Some(first) = bodies.first() else {
        return Err(AppError::forbidden());
    };
    let form = DatasetForm {
        body: first.to_string(),
        licence: "CC-BY-4.0".into(),
        frequency: "ANNUAL".into(),
        ..DatasetForm::default()
    };
    render_form(&state, &ctx, form, &FieldErrors::new(), None).await
}

/// A submitted form: several `themes` checkboxes become one list.
fn gather(fields: Vec<(String, String)>) -> DatasetForm {
    let mut themes: Vec<String> = Vec::new();
    let mut rest: Vec<(String, String)> = Vec::new();
    for (k, v) in fields {
        if k == "themes" {
            themes.push(v);
        } else {
            rest.push((k, v));
        }
    }
    let map: std::collections::HashMap<String, String> = rest.into_iter().collect();
    let get = |k: &str| map.get(k).cloned().unwrap_or_default();
    DatasetForm {
        name: get("name"),
        body: get("body"),
        title_kk: get("title_kk"),
        title_ru: get("title_ru"),
        title_en: get("title_en"),
        description_kk: get("description_kk"),
        description_ru: get("description_ru"),
        description_en: get("description_en"),
        themes: themes.join(" "),
        keywords: get("keywords"),
        licence: get("licence"),
        frequency: get("frequency"),
        temporal_start: get("temporal_start"),
        temporal_end: get("temporal_end"),
        spatial: get("spatial"),
        contact_name: get("contact_name"),
        contact_email: get("contact_email"),
        private: get("private"),
    }
}

/// `POST /data/new`.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    if user.bodies_with(Role::Publisher).is_empty() {
        return Err(AppError::forbidden());
    }
    let form = gather(fields);
    let checked = domain::validate(&form, |b| workflow::can_publish(Some(&user), b));
    let input = match checked {
        Ok(i) => i,
        Err(errors) => return render_form(&state, &ctx, form, &errors, None).await,
    };
    match workflow::create(&state, &user, &input).await? {
        Ok(_) => Ok(
            Redirect::to(&format!("/data/{}?done=notice-dataset-created", input.name))
                .into_response(),
        ),
        Err(errors) => render_form(&state, &ctx, form, &errors, None).await,
    }
}

fn form_of(d: &Dataset) -> DatasetForm {
    DatasetForm {
        name: d.name.clone(),
        body: d.body_id.to_string(),
        title_kk: d.title_kk.clone(),
        title_ru: d.title_ru.clone(),
        title_en: d.title_en.clone(),
        description_kk: d.description_kk.clone(),
        description_ru: d.description_ru.clone(),
        description_en: d.description_en.clone(),
        themes: d.themes.clone(),
        keywords: d.keywords.clone(),
        licence: d.licence.clone(),
        frequency: d.frequency.clone(),
        temporal_start: d.temporal_start.clone().unwrap_or_default(),
        temporal_end: d.temporal_end.clone().unwrap_or_default(),
        spatial: d.spatial.clone(),
        contact_name: d.contact_name.clone(),
        contact_email: d.contact_email.clone(),
        private: if d.private {
            "on".into()
        } else {
            String::new()
        },
    }
}

/// `GET /data/{name}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let d = visible(&state, &ctx, &name).await?;
    if !workflow::can_publish(ctx.user.as_ref(), d.body_id) {
        return Err(AppError::forbidden());
    }
    render_form(
        &state,
        &ctx,
        form_of(&d),
        &FieldErrors::new(),
        Some(&d.name),
    )
    .await
}

/// `POST /data/{name}/edit`.
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let d = visible(&state, &ctx, &name).await?;
    if !workflow::can_publish(Some(&user), d.body_id) {
        return Err(AppError::forbidden());
    }
    let mut form = gather(fields);
    // The body of a dataset does not change.
    form.body = d.body_id.to_string();
    let input = match domain::validate(&form, |b| b == d.body_id) {
        Ok(i) => i,
        Err(errors) => return render_form(&state, &ctx, form, &errors, Some(&d.name)).await,
    };
    match workflow::update(&state, &user, &d.name, &input).await? {
        Ok(()) => Ok(
            Redirect::to(&format!("/data/{}?done=notice-dataset-updated", input.name))
                .into_response(),
        ),
        Err(errors) => render_form(&state, &ctx, form, &errors, Some(&d.name)).await,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    pub reason: String,
}

async fn change_state(
    state: &AppState,
    ctx: &PageCtx,
    name: &str,
    to: DsState,
    reason: &str,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    workflow::set_state(state, &user, name, to, reason).await?;
    let notice = match to {
        DsState::Published => "notice-dataset-published",
        DsState::Withdrawn => "notice-dataset-withdrawn",
        DsState::Draft => "notice-dataset-unpublished",
    };
    Ok(Redirect::to(&format!("/data/{name}?done={notice}")).into_response())
}

/// `POST /data/{name}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
) -> AppResult<Response> {
    change_state(&state, &ctx, &name, DsState::Published, "").await
}

/// `POST /data/{name}/withdraw`: `reason`.
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
    Form(f): Form<ReasonForm>,
) -> AppResult<Response> {
    change_state(&state, &ctx, &name, DsState::Withdrawn, &f.reason).await
}

/// `POST /data/{name}/unpublish`: back to draft.
pub async fn unpublish(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(name): Path<String>,
) -> AppResult<Response> {
    change_state(&state, &ctx, &name, DsState::Draft, "").await
}

#[derive(Template)]
#[template(path = "data_workspace.html")]
struct WorkspacePage<'a> {
    ctx: &'a PageCtx,
    groups: Vec<(String, Vec<Card>)>,
}

/// `GET /workspace/data`: the datasets of the bodies the user publishes for, drafts included.
pub async fn workspace(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    ctx.require_user()?;
    let bodies = publisher_bodies(&ctx);
    if bodies.is_empty() {
        return Err(AppError::forbidden());
    }
    let directory = opengov_bodies::directory::get(&state).await?;
    let mut groups = Vec::new();
    for id in bodies {
        let Some(b) = directory.by_id(id) else {
            continue;
        };
        let rows = store::of_body(&state.db, id, 500).await?;
        groups.push((
            ctx.text(&b.name).to_owned(),
            rows.iter().map(|d| card(&ctx, &directory, d)).collect(),
        ));
    }
    ctx.render(&WorkspacePage { ctx: &ctx, groups })
}
