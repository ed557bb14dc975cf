//! What the JSON API reads of people besides what the pages show: each row's version and the
//! time it last changed (`modified_at`, for incremental sync), read with the same visibility
//! rule as the pages' lists (`person_visible`, and RLS under it).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{
    assignments, employee_group_memberships, employee_groups, fte_periods, leaves, persons,
};
use crate::db::visibility::person_visible;

/// What the person pages do not show of a person: the version (what an edit form carries), when
/// the row last changed and the linked user.
#[derive(Debug, Clone, Copy)]
pub struct PersonStamp {
    pub version: i64,
    pub modified_at: DateTime<Utc>,
    pub user_id: Option<Uuid>,
}

/// The stamps of the persons the user may see (`only`: just that person).
pub fn person_stamps(
    conn: &mut PgConnection,
    only: Option<Uuid>,
) -> QueryResult<HashMap<Uuid, PersonStamp>> {
    let mut query = persons::table
        .filter(person_visible())
        .select((
            persons::id,
            persons::version,
            persons::modified_at,
            persons::user_id,
        ))
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(persons::id.eq(id));
    }
    let rows: Vec<(Uuid, i64, DateTime<Utc>, Option<Uuid>)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, version, modified_at, user_id)| {
            let stamp = PersonStamp {
                version,
                modified_at,
                user_id,
            };
            (id, stamp)
        })
        .collect())
}

/// When each working-time row of `person` (membership, FTE period, leave) last changed, by id.
pub fn working_time_changes(
    conn: &mut PgConnection,
    person: Uuid,
) -> QueryResult<HashMap<Uuid, DateTime<Utc>>> {
    let mut changed: HashMap<Uuid, DateTime<Utc>> = employee_group_memberships::table
        .filter(employee_group_memberships::person_id.eq(person))
        .select((
            employee_group_memberships::id,
            employee_group_memberships::modified_at,
        ))
        .load::<(Uuid, DateTime<Utc>)>(conn)?
        .into_iter()
        .collect();
    changed.extend(
        fte_periods::table
            .filter(fte_periods::person_id.eq(person))
            .select((fte_periods::id, fte_periods::modified_at))
            .load::<(Uuid, DateTime<Utc>)>(conn)?,
    );
    changed.extend(
        leaves::table
            .filter(leaves::person_id.eq(person))
            .select((leaves::id, leaves::modified_at))
            .load::<(Uuid, DateTime<Utc>)>(conn)?,
    );
    Ok(changed)
}

/// A membership of a person in an employee group, with the group's id.
#[derive(Debug, Clone, Queryable)]
pub struct MembershipRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub group_id: Uuid,
    pub valid_from: chrono::NaiveDate,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// Every employee group (id, name, version, modified_at), by name, and the memberships of
/// `person` in them (none when `None`), earliest first.
#[allow(clippy::type_complexity)]
pub fn employee_groups(
    conn: &mut PgConnection,
    person: Option<Uuid>,
) -> QueryResult<(Vec<(Uuid, String, i64, DateTime<Utc>)>, Vec<MembershipRow>)> {
    let groups = employee_groups::table
        .select((
            employee_groups::id,
            employee_groups::name,
            employee_groups::version,
            employee_groups::modified_at,
        ))
        .order((employee_groups::name, employee_groups::id))
        .load(conn)?;
    let memberships = match person {
        None => Vec::new(),
        Some(person) => employee_group_memberships::table
            .filter(employee_group_memberships::person_id.eq(person))
            .select((
                employee_group_memberships::id,
                employee_group_memberships::person_id,
                employee_group_memberships::employee_group_id,
                employee_group_memberships::valid_from,
                employee_group_memberships::version,
                employee_group_memberships::modified_at,
            ))
            .order(employee_group_memberships::valid_from)
            .load(conn)?,
    };
    Ok((groups, memberships))
}

/// When each of the assignments `ids` last changed.
pub fn assignment_changes(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> QueryResult<HashMap<Uuid, DateTime<Utc>>> {
    Ok(assignments::table
        .filter(assignments::id.eq_any(ids))
        .select((assignments::id, assignments::modified_at))
        .load::<(Uuid, DateTime<Utc>)>(conn)?
        .into_iter()
        .collect())
}

/// The project of assignment `id`, if the user may see it.
pub fn project_of_assignment(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<Uuid>> {
    assignments::table
        .filter(assignments::id.eq(id))
        .filter(crate::db::visibility::assignment_visible())
        .select(assignments::project_id)
        .first(conn)
        .optional()
}
