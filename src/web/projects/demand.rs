//! `/projects/{id}/capacity`: the month × task × organisation grid of PM for PROJPLAN, EST and
//! ACTUAL, with totals, an hours view, a chart, downloads and editing (one form for the grid;
//! only changed cells are written; a concurrent save is a conflict, never a silent overwrite).

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::{BigDecimal, ToPrimitive};
use serde::Deserialize;
use uuid::Uuid;

use crate::command::DomainError;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::planning::months::{calendar_month, current_month};
use crate::projects::demand::{self, CellKey, ConflictCell, Grid, GridInput, SaveOutcome, Series};
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::stale::Cell;

#[derive(Deserialize)]
pub struct GridQuery {
    series: Option<String>,
    unit: Option<String>,
    format: Option<String>,
    add_task: Option<Uuid>,
    add_org: Option<Uuid>,
    saved: Option<usize>,
}

struct MonthHead {
    label: String,
    name: String,
    past: bool,
}

struct CellView {
    /// The project month (1-based): with the row's index, it names the cell's inputs.
    month: i32,
    value: String,
    original: String,
    readonly: bool,
}

struct RowView {
    /// "task.organisation": the row's key, posted once per row (see `parse_cell_name`).
    key: String,
    /// Whether any cell of the row can be edited (only then is the key posted).
    editable: bool,
    wp_header: Option<String>,
    task: String,
    task_name: String,
    org: String,
    cells: Vec<CellView>,
    total: String,
}

struct Line {
    class: &'static str,
    label: String,
    points: String,
}

struct Chart {
    width: i32,
    height: i32,
    max_label: String,
    lines: Vec<Line>,
    ticks: Vec<(i32, String)>,
}

#[derive(Template)]
#[template(path = "projects/capacity.html")]
struct CapacityPage {
    layout: Layout,
    project_id: Uuid,
    code: String,
    series: &'static str,
    series_tabs: Vec<(&'static str, bool)>,
    /// "EST is the current estimate."
    series_description: String,
    /// "P1 — Name: capacity demand"
    heading: String,
    hours: bool,
    editable: bool,
    read_only_reason: Option<String>,
    version: i64,
    csrf_token: String,
    months: Vec<MonthHead>,
    rows: Vec<RowView>,
    column_totals: Vec<String>,
    grand_total: String,
    chart: Chart,
    tasks: Vec<(Uuid, String)>,
    organisations: Vec<(Uuid, String)>,
    saved: Option<String>,
    problems: Vec<String>,
    /// CAPACITY_REQUESTS_ENABLED: (the user may ask other organisations on this project's behalf)
    requests: Option<bool>,
}

/// The first project month the user may change (earlier months are history).
fn first_open_month(page: &Page, grid: &Grid) -> i32 {
    page.user
        .policy()
        .first_open_project_month(grid.project.start, current_month())
}

/// A cell's form field: `c.<row>.<month>` (the value) or `o.<row>.<month>` (the value the
/// page showed), where the row's key `r.<row>` = `<task>.<organisation>` is posted once per row.
/// Naming the task and organisation in every field instead (`c.<task>.<organisation>.<month>`,
/// also accepted) made a large grid's page three times as large. The key travels with the form,
/// so a grid whose rows changed since the page was shown still writes the right cells.
fn parse_cell_name(name: &str, rows: &HashMap<&str, (Uuid, Uuid)>) -> Option<(bool, CellKey)> {
    let mut parts = name.split('.');
    let original = match parts.next()? {
        "c" => false,
        "o" => true,
        _ => return None,
    };
    let rest: Vec<&str> = parts.collect();
    let (task, org, month) = match rest.as_slice() {
        [row, month] => {
            let (task, org) = rows.get(row)?;
            (*task, *org, month)
        }
        [task, org, month] => (
            Uuid::parse_str(task).ok()?,
            Uuid::parse_str(org).ok()?,
            month,
        ),
        _ => return None,
    };
    Some((original, (task, org, month.parse().ok()?)))
}

/// The row keys of a posted grid: `r.<row>` → (task, organisation).
fn row_keys(fields: &HashMap<String, String>) -> HashMap<&str, (Uuid, Uuid)> {
    fields
        .iter()
        .filter_map(|(name, value)| {
            let row = name.strip_prefix("r.")?;
            let (task, org) = value.split_once('.')?;
            Some((
                row,
                (Uuid::parse_str(task).ok()?, Uuid::parse_str(org).ok()?),
            ))
        })
        .collect()
}

/// A value of a grid's input (`value=`): `2.5` in English, `2,5` with a decimal comma, as the
/// user types it; the save reads either back (`planning::decimal_input`).
fn show(lang: Lang, value: Option<&BigDecimal>) -> String {
    value
        .map(|v| {
            let plain = v.normalized().to_string();
            if lang.decimal_comma() {
                plain.replace('.', ",")
            } else {
                plain
            }
        })
        .unwrap_or_default()
}

/// A value shown for reading (totals, read-only cells): `1,234.5`, `1 234,5`.
fn shown_number(lang: Lang, value: Option<&BigDecimal>) -> String {
    value.map(|v| lang.decimal(v)).unwrap_or_default()
}

fn chart(lang: Lang, grid: &Grid, hours: bool) -> Chart {
    let width = 900;
    let height = 220;
    let totals: Vec<(Series, Vec<f64>)> = Series::ALL
        .iter()
        .map(|s| {
            let values = grid
                .monthly_totals(*s)
                .into_iter()
                .map(|(m, pm)| {
                    let value = match (hours, calendar_month(grid.project.start, m)) {
                        (true, Some(month)) => grid.rates.hours(&pm, month, None),
                        _ => pm,
                    };
                    value.to_f64().unwrap_or(0.0)
                })
                .collect();
            (*s, values)
        })
        .collect();
    let max = totals
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let n = grid.project.duration.max(1) as f64;
    let x = |i: usize| 40.0 + (i as f64 + 0.5) * (width as f64 - 50.0) / n;
    let y = |v: f64| 10.0 + (height as f64 - 40.0) * (1.0 - v / max);
    let lines = totals
        .iter()
        .map(|(s, values)| Line {
            class: match s {
                Series::Projplan => "line-projplan",
                Series::Est => "line-est",
                Series::Actual => "line-actual",
            },
            label: s.as_str().to_string(),
            points: values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    let ticks = (1..=grid.project.duration)
        .filter(|m| (m - 1) % 6 == 0)
        .map(|m| {
            (
                x((m - 1) as usize) as i32,
                calendar_month(grid.project.start, m)
                    .map(|month| lang.month_name(month))
                    .unwrap_or_default(),
            )
        })
        .collect();
    Chart {
        width,
        height,
        max_label: lang.float((max * 10.0).round() / 10.0),
        lines,
        ticks,
    }
}

/// Why a planning grid (demand or team) cannot be edited here: the Policy's refusal, or hours,
/// which are derived for reading (grids are edited in PM); `None` when it can.
pub(super) fn read_only_reason(
    lang: Lang,
    permission: &Result<(), crate::auth::policy::Refusal>,
    hours: bool,
) -> Option<String> {
    match (permission, hours) {
        (Err(refusal), _) => Some(refusal.0.in_lang(lang)),
        (Ok(()), true) => Some(lang.t("grid-hours-read-only")),
        _ => None,
    }
}

/// The grid's month columns: `M3` with the calendar month as the language writes it; months
/// before `open_from` are past.
fn month_heads(lang: Lang, grid: &Grid, open_from: i32) -> Vec<MonthHead> {
    (1..=grid.project.duration)
        .map(|m| MonthHead {
            label: calendar_month(grid.project.start, m)
                .map(|month| lang.month_name(month))
                .unwrap_or_default(),
            name: format!("M{m}"),
            past: m < open_from,
        })
        .collect()
}

fn render_grid(
    page: &Page,
    grid: &Grid,
    series: Series,
    hours: bool,
    saved: Option<usize>,
    refused: Option<(Vec<String>, &Typed)>,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, AppError> {
    let (problems, typed) = match refused {
        Some((problems, typed)) => (problems, Some(typed)),
        None => (Vec::new(), None),
    };
    let policy = page.user.policy();
    let permission = policy.can_edit_project(&grid.project.lock());
    let editable = permission.is_ok() && !hours;
    let read_only_reason = read_only_reason(page.lang, &permission, hours);
    let open_from = first_open_month(page, grid);
    let months = month_heads(page.lang, grid, open_from);
    let value_of = |key: &CellKey| -> Option<BigDecimal> {
        let pm = grid.value(series, key)?;
        Some(match (hours, calendar_month(grid.project.start, key.2)) {
            (true, Some(month)) => grid.rates.hours(pm, month, None),
            _ => pm.clone(),
        })
    };
    let mut column_totals = vec![BigDecimal::from(0); grid.project.duration as usize];
    let mut grand = BigDecimal::from(0);
    let mut last_wp = None;
    let rows = grid
        .rows
        .iter()
        .map(|r| {
            let wp_header = (last_wp != Some(r.wp_number)).then(|| {
                page.lang.t2(
                    "grid-wp-header",
                    ("number", r.wp_number.to_string()),
                    ("name", &r.wp_name),
                )
            });
            last_wp = Some(r.wp_number);
            let mut total = BigDecimal::from(0);
            let cells = (1..=grid.project.duration)
                .map(|m| {
                    let key = (r.task_id, r.org_id, m);
                    let value = value_of(&key);
                    if let Some(v) = &value {
                        total += v;
                        column_totals[(m - 1) as usize] += v;
                    }
                    let readonly = !editable || m < open_from;
                    let shown = if readonly {
                        shown_number(page.lang, value.as_ref())
                    } else {
                        show(page.lang, value.as_ref())
                    };
                    // In PM the cell shows what is stored: format it once.
                    let original = if hours {
                        show(page.lang, grid.value(series, &key))
                    } else {
                        shown.clone()
                    };
                    let (shown, original) = match typed {
                        Some(typed) if typed.values.contains_key(&key) => (
                            typed.values.get(&key).cloned().unwrap_or_default(),
                            typed.shown.get(&key).cloned().unwrap_or_default(),
                        ),
                        _ => (shown, original),
                    };
                    CellView {
                        month: m,
                        value: shown,
                        original,
                        readonly,
                    }
                })
                .collect();
            grand += &total;
            RowView {
                key: format!("{}.{}", r.task_id, r.org_id),
                editable: editable && open_from <= grid.project.duration,
                wp_header,
                task: r.task_number.clone(),
                task_name: r.task_name.clone(),
                org: r.org.clone(),
                cells,
                total: shown_number(page.lang, Some(&total)),
            }
        })
        .collect();
    let page_view = CapacityPage {
        layout: page
            .layout(
                page.lang.t1("grid-page-title", "code", &grid.project.code),
                Section::Projects,
            )
            .shareable(page),
        project_id: grid.project.id,
        code: grid.project.code.clone(),
        series: series.as_str(),
        series_tabs: Series::ALL
            .iter()
            .map(|s| (s.as_str(), *s == series))
            .collect(),
        series_description: page.lang.t2(
            "grid-series-is",
            ("series", series.as_str()),
            ("description", page.lang.t(series.description_key())),
        ),
        heading: page.lang.t2(
            "grid-heading",
            ("code", &grid.project.code),
            ("name", &grid.project.name),
        ),
        hours,
        editable,
        read_only_reason,
        version: typed.map_or(grid.project.version, |typed| typed.version),
        csrf_token: page.csrf_token(),
        months,
        rows,
        column_totals: column_totals
            .iter()
            .map(|t| shown_number(page.lang, Some(t)))
            .collect(),
        grand_total: shown_number(page.lang, Some(&grand)),
        chart: chart(page.lang, grid, hours),
        tasks: grid
            .tasks
            .iter()
            .map(|t| (t.0, format!("{} {}", t.1, t.2)))
            .collect(),
        organisations: grid.organisations.clone(),
        saved: saved.map(|n| page.lang.t1("grid-saved", "count", n)),
        problems,
        requests: page
            .state
            .settings
            .capacity_requests_enabled
            .then_some(permission.is_ok()),
    };
    let html = page_view.render().map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

async fn load_grid(page: &Page, id: Uuid, extra: Option<(Uuid, Uuid)>) -> Result<Grid, AppError> {
    let default = page.state.settings.hours_per_pm.clone();
    page.state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            Ok::<_, AppError>(demand::load(conn, id, &default, extra)?)
        })
        .await?
        .ok_or_else(AppError::not_found)
}

pub async fn show_grid(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<GridQuery>,
) -> Result<HttpResponse, AppError> {
    let series = match query.series.as_deref() {
        None => Series::Est,
        Some(s) => Series::parse(s)
            .ok_or_else(|| AppError::BadRequest(Msg::new("series-unknown").arg("series", s)))?,
    };
    let hours = super::shows_hours(&page, query.unit.as_deref()).await?;
    let format = Format::parse(query.format.as_deref())?;
    let extra = query.add_task.zip(query.add_org);
    let grid = load_grid(&page, path.into_inner(), extra).await?;
    if let Some(format) = format {
        return download_grid(page.lang, &grid, series, hours, format);
    }
    render_grid(
        &page,
        &grid,
        series,
        hours,
        query.saved,
        None,
        actix_web::http::StatusCode::OK,
    )
}

fn download_grid(
    lang: Lang,
    grid: &Grid,
    series: Series,
    hours: bool,
    format: Format,
) -> Result<HttpResponse, AppError> {
    let mut header = vec![
        lang.t("grid-column-wp"),
        lang.t("grid-column-task"),
        lang.t("grid-column-task-name"),
        lang.t("grid-column-organisation"),
    ];
    header.extend((1..=grid.project.duration).map(|m| {
        format!(
            "M{m} {}",
            calendar_month(grid.project.start, m)
                .map(|month| lang.month_short(month))
                .unwrap_or_default()
        )
    }));
    header.push(lang.t("total"));
    let value = |key: &CellKey| -> Option<BigDecimal> {
        let pm = grid.value(series, key)?;
        Some(match (hours, calendar_month(grid.project.start, key.2)) {
            (true, Some(month)) => grid.rates.hours(pm, month, None),
            _ => pm.clone(),
        })
    };
    let number = |v: &BigDecimal| Value::Number(v.to_f64().unwrap_or(0.0));
    let mut columns = vec![BigDecimal::from(0); grid.project.duration as usize];
    let mut rows: Vec<Vec<Value>> = grid
        .rows
        .iter()
        .map(|r| {
            let mut total = BigDecimal::from(0);
            let mut row = vec![
                Value::Number(f64::from(r.wp_number)),
                Value::Text(r.task_number.clone()),
                Value::Text(r.task_name.clone()),
                Value::Text(r.org.clone()),
            ];
            for m in 1..=grid.project.duration {
                match value(&(r.task_id, r.org_id, m)) {
                    Some(v) => {
                        total += &v;
                        columns[(m - 1) as usize] += &v;
                        row.push(number(&v));
                    }
                    None => row.push(Value::Text(String::new())),
                }
            }
            row.push(number(&total));
            row
        })
        .collect();
    let grand: BigDecimal = columns.iter().sum();
    let mut totals = vec![
        Value::Text(lang.t("total")),
        Value::Text(String::new()),
        Value::Text(String::new()),
        Value::Text(String::new()),
    ];
    totals.extend(columns.iter().map(number));
    totals.push(number(&grand));
    rows.push(totals);
    let name = format!(
        "{}-{}-{}",
        grid.project.code,
        series.as_str(),
        if hours { "hours" } else { "PM" }
    );
    // The file's name stays as it is in every language: scripts and bookmarks rely on it.
    download::table(format, &name, &header, &rows)
}

/// What the user typed into the grid, shown again when it is refused: the cells' texts, the
/// values the page had shown (`o.` fields) and the version the page was at, so that saving the
/// corrected grid still detects a concurrent change.
struct Typed {
    version: i64,
    values: HashMap<CellKey, String>,
    shown: HashMap<CellKey, String>,
}

/// The cells of a posted grid by their field names: what was typed and what the page showed.
fn posted_cells(fields: &HashMap<String, String>, version: i64) -> Typed {
    let mut typed = Typed {
        version,
        values: HashMap::new(),
        shown: HashMap::new(),
    };
    let rows = row_keys(fields);
    for (name, text) in fields {
        if let Some((is_original, key)) = parse_cell_name(name, &rows) {
            let cells = if is_original {
                &mut typed.shown
            } else {
                &mut typed.values
            };
            cells.insert(key, text.clone());
        }
    }
    typed
}

/// The 409 page of a save that met a concurrent change: each cell as the user saw it, as it is
/// now (marked where it changed meanwhile) and as they wanted it.
fn conflict_page(
    page: &Page,
    grid: &Grid,
    series: Series,
    cells: &[ConflictCell],
) -> Result<HttpResponse, AppError> {
    let describe = |key: &CellKey| {
        let row = grid
            .rows
            .iter()
            .find(|r| r.task_id == key.0 && r.org_id == key.1);
        (
            row.map(|r| r.task_number.clone()).unwrap_or_default(),
            row.map(|r| r.org.clone()).unwrap_or_default(),
            format!(
                "M{} ({})",
                key.2,
                calendar_month(grid.project.start, key.2)
                    .map(|month| page.lang.month_short(month))
                    .unwrap_or_default()
            ),
        )
    };
    let rows = cells
        .iter()
        .map(|(key, saw, now, wanted)| {
            let (task, org, month) = describe(key);
            vec![
                Cell::text(task),
                Cell::text(org),
                Cell::text(month),
                Cell::number(shown_number(page.lang, saw.as_ref())),
                Cell {
                    changed: saw != now,
                    ..Cell::number(shown_number(page.lang, now.as_ref()))
                },
                Cell::number(shown_number(page.lang, wanted.as_ref())),
            ]
        })
        .collect();
    let project = &grid.project;
    let series = series.as_str();
    super::plan_conflict(
        page,
        (project.id, &project.code),
        super::PlanConflict {
            page_title: page.lang.t1("grid-page-title", "code", &project.code),
            message: page.lang.t("grid-conflict-message"),
            columns: vec![
                page.lang.t("grid-column-task"),
                page.lang.t("grid-column-organisation"),
                page.lang.t("grid-column-month"),
            ],
            rows,
            latest: (
                format!("/projects/{}/capacity?series={series}", project.id),
                page.lang.t1("grid-conflict-latest", "series", series),
            ),
        },
    )
}

/// What the page shows after a save.
enum AfterSave {
    Saved(usize),
    Conflict(Box<Grid>, Vec<ConflictCell>),
    /// Cells that are no PM value: the grid again, with what was typed.
    Refused(Box<Grid>, Vec<String>, Typed),
}

/// Saves the grid of one series.
pub async fn save_grid(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let fields = form.0;
    let series_name = fields.get("series").cloned().unwrap_or_default();
    let series = Series::parse(&series_name)
        .ok_or_else(|| AppError::BadRequest(Msg::new("series-missing")))?;
    let version: i64 = fields
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest(Msg::new("grid-no-version")))?;
    let project = path.into_inner();
    let acting = page.acting();
    let server_hours_per_pm = page.state.settings.hours_per_pm.clone();
    let lang = page.lang;
    // One transaction: the command, and on a refused cell the grid to show again. The cells are
    // read there too, off the async workers.
    let after = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let typed = posted_cells(&fields, version);
            let input = GridInput {
                project,
                series,
                version,
                server_hours_per_pm,
                typed: typed.values.clone(),
                shown: typed.shown.clone(),
            };
            match demand::save_grid(conn, &acting, &input) {
                Ok(SaveOutcome::Saved(n)) => Ok(AfterSave::Saved(n)),
                Ok(SaveOutcome::Conflict(grid, cells)) => Ok(AfterSave::Conflict(grid, cells)),
                Err(DomainError::Invalid(problems))
                    if problems.iter().all(|(field, _)| *field == demand::CELL) =>
                {
                    let grid = demand::load(conn, project, &input.server_hours_per_pm, None)?
                        .ok_or_else(AppError::not_found)?;
                    let problems = problems.iter().map(|(_, p)| p.in_lang(lang)).collect();
                    Ok(AfterSave::Refused(Box::new(grid), problems, typed))
                }
                Err(refused) => Err(AppError::from(refused)),
            }
        })
        .await?;
    match after {
        AfterSave::Saved(n) => Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!(
                    "/projects/{project}/capacity?series={}&saved={n}",
                    series.as_str()
                ),
            ))
            .finish()),
        AfterSave::Conflict(grid, cells) => conflict_page(&page, &grid, series, &cells),
        AfterSave::Refused(grid, problems, typed) => render_grid(
            &page,
            &grid,
            series,
            false,
            None,
            Some((problems, &typed)),
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}
