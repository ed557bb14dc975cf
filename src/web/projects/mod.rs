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
use crate::planning::months::{format_month, last_month};
use crate::projects::list::{self, ListFilter, ListSort};
use crate::projects::{self, ProjectListRow, ProjectOverview, ProjectSummary};
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;
use crate::web::paging::{self, Paging};
use crate::web::stale::{About, Shown, stale_form};

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
    sort_links: Vec<(&'static str, &'static str, String, &'static str)>,
    download_query: String,
    paging: Paging,
}

/// A row of the list as shown.
struct ListRow {
    row: ProjectRow,
    partners: String,
    totals: [String; 3],
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

const SORTS: [(&str, &str); 9] = [
    ("code", "Code"),
    ("name", "Name"),
    ("poo", "Owner (POO)"),
    ("state", "State"),
    ("start", "Start"),
    ("duration", "Months"),
    ("projplan", "PROJPLAN PM"),
    ("est", "EST PM"),
    ("actual", "ACTUAL PM"),
];

/// The CSV/ODS of every project the filters keep, with a total row.
fn download_list(format: Format, rows: &[ProjectListRow]) -> Result<HttpResponse, AppError> {
    let header = [
        "Code",
        "Name",
        "Owner (POO)",
        "Partners",
        "State",
        "Start",
        "End",
        "Months",
        "PROJPLAN PM",
        "EST PM",
        "ACTUAL PM",
    ]
    .map(String::from);
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
                Value::Text(r.summary.lifecycle.clone().unwrap_or_default()),
                Value::Text(view.start),
                Value::Text(view.end),
                Value::Number(f64::from(view.duration_months)),
                number(&r.totals[0]),
                number(&r.totals[1]),
                number(&r.totals[2]),
            ]
        })
        .collect();
    let mut total_row = vec![Value::Text("Total".into())];
    total_row.extend((0..7).map(|_| Value::Text(String::new())));
    total_row.extend(totals.iter().map(number));
    table.push(total_row);
    download::table(format, "projects", &header, &table)
}

fn month_param(name: &str, value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(&format!("{}-01", value.trim()), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            AppError::BadRequest(format!(
                "The filter '{name}' must be a month such as 2026-03 (got \"{value}\")."
            ))
        })
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
        Some(value) => {
            Some(Some(Uuid::parse_str(value).map_err(|_| {
                AppError::BadRequest("Unknown organisation filter.".into())
            })?))
        }
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
            // The chosen organisation and everything below it.
            let parents = crate::reference::organisations::parent_map(&filters.organisations);
            let filter = ListFilter {
                organisations: org_filter.map(|root| {
                    crate::reference::organisations::with_descendants(&[root], &parents)
                        .into_iter()
                        .collect()
                }),
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
        return download_list(format, &listed.all());
    }
    let tree = crate::reference::organisations::as_tree(filters.organisations.clone());
    let base_query = |sort: &str, dir: &str| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("org", &org),
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
    };
    let sort_links = SORTS
        .iter()
        .map(|(key, label)| {
            let (dir, mark) = match (sort_key == *key, query.dir.as_str()) {
                (true, "desc") => ("asc", " ▼"),
                (true, _) => ("desc", " ▲"),
                (false, _) => ("asc", ""),
            };
            (*key, *label, base_query(key, dir), mark)
        })
        .collect();
    let download_query = base_query(sort_key, if query.dir == "desc" { "desc" } else { "asc" });
    let link = |n: usize| format!("{download_query}&page={n}");
    let paging = Paging::at(page_number, listed.len(), PAGE_SIZE, link);
    render(&ListPage {
        layout: page.layout("Projects", Section::Projects),
        totals: listed.totals().map(|t| t.to_string()),
        projects: listed
            .window(paging.offset, paging.size)
            .into_iter()
            .map(|r| ListRow {
                partners: r
                    .partners
                    .iter()
                    .map(|p| p.1.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                totals: r.totals.map(|t| t.to_string()),
                row: ProjectRow::from(r.summary),
            })
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
            .map(|s| (s.code.clone(), s.name.clone(), s.code == query.state))
            .collect(),
        query,
        sort_links,
        download_query,
        paging,
    })
}

#[derive(Template)]
#[template(path = "projects/pipeline.html")]
struct PipelinePage {
    layout: Layout,
    groups: Vec<(String, Vec<ListRow>, String)>,
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
    let mut groups: Vec<(String, Vec<ListRow>, String)> = Vec::new();
    let mut sums: Vec<bigdecimal::BigDecimal> = Vec::new();
    for r in rows.into_iter().filter(|r| r.is_pipeline) {
        let state = r.summary.lifecycle.clone().unwrap_or_default();
        let i = match groups.iter().position(|g| g.0 == state) {
            Some(i) => i,
            None => {
                groups.push((state, Vec::new(), String::new()));
                sums.push(bigdecimal::BigDecimal::from(0));
                groups.len() - 1
            }
        };
        sums[i] += &r.totals[1];
        groups[i].1.push(ListRow {
            partners: r
                .partners
                .iter()
                .map(|p| p.1.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            totals: r.totals.map(|t| t.to_string()),
            row: ProjectRow::from(r.summary),
        });
    }
    for (g, sum) in groups.iter_mut().zip(sums) {
        g.2 = sum.normalized().to_string();
    }
    if let Some(format) = format {
        let header = [
            "State",
            "Code",
            "Name",
            "Owner (POO)",
            "Start",
            "Months",
            "EST PM",
        ]
        .map(String::from);
        let table: Vec<Vec<Value>> = groups
            .iter()
            .flat_map(|(state, rows, _)| {
                rows.iter().map(move |r| {
                    vec![
                        Value::Text(state.clone()),
                        Value::Text(r.row.code.clone()),
                        Value::Text(r.row.name.clone()),
                        Value::Text(r.row.owner.clone()),
                        Value::Text(r.row.start.clone()),
                        Value::Number(f64::from(r.row.duration_months)),
                        Value::Number(r.totals[1].parse().unwrap_or(0.0)),
                    ]
                })
            })
            .collect();
        return download::table(format, "pipeline", &header, &table);
    }
    render(&PipelinePage {
        layout: page.layout("Pipeline", Section::Projects),
        groups,
    })
}

#[derive(Template)]
#[template(path = "projects/overview.html")]
struct OverviewPage {
    layout: Layout,
    project: ProjectRow,
    description: String,
    hours_per_pm: String,
    lock_reason: Option<&'static str>,
    partners: Vec<String>,
    counts: [(&'static str, i64); 4],
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
    fn of(rate: &crate::projects::edit::ProjectRate) -> RateRow {
        let [applies_to, from, hours] = rate_fields(rate).map(|(_, value)| value);
        RateRow {
            id: rate.id.to_string(),
            row: Shown::of(rate.version, &rate_fields(rate)),
            applies_to,
            from,
            hours,
        }
    }
}

/// A rate's values as the overview shows them.
fn rate_fields(rate: &crate::projects::edit::ProjectRate) -> [(&'static str, String); 3] {
    [
        (
            "applies_to",
            rate.group.clone().unwrap_or_else(|| "Everyone".to_string()),
        ),
        ("from", format_month(rate.valid_from)),
        ("hours", rate.hours_per_pm.normalized().to_string()),
    ]
}

pub async fn overview(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let ProjectOverview {
        summary,
        description,
        hours_per_pm,
        lifecycle_locks,
        partners,
        work_packages,
        tasks,
        milestones,
        deliverables,
    } = page
        .state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            Ok::<_, AppError>(projects::overview(conn, id)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let summary_locked = summary.locked;
    let lock_reason = if summary.locked {
        Some("This project is locked.")
    } else if lifecycle_locks {
        Some("This project's lifecycle state locks it.")
    } else {
        None
    };
    let project = ProjectRow::from(summary);
    let issues = crate::web::projects::quality::issue_views(&page, Some(id)).await?;
    let (rates, employee_groups) = page
        .state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            Ok::<_, AppError>((
                crate::projects::edit::rates(conn, id)?,
                crate::projects::edit::employee_groups(conn)?,
            ))
        })
        .await?;
    let lock = if summary_locked {
        ProjectLock::Locked
    } else if lifecycle_locks {
        ProjectLock::LifecycleState(String::new())
    } else {
        ProjectLock::Open
    };
    let can_edit = page.user.policy().can_edit_project(&lock).is_ok();
    render(&OverviewPage {
        layout: page.layout(format!("{} · Projects", project.code), Section::Projects),
        project,
        description,
        hours_per_pm: hours_per_pm
            .map(|h| format!("{} hours per PM", h.normalized()))
            .unwrap_or_else(|| "the system default".to_string()),
        lock_reason,
        partners,
        counts: [
            ("Work packages", work_packages),
            ("Tasks", tasks),
            ("Milestones", milestones),
            ("Deliverables", deliverables),
        ],
        issues,
        role_demand: page.state.settings.role_demand_enabled,
        team: page.state.settings.person_capacity_enabled,
        rates: rates.iter().map(RateRow::of).collect(),
        employee_groups: employee_groups
            .into_iter()
            .map(|(gid, name)| (gid.to_string(), name))
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
    /// (field, label, value, placeholder) of the one-line fields.
    text_fields: Vec<(&'static str, &'static str, String, &'static str)>,
}

async fn form_page(
    page: &Page,
    project_id: Option<Uuid>,
    heading: String,
    form: ProjectForm,
    errors: FieldErrors,
    stale: bool,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (orgs, states) = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>((
                crate::reference::organisations::list(conn)?,
                crate::reference::lookups::states_with_ids(conn)?,
            ))
        })
        .await?;
    let tree = crate::reference::organisations::as_tree(orgs);
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
        states: states
            .into_iter()
            .map(|(id, name)| {
                let s = form.lifecycle == id.to_string();
                (id.to_string(), name, s)
            })
            .collect(),
        text_fields: vec![
            (
                "code",
                "Code",
                form.code.clone(),
                "The acronym, e.g. EXAMPLE-P",
            ),
            ("name", "Name", form.name.clone(), ""),
            (
                "start",
                "Start month",
                form.start.clone(),
                "YYYY-MM: the month of M1",
            ),
            ("duration", "Duration (months)", form.duration.clone(), ""),
            (
                "hours_per_pm",
                "Hours per PM (default for this project)",
                form.hours_per_pm.clone(),
                "Empty: the system rate applies",
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

pub async fn new_form(page: Page) -> Result<HttpResponse, AppError> {
    if !page.user.policy().can_edit_projects() {
        return Err(AppError::Forbidden(
            "You have read-only access: ask an administrator for the editor role.".into(),
        ));
    }
    let form = ProjectForm {
        duration: "36".into(),
        ..ProjectForm::default()
    };
    form_page(
        &page,
        None,
        "New project".into(),
        form,
        FieldErrors::new(),
        false,
        StatusCode::OK,
    )
    .await
}

pub async fn create(
    page: Page,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = ProjectForm::from_pairs(&form.0);
    let submitted = form.clone();
    let acting = page.acting();
    let created = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            answered(edit::create_project(conn, &acting, &submitted))
        })
        .await?;
    match created {
        Ok(id) => Ok(HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, format!("/projects/{id}")))
            .finish()),
        Err(DomainError::Invalid(errors)) => {
            form_page(
                &page,
                None,
                "New project".into(),
                form,
                errors,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
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

/// The lock of a visible project, or 404.
pub(crate) async fn editable(page: &Page, id: Uuid) -> Result<ProjectOverview, AppError> {
    let overview = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(projects::overview(conn, id)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    let lock = if overview.summary.locked {
        ProjectLock::Locked
    } else if overview.lifecycle_locks {
        ProjectLock::LifecycleState(overview.summary.lifecycle.clone().unwrap_or_default())
    } else {
        ProjectLock::Open
    };
    page.user
        .policy()
        .can_edit_project(&lock)
        .map_err(|r| AppError::Forbidden(r.0))?;
    Ok(overview)
}

pub async fn edit_form(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let policy = page.user.policy();
    let form = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            answered(edit::edit_form(conn, &policy, id))
        })
        .await??;
    form_page(
        &page,
        Some(id),
        format!("Edit {}", form.code),
        form,
        FieldErrors::new(),
        false,
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = ProjectForm::from_pairs(&form.0);
    let input = ProjectEdit {
        project: id,
        form: form.clone(),
    };
    let acting = page.acting();
    let saved = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            answered(edit::update_project(conn, &acting, input))
        })
        .await?;
    let (errors, stale, status) = match saved {
        Ok(()) => {
            return Ok(HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, format!("/projects/{id}")))
                .finish());
        }
        Err(DomainError::Invalid(errors)) => (errors, false, StatusCode::UNPROCESSABLE_ENTITY),
        Err(DomainError::Stale) => (FieldErrors::new(), true, StatusCode::CONFLICT),
        Err(other) => return Err(other.into()),
    };
    let heading = format!("Edit {}", form.code);
    form_page(&page, Some(id), heading, form, errors, stale, status).await
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

/// Adds a time-based rate to a project.
pub async fn add_rate(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<RateForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.0;
    let input = NewRate {
        project: id,
        valid_from: form.valid_from,
        hours_per_pm: form.hours_per_pm,
        group: form.employee_group,
    };
    let acting = page.acting();
    let added = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            answered(edit::add_rate(conn, &acting, input))
        })
        .await?;
    match added {
        Ok(()) => Ok(back_to_rates(id)),
        // The overview has no form to show it on: the sentence comes on its own page.
        Err(DomainError::Invalid(errors)) => {
            let message = errors
                .into_iter()
                .map(|(_, sentence)| sentence)
                .collect::<Vec<_>>()
                .join(" ");
            Err(AppError::BadRequest(format!(
                "{message} Nothing was changed."
            )))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn delete_rate(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (id, rate) = path.into_inner();
    let shown = form.0;
    let input = RateDelete {
        project: id,
        rate,
        version: shown.version()?,
    };
    let acting = page.acting();
    let deleted = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            answered(edit::delete_rate(conn, &acting, input))
        })
        .await?;
    match deleted {
        Ok(()) => Ok(back_to_rates(id)),
        Err(DomainError::Stale) => stale_rate(&page, id, rate, &shown).await,
        Err(other) => Err(other.into()),
    }
}

/// The 409 page of deleting a rate that changed after the overview was shown.
async fn stale_rate(
    page: &Page,
    project: Uuid,
    rate: Uuid,
    shown: &Shown,
) -> Result<HttpResponse, AppError> {
    let (code, now) = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let code = projects::edit_values(conn, project)?.map(|p| p.code);
            let now = edit::rates(conn, project)?
                .into_iter()
                .find(|r| r.id == rate);
            Ok::<_, AppError>((code, now))
        })
        .await?;
    let (Some(code), Some(now)) = (code, now) else {
        return Err(AppError::not_found());
    };
    let about = About {
        title: format!("{code} · Projects"),
        section: Section::Projects,
        what: format!("the rate from {} of {code}", format_month(now.valid_from)),
        breadcrumb: vec![
            ("/projects".into(), "Projects".into()),
            (format!("/projects/{project}"), code),
        ],
        latest: (
            format!("/projects/{project}#rates"),
            "Open the latest rates".into(),
        ),
    };
    let fields = [
        ("applies_to", "Applies to"),
        ("from", "From"),
        ("hours", "Hours per PM"),
    ];
    let now = rate_fields(&now);
    stale_form(page, about, &fields, shown, &now, None, |_, v| {
        v.to_string()
    })
}
