//! Administrators' changes to people (SPEC §5): persons, and the working time their capacity is
//! computed from (employee-group memberships, FTE periods, leave). Employee groups with their
//! daily hours and leave types are in [`lookups`]. Every change is validated first (a clear
//! message, nothing written when wrong; the rules mirror the people import) and audited.
//!
//! Every change is one command `(conn, &Acting, input) -> Outcome<_>` run in the request's one
//! transaction: it asks the Policy ([`may_change_people`]), validates, writes and audits.
//! Row-level security allows these writes to administrators only (`app.is_admin()`) again.

pub mod lookups;

use bigdecimal::BigDecimal;
use chrono::{Datelike, NaiveDate};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Actor, Change};
use crate::auth::policy::Refusal;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::guarded::{
    RowEdit, delete_at_version, guarded, settled, still_at, update_at_version,
};
use crate::db::row_version::{self, version_of};
use crate::db::schema::{
    allocation_overrides, assignments, employee_group_memberships, employee_groups, fte_periods,
    leave_types, leaves, organisations, persons, projects, users,
};
use crate::i18n::{Msg, MsgArg};
use crate::planning::decimal_input::{self, DecimalRefusal};

pub use crate::command::FieldErrors;

/// Persons, their working time, employee groups and leave types: administrators only (a person
/// is the planning side of a user: linking one decides what an "assigned"-visibility user sees).
pub fn may_change_people(acting: &Acting) -> Outcome<()> {
    if acting.policy.can_manage_users() {
        Ok(())
    } else {
        Err(DomainError::Forbidden(Refusal(Msg::new(
            "person-refused-not-admin",
        ))))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading form values (pure; the same rules as the people import)

/// A person's code: the sign-in username of people who log in (e.g. `editor@test`), so one
/// word without spaces.
pub fn person_code(value: &str) -> Result<String, Msg> {
    let code = value.trim();
    if code.is_empty() {
        Err(Msg::new("person-error-code-missing"))
    } else if code.chars().count() > 64 {
        Err(Msg::new("person-error-code-long").arg("max", 64))
    } else if code.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(Msg::new("person-error-code-spaces"))
    } else {
        Ok(code.to_string())
    }
}

/// A person's first and last name (trimmed): one of them at least, each at most 200 characters.
pub fn person_name(first: &str, last: &str) -> Result<(String, String), Msg> {
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() && last.is_empty() {
        Err(Msg::new("person-error-name-missing"))
    } else if first.chars().count() > 200 || last.chars().count() > 200 {
        Err(Msg::new("person-error-name-long").arg("max", 200))
    } else {
        Ok((first.to_string(), last.to_string()))
    }
}

/// An employment may not end before it starts.
pub fn employment_in_order(start: NaiveDate, end: NaiveDate) -> Result<(), Msg> {
    if end < start {
        Err(Msg::new("person-error-employment-order")
            .arg("end", end.to_string())
            .arg("start", start.to_string()))
    } else {
        Ok(())
    }
}

/// An optional email address: empty is none; otherwise one `@` between a local part and a
/// dotted domain, without spaces.
pub fn optional_email(value: &str) -> Result<Option<String>, Msg> {
    let email = value.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && email.len() <= 254
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if valid {
        Ok(Some(email.to_string()))
    } else {
        Err(Msg::new("person-error-email").arg("email", email))
    }
}

/// A required date, YYYY-MM-DD (what `<input type="date">` sends); `what` names the field (a
/// message such as `Msg::new("person-what-employment-start")`, written in the reader's language).
pub fn date(value: &str, what: impl Into<MsgArg>) -> Result<NaiveDate, Msg> {
    let what = what.into();
    optional_date(value, what.clone())?
        .ok_or_else(|| Msg::new("person-error-date-missing").arg("what", what))
}

/// An optional date, YYYY-MM-DD.
pub fn optional_date(value: &str, what: impl Into<MsgArg>) -> Result<Option<NaiveDate>, Msg> {
    let text = value.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) if (1900..=2200).contains(&day.year()) => Ok(Some(day)),
        Ok(_) => Err(Msg::new("person-error-date-range")
            .arg("what", what)
            .arg("first", "1900")
            .arg("last", "2200")),
        Err(_) => Err(Msg::new("person-error-date-format")
            .arg("text", text)
            .arg("what", what)),
    }
}

/// The refusal of a number text too long or written with an exponent (checked before anything
/// else reads it, see `planning::decimal_input`); `None` for any other text.
pub fn unreadable_number(value: &str) -> Option<Msg> {
    match decimal_input::parse_decimal(value) {
        Err(DecimalRefusal::TooLong) => {
            Some(Msg::new("person-error-number-long").arg("max", decimal_input::MAX_DECIMAL_CHARS))
        }
        Err(DecimalRefusal::Exponent(text)) => {
            Some(Msg::new("person-error-number-exponent").arg("text", text))
        }
        _ => None,
    }
}

/// A number typed in a form field: `Ok(None)` when empty, the number when `accept` takes it,
/// else `explain(text)`; an overlong text or an exponent has its own sentence (the text is not
/// repeated: see `planning::decimal_input`).
fn form_number(
    value: &str,
    accept: impl FnOnce(&BigDecimal) -> bool,
    explain: impl FnOnce(&str) -> Msg,
) -> Result<Option<BigDecimal>, Msg> {
    match decimal_input::parse_decimal(value) {
        Ok(None) => Ok(None),
        Ok(Some(number)) if accept(&number) => Ok(Some(number)),
        Err(DecimalRefusal::TooLong) => {
            Err(Msg::new("person-error-number-long").arg("max", decimal_input::MAX_DECIMAL_CHARS))
        }
        Err(DecimalRefusal::Exponent(text)) => {
            Err(Msg::new("person-error-number-exponent").arg("text", text))
        }
        Ok(Some(_)) | Err(DecimalRefusal::NotANumber(_)) => Err(explain(value.trim())),
    }
}

/// An FTE percentage: 0 to 100, at most two decimals.
pub fn fte_percent(value: &str) -> Result<BigDecimal, Msg> {
    let range = BigDecimal::from(0)..=BigDecimal::from(100);
    let accept = |p: &BigDecimal| p.round(2) == *p && range.contains(p);
    let explain = |text: &str| Msg::new("fte-error-percent").arg("text", text);
    form_number(value, accept, explain)?
        .map(|p| p.normalized())
        .ok_or_else(|| Msg::new("fte-error-percent-missing"))
}

/// Daily working hours: above 0 and at most 24, at most two decimals.
pub fn daily_hours(value: &str) -> Result<BigDecimal, Msg> {
    let accept = |h: &BigDecimal| h.round(2) == *h && *h > 0 && *h <= 24;
    let explain = |text: &str| Msg::new("groups-error-hours").arg("text", text);
    form_number(value, accept, explain)?
        .map(|h| h.normalized())
        .ok_or_else(|| Msg::new("groups-error-hours-missing"))
}

/// A leave type's code: letters, digits, '_' or '-', at most 32 (the database's rule).
pub fn leave_type_code(value: &str) -> Result<String, Msg> {
    let code = value.trim();
    if code.is_empty() {
        Err(Msg::new("leave-error-code-missing"))
    } else if code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        Ok(code.to_string())
    } else {
        Err(Msg::new("leave-error-code-form").arg("max", 32))
    }
}

/// A required name of at most 200 characters; `missing` is the sentence for an empty one.
pub fn name(value: &str, missing: impl Into<Msg>) -> Result<String, Msg> {
    let text = value.trim();
    if text.is_empty() {
        Err(missing.into())
    } else if text.chars().count() > 200 {
        Err(Msg::new("person-error-name-long").arg("max", 200))
    } else {
        Ok(text.to_string())
    }
}

/// A field's refusal as the command's refusal (the people pages' sentences are messages).
pub fn refused(field: &'static str) -> impl FnOnce(Msg) -> DomainError {
    move |sentence| DomainError::field(field, sentence)
}

/// An id chosen from a select box; `None` when nothing was chosen.
fn chosen(value: &str) -> Result<Option<Uuid>, ()> {
    match value.trim() {
        "" => Ok(None),
        text => Uuid::parse_str(text).map(Some).map_err(|_| ()),
    }
}

/// Audits a row added to people's data (which belongs to no project); `after` is the new row.
fn log_created(
    conn: &mut PgConnection,
    actor: &Actor,
    entity_type: &'static str,
    id: Uuid,
    after: serde_json::Value,
) -> QueryResult<()> {
    let created = Change::outside_projects(Action::Create, entity_type, id, None, Some(after));
    audit::record(conn, actor, &[created])
}

/// Audits a changed row, with the row as it was and as it is now.
fn log_updated(
    conn: &mut PgConnection,
    actor: &Actor,
    entity_type: &'static str,
    id: Uuid,
    before: serde_json::Value,
    after: serde_json::Value,
) -> QueryResult<()> {
    let (before, after) = (Some(before), Some(after));
    let updated = Change::outside_projects(Action::Update, entity_type, id, before, after);
    audit::record(conn, actor, &[updated])
}

/// Audits a deleted row; `before` is what was deleted.
fn log_deleted(
    conn: &mut PgConnection,
    actor: &Actor,
    entity_type: &'static str,
    id: Uuid,
    before: serde_json::Value,
) -> QueryResult<()> {
    let deleted = Change::outside_projects(Action::Delete, entity_type, id, Some(before), None);
    audit::record(conn, actor, &[deleted])
}

// ---------------------------------------------------------------------------------------------
// Persons

/// What the add and edit forms send.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PersonForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub employment_start: String,
    #[serde(default)]
    pub employment_end: String,
    /// The linked user's id, or empty.
    #[serde(default)]
    pub user: String,
}

/// A person's stored fields, as the audit log records them (the people import writes them too).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = persons, treat_none_as_null = true)]
pub(crate) struct PersonRecord {
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub organisation_id: Uuid,
    pub employment_start: Option<NaiveDate>,
    pub employment_end: Option<NaiveDate>,
    pub user_id: Option<Uuid>,
}

impl PersonRecord {
    fn snapshot(&self) -> serde_json::Value {
        json!({
            "code": self.code, "first_name": self.first_name, "last_name": self.last_name,
            "email": self.email, "organisation_id": self.organisation_id,
            "employment_start": self.employment_start, "employment_end": self.employment_end,
            "user_id": self.user_id,
        })
    }

    fn as_form(&self) -> PersonForm {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        PersonForm {
            code: self.code.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone().unwrap_or_default(),
            organisation: self.organisation_id.to_string(),
            employment_start: day(self.employment_start),
            employment_end: day(self.employment_end),
            user: self.user_id.map(|u| u.to_string()).unwrap_or_default(),
        }
    }
}

fn find_record(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<PersonRecord>> {
    persons::table
        .find(id)
        .select(PersonRecord::as_select())
        .first(conn)
        .optional()
}

/// The edit form of person `id` filled with its stored values, the person's display name and
/// the version of the row the form shows.
pub fn edit_form(
    conn: &mut PgConnection,
    id: Uuid,
) -> QueryResult<Option<(PersonForm, String, i64)>> {
    let Some(version) = version_of!(conn, persons, id)? else {
        return Ok(None);
    };
    Ok(find_record(conn, id)?.map(|p| {
        let label = display_name(&p.first_name, &p.last_name, &p.code);
        (p.as_form(), label, version)
    }))
}

/// Person `id` as its edit form shows it, with what the form's lists offer.
pub struct PersonEditing {
    pub form: PersonForm,
    /// The display name.
    pub name: String,
    /// The version of the row the form shows.
    pub version: i64,
    pub choices: PersonChoices,
}

/// What the edit form of person `id` shows (`None`: no such person).
pub fn editing(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<PersonEditing>> {
    let Some((form, name, version)) = edit_form(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(PersonEditing {
        form,
        name,
        version,
        choices: choices(conn, Some(id))?,
    }))
}

/// Person `id`'s working time with the person's code and display name, for the working-time
/// page (`None`: no such person).
pub fn working_time_of(
    conn: &mut PgConnection,
    id: Uuid,
) -> QueryResult<Option<(PersonForm, String, WorkingTime)>> {
    let Some((form, name, _)) = edit_form(conn, id)? else {
        return Ok(None);
    };
    Ok(working_time(conn, id)?.map(|wt| (form, name, wt)))
}

/// "First Last", or the code when both names are empty.
pub fn display_name(first: &str, last: &str, code: &str) -> String {
    let name = format!("{first} {last}").trim().to_string();
    if name.is_empty() {
        code.to_string()
    } else {
        name
    }
}

/// What the person form's select boxes offer.
pub struct PersonChoices {
    /// (id, short name indented by depth in the hierarchy)
    pub organisations: Vec<(Uuid, String)>,
    /// (id, "username (display name)") of users not linked to another person.
    pub users: Vec<(Uuid, String)>,
}

/// The organisations, and the users that person `editing` (none: a new person) may be linked to.
pub fn choices(conn: &mut PgConnection, editing: Option<Uuid>) -> QueryResult<PersonChoices> {
    let organisations =
        crate::reference::organisations::as_tree(crate::reference::organisations::list(conn)?)
            .into_iter()
            .map(|e| (e.organisation.id, e.indented()))
            .collect();
    let taken: Vec<(Uuid, Option<Uuid>)> = persons::table
        .filter(persons::user_id.is_not_null())
        .select((persons::id, persons::user_id))
        .load(conn)?;
    let users: Vec<(Uuid, String, Option<String>)> = users::table
        // The built-in user of no-auth mode is everyone at once, never one person.
        .filter(users::sub.ne(crate::auth::users::NO_AUTH_SUB))
        .select((users::id, users::username, users::display_name))
        .order(users::username)
        .load(conn)?;
    Ok(PersonChoices {
        organisations,
        users: users
            .into_iter()
            .filter(|(id, _, _)| {
                !taken
                    .iter()
                    .any(|(person, user)| *user == Some(*id) && Some(*person) != editing)
            })
            .map(|(id, username, display)| {
                let label = match display.filter(|d| !d.trim().is_empty() && *d != username) {
                    Some(d) => format!("{username} ({d})"),
                    None => username,
                };
                (id, label)
            })
            .collect(),
    })
}

fn validate_person(
    conn: &mut PgConnection,
    form: &PersonForm,
    editing: Option<Uuid>,
) -> QueryResult<Result<PersonRecord, FieldErrors>> {
    let mut errors = FieldErrors::new();
    let code = match person_code(&form.code) {
        Ok(code) => {
            let clash: Option<Uuid> = persons::table
                .filter(persons::code.eq(&code))
                .select(persons::id)
                .first(conn)
                .optional()?;
            if clash.is_some_and(|id| Some(id) != editing) {
                errors.push((
                    "code",
                    Msg::new("person-error-code-taken").arg("code", &code),
                ));
            }
            code
        }
        Err(message) => {
            errors.push(("code", message));
            String::new()
        }
    };
    let (first_name, last_name) =
        person_name(&form.first_name, &form.last_name).unwrap_or_else(|message| {
            errors.push(("last_name", message));
            (String::new(), String::new())
        });
    let email = optional_email(&form.email).unwrap_or_else(|message| {
        errors.push(("email", message));
        None
    });
    let organisation = match chosen(&form.organisation) {
        Ok(Some(id))
            if organisations::table
                .find(id)
                .count()
                .get_result::<i64>(conn)?
                == 1 =>
        {
            id
        }
        Ok(None) => {
            errors.push((
                "organisation",
                Msg::new("person-error-organisation-missing"),
            ));
            Uuid::nil()
        }
        _ => {
            errors.push((
                "organisation",
                Msg::new("person-error-organisation-unknown"),
            ));
            Uuid::nil()
        }
    };
    let start = date(
        &form.employment_start,
        Msg::new("person-what-employment-start"),
    )
    .map_err(|message| errors.push(("employment_start", message)))
    .ok();
    let end = optional_date(&form.employment_end, Msg::new("person-what-employment-end"))
        .unwrap_or_else(|message| {
            errors.push(("employment_end", message));
            None
        });
    if let (Some(s), Some(e)) = (start, end)
        && let Err(message) = employment_in_order(s, e)
    {
        errors.push(("employment_end", message));
    }
    let user = match chosen(&form.user) {
        Ok(None) => None,
        Ok(Some(id)) => {
            let exists: i64 = users::table
                .find(id)
                .filter(users::sub.ne(crate::auth::users::NO_AUTH_SUB))
                .count()
                .get_result(conn)?;
            let linked: Option<(Uuid, String)> = persons::table
                .filter(persons::user_id.eq(id))
                .select((persons::id, persons::code))
                .first(conn)
                .optional()?;
            if exists != 1 {
                errors.push(("user", Msg::new("person-error-user-unknown")));
            } else if let Some((other, other_code)) = linked
                && Some(other) != editing
            {
                errors.push((
                    "user",
                    Msg::new("person-error-user-linked").arg("code", other_code),
                ));
            }
            Some(id)
        }
        Err(()) => {
            errors.push(("user", Msg::new("person-error-user-unknown")));
            None
        }
    };
    Ok(if errors.is_empty() {
        Ok(PersonRecord {
            code,
            first_name,
            last_name,
            email,
            organisation_id: organisation,
            employment_start: start,
            employment_end: end,
            user_id: user,
        })
    } else {
        Err(errors)
    })
}

/// A duplicate caught by the database (another admin was faster than the checks above).
fn person_duplicate(constraint: &str) -> DomainError {
    match constraint {
        "persons_user_id_key" => {
            DomainError::field("user", Msg::new("person-error-user-linked-other"))
        }
        _ => DomainError::field("code", Msg::new("person-error-code-taken-other")),
    }
}

/// The person record `form` describes, or every field's refusal (`editing`: the person it
/// changes, whose own code and user are no clash).
fn valid_person(
    conn: &mut PgConnection,
    form: &PersonForm,
    editing: Option<Uuid>,
) -> Outcome<PersonRecord> {
    validate_person(conn, form, editing)?.map_err(DomainError::Invalid)
}

/// Adds a person (and its audit row): the new person's id.
pub fn create_person(conn: &mut PgConnection, acting: &Acting, form: &PersonForm) -> Outcome<Uuid> {
    may_change_people(acting)?;
    guarded(conn, person_duplicate, |conn| {
        let p = valid_person(conn, form, None)?;
        let id: Uuid = diesel::insert_into(persons::table)
            .values(&p)
            .returning(persons::id)
            .get_result(conn)?;
        log_created(conn, &acting.actor, "person", id, p.snapshot())?;
        Ok(id)
    })
}

/// A change to a person's details: the form and the version of the person it showed.
pub type PersonChange = RowEdit<PersonForm>;

/// Changes a person still at the version the form showed.
pub fn update_person(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &PersonChange,
) -> Outcome<()> {
    may_change_people(acting)?;
    let PersonChange { id, version, form } = change;
    let (id, version) = (*id, *version);
    settled(row_version::check(version_of!(conn, persons, id)?, version))?;
    let before = find_record(conn, id)?.ok_or(DomainError::NotFound)?;
    guarded(conn, person_duplicate, |conn| {
        let p = valid_person(conn, form, Some(id))?;
        if p == before {
            return Ok(());
        }
        let changes = (&p, persons::updated_at.eq(chrono::Utc::now()));
        update_at_version!(conn, persons, id, version, changes)?;
        log_updated(
            conn,
            &acting.actor,
            "person",
            id,
            before.snapshot(),
            p.snapshot(),
        )?;
        Ok(())
    })
}

/// What deleting a person takes with it (the database cascades these rows).
#[derive(Debug, Clone)]
pub struct DeleteImpact {
    pub code: String,
    pub name: String,
    pub assignments: i64,
    /// Codes of the projects the person is assigned to.
    pub projects: Vec<String>,
    pub allocation_overrides: i64,
    pub memberships: i64,
    pub fte_periods: i64,
    pub leaves: i64,
}

/// The assignment rows deleted with a person, as the audit log records them.
type AssignmentRecord = (Uuid, Uuid, String, BigDecimal, NaiveDate, NaiveDate);

fn assignments_of(conn: &mut PgConnection, person: Uuid) -> QueryResult<Vec<AssignmentRecord>> {
    assignments::table
        .inner_join(projects::table)
        .filter(assignments::person_id.eq(person))
        .select((
            assignments::id,
            assignments::project_id,
            projects::code,
            assignments::allocation_percent,
            assignments::start_month,
            assignments::end_month,
        ))
        .order((projects::code, assignments::start_month))
        .load(conn)
}

/// What deleting person `id` would delete too (`None`: no such person).
pub fn delete_impact(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<DeleteImpact>> {
    let Some(p) = find_record(conn, id)? else {
        return Ok(None);
    };
    let rows = assignments_of(conn, id)?;
    let ids: Vec<Uuid> = rows.iter().map(|a| a.0).collect();
    let mut projects: Vec<String> = rows.iter().map(|a| a.2.clone()).collect();
    projects.dedup();
    Ok(Some(DeleteImpact {
        name: display_name(&p.first_name, &p.last_name, &p.code),
        code: p.code,
        assignments: rows.len() as i64,
        projects,
        allocation_overrides: allocation_overrides::table
            .filter(allocation_overrides::assignment_id.eq_any(&ids))
            .count()
            .get_result(conn)?,
        memberships: employee_group_memberships::table
            .filter(employee_group_memberships::person_id.eq(id))
            .count()
            .get_result(conn)?,
        fte_periods: fte_periods::table
            .filter(fte_periods::person_id.eq(id))
            .count()
            .get_result(conn)?,
        leaves: leaves::table
            .filter(leaves::person_id.eq(id))
            .count()
            .get_result(conn)?,
    }))
}

/// Deletes person `id` still at `version`, the one the page showed, with their working time
/// and assignments. Each assignment gets its own audit row under its project, so the project's
/// history shows it.
pub fn delete_person(
    conn: &mut PgConnection,
    acting: &Acting,
    (id, version): (Uuid, i64),
) -> Outcome<()> {
    may_change_people(acting)?;
    settled(row_version::check(version_of!(conn, persons, id)?, version))?;
    let (Some(before), Some(impact)) = (find_record(conn, id)?, delete_impact(conn, id)?) else {
        return Err(DomainError::NotFound);
    };
    let gone = assignments_of(conn, id)?;
    delete_at_version!(conn, persons, id, version)?;
    let mut snapshot = before.snapshot();
    snapshot["deleted_with_it"] = json!({
        "assignments": impact.assignments, "allocation_overrides": impact.allocation_overrides,
        "employee_group_memberships": impact.memberships, "fte_periods": impact.fte_periods,
        "leaves": impact.leaves,
    });
    let mut log = vec![Change::outside_projects(
        Action::Delete,
        "person",
        id,
        Some(snapshot),
        None,
    )];
    log.extend(
        gone.into_iter()
            .map(|(assignment, project, _, percent, start, end)| {
                let gone = json!({
                    "person": before.code, "allocation_percent": percent,
                    "start_month": start, "end_month": end, "reason": "person deleted",
                });
                let assignment = Some(assignment);
                Change::in_project(
                    Action::Delete,
                    "assignment",
                    assignment,
                    project,
                    Some(gone),
                    None,
                )
            }),
    );
    audit::record(conn, &acting.actor, &log)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Working time: employee-group memberships, FTE periods, leave

/// Every field of the working-time forms; each form sends the ones it has.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WorkingTimeForm {
    /// Membership: the employee group's id and the first day.
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub valid_from: String,
    /// FTE period: first day, optional last day, percentage.
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub percent: String,
    /// Leave: the leave type's id, first and last day.
    #[serde(default)]
    pub leave_type: String,
    #[serde(default)]
    pub first_day: String,
    #[serde(default)]
    pub last_day: String,
}

/// A person's working-time rows with their ids and versions, and what the add forms offer.
#[derive(Debug, Clone, Default)]
pub struct WorkingTime {
    /// (id, from, group name, version), earliest first.
    pub memberships: Vec<(Uuid, NaiveDate, String, i64)>,
    /// (id, start, end, FTE %, version), earliest first.
    pub fte_periods: Vec<(Uuid, NaiveDate, Option<NaiveDate>, BigDecimal, i64)>,
    /// (id, leave type code, leave type name, first day, last day, version), earliest first.
    pub leave: Vec<(Uuid, String, String, NaiveDate, NaiveDate, i64)>,
    /// (id, name) of every employee group.
    pub groups: Vec<(Uuid, String)>,
    /// (id, code, name) of every leave type.
    pub leave_types: Vec<(Uuid, String, String)>,
}

/// Person `id`'s working time (`None`: no such person).
pub fn working_time(conn: &mut PgConnection, person: Uuid) -> QueryResult<Option<WorkingTime>> {
    if find_record(conn, person)?.is_none() {
        return Ok(None);
    }
    Ok(Some(WorkingTime {
        memberships: employee_group_memberships::table
            .inner_join(employee_groups::table)
            .filter(employee_group_memberships::person_id.eq(person))
            .select((
                employee_group_memberships::id,
                employee_group_memberships::valid_from,
                employee_groups::name,
                employee_group_memberships::version,
            ))
            .order(employee_group_memberships::valid_from)
            .load(conn)?,
        fte_periods: fte_periods::table
            .filter(fte_periods::person_id.eq(person))
            .select((
                fte_periods::id,
                fte_periods::start_date,
                fte_periods::end_date,
                fte_periods::fte_percent,
                fte_periods::version,
            ))
            .order((fte_periods::start_date, fte_periods::id))
            .load(conn)?,
        leave: leaves::table
            .inner_join(leave_types::table)
            .filter(leaves::person_id.eq(person))
            .select((
                leaves::id,
                leave_types::code,
                leave_types::name,
                leaves::start_date,
                leaves::end_date,
                leaves::version,
            ))
            .order((leaves::start_date, leaves::id))
            .load(conn)?,
        groups: employee_groups::table
            .select((employee_groups::id, employee_groups::name))
            .order(employee_groups::name)
            .load(conn)?,
        leave_types: leave_types::table
            .select((leave_types::id, leave_types::code, leave_types::name))
            .order(leave_types::code)
            .load(conn)?,
    }))
}

/// Runs `write` for an existing person (read as its code), after the Policy, in a savepoint.
fn for_person(
    conn: &mut PgConnection,
    acting: &Acting,
    person: Uuid,
    on_duplicate: impl Fn(&str) -> DomainError,
    write: impl FnOnce(&mut PgConnection, &str) -> Outcome<()>,
) -> Outcome<()> {
    may_change_people(acting)?;
    let record = find_record(conn, person)?.ok_or(DomainError::NotFound)?;
    guarded(conn, on_duplicate, |conn| write(conn, &record.code))
}

/// The row of a list the user chose (`None`: nothing chosen, not an id, or no such row).
fn chosen_row<T>(
    conn: &mut PgConnection,
    value: &str,
    find: impl FnOnce(&mut PgConnection, Uuid) -> QueryResult<Option<T>>,
) -> Outcome<Option<T>> {
    Ok(match chosen(value) {
        Ok(Some(id)) => find(conn, id)?,
        _ => None,
    })
}

/// Puts the person in an employee group from a day on (until their next membership).
pub fn add_membership(
    conn: &mut PgConnection,
    acting: &Acting,
    (person, form): (Uuid, &WorkingTimeForm),
) -> Outcome<()> {
    let duplicate = |_: &str| {
        DomainError::field(
            "valid_from",
            Msg::new("workingtime-error-membership-day-taken"),
        )
    };
    for_person(conn, acting, person, duplicate, |conn, code| {
        let group: Option<(Uuid, String)> = chosen_row(conn, &form.group, |conn, id| {
            employee_groups::table
                .find(id)
                .select((employee_groups::id, employee_groups::name))
                .first(conn)
                .optional()
        })?;
        let (group, group_name) = group.ok_or_else(|| {
            DomainError::field("group", Msg::new("workingtime-error-group-unknown"))
        })?;
        let from = date(
            &form.valid_from,
            Msg::new("workingtime-what-membership-start"),
        )
        .map_err(refused("valid_from"))?;
        let taken: i64 = employee_group_memberships::table
            .filter(employee_group_memberships::person_id.eq(person))
            .filter(employee_group_memberships::valid_from.eq(from))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(duplicate(""));
        }
        let id: Uuid = diesel::insert_into(employee_group_memberships::table)
            .values((
                employee_group_memberships::person_id.eq(person),
                employee_group_memberships::employee_group_id.eq(group),
                employee_group_memberships::valid_from.eq(from),
            ))
            .returning(employee_group_memberships::id)
            .get_result(conn)?;
        log_created(
            conn,
            &acting.actor,
            "employee_group_membership",
            id,
            json!({"person": code, "group": group_name, "valid_from": from}),
        )?;
        Ok(())
    })
}

/// An FTE period as the form gives it: first day, optional last day (not before the first),
/// percentage. The people import reads its FTE sheet with the same rules.
pub fn fte_period(
    start: &str,
    end: &str,
    percent: &str,
) -> Result<(NaiveDate, Option<NaiveDate>, BigDecimal), (&'static str, Msg)> {
    let start = date(start, Msg::new("fte-what-first-day")).map_err(|m| ("start", m))?;
    let end = optional_date(end, Msg::new("fte-what-last-day")).map_err(|m| ("end", m))?;
    if let Some(end) = end
        && end < start
    {
        return Err((
            "end",
            Msg::new("fte-error-order")
                .arg("end", end.to_string())
                .arg("start", start.to_string()),
        ));
    }
    let percent = fte_percent(percent).map_err(|m| ("percent", m))?;
    Ok((start, end, percent))
}

/// Adds an FTE period. Periods may overlap: from its start the period that started last
/// applies (see `planning::person_capacity`), so a new open-ended period supersedes an older
/// one without editing it. Two periods starting on the same day would be ambiguous and are
/// refused.
pub fn add_fte_period(
    conn: &mut PgConnection,
    acting: &Acting,
    (person, form): (Uuid, &WorkingTimeForm),
) -> Outcome<()> {
    let no_duplicate = |_: &str| DomainError::field("start", Msg::verbatim(String::new()));
    for_person(conn, acting, person, no_duplicate, |conn, code| {
        let (start, end, percent) = fte_period(&form.start, &form.end, &form.percent)
            .map_err(|(field, sentence)| DomainError::field(field, sentence))?;
        fte_start_free(conn, person, start, None)?;
        let id: Uuid = diesel::insert_into(fte_periods::table)
            .values((
                fte_periods::person_id.eq(person),
                fte_periods::start_date.eq(start),
                fte_periods::end_date.eq(end),
                fte_periods::fte_percent.eq(&percent),
            ))
            .returning(fte_periods::id)
            .get_result(conn)?;
        log_created(
            conn,
            &acting.actor,
            "fte_period",
            id,
            json!({"person": code, "start": start, "end": end, "fte_percent": percent}),
        )?;
        Ok(())
    })
}

/// Leave as the form gives it: first and last day, the last not before the first. The people
/// import reads its leave sheet with the same rules.
pub fn leave_days(first: &str, last: &str) -> Result<(NaiveDate, NaiveDate), (&'static str, Msg)> {
    let first = date(first, Msg::new("leave-what-first-day")).map_err(|m| ("first_day", m))?;
    let last = date(last, Msg::new("leave-what-last-day")).map_err(|m| ("last_day", m))?;
    if last < first {
        return Err((
            "last_day",
            Msg::new("leave-error-order")
                .arg("last", last.to_string())
                .arg("first", first.to_string()),
        ));
    }
    Ok((first, last))
}

/// Adds leave from the first to the last day (inclusive). Overlapping leave is allowed (a day
/// is either on leave or not); the very same leave twice is refused as a double submission.
pub fn add_leave(
    conn: &mut PgConnection,
    acting: &Acting,
    (person, form): (Uuid, &WorkingTimeForm),
) -> Outcome<()> {
    let no_duplicate = |_: &str| DomainError::field("first_day", Msg::verbatim(String::new()));
    for_person(conn, acting, person, no_duplicate, |conn, code| {
        let (kind, kind_code) = chosen_leave_type(conn, &form.leave_type)?;
        let (first, last) = leave_days(&form.first_day, &form.last_day)
            .map_err(|(field, sentence)| DomainError::field(field, sentence))?;
        leave_not_twice(conn, person, (kind, &kind_code), (first, last), None)?;
        let id: Uuid = diesel::insert_into(leaves::table)
            .values((
                leaves::person_id.eq(person),
                leaves::leave_type_id.eq(kind),
                leaves::start_date.eq(first),
                leaves::end_date.eq(last),
            ))
            .returning(leaves::id)
            .get_result(conn)?;
        log_created(
            conn,
            &acting.actor,
            "leave",
            id,
            json!({"person": code, "type": kind_code, "start": first, "end": last}),
        )?;
        Ok(())
    })
}

/// Two FTE periods of a person may not start on the same day (which would apply?); `except`:
/// the period being changed.
fn fte_start_free(
    conn: &mut PgConnection,
    person: Uuid,
    start: NaiveDate,
    except: Option<Uuid>,
) -> Outcome<()> {
    let mut same_start = fte_periods::table
        .filter(fte_periods::person_id.eq(person))
        .filter(fte_periods::start_date.eq(start))
        .into_boxed();
    if let Some(row) = except {
        same_start = same_start.filter(fte_periods::id.ne(row));
    }
    if same_start.count().get_result::<i64>(conn)? > 0 {
        return Err(DomainError::field(
            "start",
            Msg::new("fte-error-same-start").arg("start", start.to_string()),
        ));
    }
    Ok(())
}

/// The leave type chosen in the form: (id, code).
fn chosen_leave_type(conn: &mut PgConnection, value: &str) -> Outcome<(Uuid, String)> {
    let kind: Option<(Uuid, String)> = chosen_row(conn, value, |conn, id| {
        leave_types::table
            .find(id)
            .select((leave_types::id, leave_types::code))
            .first(conn)
            .optional()
    })?;
    kind.ok_or_else(|| DomainError::field("leave_type", Msg::new("leave-error-type-unknown")))
}

/// The very same leave twice is a double submission; `except`: the leave being changed.
fn leave_not_twice(
    conn: &mut PgConnection,
    person: Uuid,
    (kind, kind_code): (Uuid, &str),
    (first, last): (NaiveDate, NaiveDate),
    except: Option<Uuid>,
) -> Outcome<()> {
    let mut same = leaves::table
        .filter(leaves::person_id.eq(person))
        .filter(leaves::leave_type_id.eq(kind))
        .filter(leaves::start_date.eq(first))
        .filter(leaves::end_date.eq(last))
        .into_boxed();
    if let Some(row) = except {
        same = same.filter(leaves::id.ne(row));
    }
    if same.count().get_result::<i64>(conn)? > 0 {
        return Err(DomainError::field(
            "first_day",
            Msg::new("leave-error-duplicate")
                .arg("code", kind_code)
                .arg("first", first.to_string())
                .arg("last", last.to_string()),
        ));
    }
    Ok(())
}

/// A change of one of a person's working-time rows: the row, the version the page (or the
/// API's `If-Match`) showed of it, and its new values in the add form's fields.
#[derive(Debug, Clone)]
pub struct WorkingTimeChange {
    pub person: Uuid,
    pub row: Uuid,
    pub version: i64,
    pub form: WorkingTimeForm,
}

/// The stored row of `kind` a change names, as the audit log records it, if still at the
/// version the change names.
fn row_to_change(
    conn: &mut PgConnection,
    kind: WorkingTimeRow,
    change: &WorkingTimeChange,
    code: &str,
) -> Outcome<(&'static str, serde_json::Value)> {
    let stored =
        working_time(conn, change.person)?.and_then(|wt| wt.audited(kind, change.row, code));
    let (entity, before, _) = still_at(stored, |s| s.2, change.version)?;
    Ok((entity, before))
}

/// Changes an FTE period still at the version shown, by the rules of [`add_fte_period`].
pub fn update_fte_period(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &WorkingTimeChange,
) -> Outcome<()> {
    let no_duplicate = |_: &str| DomainError::field("start", Msg::verbatim(String::new()));
    let (person, row, version) = (change.person, change.row, change.version);
    for_person(conn, acting, person, no_duplicate, |conn, code| {
        let (entity, before) = row_to_change(conn, WorkingTimeRow::FtePeriod, change, code)?;
        let form = &change.form;
        let (start, end, percent) = fte_period(&form.start, &form.end, &form.percent)
            .map_err(|(field, sentence)| DomainError::field(field, sentence))?;
        fte_start_free(conn, person, start, Some(row))?;
        let values = (
            fte_periods::start_date.eq(start),
            fte_periods::end_date.eq(end),
            fte_periods::fte_percent.eq(&percent),
        );
        update_at_version!(conn, fte_periods, row, version, values)?;
        let after = json!({"person": code, "start": start, "end": end, "fte_percent": percent});
        log_updated(conn, &acting.actor, entity, row, before, after)?;
        Ok(())
    })
}

/// Changes leave still at the version shown, by the rules of [`add_leave`].
pub fn update_leave(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &WorkingTimeChange,
) -> Outcome<()> {
    let no_duplicate = |_: &str| DomainError::field("first_day", Msg::verbatim(String::new()));
    let (person, row, version) = (change.person, change.row, change.version);
    for_person(conn, acting, person, no_duplicate, |conn, code| {
        let (entity, before) = row_to_change(conn, WorkingTimeRow::Leave, change, code)?;
        let form = &change.form;
        let (kind, kind_code) = chosen_leave_type(conn, &form.leave_type)?;
        let (first, last) = leave_days(&form.first_day, &form.last_day)
            .map_err(|(field, sentence)| DomainError::field(field, sentence))?;
        leave_not_twice(conn, person, (kind, &kind_code), (first, last), Some(row))?;
        let values = (
            leaves::leave_type_id.eq(kind),
            leaves::start_date.eq(first),
            leaves::end_date.eq(last),
        );
        update_at_version!(conn, leaves, row, version, values)?;
        let after = json!({"person": code, "type": kind_code, "start": first, "end": last});
        log_updated(conn, &acting.actor, entity, row, before, after)?;
        Ok(())
    })
}

/// The working-time rows the person page can remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkingTimeRow {
    Membership,
    FtePeriod,
    Leave,
}

/// Which working-time row of which person to remove, and the version the page showed of it.
#[derive(Debug, Clone, Copy)]
pub struct WorkingTimeRemoval {
    pub person: Uuid,
    pub kind: WorkingTimeRow,
    pub row: Uuid,
    pub version: i64,
}

/// Removes one of the person's working-time rows if it is still at the version the page showed.
pub fn remove_working_time(
    conn: &mut PgConnection,
    acting: &Acting,
    removal: &WorkingTimeRemoval,
) -> Outcome<()> {
    may_change_people(acting)?;
    let WorkingTimeRemoval {
        person,
        kind,
        row,
        version,
    } = *removal;
    let code = find_record(conn, person)?
        .ok_or(DomainError::NotFound)?
        .code;
    let stored = working_time(conn, person)?.and_then(|wt| wt.audited(kind, row, &code));
    let (entity, before, _) = still_at(stored, |s| s.2, version)?;
    match kind {
        WorkingTimeRow::Membership => {
            delete_at_version!(conn, employee_group_memberships, row, version)?
        }
        WorkingTimeRow::FtePeriod => delete_at_version!(conn, fte_periods, row, version)?,
        WorkingTimeRow::Leave => delete_at_version!(conn, leaves, row, version)?,
    }
    log_deleted(conn, &acting.actor, entity, row, before)?;
    Ok(())
}

impl WorkingTime {
    /// Row `id` of `kind` as the audit log records it (entity type and values, with the
    /// person's `code`) and its version; `None` when the person has no such row.
    fn audited(
        &self,
        kind: WorkingTimeRow,
        id: Uuid,
        code: &str,
    ) -> Option<(&'static str, serde_json::Value, i64)> {
        match kind {
            WorkingTimeRow::Membership => {
                self.memberships
                    .iter()
                    .find(|m| m.0 == id)
                    .map(|(_, from, group, version)| {
                        let values = json!({"person": code, "group": group, "valid_from": from});
                        ("employee_group_membership", values, *version)
                    })
            }
            WorkingTimeRow::FtePeriod => self.fte_periods.iter().find(|f| f.0 == id).map(
                |(_, start, end, percent, version)| {
                    let values =
                        json!({"person": code, "start": start, "end": end, "fte_percent": percent});
                    ("fte_period", values, *version)
                },
            ),
            WorkingTimeRow::Leave => {
                self.leave
                    .iter()
                    .find(|l| l.0 == id)
                    .map(|(_, kind, _, start, end, version)| {
                        let values =
                            json!({"person": code, "type": kind, "start": start, "end": end});
                        ("leave", values, *version)
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_one_word() {
        assert_eq!(person_code("  editor@test ").unwrap(), "editor@test");
        assert!(
            person_code("")
                .unwrap_err()
                .to_string()
                .starts_with("Enter a code")
        );
        assert!(
            person_code("ada lovelace")
                .unwrap_err()
                .to_string()
                .contains("no spaces")
        );
        assert!(person_code(&"x".repeat(65)).is_err());
    }

    #[test]
    fn emails_are_optional_but_plausible() {
        assert_eq!(optional_email(" ").unwrap(), None);
        assert_eq!(
            optional_email("Ada@Example.org").unwrap().as_deref(),
            Some("Ada@Example.org")
        );
        for bad in [
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "ada@@example.org",
            "ada@.org",
            "ada@example.org.",
            "a da@example.org",
            "ada@example..org",
        ] {
            assert!(optional_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_iso_days_in_a_sane_range() {
        assert_eq!(
            date("2031-01-06", "first day").unwrap(),
            NaiveDate::from_ymd_opt(2031, 1, 6).unwrap()
        );
        assert_eq!(
            date("", "first day").unwrap_err().to_string(),
            "Enter the first day as YYYY-MM-DD."
        );
        assert!(
            date("6.1.2031", "first day")
                .unwrap_err()
                .to_string()
                .contains("is not a date")
        );
        assert!(
            date("1850-01-01", "first day")
                .unwrap_err()
                .to_string()
                .contains("between")
        );
        assert_eq!(optional_date("", "end").unwrap(), None);
    }

    #[test]
    fn percentages_and_hours_have_limits_and_two_decimals() {
        assert_eq!(fte_percent("80").unwrap().to_string(), "80");
        assert_eq!(fte_percent("62,5").unwrap().to_string(), "62.5");
        assert_eq!(fte_percent("0").unwrap().to_string(), "0");
        for bad in ["", "-1", "100.01", "abc", "50.125", "1e2", &"5".repeat(40)] {
            assert!(fte_percent(bad).is_err(), "{bad}");
        }
        assert_eq!(daily_hours("7.25").unwrap().to_string(), "7.25");
        assert_eq!(daily_hours("24").unwrap().to_string(), "24");
        for bad in ["", "0", "24.5", "-3", "7.333", "8E0"] {
            assert!(daily_hours(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn leave_type_codes_follow_the_database_rule() {
        assert_eq!(leave_type_code(" VAC ").unwrap(), "VAC");
        assert!(leave_type_code("study-leave_2").is_ok());
        assert!(leave_type_code("").is_err());
        assert!(leave_type_code("long leave").is_err());
        assert!(leave_type_code(&"A".repeat(33)).is_err());
    }

    #[test]
    fn names_fall_back_to_the_code() {
        assert_eq!(display_name("Ada", "Lovelace", "ada"), "Ada Lovelace");
        assert_eq!(display_name("", "Lovelace", "ada"), "Lovelace");
        assert_eq!(display_name("", "", "ada"), "ada");
    }
}
