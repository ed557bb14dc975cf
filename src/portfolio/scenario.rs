//! The portfolio beside a scenario (issue 23, docs/scenarios.md "Compare"): the live plan and
//! the plan with the scenario's changes laid over it, for the whole portfolio ([`compare_view`])
//! and for one person ([`person_beside`]). Everything is read as the user sees it: changes to
//! projects the user may not see are hidden by RLS and change nothing here.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::{Band, Comparison, Filter, Inputs, OrganisationNode, choices, compare, person_loads};
use crate::cache::Caches;
use crate::cache::staffing::Staffed;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::role_types;
use crate::people::staffing;
use crate::planning::milli_pm;
use crate::planning::reading::{Load, Reading};
use crate::scenarios::plan::Plan;
use crate::scenarios::{self, Change, Scenario, StoredChange};

/// A scenario and the changes of it the user may see, as the compare views lay them over the
/// live plan.
pub struct ScenarioInView {
    pub scenario: Scenario,
    pub changes: Vec<StoredChange>,
}

impl ScenarioInView {
    /// The scenario the user may read (else [`DomainError::NotFound`]) with its visible changes.
    pub fn read(conn: &mut PgConnection, acting: &Acting, id: Uuid) -> Outcome<ScenarioInView> {
        let scenario = scenarios::get(conn, acting, id)?;
        let changes = scenarios::changes(conn, id)?;
        Ok(ScenarioInView { scenario, changes })
    }

    /// (project, change) in the order they were made: what [`Plan::overlay`] takes.
    pub fn overlay(&self) -> Vec<(Uuid, Change)> {
        self.changes
            .iter()
            .map(|c| (c.project_id, c.change.clone()))
            .collect()
    }
}

/// The portfolio beside a scenario with the filter's choices.
pub struct ComparisonView {
    pub scenario: ScenarioInView,
    pub comparison: Comparison,
    pub organisations: Vec<OrganisationNode>,
    /// (id, name)
    pub roles: Vec<(Uuid, String)>,
}

/// The live portfolio of `filter` and the scenario's, for a user who may read the scenario
/// (404 otherwise); an organisation or role that does not exist is refused as on /portfolio.
pub fn compare_view(
    conn: &mut PgConnection,
    (acting, caches): (&Acting, &Caches),
    scenario: Uuid,
    filter: &Filter,
    limits: (u32, usize),
    server_default: &BigDecimal,
) -> Outcome<ComparisonView> {
    let scenario = ScenarioInView::read(conn, acting, scenario)?;
    let (organisations, roles) = choices(conn, filter)?;
    let comparison = compare(
        conn,
        caches,
        &organisations,
        filter,
        limits,
        server_default,
        filter.reading,
        &scenario.overlay(),
    )?;
    Ok(ComparisonView {
        scenario,
        comparison,
        organisations,
        roles,
    })
}

/// One person's months and assignments in the live plan and in a scenario.
pub struct PersonBeside {
    pub scenario: ScenarioInView,
    pub id: Uuid,
    pub name: String,
    pub organisation: String,
    pub months: Vec<NaiveDate>,
    pub reading: Reading,
    /// Per month: capacity and work split by how sure it is, live and in the scenario.
    pub live: Vec<Load>,
    pub planned: Vec<Load>,
    /// The person's assignments running in the months, in either plan, by project code and
    /// start.
    pub assignments: Vec<AssignmentBeside>,
}

impl PersonBeside {
    /// What the reading counts in month `i`, live and in the scenario (milli-PM).
    pub fn allocated(&self, i: usize) -> (i64, i64) {
        (
            self.live[i].allocated(self.reading),
            self.planned[i].allocated(self.reading),
        )
    }

    /// Utilisation in month `i` in whole percent, live and in the scenario (`None` without
    /// capacity).
    pub fn utilisation(&self, i: usize) -> (Option<i64>, Option<i64>) {
        let (live, planned) = self.allocated(i);
        (
            milli_pm::percent(live, self.live[i].capacity),
            milli_pm::percent(planned, self.planned[i].capacity),
        )
    }

    /// The band of month `i`, live and in the scenario, with the portfolio's threshold.
    pub fn bands(&self, i: usize, under_percent: u32) -> (Band, Band) {
        let (live, planned) = self.utilisation(i);
        (
            month_band(&self.live[i], live, under_percent),
            month_band(&self.planned[i], planned, under_percent),
        )
    }
}

/// Where one month of a person's load lies: over by confirmed work, over only with tentative
/// work, below the threshold, or healthy (the portfolio's bands, for a single month).
fn month_band(load: &Load, utilisation: Option<i64>, under_percent: u32) -> Band {
    if load.over() {
        Band::Over
    } else if load.over_if_tentative() {
        Band::OverIfTentative
    } else if utilisation.is_some_and(|u| u < i64::from(under_percent)) {
        Band::Under
    } else {
        Band::Healthy
    }
}

/// An assignment as one plan has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub role: Option<Uuid>,
    /// Hundredths of a percent.
    pub percent: i64,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub tentative: bool,
    /// Milli-PM it takes in each of the months (0 outside it).
    pub pm: Vec<i64>,
}

/// An assignment in the live plan, in the scenario, or in both.
pub struct AssignmentBeside {
    pub project_id: Uuid,
    pub project_code: String,
    /// The role's name (a seeded name is a catalogue key).
    pub role: Option<String>,
    pub live: Option<Terms>,
    pub planned: Option<Terms>,
}

/// The person (whom the user must see; 404 otherwise) in `filter`'s months, live and with the
/// scenario (which the user must be able to read) laid over the plan.
pub fn person_beside(
    conn: &mut PgConnection,
    (acting, caches): (&Acting, &Caches),
    (scenario, person): (Uuid, Uuid),
    filter: &Filter,
    server_default: &BigDecimal,
) -> Outcome<PersonBeside> {
    let scenario = ScenarioInView::read(conn, acting, scenario)?;
    let inputs =
        Inputs::read(conn, caches, filter, server_default)?.ok_or(DomainError::NotFound)?;
    let booked = inputs
        .people
        .iter()
        .find(|p| p.summary.id == person)
        .ok_or(DomainError::NotFound)?;
    let mut planned = inputs.plan.clone();
    planned.overlay(&scenario.overlay());
    let index: FxHashMap<Uuid, usize> = [(person, 0)].into_iter().collect();
    let loads_in = |plan: &Plan| {
        let theirs = assignments_of(plan, person, (inputs.first, inputs.last));
        person_loads(&[booked], &index, &theirs, plan, &filter.months)
            .pop()
            .unwrap_or_default()
    };
    let (live, planned_loads) = (loads_in(&inputs.plan), loads_in(&planned));
    let roles: FxHashMap<Uuid, String> = role_types::table
        .select((role_types::id, role_types::name))
        .load::<(Uuid, String)>(conn)?
        .into_iter()
        .collect();
    let assignments = side_by_side(
        (&inputs.plan, &planned),
        person,
        (inputs.first, inputs.last),
        &filter.months,
        (&booked.pm, &roles),
    );
    Ok(PersonBeside {
        scenario,
        id: person,
        name: staffing::full_name(&booked.summary),
        organisation: booked.summary.organisation.clone(),
        months: filter.months.clone(),
        reading: filter.reading,
        live,
        planned: planned_loads,
        assignments,
    })
}

/// The person's assignments of `plan` that run in the window.
fn assignments_of(
    plan: &Plan,
    person: Uuid,
    (first, last): (NaiveDate, NaiveDate),
) -> Vec<&Staffed> {
    plan.assignments
        .values()
        .flat_map(|rows| rows.iter())
        .filter(|a| a.person_id == person && a.end_month >= first && a.start_month <= last)
        .collect()
}

/// The person's assignments in both plans, paired by assignment (one the scenario adds is in
/// the scenario only, one it removes in the live plan only).
fn side_by_side(
    (live, planned): (&Plan, &Plan),
    person: Uuid,
    window: (NaiveDate, NaiveDate),
    months: &[NaiveDate],
    (capacity, roles): (&[i64], &FxHashMap<Uuid, String>),
) -> Vec<AssignmentBeside> {
    let terms = |a: &Staffed| Terms {
        role: a.role_type_id,
        percent: a.percent,
        start: a.start_month,
        end: a.end_month,
        tentative: a.tentative,
        pm: months
            .iter()
            .zip(capacity)
            .map(|(m, c)| if a.covers(*m) { a.pm(*m, *c) } else { 0 })
            .collect(),
    };
    let mut out: Vec<(Uuid, AssignmentBeside)> = Vec::new();
    let mut add = |plan: &Plan, is_live: bool| {
        for a in assignments_of(plan, person, window) {
            let at = match out.iter().position(|(id, _)| *id == a.id) {
                Some(at) => at,
                None => {
                    let code = plan
                        .projects
                        .get(&a.project_id)
                        .map(|p| p.code.clone())
                        .unwrap_or_default();
                    out.push((
                        a.id,
                        AssignmentBeside {
                            project_id: a.project_id,
                            project_code: code,
                            role: None,
                            live: None,
                            planned: None,
                        },
                    ));
                    out.len() - 1
                }
            };
            let entry = &mut out[at].1;
            entry.role = a.role_type_id.and_then(|r| roles.get(&r).cloned());
            if is_live {
                entry.live = Some(terms(a));
            } else {
                entry.planned = Some(terms(a));
            }
        }
    };
    add(live, true);
    add(planned, false);
    let mut out: Vec<AssignmentBeside> = out.into_iter().map(|(_, a)| a).collect();
    let start = |a: &AssignmentBeside| a.planned.as_ref().or(a.live.as_ref()).map(|t| t.start);
    out.sort_by(|a, b| (&a.project_code, start(a)).cmp(&(&b.project_code, start(b))));
    out
}
