//! What the home page counts, and the reads of a project's overview and form pages.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{lifecycle_states, organisations, persons, projects};
use crate::db::visibility::{person_visible, project_visible, signed_in};
use crate::reference::organisations::Organisation;

/// How much the signed-in user can see, in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub organisations: i64,
    pub projects: i64,
    pub persons: i64,
}

pub fn counts(conn: &mut PgConnection) -> QueryResult<Counts> {
    Ok(Counts {
        organisations: organisations::table
            .filter(signed_in())
            .count()
            .get_result(conn)?,
        projects: projects::table
            .filter(project_visible())
            .count()
            .get_result(conn)?,
        persons: persons::table
            .filter(person_visible())
            .count()
            .get_result(conn)?,
    })
}

/// What a project's overview page shows: the project, its data-quality problems, its rates and
/// the employee groups a new rate may name.
pub struct ProjectPage {
    pub project: crate::projects::ProjectOverview,
    pub issues: Vec<(Uuid, String, crate::planning::quality::QualityIssue)>,
    pub rates: Vec<crate::projects::edit::ProjectRate>,
    pub employee_groups: Vec<(Uuid, String)>,
}

/// The overview of a visible project (`None` otherwise), read in the request's one transaction.
pub fn load(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<ProjectPage>> {
    let Some(project) = crate::projects::overview(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(ProjectPage {
        project,
        issues: crate::projects::quality::issues(conn, Some(id))?,
        rates: crate::projects::edit::rates(conn, id)?,
        employee_groups: crate::projects::edit::employee_groups(conn)?,
    }))
}

/// What the project form offers: every organisation (owner and partners) and lifecycle state.
pub struct FormChoices {
    pub organisations: Vec<Organisation>,
    pub states: Vec<(Uuid, String)>,
    /// The pipeline states' default win probabilities: (id, name, whole percent).
    pub probabilities: Vec<(Uuid, String, i32)>,
}

pub fn form_choices(conn: &mut PgConnection) -> QueryResult<FormChoices> {
    Ok(FormChoices {
        organisations: crate::reference::organisations::list(conn)?,
        states: crate::reference::lookups::states_with_ids(conn)?,
        probabilities: lifecycle_states::table
            .filter(lifecycle_states::is_pipeline)
            .select((
                lifecycle_states::id,
                lifecycle_states::name,
                lifecycle_states::win_probability,
            ))
            .order((lifecycle_states::sort_order, lifecycle_states::code))
            .load(conn)?,
    })
}
