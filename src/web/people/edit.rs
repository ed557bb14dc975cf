//! Administrators' pages for people (shown when PERSON_CAPACITY_ENABLED): adding, editing and
//! deleting persons (`/people/new`, `/people/{id}/edit`, `/people/{id}/delete`), their working
//! time (forms on the person page, `/people/{id}/working-time` when a form needs correcting), and
//! employee groups with leave types (`/people/groups`).
//!
//! Each change is one command of `people::edit` (persons, working time) or
//! `people::edit::lookups` (employee groups, leave types), run in the request's one
//! transaction; the command asks the Policy, and a refused form is read again for showing in the
//! same transaction.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::command::{DomainError, FieldErrors, Outcome, sentences};
use crate::error::AppError;
use crate::people::edit::lookups::{
    self, GroupView, HoursRemoval, LeaveTypeView, LookupChange, LookupForm, may_change_lookups,
};
use crate::people::edit::{
    self as person_edit, DeleteImpact, PersonChange, PersonChoices, PersonForm, WorkingTime,
    WorkingTimeForm, WorkingTimeRemoval, WorkingTimeRow, may_change_people,
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

/// Persons and their working time: the pages exist and the user may change people. Forms that
/// carry a version ask before reading it, so a refused user learns why rather than about the form.
fn require_people_admin(page: &Page) -> Result<(), AppError> {
    feature_on(page)?;
    Ok(may_change_people(&page.acting())?)
}

/// Employee groups and leave types: the pages exist and the user may change them.
fn require_lookup_admin(page: &Page) -> Result<(), AppError> {
    feature_on(page)?;
    Ok(may_change_lookups(&page.acting())?)
}

/// A command's outcome as a page answers it: done, or a refusal the page shows again (bad
/// input, or a row that changed since the page was shown) with what `reread` reads for showing
/// it, in the same transaction. Any other refusal is an error page.
pub(crate) fn shown_refusal<T, R, E>(
    outcome: Outcome<T>,
    reread: impl FnOnce() -> Result<R, E>,
) -> Result<Result<T, (DomainError, R)>, AppError>
where
    AppError: From<E>,
{
    match outcome {
        Ok(value) => Ok(Ok(value)),
        Err(refusal @ (DomainError::Invalid(_) | DomainError::Stale)) => {
            Ok(Err((refusal, reread()?)))
        }
        Err(other) => Err(other.into()),
    }
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

fn person_form_page(
    page: &Page,
    editing: Option<(Uuid, String, Shown)>,
    (form, errors): (PersonForm, FieldErrors),
    choices: PersonChoices,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let person = editing.as_ref().map(|e| e.0);
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
    let choices = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>(person_edit::choices(conn, None)?)
        })
        .await?;
    let form = (PersonForm::default(), FieldErrors::new());
    person_form_page(&page, None, form, choices, StatusCode::OK)
}

/// `POST /people`
pub async fn create_person(
    page: Page,
    form: CsrfForm<PersonForm>,
) -> Result<HttpResponse, AppError> {
    feature_on(&page)?;
    let (acting, form) = (page.acting(), form.0);
    let submitted = form.clone();
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = person_edit::create_person(conn, &acting, &submitted);
            shown_refusal(outcome, || person_edit::choices(conn, None))
        })
        .await?;
    match answer {
        Ok(id) => Ok(see_other(&format!("/people/{id}?notice=added"))),
        Err((refusal, choices)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            person_form_page(&page, None, (form, field_errors(refusal)?), choices, status)
        }
    }
}

/// The field errors of a refused form (a stale row has its own page, answered before).
fn field_errors(refusal: DomainError) -> Result<FieldErrors, AppError> {
    match refusal {
        DomainError::Invalid(errors) => Ok(errors),
        other => Err(other.into()),
    }
}

/// Person `id` as the edit form shows it, read in its own transaction (a page without a change).
async fn editing(page: &Page, id: Uuid) -> Result<person_edit::PersonEditing, AppError> {
    page.state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(person_edit::editing(conn, id)?)
        })
        .await?
        .ok_or_else(AppError::not_found)
}

/// `GET /people/{id}/edit`
pub async fn edit_person(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    let id = path.into_inner();
    let now = editing(&page, id).await?;
    let row = Shown::of(now.version, &now.form);
    let form = (now.form, FieldErrors::new());
    person_form_page(
        &page,
        Some((id, now.name, row)),
        form,
        now.choices,
        StatusCode::OK,
    )
}

/// `POST /people/{id}`
pub async fn update_person(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<PersonForm>>,
) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    let (acting, id) = (page.acting(), path.into_inner());
    let Versioned { fields: form, row } = form.0;
    let change = PersonChange {
        id,
        version: row.version()?,
        form: form.clone(),
    };
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = person_edit::update_person(conn, &acting, &change);
            shown_refusal(outcome, || person_edit::editing(conn, id))
        })
        .await?;
    let (refusal, now) = match answer {
        Ok(()) => return Ok(see_other(&format!("/people/{id}?notice=saved"))),
        Err((refusal, now)) => (refusal, now.ok_or_else(AppError::not_found)?),
    };
    match refusal {
        DomainError::Stale => stale_person(&page, id, &row, Some(&form), now),
        refusal => {
            // The corrected form still carries the version the user first saw.
            let (errors, status) = (field_errors(refusal)?, StatusCode::UNPROCESSABLE_ENTITY);
            let editing = Some((id, now.name, row));
            person_form_page(&page, editing, (form, errors), now.choices, status)
        }
    }
}

/// The 409 page of the edit form (`typed`) or the delete button (`None`) of a person who
/// changed after the page was opened; `now` is the person as stored.
fn stale_person(
    page: &Page,
    id: Uuid,
    shown: &Shown,
    typed: Option<&PersonForm>,
    now: person_edit::PersonEditing,
) -> Result<HttpResponse, AppError> {
    let (name, choices) = (now.name, now.choices);
    let about = About {
        title: format!("{name} · People"),
        section: Section::People,
        what: name.clone(),
        breadcrumb: vec![
            ("/people".into(), "People".into()),
            (format!("/people/{id}"), now.form.code.clone()),
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
        &now.form,
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
    let (shown, impact) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let shown = person_edit::edit_form(conn, id)?;
            Ok::<_, AppError>(shown.zip(person_edit::delete_impact(conn, id)?))
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let (form, _, version) = shown;
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
    require_people_admin(&page)?;
    let (acting, id, shown) = (page.acting(), path.into_inner(), form.0);
    let version = shown.version()?;
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = person_edit::delete_person(conn, &acting, (id, version));
            shown_refusal(outcome, || person_edit::editing(conn, id))
        })
        .await?;
    match answer {
        Ok(()) => Ok(see_other("/people?notice=deleted")),
        Err((DomainError::Stale, Some(now))) => stale_person(&page, id, &shown, None, now),
        Err((_, None)) => Err(AppError::not_found()),
        Err((refusal, _)) => Err(refusal.into()),
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

/// The administrators' block of person `id`'s page, `None` for everyone else. `notice` is the
/// page's `notice` parameter, set by the redirects after a change.
pub async fn person_admin(
    page: &Page,
    id: Uuid,
    notice: Option<&str>,
) -> Result<Option<PersonAdmin>, AppError> {
    if may_change_people(&page.acting()).is_err() {
        return Ok(None);
    }
    let working_time = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(person_edit::working_time(conn, id)?)
        })
        .await?;
    let Some(wt) = working_time else {
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
fn working_time_page(
    page: &Page,
    id: Uuid,
    (form, problem): (WorkingTimeForm, Option<String>),
    (name, wt): (String, WorkingTime),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
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
    let id = path.into_inner();
    let (_, name, wt) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(person_edit::working_time_of(conn, id)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let form = (WorkingTimeForm::default(), None);
    working_time_page(&page, id, form, (name, wt), StatusCode::OK)
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
    feature_on(&page)?;
    let acting = page.acting();
    let submitted = form.clone();
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let added = (id, &submitted);
            let outcome = match kind {
                WorkingTimeRow::Membership => person_edit::add_membership(conn, &acting, added),
                WorkingTimeRow::FtePeriod => person_edit::add_fte_period(conn, &acting, added),
                WorkingTimeRow::Leave => person_edit::add_leave(conn, &acting, added),
            };
            shown_refusal(outcome, || person_edit::working_time_of(conn, id))
        })
        .await?;
    match answer {
        Ok(()) => Ok(see_other(&format!(
            "/people/{id}?notice={}-added#working-time",
            slug(kind)
        ))),
        Err((refusal, now)) => {
            let (_, name, wt) = now.ok_or_else(AppError::not_found)?;
            let problem = sentences(&field_errors(refusal)?);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            working_time_page(&page, id, (form, Some(problem)), (name, wt), status)
        }
    }
}

async fn remove_row(
    page: Page,
    (id, row): (Uuid, Uuid),
    kind: WorkingTimeRow,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    require_people_admin(&page)?;
    let acting = page.acting();
    let removal = WorkingTimeRemoval {
        person: id,
        kind,
        row,
        version: shown.version()?,
    };
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = person_edit::remove_working_time(conn, &acting, &removal);
            shown_refusal(outcome, || person_edit::working_time_of(conn, id))
        })
        .await?;
    match answer {
        Ok(()) => Ok(see_other(&format!(
            "/people/{id}?notice={}-removed#working-time",
            slug(kind)
        ))),
        Err((DomainError::Stale, Some(now))) => {
            stale_working_time(&page, (id, row), kind, &shown, now)
        }
        Err((_, None)) => Err(AppError::not_found()),
        Err((refusal, _)) => Err(refusal.into()),
    }
}

/// The 409 page of removing a working-time row that changed after the person page was shown;
/// `now` is the person's working time as stored.
fn stale_working_time(
    page: &Page,
    (id, row): (Uuid, Uuid),
    kind: WorkingTimeRow,
    shown: &Shown,
    (form, name, wt): (PersonForm, String, WorkingTime),
) -> Result<HttpResponse, AppError> {
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

/// The groups page; `problem` is why a change was refused, `form` what a refused add form sent.
fn groups_page(
    page: &Page,
    notice: Option<&str>,
    problem: Option<String>,
    (form_for, form): (&'static str, LookupForm),
    (groups, leave_types): (Vec<GroupView>, Vec<LeaveTypeView>),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
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
            can_edit: may_change_lookups(&page.acting()).is_ok(),
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
    let lists = page
        .state
        .db
        .in_transaction(page.user.id, |conn| Ok::<_, AppError>(lookups::page(conn)?))
        .await?;
    let notice = query.notice.as_deref();
    let form = ("", LookupForm::default());
    groups_page(&page, notice, None, form, lists, StatusCode::OK)
}

/// The row of the groups page a change is about, for its 409 page.
#[derive(Clone, Copy)]
enum LookupRow {
    Group(Uuid),
    /// (group, daily-hours row)
    Hours(Uuid, Uuid),
    LeaveType(Uuid),
}

/// One change a user can make on the groups page, with what its form sent.
enum LookupCommand {
    CreateGroup(LookupForm),
    RenameGroup(LookupChange),
    DeleteGroup(Uuid, i64),
    AddHours(Uuid, LookupForm),
    RemoveHours(HoursRemoval),
    CreateLeaveType(LookupForm),
    RenameLeaveType(LookupChange),
    DeleteLeaveType(Uuid, i64),
}

/// What a change to an existing row sent: which row, its hidden fields and what was typed
/// (`None` for a delete).
type ChangedRow = (LookupRow, Shown, Option<LookupForm>);

/// Runs one change to employee groups or leave types in the request's one transaction, and
/// answers it like every change on the groups page: back to the page with `notice`, or the page
/// again with the refusal and `form` (`refused`: 422 for bad input, 409 for a value still in
/// use). A refused change has written nothing; so has a change of a row that changed meanwhile
/// (`changed`: the row, answered with the 409 page).
async fn change_lookups(
    page: Page,
    command: LookupCommand,
    notice: &str,
    (form, changed): ((&'static str, LookupForm), Option<ChangedRow>),
    refused: StatusCode,
) -> Result<HttpResponse, AppError> {
    let acting = page.acting();
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = match &command {
                LookupCommand::CreateGroup(form) => lookups::create_group(conn, &acting, form),
                LookupCommand::RenameGroup(change) => lookups::rename_group(conn, &acting, change),
                LookupCommand::DeleteGroup(id, version) => {
                    lookups::delete_group(conn, &acting, (*id, *version))
                }
                LookupCommand::AddHours(group, form) => {
                    lookups::add_group_hours(conn, &acting, (*group, form))
                }
                LookupCommand::RemoveHours(removal) => {
                    lookups::remove_group_hours(conn, &acting, *removal)
                }
                LookupCommand::CreateLeaveType(form) => {
                    lookups::create_leave_type(conn, &acting, form)
                }
                LookupCommand::RenameLeaveType(change) => {
                    lookups::rename_leave_type(conn, &acting, change)
                }
                LookupCommand::DeleteLeaveType(id, version) => {
                    lookups::delete_leave_type(conn, &acting, (*id, *version))
                }
            };
            shown_refusal(outcome, || lookups::page(conn))
        })
        .await?;
    match (answer, changed) {
        (Ok(()), _) => Ok(see_other(&format!("/people/groups?notice={notice}"))),
        (Err((DomainError::Stale, lists)), Some((row, shown, typed))) => {
            stale_lookup(&page, row, &shown, typed.as_ref(), lists)
        }
        (Err((DomainError::Stale, _)), None) => Err(AppError::not_found()),
        (Err((refusal, lists)), _) => {
            let problem = sentences(&field_errors(refusal)?);
            groups_page(&page, None, Some(problem), form, lists, refused)
        }
    }
}

/// The 409 page of a rename (`typed`) or delete (`None`) on the groups page whose row changed
/// after the page was shown; `(groups, leave_types)` are as stored.
fn stale_lookup(
    page: &Page,
    row: LookupRow,
    shown: &Shown,
    typed: Option<&LookupForm>,
    (groups, leave_types): (Vec<GroupView>, Vec<LeaveTypeView>),
) -> Result<HttpResponse, AppError> {
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

/// The version the form of an existing row showed, after the Policy (a refused user learns
/// why, not that the form lacks a version).
fn version_shown(page: &Page, row: &Shown) -> Result<i64, AppError> {
    require_lookup_admin(page)?;
    row.version()
}

/// `POST /people/groups`
pub async fn create_group(
    page: Page,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    feature_on(&page)?;
    let form = form.0;
    let command = LookupCommand::CreateGroup(form.clone());
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(
        page,
        command,
        "group-added",
        (("group", form), None),
        refused,
    )
    .await
}

/// `POST /people/groups/{id}`: renames the group.
pub async fn rename_group(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<LookupForm>>,
) -> Result<HttpResponse, AppError> {
    let (id, Versioned { fields, row }) = (path.into_inner(), form.0);
    let version = version_shown(&page, &row)?;
    let typed = fields.clone();
    let command = LookupCommand::RenameGroup(LookupChange {
        id,
        version,
        form: fields,
    });
    let changed = Some((LookupRow::Group(id), row, Some(typed)));
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, command, "group-saved", (no_form(), changed), refused).await
}

/// `POST /people/groups/{id}/delete`
pub async fn delete_group(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (id, row) = (path.into_inner(), form.0);
    let command = LookupCommand::DeleteGroup(id, version_shown(&page, &row)?);
    let changed = Some((LookupRow::Group(id), row, None));
    let refused = StatusCode::CONFLICT;
    change_lookups(
        page,
        command,
        "group-deleted",
        (no_form(), changed),
        refused,
    )
    .await
}

/// `POST /people/groups/{id}/hours`
pub async fn add_group_hours(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    feature_on(&page)?;
    let command = LookupCommand::AddHours(path.into_inner(), form.0);
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, command, "hours-added", (no_form(), None), refused).await
}

/// `POST /people/groups/{id}/hours/{row}/delete`
pub async fn remove_group_hours(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let ((group, hours), row) = (path.into_inner(), form.0);
    // Removing a row is never refused for its own sake: only a missing (404) or changed (409) row.
    let command = LookupCommand::RemoveHours(HoursRemoval {
        group,
        row: hours,
        version: version_shown(&page, &row)?,
    });
    let changed = Some((LookupRow::Hours(group, hours), row, None));
    let refused = StatusCode::CONFLICT;
    change_lookups(
        page,
        command,
        "hours-removed",
        (no_form(), changed),
        refused,
    )
    .await
}

/// `POST /people/leave-types`
pub async fn create_leave_type(
    page: Page,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    feature_on(&page)?;
    let form = form.0;
    let command = LookupCommand::CreateLeaveType(form.clone());
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let form = (("leave-type", form), None);
    change_lookups(page, command, "leave-type-added", form, refused).await
}

/// `POST /people/leave-types/{id}`: renames the leave type.
pub async fn rename_leave_type(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<LookupForm>>,
) -> Result<HttpResponse, AppError> {
    let (id, Versioned { fields, row }) = (path.into_inner(), form.0);
    let version = version_shown(&page, &row)?;
    let typed = fields.clone();
    let command = LookupCommand::RenameLeaveType(LookupChange {
        id,
        version,
        form: fields,
    });
    let changed = Some((LookupRow::LeaveType(id), row, Some(typed)));
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let forms = (no_form(), changed);
    change_lookups(page, command, "leave-type-saved", forms, refused).await
}

/// `POST /people/leave-types/{id}/delete`
pub async fn delete_leave_type(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (id, row) = (path.into_inner(), form.0);
    let command = LookupCommand::DeleteLeaveType(id, version_shown(&page, &row)?);
    let changed = Some((LookupRow::LeaveType(id), row, None));
    let refused = StatusCode::CONFLICT;
    let forms = (no_form(), changed);
    change_lookups(page, command, "leave-type-deleted", forms, refused).await
}
