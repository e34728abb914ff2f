//! Extractors whose rejections become clear 4xx errors instead of axum's plain text.
//!
//! Page forms deserialize into structs of `String` fields with `#[serde(default)]`, so that a
//! form always parses and validation reports every problem next to its field while keeping
//! what the user typed (nothing is lost). `FieldErrors` carries those messages.

use std::collections::BTreeMap;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{AppError, Msg};

/// A URL-encoded form body.
#[derive(Debug, Clone)]
pub struct Form<T>(pub T);

/// True when URL-encoded input carries a NUL character (raw or as `%00`): no text field of
/// ours may hold one, and PostgreSQL refuses to store it, so it is refused up front.
#[must_use]
pub fn has_nul(encoded: &[u8]) -> bool {
    encoded.contains(&0)
        || encoded
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest(Msg::new("error-form-content-type")));
        }
        // `Bytes` honours the body limit of the router (`DefaultBodyLimit`).
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge
                } else {
                    AppError::BadRequest(
                        Msg::new("error-form-invalid").arg("detail", e.body_text()),
                    )
                }
            })?;
        if has_nul(&bytes) {
            return Err(AppError::BadRequest(Msg::new("error-control-chars")));
        }
        serde_urlencoded::from_bytes::<T>(&bytes)
            .map(Self)
            .map_err(|e| AppError::BadRequest(Msg::new("error-form-invalid").arg("detail", e)))
    }
}

/// A JSON body for the native API.
#[derive(Debug, Clone)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(AppError::BadRequest(Msg::new("error-json-content-type")))
            }
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge),
            Err(JsonRejection::JsonDataError(e)) => Err(AppError::Unprocessable(
                Msg::new("error-json-invalid").arg("detail", e.body_text()),
            )),
            Err(other) => Err(AppError::BadRequest(
                Msg::new("error-json-invalid").arg("detail", other.body_text()),
            )),
        }
    }
}

/// Query parameters.
#[derive(Debug, Clone)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.query().is_some_and(|q| has_nul(q.as_bytes())) {
            return Err(AppError::BadRequest(Msg::new("error-control-chars")));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => Err(
                AppError::BadRequest(Msg::new("error-query-invalid").arg("detail", e.body_text())),
            ),
            Err(other) => Err(AppError::BadRequest(
                Msg::new("error-query-invalid").arg("detail", other.body_text()),
            )),
        }
    }
}

/// Validation messages per form field (catalogue keys, in field order of first report).
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(BTreeMap<&'static str, Msg>);

impl FieldErrors {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with `field` (the first one reported per field is kept).
    pub fn add(&mut self, field: &'static str, msg: impl Into<Msg>) {
        self.0.entry(field).or_insert_with(|| msg.into());
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[must_use]
    pub fn get(&self, field: &str) -> Option<&Msg> {
        self.0.get(field)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Msg)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// Translated messages, for templates.
    #[must_use]
    pub fn translate(&self, ctx: &crate::ctx::PageCtx) -> BTreeMap<&'static str, String> {
        self.0.iter().map(|(k, m)| (*k, ctx.msg(m))).collect()
    }
}

/// One form control as templates render it (`{% for f in fields %}{% include "field.html" %}`):
/// label, hint, error message next to the control, `aria-invalid` and `aria-describedby`.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    /// `text`, `email`, `password`, `url`, `textarea` or `select`.
    pub kind: &'static str,
    pub value: String,
    pub hint: String,
    pub error: Option<String>,
    pub autocomplete: &'static str,
    pub required: bool,
    /// For selects: (value, label).
    pub options: Vec<(String, String)>,
}

impl FieldView {
    #[must_use]
    pub fn new(name: &'static str, label: String, kind: &'static str) -> Self {
        Self {
            name,
            label,
            kind,
            value: String::new(),
            hint: String::new(),
            error: None,
            autocomplete: "off",
            required: false,
            options: Vec::new(),
        }
    }
    #[must_use]
    pub fn value(mut self, v: impl Into<String>) -> Self {
        self.value = v.into();
        self
    }
    #[must_use]
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = h.into();
        self
    }
    #[must_use]
    pub fn autocomplete(mut self, a: &'static str) -> Self {
        self.autocomplete = a;
        self
    }
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    #[must_use]
    pub fn options(mut self, options: Vec<(String, String)>) -> Self {
        self.options = options;
        self
    }
    /// Takes this field's message from translated errors.
    #[must_use]
    pub fn error_from(mut self, errors: &BTreeMap<&'static str, String>) -> Self {
        self.error = errors.get(self.name).cloned();
        self
    }
    /// The ids the control is described by.
    #[must_use]
    pub fn describedby(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("f-{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("f-{}-error", self.name));
        }
        ids.join(" ")
    }
}
