//! `/projects`: the projects list and a project's overview (read-only until project planning lands).

use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::error::AppError;
use crate::planning::months::{format_month, last_month};
use crate::projects::{self, ProjectOverview, ProjectSummary};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

/// A project row as the pages show it.
struct ProjectRow {
    id: Uuid,
    code: String,
    name: String,
    owner: String,
    lifecycle: String,
    start: String,
    end: String,
    duration_months: i32,
    locked: bool,
}

impl From<ProjectSummary> for ProjectRow {
    fn from(p: ProjectSummary) -> Self {
        ProjectRow {
            id: p.id,
            end: last_month(p.start_month, p.duration_months)
                .map(format_month)
                .unwrap_or_default(),
            start: format_month(p.start_month),
            code: p.code,
            name: p.name,
            owner: p.owner.unwrap_or_else(|| "—".to_string()),
            lifecycle: p.lifecycle.unwrap_or_else(|| "—".to_string()),
            duration_months: p.duration_months,
            locked: p.locked,
        }
    }
}

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListPage {
    layout: Layout,
    projects: Vec<ProjectRow>,
}

pub async fn list(page: Page) -> Result<HttpResponse, AppError> {
    let projects = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>(projects::list(conn)?)
        })
        .await?;
    render(&ListPage {
        layout: page.layout("Projects", Section::Projects),
        projects: projects.into_iter().map(ProjectRow::from).collect(),
    })
}

#[derive(Template)]
#[template(path = "projects/overview.html")]
struct OverviewPage {
    layout: Layout,
    project: ProjectRow,
    description: String,
    hours_per_pm: String,
    lock_reason: Option<&'static str>,
    partners: Vec<String>,
    counts: [(&'static str, i64); 4],
}

pub async fn overview(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let ProjectOverview {
        summary,
        description,
        hours_per_pm,
        lifecycle_locks,
        partners,
        work_packages,
        tasks,
        milestones,
        deliverables,
    } = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(projects::overview(conn, id)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let lock_reason = if summary.locked {
        Some("This project is locked.")
    } else if lifecycle_locks {
        Some("This project's lifecycle state locks it.")
    } else {
        None
    };
    let project = ProjectRow::from(summary);
    render(&OverviewPage {
        layout: page.layout(format!("{} · Projects", project.code), Section::Projects),
        project,
        description,
        hours_per_pm: hours_per_pm
            .map(|h| format!("{} hours per PM", h.normalized()))
            .unwrap_or_else(|| "the system default".to_string()),
        lock_reason,
        partners,
        counts: [
            ("Work packages", work_packages),
            ("Tasks", tasks),
            ("Milestones", milestones),
            ("Deliverables", deliverables),
        ],
    })
}
