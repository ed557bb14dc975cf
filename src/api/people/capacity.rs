//! `/api/v1/persons/{id}/capacity`: a person's capacity per month, with what their assignments
//! take of it: the numbers of the person page and My allocations (`staffing::person_plan` over
//! the capacity facts of `cache::facts`), never counted a second way.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::json;
use crate::api::problem::ApiError;
use crate::i18n::Msg;
use crate::people::staffing::{self, AssignmentsOf};
use crate::planning::months::add_months;

/// The most months one answer covers (ten years).
const MAX_MONTHS: i32 = 120;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CapacityQuery {
    /// First month, `YYYY-MM`.
    pub from: String,
    /// Last month, `YYYY-MM` (at most 120 months after `from`).
    pub to: String,
}

/// One month of a person's capacity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapacityMonth {
    #[schema(example = "2027-01")]
    pub month: String,
    /// Days the person works (after holidays, leave and employment).
    pub working_days: u32,
    pub hours: f64,
    /// The hours one PM is in this month.
    pub hours_per_pm: f64,
    /// Capacity in person-months.
    pub pm: f64,
    /// PM allocated to the projects the user may see.
    pub allocated_pm: f64,
    /// `pm` − `allocated_pm` (negative: over-allocated).
    pub free_pm: f64,
}

/// A person's capacity over the months asked for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonCapacity {
    pub person_id: Uuid,
    pub months: Vec<CapacityMonth>,
}

fn month(name: &'static str, text: &str) -> Result<chrono::NaiveDate, ApiError> {
    json::parse_month(text).ok_or_else(|| ApiError::field(name, Msg::new("api-month-invalid")))
}

/// A person's capacity per month in hours and PM, and their allocation.
#[utoipa::path(get, path = "/api/v1/persons/{id}/capacity", tag = "people",
    params(("id" = Uuid, Path, description = "The person's id"), CapacityQuery),
    responses((status = 200, description = "Capacity per month", body = PersonCapacity)))]
pub async fn capacity(
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<CapacityQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (from, to) = (month("from", &query.from)?, month("to", &query.to)?);
    let months: Vec<chrono::NaiveDate> = (0..MAX_MONTHS)
        .filter_map(|m| add_months(from, m))
        .take_while(|m| *m <= to)
        .collect();
    if to < from {
        return Err(ApiError::field(
            "to",
            Msg::new("api-people-months-order")
                .arg("from", json::month(from))
                .arg("to", json::month(to)),
        ));
    }
    if months.last().is_none_or(|last| *last < to) {
        return Err(ApiError::field(
            "to",
            Msg::new("api-people-months-too-many").arg("max", MAX_MONTHS),
        ));
    }
    if !caller.state.settings.person_capacity_enabled {
        return Err(ApiError::not_found());
    }
    let default = caller.state.settings.hours_per_pm.clone();
    let caches = std::sync::Arc::clone(&caller.state.caches);
    let answer = caller
        .run(move |conn, _| {
            // The version before the data it versions.
            let facts = caches.facts_now(conn)?;
            let last_day = add_months(to, 1).and_then(|d| d.pred_opt()).unwrap_or(to);
            let staff = staffing::load_staff(conn, &facts, &[id], from, last_day, &default)?;
            if !staff.members.contains_key(&id) {
                return Err(ApiError::not_found());
            }
            let assignments =
                staffing::load_assignments(conn, AssignmentsOf::Persons(&[id]), Some((from, to)))?;
            let plan = staffing::person_plan(
                &staff,
                id,
                &assignments,
                &months,
                // The API's figures count all work, as before tentative work existed.
                crate::planning::reading::Reading::WithTentative,
            );
            Ok(PersonCapacity {
                person_id: id,
                months: plan
                    .months
                    .iter()
                    .map(|m| CapacityMonth {
                        month: json::month(m.month),
                        working_days: m.capacity.working_days,
                        hours: json::number(&m.capacity.hours),
                        hours_per_pm: json::number(&m.hours_per_pm),
                        pm: json::number(&m.capacity.pm),
                        allocated_pm: json::number(&m.allocated),
                        free_pm: json::number(&m.free()),
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
