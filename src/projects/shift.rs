//! Moving a project's whole plan in time: it starts `months` later (or earlier), and every dated
//! row of its plan moves with it. What a scenario's "start N months late" writes when applied.
//!
//! Work packages, tasks, milestones and deliverables are numbered in project months (M1…Mn) and
//! stay as they are; the calendar months of demand (every series), role demand, assignments and
//! the allocation grid's overrides move. Hour rates are calendar rates (from a month on, for
//! everyone) and stay where they are.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Uuid as SqlUuid};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::auth::policy::Refusal;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::projects;
use crate::i18n::Msg;
use crate::planning::months::{add_months, current_month, format_month};
use crate::projects::demand::nothing_saved;
use crate::projects::version;

/// The most months a plan may move in one go, either way.
pub const MAX_SHIFT: i32 = 120;

/// The dated tables of a plan besides demand, with the columns that move. Each moves in two
/// steps, far into the future and back, so that no row meets another's unique month on the way.
const MOVES: [(&str, &str); 3] = [
    (
        "role_demand",
        "month = (month + make_interval(months => $2))::date",
    ),
    (
        "allocation_overrides",
        "month = (month + make_interval(months => $2))::date",
    ),
    (
        "assignments",
        "start_month = (start_month + make_interval(months => $2))::date, \
         end_month = (end_month + make_interval(months => $2))::date",
    ),
];

/// Rows of demand per insert: seven parameters each, well below PostgreSQL's 65 535.
const DEMAND_CHUNK: usize = 5_000;

/// Moves the project's demand cells: taken out and put back at their new months, so that the
/// sums the triggers keep (70_demand_sums.sql) see each cell leave one month and enter another
/// (moving them through a far year would leave sums there).
fn move_demand(conn: &mut PgConnection, project: Uuid, months: i32) -> QueryResult<()> {
    use crate::db::schema::capacity_demand as cd;
    let cells: Vec<(Uuid, Uuid, Uuid, NaiveDate, String, BigDecimal)> =
        diesel::delete(cd::table.filter(cd::project_id.eq(project)))
            .returning((
                cd::id,
                cd::task_id,
                cd::organisation_id,
                cd::month,
                cd::series,
                cd::pm,
            ))
            .get_results(conn)?;
    let rows: Vec<_> = cells
        .into_iter()
        .map(|(id, task, organisation, month, series, pm)| {
            (
                cd::id.eq(id),
                cd::project_id.eq(project),
                cd::task_id.eq(task),
                cd::organisation_id.eq(organisation),
                cd::month.eq(add_months(month, months).unwrap_or(month)),
                cd::series.eq(series),
                cd::pm.eq(pm),
            )
        })
        .collect();
    for chunk in rows.chunks(DEMAND_CHUNK) {
        diesel::insert_into(cd::table).values(chunk).execute(conn)?;
    }
    Ok(())
}

/// Moves the project's plan by `months` (later when positive). The editor may change the
/// project; every month the plan covers before or after the move must be open to them (months
/// before the current one are history: `Policy::can_edit_months`). One audit record, one
/// version bump.
pub fn shift_plan(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    months: i32,
) -> Outcome<()> {
    if months == 0 || months.abs() > MAX_SHIFT {
        return Err(DomainError::field(
            "months",
            Msg::new("scenario-bad-shift").arg("max", MAX_SHIFT.to_string()),
        ));
    }
    let editable = version::lock_for_edit(conn, acting, project)?;
    let moved_start = add_months(editable.start, months).ok_or_else(|| {
        DomainError::field(
            "months",
            Msg::new("scenario-bad-shift").arg("max", MAX_SHIFT.to_string()),
        )
    })?;
    // The earliest month touched: the old start when moving later, the new one when earlier.
    acting
        .policy
        .can_edit_month(editable.start.min(moved_start), current_month())
        .map_err(|refusal| DomainError::Forbidden(Refusal(nothing_saved(refusal.0))))?;
    diesel::update(projects::table.find(project))
        .set(projects::start_month.eq(moved_start))
        .execute(conn)?;
    move_demand(conn, project, months)?;
    // Far away (a multiple of 12 months keeps every date a month start), then to where it goes.
    const AWAY: i32 = 12 * 1_000;
    for by in [months + AWAY, -AWAY] {
        for (table, set) in MOVES {
            diesel::sql_query(format!("update {table} set {set} where project_id = $1"))
                .bind::<SqlUuid, _>(project)
                .bind::<Integer, _>(by)
                .execute(conn)?;
        }
    }
    version::bump(conn, project)?;
    let change = Change::in_project(
        Action::Update,
        "project_shift",
        Some(project),
        project,
        Some(json!({"start_month": format_month(editable.start)})),
        Some(json!({"start_month": format_month(moved_start), "moved_by_months": months})),
    );
    audit::record(conn, &acting.actor, &[change])?;
    Ok(())
}
