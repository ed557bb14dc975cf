//! The structure sheets: work packages, tasks, milestones and deliverables.

use super::*;
use crate::i18n::Msg;
use crate::projects::structure::{Kind, rules};

/// Reads the Work packages sheet.
pub(super) fn read_work_packages(
    book: &Workbook,
    duration: i32,
    org_known: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) -> Vec<WorkPackageRow> {
    let duration = rule_duration(duration);
    read_sheet(
        book,
        SHEET_WORK_PACKAGES,
        WORK_PACKAGE_COLUMNS,
        p,
        |t, cells, row, wps: &[WorkPackageRow], p| {
            let number = read_int(t, cells, row, "WP", p);
            let begin = read_int(t, cells, row, "Begin month", p);
            let end = read_int(t, cells, row, "End month", p);
            let lead = lead_org(t, cells, row, org_known, p);
            let (Some(number), Some(begin), Some(end)) = (number, begin, end) else {
                return None;
            };
            if let Err(sentence) = rules::work_package_number(&number.to_string()) {
                p.cell(&t.sheet, row, "WP", sentence);
            }
            check_span(&t.sheet, row, begin, end, duration, p);
            let twice = wps.iter().any(|w| w.number == number);
            listed_twice(
                t,
                row,
                "WP",
                twice.then(|| Msg::new("import-what-wp").arg("number", number)),
                p,
            );
            Some(WorkPackageRow {
                number,
                name: rule_text(
                    t,
                    cells,
                    row,
                    "Name",
                    |v| rules::name(v, Kind::WorkPackages),
                    p,
                ),
                lead_org: lead,
                begin,
                end,
            })
        },
    )
}

/// Reads the Tasks sheet.
pub(super) fn read_tasks(
    book: &Workbook,
    duration: i32,
    wps: &[WorkPackageRow],
    org_known: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) -> Vec<TaskRow> {
    let duration = rule_duration(duration);
    read_sheet(
        book,
        SHEET_TASKS,
        &TASK_COLUMNS[..TASK_COLUMNS_REQUIRED],
        p,
        |t, cells, row, task_rows: &[TaskRow], p| {
            let wp = read_int(t, cells, row, "WP", p);
            let number = spreadsheet::text(t.cell(cells, "Task")).unwrap_or_default();
            let begin = read_int(t, cells, row, "Begin month", p);
            let end = read_int(t, cells, row, "End month", p);
            let lead = lead_org(t, cells, row, org_known, p);
            let wp = wp?;
            known_work_package(t, row, Some(wp), wps, p);
            if let Err(sentence) = rules::task_number(&number, wp) {
                p.cell(&t.sheet, row, "Task", sentence);
            }
            let twice = task_rows.iter().any(|x| x.number == number);
            listed_twice(
                t,
                row,
                "Task",
                twice.then(|| Msg::new("import-what-task").arg("number", &number)),
                p,
            );
            let (Some(begin), Some(end)) = (begin, end) else {
                return None;
            };
            check_span(&t.sheet, row, begin, end, duration, p);
            Some(TaskRow {
                wp,
                number,
                name: rule_text(t, cells, row, "Name", |v| rules::name(v, Kind::Tasks), p),
                begin,
                end,
                role: spreadsheet::text(t.cell(cells, "Role")),
                lead_org: lead,
            })
        },
    )
}

/// Reads the Milestones sheet.
pub(super) fn read_milestones(
    book: &Workbook,
    duration: i32,
    wps: &[WorkPackageRow],
    p: &mut Problems,
) -> Vec<MilestoneRow> {
    let duration = rule_duration(duration);
    read_sheet(
        book,
        SHEET_MILESTONES,
        &MILESTONE_COLUMNS[..MILESTONE_COLUMNS_REQUIRED],
        p,
        |t, cells, row, milestone_rows: &[MilestoneRow], p| {
            let typed = spreadsheet::text(t.cell(cells, "Milestone")).unwrap_or_default();
            let number = rules::milestone_number(&typed).unwrap_or_else(|sentence| {
                p.cell(&t.sheet, row, "Milestone", sentence);
                typed
            });
            let twice = milestone_rows.iter().any(|m| m.number == number);
            listed_twice(
                t,
                row,
                "Milestone",
                twice.then(|| Msg::verbatim(number.clone())),
                p,
            );
            let wp = read_int(t, cells, row, "WP", p);
            known_work_package(t, row, wp, wps, p);
            let due = read_required_int(t, cells, row, "Due month", p)?;
            if let Err(sentence) = rules::due(Some(due), duration) {
                p.cell(&t.sheet, row, "Due month", sentence);
            }
            Some(MilestoneRow {
                number,
                name: rule_text(
                    t,
                    cells,
                    row,
                    "Name",
                    |v| rules::name(v, Kind::Milestones),
                    p,
                ),
                wp,
                due,
                role: spreadsheet::text(t.cell(cells, "Role")),
            })
        },
    )
}

/// Reads the Deliverables sheet.
pub(super) fn read_deliverables(
    book: &Workbook,
    duration: i32,
    wps: &[WorkPackageRow],
    org_known: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) -> Vec<DeliverableRow> {
    let duration = rule_duration(duration);
    read_sheet(
        book,
        SHEET_DELIVERABLES,
        &DELIVERABLE_COLUMNS[..DELIVERABLE_COLUMNS_REQUIRED],
        p,
        |t, cells, row, deliverable_rows: &[DeliverableRow], p| {
            let typed = spreadsheet::text(t.cell(cells, "Deliverable")).unwrap_or_default();
            let wp = read_required_int(t, cells, row, "WP", p);
            let number = match wp.map(|wp| rules::deliverable_number(&typed, wp)) {
                Some(Ok(number)) => number,
                Some(Err(sentence)) => {
                    p.cell(&t.sheet, row, "Deliverable", sentence);
                    typed
                }
                None => typed,
            };
            let twice = deliverable_rows.iter().any(|d| d.number == number);
            listed_twice(
                t,
                row,
                "Deliverable",
                twice.then(|| Msg::verbatim(number.clone())),
                p,
            );
            let lead = lead_org(t, cells, row, org_known, p);
            known_work_package(t, row, wp, wps, p);
            let due = read_required_int(t, cells, row, "Due month", p);
            if let Some(Err(sentence)) = due.map(|due| rules::due(Some(due), duration)) {
                p.cell(&t.sheet, row, "Due month", sentence);
            }
            let (Some(wp), Some(due)) = (wp, due) else {
                return None;
            };
            Some(DeliverableRow {
                number,
                name: rule_text(
                    t,
                    cells,
                    row,
                    "Name",
                    |v| rules::name(v, Kind::Deliverables),
                    p,
                ),
                wp,
                due,
                kind: spreadsheet::text(t.cell(cells, "Type")),
                dissemination: spreadsheet::text(t.cell(cells, "Dissemination")),
                lead_org: lead,
            })
        },
    )
}

/// The rows of one structure sheet with the `columns` it must have: `read` turns each row into
/// one (`None`: the row is passed over, its problems noted), seeing the rows read before it.
fn read_sheet<R>(
    book: &Workbook,
    sheet: &str,
    columns: &[&str],
    p: &mut Problems,
    mut read: impl FnMut(
        &spreadsheet::Table,
        &[calamine::Data],
        usize,
        &[R],
        &mut Problems,
    ) -> Option<R>,
) -> Vec<R> {
    let mut rows = Vec::new();
    if let Some(t) = book.table(sheet, columns, p) {
        for (row, cells) in &t.rows {
            if let Some(r) = read(&t, cells, *row, &rows, p) {
                rows.push(r);
            }
        }
    }
    rows
}

/// A row's lead organisation, which must be one the file or the database knows.
fn lead_org(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    org_known: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) -> Option<String> {
    let lead = spreadsheet::text(t.cell(cells, "Lead org"));
    if let Some(l) = lead.as_deref().filter(|l| !org_known(l)) {
        p.cell(
            &t.sheet,
            row,
            "Lead org",
            Msg::new("import-unknown-organisation").arg("org", l),
        );
    }
    lead
}

/// Refuses a row's work package (when it names one) that the Work packages sheet lacks.
fn known_work_package(
    t: &spreadsheet::Table,
    row: usize,
    wp: Option<i32>,
    wps: &[WorkPackageRow],
    p: &mut Problems,
) {
    if let Some(wp) = wp.filter(|wp| !wps.iter().any(|w| w.number == *wp)) {
        p.cell(
            &t.sheet,
            row,
            "WP",
            Msg::new("import-unknown-work-package").arg("wp", wp),
        );
    }
}

/// Refuses a row whose number an earlier row of the sheet has (`twice` names it then).
fn listed_twice(
    t: &spreadsheet::Table,
    row: usize,
    column: &str,
    twice: Option<Msg>,
    p: &mut Problems,
) {
    if let Some(what) = twice {
        p.cell(
            &t.sheet,
            row,
            column,
            Msg::new("import-listed-twice").arg("what", what),
        );
    }
}

pub(super) fn read_int(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<i32> {
    match spreadsheet::integer(t.cell(cells, column)) {
        Ok(Some(v)) => i32::try_from(v).ok().or_else(|| {
            p.cell(
                &t.sheet,
                row,
                column,
                Msg::new("import-number-too-large").arg("value", v.to_string()),
            );
            None
        }),
        Ok(None) => None,
        Err(e) => {
            p.cell(&t.sheet, row, column, e);
            None
        }
    }
}

pub(super) fn read_required_int(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    p: &mut Problems,
) -> Option<i32> {
    let value = read_int(t, cells, row, column, p);
    if value.is_none() && spreadsheet::text(t.cell(cells, column)).is_none() {
        p.cell(&t.sheet, row, column, Msg::new("sheet-cell-empty"));
    }
    value
}

/// A text cell read by one of the structure rules; its sentence goes on the cell.
pub(super) fn rule_text(
    t: &spreadsheet::Table,
    cells: &[calamine::Data],
    row: usize,
    column: &str,
    rule: impl Fn(&str) -> Result<String, Msg>,
    p: &mut Problems,
) -> String {
    let typed = spreadsheet::text(t.cell(cells, column)).unwrap_or_default();
    rule(&typed).unwrap_or_else(|sentence| {
        p.cell(&t.sheet, row, column, sentence);
        typed
    })
}

/// The project duration the rules check months against: while the Project sheet has no valid
/// duration (0, a problem noted there), months are only checked to start at M1.
fn rule_duration(duration: i32) -> i32 {
    if duration > 0 { duration } else { i32::MAX }
}

/// The begin and end months of a work package or task, by the rule the forms use; each
/// sentence goes on its column.
pub(super) fn check_span(
    sheet: &str,
    row: usize,
    begin: i32,
    end: i32,
    duration: i32,
    p: &mut Problems,
) {
    if let Err(errors) = rules::span(Some(begin), Some(end), duration) {
        for (field, sentence) in errors {
            let column = if field == "begin" {
                "Begin month"
            } else {
                "End month"
            };
            p.cell(sheet, row, column, sentence);
        }
    }
}
