//! `/projects`: the projects list and a project's overview (read-only until project planning lands).

pub mod demand;
pub mod quality;
pub mod role_demand;
pub mod structure;
pub mod team;

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::planning::month::Month;
use crate::planning::months::{format_month, last_month};
use crate::projects::list::{self, ListFilter, ListSort};
use crate::projects::overview::{self, FormChoices};
use crate::projects::{self, ProjectListRow, ProjectOverview, ProjectSummary};
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;
use crate::web::paging::{self, Paging};
use crate::web::stale::{About, Cell, ConflictPage, Shown, stale_form};

/// A project row as the pages show it.
struct ProjectRow {
    id: Uuid,
    code: String,
    name: String,
    owner: String,
    lifecycle: String,
    start: String,
    end: String,
    duration_months: i32,
    locked: bool,
}

impl From<ProjectSummary> for ProjectRow {
    fn from(p: ProjectSummary) -> Self {
        ProjectRow {
            id: p.id,
            end: last_month(p.start_month, p.duration_months)
                .map(format_month)
                .unwrap_or_default(),
            start: format_month(p.start_month),
            code: p.code,
            name: p.name,
            owner: p.owner.unwrap_or_else(|| "—".to_string()),
            lifecycle: p.lifecycle.unwrap_or_else(|| "—".to_string()),
            duration_months: p.duration_months,
            locked: p.locked,
        }
    }
}

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListPage {
    layout: Layout,
    projects: Vec<ListRow>,
    totals: [String; 3],
    organisations: Vec<(Uuid, String, bool)>,
    states: Vec<(String, String, bool)>,
    query: ListQuery,
    /// (sort key, heading, link, mark of the current sort)
    sort_links: Vec<(&'static str, String, String, &'static str)>,
    download_query: String,
    paging: Paging,
    /// "Total of 12 projects", "Projects 1–100 of 250", "12 projects." in the page's language.
    total_label: String,
    range_label: String,
    count_label: String,
}

/// A row of the list as shown.
struct ListRow {
    row: ProjectRow,
    partners: String,
    totals: [String; 3],
    /// The win probability that counts ("30 % (the state's default)").
    probability: String,
}

impl ListRow {
    /// A row of the projects list page: numbers and months as `lang` writes them.
    fn shown(r: ProjectListRow, lang: Lang) -> ListRow {
        let totals = r.totals.clone().map(|t| lang.decimal(&t));
        let (start, months) = (r.summary.start_month, r.summary.duration_months);
        let probability = probability_text(lang, r.probability, r.win_probability.is_none());
        let mut shown = ListRow::of(r);
        shown.totals = totals;
        shown.probability = probability;
        shown.row.start = lang.month_short(start);
        shown.row.lifecycle = lang.lookup_name(&shown.row.lifecycle);
        shown.row.end = last_month(start, months)
            .map(|m| lang.month_short(m))
            .unwrap_or_default();
        shown
    }

    fn of(r: ProjectListRow) -> ListRow {
        ListRow {
            partners: r
                .partners
                .iter()
                .map(|p| p.1.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            totals: r.totals.map(|t| t.to_string()),
            probability: r.probability.to_string(),
            row: ProjectRow::from(r.summary),
        }
    }
}

/// A win probability as the pages show it: "30 %", and whether it is the state's default.
fn probability_text(lang: Lang, effective: i32, state_default: bool) -> String {
    if state_default {
        lang.t1("reading-probability-default", "percent", effective)
    } else {
        lang.t1("reading-probability-own", "percent", effective)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    /// Absent: the user's default organisation (their preference); empty: all organisations.
    org: Option<String>,
    #[serde(default)]
    state: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    dir: String,
    /// 1-based; the list shows [`PAGE_SIZE`] projects a page.
    #[serde(default)]
    page: String,
    format: Option<String>,
}

/// Projects a page: a portfolio of a thousand projects is read a page at a time (the totals and
/// downloads still cover every project the filters keep).
const PAGE_SIZE: usize = 100;

/// The sortable columns: the `sort` value and the catalogue's heading.
const SORTS: [(&str, &str); 9] = [
    ("code", "column-code"),
    ("name", "column-name"),
    ("poo", "column-owner"),
    ("state", "column-state"),
    ("start", "column-start"),
    ("duration", "column-months"),
    ("projplan", "column-projplan-pm"),
    ("est", "column-est-pm"),
    ("actual", "column-actual-pm"),
];

/// The CSV/ODS of every project the filters keep, with a total row.
fn download_list(
    format: Format,
    lang: Lang,
    rows: &[ProjectListRow],
) -> Result<HttpResponse, AppError> {
    let header = [
        "column-code",
        "column-name",
        "column-owner",
        "column-partners",
        "column-state",
        "column-start",
        "column-end",
        "column-months",
        "column-projplan-pm",
        "column-est-pm",
        "column-actual-pm",
    ]
    .map(|key| lang.t(key));
    let number = |v: &bigdecimal::BigDecimal| {
        Value::Number(bigdecimal::ToPrimitive::to_f64(v).unwrap_or(0.0))
    };
    let mut totals = [
        bigdecimal::BigDecimal::from(0),
        bigdecimal::BigDecimal::from(0),
        bigdecimal::BigDecimal::from(0),
    ];
    for r in rows {
        for (total, value) in totals.iter_mut().zip(&r.totals) {
            *total += value;
        }
    }
    let mut table: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            let view = ProjectRow::from(r.summary.clone());
            vec![
                Value::Text(view.code),
                Value::Text(view.name),
                Value::Text(r.summary.owner.clone().unwrap_or_default()),
                Value::Text(
                    r.partners
                        .iter()
                        .map(|p| p.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                Value::Text(lang.lookup_name(r.summary.lifecycle.as_deref().unwrap_or_default())),
                Value::Text(view.start),
                Value::Text(view.end),
                Value::Number(f64::from(view.duration_months)),
                number(&r.totals[0]),
                number(&r.totals[1]),
                number(&r.totals[2]),
            ]
        })
        .collect();
    let mut total_row = vec![Value::Text(lang.t("total"))];
    total_row.extend((0..7).map(|_| Value::Text(String::new())));
    total_row.extend(totals.iter().map(number));
    table.push(total_row);
    download::table(format, "projects", &header, &table)
}

/// Whether a grid shows hours (`unit=hours`) or PM (`unit=pm`); without `unit`, the user's
/// preference.
pub(crate) async fn shows_hours(page: &Page, unit: Option<&str>) -> Result<bool, AppError> {
    match unit {
        Some("hours") => Ok(true),
        Some("pm") => Ok(false),
        Some(other) => Err(AppError::BadRequest(
            Msg::new("project-unit-unknown").arg("unit", other),
        )),
        None => Ok(crate::web::users::preferences(page).await?.show_hours),
    }
}

/// A month filter of the list (`from`, `to`): empty for none.
fn month_param(name: &str, value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    Month::parse(value)
        .map(|month| Some(month.first_day()))
        .map_err(|_| {
            AppError::BadRequest(
                Msg::new("project-filter-month")
                    .arg("name", name)
                    .arg("value", value),
            )
        })
}

/// The list's query string with its filters (those given), sorted by `sort` in `dir`: the
/// links of the column headings, the pager and the downloads.
fn list_query(org: &str, query: &ListQuery, sort: &str, dir: &str) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("org", org),
        ("state", &query.state),
        ("q", &query.q),
        ("from", &query.from),
        ("to", &query.to),
    ] {
        if !v.trim().is_empty() {
            q.append_pair(k, v.trim());
        }
    }
    if !sort.is_empty() {
        q.append_pair("sort", sort);
        q.append_pair("dir", dir);
    }
    q.finish()
}

pub async fn list(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let format = Format::parse(query.format.as_deref())?;
    let from = month_param("from", &query.from)?;
    let to = month_param("to", &query.to)?;
    // A malformed filter is refused before any query runs.
    let asked = match query.org.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(value) => Some(Some(Uuid::parse_str(value).map_err(|_| {
            AppError::BadRequest(Msg::new("project-filter-organisation"))
        })?)),
    };
    let sort_key = SORTS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| *k == query.sort)
        .unwrap_or("code");
    let sort = ListSort::from_key(sort_key);
    let descending = query.dir == "desc";
    // Downloads hold every page: their page number is not read.
    let page_number = match format {
        Some(_) => 1,
        None => paging::page_number(&query.page)?,
    };
    let lifecycle = (!query.state.trim().is_empty()).then(|| query.state.trim().to_string());
    let text = (!query.q.trim().is_empty()).then(|| query.q.trim().to_string());
    let user = page.user.id;
    let caches = std::sync::Arc::clone(&page.state.caches);
    let (listed, filters, org_filter) = page
        .state
        .db
        .in_transaction(user, move |conn| {
            // Without an `org` parameter the list starts on the user's preferred organisation.
            let org_filter = match (asked, user) {
                (Some(asked), _) => asked,
                (None, Some(user)) => {
                    crate::auth::user_settings::load(conn, user)?.default_organisation
                }
                (None, None) => None,
            };
            let listing = list::Listing::now(conn, &caches)?;
            let filters = listing.filters(conn)?;
            let filter = ListFilter {
                organisations: listing.organisation_and_below(conn, org_filter)?,
                lifecycle,
                text,
                from,
                to,
            };
            Ok::<_, AppError>((
                listing.load(conn, &filter, sort, descending)?,
                filters,
                org_filter,
            ))
        })
        .await?;
    let org = org_filter.map(|id| id.to_string()).unwrap_or_default();
    // Downloads hold every project the filters keep; the page its hundred.
    if let Some(format) = format {
        return download_list(format, page.lang, &listed.all());
    }
    let tree = crate::reference::organisations::as_tree(filters.organisations.clone());
    let base_query = |sort: &str, dir: &str| list_query(&org, &query, sort, dir);
    let lang = page.lang;
    let sort_links = SORTS
        .iter()
        .map(|(key, heading)| {
            let (dir, mark) = match (sort_key == *key, query.dir.as_str()) {
                (true, "desc") => ("asc", " ▼"),
                (true, _) => ("desc", " ▲"),
                (false, _) => ("asc", ""),
            };
            (*key, lang.t(heading), base_query(key, dir), mark)
        })
        .collect();
    let download_query = base_query(sort_key, if query.dir == "desc" { "desc" } else { "asc" });
    let link = |n: usize| format!("{download_query}&page={n}");
    let paging = Paging::at(page_number, listed.len(), PAGE_SIZE, link);
    let total = i64::try_from(paging.total).unwrap_or(i64::MAX);
    let total_label = lang.t1("projects-total", "count", total);
    let count_label = lang.t1("projects-count", "count", total);
    let whole = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let range_label = lang.tn(
        "projects-range",
        &[
            ("first", &whole(paging.first)),
            ("last", &whole(paging.last)),
            ("total", &total),
        ],
    );
    render(&ListPage {
        layout: page.layout(lang.t("projects-title"), Section::Projects),
        totals: listed.totals().map(|t| lang.decimal(&t)),
        projects: listed
            .window(paging.offset, paging.size)
            .into_iter()
            .map(|r| ListRow::shown(r, lang))
            .collect(),
        organisations: tree
            .iter()
            .map(|e| {
                (
                    e.organisation.id,
                    e.indented(),
                    org_filter == Some(e.organisation.id),
                )
            })
            .collect(),
        states: filters
            .states
            .iter()
            .map(|s| {
                (
                    s.code.clone(),
                    lang.lookup_name(&s.name),
                    s.code == query.state,
                )
            })
            .collect(),
        query,
        sort_links,
        download_query,
        paging,
        total_label,
        range_label,
        count_label,
    })
}

#[derive(Template)]
#[template(path = "projects/pipeline.html")]
struct PipelinePage {
    layout: Layout,
    /// (state as shown, its projects, "(2 projects, 12.5 PM)" in the page's language)
    groups: Vec<(String, Vec<ListRow>, String)>,
}

/// The pipeline's projects, grouped by lifecycle state in the order the states first appear,
/// with each group's total EST PM.
fn pipeline_groups(
    rows: Vec<ProjectListRow>,
) -> Vec<(String, Vec<ProjectListRow>, bigdecimal::BigDecimal)> {
    let mut groups: Vec<(String, Vec<ProjectListRow>, bigdecimal::BigDecimal)> = Vec::new();
    for r in rows.into_iter().filter(|r| r.is_pipeline) {
        let state = r.summary.lifecycle.clone().unwrap_or_default();
        let i = match groups.iter().position(|g| g.0 == state) {
            Some(i) => i,
            None => {
                groups.push((state, Vec::new(), bigdecimal::BigDecimal::from(0)));
                groups.len() - 1
            }
        };
        groups[i].2 += &r.totals[1];
        groups[i].1.push(r);
    }
    groups
}

/// The pipeline as CSV or ODS: the header in the request's language, numbers as numbers.
fn download_pipeline(
    format: Format,
    lang: Lang,
    groups: &[(String, Vec<ProjectListRow>, bigdecimal::BigDecimal)],
) -> Result<HttpResponse, AppError> {
    let header = [
        "column-state",
        "column-code",
        "column-name",
        "overview-owner",
        "column-start",
        "column-months",
        "column-est-pm",
        "reading-column-probability",
    ]
    .map(|key| lang.t(key));
    let table: Vec<Vec<Value>> = groups
        .iter()
        .flat_map(|(state, rows, _)| {
            rows.iter().map(move |r| {
                let view = ProjectRow::from(r.summary.clone());
                let est = bigdecimal::ToPrimitive::to_f64(&r.totals[1]).unwrap_or(0.0);
                vec![
                    Value::Text(lang.lookup_name(state)),
                    Value::Text(view.code),
                    Value::Text(view.name),
                    Value::Text(view.owner),
                    Value::Text(view.start),
                    Value::Number(f64::from(view.duration_months)),
                    Value::Number(est),
                    Value::Number(f64::from(r.probability)),
                ]
            })
        })
        .collect();
    download::table(format, "pipeline", &header, &table)
}

/// `/projects/pipeline`: projects in pipeline states (idea, proposal, submitted, …) with their
/// total EST PM and start month, for directors.
pub async fn pipeline(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    let format = Format::parse(query.format.as_deref())?;
    let caches = std::sync::Arc::clone(&page.state.caches);
    let rows = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(projects::list_with_totals(conn, &caches)?)
        })
        .await?;
    let groups = pipeline_groups(rows);
    let lang = page.lang;
    if let Some(format) = format {
        return download_pipeline(format, lang, &groups);
    }
    let groups = groups
        .into_iter()
        .map(|(state, rows, sum)| {
            let count = rows.len();
            let summary = lang.t2(
                "pipeline-group-summary",
                ("count", count),
                ("pm", lang.decimal(&sum)),
            );
            let rows = rows.into_iter().map(|r| ListRow::shown(r, lang)).collect();
            (lang.lookup_name(&state), rows, summary)
        })
        .collect();
    render(&PipelinePage {
        layout: page.layout(lang.t("pipeline-title"), Section::Projects),
        groups,
    })
}

#[derive(Template)]
#[template(path = "projects/overview.html")]
struct OverviewPage {
    layout: Layout,
    project: ProjectRow,
    description: String,
    /// "160 hours per PM" or "the system default", in the page's language.
    hours_per_pm: String,
    /// "30 % (the state's default)", in the page's language.
    probability: String,
    /// "2026-03 – 2028-02 (24 months)" in the page's language.
    runs: String,
    /// Why the project is locked, in the page's language.
    lock_reason: Option<String>,
    partners: Vec<String>,
    /// (label, count as the language writes it)
    counts: [(String, String); 4],
    issues: Vec<crate::web::projects::quality::IssueView>,
    role_demand: bool,
    team: bool,
    rates: Vec<RateRow>,
    employee_groups: Vec<(String, String)>,
    can_edit: bool,
    csrf_token: String,
}

/// One of the project's rates as the overview shows it, with its delete form's hidden fields.
struct RateRow {
    id: String,
    applies_to: String,
    from: String,
    hours: String,
    row: Shown,
}

impl RateRow {
    fn of(rate: &crate::projects::edit::ProjectRate, lang: Lang) -> RateRow {
        let [applies_to, from, hours] =
            rate_fields(rate).map(|(name, value)| rate_value(lang, name, &value));
        RateRow {
            id: rate.id.to_string(),
            row: Shown::of(rate.version, &rate_fields(rate)),
            applies_to,
            from,
            hours,
        }
    }
}

/// A rate's values as its delete form carries them (the same in every language, so that the
/// 409 page compares like with like): the employee group (empty: everyone), `YYYY-MM`, hours.
fn rate_fields(rate: &crate::projects::edit::ProjectRate) -> [(&'static str, String); 3] {
    [
        ("applies_to", rate.group.clone().unwrap_or_default()),
        ("from", format_month(rate.valid_from)),
        ("hours", rate.hours_per_pm.normalized().to_string()),
    ]
}

/// A value of [`rate_fields`] as a page in `lang` shows it.
fn rate_value(lang: Lang, field: &str, value: &str) -> String {
    match field {
        "applies_to" if value.trim().is_empty() => lang.t("rate-everyone"),
        "applies_to" => lang.lookup_name(value),
        "from" => Month::parse(value)
            .map(|month| lang.month_short(month.first_day()))
            .unwrap_or_else(|_| value.to_string()),
        "hours" => lang.plain_number(value),
        _ => value.to_string(),
    }
}

/// Why a project may not be changed by editors, in `lang`.
fn lock_reason(lang: Lang, lock: &ProjectLock) -> Option<String> {
    match lock {
        ProjectLock::Locked => Some(lang.t("overview-locked")),
        ProjectLock::LifecycleState(_) => Some(lang.t("overview-locked-by-state")),
        ProjectLock::Open => None,
    }
}

pub async fn overview(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    // The project, its data-quality problems and its rates: one transaction.
    let read = page
        .state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            Ok::<_, AppError>(overview::load(conn, id)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let ProjectOverview {
        summary,
        description,
        hours_per_pm,
        lifecycle_locks,
        probability,
        partners,
        work_packages,
        tasks,
        milestones,
        deliverables,
    } = read.project;
    let lang = page.lang;
    let lock = ProjectLock::of(summary.locked, lifecycle_locks.then(String::new));
    let can_edit = page.user.policy().can_edit_project(&lock).is_ok();
    let (start, months) = (summary.start_month, summary.duration_months);
    let runs = lang.tn(
        "overview-runs-value",
        &[
            ("start", &lang.month_short(start)),
            (
                "end",
                &last_month(start, months)
                    .map(|m| lang.month_short(m))
                    .unwrap_or_default(),
            ),
            ("months", &i64::from(months)),
        ],
    );
    let mut project = ProjectRow::from(summary);
    project.lifecycle = lang.lookup_name(&project.lifecycle);
    let issues = crate::web::projects::quality::views_of(read.issues, lang);
    let count = |key: &str, n: i64| (lang.t(key), lang.int(n));
    render(&OverviewPage {
        layout: page.layout(
            lang.t1("overview-title", "code", &project.code),
            Section::Projects,
        ),
        project,
        description,
        hours_per_pm: hours_per_pm
            .map(|h| lang.t1("overview-hours-value", "hours", lang.decimal(&h)))
            .unwrap_or_else(|| lang.t("overview-system-default")),
        probability: probability_text(lang, probability.effective(), probability.own.is_none()),
        runs,
        lock_reason: lock_reason(lang, &lock),
        partners,
        counts: [
            count("overview-work-packages", work_packages),
            count("overview-tasks", tasks),
            count("overview-milestones", milestones),
            count("overview-deliverables", deliverables),
        ],
        issues,
        role_demand: page.state.settings.role_demand_enabled,
        team: page.state.settings.person_capacity_enabled,
        rates: read.rates.iter().map(|r| RateRow::of(r, lang)).collect(),
        employee_groups: read
            .employee_groups
            .into_iter()
            .map(|(gid, name)| (gid.to_string(), lang.lookup_name(&name)))
            .collect(),
        can_edit,
        csrf_token: page.csrf_token(),
    })
}

// ---------------------------------------------------------------------------------------------
// Creating and editing

use crate::auth::policy::ProjectLock;
use crate::command::{DomainError, FieldErrors};
use crate::projects::edit::{self, NewRate, ProjectEdit, ProjectForm, RateDelete};
use crate::web::csrf::CsrfForm;
use actix_web::http::StatusCode;

#[derive(Template)]
#[template(path = "projects/form.html")]
struct FormPage {
    layout: Layout,
    /// `None` for a new project.
    project_id: Option<Uuid>,
    heading: String,
    csrf_token: String,
    form: ProjectForm,
    errors: FieldErrors,
    organisations: Vec<(String, String, bool, bool)>,
    states: Vec<(String, String, bool)>,
    stale: bool,
    /// (field, label, value, placeholder) of the one-line fields, in the page's language.
    text_fields: Vec<(&'static str, String, String, String)>,
}

/// A project form as the user filled it in (or as stored), with its refusals.
struct FilledForm {
    /// `None` for a new project.
    project_id: Option<Uuid>,
    form: ProjectForm,
    errors: FieldErrors,
    stale: bool,
}

impl FilledForm {
    /// The form of a new project, or of project `id` as stored.
    fn unrefused(project_id: Option<Uuid>, form: ProjectForm) -> FilledForm {
        FilledForm {
            project_id,
            form,
            errors: FieldErrors::new(),
            stale: false,
        }
    }
}

fn form_page(
    page: &Page,
    filled: FilledForm,
    choices: FormChoices,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let FilledForm {
        project_id,
        form,
        errors,
        stale,
    } = filled;
    let lang = page.lang;
    let heading = match project_id {
        Some(_) => lang.t1("project-edit-heading", "code", &form.code),
        None => lang.t("projects-new"),
    };
    let tree = crate::reference::organisations::as_tree(choices.organisations);
    let html = FormPage {
        layout: page.layout(heading.clone(), Section::Projects),
        project_id,
        heading,
        csrf_token: page.csrf_token(),
        organisations: tree
            .iter()
            .map(|e| {
                let id = e.organisation.id.to_string();
                let poo = form.poo == id;
                let partner = form.partners.contains(&id);
                (id, e.indented(), poo, partner)
            })
            .collect(),
        states: choices
            .states
            .into_iter()
            .map(|(id, name)| {
                let s = form.lifecycle == id.to_string();
                (id.to_string(), lang.lookup_name(&name), s)
            })
            .collect(),
        text_fields: vec![
            (
                "code",
                lang.t("project-code"),
                form.code.clone(),
                lang.t("project-code-hint"),
            ),
            (
                "name",
                lang.t("project-name"),
                form.name.clone(),
                String::new(),
            ),
            (
                "start",
                lang.t("project-start"),
                form.start.clone(),
                lang.t("project-start-hint"),
            ),
            (
                "duration",
                lang.t("project-duration"),
                form.duration.clone(),
                String::new(),
            ),
            (
                "hours_per_pm",
                lang.t("project-hours-per-pm"),
                form.hours_per_pm.clone(),
                lang.t("project-hours-per-pm-hint"),
            ),
            (
                "probability",
                lang.t("reading-probability-field"),
                form.probability.clone(),
                probability_hint(lang, &choices.probabilities, &form.lifecycle),
            ),
        ],
        form,
        errors,
        stale,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// The placeholder of the probability field: the chosen state's default, else every pipeline
/// state's ("Idea 10 %, Proposal 30 %, …").
fn probability_hint(lang: Lang, defaults: &[(Uuid, String, i32)], chosen: &str) -> String {
    let listed: Vec<String> = match defaults.iter().find(|(id, _, _)| id.to_string() == chosen) {
        Some((_, name, p)) => vec![format!("{} {} %", lang.lookup_name(name), p)],
        None => defaults
            .iter()
            .map(|(_, name, p)| format!("{} {} %", lang.lookup_name(name), p))
            .collect(),
    };
    lang.t1("reading-probability-hint", "defaults", listed.join(", "))
}

pub async fn new_form(page: Page) -> Result<HttpResponse, AppError> {
    page.user
        .policy()
        .can_edit_project(&ProjectLock::Open)
        .map_err(|refusal| AppError::Forbidden(refusal.0))?;
    let choices = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>(overview::form_choices(conn)?)
        })
        .await?;
    let form = ProjectForm {
        duration: "36".into(),
        ..ProjectForm::default()
    };
    form_page(
        &page,
        FilledForm::unrefused(None, form),
        choices,
        StatusCode::OK,
    )
}

/// What a project form's save answers: the saved project's overview, or the form again with the
/// refusal (bad input 422, changed meanwhile 409) and its choices, read in the transaction that
/// refused.
fn saved_or_shown(
    page: &Page,
    project_id: Option<Uuid>,
    form: ProjectForm,
    saved: (crate::command::Outcome<Uuid>, Option<FormChoices>),
) -> Result<HttpResponse, AppError> {
    let (errors, stale, status, choices) = match saved {
        (Ok(id), _) => {
            return Ok(HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, format!("/projects/{id}")))
                .finish());
        }
        (Err(DomainError::Invalid(errors)), Some(choices)) => {
            (errors, false, StatusCode::UNPROCESSABLE_ENTITY, choices)
        }
        (Err(DomainError::Stale), Some(choices)) => {
            (FieldErrors::new(), true, StatusCode::CONFLICT, choices)
        }
        (Err(other), _) => return Err(other.into()),
    };
    let filled = FilledForm {
        project_id,
        form,
        errors,
        stale,
    };
    form_page(page, filled, choices, status)
}

/// Whether the form is shown again for this outcome (with its choices read in the same
/// transaction): bad input or a project changed meanwhile.
fn shown_again<T>(outcome: &crate::command::Outcome<T>) -> bool {
    matches!(outcome, Err(DomainError::Invalid(_) | DomainError::Stale))
}

pub async fn create(
    page: Page,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    save_form(page, None, ProjectForm::from_pairs(&form.0)).await
}

/// A command's outcome as a handler's transaction ends with it: a refusal (bad input, a stale
/// form, a Policy's no) commits nothing written and comes back for the page to show; a database
/// failure rolls the transaction back.
pub(crate) fn answered<T>(
    outcome: crate::command::Outcome<T>,
) -> Result<crate::command::Outcome<T>, AppError> {
    match outcome {
        Err(crate::command::DomainError::Database(error)) => Err(AppError::from(error)),
        other => Ok(other),
    }
}

pub async fn edit_form(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let policy = page.user.policy();
    let (form, choices) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let form = answered(edit::edit_form(conn, &policy, id))??;
            Ok::<_, AppError>((form, overview::form_choices(conn)?))
        })
        .await?;
    form_page(
        &page,
        FilledForm::unrefused(Some(id), form),
        choices,
        StatusCode::OK,
    )
}

pub async fn update(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    save_form(
        page,
        Some(path.into_inner()),
        ProjectForm::from_pairs(&form.0),
    )
    .await
}

/// Creates a project (`id` None) or saves project `id` from its form, in the request's one
/// transaction; a refused form is shown again with its choices, read in that transaction.
async fn save_form(
    page: Page,
    id: Option<Uuid>,
    form: ProjectForm,
) -> Result<HttpResponse, AppError> {
    let submitted = form.clone();
    let saved = page
        .transaction(move |conn, acting| {
            let outcome = answered(match id {
                None => edit::create_project(conn, acting, &submitted),
                Some(project) => {
                    let input = ProjectEdit {
                        project,
                        form: submitted,
                    };
                    edit::update_project(conn, acting, input).map(|()| project)
                }
            })?;
            let choices = shown_again(&outcome)
                .then(|| overview::form_choices(conn))
                .transpose()?;
            Ok((outcome, choices))
        })
        .await?;
    saved_or_shown(&page, id, form, saved)
}

#[derive(Deserialize)]
pub struct RateForm {
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    hours_per_pm: String,
    /// An employee group's id, or empty for everyone.
    #[serde(default)]
    employee_group: String,
}

/// Where a change of a rate returns to: the rates of the overview.
fn back_to_rates(id: Uuid) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/projects/{id}#rates"),
        ))
        .finish()
}

/// A change of a project's rates: a new rate, or a rate removed (with what the overview showed).
enum RateChange {
    Add(NewRate),
    Delete(RateDelete, Shown),
}

/// Adds a time-based rate to a project.
pub async fn add_rate(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<RateForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let input = NewRate {
        project: path.into_inner(),
        valid_from: form.valid_from,
        hours_per_pm: form.hours_per_pm,
        group: form.employee_group,
    };
    change_rates(page, RateChange::Add(input)).await
}

pub async fn delete_rate(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (project, rate) = path.into_inner();
    let shown = form.0;
    let input = RateDelete {
        project,
        rate,
        version: shown.version()?,
    };
    change_rates(page, RateChange::Delete(input, shown)).await
}

/// Runs a change of the rates in the request's one transaction and answers with the rates of the
/// overview; a stale delete is answered with the rate as it is now, read in that transaction.
async fn change_rates(page: Page, change: RateChange) -> Result<HttpResponse, AppError> {
    let (project, rate, shown) = match &change {
        RateChange::Add(input) => (input.project, None, None),
        RateChange::Delete(input, shown) => (input.project, Some(input.rate), Some(shown.clone())),
    };
    let (changed, now) = page
        .transaction(move |conn, acting| {
            let changed = answered(match change {
                RateChange::Add(input) => edit::add_rate(conn, acting, input),
                RateChange::Delete(input, _) => edit::delete_rate(conn, acting, input),
            })?;
            let now = match (&changed, rate) {
                (Err(DomainError::Stale), Some(rate)) => {
                    let code = projects::edit_values(conn, project)?.map(|p| p.code);
                    let now = edit::rates(conn, project)?
                        .into_iter()
                        .find(|r| r.id == rate);
                    code.zip(now)
                }
                _ => None,
            };
            Ok((changed, now))
        })
        .await?;
    match (changed, now, shown) {
        (Ok(()), _, _) => Ok(back_to_rates(project)),
        // The overview has no form to show it on: the sentence comes on its own page.
        (Err(DomainError::Invalid(errors)), _, _) => Err(AppError::BadRequest(
            Msg::new("rate-refused").arg("reason", crate::command::sentences(&errors)),
        )),
        (Err(DomainError::Stale), Some((code, now)), Some(shown)) => {
            stale_rate(&page, project, code, &now, &shown)
        }
        // The rate was removed meanwhile (or the project hidden).
        (Err(DomainError::Stale), None, Some(_)) => Err(AppError::not_found()),
        (Err(other), _, _) => Err(other.into()),
    }
}

/// The 409 page of deleting a rate that changed after the overview was shown.
fn stale_rate(
    page: &Page,
    project: Uuid,
    code: String,
    now: &crate::projects::edit::ProjectRate,
    shown: &Shown,
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let about = About {
        title: lang.t1("overview-title", "code", &code),
        section: Section::Projects,
        what: lang.t2(
            "rate-what",
            ("month", lang.month_short(now.valid_from)),
            ("code", &code),
        ),
        breadcrumb: vec![
            ("/projects".into(), lang.t("nav-projects")),
            (format!("/projects/{project}"), code),
        ],
        latest: (
            format!("/projects/{project}#rates"),
            lang.t("rate-open-latest"),
        ),
    };
    let labels = [
        lang.t("rate-applies-to"),
        lang.t("rate-from"),
        lang.t("rate-hours"),
    ];
    let fields = [
        ("applies_to", labels[0].as_str()),
        ("from", labels[1].as_str()),
        ("hours", labels[2].as_str()),
    ];
    let now = rate_fields(now);
    stale_form(page, about, &fields, shown, &now, None, |name, v| {
        rate_value(lang, name, v)
    })
}

/// What a grid of a project shows on its 409 page when someone else saved the plan first.
pub(crate) struct PlanConflict {
    page_title: String,
    /// What happened and what to do ("Nothing of yours was saved: …"), in the page's language.
    message: String,
    /// The labels of the columns naming a cell; the numbers (saw, now, wanted) follow.
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
    /// (address, label) of the link to the latest version.
    latest: (String, String),
}

/// The 409 page of a grid of project `(id, code)` saved after someone else's save: nothing of
/// the user's was written; each cell as they saw it, as it is now and as they wanted it.
pub(crate) fn plan_conflict(
    page: &Page,
    (project, code): (Uuid, &str),
    conflict: PlanConflict,
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let labels = conflict.columns.into_iter().map(|label| (label, false));
    let numbers = [
        "conflict-you-saw",
        "conflict-saved-now",
        "conflict-you-wanted",
    ]
    .map(|key| (lang.t(key), true));
    ConflictPage {
        layout: page.layout(conflict.page_title, Section::Projects),
        breadcrumb: vec![
            ("/projects".into(), lang.t("nav-projects")),
            (format!("/projects/{project}"), code.to_string()),
        ],
        heading: lang.t1("conflict-plan-heading", "code", code),
        message: conflict.message,
        columns: labels.chain(numbers).collect(),
        rows: conflict.rows,
        latest: conflict.latest,
    }
    .respond()
}
