//! `/portfolio`: organisation (with children) × month heatmap of capacity, allocation, EST demand
//! and the gap, a chart of the selection, and the over- and under-allocated people. Shown when
//! PERSON_CAPACITY_ENABLED.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::user_settings;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::planning::milli_pm::{self, show};
use crate::planning::months::format_month;
use crate::planning::reading::Reading;
use crate::portfolio::{
    self, LIST_LIMIT, MONTH_CHOICES, Measures, PersonLoad, Portfolio, Window, WindowText,
};
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

#[derive(Deserialize, Default)]
pub struct PortfolioQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    months: String,
    #[serde(default)]
    under: String,
    #[serde(default)]
    reading: String,
    format: Option<String>,
    /// `at-risk`: the download is the at-risk list instead of the heatmap.
    list: Option<String>,
}

struct Cell {
    value: String,
    class: &'static str,
    title: String,
    /// "(0.3 tentative)": the tentative part the value includes; empty when there is none.
    tentative: String,
}

struct HeatRow {
    id: String,
    name: String,
    indent: usize,
    people: usize,
    capacity: Vec<Cell>,
    allocated: Vec<Cell>,
    demand: Vec<Cell>,
    gap: Vec<Cell>,
}

struct LoadRow {
    id: String,
    name: String,
    organisation: String,
    /// Per month: the utilisation, its class and whether tentative work would take the person
    /// over (marked with a symbol and a sentence, not by colour alone).
    months: Vec<(String, &'static str, bool)>,
    average: String,
    projects: Vec<(String, String)>,
}

struct Bar {
    x: f64,
    width: f64,
    capacity_y: f64,
    capacity_h: f64,
    allocated_y: f64,
    allocated_h: f64,
    /// The tentative part of the allocation, hatched on top of the confirmed part.
    tentative_y: f64,
    tentative_h: f64,
    label: String,
    title: String,
}

struct Chart {
    width: i32,
    height: i32,
    base: f64,
    max_label: String,
    bars: Vec<Bar>,
    demand_points: String,
}

#[derive(Template)]
#[template(path = "portfolio/index.html")]
struct PortfolioPage {
    layout: Layout,
    months: Vec<String>,
    rows: Vec<HeatRow>,
    over: Vec<LoadRow>,
    at_risk: Vec<LoadRow>,
    under: Vec<LoadRow>,
    /// "Showing the 50 most over-allocated of 70; …", empty when all are shown.
    over_more: String,
    at_risk_more: String,
    under_more: String,
    /// The three readings: (code, name, chosen).
    readings: Vec<(&'static str, String, bool)>,
    /// The chosen reading's name.
    reading: String,
    chart: Chart,
    organisations: Vec<(String, String, bool)>,
    roles: Vec<(String, String, bool)>,
    month_choices: Vec<(i32, bool)>,
    from: String,
    under_percent: u32,
    query: String,
    role_param: String,
    scope: String,
}

fn utilisation_class(util: Option<i64>, under: u32) -> &'static str {
    match util {
        None => "heat-none",
        Some(u) if u > 100 => "heat-over",
        Some(u) if u < i64::from(under) => "heat-under",
        Some(_) => "heat-ok",
    }
}

fn heat_row(
    lang: Lang,
    id: Uuid,
    name: String,
    indent: usize,
    people: usize,
    m: &Measures,
    under: u32,
) -> HeatRow {
    let n = m.capacity.len();
    let number = |v: i64| lang.plain_number(&show(v));
    let plain = |v: &i64| Cell {
        value: number(*v),
        class: "",
        title: String::new(),
        tentative: String::new(),
    };
    let tentative = |v: i64| {
        if v == 0 {
            String::new()
        } else {
            lang.t1("reading-tentative-part", "pm", number(v))
        }
    };
    HeatRow {
        id: id.to_string(),
        name,
        indent,
        people,
        capacity: m.capacity.iter().map(plain).collect(),
        allocated: (0..n)
            .map(|i| {
                let util = milli_pm::percent(m.allocated[i], m.capacity[i]);
                Cell {
                    value: number(m.allocated[i]),
                    class: utilisation_class(util, under),
                    title: util
                        .map(|u| lang.t1("portfolio-share-of-capacity", "percent", u))
                        .unwrap_or_else(|| lang.t("portfolio-no-capacity")),
                    tentative: tentative(m.allocated_tentative[i]),
                }
            })
            .collect(),
        demand: (0..n)
            .map(|i| Cell {
                tentative: tentative(m.demand_tentative[i]),
                ..plain(&m.demand[i])
            })
            .collect(),
        gap: (0..n)
            .map(|i| {
                let gap = m.gap(i);
                Cell {
                    class: if gap < 0 { "heat-over" } else { "" },
                    title: if gap < 0 {
                        lang.t("portfolio-demand-exceeds")
                    } else {
                        String::new()
                    },
                    value: number(gap),
                    tentative: String::new(),
                }
            })
            .collect(),
    }
}

/// " (of which 0.3 PM tentative)" after a chart bar's title; empty without tentative work.
fn tentative_note(lang: Lang, tentative: i64) -> String {
    if tentative == 0 {
        String::new()
    } else {
        format!(
            " {}",
            lang.t1(
                "reading-chart-tentative",
                "pm",
                lang.plain_number(&show(tentative))
            )
        )
    }
}

/// A utilisation percentage as a cell shows it (`125 %`).
fn percent(lang: Lang, value: i64) -> String {
    format!("{} %", lang.int(value))
}

fn load_rows(lang: Lang, loads: &[PersonLoad], under: u32) -> Vec<LoadRow> {
    loads
        .iter()
        .map(|p| LoadRow {
            id: p.id.to_string(),
            name: p.name.clone(),
            organisation: p.organisation.clone(),
            months: p
                .utilisation
                .iter()
                .zip(&p.over_if_tentative)
                .map(|(u, risky)| {
                    (
                        u.map(|u| percent(lang, u)).unwrap_or_default(),
                        utilisation_class(*u, under),
                        *risky,
                    )
                })
                .collect(),
            average: p.average.map(|a| percent(lang, a)).unwrap_or_default(),
            projects: p
                .projects
                .iter()
                .map(|(id, code)| (id.to_string(), code.clone()))
                .collect(),
        })
        .collect()
}

fn chart(lang: Lang, p: &Portfolio) -> Chart {
    let width = 900;
    let height = 220;
    let base = f64::from(height) - 30.0;
    let f = |v: &i64| milli_pm::to_f64(*v);
    let max = p
        .total
        .capacity
        .iter()
        .chain(&p.total.allocated)
        .chain(&p.total.demand)
        .map(f)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let n = p.months.len().max(1) as f64;
    let slot = (f64::from(width) - 50.0) / n;
    let y = |v: f64| 10.0 + (base - 10.0) * (1.0 - v / max);
    let bars = p
        .months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let x = 40.0 + i as f64 * slot;
            let capacity = f(&p.total.capacity[i]);
            let allocated = f(&p.total.allocated[i]);
            let confirmed = allocated - f(&p.total.allocated_tentative[i]);
            Bar {
                x: x + slot * 0.15,
                width: slot * 0.7,
                capacity_y: y(capacity),
                capacity_h: base - y(capacity),
                allocated_y: y(confirmed),
                allocated_h: base - y(confirmed),
                tentative_y: y(allocated),
                tentative_h: y(confirmed) - y(allocated),
                label: lang.month_short(*month),
                title: lang.tn(
                    "chart-bar-title",
                    &[
                        ("month", &lang.month_name(*month)),
                        ("capacity", &lang.plain_number(&show(p.total.capacity[i]))),
                        ("allocated", &lang.plain_number(&show(p.total.allocated[i]))),
                        ("demand", &lang.plain_number(&show(p.total.demand[i]))),
                    ],
                ) + &tentative_note(lang, p.total.allocated_tentative[i]),
            }
        })
        .collect();
    let demand_points = p
        .total
        .demand
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", 40.0 + (i as f64 + 0.5) * slot, y(f(v))))
        .collect::<Vec<_>>()
        .join(" ");
    Chart {
        width,
        height,
        base,
        max_label: lang.plain_number(&format!("{max:.1}")),
        bars,
        demand_points,
    }
}

pub async fn index(
    page: Page,
    query: web::Query<PortfolioQuery>,
) -> Result<HttpResponse, AppError> {
    if !page.state.settings.person_capacity_enabled {
        return Err(AppError::not_found());
    }
    // Bad values are a 400 with the reason (DomainError::Invalid), never a guess.
    let chosen = Window::parse(
        &WindowText {
            org: &query.org,
            role: &query.role,
            from: &query.from,
            months: &query.months,
            under: &query.under,
            reading: &query.reading,
        },
        page.state.settings.under_allocation_percent,
    )?;
    let format = Format::parse(query.format.as_deref())?;
    let at_risk_list = match query.list.as_deref() {
        None | Some("") => false,
        Some("at-risk") => true,
        Some(other) => {
            return Err(AppError::BadRequest(
                Msg::new("reading-bad-list").arg("value", other),
            ));
        }
    };
    let mut filter = chosen.filter();
    let (user, reading_text) = (page.user.id, query.reading.clone());
    let default = page.state.settings.hours_per_pm.clone();
    let under = chosen.under;
    // One computation per core (AppState::portfolio_slots); the semaphore is never closed.
    let _slot = page.state.portfolio_slots.acquire().await.ok();
    let caches = std::sync::Arc::clone(&page.state.caches);
    let portfolio::PortfolioView {
        portfolio,
        organisations: orgs,
        roles,
    } = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            // The reading asked for is remembered; without one, the remembered one is used.
            filter.reading = user_settings::chosen_reading(conn, user, &reading_text)?;
            // The heatmap's downloads need no ranking of people; the at-risk list's all of it.
            let list_limit = match (format, at_risk_list) {
                (None, _) => LIST_LIMIT,
                (Some(_), false) => 0,
                (Some(_), true) => usize::MAX,
            };
            let limits = (under, &default);
            Ok::<_, AppError>(portfolio::view(conn, &caches, &filter, limits, list_limit)?)
        })
        .await?;
    let scope = chosen
        .organisation
        .and_then(|o| orgs.iter().find(|x| x.0 == o))
        .map(|o| o.2.clone())
        .unwrap_or_else(|| page.lang.t("portfolio-all-organisations"));
    let lang = page.lang;
    if let Some(format) = format {
        return if at_risk_list {
            download_at_risk(lang, &portfolio, format, &scope)
        } else {
            download_heatmap(lang, &portfolio, format, &scope)
        };
    }
    let heat = heat_rows(lang, &portfolio, chosen.organisation.is_none(), under);
    let query_string = serde_urlencoded::to_string([
        ("org", query.org.trim()),
        ("role", query.role.trim()),
        ("from", &format_month(chosen.first)),
        ("months", &chosen.count.to_string()),
        ("under", &under.to_string()),
        ("reading", portfolio.reading.code()),
    ])
    .unwrap_or_default();
    render(&PortfolioPage {
        layout: page
            .layout(lang.t("portfolio-title"), Section::Portfolio)
            .shareable(&page),
        months: portfolio
            .months
            .iter()
            .map(|m| lang.month_name(*m))
            .collect(),
        rows: heat,
        over: load_rows(lang, &portfolio.over, under),
        at_risk: load_rows(lang, &portfolio.at_risk, under),
        under: load_rows(lang, &portfolio.under, under),
        at_risk_more: more(
            lang,
            "reading-at-risk-more",
            portfolio.at_risk.len(),
            portfolio.at_risk_count,
        ),
        readings: readings(lang, portfolio.reading),
        reading: lang.t(portfolio.reading.label_key()),
        over_more: more(
            lang,
            "portfolio-over-more",
            portfolio.over.len(),
            portfolio.over_count,
        ),
        under_more: more(
            lang,
            "portfolio-under-more",
            portfolio.under.len(),
            portfolio.under_count,
        ),
        chart: chart(lang, &portfolio),
        organisations: orgs
            .iter()
            .map(|(id, _, name)| {
                (
                    id.to_string(),
                    name.clone(),
                    Some(*id) == chosen.organisation,
                )
            })
            .collect(),
        roles: roles
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone(), Some(*id) == chosen.role))
            .collect(),
        month_choices: MONTH_CHOICES
            .iter()
            .map(|n| (*n, *n == chosen.count))
            .collect(),
        from: format_month(chosen.first),
        under_percent: under,
        query: query_string,
        role_param: chosen.role.map(|r| r.to_string()).unwrap_or_default(),
        scope,
    })
}

/// The reading choices of a summing page's form: (code, name, chosen).
pub(crate) fn readings(lang: Lang, chosen: Reading) -> Vec<(&'static str, String, bool)> {
    Reading::ALL
        .into_iter()
        .map(|r| (r.code(), lang.t(r.label_key()), r == chosen))
        .collect()
}

/// The heatmap's rows: each organisation, and all of them together when the page shows several
/// roots.
fn heat_rows(lang: Lang, portfolio: &Portfolio, every_root: bool, under: u32) -> Vec<HeatRow> {
    let mut heat: Vec<HeatRow> = portfolio
        .rows
        .iter()
        .map(|r| {
            heat_row(
                lang,
                r.id,
                r.short_name.clone(),
                r.depth,
                r.people,
                &r.measures,
                under,
            )
        })
        .collect();
    if every_root && portfolio.rows.iter().filter(|r| r.depth == 0).count() > 1 {
        let people = portfolio
            .rows
            .iter()
            .filter(|r| r.depth == 0)
            .map(|r| r.people)
            .sum();
        heat.push(heat_row(
            lang,
            Uuid::nil(),
            lang.t("portfolio-all-organisations"),
            0,
            people,
            &portfolio.total,
            under,
        ));
    }
    heat
}

/// The sentence saying a list shows only the first `shown` of `total` people; empty when it
/// shows them all.
fn more(lang: Lang, key: &str, shown: usize, total: usize) -> String {
    if total > shown {
        lang.t2(key, ("shown", shown), ("total", total))
    } else {
        String::new()
    }
}

fn download_heatmap(
    lang: Lang,
    p: &Portfolio,
    format: Format,
    scope: &str,
) -> Result<HttpResponse, AppError> {
    let mut header = vec![
        lang.t("portfolio-csv-organisation"),
        lang.t("portfolio-csv-people"),
        lang.t("portfolio-csv-measure"),
    ];
    header.extend(p.months.iter().map(|m| lang.month_short(*m)));
    header.push(lang.t("total"));
    header.push(lang.t("reading-csv-reading"));
    let reading = lang.t(p.reading.label_key());
    let measures = [
        lang.t("portfolio-csv-capacity"),
        lang.t("portfolio-csv-allocated"),
        lang.t("reading-csv-allocated-tentative"),
        lang.t("portfolio-csv-est-demand"),
        lang.t("reading-csv-demand-tentative"),
        lang.t("portfolio-csv-gap"),
    ];
    let number = |v: &i64| Value::Number(milli_pm::to_f64(*v));
    let mut rows = Vec::new();
    let mut push = |name: &str, people: usize, m: &Measures| {
        let gap: Vec<i64> = (0..m.capacity.len()).map(|i| m.gap(i)).collect();
        for (measure, values) in measures.iter().zip([
            &m.capacity,
            &m.allocated,
            &m.allocated_tentative,
            &m.demand,
            &m.demand_tentative,
            &gap,
        ]) {
            let mut row = vec![
                Value::Text(name.to_string()),
                Value::Number(people as f64),
                Value::Text(measure.clone()),
            ];
            row.extend(values.iter().map(number));
            row.push(number(&values.iter().sum()));
            row.push(Value::Text(reading.clone()));
            rows.push(row);
        }
    };
    for r in &p.rows {
        let indent = "  ".repeat(r.depth);
        push(&format!("{indent}{}", r.short_name), r.people, &r.measures);
    }
    let first = p
        .months
        .first()
        .map(|m| format_month(*m))
        .unwrap_or_default();
    download::table(
        format,
        &format!("portfolio-{scope}-{first}-{}", p.reading.code()),
        &header,
        &rows,
    )
}

/// The at-risk list as a table: the people whom tentative work would take over capacity, their
/// utilisation per month as the reading counts it, and the months where it would.
fn download_at_risk(
    lang: Lang,
    p: &Portfolio,
    format: Format,
    scope: &str,
) -> Result<HttpResponse, AppError> {
    let mut header = vec![
        lang.t("portfolio-person"),
        lang.t("portfolio-csv-organisation"),
    ];
    header.extend(p.months.iter().map(|m| lang.month_short(*m)));
    header.push(lang.t("reading-csv-risky-months"));
    header.push(lang.t("reading-csv-reading"));
    let reading = lang.t(p.reading.label_key());
    let rows: Vec<Vec<Value>> = p
        .at_risk
        .iter()
        .map(|person| {
            let mut row = vec![
                Value::Text(person.name.clone()),
                Value::Text(person.organisation.clone()),
            ];
            row.extend(person.utilisation.iter().map(|u| match u {
                Some(u) => Value::Number(*u as f64),
                None => Value::Text(String::new()),
            }));
            let risky: Vec<String> = p
                .months
                .iter()
                .zip(&person.over_if_tentative)
                .filter(|(_, risky)| **risky)
                .map(|(m, _)| format_month(*m))
                .collect();
            row.push(Value::Text(risky.join(" ")));
            row.push(Value::Text(reading.clone()));
            row
        })
        .collect();
    let first = p
        .months
        .first()
        .map(|m| format_month(*m))
        .unwrap_or_default();
    download::table(
        format,
        &format!("portfolio-at-risk-{scope}-{first}-{}", p.reading.code()),
        &header,
        &rows,
    )
}
