//! Administrators' changes to reference data: role types, deliverable types, dissemination levels,
//! allocation groups, lifecycle states, system hours-per-PM rates, calendars and holidays. Each
//! change is validated (a clear message, nothing written when wrong) and audited; a value still
//! in use cannot be deleted.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Actor, Change};
use crate::db::row_version::{self, RowChange, version_of};
use crate::db::schema::{
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

    /// The kind as addresses name it (the inverse of [`Kind::parse`]).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::RoleType => "role-type",
            Kind::DeliverableType => "deliverable-type",
            Kind::DisseminationLevel => "dissemination-level",
            Kind::AllocationGroup => "allocation-group",
            Kind::LifecycleState => "lifecycle-state",
            Kind::SystemRate => "system-rate",
            Kind::Calendar => "calendar",
            Kind::Holiday => "holiday",
        }
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
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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

/// The lookup group named `value` for lookups of `kind`, added when it is new (`None`: no group).
fn group_of(conn: &mut PgConnection, value: &str, kind: &str) -> QueryResult<Option<Uuid>> {
    let name = value.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let existing: Option<Uuid> = lookup_groups::table
        .filter(lookup_groups::kind.eq(kind))
        .filter(lookup_groups::name.eq(name))
        .select(lookup_groups::id)
        .first(conn)
        .optional()?;
    Ok(Some(match existing {
        Some(id) => id,
        None => diesel::insert_into(lookup_groups::table)
            .values((lookup_groups::kind.eq(kind), lookup_groups::name.eq(name)))
            .returning(lookup_groups::id)
            .get_result(conn)?,
    }))
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
            let group = group_of(conn, &f.group, "role_type")?;
            let id = diesel::insert_into(role_types::table)
                .values((role_types::name.eq(&name), role_types::group_id.eq(group)))
                .returning(role_types::id)
                .get_result(conn)?;
            (id, json!({"name": name, "group": f.group.trim()}))
        }
        Kind::DeliverableType => {
            let code = check!(code_of(&f.code));
            let name = check!(required(&f.name, "name"));
            let group = group_of(conn, &f.group, "deliverable_type")?;
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
            let group = group_of(conn, &f.group, "dissemination_level")?;
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

/// The stored version of one value (`None`: no such value).
fn stored_version(conn: &mut PgConnection, kind: Kind, id: Uuid) -> QueryResult<Option<i64>> {
    match kind {
        Kind::RoleType => version_of!(conn, role_types, id),
        Kind::DeliverableType => version_of!(conn, deliverable_types, id),
        Kind::DisseminationLevel => version_of!(conn, dissemination_levels, id),
        Kind::AllocationGroup => version_of!(conn, allocation_groups, id),
        Kind::LifecycleState => version_of!(conn, lifecycle_states, id),
        Kind::SystemRate => version_of!(conn, system_hour_rates, id),
        Kind::Calendar => version_of!(conn, calendars, id),
        Kind::Holiday => version_of!(conn, holidays, id),
    }
}

/// Deletes row `$id` of `$table` if it is still at `$version`: the number of rows deleted.
macro_rules! delete_at {
    ($conn:expr, $table:ident, $id:expr, $version:expr) => {
        diesel::delete($table::table.find($id).filter($table::version.eq($version))).execute($conn)
    };
}

/// How many rows use one value (a value in use cannot be deleted).
fn uses(conn: &mut PgConnection, kind: Kind, id: Uuid) -> QueryResult<i64> {
    Ok(match kind {
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
        Kind::SystemRate | Kind::Holiday | Kind::Calendar => 0,
    })
}

/// Deletes one value unless it is used, if it is still at `version`, the one the page showed.
pub fn delete(
    conn: &mut PgConnection,
    kind: Kind,
    id: Uuid,
    version: i64,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), String>>> {
    let stored = stored_version(conn, kind, id)?;
    if let Some(refused) = row_version::check(stored, version).refusal() {
        return Ok(refused);
    }
    let used = uses(conn, kind, id)?;
    if used > 0 {
        return Ok(RowChange::Done(Err(format!(
            "It is still used {used} time(s): change those first."
        ))));
    }
    let deleted = match kind {
        Kind::RoleType => delete_at!(conn, role_types, id, version)?,
        Kind::DeliverableType => delete_at!(conn, deliverable_types, id, version)?,
        Kind::DisseminationLevel => delete_at!(conn, dissemination_levels, id, version)?,
        Kind::AllocationGroup => delete_at!(conn, allocation_groups, id, version)?,
        Kind::LifecycleState => delete_at!(conn, lifecycle_states, id, version)?,
        Kind::SystemRate => delete_at!(conn, system_hour_rates, id, version)?,
        Kind::Calendar => delete_at!(conn, calendars, id, version)?,
        Kind::Holiday => delete_at!(conn, holidays, id, version)?,
    };
    if deleted == 0 {
        return Ok(row_version::missed(stored_version(conn, kind, id)?));
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
    Ok(RowChange::Done(Ok(())))
}

/// Changes a lifecycle state's name and flags (whether it is pipeline, whether it locks) if it
/// is still at `version`, the one the form showed.
pub fn update_lifecycle_state(
    conn: &mut PgConnection,
    id: Uuid,
    version: i64,
    f: &SettingForm,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), String>>> {
    let before: Option<(String, bool, bool, i64)> = lifecycle_states::table
        .find(id)
        .select((
            lifecycle_states::name,
            lifecycle_states::is_pipeline,
            lifecycle_states::locks_project,
            lifecycle_states::version,
        ))
        .first(conn)
        .optional()?;
    if let Some(refused) = row_version::check(before.as_ref().map(|b| b.3), version).refusal() {
        return Ok(refused);
    }
    let Some((old_name, old_pipeline, old_locks, _)) = before else {
        return Ok(RowChange::Missing);
    };
    let name = match required(&f.name, "name") {
        Ok(n) => n,
        Err(message) => return Ok(RowChange::Done(Err(message))),
    };
    let (pipeline, locks) = (f.is_pipeline.is_some(), f.locks_project.is_some());
    let updated = diesel::update(
        lifecycle_states::table
            .find(id)
            .filter(lifecycle_states::version.eq(version)),
    )
    .set((
        lifecycle_states::name.eq(&name),
        lifecycle_states::is_pipeline.eq(pipeline),
        lifecycle_states::locks_project.eq(locks),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(row_version::missed(version_of!(
            conn,
            lifecycle_states,
            id
        )?));
    }
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
    Ok(RowChange::Done(Ok(())))
}

/// A value of reference data as its forms show it: its kind, id, key (the code, or a role
/// type's name), version and values.
#[derive(Debug, Clone)]
pub struct SettingRow {
    pub kind: Kind,
    pub id: Uuid,
    pub key: String,
    pub version: i64,
    pub form: SettingForm,
}

/// A system rate as the settings page shows it.
pub fn rate_form(from: NaiveDate, hours: &BigDecimal) -> SettingForm {
    SettingForm {
        valid_from: crate::planning::months::format_month(from),
        hours_per_pm: hours.normalized().to_string(),
        ..SettingForm::default()
    }
}

/// A holiday as the settings page shows it.
pub fn holiday_form(day: NaiveDate, name: &str) -> SettingForm {
    SettingForm {
        day: day.to_string(),
        name: name.to_string(),
        ..SettingForm::default()
    }
}

/// The system rates, earliest first.
pub fn system_rates(conn: &mut PgConnection) -> QueryResult<Vec<SettingRow>> {
    let rows: Vec<(Uuid, NaiveDate, BigDecimal, i64)> = system_hour_rates::table
        .select((
            system_hour_rates::id,
            system_hour_rates::valid_from,
            system_hour_rates::hours_per_pm,
            system_hour_rates::version,
        ))
        .order(system_hour_rates::valid_from)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, from, hours, version)| SettingRow {
            kind: Kind::SystemRate,
            id,
            key: id.to_string(),
            version,
            form: rate_form(from, &hours),
        })
        .collect())
}

/// The holidays of one calendar in `year` (all of them when `year` is `None`), by day.
pub fn holidays_of(
    conn: &mut PgConnection,
    calendar: Uuid,
    year: Option<i32>,
) -> QueryResult<Vec<SettingRow>> {
    let mut query = holidays::table
        .filter(holidays::calendar_id.eq(calendar))
        .select((
            holidays::id,
            holidays::day,
            holidays::name,
            holidays::version,
        ))
        .order((holidays::day, holidays::name))
        .into_boxed();
    if let Some(year) = year {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        query = query.filter(holidays::day.between(first, last));
    }
    let rows: Vec<(Uuid, NaiveDate, String, i64)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, day, name, version)| SettingRow {
            kind: Kind::Holiday,
            id,
            key: id.to_string(),
            version,
            form: holiday_form(day, &name),
        })
        .collect())
}

/// A value with its group's name, as the rename forms show it.
fn grouped(
    kind: Kind,
    id: Uuid,
    key: String,
    name: String,
    group: Option<String>,
    version: i64,
) -> SettingRow {
    SettingRow {
        kind,
        id,
        key,
        version,
        form: SettingForm {
            name,
            group: group.unwrap_or_default(),
            ..SettingForm::default()
        },
    }
}

/// Every value of the lookups, lifecycle states and calendars, for the forms of the settings
/// page (system rates and holidays: [`system_rates`], [`holidays_of`]).
pub fn rows(conn: &mut PgConnection) -> QueryResult<Vec<SettingRow>> {
    type Grouped = (Uuid, String, String, Option<String>, i64);
    let mut out: Vec<SettingRow> = Vec::new();
    let roles: Vec<Grouped> = role_types::table
        .left_join(lookup_groups::table)
        .select((
            role_types::id,
            role_types::name,
            role_types::name,
            lookup_groups::name.nullable(),
            role_types::version,
        ))
        .load(conn)?;
    out.extend(
        roles
            .into_iter()
            .map(|(i, k, n, g, v)| grouped(Kind::RoleType, i, k, n, g, v)),
    );
    let types: Vec<Grouped> = deliverable_types::table
        .left_join(lookup_groups::table)
        .select((
            deliverable_types::id,
            deliverable_types::code,
            deliverable_types::name,
            lookup_groups::name.nullable(),
            deliverable_types::version,
        ))
        .load(conn)?;
    out.extend(
        types
            .into_iter()
            .map(|(i, k, n, g, v)| grouped(Kind::DeliverableType, i, k, n, g, v)),
    );
    let levels: Vec<Grouped> = dissemination_levels::table
        .left_join(lookup_groups::table)
        .select((
            dissemination_levels::id,
            dissemination_levels::code,
            dissemination_levels::name,
            lookup_groups::name.nullable(),
            dissemination_levels::version,
        ))
        .load(conn)?;
    out.extend(
        levels
            .into_iter()
            .map(|(i, k, n, g, v)| grouped(Kind::DisseminationLevel, i, k, n, g, v)),
    );
    let allocation: Vec<(Uuid, String, String, i64)> = allocation_groups::table
        .select((
            allocation_groups::id,
            allocation_groups::code,
            allocation_groups::name,
            allocation_groups::version,
        ))
        .load(conn)?;
    out.extend(allocation.into_iter().map(|(i, k, n, v)| SettingRow {
        kind: Kind::AllocationGroup,
        id: i,
        key: k,
        version: v,
        form: SettingForm {
            name: n,
            ..SettingForm::default()
        },
    }));
    let states: Vec<(Uuid, String, String, bool, bool, i64)> = lifecycle_states::table
        .select((
            lifecycle_states::id,
            lifecycle_states::code,
            lifecycle_states::name,
            lifecycle_states::is_pipeline,
            lifecycle_states::locks_project,
            lifecycle_states::version,
        ))
        .load(conn)?;
    // A checkbox is sent as "on" when ticked and not at all otherwise.
    let ticked = |on: bool| on.then(|| "on".to_string());
    out.extend(states.into_iter().map(|(i, k, n, p, l, v)| SettingRow {
        kind: Kind::LifecycleState,
        id: i,
        key: k,
        version: v,
        form: SettingForm {
            name: n,
            is_pipeline: ticked(p),
            locks_project: ticked(l),
            ..SettingForm::default()
        },
    }));
    let calendars: Vec<(Uuid, String, String, Option<String>, i64)> = calendars::table
        .select((
            calendars::id,
            calendars::code,
            calendars::name,
            calendars::country_code,
            calendars::version,
        ))
        .load(conn)?;
    out.extend(calendars.into_iter().map(|(i, k, n, c, v)| SettingRow {
        kind: Kind::Calendar,
        id: i,
        form: SettingForm {
            code: k.clone(),
            name: n,
            country_code: c.unwrap_or_default(),
            ..SettingForm::default()
        },
        key: k,
        version: v,
    }));
    Ok(out)
}

/// One value as its forms show it now (`None`: no such value).
pub fn current(conn: &mut PgConnection, kind: Kind, id: Uuid) -> QueryResult<Option<SettingRow>> {
    let found = match kind {
        Kind::SystemRate => system_rates(conn)?,
        Kind::Holiday => {
            let calendar: Option<Uuid> = holidays::table
                .find(id)
                .select(holidays::calendar_id)
                .first(conn)
                .optional()?;
            match calendar {
                Some(calendar) => holidays_of(conn, calendar, None)?,
                None => Vec::new(),
            }
        }
        _ => rows(conn)?,
    };
    Ok(found.into_iter().find(|r| r.kind == kind && r.id == id))
}

/// Renames a role type, deliverable type, dissemination level or allocation group (and sets its
/// group where the kind has groups) if it is still at `version`, the one the form showed.
pub fn rename(
    conn: &mut PgConnection,
    kind: Kind,
    id: Uuid,
    version: i64,
    f: &SettingForm,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), String>>> {
    let group_kind = match kind {
        Kind::RoleType => Some("role_type"),
        Kind::DeliverableType => Some("deliverable_type"),
        Kind::DisseminationLevel => Some("dissemination_level"),
        Kind::AllocationGroup => None,
        // The other kinds have no name to change here.
        _ => return Ok(RowChange::Missing),
    };
    if let Some(refused) = row_version::check(stored_version(conn, kind, id)?, version).refusal() {
        return Ok(refused);
    }
    let name = match required(&f.name, "name") {
        Ok(n) => n,
        Err(message) => return Ok(RowChange::Done(Err(message))),
    };
    // A savepoint: a duplicate name, or a value changed meanwhile, leaves no new group behind.
    let result = conn.transaction::<usize, diesel::result::Error, _>(|conn| {
        let group = match group_kind {
            Some(k) => group_of(conn, &f.group, k)?,
            None => None,
        };
        let updated = match kind {
            Kind::RoleType => diesel::update(
                role_types::table
                    .find(id)
                    .filter(role_types::version.eq(version)),
            )
            .set((role_types::name.eq(&name), role_types::group_id.eq(group)))
            .execute(conn)?,
            Kind::DeliverableType => diesel::update(
                deliverable_types::table
                    .find(id)
                    .filter(deliverable_types::version.eq(version)),
            )
            .set((
                deliverable_types::name.eq(&name),
                deliverable_types::group_id.eq(group),
            ))
            .execute(conn)?,
            Kind::DisseminationLevel => diesel::update(
                dissemination_levels::table
                    .find(id)
                    .filter(dissemination_levels::version.eq(version)),
            )
            .set((
                dissemination_levels::name.eq(&name),
                dissemination_levels::group_id.eq(group),
            ))
            .execute(conn)?,
            _ => diesel::update(
                allocation_groups::table
                    .find(id)
                    .filter(allocation_groups::version.eq(version)),
            )
            .set(allocation_groups::name.eq(&name))
            .execute(conn)?,
        };
        if updated == 0 {
            return Err(diesel::result::Error::RollbackTransaction);
        }
        Ok(updated)
    });
    match result {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Ok(RowChange::Done(Err("That name exists already.".into())));
        }
        Err(diesel::result::Error::RollbackTransaction) => {
            return Ok(row_version::missed(stored_version(conn, kind, id)?));
        }
        Err(e) => return Err(e),
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
    Ok(RowChange::Done(Ok(())))
}
