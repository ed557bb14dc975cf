//! A person's working time over the API: employee groups and memberships, FTE periods and leave,
//! read as the person page shows them and changed through its working-time commands
//! (`people::edit::{add_fte_period, add_leave, remove_working_time}`).

use std::collections::HashSet;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::paging::{ListParams, Listed};
use crate::api::people::nullable;
use crate::api::problem::ApiError;
use crate::api::{etag, json};
use crate::command::{Acting, Connection, Outcome};
use crate::people::edit::{
    self as person_edit, WorkingTime, WorkingTimeChange, WorkingTimeForm, WorkingTimeRemoval,
    WorkingTimeRow,
};
use crate::people::sync;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/employee-groups", web::get().to(groups))
        .route("/persons/{id}/memberships", web::get().to(memberships))
        .route("/persons/{id}/memberships", web::post().to(add_membership))
        .route(
            "/persons/{id}/memberships/{row}",
            web::delete().to(remove_membership),
        )
        .route("/persons/{id}/fte-periods", web::get().to(fte_periods))
        .route("/persons/{id}/fte-periods", web::post().to(add_fte_period))
        .route(
            "/persons/{id}/fte-periods/{row}",
            web::patch().to(change_fte_period),
        )
        .route(
            "/persons/{id}/fte-periods/{row}",
            web::delete().to(remove_fte_period),
        )
        .route("/persons/{id}/leave", web::get().to(leave))
        .route("/persons/{id}/leave", web::post().to(add_leave))
        .route("/persons/{id}/leave/{row}", web::patch().to(change_leave))
        .route("/persons/{id}/leave/{row}", web::delete().to(remove_leave));
}

/// An employee group (its daily hours are in the lookups).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmployeeGroup {
    pub id: Uuid,
    pub name: String,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// A person's membership of an employee group from a day on (until their next membership).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Membership {
    pub id: Uuid,
    pub person_id: Uuid,
    pub group_id: Uuid,
    pub valid_from: NaiveDate,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// A period of a person's FTE percentage (the period that started last applies).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FtePeriod {
    pub id: Uuid,
    pub start: NaiveDate,
    /// The last day; open-ended when absent.
    pub end: Option<NaiveDate>,
    pub percent: f64,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// Leave from the first to the last day (inclusive).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Leave {
    pub id: Uuid,
    /// The leave type's code.
    pub leave_type: String,
    pub leave_type_name: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// An FTE period's fields, as the person page's form (days `YYYY-MM-DD`): to add, `start` and
/// `percent` (and an `end` if any); to change (PATCH), only what changes (`end: null`: open-ended).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FtePeriodFields {
    #[schema(format = Date)]
    pub start: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Date)]
    pub end: Option<Option<String>>,
    /// 0 to 100, at most two decimals.
    pub percent: Option<f64>,
}

impl FtePeriodFields {
    /// `form` with the fields given here in place of its own.
    fn over(self, mut form: WorkingTimeForm) -> WorkingTimeForm {
        if let Some(start) = self.start {
            form.start = start;
        }
        if let Some(end) = self.end {
            form.end = end.unwrap_or_default();
        }
        if let Some(percent) = self.percent {
            form.percent = json::typed(percent);
        }
        form
    }
}

/// Leave's fields, as the person page's form: to add, all of them; to change (PATCH), only what
/// changes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveFields {
    /// The leave type's id.
    pub leave_type: Option<Uuid>,
    #[schema(format = Date)]
    pub first_day: Option<String>,
    #[schema(format = Date)]
    pub last_day: Option<String>,
}

impl LeaveFields {
    /// `form` with the fields given here in place of its own.
    fn over(self, mut form: WorkingTimeForm) -> WorkingTimeForm {
        if let Some(kind) = self.leave_type {
            form.leave_type = kind.to_string();
        }
        if let Some(first) = self.first_day {
            form.first_day = first;
        }
        if let Some(last) = self.last_day {
            form.last_day = last;
        }
        form
    }
}

/// A new membership of an employee group, as the person page's form.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipFields {
    /// The employee group's id.
    pub group: Option<Uuid>,
    /// The first day, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub valid_from: Option<String>,
}

/// Person `id`'s working time, if the user may see the person.
fn working_time(conn: &mut Connection, id: Uuid) -> Result<WorkingTime, ApiError> {
    super::one(conn, id)?;
    person_edit::working_time(conn, id)?.ok_or_else(ApiError::not_found)
}

/// Every employee group.
#[utoipa::path(get, path = "/api/v1/employee-groups", tag = "people",
    params(ListParams),
    responses((status = 200, description = "A page of employee groups", body = Listed<EmployeeGroup>)))]
pub async fn groups(
    caller: Caller,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    params.limit()?;
    let listed = caller
        .run(move |conn, _| {
            let (groups, _) = sync::employee_groups(conn, None)?;
            let groups: Vec<EmployeeGroup> = groups
                .into_iter()
                .filter(|g| params.wants(g.3))
                .map(|(id, name, version, modified_at)| EmployeeGroup {
                    id,
                    name,
                    version,
                    modified_at,
                })
                .collect();
            params.listed_in_order(conn, groups, |g| g.id.to_string())
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// A person's employee-group memberships, earliest first.
#[utoipa::path(get, path = "/api/v1/persons/{id}/memberships", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"), ListParams),
    responses((status = 200, description = "A page of memberships", body = Listed<Membership>)))]
pub async fn memberships(
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, params) = (id.into_inner(), params.into_inner());
    params.limit()?;
    let listed = caller
        .run(move |conn, _| {
            let rows = membership_rows(conn, id)?
                .into_iter()
                .filter(|m| params.wants(m.modified_at))
                .collect();
            params.listed_in_order(conn, rows, |m: &Membership| m.id.to_string())
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// The memberships of person `id`, earliest first.
fn membership_rows(conn: &mut Connection, id: Uuid) -> Result<Vec<Membership>, ApiError> {
    super::one(conn, id)?;
    let (_, rows) = sync::employee_groups(conn, Some(id))?;
    Ok(rows
        .into_iter()
        .map(|m| Membership {
            id: m.id,
            person_id: m.person_id,
            group_id: m.group_id,
            valid_from: m.valid_from,
            version: m.version,
            modified_at: m.modified_at,
        })
        .collect())
}

/// The FTE periods of person `id`, earliest first.
fn fte_rows(conn: &mut Connection, id: Uuid) -> Result<Vec<FtePeriod>, ApiError> {
    let wt = working_time(conn, id)?;
    let changed = sync::working_time_changes(conn, id)?;
    Ok(wt
        .fte_periods
        .into_iter()
        .filter_map(|(row, start, end, percent, version)| {
            Some(FtePeriod {
                id: row,
                start,
                end,
                percent: json::number(&percent),
                version,
                modified_at: *changed.get(&row)?,
            })
        })
        .collect())
}

/// The leave of person `id`, earliest first.
fn leave_rows(conn: &mut Connection, id: Uuid) -> Result<Vec<Leave>, ApiError> {
    let wt = working_time(conn, id)?;
    let changed = sync::working_time_changes(conn, id)?;
    Ok(wt
        .leave
        .into_iter()
        .filter_map(|(row, code, name, first, last, version)| {
            Some(Leave {
                id: row,
                leave_type: code,
                leave_type_name: name,
                first_day: first,
                last_day: last,
                version,
                modified_at: *changed.get(&row)?,
            })
        })
        .collect())
}

/// A person's FTE periods, earliest first.
#[utoipa::path(get, path = "/api/v1/persons/{id}/fte-periods", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"), ListParams),
    responses((status = 200, description = "A page of FTE periods", body = Listed<FtePeriod>)))]
pub async fn fte_periods(
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, params) = (id.into_inner(), params.into_inner());
    params.limit()?;
    let listed = caller
        .run(move |conn, _| {
            let rows = fte_rows(conn, id)?
                .into_iter()
                .filter(|r| params.wants(r.modified_at))
                .collect();
            params.listed_in_order(conn, rows, |r: &FtePeriod| r.id.to_string())
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// A person's leave, earliest first.
#[utoipa::path(get, path = "/api/v1/persons/{id}/leave", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"), ListParams),
    responses((status = 200, description = "A page of leave", body = Listed<Leave>)))]
pub async fn leave(
    caller: Caller,
    id: web::Path<Uuid>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, params) = (id.into_inner(), params.into_inner());
    params.limit()?;
    let listed = caller
        .run(move |conn, _| {
            let rows = leave_rows(conn, id)?
                .into_iter()
                .filter(|r| params.wants(r.modified_at))
                .collect();
            params.listed_in_order(conn, rows, |r: &Leave| r.id.to_string())
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// The command that adds a working-time row from its form.
type AddCommand = fn(&mut Connection, &Acting, (Uuid, &WorkingTimeForm)) -> Outcome<()>;

/// Runs `add` for person `id` and answers the one row it added (201), found by its id: the row
/// `rows` lists now and did not before.
async fn added<T, R>(
    caller: Caller,
    id: Uuid,
    form: WorkingTimeForm,
    (add, rows, location): (AddCommand, R, &'static str),
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static + RowOf,
    R: Fn(&mut Connection, Uuid) -> Result<Vec<T>, ApiError> + Send + 'static,
{
    let row = caller
        .run(move |conn, holding| {
            let before: HashSet<Uuid> = rows(conn, id)?.iter().map(RowOf::id).collect();
            add(conn, &holding.acting, (id, &form))?;
            rows(conn, id)?
                .into_iter()
                .find(|r| !before.contains(&r.id()))
                .ok_or_else(ApiError::not_found)
        })
        .await?;
    let address = format!("/api/v1/persons/{id}/{location}/{}", row.id());
    Ok(json::created(&address, row.version(), &row))
}

/// A working-time row's id and version.
trait RowOf {
    fn id(&self) -> Uuid;
    fn version(&self) -> i64;
}

impl RowOf for FtePeriod {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl RowOf for Membership {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl RowOf for Leave {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// Adds an FTE period (administrators), as the person page's form.
#[utoipa::path(post, path = "/api/v1/persons/{id}/fte-periods", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    request_body = FtePeriodFields,
    responses((status = 201, description = "The new FTE period", body = FtePeriod,
        headers(("ETag" = String, description = "The row's version"),
            ("Location" = String, description = "The row's address")))))]
pub async fn add_fte_period(
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<FtePeriodFields>,
) -> Result<HttpResponse, ApiError> {
    let form = body.into_inner().over(WorkingTimeForm::default());
    let add: AddCommand = person_edit::add_fte_period;
    added(
        caller,
        id.into_inner(),
        form,
        (add, fte_rows, "fte-periods"),
    )
    .await
}

/// Adds leave (administrators), as the person page's form.
#[utoipa::path(post, path = "/api/v1/persons/{id}/leave", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    request_body = LeaveFields,
    responses((status = 201, description = "The new leave", body = Leave,
        headers(("ETag" = String, description = "The row's version"),
            ("Location" = String, description = "The row's address")))))]
pub async fn add_leave(
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<LeaveFields>,
) -> Result<HttpResponse, ApiError> {
    let form = body.into_inner().over(WorkingTimeForm::default());
    let add: AddCommand = person_edit::add_leave;
    added(caller, id.into_inner(), form, (add, leave_rows, "leave")).await
}

/// Removes one working-time row still at the version `If-Match` names.
async fn remove(
    caller: Caller,
    req: HttpRequest,
    (person, row): (Uuid, Uuid),
    kind: WorkingTimeRow,
) -> Result<HttpResponse, ApiError> {
    let version = etag::if_match(&req)?;
    caller
        .run(move |conn, holding| {
            working_time(conn, person)?;
            let removal = WorkingTimeRemoval {
                person,
                kind,
                row,
                version,
            };
            person_edit::remove_working_time(conn, &holding.acting, &removal)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes an FTE period (administrators).
#[utoipa::path(delete, path = "/api/v1/persons/{id}/fte-periods/{row}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"),
        ("row" = Uuid, Path, description = "The FTE period's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_fte_period(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    remove(caller, req, path.into_inner(), WorkingTimeRow::FtePeriod).await
}

/// Removes leave (administrators).
#[utoipa::path(delete, path = "/api/v1/persons/{id}/leave/{row}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"),
        ("row" = Uuid, Path, description = "The leave's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_leave(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    remove(caller, req, path.into_inner(), WorkingTimeRow::Leave).await
}

/// The form of FTE period `row` of person `id` filled with its stored values.
fn fte_form(conn: &mut Connection, id: Uuid, row: Uuid) -> Result<WorkingTimeForm, ApiError> {
    let wt = working_time(conn, id)?;
    let (_, start, end, percent, _) = wt
        .fte_periods
        .into_iter()
        .find(|f| f.0 == row)
        .ok_or_else(ApiError::not_found)?;
    Ok(WorkingTimeForm {
        start: start.to_string(),
        end: end.map(|d| d.to_string()).unwrap_or_default(),
        percent: percent.normalized().to_string(),
        ..WorkingTimeForm::default()
    })
}

/// The form of leave `row` of person `id` filled with its stored values.
fn leave_form(conn: &mut Connection, id: Uuid, row: Uuid) -> Result<WorkingTimeForm, ApiError> {
    let wt = working_time(conn, id)?;
    let (_, code, _, first, last, _) = wt
        .leave
        .into_iter()
        .find(|l| l.0 == row)
        .ok_or_else(ApiError::not_found)?;
    let kind = wt
        .leave_types
        .iter()
        .find(|t| t.1 == code)
        .map(|t| t.0.to_string())
        .unwrap_or_default();
    Ok(WorkingTimeForm {
        leave_type: kind,
        first_day: first.to_string(),
        last_day: last.to_string(),
        ..WorkingTimeForm::default()
    })
}

/// Changes an FTE period (administrators) by the add form's rules; `If-Match` is its version.
#[utoipa::path(patch, path = "/api/v1/persons/{id}/fte-periods/{row}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"),
        ("row" = Uuid, Path, description = "The FTE period's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = FtePeriodFields,
    responses((status = 200, description = "The FTE period as stored now", body = FtePeriod,
        headers(("ETag" = String, description = "The row's version")))))]
pub async fn change_fte_period(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<FtePeriodFields>,
) -> Result<HttpResponse, ApiError> {
    let ((person, row), fields) = (path.into_inner(), body.into_inner());
    let version = etag::if_match(&req)?;
    let period = caller
        .run(move |conn, holding| {
            let form = fields.over(fte_form(conn, person, row)?);
            let change = WorkingTimeChange {
                person,
                row,
                version,
                form,
            };
            person_edit::update_fte_period(conn, &holding.acting, &change)?;
            fte_rows(conn, person)?
                .into_iter()
                .find(|r| r.id == row)
                .ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(json::ok_tagged(period.version, &period))
}

/// Changes leave (administrators) by the add form's rules; `If-Match` is its version.
#[utoipa::path(patch, path = "/api/v1/persons/{id}/leave/{row}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"),
        ("row" = Uuid, Path, description = "The leave's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = LeaveFields,
    responses((status = 200, description = "The leave as stored now", body = Leave,
        headers(("ETag" = String, description = "The row's version")))))]
pub async fn change_leave(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<LeaveFields>,
) -> Result<HttpResponse, ApiError> {
    let ((person, row), fields) = (path.into_inner(), body.into_inner());
    let version = etag::if_match(&req)?;
    let leave = caller
        .run(move |conn, holding| {
            let form = fields.over(leave_form(conn, person, row)?);
            let change = WorkingTimeChange {
                person,
                row,
                version,
                form,
            };
            person_edit::update_leave(conn, &holding.acting, &change)?;
            leave_rows(conn, person)?
                .into_iter()
                .find(|r| r.id == row)
                .ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(json::ok_tagged(leave.version, &leave))
}

/// Puts a person in an employee group from a day on (administrators), as the person page.
#[utoipa::path(post, path = "/api/v1/persons/{id}/memberships", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    request_body = MembershipFields,
    responses((status = 201, description = "The new membership", body = Membership,
        headers(("ETag" = String, description = "The row's version"),
            ("Location" = String, description = "The row's address")))))]
pub async fn add_membership(
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<MembershipFields>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.into_inner();
    let form = WorkingTimeForm {
        group: fields.group.map(|g| g.to_string()).unwrap_or_default(),
        valid_from: fields.valid_from.unwrap_or_default(),
        ..WorkingTimeForm::default()
    };
    let add: AddCommand = person_edit::add_membership;
    added(
        caller,
        id.into_inner(),
        form,
        (add, membership_rows, "memberships"),
    )
    .await
}

/// Removes a membership (administrators).
#[utoipa::path(delete, path = "/api/v1/persons/{id}/memberships/{row}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"),
        ("row" = Uuid, Path, description = "The membership's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_membership(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    remove(caller, req, path.into_inner(), WorkingTimeRow::Membership).await
}
