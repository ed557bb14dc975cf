//! Employee groups with their daily hours (valid from a day until the group's next row) and
//! leave types: reference data administrators maintain. A group that still has members (or
//! project hour rates) and a leave type still used by leave cannot be deleted.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{
    daily_hours, date, leave_type_code, log_created, log_deleted, log_updated, name, refused,
};
use crate::audit::Actor;
use crate::auth::policy::Refusal;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::guarded::{
    RowEdit, delete_at_version, guarded, settled, still_at, update_at_version,
};
use crate::db::row_version::{self, version_of};
use crate::db::schema::{
    employee_group_hours, employee_group_memberships, employee_groups, leave_types, leaves,
    project_group_hour_rates,
};
use crate::i18n::Msg;

/// Every field of the forms on the employee groups page; each form sends the ones it has.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct LookupForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub daily_hours: String,
}

/// An employee group as the page shows it.
#[derive(Debug, Clone)]
pub struct GroupView {
    pub id: Uuid,
    pub name: String,
    /// Persons with at least one membership row in the group.
    pub members: i64,
    /// Project hour rates for the group (deleted with it, so they block deletion too).
    pub project_rates: i64,
    /// (id, valid from, daily hours, version), earliest first.
    pub hours: Vec<(Uuid, NaiveDate, BigDecimal, i64)>,
    pub version: i64,
}

/// A leave type and how many leave rows use it.
#[derive(Debug, Clone)]
pub struct LeaveTypeView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub used: i64,
    pub version: i64,
}

/// Everything the employee groups page shows: the groups and the leave types.
pub fn page(conn: &mut PgConnection) -> QueryResult<(Vec<GroupView>, Vec<LeaveTypeView>)> {
    Ok((groups(conn)?, leave_types(conn)?))
}

pub fn groups(conn: &mut PgConnection) -> QueryResult<Vec<GroupView>> {
    let groups: Vec<(Uuid, String, i64)> = employee_groups::table
        .select((
            employee_groups::id,
            employee_groups::name,
            employee_groups::version,
        ))
        .order(employee_groups::name)
        .load(conn)?;
    let hours: Vec<(Uuid, Uuid, NaiveDate, BigDecimal, i64)> = employee_group_hours::table
        .select((
            employee_group_hours::id,
            employee_group_hours::employee_group_id,
            employee_group_hours::valid_from,
            employee_group_hours::daily_hours,
            employee_group_hours::version,
        ))
        .order(employee_group_hours::valid_from)
        .load(conn)?;
    let members: Vec<(Uuid, Uuid)> = employee_group_memberships::table
        .select((
            employee_group_memberships::employee_group_id,
            employee_group_memberships::person_id,
        ))
        .distinct()
        .load(conn)?;
    let rates: Vec<Uuid> = project_group_hour_rates::table
        .select(project_group_hour_rates::employee_group_id)
        .load(conn)?;
    Ok(groups
        .into_iter()
        .map(|(id, name, version)| GroupView {
            members: members.iter().filter(|m| m.0 == id).count() as i64,
            project_rates: rates.iter().filter(|r| **r == id).count() as i64,
            hours: hours
                .iter()
                .filter(|h| h.1 == id)
                .map(|h| (h.0, h.2, h.3.clone(), h.4))
                .collect(),
            id,
            name,
            version,
        })
        .collect())
}

pub fn leave_types(conn: &mut PgConnection) -> QueryResult<Vec<LeaveTypeView>> {
    let types: Vec<(Uuid, String, String, i64)> = leave_types::table
        .select((
            leave_types::id,
            leave_types::code,
            leave_types::name,
            leave_types::version,
        ))
        .order(leave_types::code)
        .load(conn)?;
    let used: Vec<Uuid> = leaves::table.select(leaves::leave_type_id).load(conn)?;
    Ok(types
        .into_iter()
        .map(|(id, code, name, version)| LeaveTypeView {
            used: used.iter().filter(|u| **u == id).count() as i64,
            id,
            code,
            name,
            version,
        })
        .collect())
}

/// The daily hours of a group's row, read together with its first day (both or neither on the
/// add-group form).
fn hours_row(form: &LookupForm) -> Outcome<(NaiveDate, BigDecimal)> {
    let hours = daily_hours(&form.daily_hours).map_err(refused("daily_hours"))?;
    let from = date(&form.valid_from, Msg::new("groups-what-hours-from"))
        .map_err(refused("valid_from"))?;
    Ok((from, hours))
}

/// Employee groups and leave types: administrators only.
pub fn may_change_lookups(acting: &Acting) -> Outcome<()> {
    if acting.policy.can_manage_settings() {
        Ok(())
    } else {
        Err(DomainError::Forbidden(Refusal(Msg::new(
            "groups-refused-not-admin",
        ))))
    }
}

fn insert_hours(
    conn: &mut PgConnection,
    group: Uuid,
    group_name: &str,
    from: NaiveDate,
    hours: &BigDecimal,
    actor: &Actor,
) -> QueryResult<()> {
    let id: Uuid = diesel::insert_into(employee_group_hours::table)
        .values((
            employee_group_hours::employee_group_id.eq(group),
            employee_group_hours::valid_from.eq(from),
            employee_group_hours::daily_hours.eq(hours),
        ))
        .returning(employee_group_hours::id)
        .get_result(conn)?;
    log_created(
        conn,
        actor,
        "employee_group_hours",
        id,
        json!({"group": group_name, "valid_from": from, "daily_hours": hours}),
    )
}

/// The name of employee group `id` (`None`: no such group).
fn group_name(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<String>> {
    employee_groups::table
        .find(id)
        .select(employee_groups::name)
        .first(conn)
        .optional()
}

fn group_name_taken(constraint: &str) -> DomainError {
    match constraint {
        "employee_group_hours_employee_group_id_valid_from_key" => {
            DomainError::field("valid_from", Msg::new("groups-error-hours-day-taken"))
        }
        _ => DomainError::field("name", Msg::new("groups-error-name-taken")),
    }
}

/// Adds an employee group, with its first daily-hours row when the form gives one.
pub fn create_group(conn: &mut PgConnection, acting: &Acting, form: &LookupForm) -> Outcome<()> {
    may_change_lookups(acting)?;
    guarded(conn, group_name_taken, |conn| {
        let group_name =
            name(&form.name, Msg::new("groups-error-name-missing")).map_err(refused("name"))?;
        let first_row = if form.daily_hours.trim().is_empty() && form.valid_from.trim().is_empty() {
            None
        } else {
            Some(hours_row(form)?)
        };
        let id: Uuid = diesel::insert_into(employee_groups::table)
            .values(employee_groups::name.eq(&group_name))
            .returning(employee_groups::id)
            .get_result(conn)?;
        log_created(
            conn,
            &acting.actor,
            "employee_group",
            id,
            json!({"name": group_name}),
        )?;
        if let Some((from, hours)) = first_row {
            insert_hours(conn, id, &group_name, from, &hours, &acting.actor)?;
        }
        Ok(())
    })
}

/// A change to an existing row of the groups page: which row, the version the page showed of
/// it, and what the form sent.
pub type LookupChange = RowEdit<LookupForm>;

/// Renames an employee group still at the version the form showed.
pub fn rename_group(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &LookupChange,
) -> Outcome<()> {
    may_change_lookups(acting)?;
    let (id, version) = (change.id, change.version);
    let stored = version_of!(conn, employee_groups, id)?;
    settled(row_version::check(stored, version))?;
    let old = group_name(conn, id)?.ok_or(DomainError::NotFound)?;
    guarded(conn, group_name_taken, |conn| {
        let new = name(&change.form.name, Msg::new("groups-error-name-missing"))
            .map_err(refused("name"))?;
        if new == old {
            return Ok(());
        }
        update_at_version!(
            conn,
            employee_groups,
            id,
            version,
            employee_groups::name.eq(&new)
        )?;
        log_updated(
            conn,
            &acting.actor,
            "employee_group",
            id,
            json!({"name": old}),
            json!({"name": new}),
        )?;
        Ok(())
    })
}

/// A row of the groups page that can be deleted while nothing uses it: an employee group or a
/// leave type.
pub trait Deletable: Sized {
    /// The rows as the page lists them.
    fn listed(conn: &mut PgConnection) -> QueryResult<Vec<Self>>;
    /// The row's id and version.
    fn key(&self) -> (Uuid, i64);
    /// Why the row cannot be deleted yet (the field that says so, and the sentence).
    fn in_use(&self) -> Option<(&'static str, Msg)>;
    /// Deletes row `id` still at `version` (`row`): the audit log's entity type and values.
    fn delete(
        self,
        conn: &mut PgConnection,
        row: (Uuid, i64),
    ) -> Outcome<(&'static str, serde_json::Value)>;
}

impl Deletable for GroupView {
    fn listed(conn: &mut PgConnection) -> QueryResult<Vec<Self>> {
        groups(conn)
    }

    fn key(&self) -> (Uuid, i64) {
        (self.id, self.version)
    }

    fn in_use(&self) -> Option<(&'static str, Msg)> {
        let (name, members, rates) = (&self.name, self.members, self.project_rates);
        if members > 0 {
            Some((
                "name",
                Msg::new("groups-error-has-members")
                    .arg("name", name)
                    .arg("count", members),
            ))
        } else if rates > 0 {
            Some((
                "name",
                Msg::new("groups-error-has-rates")
                    .arg("name", name)
                    .arg("count", rates),
            ))
        } else {
            None
        }
    }

    fn delete(
        self,
        conn: &mut PgConnection,
        (id, version): (Uuid, i64),
    ) -> Outcome<(&'static str, serde_json::Value)> {
        delete_at_version!(conn, employee_groups, id, version)?;
        let hours: Vec<_> = (self.hours.iter())
            .map(|h| json!({"valid_from": h.1, "daily_hours": h.2}))
            .collect();
        Ok((
            "employee_group",
            json!({"name": self.name, "daily_hours": hours}),
        ))
    }
}

impl Deletable for LeaveTypeView {
    fn listed(conn: &mut PgConnection) -> QueryResult<Vec<Self>> {
        leave_types(conn)
    }

    fn key(&self) -> (Uuid, i64) {
        (self.id, self.version)
    }

    fn in_use(&self) -> Option<(&'static str, Msg)> {
        let (name, code, used) = (&self.name, &self.code, self.used);
        (used > 0).then(|| {
            let why = Msg::new("leave-error-type-used")
                .arg("name", name)
                .arg("code", code)
                .arg("count", used);
            ("code", why)
        })
    }

    fn delete(
        self,
        conn: &mut PgConnection,
        (id, version): (Uuid, i64),
    ) -> Outcome<(&'static str, serde_json::Value)> {
        delete_at_version!(conn, leave_types, id, version)?;
        Ok(("leave_type", json!({"code": self.code, "name": self.name})))
    }
}

/// Deletes row `id` of the groups page (an employee group or a leave type) still at `version`,
/// the one the page showed; a row still in use is refused, its field saying why.
pub fn delete<T: Deletable>(
    conn: &mut PgConnection,
    acting: &Acting,
    (id, version): (Uuid, i64),
) -> Outcome<()> {
    may_change_lookups(acting)?;
    let found = T::listed(conn)?.into_iter().find(|row| row.key().0 == id);
    let row = still_at(found, |row| row.key().1, version)?;
    if let Some((field, why)) = row.in_use() {
        return Err(DomainError::field(field, why));
    }
    let (entity, before) = row.delete(conn, (id, version))?;
    log_deleted(conn, &acting.actor, entity, id, before)?;
    Ok(())
}

/// Adds a daily-hours row to group `group` (404 when there is no such group).
pub fn add_group_hours(
    conn: &mut PgConnection,
    acting: &Acting,
    (group, form): (Uuid, &LookupForm),
) -> Outcome<()> {
    may_change_lookups(acting)?;
    let group_name = group_name(conn, group)?.ok_or(DomainError::NotFound)?;
    guarded(conn, group_name_taken, |conn| {
        let (from, hours) = hours_row(form)?;
        let taken: i64 = employee_group_hours::table
            .filter(employee_group_hours::employee_group_id.eq(group))
            .filter(employee_group_hours::valid_from.eq(from))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(group_name_taken(
                "employee_group_hours_employee_group_id_valid_from_key",
            ));
        }
        insert_hours(conn, group, &group_name, from, &hours, &acting.actor)?;
        Ok(())
    })
}

/// Which daily-hours row of which group to remove, and the version the page showed of it.
#[derive(Debug, Clone, Copy)]
pub struct HoursRemoval {
    pub group: Uuid,
    pub row: Uuid,
    pub version: i64,
}

/// Removes one daily-hours row of a group if it is still at the version the page showed.
pub fn remove_group_hours(
    conn: &mut PgConnection,
    acting: &Acting,
    removal: HoursRemoval,
) -> Outcome<()> {
    may_change_lookups(acting)?;
    let HoursRemoval {
        group,
        row,
        version,
    } = removal;
    let found: Option<(String, NaiveDate, BigDecimal, i64)> = employee_group_hours::table
        .inner_join(employee_groups::table)
        .filter(employee_group_hours::id.eq(row))
        .filter(employee_group_hours::employee_group_id.eq(group))
        .select((
            employee_groups::name,
            employee_group_hours::valid_from,
            employee_group_hours::daily_hours,
            employee_group_hours::version,
        ))
        .first(conn)
        .optional()?;
    let (group_name, from, hours, _) = still_at(found, |f| f.3, version)?;
    delete_at_version!(conn, employee_group_hours, row, version)?;
    log_deleted(
        conn,
        &acting.actor,
        "employee_group_hours",
        row,
        json!({"group": group_name, "valid_from": from, "daily_hours": hours}),
    )?;
    Ok(())
}

fn leave_code_taken(_: &str) -> DomainError {
    DomainError::field("code", Msg::new("leave-error-code-taken"))
}

/// Adds a leave type.
pub fn create_leave_type(
    conn: &mut PgConnection,
    acting: &Acting,
    form: &LookupForm,
) -> Outcome<()> {
    may_change_lookups(acting)?;
    guarded(conn, leave_code_taken, |conn| {
        let code = leave_type_code(&form.code).map_err(refused("code"))?;
        let type_name =
            name(&form.name, Msg::new("leave-error-name-missing")).map_err(refused("name"))?;
        let id: Uuid = diesel::insert_into(leave_types::table)
            .values((
                leave_types::code.eq(&code),
                leave_types::name.eq(&type_name),
            ))
            .returning(leave_types::id)
            .get_result(conn)?;
        log_created(
            conn,
            &acting.actor,
            "leave_type",
            id,
            json!({"code": code, "name": type_name}),
        )?;
        Ok(())
    })
}

/// Renames a leave type still at the version the form showed; its code stays, because people
/// files refer to leave types by code.
pub fn rename_leave_type(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &LookupChange,
) -> Outcome<()> {
    may_change_lookups(acting)?;
    let (id, version) = (change.id, change.version);
    let found = leave_types::table
        .find(id)
        .select((leave_types::code, leave_types::name, leave_types::version))
        .first::<(String, String, i64)>(conn)
        .optional()?;
    let (code, old, _) = still_at(found, |f| f.2, version)?;
    let new =
        name(&change.form.name, Msg::new("leave-error-name-missing")).map_err(refused("name"))?;
    if new != old {
        update_at_version!(conn, leave_types, id, version, leave_types::name.eq(&new))?;
        log_updated(
            conn,
            &acting.actor,
            "leave_type",
            id,
            json!({"code": code, "name": old}),
            json!({"code": code, "name": new}),
        )?;
    }
    Ok(())
}
