//! Administrators' changes to reference data: role types, deliverable types, dissemination levels,
//! allocation groups, lifecycle states, system hours-per-PM rates, calendars and holidays. Each
//! change is one command ([`create_setting`], [`rename_setting`], [`update_lifecycle_state`],
//! [`delete_setting`]): it asks the Policy, validates (a clear message, nothing written when
//! wrong), writes and audits. A value still in use cannot be deleted.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::auth::policy::Refusal;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::guarded::{guarded, settled};
use crate::db::row_version::{self, version_of};
use crate::db::schema::{
    allocation_groups, assignments, calendars, deliverable_types, deliverables,
    dissemination_levels, holidays, lifecycle_states, lookup_groups, milestones, projects,
    role_demand, role_types, system_hour_rates, tasks,
};
use crate::i18n::Msg;
use crate::planning::month::Month;
use crate::planning::quantity::HoursPerPm;
use crate::reference::lookups::{self, Lookups};

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

    /// The field that tells one value of this kind from the others: where a duplicate, or a
    /// refused delete, is reported.
    fn key_field(self) -> &'static str {
        match self {
            Kind::RoleType => "name",
            Kind::SystemRate => "valid_from",
            Kind::Holiday => "day",
            _ => "code",
        }
    }

    /// The kind of lookup group values of this kind belong to (`None`: they have no group).
    fn group_kind(self) -> Option<&'static str> {
        match self {
            Kind::RoleType | Kind::DeliverableType | Kind::DisseminationLevel => {
                Some(self.entity())
            }
            _ => None,
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
    /// A lifecycle state's default win probability (whole percent; empty: unchanged, or 100
    /// for a new state).
    #[serde(default)]
    pub win_probability: String,
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

/// A change to one existing value: its kind and id, the version its form showed and what the
/// form sends now.
#[derive(Debug, Clone)]
pub struct SettingChange {
    pub kind: Kind,
    pub id: Uuid,
    pub version: i64,
    pub form: SettingForm,
}

// ---------------------------------------------------------------------------------------------
// Reading form values (pure)

/// A required field's value; `missing` is the sentence for an empty one.
fn required(value: &str, field: &'static str, missing: &'static str) -> Outcome<String> {
    let v = value.trim();
    if v.is_empty() {
        Err(DomainError::field(field, Msg::new(missing)))
    } else {
        Ok(v.to_string())
    }
}

/// A lifecycle state's default win probability: the project form's rule
/// (`planning::reading::parse_probability`); `None` when left empty.
fn probability_of(f: &SettingForm) -> Outcome<Option<i32>> {
    crate::planning::reading::parse_probability(&f.win_probability)
        .map(|p| p.map(i32::from))
        .map_err(|sentence| DomainError::field("win_probability", sentence))
}

fn name_of(f: &SettingForm) -> Outcome<String> {
    required(&f.name, "name", "settings-error-name-missing")
}

fn code_of(f: &SettingForm) -> Outcome<String> {
    let v = required(&f.code, "code", "settings-error-code-missing")?;
    if v.len() <= 32
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
    {
        Ok(v)
    } else {
        Err(DomainError::field(
            "code",
            Msg::new("settings-error-code-form").arg("max", 32),
        ))
    }
}

fn lowercase_code(f: &SettingForm) -> Outcome<String> {
    let v = required(&f.code, "code", "settings-error-code-missing")?.to_lowercase();
    if v.len() <= 32
        && v.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(v)
    } else {
        Err(DomainError::field(
            "code",
            Msg::new("settings-error-code-lowercase"),
        ))
    }
}

/// A calendar's country: empty, or two capital letters (typed in any case).
fn country_of(f: &SettingForm) -> Outcome<Option<String>> {
    let country = f.country_code.trim().to_uppercase();
    if country.is_empty() {
        Ok(None)
    } else if country.len() == 2 && country.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(Some(country))
    } else {
        Err(DomainError::field(
            "country_code",
            Msg::new("settings-error-country"),
        ))
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

// ---------------------------------------------------------------------------------------------
// Commands

/// Reference data: administrators only.
pub fn may_change_settings(acting: &Acting) -> Outcome<()> {
    if acting.policy.can_manage_settings() {
        Ok(())
    } else {
        Err(DomainError::Forbidden(Refusal(Msg::new(
            "settings-refused-not-admin",
        ))))
    }
}

/// Adds one value of `kind` (and its audit row): the new value's id.
pub fn create_setting(
    conn: &mut PgConnection,
    acting: &Acting,
    (kind, form): (Kind, &SettingForm),
) -> Outcome<Uuid> {
    may_change_settings(acting)?;
    // A savepoint: a refused value (including a duplicate caught by a unique key) rolls back
    // alone, also a lookup group it added.
    let duplicate =
        |_: &str| DomainError::field(kind.key_field(), Msg::new("settings-error-value-taken"));
    let (id, after) = guarded(conn, duplicate, |conn| insert(conn, kind, form))?;
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Create,
            entity_type: kind.entity(),
            entity_id: Some(id),
            project_id: None,
            before: None,
            after: Some(after),
        }],
    )?;
    Ok(id)
}

/// Renames a role type, deliverable type, dissemination level or allocation group (and sets its
/// group where the kind has groups) still at the version its form showed.
pub fn rename_setting(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &SettingChange,
) -> Outcome<()> {
    may_change_settings(acting)?;
    let (kind, id, version, f) = (change.kind, change.id, change.version, &change.form);
    if !matches!(
        kind,
        Kind::RoleType | Kind::DeliverableType | Kind::DisseminationLevel | Kind::AllocationGroup
    ) {
        // The other kinds have no name to change here.
        return Err(DomainError::NotFound);
    }
    settled(row_version::check(stored_version(conn, kind, id)?, version))?;
    let name = name_of(f)?;
    // A savepoint: a duplicate name, or a value changed meanwhile, leaves no new group behind.
    let duplicate = |_: &str| DomainError::field("name", Msg::new("settings-error-name-taken"));
    guarded(conn, duplicate, |conn| {
        let group = match kind.group_kind() {
            Some(group_kind) => group_of(conn, &f.group, group_kind)?,
            None => None,
        };
        if rename_row(conn, change, &name, group)? == 0 {
            settled(row_version::missed::<()>(stored_version(conn, kind, id)?))?;
        }
        Ok(())
    })?;
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Update,
            entity_type: kind.entity(),
            entity_id: Some(id),
            project_id: None,
            before: None,
            after: Some(json!({"name": name, "group": f.group.trim()})),
        }],
    )?;
    Ok(())
}

/// Changes a lifecycle state's name and flags (whether it is pipeline, whether it locks its
/// projects) if it is still at the version its form showed.
pub fn update_lifecycle_state(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &SettingChange,
) -> Outcome<()> {
    may_change_settings(acting)?;
    let (id, version, f) = (change.id, change.version, &change.form);
    let before: Option<(String, bool, bool, i64, i32)> = lifecycle_states::table
        .find(id)
        .select((
            lifecycle_states::name,
            lifecycle_states::is_pipeline,
            lifecycle_states::locks_project,
            lifecycle_states::version,
            lifecycle_states::win_probability,
        ))
        .first(conn)
        .optional()?;
    settled(row_version::check(before.as_ref().map(|b| b.3), version))?;
    let Some((old_name, old_pipeline, old_locks, _, old_probability)) = before else {
        return Err(DomainError::NotFound);
    };
    let name = name_of(f)?;
    let probability = probability_of(f)?.unwrap_or(old_probability);
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
        lifecycle_states::win_probability.eq(probability),
    ))
    .execute(conn)?;
    if updated == 0 {
        return settled(row_version::missed(version_of!(
            conn,
            lifecycle_states,
            id
        )?));
    }
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Update,
            entity_type: "lifecycle_state",
            entity_id: Some(id),
            project_id: None,
            before: Some(
                json!({"name": old_name, "is_pipeline": old_pipeline, "locks_project": old_locks,
                       "win_probability": old_probability}),
            ),
            after: Some(
                json!({"name": name, "is_pipeline": pipeline, "locks_project": locks,
                               "win_probability": probability}),
            ),
        }],
    )?;
    Ok(())
}

/// Deletes value `id` of `kind`, unused and still at `version`, the one the page showed; one in
/// use is refused (its key field says how often it is used).
pub fn delete_setting(
    conn: &mut PgConnection,
    acting: &Acting,
    (kind, id, version): (Kind, Uuid, i64),
) -> Outcome<()> {
    may_change_settings(acting)?;
    settled(row_version::check(stored_version(conn, kind, id)?, version))?;
    let used = uses(conn, kind, id)?;
    if used > 0 {
        return Err(DomainError::field(
            kind.key_field(),
            Msg::new("settings-error-in-use").arg("count", used),
        ));
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
        return settled(row_version::missed(stored_version(conn, kind, id)?));
    }
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Delete,
            entity_type: kind.entity(),
            entity_id: Some(id),
            project_id: None,
            before: Some(json!({"id": id})),
            after: None,
        }],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Writing (inside the commands)

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

/// A new value and what the audit log records of it.
type Inserted = (Uuid, serde_json::Value);

/// Validates and adds one value of `kind`; the first field that is wrong refuses it.
fn insert(conn: &mut PgConnection, kind: Kind, f: &SettingForm) -> Outcome<Inserted> {
    match kind {
        Kind::RoleType | Kind::DeliverableType | Kind::DisseminationLevel => {
            insert_grouped(conn, kind, f)
        }
        Kind::AllocationGroup => insert_allocation_group(conn, f),
        Kind::LifecycleState => insert_lifecycle_state(conn, f),
        Kind::SystemRate => insert_system_rate(conn, f),
        Kind::Calendar => insert_calendar(conn, f),
        Kind::Holiday => insert_holiday(conn, f),
    }
}

/// A role type (no code: its name is its key), deliverable type or dissemination level.
fn insert_grouped(conn: &mut PgConnection, kind: Kind, f: &SettingForm) -> Outcome<Inserted> {
    let code = match kind {
        Kind::RoleType => None,
        _ => Some(code_of(f)?),
    };
    let name = name_of(f)?;
    let group_kind = kind.group_kind().ok_or(DomainError::NotFound)?;
    let group = group_of(conn, &f.group, group_kind)?;
    let id = match (kind, &code) {
        (Kind::DeliverableType, Some(code)) => diesel::insert_into(deliverable_types::table)
            .values((
                deliverable_types::code.eq(code),
                deliverable_types::name.eq(&name),
                deliverable_types::group_id.eq(group),
            ))
            .returning(deliverable_types::id)
            .get_result(conn)?,
        (Kind::DisseminationLevel, Some(code)) => diesel::insert_into(dissemination_levels::table)
            .values((
                dissemination_levels::code.eq(code),
                dissemination_levels::name.eq(&name),
                dissemination_levels::group_id.eq(group),
            ))
            .returning(dissemination_levels::id)
            .get_result(conn)?,
        _ => diesel::insert_into(role_types::table)
            .values((role_types::name.eq(&name), role_types::group_id.eq(group)))
            .returning(role_types::id)
            .get_result(conn)?,
    };
    let after = match code {
        Some(code) => json!({"code": code, "name": name, "group": f.group.trim()}),
        None => json!({"name": name, "group": f.group.trim()}),
    };
    Ok((id, after))
}

fn insert_allocation_group(conn: &mut PgConnection, f: &SettingForm) -> Outcome<Inserted> {
    let code = lowercase_code(f)?;
    let name = name_of(f)?;
    let id = diesel::insert_into(allocation_groups::table)
        .values((
            allocation_groups::code.eq(&code),
            allocation_groups::name.eq(&name),
        ))
        .returning(allocation_groups::id)
        .get_result(conn)?;
    Ok((id, json!({"code": code, "name": name})))
}

/// A new lifecycle state comes after the others.
fn insert_lifecycle_state(conn: &mut PgConnection, f: &SettingForm) -> Outcome<Inserted> {
    let code = lowercase_code(f)?;
    let name = name_of(f)?;
    let probability = probability_of(f)?.unwrap_or(100);
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
            lifecycle_states::win_probability.eq(probability),
        ))
        .returning(lifecycle_states::id)
        .get_result(conn)?;
    let after = json!({"code": code, "name": name, "is_pipeline": pipeline,
                       "locks_project": locks, "win_probability": probability});
    Ok((id, after))
}

fn insert_system_rate(conn: &mut PgConnection, f: &SettingForm) -> Outcome<Inserted> {
    let from = Month::parse(&f.valid_from)
        .map_err(|_| DomainError::field("valid_from", Msg::new("settings-error-rate-month")))?
        .first_day();
    let hours = HoursPerPm::parse(&f.hours_per_pm)
        .map_err(|_| {
            let why = crate::people::edit::unreadable_number(&f.hours_per_pm)
                .unwrap_or_else(|| Msg::new("settings-error-hours-per-pm"));
            DomainError::field("hours_per_pm", why)
        })?
        .into_decimal();
    let id = diesel::insert_into(system_hour_rates::table)
        .values((
            system_hour_rates::valid_from.eq(from),
            system_hour_rates::hours_per_pm.eq(&hours),
        ))
        .returning(system_hour_rates::id)
        .get_result(conn)?;
    Ok((id, json!({"valid_from": from, "hours_per_pm": hours})))
}

fn insert_calendar(conn: &mut PgConnection, f: &SettingForm) -> Outcome<Inserted> {
    let code = code_of(f)?;
    let name = name_of(f)?;
    let country = country_of(f)?;
    let id = diesel::insert_into(calendars::table)
        .values((
            calendars::code.eq(&code),
            calendars::name.eq(&name),
            calendars::country_code.eq(&country),
        ))
        .returning(calendars::id)
        .get_result(conn)?;
    Ok((
        id,
        json!({"code": code, "name": name, "country_code": country}),
    ))
}

fn insert_holiday(conn: &mut PgConnection, f: &SettingForm) -> Outcome<Inserted> {
    let choose = || DomainError::field("calendar", Msg::new("calendar-error-unknown"));
    let calendar = Uuid::parse_str(f.calendar.trim()).map_err(|_| choose())?;
    if calendars::table
        .find(calendar)
        .count()
        .get_result::<i64>(conn)?
        != 1
    {
        return Err(choose());
    }
    let day = NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::field("day", Msg::new("holiday-error-day")))?;
    let name = name_of(f)?;
    let id = diesel::insert_into(holidays::table)
        .values((
            holidays::calendar_id.eq(calendar),
            holidays::day.eq(day),
            holidays::name.eq(&name),
        ))
        .returning(holidays::id)
        .get_result(conn)?;
    Ok((
        id,
        json!({"calendar_id": calendar, "day": day, "name": name}),
    ))
}

/// Sets the name (and group) of one lookup value if it is still at the version its form showed:
/// the number of rows changed.
fn rename_row(
    conn: &mut PgConnection,
    change: &SettingChange,
    name: &str,
    group: Option<Uuid>,
) -> QueryResult<usize> {
    let (id, version) = (change.id, change.version);
    match change.kind {
        Kind::RoleType => diesel::update(
            role_types::table
                .find(id)
                .filter(role_types::version.eq(version)),
        )
        .set((role_types::name.eq(name), role_types::group_id.eq(group)))
        .execute(conn),
        Kind::DeliverableType => diesel::update(
            deliverable_types::table
                .find(id)
                .filter(deliverable_types::version.eq(version)),
        )
        .set((
            deliverable_types::name.eq(name),
            deliverable_types::group_id.eq(group),
        ))
        .execute(conn),
        Kind::DisseminationLevel => diesel::update(
            dissemination_levels::table
                .find(id)
                .filter(dissemination_levels::version.eq(version)),
        )
        .set((
            dissemination_levels::name.eq(name),
            dissemination_levels::group_id.eq(group),
        ))
        .execute(conn),
        _ => diesel::update(
            allocation_groups::table
                .find(id)
                .filter(allocation_groups::version.eq(version)),
        )
        .set(allocation_groups::name.eq(name))
        .execute(conn),
    }
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

// ---------------------------------------------------------------------------------------------
// Reading (what the settings page shows)

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
        valid_from: Month::of(from).to_string(),
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
    let states: Vec<(Uuid, String, String, bool, bool, i64, i32)> = lifecycle_states::table
        .select((
            lifecycle_states::id,
            lifecycle_states::code,
            lifecycle_states::name,
            lifecycle_states::is_pipeline,
            lifecycle_states::locks_project,
            lifecycle_states::version,
            lifecycle_states::win_probability,
        ))
        .load(conn)?;
    // A checkbox is sent as "on" when ticked and not at all otherwise.
    let ticked = |on: bool| on.then(|| "on".to_string());
    out.extend(states.into_iter().map(|(i, k, n, p, l, v, w)| SettingRow {
        kind: Kind::LifecycleState,
        id: i,
        key: k,
        version: v,
        form: SettingForm {
            name: n,
            is_pipeline: ticked(p),
            locks_project: ticked(l),
            win_probability: w.to_string(),
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

/// What the settings page shows: the lookups, every value with its version, the system rates
/// and the holidays of one calendar in one year.
#[derive(Debug, Clone)]
pub struct SettingsView {
    pub lookups: Lookups,
    pub rows: Vec<SettingRow>,
    /// (id, code) of the calendar whose holidays are shown (`None`: no calendar has that code).
    pub calendar: Option<(Uuid, String)>,
    pub rates: Vec<SettingRow>,
    pub holidays: Vec<SettingRow>,
}

/// The settings page with the holidays of the calendar coded `calendar_code` in `year`.
pub fn view(conn: &mut PgConnection, calendar_code: &str, year: i32) -> QueryResult<SettingsView> {
    let rows = rows(conn)?;
    let calendar = rows
        .iter()
        .find(|r| r.kind == Kind::Calendar && r.key == calendar_code)
        .map(|r| (r.id, r.key.clone()));
    let holidays = match &calendar {
        Some((id, _)) => holidays_of(conn, *id, Some(year))?,
        None => Vec::new(),
    };
    Ok(SettingsView {
        lookups: lookups::all(conn)?,
        rows,
        calendar,
        rates: system_rates(conn)?,
        holidays,
    })
}

/// What the settings page shows after a refused change, read in the change's transaction.
#[derive(Debug, Clone)]
pub enum AfterRefusal {
    /// The page again (its form refused the input).
    Page(SettingsView),
    /// Value `(kind, id)` as stored now (its form showed an older version); `None`: gone.
    Stale(Option<SettingRow>),
}

/// What to show after `refusal` of a change to value `(kind, id)`: the page with the holidays
/// of `calendar_code` in `year`, or the value as it is now when the form was stale.
pub fn after_refusal(
    conn: &mut PgConnection,
    refusal: &DomainError,
    (kind, id): (Kind, Uuid),
    (calendar_code, year): (&str, i32),
) -> QueryResult<AfterRefusal> {
    Ok(match refusal {
        DomainError::Stale => AfterRefusal::Stale(current(conn, kind, id)?),
        _ => AfterRefusal::Page(view(conn, calendar_code, year)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Actor;
    use crate::auth::Role;
    use crate::auth::groups::Visibility;
    use crate::auth::policy::Policy;

    fn acting(role: Role) -> Acting {
        let actor = Actor {
            user_id: None,
            name: "someone".into(),
        };
        Acting::new(actor, Policy::new(role, Visibility::All))
    }

    #[test]
    fn only_administrators_change_settings() {
        assert!(may_change_settings(&acting(Role::Admin)).is_ok());
        for role in [Role::Viewer, Role::Editor] {
            match may_change_settings(&acting(role)) {
                Err(DomainError::Forbidden(Refusal(sentence))) => {
                    assert_eq!(
                        sentence.to_string(),
                        "Only administrators may change settings."
                    )
                }
                other => panic!("{role:?}: {other:?}"),
            }
        }
    }

    /// The field and sentence a refused reading gives.
    fn refusal<T: std::fmt::Debug>(outcome: Outcome<T>) -> (&'static str, String) {
        match outcome {
            Err(DomainError::Invalid(mut errors)) if errors.len() == 1 => {
                let (field, sentence) = errors.remove(0);
                (field, sentence.to_string())
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn form_values_are_read_with_the_sentences_the_forms_show() {
        let form = |code: &str, country: &str| SettingForm {
            code: code.into(),
            country_code: country.into(),
            ..SettingForm::default()
        };
        assert_eq!(code_of(&form(" WP/1 ", "")).ok(), Some("WP/1".into()));
        assert_eq!(
            refusal(code_of(&form("a b", ""))),
            (
                "code",
                "A code uses letters, digits, '-', '_' or '/', at most 32.".into()
            )
        );
        assert_eq!(
            refusal(code_of(&form(" ", ""))),
            ("code", "Enter the code.".into())
        );
        assert_eq!(
            lowercase_code(&form("On_Hold", "")).ok(),
            Some("on_hold".into())
        );
        assert_eq!(refusal(lowercase_code(&form("1st", ""))).0, "code");
        assert_eq!(country_of(&form("", " no ")).ok(), Some(Some("NO".into())));
        assert_eq!(country_of(&form("", "")).ok(), Some(None));
        assert_eq!(refusal(country_of(&form("", "NOR"))).0, "country_code");
        assert_eq!(
            refusal(name_of(&SettingForm::default())),
            ("name", "Enter the name.".into())
        );
    }
}
