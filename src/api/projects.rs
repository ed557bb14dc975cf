//! `/api/v1/projects`: the projects list with the list page's filters, one project, and the
//! changes the project form makes: create, update, the lifecycle state and the partners. Every
//! change runs the form's own command (`projects::edit`) on the form's values with the fields
//! given laid over them, so the rules, the sentences and the field names are the form's.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::etag;
use crate::api::json;
use crate::api::paging::{ListParams, Listed};
use crate::api::problem::ApiError;
use crate::i18n::Msg;
use crate::projects::ProjectListRow;
use crate::projects::edit::{self, ProjectEdit, ProjectForm};
use crate::projects::list::{ListFilter, ListSort, Listing};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects", web::get().to(list))
        .route("/projects", web::post().to(create))
        .route("/projects/{id}", web::get().to(get))
        .route("/projects/{id}", web::patch().to(update))
        .route("/projects/{id}/lifecycle", web::put().to(set_lifecycle))
        .route("/projects/{id}/partners", web::get().to(partners))
        .route("/projects/{id}/partners", web::put().to(set_partners));
}

#[derive(OpenApi)]
#[openapi(
    paths(list, create, get, update, set_lifecycle, partners, set_partners),
    components(schemas(
        Project,
        OrganisationRef,
        Totals,
        Listed<Project>,
        ProjectInput,
        LifecycleInput,
        PartnersInput,
        Partner,
        Listed<Partner>
    ))
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
    /// The project's own win probability in whole percent (0–100); `null`: its lifecycle
    /// state's default.
    pub win_probability: Option<i32>,
    /// The win probability that counts: `win_probability`, else the state's default.
    pub effective_probability: i32,
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
            win_probability: row.win_probability,
            effective_probability: row.probability,
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
            params.listed_in_order(conn, projects, |p| p.id.to_string())
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
    let row = kept.row_of(id).ok_or_else(ApiError::not_found)?;
    let (version, at) =
        crate::projects::list::stamp_of(conn, id)?.ok_or_else(ApiError::not_found)?;
    Ok(Project::of(row, version, at))
}

// ---------------------------------------------------------------------------------------------
// Changes: the project form's command on the form's values

/// Reads a field that may be `null` (clear it) or absent (leave it): `Some(None)` for `null`.
pub(crate) fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The fields of the project form. A new project takes what is given (a missing field is an
/// empty one, refused as the form refuses it); an update changes only the fields given, `null`
/// clearing an optional one. Field names, rules and sentences are the form's.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    /// The project's code (acronym), unique.
    pub code: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// The project owner organisation's (POO) id.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub poo: Option<Option<Uuid>>,
    /// The partner organisations' ids (the whole set).
    pub partners: Option<Vec<Uuid>>,
    /// A lifecycle state's code (`running`), or its id.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub lifecycle: Option<Option<String>>,
    /// First month, `YYYY-MM`.
    #[schema(example = "2027-01")]
    pub start: Option<String>,
    /// Duration in months.
    pub duration: Option<i64>,
    /// The project's default hours per person-month.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<f64>)]
    pub hours_per_pm: Option<Option<f64>>,
    /// The win probability, a whole percent 0–100; `null`: the lifecycle state's default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub win_probability: Option<Option<i64>>,
}

/// The lifecycle state to set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LifecycleInput {
    /// A lifecycle state's code (`running`), or its id; `null` for none.
    #[serde(deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, required = true)]
    pub state: Option<Option<String>>,
}

/// The partners to set: the whole set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnersInput {
    pub partners: Vec<Uuid>,
}

/// A partner organisation of a project.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Partner {
    pub id: Uuid,
    pub short_name: String,
    /// When it became a partner.
    pub modified_at: DateTime<Utc>,
}

/// The text the form's lifecycle select would send for `given`: the id of the state with that
/// code, else the text itself (an id, or something the form's rule refuses with its sentence).
fn lifecycle_choice(
    conn: &mut crate::command::Connection,
    given: Option<String>,
) -> Result<String, ApiError> {
    let text = given.unwrap_or_default().trim().to_string();
    if text.is_empty() {
        return Ok(text);
    }
    Ok(match edit::lifecycle_by_code(conn, &text)? {
        Some(id) => id.to_string(),
        None => text,
    })
}

impl ProjectInput {
    /// Lays the fields given over `form`.
    fn overlay(
        self,
        conn: &mut crate::command::Connection,
        form: &mut ProjectForm,
    ) -> Result<(), ApiError> {
        let text = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
        if let Some(code) = self.code {
            form.code = code;
        }
        if let Some(name) = self.name {
            form.name = name;
        }
        if let Some(description) = self.description {
            form.description = description;
        }
        if let Some(poo) = self.poo {
            form.poo = text(poo);
        }
        if let Some(partners) = self.partners {
            form.partners = partners.iter().map(Uuid::to_string).collect();
        }
        if let Some(lifecycle) = self.lifecycle {
            form.lifecycle = lifecycle_choice(conn, lifecycle)?;
        }
        if let Some(start) = self.start {
            form.start = start;
        }
        if let Some(duration) = self.duration {
            form.duration = duration.to_string();
        }
        if let Some(hours) = self.hours_per_pm {
            form.hours_per_pm = hours.map(json::typed).unwrap_or_default();
        }
        if let Some(probability) = self.win_probability {
            // The form's rule judges it, so 101 or -1 is refused with the form's sentence.
            form.probability = probability.map(|p| p.to_string()).unwrap_or_default();
        }
        Ok(())
    }
}

/// The project `id` as answered after a change: read in a transaction of its own, after the
/// change committed, because the projects book is kept per committed data version and must never
/// be filled from a transaction that has not committed.
async fn answer(caller: &Caller, id: Uuid) -> Result<Project, ApiError> {
    let caches = std::sync::Arc::clone(&caller.state.caches);
    caller
        .run_about(Some(id), move |conn, _| one(conn, &caches, id))
        .await
}

/// Creates a project, as the new-project form does.
#[utoipa::path(post, path = "/api/v1/projects", tag = "projects",
    request_body = ProjectInput,
    responses((status = 201, description = "The new project", body = Project,
        headers(("ETag" = String, description = "The plan version"),
            ("Location" = String, description = "The project's address")))))]
pub async fn create(
    caller: Caller,
    body: web::Json<ProjectInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let id = caller
        .run(move |conn, holding| {
            let mut form = ProjectForm::default();
            input.overlay(conn, &mut form)?;
            Ok(edit::create_project(conn, &holding.acting, &form)?)
        })
        .await?;
    let project = answer(&caller, id).await?;
    let location = format!("/api/v1/projects/{id}");
    Ok(json::created(&location, project.version, &project))
}

/// Runs the edit form's command on project `id` as its form shows it now, changed by `change`,
/// at the version `If-Match` names; the project as it is then.
async fn edit_project<F>(
    caller: &Caller,
    req: &HttpRequest,
    id: Uuid,
    change: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut crate::command::Connection, &mut ProjectForm) -> Result<(), ApiError>
        + Send
        + 'static,
{
    let version = etag::if_match(req)?;
    caller
        .run_about(Some(id), move |conn, holding| {
            // The row lock first, so that the values laid over are the ones of the version the
            // command then compares with `If-Match`.
            crate::projects::version::lock(conn, id)?;
            let mut form = edit::edit_form(conn, &holding.acting.policy, id)?;
            change(conn, &mut form)?;
            form.version = version.to_string();
            let input = ProjectEdit { project: id, form };
            Ok(edit::update_project(conn, &holding.acting, input)?)
        })
        .await?;
    let project = answer(caller, id).await?;
    Ok(json::ok_tagged(project.version, &project))
}

/// Changes the fields given, as the project's edit form does.
#[utoipa::path(patch, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = ProjectInput,
    responses((status = 200, description = "The project as changed", body = Project,
        headers(("ETag" = String, description = "The plan version")))))]
pub async fn update(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ProjectInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    edit_project(&caller, &req, id.into_inner(), move |conn, form| {
        input.overlay(conn, form)
    })
    .await
}

/// Sets the project's lifecycle state, as its edit form does (a state that locks the project,
/// such as closed, leaves it to super-admins from then on).
#[utoipa::path(put, path = "/api/v1/projects/{id}/lifecycle", tag = "projects",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = LifecycleInput,
    responses((status = 200, description = "The project as changed", body = Project,
        headers(("ETag" = String, description = "The plan version")))))]
pub async fn set_lifecycle(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<LifecycleInput>,
) -> Result<HttpResponse, ApiError> {
    let state = body.into_inner().state.flatten();
    edit_project(&caller, &req, id.into_inner(), move |conn, form| {
        form.lifecycle = lifecycle_choice(conn, state)?;
        Ok(())
    })
    .await
}

/// The project's partner organisations.
#[utoipa::path(get, path = "/api/v1/projects/{id}/partners", tag = "projects",
    params(("id" = Uuid, Path, description = "The project's id"), ListParams),
    responses((status = 200, description = "A page of partners", body = Listed<Partner>)))]
pub async fn partners(
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, params) = (id.into_inner(), params.into_inner());
    params.limit()?;
    let listed = caller
        .run_about(Some(id), move |conn, _| {
            crate::projects::lock_of(conn, id)?.ok_or_else(ApiError::not_found)?;
            let all: Vec<Partner> = edit::partners(conn, id)?
                .into_iter()
                .filter(|p| params.wants(p.modified_at))
                .map(|p| Partner {
                    id: p.id,
                    short_name: p.short_name,
                    modified_at: p.modified_at,
                })
                .collect();
            params.listed_in_order(conn, all, |p| p.id.to_string())
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// Sets the project's partners (the whole set), as its edit form does.
#[utoipa::path(put, path = "/api/v1/projects/{id}/partners", tag = "projects",
    params(("id" = Uuid, Path, description = "The project's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = PartnersInput,
    responses((status = 200, description = "The project as changed", body = Project,
        headers(("ETag" = String, description = "The plan version")))))]
pub async fn set_partners(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<PartnersInput>,
) -> Result<HttpResponse, ApiError> {
    let chosen = body.into_inner().partners;
    edit_project(&caller, &req, id.into_inner(), move |_, form| {
        form.partners = chosen.iter().map(Uuid::to_string).collect();
        Ok(())
    })
    .await
}
