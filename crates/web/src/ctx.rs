//! The language of a request and the context every page template receives.
//!
//! Language: `?lang=` (which also sets the `lang` cookie), then the cookie, then
//! `Accept-Language`, then the configured default.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use opengov_kernel::{Catalog, Lang, LocalizedText, Role};

use crate::assets::Assets;
use crate::auth::{Authenticated, CurrentUser};
use crate::csrf::CsrfToken;
use crate::error::{AppError, AppResult};
use crate::state::{AppState, NavItem};

/// The negotiated language of the request.
#[derive(Debug, Clone, Copy)]
pub struct ReqLang(pub Lang);

/// Reads one cookie from the request headers.
#[must_use]
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// One query parameter, decoded.
#[must_use]
pub fn query_param(uri: &Uri, name: &str) -> Option<String> {
    let query = uri.query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Chooses the language of the request and remembers an explicit `?lang=` in a cookie.
pub async fn negotiate_lang(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let from_query = query_param(req.uri(), "lang").and_then(|v| Lang::from_code(&v));
    let from_cookie = cookie(req.headers(), "lang").and_then(Lang::from_code);
    let lang = from_query
        .or(from_cookie)
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(state.config.default_lang);
    req.extensions_mut().insert(ReqLang(lang));
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if let Some(chosen) = from_query.filter(|q| Some(*q) != from_cookie) {
        let secure = if state.config.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        let value = format!("lang={chosen}; Path=/; Max-Age=31536000; SameSite=Lax{secure}");
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    headers.append(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    response
}

/// A link in the rendered navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// A link of the language switcher.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// The parts of a request a [`PageCtx`] is built from (see [`PageCtx::seed`]).
#[derive(Debug)]
pub struct CtxSeed {
    extensions: Extensions,
    uri: Uri,
}

impl CtxSeed {
    #[must_use]
    pub fn into_ctx(self, state: &AppState) -> PageCtx {
        PageCtx::build(state, &self.extensions, &self.uri)
    }
}

/// What every page template receives: language, who is signed in, the CSRF token, where we are.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub path: String,
    query: Vec<(String, String)>,
    /// A confirmation to show once, from `?done=notice-…` after a redirect.
    pub notice: Option<String>,
    catalog: Arc<Catalog>,
    assets: Arc<Assets>,
    nav: Arc<Vec<NavItem>>,
}

impl PageCtx {
    fn build(state: &AppState, extensions: &Extensions, uri: &Uri) -> Self {
        let lang = extensions
            .get::<ReqLang>()
            .map_or(state.config.default_lang, |l| l.0);
        let user = extensions.get::<Authenticated>().and_then(|a| a.0.clone());
        let csrf = extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let query: Vec<(String, String)> = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let notice = query
            .iter()
            .find(|(k, _)| k == "done")
            .map(|(_, v)| v.as_str())
            .filter(|v| v.starts_with("notice-") && state.catalog.has(v))
            .map(|key| state.catalog.t(lang, key));
        Self {
            lang,
            user,
            csrf,
            path: uri.path().to_owned(),
            query,
            notice,
            catalog: state.catalog.clone(),
            assets: state.assets.clone(),
            nav: state.nav.clone(),
        }
    }

    /// Keeps what a page context is built from, so the error renderer can build one only when
    /// a response turns out to be an error (most responses are not).
    #[must_use]
    pub fn seed(req: &Request) -> CtxSeed {
        let mut extensions = Extensions::new();
        if let Some(lang) = req.extensions().get::<ReqLang>() {
            extensions.insert(*lang);
        }
        if let Some(user) = req.extensions().get::<Authenticated>() {
            extensions.insert(user.clone());
        }
        if let Some(csrf) = req.extensions().get::<CsrfToken>() {
            extensions.insert(csrf.clone());
        }
        CtxSeed {
            extensions,
            uri: req.uri().clone(),
        }
    }

    /// A message from the catalogue in the page's language.
    #[must_use]
    pub fn t(&self, key: &str) -> String {
        self.catalog.t(self.lang, key)
    }

    /// A message with its arguments.
    #[must_use]
    pub fn msg(&self, msg: &crate::error::Msg) -> String {
        let args: Vec<(&str, &str)> = msg.args.iter().map(|(a, v)| (*a, v.as_str())).collect();
        self.t_args(msg.key, &args)
    }

    /// A message with one argument.
    #[must_use]
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.catalog
            .t_args(self.lang, key, &[(name, &value.to_string())])
    }

    /// A message with named arguments.
    #[must_use]
    pub fn t_args(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.catalog.t_args(self.lang, key, args)
    }

    /// A content text in the page's language or its fallback.
    #[must_use]
    pub fn text<'a>(&self, text: &'a LocalizedText) -> &'a str {
        text.get(self.lang)
    }

    /// The `lang` attribute for a content text when it fell back to another language.
    #[must_use]
    pub fn text_lang(&self, text: &LocalizedText) -> &'static str {
        text.resolve(self.lang).0.code()
    }

    /// The cache-busting URL of an embedded asset.
    #[must_use]
    pub fn asset(&self, name: &str) -> String {
        self.assets.url(name)
    }

    #[must_use]
    pub fn nav(&self) -> Vec<NavLink> {
        self.nav
            .iter()
            .map(|item| NavLink {
                href: item.href,
                label: self.t(item.label_key),
                current: if item.href == "/" {
                    self.path == "/"
                } else {
                    self.path == item.href || self.path.starts_with(&format!("{}/", item.href))
                },
            })
            .collect()
    }

    /// The current page in each language (`?lang=xx` replaces any earlier choice).
    #[must_use]
    pub fn lang_links(&self) -> Vec<LangLink> {
        Lang::ALL
            .iter()
            .map(|l| {
                let mut pairs: Vec<(String, String)> = self
                    .query
                    .iter()
                    .filter(|(k, _)| k != "lang" && k != "done")
                    .cloned()
                    .collect();
                pairs.push(("lang".to_owned(), l.code().to_owned()));
                let q: String = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                LangLink {
                    code: l.code(),
                    name: l.native_name(),
                    href: format!("{}?{q}", self.path),
                    current: *l == self.lang,
                }
            })
            .collect()
    }

    /// Path and query of this page (for `next=` after signing in).
    #[must_use]
    pub fn current_url(&self) -> String {
        let pairs: Vec<&(String, String)> =
            self.query.iter().filter(|(k, _)| k != "done").collect();
        if pairs.is_empty() {
            return self.path.clone();
        }
        let q: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (k, v)))
            .finish();
        format!("{}?{q}", self.path)
    }

    /// One query parameter of this page.
    #[must_use]
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The signed-in user, or `SignInRequired`.
    pub fn require_user(&self) -> AppResult<&CurrentUser> {
        self.user.as_ref().ok_or(AppError::SignInRequired)
    }

    /// The signed-in administrator, or an error (sign in first; 403 for anyone else).
    pub fn require_role(&self, role: Role) -> AppResult<&CurrentUser> {
        let user = self.require_user()?;
        if user.has_global(role) {
            Ok(user)
        } else {
            Err(AppError::forbidden())
        }
    }

    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has_global(Role::Administrator))
    }

    /// Formats a timestamp for people (UTC; the page says so).
    #[must_use]
    pub fn datetime(&self, ts: impl AsTs) -> String {
        ts.as_ts().0.format("%Y-%m-%d %H:%M UTC").to_string()
    }

    /// Renders a form page: 200 when it is shown fresh, 422 when it comes back with problems
    /// to fix (so scripts and tests can tell, while people see the same page).
    pub fn render_form(
        &self,
        template: &impl askama::Template,
        has_errors: bool,
    ) -> AppResult<Response> {
        let status = if has_errors {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        } else {
            axum::http::StatusCode::OK
        };
        Ok((status, Html(template.render()?)).into_response())
    }

    /// Renders a template into an HTML response.
    pub fn render(&self, template: &impl askama::Template) -> AppResult<Response> {
        Ok(Html(template.render()?).into_response())
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self::build(state, &parts.extensions, &parts.uri))
    }
}

/// A timestamp, or a reference to one at any depth (what templates hand over).
pub trait AsTs {
    fn as_ts(&self) -> opengov_kernel::Ts;
}

impl AsTs for opengov_kernel::Ts {
    fn as_ts(&self) -> opengov_kernel::Ts {
        *self
    }
}

impl<T: AsTs + ?Sized> AsTs for &T {
    fn as_ts(&self) -> opengov_kernel::Ts {
        (**self).as_ts()
    }
}
