//! `/projects/{id}/work-packages` and `/projects/{id}/tasks`: the structure of a project, each row
//! editable in place by editors, with an add form; errors come back on the row they belong to.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::audit::Actor;
use crate::error::AppError;
use crate::organisations::FieldErrors;
use crate::structure::{self, Head, ItemForm};
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::projects::editable;

/// A row as the page shows it: its form values and, after a refused save, its errors.
struct RowView {
    id: String,
    form: ItemForm,
    errors: FieldErrors,
    note: String,
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

/// What to show again after a refused save: the row (or "new") with the values and errors.
struct Retry {
    row: String,
    form: ItemForm,
    errors: FieldErrors,
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
    let (head, wps, tasks, milestones, deliverables, (orgs, roles), (kinds, levels)) = page
        .state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            let head = structure::head(conn, id)?.ok_or_else(AppError::not_found)?;
            Ok::<_, AppError>((
                head,
                structure::work_packages(conn, id)?,
                structure::tasks(conn, id)?,
                structure::milestones(conn, id)?,
                structure::deliverables(conn, id)?,
                structure::choices(conn)?,
                structure::deliverable_choices(conn)?,
            ))
        })
        .await?;
    let permission = editable(page, id).await;
    let (can_edit, read_only_reason) = match permission {
        Ok(_) => (true, None),
        Err(AppError::Forbidden(reason)) => (false, Some(reason)),
        Err(other) => return Err(other),
    };
    let opt = |id: Option<Uuid>| id.map(|i| i.to_string()).unwrap_or_default();
    let mut rows: Vec<RowView> = match kind {
        Kind::WorkPackages => wps
            .iter()
            .map(|w| RowView {
                id: w.id.to_string(),
                note: format!(
                    "{} task(s)",
                    tasks.iter().filter(|t| t.work_package_id == w.id).count()
                ),
                form: ItemForm {
                    number: w.number.to_string(),
                    name: w.name.clone(),
                    lead_org: opt(w.lead_org_id),
                    begin: w.begin.to_string(),
                    end: w.end.to_string(),
                    ..ItemForm::default()
                },
                errors: FieldErrors::new(),
            })
            .collect(),
        Kind::Tasks => tasks
            .iter()
            .map(|t| RowView {
                id: t.id.to_string(),
                note: format!("{} demand cell(s)", t.demand_cells),
                form: ItemForm {
                    wp: t.work_package_id.to_string(),
                    number: t.number.clone(),
                    name: t.name.clone(),
                    lead_org: opt(t.lead_org_id),
                    role: opt(t.role_type_id),
                    begin: t.begin.to_string(),
                    end: t.end.to_string(),
                    ..ItemForm::default()
                },
                errors: FieldErrors::new(),
            })
            .collect(),
        Kind::Milestones => milestones
            .iter()
            .map(|m| RowView {
                id: m.id.to_string(),
                note: String::new(),
                form: ItemForm {
                    wp: opt(m.work_package_id),
                    number: m.number.clone(),
                    name: m.name.clone(),
                    role: opt(m.role_type_id),
                    due: m.due.to_string(),
                    ..ItemForm::default()
                },
                errors: FieldErrors::new(),
            })
            .collect(),
        Kind::Deliverables => deliverables
            .iter()
            .map(|d| RowView {
                id: d.id.to_string(),
                note: String::new(),
                form: ItemForm {
                    wp: d.work_package_id.to_string(),
                    number: d.number.clone(),
                    name: d.name.clone(),
                    lead_org: opt(d.lead_org_id),
                    due: d.due.to_string(),
                    kind: opt(d.kind),
                    dissemination: opt(d.dissemination),
                    ..ItemForm::default()
                },
                errors: FieldErrors::new(),
            })
            .collect(),
    };
    if let Some(format) = format {
        let label = |list: &[(Uuid, String)], value: &str| {
            list.iter()
                .find(|(id, _)| id.to_string() == value)
                .map(|(_, l)| l.clone())
                .unwrap_or_default()
        };
        let wp_labels: Vec<(Uuid, String)> =
            wps.iter().map(|w| (w.id, w.number.to_string())).collect();
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
                    row.push(Value::Text(label(&kinds, &f.kind)));
                    row.push(Value::Text(label(&levels, &f.dissemination)));
                }
                if matches!(kind, Kind::Tasks | Kind::Milestones) {
                    row.push(Value::Text(label(&roles, &f.role)));
                }
                if kind != Kind::Milestones {
                    row.push(Value::Text(label(&orgs, &f.lead_org)));
                }
                row
            })
            .collect();
        return download::table(
            format,
            &format!("{}-{}", head.code, kind.tab()),
            &header,
            &table,
        );
    }
    let mut new_row = RowView {
        id: "new".into(),
        form: ItemForm::default(),
        errors: FieldErrors::new(),
        note: String::new(),
    };
    if let Some(retry) = retry {
        if retry.row == "new" {
            new_row.form = retry.form;
            new_row.errors = retry.errors;
        } else if let Some(row) = rows.iter_mut().find(|r| r.id == retry.row) {
            row.form = retry.form;
            row.errors = retry.errors;
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

fn actor(page: &Page) -> Actor {
    Actor {
        user_id: page.user.id,
        name: page.user.username.clone(),
    }
}

fn back(id: Uuid, kind: Kind) -> HttpResponse {
    let tab = if kind == Kind::Tasks {
        "tasks"
    } else {
        "work-packages"
    };
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/projects/{id}/{tab}")))
        .finish()
}

async fn save(
    page: Page,
    project: Uuid,
    item: Option<Uuid>,
    kind: Kind,
    form: ItemForm,
) -> Result<HttpResponse, AppError> {
    editable(&page, project).await?;
    let actor = actor(&page);
    let submitted = form.clone();
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let head = structure::head(conn, project)?.ok_or_else(AppError::not_found)?;
            let saved = match kind {
                Kind::WorkPackages => {
                    structure::save_work_package(conn, &head, item, &submitted, &actor)?
                }
                Kind::Tasks => structure::save_task(conn, &head, item, &submitted, &actor)?,
                Kind::Milestones => {
                    structure::save_milestone(conn, &head, item, &submitted, &actor)?
                }
                Kind::Deliverables => {
                    structure::save_deliverable(conn, &head, item, &submitted, &actor)?
                }
            };
            saved.ok_or_else(AppError::not_found)
        })
        .await?;
    match result {
        Ok(()) => Ok(back(project, kind)),
        Err(errors) => {
            let row = item.map(|i| i.to_string()).unwrap_or_else(|| "new".into());
            render_page(
                &page,
                project,
                kind,
                None,
                Some(Retry { row, form, errors }),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
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
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    save(page, project, Some(item), Kind::WorkPackages, form.0).await
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
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    save(page, project, Some(item), Kind::Tasks, form.0).await
}

#[derive(serde::Deserialize)]
pub struct DeleteForm {}

pub async fn delete_work_package(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    editable(&page, project).await?;
    let actor = actor(&page);
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let head = structure::head(conn, project)?.ok_or_else(AppError::not_found)?;
            structure::delete_work_package(conn, &head, item, &actor)?
                .ok_or_else(AppError::not_found)
        })
        .await?;
    match result {
        Ok(()) => Ok(back(project, Kind::WorkPackages)),
        Err(reason) => {
            render_page(
                &page,
                project,
                Kind::WorkPackages,
                None,
                None,
                Some(reason),
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}

pub async fn delete_task(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    editable(&page, project).await?;
    let actor = actor(&page);
    page.state
        .db
        .in_transaction(page.user.id, move |conn| {
            let head = structure::head(conn, project)?.ok_or_else(AppError::not_found)?;
            structure::delete_task(conn, &head, item, &actor)?.ok_or_else(AppError::not_found)
        })
        .await?;
    Ok(back(project, Kind::Tasks))
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
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    save(page, project, Some(item), Kind::Milestones, form.0).await
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
    form: CsrfForm<ItemForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    save(page, project, Some(item), Kind::Deliverables, form.0).await
}

async fn delete_item(
    page: Page,
    project: Uuid,
    item: Uuid,
    kind: Kind,
) -> Result<HttpResponse, AppError> {
    editable(&page, project).await?;
    let actor = actor(&page);
    page.state
        .db
        .in_transaction(page.user.id, move |conn| {
            let head = structure::head(conn, project)?.ok_or_else(AppError::not_found)?;
            structure::delete_item(conn, &head, item, kind == Kind::Deliverables, &actor)?
                .ok_or_else(AppError::not_found)
        })
        .await?;
    Ok(back(project, kind))
}

pub async fn delete_milestone(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    delete_item(page, project, item, Kind::Milestones).await
}

pub async fn delete_deliverable(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let (project, item) = path.into_inner();
    delete_item(page, project, item, Kind::Deliverables).await
}
