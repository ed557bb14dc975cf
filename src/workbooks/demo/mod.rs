//! `rediflow gen-demo`: a deterministic, realistic portfolio written straight into the database
//! for benchmarks and load tests.
//!
//! The same `--seed` and sizes give the same rows (ids included) on every machine, because every
//! value is drawn from [`rng::Rng`] and nothing depends on today's date. Rows are built in memory
//! and sent with `COPY … FROM STDIN (FORMAT binary)`: the `large` portfolio (about a million
//! demand rows) takes seconds, not the minutes row-by-row inserts would.
//!
//! The parts: [`organisations`] (trees under several roots), [`projects`] (work packages, tasks,
//! milestones, deliverables, partners and PROJPLAN/EST/ACTUAL demand), [`people`] (employee
//! groups, persons, memberships, FTE periods, leave, assignments and allocation overrides) and
//! [`users`] (one user for every role and visibility mode).

mod organisations;
mod people;
mod projects;
pub mod rng;
mod users;

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{capacity_demand, organisations as organisations_table, persons};
use rng::Rng;

/// The sizes the benchmark and the tests use; each flag of `gen-demo` can override one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Size {
    /// 20 organisations under 2 roots, 30 projects, 80 persons, 24 months: for tests
    Small,
    /// 50 organisations, 1,000 projects, 5,000 persons, 60 months: for `make bench`
    Large,
}

/// How much to generate.
#[derive(Debug, Clone, Serialize)]
pub struct Shape {
    pub orgs: usize,
    pub projects: usize,
    pub persons: usize,
    /// The length of the planning window; every project lies inside it.
    pub months: u32,
    /// The window's first month (a fixed date, so that the data does not change with the day).
    pub first_month: NaiveDate,
    pub seed: u64,
}

impl Shape {
    pub fn of(size: Size, seed: u64) -> Shape {
        let (orgs, projects, persons, months) = match size {
            Size::Small => (20, 30, 80, 24),
            Size::Large => (50, 1_000, 5_000, 60),
        };
        Shape {
            orgs,
            projects,
            persons,
            months,
            first_month: default_first_month(),
            seed,
        }
    }

    /// The month from which ACTUAL demand is no longer booked: a third of the way into the
    /// window, like a portfolio that has been running for a while.
    fn actuals_until(&self) -> i32 {
        (self.months / 3) as i32
    }
}

/// January 2025: with 60 months the window reaches to the end of 2029.
pub fn default_first_month() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
}

/// What was generated, for the benchmark script (`--summary FILE`) and the operator.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub seed: u64,
    pub orgs: usize,
    pub projects: usize,
    pub persons: usize,
    pub months: u32,
    pub first_month: NaiveDate,
    /// Rows written per table.
    pub rows: BTreeMap<&'static str, usize>,
    pub largest_project: ProjectRef,
    /// The root organisation owning the most projects: the org-scoped users belong to it.
    pub busiest_organisation: OrganisationRef,
    pub users: Vec<users::DemoUser>,
}

#[derive(Debug, Serialize)]
pub struct ProjectRef {
    pub id: uuid::Uuid,
    pub code: String,
    pub demand_rows: usize,
}

#[derive(Debug, Serialize)]
pub struct OrganisationRef {
    pub id: uuid::Uuid,
    pub short_name: String,
}

/// Writes the portfolio in one transaction. The database must be migrated and hold no
/// organisations or persons yet: generated data is not mixed into real data.
pub fn generate(conn: &mut PgConnection, shape: &Shape) -> anyhow::Result<Summary> {
    validate(shape)?;
    conn.transaction(|conn| {
        let existing_orgs: i64 = organisations_table::table.count().get_result(conn)?;
        let existing_persons: i64 = persons::table.count().get_result(conn)?;
        if existing_orgs > 0 || existing_persons > 0 {
            bail!(
                "gen-demo writes into an empty database, and this one already has \
                 {existing_orgs} organisations and {existing_persons} persons"
            );
        }
        let lookups = Lookups::load(conn)?;
        let mut rng = Rng::new(shape.seed);
        let mut rows = BTreeMap::new();

        let orgs = organisations::generate(&mut rng.fork("organisations"), shape.orgs);
        rows.insert("organisations", organisations::write(conn, &orgs)?);

        let mut portfolio = projects::generate(&mut rng.fork("projects"), shape, &orgs, &lookups);
        portfolio.write(conn, &orgs, &mut rows)?;

        let staff = people::generate(&mut rng.fork("people"), shape, &orgs, &portfolio, &lookups);
        staff.write(conn, &mut rows)?;

        let busiest = orgs.busiest_root(&portfolio);
        let demo_users = users::generate(&orgs, busiest, &staff);
        rows.insert("users", users::write(conn, &demo_users)?);

        // Fresh statistics, so that the first queries are planned for the data that is there.
        diesel::sql_query(
            "analyze organisations, projects, project_partners, work_packages, tasks, \
             milestones, deliverables, capacity_demand, persons, employee_group_memberships, \
             fte_periods, leaves, assignments, allocation_overrides, users, user_organisations, \
             project_demand_totals, organisation_month_demand",
        )
        .execute(conn)?;

        // The project with the most demand rows: the heaviest capacity page.
        let (largest_id, largest_rows): (uuid::Uuid, i64) = capacity_demand::table
            .group_by(capacity_demand::project_id)
            .select((capacity_demand::project_id, diesel::dsl::count_star()))
            .order((
                diesel::dsl::count_star().desc(),
                capacity_demand::project_id,
            ))
            .first(conn)?;
        let largest = portfolio
            .projects
            .iter()
            .find(|p| p.id == largest_id)
            .context("the largest project is not one of the generated ones")?;
        Ok(Summary {
            seed: shape.seed,
            orgs: shape.orgs,
            projects: shape.projects,
            persons: shape.persons,
            months: shape.months,
            first_month: shape.first_month,
            rows,
            largest_project: ProjectRef {
                id: largest.id,
                code: largest.code.clone(),
                demand_rows: usize::try_from(largest_rows).unwrap_or_default(),
            },
            busiest_organisation: OrganisationRef {
                id: orgs.list[busiest].id,
                short_name: orgs.list[busiest].short_name.clone(),
            },
            users: demo_users,
        })
    })
}

fn validate(shape: &Shape) -> anyhow::Result<()> {
    if shape.orgs < 2 {
        bail!(
            "--orgs must be at least 2 (projects need partners), not {}",
            shape.orgs
        );
    }
    if shape.projects < 1 || shape.persons < 1 {
        bail!("--projects and --persons must be at least 1");
    }
    if !(12..=600).contains(&shape.months) {
        bail!("--months must be between 12 and 600, not {}", shape.months);
    }
    Ok(())
}

/// The ids of the lookup rows the migrations insert, by code or name.
pub(crate) struct Lookups {
    pub lifecycle: BTreeMap<String, uuid::Uuid>,
    pub role_types: Vec<uuid::Uuid>,
    pub allocation_groups: BTreeMap<String, uuid::Uuid>,
    pub deliverable_types: Vec<uuid::Uuid>,
    pub dissemination_levels: Vec<uuid::Uuid>,
    pub leave_types: BTreeMap<String, uuid::Uuid>,
}

impl Lookups {
    fn load(conn: &mut PgConnection) -> anyhow::Result<Lookups> {
        use crate::db::schema::{
            allocation_groups, deliverable_types, dissemination_levels, leave_types,
            lifecycle_states, role_types,
        };
        let lookups = Lookups {
            lifecycle: lifecycle_states::table
                .select((lifecycle_states::code, lifecycle_states::id))
                .load::<(String, uuid::Uuid)>(conn)?
                .into_iter()
                .collect(),
            role_types: role_types::table
                .order(role_types::sort_order)
                .select(role_types::id)
                .load(conn)?,
            allocation_groups: allocation_groups::table
                .select((allocation_groups::code, allocation_groups::id))
                .load::<(String, uuid::Uuid)>(conn)?
                .into_iter()
                .collect(),
            deliverable_types: deliverable_types::table
                .order(deliverable_types::sort_order)
                .select(deliverable_types::id)
                .load(conn)?,
            dissemination_levels: dissemination_levels::table
                .order(dissemination_levels::sort_order)
                .select(dissemination_levels::id)
                .load(conn)?,
            leave_types: leave_types::table
                .select((leave_types::code, leave_types::id))
                .load::<(String, uuid::Uuid)>(conn)?
                .into_iter()
                .collect(),
        };
        for code in [
            "running",
            "closed",
            "proposal",
            "submitted",
            "idea",
            "rejected",
        ] {
            lookups.lifecycle_id(code)?;
        }
        for code in ["fixed", "flexible"] {
            lookups.allocation_groups.get(code).with_context(|| {
                format!("allocation group {code} is missing: is the database migrated?")
            })?;
        }
        if lookups.role_types.is_empty() || lookups.deliverable_types.is_empty() {
            bail!("the lookup tables are empty: is the database migrated?");
        }
        Ok(lookups)
    }

    fn lifecycle_id(&self, code: &str) -> anyhow::Result<uuid::Uuid> {
        self.lifecycle.get(code).copied().with_context(|| {
            format!("lifecycle state {code} is missing: is the database migrated?")
        })
    }
}
