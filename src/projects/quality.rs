//! Loads what the data-quality rules (`planning::quality`) need, for one project or all visible ones.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{deliverables, milestones, projects, tasks, work_packages};
use crate::db::visibility::project_visible;
use crate::planning::month::ProjectMonth;
use crate::planning::quality::{self, PlanFacts, QualityIssue};

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
    let demand = suspicious_demand(conn, &ids)?;
    // Group once by project (a portfolio has thousands of rows; filtering per project was quadratic).
    let mut wps_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for w in &wps {
        wps_of.entry(w.0).or_default().push(w);
    }
    let wp_numbers: HashMap<Uuid, i32> = wps.iter().map(|w| (w.1, w.2)).collect();
    let task_numbers: HashMap<Uuid, &str> = task_rows.iter().map(|t| (t.1, t.2.as_str())).collect();
    let mut tasks_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for t in &task_rows {
        tasks_of.entry(t.0).or_default().push(t);
    }
    let mut milestones_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for m in &ms {
        milestones_of.entry(m.0).or_default().push(m);
    }
    let mut deliverables_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for d in &ds {
        deliverables_of.entry(d.0).or_default().push(d);
    }
    let mut demand_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for d in &demand {
        demand_of.entry(d.project_id).or_default().push(d);
    }
    let mut out = Vec::new();
    for (id, code, start, duration, owner, lifecycle) in heads {
        let facts = PlanFacts {
            duration,
            has_poo: owner.is_some(),
            has_lifecycle: lifecycle.is_some(),
            work_packages: wps_of
                .get(&id)
                .into_iter()
                .flatten()
                .map(|w| (w.2, w.3, w.4))
                .collect(),
            tasks: tasks_of
                .get(&id)
                .into_iter()
                .flatten()
                .map(|t| {
                    let wp = wp_numbers.get(&t.3).copied().unwrap_or(0);
                    (t.2.clone(), wp, t.4, t.5)
                })
                .collect(),
            milestones: milestones_of
                .get(&id)
                .into_iter()
                .flatten()
                .map(|m| (m.1.clone(), m.2))
                .collect(),
            deliverables: deliverables_of
                .get(&id)
                .into_iter()
                .flatten()
                .map(|d| (d.1.clone(), d.2, d.3.is_some(), d.4.is_some()))
                .collect(),
            demand: demand_of
                .get(&id)
                .into_iter()
                .flatten()
                .map(|d| {
                    let task = task_numbers.get(&d.task_id).copied().unwrap_or_default();
                    (
                        task.to_string(),
                        d.organisation.clone(),
                        d.series.clone(),
                        ProjectMonth::number_of(start, d.month),
                        d.pm.normalized(),
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

/// A demand cell that may break a rule.
#[derive(QueryableByName)]
struct DemandCell {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    project_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    task_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    organisation: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    series: String,
    #[diesel(sql_type = diesel::sql_types::Date)]
    month: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pm: BigDecimal,
}

/// The demand cells of `projects` that could break a demand rule: outside their task's months,
/// negative or above `ABSURD_PM`. The rules in `planning::quality` still decide; this only keeps a
/// portfolio's hundreds of thousands of ordinary cells in the database.
fn suspicious_demand(conn: &mut PgConnection, projects: &[Uuid]) -> QueryResult<Vec<DemandCell>> {
    diesel::sql_query(
        "select d.project_id, d.task_id, o.short_name as organisation, d.series, d.month, d.pm
         from capacity_demand d
         join organisations o on o.id = d.organisation_id
         join tasks t on t.id = d.task_id
         join projects p on p.id = d.project_id
         where d.project_id = any($1)
           and (d.pm < 0 or d.pm > $2
                or d.month < p.start_month + make_interval(months => t.begin_month - 1)
                or d.month > p.start_month + make_interval(months => t.end_month - 1))",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(projects)
    .bind::<diesel::sql_types::Integer, _>(quality::ABSURD_PM)
    .load(conn)
}
