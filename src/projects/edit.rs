//! Creating and editing a project's overview: code, name, description, POO, partners, lifecycle,
//! start, duration and hours-per-PM default. Validation returns field errors; saving checks the
//! version the editor saw, so two editors never overwrite each other silently.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Uuid as SqlUuid};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::auth::policy::{Policy, ProjectLock};
use crate::command::{Acting, DomainError, FieldErrors, Outcome};
use crate::db::refuse_duplicates;
use crate::db::row_version::{self, RowChange};
use crate::db::schema::{lifecycle_states, organisations, project_partners, projects};
use crate::planning::decimal_input;
use crate::planning::divisor::{self, hours_per_pm_in_range};
use crate::planning::months::format_month;
use crate::projects::version;

/// The form as typed (every field text, partners repeated).
#[derive(Debug, Clone, Default)]
pub struct ProjectForm {
    pub code: String,
    pub name: String,
    pub description: String,
    pub poo: String,
    pub partners: Vec<String>,
    pub lifecycle: String,
    pub start: String,
    pub duration: String,
    pub hours_per_pm: String,
    pub version: String,
}

impl ProjectForm {
    /// Reads the url-encoded pairs of the form (partners may repeat).
    pub fn from_pairs(pairs: &[(String, String)]) -> ProjectForm {
        let mut form = ProjectForm::default();
        for (key, value) in pairs {
            let v = value.clone();
            match key.as_str() {
                "code" => form.code = v,
                "name" => form.name = v,
                "description" => form.description = v,
                "poo" => form.poo = v,
                "partners" => form.partners.push(v),
                "lifecycle" => form.lifecycle = v,
                "start" => form.start = v,
                "duration" => form.duration = v,
                "hours_per_pm" => form.hours_per_pm = v,
                "version" => form.version = v,
                _ => {}
            }
        }
        form
    }
}

struct Valid {
    code: String,
    name: String,
    description: String,
    poo: Option<Uuid>,
    partners: Vec<Uuid>,
    lifecycle: Option<Uuid>,
    start: NaiveDate,
    duration: i32,
    hours_per_pm: Option<BigDecimal>,
}

#[derive(QueryableByName)]
struct Allowed {
    #[diesel(sql_type = Bool)]
    allowed: bool,
}

/// Whether the current user may own a project through `org` (RLS decides the same).
fn may_own(conn: &mut PgConnection, org: Option<Uuid>) -> QueryResult<bool> {
    let row: Allowed = diesel::sql_query(
        "select app.sees_everything() or exists (select 1 from app.user_org_ids() o where o = $1) as allowed",
    )
    .bind::<diesel::sql_types::Nullable<SqlUuid>, _>(org)
    .get_result(conn)?;
    Ok(row.allowed)
}

fn org_exists(conn: &mut PgConnection, id: Uuid) -> QueryResult<bool> {
    Ok(organisations::table
        .find(id)
        .count()
        .get_result::<i64>(conn)?
        == 1)
}

/// A code used by another project, whether or not the user may see it: the only unique key of
/// `projects` a form can collide with. The message says no more than that the code is taken.
fn code_taken(code: &str) -> (&'static str, String) {
    ("code", format!("The code {code} is taken: choose another."))
}

fn validate(
    conn: &mut PgConnection,
    f: &ProjectForm,
    editing: Option<Uuid>,
) -> QueryResult<Result<Valid, FieldErrors>> {
    let mut e = FieldErrors::new();
    let code = f.code.trim().to_string();
    let code_ok = crate::planning::code::is_code(&code);
    if code.is_empty() {
        e.push(("code", "Enter the project code (its acronym).".into()));
    } else if !code_ok {
        e.push((
            "code",
            "Use letters, digits, '.', '_' or '-', at most 64.".into(),
        ));
    } else {
        let taken: Option<Uuid> = projects::table
            .filter(projects::code.eq(&code))
            .select(projects::id)
            .first(conn)
            .optional()?;
        if taken.is_some_and(|id| Some(id) != editing) {
            e.push(code_taken(&code));
        }
    }
    let name = f.name.trim().to_string();
    if name.is_empty() {
        e.push(("name", "Enter the project's name.".into()));
    }
    let poo = match f.poo.trim() {
        "" => None,
        v => match Uuid::parse_str(v) {
            Ok(id) if org_exists(conn, id)? => Some(id),
            _ => {
                e.push(("poo", "Choose an existing organisation.".into()));
                None
            }
        },
    };
    if !e.iter().any(|(k, _)| *k == "poo") && !may_own(conn, poo)? {
        e.push((
            "poo",
            "You can only place projects under your own organisations.".into(),
        ));
    }
    let mut partners = Vec::new();
    for p in &f.partners {
        match Uuid::parse_str(p.trim()) {
            Ok(id) if org_exists(conn, id)? => {
                if Some(id) != poo && !partners.contains(&id) {
                    partners.push(id);
                }
            }
            _ => e.push(("partners", "Choose existing organisations.".into())),
        }
    }
    let lifecycle = match f.lifecycle.trim() {
        "" => None,
        v => match Uuid::parse_str(v) {
            Ok(id)
                if lifecycle_states::table
                    .find(id)
                    .count()
                    .get_result::<i64>(conn)?
                    == 1 =>
            {
                Some(id)
            }
            _ => {
                e.push(("lifecycle", "Choose a lifecycle state.".into()));
                None
            }
        },
    };
    let start = NaiveDate::parse_from_str(&format!("{}-01", f.start.trim()), "%Y-%m-%d").ok();
    if start.is_none() {
        e.push((
            "start",
            "Enter the start month as YYYY-MM, e.g. 2026-01.".into(),
        ));
    }
    let duration = f
        .duration
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|d| (1..=600).contains(d));
    if duration.is_none() {
        e.push((
            "duration",
            "Enter the duration in months, from 1 to 600.".into(),
        ));
    }
    let hours_per_pm =
        match decimal_input::read_field(&f.hours_per_pm, hours_per_pm_in_range, |_| {
            "Enter hours per PM above 0 and at most 744, or leave it empty.".into()
        }) {
            Ok(hours) => hours.map(|h| h.with_scale_round(2, bigdecimal::RoundingMode::HalfEven)),
            Err(message) => {
                e.push(("hours_per_pm", message));
                None
            }
        };
    Ok(match (e.is_empty(), start, duration) {
        (true, Some(start), Some(duration)) => Ok(Valid {
            code,
            name,
            description: f.description.trim().to_string(),
            poo,
            partners,
            lifecycle,
            start,
            duration,
            hours_per_pm,
        }),
        _ => Err(e),
    })
}

/// The edit form of a project as stored, if the Policy lets the user change the project.
pub fn edit_form(conn: &mut PgConnection, policy: &Policy, id: Uuid) -> Outcome<ProjectForm> {
    let lock = crate::projects::lock_of(conn, id)?.ok_or(DomainError::NotFound)?;
    policy.can_edit_project(&lock)?;
    crate::projects::edit_values(conn, id)?.ok_or(DomainError::NotFound)
}

fn snapshot(v: &Valid) -> serde_json::Value {
    json!({
        "code": v.code, "name": v.name, "description": v.description, "owner_org_id": v.poo,
        "partners": v.partners, "lifecycle_state_id": v.lifecycle, "start_month": format_month(v.start),
        "duration_months": v.duration, "hours_per_pm": v.hours_per_pm,
    })
}

/// Creates a project; its id, or the field errors of the form.
pub fn create_project(conn: &mut PgConnection, acting: &Acting, f: &ProjectForm) -> Outcome<Uuid> {
    // A new project is open: whoever may change open projects may create one (under their own
    // organisations, which `validate` checks as RLS does).
    acting.allowed(acting.policy.can_edit_project(&ProjectLock::Open))?;
    let v = validate(conn, f, None)?.map_err(DomainError::Invalid)?;
    // The id is made here rather than returned by the INSERT: RETURNING shows the new row, so
    // it must pass the select policy, which for an org-scoped editor asks for the visible set,
    // and that set is read in the INSERT's own snapshot (and the transaction's memo of it was
    // worked out before): the new row is not in it yet, and the INSERT fails.
    let id = Uuid::new_v4();
    let inserted = refuse_duplicates(
        conn,
        |_| vec![code_taken(&v.code)],
        |conn| {
            diesel::insert_into(projects::table)
                .values((
                    projects::id.eq(id),
                    projects::code.eq(&v.code),
                    projects::name.eq(&v.name),
                    projects::description.eq(&v.description),
                    projects::owner_org_id.eq(v.poo),
                    projects::start_month.eq(v.start),
                    projects::duration_months.eq(v.duration),
                    projects::hours_per_pm.eq(&v.hours_per_pm),
                ))
                .execute(conn)
                .map(Ok)
        },
    )?;
    inserted.map_err(DomainError::Invalid)?;
    for org in &v.partners {
        diesel::insert_into(project_partners::table)
            .values((
                project_partners::project_id.eq(id),
                project_partners::organisation_id.eq(org),
            ))
            .execute(conn)?;
    }
    // The state comes last: one that locks the project (closed, rejected) would refuse its
    // partners, since only editable projects' rows may be written.
    if v.lifecycle.is_some() {
        diesel::update(projects::table.find(id))
            .set(projects::lifecycle_state_id.eq(v.lifecycle))
            .execute(conn)?;
    }
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Create,
            entity_type: "project",
            entity_id: Some(id),
            project_id: Some(id),
            before: None,
            after: Some(snapshot(&v)),
        }],
    )?;
    Ok(id)
}

/// An edited project: the form as typed, with the plan version it showed.
#[derive(Debug, Clone)]
pub struct ProjectEdit {
    pub project: Uuid,
    pub form: ProjectForm,
}

/// Saves an edited project if it is still at the version in the form ([`DomainError::Stale`]
/// when someone saved it since the editor opened the form).
pub fn update_project(conn: &mut PgConnection, acting: &Acting, input: ProjectEdit) -> Outcome<()> {
    let (id, f) = (input.project, &input.form);
    let project = version::lock_for_edit(conn, acting, id)?;
    if f.version.trim().parse::<i64>().ok() != Some(project.version) {
        return Err(DomainError::Stale);
    }
    let v = validate(conn, f, Some(id))?.map_err(DomainError::Invalid)?;
    type Before = (
        String,
        String,
        String,
        Option<Uuid>,
        Option<Uuid>,
        NaiveDate,
        i32,
        Option<BigDecimal>,
    );
    let before: Before = projects::table
        .find(id)
        .select((
            projects::code,
            projects::name,
            projects::description,
            projects::owner_org_id,
            projects::lifecycle_state_id,
            projects::start_month,
            projects::duration_months,
            projects::hours_per_pm,
        ))
        .first(conn)?;
    let updated = refuse_duplicates(
        conn,
        |_| vec![code_taken(&v.code)],
        |conn| {
            diesel::update(projects::table.find(id))
                .set((
                    projects::code.eq(&v.code),
                    projects::name.eq(&v.name),
                    projects::description.eq(&v.description),
                    projects::owner_org_id.eq(v.poo),
                    projects::lifecycle_state_id.eq(v.lifecycle),
                    projects::start_month.eq(v.start),
                    projects::duration_months.eq(v.duration),
                    projects::hours_per_pm.eq(&v.hours_per_pm),
                ))
                .execute(conn)
                .map(Ok)
        },
    )?;
    updated.map_err(DomainError::Invalid)?;
    let current: Vec<Uuid> = project_partners::table
        .filter(project_partners::project_id.eq(id))
        .select(project_partners::organisation_id)
        .load(conn)?;
    diesel::delete(
        project_partners::table
            .filter(project_partners::project_id.eq(id))
            .filter(project_partners::organisation_id.ne_all(&v.partners)),
    )
    .execute(conn)?;
    for org in v.partners.iter().filter(|p| !current.contains(p)) {
        diesel::insert_into(project_partners::table)
            .values((
                project_partners::project_id.eq(id),
                project_partners::organisation_id.eq(org),
            ))
            .execute(conn)?;
    }
    version::bump(conn, id)?;
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Update,
            entity_type: "project",
            entity_id: Some(id),
            project_id: Some(id),
            before: Some(json!({
                "code": before.0, "name": before.1, "description": before.2, "owner_org_id": before.3,
                "partners": current, "lifecycle_state_id": before.4, "start_month": format_month(before.5),
                "duration_months": before.6, "hours_per_pm": before.7,
            })),
            after: Some(snapshot(&v)),
        }],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Time-based project rates (hours per PM from a month on), for everyone or one employee group

use crate::db::schema::{employee_groups, project_group_hour_rates, project_hour_rates};

/// One of the project's rates; `group` is the employee group it is limited to, if any.
#[derive(Debug, Clone)]
pub struct ProjectRate {
    pub id: Uuid,
    pub group: Option<String>,
    pub valid_from: NaiveDate,
    pub hours_per_pm: BigDecimal,
    pub version: i64,
}

/// The project's rates: those for everyone first, then per employee group, each earliest first.
pub fn rates(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<ProjectRate>> {
    let general: Vec<(Uuid, NaiveDate, BigDecimal, i64)> = project_hour_rates::table
        .filter(project_hour_rates::project_id.eq(project))
        .select((
            project_hour_rates::id,
            project_hour_rates::valid_from,
            project_hour_rates::hours_per_pm,
            project_hour_rates::version,
        ))
        .order(project_hour_rates::valid_from)
        .load(conn)?;
    type GroupRate = (Uuid, String, NaiveDate, BigDecimal, i64);
    let per_group: Vec<GroupRate> = project_group_hour_rates::table
        .inner_join(employee_groups::table)
        .filter(project_group_hour_rates::project_id.eq(project))
        .select((
            project_group_hour_rates::id,
            employee_groups::name,
            project_group_hour_rates::valid_from,
            project_group_hour_rates::hours_per_pm,
            project_group_hour_rates::version,
        ))
        .order((employee_groups::name, project_group_hour_rates::valid_from))
        .load(conn)?;
    Ok(general
        .into_iter()
        .map(|(id, valid_from, hours_per_pm, version)| ProjectRate {
            id,
            group: None,
            valid_from,
            hours_per_pm,
            version,
        })
        .chain(
            per_group
                .into_iter()
                .map(
                    |(id, group, valid_from, hours_per_pm, version)| ProjectRate {
                        id,
                        group: Some(group),
                        valid_from,
                        hours_per_pm,
                        version,
                    },
                ),
        )
        .collect())
}

/// The employee groups a rate can be limited to: (id, name), by name.
pub fn employee_groups(conn: &mut PgConnection) -> QueryResult<Vec<(Uuid, String)>> {
    employee_groups::table
        .select((employee_groups::id, employee_groups::name))
        .order(employee_groups::name)
        .load(conn)
}

/// A rate to add: hours per PM from a month on (`valid_from`, YYYY-MM), for everyone (`group`
/// empty) or one employee group (its id), all as typed.
#[derive(Debug, Clone)]
pub struct NewRate {
    pub project: Uuid,
    pub valid_from: String,
    pub hours_per_pm: String,
    pub group: String,
}

/// The field of a refused rate (the overview shows the sentence on its own page).
pub const RATE: &str = "rate";

fn refuse_rate(sentence: impl Into<String>) -> DomainError {
    DomainError::field(RATE, sentence)
}

/// Adds a project or employee-group hour rate from a month on.
pub fn add_rate(conn: &mut PgConnection, acting: &Acting, input: NewRate) -> Outcome<()> {
    let project = version::lock_for_edit(conn, acting, input.project)?.id;
    let Ok(from) =
        NaiveDate::parse_from_str(&format!("{}-01", input.valid_from.trim()), "%Y-%m-%d")
    else {
        return Err(refuse_rate(
            "Enter the month the rate applies from as YYYY-MM.",
        ));
    };
    let hours = divisor::read_hours_per_pm(&input.hours_per_pm).map_err(refuse_rate)?;
    let group: Option<(Uuid, String)> = match input.group.trim() {
        "" => None,
        text => {
            let found = match Uuid::parse_str(text) {
                Ok(id) => employee_groups::table
                    .find(id)
                    .select((employee_groups::id, employee_groups::name))
                    .first(conn)
                    .optional()?,
                Err(_) => None,
            };
            let Some(found) = found else {
                return Err(refuse_rate("Choose an employee group from the list."));
            };
            Some(found)
        }
    };
    let group_name = group.as_ref().map(|g| g.1.clone());
    if rates(conn, project)?
        .iter()
        .any(|r| r.valid_from == from && r.group == group_name)
    {
        return Err(refuse_rate(format!(
            "There is a rate from {} for {} already: delete it first.",
            format_month(from),
            group_name.as_deref().unwrap_or("everyone")
        )));
    }
    let (id, entity_type): (Uuid, &str) = match &group {
        None => (
            diesel::insert_into(project_hour_rates::table)
                .values((
                    project_hour_rates::project_id.eq(project),
                    project_hour_rates::valid_from.eq(from),
                    project_hour_rates::hours_per_pm.eq(&hours),
                ))
                .returning(project_hour_rates::id)
                .get_result(conn)?,
            "project_hour_rate",
        ),
        Some((group_id, _)) => (
            diesel::insert_into(project_group_hour_rates::table)
                .values((
                    project_group_hour_rates::project_id.eq(project),
                    project_group_hour_rates::employee_group_id.eq(group_id),
                    project_group_hour_rates::valid_from.eq(from),
                    project_group_hour_rates::hours_per_pm.eq(&hours),
                ))
                .returning(project_group_hour_rates::id)
                .get_result(conn)?,
            "project_group_hour_rate",
        ),
    };
    version::bump(conn, project)?;
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Create,
            entity_type,
            entity_id: Some(id),
            project_id: Some(project),
            before: None,
            after: Some(
                json!({"valid_from": from, "hours_per_pm": hours, "employee_group": group_name}),
            ),
        }],
    )?;
    Ok(())
}

/// A rate to delete, still at the version the overview showed.
#[derive(Debug, Clone, Copy)]
pub struct RateDelete {
    pub project: Uuid,
    pub rate: Uuid,
    pub version: i64,
}

fn row_outcome<T>(change: RowChange<T>) -> Outcome<T> {
    match change {
        RowChange::Done(value) => Ok(value),
        RowChange::Missing => Err(DomainError::NotFound),
        RowChange::Stale => Err(DomainError::Stale),
    }
}

/// Deletes one of the project's rates if it is still at the version the page showed.
pub fn delete_rate(conn: &mut PgConnection, acting: &Acting, input: RateDelete) -> Outcome<()> {
    let RateDelete { rate, version, .. } = input;
    let project = version::lock_for_edit(conn, acting, input.project)?.id;
    let found = rates(conn, project)?.into_iter().find(|r| r.id == rate);
    row_outcome(row_version::check(
        found.as_ref().map(|r| r.version),
        version,
    ))?;
    let Some(existing) = found else {
        return Err(DomainError::NotFound);
    };
    let (deleted, entity_type) = if existing.group.is_some() {
        let table = project_group_hour_rates::table
            .find(rate)
            .filter(project_group_hour_rates::version.eq(version));
        (
            diesel::delete(table).execute(conn)?,
            "project_group_hour_rate",
        )
    } else {
        let table = project_hour_rates::table
            .find(rate)
            .filter(project_hour_rates::version.eq(version));
        (diesel::delete(table).execute(conn)?, "project_hour_rate")
    };
    if deleted == 0 {
        let now = rates(conn, project)?.into_iter().find(|r| r.id == rate);
        return row_outcome(row_version::missed(now.map(|r| r.version)));
    }
    version::bump(conn, project)?;
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Delete,
            entity_type,
            entity_id: Some(rate),
            project_id: Some(project),
            before: Some(json!({
                "valid_from": existing.valid_from,
                "hours_per_pm": existing.hours_per_pm,
                "employee_group": existing.group,
            })),
            after: None,
        }],
    )?;
    Ok(())
}
