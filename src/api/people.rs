//! `/api/v1`: people (issue 22): persons (the people list, one person, and the administrators'
//! create, update and delete of the people pages), employee groups and memberships, a person's
//! FTE periods and leave (the person page's working-time forms), and a person's capacity per
//! month (the numbers of the person page and My allocations).

mod capacity;
mod working_time;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::paging::{ListParams, Listed};
use crate::api::problem::ApiError;
use crate::api::{etag, json};
use crate::command::Connection;
use crate::db::guarded::RowEdit;
use crate::people::edit::{self as person_edit, PersonForm};
use crate::people::persons::{self, PersonSummary};
use crate::people::sync::{self, PersonStamp};

pub use capacity::{CapacityMonth, PersonCapacity};
pub use working_time::{EmployeeGroup, FtePeriod, Leave, Membership};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/persons", web::get().to(list))
        .route("/persons", web::post().to(create))
        .route("/persons/{id}", web::get().to(get))
        .route("/persons/{id}", web::patch().to(update))
        .route("/persons/{id}", web::delete().to(delete))
        .route("/persons/{id}/capacity", web::get().to(capacity::capacity));
    working_time::routes(cfg);
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        get,
        create,
        update,
        delete,
        capacity::capacity,
        working_time::groups,
        working_time::memberships,
        working_time::add_membership,
        working_time::remove_membership,
        working_time::fte_periods,
        working_time::add_fte_period,
        working_time::change_fte_period,
        working_time::remove_fte_period,
        working_time::leave,
        working_time::add_leave,
        working_time::change_leave,
        working_time::remove_leave,
    ),
    components(schemas(
        Person,
        PersonFields,
        Listed<Person>,
        PersonCapacity,
        CapacityMonth,
        EmployeeGroup,
        Listed<EmployeeGroup>,
        Membership,
        Listed<Membership>,
        working_time::MembershipFields,
        FtePeriod,
        Listed<FtePeriod>,
        working_time::FtePeriodFields,
        Leave,
        Listed<Leave>,
        working_time::LeaveFields,
    ))
)]
pub struct Doc;

/// A person whose capacity is planned.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Person {
    pub id: Uuid,
    /// The sign-in username of people who log in.
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub organisation_id: Uuid,
    /// The organisation's short name.
    pub organisation: String,
    pub employment_start: Option<NaiveDate>,
    pub employment_end: Option<NaiveDate>,
    /// The user the person is linked to.
    pub user_id: Option<Uuid>,
    /// The row's version (the `ETag`).
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

impl Person {
    fn of(p: PersonSummary, stamp: PersonStamp) -> Person {
        Person {
            id: p.id,
            code: p.code,
            first_name: p.first_name,
            last_name: p.last_name,
            email: p.email,
            organisation_id: p.organisation_id,
            organisation: p.organisation,
            employment_start: p.employment_start,
            employment_end: p.employment_end,
            user_id: stamp.user_id,
            version: stamp.version,
            modified_at: stamp.modified_at,
        }
    }
}

/// A field that may be given as `null` (clears it) or left out (keeps it): `Some(None)` for null.
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A person's fields as the people admin form has them (its field names, which refusals name):
/// to create, everything a new person needs; to update (PATCH), only what changes. Days are
/// `YYYY-MM-DD`; `null` clears an optional field.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonFields {
    #[schema(max_length = 64)]
    pub code: Option<String>,
    #[schema(max_length = 200)]
    pub first_name: Option<String>,
    #[schema(max_length = 200)]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 254)]
    pub email: Option<Option<String>>,
    /// The organisation's id.
    pub organisation: Option<Uuid>,
    #[schema(value_type = Option<String>, format = Date)]
    pub employment_start: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Date)]
    pub employment_end: Option<Option<String>>,
    /// The id of the user to link; `null`: none.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub user: Option<Option<Uuid>>,
}

impl PersonFields {
    /// `form` with the fields given here in place of its own.
    fn over(self, mut form: PersonForm) -> PersonForm {
        let text = |v: Option<String>| v.unwrap_or_default();
        if let Some(code) = self.code {
            form.code = code;
        }
        if let Some(first) = self.first_name {
            form.first_name = first;
        }
        if let Some(last) = self.last_name {
            form.last_name = last;
        }
        if let Some(email) = self.email {
            form.email = text(email);
        }
        if let Some(organisation) = self.organisation {
            form.organisation = organisation.to_string();
        }
        if let Some(start) = self.employment_start {
            form.employment_start = start;
        }
        if let Some(end) = self.employment_end {
            form.employment_end = text(end);
        }
        if let Some(user) = self.user {
            form.user = user.map(|u| u.to_string()).unwrap_or_default();
        }
        form
    }
}

/// The person `id` if the user may see them.
pub(crate) fn one(conn: &mut Connection, id: Uuid) -> Result<Person, ApiError> {
    let summary = persons::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    let stamp = *sync::person_stamps(conn, Some(id))?
        .get(&id)
        .ok_or_else(ApiError::not_found)?;
    Ok(Person::of(summary, stamp))
}

/// The persons the token's user may see (the people page's list), by last and first name.
#[utoipa::path(get, path = "/api/v1/persons", tag = "people",
    params(ListParams),
    responses((status = 200, description = "A page of persons", body = Listed<Person>)))]
pub async fn list(
    caller: Caller,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    params.limit()?;
    let listed = caller
        .run(move |conn, _| {
            let stamps = sync::person_stamps(conn, None)?;
            let people: Vec<Person> = persons::list(conn)?
                .into_iter()
                .filter_map(|p| {
                    let stamp = *stamps.get(&p.id)?;
                    params
                        .wants(stamp.modified_at)
                        .then(|| Person::of(p, stamp))
                })
                .collect();
            params.listed_in_order(conn, people, |p| p.id.to_string())
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// One person.
#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "The person; `ETag` is its version", body = Person,
        headers(("ETag" = String, description = "The person's version")))))]
pub async fn get(caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let person = caller.run(move |conn, _| one(conn, id)).await?;
    Ok(json::ok_tagged(person.version, &person))
}

/// Adds a person (administrators), as the people admin page's add form.
#[utoipa::path(post, path = "/api/v1/persons", tag = "people",
    request_body = PersonFields,
    responses((status = 201, description = "The new person", body = Person,
        headers(("ETag" = String, description = "The person's version"),
            ("Location" = String, description = "The person's address")))))]
pub async fn create(
    caller: Caller,
    body: web::Json<PersonFields>,
) -> Result<HttpResponse, ApiError> {
    let form = body.into_inner().over(PersonForm::default());
    let person = caller
        .run(move |conn, holding| {
            let id = person_edit::create_person(conn, &holding.acting, &form)?;
            one(conn, id)
        })
        .await?;
    let location = format!("/api/v1/persons/{}", person.id);
    Ok(json::created(&location, person.version, &person))
}

/// Changes the fields given (administrators), as the person's edit form; `If-Match` is the
/// person's version.
#[utoipa::path(patch, path = "/api/v1/persons/{id}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    request_body = PersonFields,
    responses((status = 200, description = "The person as stored now", body = Person,
        headers(("ETag" = String, description = "The person's version")))))]
pub async fn update(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<PersonFields>,
) -> Result<HttpResponse, ApiError> {
    let (id, fields) = (id.into_inner(), body.into_inner());
    let version = etag::if_match(&req)?;
    let person = caller
        .run(move |conn, holding| {
            one(conn, id)?;
            let (form, _, _) = person_edit::edit_form(conn, id)?.ok_or_else(ApiError::not_found)?;
            let change = RowEdit {
                id,
                version,
                form: fields.over(form),
            };
            person_edit::update_person(conn, &holding.acting, &change)?;
            one(conn, id)
        })
        .await?;
    Ok(json::ok_tagged(person.version, &person))
}

/// Deletes a person with their working time and assignments (administrators), as the people
/// admin page; `If-Match` is the person's version.
#[utoipa::path(delete, path = "/api/v1/persons/{id}", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"),
        ("If-Match" = String, Header, description = "The ETag of the version you read")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete(
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let version = etag::if_match(&req)?;
    caller
        .run(move |conn, holding| {
            one(conn, id)?;
            person_edit::delete_person(conn, &holding.acting, (id, version))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
