//! Optimistic concurrency for single rows: no lost updates from a form opened before someone
//! else's save.
//!
//! Every table whose rows an edit or delete form changes has a `version` that the trigger
//! `app.next_row_version()` moves on with every update, whoever writes (migration 001080). A form
//! carries the version of the row it shows. The data function reads the row's version, locked,
//! before it checks or writes anything ([`check`]): a row that changed since the form was shown is
//! refused as [`RowChange::Stale`], and nothing is written. Its update or delete names the version
//! as well (`… where id = $1 and version = $2`); when that matches no row, [`missed`] tells a row
//! that is gone from one that changed. A write of a project's plan locks the project row first
//! (`plan_version::lock`) and then its rows, the one order every plan writer keeps.

/// What became of a change to one existing row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowChange<T> {
    /// The change was made, or refused for the form's own reasons (inside `T`).
    Done(T),
    /// There is no such row (any more), or the user may not see or change it: 404.
    Missing,
    /// The row changed since the form showing it was opened: nothing was written, 409.
    Stale,
}

impl<T> RowChange<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> RowChange<U> {
        match self {
            RowChange::Done(value) => RowChange::Done(f(value)),
            RowChange::Missing => RowChange::Missing,
            RowChange::Stale => RowChange::Stale,
        }
    }

    /// The refusal, as a change of any type; `None` when the row may be changed.
    pub fn refusal<U>(&self) -> Option<RowChange<U>> {
        match self {
            RowChange::Done(_) => None,
            RowChange::Missing => Some(RowChange::Missing),
            RowChange::Stale => Some(RowChange::Stale),
        }
    }
}

impl<T, E> RowChange<Result<T, E>> {
    /// A change decided inside a savepoint whose own refusal is `E` (a duplicate, a bad field).
    pub fn within(result: Result<RowChange<T>, E>) -> Self {
        match result {
            Ok(change) => change.map(Ok),
            Err(refusal) => RowChange::Done(Err(refusal)),
        }
    }
}

/// Whether the row a form showed at version `shown` may be changed: `stored` is its version now,
/// read with the row locked (`None`: no such row, or not one the user may change).
pub fn check(stored: Option<i64>, shown: i64) -> RowChange<()> {
    match stored {
        None => RowChange::Missing,
        Some(version) if version != shown => RowChange::Stale,
        Some(_) => RowChange::Done(()),
    }
}

/// What an update or delete filtered by id and version that matched no row means: the row is
/// gone (`stored` is `None`) or another write moved its version on.
pub fn missed<T>(stored: Option<i64>) -> RowChange<T> {
    match stored {
        None => RowChange::Missing,
        Some(_) => RowChange::Stale,
    }
}

/// The stored version of row `$id` of `$table` (a module of `crate::db::schema`): a
/// `QueryResult<Option<i64>>`, `None` when the row is gone or hidden from the user.
macro_rules! version_of {
    ($conn:expr, $table:ident, $id:expr) => {
        $table::table
            .find($id)
            .select($table::version)
            .first::<i64>($conn)
            .optional()
    };
}
pub(crate) use version_of;

/// A version as a form sends it: digits. `None` when it is missing or garbled.
pub fn parse(text: &str) -> Option<i64> {
    text.trim().parse().ok().filter(|v: &i64| *v >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_changed_only_at_the_version_shown() {
        assert_eq!(check(Some(3), 3), RowChange::Done(()));
        assert_eq!(check(Some(4), 3), RowChange::Stale);
        assert_eq!(check(None, 3), RowChange::Missing);
        assert_eq!(missed::<()>(Some(4)), RowChange::Stale);
        assert_eq!(missed::<()>(None), RowChange::Missing);
        assert_eq!(check(Some(4), 3).refusal::<u8>(), Some(RowChange::Stale));
        assert_eq!(check(Some(3), 3).refusal::<u8>(), None);
    }

    #[test]
    fn a_refusal_inside_a_savepoint_stays_the_forms() {
        let refused: Result<RowChange<()>, &str> = Err("taken");
        assert_eq!(RowChange::within(refused), RowChange::Done(Err("taken")));
        let stale: Result<RowChange<()>, &str> = Ok(RowChange::Stale);
        assert_eq!(RowChange::within(stale), RowChange::Stale);
    }

    #[test]
    fn versions_are_positive_numbers() {
        assert_eq!(parse(" 7 "), Some(7));
        for bad in ["", "0", "-1", "x", "1.5", "99999999999999999999"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
