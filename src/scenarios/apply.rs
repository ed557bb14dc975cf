//! Applying a scenario: all of its changes written to the live plan in one transaction, each
//! through the command the pages use for it, so every rule of the pages holds (the Policy, the
//! lock and past-month rules, the forms' field checks, row versions, the audit log).
//!
//! Before anything is written, every touched project is locked (in one order, by id) and
//! compared with the plan version its changes were made on: when the live plan of a project
//! moved meanwhile, nothing is written and the conflicts are listed (the owner looks at them and
//! re-bases the project's changes, [`super::rebase`]). A project the user may not change
//! refuses the whole scenario. Applied, the scenario is gone; the audit log keeps it as one event
//! with its changes, next to the records of each command.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::{Change, StoredChange, changes, owned};
use crate::audit::{self, Action};
use crate::auth::policy::Refusal;
use crate::cache::Caches;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::scenarios;
use crate::i18n::Msg;
use crate::people::allocations::{self, AllocationGridInput, AssignmentFields, Team};
use crate::planning::milli_pm;
use crate::planning::months::format_month;
use crate::projects::demand::{self, Series, WantedCell};
use crate::projects::edit::{self, ProjectEdit, ProjectForm};
use crate::projects::{role_demand, shift, version};

/// A project whose live plan moved since the scenario's changes of it were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub project_id: Uuid,
    pub code: String,
    /// The plan version the (earliest) change was made on.
    pub made_on: i64,
    pub now: i64,
}

#[derive(Debug)]
pub enum Applied {
    /// Written: how many changes, to how many projects.
    Done { changes: usize, projects: usize },
    /// Nothing written: these projects moved on.
    Conflicts(Vec<Conflict>),
}

/// What applying needs besides the scenario: the server's books (the Team tab's commands read
/// them) and the server's hours per PM.
pub struct Context<'a> {
    pub caches: &'a Caches,
    pub hours_per_pm: &'a BigDecimal,
}

diesel::define_sql_function! {
    /// Every change of a scenario its owner owns, whether they still see its project or not.
    #[sql_name = "app.scenario_change_count"]
    fn scenario_change_count(scenario: diesel::sql_types::Uuid) -> diesel::sql_types::Nullable<diesel::sql_types::BigInt>;
}

/// Applies the scenario `id` (its owner only). See the module's description.
pub fn apply(
    conn: &mut PgConnection,
    acting: &Acting,
    context: &Context,
    id: Uuid,
) -> Outcome<Applied> {
    let scenario = owned(conn, acting, id)?;
    let all = changes(conn, id)?;
    let stored: Option<i64> = diesel::select(scenario_change_count(id)).get_result(conn)?;
    let stored = stored.ok_or(DomainError::NotFound)?;
    if usize::try_from(stored).unwrap_or(usize::MAX) != all.len() {
        return Err(DomainError::Forbidden(Refusal(Msg::new(
            "scenario-hidden-changes",
        ))));
    }
    if all.is_empty() {
        return Err(DomainError::field("scenario", Msg::new("scenario-empty")));
    }
    let mut touched: Vec<Uuid> = all.iter().map(|c| c.project_id).collect();
    touched.sort();
    touched.dedup();
    let mut conflicts = Vec::new();
    for project in &touched {
        // Locked in id order: two scenarios applied at once queue in one order.
        let live = version::lock_for_edit(conn, acting, *project)?;
        let mine: Vec<&StoredChange> = all.iter().filter(|c| c.project_id == *project).collect();
        if let Some(earliest) = mine
            .iter()
            .filter(|c| c.base_version != live.version)
            .min_by_key(|c| c.base_version)
        {
            conflicts.push(Conflict {
                project_id: *project,
                code: earliest.project_code.clone(),
                made_on: earliest.base_version,
                now: live.version,
            });
        }
    }
    if !conflicts.is_empty() {
        return Ok(Applied::Conflicts(conflicts));
    }
    let mut ordered: Vec<&StoredChange> = all.iter().collect();
    ordered.sort_by_key(|c| c.change.stage());
    for change in ordered {
        write(conn, acting, context, change)?;
    }
    let recorded: Vec<serde_json::Value> = all
        .iter()
        .map(|c| json!({"project_id": c.project_id, "project": c.project_code, "change": c.change}))
        .collect();
    let event = audit::Change::outside_projects(
        Action::Delete,
        "scenario_applied",
        id,
        Some(
            json!({"name": scenario.name, "description": scenario.description, "changes": recorded}),
        ),
        None,
    );
    audit::record(conn, &acting.actor, &[event])?;
    diesel::delete(scenarios::table.filter(scenarios::id.eq(id))).execute(conn)?;
    Ok(Applied::Done {
        changes: all.len(),
        projects: touched.len(),
    })
}

/// Writes one change through its command.
fn write(
    conn: &mut PgConnection,
    acting: &Acting,
    context: &Context,
    stored: &StoredChange,
) -> Outcome<()> {
    let project = stored.project_id;
    match &stored.change {
        Change::Shift { months } => shift::shift_plan(conn, acting, project, *months),
        Change::Duration { months } => edit_head(conn, acting, project, |form| {
            form.duration = months.to_string();
            Ok(())
        }),
        Change::ScaleDemand { percent } => scale_demand(conn, acting, context, project, *percent),
        Change::Outcome { won } => decide(conn, acting, context, project, *won),
        Change::AddAssignment {
            person,
            role,
            percent,
            group,
            start,
            end,
            tentative,
        } => {
            let team = team(conn, context, project)?;
            let fields = fields(*role, *percent, *group, (*start, *end), *tentative);
            let values = allocations::check_assignment(&team, &fields, *person)
                .map_err(DomainError::Invalid)?;
            allocations::add_assignment(conn, acting, project, &values).map(|_| ())
        }
        Change::ChangeAssignment {
            assignment,
            version,
            role,
            percent,
            group,
            start,
            end,
            tentative,
        } => {
            let team = team(conn, context, project)?;
            let existing = assignment_of(&team, *assignment)?;
            let fields = fields(*role, *percent, *group, (*start, *end), *tentative);
            let values = allocations::check_assignment(&team, &fields, existing.person_id)
                .map_err(DomainError::Invalid)?;
            allocations::update_assignment(conn, acting, project, existing, *version, &values)
        }
        Change::RemoveAssignment {
            assignment,
            version,
        } => {
            let team = team(conn, context, project)?;
            let existing = assignment_of(&team, *assignment)?;
            allocations::delete_assignment(conn, acting, project, existing, *version)
        }
        Change::Allocation {
            assignment,
            month,
            pm,
        } => {
            let team = team(conn, context, project)?;
            let existing = assignment_of(&team, *assignment)?;
            let Some(index) = team.months.iter().position(|m| m == month) else {
                return Err(DomainError::field(
                    "change",
                    Msg::new("scenario-months-outside-project")
                        .arg("project", stored.project_code.clone())
                        .arg("first", super::change::month_text(team.grid.project.start))
                        .arg("last", super::change::month_text(*month)),
                ));
            };
            let key = (*assignment, index + 1);
            let now = version::lock(conn, project)?.ok_or(DomainError::NotFound)?;
            let input = AllocationGridInput {
                version: now,
                wanted: HashMap::from([(key, pm.map(milli_pm::decimal))]),
                saw: HashMap::from([(key, existing.terms.overrides.get(month).cloned())]),
            };
            match allocations::save_allocation_grid(conn, acting, &team, input)? {
                allocations::AllocationOutcome::Saved(_) => Ok(()),
                allocations::AllocationOutcome::Conflict(_) => Err(DomainError::Stale),
            }
        }
        Change::Placeholder {
            role,
            start,
            end,
            pm,
            ..
        } => placeholder(conn, acting, project, *role, (*start, *end), *pm),
    }
}

/// Changes the project's head through its edit form's command.
fn edit_head(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    change: impl FnOnce(&mut ProjectForm) -> Outcome<()>,
) -> Outcome<()> {
    let mut form = edit::edit_form(conn, &acting.policy, project)?;
    change(&mut form)?;
    edit::update_project(conn, acting, ProjectEdit { project, form })
}

/// Scales the project's EST demand through the capacity grid's command.
fn scale_demand(
    conn: &mut PgConnection,
    acting: &Acting,
    context: &Context,
    project: Uuid,
    percent: u32,
) -> Outcome<()> {
    let share = i64::from(percent) * 100;
    let cells: Vec<WantedCell> = demand::stored_cells(conn, project, &[Series::Est])?
        .into_iter()
        .map(|(task, organisation, month, _, pm)| WantedCell {
            series: Series::Est,
            task,
            organisation,
            month,
            pm: milli_pm::decimal(milli_pm::share(milli_pm::scaled(&pm, 3), share))
                .normalized()
                .to_string(),
        })
        .collect();
    let now = version::lock(conn, project)?.ok_or(DomainError::NotFound)?;
    demand::save_cells(conn, acting, (project, now), context.hours_per_pm, &cells).map(|_| ())
}

/// A pipeline project won (its tentative assignments confirmed, then running) or lost (its
/// tentative assignments removed, then rejected: last, since a rejected project is locked).
fn decide(
    conn: &mut PgConnection,
    acting: &Acting,
    context: &Context,
    project: Uuid,
    won: bool,
) -> Outcome<()> {
    let team = team(conn, context, project)?;
    for a in team.assignments.iter().filter(|a| a.tentative()) {
        if won {
            let mut fields = allocations::fields_of(a);
            fields.status = allocations::status_of(false).to_string();
            let values = allocations::check_assignment(&team, &fields, a.person_id)
                .map_err(DomainError::Invalid)?;
            allocations::update_assignment(conn, acting, project, a, a.version, &values)?;
        } else {
            allocations::delete_assignment(conn, acting, project, a, a.version)?;
        }
    }
    let code = if won { "running" } else { "rejected" };
    let state = edit::lifecycle_by_code(conn, code)?.ok_or_else(|| {
        DomainError::field(
            "change",
            Msg::new("scenario-no-such-state").arg("state", code),
        )
    })?;
    edit_head(conn, acting, project, |form| {
        form.lifecycle = state.to_string();
        Ok(())
    })
}

/// A placeholder becomes the project's role demand for its role: FTE % = PM per month × 100,
/// added to what the role demand grid holds, through the grid's command.
fn placeholder(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    role: Uuid,
    (start, end): (chrono::NaiveDate, chrono::NaiveDate),
    pm: i64,
) -> Outcome<()> {
    let grid = role_demand::load(conn, project, None)?.ok_or(DomainError::NotFound)?;
    let mut typed = HashMap::new();
    let mut shown = HashMap::new();
    let added = BigDecimal::from(pm) / BigDecimal::from(10);
    for m in 1..=grid.duration {
        let Some(month) = crate::planning::months::calendar_month(grid.start, m) else {
            continue;
        };
        if month < start || month > end {
            continue;
        }
        let key = (role, m);
        let before = grid.cells.get(&key).cloned();
        let after = before.clone().unwrap_or_default() + &added;
        typed.insert(key, after.normalized().to_string());
        if let Some(before) = before {
            shown.insert(key, before.normalized().to_string());
        }
    }
    let input = role_demand::RoleGridInput {
        project,
        version: Some(grid.version),
        typed,
        shown,
    };
    role_demand::save_grid(conn, acting, &input).map(|_| ())
}

/// The project's Team tab as its commands need it.
fn team(conn: &mut PgConnection, context: &Context, project: Uuid) -> Outcome<Team> {
    allocations::load(conn, context.caches, project, context.hours_per_pm, None)?
        .ok_or(DomainError::NotFound)
}

fn assignment_of(team: &Team, id: Uuid) -> Outcome<&crate::people::staffing::Assignment> {
    team.assignments
        .iter()
        .find(|a| a.id == id)
        .ok_or(DomainError::Stale)
}

/// An assignment change as its form would post it.
fn fields(
    role: Option<Uuid>,
    percent: i64,
    group: Uuid,
    (start, end): (chrono::NaiveDate, chrono::NaiveDate),
    tentative: bool,
) -> AssignmentFields {
    AssignmentFields {
        person: String::new(),
        role: role.map(|r| r.to_string()).unwrap_or_default(),
        percent: milli_pm::decimal(percent * 10).normalized().to_string(),
        group: group.to_string(),
        start: format_month(start),
        end: format_month(end),
        status: allocations::status_of(tentative).to_string(),
    }
}
