//! The portfolio: per organisation (with its children) and month, the capacity of its people,
//! what is allocated to them, the EST demand planned for it and the gap; and the people who are
//! over-allocated (> 100 %) or under-allocated (below a threshold) in those months.

use std::collections::{HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use uuid::Uuid;

use crate::cache::capacity::Booked;
use crate::cache::staffing::Staffed;
use crate::cache::{self, Caches};
use crate::command::{DomainError, Outcome};
use crate::db::schema::{lifecycle_states, organisations, persons, projects, role_types};
use crate::db::visibility::{person_visible, project_visible};
use crate::i18n::Msg;
use crate::people::staffing;
use crate::planning::milli_pm;
use crate::planning::reading::{Certainty, Load, Reading};
use crate::scenarios::Change;
use crate::scenarios::plan::{Plan, ProjectFacts};

pub mod scenario;

/// What the portfolio is asked for.
pub struct Filter {
    /// The organisation whose subtree is shown; `None` for every organisation.
    pub organisation: Option<Uuid>,
    /// Only people holding this role in an assignment during the months.
    pub role: Option<Uuid>,
    pub months: Vec<NaiveDate>,
    /// How the figures are read.
    pub reading: Reading,
}

/// The lengths of the period the portfolio may show, in months.
pub const MONTH_CHOICES: [i32; 4] = [3, 6, 12, 24];

/// How many over- and under-allocated people the portfolio lists (the most extreme first).
pub const LIST_LIMIT: usize = 50;

/// The portfolio's choices as the page and the API take them, checked: the organisation and
/// role (ids), the first month and the number of months, and the under-allocation threshold.
#[derive(Debug, Clone)]
pub struct Window {
    pub organisation: Option<Uuid>,
    pub role: Option<Uuid>,
    pub first: NaiveDate,
    pub count: i32,
    pub under: u32,
    pub reading: Reading,
}

/// The portfolio's choices as typed (empty: the default).
#[derive(Debug, Clone, Default)]
pub struct WindowText<'a> {
    pub org: &'a str,
    pub role: &'a str,
    /// `YYYY-MM`; empty: next month (the next quarter starts with it, what a manager plans for).
    pub from: &'a str,
    /// One of [`MONTH_CHOICES`]; empty: 3.
    pub months: &'a str,
    /// A whole percentage 0–100; empty: the server's UNDER_ALLOCATION_PERCENT.
    pub under: &'a str,
    /// A reading's code (`planning::reading`); empty: confirmed + tentative.
    pub reading: &'a str,
}

impl Window {
    /// Reads the choices; a bad value is refused with the reason (field `org`, `role`, `from`,
    /// `months` or `under`), never guessed.
    pub fn parse(text: &WindowText, default_under: u32) -> Outcome<Window> {
        let id = |field: &'static str, text: &str, refusal: &'static str| match text.trim() {
            "" => Ok(None),
            t => Uuid::parse_str(t)
                .map(Some)
                .map_err(|_| DomainError::field(field, Msg::new(refusal).arg("value", t))),
        };
        let first = match text.from.trim() {
            "" => {
                let this = crate::planning::months::current_month();
                crate::planning::months::add_months(this, 1).unwrap_or(this)
            }
            t => crate::planning::month::Month::parse(t)
                .map_err(|refused| DomainError::field("from", refused.sentence()))?
                .first_day(),
        };
        let count = match text.months.trim() {
            "" => 3,
            t => t
                .parse::<i32>()
                .ok()
                .filter(|n| MONTH_CHOICES.contains(n))
                .ok_or_else(|| {
                    DomainError::field("months", Msg::new("portfolio-bad-months").arg("value", t))
                })?,
        };
        let under = match text.under.trim() {
            "" => default_under,
            t => t.parse::<u32>().ok().filter(|n| *n <= 100).ok_or_else(|| {
                DomainError::field("under", Msg::new("portfolio-bad-under").arg("value", t))
            })?,
        };
        let reading = match text.reading.trim() {
            "" => Reading::default(),
            t => Reading::parse(t).ok_or_else(|| {
                DomainError::field("reading", Msg::new("reading-bad").arg("value", t))
            })?,
        };
        Ok(Window {
            reading,
            organisation: id("org", text.org, "portfolio-bad-organisation")?,
            role: id("role", text.role, "portfolio-bad-role")?,
            first,
            count,
            under,
        })
    }

    /// What to compute: the organisation, the role and the window's months.
    pub fn filter(&self) -> Filter {
        Filter {
            organisation: self.organisation,
            role: self.role,
            months: (0..self.count)
                .filter_map(|i| crate::planning::months::add_months(self.first, i))
                .collect(),
            reading: self.reading,
        }
    }
}

/// Per month: capacity, allocation and EST demand, in milli-PM (`planning::milli_pm`): exact,
/// and cheap to add up.
#[derive(Debug, Clone, Default)]
pub struct Measures {
    pub capacity: Vec<i64>,
    /// What the reading counts of the assignments.
    pub allocated: Vec<i64>,
    /// The part of `allocated` that is tentative work.
    pub allocated_tentative: Vec<i64>,
    /// What the reading counts of the EST demand.
    pub demand: Vec<i64>,
    /// The part of `demand` planned by projects in a pipeline state.
    pub demand_tentative: Vec<i64>,
}

impl Measures {
    fn zeros(n: usize) -> Measures {
        Measures {
            capacity: vec![0; n],
            allocated: vec![0; n],
            allocated_tentative: vec![0; n],
            demand: vec![0; n],
            demand_tentative: vec![0; n],
        }
    }

    fn add(&mut self, other: &Measures) {
        for (mine, theirs) in [
            (&mut self.capacity, &other.capacity),
            (&mut self.allocated, &other.allocated),
            (&mut self.allocated_tentative, &other.allocated_tentative),
            (&mut self.demand, &other.demand),
            (&mut self.demand_tentative, &other.demand_tentative),
        ] {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
    }

    /// Capacity − EST demand: below zero the organisation plans more than its people can do.
    pub fn gap(&self, i: usize) -> i64 {
        self.capacity[i] - self.demand[i]
    }
}

/// One organisation of the heatmap; its measures include its children's.
pub struct OrgRow {
    pub id: Uuid,
    pub short_name: String,
    pub depth: usize,
    pub people: usize,
    pub measures: Measures,
}

/// A person whose allocation is outside the healthy band.
pub struct PersonLoad {
    pub id: Uuid,
    pub name: String,
    pub organisation: String,
    /// Allocation as a whole percentage of capacity, per month (`None` without capacity).
    pub utilisation: Vec<Option<i64>>,
    /// Over the whole period.
    pub average: Option<i64>,
    /// The projects the person is assigned to in the period: (id, code).
    pub projects: Vec<(Uuid, String)>,
    /// Per month: confirmed work alone is over capacity.
    pub over: Vec<bool>,
    /// Per month: not over, but tentative work would take the person over.
    pub over_if_tentative: Vec<bool>,
}

pub struct Portfolio {
    pub months: Vec<NaiveDate>,
    /// Depth-first, children after their parent.
    pub rows: Vec<OrgRow>,
    /// The whole selection (the selected organisation, or every root together).
    pub total: Measures,
    /// The most over-allocated people by confirmed work (worst month first), at most the list
    /// limit.
    pub over: Vec<PersonLoad>,
    /// People whom tentative work would take over capacity (worst month first).
    pub at_risk: Vec<PersonLoad>,
    /// The least allocated people (lowest average first), at most the list limit.
    pub under: Vec<PersonLoad>,
    /// How many people are in each list in all (the lists may show fewer).
    pub over_count: usize,
    pub at_risk_count: usize,
    pub under_count: usize,
    /// How the figures were read.
    pub reading: Reading,
}

impl Portfolio {
    fn empty() -> Portfolio {
        Portfolio {
            months: Vec::new(),
            rows: Vec::new(),
            total: Measures::default(),
            over: Vec::new(),
            at_risk: Vec::new(),
            under: Vec::new(),
            over_count: 0,
            at_risk_count: 0,
            under_count: 0,
            reading: Reading::default(),
        }
    }
}

/// An organisation as the portfolio's tree and filter know it: (id, parent, short name).
pub type OrganisationNode = (Uuid, Option<Uuid>, String);

/// A role as the filter offers it: (id, name).
pub type RoleChoice = (Uuid, String);

/// The portfolio of a filter with the filter's choices: every organisation (short name order)
/// and every role (their order).
pub struct PortfolioView {
    pub portfolio: Portfolio,
    pub organisations: Vec<OrganisationNode>,
    /// (id, name)
    pub roles: Vec<(Uuid, String)>,
}

/// The portfolio of `filter` with the filter's choices, read once; an organisation or role
/// that does not exist is refused. `list_limit` as in [`load`].
pub fn view(
    conn: &mut PgConnection,
    caches: &Caches,
    filter: &Filter,
    (under_percent, server_default): (u32, &BigDecimal),
    list_limit: usize,
) -> Outcome<PortfolioView> {
    let (organisations, roles) = choices(conn, filter)?;
    let portfolio = load(
        conn,
        caches,
        &organisations,
        filter,
        under_percent,
        server_default,
        list_limit,
        Lens {
            reading: filter.reading,
            scenario: None,
        },
    )?;
    Ok(PortfolioView {
        portfolio,
        organisations,
        roles,
    })
}

/// Every organisation (short name order) and every role (their order), for the filter's
/// choices; an organisation or role of the filter that does not exist is refused.
pub(crate) fn choices(
    conn: &mut PgConnection,
    filter: &Filter,
) -> Outcome<(Vec<OrganisationNode>, Vec<RoleChoice>)> {
    let organisations: Vec<OrganisationNode> = organisations::table
        .select((
            organisations::id,
            organisations::parent_id,
            organisations::short_name,
        ))
        .order(organisations::short_name)
        .load(conn)?;
    let roles: Vec<(Uuid, String)> = role_types::table
        .select((role_types::id, role_types::name))
        .order((role_types::sort_order, role_types::name))
        .load(conn)?;
    if filter
        .organisation
        .is_some_and(|o| !organisations.iter().any(|x| x.0 == o))
    {
        return Err(DomainError::field(
            "org",
            Msg::new("portfolio-no-such-organisation"),
        ));
    }
    if filter.role.is_some_and(|r| !roles.iter().any(|x| x.0 == r)) {
        return Err(DomainError::field(
            "role",
            Msg::new("portfolio-no-such-role"),
        ));
    }
    Ok((organisations, roles))
}

/// How the portfolio reads the plan: one of the three readings, and a scenario's changes laid
/// over the live plan (`None`: the live plan).
#[derive(Clone, Copy, Default)]
pub struct Lens<'a> {
    pub reading: Reading,
    pub scenario: Option<&'a [(Uuid, Change)]>,
}

/// Builds the portfolio for the user (visibility applies to people and projects alike). The
/// over- and under-allocated lists keep the `list_limit` most extreme people: a portfolio of
/// thousands has hundreds of them, more than a page can usefully show.
///
/// `orgs` are the organisations (id, parent, short name), by short name: the caller has read
/// them for its filter. People with their capacity, projects' assignments and projects' EST demand come from the
/// server's books (`crate::cache`), which the request refills for whatever changed; the request
/// itself asks the database only which people and projects its user may see. The arithmetic is
/// exact, in whole milli-PM.
#[allow(clippy::too_many_arguments)]
pub fn load(
    conn: &mut PgConnection,
    caches: &Caches,
    orgs: &[(Uuid, Option<Uuid>, String)],
    filter: &Filter,
    under_percent: u32,
    server_default: &BigDecimal,
    list_limit: usize,
    lens: Lens,
) -> QueryResult<Portfolio> {
    let Some(inputs) = Inputs::read(conn, caches, filter, server_default)? else {
        return Ok(Portfolio::empty());
    };
    let mut plan = inputs.plan.clone();
    if let Some(changes) = lens.scenario {
        plan.overlay(changes);
    }
    Ok(inputs
        .compute(
            orgs,
            filter,
            &plan,
            (under_percent, list_limit),
            lens.reading,
        )
        .0)
}

/// The portfolio of the live plan and of a scenario over it, and the people whose allocation the
/// scenario moves out of (or into) the healthy band.
pub struct Comparison {
    pub live: Portfolio,
    pub scenario: Portfolio,
    /// People over- or under-allocated in one plan and not in the other, the live plan's
    /// over-allocated first.
    pub people: Vec<PersonChange>,
}

/// A person whose band the scenario changes.
pub struct PersonChange {
    pub id: Uuid,
    pub name: String,
    pub organisation: String,
    pub live: Band,
    pub scenario: Band,
    /// Utilisation per month (whole percent) in the live plan and in the scenario.
    pub live_utilisation: Vec<Option<i64>>,
    pub scenario_utilisation: Vec<Option<i64>>,
}

/// Where a person's allocation lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// Confirmed work above capacity in some month.
    Over,
    /// Not over, but tentative work would take them over.
    OverIfTentative,
    /// Below the under-allocation threshold on average.
    Under,
    Healthy,
}

impl Band {
    pub fn code(self) -> &'static str {
        match self {
            Band::Over => "over",
            Band::OverIfTentative => "over_if_tentative",
            Band::Under => "under",
            Band::Healthy => "healthy",
        }
    }
}

/// The portfolio of the live plan and of `changes` laid over it, read once from the database.
#[allow(clippy::too_many_arguments)]
pub fn compare(
    conn: &mut PgConnection,
    caches: &Caches,
    orgs: &[(Uuid, Option<Uuid>, String)],
    filter: &Filter,
    (under_percent, list_limit): (u32, usize),
    server_default: &BigDecimal,
    reading: Reading,
    changes: &[(Uuid, Change)],
) -> QueryResult<Comparison> {
    let Some(inputs) = Inputs::read(conn, caches, filter, server_default)? else {
        return Ok(Comparison {
            live: Portfolio::empty(),
            scenario: Portfolio::empty(),
            people: Vec::new(),
        });
    };
    let limits = (under_percent, list_limit);
    let (live, live_bands) = inputs.compute(orgs, filter, &inputs.plan, limits, reading);
    let mut plan = inputs.plan.clone();
    plan.overlay(changes);
    let (scenario, scenario_bands) = inputs.compute(orgs, filter, &plan, limits, reading);
    let mut people: Vec<PersonChange> = Vec::new();
    for (i, person) in inputs.people.iter().enumerate() {
        let (before, after) = (&live_bands[i], &scenario_bands[i]);
        if before.0 == after.0 {
            continue;
        }
        people.push(PersonChange {
            id: person.summary.id,
            name: staffing::full_name(&person.summary),
            organisation: person.summary.organisation.clone(),
            live: before.0,
            scenario: after.0,
            live_utilisation: before.1.clone(),
            scenario_utilisation: after.1.clone(),
        });
    }
    people.sort_by(|a, b| {
        (a.scenario != Band::Over, a.live != Band::Over, &a.name).cmp(&(
            b.scenario != Band::Over,
            b.live != Band::Over,
            &b.name,
        ))
    });
    Ok(Comparison {
        live,
        scenario,
        people,
    })
}

/// What a portfolio is computed from, read once: the visible plan, and the people in the
/// filter's scope with their capacity in its months.
struct Inputs {
    plan: Plan,
    people: Vec<Booked>,
    first: NaiveDate,
    last: NaiveDate,
}

/// A person's band and utilisation per month.
type PersonBand = (Band, Vec<Option<i64>>);

impl Inputs {
    /// `None` for a filter without months.
    fn read(
        conn: &mut PgConnection,
        caches: &Caches,
        filter: &Filter,
        server_default: &BigDecimal,
    ) -> QueryResult<Option<Inputs>> {
        let (Some(first), Some(last)) = (filter.months.first(), filter.months.last()) else {
            return Ok(None);
        };
        // Before any data the versions describe (crate::cache).
        let versions = cache::versions(conn)?;
        let projects = visible_projects(conn)?;
        let ids: Vec<Uuid> = projects.iter().map(|p| p.0).collect();
        let staffing = caches.staffing(versions.staffing).assignments(conn, &ids)?;
        let demand = caches.demand(versions.demand).est_of_projects(conn, &ids)?;
        let mut plan = Plan::default();
        for (((id, facts), assignments), demand) in projects.into_iter().zip(staffing).zip(demand) {
            plan.projects.insert(id, facts);
            plan.assignments.insert(id, assignments);
            plan.demand.insert(id, demand);
        }
        let visible_people: Vec<Uuid> = persons::table
            .filter(person_visible())
            .select(persons::id)
            .load(conn)?;
        let mut people: Vec<Booked> = caches.capacity(versions.capacity).people(
            conn,
            &visible_people,
            &filter.months,
            server_default,
        )?;
        // A fixed order, so that people with the same name are listed the same way every time.
        people.sort_by_key(|p| p.summary.id);
        Ok(Some(Inputs {
            plan,
            people,
            first: *first,
            last: *last,
        }))
    }

    /// The portfolio of `plan` (the live one or a scenario over it) as `reading` counts it, with
    /// every person's band (in the order of `self.people`; `Healthy` outside the selection).
    fn compute(
        &self,
        orgs: &[(Uuid, Option<Uuid>, String)],
        filter: &Filter,
        plan: &Plan,
        (under_percent, list_limit): (u32, usize),
        reading: Reading,
    ) -> (Portfolio, Vec<PersonBand>) {
        let n = filter.months.len();
        let tree = Tree::new(orgs);
        let scope: Vec<(Uuid, usize)> = match filter.organisation {
            Some(root) => tree.depth_first(root),
            None => tree
                .roots()
                .into_iter()
                .flat_map(|r| tree.depth_first(r))
                .collect(),
        };
        let in_scope: FxHashSet<Uuid> = scope.iter().map(|s| s.0).collect();
        // Everything assigned in the months, on the visible projects.
        let assignments: Vec<&Staffed> = plan
            .assignments
            .values()
            .flat_map(|rows| rows.iter())
            .filter(|a| a.end_month >= self.first && a.start_month <= self.last)
            .collect();
        let holders: Option<FxHashSet<Uuid>> = filter.role.map(|role| {
            assignments
                .iter()
                .filter(|a| a.role_type_id == Some(role))
                .map(|a| a.person_id)
                .collect()
        });
        let selected: Vec<usize> = (0..self.people.len())
            .filter(|&i| {
                let p = &self.people[i].summary;
                in_scope.contains(&p.organisation_id)
                    && holders.as_ref().is_none_or(|h| h.contains(&p.id))
            })
            .collect();
        let people: Vec<&Booked> = selected.iter().map(|&i| &self.people[i]).collect();
        let index: FxHashMap<Uuid, usize> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.summary.id, i))
            .collect();
        let loads = person_loads(&people, &index, &assignments, plan, &filter.months);
        let allocated: Vec<Vec<i64>> = loads
            .iter()
            .map(|months| months.iter().map(|l| l.allocated(reading)).collect())
            .collect();
        let mut bands = vec![(Band::Healthy, Vec::new()); self.people.len()];
        let mut own: FxHashMap<Uuid, Measures> = FxHashMap::default();
        let mut headcount: FxHashMap<Uuid, usize> = FxHashMap::default();
        // (person index, worst month's utilisation) and (person index, average): the utilisation
        // rows are only worked out for the people the lists show.
        let (mut over, mut at_risk, mut under) = (Vec::new(), Vec::new(), Vec::new());
        for (i, person) in people.iter().enumerate() {
            let organisation = person.summary.organisation_id;
            let m = own
                .entry(organisation)
                .or_insert_with(|| Measures::zeros(n));
            *headcount.entry(organisation).or_default() += 1;
            let mut worst: Option<i64> = None;
            let mut risky: Option<i64> = None;
            for (month, load) in loads[i].iter().enumerate() {
                if load.over() {
                    let share = milli_pm::percent(load.confirmed, load.capacity)
                        .unwrap_or(i64::from(i32::MAX));
                    worst = worst.max(Some(share));
                } else if load.over_if_tentative() {
                    let share = milli_pm::percent(load.confirmed + load.tentative, load.capacity)
                        .unwrap_or(i64::from(i32::MAX));
                    risky = risky.max(Some(share));
                }
                m.capacity[month] += load.capacity;
                m.allocated[month] += allocated[i][month];
                m.allocated_tentative[month] += allocated[i][month] - load.confirmed;
            }
            let average = milli_pm::percent(allocated[i].iter().sum(), person.pm.iter().sum());
            let band = if let Some(worst) = worst {
                over.push((i, worst));
                Band::Over
            } else if let Some(risky) = risky {
                at_risk.push((i, risky));
                Band::OverIfTentative
            } else if average.is_some_and(|a| a < i64::from(under_percent)) {
                under.push((i, average.unwrap_or(0)));
                Band::Under
            } else {
                Band::Healthy
            };
            let utilisation = (0..n)
                .map(|m| milli_pm::percent(allocated[i][m], person.pm[m]))
                .collect();
            bands[selected[i]] = (band, utilisation);
        }
        let counts = (over.len(), at_risk.len(), under.len());
        let lists = Lists {
            people: &people,
            loads: &loads,
            allocated: &allocated,
            assignments: &assignments,
            plan,
            list_limit,
        };
        let (over, at_risk, under) = (
            lists.listed(over, true),
            lists.listed(at_risk, true),
            lists.listed(under, false),
        );
        add_demand(&mut own, plan, &in_scope, &filter.months, reading);
        let (rows, total) = organisation_rows(&tree, &scope, &own, &headcount, n);
        let portfolio = Portfolio {
            months: filter.months.clone(),
            rows,
            total,
            over,
            at_risk,
            under,
            over_count: counts.0,
            at_risk_count: counts.1,
            under_count: counts.2,
            reading,
        };
        (portfolio, bands)
    }
}

/// Each selected person's load per month: capacity, and work split by how sure it is.
fn person_loads(
    people: &[&Booked],
    index: &FxHashMap<Uuid, usize>,
    assignments: &[&Staffed],
    plan: &Plan,
    months: &[NaiveDate],
) -> Vec<Vec<Load>> {
    let mut loads: Vec<Vec<Load>> = people
        .iter()
        .map(|p| {
            p.pm.iter()
                .map(|&capacity| Load {
                    capacity,
                    ..Load::default()
                })
                .collect()
        })
        .collect();
    for a in assignments {
        // Assignments of people outside the selection (or whom the user may not see) count
        // for no one here.
        let Some(&i) = index.get(&a.person_id) else {
            continue;
        };
        let certainty = plan
            .projects
            .get(&a.project_id)
            .map_or(Certainty::CONFIRMED, |p| {
                p.assignment_certainty(a.tentative)
            });
        for (m, month) in months.iter().enumerate() {
            if a.covers(*month) {
                loads[i][m].add(a.pm(*month, people[i].pm[m]), certainty);
            }
        }
    }
    loads
}

/// The visible projects whose EST demand counts: all but the rejected ones.
fn counts_demand(facts: &ProjectFacts) -> bool {
    !facts.rejected
}

/// Adds each organisation's EST demand per month (organisations in scope only, projects that
/// are not rejected) to its own measures, as the reading counts it.
fn add_demand(
    own: &mut FxHashMap<Uuid, Measures>,
    plan: &Plan,
    in_scope: &FxHashSet<Uuid>,
    months: &[NaiveDate],
    reading: Reading,
) {
    let n = months.len();
    let month_index: FxHashMap<NaiveDate, usize> =
        months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    for (project, cells) in &plan.demand {
        let Some(facts) = plan.projects.get(project).filter(|f| counts_demand(f)) else {
            continue;
        };
        let certainty = facts.demand_certainty();
        for (org, month, pm) in cells.iter() {
            if !in_scope.contains(org) {
                continue;
            }
            if let Some(&i) = month_index.get(month) {
                let counted = reading.count(*pm, certainty);
                let m = own.entry(*org).or_insert_with(|| Measures::zeros(n));
                m.demand[i] += counted;
                if certainty.tentative {
                    m.demand_tentative[i] += counted;
                }
            }
        }
    }
}

/// A person (their index) and their worst month's or average utilisation, in percent.
type Ranked = (usize, i64);

/// What the portfolio's lists of people are drawn from.
struct Lists<'a> {
    people: &'a [&'a Booked],
    loads: &'a [Vec<Load>],
    allocated: &'a [Vec<i64>],
    assignments: &'a [&'a Staffed],
    plan: &'a Plan,
    list_limit: usize,
}

impl Lists<'_> {
    /// The `list_limit` most extreme of `ranked` (highest first when `highest_first`, else
    /// lowest), with their utilisation per month and the projects they work on; the name breaks
    /// ties.
    fn listed(&self, mut ranked: Vec<Ranked>, highest_first: bool) -> Vec<PersonLoad> {
        let name = |i: usize| staffing::full_name(&self.people[i].summary);
        // The name breaks ties: worked out once per ranked person, not once per comparison.
        let names: FxHashMap<usize, String> = ranked.iter().map(|(i, _)| (*i, name(*i))).collect();
        ranked.sort_by(|a, b| {
            let by_share = if highest_first {
                b.1.cmp(&a.1)
            } else {
                a.1.cmp(&b.1)
            };
            by_share.then_with(|| names[&a.0].cmp(&names[&b.0]))
        });
        ranked.truncate(self.list_limit);
        // The projects of the people the list shows, in one pass over the assignments.
        let listed: FxHashSet<Uuid> = ranked
            .iter()
            .map(|(i, _)| self.people[*i].summary.id)
            .collect();
        let mut projects_of: FxHashMap<Uuid, Vec<(Uuid, String)>> = FxHashMap::default();
        for a in self
            .assignments
            .iter()
            .filter(|a| listed.contains(&a.person_id))
        {
            if let Some(facts) = self.plan.projects.get(&a.project_id) {
                projects_of
                    .entry(a.person_id)
                    .or_default()
                    .push((a.project_id, facts.code.clone()));
            }
        }
        ranked
            .iter()
            .map(|(i, _)| {
                let person = self.people[*i];
                let allocated = &self.allocated[*i];
                let mut projects = projects_of.remove(&person.summary.id).unwrap_or_default();
                projects.sort_by(|a, b| a.1.cmp(&b.1));
                projects.dedup();
                PersonLoad {
                    id: person.summary.id,
                    name: names[i].clone(),
                    organisation: person.summary.organisation.clone(),
                    utilisation: allocated
                        .iter()
                        .zip(&person.pm)
                        .map(|(a, c)| milli_pm::percent(*a, *c))
                        .collect(),
                    average: milli_pm::percent(allocated.iter().sum(), person.pm.iter().sum()),
                    projects,
                    over: self.loads[*i].iter().map(Load::over).collect(),
                    over_if_tentative: self.loads[*i].iter().map(Load::over_if_tentative).collect(),
                }
            })
            .collect()
    }
}

/// One row per organisation in scope, each with the measures of its whole subtree, and the total
/// of the top-level rows.
fn organisation_rows(
    tree: &Tree,
    scope: &[(Uuid, usize)],
    own: &FxHashMap<Uuid, Measures>,
    headcount: &FxHashMap<Uuid, usize>,
    n: usize,
) -> (Vec<OrgRow>, Measures) {
    let mut total = Measures::zeros(n);
    let rows: Vec<OrgRow> = scope
        .iter()
        .map(|(id, depth)| {
            let mut measures = Measures::zeros(n);
            let mut count = 0;
            for (member, _) in tree.depth_first(*id) {
                if let Some(m) = own.get(&member) {
                    measures.add(m);
                }
                count += headcount.get(&member).copied().unwrap_or(0);
            }
            if *depth == 0 {
                total.add(&measures);
            }
            OrgRow {
                id: *id,
                short_name: tree.name(*id),
                depth: *depth,
                people: count,
                measures,
            }
        })
        .collect();
    (rows, total)
}

/// The visible projects with what the sums need of them.
fn visible_projects(conn: &mut PgConnection) -> QueryResult<Vec<(Uuid, ProjectFacts)>> {
    type Row = (
        Uuid,
        String,
        NaiveDate,
        i32,
        Option<String>,
        Option<bool>,
        Option<i32>,
        Option<i32>,
    );
    let rows: Vec<Row> = projects::table
        .left_join(lifecycle_states::table)
        .filter(project_visible())
        .select((
            projects::id,
            projects::code,
            projects::start_month,
            projects::duration_months,
            lifecycle_states::code.nullable(),
            lifecycle_states::is_pipeline.nullable(),
            projects::win_probability,
            lifecycle_states::win_probability.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, code, start, duration, state, pipeline, own, state_probability)| {
                let certainty = staffing::certainty_of(true, pipeline, own, state_probability);
                let facts = ProjectFacts {
                    code,
                    start,
                    duration,
                    pipeline: pipeline.unwrap_or(false),
                    probability: certainty.probability,
                    rejected: state.as_deref() == Some("rejected"),
                };
                (id, facts)
            },
        )
        .collect())
}

/// The organisation hierarchy (cycle-safe: every walk is bounded by the number of organisations).
struct Tree {
    names: HashMap<Uuid, String>,
    children: HashMap<Option<Uuid>, Vec<Uuid>>,
    known: HashSet<Uuid>,
}

impl Tree {
    fn new(orgs: &[(Uuid, Option<Uuid>, String)]) -> Tree {
        let known: HashSet<Uuid> = orgs.iter().map(|o| o.0).collect();
        let mut children: HashMap<Option<Uuid>, Vec<Uuid>> = HashMap::new();
        for (id, parent, _) in orgs {
            // A parent that does not exist makes the organisation a root.
            let parent = parent.filter(|p| known.contains(p));
            children.entry(parent).or_default().push(*id);
        }
        Tree {
            names: orgs.iter().map(|o| (o.0, o.2.clone())).collect(),
            children,
            known,
        }
    }

    fn roots(&self) -> Vec<Uuid> {
        self.children.get(&None).cloned().unwrap_or_default()
    }

    fn name(&self, id: Uuid) -> String {
        self.names.get(&id).cloned().unwrap_or_default()
    }

    /// The organisation and everything below it with depths, parents before children.
    fn depth_first(&self, root: Uuid) -> Vec<(Uuid, usize)> {
        let mut out = Vec::new();
        if !self.known.contains(&root) {
            return out;
        }
        let mut seen = HashSet::new();
        let mut stack = vec![(root, 0)];
        while let Some((id, depth)) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            out.push((id, depth));
            if let Some(kids) = self.children.get(&Some(id)) {
                // Reversed so the first child (by name) comes out first.
                stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
            }
        }
        out
    }
}
