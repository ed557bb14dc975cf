//! Projects: the list and one project's overview.

pub mod demand;
pub mod edit;
pub mod list;
pub mod overview;
pub mod quality;
pub mod role_demand;
pub mod shift;
pub mod structure;
pub mod version;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{
    deliverables, lifecycle_states, milestones, organisations, project_partners, projects, tasks,
    work_packages,
};
use crate::db::visibility::project_visible;

/// One row of the projects list (selected from projects left-joined to their POO and state).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = projects, check_for_backend(diesel::pg::Pg))]
pub struct ProjectSummary {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// Short name of the project owner organisation (POO).
    #[diesel(select_expression = organisations::short_name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<organisations::short_name>)]
    pub owner: Option<String>,
    #[diesel(select_expression = lifecycle_states::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<lifecycle_states::name>)]
    pub lifecycle: Option<String>,
    pub start_month: NaiveDate,
    pub duration_months: i32,
    pub locked: bool,
}

/// A project's win probability in whole percent: its own and its lifecycle state's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probability {
    pub own: Option<i32>,
    /// `None` without a lifecycle state.
    pub state: Option<i32>,
}

impl Probability {
    /// The probability that counts: the project's own, else its state's (100 without a state).
    pub fn effective(self) -> i32 {
        self.own.or(self.state).unwrap_or(100)
    }
}

/// A project with what its overview page shows.
#[derive(Debug, Clone)]
pub struct ProjectOverview {
    pub summary: ProjectSummary,
    pub description: String,
    pub hours_per_pm: Option<BigDecimal>,
    pub lifecycle_locks: bool,
    /// The win probability (whole percent): the project's own, and its state's default.
    pub probability: Probability,
    pub partners: Vec<String>,
    pub work_packages: i64,
    pub tasks: i64,
    pub milestones: i64,
    pub deliverables: i64,
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<ProjectSummary>> {
    projects::table
        .left_join(organisations::table)
        .left_join(lifecycle_states::table)
        .filter(project_visible())
        .select(ProjectSummary::as_select())
        .order(projects::code)
        .load(conn)
}

/// The overview of project `id`, or `None` when it does not exist (or is not visible).
pub fn overview(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<ProjectOverview>> {
    let row = projects::table
        .left_join(organisations::table)
        .left_join(lifecycle_states::table)
        .filter(projects::id.eq(id))
        .filter(project_visible())
        .select((
            ProjectSummary::as_select(),
            projects::description,
            projects::hours_per_pm,
            lifecycle_states::locks_project.nullable(),
            (
                projects::win_probability,
                lifecycle_states::win_probability.nullable(),
            ),
        ))
        .first::<(
            ProjectSummary,
            String,
            Option<BigDecimal>,
            Option<bool>,
            (Option<i32>, Option<i32>),
        )>(conn)
        .optional()?;
    let Some((summary, description, hours_per_pm, lifecycle_locks, (own, state))) = row else {
        return Ok(None);
    };
    let partners = project_partners::table
        .inner_join(organisations::table)
        .filter(project_partners::project_id.eq(id))
        .select(organisations::short_name)
        .order(organisations::short_name)
        .load(conn)?;
    Ok(Some(ProjectOverview {
        summary,
        description,
        hours_per_pm,
        lifecycle_locks: lifecycle_locks.unwrap_or(false),
        probability: Probability { own, state },
        partners,
        work_packages: work_packages::table
            .filter(work_packages::project_id.eq(id))
            .count()
            .get_result(conn)?,
        tasks: tasks::table
            .filter(tasks::project_id.eq(id))
            .count()
            .get_result(conn)?,
        milestones: milestones::table
            .filter(milestones::project_id.eq(id))
            .count()
            .get_result(conn)?,
        deliverables: deliverables::table
            .filter(deliverables::project_id.eq(id))
            .count()
            .get_result(conn)?,
    }))
}

/// The lock state of a visible project (its flag, or a lifecycle state that locks it), which the
/// Policy judges; `None` when the user may not see the project.
pub fn lock_of(
    conn: &mut PgConnection,
    id: Uuid,
) -> QueryResult<Option<crate::auth::policy::ProjectLock>> {
    let row: Option<(bool, Option<bool>, Option<String>)> = projects::table
        .left_join(lifecycle_states::table)
        .filter(projects::id.eq(id))
        .filter(project_visible())
        .select((
            projects::locked,
            lifecycle_states::locks_project.nullable(),
            lifecycle_states::name.nullable(),
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(locked, locks, state)| {
        crate::auth::policy::ProjectLock::of(locked, state.filter(|_| locks == Some(true)))
    }))
}

// ---------------------------------------------------------------------------------------------
// The filtered, sorted projects list and the pipeline

/// A row of the projects list with its partners and PM totals per series.
#[derive(Debug, Clone)]
pub struct ProjectListRow {
    pub summary: ProjectSummary,
    pub owner_id: Option<Uuid>,
    pub partners: Vec<(Uuid, String)>,
    pub lifecycle_code: Option<String>,
    pub is_pipeline: bool,
    /// The project's own win probability (whole percent); `None`: its lifecycle state's.
    pub win_probability: Option<i32>,
    /// The win probability that counts: its own, else its state's default (100 without a state).
    pub probability: i32,
    /// PROJPLAN, EST, ACTUAL
    pub totals: [BigDecimal; 3],
}

/// Every visible project with what the list shows, in code order (the pipeline).
pub fn list_with_totals(
    conn: &mut PgConnection,
    caches: &crate::cache::Caches,
) -> QueryResult<Vec<ProjectListRow>> {
    Ok(crate::projects::list::Listing::now(conn, caches)?
        .load(
            conn,
            &crate::projects::list::ListFilter::default(),
            crate::projects::list::ListSort::Code,
            false,
        )?
        .all())
}

/// The current values of a project as its edit form shows them.
pub fn edit_values(
    conn: &mut PgConnection,
    id: Uuid,
) -> QueryResult<Option<crate::projects::edit::ProjectForm>> {
    use crate::projects::edit::{ProjectForm, StoredHead};
    let row: Option<(StoredHead, i64)> = projects::table
        .filter(projects::id.eq(id))
        .filter(project_visible())
        .select((StoredHead::as_select(), projects::version))
        .first(conn)
        .optional()?;
    let Some((head, version)) = row else {
        return Ok(None);
    };
    let partners: Vec<Uuid> = project_partners::table
        .filter(project_partners::project_id.eq(id))
        .select(project_partners::organisation_id)
        .load(conn)?;
    let text = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    Ok(Some(ProjectForm {
        poo: text(head.owner_org_id),
        partners: partners.iter().map(Uuid::to_string).collect(),
        lifecycle: text(head.lifecycle_state_id),
        start: crate::planning::months::format_month(head.start_month),
        duration: head.duration_months.to_string(),
        hours_per_pm: head
            .hours_per_pm
            .map(|h| h.normalized().to_string())
            .unwrap_or_default(),
        probability: crate::projects::edit::stored_probability(conn, id)?
            .map(|p| p.to_string())
            .unwrap_or_default(),
        version: version.to_string(),
        code: head.code,
        name: head.name,
        description: head.description,
    }))
}
