//! The API's OpenAPI 3.1 description, generated from the Rust types of each area's module
//! (utoipa), at `/api/v1/openapi.json`, and a reference page written from it at `/api/v1/docs`:
//! served from the binary, no script, nothing from another site, so it works offline and under
//! the site's CSP.

use std::sync::OnceLock;

use actix_web::{HttpResponse, web};
use askama::Template;
use serde_json::Value;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::api::problem::{ApiError, FieldProblem, Problem};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/openapi.json", web::get().to(openapi_json))
        .route("/docs", web::get().to(reference));
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rediflow API",
        version = "1",
        description = "Projects, their plans and demand, people, their capacity and allocations, \
            and the portfolio, under the same row-level security as the pages: a personal access \
            token sees exactly what its user sees. Months are `YYYY-MM`, days ISO 8601, \
            person-months decimal numbers. Guide: docs/api.md."
    ),
    components(schemas(Problem, FieldProblem)),
    tags(
        (name = "me", description = "Who the token acts as"),
        (name = "projects", description = "Projects: list, get, create, update, lifecycle, partners"),
        (name = "structure", description = "Work packages, tasks, milestones, deliverables"),
        (name = "demand", description = "A project's PROJPLAN, EST and ACTUAL cells"),
        (name = "people", description = "Persons, employee groups, FTE periods, leave, capacity"),
        (name = "staffing", description = "Assignments and the allocation grid"),
        (name = "portfolio", description = "Demand against capacity across organisations"),
        (name = "requests", description = "Capacity requests between organisations"),
        (name = "lookups", description = "Organisations and the lists forms choose from"),
    )
)]
struct Base;

/// Every area's part, in the order of the reference page.
fn parts() -> Vec<utoipa::openapi::OpenApi> {
    vec![
        crate::api::me::Doc::openapi(),
        crate::api::projects::Doc::openapi(),
        crate::api::structure::Doc::openapi(),
        crate::api::demand::Doc::openapi(),
        crate::api::people::Doc::openapi(),
        crate::api::staffing::Doc::openapi(),
        crate::api::portfolio::Doc::openapi(),
        crate::api::requests::Doc::openapi(),
        crate::api::lookups::Doc::openapi(),
    ]
}

/// The whole description, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = Base::openapi();
        for part in parts() {
            doc.merge(part);
        }
        secure(&mut doc);
        document_refusals(&mut doc);
        doc
    })
}

/// Every operation needs a token: `Authorization: Bearer rfl_…`.
fn secure(doc: &mut utoipa::openapi::OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("rfl_ personal access token")
                .description(Some(
                    "A personal access token made on /account (or with `rediflow token create`).",
                ))
                .build(),
        ),
    );
    doc.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new::<
        &str,
        [&str; 0],
        &str,
    >("token", [])]);
}

/// The refusals every operation can answer, added to each so that each area documents only its
/// successes: 400, 401, 403, 422, 429 and 503 everywhere; 404 where the path names something;
/// 409, 412 and 428 for writes.
fn document_refusals(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let names_something = path.contains('{');
        let operations = [
            (&mut item.get, false),
            (&mut item.post, true),
            (&mut item.put, true),
            (&mut item.patch, true),
            (&mut item.delete, true),
        ];
        for (operation, writes) in operations {
            let Some(operation) = operation.as_mut() else {
                continue;
            };
            let mut refusals = vec![
                (
                    "400",
                    "The request cannot be read (query, body, `If-Match`)",
                ),
                ("401", "No token, or one unknown, revoked or expired"),
                (
                    "403",
                    "The token's user may not do this (role, locked project, past month, read-only token); `detail` says why",
                ),
                ("422", "A field is refused; `errors` names each"),
                (
                    "429",
                    "Too many requests with this token; see `Retry-After`",
                ),
                ("503", "The database cannot be reached; try again"),
            ];
            if names_something {
                refusals.push(("404", "No such thing, or the token's user may not see it"));
            }
            if writes {
                refusals.push(("409", "The change collides with what is stored (a duplicate, a row still referred to)"));
                refusals.push((
                    "412",
                    "Changed since the version named in `If-Match`: nothing was written",
                ));
                refusals.push(("428", "`If-Match` is missing"));
            }
            for (status, description) in refusals {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| problem(description).into());
            }
        }
    }
}

/// The methods the description documents for the address `path` (its templates' `{…}` match any
/// one segment), or `None` when it documents no such path.
pub fn methods_of(path: &str) -> Option<Vec<&'static str>> {
    let asked: Vec<&str> = path.split('/').collect();
    document().paths.paths.iter().find_map(|(template, item)| {
        let parts: Vec<&str> = template.split('/').collect();
        let matches = parts.len() == asked.len()
            && parts.iter().zip(&asked).all(|(part, segment)| {
                part == segment || (part.starts_with('{') && !segment.is_empty())
            });
        matches.then(|| {
            [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter_map(|(method, documented)| documented.then_some(method))
            .collect()
        })
    })
}

/// The description as JSON.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_pretty_json()
            .unwrap_or_else(|_| "{}".to_string())
    })
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document_json())
}

/// One operation on the reference page.
struct Operation {
    method: String,
    path: String,
    anchor: String,
    summary: String,
    description: String,
    parameters: Vec<(String, String, String, bool)>,
    body: String,
    responses: Vec<(String, String, String)>,
}

/// One tag's operations.
struct Section {
    name: String,
    description: String,
    operations: Vec<Operation>,
}

/// One schema: its name and each property with its type and description.
struct Schema {
    name: String,
    description: String,
    properties: Vec<(String, String, String, bool)>,
}

#[derive(Template)]
#[template(path = "api/reference.html")]
struct ReferencePage<'a> {
    title: &'a str,
    version: &'a str,
    description: &'a str,
    sections: Vec<Section>,
    schemas: Vec<Schema>,
}

/// The type of a schema as a reader wants it: `Project`, `array of Project`, `string (date)`.
fn type_name(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference
            .rsplit('/')
            .next()
            .unwrap_or(reference)
            .to_string();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            return options
                .iter()
                .map(type_name)
                .filter(|t| t != "null")
                .collect::<Vec<_>>()
                .join(" or ");
        }
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .filter(|k| *k != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        Some(Value::String(kind)) => kind.clone(),
        _ => "any".to_string(),
    };
    if kind == "array" {
        let items = schema.get("items").map(type_name).unwrap_or_default();
        return format!("array of {items}");
    }
    match schema.get("format").and_then(Value::as_str) {
        Some(format) => format!("{kind} ({format})"),
        None => kind,
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The operations of the description, grouped by their first tag in the order of the tags.
fn sections(doc: &Value) -> Vec<Section> {
    let mut sections: Vec<Section> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|tag| Section {
            name: text(tag, "name"),
            description: text(tag, "description"),
            operations: Vec::new(),
        })
        .collect();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(op) = item.get(method) else {
                continue;
            };
            let tag = op["tags"][0].as_str().unwrap_or_default().to_string();
            let operation = Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                anchor: format!("{method}-{}", path.replace(['/', '{', '}'], "-")),
                summary: text(op, "summary"),
                description: text(op, "description"),
                parameters: op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        (
                            text(p, "name"),
                            format!("{}, {}", text(p, "in"), type_name(&p["schema"])),
                            text(p, "description"),
                            p["required"].as_bool().unwrap_or(false),
                        )
                    })
                    .collect(),
                body: op["requestBody"]["content"]["application/json"]
                    .get("schema")
                    .map(type_name)
                    .unwrap_or_default(),
                responses: op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(status, r)| {
                        let body = r["content"]
                            .as_object()
                            .and_then(|c| c.values().next())
                            .and_then(|c| c.get("schema"))
                            .map(type_name)
                            .unwrap_or_default();
                        (status.clone(), text(r, "description"), body)
                    })
                    .collect(),
            };
            match sections.iter_mut().find(|s| s.name == tag) {
                Some(section) => section.operations.push(operation),
                None => sections.push(Section {
                    name: tag,
                    description: String::new(),
                    operations: vec![operation],
                }),
            }
        }
    }
    sections.retain(|s| !s.operations.is_empty());
    sections
}

fn schemas(doc: &Value) -> Vec<Schema> {
    doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| {
            let required: Vec<&str> = schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            Schema {
                name: name.clone(),
                description: text(schema, "description"),
                properties: schema["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(property, s)| {
                        (
                            property.clone(),
                            type_name(s),
                            text(s, "description"),
                            required.contains(&property.as_str()),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The reference page.
async fn reference() -> Result<HttpResponse, ApiError> {
    let doc: Value = serde_json::from_str(document_json())
        .map_err(|e| ApiError::from(crate::error::AppError::internal(e)))?;
    let page = ReferencePage {
        title: doc["info"]["title"].as_str().unwrap_or("Rediflow API"),
        version: doc["info"]["version"].as_str().unwrap_or("1"),
        description: doc["info"]["description"].as_str().unwrap_or_default(),
        sections: sections(&doc),
        schemas: schemas(&doc),
    };
    let html = page
        .render()
        .map_err(|e| ApiError::from(crate::error::AppError::internal(e)))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_openapi_3_1_with_every_refusal_documented() {
        let doc: Value = serde_json::from_str(document_json()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        let me = &doc["paths"]["/api/v1/me"]["get"]["responses"];
        for status in ["200", "401", "403", "429"] {
            assert!(me.get(status).is_some(), "{status} missing");
        }
        assert!(doc["components"]["securitySchemes"]["token"].is_object());
    }
}
