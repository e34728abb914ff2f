//! The OpenAPI 3.1 document of the native API, generated from the handlers' annotations
//! (utoipa), and the operation list the `/api/docs` page renders from it.

use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "opengov API",
        description = "The native JSON API of opengov. Errors have one shape: \
            {\"error\": {\"code\": ..., \"message\": ...}}. Lists use keyset paging: pass the \
            returned `next_after` as `after`.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        opengov_audit::api::list,
        opengov_audit::api::checkpoints,
        opengov_accounts::api::me,
        opengov_bodies::api::list,
        opengov_bodies::api::one,
        opengov_duty::calendar::api,
        opengov_dialogue::api::stats_json,
        opengov_opendata::datastore_api::rows,
    ),
    components(schemas(opengov_web::error::ApiErrorBody, opengov_web::error::ApiErrorDetail)),
    modifiers(&TokenAuth)
)]
pub struct ApiDoc;

struct TokenAuth;

impl utoipa::Modify for TokenAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "ckan_api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-CKAN-API-Key"))),
        );
    }
}

/// The whole document.
#[must_use]
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// One operation as the documentation page shows it.
pub struct OperationView {
    pub method: &'static str,
    pub path: String,
    pub summary: String,
    /// (name, location, description)
    pub parameters: Vec<(String, &'static str, String)>,
    pub responses: String,
}

fn view(method: &'static str, path: &str, op: &Operation) -> OperationView {
    let summary = op
        .summary
        .clone()
        .or_else(|| op.description.clone())
        .unwrap_or_default();
    let parameters = op
        .parameters
        .iter()
        .flatten()
        .map(|p| {
            let location = match p.parameter_in {
                ParameterIn::Query => "query",
                ParameterIn::Path => "path",
                ParameterIn::Header => "header",
                ParameterIn::Cookie => "cookie",
            };
            (
                p.name.clone(),
                location,
                p.description.clone().unwrap_or_default(),
            )
        })
        .collect();
    let responses = op
        .responses
        .responses
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    OperationView {
        method,
        path: path.to_owned(),
        summary,
        parameters,
        responses,
    }
}

/// Every operation, in path order.
#[must_use]
pub fn operations() -> Vec<OperationView> {
    let doc = document();
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ] {
            if let Some(op) = op {
                out.push(view(method, path, op));
            }
        }
    }
    out
}
