//! Reading and checking a people workbook, sheet by sheet, collecting every problem. A value a
//! form also takes is judged by the form's function (`people::edit`, `Month`, `Percent`); the
//! sheet's column names the field.

use std::collections::HashSet;

use crate::i18n::Msg;
use crate::people::edit;
use crate::planning::month::Month;
use crate::planning::quantity::Percent;
use crate::workbooks::spreadsheet::{ImportError, Problems, Table, Workbook};

use super::cells::Row;
use super::{
    AssignmentRow, FteRow, GroupHours, Known, LeaveRow, PERSON_COLUMNS as PERSON_COLUMNS_ALL,
    PeopleFile, PersonRow, SHEET_ASSIGNMENTS, SHEET_FTE, SHEET_GROUPS, SHEET_LEAVE,
    SHEET_LEAVE_TYPES, SHEET_PERSONS,
};

/// Reads and validates a people workbook.
pub fn parse(book: &Workbook, known: &Known) -> Result<PeopleFile, Vec<ImportError>> {
    let mut p = Problems::new(book.file.clone());
    let group_hours = read_sheet(book, SHEET_GROUPS, GROUP_COLUMNS, &mut p, group_rows);
    let groups: HashSet<String> = group_hours.iter().map(|g| g.group.clone()).collect();
    let leave_types = read_sheet(
        book,
        SHEET_LEAVE_TYPES,
        &["Code", "Name"],
        &mut p,
        leave_types,
    );
    let persons = read_sheet(book, SHEET_PERSONS, PERSON_COLUMNS, &mut p, |t, p| {
        person_rows(t, p, known, &groups)
    });
    let codes: HashSet<String> = persons.iter().map(|x| x.code.clone()).collect();
    let fte = book.has_sheet(SHEET_FTE).then(|| {
        read_sheet(
            book,
            SHEET_FTE,
            &["Person", "Start", "FTE %"],
            &mut p,
            |t, p| fte_rows(t, p, &codes),
        )
    });
    let all_leave_types: HashSet<String> = known
        .leave_types
        .iter()
        .cloned()
        .chain(leave_types.iter().map(|(c, _)| c.clone()))
        .collect();
    let leave = book.has_sheet(SHEET_LEAVE).then(|| {
        read_sheet(book, SHEET_LEAVE, LEAVE_COLUMNS, &mut p, |t, p| {
            leave_rows(t, p, &codes, &all_leave_types)
        })
    });
    let assignments = read_sheet(
        book,
        SHEET_ASSIGNMENTS,
        ASSIGNMENT_COLUMNS,
        &mut p,
        |t, p| assignment_rows(t, p, known, &codes),
    );
    if p.is_empty() {
        Ok(PeopleFile {
            group_hours,
            leave_types,
            persons,
            fte,
            leave,
            assignments,
        })
    } else {
        Err(p.list)
    }
}

const GROUP_COLUMNS: &[&str] = &["Name", "Daily hours", "Valid from"];
/// The persons sheet's required columns: all but the last, the optional employment end.
const PERSON_COLUMNS: &[&str] = PERSON_COLUMNS_ALL.split_at(PERSON_COLUMNS_ALL.len() - 1).0;
const LEAVE_COLUMNS: &[&str] = &["Person", "Leave type", "Start", "End"];
const ASSIGNMENT_COLUMNS: &[&str] = &[
    "Person",
    "Project",
    "Allocation %",
    "Allocation group",
    "Start month",
    "End month",
];

/// The rows `read` takes from sheet `name` (none when the sheet or a column is missing, which
/// `book.table` reports).
fn read_sheet<T>(
    book: &Workbook,
    name: &str,
    columns: &[&str],
    p: &mut Problems,
    read: impl FnOnce(&Table, &mut Problems) -> Vec<T>,
) -> Vec<T> {
    match book.table(name, columns, p) {
        Some(table) => read(&table, p),
        None => Vec::new(),
    }
}

/// Employee groups' daily hours, with the rules of the employee-group form.
fn group_rows(t: &Table, p: &mut Problems) -> Vec<GroupHours> {
    let mut rows: Vec<GroupHours> = Vec::new();
    for row in Row::all(t) {
        let name = row.field(
            p,
            "Name",
            edit::name(&row.input("Name"), Msg::new("groups-error-name-missing")),
        );
        let hours = row.field(
            p,
            "Daily hours",
            edit::daily_hours(&row.number_input("Daily hours")),
        );
        let from = row.field(
            p,
            "Valid from",
            edit::date(
                &row.date_input("Valid from"),
                "day the daily hours apply from",
            ),
        );
        if let (Some(group), Some(daily_hours), Some(valid_from)) = (name, hours, from) {
            if rows
                .iter()
                .any(|g| g.group == group && g.valid_from == valid_from)
            {
                row.problem(
                    p,
                    "Valid from",
                    Msg::new("import-group-hours-twice")
                        .arg("group", &group)
                        .arg("from", valid_from.to_string()),
                );
            }
            rows.push(GroupHours {
                group,
                daily_hours,
                valid_from,
            });
        }
    }
    rows
}

/// Leave types (code, name), with the rules of the leave-type form.
fn leave_types(t: &Table, p: &mut Problems) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for row in Row::all(t) {
        let code = row.field(p, "Code", edit::leave_type_code(&row.input("Code")));
        let name = row.field(
            p,
            "Name",
            edit::name(&row.input("Name"), Msg::new("leave-error-name-missing")),
        );
        if let (Some(code), Some(name)) = (code, name) {
            if rows.iter().any(|(c, _)| *c == code) {
                row.problem(
                    p,
                    "Code",
                    Msg::new("import-text-listed-twice").arg("text", &code),
                );
            }
            rows.push((code, name));
        }
    }
    rows
}

/// Persons, with the rules of the person form; their organisation and employee group must be
/// known (the group from the file's own sheet).
fn person_rows(
    t: &Table,
    p: &mut Problems,
    known: &Known,
    groups: &HashSet<String>,
) -> Vec<PersonRow> {
    let mut rows: Vec<PersonRow> = Vec::new();
    // Every code read, also of rows refused for another field: a code listed twice is a
    // problem of its own.
    let mut seen = HashSet::new();
    for row in Row::all(t) {
        let code = row.field(p, "Code", edit::person_code(&row.input("Code")));
        if let Some(code) = &code
            && !seen.insert(code.clone())
        {
            row.problem(
                p,
                "Code",
                Msg::new("import-text-listed-twice").arg("text", code.as_str()),
            );
        }
        let name = row.field(
            p,
            "Last name",
            edit::person_name(&row.input("First name"), &row.input("Last name")),
        );
        let email = row.field(p, "Email", edit::optional_email(&row.input("Email")));
        let org = row.required_text(p, "Org");
        if let Some(org) = &org
            && !known.orgs.contains(org)
        {
            row.problem(
                p,
                "Org",
                Msg::new("import-unknown-organisation").arg("org", org.as_str()),
            );
        }
        let group = row.required_text(p, "Employee group");
        if let Some(group) = &group
            && !groups.contains(group)
        {
            row.problem(
                p,
                "Employee group",
                Msg::new("import-unknown-employee-group")
                    .arg("group", group)
                    .arg("sheet", SHEET_GROUPS),
            );
        }
        let start = row.field(
            p,
            "Employment start",
            edit::date(&row.date_input("Employment start"), "employment start"),
        );
        let end = row
            .field(
                p,
                "Employment end",
                edit::optional_date(&row.date_input("Employment end"), "employment end"),
            )
            .flatten();
        if let (Some(start), Some(end)) = (start, end) {
            row.field(p, "Employment end", edit::employment_in_order(start, end));
        }
        if let (
            Some(code),
            Some((first_name, last_name)),
            Some(email),
            Some(org),
            Some(group),
            Some(employment_start),
        ) = (code, name, email, org, group, start)
        {
            rows.push(PersonRow {
                code,
                first_name,
                last_name,
                email,
                org,
                group,
                employment_start,
                employment_end: end,
            });
        }
    }
    rows
}

/// The person a row names, which must be in the sheet of persons.
fn person(row: &Row, p: &mut Problems, codes: &HashSet<String>) -> Option<String> {
    let code = row.required_text(p, "Person")?;
    if !codes.contains(&code) {
        row.problem(
            p,
            "Person",
            Msg::new("import-unknown-person")
                .arg("person", &code)
                .arg("sheet", SHEET_PERSONS),
        );
    }
    Some(code)
}

/// FTE periods, with the rules of the FTE form (`edit::fte_period`).
fn fte_rows(t: &Table, p: &mut Problems, codes: &HashSet<String>) -> Vec<FteRow> {
    let mut rows = Vec::new();
    for row in Row::all(t) {
        let person = person(&row, p, codes);
        let period = edit::fte_period(
            &row.date_input("Start"),
            &row.date_input("End"),
            &row.number_input("FTE %"),
        );
        let period = period
            .map_err(|(field, message)| {
                let column = match field {
                    "start" => "Start",
                    "end" => "End",
                    _ => "FTE %",
                };
                row.problem(p, column, message);
            })
            .ok();
        if let (Some(person), Some((start, end, percent))) = (person, period) {
            rows.push(FteRow {
                person,
                start,
                end,
                percent,
            });
        }
    }
    rows
}

/// Leave, with the rules of the leave form (`edit::leave_days`); its type must be known or in
/// the file.
fn leave_rows(
    t: &Table,
    p: &mut Problems,
    codes: &HashSet<String>,
    leave_types: &HashSet<String>,
) -> Vec<LeaveRow> {
    let mut rows = Vec::new();
    for row in Row::all(t) {
        let person = person(&row, p, codes);
        let kind = row.required_text(p, "Leave type");
        if let Some(k) = &kind
            && !leave_types.contains(k)
        {
            row.problem(
                p,
                "Leave type",
                Msg::new("import-unknown-leave-type").arg("kind", k),
            );
        }
        let days = edit::leave_days(&row.date_input("Start"), &row.date_input("End"))
            .map_err(|(field, message)| {
                let column = if field == "first_day" { "Start" } else { "End" };
                row.problem(p, column, message);
            })
            .ok();
        if let (Some(person), Some(leave_type), Some((start, end))) = (person, kind, days) {
            rows.push(LeaveRow {
                person,
                leave_type,
                start,
                end,
            });
        }
    }
    rows
}

/// Project assignments, their percentage and months read as the Team tab's form reads them.
fn assignment_rows(
    t: &Table,
    p: &mut Problems,
    known: &Known,
    codes: &HashSet<String>,
) -> Vec<AssignmentRow> {
    let mut rows: Vec<AssignmentRow> = Vec::new();
    for row in Row::all(t) {
        let person = person(&row, p, codes);
        let project = row.required_text(p, "Project");
        if let Some(code) = &project
            && !known.projects.contains(code)
        {
            row.problem(
                p,
                "Project",
                Msg::new("import-unknown-project").arg("project", code),
            );
        }
        let group = allocation_group(&row, p, known);
        let percent = row.field(p, "Allocation %", allocation_percent(&row));
        let start = row.field(p, "Start month", month(&row, "Start month"));
        let end = row.field(p, "End month", month(&row, "End month"));
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            row.problem(
                p,
                "End month",
                Msg::new("import-end-before-start")
                    .arg("end", e.to_string())
                    .arg("start", s.to_string()),
            );
        }
        let (Some(person), Some(project), Some(percent), Some(group), Some(start), Some(end)) =
            (person, project, percent, group, start, end)
        else {
            continue;
        };
        let (start, end) = (start.first_day(), end.first_day());
        if rows
            .iter()
            .any(|a| a.person == person && a.project == project && a.start == start)
        {
            row.problem(
                p,
                "Start month",
                Msg::new("import-assignment-twice")
                    .arg("person", &person)
                    .arg("project", &project)
                    .arg("start", start.format("%Y-%m").to_string()),
            );
        }
        rows.push(AssignmentRow {
            person,
            project,
            role: row.text("Role"),
            percent,
            group,
            start,
            end,
        });
    }
    rows
}

/// The allocation group of an assignment (its code, in lower case), which must exist.
fn allocation_group(row: &Row, p: &mut Problems, known: &Known) -> Option<String> {
    let group = row.required_text(p, "Allocation group")?.to_lowercase();
    if !known.allocation_groups.contains(&group) {
        let mut names: Vec<&str> = known.allocation_groups.iter().map(String::as_str).collect();
        names.sort();
        row.problem(
            p,
            "Allocation group",
            Msg::new("import-unknown-allocation-group")
                .arg("group", &group)
                .arg("choices", names.join(", ")),
        );
    }
    Some(group)
}

/// An assignment's percentage, 0 to 100, as the assignment form reads it.
fn allocation_percent(row: &Row) -> Result<bigdecimal::BigDecimal, Msg> {
    match Percent::parse(&row.number_input("Allocation %"), 100)? {
        // Stored as the shortest decimal, as before: the audit log records it as read.
        Some(percent) => Ok(percent.decimal().normalized()),
        None => Err(Percent::refusal("", 100)),
    }
}

/// A month of an assignment, as the assignment form reads it.
fn month(row: &Row, column: &str) -> Result<Month, Msg> {
    Month::parse(&row.month_input(column)).map_err(|refused| refused.field_sentence())
}
