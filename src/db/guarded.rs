//! How a command settles a write to one existing row, or a write that may meet a duplicate:
//! the shared steps of every command over rows a form shows (people, lookups, organisations,
//! settings). See [`crate::command`] for the command shape and [`super::row_version`] for the
//! versions forms carry.

use diesel::pg::PgConnection;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::command::{DomainError, Outcome};
use crate::db::row_version::{self, RowChange};
use crate::db::{Database, refuse_duplicates};
use crate::error::AppError;

/// A change to an existing row a form showed: which row, the version the form showed of it, and
/// what the form sent.
#[derive(Debug, Clone)]
pub struct RowEdit<F> {
    pub id: Uuid,
    pub version: i64,
    pub form: F,
}

impl Database {
    /// Runs `command` in one transaction as `user`, the request's only one. A refusal its page
    /// shows again (bad input, or a row changed since the page was shown) comes back with what
    /// `reread` reads for showing it, in the same transaction; any other refusal is an error page.
    pub async fn command<T, R>(
        &self,
        user: Option<Uuid>,
        command: impl FnOnce(&mut PgConnection) -> Outcome<T> + Send + 'static,
        reread: impl FnOnce(&mut PgConnection) -> QueryResult<R> + Send + 'static,
    ) -> Result<Result<T, (DomainError, R)>, AppError>
    where
        T: Send + 'static,
        R: Send + 'static,
    {
        self.in_transaction(user, move |conn| match command(conn) {
            Ok(value) => Ok(Ok(value)),
            Err(refusal @ (DomainError::Invalid(_) | DomainError::Stale)) => {
                Ok(Err((refusal, reread(conn)?)))
            }
            Err(other) => Err(AppError::from(other)),
        })
        .await
    }
}

/// A change to one existing row as a command's outcome: gone is 404, changed meanwhile is 409.
pub fn settled<T>(change: RowChange<T>) -> Outcome<T> {
    match change {
        RowChange::Done(value) => Ok(value),
        RowChange::Missing => Err(DomainError::NotFound),
        RowChange::Stale => Err(DomainError::Stale),
    }
}

/// Runs `write` in a savepoint: its refusal, or a unique violation (named by `on_duplicate`:
/// another administrator was faster than the checks), rolls back only the savepoint, so the
/// request's transaction can still re-read what the page shows.
pub fn guarded<T>(
    conn: &mut PgConnection,
    on_duplicate: impl Fn(&str) -> DomainError,
    write: impl FnOnce(&mut PgConnection) -> Outcome<T>,
) -> Outcome<T> {
    refuse_duplicates(conn, on_duplicate, |conn| match write(conn) {
        Ok(value) => Ok(Ok(value)),
        Err(DomainError::Database(error)) => Err(error),
        Err(refusal) => Ok(Err(refusal)),
    })?
}

/// Row `found`, as a command read it, if it is still at the version `shown` its page showed
/// (`version` reads the row's).
pub fn still_at<T>(found: Option<T>, version: impl FnOnce(&T) -> i64, shown: i64) -> Outcome<T> {
    settled(row_version::check(found.as_ref().map(version), shown))?;
    found.ok_or(DomainError::NotFound)
}

/// An update or delete filtered by id and version that touched `written` rows: done, or (none
/// touched) the row is gone or changed meanwhile, as its version `now` tells.
pub fn written(written: usize, now: impl FnOnce() -> QueryResult<Option<i64>>) -> Outcome<()> {
    if written > 0 {
        Ok(())
    } else {
        settled(row_version::missed(now()?))
    }
}

/// Deletes row `$id` of `$table` (a module of `crate::db::schema`) if it is still at `$version`:
/// an `Outcome<()>`, [`DomainError::NotFound`] when the row is gone, `Stale` when it changed.
macro_rules! delete_at_version {
    ($conn:expr, $table:ident, $id:expr, $version:expr) => {{
        let deleted = diesel::delete($table::table.find($id).filter($table::version.eq($version)))
            .execute(&mut *$conn)?;
        $crate::db::guarded::written(deleted, || {
            $crate::db::row_version::version_of!(&mut *$conn, $table, $id)
        })
    }};
}
pub(crate) use delete_at_version;

/// Sets `$changes` on row `$id` of `$table` if it is still at `$version`, like
/// [`delete_at_version`].
macro_rules! update_at_version {
    ($conn:expr, $table:ident, $id:expr, $version:expr, $changes:expr) => {{
        let updated = diesel::update($table::table.find($id).filter($table::version.eq($version)))
            .set($changes)
            .execute(&mut *$conn)?;
        $crate::db::guarded::written(updated, || {
            $crate::db::row_version::version_of!(&mut *$conn, $table, $id)
        })
    }};
}
pub(crate) use update_at_version;
