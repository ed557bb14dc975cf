//! The portfolio: per organisation (with its children) and month, the capacity of its people,
//! what is allocated to them, the EST demand planned for it and the gap; and the people who are
//! over-allocated (> 100 %) or under-allocated (below a threshold) in those months.

use std::collections::{HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::dsl::sum;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::planning::months::add_months;
use crate::schema::{lifecycle_states, organisation_month_demand, organisations, projects};
use crate::staffing::{self, AssignmentsOf, Who};
use crate::visibility::project_visible;

/// What the portfolio is asked for.
pub struct Filter {
    /// The organisation whose subtree is shown; `None` for every organisation.
    pub organisation: Option<Uuid>,
    /// Only people holding this role in an assignment during the months.
    pub role: Option<Uuid>,
    pub months: Vec<NaiveDate>,
}

/// Per month: capacity, allocation and EST demand in PM.
#[derive(Debug, Clone, Default)]
pub struct Measures {
    pub capacity: Vec<BigDecimal>,
    pub allocated: Vec<BigDecimal>,
    pub demand: Vec<BigDecimal>,
}

impl Measures {
    fn zeros(n: usize) -> Measures {
        Measures {
            capacity: vec![BigDecimal::from(0); n],
            allocated: vec![BigDecimal::from(0); n],
            demand: vec![BigDecimal::from(0); n],
        }
    }

    fn add(&mut self, other: &Measures) {
        for (a, b) in self.capacity.iter_mut().zip(&other.capacity) {
            *a += b;
        }
        for (a, b) in self.allocated.iter_mut().zip(&other.allocated) {
            *a += b;
        }
        for (a, b) in self.demand.iter_mut().zip(&other.demand) {
            *a += b;
        }
    }

    /// Capacity − EST demand: below zero the organisation plans more than its people can do.
    pub fn gap(&self, i: usize) -> BigDecimal {
        &self.capacity[i] - &self.demand[i]
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
    /// Allocation as a percentage of capacity, per month (`None` without capacity).
    pub utilisation: Vec<Option<BigDecimal>>,
    /// Over the whole period.
    pub average: Option<BigDecimal>,
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

fn percent(part: &BigDecimal, whole: &BigDecimal) -> Option<BigDecimal> {
    (*whole > 0).then(|| (part * BigDecimal::from(100) / whole).round(0))
}

/// Builds the portfolio for the user (visibility applies to people and projects alike). The
/// over- and under-allocated lists keep the `list_limit` most extreme people: a portfolio of
/// thousands has hundreds of them, more than a page can usefully show.
pub fn load(
    conn: &mut PgConnection,
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
    let last_day = add_months(*last, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(*last);

    let orgs: Vec<(Uuid, Option<Uuid>, String)> = organisations::table
        .select((
            organisations::id,
            organisations::parent_id,
            organisations::short_name,
        ))
        .order(organisations::short_name)
        .load(conn)?;
    let tree = Tree::new(&orgs);
    let scope: Vec<(Uuid, usize)> = match filter.organisation {
        Some(root) => tree.depth_first(root),
        None => tree
            .roots()
            .into_iter()
            .flat_map(|r| tree.depth_first(r))
            .collect(),
    };
    let in_scope: HashSet<Uuid> = scope.iter().map(|s| s.0).collect();

    let staff = staffing::load_staff(conn, Who::Everyone, *first, last_day, server_default)?;
    let mut people: Vec<Uuid> = staff
        .members
        .iter()
        .filter(|(_, m)| in_scope.contains(&m.summary.organisation_id))
        .map(|(id, _)| *id)
        .collect();
    people.sort();
    let assignments =
        staffing::load_assignments(conn, AssignmentsOf::Persons(&people), Some((*first, *last)))?;
    if let Some(role) = filter.role {
        let holders: HashSet<Uuid> = assignments
            .iter()
            .filter(|a| a.role_type_id == Some(role))
            .map(|a| a.person_id)
            .collect();
        people.retain(|p| holders.contains(p));
    }
    let allocated = staffing::allocated_per_person(&staff, &assignments, &filter.months);

    // Each organisation's own measures first, then summed up the tree.
    let mut own: HashMap<Uuid, Measures> = HashMap::new();
    let mut headcount: HashMap<Uuid, usize> = HashMap::new();
    // (person, worst month's utilisation, name) and (person, average, name): the utilisation
    // rows are only worked out for the people the lists show; the name breaks ties.
    let mut over: Vec<(Uuid, BigDecimal, String)> = Vec::new();
    let mut under: Vec<(Uuid, BigDecimal, String)> = Vec::new();
    for person in &people {
        let Some(member) = staff.members.get(person) else {
            continue;
        };
        let m = own
            .entry(member.summary.organisation_id)
            .or_insert_with(|| Measures::zeros(n));
        *headcount.entry(member.summary.organisation_id).or_default() += 1;
        let mut capacity_sum = BigDecimal::from(0);
        let mut allocated_sum = BigDecimal::from(0);
        let mut worst: Option<BigDecimal> = None;
        for (i, month) in filter.months.iter().enumerate() {
            let capacity = staff.capacity(*person, *month).pm;
            let alloc = allocated
                .get(&(*person, *month))
                .cloned()
                .unwrap_or_default();
            if alloc > capacity {
                let share =
                    percent(&alloc, &capacity).unwrap_or_else(|| BigDecimal::from(i32::MAX));
                worst = worst.max(Some(share));
            }
            m.capacity[i] += &capacity;
            m.allocated[i] += &alloc;
            capacity_sum += capacity;
            allocated_sum += alloc;
        }
        if let Some(worst) = worst {
            over.push((*person, worst, staffing::full_name(&member.summary)));
        } else if let Some(average) = percent(&allocated_sum, &capacity_sum)
            && average < under_percent
        {
            under.push((*person, average, staffing::full_name(&member.summary)));
        }
    }
    over.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(&b.2)));
    under.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.2.cmp(&b.2)));
    let (over_count, under_count) = (over.len(), under.len());
    let mut projects_of: HashMap<Uuid, Vec<(Uuid, String)>> = HashMap::new();
    for a in &assignments {
        projects_of
            .entry(a.person_id)
            .or_default()
            .push((a.project_id, a.project_code.clone()));
    }
    let person_load = |person: Uuid| {
        let member = staff.members.get(&person)?;
        let mut capacity_sum = BigDecimal::from(0);
        let mut allocated_sum = BigDecimal::from(0);
        let utilisation = filter
            .months
            .iter()
            .map(|month| {
                let capacity = staff.capacity(person, *month).pm;
                let alloc = allocated
                    .get(&(person, *month))
                    .cloned()
                    .unwrap_or_default();
                let share = percent(&alloc, &capacity);
                capacity_sum += capacity;
                allocated_sum += alloc;
                share
            })
            .collect();
        let mut projects = projects_of.get(&person).cloned().unwrap_or_default();
        projects.sort_by(|a, b| a.1.cmp(&b.1));
        projects.dedup();
        Some(PersonLoad {
            id: person,
            name: staffing::full_name(&member.summary),
            organisation: member.summary.organisation.clone(),
            utilisation,
            average: percent(&allocated_sum, &capacity_sum),
            projects,
        })
    };
    let over: Vec<PersonLoad> = over
        .iter()
        .take(list_limit)
        .filter_map(|(p, ..)| person_load(*p))
        .collect();
    let under: Vec<PersonLoad> = under
        .iter()
        .take(list_limit)
        .filter_map(|(p, ..)| person_load(*p))
        .collect();
    for (org, month, pm) in est_demand(conn, *first, *last)? {
        if !in_scope.contains(&org) {
            continue;
        }
        if let Some(i) = filter.months.iter().position(|m| *m == month) {
            own.entry(org).or_insert_with(|| Measures::zeros(n)).demand[i] += pm;
        }
    }

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
            OrgRow {
                id: *id,
                short_name: tree.name(*id),
                depth: *depth,
                people: count,
                measures,
            }
        })
        .collect();
    let mut total = Measures::zeros(n);
    for row in rows.iter().filter(|r| r.depth == 0) {
        total.add(&row.measures);
    }
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

/// EST demand per organisation and month of the visible projects, except rejected ones. Read
/// from the per-organisation monthly sums that triggers keep (migration 000950), not from every
/// task's demand rows.
fn est_demand(
    conn: &mut PgConnection,
    first: NaiveDate,
    last: NaiveDate,
) -> QueryResult<Vec<(Uuid, NaiveDate, BigDecimal)>> {
    let rows: Vec<(Uuid, NaiveDate, Option<BigDecimal>)> = organisation_month_demand::table
        .inner_join(projects::table.left_join(lifecycle_states::table))
        .filter(project_visible())
        .filter(organisation_month_demand::series.eq("EST"))
        .filter(organisation_month_demand::month.between(first, last))
        .filter(
            lifecycle_states::code
                .is_null()
                .or(lifecycle_states::code.ne("rejected")),
        )
        .group_by((
            organisation_month_demand::organisation_id,
            organisation_month_demand::month,
        ))
        .select((
            organisation_month_demand::organisation_id,
            organisation_month_demand::month,
            sum(organisation_month_demand::pm),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(org, month, pm)| (org, month, pm.unwrap_or_default()))
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
