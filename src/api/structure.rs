//! `/api/v1/projects/{id}/work-packages`, `/tasks`, `/milestones` and `/deliverables`: a
//! project's structure, each kind listed, read, added, changed and deleted through the structure
//! pages' own commands (`projects::structure::{save, delete}`). A row's fields and their names
//! are its form's (`number`, `name`, `wp`, `begin`, `end`, `due`, `role`, `lead_org`, `kind`,
//! `dissemination`), so a refused field is named and explained as on the page. Months are
//! project months: 1 is the project's first month (M1).
//!
//! One set of generic handlers serves the four kinds; what differs is each kind's [`Shape`]
//! (its JSON and its input), and one macro writes each kind's documented routes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::paging::{ListParams, Listed};
use crate::api::problem::ApiError;
use crate::api::projects::nullable;
use crate::api::{etag, json};
use crate::command::{Connection, DomainError};
use crate::projects::structure::{self, ItemForm, Kind, RowDelete, RowSave, StructureRow};

/// A kind of structure row as the API shows and takes it.
pub trait Shape: StructureRow + Send + 'static {
    const KIND: Kind;
    /// The kind's address below its project's.
    const PATH: &'static str;
    type Json: Serialize + Send + 'static;
    type Input: Overlay + DeserializeOwned + Send + 'static;
    /// The row as JSON, changed last at `modified_at`.
    fn json(&self, modified_at: DateTime<Utc>) -> Self::Json;
}

/// A request body: the fields given, laid over a row's form.
pub trait Overlay {
    fn overlay(self, form: &mut ItemForm);
}

/// A chosen id as its form field carries it (empty for none).
fn chosen(id: Option<Uuid>) -> String {
    id.map(|id| id.to_string()).unwrap_or_default()
}

/// Sets `field` to `value` when one was given.
fn set<T>(field: &mut String, value: Option<T>, text: impl Fn(T) -> String) {
    if let Some(value) = value {
        *field = text(value);
    }
}

/// A work package.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPackage {
    pub id: Uuid,
    /// 1 to 999, unique in the project.
    pub number: i32,
    pub name: String,
    /// The lead organisation's id.
    pub lead_org: Option<Uuid>,
    /// First project month (1 = M1).
    pub begin: i32,
    /// Last project month.
    pub end: i32,
    /// The row's version (its `ETag`).
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// The fields of a work package to add or change: absent fields stay as they are (empty for a
/// new one), `null` clears an optional one.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPackageInput {
    pub number: Option<i64>,
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub lead_org: Option<Option<Uuid>>,
    pub begin: Option<i64>,
    pub end: Option<i64>,
}

impl Overlay for WorkPackageInput {
    fn overlay(self, f: &mut ItemForm) {
        set(&mut f.number, self.number, |n| n.to_string());
        set(&mut f.name, self.name, |n| n);
        set(&mut f.lead_org, self.lead_org, chosen);
        set(&mut f.begin, self.begin, |m| m.to_string());
        set(&mut f.end, self.end, |m| m.to_string());
    }
}

impl Shape for structure::WorkPackage {
    const KIND: Kind = Kind::WorkPackages;
    const PATH: &'static str = "work-packages";
    type Json = WorkPackage;
    type Input = WorkPackageInput;
    fn json(&self, modified_at: DateTime<Utc>) -> WorkPackage {
        WorkPackage {
            id: self.id,
            number: self.number,
            name: self.name.clone(),
            lead_org: self.lead_org_id,
            begin: self.begin,
            end: self.end,
            version: self.version,
            modified_at,
        }
    }
}

/// A task of a work package: the demand is planned on tasks.
#[derive(Debug, Serialize, ToSchema)]
pub struct Task {
    pub id: Uuid,
    /// The work package's id.
    pub wp: Uuid,
    /// `<WP>.<n>`, such as `2.1`.
    pub number: String,
    pub name: String,
    /// First project month (1 = M1).
    pub begin: i32,
    /// Last project month.
    pub end: i32,
    /// The role type's id.
    pub role: Option<Uuid>,
    /// The lead organisation's id.
    pub lead_org: Option<Uuid>,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// The fields of a task to add or change (as [`WorkPackageInput`]).
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    pub wp: Option<Uuid>,
    pub number: Option<String>,
    pub name: Option<String>,
    pub begin: Option<i64>,
    pub end: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub role: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub lead_org: Option<Option<Uuid>>,
}

impl Overlay for TaskInput {
    fn overlay(self, f: &mut ItemForm) {
        set(&mut f.wp, self.wp, |id| id.to_string());
        set(&mut f.number, self.number, |n| n);
        set(&mut f.name, self.name, |n| n);
        set(&mut f.begin, self.begin, |m| m.to_string());
        set(&mut f.end, self.end, |m| m.to_string());
        set(&mut f.role, self.role, chosen);
        set(&mut f.lead_org, self.lead_org, chosen);
    }
}

impl Shape for structure::Task {
    const KIND: Kind = Kind::Tasks;
    const PATH: &'static str = "tasks";
    type Json = Task;
    type Input = TaskInput;
    fn json(&self, modified_at: DateTime<Utc>) -> Task {
        Task {
            id: self.id,
            wp: self.work_package_id,
            number: self.number.clone(),
            name: self.name.clone(),
            begin: self.begin,
            end: self.end,
            role: self.role_type_id,
            lead_org: self.lead_org_id,
            version: self.version,
            modified_at,
        }
    }
}

/// A milestone, of a work package or of the whole project.
#[derive(Debug, Serialize, ToSchema)]
pub struct Milestone {
    pub id: Uuid,
    /// The work package's id; none for the whole project.
    pub wp: Option<Uuid>,
    /// `MS<n>`, such as `MS3`.
    pub number: String,
    pub name: String,
    /// The project month it is due (1 = M1).
    pub due: i32,
    /// The role type's id.
    pub role: Option<Uuid>,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// The fields of a milestone to add or change (as [`WorkPackageInput`]).
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneInput {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub wp: Option<Option<Uuid>>,
    pub number: Option<String>,
    pub name: Option<String>,
    pub due: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub role: Option<Option<Uuid>>,
}

impl Overlay for MilestoneInput {
    fn overlay(self, f: &mut ItemForm) {
        set(&mut f.wp, self.wp, chosen);
        set(&mut f.number, self.number, |n| n);
        set(&mut f.name, self.name, |n| n);
        set(&mut f.due, self.due, |m| m.to_string());
        set(&mut f.role, self.role, chosen);
    }
}

impl Shape for structure::Milestone {
    const KIND: Kind = Kind::Milestones;
    const PATH: &'static str = "milestones";
    type Json = Milestone;
    type Input = MilestoneInput;
    fn json(&self, modified_at: DateTime<Utc>) -> Milestone {
        Milestone {
            id: self.id,
            wp: self.work_package_id,
            number: self.number.clone(),
            name: self.name.clone(),
            due: self.due,
            role: self.role_type_id,
            version: self.version,
            modified_at,
        }
    }
}

/// A deliverable of a work package.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deliverable {
    pub id: Uuid,
    /// The work package's id.
    pub wp: Uuid,
    /// `D<WP>.<n>`, such as `D2.1`.
    pub number: String,
    pub name: String,
    /// The project month it is due (1 = M1).
    pub due: i32,
    /// The deliverable type's id.
    pub kind: Option<Uuid>,
    /// The dissemination level's id.
    pub dissemination: Option<Uuid>,
    /// The lead organisation's id.
    pub lead_org: Option<Uuid>,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// The fields of a deliverable to add or change (as [`WorkPackageInput`]).
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverableInput {
    pub wp: Option<Uuid>,
    pub number: Option<String>,
    pub name: Option<String>,
    pub due: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub kind: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub dissemination: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub lead_org: Option<Option<Uuid>>,
}

impl Overlay for DeliverableInput {
    fn overlay(self, f: &mut ItemForm) {
        set(&mut f.wp, self.wp, |id| id.to_string());
        set(&mut f.number, self.number, |n| n);
        set(&mut f.name, self.name, |n| n);
        set(&mut f.due, self.due, |m| m.to_string());
        set(&mut f.kind, self.kind, chosen);
        set(&mut f.dissemination, self.dissemination, chosen);
        set(&mut f.lead_org, self.lead_org, chosen);
    }
}

impl Shape for structure::Deliverable {
    const KIND: Kind = Kind::Deliverables;
    const PATH: &'static str = "deliverables";
    type Json = Deliverable;
    type Input = DeliverableInput;
    fn json(&self, modified_at: DateTime<Utc>) -> Deliverable {
        Deliverable {
            id: self.id,
            wp: self.work_package_id,
            number: self.number.clone(),
            name: self.name.clone(),
            due: self.due,
            kind: self.kind,
            dissemination: self.dissemination,
            lead_org: self.lead_org_id,
            version: self.version,
            modified_at,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The handlers, one of each for the four kinds

/// The rows of kind `R` of project `project` in the order of their numbers, each with when it
/// last changed; 404 when the user may not see the project.
fn rows_of<R: Shape>(
    conn: &mut Connection,
    project: Uuid,
) -> Result<Vec<(R, DateTime<Utc>)>, ApiError> {
    structure::head(conn, project)?.ok_or_else(ApiError::not_found)?;
    let stamps = structure::modified_at(conn, R::KIND, project)?;
    Ok(structure::rows::of_project::<R>(conn, project)?
        .into_iter()
        .filter_map(|row| {
            let at = *stamps.get(&row.id())?;
            Some((row, at))
        })
        .collect())
}

/// The row `item` of kind `R` of project `project`, with when it last changed.
fn row_of<R: Shape>(
    conn: &mut Connection,
    project: Uuid,
    item: Uuid,
) -> Result<(R, DateTime<Utc>), ApiError> {
    rows_of::<R>(conn, project)?
        .into_iter()
        .find(|(row, _)| row.id() == item)
        .ok_or_else(ApiError::not_found)
}

async fn list<R: Shape>(
    caller: Caller,
    project: Uuid,
    params: ListParams,
) -> Result<HttpResponse, ApiError> {
    params.limit()?;
    let listed = caller
        .run_about(Some(project), move |conn, _| {
            let rows: Vec<(R, DateTime<Utc>)> = rows_of::<R>(conn, project)?
                .into_iter()
                .filter(|(_, at)| params.wants(*at))
                .collect();
            let (page, next) = params.page_in_order(rows, |(row, _)| row.id().to_string())?;
            let items: Vec<R::Json> = page.iter().map(|(row, at)| row.json(*at)).collect();
            Ok(Listed::new(items, next, crate::db::transaction_time(conn)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

async fn get<R: Shape>(
    caller: Caller,
    project: Uuid,
    item: Uuid,
) -> Result<HttpResponse, ApiError> {
    let (version, body) = caller
        .run_about(Some(project), move |conn, _| {
            let (row, at) = row_of::<R>(conn, project, item)?;
            Ok((row.version(), row.json(at)))
        })
        .await?;
    Ok(json::ok_tagged(version, &body))
}

/// Adds (`row` is `None`) or changes a row with the structure pages' command, and reads it back
/// in the same transaction: its id, version and JSON.
fn save<R: Shape>(
    conn: &mut Connection,
    acting: &crate::command::Acting,
    project: Uuid,
    row: Option<(Uuid, i64)>,
    form: ItemForm,
) -> Result<(Uuid, i64, R::Json), ApiError> {
    let input = RowSave {
        kind: R::KIND,
        project,
        row,
        form,
    };
    let id = structure::save(conn, acting, input)?;
    let (saved, at) = row_of::<R>(conn, project, id)?;
    Ok((id, saved.version(), saved.json(at)))
}

async fn create<R: Shape>(
    caller: Caller,
    project: Uuid,
    input: R::Input,
) -> Result<HttpResponse, ApiError> {
    let (id, version, body) = caller
        .run_about(Some(project), move |conn, holding| {
            let mut form = ItemForm::default();
            input.overlay(&mut form);
            save::<R>(conn, &holding.acting, project, None, form)
        })
        .await?;
    let location = format!("/api/v1/projects/{project}/{}/{id}", R::PATH);
    Ok(json::created(&location, version, &body))
}

async fn update<R: Shape>(
    caller: Caller,
    req: HttpRequest,
    project: Uuid,
    item: Uuid,
    input: R::Input,
) -> Result<HttpResponse, ApiError> {
    let version = etag::if_match(&req)?;
    let (_, version, body) = caller
        .run_about(Some(project), move |conn, holding| {
            // The row as its form shows it now; the command compares its version with
            // `If-Match` (under the project's lock) before it writes anything.
            let (row, _) = row_of::<R>(conn, project, item)?;
            let mut form = row.form();
            input.overlay(&mut form);
            save::<R>(conn, &holding.acting, project, Some((item, version)), form)
        })
        .await?;
    Ok(json::ok_tagged(version, &body))
}

async fn delete<R: Shape>(
    caller: Caller,
    req: HttpRequest,
    project: Uuid,
    item: Uuid,
) -> Result<HttpResponse, ApiError> {
    let version = etag::if_match(&req)?;
    caller
        .run_about(Some(project), move |conn, holding| {
            let input = RowDelete {
                kind: R::KIND,
                project,
                row: item,
                version,
            };
            structure::delete(conn, &holding.acting, input).map_err(|refusal| match refusal {
                // A work package with tasks stays: the page answers 409 with the reason.
                DomainError::Invalid(errors) => ApiError::new(
                    StatusCode::CONFLICT,
                    "conflict",
                    crate::command::sentences(&errors),
                ),
                other => ApiError::from(other),
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The five documented routes of one kind: `$row` the domain's row type, `$json` and `$input`
/// its JSON types, `$list` and `$one` the documented paths, `$ops` the operation ids.
macro_rules! kind_routes {
    ($module:ident, $row:ident, $json:ident, $input:ident, $list:tt, $one:tt, $what:tt,
     [$op_list:tt, $op_get:tt, $op_create:tt, $op_update:tt, $op_delete:tt]) => {
        pub mod $module {
            use super::*;

            type Row = structure::$row;

            #[utoipa::path(get, path = $list, tag = "structure", operation_id = $op_list,
                params(("id" = Uuid, Path, description = "The project's id"), ListParams),
                responses((status = 200, description = $what, body = Listed<$json>)))]
            pub async fn list(
                caller: Caller,
                path: web::Path<Uuid>,
                params: web::Query<ListParams>,
            ) -> Result<HttpResponse, ApiError> {
                super::list::<Row>(caller, path.into_inner(), params.into_inner()).await
            }

            #[utoipa::path(get, path = $one, tag = "structure", operation_id = $op_get,
                params(("id" = Uuid, Path, description = "The project's id"),
                    ("item" = Uuid, Path, description = "The row's id")),
                responses((status = 200, description = "The row; `ETag` is its version",
                    body = $json, headers(("ETag" = String, description = "The row's version")))))]
            pub async fn get(
                caller: Caller,
                path: web::Path<(Uuid, Uuid)>,
            ) -> Result<HttpResponse, ApiError> {
                let (project, item) = path.into_inner();
                super::get::<Row>(caller, project, item).await
            }

            #[utoipa::path(post, path = $list, tag = "structure", operation_id = $op_create,
                params(("id" = Uuid, Path, description = "The project's id")),
                request_body = $input,
                responses((status = 201, description = "The new row", body = $json,
                    headers(("ETag" = String, description = "The row's version"),
                        ("Location" = String, description = "The row's address")))))]
            pub async fn create(
                caller: Caller,
                path: web::Path<Uuid>,
                body: web::Json<$input>,
            ) -> Result<HttpResponse, ApiError> {
                super::create::<Row>(caller, path.into_inner(), body.into_inner()).await
            }

            #[utoipa::path(patch, path = $one, tag = "structure", operation_id = $op_update,
                params(("id" = Uuid, Path, description = "The project's id"),
                    ("item" = Uuid, Path, description = "The row's id"),
                    ("If-Match" = String, Header, description = "The ETag of the version you read")),
                request_body = $input,
                responses((status = 200, description = "The row as changed", body = $json,
                    headers(("ETag" = String, description = "The row's version")))))]
            pub async fn update(
                caller: Caller,
                req: HttpRequest,
                path: web::Path<(Uuid, Uuid)>,
                body: web::Json<$input>,
            ) -> Result<HttpResponse, ApiError> {
                let (project, item) = path.into_inner();
                super::update::<Row>(caller, req, project, item, body.into_inner()).await
            }

            #[utoipa::path(delete, path = $one, tag = "structure", operation_id = $op_delete,
                params(("id" = Uuid, Path, description = "The project's id"),
                    ("item" = Uuid, Path, description = "The row's id"),
                    ("If-Match" = String, Header, description = "The ETag of the version you read")),
                responses((status = 204, description = "Deleted")))]
            pub async fn delete(
                caller: Caller,
                req: HttpRequest,
                path: web::Path<(Uuid, Uuid)>,
            ) -> Result<HttpResponse, ApiError> {
                let (project, item) = path.into_inner();
                super::delete::<Row>(caller, req, project, item).await
            }

            /// The kind's routes.
            pub fn routes(cfg: &mut web::ServiceConfig) {
                let list_path = format!("/projects/{{id}}/{}", <Row as Shape>::PATH);
                let one_path = format!("{list_path}/{{item}}");
                cfg.route(&list_path, web::get().to(list))
                    .route(&list_path, web::post().to(create))
                    .route(&one_path, web::get().to(get))
                    .route(&one_path, web::patch().to(update))
                    .route(&one_path, web::delete().to(delete));
            }
        }
    };
}

kind_routes!(
    work_packages,
    WorkPackage,
    WorkPackage,
    WorkPackageInput,
    "/api/v1/projects/{id}/work-packages",
    "/api/v1/projects/{id}/work-packages/{item}",
    "A page of the project's work packages",
    [
        "list_work_packages",
        "get_work_package",
        "create_work_package",
        "update_work_package",
        "delete_work_package"
    ]
);
kind_routes!(
    tasks,
    Task,
    Task,
    TaskInput,
    "/api/v1/projects/{id}/tasks",
    "/api/v1/projects/{id}/tasks/{item}",
    "A page of the project's tasks",
    [
        "list_tasks",
        "get_task",
        "create_task",
        "update_task",
        "delete_task"
    ]
);
kind_routes!(
    milestones,
    Milestone,
    Milestone,
    MilestoneInput,
    "/api/v1/projects/{id}/milestones",
    "/api/v1/projects/{id}/milestones/{item}",
    "A page of the project's milestones",
    [
        "list_milestones",
        "get_milestone",
        "create_milestone",
        "update_milestone",
        "delete_milestone"
    ]
);
kind_routes!(
    deliverables,
    Deliverable,
    Deliverable,
    DeliverableInput,
    "/api/v1/projects/{id}/deliverables",
    "/api/v1/projects/{id}/deliverables/{item}",
    "A page of the project's deliverables",
    [
        "list_deliverables",
        "get_deliverable",
        "create_deliverable",
        "update_deliverable",
        "delete_deliverable"
    ]
);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(work_packages::routes)
        .configure(tasks::routes)
        .configure(milestones::routes)
        .configure(deliverables::routes);
}

#[derive(OpenApi)]
#[openapi(
    paths(
        work_packages::list, work_packages::create, work_packages::get, work_packages::update,
        work_packages::delete,
        tasks::list, tasks::create, tasks::get, tasks::update, tasks::delete,
        milestones::list, milestones::create, milestones::get, milestones::update,
        milestones::delete,
        deliverables::list, deliverables::create, deliverables::get, deliverables::update,
        deliverables::delete,
    ),
    components(schemas(
        WorkPackage, WorkPackageInput, Listed<WorkPackage>,
        Task, TaskInput, Listed<Task>,
        Milestone, MilestoneInput, Listed<Milestone>,
        Deliverable, DeliverableInput, Listed<Deliverable>,
    ))
)]
pub struct Doc;
