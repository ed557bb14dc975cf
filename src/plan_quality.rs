//! Loads what the data-quality rules (`planning::quality`) need, for one project or all visible ones.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::capacity::month_index;
use crate::planning::quality::{self, PlanFacts, QualityIssue};
use crate::schema::{
    capacity_demand, deliverables, milestones, organisations, projects, tasks, work_packages,
};
use crate::visibility::project_visible;

/// The issues of every visible project: (project id, code, issue).
pub fn issues(
    conn: &mut PgConnection,
    only: Option<Uuid>,
) -> QueryResult<Vec<(Uuid, String, QualityIssue)>> {
    let mut query = projects::table
        .filter(project_visible())
        .select((
            projects::id,
            projects::code,
            projects::start_month,
            projects::duration_months,
            projects::owner_org_id,
            projects::lifecycle_state_id,
        ))
        .order(projects::code)
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(projects::id.eq(id));
    }
    type Head = (Uuid, String, NaiveDate, i32, Option<Uuid>, Option<Uuid>);
    let heads: Vec<Head> = query.load(conn)?;
    let ids: Vec<Uuid> = heads.iter().map(|h| h.0).collect();
    let wps: Vec<(Uuid, Uuid, i32, i32, i32)> = work_packages::table
        .filter(work_packages::project_id.eq_any(&ids))
        .select((
            work_packages::project_id,
            work_packages::id,
            work_packages::number,
            work_packages::begin_month,
            work_packages::end_month,
        ))
        .load(conn)?;
    let task_rows: Vec<(Uuid, Uuid, String, Uuid, i32, i32)> = tasks::table
        .filter(tasks::project_id.eq_any(&ids))
        .select((
            tasks::project_id,
            tasks::id,
            tasks::number,
            tasks::work_package_id,
            tasks::begin_month,
            tasks::end_month,
        ))
        .load(conn)?;
    let ms: Vec<(Uuid, String, i32)> = milestones::table
        .filter(milestones::project_id.eq_any(&ids))
        .select((
            milestones::project_id,
            milestones::number,
            milestones::due_month,
        ))
        .load(conn)?;
    type DeliverableFacts = (Uuid, String, i32, Option<Uuid>, Option<Uuid>);
    let ds: Vec<DeliverableFacts> = deliverables::table
        .filter(deliverables::project_id.eq_any(&ids))
        .select((
            deliverables::project_id,
            deliverables::number,
            deliverables::due_month,
            deliverables::deliverable_type_id,
            deliverables::dissemination_level_id,
        ))
        .load(conn)?;
    let demand: Vec<(Uuid, Uuid, String, String, NaiveDate, BigDecimal)> = capacity_demand::table
        .inner_join(organisations::table)
        .filter(capacity_demand::project_id.eq_any(&ids))
        .select((
            capacity_demand::project_id,
            capacity_demand::task_id,
            organisations::short_name,
            capacity_demand::series,
            capacity_demand::month,
            capacity_demand::pm,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for (id, code, start, duration, owner, lifecycle) in heads {
        let wp_number = |wp: Uuid| wps.iter().find(|w| w.1 == wp).map(|w| w.2).unwrap_or(0);
        let facts = PlanFacts {
            duration,
            has_poo: owner.is_some(),
            has_lifecycle: lifecycle.is_some(),
            work_packages: wps
                .iter()
                .filter(|w| w.0 == id)
                .map(|w| (w.2, w.3, w.4))
                .collect(),
            tasks: task_rows
                .iter()
                .filter(|t| t.0 == id)
                .map(|t| (t.2.clone(), wp_number(t.3), t.4, t.5))
                .collect(),
            milestones: ms
                .iter()
                .filter(|m| m.0 == id)
                .map(|m| (m.1.clone(), m.2))
                .collect(),
            deliverables: ds
                .iter()
                .filter(|d| d.0 == id)
                .map(|d| (d.1.clone(), d.2, d.3.is_some(), d.4.is_some()))
                .collect(),
            demand: demand
                .iter()
                .filter(|d| d.0 == id)
                .map(|d| {
                    let task = task_rows
                        .iter()
                        .find(|t| t.1 == d.1)
                        .map(|t| t.2.clone())
                        .unwrap_or_default();
                    (
                        task,
                        d.2.clone(),
                        d.3.clone(),
                        month_index(start, d.4),
                        d.5.normalized(),
                    )
                })
                .collect(),
        };
        out.extend(
            quality::check(&facts)
                .into_iter()
                .map(|issue| (id, code.clone(), issue)),
        );
    }
    Ok(out)
}
