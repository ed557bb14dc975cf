//! Administrators' pages for people (shown when PERSON_CAPACITY_ENABLED): adding, editing and
//! deleting persons (`/people/new`, `/people/{id}/edit`, `/people/{id}/delete`), their working
//! time (forms on the person page, `/people/{id}/working-time` when a form needs correcting), and
//! employee groups with leave types (`/people/groups`).
//!
//! Persons and their working time need `can_manage_users` (a person is the planning side of a
//! user: linking one decides what an "assigned"-visibility user sees); employee groups and leave
//! types are lookups and need `can_manage_settings`. Both mean the admin role, as
//! `app.is_admin()` in the database's policies.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::Actor;
use crate::db::row_version::RowChange;
use crate::error::AppError;
use crate::people::edit::lookups::{self, GroupView, LeaveTypeView, LookupForm};
use crate::people::edit::{
    self as person_edit, DeleteImpact, FieldErrors, PersonForm, WorkingTime, WorkingTimeForm,
    WorkingTimeRow,
};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;
use crate::web::stale::{About, Shown, Versioned, label_of, stale_form};

fn feature_on(page: &Page) -> Result<(), AppError> {
    if page.state.settings.person_capacity_enabled {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

fn actor(page: &Page) -> Actor {
    Actor {
        user_id: page.user.id,
        name: page.user.username.clone(),
    }
}

/// Persons and their working time: administrators only.
fn require_people_admin(page: &Page) -> Result<Actor, AppError> {
    feature_on(page)?;
    if page.user.policy().can_manage_users() {
        Ok(actor(page))
    } else {
        Err(AppError::Forbidden(
            "Only administrators may add, change or delete people and their working time.".into(),
        ))
    }
}

/// Employee groups and leave types: administrators only.
fn require_lookup_admin(page: &Page) -> Result<Actor, AppError> {
    feature_on(page)?;
    if page.user.policy().can_manage_settings() {
        Ok(actor(page))
    } else {
        Err(AppError::Forbidden(
            "Only administrators may change employee groups and leave types.".into(),
        ))
    }
}

/// Runs `work` in one transaction as the signed-in user (row-level security applies; an error
/// rolls everything back).
async fn in_db<T: Send + 'static>(
    page: &Page,
    work: impl FnOnce(&mut PgConnection) -> diesel::QueryResult<T> + Send + 'static,
) -> Result<T, AppError> {
    page.state
        .db
        .in_transaction(page.user.id, move |conn| Ok::<_, AppError>(work(conn)?))
        .await
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

fn html(page: impl Template, status: StatusCode) -> Result<HttpResponse, AppError> {
    let body = page.render().map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn number(n: &BigDecimal) -> String {
    n.normalized().to_string()
}

// ---------------------------------------------------------------------------------------------
// Adding and editing a person

#[derive(Template)]
#[template(path = "people/form.html")]
struct PersonFormPage {
    layout: Layout,
    heading: String,
    /// Set when editing that person.
    person_id: Option<Uuid>,
    csrf_token: String,
    form: PersonForm,
    errors: FieldErrors,
    /// (id, label)
    organisations: Vec<(String, String)>,
    users: Vec<(String, String)>,
    /// The version and values of the person the edit form changes.
    row: Shown,
}

async fn person_form_page(
    page: &Page,
    editing: Option<(Uuid, String, Shown)>,
    form: PersonForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let person = editing.as_ref().map(|e| e.0);
    let choices = in_db(page, move |conn| person_edit::choices(conn, person)).await?;
    let (title, heading, row) = match editing {
        Some((_, name, row)) => (format!("Edit {name} · People"), format!("Edit {name}"), row),
        None => (
            "Add a person · People".to_string(),
            "Add a person".to_string(),
            Shown::default(),
        ),
    };
    html(
        PersonFormPage {
            layout: page.layout(title, Section::People),
            heading,
            person_id: person,
            csrf_token: page.csrf_token(),
            form,
            errors,
            organisations: choices
                .organisations
                .into_iter()
                .map(|(id, label)| (id.to_string(), label))
                .collect(),
            users: choices
                .users
                .into_iter()
                .map(|(id, label)| (id.to_string(), label))
                .collect(),
            row,
        },
        status,
    )
}

/// `GET /people/new`
pub async fn new_person(page: Page) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    person_form_page(
        &page,
        None,
        PersonForm::default(),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /people`
pub async fn create_person(
    page: Page,
    form: CsrfForm<PersonForm>,
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    let form = form.0;
    let submitted = form.clone();
    let result = in_db(&page, move |conn| {
        person_edit::create_person(conn, &submitted, &actor)
    })
    .await?;
    match result {
        Ok(id) => Ok(see_other(&format!("/people/{id}?notice=added"))),
        Err(errors) => {
            person_form_page(&page, None, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The person's edit form, display name and version, or 404.
async fn person_name(page: &Page, id: Uuid) -> Result<(PersonForm, String, i64), AppError> {
    in_db(page, move |conn| person_edit::edit_form(conn, id))
        .await?
        .ok_or_else(AppError::not_found)
}

/// `GET /people/{id}/edit`
pub async fn edit_person(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    let id = path.into_inner();
    let (form, name, version) = person_name(&page, id).await?;
    let row = Shown::of(version, &form);
    person_form_page(
        &page,
        Some((id, name, row)),
        form,
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /people/{id}`
pub async fn update_person(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<PersonForm>>,
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    let id = path.into_inner();
    let Versioned { fields: form, row } = form.0;
    let version = row.version()?;
    let submitted = form.clone();
    let change = in_db(&page, move |conn| {
        person_edit::update_person(conn, id, version, &submitted, &actor)
    })
    .await?;
    match change {
        RowChange::Done(Ok(())) => Ok(see_other(&format!("/people/{id}?notice=saved"))),
        RowChange::Done(Err(errors)) => {
            let (_, name, _) = person_name(&page, id).await?;
            // The corrected form still carries the version the user first saw.
            person_form_page(
                &page,
                Some((id, name, row)),
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        RowChange::Missing => Err(AppError::not_found()),
        RowChange::Stale => stale_person(&page, id, &row, Some(&form)).await,
    }
}

/// The 409 page of the edit form (`typed`) or the delete button (`None`) of a person who
/// changed after the page was opened.
async fn stale_person(
    page: &Page,
    id: Uuid,
    shown: &Shown,
    typed: Option<&PersonForm>,
) -> Result<HttpResponse, AppError> {
    let (now, name, _) = person_name(page, id).await?;
    let choices = in_db(page, move |conn| person_edit::choices(conn, Some(id))).await?;
    let about = About {
        title: format!("{name} · People"),
        section: Section::People,
        what: name.clone(),
        breadcrumb: vec![
            ("/people".into(), "People".into()),
            (format!("/people/{id}"), now.code.clone()),
        ],
        latest: (
            format!("/people/{id}/edit"),
            format!("Open the latest details of {name}"),
        ),
    };
    let fields = [
        ("code", "Code"),
        ("first_name", "First name"),
        ("last_name", "Last name"),
        ("email", "Email"),
        ("organisation", "Organisation"),
        ("employment_start", "Employment start"),
        ("employment_end", "Employment end"),
        ("user", "Linked user"),
    ];
    stale_form(
        page,
        about,
        &fields,
        shown,
        &now,
        typed,
        |field, value| match field {
            "organisation" => label_of(&choices.organisations, value).trim().to_string(),
            "user" if value.trim().is_empty() => "—".to_string(),
            "user" => label_of(&choices.users, value),
            _ => value.to_string(),
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Deleting a person

#[derive(Template)]
#[template(path = "people/delete.html")]
struct DeletePage {
    layout: Layout,
    id: Uuid,
    csrf_token: String,
    impact: DeleteImpact,
    /// The version and values of the person the page shows.
    row: Shown,
}

/// `GET /people/{id}/delete`: what goes with the person, and the button that deletes.
pub async fn confirm_delete(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    let id = path.into_inner();
    let (form, _, version) = person_name(&page, id).await?;
    let impact = in_db(&page, move |conn| person_edit::delete_impact(conn, id))
        .await?
        .ok_or_else(AppError::not_found)?;
    render(&DeletePage {
        layout: page.layout(format!("Delete {} · People", impact.code), Section::People),
        id,
        csrf_token: page.csrf_token(),
        impact,
        row: Shown::of(version, &form),
    })
}

/// `POST /people/{id}/delete`
pub async fn delete_person(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    let id = path.into_inner();
    let shown = form.0;
    let version = shown.version()?;
    let change = in_db(&page, move |conn| {
        person_edit::delete_person(conn, id, version, &actor)
    })
    .await?;
    match change {
        RowChange::Done(()) => Ok(see_other("/people?notice=deleted")),
        RowChange::Missing => Err(AppError::not_found()),
        RowChange::Stale => stale_person(&page, id, &shown, None).await,
    }
}

// ---------------------------------------------------------------------------------------------
// Working time on the person page

/// The administrators' part of the person page: the edit/delete links and the working-time
/// forms (`templates/people/_admin_bar.html`, `_working_time_edit.html`).
pub struct PersonAdmin {
    pub id: String,
    pub csrf_token: String,
    /// About the person as a whole (shown at the top).
    pub notice: Option<String>,
    /// About a working-time change (shown in its section).
    pub working_time_notice: Option<String>,
    /// Why a working-time change was refused (nothing was changed).
    pub problem: Option<String>,
    /// What the refused form sent, shown again for correcting.
    pub form: WorkingTimeForm,
    /// (id, from, group, hidden fields of its remove form)
    pub memberships: Vec<(String, String, String, Shown)>,
    /// (id, start, end or "", FTE %, hidden fields)
    pub fte_periods: Vec<(String, String, String, String, Shown)>,
    /// (id, leave type, first day, last day, hidden fields)
    pub leave: Vec<(String, String, String, String, Shown)>,
    /// (id, name)
    pub groups: Vec<(String, String)>,
    /// (id, "CODE – name")
    pub leave_types: Vec<(String, String)>,
}

impl PersonAdmin {
    fn new(page: &Page, id: Uuid, wt: WorkingTime) -> Self {
        PersonAdmin {
            id: id.to_string(),
            csrf_token: page.csrf_token(),
            notice: None,
            working_time_notice: None,
            problem: None,
            form: WorkingTimeForm::default(),
            memberships: wt
                .memberships
                .iter()
                .map(|m| {
                    let fields = membership_fields(m);
                    let row = Shown::of(m.3, &fields);
                    let [group, from] = fields.map(|(_, value)| value);
                    (m.0.to_string(), from, group, row)
                })
                .collect(),
            fte_periods: wt
                .fte_periods
                .iter()
                .map(|f| {
                    let fields = fte_fields(f);
                    let row = Shown::of(f.4, &fields);
                    let [start, end, percent] = fields.map(|(_, value)| value);
                    (f.0.to_string(), start, end, percent, row)
                })
                .collect(),
            leave: wt
                .leave
                .iter()
                .map(|l| {
                    let fields = leave_fields(l);
                    let row = Shown::of(l.4, &fields);
                    let [kind, first, last] = fields.map(|(_, value)| value);
                    (l.0.to_string(), kind, first, last, row)
                })
                .collect(),
            groups: wt
                .groups
                .into_iter()
                .map(|(id, name)| (id.to_string(), name))
                .collect(),
            leave_types: wt
                .leave_types
                .into_iter()
                .map(|(id, code, name)| (id.to_string(), format!("{code} – {name}")))
                .collect(),
        }
    }
}

type Membership = (Uuid, NaiveDate, String, i64);
type FtePeriod = (Uuid, NaiveDate, Option<NaiveDate>, BigDecimal, i64);
type Leave = (Uuid, String, NaiveDate, NaiveDate, i64);

/// A membership as the person page shows it.
fn membership_fields(m: &Membership) -> [(&'static str, String); 2] {
    [("group", m.2.clone()), ("valid_from", day(m.1))]
}

/// An FTE period as the person page shows it (an open end is empty).
fn fte_fields(f: &FtePeriod) -> [(&'static str, String); 3] {
    [
        ("start", day(f.1)),
        ("end", f.2.map(day).unwrap_or_default()),
        ("percent", number(&f.3)),
    ]
}

/// Leave as the person page shows it.
fn leave_fields(l: &Leave) -> [(&'static str, String); 3] {
    [
        ("leave_type", l.1.clone()),
        ("first_day", day(l.2)),
        ("last_day", day(l.3)),
    ]
}

async fn load_working_time(page: &Page, id: Uuid) -> Result<Option<WorkingTime>, AppError> {
    in_db(page, move |conn| person_edit::working_time(conn, id)).await
}

/// The administrators' block of person `id`'s page, `None` for everyone else. `notice` is the
/// page's `notice` parameter, set by the redirects after a change.
pub async fn person_admin(
    page: &Page,
    id: Uuid,
    notice: Option<&str>,
) -> Result<Option<PersonAdmin>, AppError> {
    if !page.user.policy().can_manage_users() {
        return Ok(None);
    }
    let Some(wt) = load_working_time(page, id).await? else {
        return Ok(None);
    };
    let mut admin = PersonAdmin::new(page, id, wt);
    let text = |s: &str| Some(s.to_string());
    match notice {
        Some("added") => {
            admin.notice = text(
                "The person was added. Add their employee group, FTE periods and leave under Working time.",
            )
        }
        Some("saved") => admin.notice = text("The person was saved."),
        Some("membership-added") => {
            admin.working_time_notice = text("The employee group membership was added.")
        }
        Some("membership-removed") => {
            admin.working_time_notice = text("The employee group membership was removed.")
        }
        Some("fte-added") => admin.working_time_notice = text("The FTE period was added."),
        Some("fte-removed") => admin.working_time_notice = text("The FTE period was removed."),
        Some("leave-added") => admin.working_time_notice = text("The leave was added."),
        Some("leave-removed") => admin.working_time_notice = text("The leave was removed."),
        _ => {}
    }
    Ok(Some(admin))
}

#[derive(Template)]
#[template(path = "people/working_time.html")]
struct WorkingTimePage {
    layout: Layout,
    name: String,
    admin: PersonAdmin,
}

/// The working-time forms on a page of their own: where a refused change is shown again.
async fn working_time_page(
    page: &Page,
    id: Uuid,
    form: WorkingTimeForm,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (_, name, _) = person_name(page, id).await?;
    let wt = load_working_time(page, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut admin = PersonAdmin::new(page, id, wt);
    admin.form = form;
    admin.problem = problem;
    html(
        WorkingTimePage {
            layout: page.layout(format!("Working time of {name} · People"), Section::People),
            name,
            admin,
        },
        status,
    )
}

/// `GET /people/{id}/working-time`
pub async fn working_time(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    working_time_page(
        &page,
        path.into_inner(),
        WorkingTimeForm::default(),
        None,
        StatusCode::OK,
    )
    .await
}

fn slug(kind: WorkingTimeRow) -> &'static str {
    match kind {
        WorkingTimeRow::Membership => "membership",
        WorkingTimeRow::FtePeriod => "fte",
        WorkingTimeRow::Leave => "leave",
    }
}

async fn add_row(
    page: Page,
    id: Uuid,
    form: WorkingTimeForm,
    kind: WorkingTimeRow,
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    let submitted = form.clone();
    let result = in_db(&page, move |conn| match kind {
        WorkingTimeRow::Membership => person_edit::add_membership(conn, id, &submitted, &actor),
        WorkingTimeRow::FtePeriod => person_edit::add_fte_period(conn, id, &submitted, &actor),
        WorkingTimeRow::Leave => person_edit::add_leave(conn, id, &submitted, &actor),
    })
    .await?
    .ok_or_else(AppError::not_found)?;
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/people/{id}?notice={}-added#working-time",
            slug(kind)
        ))),
        Err(message) => {
            working_time_page(
                &page,
                id,
                form,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn remove_row(
    page: Page,
    (id, row): (Uuid, Uuid),
    kind: WorkingTimeRow,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    let version = shown.version()?;
    let change = in_db(&page, move |conn| {
        person_edit::remove_row(conn, id, kind, (row, version), &actor)
    })
    .await?;
    match change {
        RowChange::Done(()) => Ok(see_other(&format!(
            "/people/{id}?notice={}-removed#working-time",
            slug(kind)
        ))),
        RowChange::Missing => Err(AppError::not_found()),
        RowChange::Stale => stale_working_time(&page, (id, row), kind, &shown).await,
    }
}

/// The 409 page of removing a working-time row that changed after the person page was shown.
async fn stale_working_time(
    page: &Page,
    (id, row): (Uuid, Uuid),
    kind: WorkingTimeRow,
    shown: &Shown,
) -> Result<HttpResponse, AppError> {
    let (form, name, _) = person_name(page, id).await?;
    let wt = load_working_time(page, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    type Fields = &'static [(&'static str, &'static str)];
    let (what, fields, now): (_, Fields, Option<Vec<(&str, String)>>) = match kind {
        WorkingTimeRow::Membership => (
            "employee group membership",
            &[("group", "Group"), ("valid_from", "From")],
            wt.memberships
                .iter()
                .find(|m| m.0 == row)
                .map(|m| membership_fields(m).to_vec()),
        ),
        WorkingTimeRow::FtePeriod => (
            "FTE period",
            &[
                ("start", "First day"),
                ("end", "Last day"),
                ("percent", "FTE %"),
            ],
            wt.fte_periods
                .iter()
                .find(|f| f.0 == row)
                .map(|f| fte_fields(f).to_vec()),
        ),
        WorkingTimeRow::Leave => (
            "leave",
            &[
                ("leave_type", "Type"),
                ("first_day", "First day"),
                ("last_day", "Last day"),
            ],
            wt.leave
                .iter()
                .find(|l| l.0 == row)
                .map(|l| leave_fields(l).to_vec()),
        ),
    };
    let now = now.ok_or_else(AppError::not_found)?;
    let about = About {
        title: format!("Working time of {name} · People"),
        section: Section::People,
        what: format!("this {what} of {name}"),
        breadcrumb: vec![
            ("/people".into(), "People".into()),
            (format!("/people/{id}"), form.code),
        ],
        latest: (
            format!("/people/{id}#working-time"),
            format!("Open the latest working time of {name}"),
        ),
    };
    stale_form(page, about, fields, shown, &now, None, |_, v| v.to_string())
}

/// `POST /people/{id}/memberships`
pub async fn add_membership(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<WorkingTimeForm>,
) -> Result<HttpResponse, AppError> {
    add_row(page, path.into_inner(), form.0, WorkingTimeRow::Membership).await
}

/// `POST /people/{id}/fte-periods`
pub async fn add_fte_period(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<WorkingTimeForm>,
) -> Result<HttpResponse, AppError> {
    add_row(page, path.into_inner(), form.0, WorkingTimeRow::FtePeriod).await
}

/// `POST /people/{id}/leave`
pub async fn add_leave(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<WorkingTimeForm>,
) -> Result<HttpResponse, AppError> {
    add_row(page, path.into_inner(), form.0, WorkingTimeRow::Leave).await
}

/// `POST /people/{id}/memberships/{row}/delete`
pub async fn remove_membership(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    remove_row(page, path.into_inner(), WorkingTimeRow::Membership, form.0).await
}

/// `POST /people/{id}/fte-periods/{row}/delete`
pub async fn remove_fte_period(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    remove_row(page, path.into_inner(), WorkingTimeRow::FtePeriod, form.0).await
}

/// `POST /people/{id}/leave/{row}/delete`
pub async fn remove_leave(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    remove_row(page, path.into_inner(), WorkingTimeRow::Leave, form.0).await
}

// ---------------------------------------------------------------------------------------------
// Employee groups and leave types

#[derive(Template)]
#[template(path = "people/groups.html")]
struct GroupsPage {
    layout: Layout,
    can_edit: bool,
    csrf_token: String,
    groups: Vec<GroupRow>,
    leave_types: Vec<LeaveTypeRow>,
    notice: Option<String>,
    problem: Option<String>,
    /// What a refused add form sent, shown again in that form ("group" or "leave-type").
    form: LookupForm,
    form_for: &'static str,
}

struct GroupRow {
    id: Uuid,
    name: String,
    members: i64,
    project_rates: i64,
    /// (id, valid from, daily hours, hidden fields of its remove form)
    hours: Vec<(Uuid, String, String, Shown)>,
    /// The hidden fields of the rename and delete forms.
    row: Shown,
}

/// A group's name as its rename form shows it.
fn group_fields(name: &str) -> LookupForm {
    LookupForm {
        name: name.to_string(),
        ..LookupForm::default()
    }
}

/// A daily-hours row as the page shows it.
fn hours_fields(from: NaiveDate, hours: &BigDecimal) -> LookupForm {
    LookupForm {
        valid_from: day(from),
        daily_hours: number(hours),
        ..LookupForm::default()
    }
}

impl From<GroupView> for GroupRow {
    fn from(g: GroupView) -> Self {
        GroupRow {
            row: Shown::of(g.version, &group_fields(&g.name)),
            id: g.id,
            name: g.name,
            members: g.members,
            project_rates: g.project_rates,
            hours: g
                .hours
                .into_iter()
                .map(|(id, from, hours, version)| {
                    let row = Shown::of(version, &hours_fields(from, &hours));
                    (id, day(from), number(&hours), row)
                })
                .collect(),
        }
    }
}

/// A leave type with the hidden fields of its rename and delete forms.
struct LeaveTypeRow {
    id: Uuid,
    code: String,
    name: String,
    used: i64,
    row: Shown,
}

/// A leave type as its rename form shows it.
fn leave_type_fields(code: &str, name: &str) -> LookupForm {
    LookupForm {
        code: code.to_string(),
        name: name.to_string(),
        ..LookupForm::default()
    }
}

impl From<LeaveTypeView> for LeaveTypeRow {
    fn from(t: LeaveTypeView) -> Self {
        LeaveTypeRow {
            row: Shown::of(t.version, &leave_type_fields(&t.code, &t.name)),
            id: t.id,
            code: t.code,
            name: t.name,
            used: t.used,
        }
    }
}

#[derive(Deserialize, Default)]
pub struct GroupsQuery {
    notice: Option<String>,
}

async fn groups_page(
    page: &Page,
    notice: Option<&str>,
    problem: Option<String>,
    (form_for, form): (&'static str, LookupForm),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (groups, leave_types) = in_db(page, |conn| {
        Ok((lookups::groups(conn)?, lookups::leave_types(conn)?))
    })
    .await?;
    let notice = match notice {
        Some("group-added") => Some("The employee group was added."),
        Some("group-saved") => Some("The employee group was renamed."),
        Some("group-deleted") => Some("The employee group was deleted."),
        Some("hours-added") => Some("The daily hours were added."),
        Some("hours-removed") => Some("The daily hours were removed."),
        Some("leave-type-added") => Some("The leave type was added."),
        Some("leave-type-saved") => Some("The leave type was renamed."),
        Some("leave-type-deleted") => Some("The leave type was deleted."),
        _ => None,
    };
    html(
        GroupsPage {
            layout: page.layout("Employee groups and leave types · People", Section::People),
            can_edit: page.user.policy().can_manage_settings(),
            csrf_token: page.csrf_token(),
            groups: groups.into_iter().map(GroupRow::from).collect(),
            leave_types: leave_types.into_iter().map(LeaveTypeRow::from).collect(),
            notice: notice.map(String::from),
            problem,
            form,
            form_for,
        },
        status,
    )
}

/// `GET /people/groups`: everyone reads them; administrators change them.
pub async fn groups(page: Page, query: web::Query<GroupsQuery>) -> Result<HttpResponse, AppError> {
    feature_on(&page)?;
    groups_page(
        &page,
        query.notice.as_deref(),
        None,
        ("", LookupForm::default()),
        StatusCode::OK,
    )
    .await
}

/// What a lookup write answers: done or why not, or that the row is gone (404) or changed
/// since the page was shown (409).
type LookupWrite = diesel::QueryResult<RowChange<Result<(), String>>>;

/// The row of the groups page a change is about, for its 409 page.
#[derive(Clone, Copy)]
enum LookupRow {
    Group(Uuid),
    /// (group, daily-hours row)
    Hours(Uuid, Uuid),
    LeaveType(Uuid),
}

/// What a change to an existing row sent: which row, its hidden fields and what was typed
/// (`None` for a delete).
type ChangedRow = (LookupRow, Shown, Option<LookupForm>);

/// Runs one change to employee groups or leave types as the signed-in administrator, in one
/// transaction, and answers it like every change on the groups page: back to the page with
/// `notice`, or the page again with the refusal and `form` (`refused`: 422 for bad input, 409
/// for a value still in use). A refused change has written nothing; so has a change of a row
/// that changed meanwhile (`changed`: the row, answered with the 409 page).
async fn change_lookups(
    page: Page,
    write: impl FnOnce(&mut PgConnection, &Actor, i64) -> LookupWrite + Send + 'static,
    notice: &str,
    (form, changed): ((&'static str, LookupForm), Option<ChangedRow>),
    refused: StatusCode,
) -> Result<HttpResponse, AppError> {
    let actor = require_lookup_admin(&page)?;
    // `write` gets the version the form showed of the row it changes (0 when it adds one).
    let version = match &changed {
        Some((_, shown, _)) => shown.version()?,
        None => 0,
    };
    let change = in_db(&page, move |conn| write(conn, &actor, version)).await?;
    match (change, changed) {
        (RowChange::Done(Ok(())), _) => Ok(see_other(&format!("/people/groups?notice={notice}"))),
        (RowChange::Done(Err(message)), _) => {
            groups_page(&page, None, Some(message), form, refused).await
        }
        (RowChange::Stale, Some((row, shown, typed))) => {
            stale_lookup(&page, row, &shown, typed.as_ref()).await
        }
        (RowChange::Missing | RowChange::Stale, _) => Err(AppError::not_found()),
    }
}

/// The 409 page of a rename (`typed`) or delete (`None`) on the groups page whose row changed
/// after the page was shown.
async fn stale_lookup(
    page: &Page,
    row: LookupRow,
    shown: &Shown,
    typed: Option<&LookupForm>,
) -> Result<HttpResponse, AppError> {
    let (groups, leave_types) = in_db(page, |conn| {
        Ok((lookups::groups(conn)?, lookups::leave_types(conn)?))
    })
    .await?;
    let group = |id: Uuid| groups.iter().find(|g| g.id == id);
    let (what, fields, now): (String, &[(&str, &str)], LookupForm) = match row {
        LookupRow::Group(id) => {
            let g = group(id).ok_or_else(AppError::not_found)?;
            (
                format!("the employee group {}", g.name),
                &[("name", "Name")],
                group_fields(&g.name),
            )
        }
        LookupRow::Hours(id, hours) => {
            let g = group(id).ok_or_else(AppError::not_found)?;
            let h = g
                .hours
                .iter()
                .find(|h| h.0 == hours)
                .ok_or_else(AppError::not_found)?;
            (
                format!("the daily hours of {} from {}", g.name, day(h.1)),
                &[("valid_from", "Valid from"), ("daily_hours", "Daily hours")],
                hours_fields(h.1, &h.2),
            )
        }
        LookupRow::LeaveType(id) => {
            let t = leave_types
                .iter()
                .find(|t| t.id == id)
                .ok_or_else(AppError::not_found)?;
            (
                format!("the leave type {}", t.code),
                &[("code", "Code"), ("name", "Name")],
                leave_type_fields(&t.code, &t.name),
            )
        }
    };
    let about = About {
        title: "Employee groups and leave types · People".into(),
        section: Section::People,
        what,
        breadcrumb: vec![("/people".into(), "People".into())],
        latest: (
            "/people/groups".into(),
            "Open the latest employee groups and leave types".into(),
        ),
    };
    stale_form(page, about, fields, shown, &now, typed, |_, v| {
        v.to_string()
    })
}

/// No form is shown again after a change to an existing row: its own form holds the value.
fn no_form() -> (&'static str, LookupForm) {
    ("", LookupForm::default())
}

/// `POST /people/groups`
pub async fn create_group(
    page: Page,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let submitted = form.clone();
    let write = move |conn: &mut PgConnection, actor: &Actor, _| {
        lookups::create_group(conn, &submitted, actor).map(RowChange::Done)
    };
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, write, "group-added", (("group", form), None), refused).await
}

/// `POST /people/groups/{id}`: renames the group.
pub async fn rename_group(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<LookupForm>>,
) -> Result<HttpResponse, AppError> {
    let (id, Versioned { fields, row }) = (path.into_inner(), form.0);
    let typed = fields.clone();
    let write = move |conn: &mut PgConnection, actor: &Actor, version| {
        lookups::rename_group(conn, id, version, &fields, actor)
    };
    let changed = Some((LookupRow::Group(id), row, Some(typed)));
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, write, "group-saved", (no_form(), changed), refused).await
}

/// `POST /people/groups/{id}/delete`
pub async fn delete_group(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (id, row) = (path.into_inner(), form.0);
    let write = move |conn: &mut PgConnection, actor: &Actor, version| {
        lookups::delete_group(conn, id, version, actor)
    };
    let changed = Some((LookupRow::Group(id), row, None));
    let refused = StatusCode::CONFLICT;
    change_lookups(page, write, "group-deleted", (no_form(), changed), refused).await
}

/// `POST /people/groups/{id}/hours`
pub async fn add_group_hours(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.0);
    let write = move |conn: &mut PgConnection, actor: &Actor, _| {
        Ok(match lookups::add_group_hours(conn, id, &form, actor)? {
            Some(done) => RowChange::Done(done),
            None => RowChange::Missing,
        })
    };
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, write, "hours-added", (no_form(), None), refused).await
}

/// `POST /people/groups/{id}/hours/{row}/delete`
pub async fn remove_group_hours(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let ((group, hours), row) = (path.into_inner(), form.0);
    // Removing a row is never refused for its own sake: only a missing (404) or changed (409) row.
    let write = move |conn: &mut PgConnection, actor: &Actor, version| {
        lookups::remove_group_hours(conn, group, hours, version, actor).map(|c| c.map(Ok))
    };
    let changed = Some((LookupRow::Hours(group, hours), row, None));
    let refused = StatusCode::CONFLICT;
    change_lookups(page, write, "hours-removed", (no_form(), changed), refused).await
}

/// `POST /people/leave-types`
pub async fn create_leave_type(
    page: Page,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let submitted = form.clone();
    let write = move |conn: &mut PgConnection, actor: &Actor, _| {
        lookups::create_leave_type(conn, &submitted, actor).map(RowChange::Done)
    };
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let form = (("leave-type", form), None);
    change_lookups(page, write, "leave-type-added", form, refused).await
}

/// `POST /people/leave-types/{id}`: renames the leave type.
pub async fn rename_leave_type(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<LookupForm>>,
) -> Result<HttpResponse, AppError> {
    let (id, Versioned { fields, row }) = (path.into_inner(), form.0);
    let typed = fields.clone();
    let write = move |conn: &mut PgConnection, actor: &Actor, version| {
        lookups::rename_leave_type(conn, id, version, &fields, actor)
    };
    let changed = Some((LookupRow::LeaveType(id), row, Some(typed)));
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(
        page,
        write,
        "leave-type-saved",
        (no_form(), changed),
        refused,
    )
    .await
}

/// `POST /people/leave-types/{id}/delete`
pub async fn delete_leave_type(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (id, row) = (path.into_inner(), form.0);
    let write = move |conn: &mut PgConnection, actor: &Actor, version| {
        lookups::delete_leave_type(conn, id, version, actor)
    };
    let changed = Some((LookupRow::LeaveType(id), row, None));
    let refused = StatusCode::CONFLICT;
    change_lookups(
        page,
        write,
        "leave-type-deleted",
        (no_form(), changed),
        refused,
    )
    .await
}
