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
