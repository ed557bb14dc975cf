//! The people workbook (SPEC §8, docs/ods-format.md): employee groups, leave types, persons,
//! FTE periods, leave and project assignments. Persons are matched by code; for the persons in
//! the file, their memberships, FTE periods, leave and assignments become exactly what the file says.

use std::collections::{BTreeSet, HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::db::schema::{
    allocation_groups, assignments, employee_group_hours, employee_group_memberships,
    employee_groups, fte_periods, leave_types, leaves, organisations, persons, projects,
    role_types,
};
use crate::projects::version;
use crate::workbooks::import::{ImportFailure, Importer, Summary, project, refusal};
use crate::workbooks::spreadsheet::{self, ImportError, Problems, Workbook};

pub const SHEET_GROUPS: &str = "Employee groups";
pub const SHEET_LEAVE_TYPES: &str = "Leave types";
pub const SHEET_PERSONS: &str = "Persons";
pub const SHEET_FTE: &str = "FTE periods";
pub const SHEET_LEAVE: &str = "Leave";
pub const SHEET_ASSIGNMENTS: &str = "Project assignments";

#[derive(Debug, Clone)]
pub struct GroupHours {
    pub group: String,
    pub daily_hours: BigDecimal,
    pub valid_from: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct PersonRow {
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub org: String,
    pub group: String,
    pub employment_start: NaiveDate,
    pub employment_end: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct FteRow {
    pub person: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub percent: BigDecimal,
}

#[derive(Debug, Clone)]
pub struct LeaveRow {
    pub person: String,
    pub leave_type: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct AssignmentRow {
    pub person: String,
    pub project: String,
    pub role: Option<String>,
    pub percent: BigDecimal,
    pub group: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct PeopleFile {
    pub group_hours: Vec<GroupHours>,
    pub leave_types: Vec<(String, String)>,
    pub persons: Vec<PersonRow>,
    /// `None` when the optional sheet is absent: stored rows are then left alone.
    pub fte: Option<Vec<FteRow>>,
    pub leave: Option<Vec<LeaveRow>>,
    pub assignments: Vec<AssignmentRow>,
}

/// What the database knows that a people file may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub orgs: HashSet<String>,
    pub projects: HashSet<String>,
    pub allocation_groups: HashSet<String>,
    pub leave_types: HashSet<String>,
}

impl Known {
    pub fn load(conn: &mut PgConnection) -> QueryResult<Known> {
        Ok(Known {
            orgs: organisations::table
                .select(organisations::short_name)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
            projects: projects::table
                .select(projects::code)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
            allocation_groups: allocation_groups::table
                .select(allocation_groups::code)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
            leave_types: leave_types::table
                .select(leave_types::code)
                .load::<String>(conn)?
                .into_iter()
                .collect(),
        })
    }
}

/// A cell that must have a value: the value read by `read`, or a problem saying the cell is empty
/// or why it cannot be read.
fn required<T>(
    read: fn(&calamine::Data) -> Result<Option<T>, String>,
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<T> {
    match read(t.cell(cells, column)) {
        Ok(Some(value)) => Some(value),
        Ok(None) => {
            p.cell(&t.sheet, row, column, "is empty");
            None
        }
        Err(e) => {
            p.cell(&t.sheet, row, column, e);
            None
        }
    }
}

fn required_date(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<NaiveDate> {
    required(spreadsheet::date, t, cells, row, column, p)
}

fn optional_date(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<NaiveDate> {
    spreadsheet::date(t.cell(cells, column)).unwrap_or_else(|e| {
        p.cell(&t.sheet, row, column, e);
        None
    })
}

fn required_month(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<NaiveDate> {
    required(spreadsheet::month, t, cells, row, column, p)
}

fn required_text(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<String> {
    let value = spreadsheet::text(t.cell(cells, column));
    if value.is_none() {
        p.cell(&t.sheet, row, column, "is empty");
    }
    value
}

fn percent(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<BigDecimal> {
    let percentages = BigDecimal::from(0)..=BigDecimal::from(100);
    let value = required(
        |cell| spreadsheet::decimal(cell, 2),
        t,
        cells,
        row,
        column,
        p,
    )?;
    if !percentages.contains(&value) {
        p.cell(
            &t.sheet,
            row,
            column,
            format!("{value} must be a percentage from 0 to 100"),
        );
        return None;
    }
    Some(value)
}

/// Reads and validates a people workbook.
pub fn parse(book: &Workbook, known: &Known) -> Result<PeopleFile, Vec<spreadsheet::ImportError>> {
    let mut p = Problems::new(book.file.clone());

    let mut group_hours = Vec::new();
    if let Some(t) = book.table(SHEET_GROUPS, &["Name", "Daily hours", "Valid from"], &mut p) {
        for (row, cells) in &t.rows {
            let row = *row;
            let name = required_text(&t, cells, row, "Name", &mut p);
            let hours = match spreadsheet::decimal(t.cell(cells, "Daily hours"), 2) {
                Ok(Some(h)) if h > 0 && h <= 24 => Some(h),
                Ok(Some(h)) => {
                    p.cell(
                        &t.sheet,
                        row,
                        "Daily hours",
                        format!("{h} must be above 0 and at most 24"),
                    );
                    None
                }
                Ok(None) => {
                    p.cell(&t.sheet, row, "Daily hours", "is empty");
                    None
                }
                Err(e) => {
                    p.cell(&t.sheet, row, "Daily hours", e);
                    None
                }
            };
            let from = required_date(&t, cells, row, "Valid from", &mut p);
            if let (Some(group), Some(daily_hours), Some(valid_from)) = (name, hours, from) {
                if group_hours
                    .iter()
                    .any(|g: &GroupHours| g.group == group && g.valid_from == valid_from)
                {
                    p.cell(
                        &t.sheet,
                        row,
                        "Valid from",
                        format!("{group} from {valid_from} is listed twice"),
                    );
                }
                group_hours.push(GroupHours {
                    group,
                    daily_hours,
                    valid_from,
                });
            }
        }
    }
    let groups: HashSet<String> = group_hours.iter().map(|g| g.group.clone()).collect();

    let mut leave_type_rows = Vec::new();
    if let Some(t) = book.table(SHEET_LEAVE_TYPES, &["Code", "Name"], &mut p) {
        for (row, cells) in &t.rows {
            let row = *row;
            if let (Some(code), Some(name)) = (
                required_text(&t, cells, row, "Code", &mut p),
                required_text(&t, cells, row, "Name", &mut p),
            ) {
                if leave_type_rows
                    .iter()
                    .any(|(c, _): &(String, String)| *c == code)
                {
                    p.cell(&t.sheet, row, "Code", format!("\"{code}\" is listed twice"));
                }
                leave_type_rows.push((code, name));
            }
        }
    }

    let mut person_rows: Vec<PersonRow> = Vec::new();
    if let Some(t) = book.table(
        SHEET_PERSONS,
        &[
            "Code",
            "First name",
            "Last name",
            "Email",
            "Org",
            "Employee group",
            "Employment start",
        ],
        &mut p,
    ) {
        for (row, cells) in &t.rows {
            let row = *row;
            let code = required_text(&t, cells, row, "Code", &mut p);
            if let Some(code) = &code
                && person_rows.iter().any(|x| x.code == *code)
            {
                p.cell(&t.sheet, row, "Code", format!("\"{code}\" is listed twice"));
            }
            let org = required_text(&t, cells, row, "Org", &mut p);
            if let Some(org) = &org
                && !known.orgs.contains(org)
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Org",
                    format!("unknown organisation \"{org}\""),
                );
            }
            let group = required_text(&t, cells, row, "Employee group", &mut p);
            if let Some(group) = &group
                && !groups.contains(group)
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Employee group",
                    format!(
                        "unknown employee group \"{group}\" (not in the sheet '{SHEET_GROUPS}')"
                    ),
                );
            }
            let start = required_date(&t, cells, row, "Employment start", &mut p);
            let end = optional_date(&t, cells, row, "Employment end", &mut p);
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Employment end",
                    format!("{e} is before the employment start ({s})"),
                );
            }
            if let (Some(code), Some(org), Some(group), Some(start)) = (code, org, group, start) {
                person_rows.push(PersonRow {
                    code,
                    first_name: spreadsheet::text(t.cell(cells, "First name")).unwrap_or_default(),
                    last_name: spreadsheet::text(t.cell(cells, "Last name")).unwrap_or_default(),
                    email: spreadsheet::text(t.cell(cells, "Email")),
                    org,
                    group,
                    employment_start: start,
                    employment_end: end,
                });
            }
        }
    }
    let codes: HashSet<String> = person_rows.iter().map(|x| x.code.clone()).collect();
    let person_known =
        |t: &spreadsheet::Table, row: usize, value: &Option<String>, p: &mut Problems| {
            if let Some(code) = value
                && !codes.contains(code)
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Person",
                    format!("unknown person \"{code}\" (not in the sheet '{SHEET_PERSONS}')"),
                );
            }
        };

    let fte = if book.has_sheet(SHEET_FTE) {
        let mut rows = Vec::new();
        if let Some(t) = book.table(SHEET_FTE, &["Person", "Start", "FTE %"], &mut p) {
            for (row, cells) in &t.rows {
                let row = *row;
                let person = required_text(&t, cells, row, "Person", &mut p);
                person_known(&t, row, &person, &mut p);
                let start = required_date(&t, cells, row, "Start", &mut p);
                let end = optional_date(&t, cells, row, "End", &mut p);
                if let (Some(s), Some(e)) = (start, end)
                    && e < s
                {
                    p.cell(
                        &t.sheet,
                        row,
                        "End",
                        format!("{e} is before the start ({s})"),
                    );
                }
                let pct = percent(&t, cells, row, "FTE %", &mut p);
                if let (Some(person), Some(start), Some(percent)) = (person, start, pct) {
                    rows.push(FteRow {
                        person,
                        start,
                        end,
                        percent,
                    });
                }
            }
        }
        Some(rows)
    } else {
        None
    };

    let all_leave_types: HashSet<String> = known
        .leave_types
        .iter()
        .cloned()
        .chain(leave_type_rows.iter().map(|(c, _)| c.clone()))
        .collect();
    let leave = if book.has_sheet(SHEET_LEAVE) {
        let mut rows = Vec::new();
        if let Some(t) = book.table(
            SHEET_LEAVE,
            &["Person", "Leave type", "Start", "End"],
            &mut p,
        ) {
            for (row, cells) in &t.rows {
                let row = *row;
                let person = required_text(&t, cells, row, "Person", &mut p);
                person_known(&t, row, &person, &mut p);
                let kind = required_text(&t, cells, row, "Leave type", &mut p);
                if let Some(k) = &kind
                    && !all_leave_types.contains(k)
                {
                    p.cell(
                        &t.sheet,
                        row,
                        "Leave type",
                        format!("unknown leave type \"{k}\""),
                    );
                }
                let start = required_date(&t, cells, row, "Start", &mut p);
                let end = required_date(&t, cells, row, "End", &mut p);
                if let (Some(s), Some(e)) = (start, end)
                    && e < s
                {
                    p.cell(
                        &t.sheet,
                        row,
                        "End",
                        format!("{e} is before the start ({s})"),
                    );
                }
                if let (Some(person), Some(leave_type), Some(start), Some(end)) =
                    (person, kind, start, end)
                {
                    rows.push(LeaveRow {
                        person,
                        leave_type,
                        start,
                        end,
                    });
                }
            }
        }
        Some(rows)
    } else {
        None
    };

    let mut assignment_rows = Vec::new();
    if let Some(t) = book.table(
        SHEET_ASSIGNMENTS,
        &[
            "Person",
            "Project",
            "Allocation %",
            "Allocation group",
            "Start month",
            "End month",
        ],
        &mut p,
    ) {
        for (row, cells) in &t.rows {
            let row = *row;
            let person = required_text(&t, cells, row, "Person", &mut p);
            person_known(&t, row, &person, &mut p);
            let project = required_text(&t, cells, row, "Project", &mut p);
            if let Some(code) = &project
                && !known.projects.contains(code)
            {
                p.cell(
                    &t.sheet,
                    row,
                    "Project",
                    format!("unknown project \"{code}\""),
                );
            }
            let group =
                required_text(&t, cells, row, "Allocation group", &mut p).map(|g| g.to_lowercase());
            if let Some(g) = &group
                && !known.allocation_groups.contains(g)
            {
                let mut names: Vec<&String> = known.allocation_groups.iter().collect();
                names.sort();
                p.cell(
                    &t.sheet,
                    row,
                    "Allocation group",
                    format!(
                        "unknown allocation group \"{g}\" (one of: {})",
                        names
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            let pct = percent(&t, cells, row, "Allocation %", &mut p);
            let start = required_month(&t, cells, row, "Start month", &mut p);
            let end = required_month(&t, cells, row, "End month", &mut p);
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                p.cell(
                    &t.sheet,
                    row,
                    "End month",
                    format!(
                        "{} is before the start month ({})",
                        e.format("%Y-%m"),
                        s.format("%Y-%m")
                    ),
                );
            }
            if let (
                Some(person),
                Some(project),
                Some(percent),
                Some(group),
                Some(start),
                Some(end),
            ) = (person, project, pct, group, start, end)
            {
                if assignment_rows.iter().any(|a: &AssignmentRow| {
                    a.person == person && a.project == project && a.start == start
                }) {
                    p.cell(
                        &t.sheet,
                        row,
                        "Start month",
                        format!(
                            "{person} on {project} from {} is listed twice",
                            start.format("%Y-%m")
                        ),
                    );
                }
                assignment_rows.push(AssignmentRow {
                    person,
                    project,
                    role: spreadsheet::text(t.cell(cells, "Role")),
                    percent,
                    group,
                    start,
                    end,
                });
            }
        }
    }

    if p.is_empty() {
        Ok(PeopleFile {
            group_hours,
            leave_types: leave_type_rows,
            persons: person_rows,
            fte,
            leave,
            assignments: assignment_rows,
        })
    } else {
        Err(p.list)
    }
}

/// Imports a validated people workbook within the caller's transaction, by the rules of the
/// importer's Policy (assignments of projects locked for the importer are refused by name).
pub fn import(
    conn: &mut PgConnection,
    file: &PeopleFile,
    file_name: &str,
    importer: &Importer,
) -> Result<Summary, ImportFailure> {
    let mut summary = Summary {
        file: file_name.to_string(),
        subject: "people".to_string(),
        ..Summary::default()
    };
    let mut log = Vec::new();
    write(conn, file, importer, &mut summary, &mut log)?;
    audit::record(conn, &importer.actor, &log)?;
    Ok(summary)
}

fn entry(
    action: Action,
    entity_type: &'static str,
    id: Option<Uuid>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Change {
    Change {
        action,
        entity_type,
        entity_id: id,
        project_id: None,
        before,
        after,
    }
}

fn write(
    conn: &mut PgConnection,
    f: &PeopleFile,
    importer: &Importer,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> Result<(), ImportFailure> {
    // Employee groups and their daily hours (per group, exactly the rows of the file).
    s.changes("employee groups");
    let mut group_ids: HashMap<String, Uuid> = employee_groups::table
        .select((employee_groups::name, employee_groups::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    for g in &f.group_hours {
        if !group_ids.contains_key(&g.group) {
            let id = diesel::insert_into(employee_groups::table)
                .values(employee_groups::name.eq(&g.group))
                .returning(employee_groups::id)
                .get_result(conn)?;
            group_ids.insert(g.group.clone(), id);
            s.changes("employee groups").created += 1;
            log.push(entry(
                Action::Create,
                "employee_group",
                Some(id),
                None,
                Some(json!({"name": g.group})),
            ));
        }
    }
    s.changes("daily hours");
    let file_groups: HashSet<&String> = f.group_hours.iter().map(|g| &g.group).collect();
    for group in &file_groups {
        let gid = group_ids[*group];
        let existing: Vec<(Uuid, NaiveDate, BigDecimal)> = employee_group_hours::table
            .filter(employee_group_hours::employee_group_id.eq(gid))
            .select((
                employee_group_hours::id,
                employee_group_hours::valid_from,
                employee_group_hours::daily_hours,
            ))
            .load(conn)?;
        for g in f.group_hours.iter().filter(|g| &g.group == *group) {
            match existing.iter().find(|e| e.1 == g.valid_from) {
                Some((id, _, hours)) if *hours != g.daily_hours => {
                    diesel::update(employee_group_hours::table.find(id))
                        .set(employee_group_hours::daily_hours.eq(&g.daily_hours))
                        .execute(conn)?;
                    s.changes("daily hours").updated += 1;
                    log.push(entry(
                        Action::Update,
                        "employee_group_hours",
                        Some(*id),
                        Some(json!({"daily_hours": hours})),
                        Some(json!({"daily_hours": g.daily_hours})),
                    ));
                }
                Some(_) => {}
                None => {
                    let id = diesel::insert_into(employee_group_hours::table)
                        .values((
                            employee_group_hours::employee_group_id.eq(gid),
                            employee_group_hours::valid_from.eq(g.valid_from),
                            employee_group_hours::daily_hours.eq(&g.daily_hours),
                        ))
                        .returning(employee_group_hours::id)
                        .get_result(conn)?;
                    s.changes("daily hours").created += 1;
                    log.push(entry(Action::Create, "employee_group_hours", Some(id), None, Some(json!({"group": g.group, "valid_from": g.valid_from, "daily_hours": g.daily_hours}))));
                }
            }
        }
        for (id, from, hours) in existing.iter().filter(|e| {
            !f.group_hours
                .iter()
                .any(|g| &g.group == *group && g.valid_from == e.1)
        }) {
            diesel::delete(employee_group_hours::table.find(id)).execute(conn)?;
            s.changes("daily hours").deleted += 1;
            log.push(entry(
                Action::Delete,
                "employee_group_hours",
                Some(*id),
                Some(json!({"valid_from": from, "daily_hours": hours})),
                None,
            ));
        }
    }

    // Leave types.
    s.changes("leave types");
    for (code, name) in &f.leave_types {
        let existing: Option<(Uuid, String)> = leave_types::table
            .filter(leave_types::code.eq(code))
            .select((leave_types::id, leave_types::name))
            .first(conn)
            .optional()?;
        match existing {
            Some((id, old)) if old != *name => {
                diesel::update(leave_types::table.find(id))
                    .set(leave_types::name.eq(name))
                    .execute(conn)?;
                s.changes("leave types").updated += 1;
                log.push(entry(
                    Action::Update,
                    "leave_type",
                    Some(id),
                    Some(json!({"name": old})),
                    Some(json!({"name": name})),
                ));
            }
            Some(_) => {}
            None => {
                let id = diesel::insert_into(leave_types::table)
                    .values((leave_types::code.eq(code), leave_types::name.eq(name)))
                    .returning(leave_types::id)
                    .get_result(conn)?;
                s.changes("leave types").created += 1;
                log.push(entry(
                    Action::Create,
                    "leave_type",
                    Some(id),
                    None,
                    Some(json!({"code": code, "name": name})),
                ));
            }
        }
    }

    // Persons.
    s.changes("persons");
    let org_ids: HashMap<String, Uuid> = organisations::table
        .select((organisations::short_name, organisations::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    let mut person_ids: HashMap<String, Uuid> = HashMap::new();
    type PersonRecord = (
        Uuid,
        String,
        String,
        Option<String>,
        Uuid,
        Option<NaiveDate>,
        Option<NaiveDate>,
    );
    for x in &f.persons {
        let org = org_ids[&x.org];
        let existing: Option<PersonRecord> = persons::table
            .filter(persons::code.eq(&x.code))
            .select((
                persons::id,
                persons::first_name,
                persons::last_name,
                persons::email,
                persons::organisation_id,
                persons::employment_start,
                persons::employment_end,
            ))
            .first(conn)
            .optional()?;
        let after = json!({"code": x.code, "first_name": x.first_name, "last_name": x.last_name, "email": x.email, "organisation_id": org, "employment_start": x.employment_start, "employment_end": x.employment_end});
        let id = match existing {
            Some((id, first, last, email, old_org, start, end)) => {
                if first != x.first_name
                    || last != x.last_name
                    || email != x.email
                    || old_org != org
                    || start != Some(x.employment_start)
                    || end != x.employment_end
                {
                    diesel::update(persons::table.find(id))
                        .set((
                            persons::first_name.eq(&x.first_name),
                            persons::last_name.eq(&x.last_name),
                            persons::email.eq(&x.email),
                            persons::organisation_id.eq(org),
                            persons::employment_start.eq(x.employment_start),
                            persons::employment_end.eq(x.employment_end),
                            persons::updated_at.eq(chrono::Utc::now()),
                        ))
                        .execute(conn)?;
                    s.changes("persons").updated += 1;
                    log.push(entry(Action::Update, "person", Some(id),
                        Some(json!({"first_name": first, "last_name": last, "email": email, "organisation_id": old_org, "employment_start": start, "employment_end": end})),
                        Some(after)));
                }
                id
            }
            None => {
                let id = diesel::insert_into(persons::table)
                    .values((
                        persons::code.eq(&x.code),
                        persons::first_name.eq(&x.first_name),
                        persons::last_name.eq(&x.last_name),
                        persons::email.eq(&x.email),
                        persons::organisation_id.eq(org),
                        persons::employment_start.eq(x.employment_start),
                        persons::employment_end.eq(x.employment_end),
                    ))
                    .returning(persons::id)
                    .get_result(conn)?;
                s.changes("persons").created += 1;
                log.push(entry(Action::Create, "person", Some(id), None, Some(after)));
                id
            }
        };
        person_ids.insert(x.code.clone(), id);
    }

    // Memberships: the person's employee group from their employment start.
    s.changes("group memberships");
    for x in &f.persons {
        let pid = person_ids[&x.code];
        let gid = group_ids[&x.group];
        let existing: Vec<(Uuid, Uuid, NaiveDate)> = employee_group_memberships::table
            .filter(employee_group_memberships::person_id.eq(pid))
            .select((
                employee_group_memberships::id,
                employee_group_memberships::employee_group_id,
                employee_group_memberships::valid_from,
            ))
            .load(conn)?;
        let matches =
            existing.len() == 1 && existing[0].1 == gid && existing[0].2 == x.employment_start;
        if !matches {
            let deleted = diesel::delete(
                employee_group_memberships::table
                    .filter(employee_group_memberships::person_id.eq(pid)),
            )
            .execute(conn)?;
            diesel::insert_into(employee_group_memberships::table)
                .values((
                    employee_group_memberships::person_id.eq(pid),
                    employee_group_memberships::employee_group_id.eq(gid),
                    employee_group_memberships::valid_from.eq(x.employment_start),
                ))
                .execute(conn)?;
            if deleted > 0 {
                s.changes("group memberships").updated += 1;
            } else {
                s.changes("group memberships").created += 1;
            }
            log.push(entry(
                Action::Update,
                "employee_group_membership",
                Some(pid),
                None,
                Some(json!({"person": x.code, "group": x.group, "valid_from": x.employment_start})),
            ));
        }
    }

    let file_person_ids: Vec<Uuid> = person_ids.values().copied().collect();

    if let Some(rows) = &f.fte {
        s.changes("FTE periods");
        let existing: Vec<(Uuid, Uuid, NaiveDate, Option<NaiveDate>, BigDecimal)> =
            fte_periods::table
                .filter(fte_periods::person_id.eq_any(&file_person_ids))
                .select((
                    fte_periods::id,
                    fte_periods::person_id,
                    fte_periods::start_date,
                    fte_periods::end_date,
                    fte_periods::fte_percent,
                ))
                .load(conn)?;
        let mut kept = HashSet::new();
        for r in rows {
            let pid = person_ids[&r.person];
            match existing.iter().find(|e| e.1 == pid && e.2 == r.start) {
                Some((id, _, _, end, pct)) => {
                    kept.insert(*id);
                    if *end != r.end || *pct != r.percent {
                        diesel::update(fte_periods::table.find(id))
                            .set((
                                fte_periods::end_date.eq(r.end),
                                fte_periods::fte_percent.eq(&r.percent),
                            ))
                            .execute(conn)?;
                        s.changes("FTE periods").updated += 1;
                        log.push(entry(
                            Action::Update,
                            "fte_period",
                            Some(*id),
                            Some(json!({"end": end, "fte_percent": pct})),
                            Some(json!({"end": r.end, "fte_percent": r.percent})),
                        ));
                    }
                }
                None => {
                    let id = diesel::insert_into(fte_periods::table)
                        .values((
                            fte_periods::person_id.eq(pid),
                            fte_periods::start_date.eq(r.start),
                            fte_periods::end_date.eq(r.end),
                            fte_periods::fte_percent.eq(&r.percent),
                        ))
                        .returning(fte_periods::id)
                        .get_result(conn)?;
                    kept.insert(id);
                    s.changes("FTE periods").created += 1;
                    log.push(entry(Action::Create, "fte_period", Some(id), None, Some(json!({"person": r.person, "start": r.start, "end": r.end, "fte_percent": r.percent}))));
                }
            }
        }
        for (id, ..) in existing.iter().filter(|e| !kept.contains(&e.0)) {
            diesel::delete(fte_periods::table.find(id)).execute(conn)?;
            s.changes("FTE periods").deleted += 1;
            log.push(entry(
                Action::Delete,
                "fte_period",
                Some(*id),
                Some(json!({"id": id})),
                None,
            ));
        }
    }

    if let Some(rows) = &f.leave {
        s.changes("leave");
        let type_ids: HashMap<String, Uuid> = leave_types::table
            .select((leave_types::code, leave_types::id))
            .load::<(String, Uuid)>(conn)?
            .into_iter()
            .collect();
        let existing: Vec<(Uuid, Uuid, Uuid, NaiveDate, NaiveDate)> = leaves::table
            .filter(leaves::person_id.eq_any(&file_person_ids))
            .select((
                leaves::id,
                leaves::person_id,
                leaves::leave_type_id,
                leaves::start_date,
                leaves::end_date,
            ))
            .load(conn)?;
        let mut kept = HashSet::new();
        for r in rows {
            let pid = person_ids[&r.person];
            let tid = type_ids[&r.leave_type];
            match existing
                .iter()
                .find(|e| e.1 == pid && e.2 == tid && e.3 == r.start)
            {
                Some((id, _, _, _, end)) => {
                    kept.insert(*id);
                    if *end != r.end {
                        diesel::update(leaves::table.find(id))
                            .set(leaves::end_date.eq(r.end))
                            .execute(conn)?;
                        s.changes("leave").updated += 1;
                        log.push(entry(
                            Action::Update,
                            "leave",
                            Some(*id),
                            Some(json!({"end": end})),
                            Some(json!({"end": r.end})),
                        ));
                    }
                }
                None => {
                    let id = diesel::insert_into(leaves::table)
                        .values((
                            leaves::person_id.eq(pid),
                            leaves::leave_type_id.eq(tid),
                            leaves::start_date.eq(r.start),
                            leaves::end_date.eq(r.end),
                        ))
                        .returning(leaves::id)
                        .get_result(conn)?;
                    kept.insert(id);
                    s.changes("leave").created += 1;
                    log.push(entry(Action::Create, "leave", Some(id), None, Some(json!({"person": r.person, "type": r.leave_type, "start": r.start, "end": r.end}))));
                }
            }
        }
        for (id, ..) in existing.iter().filter(|e| !kept.contains(&e.0)) {
            diesel::delete(leaves::table.find(id)).execute(conn)?;
            s.changes("leave").deleted += 1;
            log.push(entry(
                Action::Delete,
                "leave",
                Some(*id),
                Some(json!({"id": id})),
                None,
            ));
        }
    }

    write_assignments(conn, f, &person_ids, importer, s, log)
}

/// Locks the rows of the projects whose assignments the file may change (src/projects/version.rs):
/// those it names and those the persons it lists are assigned to now, in the order of their
/// ids. Under row-level security the rows the user may not change (locked projects) are
/// passed over: the import does not write their assignments.
pub fn lock_projects(conn: &mut PgConnection, f: &PeopleFile) -> QueryResult<()> {
    let named: Vec<&str> = f.assignments.iter().map(|a| a.project.as_str()).collect();
    let listed: Vec<&str> = f.persons.iter().map(|p| p.code.as_str()).collect();
    let assigned = assignments::table
        .inner_join(persons::table)
        .filter(persons::code.eq_any(listed))
        .select(assignments::project_id);
    projects::table
        .filter(
            projects::code
                .eq_any(named)
                .or(projects::id.eq_any(assigned)),
        )
        .order(projects::id)
        .select(projects::id)
        .for_update()
        .load::<Uuid>(conn)
        .map(|_| ())
}

/// One change of an assignment the file asks for.
enum AssignmentChange<'a> {
    Create {
        row: &'a AssignmentRow,
        person: Uuid,
        project: Uuid,
    },
    Update {
        row: &'a AssignmentRow,
        before: AssignmentRecord,
        project: Uuid,
    },
    Delete {
        id: Uuid,
        project: Uuid,
    },
}

impl AssignmentChange<'_> {
    fn project(&self) -> Uuid {
        match self {
            AssignmentChange::Create { project, .. }
            | AssignmentChange::Update { project, .. }
            | AssignmentChange::Delete { project, .. } => *project,
        }
    }
}

/// (id, person, project, start, end, allocation %, allocation group, role type) of a stored
/// assignment.
type AssignmentRecord = (
    Uuid,
    Uuid,
    Uuid,
    NaiveDate,
    NaiveDate,
    BigDecimal,
    Uuid,
    Option<Uuid>,
);

/// Assignments, keyed by person, project and start month: for the persons in the file, exactly
/// those of the file. The Team tab's rule applies: the projects whose assignments change must
/// be open for the importer (or all of them are refused, by name), and each moves its version
/// on once.
fn write_assignments(
    conn: &mut PgConnection,
    f: &PeopleFile,
    person_ids: &HashMap<String, Uuid>,
    importer: &Importer,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> Result<(), ImportFailure> {
    s.changes("assignments");
    let project_ids: HashMap<String, Uuid> = projects::table
        .select((projects::code, projects::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    let group_of: HashMap<String, Uuid> = allocation_groups::table
        .select((allocation_groups::code, allocation_groups::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    let mut role_ids: HashMap<String, Uuid> = role_types::table
        .select((role_types::name, role_types::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .map(|(n, id)| (n.to_lowercase(), id))
        .collect();
    let file_person_ids: Vec<Uuid> = person_ids.values().copied().collect();
    let existing: Vec<AssignmentRecord> = assignments::table
        .filter(assignments::person_id.eq_any(&file_person_ids))
        .select((
            assignments::id,
            assignments::person_id,
            assignments::project_id,
            assignments::start_month,
            assignments::end_month,
            assignments::allocation_percent,
            assignments::allocation_group_id,
            assignments::role_type_id,
        ))
        .load(conn)?;

    // What changes, before anything is written: a refused project must not be half written.
    let mut plan = Vec::new();
    let mut kept = HashSet::new();
    for a in &f.assignments {
        let person = person_ids[&a.person];
        let project = project_ids[&a.project];
        let role = match &a.role {
            Some(name) => Some(match role_ids.get(&name.to_lowercase()) {
                Some(id) => *id,
                None => {
                    let id = diesel::insert_into(role_types::table)
                        .values(role_types::name.eq(name))
                        .returning(role_types::id)
                        .get_result(conn)?;
                    role_ids.insert(name.to_lowercase(), id);
                    s.lookups_created.push(format!("role type \"{name}\""));
                    id
                }
            }),
            None => None,
        };
        match existing
            .iter()
            .find(|e| e.1 == person && e.2 == project && e.3 == a.start)
        {
            Some(before) => {
                kept.insert(before.0);
                let (_, _, _, _, end, pct, group, old_role) = before;
                if *end != a.end
                    || *pct != a.percent
                    || *group != group_of[&a.group]
                    || *old_role != role
                {
                    plan.push(AssignmentChange::Update {
                        row: a,
                        before: before.clone(),
                        project,
                    });
                }
            }
            None => plan.push(AssignmentChange::Create {
                row: a,
                person,
                project,
            }),
        }
    }
    for (id, _, project, ..) in existing.iter().filter(|e| !kept.contains(&e.0)) {
        plan.push(AssignmentChange::Delete {
            id: *id,
            project: *project,
        });
    }

    let changed: BTreeSet<Uuid> = plan.iter().map(AssignmentChange::project).collect();
    let code_of: HashMap<Uuid, &str> = project_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
    let codes: Vec<&str> = changed
        .iter()
        .filter_map(|id| code_of.get(id).copied())
        .collect();
    let refusals: Vec<ImportError> = project::stored_projects(conn, &codes)?
        .into_iter()
        .filter_map(|stored| {
            let why = importer.policy.can_edit_project(&stored.lock).err()?;
            Some(refusal(&s.file, &stored.code, &why.0))
        })
        .collect();
    if !refusals.is_empty() {
        return Err(ImportFailure::Refused(refusals));
    }

    for step in plan {
        write_assignment(conn, step, &group_of, &role_ids, s, log)?;
    }
    for project in changed {
        version::bump(conn, project)?;
    }
    Ok(())
}

/// Writes one planned change of an assignment, counted and audited.
fn write_assignment(
    conn: &mut PgConnection,
    step: AssignmentChange,
    group_of: &HashMap<String, Uuid>,
    role_ids: &HashMap<String, Uuid>,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    let after = |a: &AssignmentRow, role: Option<Uuid>| json!({"person": a.person, "project": a.project, "role_type_id": role, "allocation_percent": a.percent, "allocation_group": a.group, "start_month": a.start, "end_month": a.end});
    let role_of = |a: &AssignmentRow| {
        a.role
            .as_ref()
            .and_then(|name| role_ids.get(&name.to_lowercase()).copied())
    };
    match step {
        AssignmentChange::Update {
            row: a,
            before: (id, _, _, _, end, pct, old_group, old_role),
            project,
        } => {
            let group = group_of[&a.group];
            let role = role_of(a);
            diesel::update(assignments::table.find(id))
                .set((
                    assignments::end_month.eq(a.end),
                    assignments::allocation_percent.eq(&a.percent),
                    assignments::allocation_group_id.eq(group),
                    assignments::role_type_id.eq(role),
                    assignments::updated_at.eq(chrono::Utc::now()),
                ))
                .execute(conn)?;
            s.changes("assignments").updated += 1;
            log.push(Change {
                action: Action::Update,
                entity_type: "assignment",
                entity_id: Some(id),
                project_id: Some(project),
                before: Some(json!({"end_month": end, "allocation_percent": pct, "allocation_group_id": old_group, "role_type_id": old_role})),
                after: Some(after(a, role)),
            });
        }
        AssignmentChange::Create {
            row: a,
            person,
            project,
        } => {
            let role = role_of(a);
            let id = diesel::insert_into(assignments::table)
                .values((
                    assignments::person_id.eq(person),
                    assignments::project_id.eq(project),
                    assignments::role_type_id.eq(role),
                    assignments::allocation_percent.eq(&a.percent),
                    assignments::allocation_group_id.eq(group_of[&a.group]),
                    assignments::start_month.eq(a.start),
                    assignments::end_month.eq(a.end),
                ))
                .returning(assignments::id)
                .get_result(conn)?;
            s.changes("assignments").created += 1;
            log.push(Change {
                action: Action::Create,
                entity_type: "assignment",
                entity_id: Some(id),
                project_id: Some(project),
                before: None,
                after: Some(after(a, role)),
            });
        }
        AssignmentChange::Delete { id, project } => {
            diesel::delete(assignments::table.find(id)).execute(conn)?;
            s.changes("assignments").deleted += 1;
            log.push(Change {
                action: Action::Delete,
                entity_type: "assignment",
                entity_id: Some(id),
                project_id: Some(project),
                before: Some(json!({"id": id})),
                after: None,
            });
        }
    }
    Ok(())
}
