//! `/api/v1/portfolio`: per organisation (with its children) and month, capacity, allocation,
//! EST demand and the gap; and the over- and under-allocated people. The portfolio page's own
//! computation (`portfolio::view`) with the page's choices (`portfolio::Window`): the figures
//! are the page's.
//!
//! Both answers are reports computed for the moment they are asked, not lists of stored rows:
//! they take no cursor or `modified_since`.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::json;
use crate::api::problem::ApiError;
use crate::planning::milli_pm;
use crate::portfolio::{self, LIST_LIMIT, Measures, PersonLoad, Window, WindowText};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/portfolio", web::get().to(heatmap))
        .route("/portfolio/people", web::get().to(people));
}

#[derive(OpenApi)]
#[openapi(
    paths(heatmap, people),
    components(schemas(
        PortfolioAnswer,
        OrganisationMeasures,
        MonthMeasures,
        PeopleAnswer,
        PersonAllocation,
        MonthShare,
        ProjectCode
    ))
)]
pub struct Doc;

/// The portfolio page's choices.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortfolioQuery {
    /// Only this organisation and those below it (all organisations unless given).
    pub org: Option<String>,
    /// Only people holding this role (a role type's id) in an assignment during the months.
    pub role: Option<String>,
    /// The first month, `YYYY-MM` (next month unless given).
    pub from: Option<String>,
    /// How many months: 3 (default), 6, 12 or 24.
    pub months: Option<String>,
    /// The under-allocation threshold, a whole percentage 0–100 (the server's
    /// UNDER_ALLOCATION_PERCENT unless given).
    pub under: Option<String>,
    /// How to read the plan: `confirmed` (confirmed work only), `tentative` (confirmed and
    /// tentative work, the default) or `weighted` (tentative work times its project's win
    /// probability).
    pub reading: Option<String>,
}

/// One month of an organisation (or of the whole selection), in person-months.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthMeasures {
    #[schema(example = "2027-03")]
    pub month: String,
    /// What its people can do.
    pub capacity: f64,
    /// What their assignments take.
    pub allocated: f64,
    /// The EST demand planned for the organisation (all projects but rejected ones).
    pub est_demand: f64,
    /// Capacity − EST demand: below zero the organisation plans more than its people can do.
    pub gap: f64,
}

/// An organisation with the measures of its whole subtree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationMeasures {
    pub id: Uuid,
    pub short_name: String,
    /// 0 for the organisation chosen (or a root), 1 for its children, …
    pub depth: usize,
    /// The people counted, in the organisation and below it.
    pub people: usize,
    pub months: Vec<MonthMeasures>,
}

/// The portfolio heatmap.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PortfolioAnswer {
    /// The months, `YYYY-MM`.
    pub months: Vec<String>,
    /// The organisation chosen, if any.
    pub organisation: Option<Uuid>,
    pub role: Option<Uuid>,
    /// Depth first, children after their parent.
    pub organisations: Vec<OrganisationMeasures>,
    /// The whole selection (the organisation chosen, or every root together).
    pub total: Vec<MonthMeasures>,
}

/// A person's allocation in one month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthShare {
    #[schema(example = "2027-03")]
    pub month: String,
    /// Allocation as a whole percentage of capacity; null without capacity.
    pub percent: Option<i64>,
}

/// A project by its code.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectCode {
    pub id: Uuid,
    pub code: String,
}

/// A person whose allocation is outside the healthy band.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonAllocation {
    pub id: Uuid,
    pub name: String,
    /// The person's organisation (short name).
    pub organisation: String,
    pub months: Vec<MonthShare>,
    /// Over the whole period, percent; null without capacity.
    pub average_percent: Option<i64>,
    /// The projects the person is assigned to in the period.
    pub projects: Vec<ProjectCode>,
}

/// The over- and under-allocated people, as the portfolio page lists them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeopleAnswer {
    pub months: Vec<String>,
    pub under_percent: u32,
    /// Over 100 % in some month, the worst month's share first; at most 50.
    pub over: Vec<PersonAllocation>,
    /// Below `under_percent` on average (and never over), the lowest first; at most 50.
    pub under: Vec<PersonAllocation>,
    /// How many people are over-allocated in all (`over` may list fewer).
    pub over_count: usize,
    pub under_count: usize,
}

/// The portfolio of the choices in `query` for the token's user, `list_limit` people listed.
async fn compute(
    caller: &Caller,
    query: PortfolioQuery,
    list_limit: usize,
) -> Result<(Window, portfolio::Portfolio), ApiError> {
    // The page's switch: without person capacity there is no portfolio.
    if !caller.state.settings.person_capacity_enabled {
        return Err(ApiError::not_found());
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (org, role, from, months, under, reading) = (
        text(&query.org),
        text(&query.role),
        text(&query.from),
        text(&query.months),
        text(&query.under),
        text(&query.reading),
    );
    let window = Window::parse(
        &WindowText {
            org: &org,
            role: &role,
            from: &from,
            months: &months,
            under: &under,
            reading: &reading,
        },
        caller.state.settings.under_allocation_percent,
    )?;
    let filter = window.filter();
    let server_default = caller.state.settings.hours_per_pm.clone();
    let caches = std::sync::Arc::clone(&caller.state.caches);
    let under = window.under;
    // One computation per core, shared with the page (AppState::portfolio_slots).
    let _slot = caller.state.portfolio_slots.acquire().await.ok();
    let view = caller
        .run(move |conn, _| {
            Ok(portfolio::view(
                conn,
                &caches,
                &filter,
                (under, &server_default),
                list_limit,
            )?)
        })
        .await?;
    Ok((window, view.portfolio))
}

fn month_measures(months: &[String], m: &Measures) -> Vec<MonthMeasures> {
    months
        .iter()
        .enumerate()
        .map(|(i, month)| MonthMeasures {
            month: month.clone(),
            capacity: milli_pm::to_f64(m.capacity[i]),
            allocated: milli_pm::to_f64(m.allocated[i]),
            est_demand: milli_pm::to_f64(m.demand[i]),
            gap: milli_pm::to_f64(m.gap(i)),
        })
        .collect()
}

/// Per organisation and month: capacity, allocation, EST demand and the gap, as the portfolio
/// page's heatmap, for what the token's user may see.
#[utoipa::path(get, path = "/api/v1/portfolio", tag = "portfolio",
    params(PortfolioQuery),
    responses((status = 200, description = "The heatmap", body = PortfolioAnswer)))]
pub async fn heatmap(
    caller: Caller,
    query: web::Query<PortfolioQuery>,
) -> Result<HttpResponse, ApiError> {
    // The heatmap only: no need to rank people for it (as the page's downloads).
    let (window, p) = compute(&caller, query.into_inner(), 0).await?;
    let months: Vec<String> = p.months.iter().map(|m| json::month(*m)).collect();
    let answer = PortfolioAnswer {
        organisations: p
            .rows
            .iter()
            .map(|r| OrganisationMeasures {
                id: r.id,
                short_name: r.short_name.clone(),
                depth: r.depth,
                people: r.people,
                months: month_measures(&months, &r.measures),
            })
            .collect(),
        total: month_measures(&months, &p.total),
        months,
        organisation: window.organisation,
        role: window.role,
    };
    Ok(HttpResponse::Ok().json(answer))
}

fn person_allocation(months: &[String], p: &PersonLoad) -> PersonAllocation {
    PersonAllocation {
        id: p.id,
        name: p.name.clone(),
        organisation: p.organisation.clone(),
        months: months
            .iter()
            .zip(&p.utilisation)
            .map(|(month, percent)| MonthShare {
                month: month.clone(),
                percent: *percent,
            })
            .collect(),
        average_percent: p.average,
        projects: p
            .projects
            .iter()
            .map(|(id, code)| ProjectCode {
                id: *id,
                code: code.clone(),
            })
            .collect(),
    }
}

/// The over- and under-allocated people per month, as the portfolio page lists them.
#[utoipa::path(get, path = "/api/v1/portfolio/people", tag = "portfolio",
    params(PortfolioQuery),
    responses((status = 200, description = "Over- and under-allocated people", body = PeopleAnswer)))]
pub async fn people(
    caller: Caller,
    query: web::Query<PortfolioQuery>,
) -> Result<HttpResponse, ApiError> {
    let (window, p) = compute(&caller, query.into_inner(), LIST_LIMIT).await?;
    let months: Vec<String> = p.months.iter().map(|m| json::month(*m)).collect();
    let answer = PeopleAnswer {
        over: p
            .over
            .iter()
            .map(|x| person_allocation(&months, x))
            .collect(),
        under: p
            .under
            .iter()
            .map(|x| person_allocation(&months, x))
            .collect(),
        over_count: p.over_count,
        under_count: p.under_count,
        under_percent: window.under,
        months,
    };
    Ok(HttpResponse::Ok().json(answer))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_description_has_the_heatmap_and_the_people() {
        let doc = serde_json::to_value(crate::api::openapi::document()).unwrap();
        for path in ["/api/v1/portfolio", "/api/v1/portfolio/people"] {
            assert!(
                doc["paths"][path]["get"]["responses"]["200"].is_object(),
                "{path}"
            );
        }
        let schemas = &doc["components"]["schemas"];
        assert!(schemas["PortfolioAnswer"].is_object() && schemas["PeopleAnswer"].is_object());
    }
}
