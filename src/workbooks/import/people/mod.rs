//! The people workbook (SPEC §8, docs/ods-format.md): employee groups, leave types, persons,
//! FTE periods, leave and project assignments. Persons are matched by code; for the persons in
//! the file, their memberships, FTE periods, leave and assignments become exactly what the file says.
//!
//! One write path (issue 20): every value a person's forms also take is read by the forms' own
//! functions (`people::edit`, `planning::month`, `planning::quantity`), so a row fails with the
//! sentence the form field shows, prefixed with its sheet, row and column. What only a file can
//! get wrong (unknown codes, rows listed twice) is checked here. `parse` reads and checks
//! (`parse.rs`, cells in `cells.rs`), `write` makes the stored rows what the file says
//! (`write.rs`, assignments in `assignments.rs`).

mod assignments;
mod cells;
mod parse;
mod write;

use std::collections::HashSet;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::audit;
use crate::db::schema::{allocation_groups, leave_types, organisations, projects};
use crate::workbooks::import::{ImportFailure, Importer, Summary};

pub use assignments::lock_projects;
pub use parse::parse;

pub const SHEET_GROUPS: &str = "Employee groups";
pub const SHEET_LEAVE_TYPES: &str = "Leave types";
pub const SHEET_PERSONS: &str = "Persons";
pub const SHEET_FTE: &str = "FTE periods";
pub const SHEET_LEAVE: &str = "Leave";
pub const SHEET_ASSIGNMENTS: &str = "Project assignments";

/// The columns of the persons sheet, as the export writes them; all but the employment end are
/// required.
pub const PERSON_COLUMNS: &[&str] = &[
    "Code",
    "First name",
    "Last name",
    "Email",
    "Org",
    "Employee group",
    "Employment start",
    "Employment end",
];

#[derive(Debug, Clone)]
pub struct GroupHours {
    pub group: String,
    pub daily_hours: BigDecimal,
    pub valid_from: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct PersonRow {
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub org: String,
    pub group: String,
    pub employment_start: NaiveDate,
    pub employment_end: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct FteRow {
    pub person: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub percent: BigDecimal,
}

#[derive(Debug, Clone)]
pub struct LeaveRow {
    pub person: String,
    pub leave_type: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct AssignmentRow {
    pub person: String,
    pub project: String,
    pub role: Option<String>,
    pub percent: BigDecimal,
    pub group: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct PeopleFile {
    pub group_hours: Vec<GroupHours>,
    pub leave_types: Vec<(String, String)>,
    pub persons: Vec<PersonRow>,
    /// `None` when the optional sheet is absent: stored rows are then left alone.
    pub fte: Option<Vec<FteRow>>,
    pub leave: Option<Vec<LeaveRow>>,
    pub assignments: Vec<AssignmentRow>,
}

/// What the database knows that a people file may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub orgs: HashSet<String>,
    pub projects: HashSet<String>,
    pub allocation_groups: HashSet<String>,
    pub leave_types: HashSet<String>,
}

impl Known {
    pub fn load(conn: &mut PgConnection) -> QueryResult<Known> {
        Ok(Known {
            orgs: organisations::table
                .select(organisations::short_name)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
            projects: projects::table
                .select(projects::code)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
            allocation_groups: allocation_groups::table
                .select(allocation_groups::code)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
            leave_types: leave_types::table
                .select(leave_types::code)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
        })
    }
}

/// Imports a validated people workbook within the caller's transaction, by the rules of the
/// importer's Policy (assignments of projects locked for the importer are refused by name).
pub fn import(
    conn: &mut PgConnection,
    file: &PeopleFile,
    file_name: &str,
    importer: &Importer,
) -> Result<Summary, ImportFailure> {
    let mut summary = Summary {
        file: file_name.to_string(),
        ..Summary::default()
    };
    let mut log = Vec::new();
    write::write(conn, file, importer, &mut summary, &mut log)?;
    audit::record(conn, &importer.actor, &log)?;
    Ok(summary)
}
