//! `/projects/{id}/team`: the project's assignments, the allocation grid (person × month PM,
//! overridable per cell, saved like the capacity grid: only changed cells, a concurrent save is a
//! conflict) and allocation vs EST demand per organisation. Shown when PERSON_CAPACITY_ENABLED.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::policy::ProjectLock;
use crate::command::{Acting, Connection, DomainError};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::people::allocations::{
    self, AllocationEdit, AllocationGridInput, AllocationOutcome, AssignmentFields,
    AssignmentValues, Team,
};
use crate::people::staffing::Assignment;
use crate::planning::month::Month;
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::stale::{About, Cell, Shown, Versioned, label_of, stale_form};

#[derive(Deserialize)]
pub struct TeamQuery {
    /// First month shown, YYYY-MM (default: the current month).
    from: Option<String>,
    /// How many months: 6, 12, 24 or `all` (default 12).
    months: Option<String>,
    /// `pm` or `hours` (default: the user's preference); hours are read-only.
    unit: Option<String>,
    format: Option<String>,
    table: Option<String>,
    saved: Option<usize>,
    done: Option<String>,
    /// Part of a name, code or e-mail: the people offered to assign.
    find: Option<String>,
    /// How the allocation against demand counts tentative work (`planning::reading`); empty:
    /// the user's remembered choice.
    reading: Option<String>,
}

struct MonthHead {
    name: String,
    label: String,
    past: bool,
}

struct CellView {
    name: String,
    original_name: String,
    value: String,
    /// Editable input, read-only value, or outside the assignment's months.
    kind: CellKind,
    overridden: bool,
    over: bool,
    /// Tentative work would take the person over capacity this month.
    at_risk: bool,
}

#[derive(PartialEq)]
enum CellKind {
    Input,
    ReadOnly,
    Outside,
}

struct AllocationRow {
    person_id: String,
    person: String,
    organisation: String,
    role: String,
    cells: Vec<CellView>,
    total: String,
}

struct AssignmentForm {
    id: String,
    person_id: String,
    person: String,
    role_id: String,
    percent: String,
    group_id: String,
    start: String,
    end: String,
    /// `confirmed` or `tentative` (empty: the project's default, tentative in the pipeline).
    status: String,
    /// The version and values of the row the forms change (empty in the add form).
    row: Shown,
}

/// The people the add form offers to assign: those the user found (`find`), at most
/// `at_most` of them; `more` when more matched.
struct PeopleOffered {
    people: Vec<(Uuid, String)>,
    more: bool,
    at_most: i64,
    find: String,
    /// "2 people match “ann”."
    matches: String,
}

struct BalanceRow {
    organisation: String,
    allocated: Vec<String>,
    demand: Vec<String>,
    difference: Vec<(String, &'static str)>,
    totals: (String, String, String, &'static str),
}

#[derive(Template)]
#[template(path = "projects/team.html")]
struct TeamPage {
    layout: Layout,
    project_id: Uuid,
    code: String,
    /// May change the assignments.
    editable: bool,
    /// May type into the allocation grid (not in the hours view).
    grid_editable: bool,
    read_only_reason: Option<String>,
    csrf_token: String,
    version: i64,
    months: Vec<MonthHead>,
    rows: Vec<AllocationRow>,
    column_totals: Vec<String>,
    grand_total: String,
    balance: Vec<BalanceRow>,
    assignments: Vec<AssignmentForm>,
    new_assignment: AssignmentForm,
    offered: PeopleOffered,
    roles: Vec<(Uuid, String)>,
    groups: Vec<(Uuid, String)>,
    first_month: String,
    last_month: String,
    /// "Months run from Jan 2026 to Dec 2027. …"
    assignments_months: String,
    /// "P1 — Name: team"
    heading: String,
    message: Option<String>,
    problems: Vec<String>,
    hidden_people: bool,
    window: WindowView,
}

/// Which months the page shows, and links to the neighbouring windows.
struct WindowView {
    /// `from=…&months=…`, carried by downloads and saves.
    query: String,
    label: String,
    earlier: Option<String>,
    later: Option<String>,
    choices: Vec<(&'static str, bool)>,
    from: String,
    hours: bool,
    /// `from=…&months=…` without the unit, for the PM / Hours switch.
    months_query: String,
    /// The `months` parameter: a number or `all`.
    months: String,
    /// The readings to choose from: (code, name, chosen), and the one shown, in words.
    readings: Vec<(&'static str, String, bool)>,
    reading_shown: String,
}

/// The months chosen by `from` and `months` (both checked: a bad value is a 400).
struct Window {
    first: NaiveDate,
    count: Option<usize>,
    hours: bool,
}

const WINDOW_CHOICES: [&str; 4] = ["6", "12", "24", "all"];

async fn parse_window(page: &Page, query: &TeamQuery) -> Result<Window, AppError> {
    let hours = super::shows_hours(page, query.unit.as_deref()).await?;
    let first = match query.from.as_deref().map(str::trim) {
        None | Some("") => crate::planning::months::current_month(),
        Some(text) => Month::parse(text)
            .map_err(|refused| AppError::BadRequest(refused.sentence()))?
            .first_day(),
    };
    let count = match query.months.as_deref().map(str::trim) {
        None | Some("") => Some(12),
        Some("all") => None,
        Some(text) => Some(
            text.parse::<usize>()
                .ok()
                .filter(|n| WINDOW_CHOICES.contains(&text) && *n > 0)
                .ok_or_else(|| {
                    AppError::BadRequest(Msg::new("team-window-months").arg("text", text))
                })?,
        ),
    };
    Ok(Window {
        first,
        count,
        hours,
    })
}

fn apply_window(team: &mut Team, window: &Window) {
    if let Some(count) = window.count {
        team.show_window(window.first, count);
    }
}

fn window_view(lang: Lang, team: &Team, window: &Window, total_months: usize) -> WindowView {
    let months_param = window
        .count
        .map(|c| c.to_string())
        .unwrap_or_else(|| "all".into());
    let first = team.months.first().copied();
    let last = team.months.last().copied();
    let from = first.map(month_value).unwrap_or_default();
    let step = window.count.unwrap_or(total_months) as i32;
    let unit = if window.hours { "hours" } else { "pm" };
    let link = |month: Option<NaiveDate>| {
        month.map(|m| format!("from={}&months={months_param}&unit={unit}", month_value(m)))
    };
    WindowView {
        query: format!("from={from}&months={months_param}&unit={unit}"),
        label: lang.tn(
            "team-window-label",
            &[
                ("first", &team.month_number(0).to_string()),
                (
                    "last",
                    &team
                        .month_number(team.months.len().saturating_sub(1))
                        .to_string(),
                ),
                (
                    "from",
                    &first.map(|m| lang.month_short(m)).unwrap_or_default(),
                ),
                ("to", &last.map(|m| lang.month_short(m)).unwrap_or_default()),
                ("total", &total_months.to_string()),
            ],
        ),
        earlier: (team.offset > 0)
            .then(|| link(first.and_then(|m| crate::planning::months::add_months(m, -step))))
            .flatten(),
        later: (team.offset + team.months.len() < total_months)
            .then(|| link(last.and_then(|m| crate::planning::months::add_months(m, 1))))
            .flatten(),
        choices: WINDOW_CHOICES
            .iter()
            .map(|c| (*c, *c == months_param))
            .collect(),
        months_query: format!("from={from}&months={months_param}"),
        months: months_param.clone(),
        from,
        hours: window.hours,
        readings: crate::web::portfolio::readings(lang, team.reading),
        reading_shown: lang.t1("reading-shown", "reading", lang.t(team.reading.label_key())),
    }
}

fn lock_of(team: &Team) -> ProjectLock {
    team.grid.project.lock()
}

/// The first calendar month that may still be changed (earlier months are history).
fn first_open_month(page: &Page) -> NaiveDate {
    page.user
        .policy()
        .first_open_month(crate::planning::months::current_month())
        .unwrap_or(NaiveDate::MIN)
}

/// What assignment `a` takes in `month`, in PM or (`hours`) in the person's hours.
fn allocation_shown(team: &Team, a: &Assignment, month: NaiveDate, hours: bool) -> BigDecimal {
    let pm = team.allocation(a, month);
    if hours {
        team.person_hours(a.person_id, &pm, month)
    } else {
        pm
    }
}

/// A number as a form field holds it: plain (`50`, the assignment's %).
fn show(value: &BigDecimal) -> String {
    value.normalized().to_string()
}

/// A value of the grid's input: `2.5`, or `2,5` in a language with a decimal comma, as the user
/// types it (the save reads either).
fn show_input(lang: Lang, value: &BigDecimal) -> String {
    let plain = show(value);
    if lang.decimal_comma() {
        plain.replace('.', ",")
    } else {
        plain
    }
}

fn month_value(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

fn cell_name(prefix: &str, assignment: Uuid, m: usize) -> String {
    format!("{prefix}.{assignment}.{m}")
}

/// `c.<assignment>.<project month>` or `o.…` (what the editor saw).
fn parse_cell_name(name: &str) -> Option<(bool, Uuid, usize)> {
    let mut parts = name.split('.');
    let original = match parts.next()? {
        "c" => false,
        "o" => true,
        _ => return None,
    };
    let assignment = Uuid::parse_str(parts.next()?).ok()?;
    let month = parts.next()?.parse().ok()?;
    parts
        .next()
        .is_none()
        .then_some((original, assignment, month))
}

/// What reading a Team tab takes besides the connection: the caches and the server's hours per
/// PM (404 when the Team tab is off).
struct TeamSource {
    caches: std::sync::Arc<crate::cache::Caches>,
    hours_per_pm: BigDecimal,
}

impl TeamSource {
    fn of(page: &Page) -> Result<TeamSource, AppError> {
        if !page.state.settings.person_capacity_enabled {
            return Err(AppError::not_found());
        }
        Ok(TeamSource {
            caches: std::sync::Arc::clone(&page.state.caches),
            hours_per_pm: page.state.settings.hours_per_pm.clone(),
        })
    }
}

impl TeamSource {
    /// The Team tab of project `id` as the user may see it (`find`: the people offered).
    fn load(&self, conn: &mut Connection, id: Uuid, find: Option<&str>) -> Result<Team, AppError> {
        allocations::load(conn, &self.caches, id, &self.hours_per_pm, find)?
            .ok_or_else(AppError::not_found)
    }

    /// The team read in a change's transaction, if the user may change the project: 404 when
    /// it is not visible, 403 with the Policy's reason when they may not change it.
    fn editable(&self, conn: &mut Connection, id: Uuid, acting: &Acting) -> Result<Team, AppError> {
        let team = self.load(conn, id, None)?;
        acting
            .policy
            .can_edit_project(&lock_of(&team))
            .map_err(|refusal| AppError::Forbidden(refusal.0))?;
        Ok(team)
    }
}

/// The Team tab as the page shows it, read as the user chooses (`reading`: a code, or empty for
/// their remembered choice).
async fn load_team(
    page: &Page,
    id: Uuid,
    find: Option<String>,
    reading: String,
) -> Result<Team, AppError> {
    let source = TeamSource::of(page)?;
    let user = page.user.id;
    page.state
        .db
        .in_project_transaction(page.user.id, id, move |conn| {
            let mut team = source.load(conn, id, find.as_deref())?;
            team.reading = crate::auth::user_settings::chosen_reading(conn, user, &reading)?;
            Ok(team)
        })
        .await
}

/// How a change on the Team tab ended, with what the page shows, all read in the change's one
/// transaction.
enum Answer {
    /// Saved: the number of cells written (assignments: 0).
    Saved(usize),
    /// Refused input: the team and the problems (in the page's language).
    Refused(Box<Team>, Vec<String>),
    /// Changed meanwhile: the team as it is now, and the cells the user changed (none for an
    /// assignment).
    Conflict(Box<Team>, Vec<AllocationEdit>),
}

fn person_label(lang: Lang, team: &Team, a: &Assignment) -> (String, String) {
    let organisation = team
        .staff
        .members
        .get(&a.person_id)
        .map(|m| m.summary.organisation.clone())
        .unwrap_or_default();
    (
        allocations::person_name_msg(team, a).in_lang(lang),
        organisation,
    )
}

/// An assignment status as the Team tab names it ("Tentative"); the code itself if unknown.
fn status_label(lang: Lang, status: &str) -> String {
    match status {
        "tentative" => lang.t("team-status-tentative"),
        "confirmed" => lang.t("team-status-confirmed"),
        other => other.to_string(),
    }
}

/// The assignment's fields as its form posts them.
fn fields_of(a: &Assignment) -> AssignmentFields {
    AssignmentFields {
        person: String::new(),
        role: a.role_type_id.map(|r| r.to_string()).unwrap_or_default(),
        percent: show(&a.terms.percent),
        group: a.allocation_group_id.to_string(),
        start: month_value(a.terms.start_month),
        end: month_value(a.terms.end_month),
        status: allocations::status_of(a.tentative()).to_string(),
    }
}

fn form_of(lang: Lang, a: &Assignment, team: &Team) -> AssignmentForm {
    let fields = fields_of(a);
    AssignmentForm {
        id: a.id.to_string(),
        person_id: a.person_id.to_string(),
        person: person_label(lang, team, a).0,
        row: Shown::of(a.version, &fields),
        role_id: fields.role,
        percent: fields.percent,
        group_id: fields.group,
        start: fields.start,
        end: fields.end,
        status: fields.status,
    }
}

struct Rendering {
    status: StatusCode,
    message: Option<String>,
    problems: Vec<String>,
    /// The add form as the user filled it in, after a refused add.
    new_assignment: Option<AssignmentForm>,
}

/// The new-assignment form as it first shows: half time, the first employee group, from the
/// first month open to changes to the project's last.
fn blank_assignment(team: &Team, (start, end): (NaiveDate, NaiveDate)) -> AssignmentForm {
    AssignmentForm {
        id: String::new(),
        person_id: String::new(),
        person: String::new(),
        role_id: String::new(),
        percent: "50".into(),
        group_id: team
            .groups
            .first()
            .map(|g| g.0.to_string())
            .unwrap_or_default(),
        start: month_value(start),
        end: month_value(end),
        // What an empty status means: tentative on a project in a pipeline state.
        status: allocations::status_of(team.pipeline).to_string(),
        row: Shown::default(),
    }
}

fn render_team(
    page: &Page,
    team: &Team,
    window: &Window,
    r: Rendering,
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let total_months = team.grid.project.duration.max(0) as usize;
    let permission = page.user.policy().can_edit_project(&lock_of(team));
    let hours = window.hours;
    let can_edit = permission.is_ok();
    // Hours are derived for reading; the grid is edited in PM (assignments stay editable).
    let editable = can_edit && !hours;
    let read_only_reason = super::demand::read_only_reason(lang, &permission, hours);
    let open_from = first_open_month(page);
    let months: Vec<MonthHead> = team
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| MonthHead {
            name: format!("M{}", team.month_number(i)),
            label: lang.month_name(*m),
            past: *m < open_from,
        })
        .collect();
    let mut column_totals = vec![BigDecimal::from(0); team.months.len()];
    let rows: Vec<AllocationRow> = team
        .assignments
        .iter()
        .map(|a| {
            let (person, organisation) = person_label(lang, team, a);
            let mut total = BigDecimal::from(0);
            let cells = team
                .months
                .iter()
                .enumerate()
                .map(|(i, month)| {
                    let inside = *month >= a.terms.start_month && *month <= a.terms.end_month;
                    let pm = allocation_shown(team, a, *month, hours);
                    total += &pm;
                    column_totals[i] += &pm;
                    let kind = match (inside, editable && *month >= open_from) {
                        (false, _) => CellKind::Outside,
                        (true, true) => CellKind::Input,
                        (true, false) => CellKind::ReadOnly,
                    };
                    CellView {
                        name: cell_name("c", a.id, team.month_number(i)),
                        original_name: cell_name("o", a.id, team.month_number(i)),
                        value: match kind {
                            CellKind::Input => show_input(lang, &pm),
                            CellKind::ReadOnly => lang.decimal(&pm),
                            CellKind::Outside => String::new(),
                        },
                        kind,
                        overridden: a.terms.overrides.contains_key(month),
                        over: inside && team.over_allocated(a.person_id, *month),
                        at_risk: inside && team.over_if_tentative(a.person_id, *month),
                    }
                })
                .collect();
            AllocationRow {
                person_id: a.person_id.to_string(),
                person,
                organisation,
                role: a
                    .role
                    .as_deref()
                    .map(|role| lang.lookup_name(role))
                    .unwrap_or_default(),
                cells,
                total: lang.decimal(&total),
            }
        })
        .collect();
    let grand: BigDecimal = column_totals.iter().sum();
    let balance = balance_rows(lang, team, hours);
    let project = &team.grid.project;
    // The assignment forms span the whole project, whatever window the grid shows.
    let first_month = project.start;
    let last_month = crate::planning::months::last_month(project.start, project.duration)
        .unwrap_or(project.start);
    let html = TeamPage {
        layout: page
            .layout(
                lang.t1("team-page-title", "code", &project.code),
                Section::Projects,
            )
            .shareable(page),
        heading: lang.t2(
            "team-heading",
            ("code", &project.code),
            ("name", &project.name),
        ),
        project_id: project.id,
        code: project.code.clone(),
        editable: can_edit,
        grid_editable: editable,
        read_only_reason,
        csrf_token: page.csrf_token(),
        version: project.version,
        months,
        rows,
        column_totals: column_totals.iter().map(|t| lang.decimal(t)).collect(),
        grand_total: lang.decimal(&grand),
        balance,
        assignments: team
            .assignments
            .iter()
            .map(|a| form_of(lang, a, team))
            .collect(),
        new_assignment: r.new_assignment.unwrap_or_else(|| {
            let start = first_month.max(open_from).min(last_month);
            blank_assignment(team, (start, last_month))
        }),
        offered: PeopleOffered {
            people: team.people.clone(),
            more: team.more_people,
            at_most: allocations::PEOPLE_OFFERED,
            find: team.find.clone(),
            matches: lang.t2(
                "team-find-matches",
                ("count", team.people.len()),
                ("find", &team.find),
            ),
        },
        roles: lookup_names(lang, &team.roles),
        groups: lookup_names(lang, &team.groups),
        first_month: month_value(first_month),
        last_month: month_value(last_month),
        assignments_months: lang.t2(
            "team-assignments-months",
            ("first", lang.month_short(first_month)),
            ("last", lang.month_short(last_month)),
        ),
        message: r.message,
        problems: r.problems,
        hidden_people: team
            .assignments
            .iter()
            .any(|a| !team.staff.members.contains_key(&a.person_id)),
        window: window_view(lang, team, window, total_months),
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(r.status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// Allocation against EST demand per organisation and month, with the totals, as the page shows
/// them (PM or hours).
fn balance_rows(lang: Lang, team: &Team, hours: bool) -> Vec<BalanceRow> {
    let show = |value: &BigDecimal| lang.decimal(value);
    team.balance(hours)
        .into_iter()
        .map(|b| {
            let allocated_total: BigDecimal = b.allocated.iter().sum();
            let demand_total: BigDecimal = b.demand.iter().sum();
            let difference_total = &allocated_total - &demand_total;
            BalanceRow {
                organisation: b.organisation,
                allocated: b.allocated.iter().map(show).collect(),
                demand: b.demand.iter().map(show).collect(),
                difference: b
                    .allocated
                    .iter()
                    .zip(&b.demand)
                    .map(|(a, d)| {
                        let diff = a - d;
                        let class = difference_class(&diff);
                        (show(&diff), class)
                    })
                    .collect(),
                totals: (
                    show(&allocated_total),
                    show(&demand_total),
                    show(&difference_total),
                    difference_class(&difference_total),
                ),
            }
        })
        .collect()
}

/// Below zero: fewer people allocated than the EST demand asks for.
fn difference_class(diff: &BigDecimal) -> &'static str {
    if *diff < 0 {
        "short"
    } else if *diff > 0 {
        "surplus"
    } else {
        ""
    }
}

pub async fn show_team(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<TeamQuery>,
) -> Result<HttpResponse, AppError> {
    let format = Format::parse(query.format.as_deref())?;
    let table = query.table.as_deref().unwrap_or("allocation");
    if !matches!(table, "allocation" | "balance") {
        return Err(AppError::BadRequest(
            Msg::new("team-unknown-table").arg("table", table),
        ));
    }
    let window = parse_window(&page, &query).await?;
    let reading = query.reading.clone().unwrap_or_default();
    let mut team = load_team(&page, path.into_inner(), query.find.clone(), reading).await?;
    apply_window(&mut team, &window);
    if let Some(format) = format {
        return if table == "balance" {
            download_balance(page.lang, &team, format, window.hours)
        } else {
            download_allocation(page.lang, &team, format, window.hours)
        };
    }
    let message = match (query.saved, query.done.as_deref()) {
        (Some(n), _) => Some(page.lang.t1("grid-saved", "count", n)),
        (None, Some("added")) => Some(page.lang.t("team-assignment-added")),
        (None, Some("updated")) => Some(page.lang.t("team-assignment-saved")),
        (None, Some("removed")) => Some(page.lang.t("team-assignment-removed")),
        _ => None,
    };
    render_team(
        &page,
        &team,
        &window,
        Rendering {
            status: StatusCode::OK,
            message,
            problems: Vec::new(),
            new_assignment: None,
        },
    )
}

fn month_header(lang: Lang, team: &Team) -> Vec<String> {
    team.months
        .iter()
        .enumerate()
        .map(|(i, m)| format!("M{} {}", team.month_number(i), lang.month_short(*m)))
        .collect()
}

/// (id, name) of lookup values as the page's language shows their names.
fn lookup_names(lang: Lang, values: &[(Uuid, String)]) -> Vec<(Uuid, String)> {
    values
        .iter()
        .map(|(id, name)| (*id, lang.lookup_name(name)))
        .collect()
}

fn number(v: &BigDecimal) -> Value {
    Value::Number(v.to_f64().unwrap_or(0.0))
}

fn download_allocation(
    lang: Lang,
    team: &Team,
    format: Format,
    hours: bool,
) -> Result<HttpResponse, AppError> {
    let mut header = vec![
        lang.t("team-column-person"),
        lang.t("grid-column-organisation"),
        lang.t("team-column-role"),
        lang.t("team-column-percent"),
    ];
    header.extend(month_header(lang, team));
    header.push(lang.t("total"));
    let mut columns = vec![BigDecimal::from(0); team.months.len()];
    let mut rows: Vec<Vec<Value>> = team
        .assignments
        .iter()
        .map(|a| {
            let (person, org) = person_label(lang, team, a);
            let mut row = vec![
                Value::Text(person),
                Value::Text(org),
                Value::Text(
                    a.role
                        .as_deref()
                        .map(|role| lang.lookup_name(role))
                        .unwrap_or_default(),
                ),
                number(&a.terms.percent),
            ];
            let mut total = BigDecimal::from(0);
            for (i, month) in team.months.iter().enumerate() {
                let pm = allocation_shown(team, a, *month, hours);
                total += &pm;
                columns[i] += &pm;
                row.push(number(&pm));
            }
            row.push(number(&total));
            row
        })
        .collect();
    let mut totals = vec![
        Value::Text(lang.t("total")),
        Value::Text(String::new()),
        Value::Text(String::new()),
        Value::Text(String::new()),
    ];
    let grand: BigDecimal = columns.iter().sum();
    totals.extend(columns.iter().map(number));
    totals.push(number(&grand));
    rows.push(totals);
    download::table(
        format,
        &format!(
            "{}-allocation-{}",
            team.grid.project.code,
            if hours { "hours" } else { "PM" }
        ),
        &header,
        &rows,
    )
}

fn download_balance(
    lang: Lang,
    team: &Team,
    format: Format,
    hours: bool,
) -> Result<HttpResponse, AppError> {
    let unit = if hours { "hours" } else { "PM" };
    let mut header = vec![
        lang.t("grid-column-organisation"),
        lang.t("team-column-measure"),
    ];
    header.extend(month_header(lang, team));
    header.push(lang.t("total"));
    let mut rows = Vec::new();
    for b in team.balance(hours) {
        let difference: Vec<BigDecimal> = b
            .allocated
            .iter()
            .zip(&b.demand)
            .map(|(a, d)| a - d)
            .collect();
        let unit_name = lang.t(if hours { "unit-hours" } else { "unit-pm" });
        for (measure, values) in [
            ("team-measure-allocated", &b.allocated),
            ("team-measure-demand", &b.demand),
            ("team-measure-difference", &difference),
        ] {
            let mut row = vec![
                Value::Text(b.organisation.clone()),
                Value::Text(lang.t2(
                    "team-measure-unit",
                    ("measure", lang.t(measure)),
                    ("unit", &unit_name),
                )),
            ];
            row.extend(values.iter().map(number));
            row.push(number(&values.iter().sum()));
            rows.push(row);
        }
    }
    download::table(
        format,
        &format!("{}-allocation-vs-EST-{unit}", team.grid.project.code),
        &header,
        &rows,
    )
}

/// Checks an assignment form against the project (`allocations::check_assignment`); the
/// problems say what to fix, each after its field's label.
fn check_assignment(
    lang: Lang,
    team: &Team,
    fields: &AssignmentFields,
    person: Uuid,
) -> Result<AssignmentValues, Vec<String>> {
    allocations::check_assignment(team, fields, person).map_err(|refused| {
        refused
            .into_iter()
            .map(|(field, msg)| {
                if msg.key() == Some(allocations::END_BEFORE_START) {
                    return msg.in_lang(lang);
                }
                // "Allocation %: …": a field's label, then what is wrong with it.
                let label = match field {
                    "role" => "team-column-role",
                    "percent" => "team-column-percent",
                    "group" => "team-column-group",
                    "start" => "team-column-start",
                    _ => "team-column-end",
                };
                lang.t2(
                    "team-field-problem",
                    ("field", lang.t(label)),
                    ("problem", msg.in_lang(lang)),
                )
            })
            .collect()
    })
}

fn back(project: Uuid, done: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("/projects/{project}/team?done={done}#assignments"),
        ))
        .finish()
}

fn refused(
    page: &Page,
    team: &Team,
    problems: Vec<String>,
    new_assignment: Option<AssignmentForm>,
) -> Result<HttpResponse, AppError> {
    // A refused form shows the whole project, so every cell the user typed is on the page.
    let window = Window {
        first: team.grid.project.start,
        count: None,
        hours: false,
    };
    render_team(
        page,
        team,
        &window,
        Rendering {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: None,
            problems,
            new_assignment,
        },
    )
}

pub async fn add_assignment(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<AssignmentFields>,
) -> Result<HttpResponse, AppError> {
    let project = path.into_inner();
    let source = TeamSource::of(&page)?;
    let (acting, fields, lang) = (page.acting(), form.0, page.lang);
    let filled = AssignmentForm {
        id: String::new(),
        person_id: fields.person.clone(),
        person: String::new(),
        role_id: fields.role.clone(),
        percent: fields.percent.clone(),
        group_id: fields.group.clone(),
        start: fields.start.clone(),
        end: fields.end.clone(),
        status: fields.status.clone(),
        row: Shown::default(),
    };
    let answer = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let team = source.editable(conn, project, &acting)?;
            // Any person the user may see can be assigned, found by name or listed.
            let person = match Uuid::parse_str(fields.person.trim()) {
                Ok(id) if !crate::people::staffing::visible_people(conn, &[id])?.is_empty() => {
                    Some(id)
                }
                _ => None,
            };
            let checked = match person {
                Some(person) => check_assignment(lang, &team, &fields, person),
                None => Err(vec![lang.t2(
                    "team-field-problem",
                    ("field", lang.t("team-column-person")),
                    ("problem", lang.t("team-choose-person")),
                )]),
            };
            let values = match checked {
                Ok(values) => values,
                Err(problems) => return Ok(Answer::Refused(Box::new(team), problems)),
            };
            allocations::add_assignment(conn, &acting, project, &values)?;
            Ok::<_, AppError>(Answer::Saved(0))
        })
        .await?;
    match answer {
        Answer::Refused(team, problems) => refused(&page, &team, problems, Some(filled)),
        _ => Ok(back(project, "added")),
    }
}

/// A change of one assignment: new values, or its removal.
enum AssignmentChange {
    Update(AssignmentFields),
    Delete,
}

pub async fn save_assignment(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Versioned<AssignmentFields>>,
) -> Result<HttpResponse, AppError> {
    let Versioned { fields, row } = form.0;
    change_assignment(
        page,
        path.into_inner(),
        row,
        AssignmentChange::Update(fields),
    )
    .await
}

pub async fn delete_assignment(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    change_assignment(page, path.into_inner(), form.0, AssignmentChange::Delete).await
}

/// Saves or removes an assignment in the request's one transaction: the team is read, the user's
/// right to change the project checked, the values checked, the change written, and what a
/// refusal shows read again in it.
async fn change_assignment(
    page: Page,
    (project, id): (Uuid, Uuid),
    row: Shown,
    change: AssignmentChange,
) -> Result<HttpResponse, AppError> {
    let source = TeamSource::of(&page)?;
    let acting = page.acting();
    let lang = page.lang;
    let version = row.version();
    let typed = match &change {
        AssignmentChange::Update(fields) => Some(fields.clone()),
        AssignmentChange::Delete => None,
    };
    let answer = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let team = source.editable(conn, project, &acting)?;
            let existing = team
                .assignments
                .iter()
                .find(|a| a.id == id)
                .cloned()
                .ok_or_else(AppError::not_found)?;
            let version = version?;
            let changed = match change {
                AssignmentChange::Update(fields) => {
                    match check_assignment(lang, &team, &fields, existing.person_id) {
                        Ok(values) => allocations::update_assignment(
                            conn, &acting, project, &existing, version, &values,
                        ),
                        Err(problems) => {
                            let (person, _) = person_label(lang, &team, &existing);
                            let problems = problems
                                .into_iter()
                                .map(|p| {
                                    lang.t2(
                                        "team-person-problem",
                                        ("person", &person),
                                        ("problem", p),
                                    )
                                })
                                .collect();
                            return Ok(Answer::Refused(Box::new(team), problems));
                        }
                    }
                }
                AssignmentChange::Delete => {
                    allocations::delete_assignment(conn, &acting, project, &existing, version)
                }
            };
            match changed {
                Ok(()) => Ok(Answer::Saved(0)),
                Err(DomainError::Stale) => {
                    let now = source.load(conn, project, None)?;
                    Ok::<_, AppError>(Answer::Conflict(Box::new(now), Vec::new()))
                }
                Err(refused) => Err(refused.into()),
            }
        })
        .await?;
    match answer {
        Answer::Refused(team, problems) => refused(&page, &team, problems, None),
        Answer::Conflict(team, _) => stale_assignment(&page, &team, id, &row, typed.as_ref()),
        _ if typed.is_some() => Ok(back(project, "updated")),
        _ => Ok(back(project, "removed")),
    }
}

/// The 409 page of an assignment form (`typed`: what the user typed; `None`: removing it) whose
/// assignment changed after the Team tab was shown.
fn stale_assignment(
    page: &Page,
    team: &Team,
    id: Uuid,
    shown: &Shown,
    typed: Option<&AssignmentFields>,
) -> Result<HttpResponse, AppError> {
    let project = team.grid.project.id;
    let now = team
        .assignments
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(AppError::not_found)?;
    let code = team.grid.project.code.clone();
    let lang = page.lang;
    let about = About {
        title: lang.t1("team-page-title", "code", &code),
        section: Section::Projects,
        what: lang.t1(
            "team-assignment-of",
            "person",
            person_label(lang, team, now).0,
        ),
        breadcrumb: vec![
            ("/projects".into(), lang.t("nav-projects")),
            (format!("/projects/{project}"), code),
        ],
        latest: (
            format!("/projects/{project}/team#assignments"),
            lang.t("team-open-latest"),
        ),
    };
    let labels = [
        lang.t("team-column-role"),
        lang.t("team-column-percent"),
        lang.t("team-column-group"),
        lang.t("team-column-start"),
        lang.t("team-column-end"),
        lang.t("team-column-status"),
    ];
    let fields: Vec<(&str, &str)> = ["role", "percent", "group", "start", "end", "status"]
        .into_iter()
        .zip(labels.iter().map(String::as_str))
        .collect();
    let roles = lookup_names(lang, &team.roles);
    let groups = lookup_names(lang, &team.groups);
    stale_form(
        page,
        about,
        &fields,
        shown,
        &fields_of(now),
        typed,
        |field, value| match field {
            "role" if value.trim().is_empty() => "—".to_string(),
            "role" => label_of(&roles, value),
            "group" => label_of(&groups, value),
            "status" => status_label(lang, value),
            _ => value.to_string(),
        },
    )
}

/// The allocation cells a user wants, the cells as the page showed them, and one problem per
/// cell that is not a PM value.
type AllocationCells = (
    HashMap<(Uuid, usize), Option<BigDecimal>>,
    HashMap<(Uuid, usize), Option<BigDecimal>>,
    Vec<String>,
);

/// Reads every cell of a posted allocation grid; a cell of another project's assignment or
/// outside the project's months is a bad request.
fn read_allocation(
    lang: Lang,
    team: &Team,
    fields: &HashMap<String, String>,
) -> Result<AllocationCells, AppError> {
    let mut wanted = HashMap::new();
    let mut saw = HashMap::new();
    let mut problems = Vec::new();
    for (name, text) in fields {
        let Some((is_original, assignment, m)) = parse_cell_name(name) else {
            continue;
        };
        let Some(a) = team.assignments.iter().find(|a| a.id == assignment) else {
            return Err(AppError::BadRequest(Msg::new("team-unknown-assignment")));
        };
        if m < 1 || m > team.months.len() {
            return Err(AppError::BadRequest(
                Msg::new("grid-month-outside").arg("month", m.to_string()),
            ));
        }
        match allocations::parse_allocation(text) {
            Ok(v) if is_original => {
                saw.insert((assignment, m), v);
            }
            Ok(v) => {
                wanted.insert((assignment, m), v);
            }
            Err(e) => problems.push(lang.tn(
                "team-cell-refused",
                &[
                    ("person", &person_label(lang, team, a).0),
                    ("month", &m.to_string()),
                    ("name", &lang.month_short(team.months[m - 1])),
                    ("reason", &e.in_lang(lang)),
                ],
            )),
        }
    }
    Ok((wanted, saw, problems))
}

/// Saves the allocation grid.
pub async fn save_allocation(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let project = path.into_inner();
    let fields = form.0;
    let version: i64 = fields
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest(Msg::new("grid-no-version")))?;
    let source = TeamSource::of(&page)?;
    let acting = page.acting();
    let lang = page.lang;
    let posted = fields.clone();
    // Every cell is read in the transaction, off the async workers; any bad value shows the grid
    // again and writes nothing.
    let answer = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let team = source.editable(conn, project, &acting)?;
            let (wanted, saw, mut problems) = read_allocation(lang, &team, &posted)?;
            if !problems.is_empty() {
                problems.sort();
                return Ok(Answer::Refused(Box::new(team), problems));
            }
            let input = AllocationGridInput {
                version,
                wanted,
                saw,
            };
            Ok::<_, AppError>(
                match allocations::save_allocation_grid(conn, &acting, &team, input)? {
                    AllocationOutcome::Saved(n) => Answer::Saved(n),
                    AllocationOutcome::Conflict(edits) => {
                        let now = source.load(conn, project, None)?;
                        Answer::Conflict(Box::new(now), edits)
                    }
                },
            )
        })
        .await?;
    match answer {
        Answer::Saved(n) => Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!(
                    "/projects/{project}/team?saved={n}&{}#allocation",
                    serde_urlencoded::to_string([
                        ("from", fields.get("from").map(String::as_str).unwrap_or("")),
                        (
                            "months",
                            fields.get("months").map(String::as_str).unwrap_or("")
                        ),
                        // The grid was saved in PM, whatever the user's preference.
                        ("unit", "pm"),
                    ])
                    .unwrap_or_default()
                ),
            ))
            .finish()),
        Answer::Conflict(team, edits) => allocation_conflict(&page, &team, &edits),
        Answer::Refused(team, problems) => refused(&page, &team, problems, None),
    }
}

/// The 409 page of an allocation grid saved after someone else's save: each cell the user
/// changed as they saw it, as it is now (marked where it changed meanwhile) and as they wanted it.
fn allocation_conflict(
    page: &Page,
    team: &Team,
    edits: &[AllocationEdit],
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let rows = edits
        .iter()
        .filter_map(|e| {
            let a = team.assignments.iter().find(|a| a.id == e.assignment)?;
            let show = |value: &BigDecimal| lang.decimal(value);
            let saw = e.saw.as_ref().map(show).unwrap_or_default();
            let now = show(&team.allocation(a, e.month));
            let wanted = e.wanted.as_ref().map(show);
            let changed = saw != now;
            Some(vec![
                Cell::text(person_label(lang, team, a).0),
                Cell::text(lang.month_short(e.month)),
                Cell::number(saw),
                Cell {
                    changed,
                    ..Cell::number(now)
                },
                Cell::number(wanted.unwrap_or_else(|| lang.t("team-derived"))),
            ])
        })
        .collect();
    let project = &team.grid.project;
    super::plan_conflict(
        page,
        (project.id, &project.code),
        super::PlanConflict {
            page_title: lang.t1("team-page-title", "code", &project.code),
            message: lang.t("team-conflict-message"),
            columns: vec![lang.t("team-column-person"), lang.t("grid-column-month")],
            rows,
            latest: (
                format!("/projects/{}/team#allocation", project.id),
                lang.t("team-conflict-latest"),
            ),
        },
    )
}
