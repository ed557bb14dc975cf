//! `/settings`: the lookups, lifecycle states, system hours-per-PM rates and calendars; administrators
//! add and delete values (and change lifecycle states) here.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::Actor;
use crate::error::AppError;
use crate::lookups::{self, Lookups};
use crate::settings_edit::{self, Kind, SettingForm};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

#[derive(Template)]
#[template(path = "settings/index.html")]
struct SettingsPage {
    layout: Layout,
    lookups: Lookups,
    hours_per_pm: String,
    can_import: bool,
    can_edit: bool,
    csrf_token: String,
    /// kind/key → id, for delete buttons.
    ids: HashMap<String, String>,
    rates: Vec<(String, String, String)>,
    calendar: Option<(String, String)>,
    year: i32,
    holidays: Vec<(String, String, String)>,
    notice: Option<String>,
    problem: Option<String>,
}

impl SettingsPage {
    /// The id of a row, for its delete form ("" when unknown).
    fn id_of(&self, kind: &str, key: &str) -> String {
        self.ids
            .get(&format!("{kind}/{key}"))
            .cloned()
            .unwrap_or_default()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    calendar: Option<String>,
    year: Option<i32>,
    notice: Option<String>,
    format: Option<String>,
}

async fn render_page(
    page: &Page,
    query: &SettingsQuery,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let calendar_code = query.calendar.clone().unwrap_or_else(|| "FI".into());
    let year = query
        .year
        .unwrap_or_else(|| chrono::Utc::now().year())
        .clamp(1900, 2200);
    let (lookups, ids, rates, holidays) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let ids = settings_edit::ids(conn)?;
            let calendar = ids
                .iter()
                .find(|(k, _, code)| k == "calendar" && *code == calendar_code)
                .map(|(_, id, code)| (*id, code.clone()));
            let holidays = match &calendar {
                Some((id, _)) => settings_edit::holidays_of(conn, *id, year)?,
                None => Vec::new(),
            };
            Ok::<_, AppError>((
                lookups::all(conn)?,
                (ids, calendar),
                settings_edit::system_rates(conn)?,
                holidays,
            ))
        })
        .await?;
    let (ids, calendar) = ids;
    let html = SettingsPage {
        layout: page.layout("Settings", Section::Settings),
        lookups,
        hours_per_pm: page.state.settings.hours_per_pm.normalized().to_string(),
        can_import: page.user.policy().can_manage_settings(),
        can_edit: page.user.policy().can_manage_settings(),
        csrf_token: page.csrf_token(),
        ids: ids
            .into_iter()
            .map(|(kind, id, key)| (format!("{kind}/{key}"), id.to_string()))
            .collect(),
        rates: rates
            .into_iter()
            .map(|(id, from, hours)| {
                (
                    id.to_string(),
                    crate::planning::months::format_month(from),
                    hours.normalized().to_string(),
                )
            })
            .collect(),
        calendar: calendar.map(|(id, code)| (id.to_string(), code)),
        year,
        holidays: holidays
            .into_iter()
            .map(|(id, day, name)| (id.to_string(), day.to_string(), name))
            .collect(),
        notice: match query.notice.as_deref() {
            Some("added") => Some("Added.".to_string()),
            Some("deleted") => Some("Deleted.".to_string()),
            Some("saved") => Some("Saved.".to_string()),
            _ => None,
        },
        problem,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn index(page: Page, query: web::Query<SettingsQuery>) -> Result<HttpResponse, AppError> {
    if let Some(format) = crate::web::download::Format::parse(query.format.as_deref())? {
        use crate::web::download::Value;
        let l = page
            .state
            .db
            .in_transaction(page.user.id, |conn| Ok::<_, AppError>(lookups::all(conn)?))
            .await?;
        let text = |s: &str| Value::Text(s.to_string());
        let mut rows: Vec<Vec<Value>> = Vec::new();
        rows.extend(l.lifecycle_states.iter().map(|s| {
            vec![
                text("lifecycle state"),
                text(&s.code),
                text(&s.name),
                text(&format!(
                    "{}{}",
                    if s.is_pipeline { "pipeline " } else { "" },
                    if s.locks_project { "locks" } else { "" }
                )),
            ]
        }));
        rows.extend(l.role_types.iter().map(|r| {
            vec![
                text("role type"),
                text(""),
                text(&r.name),
                text(r.group.as_deref().unwrap_or("")),
            ]
        }));
        rows.extend(l.deliverable_types.iter().map(|d| {
            vec![
                text("deliverable type"),
                text(&d.code),
                text(&d.name),
                text(d.group.as_deref().unwrap_or("")),
            ]
        }));
        rows.extend(l.dissemination_levels.iter().map(|d| {
            vec![
                text("dissemination level"),
                text(&d.code),
                text(&d.name),
                text(d.group.as_deref().unwrap_or("")),
            ]
        }));
        rows.extend(l.allocation_groups.iter().map(|a| {
            vec![
                text("allocation group"),
                text(&a.code),
                text(&a.name),
                text(""),
            ]
        }));
        rows.extend(l.calendars.iter().map(|c| {
            vec![
                text("calendar"),
                text(&c.code),
                text(&c.name),
                text(c.country_code.as_deref().unwrap_or("")),
            ]
        }));
        let header = ["Kind", "Code", "Name", "Group / flags / country"].map(String::from);
        return crate::web::download::table(format, "settings", &header, &rows);
    }
    render_page(&page, &query, None, StatusCode::OK).await
}

fn require_admin(page: &Page) -> Result<Actor, AppError> {
    if page.user.policy().can_manage_settings() {
        Ok(Actor {
            user_id: page.user.id,
            name: page.user.username.clone(),
        })
    } else {
        Err(AppError::Forbidden(
            "Only administrators may change settings.".into(),
        ))
    }
}

fn kind_of(value: &str) -> Result<Kind, AppError> {
    Kind::parse(value).ok_or_else(AppError::not_found)
}

/// After a change: back to the page with `notice`, or the page again with the refusal.
async fn answer(
    page: &Page,
    result: Result<(), String>,
    notice: &str,
    refused: StatusCode,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(()) => Ok(back(notice)),
        Err(message) => render_page(page, &SettingsQuery::default(), Some(message), refused).await,
    }
}

fn back(notice: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/settings?notice={notice}")))
        .finish()
}

pub async fn create(
    page: Page,
    path: web::Path<String>,
    form: CsrfForm<SettingForm>,
) -> Result<HttpResponse, AppError> {
    let actor = require_admin(&page)?;
    let kind = kind_of(&path.into_inner())?;
    let form = form.0;
    let submitted = form.clone();
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings_edit::create(conn, kind, &submitted, &actor)?)
        })
        .await?;
    answer(&page, result, "added", StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Deserialize)]
pub struct DeleteForm {}

pub async fn delete(
    page: Page,
    path: web::Path<(String, Uuid)>,
    _form: CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let actor = require_admin(&page)?;
    let (kind, id) = path.into_inner();
    let kind = kind_of(&kind)?;
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings_edit::delete(conn, kind, id, &actor)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    answer(&page, result, "deleted", StatusCode::CONFLICT).await
}

pub async fn update_lifecycle_state(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<SettingForm>,
) -> Result<HttpResponse, AppError> {
    let actor = require_admin(&page)?;
    let id = path.into_inner();
    let form = form.0;
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings_edit::update_lifecycle_state(
                conn, id, &form, &actor,
            )?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    answer(&page, result, "saved", StatusCode::UNPROCESSABLE_ENTITY).await
}

/// Renames a lookup value (role types, deliverable types, dissemination levels, allocation groups).
pub async fn rename(
    page: Page,
    path: web::Path<(String, Uuid)>,
    form: CsrfForm<SettingForm>,
) -> Result<HttpResponse, AppError> {
    let actor = require_admin(&page)?;
    let (kind, id) = path.into_inner();
    let kind = kind_of(&kind)?;
    let form = form.0;
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings_edit::rename(conn, kind, id, &form, &actor)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    answer(&page, result, "saved", StatusCode::UNPROCESSABLE_ENTITY).await
}
