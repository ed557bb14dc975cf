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
use crate::error::AppError;
use crate::people_edit::lookups::{self, GroupView, LeaveTypeView, LookupForm};
use crate::people_edit::{
    self, DeleteImpact, FieldErrors, PersonForm, WorkingTime, WorkingTimeForm, WorkingTimeRow,
};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

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
}

async fn person_form_page(
    page: &Page,
    editing: Option<(Uuid, String)>,
    form: PersonForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let person = editing.as_ref().map(|e| e.0);
    let choices = in_db(page, move |conn| people_edit::choices(conn, person)).await?;
    let (title, heading) = match &editing {
        Some((_, name)) => (format!("Edit {name} · People"), format!("Edit {name}")),
        None => (
            "Add a person · People".to_string(),
            "Add a person".to_string(),
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
        people_edit::create_person(conn, &submitted, &actor)
    })
    .await?;
    match result {
        Ok(id) => Ok(see_other(&format!("/people/{id}?notice=added"))),
        Err(errors) => {
            person_form_page(&page, None, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The person's display name, or 404.
async fn person_name(page: &Page, id: Uuid) -> Result<(PersonForm, String), AppError> {
    in_db(page, move |conn| people_edit::edit_form(conn, id))
        .await?
        .ok_or_else(AppError::not_found)
}

/// `GET /people/{id}/edit`
pub async fn edit_person(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    let id = path.into_inner();
    let (form, name) = person_name(&page, id).await?;
    person_form_page(
        &page,
        Some((id, name)),
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
    form: CsrfForm<PersonForm>,
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    let id = path.into_inner();
    let form = form.0;
    let submitted = form.clone();
    let result = in_db(&page, move |conn| {
        people_edit::update_person(conn, id, &submitted, &actor)
    })
    .await?
    .ok_or_else(AppError::not_found)?;
    match result {
        Ok(()) => Ok(see_other(&format!("/people/{id}?notice=saved"))),
        Err(errors) => {
            let (_, name) = person_name(&page, id).await?;
            person_form_page(
                &page,
                Some((id, name)),
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
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
}

/// `GET /people/{id}/delete`: what goes with the person, and the button that deletes.
pub async fn confirm_delete(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    let id = path.into_inner();
    let impact = in_db(&page, move |conn| people_edit::delete_impact(conn, id))
        .await?
        .ok_or_else(AppError::not_found)?;
    render(&DeletePage {
        layout: page.layout(format!("Delete {} · People", impact.code), Section::People),
        id,
        csrf_token: page.csrf_token(),
        impact,
    })
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /people/{id}/delete`
pub async fn delete_person(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    let id = path.into_inner();
    in_db(&page, move |conn| {
        people_edit::delete_person(conn, id, &actor)
    })
    .await?
    .ok_or_else(AppError::not_found)?;
    Ok(see_other("/people?notice=deleted"))
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
    /// (id, from, group)
    pub memberships: Vec<(String, String, String)>,
    /// (id, start, end or "", FTE %)
    pub fte_periods: Vec<(String, String, String, String)>,
    /// (id, leave type, first day, last day)
    pub leave: Vec<(String, String, String, String)>,
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
                .into_iter()
                .map(|(id, from, group)| (id.to_string(), day(from), group))
                .collect(),
            fte_periods: wt
                .fte_periods
                .into_iter()
                .map(|(id, start, end, percent)| {
                    (
                        id.to_string(),
                        day(start),
                        end.map(day).unwrap_or_default(),
                        number(&percent),
                    )
                })
                .collect(),
            leave: wt
                .leave
                .into_iter()
                .map(|(id, kind, first, last)| (id.to_string(), kind, day(first), day(last)))
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

async fn load_working_time(page: &Page, id: Uuid) -> Result<Option<WorkingTime>, AppError> {
    in_db(page, move |conn| people_edit::working_time(conn, id)).await
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
    let (_, name) = person_name(page, id).await?;
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
        WorkingTimeRow::Membership => people_edit::add_membership(conn, id, &submitted, &actor),
        WorkingTimeRow::FtePeriod => people_edit::add_fte_period(conn, id, &submitted, &actor),
        WorkingTimeRow::Leave => people_edit::add_leave(conn, id, &submitted, &actor),
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
) -> Result<HttpResponse, AppError> {
    let actor = require_people_admin(&page)?;
    in_db(&page, move |conn| {
        people_edit::remove_row(conn, id, kind, row, &actor)
    })
    .await?
    .ok_or_else(AppError::not_found)?;
    Ok(see_other(&format!(
        "/people/{id}?notice={}-removed#working-time",
        slug(kind)
    )))
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
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    remove_row(page, path.into_inner(), WorkingTimeRow::Membership).await
}

/// `POST /people/{id}/fte-periods/{row}/delete`
pub async fn remove_fte_period(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    remove_row(page, path.into_inner(), WorkingTimeRow::FtePeriod).await
}

/// `POST /people/{id}/leave/{row}/delete`
pub async fn remove_leave(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    remove_row(page, path.into_inner(), WorkingTimeRow::Leave).await
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
    leave_types: Vec<LeaveTypeView>,
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
    /// (id, valid from, daily hours)
    hours: Vec<(Uuid, String, String)>,
}

impl From<GroupView> for GroupRow {
    fn from(g: GroupView) -> Self {
        GroupRow {
            id: g.id,
            name: g.name,
            members: g.members,
            project_rates: g.project_rates,
            hours: g
                .hours
                .into_iter()
                .map(|(id, from, hours)| (id, day(from), number(&hours)))
                .collect(),
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
            leave_types,
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

/// What a lookup write answers: `None` when the group, row or leave type does not exist (404),
/// else done or why not.
type LookupWrite = diesel::QueryResult<Option<Result<(), String>>>;

/// Runs one change to employee groups or leave types as the signed-in administrator, in one
/// transaction, and answers it like every change on the groups page: back to the page with
/// `notice`, or the page again with the refusal and `form` (`refused`: 422 for bad input, 409
/// for a value still in use). A refused change has written nothing.
async fn change_lookups(
    page: Page,
    write: impl FnOnce(&mut PgConnection, &Actor) -> LookupWrite + Send + 'static,
    notice: &str,
    form: (&'static str, LookupForm),
    refused: StatusCode,
) -> Result<HttpResponse, AppError> {
    let actor = require_lookup_admin(&page)?;
    let result = in_db(&page, move |conn| write(conn, &actor))
        .await?
        .ok_or_else(AppError::not_found)?;
    match result {
        Ok(()) => Ok(see_other(&format!("/people/groups?notice={notice}"))),
        Err(message) => groups_page(&page, None, Some(message), form, refused).await,
    }
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
    let write = move |conn: &mut PgConnection, actor: &Actor| {
        lookups::create_group(conn, &submitted, actor).map(Some)
    };
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, write, "group-added", ("group", form), refused).await
}

/// `POST /people/groups/{id}`: renames the group.
pub async fn rename_group(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.0);
    let write =
        move |conn: &mut PgConnection, actor: &Actor| lookups::rename_group(conn, id, &form, actor);
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, write, "group-saved", no_form(), refused).await
}

/// `POST /people/groups/{id}/delete`
pub async fn delete_group(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let write =
        move |conn: &mut PgConnection, actor: &Actor| lookups::delete_group(conn, id, actor);
    change_lookups(
        page,
        write,
        "group-deleted",
        no_form(),
        StatusCode::CONFLICT,
    )
    .await
}

/// `POST /people/groups/{id}/hours`
pub async fn add_group_hours(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.0);
    let write = move |conn: &mut PgConnection, actor: &Actor| {
        lookups::add_group_hours(conn, id, &form, actor)
    };
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, write, "hours-added", no_form(), refused).await
}

/// `POST /people/groups/{id}/hours/{row}/delete`
pub async fn remove_group_hours(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (group, row) = path.into_inner();
    // Removing a row is never refused: only a missing row (404) stops it.
    let write = move |conn: &mut PgConnection, actor: &Actor| {
        lookups::remove_group_hours(conn, group, row, actor).map(|done| done.map(Ok))
    };
    change_lookups(
        page,
        write,
        "hours-removed",
        no_form(),
        StatusCode::CONFLICT,
    )
    .await
}

/// `POST /people/leave-types`
pub async fn create_leave_type(
    page: Page,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let submitted = form.clone();
    let write = move |conn: &mut PgConnection, actor: &Actor| {
        lookups::create_leave_type(conn, &submitted, actor).map(Some)
    };
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(
        page,
        write,
        "leave-type-added",
        ("leave-type", form),
        refused,
    )
    .await
}

/// `POST /people/leave-types/{id}`: renames the leave type.
pub async fn rename_leave_type(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.0);
    let write = move |conn: &mut PgConnection, actor: &Actor| {
        lookups::rename_leave_type(conn, id, &form, actor)
    };
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, write, "leave-type-saved", no_form(), refused).await
}

/// `POST /people/leave-types/{id}/delete`
pub async fn delete_leave_type(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let write =
        move |conn: &mut PgConnection, actor: &Actor| lookups::delete_leave_type(conn, id, actor);
    change_lookups(
        page,
        write,
        "leave-type-deleted",
        no_form(),
        StatusCode::CONFLICT,
    )
    .await
}
