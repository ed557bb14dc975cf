//! `/api/v1/projects`: the projects list with the list page's filters, and one project.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::json;
use crate::api::paging::{ListParams, Listed};
use crate::api::problem::ApiError;
use crate::i18n::Msg;
use crate::projects::ProjectListRow;
use crate::projects::list::{ListFilter, ListSort, Listing};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects", web::get().to(list))
        .route("/projects/{id}", web::get().to(get));
}

#[derive(OpenApi)]
#[openapi(
    paths(list, get),
    components(schemas(Project, OrganisationRef, Totals, Listed<Project>))
)]
pub struct Doc;

/// An organisation named by a project.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: Uuid,
    pub short_name: String,
}

/// Person-months per series over the whole project.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Totals {
    pub projplan: f64,
    pub est: f64,
    pub actual: f64,
}

/// A project as the projects list shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Project {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// The project owner organisation (POO).
    pub owner: Option<OrganisationRef>,
    pub partners: Vec<OrganisationRef>,
    /// The lifecycle state's code.
    pub lifecycle: Option<String>,
    /// In a pipeline state (a proposal, not yet running).
    pub pipeline: bool,
    /// First month, `YYYY-MM`.
    #[schema(example = "2027-01")]
    pub start_month: String,
    pub duration_months: i32,
    /// Last month, `YYYY-MM`.
    #[schema(example = "2029-12")]
    pub end_month: String,
    pub locked: bool,
    pub totals: Totals,
    /// The plan version: any change to the project or its plan moves it on (the `ETag`).
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl Project {
    fn of(row: ProjectListRow, version: i64, updated_at: DateTime<Utc>) -> Project {
        let summary = row.summary;
        let end = crate::planning::months::add_months(
            summary.start_month,
            summary.duration_months.max(1) - 1,
        )
        .unwrap_or(summary.start_month);
        let partner_refs: Vec<OrganisationRef> = row
            .partners
            .iter()
            .map(|(id, short_name)| OrganisationRef {
                id: *id,
                short_name: short_name.clone(),
            })
            .collect();
        Project {
            id: summary.id,
            code: summary.code,
            name: summary.name,
            owner: row
                .owner_id
                .zip(summary.owner)
                .map(|(id, short_name)| OrganisationRef { id, short_name }),
            partners: partner_refs,
            lifecycle: row.lifecycle_code,
            pipeline: row.is_pipeline,
            start_month: json::month(summary.start_month),
            duration_months: summary.duration_months,
            end_month: json::month(end),
            locked: summary.locked,
            totals: Totals {
                projplan: json::number(&row.totals[0]),
                est: json::number(&row.totals[1]),
                actual: json::number(&row.totals[2]),
            },
            version,
            updated_at,
        }
    }
}

/// The list page's filters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectFilter {
    /// Owned by, or with a partner in, this organisation or one below it.
    pub org: Option<Uuid>,
    /// A lifecycle state's code.
    pub state: Option<String>,
    /// Part of the code or name, in any case.
    pub q: Option<String>,
    /// Active in or after this month (`YYYY-MM`).
    pub from: Option<String>,
    /// Active in or before this month (`YYYY-MM`).
    pub to: Option<String>,
    /// `code` (default), `name`, `poo`, `state`, `start`, `duration`, `projplan`, `est`, `actual`.
    pub sort: Option<String>,
    /// `asc` (default) or `desc`.
    pub dir: Option<String>,
}

fn month_filter(
    name: &'static str,
    value: &Option<String>,
) -> Result<Option<chrono::NaiveDate>, ApiError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => json::parse_month(text)
            .map(Some)
            .ok_or_else(|| ApiError::field(name, Msg::new("api-month-invalid"))),
    }
}

/// The projects the token's user may see, filtered and sorted as the list page does.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects",
    params(ListParams, ProjectFilter),
    responses((status = 200, description = "A page of projects", body = Listed<Project>)))]
pub async fn list(
    caller: Caller,
    params: web::Query<ListParams>,
    filter: web::Query<ProjectFilter>,
) -> Result<HttpResponse, ApiError> {
    let (params, filter) = (params.into_inner(), filter.into_inner());
    let from = month_filter("from", &filter.from)?;
    let to = month_filter("to", &filter.to)?;
    let sort = ListSort::from_key(filter.sort.as_deref().unwrap_or("code"));
    let descending = filter.dir.as_deref() == Some("desc");
    params.limit()?;
    let caches = std::sync::Arc::clone(&caller.state.caches);
    let listed = caller
        .run(move |conn, _| {
            let listing = Listing::now(conn, &caches)?;
            let organisations = listing.organisation_and_below(conn, filter.org)?;
            let kept = listing.load(
                conn,
                &ListFilter {
                    organisations,
                    lifecycle: filter.state.filter(|s| !s.trim().is_empty()),
                    text: filter.q.filter(|s| !s.trim().is_empty()),
                    from,
                    to,
                },
                sort,
                descending,
            )?;
            let stamps = crate::projects::list::stamps(conn)?;
            let projects: Vec<Project> = kept
                .all()
                .into_iter()
                .filter_map(|row| {
                    let (version, at) = *stamps.get(&row.summary.id)?;
                    params.wants(at).then(|| Project::of(row, version, at))
                })
                .collect();
            let (items, next) = params.page_in_order(projects, |p| p.id.to_string())?;
            let read_at = crate::db::transaction_time(conn)?;
            Ok(Listed::new(items, next, read_at))
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// One project.
#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = Uuid, Path, description = "The project's id")),
    responses((status = 200, description = "The project; `ETag` is its plan version", body = Project,
        headers(("ETag" = String, description = "The plan version")))))]
pub async fn get(caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let caches = std::sync::Arc::clone(&caller.state.caches);
    let project = caller
        .run_about(Some(id), move |conn, _| one(conn, &caches, id))
        .await?;
    Ok(json::ok_tagged(project.version, &project))
}

/// The project `id` as the list shows it, or 404 when the user may not see it.
pub fn one(
    conn: &mut crate::command::Connection,
    caches: &crate::cache::Caches,
    id: Uuid,
) -> Result<Project, ApiError> {
    let listing = Listing::now(conn, caches)?;
    let kept = listing.load(conn, &ListFilter::default(), ListSort::Code, false)?;
    let row = kept
        .all()
        .into_iter()
        .find(|row| row.summary.id == id)
        .ok_or_else(ApiError::not_found)?;
    let (version, at) = *crate::projects::list::stamps(conn)?
        .get(&id)
        .ok_or_else(ApiError::not_found)?;
    Ok(Project::of(row, version, at))
}
