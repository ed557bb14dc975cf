//! `/people`: the persons whose capacity is planned (shown when PERSON_CAPACITY_ENABLED).

pub mod edit;
pub mod my_allocations;

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::people::persons::{self, PersonSummary};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

struct PersonRow {
    id: String,
    code: String,
    name: String,
    email: String,
    organisation: String,
    employment: String,
}

impl From<PersonSummary> for PersonRow {
    fn from(p: PersonSummary) -> Self {
        let employment = match (p.employment_start, p.employment_end) {
            (Some(start), Some(end)) => format!("{start} – {end}"),
            (Some(start), None) => format!("since {start}"),
            (None, Some(end)) => format!("until {end}"),
            (None, None) => String::new(),
        };
        PersonRow {
            id: p.id.to_string(),
            name: format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_string(),
            code: p.code,
            email: p.email.unwrap_or_default(),
            organisation: p.organisation,
            employment,
        }
    }
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    layout: Layout,
    people: Vec<PersonRow>,
    /// Administrators add people and maintain employee groups (see `web::people_edit`).
    can_edit: bool,
    deleted: bool,
    /// (id, indented short name, selected) for the organisation filter.
    organisations: Vec<(String, String, bool)>,
    text: String,
    /// The filters as a query string, for the downloads.
    query: String,
    /// How many people the user may see before filtering.
    visible: usize,
    /// The page of the filtered people shown.
    paging: Paging,
}

/// People a page: an organisation of thousands is read a page at a time (the downloads still
/// cover everyone the filters keep).
const PAGE_SIZE: usize = 100;

#[derive(Deserialize)]
pub struct ListQuery {
    notice: Option<String>,
    /// An organisation: its people and those of the organisations below it.
    #[serde(default)]
    org: String,
    /// Part of a name, code or email.
    #[serde(default)]
    q: String,
    /// 1-based; the list shows [`PAGE_SIZE`] people a page.
    #[serde(default)]
    page: String,
    format: Option<String>,
}

pub async fn list(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    if !page.state.settings.person_capacity_enabled {
        return Err(AppError::not_found());
    }
    let format = Format::parse(query.format.as_deref())?;
    let org = match query.org.trim() {
        "" => None,
        text => Some(
            Uuid::parse_str(text)
                .map_err(|_| AppError::BadRequest("Unknown organisation filter.".into()))?,
        ),
    };
    let (people, orgs) = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>((
                persons::list(conn)?,
                crate::reference::organisations::list(conn)?,
            ))
        })
        .await?;
    if org.is_some_and(|o| !orgs.iter().any(|x| x.id == o)) {
        return Err(AppError::BadRequest("Unknown organisation filter.".into()));
    }
    let parents = crate::reference::organisations::parent_map(&orgs);
    let in_scope = org.map(|o| crate::reference::organisations::with_descendants(&[o], &parents));
    let text = query.q.trim().to_lowercase();
    let visible = people.len();
    let people: Vec<PersonRow> = people
        .into_iter()
        .filter(|p| {
            in_scope
                .as_ref()
                .is_none_or(|scope| scope.contains(&p.organisation_id))
        })
        .filter(|p| {
            text.is_empty()
                || [
                    p.code.as_str(),
                    p.first_name.as_str(),
                    p.last_name.as_str(),
                    p.email.as_deref().unwrap_or(""),
                ]
                .iter()
                .any(|field| field.to_lowercase().contains(&text))
                || format!("{} {}", p.first_name, p.last_name)
                    .to_lowercase()
                    .contains(&text)
        })
        .map(PersonRow::from)
        .collect();
    if let Some(format) = format {
        let header = ["Name", "Code", "Organisation", "Email", "Employment"].map(String::from);
        let rows: Vec<Vec<Value>> = people
            .iter()
            .map(|p| {
                [&p.name, &p.code, &p.organisation, &p.email, &p.employment]
                    .iter()
                    .map(|v| Value::Text((*v).clone()))
                    .collect()
            })
            .collect();
        return crate::web::download::table(format, "people", &header, &rows);
    }
    let query_string =
        serde_urlencoded::to_string([("org", query.org.trim()), ("q", query.q.trim())])
            .unwrap_or_default();
    let paging = Paging::of(&query.page, people.len(), PAGE_SIZE, |n| {
        format!("{query_string}&page={n}")
    })?;
    let people = people
        .into_iter()
        .skip(paging.offset)
        .take(paging.size)
        .collect();
    render(&ListPage {
        layout: page.layout("People", Section::People).shareable(&page),
        people,
        can_edit: page.user.policy().can_manage_users(),
        deleted: query.notice.as_deref() == Some("deleted"),
        organisations: crate::reference::organisations::as_tree(orgs)
            .into_iter()
            .map(|e| {
                (
                    e.organisation.id.to_string(),
                    e.indented(),
                    Some(e.organisation.id) == org,
                )
            })
            .collect(),
        text: query.q.trim().to_string(),
        query: query_string,
        visible,
        paging,
    })
}

// ---------------------------------------------------------------------------------------------
// One person: who they are and their capacity month by month

use actix_web::web;
use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::people::edit::{self as person_edit, may_change_people};
use crate::planning::divisor::DivisorRates;
use crate::planning::month::Month;
use crate::planning::months::{add_months, format_month};
use crate::web::download::{Format, Value};
use crate::web::paging::Paging;

/// How many months the person page shows.
const MONTHS_SHOWN: i32 = 12;

#[derive(Deserialize, Default)]
pub struct PersonQuery {
    /// First month shown, YYYY-MM; the current month when empty.
    #[serde(default)]
    from: String,
    format: Option<String>,
    /// Set by the redirects after an administrator's change (see `web::people_edit`).
    notice: Option<String>,
}

struct CapacityRow {
    month: String,
    working_days: u32,
    hours: String,
    hours_per_pm: String,
    pm: String,
    allocated: String,
    free: String,
    /// Allocated above capacity.
    over: bool,
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct PersonPage {
    layout: Layout,
    person: PersonRow,
    id: String,
    calendar: String,
    memberships: Vec<(String, String)>,
    fte_periods: Vec<(String, String, String)>,
    leave: Vec<(String, String, String)>,
    from: String,
    earlier: String,
    later: String,
    rows: Vec<CapacityRow>,
    total_hours: String,
    total_pm: String,
    total_allocated: String,
    total_free: String,
    /// (project id, code, role, allocation group, %, months)
    assignments: Vec<(String, String, String, String, String, String)>,
    no_group: bool,
    /// Administrators' edit links and working-time forms.
    admin: Option<crate::web::people::edit::PersonAdmin>,
}

pub async fn show(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<PersonQuery>,
) -> Result<HttpResponse, AppError> {
    if !page.state.settings.person_capacity_enabled {
        return Err(AppError::not_found());
    }
    let id = path.into_inner();
    let shown = match query.from.trim() {
        "" => Month::current(),
        text => {
            Month::parse(text).map_err(|refused| AppError::BadRequest(refused.sentence().into()))?
        }
    };
    let first = shown.first_day();
    let format = Format::parse(query.format.as_deref())?;
    let months: Vec<NaiveDate> = (0..MONTHS_SHOWN)
        .filter_map(|m| add_months(first, m))
        .collect();
    let last_day = add_months(first, MONTHS_SHOWN)
        .and_then(|next| next.pred_opt())
        .unwrap_or(first);
    // The administrators' block is read with the rest of the page, in its one transaction.
    let admin = format.is_none() && may_change_people(&page.acting()).is_ok();
    let (detail, working_time) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let detail = persons::detail(conn, id, first, last_day)?;
            let working_time = match admin {
                true => person_edit::working_time(conn, id)?,
                false => None,
            };
            Ok::<_, AppError>((detail, working_time))
        })
        .await?;
    let detail = detail.ok_or_else(AppError::not_found)?;

    let rates = DivisorRates {
        system_rates: detail.system_rates.clone(),
        server_default: page.state.settings.hours_per_pm.clone(),
        ..DivisorRates::default()
    };
    let mut total_hours = BigDecimal::from(0);
    let mut total_pm = BigDecimal::from(0);
    let mut total_allocated = BigDecimal::from(0);
    let mut rows = Vec::new();
    for month in &months {
        let divisor = rates.divisor(*month, None).0;
        let capacity = detail.facts.month(*month, &divisor);
        let allocated = detail
            .assignments
            .iter()
            .map(|a| a.terms.pm(*month, &capacity.pm))
            .fold(BigDecimal::from(0), |sum, pm| sum + pm);
        let free = &capacity.pm - &allocated;
        total_hours += &capacity.hours;
        total_pm += &capacity.pm;
        total_allocated += &allocated;
        rows.push(CapacityRow {
            month: format_month(*month),
            working_days: capacity.working_days,
            hours: capacity.hours.to_string(),
            hours_per_pm: divisor.normalized().to_string(),
            pm: capacity.pm.to_string(),
            allocated: allocated.normalized().to_string(),
            over: free < 0,
            free: free.normalized().to_string(),
        });
    }
    let total_free = (&total_pm - &total_allocated).normalized();
    let code = detail.summary.code.clone();
    if let Some(format) = format {
        let totals = [&total_hours, &total_pm, &total_allocated, &total_free];
        return capacity_download(format, &code, first, &rows, totals);
    }
    let notice = query.notice.as_deref();
    let admin = working_time.map(|wt| edit::person_admin(&page, id, wt, notice));
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let no_group = detail.facts.daily_hours.is_empty();
    render(&PersonPage {
        layout: page
            .layout(format!("{code} · People"), Section::People)
            .shareable(&page),
        id: id.to_string(),
        calendar: detail
            .calendar
            .unwrap_or_else(|| "none (no holidays are subtracted)".into()),
        memberships: detail
            .memberships
            .iter()
            .map(|(from, group)| (day(*from), group.clone()))
            .collect(),
        fte_periods: detail
            .facts
            .fte_periods
            .iter()
            .map(|(start, end, percent)| {
                (
                    day(*start),
                    end.map(day).unwrap_or_default(),
                    percent.normalized().to_string(),
                )
            })
            .collect(),
        leave: detail
            .leave
            .iter()
            .map(|(start, end, kind)| (day(*start), day(*end), kind.clone()))
            .collect(),
        from: shown.to_string(),
        earlier: month_text(shown.plus(-MONTHS_SHOWN)),
        later: month_text(shown.plus(MONTHS_SHOWN)),
        rows,
        total_hours: total_hours.normalized().to_string(),
        total_pm: total_pm.normalized().to_string(),
        total_allocated: total_allocated.normalized().to_string(),
        total_free: total_free.to_string(),
        assignments: detail
            .assignments
            .iter()
            .map(|a| {
                (
                    a.project_id.to_string(),
                    a.project_code.clone(),
                    a.role.clone().unwrap_or_default(),
                    a.allocation_group.clone(),
                    a.terms.percent.normalized().to_string(),
                    format!(
                        "{} – {}",
                        format_month(a.terms.start_month),
                        format_month(a.terms.end_month)
                    ),
                )
            })
            .collect(),
        no_group,
        admin,
        person: PersonRow::from(detail.summary),
    })
}

/// A month for a link, empty when out of range.
fn month_text(month: Option<Month>) -> String {
    month.map(|m| m.to_string()).unwrap_or_default()
}

/// The person's capacity table as CSV or ODS: one row per month and the totals (hours, capacity,
/// allocated and free PM).
fn capacity_download(
    format: crate::web::download::Format,
    code: &str,
    first: NaiveDate,
    rows: &[CapacityRow],
    totals: [&BigDecimal; 4],
) -> Result<HttpResponse, AppError> {
    let [total_hours, total_pm, total_allocated, total_free] = totals;
    let header = [
        "Month",
        "Working days",
        "Hours",
        "Hours per PM",
        "Capacity PM",
        "Allocated PM",
        "Free PM",
    ]
    .map(String::from);
    let number = |text: &str| Value::Number(text.parse::<f64>().unwrap_or(0.0));
    let mut table: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            vec![
                Value::Text(r.month.clone()),
                Value::Number(f64::from(r.working_days)),
                number(&r.hours),
                number(&r.hours_per_pm),
                number(&r.pm),
                number(&r.allocated),
                number(&r.free),
            ]
        })
        .collect();
    table.push(vec![
        Value::Text("Total".into()),
        Value::Text(String::new()),
        Value::Number(total_hours.to_f64().unwrap_or(0.0)),
        Value::Text(String::new()),
        Value::Number(total_pm.to_f64().unwrap_or(0.0)),
        Value::Number(total_allocated.to_f64().unwrap_or(0.0)),
        Value::Number(total_free.to_f64().unwrap_or(0.0)),
    ]);
    crate::web::download::table(
        format,
        &format!("{code}-capacity-{}", format_month(first)),
        &header,
        &table,
    )
}
