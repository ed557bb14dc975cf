//! Projects with their structure and their demand in all three series.
//!
//! Project 1 is the flagship: it runs through the whole window with eight work packages and the
//! most partners, like the big consortium projects every portfolio has.

use std::collections::BTreeMap;

use bigdecimal::BigDecimal;
use bigdecimal::num_bigint::BigInt;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use super::organisations::Orgs;
use super::rng::Rng;
use super::{Lookups, Shape};
use crate::db::schema::{
    capacity_demand, deliverables, milestones, project_partners, projects, tasks, work_packages,
};
use crate::planning::months::add_months;

const TOPICS: &[&str] = &[
    "Climate-resilient cities",
    "Quantum sensing",
    "Battery materials",
    "Digital health records",
    "Forest carbon monitoring",
    "Arctic shipping safety",
    "Language technology",
    "Circular textiles",
    "Precision agriculture",
    "Hydrogen storage",
    "Open science infrastructure",
    "Antimicrobial resistance",
    "Autonomous vehicles",
    "Ageing and work",
    "Marine ecosystems",
    "Edge computing",
];

const WORK_PACKAGES: &[&str] = &[
    "Management",
    "Requirements",
    "Methods",
    "Experiments",
    "Modelling",
    "Pilots",
    "Evaluation",
    "Dissemination",
];

pub struct Project {
    pub id: Uuid,
    pub code: String,
    name: String,
    /// Index into the organisations.
    pub owner: usize,
    /// Partner organisations other than the owner.
    pub partners: Vec<usize>,
    /// The project's first month, as months after the window's first.
    pub start: i32,
    pub duration: i32,
    lifecycle: &'static str,
    hours_per_pm: Option<i64>,
    pub start_month: NaiveDate,
}

impl Project {
    pub fn organisations(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.owner).chain(self.partners.iter().copied())
    }

    pub fn is_staffed(&self) -> bool {
        !matches!(self.lifecycle, "idea" | "rejected")
    }
}

struct Task {
    id: Uuid,
    project: usize,
    work_package: usize,
    number: String,
    begin: i32,
    end: i32,
    role_type: Uuid,
    lead: usize,
}

struct WorkPackage {
    id: Uuid,
    project: usize,
    number: i32,
    begin: i32,
    end: i32,
    lead: usize,
}

pub struct Portfolio {
    pub projects: Vec<Project>,
    work_packages: Vec<WorkPackage>,
    tasks: Vec<Task>,
    deliverable_types: Vec<Uuid>,
    dissemination_levels: Vec<Uuid>,
    lifecycle: BTreeMap<String, Uuid>,
    first_month: NaiveDate,
    actuals_until: i32,
    /// Demand values are drawn while writing (a million rows need not sit in memory), from this
    /// generator's own stream.
    demand_rng: Rng,
}

pub fn generate(rng: &mut Rng, shape: &Shape, orgs: &Orgs, lookups: &Lookups) -> Portfolio {
    let window = shape.months as i32;
    let actuals_until = shape.actuals_until();
    let owners = orgs.weighted_indices();
    let mut members_of_root: Vec<Vec<usize>> = vec![Vec::new(); orgs.list.len()];
    for (index, org) in orgs.list.iter().enumerate() {
        members_of_root[org.root].push(index);
    }
    let mut projects = Vec::with_capacity(shape.projects);
    let mut work_packages = Vec::new();
    let mut tasks = Vec::new();
    for index in 0..shape.projects {
        let flagship = index == 0;
        let duration = if flagship {
            window.min(60)
        } else {
            rng.weighted(&[(12, 1), (24, 3), (36, 4), (48, 2), (60, 1)])
                .min(window)
        };
        let start = if flagship {
            0
        } else {
            rng.between(0, i64::from(window - duration)) as i32
        };
        let owner = rng.weighted(&owners);
        let partner_count = if flagship {
            6
        } else {
            rng.between(1, 5) as usize
        };
        let mut partners = Vec::new();
        for _ in 0..partner_count * 3 {
            if partners.len() == partner_count {
                break;
            }
            // Most partners come from the owner's own university; a third from elsewhere.
            let candidate = if rng.chance(0.65) {
                *rng.pick(&members_of_root[orgs.list[owner].root])
            } else {
                rng.between(0, orgs.list.len() as i64 - 1) as usize
            };
            if candidate != owner && !partners.contains(&candidate) {
                partners.push(candidate);
            }
        }
        let end = start + duration;
        let lifecycle = if flagship {
            "running"
        } else if end <= actuals_until {
            if rng.chance(0.9) { "closed" } else { "running" }
        } else if start > actuals_until + 3 {
            rng.weighted(&[
                ("running", 8),
                ("submitted", 3),
                ("proposal", 3),
                ("idea", 1),
                ("rejected", 1),
            ])
        } else {
            "running"
        };
        let topic = rng.pick(TOPICS);
        let acronym: String = (0..4)
            .map(|_| char::from(b'A' + rng.between(0, 25) as u8))
            .collect();
        let project = Project {
            id: rng.uuid(),
            code: format!("DEMO-{:04}", index + 1),
            name: format!("{acronym}: {topic}"),
            owner,
            partners,
            start,
            duration,
            lifecycle,
            hours_per_pm: rng.chance(0.2).then(|| rng.between(140, 160)),
            start_month: add_months(shape.first_month, start).unwrap_or(shape.first_month),
        };
        let project_orgs: Vec<usize> = project.organisations().collect();
        let wp_count = if flagship {
            8
        } else {
            rng.between(3, 7) as i32
        };
        for wp_number in 1..=wp_count {
            // The first (management) work package runs throughout; the others cover a stretch.
            let (wp_begin, wp_end) = if wp_number == 1 {
                (1, duration)
            } else {
                let begin = rng.between(1, i64::from((duration / 2).max(1))) as i32;
                let length =
                    rng.between(i64::from(duration / 4).max(1), i64::from(duration)) as i32;
                (begin, (begin + length - 1).min(duration))
            };
            let wp_index = work_packages.len();
            work_packages.push(WorkPackage {
                id: rng.uuid(),
                project: index,
                number: wp_number,
                begin: wp_begin,
                end: wp_end,
                lead: *rng.pick(&project_orgs),
            });
            let task_count = if flagship { 5 } else { rng.between(2, 5) };
            for task_number in 1..=task_count {
                let span = i64::from(wp_end - wp_begin);
                let begin = wp_begin + rng.between(0, span / 2) as i32;
                let end = (begin + rng.between(span / 3, span) as i32).min(wp_end);
                tasks.push(Task {
                    id: rng.uuid(),
                    project: index,
                    work_package: wp_index,
                    number: format!("{wp_number}.{task_number}"),
                    begin,
                    end,
                    role_type: *rng.pick(&lookups.role_types),
                    lead: *rng.pick(&project_orgs),
                });
            }
        }
        projects.push(project);
    }
    Portfolio {
        projects,
        work_packages,
        tasks,
        deliverable_types: lookups.deliverable_types.clone(),
        dissemination_levels: lookups.dissemination_levels.clone(),
        lifecycle: lookups.lifecycle.clone(),
        first_month: shape.first_month,
        actuals_until,
        demand_rng: rng.fork("demand"),
    }
}

#[derive(Insertable)]
#[diesel(table_name = projects, treat_none_as_default_value = false)]
struct NewProject<'a> {
    id: Uuid,
    code: &'a str,
    name: &'a str,
    description: &'a str,
    owner_org_id: Option<Uuid>,
    lifecycle_state_id: Option<Uuid>,
    start_month: NaiveDate,
    duration_months: i32,
    hours_per_pm: Option<BigDecimal>,
}

#[derive(Insertable)]
#[diesel(table_name = project_partners, treat_none_as_default_value = false)]
struct NewPartner {
    project_id: Uuid,
    organisation_id: Uuid,
}

#[derive(Insertable)]
#[diesel(table_name = work_packages, treat_none_as_default_value = false)]
struct NewWorkPackage<'a> {
    id: Uuid,
    project_id: Uuid,
    number: i32,
    name: &'a str,
    lead_org_id: Option<Uuid>,
    begin_month: i32,
    end_month: i32,
}

#[derive(Insertable)]
#[diesel(table_name = tasks, treat_none_as_default_value = false)]
struct NewTask<'a> {
    id: Uuid,
    project_id: Uuid,
    work_package_id: Uuid,
    number: &'a str,
    name: String,
    begin_month: i32,
    end_month: i32,
    role_type_id: Option<Uuid>,
    lead_org_id: Option<Uuid>,
}

#[derive(Insertable)]
#[diesel(table_name = milestones, treat_none_as_default_value = false)]
struct NewMilestone {
    id: Uuid,
    project_id: Uuid,
    work_package_id: Option<Uuid>,
    number: String,
    name: String,
    due_month: i32,
    role_type_id: Option<Uuid>,
}

#[derive(Insertable)]
#[diesel(table_name = deliverables, treat_none_as_default_value = false)]
struct NewDeliverable {
    id: Uuid,
    project_id: Uuid,
    work_package_id: Uuid,
    number: String,
    name: String,
    due_month: i32,
    deliverable_type_id: Option<Uuid>,
    dissemination_level_id: Option<Uuid>,
    lead_org_id: Option<Uuid>,
}

#[derive(Insertable)]
#[diesel(table_name = capacity_demand, treat_none_as_default_value = false)]
struct NewDemand {
    id: Uuid,
    project_id: Uuid,
    task_id: Uuid,
    organisation_id: Uuid,
    month: NaiveDate,
    series: &'static str,
    pm: BigDecimal,
}

/// Rows per COPY of demand: large enough to be fast, small enough to keep memory modest.
const DEMAND_BATCH: usize = 100_000;

fn milli(value: i64) -> BigDecimal {
    BigDecimal::new(BigInt::from(value), 3)
}

impl Portfolio {
    pub fn write(
        &mut self,
        conn: &mut PgConnection,
        orgs: &Orgs,
        rows: &mut BTreeMap<&'static str, usize>,
    ) -> QueryResult<()> {
        let org_id = |index: usize| orgs.list[index].id;
        let new_projects: Vec<NewProject> = self
            .projects
            .iter()
            .map(|p| NewProject {
                id: p.id,
                code: &p.code,
                name: &p.name,
                description: "Generated by rediflow gen-demo.",
                owner_org_id: Some(org_id(p.owner)),
                lifecycle_state_id: self.lifecycle.get(p.lifecycle).copied(),
                start_month: p.start_month,
                duration_months: p.duration,
                hours_per_pm: p.hours_per_pm.map(BigDecimal::from),
            })
            .collect();
        rows.insert(
            "projects",
            diesel::copy_from(projects::table)
                .from_insertable(&new_projects)
                .execute(conn)?,
        );

        let partners: Vec<NewPartner> = self
            .projects
            .iter()
            .flat_map(|p| {
                p.partners.iter().map(|&o| NewPartner {
                    project_id: p.id,
                    organisation_id: org_id(o),
                })
            })
            .collect();
        rows.insert(
            "project_partners",
            diesel::copy_from(project_partners::table)
                .from_insertable(&partners)
                .execute(conn)?,
        );

        let names: Vec<String> = self
            .work_packages
            .iter()
            .map(|wp| WORK_PACKAGES[(wp.number as usize - 1) % WORK_PACKAGES.len()].to_string())
            .collect();
        let new_work_packages: Vec<NewWorkPackage> = self
            .work_packages
            .iter()
            .zip(&names)
            .map(|(wp, name)| NewWorkPackage {
                id: wp.id,
                project_id: self.projects[wp.project].id,
                number: wp.number,
                name,
                lead_org_id: Some(org_id(wp.lead)),
                begin_month: wp.begin,
                end_month: wp.end,
            })
            .collect();
        rows.insert(
            "work_packages",
            diesel::copy_from(work_packages::table)
                .from_insertable(&new_work_packages)
                .execute(conn)?,
        );

        let new_tasks: Vec<NewTask> = self
            .tasks
            .iter()
            .map(|t| NewTask {
                id: t.id,
                project_id: self.projects[t.project].id,
                work_package_id: self.work_packages[t.work_package].id,
                number: &t.number,
                name: format!("{} {}", names[t.work_package], t.number),
                begin_month: t.begin,
                end_month: t.end,
                role_type_id: Some(t.role_type),
                lead_org_id: Some(org_id(t.lead)),
            })
            .collect();
        rows.insert(
            "tasks",
            diesel::copy_from(tasks::table)
                .from_insertable(&new_tasks)
                .execute(conn)?,
        );

        self.write_milestones_and_deliverables(conn, orgs, rows)?;
        rows.insert("capacity_demand", self.write_demand(conn, orgs)?);
        Ok(())
    }

    /// One milestone at the end of each work package, one or two deliverables per work package.
    fn write_milestones_and_deliverables(
        &mut self,
        conn: &mut PgConnection,
        orgs: &Orgs,
        rows: &mut BTreeMap<&'static str, usize>,
    ) -> QueryResult<()> {
        let rng = &mut self.demand_rng.fork("deliverables");
        let mut new_milestones = Vec::new();
        let mut new_deliverables = Vec::new();
        let mut milestone_number = BTreeMap::new();
        for wp in &self.work_packages {
            let project = &self.projects[wp.project];
            let number = milestone_number.entry(wp.project).or_insert(0);
            *number += 1;
            new_milestones.push(NewMilestone {
                id: rng.uuid(),
                project_id: project.id,
                work_package_id: Some(wp.id),
                number: format!("MS{number}"),
                name: format!(
                    "{} completed",
                    WORK_PACKAGES[(wp.number as usize - 1) % WORK_PACKAGES.len()]
                ),
                due_month: wp.end,
                role_type_id: None,
            });
            for k in 1..=rng.between(1, 2) {
                new_deliverables.push(NewDeliverable {
                    id: rng.uuid(),
                    project_id: project.id,
                    work_package_id: wp.id,
                    number: format!("D{}.{k}", wp.number),
                    name: format!("Report {}.{k}", wp.number),
                    due_month: rng.between(i64::from(wp.begin), i64::from(wp.end)) as i32,
                    deliverable_type_id: Some(*rng.pick(&self.deliverable_types)),
                    dissemination_level_id: Some(*rng.pick(&self.dissemination_levels)),
                    lead_org_id: Some(orgs.list[wp.lead].id),
                });
            }
        }
        rows.insert(
            "milestones",
            diesel::copy_from(milestones::table)
                .from_insertable(&new_milestones)
                .execute(conn)?,
        );
        rows.insert(
            "deliverables",
            diesel::copy_from(deliverables::table)
                .from_insertable(&new_deliverables)
                .execute(conn)?,
        );
        Ok(())
    }

    /// PROJPLAN for every month of every task and each organisation working on it; EST for most
    /// of those cells (the current estimate drifts from the plan); ACTUAL for most cells before
    /// the window's "today" (a third of the way in).
    fn write_demand(&mut self, conn: &mut PgConnection, orgs: &Orgs) -> QueryResult<usize> {
        let rng = &mut self.demand_rng;
        let mut batch = Vec::with_capacity(DEMAND_BATCH);
        let mut written = 0;
        for task in &self.tasks {
            let project = &self.projects[task.project];
            let project_orgs: Vec<usize> = project.organisations().collect();
            let mut task_orgs = vec![task.lead];
            for _ in 0..rng.between(0, 2) {
                let other = *rng.pick(&project_orgs);
                if !task_orgs.contains(&other) {
                    task_orgs.push(other);
                }
            }
            for org in task_orgs {
                let base = rng.between(50, 600);
                for month in task.begin..=task.end {
                    let calendar = project.start + month - 1;
                    let Some(date) = add_months(self.first_month, calendar) else {
                        continue;
                    };
                    let plan = (base * rng.between(80, 120) / 100).max(1);
                    let mut push = |series: &'static str, pm: i64, rng: &mut Rng| {
                        batch.push(NewDemand {
                            id: rng.uuid(),
                            project_id: project.id,
                            task_id: task.id,
                            organisation_id: orgs.list[org].id,
                            month: date,
                            series,
                            pm: milli(pm),
                        });
                    };
                    push("PROJPLAN", plan, rng);
                    if rng.chance(0.85) {
                        let estimate = plan * rng.between(80, 125) / 100;
                        push("EST", estimate, rng);
                    }
                    if calendar < self.actuals_until && rng.chance(0.9) {
                        let actual = plan * rng.between(60, 130) / 100;
                        push("ACTUAL", actual, rng);
                    }
                }
            }
            if batch.len() >= DEMAND_BATCH {
                written += diesel::copy_from(capacity_demand::table)
                    .from_insertable(&batch)
                    .execute(conn)?;
                batch.clear();
            }
        }
        written += diesel::copy_from(capacity_demand::table)
            .from_insertable(&batch)
            .execute(conn)?;
        Ok(written)
    }
}
