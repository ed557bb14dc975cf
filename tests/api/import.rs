//! ODS import through the CLI and the library: the examples, idempotence, changes, dry runs,
//! and every kind of bad input (each leaves the database exactly as it was).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use calamine::{Data, Reader, open_workbook_auto};
use spreadsheet_ods::{Sheet, WorkBook};

use crate::helpers::*;

pub(crate) fn docs(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name)
}

pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("rediflow-import-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The sheets of a workbook as cells, to change and write back.
pub(crate) struct Book {
    sheets: Vec<(String, Vec<Vec<Data>>)>,
}

impl Book {
    pub(crate) fn open(path: &Path) -> Book {
        let mut workbook = open_workbook_auto(path).unwrap();
        let sheets = workbook
            .sheet_names()
            .into_iter()
            .map(|name| {
                let range = workbook.worksheet_range(&name).unwrap();
                let rows = range.rows().map(|r| r.to_vec()).collect();
                (name, rows)
            })
            .collect();
        Book { sheets }
    }

    pub(crate) fn sheet(&mut self, name: &str) -> &mut Vec<Vec<Data>> {
        &mut self.sheets.iter_mut().find(|(n, _)| n == name).unwrap().1
    }

    /// Sets the cell in column `header` of data row `row` (1 = first row under the header).
    pub(crate) fn set(&mut self, sheet: &str, row: usize, header: &str, value: Data) -> &mut Self {
        let rows = self.sheet(sheet);
        let col = rows[0]
            .iter()
            .position(|h| *h == header)
            .unwrap_or_else(|| panic!("no column {header}"));
        while rows[row].len() <= col {
            rows[row].push(Data::Empty);
        }
        rows[row][col] = value;
        self
    }

    pub(crate) fn write(&self, path: &Path) {
        let mut book = WorkBook::new_empty();
        for (name, rows) in &self.sheets {
            let mut sheet = Sheet::new(name);
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u32);
                    match cell {
                        Data::String(s) => sheet.set_value(r, c, s.as_str()),
                        Data::Float(f) => sheet.set_value(r, c, *f),
                        Data::Int(i) => sheet.set_value(r, c, *i as f64),
                        Data::Empty => {}
                        other => sheet.set_value(r, c, other.to_string().as_str()),
                    }
                }
            }
            book.push_sheet(sheet);
        }
        spreadsheet_ods::write_ods(&mut book, path).unwrap();
    }
}

/// A count as the English summary writes it: thousands grouped with commas (1,234).
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn rediflow(database: &str, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_rediflow"))
        .env_clear()
        .env("DATABASE_URL", owner_url(database))
        .env("USER", "tester")
        .current_dir(std::env::temp_dir())
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// Row counts of everything an import writes, to prove a failed import changed nothing.
pub(crate) fn fingerprint(database: &str) -> BTreeMap<String, i64> {
    let mut conn = connect(&owner_url(database));
    [
        "organisations",
        "projects",
        "project_partners",
        "work_packages",
        "tasks",
        "milestones",
        "deliverables",
        "capacity_demand",
        "role_types",
        "deliverable_types",
        "dissemination_levels",
        "persons",
        "employee_groups",
        "employee_group_hours",
        "employee_group_memberships",
        "fte_periods",
        "leaves",
        "leave_types",
        "assignments",
        "audit_log",
    ]
    .iter()
    .map(|t| {
        (
            t.to_string(),
            count(&mut conn, &format!("select count(*) as count from {t}")),
        )
    })
    .collect()
}

fn seeded() -> String {
    let database = create_test_database();
    let (code, out, err) = rediflow(
        &database,
        &["import-project", docs("example.ods").to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    database
}

#[test]
fn examples_import_and_a_second_import_changes_nothing() {
    let database = create_test_database();
    let example = docs("example.ods");
    let (code, out, err) = rediflow(
        &database,
        &["import-project", "--dry-run", example.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("dry run") && out.contains("tasks                    8 created"),
        "{out}"
    );
    assert_eq!(
        fingerprint(&database)["projects"],
        0,
        "a dry run writes nothing"
    );

    let (code, out, _) = rediflow(&database, &["import-project", example.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("organisations            6 created"), "{out}");
    assert!(
        out.contains("EST demand cells         272 created"),
        "{out}"
    );
    let (_, out, _) = rediflow(&database, &["import-project", example.to_str().unwrap()]);
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted"),
        "{out}"
    );

    for people in ["example_people.ods", "example_authentik_test_people.ods"] {
        let (code, out, err) = rediflow(
            &database,
            &["import-people", docs(people).to_str().unwrap()],
        );
        assert_eq!(code, 0, "{people}: {out}{err}");
        let (_, out, _) = rediflow(
            &database,
            &["import-people", docs(people).to_str().unwrap()],
        );
        assert!(
            out.contains("Total: 0 created, 0 updated, 0 deleted"),
            "{people}: {out}"
        );
    }
    let mut conn = connect(&owner_url(&database));
    assert_eq!(
        names(
            &mut conn,
            "select code as name from persons where organisation_id = (select id from organisations where short_name = 'EXAMPLE') order by 1"
        ),
        ["admin@test", "aino.virtanen", "orguser@test"]
    );
    assert_eq!(
        count(&mut conn, "select count(*) as count from assignments"),
        11,
        "8 in example_people.ods (Juha twice), 3 in the Authentik test people"
    );
    // Every change is in the audit log, in the operator's name.
    assert!(
        count(
            &mut conn,
            "select count(*) as count from audit_log where actor = 'cli:tester'"
        ) >= 600
    );
    assert_eq!(
        names(
            &mut conn,
            "select n.name from (select pp.project_id, o.short_name as name from project_partners pp join organisations o on o.id = pp.organisation_id) n order by 1"
        ),
        ["EXAMPLE-DEV", "EXAMPLE-RES", "NORDLAB-AI", "NORDLAB-BIO"]
    );
}

#[test]
fn changed_cells_update_and_removed_rows_are_deleted() {
    let database = seeded();
    let mut book = Book::open(&docs("example.ods"));
    book.set(
        "Work packages",
        2,
        "Name",
        Data::String("Research, renamed".into()),
    );
    book.set("EST capacity", 1, "M1", Data::Float(0.75));
    book.set("Tasks", 2, "Role", Data::String("Data steward".into()));
    // Drop the last task (3.2) with its demand rows.
    book.sheet("Tasks")
        .retain(|r| r.get(1).map(|c| c.to_string()) != Some("3.2".into()));
    for sheet in ["EST capacity", "PROJPLAN capacity"] {
        book.sheet(sheet)
            .retain(|r| r.first().map(|c| c.to_string()) != Some("3.2".into()));
    }
    let path = scratch("changed.ods");
    book.write(&path);
    // M1 (2026-01) is history: only a super-admin changes it.
    let (code, out, err) = rediflow(
        &database,
        &["import-project", "--super-admin", path.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("work packages            0 created, 1 updated, 0 deleted"),
        "{out}"
    );
    assert!(
        out.contains("tasks                    0 created, 1 updated, 1 deleted"),
        "{out}"
    );
    assert!(
        out.contains("created role type \"Data steward\""),
        "missing lookups are created and reported: {out}"
    );
    assert!(
        out.contains("EST demand cells         0 created, 1 updated, 26 deleted"),
        "{out}"
    );
    assert!(
        out.contains("PROJPLAN demand cells    0 created, 0 updated, 26 deleted"),
        "{out}"
    );
    let mut conn = connect(&owner_url(&database));
    assert_eq!(
        names(&mut conn, "select name from work_packages where number = 2"),
        ["Research, renamed"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select pm::text as name from capacity_demand d join tasks t on t.id = d.task_id where t.number = '1.1' and d.series = 'EST' and d.month = date '2026-01-01'"
        ),
        ["0.750"]
    );
    let (_, out, _) = rediflow(&database, &["import-project", path.to_str().unwrap()]);
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted"),
        "{out}"
    );
}

/// Imports `path` and asserts it is refused with `message`, changing nothing.
fn refused(database: &str, command: &str, paths: &[&Path], message: &str) {
    let before = fingerprint(database);
    let mut args = vec![command];
    let strings: Vec<String> = paths
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    args.extend(strings.iter().map(String::as_str));
    let (code, out, err) = rediflow(database, &args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains(message), "expected {message:?} in:\n{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        fingerprint(database),
        before,
        "nothing changed for {message}"
    );
}

fn with(change: impl FnOnce(&mut Book), base: &str) -> PathBuf {
    let mut book = Book::open(&docs(base));
    change(&mut book);
    let path = scratch(base);
    book.write(&path);
    path
}

#[test]
fn unreadable_files_are_refused() {
    let database = seeded();
    let text = scratch("notes.ods");
    std::fs::write(&text, "these are my notes, not a spreadsheet").unwrap();
    refused(
        &database,
        "import-project",
        &[&text],
        "is not a readable spreadsheet",
    );

    let bytes = std::fs::read(docs("example.ods")).unwrap();
    let truncated = scratch("truncated.ods");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(
        &database,
        "import-project",
        &[&truncated],
        "is not a readable spreadsheet",
    );

    let protected =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/password-protected.ods");
    refused(
        &database,
        "import-project",
        &[&protected],
        "password-protected or damaged",
    );

    let csv = scratch("plan.csv");
    std::fs::write(&csv, "Code;Name").unwrap();
    refused(
        &database,
        "import-project",
        &[&csv],
        "only .ods and .xlsx files can be imported",
    );
}

#[test]
fn project_sheet_problems_are_all_reported_with_their_place() {
    let database = seeded();
    let missing_sheet = with(|b| b.sheets.retain(|(n, _)| n != "Tasks"), "example.ods");
    refused(
        &database,
        "import-project",
        &[&missing_sheet],
        "sheet 'Tasks': the sheet is missing",
    );

    let missing_column = with(
        |b| {
            b.sheet("Work packages")[0][4] = Data::String("Finish".into());
        },
        "example.ods",
    );
    refused(
        &database,
        "import-project",
        &[&missing_column],
        "sheet 'Work packages': the column 'End month' is missing",
    );

    let file = with(
        |b| {
            b.set("Tasks", 2, "Begin month", Data::String("soon".into()))
                .set("Tasks", 3, "End month", Data::Float(38.0))
                .set("EST capacity", 1, "M2", Data::Float(-1.0))
                .set("Work packages", 1, "Lead org", Data::String("NOPE".into()))
                .set("Tasks", 4, "WP", Data::Float(9.0))
                .set("EST capacity", 2, "Task", Data::String("9.9".into()))
                .set("Tasks", 5, "Task", Data::String("2.1".into()))
                .set("Deliverables", 1, "Due month", Data::Float(40.0));
        },
        "example.ods",
    );
    let before = fingerprint(&database);
    let (code, _, err) = rediflow(&database, &["import-project", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    let name = file.display().to_string();
    for expected in [
        format!(
            "{name}: sheet 'Tasks', row 3, column 'Begin month': \"soon\" is not a whole number"
        ),
        format!(
            "{name}: sheet 'Tasks', row 4, column 'End month': M38 is outside the project's months M1–M36."
        ),
        format!(
            "{name}: sheet 'EST capacity', row 2, column 'M2': -1 is negative: person-months cannot be below 0"
        ),
        format!(
            "{name}: sheet 'Work packages', row 2, column 'Lead org': unknown organisation \"NOPE\""
        ),
        format!("{name}: sheet 'Tasks', row 5, column 'WP': unknown work package 9"),
        format!("{name}: sheet 'EST capacity', row 3, column 'Task': unknown task \"9.9\""),
        format!("{name}: sheet 'Tasks', row 6, column 'Task': task 2.1 is listed twice"),
        format!(
            "{name}: sheet 'Deliverables', row 2, column 'Due month': M40 is outside the project's months M1–M36."
        ),
    ] {
        assert!(err.contains(&expected), "expected\n{expected}\nin\n{err}");
    }
    assert_eq!(fingerprint(&database), before);
}

/// Sets the value of `key` on the Project sheet (a new row at the end when it has none); the
/// sheet row it stands in.
fn set_head(book: &mut Book, key: &str, value: Data) -> usize {
    let rows = book.sheet("Project");
    let index = rows
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|k| k.to_string().eq_ignore_ascii_case(key))
        })
        .unwrap_or_else(|| {
            rows.push(vec![Data::String(key.into())]);
            rows.len() - 1
        });
    rows[index].resize(2, Data::Empty);
    rows[index][1] = value;
    index + 1
}

#[test]
fn project_head_and_demand_cells_fail_with_the_forms_sentences() {
    let database = seeded();
    let mut rows = BTreeMap::new();
    let file = with(
        |b| {
            let text = |t: &str| Data::String(t.into());
            for (key, value) in [
                ("Code", text("-EXAMPLE")),
                ("Name", text(" ")),
                ("Start", text("soon")),
                ("Duration", Data::Float(601.0)),
                ("Hours per PM", text("745")),
                ("POO", text("NOWHERE")),
                ("Lifecycle", text("someday")),
            ] {
                rows.insert(key, set_head(b, key, value));
            }
            b.set("EST capacity", 1, "M2", text("10000000")).set(
                "EST capacity",
                2,
                "M3",
                text("1e3"),
            );
        },
        "example.ods",
    );
    let before = fingerprint(&database);
    let (code, _, err) = rediflow(&database, &["import-project", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let name = file.display().to_string();
    let head = |key: &str, sentence: &str| {
        format!(
            "{name}: sheet 'Project', row {}, column 'Value': {sentence}",
            rows[key]
        )
    };
    // The project form's sentences (src/projects/edit.rs), and the demand grid's.
    for expected in [
        head("Code", "Use letters, digits, '.', '_' or '-', at most 64."),
        head("Name", "Enter the project's name."),
        head("Start", "Enter the start month as YYYY-MM, e.g. 2026-01."),
        head("Duration", "Enter the duration in months, from 1 to 600."),
        head(
            "Hours per PM",
            "Enter hours per PM above 0 and at most 744, or leave it empty.",
        ),
        head("POO", "Choose an existing organisation."),
        head("Lifecycle", "Choose a lifecycle state. One of: "),
        format!(
            "{name}: sheet 'EST capacity', row 2, column 'M2': 10000000 is too large (at most 9999999 PM)"
        ),
        format!(
            "{name}: sheet 'EST capacity', row 3, column 'M3': \"1e3\" has an exponent: write the number out in digits"
        ),
    ] {
        assert!(err.contains(&expected), "expected\n{expected}\nin\n{err}");
    }
    assert_eq!(fingerprint(&database), before);
}

#[test]
fn the_project_sheet_is_stored_as_the_project_form_stores_it() {
    let database = create_test_database();
    let file = with(
        |b| {
            set_head(b, "Hours per PM", Data::String(" 152,5 ".into()));
            // The owner organisation listed as a partner too: the form never makes it one.
            let owner = b
                .sheet("Organisations")
                .iter()
                .position(|r| r.first().is_some_and(|c| *c == "EXAMPLE"))
                .unwrap();
            b.set(
                "Organisations",
                owner,
                "Role",
                Data::String("Partner".into()),
            );
        },
        "example.ods",
    );
    let (code, out, err) = rediflow(&database, &["import-project", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let mut conn = connect(&owner_url(&database));
    assert_eq!(
        names(
            &mut conn,
            "select hours_per_pm::text as name from projects where code = 'EXAMPLE-P'"
        ),
        ["152.50"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select o.short_name as name from project_partners pp
             join organisations o on o.id = pp.organisation_id order by 1"
        ),
        ["EXAMPLE-DEV", "EXAMPLE-RES", "NORDLAB-AI", "NORDLAB-BIO"]
    );
}

#[test]
fn organisation_cycles_and_duplicate_project_codes_are_refused() {
    let database = seeded();
    let cycle = with(
        |b| {
            b.set(
                "Organisations",
                1,
                "Parent",
                Data::String("EXAMPLE-RES".into()),
            );
        },
        "example.ods",
    );
    refused(
        &database,
        "import-project",
        &[&cycle],
        "would be its own ancestor (a parent cycle)",
    );

    let copy = scratch("copy-of-example.ods");
    std::fs::copy(docs("example.ods"), &copy).unwrap();
    refused(
        &database,
        "import-project",
        &[&docs("example.ods"), &copy],
        "the project code EXAMPLE-P is also in",
    );
}

#[test]
fn people_problems_are_refused() {
    let database = seeded();
    rediflow(
        &database,
        &[
            "import-people",
            docs("example_people.ods").to_str().unwrap(),
        ],
    );
    let file = with(
        |b| {
            b.set("FTE periods", 1, "Person", Data::String("ghost".into()))
                .set(
                    "Project assignments",
                    1,
                    "Project",
                    Data::String("NOPE-P".into()),
                )
                .set("Persons", 2, "Code", Data::String("aino.virtanen".into()))
                .set("Persons", 3, "Org", Data::String("NOWHERE".into()))
                .set(
                    "Project assignments",
                    2,
                    "Allocation %",
                    Data::String("lots".into()),
                )
                .set("Persons", 1, "Email", Data::String("ada at home".into()))
                .set("FTE periods", 2, "FTE %", Data::Float(120.0));
        },
        "example_people.ods",
    );
    let before = fingerprint(&database);
    let (code, _, err) = rediflow(&database, &["import-people", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    for expected in [
        "sheet 'FTE periods', row 2, column 'Person': unknown person \"ghost\"",
        "sheet 'Project assignments', row 2, column 'Project': unknown project \"NOPE-P\"",
        "sheet 'Persons', row 3, column 'Code': \"aino.virtanen\" is listed twice",
        "sheet 'Persons', row 4, column 'Org': unknown organisation \"NOWHERE\"",
        // The values the forms also take fail with the form field's sentence.
        "sheet 'Project assignments', row 3, column 'Allocation %': \"lots\" is not a percentage from 0 to 100.",
        "sheet 'Persons', row 2, column 'Email': “ada at home” is not an email address such as ada@example.org (or leave it empty).",
        "sheet 'FTE periods', row 3, column 'FTE %': “120” is not an FTE %: enter a number from 0 to 100 with at most two decimals.",
    ] {
        assert!(err.contains(expected), "expected\n{expected}\nin\n{err}");
    }
    assert_eq!(fingerprint(&database), before);
}

#[test]
fn export_round_trips() {
    let database = seeded();
    let exported = scratch("exported.ods");
    let (code, _, err) = rediflow(
        &database,
        &["export-project", "EXAMPLE-P", exported.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = rediflow(&database, &["import-project", exported.to_str().unwrap()]);
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted"),
        "{out}"
    );
    // A fresh database gets the same project from the exported file.
    let fresh = create_test_database();
    let (code, out, err) = rediflow(&fresh, &["import-project", exported.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        fingerprint(&fresh)["capacity_demand"],
        fingerprint(&database)["capacity_demand"]
    );
}

#[test]
fn libreoffice_round_trip_changes_nothing() {
    let Ok(soffice) = which("soffice") else {
        panic!("LibreOffice (soffice) is missing: `make test` installs libreoffice-calc-nogui");
    };
    let database = seeded();
    let exported = scratch("exported.ods");
    rediflow(
        &database,
        &["export-project", "EXAMPLE-P", exported.to_str().unwrap()],
    );
    let out_dir = exported.parent().unwrap().join("libreoffice");
    let profile = exported.parent().unwrap().join("lo-profile");
    let status = Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            &format!("-env:UserInstallation=file://{}", profile.display()),
            "--convert-to",
            "ods",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&exported)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let converted = out_dir.join("exported.ods");
    let (code, out, err) = rediflow(&database, &["import-project", converted.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted"),
        "{out}"
    );
}

fn which(program: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn a_hundred_thousand_demand_cells_import_and_a_second_import_changes_nothing() {
    use rediflow::workbooks::import::project::{
        DemandRow, OrgRole, OrgRow, TaskRow, WorkPackageRow,
    };
    let mut project = rediflow::workbooks::examples::example_project();
    project.code = "BIG-P".into();
    project.duration = 60;
    project.projplan = None;
    project.milestones.clear();
    project.deliverables.clear();
    project.organisations = (0..17)
        .map(|i| OrgRow {
            short_name: format!("BIG-{i}"),
            name: format!("Big partner {i}"),
            parent: None,
            country: Some("FI".into()),
            role: if i == 0 {
                OrgRole::Poo
            } else {
                OrgRole::Partner
            },
        })
        .collect();
    project.poo = "BIG-0".into();
    project.work_packages = (1..=20)
        .map(|n| WorkPackageRow {
            number: n,
            name: format!("WP {n}"),
            lead_org: None,
            begin: 1,
            end: 60,
        })
        .collect();
    project.tasks = (1..=20)
        .flat_map(|w| (1..=5).map(move |t| (w, t)))
        .map(|(w, t)| TaskRow {
            wp: w,
            number: format!("{w}.{t}"),
            name: format!("Task {w}.{t}"),
            begin: 1,
            end: 60,
            role: None,
            lead_org: None,
        })
        .collect();
    project.est = project
        .tasks
        .iter()
        .flat_map(|t| (0..17).map(move |o| (t.number.clone(), o)))
        .map(|(task, o)| DemandRow {
            task,
            org: format!("BIG-{o}"),
            pm: (1..=60)
                .map(|m| (m, bigdecimal::BigDecimal::from(m % 4 + 1) / 4))
                .collect(),
        })
        .collect();
    let cells: usize = project.est.iter().map(|r| r.pm.len()).sum();
    assert!(cells >= 100_000, "{cells}");
    let path = scratch("big.ods");
    std::fs::write(
        &path,
        rediflow::workbooks::export::project_ods(&project).unwrap(),
    )
    .unwrap();

    let database = create_test_database();
    let started = Instant::now();
    let (code, out, err) = rediflow(&database, &["import-project", path.to_str().unwrap()]);
    let first = started.elapsed();
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!(
            "EST demand cells         {} created",
            grouped(cells as u64)
        )),
        "{out}"
    );
    let started = Instant::now();
    let (_, out, _) = rediflow(&database, &["import-project", path.to_str().unwrap()]);
    let second = started.elapsed();
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted"),
        "{out}"
    );
    // How long it takes is for `make bench` to say (a debug build on a shared machine varies
    // several-fold); this shows the time and proves the size works and stays idempotent.
    println!("{cells} demand cells: first import {first:.1?}, second (no change) {second:.1?}");
}

#[test]
fn a_generated_workbook_imports_exactly_its_demand_rows_and_again_changes_nothing() {
    let database = create_test_database();
    let path = scratch("generated.ods");
    let file = path.to_str().unwrap();
    let (code, out, err) = rediflow(
        &database,
        &[
            "gen-demo-workbook",
            file,
            "--demand-rows",
            "2000",
            "--seed",
            "5",
            "--code",
            "GEN-TEST",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("GEN-TEST: 2000 demand rows"), "{out}");

    let (code, out, err) = rediflow(&database, &["import-project", file]);
    assert_eq!(code, 0, "{out}{err}");
    let mut conn = connect(&owner_url(&database));
    let demand = |conn: &mut diesel::PgConnection, series: &str| {
        count(
            conn,
            &format!(
                "select count(*) as count from capacity_demand d join projects p on p.id = d.project_id \
                 where p.code = 'GEN-TEST' and d.series like '{series}'"
            ),
        )
    };
    assert_eq!(demand(&mut conn, "%"), 2000, "{out}");
    let (est, projplan) = (demand(&mut conn, "EST"), demand(&mut conn, "PROJPLAN"));
    assert!(est > 0 && projplan > 0 && est + projplan == 2000);
    assert!(
        out.contains(&format!(
            "EST demand cells         {} created",
            grouped(est as u64)
        )) && out.contains(&format!(
            "PROJPLAN demand cells    {} created",
            grouped(projplan as u64)
        )),
        "{out}"
    );
    // One audit row per demand cell, in one batch with the rest of the import.
    assert_eq!(
        count(
            &mut conn,
            "select count(*) as count from audit_log where entity_type = 'capacity_demand' \
             and actor = 'cli:tester' and project_id = (select id from projects where code = 'GEN-TEST')"
        ),
        2000
    );

    let before = fingerprint(&database);
    let (code, out, _) = rediflow(&database, &["import-project", file]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted"),
        "{out}"
    );
    let (code, out, _) = rediflow(&database, &["import-project", "--dry-run", file]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted") && out.contains("dry run"),
        "{out}"
    );
    assert_eq!(fingerprint(&database), before, "nothing changed");
}
