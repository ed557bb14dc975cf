//! Administrators' changes to reference data: role types, deliverable types, dissemination levels,
//! allocation groups, lifecycle states, system hours-per-PM rates, calendars and holidays. Each
//! change is validated (a clear message, nothing written when wrong) and audited; a value still
//! in use cannot be deleted.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Actor, Change};
use crate::schema::{
    allocation_groups, assignments, calendars, deliverable_types, deliverables,
    dissemination_levels, holidays, lifecycle_states, lookup_groups, milestones, projects,
    role_demand, role_types, system_hour_rates, tasks,
};

/// The kinds of reference data the settings page edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RoleType,
    DeliverableType,
    DisseminationLevel,
    AllocationGroup,
    LifecycleState,
    SystemRate,
    Calendar,
    Holiday,
}

impl Kind {
    pub fn parse(value: &str) -> Option<Kind> {
        Some(match value {
            "role-type" => Kind::RoleType,
            "deliverable-type" => Kind::DeliverableType,
            "dissemination-level" => Kind::DisseminationLevel,
            "allocation-group" => Kind::AllocationGroup,
            "lifecycle-state" => Kind::LifecycleState,
            "system-rate" => Kind::SystemRate,
            "calendar" => Kind::Calendar,
            "holiday" => Kind::Holiday,
            _ => return None,
        })
    }

    fn entity(self) -> &'static str {
        match self {
            Kind::RoleType => "role_type",
            Kind::DeliverableType => "deliverable_type",
            Kind::DisseminationLevel => "dissemination_level",
            Kind::AllocationGroup => "allocation_group",
            Kind::LifecycleState => "lifecycle_state",
            Kind::SystemRate => "system_hour_rate",
            Kind::Calendar => "calendar",
            Kind::Holiday => "holiday",
        }
    }
}

/// Every field any settings form sends; each kind reads the ones it has.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub is_pipeline: Option<String>,
    #[serde(default)]
    pub locks_project: Option<String>,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub hours_per_pm: String,
    #[serde(default)]
    pub country_code: String,
    #[serde(default)]
    pub calendar: String,
    #[serde(default)]
    pub day: String,
}

fn required(value: &str, what: &str) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        Err(format!("Enter the {what}."))
    } else {
        Ok(v.to_string())
    }
}

fn code_of(value: &str) -> Result<String, String> {
    let v = required(value, "code")?;
    if v.len() <= 32
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
    {
        Ok(v)
    } else {
        Err("A code uses letters, digits, '-', '_' or '/', at most 32.".into())
    }
}

fn lowercase_code(value: &str) -> Result<String, String> {
    let v = required(value, "code")?.to_lowercase();
    if v.len() <= 32
        && v.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(v)
    } else {
        Err("This code uses lower-case letters, digits and '_', starting with a letter.".into())
    }
}

fn group_of(
    conn: &mut PgConnection,
    value: &str,
    kind: &str,
) -> QueryResult<Result<Option<Uuid>, String>> {
    let name = value.trim();
    if name.is_empty() {
        return Ok(Ok(None));
    }
    let existing: Option<Uuid> = lookup_groups::table
        .filter(lookup_groups::kind.eq(kind))
        .filter(lookup_groups::name.eq(name))
        .select(lookup_groups::id)
        .first(conn)
        .optional()?;
    Ok(Ok(Some(match existing {
        Some(id) => id,
        None => diesel::insert_into(lookup_groups::table)
            .values((lookup_groups::kind.eq(kind), lookup_groups::name.eq(name)))
            .returning(lookup_groups::id)
            .get_result(conn)?,
    })))
}

fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

enum Outcome {
    Refused(String),
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for Outcome {
    fn from(e: diesel::result::Error) -> Self {
        Outcome::Database(e)
    }
}

/// Adds one value; `Err` is the message for the user (nothing written).
pub fn create(
    conn: &mut PgConnection,
    kind: Kind,
    f: &SettingForm,
    actor: &Actor,
) -> QueryResult<Result<(), String>> {
    // A savepoint: a refused value (including a duplicate caught by a unique key) rolls back alone.
    let outcome = conn.transaction::<(Uuid, serde_json::Value), Outcome, _>(|conn| {
        match insert(conn, kind, f) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(message)) => Err(Outcome::Refused(message)),
            Err(e) if is_unique_violation(&e) => {
                Err(Outcome::Refused("That value exists already.".into()))
            }
            Err(e) => Err(Outcome::Database(e)),
        }
    });
    let (id, after) = match outcome {
        Ok(v) => v,
        Err(Outcome::Refused(message)) => return Ok(Err(message)),
        Err(Outcome::Database(e)) => return Err(e),
    };
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Create,
            entity_type: kind.entity(),
            entity_id: Some(id),
            project_id: None,
            before: None,
            after: Some(after),
        }],
    )?;
    Ok(Ok(()))
}

fn insert(
    conn: &mut PgConnection,
    kind: Kind,
    f: &SettingForm,
) -> QueryResult<Result<(Uuid, serde_json::Value), String>> {
    macro_rules! check {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(message) => return Ok(Err(message)),
            }
        };
    }
    Ok(Ok(match kind {
        Kind::RoleType => {
            let name = check!(required(&f.name, "name"));
            let group = check!(group_of(conn, &f.group, "role_type")?);
            let id = diesel::insert_into(role_types::table)
                .values((role_types::name.eq(&name), role_types::group_id.eq(group)))
                .returning(role_types::id)
                .get_result(conn)?;
            (id, json!({"name": name, "group": f.group.trim()}))
        }
        Kind::DeliverableType => {
            let code = check!(code_of(&f.code));
            let name = check!(required(&f.name, "name"));
            let group = check!(group_of(conn, &f.group, "deliverable_type")?);
            let id = diesel::insert_into(deliverable_types::table)
                .values((
                    deliverable_types::code.eq(&code),
                    deliverable_types::name.eq(&name),
                    deliverable_types::group_id.eq(group),
                ))
                .returning(deliverable_types::id)
                .get_result(conn)?;
            (
                id,
                json!({"code": code, "name": name, "group": f.group.trim()}),
            )
        }
        Kind::DisseminationLevel => {
            let code = check!(code_of(&f.code));
            let name = check!(required(&f.name, "name"));
            let group = check!(group_of(conn, &f.group, "dissemination_level")?);
            let id = diesel::insert_into(dissemination_levels::table)
                .values((
                    dissemination_levels::code.eq(&code),
                    dissemination_levels::name.eq(&name),
                    dissemination_levels::group_id.eq(group),
                ))
                .returning(dissemination_levels::id)
                .get_result(conn)?;
            (
                id,
                json!({"code": code, "name": name, "group": f.group.trim()}),
            )
        }
        Kind::AllocationGroup => {
            let code = check!(lowercase_code(&f.code));
            let name = check!(required(&f.name, "name"));
            let id = diesel::insert_into(allocation_groups::table)
                .values((
                    allocation_groups::code.eq(&code),
                    allocation_groups::name.eq(&name),
                ))
                .returning(allocation_groups::id)
                .get_result(conn)?;
            (id, json!({"code": code, "name": name}))
        }
        Kind::LifecycleState => {
            let code = check!(lowercase_code(&f.code));
            let name = check!(required(&f.name, "name"));
            let (pipeline, locks) = (f.is_pipeline.is_some(), f.locks_project.is_some());
            let order: Option<i32> = lifecycle_states::table
                .select(diesel::dsl::max(lifecycle_states::sort_order))
                .first(conn)?;
            let id = diesel::insert_into(lifecycle_states::table)
                .values((
                    lifecycle_states::code.eq(&code),
                    lifecycle_states::name.eq(&name),
                    lifecycle_states::is_pipeline.eq(pipeline),
                    lifecycle_states::locks_project.eq(locks),
                    lifecycle_states::sort_order.eq(order.unwrap_or(0) + 10),
                ))
                .returning(lifecycle_states::id)
                .get_result(conn)?;
            (
                id,
                json!({"code": code, "name": name, "is_pipeline": pipeline, "locks_project": locks}),
            )
        }
        Kind::SystemRate => {
            let from = check!(
                NaiveDate::parse_from_str(&format!("{}-01", f.valid_from.trim()), "%Y-%m-%d")
                    .map_err(|_| "Enter the month the rate applies from as YYYY-MM.".to_string())
            );
            let hours = check!(crate::planning::divisor::read_hours_per_pm(&f.hours_per_pm));
            let id = diesel::insert_into(system_hour_rates::table)
                .values((
                    system_hour_rates::valid_from.eq(from),
                    system_hour_rates::hours_per_pm.eq(&hours),
                ))
                .returning(system_hour_rates::id)
                .get_result(conn)?;
            (id, json!({"valid_from": from, "hours_per_pm": hours}))
        }
        Kind::Calendar => {
            let code = check!(code_of(&f.code));
            let name = check!(required(&f.name, "name"));
            let country = f.country_code.trim().to_uppercase();
            let country = (!country.is_empty()).then_some(country);
            if let Some(c) = &country
                && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
            {
                return Ok(Err(
                    "Use a two-letter country code such as NO, or leave it empty.".into(),
                ));
            }
            let id = diesel::insert_into(calendars::table)
                .values((
                    calendars::code.eq(&code),
                    calendars::name.eq(&name),
                    calendars::country_code.eq(&country),
                ))
                .returning(calendars::id)
                .get_result(conn)?;
            (
                id,
                json!({"code": code, "name": name, "country_code": country}),
            )
        }
        Kind::Holiday => {
            let calendar = check!(
                Uuid::parse_str(f.calendar.trim()).map_err(|_| "Choose a calendar.".to_string())
            );
            if calendars::table
                .find(calendar)
                .count()
                .get_result::<i64>(conn)?
                != 1
            {
                return Ok(Err("Choose a calendar.".into()));
            }
            let day = check!(
                NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d")
                    .map_err(|_| "Enter the day as YYYY-MM-DD.".to_string())
            );
            let name = check!(required(&f.name, "name"));
            let id = diesel::insert_into(holidays::table)
                .values((
                    holidays::calendar_id.eq(calendar),
                    holidays::day.eq(day),
                    holidays::name.eq(&name),
                ))
                .returning(holidays::id)
                .get_result(conn)?;
            (
                id,
                json!({"calendar_id": calendar, "day": day, "name": name}),
            )
        }
    }))
}

/// Deletes one value unless it is used; `None` when it does not exist.
pub fn delete(
    conn: &mut PgConnection,
    kind: Kind,
    id: Uuid,
    actor: &Actor,
) -> QueryResult<Option<Result<(), String>>> {
    let used: i64 = match kind {
        Kind::RoleType => {
            tasks::table
                .filter(tasks::role_type_id.eq(id))
                .count()
                .get_result::<i64>(conn)?
                + milestones::table
                    .filter(milestones::role_type_id.eq(id))
                    .count()
                    .get_result::<i64>(conn)?
                + assignments::table
                    .filter(assignments::role_type_id.eq(id))
                    .count()
                    .get_result::<i64>(conn)?
                + role_demand::table
                    .filter(role_demand::role_type_id.eq(id))
                    .count()
                    .get_result::<i64>(conn)?
        }
        Kind::DeliverableType => deliverables::table
            .filter(deliverables::deliverable_type_id.eq(id))
            .count()
            .get_result(conn)?,
        Kind::DisseminationLevel => deliverables::table
            .filter(deliverables::dissemination_level_id.eq(id))
            .count()
            .get_result(conn)?,
        Kind::AllocationGroup => assignments::table
            .filter(assignments::allocation_group_id.eq(id))
            .count()
            .get_result(conn)?,
        Kind::LifecycleState => projects::table
            .filter(projects::lifecycle_state_id.eq(id))
            .count()
            .get_result(conn)?,
        Kind::SystemRate | Kind::Holiday => 0,
        Kind::Calendar => 0,
    };
    if used > 0 {
        return Ok(Some(Err(format!(
            "It is still used {used} time(s): change those first."
        ))));
    }
    let deleted = match kind {
        Kind::RoleType => diesel::delete(role_types::table.find(id)).execute(conn)?,
        Kind::DeliverableType => diesel::delete(deliverable_types::table.find(id)).execute(conn)?,
        Kind::DisseminationLevel => {
            diesel::delete(dissemination_levels::table.find(id)).execute(conn)?
        }
        Kind::AllocationGroup => diesel::delete(allocation_groups::table.find(id)).execute(conn)?,
        Kind::LifecycleState => diesel::delete(lifecycle_states::table.find(id)).execute(conn)?,
        Kind::SystemRate => diesel::delete(system_hour_rates::table.find(id)).execute(conn)?,
        Kind::Calendar => diesel::delete(calendars::table.find(id)).execute(conn)?,
        Kind::Holiday => diesel::delete(holidays::table.find(id)).execute(conn)?,
    };
    if deleted == 0 {
        return Ok(None);
    }
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Delete,
            entity_type: kind.entity(),
            entity_id: Some(id),
            project_id: None,
            before: Some(json!({"id": id})),
            after: None,
        }],
    )?;
    Ok(Some(Ok(())))
}

/// Changes a lifecycle state's name and flags (whether it is pipeline, whether it locks).
pub fn update_lifecycle_state(
    conn: &mut PgConnection,
    id: Uuid,
    f: &SettingForm,
    actor: &Actor,
) -> QueryResult<Option<Result<(), String>>> {
    let before: Option<(String, bool, bool)> = lifecycle_states::table
        .find(id)
        .select((
            lifecycle_states::name,
            lifecycle_states::is_pipeline,
            lifecycle_states::locks_project,
        ))
        .first(conn)
        .optional()?;
    let Some((old_name, old_pipeline, old_locks)) = before else {
        return Ok(None);
    };
    let name = match required(&f.name, "name") {
        Ok(n) => n,
        Err(message) => return Ok(Some(Err(message))),
    };
    let (pipeline, locks) = (f.is_pipeline.is_some(), f.locks_project.is_some());
    diesel::update(lifecycle_states::table.find(id))
        .set((
            lifecycle_states::name.eq(&name),
            lifecycle_states::is_pipeline.eq(pipeline),
            lifecycle_states::locks_project.eq(locks),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Update,
            entity_type: "lifecycle_state",
            entity_id: Some(id),
            project_id: None,
            before: Some(
                json!({"name": old_name, "is_pipeline": old_pipeline, "locks_project": old_locks}),
            ),
            after: Some(json!({"name": name, "is_pipeline": pipeline, "locks_project": locks})),
        }],
    )?;
    Ok(Some(Ok(())))
}

/// System rates and the holidays of one calendar, for the settings page.
pub fn system_rates(conn: &mut PgConnection) -> QueryResult<Vec<(Uuid, NaiveDate, BigDecimal)>> {
    system_hour_rates::table
        .select((
            system_hour_rates::id,
            system_hour_rates::valid_from,
            system_hour_rates::hours_per_pm,
        ))
        .order(system_hour_rates::valid_from)
        .load(conn)
}

pub fn holidays_of(
    conn: &mut PgConnection,
    calendar: Uuid,
    year: i32,
) -> QueryResult<Vec<(Uuid, NaiveDate, String)>> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    holidays::table
        .filter(holidays::calendar_id.eq(calendar))
        .filter(holidays::day.between(first, last))
        .select((holidays::id, holidays::day, holidays::name))
        .order((holidays::day, holidays::name))
        .load(conn)
}

/// Every row id of a lookup table with its kind, for the edit links.
pub fn ids(conn: &mut PgConnection) -> QueryResult<Vec<(String, Uuid, String)>> {
    let mut out: Vec<(String, Uuid, String)> = Vec::new();
    out.extend(
        role_types::table
            .select((role_types::id, role_types::name))
            .load::<(Uuid, String)>(conn)?
            .into_iter()
            .map(|(i, k)| ("role-type".into(), i, k)),
    );
    out.extend(
        deliverable_types::table
            .select((deliverable_types::id, deliverable_types::code))
            .load::<(Uuid, String)>(conn)?
            .into_iter()
            .map(|(i, k)| ("deliverable-type".into(), i, k)),
    );
    out.extend(
        dissemination_levels::table
            .select((dissemination_levels::id, dissemination_levels::code))
            .load::<(Uuid, String)>(conn)?
            .into_iter()
            .map(|(i, k)| ("dissemination-level".into(), i, k)),
    );
    out.extend(
        allocation_groups::table
            .select((allocation_groups::id, allocation_groups::code))
            .load::<(Uuid, String)>(conn)?
            .into_iter()
            .map(|(i, k)| ("allocation-group".into(), i, k)),
    );
    out.extend(
        lifecycle_states::table
            .select((lifecycle_states::id, lifecycle_states::code))
            .load::<(Uuid, String)>(conn)?
            .into_iter()
            .map(|(i, k)| ("lifecycle-state".into(), i, k)),
    );
    out.extend(
        calendars::table
            .select((calendars::id, calendars::code))
            .load::<(Uuid, String)>(conn)?
            .into_iter()
            .map(|(i, k)| ("calendar".into(), i, k)),
    );
    Ok(out)
}

/// Renames a role type, deliverable type, dissemination level or allocation group (and sets its
/// group where the kind has groups). `None` when there is no such value.
pub fn rename(
    conn: &mut PgConnection,
    kind: Kind,
    id: Uuid,
    f: &SettingForm,
    actor: &Actor,
) -> QueryResult<Option<Result<(), String>>> {
    let name = match required(&f.name, "name") {
        Ok(n) => n,
        Err(message) => return Ok(Some(Err(message))),
    };
    let group_kind = match kind {
        Kind::RoleType => Some("role_type"),
        Kind::DeliverableType => Some("deliverable_type"),
        Kind::DisseminationLevel => Some("dissemination_level"),
        _ => None,
    };
    let group = match group_kind {
        Some(k) => match group_of(conn, &f.group, k)? {
            Ok(g) => g,
            Err(message) => return Ok(Some(Err(message))),
        },
        None => None,
    };
    let result = conn.transaction::<usize, diesel::result::Error, _>(|conn| {
        Ok(match kind {
            Kind::RoleType => diesel::update(role_types::table.find(id))
                .set((role_types::name.eq(&name), role_types::group_id.eq(group)))
                .execute(conn)?,
            Kind::DeliverableType => diesel::update(deliverable_types::table.find(id))
                .set((
                    deliverable_types::name.eq(&name),
                    deliverable_types::group_id.eq(group),
                ))
                .execute(conn)?,
            Kind::DisseminationLevel => diesel::update(dissemination_levels::table.find(id))
                .set((
                    dissemination_levels::name.eq(&name),
                    dissemination_levels::group_id.eq(group),
                ))
                .execute(conn)?,
            Kind::AllocationGroup => diesel::update(allocation_groups::table.find(id))
                .set(allocation_groups::name.eq(&name))
                .execute(conn)?,
            _ => 0,
        })
    });
    let updated = match result {
        Ok(n) => n,
        Err(e) if is_unique_violation(&e) => {
            return Ok(Some(Err("That name exists already.".into())));
        }
        Err(e) => return Err(e),
    };
    if updated == 0 {
        return Ok(None);
    }
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Update,
            entity_type: kind.entity(),
            entity_id: Some(id),
            project_id: None,
            before: None,
            after: Some(json!({"name": name, "group": f.group.trim()})),
        }],
    )?;
    Ok(Some(Ok(())))
}
