//! Each project's assignments with the allocation grid's overrides, in whole units, kept for
//! one staffing version.

use std::sync::Arc;

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::per_project::PerProject;
use crate::db::schema::{allocation_overrides, assignments};
use crate::planning::milli_pm;

/// An assignment as month arithmetic needs it (`planning::allocation::AssignmentTerms` in whole
/// units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staffed {
    pub id: Uuid,
    pub person_id: Uuid,
    pub project_id: Uuid,
    pub role_type_id: Option<Uuid>,
    /// Hundredths of a percent.
    pub percent: i64,
    pub start_month: NaiveDate,
    pub end_month: NaiveDate,
    /// The allocation grid's explicit milli-PM per month, by month.
    pub overrides: Vec<(NaiveDate, i64)>,
    /// Tentative work (`planning::reading`), not yet confirmed.
    pub tentative: bool,
}

impl Staffed {
    /// Whether the assignment runs in `month`.
    pub fn covers(&self, month: NaiveDate) -> bool {
        self.start_month <= month && month <= self.end_month
    }

    /// The milli-PM it takes in a month it covers, given the person's capacity that month: the
    /// override, else capacity × percent (as `AssignmentTerms::pm`).
    pub fn pm(&self, month: NaiveDate, capacity_milli: i64) -> i64 {
        match self.overrides.binary_search_by_key(&month, |o| o.0) {
            Ok(i) => self.overrides[i].1,
            Err(_) => milli_pm::share(capacity_milli, self.percent),
        }
    }
}

pub struct StaffingBook {
    version: Uuid,
    projects: PerProject<Staffed>,
}

impl super::Versioned for StaffingBook {
    fn version(&self) -> Uuid {
        self.version
    }
}

impl StaffingBook {
    pub(super) fn new(version: Uuid) -> StaffingBook {
        StaffingBook {
            version,
            projects: PerProject::default(),
        }
    }

    /// The assignments of `projects`, per project in the order given. Projects this book does
    /// not hold yet are read on `conn` and kept. `projects` must be projects the user may see.
    pub fn assignments(
        &self,
        conn: &mut PgConnection,
        projects: &[Uuid],
    ) -> QueryResult<Vec<Arc<[Staffed]>>> {
        self.projects.get(projects, |missing| {
            type Row = (
                Uuid,
                Uuid,
                Uuid,
                Option<Uuid>,
                bigdecimal::BigDecimal,
                NaiveDate,
                NaiveDate,
                bool,
            );
            let rows: Vec<Row> = assignments::table
                .filter(assignments::project_id.eq_any(missing))
                .select((
                    assignments::id,
                    assignments::person_id,
                    assignments::project_id,
                    assignments::role_type_id,
                    assignments::allocation_percent,
                    assignments::start_month,
                    assignments::end_month,
                    assignments::tentative,
                ))
                .load(conn)?;
            let mut overrides: FxHashMap<Uuid, Vec<(NaiveDate, i64)>> = FxHashMap::default();
            for (assignment, month, pm) in allocation_overrides::table
                .inner_join(
                    assignments::table.on(assignments::id.eq(allocation_overrides::assignment_id)),
                )
                .filter(assignments::project_id.eq_any(missing))
                .select((
                    allocation_overrides::assignment_id,
                    allocation_overrides::month,
                    allocation_overrides::pm,
                ))
                .load::<(Uuid, NaiveDate, bigdecimal::BigDecimal)>(conn)?
            {
                overrides
                    .entry(assignment)
                    .or_default()
                    .push((month, milli_pm::scaled(&pm, 3)));
            }
            Ok(rows
                .into_iter()
                .map(
                    |(id, person_id, project_id, role_type_id, percent, start, end, tentative)| {
                        let mut overrides = overrides.remove(&id).unwrap_or_default();
                        overrides.sort_by_key(|o| o.0);
                        let staffed = Staffed {
                            id,
                            person_id,
                            project_id,
                            role_type_id,
                            percent: milli_pm::scaled(&percent, 2),
                            start_month: start,
                            end_month: end,
                            overrides,
                            tentative,
                        };
                        (project_id, staffed)
                    },
                )
                .collect())
        })
    }
}
