//! What forms choose from, with ids, versions and change times: the API's lookups
//! (`/api/v1/organisations`, `/api/v1/lookups`), which a script syncs with `modified_since`.
//! Every signed-in user may read them (SPEC §6).

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{
    allocation_groups, calendars, deliverable_types, dissemination_levels, employee_groups,
    leave_types, lifecycle_states, lookup_groups, organisations, role_types,
};

/// One value a form chooses from. `code` is absent where the table has none (role types and
/// employee groups are known by their name), `group` where it has no lookup group.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: Uuid,
    pub code: Option<String>,
    pub name: String,
    pub group: Option<String>,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// A lifecycle state: a choice with its flags.
#[derive(Debug, Clone)]
pub struct StateChoice {
    pub choice: Choice,
    /// A sales-pipeline state (not yet running).
    pub is_pipeline: bool,
    /// Projects in it are locked (only super-admins change them).
    pub locks_project: bool,
}

/// A holiday calendar.
#[derive(Debug, Clone)]
pub struct CalendarChoice {
    pub choice: Choice,
    pub country_code: Option<String>,
}

/// Every list of choices, each in its form's order.
#[derive(Debug, Clone)]
pub struct Choices {
    pub lifecycle_states: Vec<StateChoice>,
    pub role_types: Vec<Choice>,
    pub leave_types: Vec<Choice>,
    pub deliverable_types: Vec<Choice>,
    pub dissemination_levels: Vec<Choice>,
    pub allocation_groups: Vec<Choice>,
    pub employee_groups: Vec<Choice>,
    pub calendars: Vec<CalendarChoice>,
}

type Row = (Uuid, String, String, i64, DateTime<Utc>);
type GroupedRow = (Uuid, String, String, Option<String>, i64, DateTime<Utc>);

fn coded((id, code, name, version, modified_at): Row) -> Choice {
    Choice {
        id,
        code: Some(code),
        name,
        group: None,
        version,
        modified_at,
    }
}

fn grouped((id, code, name, group, version, modified_at): GroupedRow) -> Choice {
    Choice {
        id,
        code: Some(code),
        name,
        group,
        version,
        modified_at,
    }
}

fn named((id, name, version, modified_at): (Uuid, String, i64, DateTime<Utc>)) -> Choice {
    Choice {
        id,
        code: None,
        name,
        group: None,
        version,
        modified_at,
    }
}

/// Every list of choices.
pub fn all(conn: &mut PgConnection) -> QueryResult<Choices> {
    let lifecycle_states = lifecycle_states::table
        .select((
            (
                lifecycle_states::id,
                lifecycle_states::code,
                lifecycle_states::name,
                lifecycle_states::version,
                lifecycle_states::modified_at,
            ),
            lifecycle_states::is_pipeline,
            lifecycle_states::locks_project,
        ))
        .order((lifecycle_states::sort_order, lifecycle_states::code))
        .load::<(Row, bool, bool)>(conn)?
        .into_iter()
        .map(|(row, is_pipeline, locks_project)| StateChoice {
            choice: coded(row),
            is_pipeline,
            locks_project,
        })
        .collect();
    let role_types = role_types::table
        .left_join(lookup_groups::table)
        .select((
            role_types::id,
            role_types::name,
            lookup_groups::name.nullable(),
            role_types::version,
            role_types::modified_at,
        ))
        .order((role_types::sort_order, role_types::name))
        .load::<(Uuid, String, Option<String>, i64, DateTime<Utc>)>(conn)?
        .into_iter()
        .map(|(id, name, group, version, modified_at)| Choice {
            group,
            ..named((id, name, version, modified_at))
        })
        .collect();
    Ok(Choices {
        lifecycle_states,
        role_types,
        leave_types: leave_types::table
            .select((
                leave_types::id,
                leave_types::code,
                leave_types::name,
                leave_types::version,
                leave_types::modified_at,
            ))
            .order(leave_types::code)
            .load::<Row>(conn)?
            .into_iter()
            .map(coded)
            .collect(),
        deliverable_types: deliverable_types::table
            .left_join(lookup_groups::table)
            .select((
                deliverable_types::id,
                deliverable_types::code,
                deliverable_types::name,
                lookup_groups::name.nullable(),
                deliverable_types::version,
                deliverable_types::modified_at,
            ))
            .order((deliverable_types::sort_order, deliverable_types::code))
            .load::<GroupedRow>(conn)?
            .into_iter()
            .map(grouped)
            .collect(),
        dissemination_levels: dissemination_levels::table
            .left_join(lookup_groups::table)
            .select((
                dissemination_levels::id,
                dissemination_levels::code,
                dissemination_levels::name,
                lookup_groups::name.nullable(),
                dissemination_levels::version,
                dissemination_levels::modified_at,
            ))
            .order((dissemination_levels::sort_order, dissemination_levels::code))
            .load::<GroupedRow>(conn)?
            .into_iter()
            .map(grouped)
            .collect(),
        allocation_groups: allocation_groups::table
            .select((
                allocation_groups::id,
                allocation_groups::code,
                allocation_groups::name,
                allocation_groups::version,
                allocation_groups::modified_at,
            ))
            .order((allocation_groups::sort_order, allocation_groups::code))
            .load::<Row>(conn)?
            .into_iter()
            .map(coded)
            .collect(),
        employee_groups: employee_groups::table
            .select((
                employee_groups::id,
                employee_groups::name,
                employee_groups::version,
                employee_groups::modified_at,
            ))
            .order(employee_groups::name)
            .load(conn)?
            .into_iter()
            .map(named)
            .collect(),
        calendars: calendars::table
            .select((
                (
                    calendars::id,
                    calendars::code,
                    calendars::name,
                    calendars::version,
                    calendars::modified_at,
                ),
                calendars::country_code,
            ))
            .order(calendars::code)
            .load::<(Row, Option<String>)>(conn)?
            .into_iter()
            .map(|(row, country_code)| CalendarChoice {
                choice: coded(row),
                country_code,
            })
            .collect(),
    })
}

/// An organisation with its version and change time.
#[derive(Debug, Clone, Queryable)]
pub struct StampedOrganisation {
    pub id: Uuid,
    pub short_name: String,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub country_code: Option<String>,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// Every organisation (their names are visible to every signed-in user), by short name.
pub fn organisations(conn: &mut PgConnection) -> QueryResult<Vec<StampedOrganisation>> {
    let ids: Vec<Uuid> = crate::reference::organisations::list(conn)?
        .into_iter()
        .map(|o| o.id)
        .collect();
    organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((
            organisations::id,
            organisations::short_name,
            organisations::name,
            organisations::parent_id,
            organisations::country_code,
            organisations::version,
            organisations::modified_at,
        ))
        .order(organisations::short_name)
        .load(conn)
}
