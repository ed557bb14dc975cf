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
use crate::i18n::Msg;
use crate::planning::code::{MAX_CODE_LEN, is_code};
use crate::planning::month::Month;
use crate::planning::months::format_month;
use crate::planning::quantity::HoursPerPm;
use crate::planning::reading::parse_probability;
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
    /// The win probability, a whole percent; empty: the lifecycle state's default.
    pub probability: String,
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
                "probability" => form.probability = v,
                "version" => form.version = v,
                _ => {}
            }
        }
        form
    }
}

/// A project's head as stored: what the form edits, the Project sheet of a workbook sets and the
/// audit log records.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = projects, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct StoredHead {
    pub code: String,
    pub name: String,
    pub description: String,
    pub owner_org_id: Option<Uuid>,
    pub lifecycle_state_id: Option<Uuid>,
    pub start_month: NaiveDate,
    pub duration_months: i32,
    pub hours_per_pm: Option<BigDecimal>,
}

impl StoredHead {
    /// How the audit log records the head.
    pub fn audit(&self) -> serde_json::Value {
        json!({
            "code": self.code, "name": self.name, "description": self.description,
            "owner_org_id": self.owner_org_id, "lifecycle_state_id": self.lifecycle_state_id,
            "start_month": format_month(self.start_month), "duration_months": self.duration_months,
            "hours_per_pm": self.hours_per_pm,
        })
    }
}

/// The head of project `id` as stored (whether or not the user may see it: RLS decides).
pub fn stored_head(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<StoredHead>> {
    projects::table
        .find(id)
        .select(StoredHead::as_select())
        .first(conn)
        .optional()
}

/// Inserts a project with `head`, all but its lifecycle state ([`set_lifecycle`] comes last);
/// its new id. The id is made here rather than returned by the INSERT: RETURNING shows the new
/// row, so it must pass the select policy, which for an org-scoped editor asks for the visible
/// set, and that set is read in the INSERT's own snapshot (and the transaction's memo of it was
/// worked out before): the new row is not in it yet, and the INSERT fails.
pub fn insert_head(conn: &mut PgConnection, head: &StoredHead) -> QueryResult<Uuid> {
    let id = Uuid::new_v4();
    let without_state = StoredHead {
        lifecycle_state_id: None,
        ..head.clone()
    };
    diesel::insert_into(projects::table)
        .values((projects::id.eq(id), &without_state))
        .execute(conn)?;
    Ok(id)
}

/// Sets every field of project `id`'s head.
pub fn update_head(conn: &mut PgConnection, id: Uuid, head: &StoredHead) -> QueryResult<()> {
    diesel::update(projects::table.find(id))
        .set((head, projects::updated_at.eq(chrono::Utc::now())))
        .execute(conn)
        .map(|_| ())
}

/// Sets the project's lifecycle state. A write of a project sets it last: a state that locks
/// the project (closed, rejected) would refuse every later write of its rows.
pub fn set_lifecycle(conn: &mut PgConnection, id: Uuid, state: Option<Uuid>) -> QueryResult<()> {
    diesel::update(projects::table.find(id))
        .set(projects::lifecycle_state_id.eq(state))
        .execute(conn)
        .map(|_| ())
}

/// The partners of a project as chosen: each once, and never its owner organisation (the
/// form's multi-select and the Organisations sheet of a workbook alike).
pub fn distinct_partners(poo: Option<Uuid>, chosen: impl IntoIterator<Item = Uuid>) -> Vec<Uuid> {
    let mut partners = Vec::new();
    for id in chosen {
        if Some(id) != poo && !partners.contains(&id) {
            partners.push(id);
        }
    }
    partners
}

/// The sentence of an owner organisation that does not exist.
pub fn choose_organisation() -> Msg {
    Msg::new("project-choose-organisation")
}

/// The sentence of a lifecycle state that does not exist.
pub fn choose_lifecycle() -> Msg {
    Msg::new("project-choose-lifecycle")
}

/// The fields of a project's head that need no lookup, each read by the rule of its form field
/// (`None` where the field was refused, its sentence then in `errors`). The form and the Project
/// sheet of a workbook are read by these rules, so a cell fails with the field's sentence.
#[derive(Debug, Clone, Default)]
pub struct TypedHead {
    pub code: Option<String>,
    pub name: Option<String>,
    pub description: String,
    pub start: Option<Month>,
    pub duration: Option<i32>,
    /// `None` when left empty (or refused).
    pub hours_per_pm: Option<HoursPerPm>,
    /// `None` when left empty (the state's default) or refused.
    pub probability: Option<u8>,
    pub errors: FieldErrors,
}

/// The longest project the form accepts, in months.
const MAX_DURATION: i32 = 600;

impl TypedHead {
    /// Reads the head fields of `f` (its lookups, POO, partners and lifecycle, are left to the
    /// caller, who knows them by id or by name).
    pub fn read(f: &ProjectForm) -> TypedHead {
        let mut errors = FieldErrors::new();
        let e = &mut errors;
        let code = judge(e, "code", read_code(&f.code));
        let name = judge(e, "name", read_name(&f.name));
        let start = judge(
            e,
            "start",
            Month::parse(&f.start).map_err(|_| Msg::new("project-start-invalid")),
        );
        let duration = judge(e, "duration", read_duration(&f.duration));
        let hours_per_pm = judge(
            e,
            "hours_per_pm",
            HoursPerPm::parse_optional(&f.hours_per_pm),
        );
        let probability = judge(e, "probability", parse_probability(&f.probability));
        TypedHead {
            code,
            name,
            description: f.description.trim().to_string(),
            start,
            duration,
            hours_per_pm: hours_per_pm.flatten(),
            probability: probability.flatten(),
            errors,
        }
    }

    /// The head to store with its lookups, when every field was accepted.
    pub fn stored(&self, poo: Option<Uuid>, lifecycle: Option<Uuid>) -> Option<StoredHead> {
        if !self.errors.is_empty() {
            return None;
        }
        Some(StoredHead {
            code: self.code.clone()?,
            name: self.name.clone()?,
            description: self.description.clone(),
            owner_org_id: poo,
            lifecycle_state_id: lifecycle,
            start_month: self.start?.first_day(),
            duration_months: self.duration?,
            hours_per_pm: self.hours_per_pm.clone().map(HoursPerPm::into_decimal),
        })
    }
}

/// The value of a field, or `None` with its sentence noted.
fn judge<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: Result<T, impl Into<Msg>>,
) -> Option<T> {
    value
        .map_err(|sentence| errors.push((field, sentence.into())))
        .ok()
}

fn read_code(text: &str) -> Result<String, Msg> {
    let code = text.trim();
    if code.is_empty() {
        Err(Msg::new("project-code-empty"))
    } else if !is_code(code) {
        Err(Msg::new("project-code-shape").arg("max", MAX_CODE_LEN))
    } else {
        Ok(code.to_string())
    }
}

fn read_name(text: &str) -> Result<String, Msg> {
    Some(text.trim().to_string())
        .filter(|name| !name.is_empty())
        .ok_or_else(|| Msg::new("project-name-empty"))
}

fn read_duration(text: &str) -> Result<i32, Msg> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|months| (1..=MAX_DURATION).contains(months))
        .ok_or_else(|| Msg::new("project-duration-invalid").arg("max", MAX_DURATION))
}

struct Valid {
    head: StoredHead,
    partners: Vec<Uuid>,
    probability: Option<u8>,
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

fn lifecycle_exists(conn: &mut PgConnection, id: Uuid) -> QueryResult<bool> {
    Ok(lifecycle_states::table
        .find(id)
        .count()
        .get_result::<i64>(conn)?
        == 1)
}

/// The lifecycle state whose code is `code` (as the projects list and the workbooks name it).
pub fn lifecycle_by_code(conn: &mut PgConnection, code: &str) -> QueryResult<Option<Uuid>> {
    lifecycle_states::table
        .filter(lifecycle_states::code.eq(code))
        .select(lifecycle_states::id)
        .first(conn)
        .optional()
}

/// A partner organisation of a project, with when it became one.
#[derive(Debug, Clone)]
pub struct Partner {
    pub id: Uuid,
    pub short_name: String,
    pub modified_at: chrono::DateTime<chrono::Utc>,
}

/// The partners of project `project`, by short name (RLS shows those of visible projects).
pub fn partners(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Partner>> {
    let rows: Vec<(Uuid, String, chrono::DateTime<chrono::Utc>)> = project_partners::table
        .inner_join(organisations::table)
        .filter(project_partners::project_id.eq(project))
        .select((
            organisations::id,
            organisations::short_name,
            project_partners::modified_at,
        ))
        .order(organisations::short_name)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, short_name, modified_at)| Partner {
            id,
            short_name,
            modified_at,
        })
        .collect())
}

/// The row a select list chose: `Ok(None)` when nothing was, `Err(())` when the text names no
/// row that `exists`.
fn chosen(
    conn: &mut PgConnection,
    text: &str,
    exists: fn(&mut PgConnection, Uuid) -> QueryResult<bool>,
) -> QueryResult<Result<Option<Uuid>, ()>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Ok(None));
    }
    Ok(match Uuid::parse_str(text) {
        Ok(id) if exists(conn, id)? => Ok(Some(id)),
        _ => Err(()),
    })
}

/// A code used by another project, whether or not the user may see it: the only unique key of
/// `projects` a form can collide with. The message says no more than that the code is taken.
fn code_taken(code: &str) -> (&'static str, Msg) {
    ("code", Msg::new("project-code-taken").arg("code", code))
}

fn validate(
    conn: &mut PgConnection,
    f: &ProjectForm,
    editing: Option<Uuid>,
) -> QueryResult<Result<Valid, FieldErrors>> {
    let typed = TypedHead::read(f);
    let mut e = typed.errors.clone();
    if let Some(code) = &typed.code {
        let taken: Option<Uuid> = projects::table
            .filter(projects::code.eq(code))
            .select(projects::id)
            .first(conn)
            .optional()?;
        if taken.is_some_and(|id| Some(id) != editing) {
            e.push(code_taken(code));
        }
    }
    let poo = chosen(conn, &f.poo, org_exists)?.unwrap_or_else(|()| {
        e.push(("poo", choose_organisation()));
        None
    });
    if !e.iter().any(|(k, _)| *k == "poo") && !may_own(conn, poo)? {
        e.push(("poo", Msg::new("project-own-organisations")));
    }
    let mut partners = Vec::new();
    for p in &f.partners {
        match chosen(conn, p, org_exists)? {
            Ok(Some(id)) => partners.push(id),
            _ => e.push(("partners", Msg::new("project-choose-partners"))),
        }
    }
    let lifecycle = chosen(conn, &f.lifecycle, lifecycle_exists)?.unwrap_or_else(|()| {
        e.push(("lifecycle", choose_lifecycle()));
        None
    });
    Ok(
        match typed.stored(poo, lifecycle).filter(|_| e.is_empty()) {
            Some(head) => Ok(Valid {
                head,
                partners: distinct_partners(poo, partners),
                probability: typed.probability,
            }),
            None => Err(e),
        },
    )
}

/// The edit form of a project as stored, if the Policy lets the user change the project.
pub fn edit_form(conn: &mut PgConnection, policy: &Policy, id: Uuid) -> Outcome<ProjectForm> {
    let lock = crate::projects::lock_of(conn, id)?.ok_or(DomainError::NotFound)?;
    policy.can_edit_project(&lock)?;
    crate::projects::edit_values(conn, id)?.ok_or(DomainError::NotFound)
}

/// The head with its partners and win probability, as the audit log records a form's change.
fn snapshot(head: &StoredHead, partners: &[Uuid], probability: Option<i32>) -> serde_json::Value {
    let mut snapshot = head.audit();
    snapshot["partners"] = json!(partners);
    snapshot["win_probability"] = json!(probability);
    snapshot
}

/// Project `id`'s own win probability (`None`: its lifecycle state's default). It is written
/// apart from the head, so that a workbook's Project sheet, which has no such row, keeps it.
pub fn stored_probability(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<i32>> {
    Ok(projects::table
        .find(id)
        .select(projects::win_probability)
        .first::<Option<i32>>(conn)
        .optional()?
        .flatten())
}

/// Sets project `id`'s own win probability (`None`: its lifecycle state's default).
pub fn set_probability(
    conn: &mut PgConnection,
    id: Uuid,
    probability: Option<u8>,
) -> QueryResult<()> {
    diesel::update(projects::table.find(id))
        .set(projects::win_probability.eq(probability.map(i32::from)))
        .execute(conn)
        .map(|_| ())
}

fn add_partners(conn: &mut PgConnection, project: Uuid, orgs: &[Uuid]) -> QueryResult<()> {
    if orgs.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = orgs
        .iter()
        .map(|org| {
            (
                project_partners::project_id.eq(project),
                project_partners::organisation_id.eq(*org),
            )
        })
        .collect();
    diesel::insert_into(project_partners::table)
        .values(&rows)
        .execute(conn)
        .map(|_| ())
}

/// Creates a project; its id, or the field errors of the form.
pub fn create_project(conn: &mut PgConnection, acting: &Acting, f: &ProjectForm) -> Outcome<Uuid> {
    // A new project is open: whoever may change open projects may create one (under their own
    // organisations, which `validate` checks as RLS does).
    acting.allowed(acting.policy.can_edit_project(&ProjectLock::Open))?;
    let v = validate(conn, f, None)?.map_err(DomainError::Invalid)?;
    let id = refuse_duplicates(
        conn,
        |_| vec![code_taken(&v.head.code)],
        |conn| insert_head(conn, &v.head).map(Ok),
    )?
    .map_err(DomainError::Invalid)?;
    add_partners(conn, id, &v.partners)?;
    set_probability(conn, id, v.probability)?;
    // The state comes last: one that locks the project (closed, rejected) would refuse its
    // partners, since only editable projects' rows may be written.
    if v.head.lifecycle_state_id.is_some() {
        set_lifecycle(conn, id, v.head.lifecycle_state_id)?;
    }
    let created = snapshot(&v.head, &v.partners, v.probability.map(i32::from));
    let change = Change::in_project(Action::Create, "project", Some(id), id, None, Some(created));
    audit::record(conn, &acting.actor, &[change])?;
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
    let before = stored_head(conn, id)?.ok_or(DomainError::NotFound)?;
    let probability_before = stored_probability(conn, id)?;
    refuse_duplicates(
        conn,
        |_| vec![code_taken(&v.head.code)],
        |conn| update_head(conn, id, &v.head).map(Ok),
    )?
    .map_err(DomainError::Invalid)?;
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
    let added: Vec<Uuid> = v
        .partners
        .iter()
        .filter(|p| !current.contains(p))
        .copied()
        .collect();
    add_partners(conn, id, &added)?;
    set_probability(conn, id, v.probability)?;
    version::bump(conn, id)?;
    let change = Change::in_project(
        Action::Update,
        "project",
        Some(id),
        id,
        Some(snapshot(&before, &current, probability_before)),
        Some(snapshot(&v.head, &v.partners, v.probability.map(i32::from))),
    );
    audit::record(conn, &acting.actor, &[change])?;
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

fn refuse_rate(sentence: impl Into<Msg>) -> DomainError {
    DomainError::field(RATE, sentence)
}

/// Adds a project or employee-group hour rate from a month on.
pub fn add_rate(conn: &mut PgConnection, acting: &Acting, input: NewRate) -> Outcome<()> {
    let project = version::lock_for_edit(conn, acting, input.project)?.id;
    let from =
        Month::parse(&input.valid_from).map_err(|_| refuse_rate(Msg::new("rate-month-invalid")))?;
    let hours = HoursPerPm::parse(&input.hours_per_pm)
        .map_err(refuse_rate)?
        .into_decimal();
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
                return Err(refuse_rate(Msg::new("rate-choose-group")));
            };
            Some(found)
        }
    };
    let group_name = group.as_ref().map(|g| g.1.clone());
    if rates(conn, project)?
        .iter()
        .any(|r| r.valid_from == from.first_day() && r.group == group_name)
    {
        let month = from.to_string();
        return Err(refuse_rate(match &group_name {
            Some(group) => Msg::new("rate-exists")
                .arg("month", month)
                .arg("group", group),
            None => Msg::new("rate-exists-everyone").arg("month", month),
        }));
    }
    let (id, entity_type): (Uuid, &str) = match &group {
        None => (
            diesel::insert_into(project_hour_rates::table)
                .values((
                    project_hour_rates::project_id.eq(project),
                    project_hour_rates::valid_from.eq(from.first_day()),
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
                    project_group_hour_rates::valid_from.eq(from.first_day()),
                    project_group_hour_rates::hours_per_pm.eq(&hours),
                ))
                .returning(project_group_hour_rates::id)
                .get_result(conn)?,
            "project_group_hour_rate",
        ),
    };
    version::bump(conn, project)?;
    let after = json!({
        "valid_from": from.first_day(), "hours_per_pm": hours, "employee_group": group_name,
    });
    let change = Change::in_project(
        Action::Create,
        entity_type,
        Some(id),
        project,
        None,
        Some(after),
    );
    audit::record(conn, &acting.actor, &[change])?;
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
    let before = json!({
        "valid_from": existing.valid_from,
        "hours_per_pm": existing.hours_per_pm,
        "employee_group": existing.group,
    });
    let change = Change::in_project(
        Action::Delete,
        entity_type,
        Some(rate),
        project,
        Some(before),
        None,
    );
    audit::record(conn, &acting.actor, &[change])?;
    Ok(())
}
