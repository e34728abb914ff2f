//! CKAN's write actions on datasets: `package_create`, `package_update` (the whole dict),
//! `package_patch` (only the keys given) and `package_delete`. They need a token of a publisher
//! of the owning body (`owner_org`), refuse GET, and answer validation problems as CKAN does:
//! 409 with a field-keyed dict. They go through the same validation and workflow as the pages,
//! so the audit chain and the history are the same. `package_delete` withdraws the dataset: a
//! state's published data does not vanish; it stays visible as withdrawn, with the reason.
//! `package_create` and `package_update` take new link resources inline in `resources`, as
//! CKAN clients send them; given `resources`, `package_update` and `package_patch` take the
//! resources left out of the list out of the dataset, as CKAN does (their versions stay
//! downloadable). `resource_delete` does that for one resource.

use std::collections::HashMap;

use opengov_kernel::Lang;
use opengov_web::AppState;
use opengov_web::auth::CurrentUser;
use opengov_web::form::FieldErrors;
use serde_json::{Map, Value, json};

use crate::ckan::CkanError;
use crate::domain::{self, DatasetForm, State};
use crate::store::{self, Dataset};
use crate::{vocab, workflow};

/// The actions this module answers.
pub const ACTIONS: [&str; 4] = [
    "package_create",
    "package_update",
    "package_patch",
    "package_delete",
];

/// The resource actions this module answers (with a JSON body for links, or multipart with
/// the file in `upload`).
pub const RESOURCE_ACTIONS: [&str; 4] = [
    "resource_create",
    "resource_update",
    "resource_patch",
    "resource_delete",
];

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The dataset form a CKAN package dict describes.
fn form_from(p: &HashMap<String, Value>, body_id: Option<i64>) -> DatasetForm {
    let translated = |key: &str, lang: &str, plain: &str| {
        p.get(key)
            .and_then(|t| t.get(lang))
            .and_then(Value::as_str)
            .map_or_else(|| text(p.get(plain)), str::to_owned)
    };
    let extras: HashMap<String, String> = p
        .get("extras")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|e| Some((e.get("key")?.as_str()?.to_owned(), text(e.get("value")))))
                .collect()
        })
        .unwrap_or_default();
    let field = |key: &str| {
        p.get(key)
            .map(|v| text(Some(v)))
            .or_else(|| extras.get(key).cloned())
            .unwrap_or_default()
    };
    let tags = p.get("tags").and_then(Value::as_array).map_or_else(
        || field("keywords"),
        |list| {
            list.iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str).or_else(|| t.as_str()))
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    // Themes may come as codes or as EU vocabulary URIs.
    let themes = match p.get("theme").or_else(|| p.get("themes")) {
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| text(Some(v)))
            .collect::<Vec<_>>()
            .join(" "),
        Some(v) => text(Some(v)),
        None => extras.get("theme").cloned().unwrap_or_default(),
    }
    .replace(vocab::THEME_BASE, "");
    let frequency = field("frequency").replace(vocab::FREQUENCY_BASE, "");
    DatasetForm {
        name: text(p.get("name")),
        body: body_id.map(|b| b.to_string()).unwrap_or_default(),
        title_kk: translated("title_translated", "kk", "title"),
        title_ru: translated("title_translated", "ru", "title"),
        title_en: translated("title_translated", "en", "title"),
        description_kk: translated("notes_translated", "kk", "notes"),
        description_ru: translated("notes_translated", "ru", "notes"),
        description_en: translated("notes_translated", "en", "notes"),
        themes,
        keywords: tags,
        licence: text(p.get("license_id")),
        frequency: if frequency.is_empty() {
            "UNKNOWN".to_owned()
        } else {
            frequency
        },
        temporal_start: field("temporal_start"),
        temporal_end: field("temporal_end"),
        spatial: field("spatial_text"),
        contact_name: text(p.get("maintainer")),
        contact_email: text(p.get("maintainer_email")),
        private: match p.get("private") {
            Some(Value::Bool(true)) => "on".to_owned(),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => "on".to_owned(),
            _ => String::new(),
        },
    }
}

/// The package dict of a stored dataset, as the keys `form_from` reads (for `package_patch`).
fn dict_of(d: &Dataset) -> HashMap<String, Value> {
    let mut m: HashMap<String, Value> = HashMap::new();
    m.insert("name".into(), json!(d.name));
    m.insert(
        "title_translated".into(),
        json!({ "kk": d.title_kk, "ru": d.title_ru, "en": d.title_en }),
    );
    m.insert(
        "notes_translated".into(),
        json!({ "kk": d.description_kk, "ru": d.description_ru, "en": d.description_en }),
    );
    m.insert("theme".into(), json!(d.themes));
    m.insert("keywords".into(), json!(d.keywords));
    m.insert("license_id".into(), json!(d.licence));
    m.insert("frequency".into(), json!(d.frequency));
    m.insert(
        "temporal_start".into(),
        json!(d.temporal_start.clone().unwrap_or_default()),
    );
    m.insert(
        "temporal_end".into(),
        json!(d.temporal_end.clone().unwrap_or_default()),
    );
    m.insert("spatial_text".into(), json!(d.spatial));
    m.insert("maintainer".into(), json!(d.contact_name));
    m.insert("maintainer_email".into(), json!(d.contact_email));
    m.insert("private".into(), json!(d.private));
    m
}

/// CKAN's validation error: each field with its messages (in English, as CKAN clients expect).
fn validation(state: &AppState, errors: &FieldErrors) -> CkanError {
    let mut map = Map::new();
    for (field, msg) in errors.iter() {
        let args: Vec<(&str, &str)> = msg.args.iter().map(|(a, v)| (*a, v.as_str())).collect();
        let key = match field {
            "body" => "owner_org",
            "licence" => "license_id",
            "description_kk" | "description_ru" | "description_en" => "notes",
            f if f.starts_with("title_") => "title",
            "keywords" => "tags",
            "contact_email" => "maintainer_email",
            f => f,
        };
        let text = state.catalog.t_args(Lang::En, msg.key, &args);
        if let Some(list) = map
            .entry(key.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
        {
            list.push(Value::String(text));
        }
    }
    CkanError::Validation(Value::Object(map))
}

async fn body_of(state: &AppState, p: &HashMap<String, Value>) -> Result<Option<i64>, CkanError> {
    let key = text(p.get("owner_org"));
    if key.is_empty() {
        return Ok(None);
    }
    let directory = opengov_bodies::directory::get(state).await?;
    Ok(directory
        .by_slug(&key)
        .or_else(|| key.parse::<i64>().ok().and_then(|id| directory.by_id(id)))
        .map(|b| b.id))
}

async fn existing(
    state: &AppState,
    p: &HashMap<String, Value>,
    user: &CurrentUser,
) -> Result<Dataset, CkanError> {
    let key = text(p.get("id"));
    let key = if key.is_empty() {
        text(p.get("name"))
    } else {
        key
    };
    if key.is_empty() {
        return Err(CkanError::Validation(json!({ "id": ["Missing value"] })));
    }
    let d = store::by_id_or_name(&state.db, &key)
        .await?
        .filter(|d| workflow::can_see(Some(user), d))
        .ok_or_else(|| CkanError::NotFound("Not found".into()))?;
    if workflow::can_publish(Some(user), d.body_id) {
        Ok(d)
    } else {
        Err(CkanError::Authorization(format!(
            "User not authorized to edit package {}",
            d.name
        )))
    }
}

/// Runs a write action for `user` (`None`: no valid token). Returns the new package's name.
#[allow(
    clippy::implicit_hasher,
    reason = "the parameters always come from `ckan::params`"
)]
pub async fn run(
    state: &AppState,
    action: &str,
    p: &HashMap<String, Value>,
    user: Option<&CurrentUser>,
) -> Result<String, CkanError> {
    let Some(user) = user else {
        return Err(CkanError::Authorization(format!(
            "Action {action} requires an authenticated user"
        )));
    };
    match action {
        "package_create" => {
            let body = body_of(state, p).await?;
            if body.is_some_and(|b| !workflow::can_publish(Some(user), b)) {
                return Err(CkanError::Authorization(
                    "User not authorized to add dataset to this organization".into(),
                ));
            }
            let form = form_from(p, body);
            let input = domain::validate(&form, |b| workflow::can_publish(Some(user), b))
                .map_err(|e| validation(state, &e))?;
            let links = inline_resources(state, p)?;
            workflow::create(state, user, &input)
                .await?
                .map_err(|e| validation(state, &e))?;
            add_links(state, user, &input.name, &links).await?;
            if !input.private && p.get("state").and_then(Value::as_str) != Some("draft") {
                // CKAN creates active datasets unless told otherwise.
                workflow::set_state(state, user, &input.name, State::Published, "").await?;
            }
            Ok(input.name)
        }
        "package_update" | "package_patch" => {
            let d = existing(state, p, user).await?;
            let merged = if action == "package_patch" {
                let mut base = dict_of(&d);
                for (k, v) in p {
                    if k != "id" {
                        base.insert(k.clone(), v.clone());
                    }
                }
                base
            } else {
                p.clone()
            };
            let mut form = form_from(&merged, Some(d.body_id));
            if form.name.is_empty() {
                form.name.clone_from(&d.name);
            }
            let input =
                domain::validate(&form, |b| b == d.body_id).map_err(|e| validation(state, &e))?;
            let links = inline_resources(state, p)?;
            workflow::update(state, user, &d.name, &input)
                .await?
                .map_err(|e| validation(state, &e))?;
            remove_unlisted(state, user, &d, p).await?;
            add_links(state, user, &input.name, &links).await?;
            Ok(input.name)
        }
        "resource_create" | "resource_update" | "resource_patch" | "resource_delete" => {
            let sent = crate::resources::Sent {
                name: text(p.get("name")),
                description: text(p.get("description")),
                url: text(p.get("url")),
                file: None,
                other: p
                    .iter()
                    .filter(|(k, _)| matches!(k.as_str(), "id" | "package_id"))
                    .map(|(k, v)| (k.clone(), text(Some(v))))
                    .collect(),
            };
            resource_action(state, action, sent, user).await
        }
        "package_delete" => {
            let d = existing(state, p, user).await?;
            let reason = match text(p.get("reason")) {
                r if r.trim().is_empty() => "Deleted through the CKAN API".to_owned(),
                r => r,
            };
            if d.state() != State::Withdrawn {
                workflow::set_state(state, user, &d.name, State::Withdrawn, &reason).await?;
            }
            Ok(d.name)
        }
        _ => Err(CkanError::BadRequest(format!(
            "Action name not known: {action}"
        ))),
    }
}

/// The new link resources of a package dict's `resources` list (`url`, `name`,
/// `description`), all checked before anything is written; a problem is answered as CKAN
/// does, one dict per resource (`{"resources": [{}, {"url": ["…"]}]}`). Entries with an `id`
/// are resources the dataset already has: they stay as they are (a file is changed by
/// `resource_update`, not here); those left out are removed (see [`remove_unlisted`]).
fn inline_resources(
    state: &AppState,
    p: &HashMap<String, Value>,
) -> Result<Vec<crate::resources::Sent>, CkanError> {
    let list = match p.get("resources") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(CkanError::Validation(
                json!({ "resources": ["Must be a list of resource dicts"] }),
            ));
        }
    };
    if list.len() > 100 {
        return Err(CkanError::Validation(
            json!({ "resources": ["At most 100 resources at a time"] }),
        ));
    }
    let mut links = Vec::new();
    let mut problems = Vec::new();
    let mut any = false;
    for item in list {
        let Some(r) = item.as_object() else {
            any = true;
            problems.push(json!({ "__all__": ["Must be a resource dict"] }));
            continue;
        };
        if r.get("id").is_some_and(|id| !text(Some(id)).is_empty()) {
            problems.push(json!({}));
            continue;
        }
        let url = text(r.get("url"));
        let name = match text(r.get("name")) {
            n if n.trim().is_empty() => url
                .rsplit('/')
                .find(|s| !s.is_empty())
                .unwrap_or(&url)
                .to_owned(),
            n => n,
        };
        let sent = crate::resources::Sent {
            name,
            description: text(r.get("description")),
            url,
            file: None,
            other: HashMap::new(),
        };
        if let Some(key) = crate::resources::problem(&sent) {
            any = true;
            let field = match key {
                "resource-error-name" => "name",
                "resource-error-description" => "description",
                _ => "url",
            };
            problems.push(json!({ field: [state.catalog.t(Lang::En, key)] }));
        } else {
            problems.push(json!({}));
            links.push(sent);
        }
    }
    if any {
        return Err(CkanError::Validation(json!({ "resources": problems })));
    }
    Ok(links)
}

/// As CKAN's `package_update` does when it is given `resources`: the dataset's resources whose
/// ids are not in the list are taken out of it (their versions stay downloadable). Without
/// `resources`, every resource stays.
async fn remove_unlisted(
    state: &AppState,
    user: &CurrentUser,
    d: &Dataset,
    p: &HashMap<String, Value>,
) -> Result<(), CkanError> {
    let Some(Value::Array(list)) = p.get("resources") else {
        return Ok(());
    };
    let listed: Vec<String> = list
        .iter()
        .filter_map(|r| r.get("id"))
        .map(|id| text(Some(id)))
        .collect();
    for r in crate::resources::of_dataset(&state.db, d.id).await? {
        if !listed.contains(&r.id.to_string()) {
            crate::resources::remove(state, user, d, &r).await?;
        }
    }
    Ok(())
}

/// Adds the checked link resources to the dataset named `name`.
async fn add_links(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
    links: &[crate::resources::Sent],
) -> Result<(), CkanError> {
    if links.is_empty() {
        return Ok(());
    }
    let d = store::by_name(&state.db, name)
        .await?
        .ok_or_else(|| CkanError::NotFound("Not found".into()))?;
    for sent in links {
        crate::resources::add(state, user, &d, sent).await?;
    }
    Ok(())
}

/// `resource_*` with a multipart body: the file in `upload` is streamed to storage first.
pub async fn resource_upload(
    state: &AppState,
    action: &str,
    form: axum::extract::Multipart,
    user: Option<&CurrentUser>,
) -> Result<crate::ckan::Answer, CkanError> {
    let Some(user) = user else {
        return Err(CkanError::Authorization(format!(
            "Action {action} requires an authenticated user"
        )));
    };
    // Only publishers may send files at all: nobody else streams bytes into storage.
    if user.bodies_with(opengov_kernel::Role::Publisher).is_empty() {
        return Err(CkanError::Authorization(format!(
            "User not authorized to run {action}"
        )));
    }
    let sent = crate::resources::read_form(state, None, form, "upload").await?;
    let id = resource_action(state, action, sent, user).await?;
    if action == "resource_delete" {
        return Ok(crate::ckan::Answer::Tree(Value::Null));
    }
    let show: HashMap<String, Value> = HashMap::from([("id".to_owned(), Value::String(id))]);
    crate::ckan::run(state, "resource_show", &show, Some(user)).await
}

/// The resource `id` and its dataset, if `user` may see them and the resource is still part of
/// the dataset.
async fn current(
    state: &AppState,
    id: &str,
    user: &CurrentUser,
) -> Result<(Dataset, crate::resources::Resource), CkanError> {
    let not_found = || CkanError::NotFound("Resource was not found.".into());
    let (d, _) = crate::datastore_api::visible_resource(state, id, Some(user))
        .await
        .map_err(|e| match e {
            opengov_web::AppError::NotFound => not_found(),
            other => other.into(),
        })?;
    let r = crate::resources::current_resource_of(state, &d, id)
        .await
        .map_err(|e| match e {
            opengov_web::AppError::NotFound => not_found(),
            other => other.into(),
        })?;
    Ok((d, r))
}

/// Creates a resource, replaces its file with a new version (`resource_update`/`_patch`), or
/// takes it out of its dataset (`resource_delete`, as CKAN's state `deleted`: its versions stay
/// downloadable at their addresses, as the published record); returns the resource id, or the
/// dataset's name for a removal.
async fn resource_action(
    state: &AppState,
    action: &str,
    sent: crate::resources::Sent,
    user: &CurrentUser,
) -> Result<String, CkanError> {
    let key = |k: &str| sent.other.get(k).cloned().unwrap_or_default();
    match action {
        "resource_create" => {
            let package = key("package_id");
            let d = match store::by_id_or_name(&state.db, &package).await? {
                Some(d) if workflow::can_see(Some(user), &d) => d,
                _ => {
                    crate::resources::forget(state, &sent).await;
                    return Err(CkanError::Validation(
                        json!({ "package_id": ["Not found: Dataset"] }),
                    ));
                }
            };
            let id = crate::resources::add(state, user, &d, &sent)
                .await
                .map_err(|e| match e {
                    opengov_web::AppError::Unprocessable(m) => CkanError::Validation(json!({
                        "url": [state.catalog.t(Lang::En, m.key)]
                    })),
                    other => CkanError::from(other),
                })?;
            Ok(id.to_string())
        }
        "resource_delete" => {
            crate::resources::forget(state, &sent).await;
            let (d, r) = current(state, &key("id"), user).await?;
            crate::resources::remove(state, user, &d, &r).await?;
            Ok(d.name)
        }
        _ => {
            let (d, r) = match current(state, &key("id"), user).await {
                Ok(found) => found,
                Err(e) => {
                    crate::resources::forget(state, &sent).await;
                    return Err(e);
                }
            };
            crate::resources::replace(state, user, &d, &r, &sent).await?;
            Ok(r.id.to_string())
        }
    }
}
