//! One request (`/capacity-requests/{id}`): reading it, accepting, rejecting and withdrawing.

use std::collections::{BTreeSet, HashMap};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::policy::{Policy, ProjectLock};
use crate::error::AppError;
use crate::planning::months::{current_month, format_month};
use crate::projects::demand::month_index;
use crate::requests::{self as requests, Decided, Decision, Request, State};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

use super::{MAX_TEXT, enabled, html, see_other, show_pm, when};

struct GridRow {
    task: String,
    task_name: String,
    cells: Vec<String>,
    total: String,
}

#[derive(Template)]
#[template(path = "capacity_requests/show.html")]
struct ShowPage {
    layout: Layout,
    r: Request,
    csrf_token: String,
    /// (M-number, YYYY-MM)
    months: Vec<(String, String)>,
    rows: Vec<GridRow>,
    column_totals: Vec<String>,
    total: String,
    notice: Option<String>,
    problem: Option<String>,
    /// Why acceptance is not possible now (locked project, past months), for a decider.
    accept_blocked: Option<String>,
    comment: String,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    created: Option<String>,
    done: Option<String>,
    cells: Option<i32>,
}

async fn load(page: &Page, id: Uuid) -> Result<(Request, Vec<requests::Line>), AppError> {
    let (request, lines) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let Some(request) = requests::find(conn, id)? else {
                return Ok::<_, AppError>((None, Vec::new()));
            };
            Ok((Some(request), requests::lines(conn, id)?))
        })
        .await?;
    Ok((request.ok_or_else(AppError::not_found)?, lines))
}

/// Why an editor who may decide cannot accept right now (SPEC §6 locks); `None` when they can.
fn accept_blocked(r: &Request, lines: &[requests::Line], policy: Policy) -> Option<String> {
    if r.project_locked && policy.can_edit_project(&ProjectLock::Locked).is_err() {
        return Some(format!(
            "{} is locked, so its demand cannot change: the request can be rejected, or accepted by a super-admin.",
            r.project_code
        ));
    }
    let now = current_month();
    let past: BTreeSet<String> = lines
        .iter()
        .filter(|l| policy.can_edit_month(l.month, now).is_err())
        .map(|l| format_month(l.month))
        .collect();
    (!past.is_empty()).then(|| {
        format!(
            "The request asks for months that are now in the past ({}), which only super-admins may change: reject it so that {} can send a new one.",
            past.into_iter().collect::<Vec<_>>().join(", "),
            r.requesting_org
        )
    })
}

fn render_request(
    page: &Page,
    r: Request,
    lines: Vec<requests::Line>,
    notice: Option<String>,
    problem: Option<String>,
    comment: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let months: Vec<NaiveDate> = lines
        .iter()
        .map(|l| l.month)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut tasks: Vec<(Uuid, String, String)> = Vec::new();
    for l in &lines {
        if !tasks.iter().any(|t| t.0 == l.task_id) {
            tasks.push((l.task_id, l.task_number.clone(), l.task_name.clone()));
        }
    }
    let value: HashMap<(Uuid, NaiveDate), &BigDecimal> = lines
        .iter()
        .map(|l| ((l.task_id, l.month), &l.pm))
        .collect();
    let mut column_totals = vec![BigDecimal::from(0); months.len()];
    let rows = tasks
        .iter()
        .map(|(task, number, name)| {
            let mut total = BigDecimal::from(0);
            let cells = months
                .iter()
                .enumerate()
                .map(|(i, m)| match value.get(&(*task, *m)) {
                    Some(pm) => {
                        total += *pm;
                        column_totals[i] += *pm;
                        show_pm(pm)
                    }
                    None => String::new(),
                })
                .collect();
            GridRow {
                task: number.clone(),
                task_name: name.clone(),
                cells,
                total: show_pm(&total),
            }
        })
        .collect();
    let accept_blocked = if r.can_decide {
        accept_blocked(&r, &lines, page.user.policy())
    } else {
        None
    };
    let view = ShowPage {
        layout: page
            .layout(
                format!("Capacity request · {}", r.project_code),
                Section::Requests,
            )
            .shareable(page),
        csrf_token: page.csrf_token(),
        months: months
            .into_iter()
            .map(|m| {
                (
                    format!("M{}", month_index(r.project_start, m)),
                    format_month(m),
                )
            })
            .collect(),
        rows,
        column_totals: column_totals.iter().map(show_pm).collect(),
        total: show_pm(&r.total_pm),
        notice,
        problem,
        accept_blocked,
        comment,
        r,
    };
    Ok(html(status, view.render().map_err(AppError::internal)?))
}

/// `GET /capacity-requests/{id}`
pub async fn show(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let (r, lines) = load(&page, path.into_inner()).await?;
    let notice = if query.created.is_some() {
        Some(format!(
            "Your request was sent. {}'s editors will find it under Requests › Incoming; you find it under Sent.",
            r.receiving_org
        ))
    } else {
        match query.done.as_deref() {
            Some("accepted") => Some(format!(
                "Accepted: {} PM were added to {}'s EST demand of {} ({} cell{} changed).",
                show_pm(&r.total_pm),
                r.receiving_org,
                r.project_code,
                query.cells.unwrap_or(0),
                if query.cells == Some(1) { "" } else { "s" }
            )),
            Some("rejected") => Some(format!(
                "Rejected. {} can see your comment under Sent.",
                r.requesting_org
            )),
            Some("withdrawn") => Some("The request was withdrawn.".to_string()),
            _ => None,
        }
    };
    render_request(&page, r, lines, notice, None, String::new(), StatusCode::OK)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    comment: String,
}

/// The answer when a request is no longer pending: 409 with the request as it is now.
fn already_decided(
    page: &Page,
    r: Request,
    lines: Vec<requests::Line>,
) -> Result<HttpResponse, AppError> {
    let problem = format!(
        "This request was already {} ({}), so it cannot be decided again. Nothing was changed.",
        r.state,
        r.decided_at.as_ref().map(when).unwrap_or_default()
    );
    render_request(
        page,
        r,
        lines,
        None,
        Some(problem),
        String::new(),
        StatusCode::CONFLICT,
    )
}

/// The request shown again with why the decision was refused (422; nothing was changed), and
/// the comment as typed so that it is not lost.
fn refuse(
    page: &Page,
    r: Request,
    lines: Vec<requests::Line>,
    problem: String,
    comment: String,
) -> Result<HttpResponse, AppError> {
    render_request(
        page,
        r,
        lines,
        None,
        Some(problem),
        comment,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// Why a (trimmed) decision comment cannot be stored, if it is too long.
fn comment_too_long(comment: &str) -> Option<String> {
    (comment.chars().count() > MAX_TEXT)
        .then(|| format!("The comment is longer than {MAX_TEXT} characters. Nothing was changed."))
}

async fn decide(
    page: Page,
    id: Uuid,
    decision: Decision,
    comment: String,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let (r, lines) = load(&page, id).await?;
    if r.state() != Some(State::Pending) {
        return already_decided(&page, r, lines);
    }
    if !r.can_decide {
        return Err(AppError::Forbidden(format!(
            "Only editors of {} (or of an organisation above it) may accept or reject this request. Nothing was changed.",
            r.receiving_org
        )));
    }
    let comment = comment.trim().to_string();
    if let Some(problem) = comment_too_long(&comment) {
        return refuse(&page, r, lines, problem, comment);
    }
    if decision == Decision::Reject && comment.is_empty() {
        let problem = format!(
            "Say in the comment why you reject the request, so that {} can plan otherwise. Nothing was changed.",
            r.requesting_org
        );
        return refuse(&page, r, lines, problem, comment);
    }
    if decision == Decision::Accept
        && let Some(reason) = accept_blocked(&r, &lines, page.user.policy())
    {
        return Err(AppError::Forbidden(format!(
            "{reason} Nothing was changed."
        )));
    }
    let outcome = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(requests::decide(conn, id, decision, &comment)?)
        })
        .await?;
    match outcome {
        Decided::Done(cells) => Ok(see_other(match decision {
            Decision::Accept => format!("/capacity-requests/{id}?done=accepted&cells={cells}"),
            Decision::Reject => format!("/capacity-requests/{id}?done=rejected"),
        })),
        // Decided by someone else in the meantime, or the rules changed under us.
        Decided::Refused(reason) if reason.starts_with("already") => {
            let (r, lines) = load(&page, id).await?;
            already_decided(&page, r, lines)
        }
        Decided::Refused(reason) => Err(AppError::Forbidden(format!(
            "The database refused: {reason}. Nothing was changed."
        ))),
    }
}

/// `POST /capacity-requests/{id}/accept`
pub async fn accept(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide(page, path.into_inner(), Decision::Accept, form.0.comment).await
}

/// `POST /capacity-requests/{id}/reject`
pub async fn reject(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide(page, path.into_inner(), Decision::Reject, form.0.comment).await
}

/// `POST /capacity-requests/{id}/withdraw`: the asking side takes back a pending request.
pub async fn withdraw(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let id = path.into_inner();
    let (r, lines) = load(&page, id).await?;
    if r.state() != Some(State::Pending) {
        return already_decided(&page, r, lines);
    }
    if !r.can_withdraw {
        return Err(AppError::Forbidden(format!(
            "Only editors who may change {} can withdraw its requests. Nothing was changed.",
            r.project_code
        )));
    }
    let comment: String = form.0.comment.trim().to_string();
    if let Some(problem) = comment_too_long(&comment) {
        return refuse(&page, r, lines, problem, comment);
    }
    let actor = page.actor();
    let request = r.clone();
    let done = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(requests::withdraw(conn, &request, &comment, &actor)?)
        })
        .await?;
    if !done {
        let (r, lines) = load(&page, id).await?;
        return already_decided(&page, r, lines);
    }
    Ok(see_other(format!("/capacity-requests/{id}?done=withdrawn")))
}
