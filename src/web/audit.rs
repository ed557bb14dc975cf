//! `/audit` (administrators: every change with filters) and `/projects/{id}/history`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::view::{self, Entry, Filter};
use crate::error::AppError;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

struct EntryView {
    when: String,
    actor: String,
    action: String,
    entity: String,
    before: String,
    after: String,
}

impl From<Entry> for EntryView {
    fn from(e: Entry) -> Self {
        EntryView {
            when: e.occurred_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: e.actor,
            action: e.action,
            entity: match e.entity_id {
                Some(id) => format!("{} {}", e.entity_type, &id.to_string()[..8]),
                None => e.entity_type,
            },
            before: e.before.map(|v| v.to_string()).unwrap_or_default(),
            after: e.after.map(|v| v.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "audit/index.html")]
struct AuditPage {
    layout: Layout,
    entries: Vec<EntryView>,
    entity_types: Vec<(String, bool)>,
    actors: Vec<(String, bool)>,
    query: AuditQuery,
    limit: i64,
    project: Option<(Uuid, String)>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    format: Option<String>,
}

fn date(name: &str, value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    match value.trim() {
        "" => Ok(None),
        v => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                AppError::BadRequest(
                    format!("The filter '{name}' must be a date such as 2026-03-31.").into(),
                )
            }),
    }
}

async fn show(
    page: Page,
    query: AuditQuery,
    project: Option<Uuid>,
) -> Result<HttpResponse, AppError> {
    let filter = Filter {
        entity_type: (!query.entity.is_empty()).then(|| query.entity.clone()),
        actor: (!query.actor.is_empty()).then(|| query.actor.clone()),
        from: date("from", &query.from)?,
        to: date("to", &query.to)?,
        project,
    };
    let format = Format::parse(query.format.as_deref())?;
    let (entries, (types, actors), code) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let code = match project {
                Some(id) => Some(
                    crate::projects::overview(conn, id)?
                        .ok_or_else(AppError::not_found)?
                        .summary
                        .code,
                ),
                None => None,
            };
            Ok::<_, AppError>((view::entries(conn, &filter)?, view::choices(conn)?, code))
        })
        .await?;
    if let Some(format) = format {
        let header = ["When", "Who", "Action", "Entity", "Before", "After"].map(String::from);
        let rows: Vec<Vec<Value>> = entries
            .into_iter()
            .map(EntryView::from)
            .map(|e| {
                vec![
                    Value::Text(e.when),
                    Value::Text(e.actor),
                    Value::Text(e.action),
                    Value::Text(e.entity),
                    Value::Text(e.before),
                    Value::Text(e.after),
                ]
            })
            .collect();
        return download::table(format, "audit-log", &header, &rows);
    }
    render(&AuditPage {
        layout: page.layout(
            if project.is_some() {
                "History"
            } else {
                "Audit log"
            },
            if project.is_some() {
                Section::Projects
            } else {
                Section::Settings
            },
        ),
        entries: entries.into_iter().map(EntryView::from).collect(),
        entity_types: types
            .into_iter()
            .map(|t| {
                let s = t == query.entity;
                (t, s)
            })
            .collect(),
        actors: actors
            .into_iter()
            .map(|a| {
                let s = a == query.actor;
                (a, s)
            })
            .collect(),
        query,
        limit: view::PAGE_SIZE,
        project: project.zip(code),
    })
}

/// The whole audit log, for administrators.
pub async fn index(page: Page, query: web::Query<AuditQuery>) -> Result<HttpResponse, AppError> {
    if !page.user.policy().can_manage_settings() {
        return Err(AppError::Forbidden(
            "Only administrators may read the whole audit log.".into(),
        ));
    }
    show(page, query.into_inner(), None).await
}

/// One project's history, for everyone who may see the project.
pub async fn project_history(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    show(page, query.into_inner(), Some(path.into_inner())).await
}
