//! Portfolio-wide figures for the home page.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::db::schema::{organisations, persons, projects};
use crate::db::visibility::{person_visible, project_visible, signed_in};

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
