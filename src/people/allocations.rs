//! A project's team: who is assigned (role, allocation %, allocation group, months), the
//! allocation grid (person × month PM, derived from capacity × % unless overridden per cell) and
//! how the allocation compares with the project's EST demand per organisation.
//!
//! Every change moves the project's version on, like any other change of the plan, so the
//! allocation grid and the capacity page detect each other's concurrent saves.

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
use crate::db::row_version::{self, RowChange};
use crate::db::schema::{
    allocation_groups, allocation_overrides, assignments, project_group_hour_rates, role_types,
};
use crate::i18n::Msg;
use crate::people::staffing::{self, Assignment, AssignmentsOf, Staff};
use crate::planning::divisor::DivisorRates;
use crate::planning::months::{add_months, calendar_month, current_month, format_month};
use crate::planning::reading::{Certainty, Load, Reading};
use crate::projects::demand::{self, Grid, Series};
use crate::projects::version;

/// Everything the Team tab shows.
pub struct Team {
    /// The project with its EST demand (the capacity grid).
    pub grid: Grid,
    /// The months shown: the whole project (M1 first) unless narrowed by [`Team::show_window`].
    pub months: Vec<NaiveDate>,
    /// How many project months lie before `months[0]`.
    pub offset: usize,
    pub assignments: Vec<Assignment>,
    /// The assigned people (those the user may see) and their capacity.
    pub staff: Staff,
    /// Per person and month, their work over all visible projects, split by how sure it is
    /// (for over-allocation by confirmed work, and the months tentative work would take over).
    pub allocated_everywhere: HashMap<(Uuid, NaiveDate), Load>,
    /// The project's hours-per-PM chain including its rates per employee group, for hours.
    pub rates: DivisorRates,
    /// People to offer in the form that assigns someone: (id, label); see `people_to_offer`.
    pub people: Vec<(Uuid, String)>,
    /// More people match than are offered: the user should narrow the search.
    pub more_people: bool,
    /// What the offered people were found by (empty: everyone).
    pub find: String,
    pub roles: Vec<(Uuid, String)>,
    pub groups: Vec<(Uuid, String)>,
    /// The project is in a pipeline state: a new assignment is tentative unless the form says
    /// otherwise.
    pub pipeline: bool,
    /// How sure the project's EST demand is (tentative in a pipeline state, at its probability).
    pub demand_certainty: Certainty,
    /// How the allocation against demand (`balance`) counts tentative work; the page sets it
    /// from the user's choice.
    pub reading: Reading,
}

impl Team {
    /// The project month number (M1 = 1) of `months[i]`.
    pub fn month_number(&self, i: usize) -> usize {
        self.offset + i + 1
    }

    /// Narrows the months to `count` from `first` (kept inside the project). Saving always works
    /// on a whole team: cells are named by project month, not by position.
    pub fn show_window(&mut self, first: NaiveDate, count: usize) {
        let start = self
            .months
            .iter()
            .position(|m| *m >= first)
            .unwrap_or(self.months.len().saturating_sub(count))
            .min(self.months.len().saturating_sub(count));
        self.offset += start;
        self.months = self
            .months
            .iter()
            .skip(start)
            .take(count)
            .copied()
            .collect();
    }

    /// The PM an assignment takes in a month.
    pub fn allocation(&self, a: &Assignment, month: NaiveDate) -> BigDecimal {
        a.terms
            .pm(month, &self.staff.capacity(a.person_id, month).pm)
    }

    /// The hours of `pm` person-months of `person` on this project in `month`: the project's rate
    /// for the person's employee group, else the project's rates, system rate, server default.
    pub fn person_hours(&self, person: Uuid, pm: &BigDecimal, month: NaiveDate) -> BigDecimal {
        let group = self
            .staff
            .members
            .get(&person)
            .and_then(|m| m.group_in(month));
        self.rates.hours(pm, month, group)
    }

    /// Whether the person's confirmed work over all visible projects exceeds their capacity.
    pub fn over_allocated(&self, person: Uuid, month: NaiveDate) -> bool {
        self.allocated_everywhere
            .get(&(person, month))
            .is_some_and(Load::over)
    }

    /// Whether tentative work would take the person over capacity in the month (and confirmed
    /// work alone does not).
    pub fn over_if_tentative(&self, person: Uuid, month: NaiveDate) -> bool {
        self.allocated_everywhere
            .get(&(person, month))
            .is_some_and(Load::over_if_tentative)
    }

    /// `pm` of work this sure, as the Team tab's reading counts it.
    fn counted(&self, pm: BigDecimal, certainty: Certainty) -> BigDecimal {
        match self.reading.share(certainty) {
            10_000 => pm,
            share => (pm * BigDecimal::from(share) / BigDecimal::from(10_000))
                .round(3)
                .normalized(),
        }
    }

    /// Per organisation (of the assigned people and of the EST demand), per month: allocated
    /// PM (or hours) of this project and EST demand. Organisations sorted by name.
    pub fn balance(&self, hours: bool) -> Vec<OrgBalance> {
        let zeros = || vec![BigDecimal::from(0); self.months.len()];
        let mut allocated: HashMap<Uuid, Vec<BigDecimal>> = HashMap::new();
        for a in &self.assignments {
            let Some(member) = self.staff.members.get(&a.person_id) else {
                continue;
            };
            let row = allocated
                .entry(member.summary.organisation_id)
                .or_insert_with(zeros);
            for (i, month) in self.months.iter().enumerate() {
                let pm = self.counted(self.allocation(a, *month), a.certainty);
                row[i] += if hours {
                    self.person_hours(a.person_id, &pm, *month)
                } else {
                    pm
                };
            }
        }
        let mut demand: HashMap<Uuid, Vec<BigDecimal>> = HashMap::new();
        if let Some(cells) = self.grid.cells.get(&Series::Est) {
            for ((_, org, m), pm) in cells {
                let shown = (*m as usize)
                    .checked_sub(self.offset + 1)
                    .filter(|i| *i < self.months.len());
                if let Some(i) = shown {
                    // Demand has no person: the project's chain without a group, as on the
                    // capacity page.
                    let pm = self.counted(pm.clone(), self.demand_certainty);
                    demand.entry(*org).or_insert_with(zeros)[i] += if hours {
                        self.rates.hours(&pm, self.months[i], None)
                    } else {
                        pm
                    };
                }
            }
        }
        let org_name: HashMap<Uuid, String> = self.grid.organisations.iter().cloned().collect();
        let mut orgs: Vec<Uuid> = allocated.keys().chain(demand.keys()).copied().collect();
        orgs.sort();
        orgs.dedup();
        let mut rows: Vec<OrgBalance> = orgs
            .into_iter()
            .map(|org| OrgBalance {
                organisation_id: org,
                organisation: org_name.get(&org).cloned().unwrap_or_default(),
                allocated: allocated.remove(&org).unwrap_or_else(zeros),
                demand: demand.remove(&org).unwrap_or_else(zeros),
            })
            .collect();
        rows.sort_by(|a, b| a.organisation.cmp(&b.organisation));
        rows
    }
}

/// One organisation's allocated PM (or hours) and EST demand per month shown.
pub struct OrgBalance {
    pub organisation_id: Uuid,
    pub organisation: String,
    pub allocated: Vec<BigDecimal>,
    pub demand: Vec<BigDecimal>,
}

/// At most this many people are offered to assign at once: beyond it, a select is no use (and a
/// portfolio of 5,000 made the Team tab half a megabyte); the user finds them by name instead.
pub const PEOPLE_OFFERED: i64 = 200;

/// The visible people to offer when assigning: those matching `find` (part of a name, code or
/// e-mail), or everyone when nothing is typed and they are few enough; `(people, more)` where
/// `more` says that others match too.
fn people_to_offer(
    conn: &mut PgConnection,
    find: Option<&str>,
) -> QueryResult<(Vec<(Uuid, String)>, bool)> {
    use crate::db::schema::{organisations, persons};
    use crate::db::visibility::person_visible;
    let find = find.map(str::trim).filter(|f| !f.is_empty());
    if find.is_none() {
        // Whether there are too many to list: counting stops at the first few hundred instead of
        // sorting everyone (5,000 people in a large portfolio) for a list that is not shown.
        let some = persons::table
            .filter(person_visible())
            .select(persons::id)
            .limit(PEOPLE_OFFERED + 1)
            .load::<Uuid>(conn)?;
        if some.len() as i64 > PEOPLE_OFFERED {
            return Ok((Vec::new(), true));
        }
    }
    let mut query = persons::table
        .inner_join(organisations::table)
        .filter(person_visible())
        .select(crate::people::persons::PersonSummary::as_select())
        .order((persons::last_name, persons::first_name, persons::code))
        .limit(PEOPLE_OFFERED + 1)
        .into_boxed();
    if let Some(find) = find {
        // Typed text is matched literally: % and _ are not wildcards here.
        let pattern = format!(
            "%{}%",
            find.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let full_name = persons::first_name.concat(" ").concat(persons::last_name);
        query = query.filter(
            full_name
                .ilike(pattern.clone())
                .or(persons::code.ilike(pattern.clone()))
                .or(persons::email.ilike(pattern)),
        );
    }
    let mut people: Vec<crate::people::persons::PersonSummary> = query.load(conn)?;
    let more = people.len() as i64 > PEOPLE_OFFERED;
    people.truncate(PEOPLE_OFFERED as usize);
    let offered = people
        .into_iter()
        .map(|p| {
            let label = format!(
                "{} ({}, {})",
                staffing::full_name(&p),
                p.code,
                p.organisation
            );
            (p.id, label)
        })
        .collect();
    Ok((offered, more))
}

/// The team of a visible project (`None` otherwise), offering the people matching `find` to
/// assign.
pub fn load(
    conn: &mut PgConnection,
    caches: &crate::cache::Caches,
    project: Uuid,
    server_default: &BigDecimal,
    find: Option<&str>,
) -> QueryResult<Option<Team>> {
    // The version before the data it versions.
    let facts = caches.facts_now(conn)?;
    let Some(grid) = demand::load(conn, project, server_default, None)? else {
        return Ok(None);
    };
    let start = grid.project.start;
    let months: Vec<NaiveDate> = (1..=grid.project.duration)
        .filter_map(|m| calendar_month(start, m))
        .collect();
    let last = months.last().copied().unwrap_or(start);
    let last_day = add_months(last, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(last);
    let assignments =
        staffing::load_assignments(conn, AssignmentsOf::Project(project), Some((start, last)))?;
    let mut person_ids: Vec<Uuid> = assignments.iter().map(|a| a.person_id).collect();
    person_ids.sort();
    person_ids.dedup();
    let staff = staffing::load_staff(conn, &facts, &person_ids, start, last_day, server_default)?;
    let everywhere = staffing::terms_of_persons(conn, &person_ids, (start, last))?;
    let allocated_everywhere = staffing::loads_per_person(
        &staff,
        everywhere
            .iter()
            .map(|(person, terms, certainty)| (*person, terms, *certainty)),
        &months,
    );
    let (people, more_people) = people_to_offer(conn, find)?;
    let mut rates = grid.rates.clone();
    rates.group_rates = project_group_hour_rates::table
        .filter(project_group_hour_rates::project_id.eq(project))
        .select((
            project_group_hour_rates::employee_group_id,
            project_group_hour_rates::valid_from,
            project_group_hour_rates::hours_per_pm,
        ))
        .load(conn)?;
    let roles = role_types::table
        .select((role_types::id, role_types::name))
        .order((role_types::sort_order, role_types::name))
        .load(conn)?;
    let groups = allocation_groups::table
        .select((allocation_groups::id, allocation_groups::name))
        .order((allocation_groups::sort_order, allocation_groups::name))
        .load(conn)?;
    let demand_certainty = staffing::project_certainties(conn, &[project])?
        .remove(&project)
        .unwrap_or(Certainty::CONFIRMED);
    Ok(Some(Team {
        grid,
        months,
        offset: 0,
        assignments,
        staff,
        allocated_everywhere,
        rates,
        people,
        more_people,
        find: find.unwrap_or_default().trim().to_string(),
        roles,
        groups,
        pipeline: demand_certainty.tentative,
        demand_certainty,
        reading: Reading::default(),
    }))
}

/// What an assignment form asks for, already parsed and checked against the project.
#[derive(Debug, Clone)]
pub struct AssignmentValues {
    pub person_id: Uuid,
    pub role_type_id: Option<Uuid>,
    pub allocation_percent: BigDecimal,
    pub allocation_group_id: Uuid,
    pub start_month: NaiveDate,
    pub end_month: NaiveDate,
    /// Tentative work, not yet confirmed (`planning::reading`).
    pub tentative: bool,
}

impl AssignmentValues {
    fn as_json(&self) -> serde_json::Value {
        json!({
            "tentative": self.tentative,
            "person_id": self.person_id,
            "role_type_id": self.role_type_id,
            "allocation_percent": self.allocation_percent,
            "allocation_group_id": self.allocation_group_id,
            "start_month": self.start_month,
            "end_month": self.end_month,
        })
    }
}

fn values_of(a: &Assignment) -> AssignmentValues {
    AssignmentValues {
        person_id: a.person_id,
        role_type_id: a.role_type_id,
        allocation_percent: a.terms.percent.clone(),
        allocation_group_id: a.allocation_group_id,
        start_month: a.terms.start_month,
        end_month: a.terms.end_month,
        tentative: a.tentative(),
    }
}

/// The fields of the assignment forms as typed (the Team tab's forms and the API send these).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct AssignmentFields {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub percent: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    /// `tentative` or `confirmed`; empty: tentative on a project in a pipeline state, else
    /// confirmed.
    #[serde(default)]
    pub status: String,
}

/// The assignment's fields as its form shows them (months `YYYY-MM`, the percentage as stored).
pub fn fields_of(a: &Assignment) -> AssignmentFields {
    AssignmentFields {
        person: a.person_id.to_string(),
        role: a.role_type_id.map(|r| r.to_string()).unwrap_or_default(),
        percent: a.terms.percent.normalized().to_string(),
        group: a.allocation_group_id.to_string(),
        start: format_month(a.terms.start_month),
        end: format_month(a.terms.end_month),
        status: status_of(a.tentative()).to_string(),
    }
}

/// An assignment's `status` as its forms carry it.
pub fn status_of(tentative: bool) -> &'static str {
    if tentative { "tentative" } else { "confirmed" }
}

/// How an assignment form's `status` reads: `None` for the project's default.
pub fn read_status(text: &str) -> Result<Option<bool>, Msg> {
    match text.trim() {
        "" => Ok(None),
        "tentative" => Ok(Some(true)),
        "confirmed" => Ok(Some(false)),
        other => Err(Msg::new("team-bad-status").arg("value", other)),
    }
}

/// A cross-field refusal: the end month before the start month. Under the field `end`; the
/// Team tab shows it without the field's label.
pub const END_BEFORE_START: &str = "team-end-before-start";

/// Checks an assignment form of `person` against `team`'s project: a role and an allocation
/// group from its lists, a percentage up to 100, start and end months inside the project, the
/// end not before the start. Every refused field says why (fields `role`, `percent`, `group`,
/// `start`, `end`).
pub fn check_assignment(
    team: &Team,
    fields: &AssignmentFields,
    person: Uuid,
) -> Result<AssignmentValues, crate::command::FieldErrors> {
    use crate::planning::month::Month;
    use crate::planning::quantity::Percent;
    let mut problems = crate::command::FieldErrors::new();
    let role_type_id = match fields.role.trim() {
        "" => None,
        text => match Uuid::parse_str(text)
            .ok()
            .filter(|id| team.roles.iter().any(|r| r.0 == *id))
        {
            Some(id) => Some(id),
            None => {
                problems.push(("role", Msg::new("team-choose-role")));
                None
            }
        },
    };
    let percent = match Percent::parse(&fields.percent, 100) {
        Ok(Some(p)) => Some(p.decimal()),
        Ok(None) => {
            problems.push(("percent", Percent::refusal("", 100)));
            None
        }
        Err(message) => {
            problems.push(("percent", message));
            None
        }
    };
    let group = Uuid::parse_str(fields.group.trim())
        .ok()
        .filter(|id| team.groups.iter().any(|g| g.0 == *id));
    if group.is_none() {
        problems.push(("group", Msg::new("team-choose-group")));
    }
    let first = team.months.first().copied();
    let last = team.months.last().copied();
    let mut month = |field: &'static str, text: &str| match Month::parse(text).map(Month::first_day)
    {
        Err(refused) => {
            problems.push((field, refused.field_sentence()));
            None
        }
        Ok(m) if Some(m) < first || Some(m) > last => {
            problems.push((
                field,
                Msg::new("team-month-outside-project")
                    .arg("month", format_month(m))
                    .arg("first", first.map(format_month).unwrap_or_default())
                    .arg("last", last.map(format_month).unwrap_or_default()),
            ));
            None
        }
        Ok(m) => Some(m),
    };
    let start = month("start", &fields.start);
    let end = month("end", &fields.end);
    let tentative = match read_status(&fields.status) {
        Ok(status) => status.unwrap_or(team.pipeline),
        Err(message) => {
            problems.push(("status", message));
            false
        }
    };
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        problems.push((
            "end",
            Msg::new(END_BEFORE_START)
                .arg("end", format_month(e))
                .arg("start", format_month(s)),
        ));
    }
    match (percent, group, start, end) {
        (Some(percent), Some(group), Some(start), Some(end)) if problems.is_empty() => {
            Ok(AssignmentValues {
                person_id: person,
                role_type_id,
                allocation_percent: percent,
                allocation_group_id: group,
                start_month: start,
                end_month: end,
                tentative,
            })
        }
        _ => Err(problems),
    }
}

/// A cell of the allocation grid as typed: empty = derived from capacity × %, else explicit PM.
/// One person cannot work more than a few person-months in one calendar month.
pub fn parse_allocation(text: &str) -> Result<Option<BigDecimal>, Msg> {
    Ok(crate::planning::quantity::Pm::parse(text, 5)?.map(crate::planning::quantity::Pm::decimal))
}

/// Adds an assignment to a project the user may change; returns its id.
pub fn add_assignment(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    values: &AssignmentValues,
) -> Outcome<Uuid> {
    version::lock_for_edit(conn, acting, project)?;
    let id: Uuid = diesel::insert_into(assignments::table)
        .values((
            assignments::person_id.eq(values.person_id),
            assignments::project_id.eq(project),
            assignments::role_type_id.eq(values.role_type_id),
            assignments::allocation_percent.eq(&values.allocation_percent),
            assignments::allocation_group_id.eq(values.allocation_group_id),
            assignments::start_month.eq(values.start_month),
            assignments::end_month.eq(values.end_month),
            assignments::tentative.eq(values.tentative),
        ))
        .returning(assignments::id)
        .get_result(conn)?;
    let after = Some(values.as_json());
    assignment_changed(conn, acting, project, (Action::Create, id), None, after)?;
    Ok(id)
}

/// The last writes of a change of an assignment: the project's plan version moves on once, and
/// the audit log records the change.
fn assignment_changed(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    (action, assignment): (Action, Uuid),
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> QueryResult<()> {
    version::bump(conn, project)?;
    let change = Change::in_project(
        action,
        "assignment",
        Some(assignment),
        project,
        before,
        after,
    );
    audit::record(conn, &acting.actor, &[change])
}

/// A row-version refusal as the command's error: stale is a conflict, missing a 404.
fn refusal(refused: RowChange<()>) -> Outcome<()> {
    match refused {
        RowChange::Done(()) => Ok(()),
        RowChange::Stale => Err(DomainError::Stale),
        RowChange::Missing => Err(DomainError::NotFound),
    }
}

/// The version of one of the project's assignments, locked for the rest of the transaction
/// (`None`: the project has no such assignment the user may change).
fn locked_version(conn: &mut PgConnection, project: Uuid, id: Uuid) -> QueryResult<Option<i64>> {
    assignments::table
        .filter(assignments::id.eq(id))
        .filter(assignments::project_id.eq(project))
        .select(assignments::version)
        .for_update()
        .first(conn)
        .optional()
}

/// Changes an assignment of the project if it is still at `version`, the one the form showed
/// (`existing` is the assignment as read for the form's check). Overrides of months the assignment no longer covers
/// are removed with it (they would count nowhere).
///
/// [`DomainError::Stale`] when it changed since, [`DomainError::NotFound`] when it is gone.
pub fn update_assignment(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    existing: &Assignment,
    version: i64,
    values: &AssignmentValues,
) -> Outcome<()> {
    version::lock_for_edit(conn, acting, project)?;
    let stored = locked_version(conn, project, existing.id)?;
    // Still at the version the form showed, the row is as `existing` recorded it (for the audit).
    if let Some(refused) = row_version::check(stored, version).refusal() {
        return refusal(refused);
    }
    let updated = diesel::update(
        assignments::table
            .filter(assignments::id.eq(existing.id))
            .filter(assignments::project_id.eq(project))
            .filter(assignments::version.eq(version)),
    )
    .set((
        assignments::role_type_id.eq(values.role_type_id),
        assignments::allocation_percent.eq(&values.allocation_percent),
        assignments::allocation_group_id.eq(values.allocation_group_id),
        assignments::start_month.eq(values.start_month),
        assignments::end_month.eq(values.end_month),
        assignments::tentative.eq(values.tentative),
        assignments::updated_at.eq(chrono::Utc::now()),
    ))
    .execute(conn)?;
    if updated == 0 {
        return refusal(row_version::missed(locked_version(
            conn,
            project,
            existing.id,
        )?));
    }
    diesel::delete(
        allocation_overrides::table
            .filter(allocation_overrides::assignment_id.eq(existing.id))
            .filter(
                allocation_overrides::month
                    .lt(values.start_month)
                    .or(allocation_overrides::month.gt(values.end_month)),
            ),
    )
    .execute(conn)?;
    let (before, after) = (values_of(existing).as_json(), values.as_json());
    let change = (Action::Update, existing.id);
    assignment_changed(conn, acting, project, change, Some(before), Some(after))?;
    Ok(())
}

/// Removes an assignment and its overrides if it is still at `version`, the one the page showed.
pub fn delete_assignment(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    existing: &Assignment,
    version: i64,
) -> Outcome<()> {
    version::lock_for_edit(conn, acting, project)?;
    let stored = locked_version(conn, project, existing.id)?;
    if let Some(refused) = row_version::check(stored, version).refusal() {
        return refusal(refused);
    }
    let deleted = diesel::delete(
        assignments::table
            .filter(assignments::id.eq(existing.id))
            .filter(assignments::project_id.eq(project))
            .filter(assignments::version.eq(version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return refusal(row_version::missed(locked_version(
            conn,
            project,
            existing.id,
        )?));
    }
    let before = Some(values_of(existing).as_json());
    assignment_changed(
        conn,
        acting,
        project,
        (Action::Delete, existing.id),
        before,
        None,
    )?;
    Ok(())
}

/// One edited cell of the allocation grid: the value the editor saw (the override, or the
/// derived value when there was none) and what they want: a PM value becomes an override, an
/// empty cell removes the override so the month is derived from capacity × % again.
#[derive(Debug, Clone)]
pub struct AllocationEdit {
    pub assignment: Uuid,
    pub month: NaiveDate,
    pub saw: Option<BigDecimal>,
    pub wanted: Option<BigDecimal>,
}

/// Why an allocation save did not happen.
pub enum AllocationOutcome {
    Saved(usize),
    /// The project changed since the editor loaded the grid: the edits, nothing written.
    Conflict(Vec<AllocationEdit>),
}

/// A posted allocation grid: per (assignment, project month index into `team.months`, 1-based)
/// the value wanted and the value the page showed, at the plan version the page showed.
pub struct AllocationGridInput {
    pub version: i64,
    pub wanted: HashMap<(Uuid, usize), Option<BigDecimal>>,
    pub saw: HashMap<(Uuid, usize), Option<BigDecimal>>,
}

/// Saves the allocation grid of `team`'s project: the editor may change the project, every
/// changed cell lies in its assignment's months and in a month the user may change, and the plan
/// is still at the version the page showed. A PM value becomes an override, an emptied cell
/// removes the override; one audit row per cell, one version bump.
pub fn save_allocation_grid(
    conn: &mut PgConnection,
    acting: &Acting,
    team: &Team,
    mut input: AllocationGridInput,
) -> Outcome<AllocationOutcome> {
    let project = version::lock_for_edit(conn, acting, team.grid.project.id)?;
    let now = current_month();
    let mut edits = Vec::new();
    for ((assignment, m), value) in input.wanted {
        let seen = input.saw.remove(&(assignment, m)).unwrap_or(None);
        let (Some(month), Some(a)) = (
            team.months.get(m.wrapping_sub(1)).copied(),
            team.assignments.iter().find(|a| a.id == assignment),
        ) else {
            continue;
        };
        let has_override = a.terms.overrides.contains_key(&month);
        // Unchanged, or emptied where nothing was overridden: nothing to write.
        if value == seen || (value.is_none() && !has_override) {
            continue;
        }
        if month < a.terms.start_month || month > a.terms.end_month {
            return Err(DomainError::field(
                FORM,
                Msg::new("team-month-outside-assignment")
                    .arg("month", m.to_string())
                    .arg("person", person_name_msg(team, a)),
            ));
        }
        acting
            .policy
            .can_edit_month_named(month, now, format!("M{m} ({})", format_month(month)))
            .map_err(|refusal| {
                DomainError::Forbidden(Refusal(crate::projects::demand::nothing_saved(refusal.0)))
            })?;
        edits.push(AllocationEdit {
            assignment,
            month,
            saw: seen,
            wanted: value,
        });
    }
    if project.version != input.version {
        return Ok(AllocationOutcome::Conflict(edits));
    }
    let overrides_now: HashMap<(Uuid, NaiveDate), &BigDecimal> = team
        .assignments
        .iter()
        .flat_map(|a| {
            a.terms
                .overrides
                .iter()
                .map(move |(month, pm)| ((a.id, *month), pm))
        })
        .collect();
    let written = write_overrides(conn, &acting.actor, project.id, &overrides_now, &edits)?;
    Ok(AllocationOutcome::Saved(written))
}

/// The field of a refusal about the form itself (not a cell): the page answers 400.
pub const FORM: &str = "form";

/// How the pages name an assigned person: their full name, or a placeholder when RLS lets the
/// user see the project's assignment but not the person.
pub fn person_name(team: &Team, a: &Assignment) -> String {
    person_name_msg(team, a).to_string()
}

/// [`person_name`] as a message: the name as typed, or "(a person you cannot see)" in the
/// reader's language.
pub fn person_name_msg(team: &Team, a: &Assignment) -> Msg {
    team.staff
        .members
        .get(&a.person_id)
        .map(|m| Msg::verbatim(staffing::full_name(&m.summary)))
        .unwrap_or_else(|| Msg::new("team-hidden-person"))
}

/// Writes the edits; one audit row per cell; the project version goes up by one.
fn write_overrides(
    conn: &mut PgConnection,
    actor: &Actor,
    project: Uuid,
    overrides_now: &HashMap<(Uuid, NaiveDate), &BigDecimal>,
    edits: &[AllocationEdit],
) -> QueryResult<usize> {
    let mut changes = Vec::new();
    for edit in edits {
        let before = overrides_now.get(&(edit.assignment, edit.month)).copied();
        let as_json = |pm: &BigDecimal| json!({"assignment_id": edit.assignment, "month": edit.month, "pm": pm});
        match &edit.wanted {
            Some(pm) => {
                diesel::insert_into(allocation_overrides::table)
                    .values((
                        allocation_overrides::assignment_id.eq(edit.assignment),
                        allocation_overrides::project_id.eq(project),
                        allocation_overrides::month.eq(edit.month),
                        allocation_overrides::pm.eq(pm),
                    ))
                    .on_conflict((
                        allocation_overrides::assignment_id,
                        allocation_overrides::month,
                    ))
                    .do_update()
                    .set(allocation_overrides::pm.eq(pm))
                    .execute(conn)?;
            }
            None => {
                diesel::delete(
                    allocation_overrides::table
                        .filter(allocation_overrides::assignment_id.eq(edit.assignment))
                        .filter(allocation_overrides::project_id.eq(project))
                        .filter(allocation_overrides::month.eq(edit.month)),
                )
                .execute(conn)?;
            }
        }
        let action = match (before, &edit.wanted) {
            (None, _) => Action::Create,
            (Some(_), None) => Action::Delete,
            (Some(_), Some(_)) => Action::Update,
        };
        changes.push(Change::in_project(
            action,
            "allocation_override",
            Some(edit.assignment),
            project,
            before.map(as_json),
            edit.wanted.as_ref().map(as_json),
        ));
    }
    if !changes.is_empty() {
        version::bump(conn, project)?;
        audit::record(conn, actor, &changes)?;
    }
    Ok(changes.len())
}
