//! The compare views of a scenario (issue 23, docs/scenarios.md "Compare"):
//! `/scenarios/{id}/compare`, the portfolio's heatmap with the live and the scenario's figures
//! and their difference per organisation × month, the people whose band the scenario changes and
//! the scenario's changes in words (`?format=csv|ods` downloads the comparison); and
//! `/scenarios/{id}/people/{person}`, one person's months and assignments live vs scenario.
//! Any reader of the scenario may compare; everything is what the user may see of the plan.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::planning::milli_pm::{self, show};
use crate::planning::months::format_month;
use crate::portfolio::scenario::{
    self as beside, ComparisonView, PersonBeside, ScenarioInView, Terms,
};
use crate::portfolio::{Band, LIST_LIMIT, MONTH_CHOICES, Measures, Window, WindowText};
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;
use crate::web::scenarios::words::{self, Names, Source};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/scenarios/{id}/compare", web::get().to(compare))
        .route("/scenarios/{id}/people/{person}", web::get().to(person));
}

/// The portfolio's choices, as /portfolio takes them.
#[derive(Deserialize, Default)]
pub struct CompareQuery {
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
}

impl CompareQuery {
    /// The choices checked (a bad value is a 400 with the reason, never a guess).
    fn window(&self, page: &Page) -> Result<Window, AppError> {
        Ok(Window::parse(
            &WindowText {
                org: &self.org,
                role: &self.role,
                from: &self.from,
                months: &self.months,
                under: &self.under,
                reading: &self.reading,
            },
            page.state.settings.under_allocation_percent,
        )?)
    }
}

/// The choices as a query string, for links that keep them.
fn query_of(chosen: &Window) -> String {
    let id = |v: Option<Uuid>| v.map(|v| v.to_string()).unwrap_or_default();
    serde_urlencoded::to_string([
        ("org", id(chosen.organisation)),
        ("role", id(chosen.role)),
        ("from", format_month(chosen.first)),
        ("months", chosen.count.to_string()),
        ("under", chosen.under.to_string()),
        ("reading", chosen.reading.code().to_string()),
    ])
    .unwrap_or_default()
}

/// A figure live, in the scenario, and the difference signed and marked with an arrow (and a
/// title in words), so that it does not rest on colour.
struct DiffCell {
    live: String,
    planned: String,
    /// Empty when the scenario leaves the figure as it is.
    diff: String,
    class: &'static str,
    title: String,
}

fn diff_cell(lang: Lang, live: i64, planned: i64) -> DiffCell {
    let number = |v: i64| lang.plain_number(&show(v));
    let change = planned - live;
    let (diff, class, title) = match change.signum() {
        1 => (
            format!("+{} ▲", number(change)),
            "diff-more",
            lang.t1("compare-more", "value", number(change)),
        ),
        -1 => (
            format!("{} ▼", number(change)),
            "diff-less",
            lang.t1("compare-less", "value", number(-change)),
        ),
        _ => (String::new(), "", lang.t("compare-same")),
    };
    DiffCell {
        live: number(live),
        planned: number(planned),
        diff,
        class,
        title,
    }
}

struct CompareRow {
    name: String,
    indent: usize,
    people: usize,
    /// (measure's name, a cell per month)
    measures: Vec<(String, Vec<DiffCell>)>,
}

fn compare_row(
    lang: Lang,
    (name, indent, people): (String, usize, usize),
    live: &Measures,
    planned: &Measures,
) -> CompareRow {
    let n = live.capacity.len();
    let cells = |l: &dyn Fn(usize) -> i64, p: &dyn Fn(usize) -> i64| {
        (0..n)
            .map(|i| diff_cell(lang, l(i), p(i)))
            .collect::<Vec<_>>()
    };
    CompareRow {
        name,
        indent,
        people,
        measures: vec![
            (
                lang.t("portfolio-capacity"),
                cells(&|i| live.capacity[i], &|i| planned.capacity[i]),
            ),
            (
                lang.t("portfolio-allocated"),
                cells(&|i| live.allocated[i], &|i| planned.allocated[i]),
            ),
            (
                lang.t("portfolio-est-demand"),
                cells(&|i| live.demand[i], &|i| planned.demand[i]),
            ),
            (
                lang.t("portfolio-gap"),
                cells(&|i| live.gap(i), &|i| planned.gap(i)),
            ),
        ],
    }
}

/// A person whose band the scenario changes, as the page lists them.
struct BandRow {
    id: String,
    name: String,
    organisation: String,
    live: String,
    planned: String,
    /// Per month: "live % → scenario %".
    months: Vec<String>,
}

fn band_name(lang: Lang, band: Band) -> String {
    lang.t(match band {
        Band::Over => "compare-band-over",
        Band::OverIfTentative => "compare-band-over-if-tentative",
        Band::Under => "compare-band-under",
        Band::Healthy => "compare-band-healthy",
    })
}

fn percent_text(lang: Lang, value: Option<i64>) -> String {
    value
        .map(|v| format!("{} %", lang.int(v)))
        .unwrap_or_else(|| "–".to_string())
}

/// A change of the scenario as the page lists it: (project id, project code, the change in
/// words, made on a version the live plan has moved on from).
type ChangeRow = (String, String, String, bool);

fn change_rows(lang: Lang, scenario: &ScenarioInView, names: &Names) -> Vec<ChangeRow> {
    scenario
        .changes
        .iter()
        .map(|c| {
            (
                c.project_id.to_string(),
                c.project_code.clone(),
                words::describe(&c.change, names, lang),
                c.outdated(),
            )
        })
        .collect()
}

#[derive(Template)]
#[template(path = "scenario_compare/compare.html")]
struct ComparePage {
    layout: Layout,
    id: String,
    name: String,
    months: Vec<String>,
    rows: Vec<CompareRow>,
    people: Vec<BandRow>,
    /// Over-allocated by confirmed work in the scenario: (id, name, organisation, utilisation
    /// per month), the worst first.
    over: Vec<(String, String, String, Vec<String>)>,
    /// "Showing the 50 most over-allocated of 70", empty when all are shown.
    over_more: String,
    changes: Vec<ChangeRow>,
    organisations: Vec<(String, String, bool)>,
    roles: Vec<(String, String, bool)>,
    month_choices: Vec<(i32, bool)>,
    readings: Vec<(&'static str, String, bool)>,
    from: String,
    under_percent: u32,
    query: String,
}

pub async fn compare(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let chosen = query.window(&page)?;
    let format = Format::parse(query.format.as_deref())?;
    let filter = chosen.filter();
    let under = chosen.under;
    // One computation per core, as /portfolio (AppState::portfolio_slots).
    let _slot = page.state.portfolio_slots.acquire().await.ok();
    let source = Source::of(&page);
    let (view, names): (ComparisonView, Names) = page
        .transaction(move |conn, acting| {
            let limits = (under, LIST_LIMIT);
            let view = beside::compare_view(
                conn,
                (acting, &source.caches),
                id,
                &filter,
                limits,
                &source.hours_per_pm,
            )?;
            // The changes in the words of the scenario's own page.
            let names = source.names(conn, &view.scenario.changes)?;
            Ok((view, names))
        })
        .await?;
    let lang = page.lang;
    if let Some(format) = format {
        return download_comparison(lang, &view, format);
    }
    let (live, planned) = (&view.comparison.live, &view.comparison.scenario);
    let mut rows: Vec<CompareRow> = live
        .rows
        .iter()
        .zip(&planned.rows)
        .map(|(l, p)| {
            compare_row(
                lang,
                (l.short_name.clone(), l.depth, l.people),
                &l.measures,
                &p.measures,
            )
        })
        .collect();
    if chosen.organisation.is_none() && live.rows.iter().filter(|r| r.depth == 0).count() > 1 {
        let people = live
            .rows
            .iter()
            .filter(|r| r.depth == 0)
            .map(|r| r.people)
            .sum();
        let all = (lang.t("portfolio-all-organisations"), 0, people);
        rows.push(compare_row(lang, all, &live.total, &planned.total));
    }
    let people = view
        .comparison
        .people
        .iter()
        .map(|p| BandRow {
            id: p.id.to_string(),
            name: p.name.clone(),
            organisation: p.organisation.clone(),
            live: band_name(lang, p.live),
            planned: band_name(lang, p.scenario),
            months: p
                .live_utilisation
                .iter()
                .zip(&p.scenario_utilisation)
                .map(|(l, s)| format!("{} → {}", percent_text(lang, *l), percent_text(lang, *s)))
                .collect(),
        })
        .collect();
    let over = planned
        .over
        .iter()
        .map(|p| {
            let months = p
                .utilisation
                .iter()
                .map(|u| percent_text(lang, *u))
                .collect();
            (
                p.id.to_string(),
                p.name.clone(),
                p.organisation.clone(),
                months,
            )
        })
        .collect();
    let over_more = if planned.over_count > planned.over.len() {
        lang.t2(
            "portfolio-over-more",
            ("shown", planned.over.len()),
            ("total", planned.over_count),
        )
    } else {
        String::new()
    };
    let name = view.scenario.scenario.name.clone();
    render(&ComparePage {
        layout: page.layout(
            lang.t1("compare-title", "name", name.as_str()),
            Section::Scenarios,
        ),
        id: id.to_string(),
        name,
        months: live.months.iter().map(|m| lang.month_name(*m)).collect(),
        rows,
        people,
        over,
        over_more,
        changes: change_rows(lang, &view.scenario, &names),
        organisations: view
            .organisations
            .iter()
            .map(|(o, _, name)| (o.to_string(), name.clone(), Some(*o) == chosen.organisation))
            .collect(),
        roles: view
            .roles
            .iter()
            .map(|(r, name)| (r.to_string(), name.clone(), Some(*r) == chosen.role))
            .collect(),
        month_choices: MONTH_CHOICES
            .iter()
            .map(|n| (*n, *n == chosen.count))
            .collect(),
        readings: crate::web::portfolio::readings(page.lang, chosen.reading),
        from: format_month(chosen.first),
        under_percent: under,
        query: query_of(&chosen),
    })
}

/// The comparison as a table: one row per organisation × month with the live and scenario
/// capacity, allocation, EST demand and gap and their differences; then, after an empty row,
/// the people whose band the scenario changes (one row per person × month).
fn download_comparison(
    lang: Lang,
    view: &ComparisonView,
    format: Format,
) -> Result<HttpResponse, AppError> {
    let header: Vec<String> = [
        "portfolio-csv-organisation",
        "portfolio-csv-people",
        "compare-csv-month",
        "compare-csv-live-capacity",
        "compare-csv-scenario-capacity",
        "compare-csv-capacity-difference",
        "compare-csv-live-allocated",
        "compare-csv-scenario-allocated",
        "compare-csv-allocated-difference",
        "compare-csv-live-demand",
        "compare-csv-scenario-demand",
        "compare-csv-demand-difference",
        "compare-csv-live-gap",
        "compare-csv-scenario-gap",
        "compare-csv-gap-difference",
    ]
    .iter()
    .map(|k| lang.t(k))
    .collect();
    let number = |v: i64| Value::Number(milli_pm::to_f64(v));
    let (live, planned) = (&view.comparison.live, &view.comparison.scenario);
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for (l, p) in live.rows.iter().zip(&planned.rows) {
        let name = format!("{}{}", "  ".repeat(l.depth), l.short_name);
        for (i, month) in live.months.iter().enumerate() {
            let (a, b) = (&l.measures, &p.measures);
            let mut row = vec![
                Value::Text(name.clone()),
                Value::Number(l.people as f64),
                Value::Text(format_month(*month)),
            ];
            for (x, y) in [
                (a.capacity[i], b.capacity[i]),
                (a.allocated[i], b.allocated[i]),
                (a.demand[i], b.demand[i]),
                (a.gap(i), b.gap(i)),
            ] {
                row.extend([number(x), number(y), number(y - x)]);
            }
            rows.push(row);
        }
    }
    rows.push(Vec::new());
    rows.push(
        [
            "portfolio-person",
            "filter-organisation",
            "compare-csv-live-band",
            "compare-csv-scenario-band",
            "compare-csv-month",
            "compare-csv-live-utilisation",
            "compare-csv-scenario-utilisation",
        ]
        .iter()
        .map(|k| Value::Text(lang.t(k)))
        .collect(),
    );
    let share = |v: Option<i64>| v.map_or(Value::Text(String::new()), |v| Value::Number(v as f64));
    for p in &view.comparison.people {
        for (i, month) in live.months.iter().enumerate() {
            rows.push(vec![
                Value::Text(p.name.clone()),
                Value::Text(p.organisation.clone()),
                Value::Text(band_name(lang, p.live)),
                Value::Text(band_name(lang, p.scenario)),
                Value::Text(format_month(*month)),
                share(p.live_utilisation.get(i).copied().flatten()),
                share(p.scenario_utilisation.get(i).copied().flatten()),
            ]);
        }
    }
    let first = live
        .months
        .first()
        .map(|m| format_month(*m))
        .unwrap_or_default();
    download::table(
        format,
        &format!("compare-{}-{first}", view.scenario.scenario.name),
        &header,
        &rows,
    )
}

/// A month of the person beside the scenario.
struct MonthRow {
    month: String,
    capacity: String,
    allocated: DiffCell,
    live_utilisation: String,
    planned_utilisation: String,
    live_band: String,
    planned_band: String,
    /// The scenario moves the month into another band.
    moved: bool,
}

/// An assignment of the person: live and in the scenario, and what the scenario does to it.
struct AssignmentRow {
    project_id: String,
    project_code: String,
    role: String,
    live: String,
    planned: String,
    what: String,
}

#[derive(Template)]
#[template(path = "scenario_compare/person.html")]
struct PersonPage {
    layout: Layout,
    id: String,
    name: String,
    person_id: String,
    heading: String,
    organisation: String,
    months: Vec<MonthRow>,
    assignments: Vec<AssignmentRow>,
    changes: Vec<ChangeRow>,
    month_choices: Vec<(i32, bool)>,
    readings: Vec<(&'static str, String, bool)>,
    from: String,
    query: String,
}

fn terms_text(lang: Lang, terms: Option<&Terms>) -> String {
    let Some(t) = terms else {
        return "—".to_string();
    };
    let status = lang.t(if t.tentative {
        "compare-tentative"
    } else {
        "compare-confirmed"
    });
    format!(
        "{} % · {}–{} · {status}",
        lang.plain_number(&(t.percent as f64 / 100.0).to_string()),
        format_month(t.start),
        format_month(t.end),
    )
}

fn what_happens(lang: Lang, live: Option<&Terms>, planned: Option<&Terms>) -> String {
    lang.t(match (live, planned) {
        (None, _) => "compare-assignment-added",
        (_, None) => "compare-assignment-removed",
        (Some(l), Some(p)) if l == p => "compare-assignment-same",
        _ => "compare-assignment-changed",
    })
}

fn month_rows(lang: Lang, p: &PersonBeside, under: u32) -> Vec<MonthRow> {
    p.months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let (live, planned) = p.allocated(i);
            let (live_u, planned_u) = p.utilisation(i);
            let (live_b, planned_b) = p.bands(i, under);
            MonthRow {
                month: lang.month_name(*month),
                capacity: lang.plain_number(&show(p.live[i].capacity)),
                allocated: diff_cell(lang, live, planned),
                live_utilisation: percent_text(lang, live_u),
                planned_utilisation: percent_text(lang, planned_u),
                live_band: band_name(lang, live_b),
                planned_band: band_name(lang, planned_b),
                moved: live_b != planned_b,
            }
        })
        .collect()
}

pub async fn person(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let (id, person) = path.into_inner();
    let chosen = query.window(&page)?;
    let filter = chosen.filter();
    let source = Source::of(&page);
    let (p, names): (PersonBeside, Names) = page
        .transaction(move |conn, acting| {
            let p = beside::person_beside(
                conn,
                (acting, &source.caches),
                (id, person),
                &filter,
                &source.hours_per_pm,
            )?;
            let names = source.names(conn, &p.scenario.changes)?;
            Ok((p, names))
        })
        .await?;
    let lang = page.lang;
    let assignments = p
        .assignments
        .iter()
        .map(|a| AssignmentRow {
            project_id: a.project_id.to_string(),
            project_code: a.project_code.clone(),
            role: a
                .role
                .as_deref()
                .map(|r| lang.lookup_name(r))
                .unwrap_or_default(),
            live: terms_text(lang, a.live.as_ref()),
            planned: terms_text(lang, a.planned.as_ref()),
            what: what_happens(lang, a.live.as_ref(), a.planned.as_ref()),
        })
        .collect();
    let name = p.scenario.scenario.name.clone();
    render(&PersonPage {
        layout: page.layout(
            lang.t2(
                "compare-person-title",
                ("person", p.name.as_str()),
                ("name", name.as_str()),
            ),
            Section::Scenarios,
        ),
        id: id.to_string(),
        name,
        person_id: person.to_string(),
        heading: lang.t2(
            "compare-person-heading",
            ("person", p.name.as_str()),
            ("name", p.scenario.scenario.name.as_str()),
        ),
        organisation: p.organisation.clone(),
        months: month_rows(lang, &p, chosen.under),
        assignments,
        changes: change_rows(lang, &p.scenario, &names),
        month_choices: MONTH_CHOICES
            .iter()
            .map(|n| (*n, *n == chosen.count))
            .collect(),
        readings: crate::web::portfolio::readings(page.lang, chosen.reading),
        from: format_month(chosen.first),
        query: query_of(&chosen),
    })
}
