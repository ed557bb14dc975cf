//! A project's plan version, and the order in which a write of the plan takes its locks.
//!
//! Every write of a project's plan (structure, demand, role demand, rates, assignments, the
//! allocation grid, imports) first locks the project row ([`lock`]) and then changes its rows,
//! and moves the version on once at the end ([`bump`]). Writers of one project therefore queue
//! on one row, in one order, and never deadlock with each other; the data versions of the
//! caches are replaced at commit (migration 001070), after every other lock.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::projects;

/// Locks the project row for the rest of the transaction; its current version, or `None` when
/// there is no such project (or the user may not see it).
pub fn lock(conn: &mut PgConnection, project: Uuid) -> QueryResult<Option<i64>> {
    projects::table
        .find(project)
        .select(projects::version)
        .for_update()
        .first(conn)
        .optional()
}

/// Moves the project's version on, so that every open grid of the project sees the change.
pub fn bump(conn: &mut PgConnection, project: Uuid) -> QueryResult<()> {
    diesel::update(projects::table.find(project))
        .set((
            projects::version.eq(projects::version + 1),
            projects::updated_at.eq(chrono::Utc::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A project locked for a change by the acting user: the Policy allowed it.
#[derive(Debug, Clone)]
pub struct EditableProject {
    pub id: Uuid,
    /// The plan version before this change (the grids' stale check compares against it).
    pub version: i64,
    pub start: chrono::NaiveDate,
    pub duration_months: i32,
}

/// Every write of a project's plan starts here: locks the project row (so writers of one project
/// queue in one order), and asks the Policy whether the acting user may change the project in its
/// lock state (its `locked` flag, or a lifecycle state that locks). A project the user cannot see
/// is [`DomainError::NotFound`] (RLS hides it), one they may not change
/// [`DomainError::Forbidden`] with the Policy's sentence.
pub fn lock_for_edit(
    conn: &mut PgConnection,
    acting: &crate::command::Acting,
    project: Uuid,
) -> crate::command::Outcome<EditableProject> {
    use crate::command::DomainError;

    // The row lock first (the one order of every plan writer), then what decides the lock, read
    // with the visibility rule (which RLS applies too, and the owner without RLS needs).
    let locked = lock(conn, project)?;
    let Some(lock_state) = crate::projects::lock_of(conn, project)? else {
        return Err(DomainError::NotFound);
    };
    // A project the user may see but not change: the Policy says why. Row-level security lets
    // FOR UPDATE take only the rows the user may update, so `locked` is then empty.
    acting.allowed(acting.policy.can_edit_project(&lock_state))?;
    let Some(version) = locked else {
        return Err(DomainError::Forbidden(crate::auth::policy::Refusal(
            crate::i18n::Msg::new("project-may-not-change"),
        )));
    };
    let (start, duration_months): (chrono::NaiveDate, i32) = projects::table
        .find(project)
        .select((projects::start_month, projects::duration_months))
        .first(conn)?;
    Ok(EditableProject {
        id: project,
        version,
        start,
        duration_months,
    })
}
