//! Capacity requests (CAPACITY_REQUESTS_ENABLED): an editor of a project asks another
//! organisation of the same legal entity for PM per task × month
//! (`/projects/{id}/capacity-requests/new`); the receiving organisation's editors find it under
//! Incoming (`/capacity-requests`) and accept or reject it with a comment
//! (`/capacity-requests/{id}`); the asking side finds it under Sent and may withdraw it while it
//! is pending. Accepting adds the PM to the receiving organisation's EST demand in one
//! transaction (see `capacity_requests::decide`).
//!
//! Who decides: editors (or better) whose organisations include the receiving organisation or
//! one of its ancestors, i.e. a department head's editors answer for the groups below it, the
//! same rule as the row-level security policy of `capacity_requests`; administrators answer for
//! any organisation. Viewers of the receiving organisation see requests but cannot decide.

use std::collections::{BTreeSet, HashMap, HashSet};

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::Actor;
use crate::auth::Role;
use crate::auth::policy::ProjectLock;
use crate::capacity::month_index;
use crate::capacity_requests::{
    self as requests, AskingProject, Decided, Decision, NewRequest, Request, State,
};
use crate::error::AppError;
use crate::organisations::{self, Organisation};
use crate::planning::months::{calendar_month, format_month};
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

/// Longest message and comment accepted.
const MAX_TEXT: usize = 4000;

fn enabled(page: &Page) -> Result<(), AppError> {
    if page.state.settings.capacity_requests_enabled {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

fn show_pm(value: &BigDecimal) -> String {
    value.normalized().to_string()
}

fn this_month() -> NaiveDate {
    let today = chrono::Utc::now().date_naive();
    NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today)
}

fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

fn actor(page: &Page) -> Actor {
    Actor {
        user_id: page.user.id,
        name: page.user.username.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Asking: the request form of a project

struct FormRow {
    wp_header: Option<String>,
    task: String,
    task_name: String,
    /// (field name, value as typed)
    cells: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "capacity_requests/new.html")]
struct NewPage {
    layout: Layout,
    project_id: Uuid,
    code: String,
    name: String,
    poo: String,
    csrf_token: String,
    /// Why no request can be made from this project now.
    blocked: Option<String>,
    /// (id, label, selected)
    candidates: Vec<(Uuid, String, bool)>,
    org_error: Option<String>,
    message: String,
    /// (M-number, YYYY-MM)
    months: Vec<(String, String)>,
    rows: Vec<FormRow>,
    problems: Vec<String>,
}

/// What the form needs besides the project: who may be asked.
struct FormContext {
    project: AskingProject,
    candidates: Vec<Organisation>,
}

/// The first project month that may still be asked for: the current month (super-admins may
/// plan the past, like on the capacity page).
fn first_open_month(project: &AskingProject, role: Role) -> i32 {
    if role == Role::SuperAdmin {
        1
    } else {
        month_index(project.start, this_month()).max(1)
    }
}

fn lock_of(project: &AskingProject) -> ProjectLock {
    match (&project.locking_state, project.locked) {
        (_, true) => ProjectLock::Locked,
        (Some(state), false) => ProjectLock::LifecycleState(state.clone()),
        (None, false) => ProjectLock::Open,
    }
}

/// Loads the project (404 when invisible) and checks the user may ask on its behalf (403).
async fn form_context(page: &Page, project_id: Uuid) -> Result<FormContext, AppError> {
    let (project, all) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>((
                requests::asking_project(conn, project_id)?,
                organisations::list(conn)?,
            ))
        })
        .await?;
    let project = project.ok_or_else(AppError::not_found)?;
    page.user
        .policy()
        .can_edit_project(&lock_of(&project))
        .map_err(|refusal| AppError::Forbidden(refusal.0))?;
    let candidates = match &project.owner_org {
        Some((poo, _)) => requests::receiving_candidates(*poo, &all),
        None => Vec::new(),
    };
    Ok(FormContext {
        project,
        candidates,
    })
}

fn render_form(
    page: &Page,
    context: &FormContext,
    values: &HashMap<String, String>,
    org_error: Option<String>,
    problems: Vec<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let project = &context.project;
    let first_open = first_open_month(project, page.user.role);
    let poo = project
        .owner_org
        .as_ref()
        .map(|(_, short)| short.clone())
        .unwrap_or_default();
    let blocked = if project.owner_org.is_none() {
        Some(format!(
            "{} has no owner organisation (POO) yet, so it cannot ask another organisation. Set one on the project's edit page.",
            project.code
        ))
    } else if context.candidates.is_empty() {
        Some(format!(
            "No other organisation belongs to the same legal entity (root organisation) as {poo}; capacity can only be requested within one legal entity."
        ))
    } else if project.tasks.is_empty() {
        Some(format!(
            "{} has no tasks yet; requests ask for PM per task. Add tasks first.",
            project.code
        ))
    } else if first_open > project.duration {
        Some(format!(
            "{} has ended: there are no months left to ask for.",
            project.code
        ))
    } else {
        None
    };
    let chosen = values.get("receiving_org").cloned().unwrap_or_default();
    let months: Vec<i32> = (first_open..=project.duration).collect();
    let mut last_wp = None;
    let rows = project
        .tasks
        .iter()
        .map(|t| {
            let wp_header = (last_wp != Some(t.wp_number))
                .then(|| format!("WP {} — {}", t.wp_number, t.wp_name));
            last_wp = Some(t.wp_number);
            FormRow {
                wp_header,
                task: t.number.clone(),
                task_name: t.name.clone(),
                cells: months
                    .iter()
                    .map(|m| {
                        let name = requests::cell_name(t.id, *m);
                        let value = values.get(&name).cloned().unwrap_or_default();
                        (name, value)
                    })
                    .collect(),
            }
        })
        .collect();
    let view = NewPage {
        layout: page.layout(
            format!("{} · request capacity", project.code),
            Section::Projects,
        ),
        project_id: project.id,
        code: project.code.clone(),
        name: project.name.clone(),
        poo,
        csrf_token: page.csrf_token(),
        blocked,
        candidates: context
            .candidates
            .iter()
            .map(|o| {
                (
                    o.id,
                    format!("{} — {}", o.short_name, o.name),
                    o.id.to_string() == chosen,
                )
            })
            .collect(),
        org_error,
        message: values.get("message").cloned().unwrap_or_default(),
        months: months
            .iter()
            .map(|m| {
                (
                    format!("M{m}"),
                    calendar_month(project.start, *m)
                        .map(format_month)
                        .unwrap_or_default(),
                )
            })
            .collect(),
        rows,
        problems,
    };
    Ok(html(status, view.render().map_err(AppError::internal)?))
}

/// `GET /projects/{id}/capacity-requests/new`
pub async fn new_form(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let context = form_context(&page, path.into_inner()).await?;
    render_form(
        &page,
        &context,
        &HashMap::new(),
        None,
        Vec::new(),
        StatusCode::OK,
    )
}

/// `POST /projects/{id}/capacity-requests`: validates everything first; any problem shows the
/// form again (422) with what was typed, and nothing is written.
pub async fn create(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let context = form_context(&page, path.into_inner()).await?;
    let fields = form.0;
    let values: HashMap<String, String> = fields.iter().cloned().collect();
    let project = &context.project;
    let unprocessable = |org_error: Option<String>, problems: Vec<String>| {
        render_form(
            &page,
            &context,
            &values,
            org_error,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let Some((poo, poo_name)) = project.owner_org.clone() else {
        return unprocessable(None, Vec::new());
    };

    let receiving = values
        .get("receiving_org")
        .and_then(|v| Uuid::parse_str(v.trim()).ok())
        .filter(|id| context.candidates.iter().any(|o| o.id == *id));
    let org_error = receiving.is_none().then(|| {
        format!(
            "Choose the organisation to ask from the list: one of the same legal entity as {poo_name}, other than {poo_name} itself."
        )
    });
    let message = values
        .get("message")
        .map(|m| m.trim().to_string())
        .unwrap_or_default();
    let first_open = first_open_month(project, page.user.role);
    let (cells, mut problems) = requests::read_cells(&fields, project, first_open);
    if message.chars().count() > MAX_TEXT {
        problems.push(format!("The message is longer than {MAX_TEXT} characters."));
    }
    if cells.is_empty() && problems.is_empty() {
        problems.push("Enter the PM you ask for in at least one cell (task × month).".to_string());
    }
    let Some(receiving) = receiving.filter(|_| problems.is_empty()) else {
        return unprocessable(org_error, problems);
    };

    let new = NewRequest {
        project_id: project.id,
        project_start: project.start,
        requesting_org_id: poo,
        receiving_org_id: receiving,
        message,
        cells,
    };
    let actor = actor(&page);
    let id = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(requests::create(conn, &new, &actor)?)
        })
        .await?;
    Ok(see_other(format!("/capacity-requests/{id}?created=1")))
}

// ---------------------------------------------------------------------------------------------
// Incoming and Sent

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(rename = "box", default)]
    mailbox: String,
    /// "" (my organisations), "all", or an organisation id.
    #[serde(default)]
    org: String,
    #[serde(default)]
    include_children: String,
    #[serde(default)]
    state: String,
    project: Option<Uuid>,
    format: Option<String>,
}

struct ListRow {
    id: Uuid,
    project: String,
    project_name: String,
    from: String,
    to: String,
    total: String,
    months: String,
    state: String,
    sent: String,
    sent_by: String,
    decided: String,
    decided_by: String,
    actionable: bool,
}

#[derive(Template)]
#[template(path = "capacity_requests/list.html")]
struct ListPage {
    layout: Layout,
    incoming: bool,
    /// Link query of each box, keeping the other filters.
    incoming_href: String,
    sent_href: String,
    pending_incoming: usize,
    pending_sent: usize,
    /// (value, label, selected)
    org_options: Vec<(String, String, bool)>,
    include_children: bool,
    /// (value, label, selected)
    state_options: Vec<(String, String, bool)>,
    project: Option<(Uuid, String)>,
    rows: Vec<ListRow>,
    download_query: String,
    scope_label: String,
}

fn when(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

fn months_span(r: &Request) -> String {
    match (r.first_month, r.last_month) {
        (Some(a), Some(b)) if a == b => format_month(a),
        (Some(a), Some(b)) => format!("{} – {}", format_month(a), format_month(b)),
        _ => String::new(),
    }
}

fn query_string(pairs: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()))
        .finish()
}

/// `GET /capacity-requests`: Incoming (asked of the chosen organisations) or Sent (asked by them).
pub async fn list(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let query = query.into_inner();
    let incoming = match query.mailbox.as_str() {
        "" | "incoming" => true,
        "sent" => false,
        other => {
            return Err(AppError::BadRequest(format!(
                "Unknown box \"{other}\": use incoming or sent."
            )));
        }
    };
    let state_filter = match query.state.as_str() {
        "" => None,
        s => Some(State::parse(s).ok_or_else(|| {
            AppError::BadRequest(format!(
                "Unknown state \"{s}\": use pending, accepted, rejected or withdrawn."
            ))
        })?),
    };
    let chosen_org =
        match query.org.as_str() {
            "" | "all" => None,
            text => Some(Uuid::parse_str(text).map_err(|_| {
                AppError::BadRequest(format!("\"{text}\" is not an organisation id."))
            })?),
        };
    let include_children = matches!(query.include_children.as_str(), "1" | "on" | "true");
    let format = Format::parse(query.format.as_deref())?;
    let (all, orgs, mine) = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>((
                requests::all(conn)?,
                organisations::list(conn)?,
                requests::my_organisations(conn)?,
            ))
        })
        .await?;
    if chosen_org.is_some_and(|id| !orgs.iter().any(|o| o.id == id)) {
        return Err(AppError::not_found());
    }
    let parents = requests::parent_map(&orgs);
    let short = |id: &Uuid| {
        orgs.iter()
            .find(|o| o.id == *id)
            .map(|o| o.short_name.clone())
            .unwrap_or_default()
    };
    // Which organisations the boxes are about; `None` means every organisation.
    let (base, scope_label): (Option<Vec<Uuid>>, String) = match (chosen_org, query.org.as_str()) {
        (Some(id), _) => (Some(vec![id]), short(&id)),
        (None, "") if !mine.is_empty() => {
            let mut names: Vec<String> = mine.iter().map(short).collect();
            names.sort();
            (Some(mine.clone()), names.join(", "))
        }
        _ => (None, "all organisations".to_string()),
    };
    let scope: Option<HashSet<Uuid>> = base.map(|orgs| {
        if include_children {
            requests::with_descendants(&orgs, &parents)
        } else {
            orgs.into_iter().collect()
        }
    });
    let in_scope = |org: &Uuid| scope.as_ref().is_none_or(|s| s.contains(org));
    let in_box = |r: &Request, incoming: bool| {
        query.project.is_none_or(|p| p == r.project_id)
            && if incoming {
                in_scope(&r.receiving_org_id)
            } else {
                in_scope(&r.requesting_org_id)
            }
    };
    let pending = |incoming: bool| {
        all.iter()
            .filter(|r| in_box(r, incoming) && r.state() == Some(State::Pending))
            .count()
    };
    let (pending_incoming, pending_sent) = (pending(true), pending(false));
    let project = query.project.map(|p| {
        (
            p,
            all.iter()
                .find(|r| r.project_id == p)
                .map(|r| r.project_code.clone())
                .unwrap_or_else(|| "this project".to_string()),
        )
    });
    let mut shown: Vec<&Request> = all
        .iter()
        .filter(|r| in_box(r, incoming) && state_filter.is_none_or(|s| r.state() == Some(s)))
        .collect();
    // Pending first: those are the ones to act on; then newest first.
    shown.sort_by_key(|r| r.state() != Some(State::Pending));

    if let Some(format) = format {
        let header = [
            "Project",
            "Project name",
            "From",
            "To",
            "Total PM",
            "First month",
            "Last month",
            "State",
            "Sent",
            "Sent by",
            "Decided",
            "Decided by",
            "Message",
            "Comment",
        ]
        .map(String::from);
        let rows: Vec<Vec<Value>> = shown
            .iter()
            .map(|r| {
                vec![
                    Value::Text(r.project_code.clone()),
                    Value::Text(r.project_name.clone()),
                    Value::Text(r.requesting_org.clone()),
                    Value::Text(r.receiving_org.clone()),
                    Value::Number(r.total_pm.to_f64().unwrap_or(0.0)),
                    Value::Text(r.first_month.map(format_month).unwrap_or_default()),
                    Value::Text(r.last_month.map(format_month).unwrap_or_default()),
                    Value::Text(r.state.clone()),
                    Value::Text(when(&r.created_at)),
                    Value::Text(r.created_by.clone().unwrap_or_default()),
                    Value::Text(r.decided_at.as_ref().map(when).unwrap_or_default()),
                    Value::Text(r.decided_by.clone().unwrap_or_default()),
                    Value::Text(r.message.clone()),
                    Value::Text(r.response_comment.clone()),
                ]
            })
            .collect();
        let name = if incoming {
            "capacity-requests-incoming"
        } else {
            "capacity-requests-sent"
        };
        return download::table(format, name, &header, &rows);
    }

    let rows = shown
        .iter()
        .map(|r| ListRow {
            id: r.id,
            project: r.project_code.clone(),
            project_name: r.project_name.clone(),
            from: r.requesting_org.clone(),
            to: r.receiving_org.clone(),
            total: show_pm(&r.total_pm),
            months: months_span(r),
            state: r.state.clone(),
            sent: when(&r.created_at),
            sent_by: r.created_by.clone().unwrap_or_default(),
            decided: r.decided_at.as_ref().map(when).unwrap_or_default(),
            decided_by: r.decided_by.clone().unwrap_or_default(),
            actionable: if incoming {
                r.can_decide
            } else {
                r.can_withdraw
            },
        })
        .collect();
    let filters = |mailbox: &str| {
        query_string(&[
            ("box", mailbox.to_string()),
            ("org", query.org.clone()),
            (
                "include_children",
                if include_children { "1" } else { "" }.to_string(),
            ),
            ("state", query.state.clone()),
            (
                "project",
                query.project.map(|p| p.to_string()).unwrap_or_default(),
            ),
        ])
    };
    let mut org_options = Vec::new();
    if !mine.is_empty() {
        org_options.push((
            String::new(),
            "My organisations".to_string(),
            query.org.is_empty(),
        ));
    }
    org_options.push((
        "all".to_string(),
        "All organisations".to_string(),
        query.org == "all" || (query.org.is_empty() && mine.is_empty()),
    ));
    for entry in organisations::as_tree(orgs.clone()) {
        let id = entry.organisation.id;
        org_options.push((id.to_string(), entry.indented(), chosen_org == Some(id)));
    }
    let mut state_options = vec![(
        String::new(),
        "Any state".to_string(),
        state_filter.is_none(),
    )];
    for s in State::ALL {
        state_options.push((
            s.as_str().to_string(),
            s.as_str().to_string(),
            state_filter == Some(s),
        ));
    }
    let mailbox = if incoming { "incoming" } else { "sent" };
    render(&ListPage {
        layout: page
            .layout(
                if incoming {
                    "Incoming capacity requests"
                } else {
                    "Sent capacity requests"
                },
                Section::Requests,
            )
            .shareable(&page),
        incoming,
        incoming_href: filters("incoming"),
        sent_href: filters("sent"),
        pending_incoming,
        pending_sent,
        org_options,
        include_children,
        state_options,
        project,
        rows,
        download_query: filters(mailbox),
        scope_label,
    })
}

// ---------------------------------------------------------------------------------------------
// One request: reading and deciding

struct GridRow {
    task: String,
    task_name: String,
    cells: Vec<String>,
    total: String,
}

#[derive(Template)]
#[template(path = "capacity_requests/show.html")]
struct ShowPage {
    layout: Layout,
    r: Request,
    csrf_token: String,
    /// (M-number, YYYY-MM)
    months: Vec<(String, String)>,
    rows: Vec<GridRow>,
    column_totals: Vec<String>,
    total: String,
    notice: Option<String>,
    problem: Option<String>,
    /// Why acceptance is not possible now (locked project, past months), for a decider.
    accept_blocked: Option<String>,
    comment: String,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    created: Option<String>,
    done: Option<String>,
    cells: Option<i32>,
}

async fn load(page: &Page, id: Uuid) -> Result<(Request, Vec<requests::Line>), AppError> {
    let (request, lines) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let Some(request) = requests::find(conn, id)? else {
                return Ok::<_, AppError>((None, Vec::new()));
            };
            Ok((Some(request), requests::lines(conn, id)?))
        })
        .await?;
    Ok((request.ok_or_else(AppError::not_found)?, lines))
}

/// Why an editor who may decide cannot accept right now (SPEC §6 locks); `None` when they can.
fn accept_blocked(r: &Request, lines: &[requests::Line], role: Role) -> Option<String> {
    if role == Role::SuperAdmin {
        return None;
    }
    if r.project_locked {
        return Some(format!(
            "{} is locked, so its demand cannot change: the request can be rejected, or accepted by a super-admin.",
            r.project_code
        ));
    }
    let now = this_month();
    let past: BTreeSet<String> = lines
        .iter()
        .filter(|l| l.month < now)
        .map(|l| format_month(l.month))
        .collect();
    (!past.is_empty()).then(|| {
        format!(
            "The request asks for months that are now in the past ({}), which only super-admins may change: reject it so that {} can send a new one.",
            past.into_iter().collect::<Vec<_>>().join(", "),
            r.requesting_org
        )
    })
}

fn render_request(
    page: &Page,
    r: Request,
    lines: Vec<requests::Line>,
    notice: Option<String>,
    problem: Option<String>,
    comment: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let months: Vec<NaiveDate> = lines
        .iter()
        .map(|l| l.month)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut tasks: Vec<(Uuid, String, String)> = Vec::new();
    for l in &lines {
        if !tasks.iter().any(|t| t.0 == l.task_id) {
            tasks.push((l.task_id, l.task_number.clone(), l.task_name.clone()));
        }
    }
    let value: HashMap<(Uuid, NaiveDate), &BigDecimal> = lines
        .iter()
        .map(|l| ((l.task_id, l.month), &l.pm))
        .collect();
    let mut column_totals = vec![BigDecimal::from(0); months.len()];
    let rows = tasks
        .iter()
        .map(|(task, number, name)| {
            let mut total = BigDecimal::from(0);
            let cells = months
                .iter()
                .enumerate()
                .map(|(i, m)| match value.get(&(*task, *m)) {
                    Some(pm) => {
                        total += *pm;
                        column_totals[i] += *pm;
                        show_pm(pm)
                    }
                    None => String::new(),
                })
                .collect();
            GridRow {
                task: number.clone(),
                task_name: name.clone(),
                cells,
                total: show_pm(&total),
            }
        })
        .collect();
    let accept_blocked = if r.can_decide {
        accept_blocked(&r, &lines, page.user.role)
    } else {
        None
    };
    let view = ShowPage {
        layout: page
            .layout(
                format!("Capacity request · {}", r.project_code),
                Section::Requests,
            )
            .shareable(page),
        csrf_token: page.csrf_token(),
        months: months
            .into_iter()
            .map(|m| {
                (
                    format!("M{}", month_index(r.project_start, m)),
                    format_month(m),
                )
            })
            .collect(),
        rows,
        column_totals: column_totals.iter().map(show_pm).collect(),
        total: show_pm(&r.total_pm),
        notice,
        problem,
        accept_blocked,
        comment,
        r,
    };
    Ok(html(status, view.render().map_err(AppError::internal)?))
}

/// `GET /capacity-requests/{id}`
pub async fn show(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let (r, lines) = load(&page, path.into_inner()).await?;
    let notice = if query.created.is_some() {
        Some(format!(
            "Your request was sent. {}'s editors will find it under Requests › Incoming; you find it under Sent.",
            r.receiving_org
        ))
    } else {
        match query.done.as_deref() {
            Some("accepted") => Some(format!(
                "Accepted: {} PM were added to {}'s EST demand of {} ({} cell{} changed).",
                show_pm(&r.total_pm),
                r.receiving_org,
                r.project_code,
                query.cells.unwrap_or(0),
                if query.cells == Some(1) { "" } else { "s" }
            )),
            Some("rejected") => Some(format!(
                "Rejected. {} can see your comment under Sent.",
                r.requesting_org
            )),
            Some("withdrawn") => Some("The request was withdrawn.".to_string()),
            _ => None,
        }
    };
    render_request(&page, r, lines, notice, None, String::new(), StatusCode::OK)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    comment: String,
}

/// The answer when a request is no longer pending: 409 with the request as it is now.
fn already_decided(
    page: &Page,
    r: Request,
    lines: Vec<requests::Line>,
) -> Result<HttpResponse, AppError> {
    let problem = format!(
        "This request was already {} ({}), so it cannot be decided again. Nothing was changed.",
        r.state,
        r.decided_at.as_ref().map(when).unwrap_or_default()
    );
    render_request(
        page,
        r,
        lines,
        None,
        Some(problem),
        String::new(),
        StatusCode::CONFLICT,
    )
}

async fn decide(
    page: Page,
    id: Uuid,
    decision: Decision,
    comment: String,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let (r, lines) = load(&page, id).await?;
    if r.state() != Some(State::Pending) {
        return already_decided(&page, r, lines);
    }
    if !r.can_decide {
        return Err(AppError::Forbidden(format!(
            "Only editors of {} (or of an organisation above it) may accept or reject this request. Nothing was changed.",
            r.receiving_org
        )));
    }
    let comment = comment.trim().to_string();
    if comment.chars().count() > MAX_TEXT {
        let problem =
            format!("The comment is longer than {MAX_TEXT} characters. Nothing was changed.");
        return render_request(
            &page,
            r,
            lines,
            None,
            Some(problem),
            comment,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    if decision == Decision::Reject && comment.is_empty() {
        let problem = format!(
            "Say in the comment why you reject the request, so that {} can plan otherwise. Nothing was changed.",
            r.requesting_org
        );
        return render_request(
            &page,
            r,
            lines,
            None,
            Some(problem),
            comment,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    if decision == Decision::Accept
        && let Some(reason) = accept_blocked(&r, &lines, page.user.role)
    {
        return Err(AppError::Forbidden(format!(
            "{reason} Nothing was changed."
        )));
    }
    let outcome = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(requests::decide(conn, id, decision, &comment)?)
        })
        .await?;
    match outcome {
        Decided::Done(cells) => Ok(see_other(match decision {
            Decision::Accept => format!("/capacity-requests/{id}?done=accepted&cells={cells}"),
            Decision::Reject => format!("/capacity-requests/{id}?done=rejected"),
        })),
        // Decided by someone else in the meantime, or the rules changed under us.
        Decided::Refused(reason) if reason.starts_with("already") => {
            let (r, lines) = load(&page, id).await?;
            already_decided(&page, r, lines)
        }
        Decided::Refused(reason) => Err(AppError::Forbidden(format!(
            "The database refused: {reason}. Nothing was changed."
        ))),
    }
}

/// `POST /capacity-requests/{id}/accept`
pub async fn accept(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide(page, path.into_inner(), Decision::Accept, form.0.comment).await
}

/// `POST /capacity-requests/{id}/reject`
pub async fn reject(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide(page, path.into_inner(), Decision::Reject, form.0.comment).await
}

/// `POST /capacity-requests/{id}/withdraw`: the asking side takes back a pending request.
pub async fn withdraw(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let id = path.into_inner();
    let (r, lines) = load(&page, id).await?;
    if r.state() != Some(State::Pending) {
        return already_decided(&page, r, lines);
    }
    if !r.can_withdraw {
        return Err(AppError::Forbidden(format!(
            "Only editors who may change {} can withdraw its requests. Nothing was changed.",
            r.project_code
        )));
    }
    let comment: String = form.0.comment.trim().to_string();
    if comment.chars().count() > MAX_TEXT {
        let problem =
            format!("The comment is longer than {MAX_TEXT} characters. Nothing was changed.");
        return render_request(
            &page,
            r,
            lines,
            None,
            Some(problem),
            comment,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let actor = actor(&page);
    let request = r.clone();
    let done = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(requests::withdraw(conn, &request, &comment, &actor)?)
        })
        .await?;
    if !done {
        let (r, lines) = load(&page, id).await?;
        return already_decided(&page, r, lines);
    }
    Ok(see_other(format!("/capacity-requests/{id}?done=withdrawn")))
}
