//! `/projects/{id}/role-demand`: planned FTE % per role type and month, editable by editors
//! (shown when ROLE_DEMAND_ENABLED). Same rules as the capacity grid: only changed cells are
//! written, past months and locked projects are read-only, a concurrent save is a conflict.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;

use serde::Deserialize;
use uuid::Uuid;

use crate::command::DomainError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::planning::months::calendar_month;
use crate::projects::role_demand::{self, RoleGrid, RoleGridInput};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

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

/// The grid as the page shows it (editable where the Policy allows), with a message or the
/// problems of a refused save.
fn render(
    page: &Page,
    grid: &RoleGrid,
    message: Option<String>,
    problems: Vec<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let policy = page.user.policy();
    let (can_edit, read_only_reason) = match policy.can_edit_project(&grid.lock) {
        Ok(()) => (true, None),
        Err(refusal) => (false, Some(refusal.0.in_lang(page.lang))),
    };
    // The first project month the user may change (earlier months are history).
    let first_open =
        policy.first_open_project_month(grid.start, crate::planning::months::current_month());
    let months = (1..=grid.duration)
        .map(|m| {
            (
                format!("M{m}"),
                calendar_month(grid.start, m)
                    .map(|month| page.lang.month_name(month))
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
                    let readonly = !can_edit || m < first_open;
                    // Read-only cells are for reading (1 234,5); inputs hold what the user
                    // types (1234,5 in a language with a decimal comma), which the save reads.
                    let value = grid
                        .cells
                        .get(&(*role, m))
                        .map(|v| {
                            let plain = v.normalized().to_string();
                            if readonly {
                                page.lang.decimal(v)
                            } else if page.lang.decimal_comma() {
                                plain.replace('.', ",")
                            } else {
                                plain
                            }
                        })
                        .unwrap_or_default();
                    (
                        format!("c.{role}.{m}"),
                        format!("o.{role}.{m}"),
                        value,
                        readonly,
                    )
                })
                .collect();
            (page.lang.lookup_name(name), cells)
        })
        .collect();
    let html = RolePage {
        layout: page.layout(page.lang.t("roledemand-title"), Section::Projects),
        project_id: grid.project_id,
        editable: can_edit,
        read_only_reason,
        csrf_token: page.csrf_token(),
        version: grid.version,
        months,
        rows,
        roles: grid
            .all_roles
            .iter()
            .map(|(id, name)| (*id, page.lang.lookup_name(name)))
            .collect(),
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
    let id = path.into_inner();
    // A download's grid has no added row.
    let format = crate::web::download::Format::parse(query.format.as_deref())?;
    let extra = query.add_role.filter(|_| format.is_none());
    let grid = page
        .state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            Ok::<_, AppError>(role_demand::load(conn, id, extra)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    if let Some(format) = format {
        return download(page.lang, &grid, format);
    }
    let message = query.saved.map(|n| page.lang.t1("grid-saved", "count", n));
    render(&page, &grid, message, Vec::new(), StatusCode::OK)
}

/// The grid as CSV or ODS: a row per role type, a column per project month.
fn download(
    lang: Lang,
    grid: &RoleGrid,
    format: crate::web::download::Format,
) -> Result<HttpResponse, AppError> {
    use crate::web::download::Value;
    let mut header = vec![lang.t("roledemand-column-role")];
    header.extend((1..=grid.duration).map(|m| {
        format!(
            "M{m} {}",
            calendar_month(grid.start, m)
                .map(|month| lang.month_short(month))
                .unwrap_or_default()
        )
    }));
    let rows: Vec<Vec<Value>> = grid
        .rows
        .iter()
        .map(|(role, name)| {
            let mut row = vec![Value::Text(lang.lookup_name(name))];
            row.extend(
                (1..=grid.duration).map(|m| match grid.cells.get(&(*role, m)) {
                    Some(v) => Value::Number(bigdecimal::ToPrimitive::to_f64(v).unwrap_or(0.0)),
                    None => Value::Text(String::new()),
                }),
            );
            row
        })
        .collect();
    crate::web::download::table(format, role_demand::DOWNLOAD_NAME, &header, &rows)
}

/// The cells of a posted role demand grid by their field names (`c.<role>.<month>`, the value,
/// and `o.<role>.<month>`, what the page showed): (typed, shown).
type PostedCells = (HashMap<(Uuid, i32), String>, HashMap<(Uuid, i32), String>);

fn posted_cells(fields: &HashMap<String, String>) -> PostedCells {
    let (mut typed, mut shown) = (HashMap::new(), HashMap::new());
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
        let cells = if kind == "c" { &mut typed } else { &mut shown };
        cells.insert((role, month), text.clone());
    }
    (typed, shown)
}

pub async fn save(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let project = path.into_inner();
    let fields = form.0;
    let acting = page.acting();
    let lang = page.lang;
    // The cells are read in the transaction, off the async workers; a refused save shows the
    // grid as it is now, read in the same transaction.
    let saved = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let (typed, shown) = posted_cells(&fields);
            let input = RoleGridInput {
                project,
                version: fields.get("version").and_then(|v| v.parse().ok()),
                typed,
                shown,
            };
            let refused = match role_demand::save_grid(conn, &acting, &input) {
                Ok(n) => return Ok(Ok(n)),
                Err(DomainError::Invalid(problems))
                    if problems
                        .iter()
                        .all(|(field, _)| *field == role_demand::CELL) =>
                {
                    let problems = problems.iter().map(|(_, p)| p.in_lang(lang)).collect();
                    (problems, StatusCode::UNPROCESSABLE_ENTITY)
                }
                Err(DomainError::Stale) => (vec![lang.t("roledemand-stale")], StatusCode::CONFLICT),
                Err(other) => return Err(AppError::from(other)),
            };
            let grid = role_demand::load(conn, project, None)?.ok_or_else(AppError::not_found)?;
            Ok(Err((grid, refused)))
        })
        .await?;
    match saved {
        Ok(n) => Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/projects/{project}/role-demand?saved={n}"),
            ))
            .finish()),
        Err((grid, (problems, status))) => render(&page, &grid, None, problems, status),
    }
}
