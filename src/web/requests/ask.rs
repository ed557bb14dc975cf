//! Asking: the request form of a project (`/projects/{id}/capacity-requests/new`).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::auth::policy::ProjectLock;
use crate::error::AppError;
use crate::planning::months::{calendar_month, current_month, format_month};
use crate::reference::organisations::{self, Organisation};
use crate::requests::{self as requests, AskingProject, NewRequest};
use crate::web::csrf::CsrfForm;
use crate::web::input;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

use super::{MAX_TEXT, enabled, html, see_other};

struct FormRow {
    wp_header: Option<String>,
    task: String,
    task_name: String,
    /// (field name, value as typed)
    cells: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "capacity_requests/new.html")]
struct NewPage {
    layout: Layout,
    project_id: Uuid,
    code: String,
    name: String,
    poo: String,
    csrf_token: String,
    /// Why no request can be made from this project now.
    blocked: Option<String>,
    /// (id, label, selected)
    candidates: Vec<(Uuid, String, bool)>,
    org_error: Option<String>,
    message: String,
    /// (M-number, YYYY-MM)
    months: Vec<(String, String)>,
    rows: Vec<FormRow>,
    problems: Vec<String>,
}

/// What the form needs besides the project: who may be asked.
struct FormContext {
    project: AskingProject,
    candidates: Vec<Organisation>,
}

/// The first project month that may still be asked for: the current month (super-admins may
/// plan the past, like on the capacity page).
fn first_open_month(project: &AskingProject, page: &Page) -> i32 {
    page.user
        .policy()
        .first_open_project_month(project.start, current_month())
        .max(1)
}

fn lock_of(project: &AskingProject) -> ProjectLock {
    ProjectLock::of(project.locked, project.locking_state.clone())
}

/// Loads the project (404 when invisible) and checks the user may ask on its behalf (403).
async fn form_context(page: &Page, project_id: Uuid) -> Result<FormContext, AppError> {
    let (project, all) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>((
                requests::asking_project(conn, project_id)?,
                organisations::list(conn)?,
            ))
        })
        .await?;
    let project = project.ok_or_else(AppError::not_found)?;
    page.user
        .policy()
        .can_edit_project(&lock_of(&project))
        .map_err(|refusal| AppError::Forbidden(refusal.0))?;
    let candidates = match &project.owner_org {
        Some((poo, _)) => requests::receiving_candidates(*poo, &all),
        None => Vec::new(),
    };
    Ok(FormContext {
        project,
        candidates,
    })
}

fn render_form(
    page: &Page,
    context: &FormContext,
    values: &HashMap<String, String>,
    org_error: Option<String>,
    problems: Vec<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let project = &context.project;
    let first_open = first_open_month(project, page);
    let poo = project
        .owner_org
        .as_ref()
        .map(|(_, short)| short.clone())
        .unwrap_or_default();
    let blocked = if project.owner_org.is_none() {
        Some(format!(
            "{} has no owner organisation (POO) yet, so it cannot ask another organisation. Set one on the project's edit page.",
            project.code
        ))
    } else if context.candidates.is_empty() {
        Some(format!(
            "No other organisation belongs to the same legal entity (root organisation) as {poo}; capacity can only be requested within one legal entity."
        ))
    } else if project.tasks.is_empty() {
        Some(format!(
            "{} has no tasks yet; requests ask for PM per task. Add tasks first.",
            project.code
        ))
    } else if first_open > project.duration {
        Some(format!(
            "{} has ended: there are no months left to ask for.",
            project.code
        ))
    } else {
        None
    };
    let chosen = values.get("receiving_org").cloned().unwrap_or_default();
    let months: Vec<i32> = (first_open..=project.duration).collect();
    let mut last_wp = None;
    let rows = project
        .tasks
        .iter()
        .map(|t| {
            let wp_header = (last_wp != Some(t.wp_number))
                .then(|| format!("WP {} — {}", t.wp_number, t.wp_name));
            last_wp = Some(t.wp_number);
            FormRow {
                wp_header,
                task: t.number.clone(),
                task_name: t.name.clone(),
                cells: months
                    .iter()
                    .map(|m| {
                        let name = requests::cell_name(t.id, *m);
                        let value = values.get(&name).cloned().unwrap_or_default();
                        (name, value)
                    })
                    .collect(),
            }
        })
        .collect();
    let view = NewPage {
        layout: page.layout(
            format!("{} · request capacity", project.code),
            Section::Projects,
        ),
        project_id: project.id,
        code: project.code.clone(),
        name: project.name.clone(),
        poo,
        csrf_token: page.csrf_token(),
        blocked,
        candidates: context
            .candidates
            .iter()
            .map(|o| {
                (
                    o.id,
                    format!("{} — {}", o.short_name, o.name),
                    o.id.to_string() == chosen,
                )
            })
            .collect(),
        org_error,
        message: values.get("message").cloned().unwrap_or_default(),
        months: months
            .iter()
            .map(|m| {
                (
                    format!("M{m}"),
                    calendar_month(project.start, *m)
                        .map(format_month)
                        .unwrap_or_default(),
                )
            })
            .collect(),
        rows,
        problems,
    };
    Ok(html(status, view.render().map_err(AppError::internal)?))
}

/// `GET /projects/{id}/capacity-requests/new`
pub async fn new_form(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let context = form_context(&page, path.into_inner()).await?;
    render_form(
        &page,
        &context,
        &HashMap::new(),
        None,
        Vec::new(),
        StatusCode::OK,
    )
}

/// `POST /projects/{id}/capacity-requests`: validates everything first; any problem shows the
/// form again (422) with what was typed, and nothing is written.
pub async fn create(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let context = form_context(&page, path.into_inner()).await?;
    let fields = form.0;
    let values: HashMap<String, String> = fields.iter().cloned().collect();
    let project = &context.project;
    let unprocessable = |org_error: Option<String>, problems: Vec<String>| {
        render_form(
            &page,
            &context,
            &values,
            org_error,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let Some((poo, poo_name)) = project.owner_org.clone() else {
        return unprocessable(None, Vec::new());
    };

    let receiving = values
        .get("receiving_org")
        .and_then(|v| Uuid::parse_str(v.trim()).ok())
        .filter(|id| context.candidates.iter().any(|o| o.id == *id));
    let org_error = receiving.is_none().then(|| {
        format!(
            "Choose the organisation to ask from the list: one of the same legal entity as {poo_name}, other than {poo_name} itself."
        )
    });
    let message = values
        .get("message")
        .map(|m| m.trim().to_string())
        .unwrap_or_default();
    let first_open = first_open_month(project, &page);
    // The cells are read off the async workers (a form may hold thousands).
    let asking = project.clone();
    let (cells, mut problems) =
        input::off_worker(move || requests::read_cells(&fields, &asking, first_open)).await?;
    if message.chars().count() > MAX_TEXT {
        problems.push(format!("The message is longer than {MAX_TEXT} characters."));
    }
    if cells.is_empty() && problems.is_empty() {
        problems.push("Enter the PM you ask for in at least one cell (task × month).".to_string());
    }
    let Some(receiving) = receiving.filter(|_| problems.is_empty()) else {
        return unprocessable(org_error, problems);
    };

    let new = NewRequest {
        project_id: project.id,
        project_start: project.start,
        requesting_org_id: poo,
        receiving_org_id: receiving,
        message,
        cells,
    };
    let actor = page.actor();
    let id = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(requests::create(conn, &new, &actor)?)
        })
        .await?;
    Ok(see_other(format!("/capacity-requests/{id}?created=1")))
}
