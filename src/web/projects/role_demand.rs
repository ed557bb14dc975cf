//! `/projects/{id}/role-demand`: planned FTE % per role type and month, editable by editors
//! (shown when ROLE_DEMAND_ENABLED). Same rules as the capacity grid: only changed cells are
//! written, past months and locked projects are read-only, a concurrent save is a conflict.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::BigDecimal;
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::Actor;
use crate::auth::Role;
use crate::error::AppError;
use crate::planning::decimal_input;
use crate::planning::months::{calendar_month, format_month};
use crate::projects::role_demand::{self, RoleEdit, RoleGrid};
use crate::web::csrf::CsrfForm;
use crate::web::input;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::projects::editable;

type Cell = (String, String, String, bool);

#[derive(Template)]
#[template(path = "projects/role_demand.html")]
struct RolePage {
    layout: Layout,
    project_id: Uuid,
    editable: bool,
    read_only_reason: Option<String>,
    csrf_token: String,
    version: i64,
    months: Vec<(String, String, bool)>,
    /// (role type, cells as (input name, original's input name, value, read-only))
    rows: Vec<(String, Vec<Cell>)>,
    roles: Vec<(Uuid, String)>,
    message: Option<String>,
    problems: Vec<String>,
}

#[derive(Deserialize)]
pub struct RoleQuery {
    add_role: Option<Uuid>,
    saved: Option<usize>,
    format: Option<String>,
}

fn enabled(page: &Page) -> Result<(), AppError> {
    if page.state.settings.role_demand_enabled {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

fn open_from(grid: &RoleGrid, role: Role) -> i32 {
    if role == Role::SuperAdmin {
        return i32::MIN;
    }
    let first = crate::planning::months::current_month();
    crate::projects::demand::month_index(grid.start, first)
}

async fn render(
    page: &Page,
    id: Uuid,
    extra: Option<Uuid>,
    message: Option<String>,
    problems: Vec<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let grid = page
        .state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            Ok::<_, AppError>(role_demand::load(conn, id, extra)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let (can_edit, read_only_reason) = match editable(page, id).await {
        Ok(_) => (true, None),
        Err(AppError::Forbidden(reason)) => (false, Some(reason)),
        Err(other) => return Err(other),
    };
    let first_open = open_from(&grid, page.user.role);
    let months = (1..=grid.duration)
        .map(|m| {
            (
                format!("M{m}"),
                calendar_month(grid.start, m)
                    .map(format_month)
                    .unwrap_or_default(),
                m < first_open,
            )
        })
        .collect();
    let rows = grid
        .rows
        .iter()
        .map(|(role, name)| {
            let cells = (1..=grid.duration)
                .map(|m| {
                    let value = grid
                        .cells
                        .get(&(*role, m))
                        .map(|v| v.normalized().to_string())
                        .unwrap_or_default();
                    (
                        format!("c.{role}.{m}"),
                        format!("o.{role}.{m}"),
                        value,
                        !can_edit || m < first_open,
                    )
                })
                .collect();
            (name.clone(), cells)
        })
        .collect();
    let html = RolePage {
        layout: page.layout("Role demand", Section::Projects),
        project_id: id,
        editable: can_edit,
        read_only_reason,
        csrf_token: page.csrf_token(),
        version: grid.version,
        months,
        rows,
        roles: grid.all_roles.clone(),
        message,
        problems,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn show(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<RoleQuery>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    if let Some(format) = crate::web::download::Format::parse(query.format.as_deref())? {
        use crate::web::download::Value;
        let id = path.into_inner();
        let grid = page
            .state
            .db
            .in_transaction(page.user.id, move |conn| {
                Ok::<_, AppError>(role_demand::load(conn, id, None)?)
            })
            .await?
            .ok_or_else(AppError::not_found)?;
        let mut header = vec!["Role type".to_string()];
        header.extend((1..=grid.duration).map(|m| {
            format!(
                "M{m} {}",
                calendar_month(grid.start, m)
                    .map(format_month)
                    .unwrap_or_default()
            )
        }));
        let rows: Vec<Vec<Value>> = grid
            .rows
            .iter()
            .map(|(role, name)| {
                let mut row = vec![Value::Text(name.clone())];
                row.extend(
                    (1..=grid.duration).map(|m| match grid.cells.get(&(*role, m)) {
                        Some(v) => Value::Number(bigdecimal::ToPrimitive::to_f64(v).unwrap_or(0.0)),
                        None => Value::Text(String::new()),
                    }),
                );
                row
            })
            .collect();
        return crate::web::download::table(format, "role-demand", &header, &rows);
    }
    let message = query
        .saved
        .map(|n| format!("Saved {n} changed cell{}.", if n == 1 { "" } else { "s" }));
    render(
        &page,
        path.into_inner(),
        query.add_role,
        message,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// The role demand cells a user wants and the cells as the page showed them, by (role type,
/// project month), and one problem per cell that is not a percentage.
type RoleCells = (
    HashMap<(Uuid, i32), Option<BigDecimal>>,
    HashMap<(Uuid, i32), Option<BigDecimal>>,
    Vec<String>,
);

/// Reads every cell of a posted role demand grid; a cell of an unknown role type or month is a
/// bad request.
fn read_cells(grid: &RoleGrid, fields: &HashMap<String, String>) -> Result<RoleCells, AppError> {
    let mut wanted = HashMap::new();
    let mut originals = HashMap::new();
    let mut problems = Vec::new();
    for (name, text) in fields {
        let mut parts = name.split('.');
        let (Some(kind @ ("c" | "o")), Some(role), Some(month), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(role), Ok(month)) = (Uuid::parse_str(role), month.parse::<i32>()) else {
            continue;
        };
        if month < 1 || month > grid.duration || !grid.all_roles.iter().any(|(r, _)| *r == role) {
            return Err(AppError::BadRequest(
                "The form names a month or role type that does not exist.".into(),
            ));
        }
        let read = decimal_input::read_field(
            text,
            |v| (BigDecimal::from(0)..=BigDecimal::from(10_000)).contains(v),
            |text| format!("\"{text}\" is not a percentage from 0 to 10000."),
        );
        let value = match read {
            Ok(value) => value
                .map(|v| {
                    v.with_scale_round(2, bigdecimal::RoundingMode::HalfEven)
                        .normalized()
                })
                .filter(|v| *v != 0),
            Err(message) => {
                let role_name = grid
                    .all_roles
                    .iter()
                    .find(|(r, _)| *r == role)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                problems.push(format!("{role_name}, M{month}: {message}"));
                None
            }
        };
        if kind == "c" {
            wanted.insert((role, month), value);
        } else {
            originals.insert((role, month), value);
        }
    }
    Ok((wanted, originals, problems))
}

pub async fn save(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let id = path.into_inner();
    editable(&page, id).await?;
    let fields = form.0;
    let version: i64 = fields
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest("The form has no project version.".into()))?;
    let grid = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(role_demand::load(conn, id, None)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    // Every cell is read first, off the async workers; any bad value writes nothing.
    let (grid, read) = input::off_worker(move || {
        let read = read_cells(&grid, &fields);
        (grid, read)
    })
    .await?;
    let (wanted, originals, mut problems) = read?;
    if !problems.is_empty() {
        problems.sort();
        return render(
            &page,
            id,
            None,
            None,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let edits: Vec<RoleEdit> = wanted
        .into_iter()
        .map(|((role, month), value)| RoleEdit {
            role,
            month,
            original: originals.get(&(role, month)).cloned().unwrap_or(None),
            wanted: value,
        })
        .collect();
    let first_open = open_from(&grid, page.user.role);
    if let Some(m) = edits
        .iter()
        .filter(|e| e.wanted != e.original)
        .map(|e| e.month)
        .filter(|m| *m < first_open)
        .min()
    {
        return Err(AppError::Forbidden(format!(
            "M{m} is in the past; only super-admins may change past months. Nothing was saved."
        )));
    }
    let actor = Actor {
        user_id: page.user.id,
        name: page.user.username.clone(),
    };
    let saved = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(role_demand::save(conn, &grid, version, &edits, &actor)?)
        })
        .await?;
    match saved {
        Some(n) => Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/projects/{id}/role-demand?saved={n}"))).finish()),
        None => render(&page, id, None, None, vec!["Someone saved this project after you opened the page, so nothing was saved. The page now shows the latest plan: make your change again.".into()], StatusCode::CONFLICT).await,
    }
}
