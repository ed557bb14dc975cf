//! Role demand: planned FTE % per project × role type × month (shown when ROLE_DEMAND_ENABLED).

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Actor, Change};
use crate::db::schema::{projects, role_demand, role_types};
use crate::planning::months::calendar_month;
use crate::projects::demand::month_index;
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
        cells.insert((role, month_index(start, month)), pct);
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

/// Writes changed cells if the project is still at `version`; `Ok(None)` on a version conflict.
pub fn save(
    conn: &mut PgConnection,
    grid: &RoleGrid,
    version: i64,
    edits: &[RoleEdit],
    actor: &Actor,
) -> QueryResult<Option<usize>> {
    if version::lock(conn, grid.project_id)? != Some(version) {
        return Ok(None);
    }
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
    Ok(Some(changes.len()))
}
