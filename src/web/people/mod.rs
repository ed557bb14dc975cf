//! `/people`: the persons whose capacity is planned (shown when PERSON_CAPACITY_ENABLED).

pub mod edit;
pub mod my_allocations;

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::i18n::Lang;
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

impl PersonRow {
    /// The person as the pages (and downloads) in `lang` show them.
    fn shown(p: PersonSummary, lang: Lang) -> Self {
        let employment = match (p.employment_start, p.employment_end) {
            (Some(start), Some(end)) => format!("{start} – {end}"),
            (Some(start), None) => lang.t1("people-employment-since", "start", start.to_string()),
            (None, Some(end)) => lang.t1("people-employment-until", "end", end.to_string()),
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
    /// "12 of 40 people.", "People 1–100 of 250" in the page's language.
    count_label: String,
    range_label: String,
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
                .map_err(|_| AppError::BadRequest(Msg::new("people-unknown-organisation")))?,
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
        return Err(AppError::BadRequest(Msg::new(
            "people-unknown-organisation",
        )));
    }
    let parents = crate::reference::organisations::parent_map(&orgs);
    let in_scope = org.map(|o| crate::reference::organisations::with_descendants(&[o], &parents));
    let text = query.q.trim().to_lowercase();
    let visible = people.len();
    let lang = page.lang;
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
        .map(|p| PersonRow::shown(p, lang))
        .collect();
    if let Some(format) = format {
        let header = [
            lang.t("people-column-name"),
            lang.t("people-column-code"),
            lang.t("people-column-organisation"),
            lang.t("people-column-email"),
            lang.t("people-column-employment"),
        ];
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
        layout: page
            .layout(lang.t("people-title"), Section::People)
            .shareable(&page),
        count_label: lang.t2("people-count", ("shown", paging.total), ("count", visible)),
        range_label: lang.tn(
            "people-range",
            &[
                ("first", &paging.first),
                ("last", &paging.last),
                ("total", &paging.total),
            ],
        ),
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

use crate::i18n::Msg;

use crate::auth::user_settings;
use crate::people::edit::{self as person_edit, may_change_people};
use crate::people::staffing;
use crate::planning::divisor::DivisorRates;
use crate::planning::milli_pm;
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
    /// A reading's code (`planning::reading`); empty: the user's remembered one.
    #[serde(default)]
    reading: String,
    format: Option<String>,
    /// Set by the redirects after an administrator's change (see `web::people_edit`).
    notice: Option<String>,
}

/// A month of the person's capacity, as computed (the downloads take these values).
struct CapacityRow {
    month: NaiveDate,
    working_days: u32,
    hours: BigDecimal,
    hours_per_pm: BigDecimal,
    pm: BigDecimal,
    allocated: BigDecimal,
    free: BigDecimal,
    /// Confirmed work alone is over capacity.
    over: bool,
    /// Not over, but tentative work would take the person over.
    at_risk: bool,
}

/// A month of the person's capacity as the page shows it, in the page's language.
struct ShownCapacityRow {
    month: String,
    working_days: String,
    hours: String,
    hours_per_pm: String,
    pm: String,
    allocated: String,
    free: String,
    /// Confirmed work above capacity.
    over: bool,
    /// Tentative work would take the person over capacity.
    at_risk: bool,
}

impl ShownCapacityRow {
    fn of(r: &CapacityRow, lang: Lang) -> Self {
        ShownCapacityRow {
            month: lang.month_short(r.month),
            working_days: lang.int(r.working_days),
            hours: lang.decimal(&r.hours),
            hours_per_pm: lang.decimal(&r.hours_per_pm),
            pm: lang.decimal(&r.pm),
            allocated: lang.decimal(&r.allocated),
            free: lang.decimal(&r.free),
            over: r.over,
            at_risk: r.at_risk,
        }
    }
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct PersonPage {
    layout: Layout,
    /// The readings of the plan: (code, name, chosen).
    readings: Vec<(&'static str, String, bool)>,
    person: PersonRow,
    id: String,
    calendar: String,
    /// Sentences: "Research from 2030-01-01", "80 % from 2031-01-01", "Vacation: … – …".
    memberships: Vec<String>,
    fte_periods: Vec<String>,
    leave: Vec<String>,
    from: String,
    earlier: String,
    later: String,
    rows: Vec<ShownCapacityRow>,
    /// "Capacity Jan 2031 onwards" in the page's language.
    capacity_heading: String,
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
        text => Month::parse(text).map_err(|refused| AppError::BadRequest(refused.sentence()))?,
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
    let (user, reading) = (page.user.id, query.reading.clone());
    let (detail, working_time, reading) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let reading = user_settings::chosen_reading(conn, user, &reading)?;
            let detail = persons::detail(conn, id, first, last_day)?;
            let working_time = match admin {
                true => person_edit::working_time(conn, id)?,
                false => None,
            };
            Ok::<_, AppError>((detail, working_time, reading))
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
        let load = staffing::month_load(&detail.assignments, *month, &capacity.pm);
        let allocated = milli_pm::decimal(load.allocated(reading));
        let free = &capacity.pm - &allocated;
        total_hours += &capacity.hours;
        total_pm += &capacity.pm;
        total_allocated += &allocated;
        rows.push(CapacityRow {
            month: *month,
            working_days: capacity.working_days,
            hours: capacity.hours.normalized(),
            hours_per_pm: divisor.normalized(),
            pm: capacity.pm.normalized(),
            allocated: allocated.normalized(),
            free: free.normalized(),
            over: load.over(),
            at_risk: load.over_if_tentative(),
        });
    }
    let total_free = (&total_pm - &total_allocated).normalized();
    let code = detail.summary.code.clone();
    if let Some(format) = format {
        let totals = [&total_hours, &total_pm, &total_allocated, &total_free];
        return capacity_download((format, page.lang), &code, first, &rows, totals);
    }
    let lang = page.lang;
    let notice = query.notice.as_deref();
    let admin = working_time.map(|wt| edit::person_admin(&page, id, wt, notice));
    let no_group = detail.facts.daily_hours.is_empty();
    render(&PersonPage {
        layout: page
            .layout(
                format!("{code} · {}", lang.t("nav-people")),
                Section::People,
            )
            .shareable(&page),
        id: id.to_string(),
        calendar: match detail.calendar {
            Some(name) => lang.lookup_name(&name),
            None => lang.t("person-calendar-none"),
        },
        memberships: detail
            .memberships
            .iter()
            .map(|(from, group)| membership_sentence(lang, group, *from))
            .collect(),
        fte_periods: detail
            .facts
            .fte_periods
            .iter()
            .map(|(start, end, percent)| fte_sentence(lang, percent, *start, *end))
            .collect(),
        leave: detail
            .leave
            .iter()
            .map(|(start, end, kind)| leave_sentence(lang, kind, *start, *end))
            .collect(),
        capacity_heading: lang.t1("person-capacity-heading", "month", lang.month_name(first)),
        readings: crate::web::portfolio::readings(lang, reading),
        from: shown.to_string(),
        earlier: month_text(shown.plus(-MONTHS_SHOWN)),
        later: month_text(shown.plus(MONTHS_SHOWN)),
        rows: rows.iter().map(|r| ShownCapacityRow::of(r, lang)).collect(),
        total_hours: lang.decimal(&total_hours),
        total_pm: lang.decimal(&total_pm),
        total_allocated: lang.decimal(&total_allocated),
        total_free: lang.decimal(&total_free),
        assignments: detail
            .assignments
            .iter()
            .map(|a| {
                (
                    a.project_id.to_string(),
                    a.project_code.clone(),
                    a.role
                        .as_deref()
                        .map(|r| lang.lookup_name(r))
                        .unwrap_or_default(),
                    lang.lookup_name(&a.allocation_group),
                    lang.decimal(&a.terms.percent),
                    format!(
                        "{} – {}",
                        lang.month_short(a.terms.start_month),
                        lang.month_short(a.terms.end_month)
                    ),
                )
            })
            .collect(),
        no_group,
        admin,
        person: PersonRow::shown(detail.summary, lang),
    })
}

/// A day as the person page writes it (ISO, in every language: a value, like the date fields).
fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// "Research from 2030-01-01": a membership of an employee group (its name as typed: employee
/// groups are not seeded).
pub fn membership_sentence(lang: Lang, group: &str, from: NaiveDate) -> String {
    lang.t2(
        "workingtime-membership",
        ("group", group),
        ("from", day(from)),
    )
}

/// "80 % from 2031-01-01 to 2031-06-30": an FTE period, open-ended without `end`.
pub fn fte_sentence(
    lang: Lang,
    percent: &BigDecimal,
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> String {
    let percent = lang.decimal(&percent.normalized());
    match end {
        None => lang.t2(
            "fte-period-open",
            ("percent", percent),
            ("start", day(start)),
        ),
        Some(end) => lang.tn(
            "fte-period",
            &[
                ("percent", &percent),
                ("start", &day(start)),
                ("end", &day(end)),
            ],
        ),
    }
}

/// "Vacation: 2031-01-06 – 2031-01-10": leave of a type (its name translated while seeded).
pub fn leave_sentence(lang: Lang, kind: &str, first: NaiveDate, last: NaiveDate) -> String {
    lang.tn(
        "leave-period",
        &[
            ("kind", &lang.lookup_name(kind)),
            ("first", &day(first)),
            ("last", &day(last)),
        ],
    )
}

/// A month for a link, empty when out of range.
fn month_text(month: Option<Month>) -> String {
    month.map(|m| m.to_string()).unwrap_or_default()
}

/// The person's capacity table as CSV or ODS: one row per month and the totals (hours, capacity,
/// allocated and free PM).
fn capacity_download(
    (format, lang): (crate::web::download::Format, Lang),
    code: &str,
    first: NaiveDate,
    rows: &[CapacityRow],
    totals: [&BigDecimal; 4],
) -> Result<HttpResponse, AppError> {
    let [total_hours, total_pm, total_allocated, total_free] = totals;
    let header = [
        lang.t("person-column-month"),
        lang.t("person-column-working-days"),
        lang.t("person-column-hours"),
        lang.t("person-column-hours-per-pm"),
        lang.t("person-column-capacity-pm"),
        lang.t("person-column-allocated-pm"),
        lang.t("person-column-free-pm"),
    ];
    let number = |value: &BigDecimal| Value::Number(value.to_f64().unwrap_or(0.0));
    let mut table: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            vec![
                Value::Text(format_month(r.month)),
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
        Value::Text(lang.t("total")),
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
