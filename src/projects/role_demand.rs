//! Role demand: planned FTE % per project × role type × month (shown when ROLE_DEMAND_ENABLED).

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Actor, Change};
use crate::auth::policy::{ProjectLock, Refusal};
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::{role_demand, role_types};
use crate::i18n::Msg;
use crate::planning::month::ProjectMonth;
use crate::planning::months::{calendar_month, current_month};
use crate::planning::quantity::Percent;
use crate::projects::demand::{
    CellEdit, VisibleProject, nothing_saved, read_posted, visible_project,
};
use crate::projects::version;

#[derive(Debug, Clone)]
pub struct RoleGrid {
    pub project_id: Uuid,
    pub start: NaiveDate,
    pub duration: i32,
    pub version: i64,
    /// What keeps the project from being changed, for the Policy to judge.
    pub lock: ProjectLock,
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
    let Some(VisibleProject { head, .. }) = visible_project(conn, project)? else {
        return Ok(None);
    };
    let (start, duration, version, lock) = (head.start, head.duration, head.version, head.lock());
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
        lock,
        rows,
        all_roles,
        cells,
    }))
}

/// One edited cell: (role type, project month) with what the editor saw and wants.
pub type RoleEdit = CellEdit<(Uuid, i32)>;

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
/// The name of the grid's downloads (`role-demand.csv`), the same in every language.
pub const DOWNLOAD_NAME: &str = "role-demand";
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
        .ok_or_else(|| DomainError::field(FORM, Msg::new("grid-no-version")))?;
    let grid = load(conn, input.project, None)?.ok_or(DomainError::NotFound)?;
    let edits = read_edits(&grid, input)?;
    if let Some(m) = edits.iter().filter(|e| e.changed()).map(|e| e.key.1).min()
        && let Some(month) = calendar_month(grid.start, m)
    {
        acting
            .policy
            .can_edit_month_named(month, current_month(), format!("M{m}"))
            .map_err(|refusal| DomainError::Forbidden(Refusal(nothing_saved(refusal.0))))?;
    }
    if project.version != version {
        return Err(DomainError::Stale);
    }
    Ok(write(conn, &acting.actor, &grid, &edits)?)
}

/// A role demand cell as typed: an FTE percentage from 0 to 10000; empty and 0 mean none.
pub fn read_cell(text: &str) -> Result<Option<BigDecimal>, Msg> {
    Ok(Percent::parse(text, 10_000)?
        .filter(|percent| !percent.is_zero())
        .map(|percent| percent.decimal().normalized()))
}

/// Every posted cell as an edit; a role type or month the project does not have refuses the
/// form, cells that are no percentage are refused each with its role type and month
/// ([`read_posted`]).
fn read_edits(grid: &RoleGrid, input: &RoleGridInput) -> Outcome<Vec<RoleEdit>> {
    let role_name = |role: Uuid| grid.all_roles.iter().find(|(r, _)| *r == role);
    let unknown = input
        .typed
        .keys()
        .chain(input.shown.keys())
        .any(|(role, month)| *month < 1 || *month > grid.duration || role_name(*role).is_none());
    if unknown {
        return Err(DomainError::field(FORM, Msg::new("roledemand-unknown-row")));
    }
    read_posted(&input.typed, &input.shown, read_cell, |(role, month)| {
        let name = role_name(*role)
            .map(|(_, n)| n.as_str())
            .unwrap_or_default();
        Msg::new("roledemand-cell-name")
            .arg("role", crate::i18n::seeded::lookup_msg(name))
            .arg("month", month.to_string())
    })
}

/// Writes the changed cells; one audit row per cell; the version goes up once.
fn write(
    conn: &mut PgConnection,
    actor: &Actor,
    grid: &RoleGrid,
    edits: &[RoleEdit],
) -> QueryResult<usize> {
    let mut changes = Vec::new();
    for e in edits.iter().filter(|e| e.changed()) {
        let (role, m) = e.key;
        let Some(month) = calendar_month(grid.start, m) else {
            continue;
        };
        match &e.wanted {
            Some(pct) => {
                diesel::insert_into(role_demand::table)
                    .values((
                        role_demand::project_id.eq(grid.project_id),
                        role_demand::role_type_id.eq(role),
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
                        .filter(role_demand::role_type_id.eq(role))
                        .filter(role_demand::month.eq(month)),
                )
                .execute(conn)?;
            }
        }
        let cell =
            |pct: &BigDecimal| json!({"role_type_id": role, "month": month, "fte_percent": pct});
        changes.push(Change::in_project(
            e.action(),
            "role_demand",
            None,
            grid.project_id,
            e.original.as_ref().map(cell),
            e.wanted.as_ref().map(cell),
        ));
    }
    if !changes.is_empty() {
        version::bump(conn, grid.project_id)?;
        audit::record(conn, actor, &changes)?;
    }
    Ok(changes.len())
}
