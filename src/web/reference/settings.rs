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
use crate::db::row_version::RowChange;
use crate::error::AppError;
use crate::reference::lookups::{self, Lookups};
use crate::reference::settings::{self, Kind, SettingForm};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::stale::{About, Shown, Versioned, checkbox, stale_form};

#[derive(Template)]
#[template(path = "settings/index.html")]
struct SettingsPage {
    layout: Layout,
    lookups: Lookups,
    hours_per_pm: String,
    can_import: bool,
    can_edit: bool,
    csrf_token: String,
    /// kind/key → (id, hidden fields of its forms), for the save and delete buttons.
    rows: HashMap<String, (String, Shown)>,
    /// (id, from, hours, hidden fields of its delete form)
    rates: Vec<(String, String, String, Shown)>,
    calendar: Option<(String, String)>,
    year: i32,
    /// (id, day, name, hidden fields of its delete form)
    holidays: Vec<(String, String, String, Shown)>,
    notice: Option<String>,
    problem: Option<String>,
}

impl SettingsPage {
    /// The id of a row, for its forms ("" when unknown).
    fn id_of(&self, kind: &str, key: &str) -> String {
        self.rows
            .get(&format!("{kind}/{key}"))
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    }

    /// The version and values of a row, for the hidden fields of its forms.
    fn row_of(&self, kind: &str, key: &str) -> Shown {
        self.rows
            .get(&format!("{kind}/{key}"))
            .map(|(_, row)| row.clone())
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
    let (lookups, rows, rates, holidays) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let rows = settings::rows(conn)?;
            let calendar = rows
                .iter()
                .find(|r| r.kind == Kind::Calendar && r.key == calendar_code)
                .map(|r| (r.id, r.key.clone()));
            let holidays = match &calendar {
                Some((id, _)) => settings::holidays_of(conn, *id, Some(year))?,
                None => Vec::new(),
            };
            Ok::<_, AppError>((
                lookups::all(conn)?,
                (rows, calendar),
                settings::system_rates(conn)?,
                holidays,
            ))
        })
        .await?;
    let (rows, calendar) = rows;
    let html = SettingsPage {
        layout: page.layout("Settings", Section::Settings),
        lookups,
        hours_per_pm: page.state.settings.hours_per_pm.normalized().to_string(),
        can_import: page.user.policy().can_manage_settings(),
        can_edit: page.user.policy().can_manage_settings(),
        csrf_token: page.csrf_token(),
        rows: rows
            .into_iter()
            .map(|r| {
                let row = Shown::of(r.version, &r.form);
                (
                    format!("{}/{}", r.kind.slug(), r.key),
                    (r.id.to_string(), row),
                )
            })
            .collect(),
        rates: rates
            .into_iter()
            .map(|r| {
                let row = Shown::of(r.version, &r.form);
                (
                    r.id.to_string(),
                    r.form.valid_from,
                    r.form.hours_per_pm,
                    row,
                )
            })
            .collect(),
        calendar: calendar.map(|(id, code)| (id.to_string(), code)),
        year,
        holidays: holidays
            .into_iter()
            .map(|r| {
                let row = Shown::of(r.version, &r.form);
                (r.id.to_string(), r.form.day, r.form.name, row)
            })
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
            Ok::<_, AppError>(settings::create(conn, kind, &submitted, &actor)?)
        })
        .await?;
    answer(&page, result, "added", StatusCode::UNPROCESSABLE_ENTITY).await
}

pub async fn delete(
    page: Page,
    path: web::Path<(String, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let actor = require_admin(&page)?;
    let (kind, id) = path.into_inner();
    let kind = kind_of(&kind)?;
    let shown = form.0;
    let version = shown.version()?;
    let change = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings::delete(conn, kind, id, version, &actor)?)
        })
        .await?;
    match change {
        RowChange::Done(result) => answer(&page, result, "deleted", StatusCode::CONFLICT).await,
        RowChange::Missing => Err(AppError::not_found()),
        RowChange::Stale => stale_setting(&page, kind, id, &shown, None).await,
    }
}

pub async fn update_lifecycle_state(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<SettingForm>>,
) -> Result<HttpResponse, AppError> {
    let actor = require_admin(&page)?;
    let id = path.into_inner();
    let Versioned { fields, row } = form.0;
    let version = row.version()?;
    let typed = fields.clone();
    let change = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings::update_lifecycle_state(
                conn, id, version, &fields, &actor,
            )?)
        })
        .await?;
    match change {
        RowChange::Done(result) => {
            answer(&page, result, "saved", StatusCode::UNPROCESSABLE_ENTITY).await
        }
        RowChange::Missing => Err(AppError::not_found()),
        RowChange::Stale => {
            stale_setting(&page, Kind::LifecycleState, id, &row, Some(&typed)).await
        }
    }
}

/// Renames a lookup value (role types, deliverable types, dissemination levels, allocation groups).
pub async fn rename(
    page: Page,
    path: web::Path<(String, Uuid)>,
    form: CsrfForm<Versioned<SettingForm>>,
) -> Result<HttpResponse, AppError> {
    let actor = require_admin(&page)?;
    let (kind, id) = path.into_inner();
    let kind = kind_of(&kind)?;
    let Versioned { fields, row } = form.0;
    let version = row.version()?;
    let typed = fields.clone();
    let change = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings::rename(conn, kind, id, version, &fields, &actor)?)
        })
        .await?;
    match change {
        RowChange::Done(result) => {
            answer(&page, result, "saved", StatusCode::UNPROCESSABLE_ENTITY).await
        }
        RowChange::Missing => Err(AppError::not_found()),
        RowChange::Stale => stale_setting(&page, kind, id, &row, Some(&typed)).await,
    }
}

/// The 409 page of a save (`typed`) or delete (`None`) of a value that changed after the
/// settings page was shown.
async fn stale_setting(
    page: &Page,
    kind: Kind,
    id: Uuid,
    shown: &Shown,
    typed: Option<&SettingForm>,
) -> Result<HttpResponse, AppError> {
    let now = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings::current(conn, kind, id)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let (name, group) = (("name", "Name"), ("group", "Group"));
    let (what, fields): (String, Vec<(&str, &str)>) = match kind {
        Kind::LifecycleState => (
            format!("the lifecycle state {}", now.key),
            vec![
                name,
                ("is_pipeline", "Sales pipeline"),
                ("locks_project", "Locks the project"),
            ],
        ),
        Kind::RoleType => (format!("the role type {}", now.key), vec![name, group]),
        Kind::DeliverableType => (
            format!("the deliverable type {}", now.key),
            vec![name, group],
        ),
        Kind::DisseminationLevel => (
            format!("the dissemination level {}", now.key),
            vec![name, group],
        ),
        Kind::AllocationGroup => (format!("the allocation group {}", now.key), vec![name]),
        Kind::Calendar => (
            format!("the calendar {}", now.key),
            vec![("code", "Code"), name, ("country_code", "Country")],
        ),
        Kind::SystemRate => (
            format!("the system rate from {}", now.form.valid_from),
            vec![
                ("valid_from", "Valid from"),
                ("hours_per_pm", "Hours per PM"),
            ],
        ),
        Kind::Holiday => (
            format!("the holiday of {}", now.form.day),
            vec![("day", "Day"), name],
        ),
    };
    let about = About {
        title: "Settings".into(),
        section: Section::Settings,
        what,
        breadcrumb: vec![("/settings".into(), "Settings".into())],
        latest: ("/settings".into(), "Open the latest settings".into()),
    };
    stale_form(
        page,
        about,
        &fields,
        shown,
        &now.form,
        typed,
        |field, value| match field {
            "is_pipeline" | "locks_project" => checkbox(value),
            _ => value.to_string(),
        },
    )
}
