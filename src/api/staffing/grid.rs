//! `/api/v1/projects/{id}/allocations`: the allocation grid of the Team tab (each assignment's
//! PM per month, derived from capacity × % unless overridden) and `PATCH` of its overrides
//! through `people::allocations::save_allocation_grid`, with the plan version the Team tab's
//! grid form carries as `If-Match`: the same Policy (locked project, past months) and sentences.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::problem::ApiError;
use crate::api::{etag, json};
use crate::command::FieldErrors;
use crate::i18n::Msg;
use crate::people::allocations::{self, AllocationGridInput, AllocationOutcome, Team};

/// The most cells one PATCH may change.
const MAX_CELLS: usize = 100_000;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GridQuery {
    /// First month shown, `YYYY-MM` (default: the project's first).
    pub from: Option<String>,
    /// Last month shown, `YYYY-MM` (default: the project's last).
    pub to: Option<String>,
}

/// One month of an assignment in the grid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationCell {
    #[schema(example = "2027-03")]
    pub month: String,
    /// PM the assignment takes this month.
    pub pm: f64,
    /// Set explicitly (an override) rather than capacity × %.
    #[serde(rename = "override")]
    pub overridden: bool,
}

/// An assignment's row of the grid: the months it covers among those asked for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationRow {
    pub assignment_id: Uuid,
    pub person_id: Uuid,
    /// The person's name as the Team tab shows it.
    pub person: String,
    pub cells: Vec<AllocationCell>,
}

/// The allocation grid of a project.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationGrid {
    pub project_id: Uuid,
    /// The project's plan version (the `ETag`, and `If-Match` of a PATCH).
    pub version: i64,
    pub rows: Vec<AllocationRow>,
}

/// One cell to change: `pm` becomes the month's override; `null` removes the override, so the
/// month is capacity × % again.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CellChange {
    pub assignment_id: Uuid,
    #[schema(example = "2027-03", max_length = 7)]
    pub month: String,
    pub pm: Option<f64>,
}

/// Cells of the allocation grid to change.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GridChange {
    pub cells: Vec<CellChange>,
}

fn optional_month(
    name: &'static str,
    text: &Option<String>,
) -> Result<Option<NaiveDate>, ApiError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => json::parse_month(text)
            .map(Some)
            .ok_or_else(|| ApiError::field(name, Msg::new("api-month-invalid"))),
    }
}

/// The grid of `team` over the months `from..=to`.
fn grid_of(team: &Team, (from, to): (Option<NaiveDate>, Option<NaiveDate>)) -> AllocationGrid {
    let shown = |m: &NaiveDate| from.is_none_or(|f| *m >= f) && to.is_none_or(|t| *m <= t);
    let rows = team
        .assignments
        .iter()
        .map(|a| AllocationRow {
            assignment_id: a.id,
            person_id: a.person_id,
            person: allocations::person_name(team, a),
            cells: team
                .months
                .iter()
                .filter(|m| shown(m) && **m >= a.terms.start_month && **m <= a.terms.end_month)
                .map(|m| AllocationCell {
                    month: json::month(*m),
                    pm: json::number(&team.allocation(a, *m)),
                    overridden: a.terms.overrides.contains_key(m),
                })
                .collect(),
        })
        .collect();
    AllocationGrid {
        project_id: team.grid.project.id,
        version: team.grid.project.version,
        rows,
    }
}

/// The allocation grid of a project, as the Team tab shows it in PM.
#[utoipa::path(get, path = "/api/v1/projects/{id}/allocations", tag = "staffing",
    params(("id" = Uuid, Path, description = "The project's id"), GridQuery),
    responses((status = 200, description = "The grid; `ETag` is the plan version", body = AllocationGrid,
        headers(("ETag" = String, description = "The project's plan version")))))]
pub async fn get(
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<GridQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let window = (
        optional_month("from", &query.from)?,
        optional_month("to", &query.to)?,
    );
    let state = caller.state.clone();
    let grid = caller
        .run_about(Some(id), move |conn, _| {
            Ok(grid_of(&super::team(conn, &state, id)?, window))
        })
        .await?;
    Ok(json::ok_tagged(grid.version, &grid))
}

/// The posted cells as the Team tab's grid form gives them: per (assignment, project month) the
/// PM wanted and the PM shown now. A cell of another project's assignment or outside the
/// project's months, or a value that is no PM, refuses the whole change.
fn read_cells(team: &Team, cells: Vec<CellChange>) -> Result<AllocationGridInput, ApiError> {
    let mut input = AllocationGridInput {
        version: team.grid.project.version,
        wanted: HashMap::new(),
        saw: HashMap::new(),
    };
    let mut refused = FieldErrors::new();
    for cell in cells {
        let Some(a) = team.assignments.iter().find(|a| a.id == cell.assignment_id) else {
            return Err(ApiError::field(
                "assignment_id",
                Msg::new("team-unknown-assignment"),
            ));
        };
        let position = json::parse_month(&cell.month)
            .and_then(|month| team.months.iter().position(|m| *m == month));
        let Some(index) = position else {
            return Err(ApiError::field(
                "month",
                Msg::new("api-staffing-month-outside").arg("month", cell.month.trim()),
            ));
        };
        let wanted = match cell.pm {
            None => None,
            Some(pm) => match allocations::parse_allocation(&json::typed(pm)) {
                Ok(value) => value,
                Err(reason) => {
                    refused.push(("pm", reason));
                    continue;
                }
            },
        };
        let key = (a.id, index + 1);
        input
            .saw
            .insert(key, Some(team.allocation(a, team.months[index])));
        input.wanted.insert(key, wanted);
    }
    if refused.is_empty() {
        Ok(input)
    } else {
        Err(ApiError::invalid(refused))
    }
}

/// Sets or clears per-month overrides of the allocation grid, as the Team tab's grid form;
/// `If-Match` is the project's plan version. Cells that already hold the value are left alone
/// (the same PATCH twice changes nothing the second time).
#[utoipa::path(patch, path = "/api/v1/projects/{id}/allocations", tag = "staffing",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = GridChange,
    responses((status = 200, description = "The grid as stored now", body = AllocationGrid,
        headers(("ETag" = String, description = "The project's plan version")))))]
pub async fn patch(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<GridChange>,
) -> Result<HttpResponse, ApiError> {
    let (id, change) = (id.into_inner(), body.into_inner());
    let version = etag::if_match(&req)?;
    if change.cells.len() > MAX_CELLS {
        return Err(ApiError::field(
            "cells",
            Msg::new("api-staffing-too-many-cells").arg("max", MAX_CELLS),
        ));
    }
    let state = caller.state.clone();
    let grid = caller
        .run_about(Some(id), move |conn, holding| {
            let team = super::team(conn, &state, id)?;
            holding.acting.allowed(
                holding
                    .acting
                    .policy
                    .can_edit_project(&team.grid.project.lock()),
            )?;
            let mut input = read_cells(&team, change.cells)?;
            input.version = version;
            match allocations::save_allocation_grid(conn, &holding.acting, &team, input)? {
                AllocationOutcome::Saved(_) => {}
                AllocationOutcome::Conflict(_) => return Err(ApiError::precondition_failed()),
            }
            Ok(grid_of(&super::team(conn, &state, id)?, (None, None)))
        })
        .await?;
    Ok(json::ok_tagged(grid.version, &grid))
}
