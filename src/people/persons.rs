//! Persons: the people whose capacity is planned.

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{organisations, persons};
use crate::db::visibility::person_visible;

/// A person as lists show them; selected from `persons` joined with their organisation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = persons, check_for_backend(diesel::pg::Pg))]
pub struct PersonSummary {
    pub id: Uuid,
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub organisation_id: Uuid,
    #[diesel(select_expression = organisations::short_name)]
    pub organisation: String,
    pub employment_start: Option<NaiveDate>,
    pub employment_end: Option<NaiveDate>,
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<PersonSummary>> {
    persons::table
        .inner_join(organisations::table)
        .filter(person_visible())
        .select(PersonSummary::as_select())
        .order((persons::last_name, persons::first_name, persons::code))
        .load(conn)
}

/// The person `id` as lists show them, if the user may see them.
pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<PersonSummary>> {
    persons::table
        .inner_join(organisations::table)
        .filter(person_visible())
        .filter(persons::id.eq(id))
        .select(PersonSummary::as_select())
        .first::<PersonSummary>(conn)
        .optional()
}

// ---------------------------------------------------------------------------------------------
// One person and what their capacity depends on

use bigdecimal::BigDecimal;

use crate::db::schema::{
    calendars, employee_group_memberships, employee_groups, leave_types, leaves,
};
use crate::people::staffing::{self, Assignment, AssignmentsOf};
use crate::planning::person_capacity::PersonFacts;

/// A person's page: who they are, the facts behind their capacity and how PM are counted.
pub struct PersonDetail {
    pub summary: PersonSummary,
    pub facts: PersonFacts,
    /// (from, group name), earliest first.
    pub memberships: Vec<(NaiveDate, String)>,
    /// (first day, last day, leave type name), earliest first.
    pub leave: Vec<(NaiveDate, NaiveDate, String)>,
    /// The holiday calendar of the person's organisation (or its nearest ancestor with a country).
    pub calendar: Option<String>,
    /// System hours-per-PM rates (from, hours); months before the first use the server default.
    pub system_rates: Vec<(NaiveDate, BigDecimal)>,
    /// The person's assignments to projects the user may see, by project and start month.
    pub assignments: Vec<Assignment>,
}

/// The person `id` if the user may see them (`None` otherwise), with their capacity facts for
/// holidays between `from` and `to`.
pub fn detail(
    conn: &mut PgConnection,
    id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Option<PersonDetail>> {
    let Some(summary) = find(conn, id)? else {
        return Ok(None);
    };
    let Some(facts) = staffing::load_facts(conn, std::slice::from_ref(&summary), from, to)?
        .remove(&id)
        .map(|inputs| inputs.facts)
    else {
        return Ok(None);
    };
    // What the page lists, with names; the arithmetic's inputs come from `load_facts`.
    let memberships: Vec<(NaiveDate, String)> = employee_group_memberships::table
        .inner_join(employee_groups::table)
        .filter(employee_group_memberships::person_id.eq(id))
        .select((
            employee_group_memberships::valid_from,
            employee_groups::name,
        ))
        .order(employee_group_memberships::valid_from)
        .load(conn)?;
    let leave: Vec<(NaiveDate, NaiveDate, String)> = leaves::table
        .inner_join(leave_types::table)
        .filter(leaves::person_id.eq(id))
        .select((leaves::start_date, leaves::end_date, leave_types::name))
        .order(leaves::start_date)
        .load(conn)?;
    let calendar = match staffing::calendars_by_organisation(conn)?.get(&summary.organisation_id) {
        Some(calendar) => Some(
            calendars::table
                .find(calendar)
                .select(calendars::name)
                .first::<String>(conn)?,
        ),
        None => None,
    };
    let system_rates = staffing::system_rates(conn)?;
    let mut assignments = staffing::load_assignments(conn, AssignmentsOf::Persons(&[id]), None)?;
    assignments.sort_by(|a, b| {
        (a.terms.start_month, &a.project_code).cmp(&(b.terms.start_month, &b.project_code))
    });
    Ok(Some(PersonDetail {
        assignments,
        summary,
        facts,
        memberships,
        leave,
        calendar,
        system_rates,
    }))
}
