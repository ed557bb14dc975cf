//! Persons: the people whose capacity is planned.

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{organisations, persons};
use crate::visibility::person_visible;

/// A person as lists show them; selected from `persons` joined with their organisation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = persons, check_for_backend(diesel::pg::Pg))]
pub struct PersonSummary {
    pub id: Uuid,
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
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

// ---------------------------------------------------------------------------------------------
// One person and what their capacity depends on

use std::collections::HashSet;

use bigdecimal::BigDecimal;

use crate::planning::allocation::AssignmentTerms;
use crate::planning::person_capacity::{PersonFacts, daily_hours_timeline};
use crate::schema::{
    allocation_groups, allocation_overrides, assignments, calendars, employee_group_hours,
    employee_group_memberships, employee_groups, fte_periods, holidays, leave_types, leaves,
    system_hour_rates,
};

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
    /// The person's assignments to projects the user may see, by start month.
    pub assignments: Vec<PersonAssignment>,
}

/// One assignment of the person, as the person page lists it.
pub struct PersonAssignment {
    pub project_id: Uuid,
    pub project_code: String,
    pub role: Option<String>,
    pub allocation_group: String,
    pub terms: AssignmentTerms,
}

/// The person `id` if the user may see them (`None` otherwise), with their capacity facts for
/// holidays between `from` and `to`.
pub fn detail(
    conn: &mut PgConnection,
    id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Option<PersonDetail>> {
    let Some(summary) = persons::table
        .inner_join(organisations::table)
        .filter(person_visible())
        .filter(persons::id.eq(id))
        .select(PersonSummary::as_select())
        .first::<PersonSummary>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let memberships: Vec<(NaiveDate, Uuid, String)> = employee_group_memberships::table
        .inner_join(employee_groups::table)
        .filter(employee_group_memberships::person_id.eq(id))
        .select((
            employee_group_memberships::valid_from,
            employee_groups::id,
            employee_groups::name,
        ))
        .order(employee_group_memberships::valid_from)
        .load(conn)?;
    let group_ids: Vec<Uuid> = memberships.iter().map(|m| m.1).collect();
    let group_hours: Vec<(Uuid, NaiveDate, BigDecimal)> = employee_group_hours::table
        .filter(employee_group_hours::employee_group_id.eq_any(&group_ids))
        .select((
            employee_group_hours::employee_group_id,
            employee_group_hours::valid_from,
            employee_group_hours::daily_hours,
        ))
        .load(conn)?;
    let fte: Vec<(NaiveDate, Option<NaiveDate>, BigDecimal)> = fte_periods::table
        .filter(fte_periods::person_id.eq(id))
        .select((
            fte_periods::start_date,
            fte_periods::end_date,
            fte_periods::fte_percent,
        ))
        .order(fte_periods::start_date)
        .load(conn)?;
    let leave: Vec<(NaiveDate, NaiveDate, String)> = leaves::table
        .inner_join(leave_types::table)
        .filter(leaves::person_id.eq(id))
        .select((leaves::start_date, leaves::end_date, leave_types::name))
        .order(leaves::start_date)
        .load(conn)?;
    let calendar = calendar_of(conn, id)?;
    let holiday_days: HashSet<NaiveDate> = match &calendar {
        Some((calendar_id, _)) => holidays::table
            .filter(holidays::calendar_id.eq(calendar_id))
            .filter(holidays::day.between(from, to))
            .select(holidays::day)
            .load::<NaiveDate>(conn)?
            .into_iter()
            .collect(),
        None => HashSet::new(),
    };
    let system_rates = system_hour_rates::table
        .select((
            system_hour_rates::valid_from,
            system_hour_rates::hours_per_pm,
        ))
        .order(system_hour_rates::valid_from)
        .load(conn)?;
    let timeline_memberships: Vec<(NaiveDate, Uuid)> =
        memberships.iter().map(|m| (m.0, m.1)).collect();
    let facts = PersonFacts {
        employment_start: summary.employment_start,
        employment_end: summary.employment_end,
        daily_hours: daily_hours_timeline(&timeline_memberships, &group_hours),
        // Days before the first employee group count no hours: the page says so.
        default_daily_hours: BigDecimal::from(0),
        fte_periods: fte,
        leave: leave.iter().map(|l| (l.0, l.1)).collect(),
        holidays: holiday_days,
    };
    let assignments = assignments_of(conn, id)?;
    Ok(Some(PersonDetail {
        assignments,
        summary,
        facts,
        memberships: memberships.into_iter().map(|m| (m.0, m.2)).collect(),
        leave,
        calendar: calendar.map(|c| c.1),
        system_rates,
    }))
}

/// The calendar whose country is that of the person's organisation, or of its nearest ancestor
/// that has a country: (id, name).
fn calendar_of(conn: &mut PgConnection, person: Uuid) -> QueryResult<Option<(Uuid, String)>> {
    let org: Uuid = persons::table
        .find(person)
        .select(persons::organisation_id)
        .first(conn)?;
    let all: Vec<(Uuid, Option<Uuid>, Option<String>)> = organisations::table
        .select((
            organisations::id,
            organisations::parent_id,
            organisations::country_code,
        ))
        .load(conn)?;
    let mut current = Some(org);
    let mut steps = 0;
    while let Some(id) = current {
        let Some((_, parent, country)) = all.iter().find(|o| o.0 == id) else {
            break;
        };
        if let Some(country) = country {
            return calendars::table
                .filter(calendars::country_code.eq(country.to_uppercase()))
                .select((calendars::id, calendars::name))
                .first(conn)
                .optional();
        }
        current = *parent;
        steps += 1;
        if steps > all.len() {
            break; // a cycle (refused on input, but never loop on bad data)
        }
    }
    Ok(None)
}

/// The person's assignments (RLS and the app's project filter leave out invisible projects).
fn assignments_of(conn: &mut PgConnection, person: Uuid) -> QueryResult<Vec<PersonAssignment>> {
    type Row = (
        Uuid,
        Uuid,
        String,
        Option<String>,
        String,
        BigDecimal,
        NaiveDate,
        NaiveDate,
    );
    let rows: Vec<Row> = assignments::table
        .inner_join(crate::schema::projects::table)
        .inner_join(allocation_groups::table)
        .left_join(crate::schema::role_types::table)
        .filter(assignments::person_id.eq(person))
        .filter(crate::visibility::project_visible())
        .select((
            assignments::id,
            crate::schema::projects::id,
            crate::schema::projects::code,
            crate::schema::role_types::name.nullable(),
            allocation_groups::name,
            assignments::allocation_percent,
            assignments::start_month,
            assignments::end_month,
        ))
        .order((assignments::start_month, crate::schema::projects::code))
        .load(conn)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let overrides: Vec<(Uuid, NaiveDate, BigDecimal)> = allocation_overrides::table
        .filter(allocation_overrides::assignment_id.eq_any(&ids))
        .select((
            allocation_overrides::assignment_id,
            allocation_overrides::month,
            allocation_overrides::pm,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, project_id, project_code, role, allocation_group, percent, start, end)| {
                PersonAssignment {
                    project_id,
                    project_code,
                    role,
                    allocation_group,
                    terms: AssignmentTerms {
                        percent,
                        start_month: start,
                        end_month: end,
                        overrides: overrides
                            .iter()
                            .filter(|o| o.0 == id)
                            .map(|o| (o.1, o.2.clone()))
                            .collect(),
                    },
                }
            },
        )
        .collect())
}
