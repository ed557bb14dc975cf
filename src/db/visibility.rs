//! The visibility rules as SQL, for the application's own queries. They call the same `app.*`
//! functions the row-level security policies use (migration `row_level_security`), so the rules
//! exist once, and pages stay filtered when RLS_ENABLED=false makes requests run as the owner.
//! Each expression is the policy's own, so the planner evaluates the helpers once per statement
//! and users who see everything skip the set computation entirely.

use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use uuid::Uuid;

#[diesel::declare_sql_function]
extern "SQL" {
    /// Every project the current user sees, as one array (migration 001030).
    #[sql_name = "app.visible_project_id_list"]
    fn visible_project_id_list() -> diesel::sql_types::Array<diesel::sql_types::Uuid>;
    /// The policies' "signed in" (a user row exists for app.current_user_id), as a value; in a
    /// filter, [`signed_in`] evaluates it once per statement.
    #[sql_name = "app.is_signed_in"]
    fn is_signed_in() -> Bool;
}

/// The ids of every project the current user sees, from the rule the policies use (so also when
/// RLS_ENABLED=false), for pages that need only which projects and read the rest from a book.
/// One prepared statement and one array: a query over projects filtered by [`project_visible`]
/// is planned on every request and sends a row per project.
pub fn visible_project_ids(conn: &mut PgConnection) -> QueryResult<Vec<Uuid>> {
    diesel::select(visible_project_id_list()).get_result(conn)
}

/// `projects.id` is visible to the current user. Where the projects policy applies (the app role)
/// the rule is not checked a second time; the owner (RLS_ENABLED=false) bypasses the policy and
/// gets the rule here.
pub fn project_visible() -> SqlLiteral<Bool> {
    sql(
        "((select app.sees_everything()) or (select row_security_active('projects')) \
          or (projects.id = (select app.focus_project_id()) and (select app.sees_focus_project())) \
          or projects.id in (select app.visible_project_ids()))",
    )
}

/// `assignments.project_id` is visible to the current user: [`project_visible`] for a table
/// read without joining `projects` (checked only where the assignments policy does not apply).
pub fn assignment_visible() -> SqlLiteral<Bool> {
    sql(
        "((select app.sees_everything()) or (select row_security_active('assignments')) \
          or (assignments.project_id = (select app.focus_project_id()) and (select app.sees_focus_project())) \
          or assignments.project_id in (select app.visible_project_ids()))",
    )
}

/// `persons.id` is visible to the current user (checked here only where no policy applies, as
/// for projects).
pub fn person_visible() -> SqlLiteral<Bool> {
    sql(
        "((select app.sees_everything()) or (select row_security_active('persons')) \
          or persons.id in (select app.visible_person_ids()))",
    )
}

/// The current user is signed in (organisations, lookups and calendars need no more).
pub fn signed_in() -> SqlLiteral<Bool> {
    sql("(select app.is_signed_in())")
}
