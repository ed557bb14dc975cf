//! Each project as the projects list shows it, kept for one projects version: its code, name,
//! owner, lifecycle state, months, partners and PM totals per series. The list filters, sorts,
//! pages and totals these rows in the server (src/projects/list.rs); only which projects the user
//! may see is asked of the database on each request. The organisations and lifecycle states the
//! list offers as filters are kept for the same version, whose triggers cover both tables.

use std::sync::{Arc, OnceLock};

use bigdecimal::BigDecimal;
use chrono::{Months, NaiveDate};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Date, Integer, Nullable, Numeric, Text};
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::per_project::PerProject;
use crate::db::schema::{organisations, project_partners};
use crate::projects::{ProjectListRow, ProjectSummary};
use crate::reference::lookups::LifecycleState;
use crate::reference::organisations::Organisation;

/// A project's row of the list with what filtering and sorting compare, worked out once.
#[derive(Debug)]
pub struct ListedProject {
    pub row: ProjectListRow,
    /// Code and name lower-cased: the text filter matches either in any case, and the list sorts
    /// names without case.
    pub code_lower: String,
    pub name_lower: String,
    /// The project's last month (first day).
    pub last_month: NaiveDate,
}

/// What the list can be filtered by: every organisation (by short name) and every lifecycle state
/// (in their order).
#[derive(Debug, Default)]
pub struct ListFilters {
    pub organisations: Vec<Organisation>,
    pub states: Vec<LifecycleState>,
}

pub struct ProjectBook {
    version: Uuid,
    projects: PerProject<ListedProject>,
    filters: OnceLock<Arc<ListFilters>>,
}

impl super::Versioned for ProjectBook {
    fn version(&self) -> Uuid {
        self.version
    }
}

impl ProjectBook {
    pub(super) fn new(version: Uuid) -> ProjectBook {
        ProjectBook {
            version,
            projects: PerProject::default(),
            filters: OnceLock::new(),
        }
    }

    /// The list's filters for a user the database says is `signed_in`. Their select policies show
    /// both tables whole to every signed-in user and nothing to anyone else, so one read serves
    /// every signed-in user of this version, and nobody else is given anything.
    pub fn filters(
        &self,
        conn: &mut PgConnection,
        signed_in: bool,
    ) -> QueryResult<Arc<ListFilters>> {
        if !signed_in {
            return Ok(Arc::default());
        }
        if let Some(kept) = self.filters.get() {
            return Ok(Arc::clone(kept));
        }
        let read = Arc::new(ListFilters {
            organisations: crate::reference::organisations::list(conn)?,
            states: crate::reference::lookups::lifecycle_states(conn)?,
        });
        Ok(Arc::clone(self.filters.get_or_init(|| read)))
    }

    /// The rows of `projects`, in their order. Projects this book does not hold yet are read on
    /// `conn` and kept. `projects` must be projects the user may see.
    pub fn rows(
        &self,
        conn: &mut PgConnection,
        projects: &[Uuid],
    ) -> QueryResult<Vec<Arc<[ListedProject]>>> {
        self.projects.get(projects, |missing| read(conn, missing))
    }
}

/// The list's columns of `ids` (owner, state and totals joined) and their partners.
const LISTED: &str = "
    select p.id, p.code, p.name, o.short_name as owner, ls.name as lifecycle, p.start_month,
           p.duration_months, p.locked, p.owner_org_id, ls.code as lifecycle_code,
           coalesce(ls.is_pipeline, false) as is_pipeline, p.win_probability,
           coalesce(p.win_probability, ls.win_probability, 100) as probability,
           coalesce(t.projplan, 0) as projplan, coalesce(t.est, 0) as est,
           coalesce(t.actual, 0) as actual
    from projects p
    left join organisations o on o.id = p.owner_org_id
    left join lifecycle_states ls on ls.id = p.lifecycle_state_id
    left join (select project_id,
                      sum(pm) filter (where series = 'PROJPLAN') as projplan,
                      sum(pm) filter (where series = 'EST') as est,
                      sum(pm) filter (where series = 'ACTUAL') as actual
               from project_demand_totals where project_id = any($1)
               group by project_id) t on t.project_id = p.id
    where p.id = any($1)";

#[derive(QueryableByName)]
struct ListedRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    code: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    owner: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    lifecycle: Option<String>,
    #[diesel(sql_type = Date)]
    start_month: NaiveDate,
    #[diesel(sql_type = Integer)]
    duration_months: i32,
    #[diesel(sql_type = Bool)]
    locked: bool,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    owner_org_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    lifecycle_code: Option<String>,
    #[diesel(sql_type = Bool)]
    is_pipeline: bool,
    #[diesel(sql_type = Nullable<Integer>)]
    win_probability: Option<i32>,
    #[diesel(sql_type = Integer)]
    probability: i32,
    #[diesel(sql_type = Numeric)]
    projplan: BigDecimal,
    #[diesel(sql_type = Numeric)]
    est: BigDecimal,
    #[diesel(sql_type = Numeric)]
    actual: BigDecimal,
}

fn read(conn: &mut PgConnection, ids: &[Uuid]) -> QueryResult<Vec<(Uuid, ListedProject)>> {
    let listed: Vec<ListedRow> = diesel::sql_query(LISTED)
        .bind::<Array<diesel::sql_types::Uuid>, _>(ids)
        .load(conn)?;
    let partners: Vec<(Uuid, Uuid, String)> = project_partners::table
        .inner_join(organisations::table)
        .filter(project_partners::project_id.eq_any(ids))
        .select((
            project_partners::project_id,
            organisations::id,
            organisations::short_name,
        ))
        .order(organisations::short_name)
        .load(conn)?;
    // Grouped once: filtering all partners for each project is quadratic in a large portfolio.
    let mut partners_of: FxHashMap<Uuid, Vec<(Uuid, String)>> = FxHashMap::default();
    for (project, organisation, short_name) in partners {
        partners_of
            .entry(project)
            .or_default()
            .push((organisation, short_name));
    }
    Ok(listed
        .into_iter()
        .map(|r| {
            let months = u32::try_from(r.duration_months.max(1) - 1).unwrap_or(0);
            let last_month = r
                .start_month
                .checked_add_months(Months::new(months))
                .unwrap_or(r.start_month);
            let listed = ListedProject {
                code_lower: r.code.to_lowercase(),
                name_lower: r.name.to_lowercase(),
                last_month,
                row: ProjectListRow {
                    partners: partners_of.remove(&r.id).unwrap_or_default(),
                    totals: [r.projplan, r.est, r.actual].map(|t| t.normalized()),
                    owner_id: r.owner_org_id,
                    lifecycle_code: r.lifecycle_code,
                    is_pipeline: r.is_pipeline,
                    win_probability: r.win_probability,
                    probability: r.probability,
                    summary: ProjectSummary {
                        id: r.id,
                        code: r.code,
                        name: r.name,
                        owner: r.owner,
                        lifecycle: r.lifecycle,
                        start_month: r.start_month,
                        duration_months: r.duration_months,
                        locked: r.locked,
                    },
                },
            };
            (r.id, listed)
        })
        .collect())
}
