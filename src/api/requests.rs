//! `/api/v1/capacity-requests`: capacity requests between organisations of one legal entity, as
//! the requests pages show them, asked and decided by the same commands (`requests::ask`,
//! `requests::decide`, `requests::withdraw`) with the same Policy and sentences.
//!
//! A request changes once: from `pending` to `accepted`, `rejected` or `withdrawn`. Its version
//! (`ETag`, `If-Match`) is therefore 1 while it is pending and 2 after (`Request::version`); a
//! decision or withdrawal names the version it read, and one that was decided meanwhile answers
//! 412 and writes nothing (the page's 409). Accepting moves the project's plan version on, as on
//! the page; it does not need the project's version, because it adds to the demand rather than
//! replacing it.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::etag;
use crate::api::json;
use crate::api::paging::{ListParams, Listed};
use crate::api::problem::{ApiError, Problem};
use crate::command::DomainError;
use crate::i18n::Msg;
use crate::planning::month::ProjectMonth;
use crate::requests::{
    self as requests, AskInput, Decision, DecisionInput, Line, Request, State, WithdrawInput,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/capacity-requests", web::get().to(list))
        .route("/capacity-requests", web::post().to(create))
        .route("/capacity-requests/{id}", web::get().to(get))
        .route("/capacity-requests/{id}/accept", web::post().to(accept))
        .route("/capacity-requests/{id}/reject", web::post().to(reject))
        .route("/capacity-requests/{id}/withdraw", web::post().to(withdraw));
}

#[derive(OpenApi)]
#[openapi(
    paths(list, get, create, accept, reject, withdraw),
    components(schemas(
        CapacityRequest,
        CapacityRequestDetail,
        RequestLine,
        NamedRef,
        NewCapacityRequest,
        AskedCell,
        DecisionBody,
        Listed<CapacityRequest>
    ))
)]
pub struct Doc;

/// An organisation or a project named by a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NamedRef {
    pub id: Uuid,
    /// The organisation's short name or the project's code.
    pub code: String,
}

/// A capacity request as the requests list shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapacityRequest {
    pub id: Uuid,
    pub project: NamedRef,
    pub project_name: String,
    /// Whether the token's user may open the project itself (the receiving side often may not).
    pub project_visible: bool,
    /// Locked by its flag or its lifecycle state.
    pub project_locked: bool,
    /// The project owner organisation that asks.
    pub requesting_org: NamedRef,
    /// The organisation asked.
    pub receiving_org: NamedRef,
    /// `pending`, `accepted`, `rejected` or `withdrawn`.
    pub state: String,
    pub message: String,
    /// The comment of the decision or withdrawal (empty while pending).
    pub response_comment: String,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Person-months asked for in all.
    pub total_pm: f64,
    /// First and last month asked for, `YYYY-MM`.
    pub first_month: Option<String>,
    pub last_month: Option<String>,
    /// The token's user may accept or reject it now (the page's buttons).
    pub may_decide: bool,
    /// The token's user may withdraw it now.
    pub may_withdraw: bool,
    /// 1 while pending, 2 once decided or withdrawn (the `ETag`).
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// One line of a request: PM for a task in a month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestLine {
    pub task_id: Uuid,
    pub task_number: String,
    pub task_name: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The project month (1 = the project's first month).
    pub project_month: i32,
    pub pm: f64,
}

/// A request with its lines, as its page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapacityRequestDetail {
    #[serde(flatten)]
    pub request: CapacityRequest,
    /// By task number and month.
    pub lines: Vec<RequestLine>,
}

impl CapacityRequest {
    fn of(r: &Request, policy: &crate::auth::policy::Policy) -> CapacityRequest {
        let facts = r.facts();
        CapacityRequest {
            id: r.id,
            project: NamedRef {
                id: r.project_id,
                code: r.project_code.clone(),
            },
            project_name: r.project_name.clone(),
            project_visible: r.project_visible,
            project_locked: r.project_locked,
            requesting_org: NamedRef {
                id: r.requesting_org_id,
                code: r.requesting_org.clone(),
            },
            receiving_org: NamedRef {
                id: r.receiving_org_id,
                code: r.receiving_org.clone(),
            },
            state: r.state.clone(),
            message: r.message.clone(),
            response_comment: r.response_comment.clone(),
            created_by: r.created_by.clone(),
            created_at: r.created_at,
            decided_by: r.decided_by.clone(),
            decided_at: r.decided_at,
            total_pm: json::number(&r.total_pm),
            first_month: r.first_month.map(json::month),
            last_month: r.last_month.map(json::month),
            may_decide: policy.can_decide_request(&facts),
            may_withdraw: policy.can_withdraw_request(&facts),
            version: r.version(),
            modified_at: r.modified_at,
        }
    }
}

fn detail(
    r: &Request,
    lines: &[Line],
    policy: &crate::auth::policy::Policy,
) -> CapacityRequestDetail {
    CapacityRequestDetail {
        request: CapacityRequest::of(r, policy),
        lines: lines
            .iter()
            .map(|l| RequestLine {
                task_id: l.task_id,
                task_number: l.task_number.clone(),
                task_name: l.task_name.clone(),
                month: json::month(l.month),
                project_month: ProjectMonth::number_of(r.project_start, l.month),
                pm: json::number(&l.pm),
            })
            .collect(),
    }
}

/// Capacity requests are a feature a server may leave off (`CAPACITY_REQUESTS_ENABLED`): then
/// they are not there, as for the pages.
fn enabled(caller: &Caller) -> Result<(), ApiError> {
    if caller.state.settings.capacity_requests_enabled {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// The list's filters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestFilter {
    /// `pending`, `accepted`, `rejected` or `withdrawn`.
    pub state: Option<String>,
    /// Only the requests of this project.
    pub project: Option<Uuid>,
    /// Only the requests asked of this organisation.
    pub receiving_org: Option<Uuid>,
    /// Only the requests asked by this organisation.
    pub requesting_org: Option<Uuid>,
}

/// Every request the token's user may see (asked by or of their organisations, or on projects
/// they see), newest first, as the requests pages list them.
#[utoipa::path(get, path = "/api/v1/capacity-requests", tag = "requests",
    params(ListParams, RequestFilter),
    responses(
        (status = 200, description = "A page of capacity requests", body = Listed<CapacityRequest>),
        (status = 404, description = "Capacity requests are turned off on this server",
            body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    caller: Caller,
    params: web::Query<ListParams>,
    filter: web::Query<RequestFilter>,
) -> Result<HttpResponse, ApiError> {
    enabled(&caller)?;
    let (params, filter) = (params.into_inner(), filter.into_inner());
    let state = match filter.state.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(State::parse(text).ok_or_else(|| {
            ApiError::field("state", Msg::new("requests-bad-state").arg("value", text))
        })?),
    };
    params.limit()?;
    let listed = caller
        .run(move |conn, holding| {
            let policy = &holding.acting.policy;
            let shown: Vec<CapacityRequest> = requests::all(conn)?
                .iter()
                .filter(|r| state.is_none_or(|s| r.state() == Some(s)))
                .filter(|r| filter.project.is_none_or(|p| r.project_id == p))
                .filter(|r| filter.receiving_org.is_none_or(|o| r.receiving_org_id == o))
                .filter(|r| {
                    filter
                        .requesting_org
                        .is_none_or(|o| r.requesting_org_id == o)
                })
                .filter(|r| params.wants(r.modified_at))
                .map(|r| CapacityRequest::of(r, policy))
                .collect();
            params.listed_in_order(conn, shown, |r| r.id.to_string())
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// One request with its lines. Its `ETag` is its version: 1 while it is pending, 2 once it is
/// accepted, rejected or withdrawn; a decision or withdrawal names it in `If-Match`.
#[utoipa::path(get, path = "/api/v1/capacity-requests/{id}", tag = "requests",
    params(("id" = Uuid, Path, description = "The request's id")),
    responses((status = 200, description = "The request; `ETag` is its version",
        body = CapacityRequestDetail, headers(("ETag" = String, description = "The request's version")))))]
pub async fn get(caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    enabled(&caller)?;
    let id = id.into_inner();
    let shown = caller
        .run(move |conn, holding| read(conn, holding, id))
        .await?;
    Ok(json::ok_tagged(shown.request.version, &shown))
}

/// The request `id` as the token's user sees it now, or 404.
fn read(
    conn: &mut crate::command::Connection,
    holding: &crate::api::caller::Holding,
    id: Uuid,
) -> Result<CapacityRequestDetail, ApiError> {
    let (request, lines) = requests::find_with_lines(conn, id)?;
    Ok(detail(&request, &lines, &holding.acting.policy))
}

/// One cell asked for: PM for a task in a month.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskedCell {
    pub task_id: Uuid,
    /// `YYYY-MM`, within the project and not before the current month.
    #[schema(example = "2027-03")]
    pub month: String,
    /// Person-months, more than 0.
    pub pm: f64,
}

/// A new request, as the request form sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCapacityRequest {
    /// The asking project: its owner organisation asks.
    pub project_id: Uuid,
    /// The organisation asked: of the same legal entity as the owner, not the owner itself.
    pub receiving_org: Uuid,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub message: String,
    /// At least one cell; empty and zero cells ask for nothing.
    pub cells: Vec<AskedCell>,
}

/// The form's fields for `body` (`receiving_org`, `message`, `pm.<task>.<project month>`), or
/// the cells whose month cannot be read.
fn form_fields(
    body: &NewCapacityRequest,
    start: chrono::NaiveDate,
) -> Result<Vec<(String, String)>, ApiError> {
    let mut fields = vec![
        ("receiving_org".to_string(), body.receiving_org.to_string()),
        ("message".to_string(), body.message.clone()),
    ];
    let mut problems = Vec::new();
    for (index, cell) in body.cells.iter().enumerate() {
        match json::parse_month(&cell.month) {
            Some(month) => {
                let name = requests::cell_name(cell.task_id, ProjectMonth::number_of(start, month));
                if fields.iter().any(|(n, _)| *n == name) {
                    problems.push((
                        "cells",
                        Msg::new("api-requests-cell-twice").arg("index", index + 1),
                    ));
                }
                fields.push((name, json::typed(cell.pm)));
            }
            None => problems.push((
                "cells",
                Msg::new("api-requests-month-invalid").arg("index", index + 1),
            )),
        }
    }
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(ApiError::invalid(problems))
    }
}

/// Asks another organisation of the same legal entity for person-months (the request form of a
/// project): only those who may change the project ask on its behalf.
#[utoipa::path(post, path = "/api/v1/capacity-requests", tag = "requests",
    request_body = NewCapacityRequest,
    responses(
        (status = 201, description = "Asked; `Location` names the request", body = CapacityRequestDetail,
            headers(("ETag" = String, description = "The request's version"),
                    ("Location" = String, description = "The request's address"))),
        (status = 404, description = "No such project, or capacity requests are turned off",
            body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    caller: Caller,
    body: web::Json<NewCapacityRequest>,
) -> Result<HttpResponse, ApiError> {
    enabled(&caller)?;
    let body = body.into_inner();
    let made = caller
        .run(move |conn, holding| {
            let project =
                requests::asking_project(conn, body.project_id)?.ok_or_else(ApiError::not_found)?;
            let input = AskInput {
                project: project.id,
                fields: form_fields(&body, project.start)?,
            };
            let id = match requests::ask(conn, &holding.acting, input) {
                Ok(id) => id,
                // No owner organisation: nobody can be asked, as the form says above its grid.
                Err(DomainError::Invalid(errors)) if errors.is_empty() => {
                    return Err(ApiError::field(
                        "project_id",
                        Msg::new("request-blocked-no-poo").arg("code", &project.code),
                    ));
                }
                Err(other) => return Err(other.into()),
            };
            read(conn, holding, id)
        })
        .await?;
    let location = format!("/api/v1/capacity-requests/{}", made.request.id);
    Ok(json::created(&location, made.request.version, &made))
}

/// A decision's or withdrawal's comment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// Required to reject (the reason); optional otherwise.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub comment: String,
}

/// What a decision or withdrawal does.
#[derive(Clone, Copy)]
enum Answer {
    Decide(Decision),
    Withdraw,
}

async fn answer(
    caller: Caller,
    req: HttpRequest,
    id: Uuid,
    body: DecisionBody,
    what: Answer,
) -> Result<HttpResponse, ApiError> {
    enabled(&caller)?;
    let version = Some(etag::if_match(&req)?);
    let shown = caller
        .run(move |conn, holding| {
            let comment = body.comment;
            match what {
                Answer::Decide(decision) => {
                    let input = DecisionInput {
                        request: id,
                        decision,
                        comment,
                        version,
                    };
                    requests::decide(conn, &holding.acting, input)?;
                }
                Answer::Withdraw => {
                    let input = WithdrawInput {
                        request: id,
                        comment,
                        version,
                    };
                    requests::withdraw(conn, &holding.acting, input)?;
                }
            }
            read(conn, holding, id)
        })
        .await?;
    Ok(json::ok_tagged(shown.request.version, &shown))
}

/// Accepts a pending request: its person-months are added to the receiving organisation's EST
/// demand of the project. Editors of the receiving organisation (or above it) and
/// administrators; not into a locked project or past months (super-admins excepted).
#[utoipa::path(post, path = "/api/v1/capacity-requests/{id}/accept", tag = "requests",
    params(("id" = Uuid, Path, description = "The request's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = DecisionBody,
    responses((status = 200, description = "Accepted", body = CapacityRequestDetail,
        headers(("ETag" = String, description = "The request's version")))))]
pub async fn accept(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    let what = Answer::Decide(Decision::Accept);
    answer(caller, req, id.into_inner(), body.into_inner(), what).await
}

/// Rejects a pending request, with the reason in `comment`.
#[utoipa::path(post, path = "/api/v1/capacity-requests/{id}/reject", tag = "requests",
    params(("id" = Uuid, Path, description = "The request's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = DecisionBody,
    responses((status = 200, description = "Rejected", body = CapacityRequestDetail,
        headers(("ETag" = String, description = "The request's version")))))]
pub async fn reject(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    let what = Answer::Decide(Decision::Reject);
    answer(caller, req, id.into_inner(), body.into_inner(), what).await
}

/// Withdraws a pending request of a project the token's user may change.
#[utoipa::path(post, path = "/api/v1/capacity-requests/{id}/withdraw", tag = "requests",
    params(("id" = Uuid, Path, description = "The request's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = DecisionBody,
    responses((status = 200, description = "Withdrawn", body = CapacityRequestDetail,
        headers(("ETag" = String, description = "The request's version")))))]
pub async fn withdraw(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    answer(
        caller,
        req,
        id.into_inner(),
        body.into_inner(),
        Answer::Withdraw,
    )
    .await
}
