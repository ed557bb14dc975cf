//! `/api/v1/organisations` and `/api/v1/lookups`: the organisations and the lists forms choose
//! from (lifecycle states, role types, leave types, deliverable types, dissemination levels,
//! allocation groups, employee groups, calendars). Read-only: administrators change them on the
//! settings pages. Every signed-in user may read them (SPEC §6).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::paging::{ListParams, Listed};
use crate::api::problem::ApiError;
use crate::i18n::Lang;
use crate::reference::choices::{self, Choice};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organisations", web::get().to(organisations))
        .route("/lookups", web::get().to(lookups));
}

#[derive(OpenApi)]
#[openapi(
    paths(organisations, lookups),
    components(schemas(
        OrganisationItem,
        Listed<OrganisationItem>,
        Lookups,
        LookupValue,
        LifecycleStateValue,
        CalendarValue
    ))
)]
pub struct Doc;

/// An organisation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationItem {
    pub id: Uuid,
    /// Unique; what imports and `rediflow-org-*` groups name.
    pub short_name: String,
    pub name: String,
    /// The organisation above it; absent for a root (a legal entity).
    pub parent_id: Option<Uuid>,
    /// Selects the holiday calendar (`FI`, `SE`).
    pub country_code: Option<String>,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// Every organisation, by short name.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "lookups",
    params(ListParams),
    responses((status = 200, description = "A page of organisations", body = Listed<OrganisationItem>)))]
pub async fn organisations(
    caller: Caller,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    params.limit()?;
    let listed = caller
        .run(move |conn, _| {
            let items: Vec<OrganisationItem> = choices::organisations(conn)?
                .into_iter()
                .filter(|o| params.wants(o.modified_at))
                .map(|o| OrganisationItem {
                    id: o.id,
                    short_name: o.short_name,
                    name: o.name,
                    parent_id: o.parent_id,
                    country_code: o.country_code,
                    version: o.version,
                    modified_at: o.modified_at,
                })
                .collect();
            let (items, next) = params.page(items, |o| o.short_name.clone())?;
            Ok(Listed::new(items, next, crate::db::transaction_time(conn)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// One value of a lookup.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LookupValue {
    pub id: Uuid,
    /// What imports name it by; absent for role types and employee groups (known by name).
    pub code: Option<String>,
    /// The name as stored.
    pub name: String,
    /// The name in the request's language (`Accept-Language`): seeded names are translated,
    /// names typed by people are not.
    pub label: String,
    /// Its lookup group, if any.
    pub group: Option<String>,
    pub version: i64,
    pub modified_at: DateTime<Utc>,
}

/// A lifecycle state.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LifecycleStateValue {
    #[serde(flatten)]
    pub value: LookupValue,
    /// A sales-pipeline state (a proposal, not yet running).
    pub pipeline: bool,
    /// Projects in this state are locked: only super-admins change them.
    pub locks: bool,
}

/// A holiday calendar.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CalendarValue {
    #[serde(flatten)]
    pub value: LookupValue,
    pub country_code: Option<String>,
}

/// The lists forms choose from, each in its form's order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Lookups {
    pub lifecycle_states: Vec<LifecycleStateValue>,
    pub role_types: Vec<LookupValue>,
    pub leave_types: Vec<LookupValue>,
    pub deliverable_types: Vec<LookupValue>,
    pub dissemination_levels: Vec<LookupValue>,
    pub allocation_groups: Vec<LookupValue>,
    pub employee_groups: Vec<LookupValue>,
    pub calendars: Vec<CalendarValue>,
    /// Pass as `modified_since` to ask later for what changed since this answer.
    pub sync_from: DateTime<Utc>,
}

/// The lookups' query.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// Only the values changed at or after this time (RFC 3339): the `sync_from` of an earlier
    /// answer.
    pub modified_since: Option<DateTime<Utc>>,
}

fn value(choice: Choice, lang: Lang) -> LookupValue {
    LookupValue {
        id: choice.id,
        label: lang.lookup_name(&choice.name),
        code: choice.code,
        name: choice.name,
        group: choice.group,
        version: choice.version,
        modified_at: choice.modified_at,
    }
}

/// Every lookup, or what changed since `modified_since`.
#[utoipa::path(get, path = "/api/v1/lookups", tag = "lookups",
    params(LookupQuery),
    responses((status = 200, description = "The lookups", body = Lookups)))]
pub async fn lookups(
    caller: Caller,
    query: web::Query<LookupQuery>,
) -> Result<HttpResponse, ApiError> {
    let since = ListParams {
        modified_since: query.into_inner().modified_since,
        ..ListParams::default()
    };
    let lang = caller.lang;
    let found = caller
        .run(move |conn, _| {
            let all = choices::all(conn)?;
            let keep = |list: Vec<Choice>| -> Vec<LookupValue> {
                list.into_iter()
                    .filter(|c| since.wants(c.modified_at))
                    .map(|c| value(c, lang))
                    .collect()
            };
            let read_at = crate::db::transaction_time(conn)?;
            Ok(Lookups {
                lifecycle_states: all
                    .lifecycle_states
                    .into_iter()
                    .filter(|s| since.wants(s.choice.modified_at))
                    .map(|s| LifecycleStateValue {
                        value: value(s.choice, lang),
                        pipeline: s.is_pipeline,
                        locks: s.locks_project,
                    })
                    .collect(),
                calendars: all
                    .calendars
                    .into_iter()
                    .filter(|c| since.wants(c.choice.modified_at))
                    .map(|c| CalendarValue {
                        value: value(c.choice, lang),
                        country_code: c.country_code,
                    })
                    .collect(),
                role_types: keep(all.role_types),
                leave_types: keep(all.leave_types),
                deliverable_types: keep(all.deliverable_types),
                dissemination_levels: keep(all.dissemination_levels),
                allocation_groups: keep(all.allocation_groups),
                employee_groups: keep(all.employee_groups),
                // The same overlap before the read as every list's `sync_from`.
                sync_from: Listed::<()>::new(Vec::new(), None, read_at).sync_from,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}
