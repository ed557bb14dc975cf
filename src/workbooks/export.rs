//! Writing workbooks in the import layout (docs/ods-format.md), so that export → edit in
//! LibreOffice → import round-trips: `rediflow export-project`, the project's download button
//! and the example files all use these writers.

use std::collections::{BTreeMap, HashMap};

use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use spreadsheet_ods::{Sheet, WorkBook};
use uuid::Uuid;

use crate::db::schema::{
    deliverable_types, dissemination_levels, lifecycle_states, organisations, project_partners,
    projects, role_types,
};
use crate::planning::months::format_month;
use crate::projects::demand::{Series, month_index, number_key, stored_cells};
use crate::projects::structure;
use crate::workbooks::import::people::{self as people_import, PeopleFile};
use crate::workbooks::import::project::{
    self as project_import, DeliverableRow, DemandRow, MilestoneRow, OrgRole, OrgRow, ProjectFile,
    TaskRow, WorkPackageRow,
};

/// One sheet being written: a header row, then rows of cells.
struct SheetWriter {
    sheet: Sheet,
    row: u32,
}

enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Empty,
}

impl SheetWriter {
    fn new(name: &str, header: &[&str]) -> Self {
        let mut w = SheetWriter {
            sheet: Sheet::new(name),
            row: 0,
        };
        let cells: Vec<Cell> = header.iter().map(|h| Cell::Text(h)).collect();
        w.push(&cells);
        w
    }

    fn push(&mut self, cells: &[Cell]) {
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u32;
            match cell {
                Cell::Text(t) if !t.is_empty() => self.sheet.set_value(self.row, col, *t),
                Cell::Number(n) => self.sheet.set_value(self.row, col, *n),
                _ => {}
            }
        }
        self.row += 1;
    }
}

fn number(d: &BigDecimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn opt<'a>(value: &'a Option<String>) -> Cell<'a> {
    value.as_deref().map(Cell::Text).unwrap_or(Cell::Empty)
}

fn finish(sheets: Vec<SheetWriter>) -> Result<Vec<u8>, String> {
    let mut book = WorkBook::new_empty();
    for s in sheets {
        book.push_sheet(s.sheet);
    }
    spreadsheet_ods::write_ods_buf(&mut book, Vec::new())
        .map_err(|e| format!("the spreadsheet could not be written: {e}"))
}

/// The project workbook of `file`.
pub fn project_ods(f: &ProjectFile) -> Result<Vec<u8>, String> {
    let mut project = SheetWriter::new(project_import::SHEET_PROJECT, &["Key", "Value"]);
    let start = format_month(f.start);
    let hours = f.hours_per_pm.as_ref().map(number);
    project.push(&[Cell::Text("Code"), Cell::Text(&f.code)]);
    project.push(&[Cell::Text("Name"), Cell::Text(&f.name)]);
    project.push(&[Cell::Text("Start"), Cell::Text(&start)]);
    project.push(&[Cell::Text("Duration"), Cell::Number(f64::from(f.duration))]);
    project.push(&[Cell::Text("POO"), Cell::Text(&f.poo)]);
    project.push(&[Cell::Text("Lifecycle"), Cell::Text(&f.lifecycle)]);
    project.push(&[
        Cell::Text("Hours per PM"),
        hours.map(Cell::Number).unwrap_or(Cell::Empty),
    ]);
    project.push(&[Cell::Text("Description"), Cell::Text(&f.description)]);

    let mut orgs = SheetWriter::new(
        project_import::SHEET_ORGANISATIONS,
        &["Short name", "Name", "Parent", "Country", "Role"],
    );
    for o in &f.organisations {
        let role = match o.role {
            OrgRole::Poo => "POO",
            OrgRole::Partner => "Partner",
            OrgRole::Parent => "",
        };
        orgs.push(&[
            Cell::Text(&o.short_name),
            Cell::Text(&o.name),
            opt(&o.parent),
            opt(&o.country),
            Cell::Text(role),
        ]);
    }

    let mut wps = SheetWriter::new(
        project_import::SHEET_WORK_PACKAGES,
        project_import::WORK_PACKAGE_COLUMNS,
    );
    for w in &f.work_packages {
        wps.push(&[
            Cell::Number(f64::from(w.number)),
            Cell::Text(&w.name),
            opt(&w.lead_org),
            Cell::Number(f64::from(w.begin)),
            Cell::Number(f64::from(w.end)),
        ]);
    }

    let mut task_sheet =
        SheetWriter::new(project_import::SHEET_TASKS, project_import::TASK_COLUMNS);
    for t in &f.tasks {
        task_sheet.push(&[
            Cell::Number(f64::from(t.wp)),
            Cell::Text(&t.number),
            Cell::Text(&t.name),
            Cell::Number(f64::from(t.begin)),
            Cell::Number(f64::from(t.end)),
            opt(&t.role),
            opt(&t.lead_org),
        ]);
    }

    let mut ms = SheetWriter::new(
        project_import::SHEET_MILESTONES,
        project_import::MILESTONE_COLUMNS,
    );
    for m in &f.milestones {
        ms.push(&[
            Cell::Text(&m.number),
            Cell::Text(&m.name),
            m.wp.map(|w| Cell::Number(f64::from(w)))
                .unwrap_or(Cell::Empty),
            Cell::Number(f64::from(m.due)),
            opt(&m.role),
        ]);
    }

    let mut ds = SheetWriter::new(
        project_import::SHEET_DELIVERABLES,
        project_import::DELIVERABLE_COLUMNS,
    );
    for d in &f.deliverables {
        ds.push(&[
            Cell::Text(&d.number),
            Cell::Text(&d.name),
            Cell::Number(f64::from(d.wp)),
            Cell::Number(f64::from(d.due)),
            opt(&d.kind),
            opt(&d.dissemination),
            opt(&d.lead_org),
        ]);
    }

    let mut sheets = vec![
        project,
        orgs,
        wps,
        task_sheet,
        ms,
        ds,
        demand_sheet(project_import::SHEET_EST, f.duration, &f.est),
    ];
    if let Some(projplan) = &f.projplan {
        sheets.push(demand_sheet(
            project_import::SHEET_PROJPLAN,
            f.duration,
            projplan,
        ));
    }
    finish(sheets)
}

fn demand_sheet(name: &str, duration: i32, rows: &[DemandRow]) -> SheetWriter {
    let headers: Vec<String> = ["Task".to_string(), "Org".to_string()]
        .into_iter()
        .chain((1..=duration).map(|m| format!("M{m}")))
        .collect();
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut sheet = SheetWriter::new(name, &header_refs);
    for r in rows {
        let mut cells = vec![Cell::Text(&r.task), Cell::Text(&r.org)];
        for m in 1..=duration {
            cells.push(
                r.pm.get(&m)
                    .map(|v| Cell::Number(number(v)))
                    .unwrap_or(Cell::Empty),
            );
        }
        sheet.push(&cells);
    }
    sheet
}

/// The people workbook of `file`.
pub fn people_ods(f: &PeopleFile) -> Result<Vec<u8>, String> {
    let mut groups = SheetWriter::new(
        people_import::SHEET_GROUPS,
        &["Name", "Daily hours", "Valid from"],
    );
    for g in &f.group_hours {
        let from = g.valid_from.to_string();
        groups.push(&[
            Cell::Text(&g.group),
            Cell::Number(number(&g.daily_hours)),
            Cell::Text(&from),
        ]);
    }
    let mut leave_types = SheetWriter::new(people_import::SHEET_LEAVE_TYPES, &["Code", "Name"]);
    for (code, name) in &f.leave_types {
        leave_types.push(&[Cell::Text(code), Cell::Text(name)]);
    }
    let mut persons = SheetWriter::new(people_import::SHEET_PERSONS, people_import::PERSON_COLUMNS);
    for p in &f.persons {
        let start = p.employment_start.to_string();
        let end = p.employment_end.map(|d| d.to_string());
        persons.push(&[
            Cell::Text(&p.code),
            Cell::Text(&p.first_name),
            Cell::Text(&p.last_name),
            opt(&p.email),
            Cell::Text(&p.org),
            Cell::Text(&p.group),
            Cell::Text(&start),
            opt(&end),
        ]);
    }
    let mut sheets = vec![groups, leave_types, persons];
    if let Some(fte) = &f.fte {
        let mut s = SheetWriter::new(
            people_import::SHEET_FTE,
            &["Person", "Start", "End", "FTE %"],
        );
        for r in fte {
            let start = r.start.to_string();
            let end = r.end.map(|d| d.to_string());
            s.push(&[
                Cell::Text(&r.person),
                Cell::Text(&start),
                opt(&end),
                Cell::Number(number(&r.percent)),
            ]);
        }
        sheets.push(s);
    }
    if let Some(leave) = &f.leave {
        let mut s = SheetWriter::new(
            people_import::SHEET_LEAVE,
            &["Person", "Leave type", "Start", "End"],
        );
        for r in leave {
            let start = r.start.to_string();
            let end = r.end.to_string();
            s.push(&[
                Cell::Text(&r.person),
                Cell::Text(&r.leave_type),
                Cell::Text(&start),
                Cell::Text(&end),
            ]);
        }
        sheets.push(s);
    }
    let mut a = SheetWriter::new(
        people_import::SHEET_ASSIGNMENTS,
        &[
            "Person",
            "Project",
            "Role",
            "Allocation %",
            "Allocation group",
            "Start month",
            "End month",
        ],
    );
    for r in &f.assignments {
        let start = format_month(r.start);
        let end = format_month(r.end);
        a.push(&[
            Cell::Text(&r.person),
            Cell::Text(&r.project),
            opt(&r.role),
            Cell::Number(number(&r.percent)),
            Cell::Text(&r.group),
            Cell::Text(&start),
            Cell::Text(&end),
        ]);
    }
    sheets.push(a);
    finish(sheets)
}

/// The project row an export starts from.
struct ProjectHead {
    id: Uuid,
    code: String,
    name: String,
    description: String,
    owner: Option<Uuid>,
    lifecycle: Option<String>,
    start: NaiveDate,
    duration: i32,
    hours_per_pm: Option<BigDecimal>,
}

type ProjectRecord = (
    Uuid,
    String,
    String,
    String,
    Option<Uuid>,
    Option<String>,
    NaiveDate,
    i32,
    Option<BigDecimal>,
);

fn project_head(conn: &mut PgConnection, code: &str) -> QueryResult<Option<ProjectHead>> {
    let row: Option<ProjectRecord> = projects::table
        .left_join(lifecycle_states::table)
        .filter(projects::code.eq(code))
        .select((
            projects::id,
            projects::code,
            projects::name,
            projects::description,
            projects::owner_org_id,
            lifecycle_states::code.nullable(),
            projects::start_month,
            projects::duration_months,
            projects::hours_per_pm,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(id, code, name, description, owner, lifecycle, start, duration, hours_per_pm)| {
            ProjectHead {
                id,
                code,
                name,
                description,
                owner,
                lifecycle,
                start,
                duration,
                hours_per_pm,
            }
        },
    ))
}

/// (id, short name, name, parent, country) of an organisation.
type OrgRecord = (Uuid, String, String, Option<Uuid>, Option<String>);

/// Every organisation, not only the project's: a partner's parent and a lead or demand
/// organisation outside the partners must be listed too, so that a new database learns them.
struct Directory {
    all: Vec<OrgRecord>,
    short: HashMap<Uuid, String>,
}

impl Directory {
    fn load(conn: &mut PgConnection) -> QueryResult<Directory> {
        let all: Vec<OrgRecord> = organisations::table
            .select((
                organisations::id,
                organisations::short_name,
                organisations::name,
                organisations::parent_id,
                organisations::country_code,
            ))
            .load(conn)?;
        let short = all.iter().map(|o| (o.0, o.1.clone())).collect();
        Ok(Directory { all, short })
    }

    /// The short name the workbook refers to an organisation by.
    fn short_name(&self, id: Option<Uuid>) -> Option<String> {
        id.and_then(|id| self.short.get(&id).cloned())
    }

    fn row(&self, o: &OrgRecord, role: OrgRole) -> OrgRow {
        OrgRow {
            short_name: o.1.clone(),
            name: o.2.clone(),
            parent: self.short_name(o.3),
            country: o.4.clone(),
            role,
        }
    }
}

/// The names the workbook uses for the lookups that rows refer to by id.
struct LookupNames {
    roles: HashMap<Uuid, String>,
    deliverable_types: HashMap<Uuid, String>,
    dissemination_levels: HashMap<Uuid, String>,
}

impl LookupNames {
    fn load(conn: &mut PgConnection) -> QueryResult<LookupNames> {
        Ok(LookupNames {
            roles: role_types::table
                .select((role_types::id, role_types::name))
                .load::<(Uuid, String)>(conn)?
                .into_iter()
                .collect(),
            deliverable_types: deliverable_types::table
                .select((deliverable_types::id, deliverable_types::code))
                .load::<(Uuid, String)>(conn)?
                .into_iter()
                .collect(),
            dissemination_levels: dissemination_levels::table
                .select((dissemination_levels::id, dissemination_levels::code))
                .load::<(Uuid, String)>(conn)?
                .into_iter()
                .collect(),
        })
    }
}

fn name_of(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> Option<String> {
    id.and_then(|id| names.get(&id).cloned())
}

/// The POO, then the partners, then the parents of those listed (without a role).
fn project_organisations(
    conn: &mut PgConnection,
    head: &ProjectHead,
    directory: &Directory,
) -> QueryResult<Vec<OrgRow>> {
    let partners: Vec<Uuid> = project_partners::table
        .filter(project_partners::project_id.eq(head.id))
        .select(project_partners::organisation_id)
        .load(conn)?;
    let mut listed: Vec<(Uuid, OrgRole)> =
        head.owner.into_iter().map(|o| (o, OrgRole::Poo)).collect();
    listed.extend(partners.iter().map(|p| (*p, OrgRole::Partner)));
    // Parents a new database would not know are listed too, without a role.
    let mut i = 0;
    while i < listed.len() {
        if let Some(parent) = directory
            .all
            .iter()
            .find(|o| o.0 == listed[i].0)
            .and_then(|o| o.3)
            && !listed.iter().any(|(id, _)| *id == parent)
        {
            listed.push((parent, OrgRole::Parent));
        }
        i += 1;
    }
    Ok(listed
        .iter()
        .filter_map(|(oid, role)| {
            directory
                .all
                .iter()
                .find(|o| o.0 == *oid)
                .map(|o| directory.row(o, role.clone()))
        })
        .collect())
}

/// The work packages, tasks, milestones and deliverables as the structure pages read them, in
/// the workbook's terms (numbers and names instead of ids).
struct Structure {
    work_packages: Vec<WorkPackageRow>,
    /// The id of each task, for the demand rows that refer to it.
    tasks: Vec<(Uuid, TaskRow)>,
    milestones: Vec<MilestoneRow>,
    deliverables: Vec<DeliverableRow>,
}

fn project_structure(
    conn: &mut PgConnection,
    project: Uuid,
    directory: &Directory,
    names: &LookupNames,
) -> QueryResult<Structure> {
    let wps = structure::work_packages(conn, project)?;
    let wp_number: HashMap<Uuid, i32> = wps.iter().map(|w| (w.id, w.number)).collect();
    let tasks = structure::tasks(conn, project)?
        .into_iter()
        .map(|t| {
            let row = TaskRow {
                wp: wp_number.get(&t.work_package_id).copied().unwrap_or(0),
                number: t.number,
                name: t.name,
                begin: t.begin,
                end: t.end,
                role: name_of(&names.roles, t.role_type_id),
                lead_org: directory.short_name(t.lead_org_id),
            };
            (t.id, row)
        })
        .collect();
    let milestones = structure::milestones(conn, project)?
        .into_iter()
        .map(|m| MilestoneRow {
            number: m.number,
            name: m.name,
            wp: m.work_package_id.and_then(|w| wp_number.get(&w).copied()),
            due: m.due,
            role: name_of(&names.roles, m.role_type_id),
        })
        .collect();
    let deliverables = structure::deliverables(conn, project)?
        .into_iter()
        .map(|d| DeliverableRow {
            number: d.number,
            name: d.name,
            wp: wp_number.get(&d.work_package_id).copied().unwrap_or(0),
            due: d.due,
            kind: name_of(&names.deliverable_types, d.kind),
            dissemination: name_of(&names.dissemination_levels, d.dissemination),
            lead_org: directory.short_name(d.lead_org_id),
        })
        .collect();
    let work_packages = wps
        .into_iter()
        .map(|w| WorkPackageRow {
            number: w.number,
            lead_org: directory.short_name(w.lead_org_id),
            name: w.name,
            begin: w.begin,
            end: w.end,
        })
        .collect();
    Ok(Structure {
        work_packages,
        tasks,
        milestones,
        deliverables,
    })
}

/// The EST and the PROJPLAN series: one row per (task, organisation), ordered by task number
/// and organisation, with the PM of each project month.
fn demand_series(
    conn: &mut PgConnection,
    head: &ProjectHead,
    tasks: &[(Uuid, TaskRow)],
    directory: &Directory,
) -> QueryResult<(Vec<DemandRow>, Vec<DemandRow>)> {
    let demand = stored_cells(conn, head.id, &[Series::Est, Series::Projplan])?;
    let task_number: HashMap<Uuid, String> = tasks
        .iter()
        .map(|(id, t)| (*id, t.number.clone()))
        .collect();
    let series = |name: &str| -> Vec<DemandRow> {
        let mut grouped: BTreeMap<(Vec<u32>, String), DemandRow> = BTreeMap::new();
        for (task, org, month, _, pm) in demand.iter().filter(|d| d.3 == name) {
            let task = task_number.get(task).cloned().unwrap_or_default();
            let org = directory.short_name(Some(*org)).unwrap_or_default();
            grouped
                .entry((number_key(&task), org.clone()))
                .or_insert_with(|| DemandRow {
                    task: task.clone(),
                    org: org.clone(),
                    pm: BTreeMap::new(),
                })
                .pm
                .insert(month_index(head.start, *month), pm.normalized());
        }
        grouped.into_values().collect()
    };
    Ok((series("EST"), series("PROJPLAN")))
}

/// Appends, without a role, the organisations in `named` (short names) not listed yet: demand
/// and lead organisations that are neither POO nor partner, which the import must know.
fn list_unlisted(organisations: &mut Vec<OrgRow>, named: Vec<String>, directory: &Directory) {
    for name in named {
        if !organisations.iter().any(|o| o.short_name == name)
            && let Some(o) = directory.all.iter().find(|o| o.1 == name)
        {
            organisations.push(directory.row(o, OrgRole::Parent));
        }
    }
}

/// Reads project `code` back into the import layout (`None` when it does not exist).
pub fn load_project(conn: &mut PgConnection, code: &str) -> QueryResult<Option<ProjectFile>> {
    let Some(head) = project_head(conn, code)? else {
        return Ok(None);
    };
    let directory = Directory::load(conn)?;
    let mut organisations = project_organisations(conn, &head, &directory)?;
    let names = LookupNames::load(conn)?;
    let structure = project_structure(conn, head.id, &directory, &names)?;
    let (est, projplan) = demand_series(conn, &head, &structure.tasks, &directory)?;
    let unlisted: Vec<String> = est
        .iter()
        .chain(projplan.iter())
        .map(|d| d.org.clone())
        .chain(
            structure
                .tasks
                .iter()
                .filter_map(|(_, t)| t.lead_org.clone()),
        )
        .chain(
            structure
                .deliverables
                .iter()
                .filter_map(|d| d.lead_org.clone()),
        )
        .chain(
            structure
                .work_packages
                .iter()
                .filter_map(|w| w.lead_org.clone()),
        )
        .collect();
    list_unlisted(&mut organisations, unlisted, &directory);
    Ok(Some(ProjectFile {
        poo: directory.short_name(head.owner).unwrap_or_default(),
        lifecycle: head.lifecycle.unwrap_or_default(),
        hours_per_pm: head.hours_per_pm.map(|h| h.normalized()),
        code: head.code,
        name: head.name,
        description: head.description,
        start: head.start,
        duration: head.duration,
        organisations,
        work_packages: structure.work_packages,
        tasks: structure.tasks.into_iter().map(|(_, t)| t).collect(),
        milestones: structure.milestones,
        deliverables: structure.deliverables,
        est,
        projplan: Some(projplan),
    }))
}
