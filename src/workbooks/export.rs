//! Writing workbooks in the import layout (docs/ods-format.md), so that export → edit in
//! LibreOffice → import round-trips: `rediflow export-project`, the project's download button
//! and the example files all use these writers.

use std::collections::{BTreeMap, HashMap};

use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::{Datelike, NaiveDate};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use spreadsheet_ods::{Sheet, WorkBook};
use uuid::Uuid;

use crate::db::schema::{
    capacity_demand, deliverable_types, deliverables, dissemination_levels, lifecycle_states,
    milestones, organisations, project_partners, projects, role_types, tasks, work_packages,
};
use crate::planning::months::format_month;
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
        &["WP", "Name", "Lead org", "Begin month", "End month"],
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

    let mut task_sheet = SheetWriter::new(
        project_import::SHEET_TASKS,
        &[
            "WP",
            "Task",
            "Name",
            "Begin month",
            "End month",
            "Role",
            "Lead org",
        ],
    );
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
        &["Milestone", "Name", "WP", "Due month", "Role"],
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
        &[
            "Deliverable",
            "Name",
            "WP",
            "Due month",
            "Type",
            "Dissemination",
            "Lead org",
        ],
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
    let mut persons = SheetWriter::new(
        people_import::SHEET_PERSONS,
        &[
            "Code",
            "First name",
            "Last name",
            "Email",
            "Org",
            "Employee group",
            "Employment start",
            "Employment end",
        ],
    );
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

/// Project month (1-based) of a calendar month.
fn project_month(start: NaiveDate, month: NaiveDate) -> i32 {
    (month.year() - start.year()) * 12 + month.month() as i32 - start.month() as i32 + 1
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

/// Reads project `code` back into the import layout (`None` when it does not exist).
pub fn load_project(conn: &mut PgConnection, code: &str) -> QueryResult<Option<ProjectFile>> {
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
    let Some((id, code, name, description, owner, lifecycle, start, duration, hours_per_pm)) = row
    else {
        return Ok(None);
    };
    type OrgRecord = (Uuid, String, String, Option<Uuid>, Option<String>);
    let all_orgs: Vec<OrgRecord> = organisations::table
        .select((
            organisations::id,
            organisations::short_name,
            organisations::name,
            organisations::parent_id,
            organisations::country_code,
        ))
        .load(conn)?;
    let short: HashMap<Uuid, String> = all_orgs.iter().map(|o| (o.0, o.1.clone())).collect();
    let partners: Vec<Uuid> = project_partners::table
        .filter(project_partners::project_id.eq(id))
        .select(project_partners::organisation_id)
        .load(conn)?;
    let mut listed: Vec<(Uuid, OrgRole)> = owner.into_iter().map(|o| (o, OrgRole::Poo)).collect();
    listed.extend(partners.iter().map(|p| (*p, OrgRole::Partner)));
    // Parents a new database would not know are listed too, without a role.
    let mut i = 0;
    while i < listed.len() {
        if let Some(parent) = all_orgs
            .iter()
            .find(|o| o.0 == listed[i].0)
            .and_then(|o| o.3)
            && !listed.iter().any(|(id, _)| *id == parent)
        {
            listed.push((parent, OrgRole::Parent));
        }
        i += 1;
    }
    // Lead and demand organisations that are neither POO nor partner are listed too.
    let role_names: HashMap<Uuid, String> = role_types::table
        .select((role_types::id, role_types::name))
        .load::<(Uuid, String)>(conn)?
        .into_iter()
        .collect();
    let organisations: Vec<OrgRow> = listed
        .iter()
        .filter_map(|(oid, role)| all_orgs.iter().find(|o| o.0 == *oid).map(|o| (o, role)))
        .map(|(o, role)| OrgRow {
            short_name: o.1.clone(),
            name: o.2.clone(),
            parent: o.3.and_then(|p| short.get(&p).cloned()),
            country: o.4.clone(),
            role: role.clone(),
        })
        .collect();
    let wps: Vec<(Uuid, i32, String, Option<Uuid>, i32, i32)> = work_packages::table
        .filter(work_packages::project_id.eq(id))
        .select((
            work_packages::id,
            work_packages::number,
            work_packages::name,
            work_packages::lead_org_id,
            work_packages::begin_month,
            work_packages::end_month,
        ))
        .order(work_packages::number)
        .load(conn)?;
    let wp_number: HashMap<Uuid, i32> = wps.iter().map(|w| (w.0, w.1)).collect();
    let mut task_rows: Vec<(Uuid, TaskRow)> = tasks::table
        .filter(tasks::project_id.eq(id))
        .select((
            tasks::id,
            tasks::work_package_id,
            tasks::number,
            tasks::name,
            tasks::begin_month,
            tasks::end_month,
            tasks::role_type_id,
            tasks::lead_org_id,
        ))
        .load::<(
            Uuid,
            Uuid,
            String,
            String,
            i32,
            i32,
            Option<Uuid>,
            Option<Uuid>,
        )>(conn)?
        .into_iter()
        .map(|(tid, wp, number, name, begin, end, role, lead)| {
            (
                tid,
                TaskRow {
                    wp: wp_number.get(&wp).copied().unwrap_or(0),
                    number,
                    name,
                    begin,
                    end,
                    role: role.and_then(|r| role_names.get(&r).cloned()),
                    lead_org: lead.and_then(|l| short.get(&l).cloned()),
                },
            )
        })
        .collect();
    task_rows.sort_by_key(|(_, t)| number_key(&t.number));
    let task_number: HashMap<Uuid, String> = task_rows
        .iter()
        .map(|(id, t)| (*id, t.number.clone()))
        .collect();
    let mut milestone_rows: Vec<MilestoneRow> = milestones::table
        .filter(milestones::project_id.eq(id))
        .select((
            milestones::number,
            milestones::name,
            milestones::work_package_id,
            milestones::due_month,
            milestones::role_type_id,
        ))
        .load::<(String, String, Option<Uuid>, i32, Option<Uuid>)>(conn)?
        .into_iter()
        .map(|(number, name, wp, due, role)| MilestoneRow {
            number,
            name,
            wp: wp.and_then(|w| wp_number.get(&w).copied()),
            due,
            role: role.and_then(|r| role_names.get(&r).cloned()),
        })
        .collect();
    milestone_rows.sort_by_key(|m| number_key(&m.number));
    let type_codes: HashMap<Uuid, String> = deliverable_types::table
        .select((deliverable_types::id, deliverable_types::code))
        .load::<(Uuid, String)>(conn)?
        .into_iter()
        .collect();
    let level_codes: HashMap<Uuid, String> = dissemination_levels::table
        .select((dissemination_levels::id, dissemination_levels::code))
        .load::<(Uuid, String)>(conn)?
        .into_iter()
        .collect();
    let mut deliverable_rows: Vec<DeliverableRow> = deliverables::table
        .filter(deliverables::project_id.eq(id))
        .select((
            deliverables::number,
            deliverables::name,
            deliverables::work_package_id,
            deliverables::due_month,
            deliverables::deliverable_type_id,
            deliverables::dissemination_level_id,
            deliverables::lead_org_id,
        ))
        .load::<(
            String,
            String,
            Uuid,
            i32,
            Option<Uuid>,
            Option<Uuid>,
            Option<Uuid>,
        )>(conn)?
        .into_iter()
        .map(
            |(number, name, wp, due, kind, level, lead)| DeliverableRow {
                number,
                name,
                wp: wp_number.get(&wp).copied().unwrap_or(0),
                due,
                kind: kind.and_then(|k| type_codes.get(&k).cloned()),
                dissemination: level.and_then(|l| level_codes.get(&l).cloned()),
                lead_org: lead.and_then(|l| short.get(&l).cloned()),
            },
        )
        .collect();
    deliverable_rows.sort_by_key(|d| number_key(&d.number));
    let demand: Vec<(Uuid, Uuid, NaiveDate, String, BigDecimal)> = capacity_demand::table
        .filter(capacity_demand::project_id.eq(id))
        .filter(capacity_demand::series.eq_any(["EST", "PROJPLAN"]))
        .select((
            capacity_demand::task_id,
            capacity_demand::organisation_id,
            capacity_demand::month,
            capacity_demand::series,
            capacity_demand::pm,
        ))
        .load(conn)?;
    let series = |name: &str| -> Vec<DemandRow> {
        let mut grouped: BTreeMap<(Vec<u32>, String), DemandRow> = BTreeMap::new();
        for (task, org, month, s, pm) in demand.iter().filter(|d| d.3 == name) {
            let task = task_number.get(task).cloned().unwrap_or_default();
            let org = short.get(org).cloned().unwrap_or_default();
            grouped
                .entry((number_key(&task), org.clone()))
                .or_insert_with(|| DemandRow {
                    task: task.clone(),
                    org: org.clone(),
                    pm: BTreeMap::new(),
                })
                .pm
                .insert(project_month(start, *month), pm.normalized());
            let _ = s;
        }
        grouped.into_values().collect()
    };
    let est = series("EST");
    let projplan = series("PROJPLAN");
    // Demand and lead organisations that are not listed yet (neither POO nor partner).
    let mut organisations = organisations;
    let extra: Vec<String> = est
        .iter()
        .chain(projplan.iter())
        .map(|d| d.org.clone())
        .chain(task_rows.iter().filter_map(|(_, t)| t.lead_org.clone()))
        .chain(deliverable_rows.iter().filter_map(|d| d.lead_org.clone()))
        .chain(
            wps.iter()
                .filter_map(|w| w.3.and_then(|l| short.get(&l).cloned())),
        )
        .collect();
    for name in extra {
        if !organisations.iter().any(|o| o.short_name == name)
            && let Some(o) = all_orgs.iter().find(|o| o.1 == name)
        {
            organisations.push(OrgRow {
                short_name: o.1.clone(),
                name: o.2.clone(),
                parent: o.3.and_then(|p| short.get(&p).cloned()),
                country: o.4.clone(),
                role: OrgRole::Parent,
            });
        }
    }
    Ok(Some(ProjectFile {
        code,
        name,
        description,
        start,
        duration,
        poo: owner
            .and_then(|o| short.get(&o).cloned())
            .unwrap_or_default(),
        lifecycle: lifecycle.unwrap_or_default(),
        hours_per_pm: hours_per_pm.map(|h| h.normalized()),
        organisations,
        work_packages: wps
            .iter()
            .map(|w| WorkPackageRow {
                number: w.1,
                name: w.2.clone(),
                lead_org: w.3.and_then(|l| short.get(&l).cloned()),
                begin: w.4,
                end: w.5,
            })
            .collect(),
        tasks: task_rows.into_iter().map(|(_, t)| t).collect(),
        milestones: milestone_rows,
        deliverables: deliverable_rows,
        est,
        projplan: Some(projplan),
    }))
}

/// Sorts "1.10" after "1.9", "D2.1" after "D1.3", "MS10" after "MS9".
fn number_key(number: &str) -> Vec<u32> {
    number
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|part| part.parse().ok())
        .collect()
}
