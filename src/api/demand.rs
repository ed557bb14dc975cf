//! `/api/v1/projects/{id}/demand`: a project's PROJPLAN, EST and ACTUAL cells, read as rows or
//! as the capacity page's grid, and changed by a set of cells through the capacity page's own
//! save (`projects::demand::save_cells` → `save_grid`).

use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpRequest, HttpResponse, web};
use bigdecimal::BigDecimal;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::paging::{ListParams, Listed};
use crate::api::problem::ApiError;
use crate::api::{etag, json};
use crate::i18n::Msg;
use crate::planning::months::calendar_month;
use crate::projects::demand::{self, Grid, Series, WantedCell};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/demand", web::get().to(get))
        .route("/projects/{id}/demand", web::patch().to(patch));
}

#[derive(OpenApi)]
#[openapi(
    paths(get, patch),
    components(schemas(
        DemandAnswer,
        DemandCell,
        Listed<DemandCell>,
        DemandGrid,
        GridLine,
        DemandPatch,
        CellPatch,
        DemandSaved,
        SeriesTotals
    ))
)]
pub struct Doc;

/// The most cells one PATCH may name.
const MAX_CELLS: usize = 100_000;

/// What to read.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DemandQuery {
    /// `PROJPLAN`, `EST` (default, as the capacity page) or `ACTUAL`.
    pub series: Option<String>,
    /// `rows` (default): one item per stored cell, paged, with `modified_since`; `grid`: the
    /// capacity page's grid (tasks × organisations with their months and the totals).
    pub shape: Option<String>,
}

/// One stored cell.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DemandCell {
    pub task_id: Uuid,
    /// The task's number (`1.2`).
    pub task_number: String,
    pub organisation_id: Uuid,
    pub organisation_short_name: String,
    /// `YYYY-MM`.
    #[schema(example = "2027-03")]
    pub month: String,
    /// `PROJPLAN`, `EST` or `ACTUAL`.
    pub series: String,
    /// Person-months.
    pub pm: f64,
    pub modified_at: DateTime<Utc>,
}

/// One row of the grid: a task and an organisation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GridLine {
    pub work_package_number: i32,
    pub task_id: Uuid,
    pub task_number: String,
    pub task_name: String,
    pub organisation_id: Uuid,
    pub organisation_short_name: String,
    /// PM per month (`YYYY-MM`), only the months holding demand.
    pub pm: BTreeMap<String, f64>,
    /// The row's total over the project.
    pub total: f64,
}

/// One series of a project's demand as the capacity page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DemandGrid {
    pub project_id: Uuid,
    pub series: String,
    /// The plan version (the `ETag`; a PATCH names it in `If-Match`).
    pub version: i64,
    /// Every month of the project, `YYYY-MM`, first to last.
    pub months: Vec<String>,
    /// In task-number order, then by organisation.
    pub rows: Vec<GridLine>,
    /// The total of every month of the project (`YYYY-MM` → PM).
    pub monthly_totals: BTreeMap<String, f64>,
    pub grand_total: f64,
}

/// The answer of a read: a page of rows, or the grid (`shape`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum DemandAnswer {
    Rows(Listed<DemandCell>),
    Grid(DemandGrid),
}

/// One cell to set.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CellPatch {
    pub task_id: Uuid,
    pub organisation_id: Uuid,
    /// `YYYY-MM`, a month of the project.
    #[schema(example = "2027-03", max_length = 16)]
    pub month: String,
    /// `PROJPLAN`, `EST` or `ACTUAL`.
    #[schema(example = "EST", max_length = 16)]
    pub series: String,
    /// Person-months (up to three decimals); `null` (or 0) clears the cell.
    #[serde(default)]
    pub pm: Option<f64>,
}

/// A set of cells to set, all or none.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandPatch {
    #[schema(max_items = 100000)]
    pub cells: Vec<CellPatch>,
}

/// A series' totals after a change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesTotals {
    pub series: String,
    /// Every month of the project, `YYYY-MM` → PM.
    pub monthly_totals: BTreeMap<String, f64>,
    pub grand_total: f64,
}

/// What a PATCH did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DemandSaved {
    /// The plan version now (the `ETag`).
    pub version: i64,
    /// Cells written (0 when every cell already held its value).
    pub cells_changed: usize,
    /// The totals of each series now.
    pub totals: Vec<SeriesTotals>,
}

/// The series asked for (EST unless named), or 422 naming what is accepted.
fn series_of(text: Option<&str>) -> Result<Series, ApiError> {
    match text.map(str::trim) {
        None | Some("") => Ok(Series::Est),
        Some(name) => Series::parse(name).ok_or_else(|| {
            ApiError::field("series", Msg::new("series-unknown").arg("series", name))
        }),
    }
}

/// A project's demand in one series: every stored cell (`shape=rows`, paged, `modified_since`)
/// or the capacity page's grid with its totals (`shape=grid`). `ETag` is the plan version.
#[utoipa::path(get, path = "/api/v1/projects/{id}/demand", tag = "demand",
    params(("id" = Uuid, Path, description = "The project's id"), DemandQuery, ListParams),
    responses((status = 200, description = "A page of cells (`rows`) or the grid (`grid`)",
        body = DemandAnswer, headers(("ETag" = String, description = "The plan version")))))]
pub async fn get(
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<DemandQuery>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, query, params) = (id.into_inner(), query.into_inner(), params.into_inner());
    let series = series_of(query.series.as_deref())?;
    let as_grid = match query.shape.as_deref().map(str::trim) {
        None | Some("") | Some("rows") => false,
        Some("grid") => true,
        Some(other) => {
            return Err(ApiError::field(
                "shape",
                Msg::new("api-demand-shape-unknown").arg("shape", other),
            ));
        }
    };
    params.limit()?;
    params.after()?;
    let server_default = caller.state.settings.hours_per_pm.clone();
    let (version, answer) = caller
        .run_about(Some(id), move |conn, _| {
            let grid =
                demand::load(conn, id, &server_default, None)?.ok_or_else(ApiError::not_found)?;
            let answer = if as_grid {
                DemandAnswer::Grid(grid_of(&grid, series))
            } else {
                let cells = demand::stamped_cells(conn, id, &[series])?;
                let items = rows_of(&grid, cells, &params);
                let (items, next) = params.page(items, row_key)?;
                DemandAnswer::Rows(Listed::new(items, next, crate::db::transaction_time(conn)?))
            };
            Ok((grid.project.version, answer))
        })
        .await?;
    Ok(json::ok_tagged(version, &answer))
}

/// The cursor key of a row: unique, and its order is the order of the rows.
fn row_key(cell: &DemandCell) -> String {
    format!("{}/{}/{}", cell.task_id, cell.organisation_id, cell.month)
}

/// The stored cells as rows, named from the grid's tasks and organisations, in cursor order.
fn rows_of(grid: &Grid, cells: Vec<demand::StampedCell>, params: &ListParams) -> Vec<DemandCell> {
    let task_number: HashMap<Uuid, &str> = grid.tasks.iter().map(|t| (t.0, t.1.as_str())).collect();
    let org_name: HashMap<Uuid, &str> = grid
        .organisations
        .iter()
        .map(|o| (o.0, o.1.as_str()))
        .collect();
    let mut rows: Vec<DemandCell> = cells
        .into_iter()
        .filter(|cell| params.wants(cell.5))
        .map(|(task, org, month, series, pm, modified_at)| DemandCell {
            task_id: task,
            task_number: task_number
                .get(&task)
                .copied()
                .unwrap_or_default()
                .to_string(),
            organisation_id: org,
            organisation_short_name: org_name.get(&org).copied().unwrap_or_default().to_string(),
            month: json::month(month),
            series,
            pm: json::number(&pm),
            modified_at,
        })
        .collect();
    rows.sort_by_key(row_key);
    rows
}

/// Every month of the project with its total in `series`, and the grand total: the capacity
/// page's footer (`Grid::monthly_totals`).
fn totals_of(grid: &Grid, series: Series) -> (BTreeMap<String, f64>, f64) {
    let start = grid.project.start;
    let totals = grid.monthly_totals(series);
    let grand: BigDecimal = totals.values().sum();
    let monthly = totals
        .iter()
        .filter_map(|(m, pm)| Some((json::month(calendar_month(start, *m)?), json::number(pm))))
        .collect();
    (monthly, json::number(&grand))
}

/// The grid of one series as the capacity page shows it.
fn grid_of(grid: &Grid, series: Series) -> DemandGrid {
    let start = grid.project.start;
    let rows = grid
        .rows
        .iter()
        .map(|r| {
            let mut total = BigDecimal::from(0);
            let pm = (1..=grid.project.duration)
                .filter_map(|m| {
                    let value = grid.value(series, &(r.task_id, r.org_id, m))?;
                    total += value;
                    Some((json::month(calendar_month(start, m)?), json::number(value)))
                })
                .collect();
            GridLine {
                work_package_number: r.wp_number,
                task_id: r.task_id,
                task_number: r.task_number.clone(),
                task_name: r.task_name.clone(),
                organisation_id: r.org_id,
                organisation_short_name: r.org.clone(),
                pm,
                total: json::number(&total),
            }
        })
        .collect();
    let (monthly_totals, grand_total) = totals_of(grid, series);
    DemandGrid {
        project_id: grid.project.id,
        series: series.as_str().to_string(),
        version: grid.project.version,
        months: (1..=grid.project.duration)
            .filter_map(|m| calendar_month(start, m).map(json::month))
            .collect(),
        rows,
        monthly_totals,
        grand_total,
    }
}

/// The cells of a PATCH as the domain takes them; every cell that cannot be read is named
/// (its place in the list and why), and a cell named twice is refused.
fn wanted_cells(cells: &[CellPatch]) -> Result<Vec<WantedCell>, ApiError> {
    if cells.len() > MAX_CELLS {
        return Err(ApiError::field(
            "cells",
            Msg::new("api-demand-too-many-cells").arg("max", MAX_CELLS),
        ));
    }
    let mut problems: Vec<(&'static str, Msg)> = Vec::new();
    let mut wanted = Vec::with_capacity(cells.len());
    let mut first_of: HashMap<(Series, Uuid, Uuid, chrono::NaiveDate), usize> = HashMap::new();
    for (index, cell) in cells.iter().enumerate() {
        let number = index + 1;
        let refuse = |reason: Msg| {
            (
                demand::CELL,
                Msg::new("grid-cell-refused")
                    .arg(
                        "cell",
                        Msg::new("api-demand-cell-number").arg("number", number),
                    )
                    .arg("reason", reason),
            )
        };
        let series = Series::parse(cell.series.trim());
        let month = json::parse_month(&cell.month);
        if series.is_none() {
            problems.push(refuse(
                Msg::new("series-unknown").arg("series", cell.series.as_str()),
            ));
        }
        if month.is_none() {
            problems.push(refuse(Msg::new("api-month-invalid")));
        }
        let (Some(series), Some(month)) = (series, month) else {
            continue;
        };
        let key = (series, cell.task_id, cell.organisation_id, month);
        if let Some(first) = first_of.insert(key, number) {
            problems.push(refuse(
                Msg::new("api-demand-cell-twice").arg("first", first),
            ));
        }
        wanted.push(WantedCell {
            series,
            task: cell.task_id,
            organisation: cell.organisation_id,
            month,
            pm: cell.pm.map(json::typed).unwrap_or_default(),
        });
    }
    if problems.is_empty() {
        Ok(wanted)
    } else {
        Err(ApiError::invalid(problems))
    }
}

/// Sets cells of a project's demand, all or none, through the capacity page's save: the same
/// refusals (a locked project, a past month, the role: 403 with the reason; a bad value: 422
/// naming each cell) and the same locks.
///
/// `If-Match` names the plan version read. Only cells whose value differs are written, so
/// sending the same cells twice changes nothing the second time and answers 200. When the plan
/// changed since that version, a PATCH whose every cell already holds the asked value answers
/// 200 without writing (what the client wants is there, and a retry after a lost answer must not
/// fail); if any cell differs, 412 and nothing is written.
#[utoipa::path(patch, path = "/api/v1/projects/{id}/demand", tag = "demand",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = DemandPatch,
    responses((status = 200, description = "Saved (or already so); `ETag` is the plan version now",
        body = DemandSaved, headers(("ETag" = String, description = "The plan version")))))]
pub async fn patch(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DemandPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let version = etag::if_match(&req)?;
    let cells = wanted_cells(&body.into_inner().cells)?;
    let server_default = caller.state.settings.hours_per_pm.clone();
    let saved = caller
        .run_about(Some(id), move |conn, holding| {
            let saved = demand::save_cells(
                conn,
                &holding.acting,
                (id, version),
                &server_default,
                &cells,
            )?;
            let totals = Series::ALL
                .iter()
                .map(|series| {
                    let (monthly_totals, grand_total) = totals_of(&saved.grid, *series);
                    SeriesTotals {
                        series: series.as_str().to_string(),
                        monthly_totals,
                        grand_total,
                    }
                })
                .collect();
            Ok(DemandSaved {
                version: saved.grid.project.version,
                cells_changed: saved.written,
                totals,
            })
        })
        .await?;
    Ok(json::ok_tagged(saved.version, &saved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_has_the_reads_and_the_write_with_their_answers() {
        let doc = serde_json::to_value(crate::api::openapi::document()).unwrap();
        let path = &doc["paths"]["/api/v1/projects/{id}/demand"];
        assert!(path["get"]["responses"]["200"].is_object(), "{path}");
        assert!(path["patch"]["responses"]["412"].is_object(), "{path}");
        let schemas = &doc["components"]["schemas"];
        assert!(
            schemas["DemandAnswer"]["oneOf"].is_array(),
            "{}",
            schemas["DemandAnswer"]
        );
        for name in [
            "Listed_DemandCell",
            "DemandGrid",
            "DemandPatch",
            "DemandSaved",
        ] {
            assert!(schemas[name].is_object(), "{name}");
        }
    }

    #[test]
    fn cells_that_cannot_be_read_are_named_by_their_place() {
        let cell = |month: &str, series: &str| CellPatch {
            task_id: Uuid::nil(),
            organisation_id: Uuid::nil(),
            month: month.into(),
            series: series.into(),
            pm: Some(1.0),
        };
        assert_eq!(wanted_cells(&[cell("2027-03", "est")]).unwrap().len(), 1);
        let refused = wanted_cells(&[
            cell("2027-03", "EST"),
            cell("March", "EST"),
            cell("2027-03", "EST"),
        ])
        .unwrap_err();
        let named: Vec<String> = refused.fields.iter().map(|(_, m)| m.to_string()).collect();
        assert!(named[0].starts_with("Cell 2: "), "{named:?}");
        assert!(
            named[1].starts_with("Cell 3: the same cell as cell 1"),
            "{named:?}"
        );
    }
}
