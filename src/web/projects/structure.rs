//! `/projects/{id}/work-packages` and `/projects/{id}/tasks`: the structure of a project, each row
//! editable in place by editors, with an add form; errors come back on the row they belong to.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::command::{DomainError, FieldErrors, Outcome};
use crate::error::AppError;
use crate::projects::structure::{
    self, Head, ItemForm, RowDelete, RowSave, StructurePage as Structure,
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    WorkPackages,
    Tasks,
    Milestones,
    Deliverables,
}

impl Kind {
    fn tab(self) -> &'static str {
        match self {
            Kind::WorkPackages => "work-packages",
            Kind::Tasks => "tasks",
            Kind::Milestones => "milestones",
            Kind::Deliverables => "deliverables",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::WorkPackages => "work packages",
            Kind::Tasks => "tasks",
            Kind::Milestones => "milestones",
            Kind::Deliverables => "deliverables",
        }
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

/// The structure and what the page needs around it, in one transaction.
async fn load_structure(page: &Page, id: Uuid) -> Result<Structure, AppError> {
    let policy = page.user.policy();
    page.state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            structure::page(conn, &policy, id)?.ok_or_else(AppError::not_found)
        })
        .await
}

/// The rows of one kind as their forms show them.
fn rows_of(kind: Kind, s: &Structure) -> Vec<RowView> {
    let opt = |id: Option<Uuid>| id.map(|i| i.to_string()).unwrap_or_default();
    let view = |id: Uuid, version: i64, note: String, form: ItemForm| RowView {
        id: id.to_string(),
        row: Shown::of(version, &form),
        form,
        errors: FieldErrors::new(),
        note,
    };
    match kind {
        Kind::WorkPackages => s
            .work_packages
            .iter()
            .map(|w| {
                let note = format!(
                    "{} task(s)",
                    s.tasks.iter().filter(|t| t.work_package_id == w.id).count()
                );
                let form = ItemForm {
                    number: w.number.to_string(),
                    name: w.name.clone(),
                    lead_org: opt(w.lead_org_id),
                    begin: w.begin.to_string(),
                    end: w.end.to_string(),
                    ..ItemForm::default()
                };
                view(w.id, w.version, note, form)
            })
            .collect(),
        Kind::Tasks => s
            .tasks
            .iter()
            .map(|t| {
                let form = ItemForm {
                    wp: t.work_package_id.to_string(),
                    number: t.number.clone(),
                    name: t.name.clone(),
                    lead_org: opt(t.lead_org_id),
                    role: opt(t.role_type_id),
                    begin: t.begin.to_string(),
                    end: t.end.to_string(),
                    ..ItemForm::default()
                };
                let note = format!("{} demand cell(s)", t.demand_cells);
                view(t.id, t.version, note, form)
            })
            .collect(),
        Kind::Milestones => s
            .milestones
            .iter()
            .map(|m| {
                let form = ItemForm {
                    wp: opt(m.work_package_id),
                    number: m.number.clone(),
                    name: m.name.clone(),
                    role: opt(m.role_type_id),
                    due: m.due.to_string(),
                    ..ItemForm::default()
                };
                view(m.id, m.version, String::new(), form)
            })
            .collect(),
        Kind::Deliverables => s
            .deliverables
            .iter()
            .map(|d| {
                let form = ItemForm {
                    wp: d.work_package_id.to_string(),
                    number: d.number.clone(),
                    name: d.name.clone(),
                    lead_org: opt(d.lead_org_id),
                    due: d.due.to_string(),
                    kind: opt(d.kind),
                    dissemination: opt(d.dissemination),
                    ..ItemForm::default()
                };
                view(d.id, d.version, String::new(), form)
            })
            .collect(),
    }
}

/// The rows of one kind as a CSV or ODS file, with names instead of ids.
fn download_rows(
    kind: Kind,
    s: &Structure,
    rows: &[RowView],
    format: Format,
) -> Result<HttpResponse, AppError> {
    let label = |list: &[(Uuid, String)], value: &str| {
        list.iter()
            .find(|(id, _)| id.to_string() == value)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let wp_labels: Vec<(Uuid, String)> = s
        .work_packages
        .iter()
        .map(|w| (w.id, w.number.to_string()))
        .collect();
    let mut header: Vec<String> = Vec::new();
    if kind != Kind::WorkPackages {
        header.push("WP".into());
    }
    header.extend(["Number".to_string(), "Name".to_string()]);
    match kind {
        Kind::WorkPackages | Kind::Tasks => {
            header.extend(["Begin month".to_string(), "End month".to_string()])
        }
        _ => header.push("Due month".into()),
    }
    if kind == Kind::Deliverables {
        header.extend(["Type".to_string(), "Dissemination".to_string()]);
    }
    if matches!(kind, Kind::Tasks | Kind::Milestones) {
        header.push("Role".into());
    }
    if kind != Kind::Milestones {
        header.push("Lead org".into());
    }
    let number = |v: &str| {
        v.parse::<f64>()
            .map(Value::Number)
            .unwrap_or_else(|_| Value::Text(v.to_string()))
    };
    let table: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            let f = &r.form;
            let mut row = Vec::new();
            if kind != Kind::WorkPackages {
                row.push(Value::Text(label(&wp_labels, &f.wp)));
            }
            row.push(Value::Text(f.number.clone()));
            row.push(Value::Text(f.name.clone()));
            match kind {
                Kind::WorkPackages | Kind::Tasks => {
                    row.push(number(&f.begin));
                    row.push(number(&f.end));
                }
                _ => row.push(number(&f.due)),
            }
            if kind == Kind::Deliverables {
                row.push(Value::Text(label(&s.kinds, &f.kind)));
                row.push(Value::Text(label(&s.levels, &f.dissemination)));
            }
            if matches!(kind, Kind::Tasks | Kind::Milestones) {
                row.push(Value::Text(label(&s.roles, &f.role)));
            }
            if kind != Kind::Milestones {
                row.push(Value::Text(label(&s.organisations, &f.lead_org)));
            }
            row
        })
        .collect();
    download::table(
        format,
        &format!("{}-{}", s.head.code, kind.tab()),
        &header,
        &table,
    )
}

async fn render_page(
    page: &Page,
    id: Uuid,
    kind: Kind,
    format: Option<Format>,
    retry: Option<Retry>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let structure = load_structure(page, id).await?;
    let (can_edit, read_only_reason) = match &structure.editable {
        Ok(()) => (true, None),
        Err(reason) => (false, Some(reason.clone())),
    };
    let mut rows = rows_of(kind, &structure);
    if let Some(format) = format {
        return download_rows(kind, &structure, &rows, format);
    }
    let Structure {
        head,
        work_packages: wps,
        organisations: orgs,
        roles,
        kinds,
        levels,
        ..
    } = structure;
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
    let Head { code, duration, .. } = head;
    let html = StructurePage {
        layout: page.layout(format!("{code} {}", kind.title()), Section::Projects),
        project_id: id,
        code,
        duration,
        tab: kind.tab(),
        title: kind.title(),
        col_wp: kind != Kind::WorkPackages,
        col_span: matches!(kind, Kind::WorkPackages | Kind::Tasks),
        col_due: matches!(kind, Kind::Milestones | Kind::Deliverables),
        col_role: matches!(kind, Kind::Tasks | Kind::Milestones),
        col_lead: kind != Kind::Milestones,
        col_deliverable: kind == Kind::Deliverables,
        can_edit,
        read_only_reason,
        csrf_token: page.csrf_token(),
        rows,
        new_row,
        problem,
        work_packages: wps
            .iter()
            .map(|w| (w.id.to_string(), format!("WP {} {}", w.number, w.name)))
            .collect(),
        organisations: orgs
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        roles: roles
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        kinds: kinds
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        levels: levels
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        team_tab: page.state.settings.person_capacity_enabled,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn work_packages(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, AppError> {
    let format = Format::parse(query.format.as_deref())?;
    render_page(
        &page,
        path.into_inner(),
        Kind::WorkPackages,
        format,
        None,
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn tasks(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, AppError> {
    let format = Format::parse(query.format.as_deref())?;
    render_page(
        &page,
        path.into_inner(),
        Kind::Tasks,
        format,
        None,
        None,
        StatusCode::OK,
    )
    .await
}

/// Where a change of a row of `kind` returns to: the page of its kind.
fn back(id: Uuid, kind: Kind) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/projects/{id}/{}", kind.tab())))
        .finish()
}

/// Adds (`item` is `None`) or changes a row; `item` is the row with the hidden fields its form
/// carried.
async fn save(
    page: Page,
    project: Uuid,
    item: Option<(Uuid, Shown)>,
    kind: Kind,
    form: ItemForm,
) -> Result<HttpResponse, AppError> {
    let row = match &item {
        Some((id, shown)) => Some((*id, shown.version()?)),
        None => None,
    };
    let acting = page.acting();
    let input = RowSave {
        project,
        row,
        form: form.clone(),
    };
    let saved = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            answered(match kind {
                Kind::WorkPackages => structure::save_work_package(conn, &acting, input),
                Kind::Tasks => structure::save_task(conn, &acting, input),
                Kind::Milestones => structure::save_milestone(conn, &acting, input),
                Kind::Deliverables => structure::save_deliverable(conn, &acting, input),
            })
        })
        .await?;
    match (saved, item) {
        (Ok(_), _) => Ok(back(project, kind)),
        (Err(DomainError::Invalid(errors)), item) => {
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
            render_page(&page, project, kind, None, Some(retry), None, status).await
        }
        (Err(DomainError::Stale), Some((id, shown))) => {
            stale_row(&page, project, kind, id, &shown, Some(&form)).await
        }
        (Err(DomainError::Stale), None) => Err(AppError::not_found()),
        (Err(other), _) => Err(other.into()),
    }
}

/// The 409 page of a save (`typed`: what the user typed) or delete (`None`) of a row that
/// changed after the page showing it was opened.
async fn stale_row(
    page: &Page,
    project: Uuid,
    kind: Kind,
    id: Uuid,
    shown: &Shown,
    typed: Option<&ItemForm>,
) -> Result<HttpResponse, AppError> {
    let s = load_structure(page, project).await?;
    let id_text = id.to_string();
    let now = rows_of(kind, &s)
        .into_iter()
        .find(|r| r.id == id_text)
        .ok_or_else(AppError::not_found)?;
    let code = s.head.code.clone();
    let number = &now.form.number;
    let what = match kind {
        Kind::WorkPackages => format!("WP {number} of {code}"),
        Kind::Tasks => format!("task {number} of {code}"),
        Kind::Milestones => format!("milestone {number} of {code}"),
        Kind::Deliverables => format!("deliverable {number} of {code}"),
    };
    let about = About {
        title: format!("{code} {}", kind.title()),
        section: Section::Projects,
        what,
        breadcrumb: vec![
            ("/projects".into(), "Projects".into()),
            (format!("/projects/{project}"), code),
        ],
        latest: (
            format!("/projects/{project}/{}", kind.tab()),
            format!("Open the latest {}", kind.title()),
        ),
    };
    let (wp, number, name) = (
        ("wp", "Work package"),
        ("number", "Number"),
        ("name", "Name"),
    );
    let (begin, end, due) = (
        ("begin", "Begin month"),
        ("end", "End month"),
        ("due", "Due month"),
    );
    let (role, lead) = (("role", "Role"), ("lead_org", "Lead organisation"));
    let fields = match kind {
        Kind::WorkPackages => vec![number, name, begin, end, lead],
        Kind::Tasks => vec![wp, number, name, begin, end, role, lead],
        Kind::Milestones => vec![wp, number, name, due, role],
        Kind::Deliverables => vec![
            wp,
            number,
            name,
            due,
            ("kind", "Type"),
            ("dissemination", "Dissemination"),
            lead,
        ],
    };
    let wps: Vec<(Uuid, String)> = s
        .work_packages
        .iter()
        .map(|w| (w.id, format!("WP {} {}", w.number, w.name)))
        .collect();
    stale_form(
        page,
        about,
        &fields,
        shown,
        &now.form,
        typed,
        |field, value| {
            let choices = match field {
                "wp" => &wps,
                "lead_org" => &s.organisations,
                "role" => &s.roles,
                "kind" => &s.kinds,
                "dissemination" => &s.levels,
                _ => return value.to_string(),
            };
            if value.trim().is_empty() {
                "—".to_string()
            } else {
                label_of(choices, value)
            }
        },
    )
}

pub async fn add_work_package(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    save(page, path.into_inner(), None, Kind::WorkPackages, form.0).await
}

pub async fn save_work_package(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Versioned<ItemForm>>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    let Versioned { fields, row } = form.0;
    save(page, project, Some((item, row)), Kind::WorkPackages, fields).await
}

pub async fn add_task(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    save(page, path.into_inner(), None, Kind::Tasks, form.0).await
}

pub async fn save_task(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Versioned<ItemForm>>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    let Versioned { fields, row } = form.0;
    save(page, project, Some((item, row)), Kind::Tasks, fields).await
}

pub async fn delete_work_package(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    delete_item(page, project, item, Kind::WorkPackages, form.0).await
}

pub async fn delete_task(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    delete_item(page, project, item, Kind::Tasks, form.0).await
}

pub async fn milestones(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, AppError> {
    let format = Format::parse(query.format.as_deref())?;
    render_page(
        &page,
        path.into_inner(),
        Kind::Milestones,
        format,
        None,
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn deliverables(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, AppError> {
    let format = Format::parse(query.format.as_deref())?;
    render_page(
        &page,
        path.into_inner(),
        Kind::Deliverables,
        format,
        None,
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn add_milestone(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    save(page, path.into_inner(), None, Kind::Milestones, form.0).await
}

pub async fn save_milestone(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Versioned<ItemForm>>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    let Versioned { fields, row } = form.0;
    save(page, project, Some((item, row)), Kind::Milestones, fields).await
}

pub async fn add_deliverable(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    save(page, path.into_inner(), None, Kind::Deliverables, form.0).await
}

pub async fn save_deliverable(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Versioned<ItemForm>>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    let Versioned { fields, row } = form.0;
    save(page, project, Some((item, row)), Kind::Deliverables, fields).await
}

/// Deletes a row of any kind; a work package that still has tasks stays, with the reason on
/// its page (409).
async fn delete_item(
    page: Page,
    project: Uuid,
    item: Uuid,
    kind: Kind,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let input = RowDelete {
        project,
        row: item,
        version: shown.version()?,
    };
    let acting = page.acting();
    let deleted: Outcome<()> = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            answered(match kind {
                Kind::WorkPackages => structure::delete_work_package(conn, &acting, input),
                Kind::Tasks => structure::delete_task(conn, &acting, input),
                Kind::Milestones => structure::delete_milestone(conn, &acting, input),
                Kind::Deliverables => structure::delete_deliverable(conn, &acting, input),
            })
        })
        .await?;
    match deleted {
        Ok(()) => Ok(back(project, kind)),
        Err(DomainError::Invalid(errors)) if kind == Kind::WorkPackages => {
            let reason = errors
                .into_iter()
                .map(|(_, sentence)| sentence)
                .collect::<Vec<_>>()
                .join(" ");
            let status = StatusCode::CONFLICT;
            render_page(&page, project, kind, None, None, Some(reason), status).await
        }
        Err(DomainError::Stale) => stale_row(&page, project, kind, item, &shown, None).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn delete_milestone(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    delete_item(page, project, item, Kind::Milestones, form.0).await
}

pub async fn delete_deliverable(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    delete_item(page, project, item, Kind::Deliverables, form.0).await
}
