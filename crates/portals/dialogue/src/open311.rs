//! Open311 GeoReport v2 over appeals, so existing Open311 clients can list the services, file
//! appeals and follow the published ones.
//!
//! - A service is a body's appeal category; its `service_code` is `<body code>.<category code>`
//!   (`MF.taxes`). Body codes never hold a dot, so the first dot splits the two.
//! - `POST requests` files an appeal of kind `application` for the account of `api_key` (a
//!   platform API token) through [`workflow::file`], with the same rules and receipt as the web
//!   form; the registration number is the `service_request_id`.
//! - Only appeals whose applicant allowed a public summary, that no moderator hid and that have a
//!   category are ever listed; a private one answers 404 exactly like an unknown one. Of those,
//!   only what the applicant agreed to publish leaves: the subject and the summary, never the
//!   text, the name, the address or the location.
//! - XML and JSON; errors are `[{code, description}]` in the request's language, 404 for unknown
//!   resources, 403 for a bad or missing key, 400 for anything else the client sent.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use opengov_duty::Kind;
use opengov_kernel::{Lang, Ts};
use opengov_web::ctx::ReqLang;
use opengov_web::xml::escape_into;
use opengov_web::{AppState, Msg};

use crate::domain::{FilingForm, validate};
use crate::store::{self, CategoryRow, SummaryRow};
use crate::workflow::{self, WorkflowError};

/// The kind every Open311 request is filed as: a request to act on something, which is what
/// a service request is (a complaint is about a violated right of the applicant).
pub const KIND: Kind = Kind::Application;
/// Longest `description`, as the specification says.
pub const DESCRIPTION_MAX: usize = 4000;
/// Most requests in one list, and most ids in one `service_request_id` filter.
pub const LIST_MAX: i64 = 1000;
/// Widest `start_date`..`end_date` span, in days.
pub const SPAN_DAYS: i64 = 90;
/// When the shape of these documents last changed (discovery's `changeset`).
const CHANGESET: &str = "2026-03-02T00:00:00Z";
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

/// `GET /open311/v2/discovery.{fmt}`, `GET /open311/v2/services.{fmt}`,
/// `GET /open311/v2/services/{service_code}.{fmt}`, `GET|POST /open311/v2/requests.{fmt}`,
/// `GET /open311/v2/requests/{id}.{fmt}`, `GET /open311/v2/tokens/{token}.{fmt}`; anything
/// else under `/open311/` is an Open311 404.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/open311/v2/{name}",
            get(top).post(create).fallback(not_allowed),
        )
        .route(
            "/open311/v2/services/{name}",
            get(service_definition).fallback(not_allowed),
        )
        .route(
            "/open311/v2/requests/{name}",
            get(one_request).fallback(not_allowed),
        )
        .route(
            "/open311/v2/tokens/{name}",
            get(token).fallback(not_allowed),
        )
        .route("/open311/{*rest}", any(unknown))
}

/// The two formats; the file name of the resource says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

/// Splits `services.json` into `("services", Json)`; `None` without a known format.
#[must_use]
pub fn split_format(name: &str) -> Option<(&str, Format)> {
    let (stem, ext) = name.rsplit_once('.')?;
    let format = if ext.eq_ignore_ascii_case("xml") {
        Format::Xml
    } else if ext.eq_ignore_ascii_case("json") {
        Format::Json
    } else {
        return None;
    };
    (!stem.is_empty()).then_some((stem, format))
}

/// A document: the same tree becomes XML (`Obj` children are elements, a `List` repeats its
/// item element) or JSON (the Spark convention: objects, arrays, strings).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Int(i64),
    Bool(bool),
    /// Absent: an empty element, or `null`.
    Null,
    Obj(Vec<(&'static str, Node)>),
    List(&'static str, Vec<Node>),
}

impl Node {
    fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    /// Text, or `Null` when empty.
    fn opt(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Self::Null
        } else {
            Self::Text(s)
        }
    }

    fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Self::Text(s) => Value::String(s.clone()),
            Self::Int(n) => Value::from(*n),
            Self::Bool(b) => Value::Bool(*b),
            Self::Null => Value::Null,
            Self::Obj(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.to_json()))
                    .collect(),
            ),
            Self::List(_, items) => Value::Array(items.iter().map(Self::to_json).collect()),
        }
    }

    fn write_xml(&self, out: &mut String) {
        match self {
            Self::Text(s) => escape_into(out, s),
            Self::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Null => {}
            Self::Obj(fields) => {
                for (tag, value) in fields {
                    element(out, tag, value);
                }
            }
            Self::List(tag, items) => {
                for item in items {
                    element(out, tag, item);
                }
            }
        }
    }
}

fn element(out: &mut String, tag: &str, value: &Node) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    value.write_xml(out);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// A whole document in `format` under the root element `root`.
#[must_use]
pub fn render(format: Format, root: &str, node: &Node) -> String {
    match format {
        Format::Json => node.to_json().to_string(),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            element(&mut out, root, node);
            out.push('\n');
            out
        }
    }
}

fn respond(status: StatusCode, format: Format, root: &str, node: &Node) -> Response {
    let content_type = match format {
        Format::Xml => "text/xml; charset=utf-8",
        Format::Json => "application/json; charset=utf-8",
    };
    let mut response = (status, render(format, root, node)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// What every handler needs of the request: its language and query.
#[derive(Debug, Clone)]
pub struct Req {
    pub lang: Lang,
    query: Vec<(String, String)>,
    /// The query carried a NUL, which no field may hold.
    query_nul: bool,
}

impl FromRequestParts<AppState> for Req {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = parts
            .extensions
            .get::<ReqLang>()
            .map_or(state.config.default_lang, |l| l.0);
        let raw = parts.uri.query().unwrap_or("");
        Ok(Self {
            lang,
            query: url::form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
            query_nul: opengov_web::form::has_nul(raw.as_bytes()),
        })
    }
}

/// Every value of a parameter, split at commas, trimmed, empty ones dropped (the
/// specification lets lists be comma separated or repeated).
fn list_param(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The last non-empty value of a parameter.
fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.as_str())
}

/// An Open311 error answer, already in words.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    descriptions: Vec<String>,
}

impl Failure {
    fn new(state: &AppState, lang: Lang, status: StatusCode, msg: &Msg) -> Self {
        Self {
            status,
            descriptions: vec![words(state, lang, msg)],
        }
    }

    fn not_found(state: &AppState, lang: Lang) -> Self {
        Self::new(state, lang, StatusCode::NOT_FOUND, &Msg::new("error-404"))
    }

    fn bad(state: &AppState, lang: Lang, msg: &Msg) -> Self {
        Self::new(state, lang, StatusCode::BAD_REQUEST, msg)
    }

    /// A problem of a parameter, named in the protocol's terms.
    fn bad_param(state: &AppState, lang: Lang, detail: &str) -> Self {
        Self::bad(
            state,
            lang,
            &Msg::new("error-query-invalid").arg("detail", detail),
        )
    }

    /// A failure on our side (the database): logged, and said without internals.
    fn internal(state: &AppState, lang: Lang, cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "open311: internal error");
        Self::new(
            state,
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &Msg::new("error-500"),
        )
    }

    fn into_response(self, format: Format) -> Response {
        let code = i64::from(self.status.as_u16());
        let errors = self
            .descriptions
            .into_iter()
            .map(|d| {
                Node::Obj(vec![
                    ("code", Node::Int(code)),
                    ("description", Node::Text(d)),
                ])
            })
            .collect();
        respond(self.status, format, "errors", &Node::List("error", errors))
    }
}

fn words(state: &AppState, lang: Lang, msg: &Msg) -> String {
    let args: Vec<(&str, &str)> = msg.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    state.catalog.t_args(lang, msg.key, &args)
}

type Outcome = Result<(StatusCode, &'static str, Node), Failure>;

fn finish(format: Format, outcome: Outcome) -> Response {
    match outcome {
        Ok((status, root, node)) => respond(status, format, root, &node),
        Err(failure) => failure.into_response(format),
    }
}

fn db_failure(state: &AppState, lang: Lang) -> impl Fn(opengov_kernel::DbError) -> Failure + '_ {
    move |e| Failure::internal(state, lang, &e)
}

fn app_failure(state: &AppState, lang: Lang) -> impl Fn(opengov_web::AppError) -> Failure + '_ {
    move |e| Failure::internal(state, lang, &e)
}

/// The format of a path segment such as `services.json` (XML when there is none, as XML is
/// the required format), and the name before it.
fn segment(name: &Result<Path<String>, PathRejection>) -> (Option<&str>, Format) {
    match name {
        Ok(Path(name)) => match split_format(name) {
            Some((stem, format)) => (Some(stem), format),
            None => (None, Format::Xml),
        },
        Err(_) => (None, Format::Xml),
    }
}

async fn unknown(State(state): State<AppState>, req: Req) -> Response {
    Failure::not_found(&state, req.lang).into_response(Format::Xml)
}

async fn not_allowed(State(state): State<AppState>, req: Req) -> Response {
    let failure = Failure::new(
        &state,
        req.lang,
        StatusCode::METHOD_NOT_ALLOWED,
        &Msg::new("error-405"),
    );
    failure.into_response(Format::Xml)
}

/// `GET /open311/v2/{discovery|services|requests}.{fmt}`.
async fn top(
    State(state): State<AppState>,
    req: Req,
    name: Result<Path<String>, PathRejection>,
) -> Response {
    let (stem, format) = segment(&name);
    let outcome = if req.query_nul {
        Err(Failure::bad(
            &state,
            req.lang,
            &Msg::new("error-control-chars"),
        ))
    } else {
        match stem {
            Some("discovery") => Ok(discovery(&state, req.lang)),
            Some("services") => services(&state, req.lang).await,
            Some("requests") => list_requests(&state, &req).await,
            _ => Err(Failure::not_found(&state, req.lang)),
        }
    };
    finish(format, outcome)
}

fn discovery(state: &AppState, lang: Lang) -> (StatusCode, &'static str, Node) {
    let base = state.config.public_url.trim_end_matches('/');
    let key_service = format!(
        "{}: {base}/account",
        state.catalog.t(lang, "account-tokens")
    );
    let node = Node::Obj(vec![
        ("changeset", Node::text(CHANGESET)),
        ("contact", Node::text(base)),
        ("key_service", Node::Text(key_service)),
        (
            "endpoints",
            Node::List(
                "endpoint",
                vec![Node::Obj(vec![
                    ("specification", Node::text(SPECIFICATION)),
                    ("url", Node::Text(format!("{base}/open311/v2"))),
                    ("changeset", Node::text(CHANGESET)),
                    ("type", Node::text("production")),
                    (
                        "formats",
                        Node::List(
                            "format",
                            vec![Node::text("text/xml"), Node::text("application/json")],
                        ),
                    ),
                ])],
            ),
        ),
    ]);
    (StatusCode::OK, "discovery", node)
}

/// The `service_code` of a category of a body.
#[must_use]
pub fn service_code(body_code: &str, category_code: &str) -> String {
    format!("{body_code}.{category_code}")
}

/// A service code resolved: the body and the category.
struct Service {
    body: opengov_bodies::store::Body,
    category: CategoryRow,
}

impl Service {
    fn code(&self) -> String {
        service_code(&self.body.code, &self.category.code)
    }
}

/// Finds the service of a code among active bodies (`with_inactive`: also retired categories).
async fn find_service(
    state: &AppState,
    code: &str,
    with_inactive: bool,
) -> Result<Option<Service>, opengov_web::AppError> {
    let Some((body_code, category_code)) = code.trim().split_once('.') else {
        return Ok(None);
    };
    if body_code.is_empty() || category_code.is_empty() || code.len() > 300 {
        return Ok(None);
    }
    let directory = opengov_bodies::directory::get(state).await?;
    let Some(body) = directory
        .active()
        .iter()
        .find(|b| b.code == body_code)
        .cloned()
    else {
        return Ok(None);
    };
    let category = store::category_by_code(&state.db, body.id, category_code, with_inactive)
        .await
        .map_err(opengov_web::AppError::from)?;
    Ok(category.map(|category| Service { body, category }))
}

async fn services(state: &AppState, lang: Lang) -> Outcome {
    let directory = opengov_bodies::directory::get(state)
        .await
        .map_err(app_failure(state, lang))?;
    let categories = store::all_categories(&state.db)
        .await
        .map_err(db_failure(state, lang))?;
    let items = categories
        .iter()
        .filter_map(|c| {
            let body = directory.by_id(c.body_id).filter(|b| b.active)?;
            let name = c.name();
            let body_name = body.name.get(lang);
            let mut keywords: Vec<&str> = vec![c.code.as_str(), body.code.as_str()];
            for l in Lang::ALL {
                let n = name.get_exact(l);
                if !n.is_empty() && !keywords.contains(&n) {
                    keywords.push(n);
                }
            }
            Some(Node::Obj(vec![
                (
                    "service_code",
                    Node::Text(service_code(&body.code, &c.code)),
                ),
                ("service_name", Node::text(name.get(lang))),
                (
                    "description",
                    Node::Text(format!("{} — {body_name}", name.get(lang))),
                ),
                ("metadata", Node::Bool(true)),
                ("type", Node::text("realtime")),
                ("keywords", Node::Text(keywords.join(", "))),
                ("group", Node::text(body_name)),
            ]))
        })
        .collect();
    Ok((StatusCode::OK, "services", Node::List("service", items)))
}

/// `GET /open311/v2/services/{service_code}.{fmt}`: the two attributes every service has.
async fn service_definition(
    State(state): State<AppState>,
    req: Req,
    name: Result<Path<String>, PathRejection>,
) -> Response {
    let (stem, format) = segment(&name);
    let lang = req.lang;
    let outcome = async {
        let Some(code) = stem else {
            return Err(Failure::not_found(&state, lang));
        };
        let service = find_service(&state, code, false)
            .await
            .map_err(app_failure(&state, lang))?
            .ok_or_else(|| Failure::not_found(&state, lang))?;
        let t = |key: &str| state.catalog.t(lang, key);
        let public = Node::Obj(vec![
            ("variable", Node::Bool(true)),
            ("code", Node::text("public")),
            ("datatype", Node::text("singlevaluelist")),
            ("required", Node::Bool(false)),
            ("datatype_description", Node::Null),
            ("order", Node::Int(1)),
            ("description", Node::Text(t("appeal-field-public"))),
            (
                "values",
                Node::List(
                    "value",
                    vec![
                        Node::Obj(vec![
                            ("key", Node::text("true")),
                            ("name", Node::Text(t("appeal-public-yes"))),
                        ]),
                        Node::Obj(vec![
                            ("key", Node::text("false")),
                            ("name", Node::Text(t("appeal-public-no"))),
                        ]),
                    ],
                ),
            ),
        ]);
        let summary = Node::Obj(vec![
            ("variable", Node::Bool(true)),
            ("code", Node::text("summary")),
            ("datatype", Node::text("text")),
            ("required", Node::Bool(false)),
            (
                "datatype_description",
                Node::Text(t("appeal-field-summary-hint")),
            ),
            ("order", Node::Int(2)),
            ("description", Node::Text(t("appeal-field-summary"))),
            ("values", Node::List("value", Vec::new())),
        ]);
        let node = Node::Obj(vec![
            ("service_code", Node::Text(service.code())),
            ("attributes", Node::List("attribute", vec![public, summary])),
        ]);
        Ok((StatusCode::OK, "service_definition", node))
    }
    .await;
    finish(format, outcome)
}

/// `POST /open311/v2/requests.{fmt}`: files an appeal for the account of `api_key`.
async fn create(
    State(state): State<AppState>,
    req: Req,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let (stem, format) = segment(&name);
    if stem != Some("requests") {
        return not_allowed(State(state), req).await;
    }
    let outcome = file_request(&state, &req, &headers, body).await;
    finish(format, outcome)
}

async fn file_request(
    state: &AppState,
    req: &Req,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Outcome {
    let lang = req.lang;
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(Failure::bad(
            state,
            lang,
            &Msg::new("error-form-content-type"),
        ));
    }
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::bad(state, lang, &Msg::new("error-413"))
        } else {
            Failure::bad(
                state,
                lang,
                &Msg::new("error-form-invalid").arg("detail", e.body_text()),
            )
        }
    })?;
    if opengov_web::form::has_nul(&body) || req.query_nul {
        return Err(Failure::bad(state, lang, &Msg::new("error-control-chars")));
    }
    // The parameters of the form, after any in the query (the form wins).
    let mut fields = req.query.clone();
    fields.extend(url::form_urlencoded::parse(&body).into_owned());
    let field = |name: &str| param(&fields, name).unwrap_or("").trim().to_owned();

    // The key: `api_key`, as the specification has it, or an API token header.
    let key = param(&fields, "api_key").or_else(|| opengov_web::auth::api_token(headers));
    let user = match key {
        Some(key) => opengov_web::auth::user_for_token(state, key)
            .await
            .map_err(app_failure(state, lang))?,
        None => None,
    };
    let Some(user) = user else {
        return Err(Failure::new(
            state,
            lang,
            StatusCode::FORBIDDEN,
            &Msg::new("error-403"),
        ));
    };

    let code = field("service_code");
    if code.is_empty() {
        return Err(Failure::bad_param(state, lang, "service_code is required"));
    }
    let service = find_service(state, &code, false)
        .await
        .map_err(app_failure(state, lang))?
        .ok_or_else(|| {
            Failure::new(
                state,
                lang,
                StatusCode::NOT_FOUND,
                &Msg::new("appeal-error-category"),
            )
        })?;

    let filing_lang = match param(&fields, "lang") {
        Some(code) => Lang::from_code(code)
            .ok_or_else(|| Failure::bad(state, lang, &Msg::new("appeal-error-lang")))?,
        None => lang,
    };
    let public = match field("attribute[public]").to_ascii_lowercase().as_str() {
        "" | "false" => false,
        "true" => true,
        _ => {
            return Err(Failure::bad_param(
                state,
                lang,
                "attribute[public] must be true or false",
            ));
        }
    };
    let subject: String = service
        .category
        .name()
        .get(filing_lang)
        .chars()
        .filter(|c| !c.is_control())
        .take(crate::domain::SUBJECT_MAX)
        .collect();
    let form = FilingForm {
        body: service.body.id.to_string(),
        kind: KIND.code().to_owned(),
        category: service.category.id.to_string(),
        lang: filing_lang.code().to_owned(),
        subject,
        text: field("description"),
        address: field("address_string"),
        lat: field("lat"),
        lon: field("long"),
        public_allowed: public,
        public_summary: field("attribute[summary]"),
    };
    let body_id = service.body.id;
    let category_id = service.category.id;
    let mut filing = validate(
        &form,
        |id| id == body_id,
        |b, c| b == body_id && c == category_id,
        DESCRIPTION_MAX.min(state.config.appeals.text_max_chars),
    )
    .map_err(|errors| Failure {
        status: StatusCode::BAD_REQUEST,
        descriptions: errors
            .iter()
            .map(|(f, msg)| format!("{}: {}", protocol_name(f), words(state, lang, msg)))
            .collect(),
    })?;
    if filing.location.is_none() && filing.address.is_empty() {
        return Err(Failure::bad_param(
            state,
            lang,
            "a location is required: lat and long, or address_string",
        ));
    }
    // The photo link goes to the officials with the text; it is never published.
    let media_url = field("media_url");
    if !media_url.is_empty() {
        let usable = media_url.chars().count() <= 2000
            && url::Url::parse(&media_url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !usable {
            return Err(Failure::bad_param(
                state,
                lang,
                "media_url must be an http or https URL of at most 2000 characters",
            ));
        }
        filing.text = format!("{}\n\nmedia_url: {media_url}", filing.text);
    }

    let receipt = workflow::file(state, &user, &filing, &[])
        .await
        .map_err(|e| workflow_failure(state, lang, e))?;
    let notice = words(
        state,
        lang,
        &Msg::new("appeal-detail-due").arg("date", receipt.due_on.format("%Y-%m-%d")),
    );
    let node = Node::List(
        "request",
        vec![Node::Obj(vec![
            ("service_request_id", Node::Text(receipt.number)),
            ("service_notice", Node::Text(notice)),
            ("account_id", Node::Text(user.id.to_string())),
        ])],
    );
    Ok((StatusCode::OK, "service_requests", node))
}

/// The Open311 parameter a field of the filing form came from.
fn protocol_name(field: &str) -> &str {
    match field {
        "text" => "description",
        "lon" => "long",
        "address" => "address_string",
        "public_summary" => "attribute[summary]",
        "category" | "body" => "service_code",
        other => other,
    }
}

fn workflow_failure(state: &AppState, lang: Lang, e: WorkflowError) -> Failure {
    match e {
        WorkflowError::NotFound => Failure::not_found(state, lang),
        WorkflowError::Forbidden => {
            Failure::new(state, lang, StatusCode::FORBIDDEN, &Msg::new("error-403"))
        }
        WorkflowError::Conflict(key) => Failure::bad(state, lang, &Msg::new(key)),
        WorkflowError::Duty(d) => Failure::bad(state, lang, &Msg::new(d.message_key())),
        WorkflowError::Invalid(_, msg) => Failure::bad(state, lang, &msg),
        WorkflowError::DailyLimit(limit) => Failure::bad(
            state,
            lang,
            &Msg::new("appeal-error-daily-limit").arg("limit", limit),
        ),
        WorkflowError::Db(e) => Failure::internal(state, lang, &e),
        WorkflowError::App(e) => match e.status() {
            StatusCode::NOT_FOUND => Failure::not_found(state, lang),
            StatusCode::FORBIDDEN => {
                Failure::new(state, lang, StatusCode::FORBIDDEN, &Msg::new("error-403"))
            }
            s if s.is_server_error() => Failure::internal(state, lang, &e),
            _ => Failure::bad(state, lang, &Msg::new("error-400")),
        },
    }
}

/// Parses a W3C date-time (`2026-03-02T09:00:00Z`, `…+05:00`, without seconds, or a bare
/// date taken as midnight UTC). A `+` that a client left unencoded arrives as a space and is
/// read as `+`.
#[must_use]
pub fn parse_w3c(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim().replace(' ', "+");
    if let Ok(t) = DateTime::parse_from_rfc3339(&text) {
        return Some(t.to_utc());
    }
    let zoned = text
        .strip_suffix('Z')
        .map_or_else(|| text.clone(), |t| format!("{t}+00:00"));
    if let Ok(t) = DateTime::parse_from_str(&zoned, "%Y-%m-%dT%H:%M%:z") {
        return Some(t.to_utc());
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

fn w3c(t: Ts) -> String {
    t.0.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `GET /open311/v2/requests.{fmt}`.
async fn list_requests(state: &AppState, req: &Req) -> Outcome {
    let lang = req.lang;
    let ids = list_param(&req.query, "service_request_id");
    let rows = if ids.is_empty() {
        let (from, to) = date_range(state, req)?;
        let open = status_filter(state, req)?;
        let codes = list_param(&req.query, "service_code");
        let categories = if codes.is_empty() {
            None
        } else {
            let mut ids = Vec::new();
            for code in codes.iter().take(200) {
                if let Some(s) = find_service(state, code, true)
                    .await
                    .map_err(app_failure(state, lang))?
                {
                    ids.push(s.category.id);
                }
            }
            Some(ids)
        };
        store::public_feed(
            &state.db,
            Ts::from(from),
            Ts::from(to),
            open,
            categories.as_deref(),
            LIST_MAX,
        )
        .await
        .map_err(db_failure(state, lang))?
    } else {
        if ids.len() > usize::try_from(LIST_MAX).unwrap_or(usize::MAX) {
            return Err(Failure::bad_param(
                state,
                lang,
                "at most 1000 service_request_id values",
            ));
        }
        store::public_by_numbers(&state.db, &ids)
            .await
            .map_err(db_failure(state, lang))?
    };
    let items = describe(state, lang, &rows).await?;
    Ok((
        StatusCode::OK,
        "service_requests",
        Node::List("request", items),
    ))
}

/// `start_date`/`end_date`: the most recent 90 days when neither is given, 90 days from the one
/// given, and 400 when the span is longer or reversed.
fn date_range(state: &AppState, req: &Req) -> Result<(DateTime<Utc>, DateTime<Utc>), Failure> {
    let lang = req.lang;
    let read = |name: &str| -> Result<Option<DateTime<Utc>>, Failure> {
        match param(&req.query, name) {
            None => Ok(None),
            Some(v) => parse_w3c(v).map(Some).ok_or_else(|| {
                Failure::bad_param(
                    state,
                    lang,
                    &format!("{name} must be a W3C date-time such as 2026-03-02T09:00:00Z"),
                )
            }),
        }
    };
    let span = chrono::Duration::days(SPAN_DAYS);
    let (from, to) = match (read("start_date")?, read("end_date")?) {
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => (from, from + span),
        (None, Some(to)) => (to - span, to),
        (None, None) => {
            let now = state.now().0;
            (now - span, now)
        }
    };
    if to < from {
        return Err(Failure::bad_param(
            state,
            lang,
            "end_date is before start_date",
        ));
    }
    if to - from > span {
        return Err(Failure::bad_param(
            state,
            lang,
            "start_date and end_date may be at most 90 days apart",
        ));
    }
    Ok((from, to))
}

/// `status`: `open`, `closed`, or both (no filter).
fn status_filter(state: &AppState, req: &Req) -> Result<Option<bool>, Failure> {
    let (mut open, mut closed) = (false, false);
    for s in list_param(&req.query, "status") {
        match s.to_ascii_lowercase().as_str() {
            "open" => open = true,
            "closed" => closed = true,
            _ => {
                return Err(Failure::bad_param(
                    state,
                    req.lang,
                    "status must be open or closed",
                ));
            }
        }
    }
    Ok(match (open, closed) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    })
}

/// The public fields of published appeals.
async fn describe(state: &AppState, lang: Lang, rows: &[SummaryRow]) -> Result<Vec<Node>, Failure> {
    let directory = opengov_bodies::directory::get(state)
        .await
        .map_err(app_failure(state, lang))?;
    let mut category_ids: Vec<i64> = rows.iter().filter_map(|r| r.category_id).collect();
    category_ids.sort_unstable();
    category_ids.dedup();
    let categories: HashMap<i64, CategoryRow> = store::categories_by_ids(&state.db, &category_ids)
        .await
        .map_err(db_failure(state, lang))?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    // Oldest first, so the last one kept per appeal is its latest public step.
    let mut notes: HashMap<i64, String> = HashMap::new();
    for (appeal_id, event) in store::public_events_of(&state.db, &ids)
        .await
        .map_err(db_failure(state, lang))?
    {
        let key = format!("appeal-event-{}", event.kind);
        let title = if state.catalog.has(&key) {
            state.catalog.t(lang, &key)
        } else {
            event.kind.clone()
        };
        let note = event.note.trim();
        let text = if note.is_empty() {
            title
        } else {
            format!("{title}: {note}")
        };
        notes.insert(appeal_id, text);
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(category) = row.category_id.and_then(|id| categories.get(&id)) else {
            continue;
        };
        let service_body = directory.by_id(category.body_id);
        let code = service_code(service_body.map_or("", |b| b.code.as_str()), &category.code);
        let agency = directory
            .by_id(row.body_id)
            .map(|b| b.name.get(lang).to_owned())
            .unwrap_or_default();
        let description = if row.public_summary.trim().is_empty() {
            row.subject.clone()
        } else {
            row.public_summary.clone()
        };
        let due = row.due_at.0.date_naive().format("%Y-%m-%d").to_string();
        let notice = words(state, lang, &Msg::new("appeal-detail-due").arg("date", due));
        out.push(Node::Obj(vec![
            ("service_request_id", Node::Text(row.number.clone())),
            (
                "status",
                Node::text(if row.is_open { "open" } else { "closed" }),
            ),
            (
                "status_notes",
                Node::opt(notes.remove(&row.id).unwrap_or_default()),
            ),
            ("service_name", Node::text(category.name().get(lang))),
            ("service_code", Node::Text(code)),
            ("description", Node::Text(description)),
            ("agency_responsible", Node::opt(agency)),
            ("service_notice", Node::Text(notice)),
            ("requested_datetime", Node::Text(w3c(row.received_at))),
            ("updated_datetime", Node::Text(w3c(row.updated_at))),
            ("expected_datetime", Node::Text(w3c(row.due_at))),
            // The applicant agreed to publish the subject and the summary only: a place may
            // be their home, so the location fields stay empty.
            ("address", Node::Null),
            ("address_id", Node::Null),
            ("zipcode", Node::Null),
            ("lat", Node::Null),
            ("long", Node::Null),
            ("media_url", Node::Null),
        ]));
    }
    Ok(out)
}

/// `GET /open311/v2/requests/{id}.{fmt}`: a published appeal; 404 for a private one as for an
/// unknown one.
async fn one_request(
    State(state): State<AppState>,
    req: Req,
    name: Result<Path<String>, PathRejection>,
) -> Response {
    let (stem, format) = segment(&name);
    let lang = req.lang;
    let outcome = async {
        let rows = published(&state, lang, stem).await?;
        let items = describe(&state, lang, &rows).await?;
        if items.is_empty() {
            return Err(Failure::not_found(&state, lang));
        }
        Ok((
            StatusCode::OK,
            "service_requests",
            Node::List("request", items),
        ))
    }
    .await;
    finish(format, outcome)
}

/// `GET /open311/v2/tokens/{token}.{fmt}`: the token is the registration number; like a
/// request, a private appeal's token is unknown.
async fn token(
    State(state): State<AppState>,
    req: Req,
    name: Result<Path<String>, PathRejection>,
) -> Response {
    let (stem, format) = segment(&name);
    let lang = req.lang;
    let outcome = async {
        let rows = published(&state, lang, stem).await?;
        let row = rows
            .first()
            .ok_or_else(|| Failure::not_found(&state, lang))?;
        let node = Node::List(
            "request",
            vec![Node::Obj(vec![
                ("service_request_id", Node::Text(row.number.clone())),
                ("token", Node::Text(row.number.clone())),
            ])],
        );
        Ok((StatusCode::OK, "service_requests", node))
    }
    .await;
    finish(format, outcome)
}

/// The published appeal named by a path segment, if any.
async fn published(
    state: &AppState,
    lang: Lang,
    stem: Option<&str>,
) -> Result<Vec<SummaryRow>, Failure> {
    let Some(number) = stem
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.len() <= 64)
    else {
        return Err(Failure::not_found(state, lang));
    };
    store::public_by_numbers(&state.db, &[number.to_owned()])
        .await
        .map_err(db_failure(state, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_read_from_the_last_dot() {
        assert_eq!(
            split_format("MF.taxes.json"),
            Some(("MF.taxes", Format::Json))
        );
        assert_eq!(
            split_format("services.XML"),
            Some(("services", Format::Xml))
        );
        assert_eq!(split_format("services"), None);
        assert_eq!(split_format(".json"), None);
        assert_eq!(split_format("services.html"), None);
    }

    #[test]
    fn xml_text_is_escaped_and_stripped_of_what_xml_cannot_hold() {
        let mut out = String::new();
        escape_into(&mut out, "a<b & \"c\" 'd'>\u{0}\u{1b}\n\u{FFFF}é");
        assert_eq!(out, "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\né");
    }

    #[test]
    fn one_tree_renders_as_xml_and_as_json() {
        let node = Node::List(
            "error",
            vec![Node::Obj(vec![
                ("code", Node::Int(404)),
                ("description", Node::text("<none>")),
                ("x", Node::Null),
            ])],
        );
        assert_eq!(
            render(Format::Xml, "errors", &node),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>404</code>\
             <description>&lt;none&gt;</description><x></x></error></errors>\n"
        );
        assert_eq!(
            render(Format::Json, "errors", &node),
            r#"[{"code":404,"description":"<none>","x":null}]"#
        );
    }

    #[test]
    fn w3c_dates_need_a_zone_or_are_whole_days() {
        let t = |s| parse_w3c(s).map(|d| d.to_rfc3339());
        assert_eq!(
            t("2026-03-02T09:00:00Z").as_deref(),
            Some("2026-03-02T09:00:00+00:00")
        );
        assert_eq!(
            t("2026-03-02T14:00:00 05:00").as_deref(),
            Some("2026-03-02T09:00:00+00:00")
        );
        assert_eq!(
            t("2026-03-02T14:00+05:00").as_deref(),
            Some("2026-03-02T09:00:00+00:00")
        );
        assert_eq!(
            t("2026-03-02").as_deref(),
            Some("2026-03-02T00:00:00+00:00")
        );
        assert_eq!(t("2026-03-02T09:00:00"), None);
        assert_eq!(t("yesterday"), None);
    }
}
