//! My allocations: for a user linked to a person, the next 12 months of their capacity, what
//! each project takes and what is left, in PM and hours. Shown on the home page and, with
//! paging and downloads, on `/my-allocations`.

use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::user_settings;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::people::staffing::{self, AssignmentsOf, PersonPlan};
use crate::planning::month::Month;
use crate::planning::months::{add_months, current_month, format_month};
use crate::planning::reading::Reading;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

const MONTHS_SHOWN: i32 = 12;

/// The table as both pages show it.
pub struct MyAllocations {
    /// The reading the figures follow: (code, name, chosen) of each, for the form.
    pub readings: Vec<(&'static str, String, bool)>,
    pub reading: Reading,
    pub person_id: String,
    pub person: String,
    pub projects: Vec<(String, String)>,
    pub rows: Vec<MyMonth>,
    pub totals: MyMonth,
}

pub struct MyMonth {
    pub month: String,
    pub capacity_hours: String,
    pub capacity_pm: String,
    pub per_project: Vec<String>,
    pub allocated_pm: String,
    pub allocated_hours: String,
    pub free_pm: String,
    pub free_hours: String,
    /// Confirmed work alone is over capacity.
    pub over: bool,
    /// Not over, but tentative work would take the person over (marked apart from `over`).
    pub at_risk: bool,
}

/// How the table writes its numbers and months: in a page's language, or plainly (`1234.5`,
/// `2026-12`) for a download, which reads them back as numbers.
#[derive(Clone, Copy)]
pub enum Written {
    In(Lang),
    Plain,
}

impl Written {
    fn number(self, v: &BigDecimal) -> String {
        let rounded = v.round(3).normalized();
        match self {
            Written::In(lang) => lang.decimal(&rounded),
            Written::Plain => rounded.to_string(),
        }
    }

    fn month(self, month: NaiveDate) -> String {
        match self {
            Written::In(lang) => lang.month_short(month),
            Written::Plain => format_month(month),
        }
    }
}

/// The plan of the user's person from `first` (`None` when the user is not linked to a person),
/// read as `reading` asks (a reading's code, remembered; empty: the remembered one).
pub async fn load(
    page: &Page,
    first: NaiveDate,
    reading: String,
) -> Result<Option<(PersonPlan, String, Reading)>, AppError> {
    let Some(user) = page.user.id else {
        return Ok(None);
    };
    let months: Vec<NaiveDate> = (0..MONTHS_SHOWN)
        .filter_map(|m| add_months(first, m))
        .collect();
    let last = months.last().copied().unwrap_or(first);
    let last_day = add_months(last, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(last);
    let default = page.state.settings.hours_per_pm.clone();
    let caches = std::sync::Arc::clone(&page.state.caches);
    page.state
        .db
        .in_transaction(Some(user), move |conn| {
            // The version before the data it versions.
            let facts = caches.facts_now(conn)?;
            let reading = user_settings::chosen_reading(conn, Some(user), &reading)?;
            let Some(person) = staffing::linked_person(conn, user)? else {
                return Ok::<_, AppError>(None);
            };
            let staff = staffing::load_staff(conn, &facts, &[person], first, last_day, &default)?;
            let assignments = staffing::load_assignments(
                conn,
                AssignmentsOf::Persons(&[person]),
                Some((first, last)),
            )?;
            let plan = staffing::person_plan(&staff, person, &assignments, &months, reading);
            Ok(Some((plan, staff.name(person), reading)))
        })
        .await
}

pub fn view(plan: &PersonPlan, name: String, reading: Reading, written: Written) -> MyAllocations {
    let show = |v: &BigDecimal| written.number(v);
    let zero = || BigDecimal::from(0);
    let mut t_hours = zero();
    let mut t_pm = zero();
    let mut t_projects = vec![zero(); plan.projects.len()];
    let mut t_alloc = zero();
    let mut t_alloc_hours = zero();
    let mut t_free_hours = zero();
    let rows = plan
        .months
        .iter()
        .map(|m| {
            let free = m.free();
            t_hours += &m.capacity.hours;
            t_pm += &m.capacity.pm;
            t_alloc += &m.allocated;
            t_alloc_hours += m.hours(&m.allocated);
            t_free_hours += m.hours(&free);
            for (i, pm) in m.per_project.iter().enumerate() {
                t_projects[i] += pm;
            }
            MyMonth {
                month: written.month(m.month),
                capacity_hours: show(&m.capacity.hours),
                capacity_pm: show(&m.capacity.pm),
                per_project: m.per_project.iter().map(show).collect(),
                allocated_pm: show(&m.allocated),
                allocated_hours: show(&m.hours(&m.allocated)),
                free_pm: show(&free),
                free_hours: show(&m.hours(&free)),
                over: m.load.over(),
                at_risk: m.load.over_if_tentative(),
            }
        })
        .collect();
    let t_free = &t_pm - &t_alloc;
    MyAllocations {
        readings: match written {
            Written::In(lang) => crate::web::portfolio::readings(lang, reading),
            Written::Plain => Vec::new(),
        },
        reading,
        person_id: plan.person.to_string(),
        person: name,
        projects: plan
            .projects
            .iter()
            .map(|(id, code)| (id.to_string(), code.clone()))
            .collect(),
        rows,
        totals: MyMonth {
            month: String::new(),
            capacity_hours: show(&t_hours),
            capacity_pm: show(&t_pm),
            per_project: t_projects.iter().map(show).collect(),
            allocated_pm: show(&t_alloc),
            allocated_hours: show(&t_alloc_hours),
            over: t_free < 0,
            at_risk: false,
            free_pm: show(&t_free),
            free_hours: show(&t_free_hours),
        },
    }
}

#[derive(Deserialize)]
pub struct MyQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    reading: String,
    format: Option<String>,
}

#[derive(Template)]
#[template(path = "home/my_allocations.html")]
struct MyPage {
    layout: Layout,
    mine: Option<MyAllocations>,
    steps: Steps,
}

/// The first month of a view of some months (YYYY-MM), and the first months of the views just
/// before and after it, for the "Earlier" and "Later" links.
pub(crate) struct Steps {
    pub from: String,
    pub earlier: String,
    pub later: String,
}

impl Steps {
    pub(crate) fn of(first: Month, months: i32) -> Steps {
        let step = |by: i32| first.plus(by).map(|m| m.to_string()).unwrap_or_default();
        Steps {
            from: first.to_string(),
            earlier: step(-months),
            later: step(months),
        }
    }
}

pub async fn show_page(page: Page, query: web::Query<MyQuery>) -> Result<HttpResponse, AppError> {
    if !page.state.settings.person_capacity_enabled {
        return Err(AppError::not_found());
    }
    let first = match query.from.trim() {
        "" => current_month(),
        text => Month::parse(text)
            .map_err(|refused| AppError::BadRequest(refused.sentence()))?
            .first_day(),
    };
    let format = Format::parse(query.format.as_deref())?;
    let loaded = load(&page, first, query.reading.clone()).await?;
    let lang = page.lang;
    if let Some(format) = format {
        let Some(mine) = loaded.map(|(plan, name, r)| view(&plan, name, r, Written::Plain)) else {
            return Err(AppError::not_found());
        };
        return download_table(&mine, (format, lang), first);
    }
    let mine = loaded.map(|(plan, name, r)| view(&plan, name, r, Written::In(lang)));
    render(&MyPage {
        layout: page.layout(lang.t("home-my-allocations"), Section::Home),
        mine,
        steps: Steps::of(Month::of(first), MONTHS_SHOWN),
    })
}

fn download_table(
    mine: &MyAllocations,
    (format, lang): (Format, Lang),
    first: NaiveDate,
) -> Result<HttpResponse, AppError> {
    let mut header = vec![
        lang.t("person-column-month"),
        lang.t("people-mine-capacity-hours"),
        lang.t("person-column-capacity-pm"),
    ];
    header.extend(
        (mine.projects.iter()).map(|(_, code)| lang.t1("people-mine-project-pm", "code", code)),
    );
    header.extend([
        lang.t("person-column-allocated-pm"),
        lang.t("people-mine-allocated-hours"),
        lang.t("person-column-free-pm"),
        lang.t("people-mine-free-hours"),
    ]);
    let number = |text: &str| Value::Number(text.parse::<f64>().unwrap_or(0.0));
    let row = |m: &MyMonth| {
        let mut row = vec![
            Value::Text(m.month.clone()),
            number(&m.capacity_hours),
            number(&m.capacity_pm),
        ];
        row.extend(m.per_project.iter().map(|v| number(v)));
        row.extend([
            number(&m.allocated_pm),
            number(&m.allocated_hours),
            number(&m.free_pm),
            number(&m.free_hours),
        ]);
        row
    };
    let mut rows: Vec<Vec<Value>> = mine.rows.iter().map(row).collect();
    let mut totals = row(&mine.totals);
    totals[0] = Value::Text(lang.t("total"));
    rows.push(totals);
    download::table(
        format,
        &format!("my-allocations-{}", format_month(first)),
        &header,
        &rows,
    )
}

/// For the home page: the user's next 12 months, if they are linked to a person.
pub async fn for_home(page: &Page) -> Result<Option<MyAllocations>, AppError> {
    if !page.state.settings.person_capacity_enabled {
        return Ok(None);
    }
    Ok(load(page, current_month(), String::new())
        .await?
        .map(|(plan, name, reading)| view(&plan, name, reading, Written::In(page.lang))))
}
