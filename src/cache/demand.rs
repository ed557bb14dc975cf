//! Each project's EST demand per organisation and month, in milli-PM, kept for one demand
//! version.

use std::sync::Arc;

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use super::per_project::PerProject;
use crate::db::schema::organisation_month_demand;
use crate::planning::milli_pm;

/// (organisation, month, milli-PM) of a project's EST demand.
pub type DemandCell = (Uuid, NaiveDate, i64);

pub struct DemandBook {
    version: Uuid,
    /// Per project: (organisation, month, milli-PM), every month it has.
    projects: PerProject<(Uuid, NaiveDate, i64)>,
}

impl super::Versioned for DemandBook {
    fn version(&self) -> Uuid {
        self.version
    }
}

impl DemandBook {
    pub(super) fn new(version: Uuid) -> DemandBook {
        DemandBook {
            version,
            projects: PerProject::default(),
        }
    }

    /// The EST demand of each of `projects` (in their order): (organisation, month, milli-PM),
    /// every month it has. Projects this book does not hold yet are read from the monthly sums
    /// (migration 000950) on `conn` and kept. `projects` must be projects the user may see.
    pub fn est_of_projects(
        &self,
        conn: &mut PgConnection,
        projects: &[Uuid],
    ) -> QueryResult<Vec<Arc<[DemandCell]>>> {
        self.projects.get(projects, |missing| {
            let rows: Vec<(Uuid, Uuid, NaiveDate, bigdecimal::BigDecimal)> =
                organisation_month_demand::table
                    .filter(organisation_month_demand::series.eq("EST"))
                    .filter(organisation_month_demand::project_id.eq_any(missing))
                    .select((
                        organisation_month_demand::project_id,
                        organisation_month_demand::organisation_id,
                        organisation_month_demand::month,
                        organisation_month_demand::pm,
                    ))
                    .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(project, organisation, month, pm)| {
                    (project, (organisation, month, milli_pm::scaled(&pm, 3)))
                })
                .collect())
        })
    }
}
