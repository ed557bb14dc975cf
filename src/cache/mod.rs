//! What the server keeps from one request to the next: each person's capacity per month, each
//! project's assignments, and each project's EST demand per organisation and month. Working them out again for every request is
//! what made the portfolio slow (docs/performance.md); they change far less often than they are
//! read. The projects list's rows (each project with its owner, state, partners and PM totals)
//! are kept the same way.
//!
//! **When it is stale.** Each kind of data has a version in `data_versions`, a random token that
//! statement triggers replace whenever a table it depends on changes (migration 000970). A
//! request reads the tokens first, in its own transaction, and uses the book kept for those
//! tokens; a book for another token is replaced by an empty one. Because the token is read before
//! the data, a book can never hold data older than its token says; a change that commits while a
//! book is filled changes the token, so the next request starts a new book.
//!
//! **Who may see it.** A book holds numbers per person or per project, never a list of them:
//! every request still asks the database, under row-level security, which persons and projects
//! its user may see, and takes from the book only theirs. A person's capacity facts and a
//! project's demand are readable by exactly those who may see the person or project, so the
//! numbers are the same whoever's request worked them out.

pub mod capacity;
pub mod demand;
pub mod facts;
mod per_project;
pub mod projects;
pub mod staffing;

use std::sync::{Arc, Mutex, PoisonError};

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::data_versions;
use crate::db::visibility::is_signed_in;

pub use capacity::CapacityBook;
pub use demand::DemandBook;
pub use facts::FactsBook;
pub use projects::ProjectBook;
pub use staffing::StaffingBook;

/// The versions of the cached kinds of data, as the current transaction sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    pub capacity: Uuid,
    pub staffing: Uuid,
    pub demand: Uuid,
    pub projects: Uuid,
}

/// Reads the versions; call it before reading the data they version.
pub fn versions(conn: &mut PgConnection) -> QueryResult<Versions> {
    let (capacity, staffing, demand, projects) = data_versions::table
        .select((
            data_versions::capacity,
            data_versions::staffing,
            data_versions::demand,
            data_versions::projects,
        ))
        .first(conn)?;
    Ok(Versions {
        capacity,
        staffing,
        demand,
        projects,
    })
}

/// The books of one server (one database): part of the application state.
#[derive(Default)]
pub struct Caches {
    capacity: Mutex<Option<Arc<CapacityBook>>>,
    staffing: Mutex<Option<Arc<StaffingBook>>>,
    demand: Mutex<Option<Arc<DemandBook>>>,
    projects: Mutex<Option<Arc<ProjectBook>>>,
    facts: Mutex<Option<Arc<FactsBook>>>,
}

impl Caches {
    /// The capacity book for `version`, a new empty one if the kept book is for another version.
    pub fn capacity(&self, version: Uuid) -> Arc<CapacityBook> {
        current(&self.capacity, version, CapacityBook::new)
    }

    /// The staffing book for `version`, a new empty one if the kept book is for another version.
    pub fn staffing(&self, version: Uuid) -> Arc<StaffingBook> {
        current(&self.staffing, version, StaffingBook::new)
    }

    /// The demand book for `version`, a new empty one if the kept book is for another version.
    pub fn demand(&self, version: Uuid) -> Arc<DemandBook> {
        current(&self.demand, version, DemandBook::new)
    }

    /// The projects list's book for `version`, a new empty one if the kept book is for another
    /// version.
    pub fn projects(&self, version: Uuid) -> Arc<ProjectBook> {
        current(&self.projects, version, ProjectBook::new)
    }

    /// The capacity facts' book for `version` (the capacity version), a new empty one if the kept
    /// book is for another version.
    pub fn facts(&self, version: Uuid) -> Arc<FactsBook> {
        current(&self.facts, version, FactsBook::new)
    }

    /// The capacity facts' book as of the current transaction: reads the versions first.
    pub fn facts_now(&self, conn: &mut PgConnection) -> QueryResult<Arc<FactsBook>> {
        Ok(self.facts(versions(conn)?.capacity))
    }

    /// The projects list's book as of the current transaction, and whether the database counts
    /// the user as signed in (for [`ProjectBook::filters`]); both in one statement, read before
    /// the data the version covers.
    pub fn projects_now(&self, conn: &mut PgConnection) -> QueryResult<(Arc<ProjectBook>, bool)> {
        let (version, signed_in) = data_versions::table
            .select((data_versions::projects, is_signed_in()))
            .first(conn)?;
        Ok((self.projects(version), signed_in))
    }
}

/// A book's version, so that [`current`] can tell whether it still applies.
trait Versioned {
    fn version(&self) -> Uuid;
}

fn current<B: Versioned>(
    slot: &Mutex<Option<Arc<B>>>,
    version: Uuid,
    new: fn(Uuid) -> B,
) -> Arc<B> {
    // A panic while the lock was held cannot leave a half-replaced book: replacing is one store.
    let mut kept = slot.lock().unwrap_or_else(PoisonError::into_inner);
    match kept.as_ref() {
        Some(book) if book.version() == version => Arc::clone(book),
        _ => {
            let book = Arc::new(new(version));
            *kept = Some(Arc::clone(&book));
            book
        }
    }
}
