//! `/api/v1`: staffing (issue 22): a project's assignments (the Team tab's assignment forms,
//! through `people::allocations::{add_assignment, update_assignment, delete_assignment}`), a
//! person's assignments, and the allocation grid with its per-month overrides ([`grid`]).

mod grid;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::{Caller, Holding};
use crate::api::paging::{ListParams, Listed};
use crate::api::people::nullable;
use crate::api::problem::ApiError;
use crate::api::{etag, json};
use crate::command::Connection;
use crate::i18n::Msg;
use crate::people::allocations::{self, AssignmentFields, Team};
use crate::people::staffing::{self, AssignmentsOf};
use crate::people::sync;

pub use grid::{AllocationCell, AllocationGrid, AllocationRow, CellChange, GridChange};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/assignments", web::get().to(list))
        .route("/projects/{id}/assignments", web::post().to(create))
        .route(
            "/projects/{id}/assignments/{assignment}",
            web::get().to(get),
        )
        .route(
            "/projects/{id}/assignments/{assignment}",
            web::patch().to(update),
        )
        .route(
            "/projects/{id}/assignments/{assignment}",
            web::delete().to(delete),
        )
        .route("/persons/{id}/assignments", web::get().to(of_person))
        .route("/projects/{id}/allocations", web::get().to(grid::get))
        .route("/projects/{id}/allocations", web::patch().to(grid::patch));
}

#[derive(OpenApi)]
#[openapi(
    paths(list, of_person, get, create, update, delete, grid::get, grid::patch),
    components(schemas(
        Assignment,
        AllocationOverride,
        AssignmentBody,
        Listed<Assignment>,
        AllocationGrid,
        AllocationRow,
        AllocationCell,
        GridChange,
        CellChange,
    ))
)]
pub struct Doc;

/// A PM value the allocation grid sets for one month instead of capacity × %.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationOverride {
    #[schema(example = "2027-03")]
    pub month: String,
    pub pm: f64,
}

/// A person's assignment to a project.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Assignment {
    pub id: Uuid,
    pub person_id: Uuid,
    pub project_id: Uuid,
    pub project_code: String,
    pub role_type_id: Option<Uuid>,
    pub role: Option<String>,
    pub allocation_group_id: Uuid,
    pub allocation_group: String,
    /// Of the person's capacity, each month.
    pub allocation_percent: f64,
    #[schema(example = "2027-01")]
    pub start_month: String,
    #[schema(example = "2027-12")]
    pub end_month: String,
    /// The months set explicitly in the allocation grid, earliest first.
    pub overrides: Vec<AllocationOverride>,
    /// `confirmed` or `tentative` (work that may not happen, e.g. on a proposal).
    #[schema(example = "confirmed")]
    pub status: String,
    /// The row's version (the `ETag`).
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

impl Assignment {
    fn of(a: &staffing::Assignment, modified_at: DateTime<Utc>) -> Assignment {
        let mut overrides: Vec<AllocationOverride> = a
            .terms
            .overrides
            .iter()
            .map(|(month, pm)| AllocationOverride {
                month: json::month(*month),
                pm: json::number(pm),
            })
            .collect();
        overrides.sort_by(|x, y| x.month.cmp(&y.month));
        Assignment {
            id: a.id,
            person_id: a.person_id,
            project_id: a.project_id,
            project_code: a.project_code.clone(),
            role_type_id: a.role_type_id,
            role: a.role.clone(),
            allocation_group_id: a.allocation_group_id,
            allocation_group: a.allocation_group.clone(),
            allocation_percent: json::number(&a.terms.percent),
            start_month: json::month(a.terms.start_month),
            end_month: json::month(a.terms.end_month),
            overrides,
            status: allocations::status_of(a.tentative()).to_string(),
            version: a.version,
            modified_at,
        }
    }
}

/// An assignment's fields as the Team tab's form has them (its field names, which refusals
/// name): to create, `person`, `percent`, `group`, `start` and `end` (and a `role` if any); to
/// update (PATCH), only what changes (the person stays). Months are `YYYY-MM`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentBody {
    /// The person's id (create only).
    pub person: Option<Uuid>,
    /// The role type's id; `null`: none.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub role: Option<Option<Uuid>>,
    /// Allocation %, 0 to 100.
    pub percent: Option<f64>,
    /// The allocation group's id.
    pub group: Option<Uuid>,
    /// First month, `YYYY-MM`.
    #[schema(max_length = 7)]
    pub start: Option<String>,
    /// Last month, `YYYY-MM`.
    #[schema(max_length = 7)]
    pub end: Option<String>,
    /// `confirmed` or `tentative`; left out on create: tentative on a project in a pipeline
    /// state, else confirmed.
    pub status: Option<String>,
}

impl AssignmentBody {
    /// `form` with the fields given here in place of its own.
    fn over(self, mut form: AssignmentFields) -> AssignmentFields {
        if let Some(role) = self.role {
            form.role = role.map(|r| r.to_string()).unwrap_or_default();
        }
        if let Some(percent) = self.percent {
            form.percent = json::typed(percent);
        }
        if let Some(group) = self.group {
            form.group = group.to_string();
        }
        if let Some(start) = self.start {
            form.start = start;
        }
        if let Some(end) = self.end {
            form.end = end;
        }
        if let Some(status) = self.status {
            form.status = status;
        }
        form
    }
}

/// The assignment's fields as its form shows them.
fn fields_of(a: &staffing::Assignment) -> AssignmentFields {
    AssignmentFields {
        person: a.person_id.to_string(),
        role: a.role_type_id.map(|r| r.to_string()).unwrap_or_default(),
        percent: a.terms.percent.normalized().to_string(),
        group: a.allocation_group_id.to_string(),
        start: json::month(a.terms.start_month),
        end: json::month(a.terms.end_month),
        status: allocations::status_of(a.tentative()).to_string(),
    }
}

/// The Team tab of project `id` as the user may see it (404 when not, or when the Team tab is
/// off).
pub(crate) fn team(
    conn: &mut Connection,
    state: &crate::startup::AppState,
    id: Uuid,
) -> Result<Team, ApiError> {
    if !state.settings.person_capacity_enabled {
        return Err(ApiError::not_found());
    }
    allocations::load(conn, &state.caches, id, &state.settings.hours_per_pm, None)?
        .ok_or_else(ApiError::not_found)
}

/// The team of project `id` if the user may change it: 403 with the Policy's reason otherwise.
fn editable_team(
    conn: &mut Connection,
    state: &crate::startup::AppState,
    holding: &Holding,
    id: Uuid,
) -> Result<Team, ApiError> {
    let team = team(conn, state, id)?;
    holding.acting.allowed(
        holding
            .acting
            .policy
            .can_edit_project(&team.grid.project.lock()),
    )?;
    Ok(team)
}

/// `assignments` as the API writes them.
fn written(
    conn: &mut Connection,
    assignments: &[staffing::Assignment],
) -> Result<Vec<Assignment>, ApiError> {
    let ids: Vec<Uuid> = assignments.iter().map(|a| a.id).collect();
    let changed = sync::assignment_changes(conn, &ids)?;
    Ok(assignments
        .iter()
        .filter_map(|a| Some(Assignment::of(a, *changed.get(&a.id)?)))
        .collect())
}

/// Assignment `id` of project `project` as stored now.
fn one(conn: &mut Connection, project: Uuid, id: Uuid) -> Result<Assignment, ApiError> {
    let all = staffing::load_assignments(conn, AssignmentsOf::Project(project), None)?;
    let found: Vec<staffing::Assignment> = all.into_iter().filter(|a| a.id == id).collect();
    written(conn, &found)?.pop().ok_or_else(ApiError::not_found)
}

fn page(
    conn: &mut Connection,
    params: &ListParams,
    assignments: Vec<staffing::Assignment>,
) -> Result<Listed<Assignment>, ApiError> {
    let rows: Vec<Assignment> = written(conn, &assignments)?
        .into_iter()
        .filter(|a| params.wants(a.modified_at))
        .collect();
    params.listed_in_order(conn, rows, |a| a.id.to_string())
}

/// A project's assignments, by start month.
#[utoipa::path(get, path = "/api/v1/projects/{id}/assignments", tag = "staffing",
    params(("id" = Uuid, Path, description = "The project's id"), ListParams),
    responses((status = 200, description = "A page of assignments", body = Listed<Assignment>)))]
pub async fn list(
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, params) = (id.into_inner(), params.into_inner());
    params.limit()?;
    let listed = caller
        .run_about(Some(id), move |conn, _| {
            crate::projects::lock_of(conn, id)?.ok_or_else(ApiError::not_found)?;
            let assignments = staffing::load_assignments(conn, AssignmentsOf::Project(id), None)?;
            page(conn, &params, assignments)
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// A person's assignments to the projects the user may see, by project and start month.
#[utoipa::path(get, path = "/api/v1/persons/{id}/assignments", tag = "staffing",
    params(("id" = Uuid, Path, description = "The person's id"), ListParams),
    responses((status = 200, description = "A page of assignments", body = Listed<Assignment>)))]
pub async fn of_person(
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, params) = (id.into_inner(), params.into_inner());
    params.limit()?;
    let listed = caller
        .run(move |conn, _| {
            crate::people::persons::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            let assignments =
                staffing::load_assignments(conn, AssignmentsOf::Persons(&[id]), None)?;
            page(conn, &params, assignments)
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// One assignment of a project.
#[utoipa::path(get, path = "/api/v1/projects/{id}/assignments/{assignment}", tag = "staffing",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("assignment" = Uuid, Path, description = "The assignment's id")),
    responses((status = 200, description = "The assignment; `ETag` is its version", body = Assignment,
        headers(("ETag" = String, description = "The assignment's version")))))]
pub async fn get(caller: Caller, path: web::Path<(Uuid, Uuid)>) -> Result<HttpResponse, ApiError> {
    let (project, id) = path.into_inner();
    let assignment = caller
        .run_about(Some(project), move |conn, _| one(conn, project, id))
        .await?;
    Ok(json::ok_tagged(assignment.version, &assignment))
}

/// Assigns a person to the project, as the Team tab's add form.
#[utoipa::path(post, path = "/api/v1/projects/{id}/assignments", tag = "staffing",
    params(("id" = Uuid, Path, description = "The project's id")),
    request_body = AssignmentBody,
    responses((status = 201, description = "The new assignment", body = Assignment,
        headers(("ETag" = String, description = "The assignment's version"),
            ("Location" = String, description = "The assignment's address")))))]
pub async fn create(
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<AssignmentBody>,
) -> Result<HttpResponse, ApiError> {
    let (project, body) = (id.into_inner(), body.into_inner());
    let state = caller.state.clone();
    let assignment = caller
        .run_about(Some(project), move |conn, holding| {
            let team = editable_team(conn, &state, holding, project)?;
            // Any person the user may see can be assigned.
            let person = match body.person {
                Some(p) if !staffing::visible_people(conn, &[p])?.is_empty() => p,
                _ => return Err(ApiError::field("person", Msg::new("team-choose-person"))),
            };
            let fields = body.over(AssignmentFields::default());
            let values =
                allocations::check_assignment(&team, &fields, person).map_err(ApiError::invalid)?;
            let id = allocations::add_assignment(conn, &holding.acting, project, &values)?;
            one(conn, project, id)
        })
        .await?;
    let location = format!("/api/v1/projects/{project}/assignments/{}", assignment.id);
    Ok(json::created(&location, assignment.version, &assignment))
}

/// Changes the fields given, as the Team tab's assignment form; `If-Match` is the assignment's
/// version. Overrides of months the assignment no longer covers are removed with it.
#[utoipa::path(patch, path = "/api/v1/projects/{id}/assignments/{assignment}", tag = "staffing",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("assignment" = Uuid, Path, description = "The assignment's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = AssignmentBody,
    responses((status = 200, description = "The assignment as stored now", body = Assignment,
        headers(("ETag" = String, description = "The assignment's version")))))]
pub async fn update(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<AssignmentBody>,
) -> Result<HttpResponse, ApiError> {
    let ((project, id), body) = (path.into_inner(), body.into_inner());
    let version = etag::if_match(&req)?;
    let state = caller.state.clone();
    let assignment = caller
        .run_about(Some(project), move |conn, holding| {
            let team = editable_team(conn, &state, holding, project)?;
            let existing = team
                .assignments
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(ApiError::not_found)?;
            if body.person.is_some_and(|p| p != existing.person_id) {
                return Err(ApiError::field(
                    "person",
                    Msg::new("api-staffing-person-fixed"),
                ));
            }
            let fields = body.over(fields_of(existing));
            let values = allocations::check_assignment(&team, &fields, existing.person_id)
                .map_err(ApiError::invalid)?;
            allocations::update_assignment(
                conn,
                &holding.acting,
                project,
                existing,
                version,
                &values,
            )?;
            one(conn, project, id)
        })
        .await?;
    Ok(json::ok_tagged(assignment.version, &assignment))
}

/// Removes an assignment and its overrides; `If-Match` is the assignment's version.
#[utoipa::path(delete, path = "/api/v1/projects/{id}/assignments/{assignment}", tag = "staffing",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("assignment" = Uuid, Path, description = "The assignment's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    responses((status = 204, description = "Removed")))]
pub async fn delete(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (project, id) = path.into_inner();
    let version = etag::if_match(&req)?;
    let state = caller.state.clone();
    caller
        .run_about(Some(project), move |conn, holding| {
            let team = editable_team(conn, &state, holding, project)?;
            let existing = team
                .assignments
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(ApiError::not_found)?;
            allocations::delete_assignment(conn, &holding.acting, project, existing, version)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
