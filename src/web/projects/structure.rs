//! `/projects/{id}/work-packages`, `/tasks`, `/milestones` and `/deliverables`: the structure of
//! a project, each row editable in place by editors, with an add form; errors come back on the
//! row they belong to. One set of handlers serves the four pages; what differs is each page's
//! [`Tab`].

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::command::{DomainError, FieldErrors};
use crate::error::AppError;
use crate::projects::structure::{
    self, Head, ItemForm, Kind, RowDelete, RowSave, StructurePage as Structure,
};
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::projects::answered;
use crate::web::stale::{About, Shown, Versioned, label_of, stale_form};

/// A row as the page shows it: its form values and, after a refused save, its errors.
struct RowView {
    id: String,
    form: ItemForm,
    errors: FieldErrors,
    note: String,
    /// The version and values its save and delete forms carry.
    row: Shown,
}

#[derive(Template)]
#[template(path = "projects/structure.html")]
struct StructurePage {
    layout: Layout,
    project_id: Uuid,
    code: String,
    duration: i32,
    tab: &'static str,
    title: &'static str,
    /// Which columns this kind has.
    col_wp: bool,
    col_span: bool,
    col_due: bool,
    col_role: bool,
    col_lead: bool,
    col_deliverable: bool,
    can_edit: bool,
    read_only_reason: Option<String>,
    csrf_token: String,
    rows: Vec<RowView>,
    new_row: RowView,
    problem: Option<String>,
    work_packages: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    /// The Team tab exists when people are planned (PERSON_CAPACITY_ENABLED).
    team_tab: bool,
}

#[derive(serde::Deserialize)]
pub struct FormatQuery {
    format: Option<String>,
}

/// A column of a structure page, its download and its 409 page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Wp,
    Number,
    Name,
    Begin,
    End,
    Due,
    Type,
    Dissemination,
    Role,
    Lead,
}

use Column::*;

impl Column {
    /// The form field, the download's heading and the 409 page's label.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Wp => ("wp", "WP", "Work package"),
            Number => ("number", "Number", "Number"),
            Name => ("name", "Name", "Name"),
            Begin => ("begin", "Begin month", "Begin month"),
            End => ("end", "End month", "End month"),
            Due => ("due", "Due month", "Due month"),
            Type => ("kind", "Type", "Type"),
            Dissemination => ("dissemination", "Dissemination", "Dissemination"),
            Role => ("role", "Role", "Role"),
            Lead => ("lead_org", "Lead org", "Lead organisation"),
        }
    }

    /// The column's value on a form.
    fn value(self, form: &ItemForm) -> &str {
        match self {
            Wp => &form.wp,
            Number => &form.number,
            Name => &form.name,
            Begin => &form.begin,
            End => &form.end,
            Due => &form.due,
            Type => &form.kind,
            Dissemination => &form.dissemination,
            Role => &form.role,
            Lead => &form.lead_org,
        }
    }

    /// The choices the column's value is one of (`wps`: the work packages, labelled as the
    /// caller shows them); `None` for a typed value.
    fn choices<'a>(
        self,
        s: &'a Structure,
        wps: &'a [(Uuid, String)],
    ) -> Option<&'a [(Uuid, String)]> {
        match self {
            Wp => Some(wps),
            Type => Some(&s.kinds),
            Dissemination => Some(&s.levels),
            Role => Some(&s.roles),
            Lead => Some(&s.organisations),
            Number | Name | Begin | End | Due => None,
        }
    }
}

/// What differs between the four structure pages.
struct Tab {
    kind: Kind,
    /// The page's address below the project's.
    path: &'static str,
    title: &'static str,
    /// A row in a sentence, before its number: "task" in "task 1.2 of PX".
    noun: &'static str,
    columns: &'static [Column],
}

static TABS: [Tab; 4] = [
    Tab {
        kind: Kind::WorkPackages,
        path: "work-packages",
        title: "work packages",
        noun: "WP",
        columns: &[Number, Name, Begin, End, Lead],
    },
    Tab {
        kind: Kind::Tasks,
        path: "tasks",
        title: "tasks",
        noun: "task",
        columns: &[Wp, Number, Name, Begin, End, Role, Lead],
    },
    Tab {
        kind: Kind::Milestones,
        path: "milestones",
        title: "milestones",
        noun: "milestone",
        columns: &[Wp, Number, Name, Due, Role],
    },
    Tab {
        kind: Kind::Deliverables,
        path: "deliverables",
        title: "deliverables",
        noun: "deliverable",
        columns: &[Wp, Number, Name, Due, Type, Dissemination, Lead],
    },
];

impl Tab {
    fn has(&self, column: Column) -> bool {
        self.columns.contains(&column)
    }

    /// Where a change of a row returns to: the page of its kind.
    fn back(&self, project: Uuid) -> HttpResponse {
        HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/projects/{project}/{}", self.path),
            ))
            .finish()
    }
}

/// The four pages' routes, each list page with its add, save and delete.
pub fn routes(cfg: &mut web::ServiceConfig) {
    for tab in &TABS {
        let list = format!("/projects/{{id}}/{}", tab.path);
        let row = format!("{list}/{{item}}");
        let show = move |page: Page, path: web::Path<Uuid>, query: web::Query<FormatQuery>| {
            show(page, path.into_inner(), tab, query.into_inner().format)
        };
        let add = move |page: Page, path: web::Path<Uuid>, form: CsrfForm<ItemForm>| {
            save(page, path.into_inner(), None, tab, form.0)
        };
        let change = move |page: Page,
                           path: web::Path<(Uuid, Uuid)>,
                           form: CsrfForm<Versioned<ItemForm>>| {
            let ((project, item), Versioned { fields, row }) = (path.into_inner(), form.0);
            save(page, project, Some((item, row)), tab, fields)
        };
        let delete = move |page: Page, path: web::Path<(Uuid, Uuid)>, form: CsrfForm<Shown>| {
            let (project, item) = path.into_inner();
            delete(page, project, item, tab, form.0)
        };
        cfg.route(&list, web::get().to(show))
            .route(&list, web::post().to(add))
            .route(&row, web::post().to(change))
            .route(&format!("{row}/delete"), web::post().to(delete));
    }
}

/// What to show again after a refused save: the row (or "new") with the values and errors, and
/// the version the form had shown (a corrected save must still detect someone else's change).
struct Retry {
    row: String,
    form: ItemForm,
    errors: FieldErrors,
    shown: Shown,
}

/// The rows of one kind as their forms show them.
fn rows_of(tab: &Tab, s: &Structure) -> Vec<RowView> {
    s.rows(tab.kind)
        .into_iter()
        .map(|r| {
            let note = match tab.kind {
                Kind::WorkPackages => {
                    let tasks = s.tasks.iter().filter(|t| t.work_package_id == r.id);
                    format!("{} task(s)", tasks.count())
                }
                Kind::Tasks => {
                    let cells = s.demand_cells.get(&r.id).copied().unwrap_or(0);
                    format!("{cells} demand cell(s)")
                }
                Kind::Milestones | Kind::Deliverables => String::new(),
            };
            RowView {
                id: r.id.to_string(),
                row: Shown::of(r.version, &r.form),
                form: r.form,
                errors: FieldErrors::new(),
                note,
            }
        })
        .collect()
}

/// The label of a chosen id, or nothing.
fn label(list: &[(Uuid, String)], value: &str) -> String {
    list.iter()
        .find(|(id, _)| id.to_string() == value)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

/// The rows of one kind as a CSV or ODS file, with names instead of ids.
fn download_rows(tab: &Tab, s: &Structure, format: Format) -> Result<HttpResponse, AppError> {
    let wp_numbers: Vec<(Uuid, String)> = s
        .work_packages
        .iter()
        .map(|w| (w.id, w.number.to_string()))
        .collect();
    let header: Vec<String> = tab.columns.iter().map(|c| c.names().1.into()).collect();
    let value = |column: Column, form: &ItemForm| {
        let v = column.value(form);
        match column.choices(s, &wp_numbers) {
            Some(list) => Value::Text(label(list, v)),
            None if matches!(column, Begin | End | Due) => v
                .parse::<f64>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::Text(v.to_string())),
            None => Value::Text(v.to_string()),
        }
    };
    let table: Vec<Vec<Value>> = rows_of(tab, s)
        .iter()
        .map(|r| tab.columns.iter().map(|c| value(*c, &r.form)).collect())
        .collect();
    let name = format!("{}-{}", s.head.code, tab.path);
    download::table(format, &name, &header, &table)
}

/// The (id, label) pairs of a select box, as the template takes them.
fn options(choices: Vec<(Uuid, String)>) -> Vec<(String, String)> {
    choices
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect()
}

/// The page of one kind, from `s` as read in the request's transaction; `retry` is a refused
/// form shown again, `problem` a refusal shown above the table.
fn render(
    page: &Page,
    tab: &Tab,
    s: Structure,
    retry: Option<Retry>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (can_edit, read_only_reason) = match &s.editable {
        Ok(()) => (true, None),
        Err(reason) => (false, Some(reason.clone())),
    };
    let mut rows = rows_of(tab, &s);
    let mut new_row = RowView {
        id: "new".into(),
        form: ItemForm::default(),
        errors: FieldErrors::new(),
        note: String::new(),
        row: Shown::default(),
    };
    if let Some(retry) = retry {
        if retry.row == "new" {
            new_row.form = retry.form;
            new_row.errors = retry.errors;
        } else if let Some(row) = rows.iter_mut().find(|r| r.id == retry.row) {
            row.form = retry.form;
            row.errors = retry.errors;
            row.row = retry.shown;
        }
    }
    let Head { id, code, duration } = s.head;
    let html = StructurePage {
        layout: page.layout(format!("{code} {}", tab.title), Section::Projects),
        project_id: id,
        code,
        duration,
        tab: tab.path,
        title: tab.title,
        col_wp: tab.has(Wp),
        col_span: tab.has(Begin),
        col_due: tab.has(Due),
        col_role: tab.has(Role),
        col_lead: tab.has(Lead),
        col_deliverable: tab.has(Type),
        can_edit,
        read_only_reason,
        csrf_token: page.csrf_token(),
        rows,
        new_row,
        problem,
        work_packages: s
            .work_packages
            .iter()
            .map(|w| (w.id.to_string(), format!("WP {} {}", w.number, w.name)))
            .collect(),
        organisations: options(s.organisations),
        roles: options(s.roles),
        kinds: options(s.kinds),
        levels: options(s.levels),
        team_tab: page.state.settings.person_capacity_enabled,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// A structure page, or its rows as a file (`?format=csv` or `ods`).
async fn show(
    page: Page,
    project: Uuid,
    tab: &'static Tab,
    format: Option<String>,
) -> Result<HttpResponse, AppError> {
    let format = Format::parse(format.as_deref())?;
    let policy = page.user.policy();
    let s = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            structure::page(conn, &policy, project)?.ok_or_else(AppError::not_found)
        })
        .await?;
    match format {
        Some(format) => download_rows(tab, &s, format),
        None => render(&page, tab, s, None, None, StatusCode::OK),
    }
}

/// A change a structure page asks for.
enum Request {
    /// Boxed: a form's text is far larger than a delete.
    Save(Box<RowSave>),
    Delete(RowDelete),
}

/// Runs a change in the request's one transaction: `Ok` when it was made; a refusal the page
/// shows (bad input, a stale form) comes back with the structure read after it in the same
/// transaction.
async fn run(
    page: &Page,
    project: Uuid,
    request: Request,
) -> Result<Result<(), (DomainError, Structure)>, AppError> {
    let acting = page.acting();
    let policy = page.user.policy();
    page.state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let done = answered(match request {
                Request::Save(input) => structure::save(conn, &acting, *input).map(drop),
                Request::Delete(input) => structure::delete(conn, &acting, input),
            })?;
            match done {
                Ok(()) => Ok(Ok(())),
                Err(refusal @ (DomainError::Invalid(_) | DomainError::Stale)) => {
                    let s = structure::page(conn, &policy, project)?;
                    Ok(Err((refusal, s.ok_or_else(AppError::not_found)?)))
                }
                Err(other) => Err(other.into()),
            }
        })
        .await
}

/// Adds (`item` is `None`) or changes a row; `item` is the row with the hidden fields its form
/// carried.
async fn save(
    page: Page,
    project: Uuid,
    item: Option<(Uuid, Shown)>,
    tab: &'static Tab,
    form: ItemForm,
) -> Result<HttpResponse, AppError> {
    let row = match &item {
        Some((id, shown)) => Some((*id, shown.version()?)),
        None => None,
    };
    let input = RowSave {
        kind: tab.kind,
        project,
        row,
        form: form.clone(),
    };
    let (refusal, s) = match run(&page, project, Request::Save(Box::new(input))).await? {
        Ok(()) => return Ok(tab.back(project)),
        Err(refused) => refused,
    };
    match (refusal, item) {
        (DomainError::Invalid(errors), item) => {
            let (row, shown) = match item {
                Some((id, shown)) => (id.to_string(), shown),
                None => ("new".to_string(), Shown::default()),
            };
            let retry = Retry {
                row,
                form,
                errors,
                shown,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(&page, tab, s, Some(retry), None, status)
        }
        (DomainError::Stale, Some((id, shown))) => {
            stale_row(&page, tab, s, id, &shown, Some(&form))
        }
        (DomainError::Stale, None) => Err(AppError::not_found()),
        (other, _) => Err(other.into()),
    }
}

/// Deletes a row of any kind; a work package that still has tasks stays, with the reason on
/// its page (409).
async fn delete(
    page: Page,
    project: Uuid,
    item: Uuid,
    tab: &'static Tab,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let input = RowDelete {
        kind: tab.kind,
        project,
        row: item,
        version: shown.version()?,
    };
    match run(&page, project, Request::Delete(input)).await? {
        Ok(()) => Ok(tab.back(project)),
        Err((DomainError::Invalid(errors), s)) if tab.kind == Kind::WorkPackages => {
            let reason = crate::command::sentences_in(&errors, page.lang);
            render(&page, tab, s, None, Some(reason), StatusCode::CONFLICT)
        }
        Err((DomainError::Stale, s)) => stale_row(&page, tab, s, item, &shown, None),
        Err((other, _)) => Err(other.into()),
    }
}

/// The 409 page of a save (`typed`: what the user typed) or delete (`None`) of a row that
/// changed after the page showing it was opened.
fn stale_row(
    page: &Page,
    tab: &Tab,
    s: Structure,
    id: Uuid,
    shown: &Shown,
    typed: Option<&ItemForm>,
) -> Result<HttpResponse, AppError> {
    let now = s
        .rows(tab.kind)
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(AppError::not_found)?;
    let code = s.head.code.clone();
    let project = s.head.id;
    let about = About {
        title: format!("{code} {}", tab.title),
        section: Section::Projects,
        what: format!("{} {} of {code}", tab.noun, now.form.number),
        breadcrumb: vec![
            ("/projects".into(), "Projects".into()),
            (format!("/projects/{project}"), code),
        ],
        latest: (
            format!("/projects/{project}/{}", tab.path),
            format!("Open the latest {}", tab.title),
        ),
    };
    let fields: Vec<(&str, &str)> = tab
        .columns
        .iter()
        .map(|c| (c.names().0, c.names().2))
        .collect();
    let wps: Vec<(Uuid, String)> = s
        .work_packages
        .iter()
        .map(|w| (w.id, format!("WP {} {}", w.number, w.name)))
        .collect();
    let show = |field: &str, value: &str| {
        let column = tab.columns.iter().find(|c| c.names().0 == field);
        match column.and_then(|c| c.choices(&s, &wps)) {
            None => value.to_string(),
            Some(_) if value.trim().is_empty() => "—".to_string(),
            Some(choices) => label_of(choices, value),
        }
    };
    stale_form(page, about, &fields, shown, &now.form, typed, show)
}
