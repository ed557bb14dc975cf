//! One request (`/capacity-requests/{id}`): reading it, accepting, rejecting and withdrawing.

use std::collections::{BTreeSet, HashMap};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::command::{DomainError, Outcome};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::planning::month::ProjectMonth;
use crate::requests::{self as requests, Decision, DecisionInput, Line, Request, WithdrawInput};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

use super::{enabled, html, see_other, show_pm, state_label, state_msg, when};

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
    heading: String,
    state_label: String,
    created_at: String,
    decided_at: Option<String>,
    /// What accepting does, said before the button.
    accept_effect: String,
    r: Request,
    /// The user may accept or reject it (the Policy's answer).
    can_decide: bool,
    /// The user may withdraw it.
    can_withdraw: bool,
    csrf_token: String,
    /// (M-number, YYYY-MM)
    months: Vec<(String, String)>,
    rows: Vec<GridRow>,
    column_totals: Vec<String>,
    total: String,
    notice: Option<String>,
    problem: Option<String>,
    /// Why acceptance is not possible now (locked project, past months), for a decider.
    accept_blocked: Option<Msg>,
    comment: String,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    created: Option<String>,
    done: Option<String>,
    cells: Option<i32>,
}

async fn load(page: &Page, id: Uuid) -> Result<(Request, Vec<Line>), AppError> {
    page.state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(requests::find_with_lines(conn, id)?)
        })
        .await
}

fn render_request(
    page: &Page,
    r: Request,
    lines: Vec<Line>,
    notice: Option<Msg>,
    problem: Option<Vec<Msg>>,
    comment: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
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
                        show_pm(lang, pm)
                    }
                    None => String::new(),
                })
                .collect();
            GridRow {
                task: number.clone(),
                task_name: name.clone(),
                cells,
                total: show_pm(lang, &total),
            }
        })
        .collect();
    let policy = page.user.policy();
    let (can_decide, can_withdraw) = (
        policy.can_decide_request(&r.facts()),
        policy.can_withdraw_request(&r.facts()),
    );
    let accept_blocked = if can_decide {
        requests::accept_blocked(&r, &lines, &policy)
    } else {
        None
    };
    let total = show_pm(lang, &r.total_pm);
    let view = ShowPage {
        layout: page
            .layout(
                lang.t1("request-title", "code", r.project_code.as_str()),
                Section::Requests,
            )
            .shareable(page),
        heading: lang.tn(
            "request-heading",
            &[
                ("requesting", &r.requesting_org),
                ("receiving", &r.receiving_org),
                ("total", &total),
                ("code", &r.project_code),
            ],
        ),
        state_label: state_label(lang, &r.state),
        created_at: stamp(&r.created_at),
        decided_at: r.decided_at.as_ref().map(stamp),
        accept_effect: lang.tn(
            "request-accept-effect",
            &[
                ("total", &total),
                ("org", &r.receiving_org),
                ("code", &r.project_code),
            ],
        ),
        csrf_token: page.csrf_token(),
        months: months
            .into_iter()
            .map(|m| {
                (
                    format!("M{}", ProjectMonth::number_of(r.project_start, m)),
                    lang.month_short(m),
                )
            })
            .collect(),
        rows,
        column_totals: column_totals.iter().map(|t| show_pm(lang, t)).collect(),
        total,
        notice: notice.map(|n| n.in_lang(lang)),
        problem: problem.map(|sentences| {
            sentences
                .iter()
                .map(|s| s.in_lang(lang))
                .collect::<Vec<_>>()
                .join(" ")
        }),
        accept_blocked,
        can_decide,
        can_withdraw,
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
        Some(Msg::new("request-sent-notice").arg("org", &r.receiving_org))
    } else {
        match query.done.as_deref() {
            Some("accepted") => Some(
                Msg::new("request-accepted-notice")
                    .arg("pm", show_pm(page.lang, &r.total_pm))
                    .arg("org", &r.receiving_org)
                    .arg("code", &r.project_code)
                    .arg("cells", query.cells.unwrap_or(0)),
            ),
            Some("rejected") => {
                Some(Msg::new("request-rejected-notice").arg("org", &r.requesting_org))
            }
            Some("withdrawn") => Some(Msg::new("request-withdrawn-notice")),
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

/// The sentence of the 409 page when a request is no longer pending.
fn already_decided(r: &Request) -> Msg {
    Msg::new("request-already-decided")
        .arg("state", state_msg(&r.state))
        .arg("date", r.decided_at.as_ref().map(when).unwrap_or_default())
}

/// A moment as the request's page shows it.
fn stamp(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// What a decision or withdrawal ends in.
enum Answer {
    /// Done: where the browser goes next.
    Done(String),
    /// The request shown again with why nothing changed: 409 when it is no longer pending,
    /// 422 with the comment as typed (so that it is not lost) when the input was refused.
    Again {
        r: Box<Request>,
        lines: Vec<Line>,
        problem: Vec<Msg>,
        comment: String,
        status: StatusCode,
    },
}

/// Turns a command's outcome into the answer, re-reading the request (`reload`, in the same
/// transaction) when the page shows it again.
fn answer(
    outcome: Outcome<String>,
    comment: &str,
    reload: impl FnOnce() -> Outcome<(Request, Vec<Line>)>,
) -> Result<Answer, AppError> {
    let (problem, comment, status) = match outcome {
        Ok(location) => return Ok(Answer::Done(location)),
        Err(DomainError::Stale) => (None, String::new(), StatusCode::CONFLICT),
        Err(DomainError::Invalid(errors)) => (
            Some(errors.into_iter().map(|(_, sentence)| sentence).collect()),
            comment.trim().to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => return Err(other.into()),
    };
    let (r, lines) = reload()?;
    Ok(Answer::Again {
        problem: problem.unwrap_or_else(|| vec![already_decided(&r)]),
        r: Box::new(r),
        lines,
        comment,
        status,
    })
}

fn respond(page: &Page, answer: Answer) -> Result<HttpResponse, AppError> {
    match answer {
        Answer::Done(location) => Ok(see_other(location)),
        Answer::Again {
            r,
            lines,
            problem,
            comment,
            status,
        } => render_request(page, *r, lines, None, Some(problem), comment, status),
    }
}

async fn decide(
    page: Page,
    id: Uuid,
    decision: Decision,
    comment: String,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let acting = page.acting();
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let input = DecisionInput {
                request: id,
                decision,
                comment: comment.clone(),
                version: None,
            };
            let outcome = requests::decide(conn, &acting, input).map(|cells| match decision {
                Decision::Accept => format!("/capacity-requests/{id}?done=accepted&cells={cells}"),
                Decision::Reject => format!("/capacity-requests/{id}?done=rejected"),
            });
            answer(outcome, &comment, || requests::find_with_lines(conn, id))
        })
        .await?;
    respond(&page, answer)
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
    let comment = form.0.comment;
    let acting = page.acting();
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let input = WithdrawInput {
                request: id,
                comment: comment.clone(),
                version: None,
            };
            let outcome = requests::withdraw(conn, &acting, input)
                .map(|()| format!("/capacity-requests/{id}?done=withdrawn"));
            answer(outcome, &comment, || requests::find_with_lines(conn, id))
        })
        .await?;
    respond(&page, answer)
}
