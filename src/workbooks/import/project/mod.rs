//! The project workbook (SPEC §8, docs/ods-format.md): one project per file.
//!
//! [`parse`] reads the sheets (the project head and organisations in `head`, the structure rows
//! in `structure` with the rules the structure forms use, the demand sheets in `demand`), and
//! [`import`] writes what differs from the database (`write`, `write_structure`, `demand`).

mod demand;
mod head;
mod structure;
mod write;
mod write_structure;

#[allow(unused_imports)] // each part uses a share of them
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
    capacity_demand, deliverable_types, dissemination_levels, lifecycle_states, organisations,
    project_partners, projects, role_types, tasks,
};
use crate::planning::month::Month;
use crate::planning::months::{calendar_month, format_month};
use crate::projects::{edit, version};
use crate::workbooks::import::{ImportFailure, Importer, Summary, refusal};
use crate::workbooks::spreadsheet::{self, Problems, Workbook};

use demand::*;
use head::*;
use structure::*;
pub(crate) use write::stored_projects;
#[allow(unused_imports)]
use write::*;
pub use write::{import, lock_stored};
use write_structure::*;

/// Sheet names, in the order of the file.
pub const SHEET_PROJECT: &str = "Project";
pub const SHEET_ORGANISATIONS: &str = "Organisations";
pub const SHEET_WORK_PACKAGES: &str = "Work packages";
pub const SHEET_TASKS: &str = "Tasks";
pub const SHEET_MILESTONES: &str = "Milestones";
pub const SHEET_DELIVERABLES: &str = "Deliverables";
pub const SHEET_EST: &str = "EST capacity";
pub const SHEET_PROJPLAN: &str = "PROJPLAN capacity";

// The columns of the structure sheets, in the order the export writes them. The import requires
// the leading ones (`..REQUIRED`); the trailing ones may be missing from an older workbook.
pub const WORK_PACKAGE_COLUMNS: &[&str] = &["WP", "Name", "Lead org", "Begin month", "End month"];
pub const TASK_COLUMNS: &[&str] = &[
    "WP",
    "Task",
    "Name",
    "Begin month",
    "End month",
    "Role",
    "Lead org",
];
pub const TASK_COLUMNS_REQUIRED: usize = 5;
pub const MILESTONE_COLUMNS: &[&str] = &["Milestone", "Name", "WP", "Due month", "Role"];
pub const MILESTONE_COLUMNS_REQUIRED: usize = 4;
pub const DELIVERABLE_COLUMNS: &[&str] = &[
    "Deliverable",
    "Name",
    "WP",
    "Due month",
    "Type",
    "Dissemination",
    "Lead org",
];
pub const DELIVERABLE_COLUMNS_REQUIRED: usize = 6;

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
    crate::planning::code::is_code(s)
}

/// Reads and validates a project workbook against what the database knows.
pub fn parse(book: &Workbook, known: &Known) -> Result<ProjectFile, Vec<spreadsheet::ImportError>> {
    let mut p = Problems::new(book.file.clone());
    let head = read_head(book, known, &mut p);
    let orgs = read_organisations(book, known, &head.poo, &mut p);
    let sheet_orgs: HashSet<String> = orgs.iter().map(|o| o.short_name.clone()).collect();
    let org_known = |short: &str| sheet_orgs.contains(short) || known.orgs.contains_key(short);
    if !head.poo.is_empty() && !org_known(&head.poo) {
        p.cell(
            SHEET_PROJECT,
            head.poo_row,
            "Value",
            edit::choose_organisation().to_string(),
        );
    }
    let duration = head.duration;
    let wps = read_work_packages(book, duration, &org_known, &mut p);
    let task_rows = read_tasks(book, duration, &wps, &org_known, &mut p);
    let milestone_rows = read_milestones(book, duration, &wps, &mut p);
    let deliverable_rows = read_deliverables(book, duration, &wps, &org_known, &mut p);
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

    match (p.is_empty(), head.start) {
        (true, Some(start)) => Ok(ProjectFile {
            code: head.code,
            name: head.name,
            description: head.description,
            start,
            duration,
            poo: head.poo,
            lifecycle: head.lifecycle,
            hours_per_pm: head.hours_per_pm,
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
