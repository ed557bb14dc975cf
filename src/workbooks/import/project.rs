//! The project workbook (SPEC §8, docs/ods-format.md): one project per file.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::auth::policy::{ProjectLock, Refusal};
use crate::db::schema::{
    capacity_demand, deliverable_types, deliverables, dissemination_levels, lifecycle_states,
    milestones, organisations, project_partners, projects, role_types, tasks, work_packages,
};
use crate::planning::months::{calendar_month, format_month};
use crate::projects::version;
use crate::workbooks::import::{ImportFailure, Importer, Summary, refusal};
use crate::workbooks::spreadsheet::{self, Problems, Workbook};

/// Sheet names, in the order of the file.
pub const SHEET_PROJECT: &str = "Project";
pub const SHEET_ORGANISATIONS: &str = "Organisations";
pub const SHEET_WORK_PACKAGES: &str = "Work packages";
pub const SHEET_TASKS: &str = "Tasks";
pub const SHEET_MILESTONES: &str = "Milestones";
pub const SHEET_DELIVERABLES: &str = "Deliverables";
pub const SHEET_EST: &str = "EST capacity";
pub const SHEET_PROJPLAN: &str = "PROJPLAN capacity";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgRole {
    Poo,
    Partner,
    /// Listed only to define the hierarchy.
    Parent,
}

#[derive(Debug, Clone)]
pub struct OrgRow {
    pub short_name: String,
    pub name: String,
    pub parent: Option<String>,
    pub country: Option<String>,
    pub role: OrgRole,
}

#[derive(Debug, Clone)]
pub struct WorkPackageRow {
    pub number: i32,
    pub name: String,
    pub lead_org: Option<String>,
    pub begin: i32,
    pub end: i32,
}

#[derive(Debug, Clone)]
pub struct TaskRow {
    pub wp: i32,
    pub number: String,
    pub name: String,
    pub begin: i32,
    pub end: i32,
    pub role: Option<String>,
    pub lead_org: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MilestoneRow {
    pub number: String,
    pub name: String,
    pub wp: Option<i32>,
    pub due: i32,
    pub role: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DeliverableRow {
    pub number: String,
    pub name: String,
    pub wp: i32,
    pub due: i32,
    pub kind: Option<String>,
    pub dissemination: Option<String>,
    pub lead_org: Option<String>,
}

/// PM of one task and organisation per project month (1-based); months without PM are absent.
#[derive(Debug, Clone)]
pub struct DemandRow {
    pub task: String,
    pub org: String,
    pub pm: BTreeMap<i32, BigDecimal>,
}

/// A validated project workbook.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    pub code: String,
    pub name: String,
    pub description: String,
    pub start: NaiveDate,
    pub duration: i32,
    pub poo: String,
    pub lifecycle: String,
    pub hours_per_pm: Option<BigDecimal>,
    pub organisations: Vec<OrgRow>,
    pub work_packages: Vec<WorkPackageRow>,
    pub tasks: Vec<TaskRow>,
    pub milestones: Vec<MilestoneRow>,
    pub deliverables: Vec<DeliverableRow>,
    pub est: Vec<DemandRow>,
    /// `None` when the file has no PROJPLAN sheet: the stored PROJPLAN is then left alone.
    pub projplan: Option<Vec<DemandRow>>,
}

/// What the database already knows that a file may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    /// short name → (id, parent id)
    pub orgs: HashMap<String, (Uuid, Option<Uuid>)>,
    /// (id, code, name) of lifecycle states
    pub lifecycle_states: Vec<(Uuid, String, String)>,
}

impl Known {
    pub fn load(conn: &mut PgConnection) -> QueryResult<Known> {
        let orgs: Vec<(Uuid, String, Option<Uuid>)> = organisations::table
            .select((
                organisations::id,
                organisations::short_name,
                organisations::parent_id,
            ))
            .load(conn)?;
        Ok(Known {
            orgs: orgs
                .into_iter()
                .map(|(id, short, parent)| (short, (id, parent)))
                .collect(),
            // In a fixed order: two loads compare equal (an import checks that nothing changed
            // between its check and its write), and messages list them as admins sort them.
            lifecycle_states: lifecycle_states::table
                .order((lifecycle_states::sort_order, lifecycle_states::code))
                .select((
                    lifecycle_states::id,
                    lifecycle_states::code,
                    lifecycle_states::name,
                ))
                .load(conn)?,
        })
    }

    fn lifecycle(&self, value: &str) -> Option<Uuid> {
        self.lifecycle_states
            .iter()
            .find(|(_, code, name)| {
                code.eq_ignore_ascii_case(value) || name.eq_ignore_ascii_case(value)
            })
            .map(|(id, _, _)| *id)
    }
}

const SHORT_NAME_HINT: &str = "letters, digits, '.', '_' or '-', starting with a letter or digit";

pub(crate) fn valid_short_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && s.len() <= 64
}

/// Reads and validates a project workbook against what the database knows.
pub fn parse(book: &Workbook, known: &Known) -> Result<ProjectFile, Vec<spreadsheet::ImportError>> {
    let mut p = Problems::new(book.file.clone());

    // ---- Project ----
    let mut code = String::new();
    let mut name = String::new();
    let mut description = String::new();
    let mut start = None;
    let mut duration = 0;
    let mut poo = String::new();
    let mut lifecycle = String::new();
    let mut hours_per_pm = None;
    if let Some(kv) = book.key_values(SHEET_PROJECT, &mut p) {
        let required = |key: &str, p: &mut Problems| -> Option<(calamine::Data, usize)> {
            match kv.get(&key.to_lowercase()) {
                Some((value, row)) if !spreadsheet::cell_text(value).is_empty() => {
                    Some((value.clone(), *row))
                }
                Some((_, row)) => {
                    p.cell(SHEET_PROJECT, *row, "Value", format!("{key} is empty"));
                    None
                }
                None => {
                    p.sheet(SHEET_PROJECT, format!("the row '{key}' is missing"));
                    None
                }
            }
        };
        if let Some((v, row)) = required("Code", &mut p) {
            code = spreadsheet::cell_text(&v);
            if !valid_short_name(&code) {
                p.cell(
                    SHEET_PROJECT,
                    row,
                    "Value",
                    format!("the code \"{code}\" may only use {SHORT_NAME_HINT}"),
                );
            }
        }
        if let Some((v, _)) = required("Name", &mut p) {
            name = spreadsheet::cell_text(&v);
        }
        if let Some((v, row)) = required("Start", &mut p) {
            match spreadsheet::month(&v) {
                Ok(m) => start = m,
                Err(e) => p.cell(SHEET_PROJECT, row, "Value", format!("Start: {e}")),
            }
        }
        if let Some((v, row)) = required("Duration", &mut p) {
            match spreadsheet::integer(&v) {
                Ok(Some(d)) if (1..=600).contains(&d) => duration = d as i32,
                Ok(_) => p.cell(
                    SHEET_PROJECT,
                    row,
                    "Value",
                    "Duration must be a number of months from 1 to 600",
                ),
                Err(e) => p.cell(SHEET_PROJECT, row, "Value", format!("Duration: {e}")),
            }
        }
        if let Some((v, _)) = required("POO", &mut p) {
            poo = spreadsheet::cell_text(&v);
        }
        if let Some((v, row)) = required("Lifecycle", &mut p) {
            lifecycle = spreadsheet::cell_text(&v);
            if known.lifecycle(&lifecycle).is_none() {
                let names: Vec<&str> = known
                    .lifecycle_states
                    .iter()
                    .map(|(_, c, _)| c.as_str())
                    .collect();
                p.cell(
                    SHEET_PROJECT,
                    row,
                    "Value",
                    format!(
                        "unknown lifecycle state \"{lifecycle}\" (one of: {})",
                        names.join(", ")
                    ),
                );
            }
        }
        if let Some((v, row)) = kv.get("hours per pm") {
            match spreadsheet::decimal(v, 2) {
                Ok(Some(h)) if h > 0 && h <= 744 => hours_per_pm = Some(h),
                Ok(Some(_)) => p.cell(
                    SHEET_PROJECT,
                    *row,
                    "Value",
                    "Hours per PM must be above 0 and at most 744",
                ),
                Ok(None) => {}
                Err(e) => p.cell(SHEET_PROJECT, *row, "Value", format!("Hours per PM: {e}")),
            }
        }
        if let Some((v, _)) = kv.get("description") {
            description = spreadsheet::cell_text(v);
        }
    }

    // ---- Organisations ----
    let mut orgs: Vec<OrgRow> = Vec::new();
    if let Some(t) = book.table(
        SHEET_ORGANISATIONS,
        &["Short name", "Name", "Parent", "Country", "Role"],
        &mut p,
    ) {
        let mut seen = HashSet::new();
        for (row, cells) in &t.rows {
            let row = *row;
            let short = spreadsheet::text(t.cell(cells, "Short name")).unwrap_or_default();
            if short.is_empty() {
                p.cell(&t.sheet, row, "Short name", "is empty");
                continue;
            }
            if !valid_short_name(&short) {
                p.cell(
                    &t.sheet,
                    row,
                    "Short name",
                    format!("\"{short}\" may only use {SHORT_NAME_HINT}"),
                );
            }
            if !seen.insert(short.to_lowercase()) {
                p.cell(
                    &t.sheet,
                    row,
                    "Short name",
                    format!("\"{short}\" is listed twice"),
                );
            }
            let org_name =
                spreadsheet::text(t.cell(cells, "Name")).unwrap_or_else(|| short.clone());
            let country = spreadsheet::text(t.cell(cells, "Country")).map(|c| c.to_uppercase());
            if let Some(c) = &country
                && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Country",
                    format!("\"{c}\" is not a two-letter country code such as FI"),
                );
            }
            let role = match spreadsheet::text(t.cell(cells, "Role")).map(|r| r.to_lowercase()) {
                Some(r) if r == "poo" => OrgRole::Poo,
                Some(r) if r == "partner" => OrgRole::Partner,
                // Listed only to define the hierarchy (e.g. a partner's parent).
                None => OrgRole::Parent,
                other => {
                    p.cell(
                        &t.sheet,
                        row,
                        "Role",
                        format!("\"{}\" must be POO, Partner, or empty for an organisation listed only as a parent", other.unwrap_or_default()),
                    );
                    OrgRole::Partner
                }
            };
            orgs.push(OrgRow {
                short_name: short,
                name: org_name,
                parent: spreadsheet::text(t.cell(cells, "Parent")),
                country,
                role,
            });
        }
        let row_of = |short: &str| {
            t.rows
                .iter()
                .find(|(_, c)| spreadsheet::cell_text(t.cell(c, "Short name")) == short)
                .map(|(r, _)| *r)
                .unwrap_or(0)
        };
        // Parents resolve to the sheet or the database, and never form a cycle.
        let in_sheet: HashMap<&str, Option<&str>> = orgs
            .iter()
            .map(|o| (o.short_name.as_str(), o.parent.as_deref()))
            .collect();
        let db_parent = |short: &str| -> Option<String> {
            let (_, parent) = known.orgs.get(short)?;
            let parent = (*parent)?;
            known
                .orgs
                .iter()
                .find(|(_, (id, _))| *id == parent)
                .map(|(s, _)| s.clone())
        };
        for org in &orgs {
            if let Some(parent) = &org.parent
                && !in_sheet.contains_key(parent.as_str())
                && !known.orgs.contains_key(parent)
            {
                p.cell(
                    SHEET_ORGANISATIONS,
                    row_of(&org.short_name),
                    "Parent",
                    format!("unknown organisation \"{parent}\""),
                );
            }
            let mut current = org.short_name.clone();
            let mut visited = HashSet::new();
            while let Some(parent) = in_sheet
                .get(current.as_str())
                .map(|p| p.map(str::to_string))
                .unwrap_or_else(|| db_parent(&current))
            {
                if !visited.insert(parent.clone()) || parent == org.short_name {
                    p.cell(
                        SHEET_ORGANISATIONS,
                        row_of(&org.short_name),
                        "Parent",
                        format!(
                            "\"{}\" would be its own ancestor (a parent cycle)",
                            org.short_name
                        ),
                    );
                    break;
                }
                current = parent;
            }
        }
        let poos: Vec<&OrgRow> = orgs.iter().filter(|o| o.role == OrgRole::Poo).collect();
        match poos.as_slice() {
            [one] if !poo.is_empty() && one.short_name != poo => p.sheet(
                SHEET_ORGANISATIONS,
                format!(
                    "the POO row is \"{}\" but the Project sheet names \"{poo}\"",
                    one.short_name
                ),
            ),
            [] | [_] => {}
            _ => p.sheet(
                SHEET_ORGANISATIONS,
                "more than one organisation has the role POO",
            ),
        }
    }
    let sheet_orgs: HashSet<String> = orgs.iter().map(|o| o.short_name.clone()).collect();
    let org_known = |short: &str| sheet_orgs.contains(short) || known.orgs.contains_key(short);
    if !poo.is_empty() && !org_known(&poo) {
        p.sheet(
            SHEET_PROJECT,
            format!("POO: unknown organisation \"{poo}\""),
        );
    }

    let months_ok = |value: i32| value >= 1 && (duration == 0 || value <= duration);
    let month_problem = |value: i32| {
        if value < 1 {
            format!("{value} is before the project's first month (1)")
        } else {
            format!("{value} is after the project's last month ({duration})")
        }
    };

    // ---- Work packages ----
    let mut wps: Vec<WorkPackageRow> = Vec::new();
    if let Some(t) = book.table(
        SHEET_WORK_PACKAGES,
        &["WP", "Name", "Lead org", "Begin month", "End month"],
        &mut p,
    ) {
        for (row, cells) in &t.rows {
            let row = *row;
            let number = read_int(&t, cells, row, "WP", &mut p);
            let begin = read_int(&t, cells, row, "Begin month", &mut p);
            let end = read_int(&t, cells, row, "End month", &mut p);
            let lead = spreadsheet::text(t.cell(cells, "Lead org"));
            if let Some(l) = &lead
                && !org_known(l)
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Lead org",
                    format!("unknown organisation \"{l}\""),
                );
            }
            let (Some(number), Some(begin), Some(end)) = (number, begin, end) else {
                continue;
            };
            if !(1..=999).contains(&number) {
                p.cell(
                    &t.sheet,
                    row,
                    "WP",
                    format!("{number} must be from 1 to 999"),
                );
            }
            check_span(
                &t.sheet,
                row,
                begin,
                end,
                &months_ok,
                &month_problem,
                &mut p,
            );
            if wps.iter().any(|w| w.number == number) {
                p.cell(&t.sheet, row, "WP", format!("WP {number} is listed twice"));
            }
            wps.push(WorkPackageRow {
                number,
                name: required_text(&t, cells, row, "Name", &mut p),
                lead_org: lead,
                begin,
                end,
            });
        }
    }

    // ---- Tasks ----
    let mut task_rows: Vec<TaskRow> = Vec::new();
    if let Some(t) = book.table(
        SHEET_TASKS,
        &["WP", "Task", "Name", "Begin month", "End month"],
        &mut p,
    ) {
        for (row, cells) in &t.rows {
            let row = *row;
            let wp = read_int(&t, cells, row, "WP", &mut p);
            let number = spreadsheet::text(t.cell(cells, "Task")).unwrap_or_default();
            let begin = read_int(&t, cells, row, "Begin month", &mut p);
            let end = read_int(&t, cells, row, "End month", &mut p);
            let lead = spreadsheet::text(t.cell(cells, "Lead org"));
            if let Some(l) = &lead
                && !org_known(l)
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Lead org",
                    format!("unknown organisation \"{l}\""),
                );
            }
            let Some(wp) = wp else { continue };
            if !wps.iter().any(|w| w.number == wp) {
                p.cell(&t.sheet, row, "WP", format!("unknown work package {wp}"));
            }
            let well_formed = number.split_once('.').is_some_and(|(w, n)| {
                w.parse::<i32>() == Ok(wp) && n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n))
            });
            if !well_formed {
                p.cell(
                    &t.sheet,
                    row,
                    "Task",
                    format!("\"{number}\" must be <WP>.<n> with WP {wp}, e.g. {wp}.1"),
                );
            }
            if task_rows.iter().any(|x| x.number == number) {
                p.cell(
                    &t.sheet,
                    row,
                    "Task",
                    format!("task {number} is listed twice"),
                );
            }
            let (Some(begin), Some(end)) = (begin, end) else {
                continue;
            };
            check_span(
                &t.sheet,
                row,
                begin,
                end,
                &months_ok,
                &month_problem,
                &mut p,
            );
            task_rows.push(TaskRow {
                wp,
                number,
                name: required_text(&t, cells, row, "Name", &mut p),
                begin,
                end,
                role: spreadsheet::text(t.cell(cells, "Role")),
                lead_org: lead,
            });
        }
    }

    // ---- Milestones ----
    let mut milestone_rows: Vec<MilestoneRow> = Vec::new();
    if let Some(t) = book.table(
        SHEET_MILESTONES,
        &["Milestone", "Name", "WP", "Due month"],
        &mut p,
    ) {
        for (row, cells) in &t.rows {
            let row = *row;
            let number = spreadsheet::text(t.cell(cells, "Milestone")).unwrap_or_default();
            let ok = number
                .strip_prefix("MS")
                .is_some_and(|n| n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n)));
            if !ok {
                p.cell(
                    &t.sheet,
                    row,
                    "Milestone",
                    format!("\"{number}\" must be MS<n>, e.g. MS3"),
                );
            }
            if milestone_rows.iter().any(|m| m.number == number) {
                p.cell(
                    &t.sheet,
                    row,
                    "Milestone",
                    format!("{number} is listed twice"),
                );
            }
            let wp = read_int(&t, cells, row, "WP", &mut p);
            if let Some(wp) = wp
                && !wps.iter().any(|w| w.number == wp)
            {
                p.cell(&t.sheet, row, "WP", format!("unknown work package {wp}"));
            }
            let Some(due) = read_required_int(&t, cells, row, "Due month", &mut p) else {
                continue;
            };
            if !months_ok(due) {
                p.cell(&t.sheet, row, "Due month", month_problem(due));
            }
            milestone_rows.push(MilestoneRow {
                number,
                name: required_text(&t, cells, row, "Name", &mut p),
                wp,
                due,
                role: spreadsheet::text(t.cell(cells, "Role")),
            });
        }
    }

    // ---- Deliverables ----
    let mut deliverable_rows: Vec<DeliverableRow> = Vec::new();
    if let Some(t) = book.table(
        SHEET_DELIVERABLES,
        &[
            "Deliverable",
            "Name",
            "WP",
            "Due month",
            "Type",
            "Dissemination",
        ],
        &mut p,
    ) {
        for (row, cells) in &t.rows {
            let row = *row;
            let number = spreadsheet::text(t.cell(cells, "Deliverable")).unwrap_or_default();
            let ok = number
                .strip_prefix('D')
                .and_then(|n| n.split_once('.'))
                .is_some_and(|(a, b)| {
                    a.parse::<u16>().is_ok_and(|a| (1..=999).contains(&a))
                        && b.parse::<u16>().is_ok_and(|b| (1..=999).contains(&b))
                });
            if !ok {
                p.cell(
                    &t.sheet,
                    row,
                    "Deliverable",
                    format!("\"{number}\" must be D<WP>.<n>, e.g. D2.1"),
                );
            }
            if deliverable_rows.iter().any(|d| d.number == number) {
                p.cell(
                    &t.sheet,
                    row,
                    "Deliverable",
                    format!("{number} is listed twice"),
                );
            }
            let lead = spreadsheet::text(t.cell(cells, "Lead org"));
            if let Some(l) = &lead
                && !org_known(l)
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Lead org",
                    format!("unknown organisation \"{l}\""),
                );
            }
            let wp = read_required_int(&t, cells, row, "WP", &mut p);
            if let Some(wp) = wp
                && !wps.iter().any(|w| w.number == wp)
            {
                p.cell(&t.sheet, row, "WP", format!("unknown work package {wp}"));
            }
            let due = read_required_int(&t, cells, row, "Due month", &mut p);
            if let Some(due) = due
                && !months_ok(due)
            {
                p.cell(&t.sheet, row, "Due month", month_problem(due));
            }
            let (Some(wp), Some(due)) = (wp, due) else {
                continue;
            };
            deliverable_rows.push(DeliverableRow {
                number,
                name: required_text(&t, cells, row, "Name", &mut p),
                wp,
                due,
                kind: spreadsheet::text(t.cell(cells, "Type")),
                dissemination: spreadsheet::text(t.cell(cells, "Dissemination")),
                lead_org: lead,
            });
        }
    }

    // ---- Capacity ----
    let task_numbers: HashSet<String> = task_rows.iter().map(|t| t.number.clone()).collect();
    let est = read_demand(book, SHEET_EST, duration, &task_numbers, &org_known, &mut p);
    let projplan = if book.has_sheet(SHEET_PROJPLAN) {
        Some(read_demand(
            book,
            SHEET_PROJPLAN,
            duration,
            &task_numbers,
            &org_known,
            &mut p,
        ))
    } else {
        None
    };

    match (p.is_empty(), start) {
        (true, Some(start)) => Ok(ProjectFile {
            code,
            name,
            description,
            start,
            duration,
            poo,
            lifecycle,
            hours_per_pm,
            organisations: orgs,
            work_packages: wps,
            tasks: task_rows,
            milestones: milestone_rows,
            deliverables: deliverable_rows,
            est,
            projplan,
        }),
        _ => Err(p.list),
    }
}

fn read_int(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<i32> {
    match spreadsheet::integer(t.cell(cells, column)) {
        Ok(Some(v)) => i32::try_from(v).ok().or_else(|| {
            p.cell(&t.sheet, row, column, format!("{v} is too large"));
            None
        }),
        Ok(None) => None,
        Err(e) => {
            p.cell(&t.sheet, row, column, e);
            None
        }
    }
}

fn read_required_int(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<i32> {
    let value = read_int(t, cells, row, column, p);
    if value.is_none() && spreadsheet::text(t.cell(cells, column)).is_none() {
        p.cell(&t.sheet, row, column, "is empty");
    }
    value
}

fn required_text(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> String {
    spreadsheet::text(t.cell(cells, column)).unwrap_or_else(|| {
        p.cell(&t.sheet, row, column, "is empty");
        String::new()
    })
}

fn check_span(
    sheet: &str,
    row: usize,
    begin: i32,
    end: i32,
    months_ok: &dyn Fn(i32) -> bool,
    month_problem: &dyn Fn(i32) -> String,
    p: &mut Problems,
) {
    if !months_ok(begin) {
        p.cell(sheet, row, "Begin month", month_problem(begin));
    }
    if !months_ok(end) {
        p.cell(sheet, row, "End month", month_problem(end));
    }
    if end < begin {
        p.cell(
            sheet,
            row,
            "End month",
            format!("{end} is before the begin month ({begin})"),
        );
    }
}

fn read_demand(
    book: &Workbook,
    sheet: &str,
    duration: i32,
    tasks: &HashSet<String>,
    org_known: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) -> Vec<DemandRow> {
    let Some(t) = book.table(sheet, &["Task", "Org"], p) else {
        return Vec::new();
    };
    // Month columns are headed M1, M2, … (project months).
    let months: Vec<(usize, i32, String)> = t
        .header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let h = h.trim();
            h.strip_prefix(['M', 'm'])
                .and_then(|n| n.parse::<i32>().ok())
                .map(|m| (i, m, h.to_string()))
        })
        .collect();
    for (_, m, header) in &months {
        if *m < 1 || (duration > 0 && *m > duration) {
            p.sheet(
                &t.sheet,
                format!("the column '{header}' is outside the project's months (1 to {duration})"),
            );
        }
    }
    let mut rows: Vec<DemandRow> = Vec::new();
    let mut listed: HashSet<(String, String)> = HashSet::new();
    for (row, cells) in &t.rows {
        let row = *row;
        let task = spreadsheet::text(t.cell(cells, "Task")).unwrap_or_default();
        let org = spreadsheet::text(t.cell(cells, "Org")).unwrap_or_default();
        if !tasks.contains(&task) {
            p.cell(&t.sheet, row, "Task", format!("unknown task \"{task}\""));
        }
        if !org_known(&org) {
            p.cell(
                &t.sheet,
                row,
                "Org",
                format!("unknown organisation \"{org}\""),
            );
        }
        if !listed.insert((task.clone(), org.clone())) {
            p.cell(
                &t.sheet,
                row,
                "Task",
                format!("task {task} for {org} is listed twice"),
            );
        }
        let mut pm = BTreeMap::new();
        for (col, m, header) in &months {
            match spreadsheet::decimal(t.at(cells, *col), 3) {
                Ok(Some(v)) if v < 0 => p.cell(
                    &t.sheet,
                    row,
                    header,
                    format!("{v} is negative: person-months cannot be below 0"),
                ),
                Ok(Some(v)) if v == 0 => {}
                Ok(Some(v)) => {
                    pm.insert(*m, v);
                }
                Ok(None) => {}
                Err(e) => p.cell(&t.sheet, row, header, e),
            }
        }
        rows.push(DemandRow { task, org, pm });
    }
    rows
}

// ------------------------------------------------------------------------------------------
// Writing

/// The kind of change an import counts for organisations. They are not the project's, so a
/// lock of the project does not stop them.
const KIND_ORGANISATIONS: &str = "organisations";

/// Locks the rows of the stored projects among `codes` (src/projects/version.rs), in the order of
/// their ids, so that two imports of several projects queue instead of deadlocking. Under
/// row-level security the rows the user may not change (locked projects) are passed over: the
/// import does not write them.
pub fn lock_stored(conn: &mut PgConnection, codes: &[&str]) -> QueryResult<()> {
    projects::table
        .filter(projects::code.eq_any(codes))
        .order(projects::id)
        .select(projects::id)
        .for_update()
        .load::<Uuid>(conn)
        .map(|_| ())
}

/// A project the database holds already, as an import finds it.
pub(crate) struct Stored {
    pub id: Uuid,
    pub code: String,
    pub lock: ProjectLock,
}

/// (id, code, locked flag, whether its lifecycle state locks it, that state's name)
type StoredRow = (Uuid, String, bool, Option<bool>, Option<String>);

/// The stored projects of `codes`, by code.
pub(crate) fn stored_projects(conn: &mut PgConnection, codes: &[&str]) -> QueryResult<Vec<Stored>> {
    let rows: Vec<StoredRow> = projects::table
        .left_join(lifecycle_states::table)
        .filter(projects::code.eq_any(codes))
        .order(projects::code)
        .select((
            projects::id,
            projects::code,
            projects::locked,
            lifecycle_states::locks_project.nullable(),
            lifecycle_states::name.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, locked, locks, state)| Stored {
            id,
            code,
            lock: ProjectLock::of(locked, state.filter(|_| locks == Some(true))),
        })
        .collect())
}

/// What writing a project's file did.
struct Written {
    summary: Summary,
    audit_log: Vec<Change>,
    /// The calendar months whose demand changed.
    months: BTreeSet<NaiveDate>,
}

/// Imports one validated project within the caller's transaction, by the rules of the
/// importer's Policy, the grid's: a stored project that is locked for the importer must come
/// out unchanged, and so must a stored project's months before `this_month`. A project the
/// import creates has no history in the database yet: all its months come from the file. A
/// refusal names the project (and the months); the caller rolls everything back.
pub fn import(
    conn: &mut PgConnection,
    file: &ProjectFile,
    file_name: &str,
    importer: &Importer,
    this_month: NaiveDate,
) -> Result<Summary, ImportFailure> {
    let stored = stored_projects(conn, &[file.code.as_str()])?.pop();
    let refused =
        |why: Refusal| ImportFailure::Refused(vec![refusal(file_name, &file.code, &why.0)]);
    if let Some(Err(why)) = stored
        .as_ref()
        .map(|s| importer.policy.can_edit_project(&s.lock))
        && would_change_project(conn, file, file_name, stored.as_ref().map(|s| s.id))?
    {
        return Err(refused(why));
    }
    let written = write(conn, file, file_name, stored.as_ref().map(|s| s.id))?;
    if stored.is_some() {
        importer
            .policy
            .can_edit_months(written.months.iter().copied(), this_month)
            .map_err(refused)?;
    }
    audit::record(conn, &importer.actor, &written.audit_log)?;
    Ok(written.summary)
}

/// Whether writing `file` would change its stored project: a trial in a savepoint, always
/// rolled back. Under row-level security the database refuses some of those writes itself for
/// a project that is locked for the user; that refusal answers the question too.
fn would_change_project(
    conn: &mut PgConnection,
    file: &ProjectFile,
    file_name: &str,
    stored: Option<Uuid>,
) -> QueryResult<bool> {
    enum Trial {
        Answer(bool),
        Failed(diesel::result::Error),
    }
    impl From<diesel::result::Error> for Trial {
        fn from(e: diesel::result::Error) -> Self {
            Trial::Failed(e)
        }
    }
    let trial =
        conn.transaction::<(), Trial, _>(|conn| match write(conn, file, file_name, stored) {
            Ok(written) => Err(Trial::Answer(changes_project(&written.summary))),
            Err(e) if crate::error::is_policy_refusal(&e) => Err(Trial::Answer(true)),
            Err(e) => Err(Trial::Failed(e)),
        });
    match trial {
        Err(Trial::Answer(changes)) => Ok(changes),
        Err(Trial::Failed(e)) => Err(e),
        Ok(()) => Ok(false),
    }
}

/// Whether anything of the project itself changed (its organisations' names are not the
/// project's).
fn changes_project(summary: &Summary) -> bool {
    summary
        .kinds
        .iter()
        .any(|(kind, changes)| *kind != KIND_ORGANISATIONS && changes.total() > 0)
}

/// Writes one project's file: what differs from the database, nothing else. `stored` is the
/// project of the file's code, if there is one.
fn write(
    conn: &mut PgConnection,
    f: &ProjectFile,
    file_name: &str,
    stored: Option<Uuid>,
) -> QueryResult<Written> {
    let mut w = Written {
        summary: Summary {
            file: file_name.to_string(),
            subject: f.code.clone(),
            ..Summary::default()
        },
        audit_log: Vec::new(),
        months: BTreeSet::new(),
    };
    let summary = &mut w.summary;
    let audit_log = &mut w.audit_log;
    let org_ids = write_organisations(conn, f, summary, audit_log)?;
    // Lookups the file names but the database lacks are created.
    let role_type_ids = ensure_role_types(conn, f, summary)?;
    let deliverable_type_ids = ensure_coded_lookup(
        conn,
        f.deliverables.iter().filter_map(|d| d.kind.clone()),
        LookupTable::DeliverableTypes,
        summary,
    )?;
    let dissemination_ids = ensure_coded_lookup(
        conn,
        f.deliverables
            .iter()
            .filter_map(|d| d.dissemination.clone()),
        LookupTable::DisseminationLevels,
        summary,
    )?;
    let project = write_project_row(conn, f, stored, &org_ids, summary, audit_log)?;
    let project_id = project.id;
    write_partners(conn, f, project_id, &org_ids, summary, audit_log)?;

    // Structure, children before parents when deleting.
    let wp_ids = write_work_packages(conn, f, project_id, &org_ids, summary, audit_log)?;
    let task_ids = write_tasks(
        conn,
        f,
        project_id,
        &wp_ids,
        &org_ids,
        &role_type_ids,
        summary,
        audit_log,
    )?;
    write_milestones(
        conn,
        f,
        project_id,
        &wp_ids,
        &role_type_ids,
        summary,
        audit_log,
    )?;
    write_deliverables(
        conn,
        f,
        project_id,
        &wp_ids,
        &org_ids,
        &deliverable_type_ids,
        &dissemination_ids,
        summary,
        audit_log,
    )?;
    let ids = (&task_ids, &org_ids);
    write_demand(conn, f, project_id, "EST", &f.est, ids, &mut w)?;
    if let Some(projplan) = &f.projplan {
        write_demand(conn, f, project_id, "PROJPLAN", projplan, ids, &mut w)?;
    }
    // Tasks and work packages go last: deleting one cascades to what hangs under it.
    delete_missing_tasks(conn, f, project_id, &mut w)?;
    delete_missing_work_packages(conn, f, project_id, &mut w.summary, &mut w.audit_log)?;
    finish_project(conn, &project, changes_project(&w.summary))?;
    Ok(w)
}

/// Organisations: missing ones are created, then names, countries and parents set. Their ids
/// by short name.
fn write_organisations(
    conn: &mut PgConnection,
    f: &ProjectFile,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<HashMap<String, Uuid>> {
    summary.changes(KIND_ORGANISATIONS);
    let mut org_ids: HashMap<String, Uuid> = organisations::table
        .select((organisations::short_name, organisations::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    for org in &f.organisations {
        if !org_ids.contains_key(&org.short_name) {
            let id: Uuid = diesel::insert_into(organisations::table)
                .values((
                    organisations::short_name.eq(&org.short_name),
                    organisations::name.eq(&org.name),
                    organisations::country_code.eq(&org.country),
                ))
                .returning(organisations::id)
                .get_result(conn)?;
            org_ids.insert(org.short_name.clone(), id);
            summary.changes(KIND_ORGANISATIONS).created += 1;
            audit_log.push(Change {
                action: Action::Create,
                entity_type: "organisation",
                entity_id: Some(id),
                project_id: None,
                before: None,
                after: Some(json!({"short_name": org.short_name, "name": org.name, "country_code": org.country})),
            });
        }
    }
    for org in &f.organisations {
        let id = org_ids[&org.short_name];
        let parent = org.parent.as_ref().map(|p| org_ids[p]);
        let (name, country, old_parent): (String, Option<String>, Option<Uuid>) =
            organisations::table
                .find(id)
                .select((
                    organisations::name,
                    organisations::country_code,
                    organisations::parent_id,
                ))
                .first(conn)?;
        if name != org.name || country != org.country || old_parent != parent {
            diesel::update(organisations::table.find(id))
                .set((
                    organisations::name.eq(&org.name),
                    organisations::country_code.eq(&org.country),
                    organisations::parent_id.eq(parent),
                    organisations::updated_at.eq(chrono::Utc::now()),
                ))
                .execute(conn)?;
            let just_created = audit_log.iter().any(|c| c.entity_id == Some(id));
            if !just_created {
                summary.changes(KIND_ORGANISATIONS).updated += 1;
                audit_log.push(Change {
                    action: Action::Update,
                    entity_type: "organisation",
                    entity_id: Some(id),
                    project_id: None,
                    before: Some(
                        json!({"name": name, "country_code": country, "parent_id": old_parent}),
                    ),
                    after: Some(
                        json!({"name": org.name, "country_code": org.country, "parent_id": parent}),
                    ),
                });
            }
        }
    }
    Ok(org_ids)
}

/// The project row as [`write_project_row`] left it, for [`finish_project`].
struct ProjectRow {
    id: Uuid,
    /// Whether it was stored before this import.
    stored: bool,
    /// The lifecycle state the file wants, and the one stored.
    lifecycle: Option<Uuid>,
    stored_lifecycle: Option<Uuid>,
}

/// Creates or updates the project row, all but its lifecycle state (see [`finish_project`]).
fn write_project_row(
    conn: &mut PgConnection,
    f: &ProjectFile,
    stored: Option<Uuid>,
    org_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<ProjectRow> {
    let lifecycle_id: Option<Uuid> = lifecycle_states::table
        .filter(
            lifecycle_states::code
                .ilike(&f.lifecycle)
                .or(lifecycle_states::name.ilike(&f.lifecycle)),
        )
        .select(lifecycle_states::id)
        .first(conn)
        .optional()?;
    let owner = org_ids.get(&f.poo).copied();
    type ProjectRecord = (
        String,
        String,
        Option<Uuid>,
        Option<Uuid>,
        NaiveDate,
        i32,
        Option<BigDecimal>,
    );
    let existing: Option<ProjectRecord> = match stored {
        Some(id) => projects::table
            .find(id)
            .select((
                projects::name,
                projects::description,
                projects::owner_org_id,
                projects::lifecycle_state_id,
                projects::start_month,
                projects::duration_months,
                projects::hours_per_pm,
            ))
            .first(conn)
            .optional()?,
        None => None,
    };
    let after = json!({
        "code": f.code, "name": f.name, "description": f.description, "owner_org_id": owner,
        "lifecycle_state_id": lifecycle_id, "start_month": format_month(f.start),
        "duration_months": f.duration, "hours_per_pm": f.hours_per_pm,
    });
    summary.changes("projects");
    let (Some(id), Some((name, description, old_owner, old_lifecycle, start, duration, hours))) =
        (stored, existing)
    else {
        let id: Uuid = diesel::insert_into(projects::table)
            .values((
                projects::code.eq(&f.code),
                projects::name.eq(&f.name),
                projects::description.eq(&f.description),
                projects::owner_org_id.eq(owner),
                projects::start_month.eq(f.start),
                projects::duration_months.eq(f.duration),
                projects::hours_per_pm.eq(&f.hours_per_pm),
            ))
            .returning(projects::id)
            .get_result(conn)?;
        summary.changes("projects").created += 1;
        audit_log.push(change(
            Action::Create,
            "project",
            Some(id),
            id,
            None,
            Some(after),
        ));
        return Ok(ProjectRow {
            id,
            stored: false,
            lifecycle: lifecycle_id,
            stored_lifecycle: None,
        });
    };
    let same_row = name == f.name
        && description == f.description
        && old_owner == owner
        && start == f.start
        && duration == f.duration
        && hours == f.hours_per_pm;
    if !same_row {
        diesel::update(projects::table.find(id))
            .set((
                projects::name.eq(&f.name),
                projects::description.eq(&f.description),
                projects::owner_org_id.eq(owner),
                projects::start_month.eq(f.start),
                projects::duration_months.eq(f.duration),
                projects::hours_per_pm.eq(&f.hours_per_pm),
                projects::updated_at.eq(chrono::Utc::now()),
            ))
            .execute(conn)?;
    }
    if !same_row || old_lifecycle != lifecycle_id {
        summary.changes("projects").updated += 1;
        let before = json!({
            "name": name, "description": description, "owner_org_id": old_owner,
            "lifecycle_state_id": old_lifecycle, "start_month": format_month(start),
            "duration_months": duration, "hours_per_pm": hours,
        });
        audit_log.push(change(
            Action::Update,
            "project",
            Some(id),
            id,
            Some(before),
            Some(after),
        ));
    }
    Ok(ProjectRow {
        id,
        stored: true,
        lifecycle: lifecycle_id,
        stored_lifecycle: old_lifecycle,
    })
}

/// The project's last writes. Its version moves on once for the whole import, when anything
/// of it changed, so that open grids see the change (a project created now has no open grid).
/// Its lifecycle state comes after everything else: a state that locks the project (closed)
/// would refuse every later write of its rows.
fn finish_project(conn: &mut PgConnection, project: &ProjectRow, changed: bool) -> QueryResult<()> {
    if project.stored && changed {
        version::bump(conn, project.id)?;
    }
    if project.lifecycle != project.stored_lifecycle {
        diesel::update(projects::table.find(project.id))
            .set(projects::lifecycle_state_id.eq(project.lifecycle))
            .execute(conn)?;
    }
    Ok(())
}

/// Partners: exactly the organisations of the file with the role Partner.
fn write_partners(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    org_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    summary.changes("partners");
    let wanted: HashSet<Uuid> = f
        .organisations
        .iter()
        .filter(|o| o.role == OrgRole::Partner)
        .map(|o| org_ids[&o.short_name])
        .collect();
    let current: HashSet<Uuid> = project_partners::table
        .filter(project_partners::project_id.eq(project_id))
        .select(project_partners::organisation_id)
        .load::<Uuid>(conn)?
        .into_iter()
        .collect();
    for org in wanted.difference(&current) {
        diesel::insert_into(project_partners::table)
            .values((
                project_partners::project_id.eq(project_id),
                project_partners::organisation_id.eq(org),
            ))
            .execute(conn)?;
        summary.changes("partners").created += 1;
        audit_log.push(change(
            Action::Create,
            "project_partner",
            Some(*org),
            project_id,
            None,
            Some(json!({"organisation_id": org})),
        ));
    }
    for org in current.difference(&wanted) {
        diesel::delete(
            project_partners::table
                .filter(project_partners::project_id.eq(project_id))
                .filter(project_partners::organisation_id.eq(org)),
        )
        .execute(conn)?;
        summary.changes("partners").deleted += 1;
        audit_log.push(change(
            Action::Delete,
            "project_partner",
            Some(*org),
            project_id,
            Some(json!({"organisation_id": org})),
            None,
        ));
    }
    Ok(())
}

fn change(
    action: Action,
    entity_type: &'static str,
    entity_id: Option<Uuid>,
    project_id: Uuid,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Change {
    Change {
        action,
        entity_type,
        entity_id,
        project_id: Some(project_id),
        before,
        after,
    }
}

fn ensure_role_types(
    conn: &mut PgConnection,
    f: &ProjectFile,
    summary: &mut Summary,
) -> QueryResult<HashMap<String, Uuid>> {
    let mut ids: HashMap<String, Uuid> = role_types::table
        .select((role_types::name, role_types::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .map(|(n, id)| (n.to_lowercase(), id))
        .collect();
    let wanted = f
        .tasks
        .iter()
        .filter_map(|t| t.role.clone())
        .chain(f.milestones.iter().filter_map(|m| m.role.clone()));
    for name in wanted {
        if let std::collections::hash_map::Entry::Vacant(slot) = ids.entry(name.to_lowercase()) {
            let id = diesel::insert_into(role_types::table)
                .values(role_types::name.eq(&name))
                .returning(role_types::id)
                .get_result(conn)?;
            slot.insert(id);
            summary
                .lookups_created
                .push(format!("role type \"{name}\""));
        }
    }
    Ok(ids)
}

#[derive(Clone, Copy)]
enum LookupTable {
    DeliverableTypes,
    DisseminationLevels,
}

/// Deliverable types and dissemination levels are matched by code or name (case-insensitive).
fn ensure_coded_lookup(
    conn: &mut PgConnection,
    wanted: impl Iterator<Item = String>,
    table: LookupTable,
    summary: &mut Summary,
) -> QueryResult<HashMap<String, Uuid>> {
    let rows: Vec<(Uuid, String, String)> = match table {
        LookupTable::DeliverableTypes => deliverable_types::table
            .select((
                deliverable_types::id,
                deliverable_types::code,
                deliverable_types::name,
            ))
            .load(conn)?,
        LookupTable::DisseminationLevels => dissemination_levels::table
            .select((
                dissemination_levels::id,
                dissemination_levels::code,
                dissemination_levels::name,
            ))
            .load(conn)?,
    };
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    for (id, code, name) in rows {
        ids.entry(name.to_lowercase()).or_insert(id);
        ids.insert(code.to_lowercase(), id);
    }
    for value in wanted {
        if ids.contains_key(&value.to_lowercase()) {
            continue;
        }
        let id = match table {
            LookupTable::DeliverableTypes => diesel::insert_into(deliverable_types::table)
                .values((
                    deliverable_types::code.eq(&value),
                    deliverable_types::name.eq(&value),
                ))
                .returning(deliverable_types::id)
                .get_result(conn)?,
            LookupTable::DisseminationLevels => diesel::insert_into(dissemination_levels::table)
                .values((
                    dissemination_levels::code.eq(&value),
                    dissemination_levels::name.eq(&value),
                ))
                .returning(dissemination_levels::id)
                .get_result(conn)?,
        };
        ids.insert(value.to_lowercase(), id);
        summary.lookups_created.push(match table {
            LookupTable::DeliverableTypes => format!("deliverable type \"{value}\""),
            LookupTable::DisseminationLevels => format!("dissemination level \"{value}\""),
        });
    }
    Ok(ids)
}

type WpRecord = (Uuid, i32, String, Option<Uuid>, i32, i32);

fn write_work_packages(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    org_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<HashMap<i32, Uuid>> {
    summary.changes("work packages");
    let existing: Vec<WpRecord> = work_packages::table
        .filter(work_packages::project_id.eq(project_id))
        .select((
            work_packages::id,
            work_packages::number,
            work_packages::name,
            work_packages::lead_org_id,
            work_packages::begin_month,
            work_packages::end_month,
        ))
        .load(conn)?;
    let mut ids = HashMap::new();
    for wp in &f.work_packages {
        let lead = wp.lead_org.as_ref().map(|o| org_ids[o]);
        let after = json!({"number": wp.number, "name": wp.name, "lead_org_id": lead, "begin_month": wp.begin, "end_month": wp.end});
        match existing.iter().find(|e| e.1 == wp.number) {
            Some((id, _, name, old_lead, begin, end)) => {
                ids.insert(wp.number, *id);
                if *name != wp.name || *old_lead != lead || *begin != wp.begin || *end != wp.end {
                    diesel::update(work_packages::table.find(id))
                        .set((
                            work_packages::name.eq(&wp.name),
                            work_packages::lead_org_id.eq(lead),
                            work_packages::begin_month.eq(wp.begin),
                            work_packages::end_month.eq(wp.end),
                        ))
                        .execute(conn)?;
                    summary.changes("work packages").updated += 1;
                    let before = json!({"number": wp.number, "name": name, "lead_org_id": old_lead, "begin_month": begin, "end_month": end});
                    audit_log.push(change(
                        Action::Update,
                        "work_package",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(work_packages::table)
                    .values((
                        work_packages::project_id.eq(project_id),
                        work_packages::number.eq(wp.number),
                        work_packages::name.eq(&wp.name),
                        work_packages::lead_org_id.eq(lead),
                        work_packages::begin_month.eq(wp.begin),
                        work_packages::end_month.eq(wp.end),
                    ))
                    .returning(work_packages::id)
                    .get_result(conn)?;
                ids.insert(wp.number, id);
                summary.changes("work packages").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "work_package",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    Ok(ids)
}

/// Tasks no longer in the sheet go. Their EST (and PROJPLAN, when the file has it) demand was
/// already removed by the demand diff; what remains (ACTUAL, or PROJPLAN without a sheet) is
/// counted separately.
/// Deletes the tasks the file no longer lists, with the demand of other series (ACTUAL) that
/// hangs under them; the months of that demand count as changed.
fn delete_missing_tasks(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    w: &mut Written,
) -> QueryResult<()> {
    let keep: Vec<&String> = f.tasks.iter().map(|t| &t.number).collect();
    let gone: Vec<(Uuid, String)> = tasks::table
        .filter(tasks::project_id.eq(project_id))
        .filter(tasks::number.ne_all(keep))
        .select((tasks::id, tasks::number))
        .load(conn)?;
    for (id, number) in gone {
        let months: Vec<NaiveDate> =
            diesel::delete(capacity_demand::table.filter(capacity_demand::task_id.eq(id)))
                .returning(capacity_demand::month)
                .get_results(conn)?;
        let demand = months.len();
        w.months.extend(months);
        if demand > 0 {
            w.summary
                .changes("other demand cells of deleted tasks")
                .deleted += demand;
        }
        diesel::delete(tasks::table.find(id)).execute(conn)?;
        w.summary.changes("tasks").deleted += 1;
        w.audit_log.push(change(
            Action::Delete,
            "task",
            Some(id),
            project_id,
            Some(json!({"number": number, "other_demand_cells": demand})),
            None,
        ));
    }
    Ok(())
}

fn delete_missing_work_packages(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    let keep: Vec<i32> = f.work_packages.iter().map(|w| w.number).collect();
    let gone: Vec<(Uuid, i32, String)> = work_packages::table
        .filter(work_packages::project_id.eq(project_id))
        .filter(work_packages::number.ne_all(&keep))
        .select((
            work_packages::id,
            work_packages::number,
            work_packages::name,
        ))
        .load(conn)?;
    for (id, number, name) in gone {
        diesel::delete(work_packages::table.find(id)).execute(conn)?;
        summary.changes("work packages").deleted += 1;
        audit_log.push(change(
            Action::Delete,
            "work_package",
            Some(id),
            project_id,
            Some(json!({"number": number, "name": name})),
            None,
        ));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one writer per sheet, each needing the ids resolved before it
fn write_tasks(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    wp_ids: &HashMap<i32, Uuid>,
    org_ids: &HashMap<String, Uuid>,
    role_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<HashMap<String, Uuid>> {
    summary.changes("tasks");
    type Row = (
        Uuid,
        String,
        Uuid,
        String,
        i32,
        i32,
        Option<Uuid>,
        Option<Uuid>,
    );
    let existing: Vec<Row> = tasks::table
        .filter(tasks::project_id.eq(project_id))
        .select((
            tasks::id,
            tasks::number,
            tasks::work_package_id,
            tasks::name,
            tasks::begin_month,
            tasks::end_month,
            tasks::role_type_id,
            tasks::lead_org_id,
        ))
        .load(conn)?;
    let mut ids = HashMap::new();
    for t in &f.tasks {
        let wp = wp_ids[&t.wp];
        let role = t.role.as_ref().map(|r| role_ids[&r.to_lowercase()]);
        let lead = t.lead_org.as_ref().map(|o| org_ids[o]);
        let after = json!({"number": t.number, "name": t.name, "work_package_id": wp, "begin_month": t.begin, "end_month": t.end, "role_type_id": role, "lead_org_id": lead});
        match existing.iter().find(|e| e.1 == t.number) {
            Some((id, _, old_wp, name, begin, end, old_role, old_lead)) => {
                ids.insert(t.number.clone(), *id);
                if *old_wp != wp
                    || *name != t.name
                    || *begin != t.begin
                    || *end != t.end
                    || *old_role != role
                    || *old_lead != lead
                {
                    diesel::update(tasks::table.find(id))
                        .set((
                            tasks::work_package_id.eq(wp),
                            tasks::name.eq(&t.name),
                            tasks::begin_month.eq(t.begin),
                            tasks::end_month.eq(t.end),
                            tasks::role_type_id.eq(role),
                            tasks::lead_org_id.eq(lead),
                        ))
                        .execute(conn)?;
                    summary.changes("tasks").updated += 1;
                    let before = json!({"number": t.number, "name": name, "work_package_id": old_wp, "begin_month": begin, "end_month": end, "role_type_id": old_role, "lead_org_id": old_lead});
                    audit_log.push(change(
                        Action::Update,
                        "task",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(tasks::table)
                    .values((
                        tasks::project_id.eq(project_id),
                        tasks::work_package_id.eq(wp),
                        tasks::number.eq(&t.number),
                        tasks::name.eq(&t.name),
                        tasks::begin_month.eq(t.begin),
                        tasks::end_month.eq(t.end),
                        tasks::role_type_id.eq(role),
                        tasks::lead_org_id.eq(lead),
                    ))
                    .returning(tasks::id)
                    .get_result(conn)?;
                ids.insert(t.number.clone(), id);
                summary.changes("tasks").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "task",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    Ok(ids)
}

fn write_milestones(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    wp_ids: &HashMap<i32, Uuid>,
    role_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    summary.changes("milestones");
    type Row = (Uuid, String, String, Option<Uuid>, i32, Option<Uuid>);
    let existing: Vec<Row> = milestones::table
        .filter(milestones::project_id.eq(project_id))
        .select((
            milestones::id,
            milestones::number,
            milestones::name,
            milestones::work_package_id,
            milestones::due_month,
            milestones::role_type_id,
        ))
        .load(conn)?;
    for m in &f.milestones {
        let wp = m.wp.map(|w| wp_ids[&w]);
        let role = m.role.as_ref().map(|r| role_ids[&r.to_lowercase()]);
        let after = json!({"number": m.number, "name": m.name, "work_package_id": wp, "due_month": m.due, "role_type_id": role});
        match existing.iter().find(|e| e.1 == m.number) {
            Some((id, _, name, old_wp, due, old_role)) => {
                if *name != m.name || *old_wp != wp || *due != m.due || *old_role != role {
                    diesel::update(milestones::table.find(id))
                        .set((
                            milestones::name.eq(&m.name),
                            milestones::work_package_id.eq(wp),
                            milestones::due_month.eq(m.due),
                            milestones::role_type_id.eq(role),
                        ))
                        .execute(conn)?;
                    summary.changes("milestones").updated += 1;
                    let before = json!({"number": m.number, "name": name, "work_package_id": old_wp, "due_month": due, "role_type_id": old_role});
                    audit_log.push(change(
                        Action::Update,
                        "milestone",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(milestones::table)
                    .values((
                        milestones::project_id.eq(project_id),
                        milestones::number.eq(&m.number),
                        milestones::name.eq(&m.name),
                        milestones::work_package_id.eq(wp),
                        milestones::due_month.eq(m.due),
                        milestones::role_type_id.eq(role),
                    ))
                    .returning(milestones::id)
                    .get_result(conn)?;
                summary.changes("milestones").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "milestone",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    let keep: Vec<&String> = f.milestones.iter().map(|m| &m.number).collect();
    for (id, number, ..) in existing.iter().filter(|e| !keep.contains(&&e.1)) {
        diesel::delete(milestones::table.find(id)).execute(conn)?;
        summary.changes("milestones").deleted += 1;
        audit_log.push(change(
            Action::Delete,
            "milestone",
            Some(*id),
            project_id,
            Some(json!({"number": number})),
            None,
        ));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one writer per sheet, each needing the ids resolved before it
fn write_deliverables(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    wp_ids: &HashMap<i32, Uuid>,
    org_ids: &HashMap<String, Uuid>,
    type_ids: &HashMap<String, Uuid>,
    dissemination_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    summary.changes("deliverables");
    type Row = (
        Uuid,
        String,
        String,
        Uuid,
        i32,
        Option<Uuid>,
        Option<Uuid>,
        Option<Uuid>,
    );
    let existing: Vec<Row> = deliverables::table
        .filter(deliverables::project_id.eq(project_id))
        .select((
            deliverables::id,
            deliverables::number,
            deliverables::name,
            deliverables::work_package_id,
            deliverables::due_month,
            deliverables::deliverable_type_id,
            deliverables::dissemination_level_id,
            deliverables::lead_org_id,
        ))
        .load(conn)?;
    for d in &f.deliverables {
        let wp = wp_ids[&d.wp];
        let kind = d.kind.as_ref().map(|k| type_ids[&k.to_lowercase()]);
        let level = d
            .dissemination
            .as_ref()
            .map(|l| dissemination_ids[&l.to_lowercase()]);
        let lead = d.lead_org.as_ref().map(|o| org_ids[o]);
        let after = json!({"number": d.number, "name": d.name, "work_package_id": wp, "due_month": d.due, "deliverable_type_id": kind, "dissemination_level_id": level, "lead_org_id": lead});
        match existing.iter().find(|e| e.1 == d.number) {
            Some((id, _, name, old_wp, due, old_kind, old_level, old_lead)) => {
                if *name != d.name
                    || *old_wp != wp
                    || *due != d.due
                    || *old_kind != kind
                    || *old_level != level
                    || *old_lead != lead
                {
                    diesel::update(deliverables::table.find(id))
                        .set((
                            deliverables::name.eq(&d.name),
                            deliverables::work_package_id.eq(wp),
                            deliverables::due_month.eq(d.due),
                            deliverables::deliverable_type_id.eq(kind),
                            deliverables::dissemination_level_id.eq(level),
                            deliverables::lead_org_id.eq(lead),
                        ))
                        .execute(conn)?;
                    summary.changes("deliverables").updated += 1;
                    let before = json!({"number": d.number, "name": name, "work_package_id": old_wp, "due_month": due, "deliverable_type_id": old_kind, "dissemination_level_id": old_level, "lead_org_id": old_lead});
                    audit_log.push(change(
                        Action::Update,
                        "deliverable",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(deliverables::table)
                    .values((
                        deliverables::project_id.eq(project_id),
                        deliverables::number.eq(&d.number),
                        deliverables::name.eq(&d.name),
                        deliverables::work_package_id.eq(wp),
                        deliverables::due_month.eq(d.due),
                        deliverables::deliverable_type_id.eq(kind),
                        deliverables::dissemination_level_id.eq(level),
                        deliverables::lead_org_id.eq(lead),
                    ))
                    .returning(deliverables::id)
                    .get_result(conn)?;
                summary.changes("deliverables").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "deliverable",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    let keep: Vec<&String> = f.deliverables.iter().map(|d| &d.number).collect();
    for (id, number, ..) in existing.iter().filter(|e| !keep.contains(&&e.1)) {
        diesel::delete(deliverables::table.find(id)).execute(conn)?;
        summary.changes("deliverables").deleted += 1;
        audit_log.push(change(
            Action::Delete,
            "deliverable",
            Some(*id),
            project_id,
            Some(json!({"number": number})),
            None,
        ));
    }
    Ok(())
}

/// Demand cells per INSERT: an import of 100,000 cells needs two statements.
const DEMAND_CHUNK: usize = 50_000;

/// (task, organisation, month) of a demand cell of one series.
type CellKey = (Uuid, Uuid, NaiveDate);

/// One series of demand: only cells that differ are written; cells no longer in the sheet
/// (or now empty/zero) are deleted. Bulk statements keep 100,000 cells to seconds. The months
/// of the changed cells are noted in `w.months`. `ids`: tasks by number, organisations by
/// short name.
fn write_demand(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    series: &'static str,
    rows: &[DemandRow],
    ids: (&HashMap<String, Uuid>, &HashMap<String, Uuid>),
    w: &mut Written,
) -> QueryResult<()> {
    let (task_ids, org_ids) = ids;
    let audit_log = &mut w.audit_log;
    let kind = if series == "EST" {
        "EST demand cells"
    } else {
        "PROJPLAN demand cells"
    };
    let existing: HashMap<CellKey, (Uuid, BigDecimal)> = capacity_demand::table
        .filter(capacity_demand::project_id.eq(project_id))
        .filter(capacity_demand::series.eq(series))
        .select((
            capacity_demand::id,
            capacity_demand::task_id,
            capacity_demand::organisation_id,
            capacity_demand::month,
            capacity_demand::pm,
        ))
        .load::<(Uuid, Uuid, Uuid, NaiveDate, BigDecimal)>(conn)?
        .into_iter()
        .map(|(id, task, org, month, pm)| ((task, org, month), (id, pm)))
        .collect();
    let mut wanted: HashMap<CellKey, &BigDecimal> = HashMap::new();
    for row in rows {
        let task = task_ids[&row.task];
        let org = org_ids[&row.org];
        for (m, pm) in &row.pm {
            if let Some(month) = calendar_month(f.start, *m) {
                wanted.insert((task, org, month), pm);
            }
        }
    }
    // In key order: the unique index (project, task, organisation, month, series) and the task
    // index then grow page by page instead of being hit at random (a quarter less insert time),
    // and the audit log lists the cells in a stable order.
    let mut wanted: Vec<(CellKey, &BigDecimal)> = wanted.into_iter().collect();
    wanted.sort_unstable_by_key(|(key, _)| *key);

    let mut changes = crate::workbooks::import::Changes::default();
    let mut inserts: Vec<(CellKey, &BigDecimal)> = Vec::new();
    let mut replaced_ids = Vec::new();
    for (key, pm) in &wanted {
        if existing.get(key).is_none_or(|(_, old)| old != *pm) {
            w.months.insert(key.2);
        }
        match existing.get(key) {
            Some((_, old)) if old == *pm => {}
            Some((id, old)) => {
                replaced_ids.push(*id);
                changes.updated += 1;
                audit_log.push(change(Action::Update, "capacity_demand", Some(*id), project_id,
                    Some(json!({"series": series, "task_id": key.0, "organisation_id": key.1, "month": key.2, "pm": old})),
                    Some(json!({"pm": pm}))));
                inserts.push((*key, pm));
            }
            None => {
                changes.created += 1;
                audit_log.push(change(Action::Create, "capacity_demand", None, project_id, None,
                    Some(json!({"series": series, "task_id": key.0, "organisation_id": key.1, "month": key.2, "pm": pm}))));
                inserts.push((*key, pm));
            }
        }
    }
    let wanted_keys: HashSet<&CellKey> = wanted.iter().map(|(key, _)| key).collect();
    let mut gone: Vec<(&CellKey, &(Uuid, BigDecimal))> = existing
        .iter()
        .filter(|(key, _)| !wanted_keys.contains(key))
        .collect();
    gone.sort_unstable_by_key(|(key, _)| **key);
    let mut deleted_ids = Vec::new();
    for (key, (id, old)) in gone {
        w.months.insert(key.2);
        deleted_ids.push(*id);
        changes.deleted += 1;
        audit_log.push(change(Action::Delete, "capacity_demand", Some(*id), project_id,
            Some(json!({"series": series, "task_id": key.0, "organisation_id": key.1, "month": key.2, "pm": old})), None));
    }
    *w.summary.changes(kind) = changes;
    // Changed cells are replaced (delete + insert): one statement per chunk instead of one per cell.
    for chunk in replaced_ids
        .chunks(10_000)
        .chain(deleted_ids.chunks(10_000))
    {
        diesel::delete(capacity_demand::table.filter(capacity_demand::id.eq_any(chunk)))
            .execute(conn)?;
    }
    for chunk in inserts.chunks(DEMAND_CHUNK) {
        insert_demand(conn, project_id, series, chunk)?;
    }
    Ok(())
}

/// One `INSERT … SELECT FROM unnest(…)` with one array per column: PostgreSQL parses and plans
/// it once, where a multi-row VALUES list costs a parse of each of its tens of thousands of
/// parameters (about a third of the import's time before).
fn insert_demand(
    conn: &mut PgConnection,
    project_id: Uuid,
    series: &'static str,
    cells: &[(CellKey, &BigDecimal)],
) -> QueryResult<()> {
    use diesel::sql_types::{Array, Date, Numeric, Text, Uuid as SqlUuid};
    let tasks: Vec<Uuid> = cells.iter().map(|((task, _, _), _)| *task).collect();
    let orgs: Vec<Uuid> = cells.iter().map(|((_, org, _), _)| *org).collect();
    let months: Vec<NaiveDate> = cells.iter().map(|((_, _, month), _)| *month).collect();
    let pms: Vec<&BigDecimal> = cells.iter().map(|(_, pm)| *pm).collect();
    diesel::sql_query(
        "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm) \
         select $1, u.task_id, u.organisation_id, u.month, $2, u.pm \
         from unnest($3::uuid[], $4::uuid[], $5::date[], $6::numeric[]) \
             as u (task_id, organisation_id, month, pm)",
    )
    .bind::<SqlUuid, _>(project_id)
    .bind::<Text, _>(series)
    .bind::<Array<SqlUuid>, _>(&tasks)
    .bind::<Array<SqlUuid>, _>(&orgs)
    .bind::<Array<Date>, _>(&months)
    .bind::<Array<Numeric>, _>(&pms)
    .execute(conn)?;
    Ok(())
}
