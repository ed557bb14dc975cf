//! Lookups every signed-in user may read: lifecycle states, role types, deliverable types,
//! dissemination levels, allocation groups and holiday calendars.

use diesel::dsl::count;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::db::schema::{
    allocation_groups, calendars, deliverable_types, dissemination_levels, holidays,
    lifecycle_states, lookup_groups, role_types,
};

#[derive(Debug, Clone, Queryable)]
pub struct LifecycleState {
    pub code: String,
    pub name: String,
    pub is_pipeline: bool,
    pub locks_project: bool,
    /// The default win probability of its projects, whole percent.
    pub win_probability: i32,
}

/// A coded lookup value with the name of its group.
#[derive(Debug, Clone, Queryable)]
pub struct GroupedLookup {
    pub code: String,
    pub name: String,
    pub group: Option<String>,
}

#[derive(Debug, Clone, Queryable)]
pub struct AllocationGroup {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Queryable)]
pub struct CalendarSummary {
    pub code: String,
    pub name: String,
    pub country_code: Option<String>,
    pub holidays: i64,
}

#[derive(Debug, Clone)]
pub struct Lookups {
    pub lifecycle_states: Vec<LifecycleState>,
    pub role_types: Vec<GroupedLookup>,
    pub deliverable_types: Vec<GroupedLookup>,
    pub dissemination_levels: Vec<GroupedLookup>,
    pub allocation_groups: Vec<AllocationGroup>,
    pub calendars: Vec<CalendarSummary>,
}

/// The lifecycle states in their order (the projects list's filter needs only these).
pub fn lifecycle_states(conn: &mut PgConnection) -> QueryResult<Vec<LifecycleState>> {
    lifecycle_states::table
        .select((
            lifecycle_states::code,
            lifecycle_states::name,
            lifecycle_states::is_pipeline,
            lifecycle_states::locks_project,
            lifecycle_states::win_probability,
        ))
        .order((lifecycle_states::sort_order, lifecycle_states::code))
        .load(conn)
}

pub fn all(conn: &mut PgConnection) -> QueryResult<Lookups> {
    Ok(Lookups {
        lifecycle_states: lifecycle_states(conn)?,
        // role types have no code: their name is the key imports use
        role_types: role_types::table
            .left_join(lookup_groups::table)
            .select((
                role_types::name,
                role_types::name,
                lookup_groups::name.nullable(),
            ))
            .order((role_types::sort_order, role_types::name))
            .load(conn)?,
        deliverable_types: deliverable_types::table
            .left_join(lookup_groups::table)
            .select((
                deliverable_types::code,
                deliverable_types::name,
                lookup_groups::name.nullable(),
            ))
            .order((deliverable_types::sort_order, deliverable_types::code))
            .load(conn)?,
        dissemination_levels: dissemination_levels::table
            .left_join(lookup_groups::table)
            .select((
                dissemination_levels::code,
                dissemination_levels::name,
                lookup_groups::name.nullable(),
            ))
            .order((dissemination_levels::sort_order, dissemination_levels::code))
            .load(conn)?,
        allocation_groups: allocation_groups::table
            .select((allocation_groups::code, allocation_groups::name))
            .order((allocation_groups::sort_order, allocation_groups::code))
            .load(conn)?,
        calendars: calendars::table
            .left_join(holidays::table)
            .group_by(calendars::id)
            .select((
                calendars::code,
                calendars::name,
                calendars::country_code,
                count(holidays::id.nullable()),
            ))
            .order(calendars::code)
            .load(conn)?,
    })
}

/// (id, name) of the lifecycle states in their order, for select boxes.
pub fn states_with_ids(conn: &mut PgConnection) -> QueryResult<Vec<(uuid::Uuid, String)>> {
    lifecycle_states::table
        .select((lifecycle_states::id, lifecycle_states::name))
        .order((lifecycle_states::sort_order, lifecycle_states::code))
        .load(conn)
}
