//! Role demand: planned FTE % per project × role type × month (shown when ROLE_DEMAND_ENABLED).

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Actor, Change};
use crate::auth::policy::Refusal;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::{projects, role_demand, role_types};
use crate::planning::month::ProjectMonth;
use crate::planning::months::{calendar_month, current_month};
use crate::planning::quantity::Percent;
use crate::projects::version;

#[derive(Debug, Clone)]
pub struct RoleGrid {
    pub project_id: Uuid,
    pub start: NaiveDate,
    pub duration: i32,
    pub version: i64,
    /// Role types with demand (plus an added one), (id, name).
    pub rows: Vec<(Uuid, String)>,
    /// Every role type, for adding a row.
    pub all_roles: Vec<(Uuid, String)>,
    /// (role, project month) → FTE %
    pub cells: HashMap<(Uuid, i32), BigDecimal>,
}

pub fn load(
    conn: &mut PgConnection,
    project: Uuid,
    extra_role: Option<Uuid>,
) -> QueryResult<Option<RoleGrid>> {
    let head: Option<(NaiveDate, i32, i64)> = projects::table
        .filter(projects::id.eq(project))
        .filter(crate::db::visibility::project_visible())
        .select((
            projects::start_month,
            projects::duration_months,
            projects::version,
        ))
        .first(conn)
        .optional()?;
    let Some((start, duration, version)) = head else {
        return Ok(None);
    };
    let all_roles: Vec<(Uuid, String)> = role_types::table
        .select((role_types::id, role_types::name))
        .order((role_types::sort_order, role_types::name))
        .load(conn)?;
    let demand: Vec<(Uuid, NaiveDate, BigDecimal)> = role_demand::table
        .filter(role_demand::project_id.eq(project))
        .select((
            role_demand::role_type_id,
            role_demand::month,
            role_demand::fte_percent,
        ))
        .load(conn)?;
    let mut cells = HashMap::new();
    for (role, month, pct) in demand {
        cells.insert((role, ProjectMonth::number_of(start, month)), pct);
    }
    let rows = all_roles
        .iter()
        .filter(|(id, _)| cells.keys().any(|(r, _)| r == id) || Some(*id) == extra_role)
        .cloned()
        .collect();
    Ok(Some(RoleGrid {
        project_id: project,
        start,
        duration,
        version,
        rows,
        all_roles,
        cells,
    }))
}

/// One edited cell: (role, month) with what the editor saw and wants.
pub struct RoleEdit {
    pub role: Uuid,
    pub month: i32,
    pub original: Option<BigDecimal>,
    pub wanted: Option<BigDecimal>,
}

/// A posted role demand grid, as typed: each cell's text and the text the page had shown in it,
/// by (role type, project month).
pub struct RoleGridInput {
    pub project: Uuid,
    /// The plan version the page showed (`None` when the form had none).
    pub version: Option<i64>,
    pub typed: HashMap<(Uuid, i32), String>,
    pub shown: HashMap<(Uuid, i32), String>,
}

/// The field of a refusal about the form itself (a month or role type that does not exist): the
/// page answers 400 instead of showing the grid again.
pub const FORM: &str = "form";
/// The field of a cell's refusal ("Engineer, M3: …"): the grid is shown again.
pub const CELL: &str = "cell";

/// Saves the changed cells of a project's role demand: the editor may change the project, every
/// cell is a percentage from 0 to 10000 of a role type and month the project has, no changed cell
/// is in a month the user may not change, and the plan is still at the version the page showed
/// ([`DomainError::Stale`] otherwise). The number of cells written.
pub fn save_grid(
    conn: &mut PgConnection,
    acting: &Acting,
    input: &RoleGridInput,
) -> Outcome<usize> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let version = input
        .version
        .ok_or_else(|| DomainError::field(FORM, "The form has no project version."))?;
    let grid = load(conn, input.project, None)?.ok_or(DomainError::NotFound)?;
    let edits = read_edits(&grid, input)?;
    if let Some(m) = edits
        .iter()
        .filter(|e| e.wanted != e.original)
        .map(|e| e.month)
        .min()
        && let Some(month) = calendar_month(grid.start, m)
    {
        acting
            .policy
            .can_edit_month_named(month, current_month(), format!("M{m}"))
            .map_err(|refusal| {
                DomainError::Forbidden(Refusal(format!("{} Nothing was saved.", refusal.0)))
            })?;
    }
    if project.version != version {
        return Err(DomainError::Stale);
    }
    Ok(write(conn, &acting.actor, &grid, &edits)?)
}

/// A role demand cell as typed: an FTE percentage from 0 to 10000; empty and 0 mean none.
pub fn read_cell(text: &str) -> Result<Option<BigDecimal>, String> {
    Ok(Percent::parse(text, 10_000)?
        .filter(|percent| !percent.is_zero())
        .map(|percent| percent.decimal().normalized()))
}

/// Every posted cell as an edit; a role type or month the project does not have refuses the
/// form, cells that are no percentage are refused each with its role type and month (sorted).
fn read_edits(grid: &RoleGrid, input: &RoleGridInput) -> Outcome<Vec<RoleEdit>> {
    let role_name = |role: Uuid| grid.all_roles.iter().find(|(r, _)| *r == role);
    let unknown = input
        .typed
        .keys()
        .chain(input.shown.keys())
        .any(|(role, month)| *month < 1 || *month > grid.duration || role_name(*role).is_none());
    if unknown {
        return Err(DomainError::field(
            FORM,
            "The form names a month or role type that does not exist.",
        ));
    }
    let mut problems = Vec::new();
    let mut read = |(role, month): &(Uuid, i32), text: &str| match read_cell(text) {
        Ok(value) => value,
        Err(message) => {
            let name = role_name(*role)
                .map(|(_, n)| n.as_str())
                .unwrap_or_default();
            problems.push(format!("{name}, M{month}: {message}"));
            None
        }
    };
    let originals: HashMap<(Uuid, i32), Option<BigDecimal>> = input
        .shown
        .iter()
        .map(|(key, text)| (*key, read(key, text)))
        .collect();
    let edits = input
        .typed
        .iter()
        .map(|(key, text)| RoleEdit {
            role: key.0,
            month: key.1,
            wanted: read(key, text),
            original: originals.get(key).cloned().flatten(),
        })
        .collect();
    if problems.is_empty() {
        Ok(edits)
    } else {
        problems.sort();
        Err(DomainError::Invalid(
            problems.into_iter().map(|p| (CELL, p)).collect(),
        ))
    }
}

/// Writes the changed cells; one audit row per cell; the version goes up once.
fn write(
    conn: &mut PgConnection,
    actor: &Actor,
    grid: &RoleGrid,
    edits: &[RoleEdit],
) -> QueryResult<usize> {
    let mut changes = Vec::new();
    for e in edits.iter().filter(|e| e.wanted != e.original) {
        let Some(month) = calendar_month(grid.start, e.month) else {
            continue;
        };
        match &e.wanted {
            Some(pct) => {
                diesel::insert_into(role_demand::table)
                    .values((
                        role_demand::project_id.eq(grid.project_id),
                        role_demand::role_type_id.eq(e.role),
                        role_demand::month.eq(month),
                        role_demand::fte_percent.eq(pct),
                    ))
                    .on_conflict((
                        role_demand::project_id,
                        role_demand::role_type_id,
                        role_demand::month,
                    ))
                    .do_update()
                    .set(role_demand::fte_percent.eq(pct))
                    .execute(conn)?;
            }
            None => {
                diesel::delete(
                    role_demand::table
                        .filter(role_demand::project_id.eq(grid.project_id))
                        .filter(role_demand::role_type_id.eq(e.role))
                        .filter(role_demand::month.eq(month)),
                )
                .execute(conn)?;
            }
        }
        changes.push(Change {
            action: match (&e.original, &e.wanted) {
                (None, _) => Action::Create,
                (_, None) => Action::Delete,
                _ => Action::Update,
            },
            entity_type: "role_demand",
            entity_id: None,
            project_id: Some(grid.project_id),
            before: e
                .original
                .as_ref()
                .map(|v| json!({"role_type_id": e.role, "month": month, "fte_percent": v})),
            after: e
                .wanted
                .as_ref()
                .map(|v| json!({"role_type_id": e.role, "month": month, "fte_percent": v})),
        });
    }
    if !changes.is_empty() {
        version::bump(conn, grid.project_id)?;
        audit::record(conn, actor, &changes)?;
    }
    Ok(changes.len())
}
