//! `/audit` (administrators: every change with filters) and `/projects/{id}/history`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::view::{self, Entry, Filter};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
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

/// What was done, in the page's language (the log stores `create`, `update` or `delete`).
fn action_label(lang: Lang, action: &str) -> String {
    match action {
        "create" => lang.t("audit-action-create"),
        "update" => lang.t("audit-action-update"),
        "delete" => lang.t("audit-action-delete"),
        other => other.to_string(),
    }
}

/// A kind of record in the page's language; kinds this list does not know show as stored.
fn entity_label(lang: Lang, entity_type: &str) -> String {
    match entity_type {
        "project" => lang.t("audit-entity-project"),
        "work_package" => lang.t("audit-entity-work-package"),
        "task" => lang.t("audit-entity-task"),
        "milestone" => lang.t("audit-entity-milestone"),
        "deliverable" => lang.t("audit-entity-deliverable"),
        "capacity_demand" => lang.t("audit-entity-capacity-demand"),
        "role_demand" => lang.t("audit-entity-role-demand"),
        "project_partner" => lang.t("audit-entity-project-partner"),
        "assignment" => lang.t("audit-entity-assignment"),
        "allocation_override" => lang.t("audit-entity-allocation-override"),
        "person" => lang.t("audit-entity-person"),
        "organisation" => lang.t("audit-entity-organisation"),
        "employee_group" => lang.t("audit-entity-employee-group"),
        "employee_group_membership" => lang.t("audit-entity-employee-group-membership"),
        "fte_period" => lang.t("audit-entity-fte-period"),
        "leave" => lang.t("audit-entity-leave"),
        "leave_type" => lang.t("audit-entity-leave-type"),
        "capacity_request" => lang.t("audit-entity-capacity-request"),
        "lifecycle_state" => lang.t("audit-entity-lifecycle-state"),
        "role_type" => lang.t("audit-entity-role-type"),
        "deliverable_type" => lang.t("audit-entity-deliverable-type"),
        "dissemination_level" => lang.t("audit-entity-dissemination-level"),
        "allocation_group" => lang.t("audit-entity-allocation-group"),
        "system_hour_rate" => lang.t("audit-entity-system-hour-rate"),
        "calendar" => lang.t("audit-entity-calendar"),
        "holiday" => lang.t("audit-entity-holiday"),
        "scenario" => lang.t("audit-entity-scenario"),
        "scenario_applied" => lang.t("audit-entity-scenario-applied"),
        other => other.to_string(),
    }
}

impl EntryView {
    fn of(lang: Lang, e: Entry) -> Self {
        EntryView {
            when: e.occurred_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: e.actor,
            action: action_label(lang, &e.action),
            entity: match e.entity_id {
                Some(id) => format!(
                    "{} {}",
                    entity_label(lang, &e.entity_type),
                    &id.to_string()[..8]
                ),
                None => entity_label(lang, &e.entity_type),
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
    /// (stored kind, its label, selected)
    entity_types: Vec<(String, String, bool)>,
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

fn date(name: &'static str, value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    match value.trim() {
        "" => Ok(None),
        v => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::BadRequest(Msg::new("audit-bad-date").arg("name", name))),
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
    let lang = page.lang;
    if let Some(format) = format {
        let header = [
            lang.t("audit-when"),
            lang.t("audit-who"),
            lang.t("audit-action"),
            lang.t("audit-entity"),
            lang.t("audit-before"),
            lang.t("audit-after"),
        ];
        let rows: Vec<Vec<Value>> = entries
            .into_iter()
            .map(|e| EntryView::of(lang, e))
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
        return download::table(format, &lang.t("audit-file"), &header, &rows);
    }
    render(&AuditPage {
        layout: page.layout(
            if project.is_some() {
                lang.t("audit-history-title")
            } else {
                lang.t("audit-title")
            },
            if project.is_some() {
                Section::Projects
            } else {
                Section::Settings
            },
        ),
        entries: entries
            .into_iter()
            .map(|e| EntryView::of(lang, e))
            .collect(),
        entity_types: types
            .into_iter()
            .map(|t| {
                let (label, s) = (entity_label(lang, &t), t == query.entity);
                (t, label, s)
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
        return Err(AppError::Forbidden(Msg::new("audit-admins-only")));
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
