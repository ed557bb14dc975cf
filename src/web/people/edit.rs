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

use crate::command::{DomainError, FieldErrors, sentences_in};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::people::edit::lookups::{
    self, GroupView, HoursRemoval, LeaveTypeView, LookupChange, LookupForm, may_change_lookups,
};
use crate::people::edit::{
    self as person_edit, DeleteImpact, PersonChoices, PersonForm, WorkingTime, WorkingTimeForm,
    WorkingTimeRemoval, WorkingTimeRow, may_change_people,
};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;
use crate::web::people::{fte_sentence, leave_sentence, membership_sentence};
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

/// "<what> · People", the title of a page of the people section.
fn people_title(page: &Page, what: &str) -> String {
    format!("{what} · {}", page.lang.t("nav-people"))
}

/// The breadcrumb's first step: the people list.
fn people_crumb(page: &Page) -> (String, String) {
    ("/people".into(), page.lang.t("nav-people"))
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
    let lang = page.lang;
    let (heading, row) = match editing {
        Some((_, name, row)) => (lang.t1("person-edit-heading", "name", name), row),
        None => (lang.t("person-add-heading"), Shown::default()),
    };
    let title = people_title(page, &heading);
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
    let answer = (page.state.db)
        .command(
            page.user.id,
            move |conn| person_edit::create_person(conn, &acting, &submitted),
            |conn| person_edit::choices(conn, None),
        )
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
    let (change, form, row) = form.0.edit_of(id)?;
    let answer = (page.state.db)
        .command(
            page.user.id,
            move |conn| person_edit::update_person(conn, &acting, &change),
            move |conn| person_edit::editing(conn, id),
        )
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
    let (name, choices, lang) = (now.name, now.choices, page.lang);
    let about = About {
        title: people_title(page, &name),
        section: Section::People,
        what: name.clone(),
        breadcrumb: vec![
            people_crumb(page),
            (format!("/people/{id}"), now.form.code.clone()),
        ],
        latest: (
            format!("/people/{id}/edit"),
            lang.t1("person-stale-latest", "name", &name),
        ),
    };
    let labels = [
        ("code", lang.t("person-field-code")),
        ("first_name", lang.t("person-field-first-name")),
        ("last_name", lang.t("person-field-last-name")),
        ("email", lang.t("person-field-email")),
        ("organisation", lang.t("person-field-organisation")),
        ("employment_start", lang.t("person-field-employment-start")),
        ("employment_end", lang.t("person-field-employment-end")),
        ("user", lang.t("person-field-user")),
    ];
    let fields = labels
        .each_ref()
        .map(|(field, label)| (*field, label.as_str()));
    // Ids are shown by the names the form's lists give them.
    let show = |field: &str, value: &str| match field {
        "organisation" => label_of(&choices.organisations, value).trim().to_string(),
        "user" if value.trim().is_empty() => "—".to_string(),
        "user" => label_of(&choices.users, value),
        _ => value.to_string(),
    };
    stale_form(page, about, &fields, shown, &now.form, typed, show)
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
        layout: page.layout(
            people_title(
                &page,
                &page.lang.t1("person-delete-title", "code", &impact.code),
            ),
            Section::People,
        ),
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
    let answer = (page.state.db)
        .command(
            page.user.id,
            move |conn| person_edit::delete_person(conn, &acting, (id, version)),
            move |conn| person_edit::editing(conn, id),
        )
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
    /// (id, the row as a sentence in the page's language, hidden fields of its remove form)
    pub memberships: Vec<(String, String, Shown)>,
    pub fte_periods: Vec<(String, String, Shown)>,
    pub leave: Vec<(String, String, Shown)>,
    /// (id, name)
    pub groups: Vec<(String, String)>,
    /// (id, "CODE – name")
    pub leave_types: Vec<(String, String)>,
}

impl PersonAdmin {
    fn new(page: &Page, id: Uuid, wt: WorkingTime) -> Self {
        let lang = page.lang;
        let memberships = listed(&wt.memberships, membership_fields, |m| {
            membership_sentence(lang, &m.2, m.1)
        });
        let fte_periods = listed(&wt.fte_periods, fte_fields, |f| {
            fte_sentence(lang, &f.3, f.1, f.2)
        });
        let leave = listed(&wt.leave, leave_fields, |l| {
            leave_sentence(lang, &l.2, l.3, l.4)
        });
        PersonAdmin {
            id: id.to_string(),
            csrf_token: page.csrf_token(),
            notice: None,
            working_time_notice: None,
            problem: None,
            form: WorkingTimeForm::default(),
            memberships,
            fte_periods,
            leave,
            groups: wt
                .groups
                .into_iter()
                .map(|(id, name)| (id.to_string(), name))
                .collect(),
            leave_types: wt
                .leave_types
                .into_iter()
                .map(|(id, code, name)| {
                    let name = lang.lookup_name(&name);
                    (id.to_string(), format!("{code} – {name}"))
                })
                .collect(),
        }
    }
}

type Membership = (Uuid, NaiveDate, String, i64);
type FtePeriod = (Uuid, NaiveDate, Option<NaiveDate>, BigDecimal, i64);
type Leave = (Uuid, String, String, NaiveDate, NaiveDate, i64);

/// The fields of a working-time row as the person page shows it (and its remove form's hidden
/// fields carry): (id, [(field, value)], version).
type RowFields<const N: usize> = (Uuid, [(&'static str, String); N], i64);

fn membership_fields(m: &Membership) -> RowFields<2> {
    (m.0, [("group", m.2.clone()), ("valid_from", day(m.1))], m.3)
}

/// An open end is empty.
fn fte_fields(f: &FtePeriod) -> RowFields<3> {
    let end = f.2.map(day).unwrap_or_default();
    let fields = [("start", day(f.1)), ("end", end), ("percent", number(&f.3))];
    (f.0, fields, f.4)
}

fn leave_fields(l: &Leave) -> RowFields<3> {
    let fields = [
        ("leave_type", l.2.clone()),
        ("first_day", day(l.3)),
        ("last_day", day(l.4)),
    ];
    (l.0, fields, l.5)
}

/// Rows of one kind as the person page lists them: (id, the row as a sentence, hidden fields of
/// the remove form).
fn listed<T, const N: usize>(
    rows: &[T],
    fields: fn(&T) -> RowFields<N>,
    sentence: impl Fn(&T) -> String,
) -> Vec<(String, String, Shown)> {
    rows.iter()
        .map(|r| {
            let (id, fields, version) = fields(r);
            // Serde writes arrays of any length only as slices.
            let row = Shown::of(version, &fields.as_slice());
            (id.to_string(), sentence(r), row)
        })
        .collect()
}

/// Row `id` of `rows` as stored, for the 409 page.
fn stored<T, const N: usize>(
    rows: &[T],
    id: Uuid,
    fields: fn(&T) -> RowFields<N>,
) -> Option<Vec<(&'static str, String)>> {
    rows.iter()
        .map(fields)
        .find(|r| r.0 == id)
        .map(|(_, fields, _)| fields.to_vec())
}

/// The administrators' block of person `id`'s page, with the person's working time `wt` (read
/// only for administrators). `notice` is the page's `notice` parameter, set by the redirects after
/// a change.
pub fn person_admin(page: &Page, id: Uuid, wt: WorkingTime, notice: Option<&str>) -> PersonAdmin {
    let mut admin = PersonAdmin::new(page, id, wt);
    let lang = page.lang;
    // Working-time notices are "{slug}-{event}" (see `RowKind`).
    let working_time = notice
        .and_then(|n| n.rsplit_once('-'))
        .and_then(|(slug, event)| Some((ROW_KINDS.iter().find(|k| k.slug == slug)?.kind, event)));
    match (notice, working_time) {
        (Some("added"), _) => admin.notice = Some(lang.t("person-notice-added")),
        (Some("saved"), _) => admin.notice = Some(lang.t("person-notice-saved")),
        (_, Some((kind, event))) => {
            admin.working_time_notice = match (kind, event) {
                (WorkingTimeRow::Membership, "added") => {
                    Some(lang.t("workingtime-notice-membership-added"))
                }
                (WorkingTimeRow::Membership, "removed") => {
                    Some(lang.t("workingtime-notice-membership-removed"))
                }
                (WorkingTimeRow::FtePeriod, "added") => Some(lang.t("fte-notice-added")),
                (WorkingTimeRow::FtePeriod, "removed") => Some(lang.t("fte-notice-removed")),
                (WorkingTimeRow::Leave, "added") => Some(lang.t("leave-notice-added")),
                (WorkingTimeRow::Leave, "removed") => Some(lang.t("leave-notice-removed")),
                _ => None,
            }
        }
        _ => {}
    }
    admin
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
            layout: page.layout(
                people_title(page, &page.lang.t1("workingtime-title", "name", &name)),
                Section::People,
            ),
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

/// What the person page says of each kind of working-time row: the path of its forms
/// (`/people/{id}/{path}`) and the name of its notices (`{slug}-added`).
struct RowKind {
    kind: WorkingTimeRow,
    path: &'static str,
    slug: &'static str,
}

const ROW_KINDS: [RowKind; 3] = [
    RowKind {
        kind: WorkingTimeRow::Membership,
        path: "memberships",
        slug: "membership",
    },
    RowKind {
        kind: WorkingTimeRow::FtePeriod,
        path: "fte-periods",
        slug: "fte",
    },
    RowKind {
        kind: WorkingTimeRow::Leave,
        path: "leave",
        slug: "leave",
    },
];

impl RowKind {
    fn of(kind: WorkingTimeRow) -> &'static RowKind {
        &ROW_KINDS[match kind {
            WorkingTimeRow::Membership => 0,
            WorkingTimeRow::FtePeriod => 1,
            WorkingTimeRow::Leave => 2,
        }]
    }

    /// The kind whose forms post to `path` (the route table admits only these three).
    fn at(path: &str) -> Result<&'static RowKind, AppError> {
        ROW_KINDS
            .iter()
            .find(|k| k.path == path)
            .ok_or_else(AppError::not_found)
    }
}

fn slug(kind: WorkingTimeRow) -> &'static str {
    RowKind::of(kind).slug
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
    let add = move |conn: &mut _| {
        let added = (id, &submitted);
        match kind {
            WorkingTimeRow::Membership => person_edit::add_membership(conn, &acting, added),
            WorkingTimeRow::FtePeriod => person_edit::add_fte_period(conn, &acting, added),
            WorkingTimeRow::Leave => person_edit::add_leave(conn, &acting, added),
        }
    };
    let answer = (page.state.db)
        .command(page.user.id, add, move |conn| {
            person_edit::working_time_of(conn, id)
        })
        .await?;
    match answer {
        Ok(()) => Ok(see_other(&format!(
            "/people/{id}?notice={}-added#working-time",
            slug(kind)
        ))),
        Err((refusal, now)) => {
            let (_, name, wt) = now.ok_or_else(AppError::not_found)?;
            let problem = sentences_in(&field_errors(refusal)?, page.lang);
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
    let answer = (page.state.db)
        .command(
            page.user.id,
            move |conn| person_edit::remove_working_time(conn, &acting, &removal),
            move |conn| person_edit::working_time_of(conn, id),
        )
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
    let now = match kind {
        WorkingTimeRow::Membership => stored(&wt.memberships, row, membership_fields),
        WorkingTimeRow::FtePeriod => stored(&wt.fte_periods, row, fte_fields),
        WorkingTimeRow::Leave => stored(&wt.leave, row, leave_fields),
    };
    let now = now.ok_or_else(AppError::not_found)?;
    let lang = page.lang;
    // What the 409 page calls the row, and the labels of its fields there.
    let (what, labels) = match kind {
        WorkingTimeRow::Membership => (
            lang.t1("workingtime-stale-membership", "name", &name),
            vec![
                ("group", lang.t("workingtime-field-group")),
                ("valid_from", lang.t("workingtime-field-from")),
            ],
        ),
        WorkingTimeRow::FtePeriod => (
            lang.t1("fte-stale-period", "name", &name),
            vec![
                ("start", lang.t("workingtime-field-first-day")),
                ("end", lang.t("workingtime-field-last-day")),
                ("percent", lang.t("fte-field-percent")),
            ],
        ),
        WorkingTimeRow::Leave => (
            lang.t1("leave-stale-leave", "name", &name),
            vec![
                ("leave_type", lang.t("leave-field-type")),
                ("first_day", lang.t("workingtime-field-first-day")),
                ("last_day", lang.t("workingtime-field-last-day")),
            ],
        ),
    };
    let about = About {
        title: people_title(page, &lang.t1("workingtime-title", "name", &name)),
        section: Section::People,
        what,
        breadcrumb: vec![people_crumb(page), (format!("/people/{id}"), form.code)],
        latest: (
            format!("/people/{id}#working-time"),
            lang.t1("workingtime-stale-latest", "name", &name),
        ),
    };
    let fields: Vec<(&str, &str)> = labels.iter().map(|(f, l)| (*f, l.as_str())).collect();
    stale_form(page, about, &fields, shown, &now, None, |_, v| {
        v.to_string()
    })
}

/// `POST /people/{id}/{kind}` (memberships, fte-periods, leave): adds a working-time row.
pub async fn add_working_time(
    page: Page,
    path: web::Path<(Uuid, String)>,
    form: CsrfForm<WorkingTimeForm>,
) -> Result<HttpResponse, AppError> {
    let (id, kind) = path.into_inner();
    add_row(page, id, form.0, RowKind::at(&kind)?.kind).await
}

/// `POST /people/{id}/{kind}/{row}/delete`: removes a working-time row.
pub async fn remove_working_time(
    page: Page,
    path: web::Path<(Uuid, String, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (id, kind, row) = path.into_inner();
    remove_row(page, (id, row), RowKind::at(&kind)?.kind, form.0).await
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
    /// What a refused add form sent, shown again in that form (`group` or `leave-type`).
    form: LookupForm,
    form_for: &'static str,
}

struct GroupRow {
    id: Uuid,
    name: String,
    members: i64,
    project_rates: i64,
    /// (id, valid from, daily hours, its remove button's label, hidden fields of its remove
    /// form), in the page's language.
    hours: Vec<(Uuid, String, String, String, Shown)>,
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

impl GroupRow {
    fn shown(g: GroupView, lang: Lang) -> Self {
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
                    let hours = lang.decimal(&hours.normalized());
                    let label = lang.t2(
                        "groups-remove-hours-label",
                        ("hours", &hours),
                        ("from", day(from)),
                    );
                    (id, day(from), hours, label, row)
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
    let lang = page.lang;
    let notice = match notice {
        Some("group-added") => Some(lang.t("groups-notice-group-added")),
        Some("group-saved") => Some(lang.t("groups-notice-group-renamed")),
        Some("group-deleted") => Some(lang.t("groups-notice-group-deleted")),
        Some("hours-added") => Some(lang.t("groups-notice-hours-added")),
        Some("hours-removed") => Some(lang.t("groups-notice-hours-removed")),
        Some(other) => match other.split_once(LEAVE_TYPE_SLUG) {
            Some(("", "-added")) => Some(lang.t("leave-notice-type-added")),
            Some(("", "-saved")) => Some(lang.t("leave-notice-type-renamed")),
            Some(("", "-deleted")) => Some(lang.t("leave-notice-type-deleted")),
            _ => None,
        },
        None => None,
    };
    html(
        GroupsPage {
            layout: page.layout(people_title(page, &lang.t("groups-title")), Section::People),
            can_edit: may_change_lookups(&page.acting()).is_ok(),
            csrf_token: page.csrf_token(),
            groups: groups
                .into_iter()
                .map(|g| GroupRow::shown(g, lang))
                .collect(),
            leave_types: leave_types.into_iter().map(LeaveTypeRow::from).collect(),
            notice,
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

/// The leave types' name in the groups page's addresses (`notice=leave-type-added`) and forms.
/// Written in two pieces because tests/api/i18n.rs reads a literal shaped like an id of a
/// catalogue group (`leave-…`) as a message id.
const LEAVE_TYPE_SLUG: &str = concat!("leave", "-type");

/// The two lists of the groups page whose rows are added, renamed and deleted alike.
#[derive(Clone, Copy)]
enum Lookup {
    Group,
    LeaveType,
}

impl Lookup {
    /// The list whose forms post to `/people/{path}`.
    fn at(path: &str) -> Result<Lookup, AppError> {
        match path {
            "groups" => Ok(Lookup::Group),
            "leave-types" => Ok(Lookup::LeaveType),
            _ => Err(AppError::not_found()),
        }
    }

    /// The name of its notices (`group-added`) and of its add form shown again.
    fn slug(self) -> &'static str {
        match self {
            Lookup::Group => "group",
            Lookup::LeaveType => LEAVE_TYPE_SLUG,
        }
    }

    /// Its row `id`, for the 409 page.
    fn row(self, id: Uuid) -> LookupRow {
        match self {
            Lookup::Group => LookupRow::Group(id),
            Lookup::LeaveType => LookupRow::LeaveType(id),
        }
    }
}

/// One change a user can make on the groups page, with what its form sent.
enum LookupCommand {
    Create(Lookup, LookupForm),
    Rename(Lookup, LookupChange),
    Delete(Lookup, Uuid, i64),
    AddHours(Uuid, LookupForm),
    RemoveHours(HoursRemoval),
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
    let change = move |conn: &mut _| match &command {
        LookupCommand::Create(Lookup::Group, form) => lookups::create_group(conn, &acting, form),
        LookupCommand::Create(Lookup::LeaveType, form) => {
            lookups::create_leave_type(conn, &acting, form)
        }
        LookupCommand::Rename(Lookup::Group, change) => {
            lookups::rename_group(conn, &acting, change)
        }
        LookupCommand::Rename(Lookup::LeaveType, change) => {
            lookups::rename_leave_type(conn, &acting, change)
        }
        LookupCommand::Delete(Lookup::Group, id, version) => {
            lookups::delete::<GroupView>(conn, &acting, (*id, *version))
        }
        LookupCommand::Delete(Lookup::LeaveType, id, version) => {
            lookups::delete::<LeaveTypeView>(conn, &acting, (*id, *version))
        }
        LookupCommand::AddHours(group, form) => {
            lookups::add_group_hours(conn, &acting, (*group, form))
        }
        LookupCommand::RemoveHours(removal) => lookups::remove_group_hours(conn, &acting, *removal),
    };
    let answer = (page.state.db)
        .command(page.user.id, change, lookups::page)
        .await?;
    match (answer, changed) {
        (Ok(()), _) => Ok(see_other(&format!("/people/groups?notice={notice}"))),
        (Err((DomainError::Stale, lists)), Some((row, shown, typed))) => {
            stale_lookup(&page, row, &shown, typed.as_ref(), lists)
        }
        (Err((DomainError::Stale, _)), None) => Err(AppError::not_found()),
        (Err((refusal, lists)), _) => {
            let problem = sentences_in(&field_errors(refusal)?, page.lang);
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
    let lang = page.lang;
    let (what, labels, now): (String, Vec<(&str, String)>, LookupForm) = match row {
        LookupRow::Group(id) => {
            let g = group(id).ok_or_else(AppError::not_found)?;
            (
                lang.t1("groups-stale-group", "name", &g.name),
                vec![("name", lang.t("groups-field-name"))],
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
                lang.t2("groups-stale-hours", ("name", &g.name), ("from", day(h.1))),
                vec![
                    ("valid_from", lang.t("groups-field-valid-from")),
                    ("daily_hours", lang.t("groups-field-daily-hours")),
                ],
                hours_fields(h.1, &h.2),
            )
        }
        LookupRow::LeaveType(id) => {
            let t = leave_types
                .iter()
                .find(|t| t.id == id)
                .ok_or_else(AppError::not_found)?;
            (
                lang.t1("leave-stale-type", "code", &t.code),
                vec![
                    ("code", lang.t("groups-field-code")),
                    ("name", lang.t("groups-field-name")),
                ],
                leave_type_fields(&t.code, &t.name),
            )
        }
    };
    let about = About {
        title: people_title(page, &lang.t("groups-title")),
        section: Section::People,
        what,
        breadcrumb: vec![people_crumb(page)],
        latest: ("/people/groups".into(), lang.t("groups-stale-latest")),
    };
    let fields: Vec<(&str, &str)> = labels.iter().map(|(f, l)| (*f, l.as_str())).collect();
    stale_form(page, about, &fields, shown, &now, typed, |_, v| {
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

/// `POST /people/groups`, `POST /people/leave-types`: adds a group or a leave type.
pub async fn create_lookup(
    page: Page,
    path: web::Path<String>,
    form: CsrfForm<LookupForm>,
) -> Result<HttpResponse, AppError> {
    feature_on(&page)?;
    let (lookup, form) = (Lookup::at(&path)?, form.0);
    let command = LookupCommand::Create(lookup, form.clone());
    let notice = format!("{}-added", lookup.slug());
    let forms = ((lookup.slug(), form), None);
    change_lookups(
        page,
        command,
        &notice,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /people/groups/{id}`, `POST /people/leave-types/{id}`: renames a group or a leave
/// type (whose code stays).
pub async fn rename_lookup(
    page: Page,
    path: web::Path<(String, Uuid)>,
    form: CsrfForm<Versioned<LookupForm>>,
) -> Result<HttpResponse, AppError> {
    let ((lookup, id), Versioned { fields, row }) = (path.into_inner(), form.0);
    let lookup = Lookup::at(&lookup)?;
    let version = version_shown(&page, &row)?;
    let typed = fields.clone();
    let change = LookupChange {
        id,
        version,
        form: fields,
    };
    let command = LookupCommand::Rename(lookup, change);
    let notice = format!("{}-saved", lookup.slug());
    let changed = Some((lookup.row(id), row, Some(typed)));
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    change_lookups(page, command, &notice, (no_form(), changed), refused).await
}

/// `POST /people/groups/{id}/delete`, `POST /people/leave-types/{id}/delete`
pub async fn delete_lookup(
    page: Page,
    path: web::Path<(String, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let ((lookup, id), row) = (path.into_inner(), form.0);
    let lookup = Lookup::at(&lookup)?;
    let command = LookupCommand::Delete(lookup, id, version_shown(&page, &row)?);
    let notice = format!("{}-deleted", lookup.slug());
    let changed = Some((lookup.row(id), row, None));
    let refused = StatusCode::CONFLICT;
    change_lookups(page, command, &notice, (no_form(), changed), refused).await
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
