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

/// What the portfolio is asked for.
pub struct Filter {
    /// The organisation whose subtree is shown; `None` for every organisation.
    pub organisation: Option<Uuid>,
    /// Only people holding this role in an assignment during the months.
    pub role: Option<Uuid>,
    pub months: Vec<NaiveDate>,
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
        Ok(Window {
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
        }
    }
}

/// Per month: capacity, allocation and EST demand, in milli-PM (`planning::milli_pm`): exact,
/// and cheap to add up.
#[derive(Debug, Clone, Default)]
pub struct Measures {
    pub capacity: Vec<i64>,
    pub allocated: Vec<i64>,
    pub demand: Vec<i64>,
}

impl Measures {
    fn zeros(n: usize) -> Measures {
        Measures {
            capacity: vec![0; n],
            allocated: vec![0; n],
            demand: vec![0; n],
        }
    }

    fn add(&mut self, other: &Measures) {
        for (mine, theirs) in [
            (&mut self.capacity, &other.capacity),
            (&mut self.allocated, &other.allocated),
            (&mut self.demand, &other.demand),
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
}

pub struct Portfolio {
    pub months: Vec<NaiveDate>,
    /// Depth-first, children after their parent.
    pub rows: Vec<OrgRow>,
    /// The whole selection (the selected organisation, or every root together).
    pub total: Measures,
    /// The most over-allocated people (worst month first), at most the list limit.
    pub over: Vec<PersonLoad>,
    /// The least allocated people (lowest average first), at most the list limit.
    pub under: Vec<PersonLoad>,
    /// How many people are over- and under-allocated in all (the lists may show fewer).
    pub over_count: usize,
    pub under_count: usize,
}

/// An organisation as the portfolio's tree and filter know it: (id, parent, short name).
pub type OrganisationNode = (Uuid, Option<Uuid>, String);

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
    let portfolio = load(
        conn,
        caches,
        &organisations,
        filter,
        under_percent,
        server_default,
        list_limit,
    )?;
    Ok(PortfolioView {
        portfolio,
        organisations,
        roles,
    })
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
pub fn load(
    conn: &mut PgConnection,
    caches: &Caches,
    orgs: &[(Uuid, Option<Uuid>, String)],
    filter: &Filter,
    under_percent: u32,
    server_default: &BigDecimal,
    list_limit: usize,
) -> QueryResult<Portfolio> {
    let n = filter.months.len();
    let (Some(first), Some(last)) = (filter.months.first(), filter.months.last()) else {
        return Ok(Portfolio {
            months: Vec::new(),
            rows: Vec::new(),
            total: Measures::default(),
            over: Vec::new(),
            under: Vec::new(),
            over_count: 0,
            under_count: 0,
        });
    };
    // Before any data the versions describe (crate::cache).
    let versions = cache::versions(conn)?;

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
    let projects = visible_projects(conn)?;
    let project_ids: Vec<Uuid> = projects.iter().map(|p| p.0).collect();
    let code_of: FxHashMap<Uuid, &str> = projects.iter().map(|p| (p.0, p.1.as_str())).collect();
    let staffing = caches
        .staffing(versions.staffing)
        .assignments(conn, &project_ids)?;
    let assignments: Vec<&Staffed> = staffing
        .iter()
        .flat_map(|rows| rows.iter())
        .filter(|a| a.end_month >= *first && a.start_month <= *last)
        .collect();

    let visible_people: Vec<Uuid> = persons::table
        .filter(person_visible())
        .select(persons::id)
        .load(conn)?;
    let mut people: Vec<Booked> = caches
        .capacity(versions.capacity)
        .people(conn, &visible_people, &filter.months, server_default)?
        .into_iter()
        .filter(|p| in_scope.contains(&p.summary.organisation_id))
        .collect();
    // A fixed order, so that people with the same name are listed the same way every time.
    people.sort_by_key(|p| p.summary.id);
    if let Some(role) = filter.role {
        let holders: FxHashSet<Uuid> = assignments
            .iter()
            .filter(|a| a.role_type_id == Some(role))
            .map(|a| a.person_id)
            .collect();
        people.retain(|p| holders.contains(&p.summary.id));
    }
    let index: FxHashMap<Uuid, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.summary.id, i))
        .collect();

    // What each person's assignments take per month.
    let mut allocated = vec![vec![0i64; n]; people.len()];
    for a in &assignments {
        // Assignments of people outside the selection (or whom the user may not see) count
        // for no one here.
        let Some(&i) = index.get(&a.person_id) else {
            continue;
        };
        for (m, month) in filter.months.iter().enumerate() {
            if a.covers(*month) {
                allocated[i][m] += a.pm(*month, people[i].pm[m]);
            }
        }
    }

    // Each organisation's own measures first, then summed up the tree.
    let mut own: FxHashMap<Uuid, Measures> = FxHashMap::default();
    let mut headcount: FxHashMap<Uuid, usize> = FxHashMap::default();
    // (person index, worst month's utilisation) and (person index, average): the utilisation
    // rows are only worked out for the people the lists show.
    let mut over: Vec<(usize, i64)> = Vec::new();
    let mut under: Vec<(usize, i64)> = Vec::new();
    for (i, person) in people.iter().enumerate() {
        let organisation = person.summary.organisation_id;
        let m = own
            .entry(organisation)
            .or_insert_with(|| Measures::zeros(n));
        *headcount.entry(organisation).or_default() += 1;
        let mut worst: Option<i64> = None;
        for (month, (&capacity, &alloc)) in person.pm.iter().zip(&allocated[i]).enumerate() {
            if alloc > capacity {
                let share = milli_pm::percent(alloc, capacity).unwrap_or(i64::from(i32::MAX));
                worst = worst.max(Some(share));
            }
            m.capacity[month] += capacity;
            m.allocated[month] += alloc;
        }
        if let Some(worst) = worst {
            over.push((i, worst));
        } else if let Some(average) =
            milli_pm::percent(allocated[i].iter().sum(), person.pm.iter().sum())
            && average < i64::from(under_percent)
        {
            under.push((i, average));
        }
    }
    let (over_count, under_count) = (over.len(), under.len());
    let (over, under) = listed_loads(
        &people,
        &allocated,
        &assignments,
        &code_of,
        (over, under),
        list_limit,
    );

    let demand = caches.demand(versions.demand).est_by_organisation_month(
        conn,
        &planned_projects(&projects),
        *first,
        *last,
    )?;
    add_demand(&mut own, demand, &in_scope, &filter.months);
    let (rows, total) = organisation_rows(&tree, &scope, &own, &headcount, n);
    Ok(Portfolio {
        months: filter.months.clone(),
        rows,
        total,
        over,
        under,
        over_count,
        under_count,
    })
}

/// The visible projects whose EST demand counts: all but the rejected ones.
fn planned_projects(projects: &[(Uuid, String, Option<String>)]) -> Vec<Uuid> {
    projects
        .iter()
        .filter(|p| p.2.as_deref() != Some("rejected"))
        .map(|p| p.0)
        .collect()
}

/// Adds each organisation's EST demand per month (organisations in scope only) to its own
/// measures.
fn add_demand(
    own: &mut FxHashMap<Uuid, Measures>,
    demand: FxHashMap<(Uuid, NaiveDate), i64>,
    in_scope: &FxHashSet<Uuid>,
    months: &[NaiveDate],
) {
    let n = months.len();
    let month_index: FxHashMap<NaiveDate, usize> =
        months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    for ((org, month), pm) in demand {
        if !in_scope.contains(&org) {
            continue;
        }
        if let Some(&i) = month_index.get(&month) {
            own.entry(org).or_insert_with(|| Measures::zeros(n)).demand[i] += pm;
        }
    }
}

/// A person (their index) and their worst month's or average utilisation, in percent.
type Ranked = (usize, i64);

/// The over- and under-allocated people the page lists (the `list_limit` most extreme of each),
/// with their utilisation per month and the projects they work on. `ranked` holds (person index,
/// worst month's or average utilisation); the name breaks ties, worked out once per person.
fn listed_loads(
    people: &[Booked],
    allocated: &[Vec<i64>],
    assignments: &[&Staffed],
    code_of: &FxHashMap<Uuid, &str>,
    ranked: (Vec<Ranked>, Vec<Ranked>),
    list_limit: usize,
) -> (Vec<PersonLoad>, Vec<PersonLoad>) {
    let (mut over, mut under) = ranked;
    let n = allocated.first().map_or(0, Vec::len);
    // The name breaks ties: worked out once per listed person, not once per comparison.
    let names: Vec<String> = people
        .iter()
        .map(|p| staffing::full_name(&p.summary))
        .collect();
    over.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| names[a.0].cmp(&names[b.0])));
    under.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| names[a.0].cmp(&names[b.0])));
    // The projects of the people the lists show, in one pass over the assignments.
    let listed: FxHashSet<Uuid> = over
        .iter()
        .take(list_limit)
        .chain(under.iter().take(list_limit))
        .map(|(i, _)| people[*i].summary.id)
        .collect();
    let mut projects_of: FxHashMap<Uuid, Vec<(Uuid, String)>> = FxHashMap::default();
    for a in assignments.iter().filter(|a| listed.contains(&a.person_id)) {
        if let Some(code) = code_of.get(&a.project_id) {
            projects_of
                .entry(a.person_id)
                .or_default()
                .push((a.project_id, code.to_string()));
        }
    }
    let person_load = |i: usize| {
        let person = &people[i];
        let utilisation = (0..n)
            .map(|m| milli_pm::percent(allocated[i][m], person.pm[m]))
            .collect();
        let mut projects = projects_of
            .get(&person.summary.id)
            .cloned()
            .unwrap_or_default();
        projects.sort_by(|a, b| a.1.cmp(&b.1));
        projects.dedup();
        PersonLoad {
            id: person.summary.id,
            name: names[i].clone(),
            organisation: person.summary.organisation.clone(),
            utilisation,
            average: milli_pm::percent(allocated[i].iter().sum(), person.pm.iter().sum()),
            projects,
        }
    };
    let over: Vec<PersonLoad> = over
        .iter()
        .take(list_limit)
        .map(|(i, _)| person_load(*i))
        .collect();
    let under: Vec<PersonLoad> = under
        .iter()
        .take(list_limit)
        .map(|(i, _)| person_load(*i))
        .collect();
    (over, under)
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

/// The visible projects: (id, code, lifecycle state's code).
fn visible_projects(conn: &mut PgConnection) -> QueryResult<Vec<(Uuid, String, Option<String>)>> {
    projects::table
        .left_join(lifecycle_states::table)
        .filter(project_visible())
        .select((
            projects::id,
            projects::code,
            lifecycle_states::code.nullable(),
        ))
        .load(conn)
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
