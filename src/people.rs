//! Persons: the people whose capacity is planned.

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{organisations, persons};
use crate::visibility::person_visible;

#[derive(Debug, Clone, Queryable)]
pub struct PersonSummary {
    pub id: Uuid,
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub organisation: String,
    pub employment_start: Option<NaiveDate>,
    pub employment_end: Option<NaiveDate>,
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<PersonSummary>> {
    persons::table
        .inner_join(organisations::table)
        .filter(person_visible())
        .select((
            persons::id,
            persons::code,
            persons::first_name,
            persons::last_name,
            persons::email,
            organisations::short_name,
            persons::employment_start,
            persons::employment_end,
        ))
        .order((persons::last_name, persons::first_name, persons::code))
        .load(conn)
}
