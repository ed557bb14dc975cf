//! Asking: the request form of a project (`/projects/{id}/capacity-requests/new`).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::command::{DomainError, FieldErrors};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::planning::month::ProjectMonth;
use crate::requests::{self as requests, AskForm, AskInput};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

use super::{enabled, html, see_other};

struct FormRow {
    wp_header: Option<String>,
    task: String,
    task_name: String,
    /// (field name, value as typed, what a screen reader says of the cell)
    cells: Vec<(String, String, String)>,
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
    blocked: Option<Msg>,
    /// (id, label, selected)
    candidates: Vec<(Uuid, String, bool)>,
    org_error: Option<Msg>,
    message: String,
    /// (M-number, YYYY-MM)
    months: Vec<(String, String)>,
    rows: Vec<FormRow>,
    problems: Vec<Msg>,
}

fn render_form(
    page: &Page,
    form: &AskForm,
    values: &HashMap<String, String>,
    org_error: Option<Msg>,
    problems: Vec<Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let project = &form.project;
    let first_open = form.first_open;
    let poo = project
        .owner_org
        .as_ref()
        .map(|(_, short)| short.clone())
        .unwrap_or_default();
    let lang = page.lang;
    let blocked = if project.owner_org.is_none() {
        Some(Msg::new("request-blocked-no-poo").arg("code", &project.code))
    } else if form.candidates.is_empty() {
        Some(Msg::new("request-blocked-no-candidates").arg("poo", &poo))
    } else if project.tasks.is_empty() {
        Some(Msg::new("request-blocked-no-tasks").arg("code", &project.code))
    } else if first_open > project.duration {
        Some(Msg::new("request-blocked-ended").arg("code", &project.code))
    } else {
        None
    };
    let month_numbers: Vec<i32> = (first_open..=project.duration).collect();
    let months: Vec<(String, String)> = month_numbers
        .iter()
        .map(|m| {
            let label = ProjectMonth::of(project.start, *m)
                .map(|month| lang.month_short(month.month.first_day()))
                .unwrap_or_default();
            (format!("M{m}"), label)
        })
        .collect();
    let chosen = values.get("receiving_org").cloned().unwrap_or_default();
    let mut last_wp = None;
    let rows = project
        .tasks
        .iter()
        .map(|t| {
            let wp_header = (last_wp != Some(t.wp_number)).then(|| {
                lang.t2(
                    "request-wp-header",
                    ("number", t.wp_number.to_string()),
                    ("name", t.wp_name.as_str()),
                )
            });
            last_wp = Some(t.wp_number);
            FormRow {
                wp_header,
                task: t.number.clone(),
                task_name: t.name.clone(),
                cells: month_numbers
                    .iter()
                    .map(|m| {
                        let name = requests::cell_name(t.id, *m);
                        let value = values.get(&name).cloned().unwrap_or_default();
                        let label = lang.t2(
                            "request-cell-label",
                            ("task", t.number.as_str()),
                            ("month", format!("M{m}")),
                        );
                        (name, value, label)
                    })
                    .collect(),
            }
        })
        .collect();
    let view = NewPage {
        layout: page.layout(
            lang.t1("request-new-title", "code", project.code.as_str()),
            Section::Projects,
        ),
        project_id: project.id,
        code: project.code.clone(),
        name: project.name.clone(),
        poo,
        csrf_token: page.csrf_token(),
        blocked,
        candidates: form
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
        months,
        rows,
        problems,
    };
    Ok(html(status, view.render().map_err(AppError::internal)?))
}

/// `GET /projects/{id}/capacity-requests/new`
pub async fn new_form(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let project = path.into_inner();
    let form = page
        .transaction(move |conn, acting| Ok(requests::ask_form(conn, acting, project)?))
        .await?;
    render_form(
        &page,
        &form,
        &HashMap::new(),
        None,
        Vec::new(),
        StatusCode::OK,
    )
}

/// What came of the request form.
enum Asked {
    Sent(Uuid),
    /// Refused input: the form again, with why.
    Again(Box<AskForm>, FieldErrors),
}

/// `POST /projects/{id}/capacity-requests`: validates everything first; any problem shows the
/// form again (422) with what was typed, and nothing is written.
pub async fn create(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let project = path.into_inner();
    let values: HashMap<String, String> = form.0.iter().cloned().collect();
    let input = AskInput {
        project,
        fields: form.0,
    };
    let acting = page.acting();
    let asked = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            match requests::ask(conn, &acting, input) {
                Ok(id) => Ok(Asked::Sent(id)),
                Err(DomainError::Invalid(errors)) => Ok(Asked::Again(
                    Box::new(requests::ask_form(conn, &acting, project)?),
                    errors,
                )),
                Err(other) => Err(AppError::from(other)),
            }
        })
        .await?;
    match asked {
        Asked::Sent(id) => Ok(see_other(format!("/capacity-requests/{id}?created=1"))),
        Asked::Again(form, errors) => {
            let mut org_error = None;
            let mut problems = Vec::new();
            for (field, sentence) in errors {
                match field {
                    "receiving_org" => org_error = Some(sentence),
                    _ => problems.push(sentence),
                }
            }
            render_form(
                &page,
                &form,
                &values,
                org_error,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}
