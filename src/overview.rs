//! Portfolio-wide figures for the home page.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::schema::{organisations, persons, projects};

/// How much the signed-in user can see, in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub organisations: i64,
    pub projects: i64,
    pub persons: i64,
}

pub fn counts(conn: &mut PgConnection) -> QueryResult<Counts> {
    Ok(Counts {
        organisations: organisations::table.count().get_result(conn)?,
        projects: projects::table.count().get_result(conn)?,
        persons: persons::table.count().get_result(conn)?,
    })
}
