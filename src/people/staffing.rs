//! Staffing: many people's capacity and their assignments to projects, loaded in bulk for the
//! pages that compare them month by month (a project's Team tab, My allocations, the portfolio).
//! The arithmetic lives in `planning::person_capacity` and `planning::allocation`; this module
//! only gathers its inputs with a fixed number of queries, however many people there are.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{
    allocation_groups, allocation_overrides, assignments, calendars, employee_group_hours,
    employee_group_memberships, fte_periods, holidays, leaves, lifecycle_states, organisations,
    persons, projects, role_types, system_hour_rates,
};
use crate::db::visibility::{assignment_visible, person_visible, project_visible};
use crate::people::persons::PersonSummary;
use crate::planning::allocation::AssignmentTerms;
use crate::planning::divisor::DivisorRates;
use crate::planning::milli_pm;
use crate::planning::person_capacity::{MonthCapacity, PersonFacts, daily_hours_timeline};
use crate::planning::reading::{Certainty, Load, Reading};

/// A visible person and what their capacity depends on.
pub struct Member {
    pub summary: PersonSummary,
    pub facts: PersonFacts,
    /// Employee-group memberships (from, group), earliest first: a project's hours per PM may
    /// depend on the group (the first link of the divisor chain).
    pub groups: Vec<(NaiveDate, Uuid)>,
}

/// What [`load_facts`] reads for one person.
#[derive(Debug, Clone)]
pub struct CapacityInputs {
    pub facts: PersonFacts,
    /// Employee-group memberships (from, group), earliest first.
    pub groups: Vec<(NaiveDate, Uuid)>,
}

impl Member {
    /// The employee group on the first day of `month` (or later that month, for a membership
    /// that starts mid-month: the month's hours are mostly that group's).
    pub fn group_in(&self, month: NaiveDate) -> Option<Uuid> {
        let end = crate::planning::months::add_months(month, 1).unwrap_or(month);
        self.groups
            .iter()
            .filter(|(from, _)| *from < end)
            .max_by_key(|(from, _)| *from)
            .map(|(_, group)| *group)
    }
}

/// People whose capacity a page compares, with the hours-per-PM rates that turn hours into PM.
pub struct Staff {
    pub members: HashMap<Uuid, Member>,
    rates: DivisorRates,
    /// Capacity is counted day by day; the pages ask for the same person-month many times
    /// (cells, over-allocation, totals), so each is counted once per request.
    counted: RefCell<HashMap<(Uuid, NaiveDate), MonthCapacity>>,
}

impl Staff {
    /// Hours per PM in a month (system rate, else the server default): people are not planned
    /// per project, so no project rate applies to their capacity.
    pub fn hours_per_pm(&self, month: NaiveDate) -> BigDecimal {
        self.rates.divisor(month, None).0
    }

    /// A person's capacity in a month; zero for someone not loaded.
    pub fn capacity(&self, person: Uuid, month: NaiveDate) -> MonthCapacity {
        if let Some(counted) = self.counted.borrow().get(&(person, month)) {
            return counted.clone();
        }
        let capacity = match self.members.get(&person) {
            Some(m) => m.facts.month(month, &self.hours_per_pm(month)),
            None => MonthCapacity {
                working_days: 0,
                hours: BigDecimal::from(0),
                pm: BigDecimal::from(0),
            },
        };
        self.counted
            .borrow_mut()
            .insert((person, month), capacity.clone());
        capacity
    }

    pub fn name(&self, person: Uuid) -> String {
        self.members
            .get(&person)
            .map(|m| full_name(&m.summary))
            .unwrap_or_default()
    }
}

pub fn full_name(p: &PersonSummary) -> String {
    let name = format!("{} {}", p.first_name, p.last_name);
    match name.trim() {
        "" => p.code.clone(),
        name => name.to_string(),
    }
}

/// Loads the persons `ids` (those the user may not see are left out) with their capacity facts
/// from `facts` (read first where that book lacks them); leave and holidays are those of the
/// days `from..=to`. `facts` must be the book of the transaction's capacity version
/// ([`crate::cache::Caches::facts_now`], read before anything else).
pub fn load_staff(
    conn: &mut PgConnection,
    facts: &crate::cache::FactsBook,
    ids: &[Uuid],
    from: NaiveDate,
    to: NaiveDate,
    server_default: &BigDecimal,
) -> QueryResult<Staff> {
    let people = visible_people(conn, ids)?;
    let mut inputs = facts.inputs(conn, &people, from, to)?;
    let rates = capacity_rates(conn, server_default)?;
    let members = people
        .into_iter()
        .filter_map(|summary| {
            let CapacityInputs { facts, groups } = inputs.remove(&summary.id)?;
            Some((
                summary.id,
                Member {
                    summary,
                    facts,
                    groups,
                },
            ))
        })
        .collect();
    Ok(Staff {
        members,
        rates,
        counted: RefCell::new(HashMap::new()),
    })
}

/// The persons `ids`, those the user may see.
pub fn visible_people(conn: &mut PgConnection, ids: &[Uuid]) -> QueryResult<Vec<PersonSummary>> {
    persons::table
        .inner_join(organisations::table)
        .filter(person_visible())
        .filter(persons::id.eq_any(ids))
        .select(PersonSummary::as_select())
        .load(conn)
}

/// The hours per PM that turn people's hours into PM: the system rates, else the server default
/// (people are not planned per project, so no project rate applies to their capacity).
pub fn capacity_rates(
    conn: &mut PgConnection,
    server_default: &BigDecimal,
) -> QueryResult<DivisorRates> {
    Ok(DivisorRates {
        system_rates: system_rates(conn)?,
        server_default: server_default.clone(),
        ..DivisorRates::default()
    })
}

/// The system's hours per PM: (valid from, hours), earliest first.
pub fn system_rates(conn: &mut PgConnection) -> QueryResult<Vec<(NaiveDate, BigDecimal)>> {
    system_hour_rates::table
        .select((
            system_hour_rates::valid_from,
            system_hour_rates::hours_per_pm,
        ))
        .order(system_hour_rates::valid_from)
        .load(conn)
}

/// The capacity facts of these persons, with holidays and leave of the days `from..=to`.
pub fn load_facts(
    conn: &mut PgConnection,
    people: &[PersonSummary],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<HashMap<Uuid, CapacityInputs>> {
    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let memberships: Vec<(Uuid, NaiveDate, Uuid)> = employee_group_memberships::table
        .filter(employee_group_memberships::person_id.eq_any(&ids))
        .select((
            employee_group_memberships::person_id,
            employee_group_memberships::valid_from,
            employee_group_memberships::employee_group_id,
        ))
        .order(employee_group_memberships::valid_from)
        .load(conn)?;
    let group_hours: Vec<(Uuid, NaiveDate, BigDecimal)> = employee_group_hours::table
        .select((
            employee_group_hours::employee_group_id,
            employee_group_hours::valid_from,
            employee_group_hours::daily_hours,
        ))
        .load(conn)?;
    let fte: Vec<(Uuid, NaiveDate, Option<NaiveDate>, BigDecimal)> = fte_periods::table
        .filter(fte_periods::person_id.eq_any(&ids))
        .select((
            fte_periods::person_id,
            fte_periods::start_date,
            fte_periods::end_date,
            fte_periods::fte_percent,
        ))
        .order(fte_periods::start_date)
        .load(conn)?;
    let leave: Vec<(Uuid, NaiveDate, NaiveDate)> = leaves::table
        .filter(leaves::person_id.eq_any(&ids))
        .filter(leaves::end_date.ge(from))
        .filter(leaves::start_date.le(to))
        .select((leaves::person_id, leaves::start_date, leaves::end_date))
        .load(conn)?;
    let calendar_of_org = calendars_by_organisation(conn)?;
    let calendar_ids: Vec<Uuid> = calendar_of_org.values().copied().collect();
    let mut holidays_of: HashMap<Uuid, HashSet<NaiveDate>> = HashMap::new();
    for (calendar, day) in holidays::table
        .filter(holidays::calendar_id.eq_any(&calendar_ids))
        .filter(holidays::day.between(from, to))
        .select((holidays::calendar_id, holidays::day))
        .load::<(Uuid, NaiveDate)>(conn)?
    {
        holidays_of.entry(calendar).or_default().insert(day);
    }
    // Grouped by person once: filtering every list for every person is quadratic, and a
    // portfolio has thousands of people.
    let mut timelines: HashMap<Uuid, Vec<(NaiveDate, Uuid)>> = HashMap::new();
    for (person, from, group) in memberships {
        timelines.entry(person).or_default().push((from, group));
    }
    let mut fte_of: HashMap<Uuid, Vec<(NaiveDate, Option<NaiveDate>, BigDecimal)>> = HashMap::new();
    for (person, start, end, percent) in fte {
        fte_of
            .entry(person)
            .or_default()
            .push((start, end, percent));
    }
    let mut leave_of: HashMap<Uuid, Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    for (person, first, last) in leave {
        leave_of.entry(person).or_default().push((first, last));
    }
    Ok(people
        .iter()
        .map(|p| {
            let timeline = timelines.remove(&p.id).unwrap_or_default();
            let facts = PersonFacts {
                employment_start: p.employment_start,
                employment_end: p.employment_end,
                daily_hours: daily_hours_timeline(&timeline, &group_hours),
                // Days before the first employee group count no hours (the person page says so).
                default_daily_hours: BigDecimal::from(0),
                fte_periods: fte_of.remove(&p.id).unwrap_or_default(),
                leave: leave_of.remove(&p.id).unwrap_or_default(),
                holidays: calendar_of_org
                    .get(&p.organisation_id)
                    .and_then(|c| holidays_of.get(c))
                    .cloned()
                    .unwrap_or_default(),
            };
            (
                p.id,
                CapacityInputs {
                    facts,
                    groups: timeline,
                },
            )
        })
        .collect())
}

/// For every organisation, the holiday calendar of its country or of its nearest ancestor's.
pub fn calendars_by_organisation(conn: &mut PgConnection) -> QueryResult<HashMap<Uuid, Uuid>> {
    let orgs: Vec<(Uuid, Option<Uuid>, Option<String>)> = organisations::table
        .select((
            organisations::id,
            organisations::parent_id,
            organisations::country_code,
        ))
        .load(conn)?;
    let by_country: HashMap<String, Uuid> = calendars::table
        .select((calendars::country_code, calendars::id))
        .load::<(Option<String>, Uuid)>(conn)?
        .into_iter()
        .filter_map(|(country, id)| Some((country?.to_uppercase(), id)))
        .collect();
    let parent: HashMap<Uuid, (Option<Uuid>, Option<String>)> = orgs
        .iter()
        .map(|(id, parent, country)| (*id, (*parent, country.clone())))
        .collect();
    let mut result = HashMap::new();
    for (org, _, _) in &orgs {
        let mut current = Some(*org);
        // Bounded walk: a cycle is refused on input, but never loop on bad data.
        for _ in 0..=orgs.len() {
            let Some((up, country)) = current.and_then(|id| parent.get(&id)) else {
                break;
            };
            if let Some(country) = country {
                if let Some(calendar) = by_country.get(&country.to_uppercase()) {
                    result.insert(*org, *calendar);
                }
                break;
            }
            current = *up;
        }
    }
    Ok(result)
}

/// One assignment of a person to a visible project.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub id: Uuid,
    pub person_id: Uuid,
    pub project_id: Uuid,
    pub project_code: String,
    pub role_type_id: Option<Uuid>,
    pub role: Option<String>,
    pub allocation_group_id: Uuid,
    pub allocation_group: String,
    pub terms: AssignmentTerms,
    /// The row's version, which a form changing the assignment carries.
    pub version: i64,
    /// Tentative or confirmed, and its project's win probability (`planning::reading`).
    pub certainty: Certainty,
}

impl Assignment {
    pub fn tentative(&self) -> bool {
        self.certainty.tentative
    }
}

/// How sure work on a project is: `tentative` as the assignment says, at the project's win
/// probability when it is in a pipeline state (its own, else its state's), else 100 %.
pub fn certainty_of(
    tentative: bool,
    pipeline: Option<bool>,
    own: Option<i32>,
    state: Option<i32>,
) -> Certainty {
    let probability = if pipeline.unwrap_or(false) {
        own.or(state).unwrap_or(100).clamp(0, 100)
    } else {
        100
    };
    Certainty {
        tentative,
        probability: u8::try_from(probability).unwrap_or(100),
    }
}

/// Which assignments to load.
pub enum AssignmentsOf<'a> {
    Project(Uuid),
    Persons(&'a [Uuid]),
}

/// Assignments to visible projects (that overlap the calendar months `from..=to` when given),
/// with their allocation-grid overrides, ordered by project, start month and id.
pub fn load_assignments(
    conn: &mut PgConnection,
    of: AssignmentsOf,
    months: Option<(NaiveDate, NaiveDate)>,
) -> QueryResult<Vec<Assignment>> {
    type Row = (
        Uuid,
        Uuid,
        Uuid,
        String,
        Option<Uuid>,
        Option<String>,
        Uuid,
        String,
        BigDecimal,
        NaiveDate,
        NaiveDate,
        i64,
        (bool, Option<bool>, Option<i32>, Option<i32>),
    );
    let mut query = assignments::table
        .inner_join(projects::table.left_join(lifecycle_states::table))
        .inner_join(allocation_groups::table)
        .left_join(role_types::table)
        .filter(project_visible())
        .select((
            assignments::id,
            assignments::person_id,
            projects::id,
            projects::code,
            assignments::role_type_id,
            role_types::name.nullable(),
            allocation_groups::id,
            allocation_groups::name,
            assignments::allocation_percent,
            assignments::start_month,
            assignments::end_month,
            assignments::version,
            (
                assignments::tentative,
                lifecycle_states::is_pipeline.nullable(),
                projects::win_probability,
                lifecycle_states::win_probability.nullable(),
            ),
        ))
        .order((projects::code, assignments::start_month, assignments::id))
        .into_boxed();
    if let Some((from, to)) = months {
        query = query
            .filter(assignments::end_month.ge(from))
            .filter(assignments::start_month.le(to));
    }
    query = match of {
        AssignmentsOf::Project(id) => query.filter(assignments::project_id.eq(id)),
        AssignmentsOf::Persons(ids) => query.filter(assignments::person_id.eq_any(ids.to_vec())),
    };
    let rows: Vec<Row> = query.load(conn)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let mut overrides = overrides_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                person,
                project,
                code,
                role_id,
                role,
                group_id,
                group,
                percent,
                start,
                end,
                version,
                (tentative, pipeline, own, state),
            )| {
                Assignment {
                    id,
                    person_id: person,
                    project_id: project,
                    project_code: code,
                    role_type_id: role_id,
                    role,
                    allocation_group_id: group_id,
                    allocation_group: group,
                    terms: AssignmentTerms {
                        percent,
                        start_month: start,
                        end_month: end,
                        overrides: overrides.remove(&id).unwrap_or_default(),
                    },
                    version,
                    certainty: certainty_of(tentative, pipeline, own, state),
                }
            },
        )
        .collect())
}

/// Per person and month, their work over all the given assignments (person, terms, how sure),
/// split by how sure it is, with their capacity (milli-PM): what each reading counts.
pub fn loads_per_person<'a>(
    staff: &Staff,
    assignments: impl IntoIterator<Item = (Uuid, &'a AssignmentTerms, Certainty)>,
    months: &[NaiveDate],
) -> HashMap<(Uuid, NaiveDate), Load> {
    let mut loads: HashMap<(Uuid, NaiveDate), Load> = HashMap::new();
    for (person, terms, certainty) in assignments {
        // Months outside the assignment take nothing: no need to count the capacity.
        for month in months.iter().filter(|m| terms.covers(**m)) {
            let capacity = staff.capacity(person, *month).pm;
            let pm = terms.pm(*month, &capacity);
            loads
                .entry((person, *month))
                .or_insert_with(|| Load {
                    capacity: milli_pm::scaled(&capacity, 3),
                    ..Load::default()
                })
                .add(milli_pm::scaled(&pm, 3), certainty);
        }
    }
    loads
}

/// The allocation grid's overrides of `assignments`, by assignment and month.
fn overrides_of(
    conn: &mut PgConnection,
    assignments: &[Uuid],
) -> QueryResult<HashMap<Uuid, HashMap<NaiveDate, BigDecimal>>> {
    let mut overrides: HashMap<Uuid, HashMap<NaiveDate, BigDecimal>> = HashMap::new();
    for (assignment, month, pm) in allocation_overrides::table
        .filter(allocation_overrides::assignment_id.eq_any(assignments))
        .select((
            allocation_overrides::assignment_id,
            allocation_overrides::month,
            allocation_overrides::pm,
        ))
        .load::<(Uuid, NaiveDate, BigDecimal)>(conn)?
    {
        overrides.entry(assignment).or_default().insert(month, pm);
    }
    Ok(overrides)
}

/// The terms of `persons`' assignments to visible projects that overlap the calendar months
/// `from..=to`, by person: what [`allocated_per_person`] needs. Unlike [`load_assignments`] it
/// reads no project, role or group, so an org-scoped user's visible set is hashed by the
/// assignments policy alone and not a second time by the projects policy of a join.
pub fn terms_of_persons(
    conn: &mut PgConnection,
    persons: &[Uuid],
    (from, to): (NaiveDate, NaiveDate),
) -> QueryResult<Vec<(Uuid, AssignmentTerms, Certainty)>> {
    type Row = (Uuid, Uuid, Uuid, BigDecimal, NaiveDate, NaiveDate, bool);
    let rows: Vec<Row> = assignments::table
        .filter(assignment_visible())
        .filter(assignments::person_id.eq_any(persons))
        .filter(assignments::end_month.ge(from))
        .filter(assignments::start_month.le(to))
        .select((
            assignments::id,
            assignments::person_id,
            assignments::project_id,
            assignments::allocation_percent,
            assignments::start_month,
            assignments::end_month,
            assignments::tentative,
        ))
        .load(conn)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let mut overrides = overrides_of(conn, &ids)?;
    let mut projects: Vec<Uuid> = rows.iter().map(|r| r.2).collect();
    projects.sort();
    projects.dedup();
    let sureness = project_certainties(conn, &projects)?;
    Ok(rows
        .into_iter()
        .map(|(id, person, project, percent, start, end, tentative)| {
            let terms = AssignmentTerms {
                percent,
                start_month: start,
                end_month: end,
                overrides: overrides.remove(&id).unwrap_or_default(),
            };
            let probability = sureness
                .get(&project)
                .map_or(100, |c: &Certainty| c.probability);
            let certainty = Certainty {
                tentative,
                probability,
            };
            (person, terms, certainty)
        })
        .collect())
}

/// How sure the EST demand of each of `projects` (visible ones) is: tentative in a pipeline
/// state, at the project's win probability (its own, else its state's).
pub fn project_certainties(
    conn: &mut PgConnection,
    projects: &[Uuid],
) -> QueryResult<HashMap<Uuid, Certainty>> {
    // (project, in a pipeline state, its own probability, its state's)
    type Row = (Uuid, Option<bool>, Option<i32>, Option<i32>);
    let rows: Vec<Row> = projects::table
        .left_join(lifecycle_states::table)
        .filter(projects::id.eq_any(projects))
        .select((
            projects::id,
            lifecycle_states::is_pipeline.nullable(),
            projects::win_probability,
            lifecycle_states::win_probability.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, pipeline, own, state)| {
            let sure = certainty_of(pipeline.unwrap_or(false), pipeline, own, state);
            (id, sure)
        })
        .collect())
}

/// A person's work in `month` over `assignments` (theirs), split by how sure it is, with their
/// capacity `capacity_pm`: what every reading counts, in milli-PM.
pub fn month_load<'a>(
    assignments: impl IntoIterator<Item = &'a Assignment>,
    month: NaiveDate,
    capacity_pm: &BigDecimal,
) -> Load {
    let mut load = Load {
        capacity: milli_pm::scaled(capacity_pm, 3),
        ..Load::default()
    };
    for a in assignments {
        load.add(
            milli_pm::scaled(&a.terms.pm(month, capacity_pm), 3),
            a.certainty,
        );
    }
    load
}

/// One person's months: capacity, what each project takes, and what is left.
pub struct PersonPlan {
    pub person: Uuid,
    /// The projects the person is assigned to in these months: (id, code), by code.
    pub projects: Vec<(Uuid, String)>,
    pub months: Vec<PlanMonth>,
}

pub struct PlanMonth {
    pub month: NaiveDate,
    pub capacity: MonthCapacity,
    pub hours_per_pm: BigDecimal,
    /// PM per project as the plan's reading counts it, in the order of `PersonPlan::projects`.
    pub per_project: Vec<BigDecimal>,
    /// What the reading counts of the month's work.
    pub allocated: BigDecimal,
    /// The month's work split by how sure it is (milli-PM), with the capacity: whether
    /// confirmed work is over capacity, and whether tentative work would take it over.
    pub load: Load,
}

impl PlanMonth {
    pub fn free(&self) -> BigDecimal {
        &self.capacity.pm - &self.allocated
    }

    /// PM as hours with this month's divisor.
    pub fn hours(&self, pm: &BigDecimal) -> BigDecimal {
        (pm * &self.hours_per_pm).round(2).normalized()
    }
}

/// The plan of `person` over `months` from their assignments (to visible projects), with
/// tentative work counted as `reading` says.
pub fn person_plan(
    staff: &Staff,
    person: Uuid,
    assignments: &[Assignment],
    months: &[NaiveDate],
    reading: Reading,
) -> PersonPlan {
    let mine: Vec<&Assignment> = assignments
        .iter()
        .filter(|a| a.person_id == person)
        .collect();
    let mut projects: Vec<(Uuid, String)> = mine
        .iter()
        .filter(|a| {
            months
                .iter()
                .any(|m| *m >= a.terms.start_month && *m <= a.terms.end_month)
        })
        .map(|a| (a.project_id, a.project_code.clone()))
        .collect();
    projects.sort_by(|a, b| a.1.cmp(&b.1));
    projects.dedup();
    let months = months
        .iter()
        .map(|month| {
            let capacity = staff.capacity(person, *month);
            let mut load = Load {
                capacity: milli_pm::scaled(&capacity.pm, 3),
                ..Load::default()
            };
            let mut per_project = vec![0_i64; projects.len()];
            for a in &mine {
                if let Some(i) = projects.iter().position(|p| p.0 == a.project_id) {
                    let milli = milli_pm::scaled(&a.terms.pm(*month, &capacity.pm), 3);
                    load.add(milli, a.certainty);
                    per_project[i] += reading.count(milli, a.certainty);
                }
            }
            PlanMonth {
                month: *month,
                hours_per_pm: staff.hours_per_pm(*month),
                capacity,
                allocated: milli_pm::decimal(load.allocated(reading)),
                per_project: per_project.into_iter().map(milli_pm::decimal).collect(),
                load,
            }
        })
        .collect();
    PersonPlan {
        person,
        projects,
        months,
    }
}

/// The person linked to the signed-in user, if any (RLS always lets users see themselves).
pub fn linked_person(conn: &mut PgConnection, user: Uuid) -> QueryResult<Option<Uuid>> {
    persons::table
        .filter(persons::user_id.eq(user))
        .select(persons::id)
        .first(conn)
        .optional()
}
