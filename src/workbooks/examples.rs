//! The example spreadsheets of `docs/` (`rediflow make-example-ods DIR`): "Example project"
//! EXAMPLE-P, its people, and the Authentik test people. Deterministic, so the committed files
//! only change when this code does. `rediflow seed-examples` imports them into an empty
//! database only ([`work_in`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::db::schema::{persons, projects};
use crate::workbooks::export;
use crate::workbooks::import::people::{
    AssignmentRow, FteRow, GroupHours, LeaveRow, PeopleFile, PersonRow,
};
use crate::workbooks::import::project::{
    DeliverableRow, DemandRow, MilestoneRow, OrgRole, OrgRow, ProjectFile, TaskRow, WorkPackageRow,
};

fn d(text: &str) -> BigDecimal {
    BigDecimal::from_str(text).unwrap_or_default()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn org(short: &str, name: &str, parent: Option<&str>, country: &str, role: OrgRole) -> OrgRow {
    OrgRow {
        short_name: short.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
        country: Some(country.into()),
        role,
    }
}

/// The tasks of the example: (WP, number, name, begin, end, role, lead).
const TASKS: &[(i32, &str, &str, i32, i32, &str, &str)] = &[
    (
        1,
        "1.1",
        "Project management",
        1,
        36,
        "Project manager",
        "EXAMPLE",
    ),
    (
        1,
        "1.2",
        "Data management plan",
        1,
        6,
        "Researcher",
        "EXAMPLE-RES",
    ),
    (
        1,
        "1.3",
        "Dissemination and exploitation",
        3,
        36,
        "Researcher",
        "EXAMPLE",
    ),
    (
        2,
        "2.1",
        "Requirements and use cases",
        1,
        9,
        "Senior researcher",
        "EXAMPLE-RES",
    ),
    (
        2,
        "2.2",
        "Models and algorithms",
        6,
        24,
        "Researcher",
        "NORDLAB-AI",
    ),
    (
        2,
        "2.3",
        "Evaluation on field data",
        18,
        33,
        "Research assistant",
        "NORDLAB-BIO",
    ),
    (
        3,
        "3.1",
        "Platform development",
        7,
        30,
        "Developer",
        "EXAMPLE-DEV",
    ),
    (
        3,
        "3.2",
        "Pilots and validation",
        24,
        36,
        "Technician",
        "NORDLAB-BIO",
    ),
];

/// Who works on which task, and how much per month while the task runs.
const EFFORT: &[(&str, &str, &str)] = &[
    ("1.1", "EXAMPLE", "0.5"),
    ("1.2", "EXAMPLE-RES", "0.3"),
    ("1.3", "EXAMPLE", "0.2"),
    ("1.3", "NORDLAB-AI", "0.1"),
    ("2.1", "EXAMPLE-RES", "1.2"),
    ("2.1", "NORDLAB-AI", "0.4"),
    ("2.2", "NORDLAB-AI", "1.5"),
    ("2.2", "EXAMPLE-RES", "0.8"),
    ("2.3", "NORDLAB-BIO", "1"),
    ("2.3", "EXAMPLE-RES", "0.5"),
    ("3.1", "EXAMPLE-DEV", "2"),
    ("3.1", "NORDLAB-AI", "0.25"),
    ("3.2", "NORDLAB-BIO", "1.25"),
    ("3.2", "EXAMPLE-DEV", "0.75"),
];

/// The [`EFFORT`] of each task in every month it runs, times `factor`.
fn example_demand(factor: &str) -> Vec<DemandRow> {
    EFFORT
        .iter()
        .map(|(task, org, pm)| {
            let (_, _, _, begin, end, _, _) = TASKS
                .iter()
                .find(|t| t.1 == *task)
                .copied()
                .unwrap_or(TASKS[0]);
            let value = (d(pm) * d(factor))
                .with_scale_round(3, bigdecimal::RoundingMode::HalfEven)
                .normalized();
            DemandRow {
                task: task.to_string(),
                org: org.to_string(),
                pm: (begin..=end)
                    .map(|m| (m, value.clone()))
                    .collect::<BTreeMap<_, _>>(),
            }
        })
        .collect()
}

/// The POO EXAMPLE with its two units as partners, and two NORDLAB divisions under their root
/// (listed without a role, so that the import learns the hierarchy).
fn example_organisations() -> Vec<OrgRow> {
    vec![
        org("EXAMPLE", "Example University", None, "FI", OrgRole::Poo),
        org(
            "EXAMPLE-RES",
            "Example University, Research Centre",
            Some("EXAMPLE"),
            "FI",
            OrgRole::Partner,
        ),
        org(
            "EXAMPLE-DEV",
            "Example University, Software Lab",
            Some("EXAMPLE"),
            "FI",
            OrgRole::Partner,
        ),
        org("NORDLAB", "Nordlab AB", None, "SE", OrgRole::Parent),
        org(
            "NORDLAB-AI",
            "Nordlab AB, AI Division",
            Some("NORDLAB"),
            "SE",
            OrgRole::Partner,
        ),
        org(
            "NORDLAB-BIO",
            "Nordlab AB, Bio Division",
            Some("NORDLAB"),
            "SE",
            OrgRole::Partner,
        ),
    ]
}

/// Management over the whole project; research first, then the platform and its pilots.
fn example_work_packages() -> Vec<WorkPackageRow> {
    vec![
        WorkPackageRow {
            number: 1,
            name: "Management and dissemination".into(),
            lead_org: Some("EXAMPLE".into()),
            begin: 1,
            end: 36,
        },
        WorkPackageRow {
            number: 2,
            name: "Research".into(),
            lead_org: Some("EXAMPLE-RES".into()),
            begin: 1,
            end: 33,
        },
        WorkPackageRow {
            number: 3,
            name: "Platform and pilots".into(),
            lead_org: Some("EXAMPLE-DEV".into()),
            begin: 7,
            end: 36,
        },
    ]
}

/// Two milestones with a role to follow up and two without, so both cases are in the file.
fn example_milestones() -> Vec<MilestoneRow> {
    vec![
        MilestoneRow {
            number: "MS1".into(),
            name: "Kick-off held".into(),
            wp: Some(1),
            due: 1,
            role: None,
        },
        MilestoneRow {
            number: "MS2".into(),
            name: "Requirements agreed".into(),
            wp: Some(2),
            due: 9,
            role: Some("Senior researcher".into()),
        },
        MilestoneRow {
            number: "MS3".into(),
            name: "First platform release".into(),
            wp: Some(3),
            due: 18,
            role: Some("Developer".into()),
        },
        MilestoneRow {
            number: "MS4".into(),
            name: "Pilots completed".into(),
            wp: Some(3),
            due: 36,
            role: None,
        },
    ]
}

/// Deliverables of several types and dissemination levels, led by different partners.
fn example_deliverables() -> Vec<DeliverableRow> {
    vec![
        DeliverableRow {
            number: "D1.1".into(),
            name: "Data management plan".into(),
            wp: 1,
            due: 6,
            kind: Some("DMP".into()),
            dissemination: Some("PU".into()),
            lead_org: Some("EXAMPLE-RES".into()),
        },
        DeliverableRow {
            number: "D1.2".into(),
            name: "Final report".into(),
            wp: 1,
            due: 36,
            kind: Some("R".into()),
            dissemination: Some("PU".into()),
            lead_org: Some("EXAMPLE".into()),
        },
        DeliverableRow {
            number: "D2.1".into(),
            name: "Requirements and use cases".into(),
            wp: 2,
            due: 9,
            kind: Some("R".into()),
            dissemination: Some("SEN".into()),
            lead_org: Some("EXAMPLE-RES".into()),
        },
        DeliverableRow {
            number: "D2.2".into(),
            name: "Evaluation data set".into(),
            wp: 2,
            due: 33,
            kind: Some("DATA".into()),
            dissemination: Some("PU".into()),
            lead_org: Some("NORDLAB-BIO".into()),
        },
        DeliverableRow {
            number: "D3.1".into(),
            name: "Platform release".into(),
            wp: 3,
            due: 30,
            kind: Some("DEM".into()),
            dissemination: Some("PU".into()),
            lead_org: Some("EXAMPLE-DEV".into()),
        },
    ]
}

/// The example project: EXAMPLE with two units, two partners under the NORDLAB root.
pub fn example_project() -> ProjectFile {
    ProjectFile {
        code: "EXAMPLE-P".into(),
        name: "Example project".into(),
        description:
            "A three-year research and innovation action used as demo data: three work packages, \
                      eight tasks, milestones, deliverables and 36 months of planned effort."
                .into(),
        start: day(2026, 1, 1),
        duration: 36,
        poo: "EXAMPLE".into(),
        lifecycle: "running".into(),
        hours_per_pm: Some(d("152")),
        organisations: example_organisations(),
        work_packages: example_work_packages(),
        tasks: TASKS
            .iter()
            .map(|(wp, number, name, begin, end, role, lead)| TaskRow {
                wp: *wp,
                number: number.to_string(),
                name: name.to_string(),
                begin: *begin,
                end: *end,
                role: Some(role.to_string()),
                lead_org: Some(lead.to_string()),
            })
            .collect(),
        milestones: example_milestones(),
        deliverables: example_deliverables(),
        // The plan as contracted was 10 % leaner than today's estimate.
        est: example_demand("1"),
        projplan: Some(example_demand("0.9")),
    }
}

fn person(
    code: &str,
    first: &str,
    last: &str,
    org: &str,
    group: &str,
    start: NaiveDate,
) -> PersonRow {
    PersonRow {
        code: code.into(),
        first_name: first.into(),
        last_name: last.into(),
        email: Some(if code.contains('@') {
            code.replace("@test", "@example.org")
        } else {
            format!(
                "{}.{}@example.org",
                first.to_lowercase(),
                last.to_lowercase()
            )
        }),
        org: org.into(),
        group: group.into(),
        employment_start: start,
        employment_end: None,
    }
}

fn assignment(
    person: &str,
    role: &str,
    percent: &str,
    group: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> AssignmentRow {
    AssignmentRow {
        person: person.into(),
        project: "EXAMPLE-P".into(),
        role: Some(role.into()),
        percent: d(percent),
        group: group.into(),
        start,
        end,
    }
}

fn base_groups() -> Vec<GroupHours> {
    vec![
        GroupHours {
            group: "Research staff".into(),
            daily_hours: d("7.25"),
            valid_from: day(2020, 1, 1),
        },
        GroupHours {
            group: "Research staff".into(),
            daily_hours: d("7.5"),
            valid_from: day(2026, 1, 1),
        },
        GroupHours {
            group: "Technical staff".into(),
            daily_hours: d("7.5"),
            valid_from: day(2020, 1, 1),
        },
    ]
}

fn base_leave_types() -> Vec<(String, String)> {
    vec![
        ("VAC".into(), "Vacation".into()),
        ("SICK".into(), "Sick leave".into()),
        ("PARENT".into(), "Parental leave".into()),
    ]
}

/// Seven persons across all the example organisations, one joining during the project.
fn example_persons() -> Vec<PersonRow> {
    vec![
        person(
            "aino.virtanen",
            "Aino",
            "Virtanen",
            "EXAMPLE",
            "Research staff",
            day(2015, 3, 1),
        ),
        person(
            "mikko.korhonen",
            "Mikko",
            "Korhonen",
            "EXAMPLE-RES",
            "Research staff",
            day(2019, 8, 15),
        ),
        person(
            "laura.nieminen",
            "Laura",
            "Nieminen",
            "EXAMPLE-RES",
            "Research staff",
            day(2022, 1, 1),
        ),
        person(
            "juha.makinen",
            "Juha",
            "Mäkinen",
            "EXAMPLE-DEV",
            "Technical staff",
            day(2018, 5, 1),
        ),
        person(
            "sanna.laine",
            "Sanna",
            "Laine",
            "EXAMPLE-DEV",
            "Technical staff",
            day(2026, 2, 16),
        ),
        person(
            "erik.lindqvist",
            "Erik",
            "Lindqvist",
            "NORDLAB-AI",
            "Research staff",
            day(2017, 9, 1),
        ),
        person(
            "karin.berg",
            "Karin",
            "Berg",
            "NORDLAB-BIO",
            "Technical staff",
            day(2021, 4, 1),
        ),
    ]
}

/// A temporary part-time period and an open-ended one.
fn example_fte() -> Vec<FteRow> {
    vec![
        FteRow {
            person: "laura.nieminen".into(),
            start: day(2026, 9, 15),
            end: Some(day(2027, 6, 30)),
            percent: d("60"),
        },
        FteRow {
            person: "karin.berg".into(),
            start: day(2026, 1, 1),
            end: None,
            percent: d("80"),
        },
    ]
}

/// A summer vacation, a Christmas vacation over the turn of the year and a parental leave.
fn example_leave() -> Vec<LeaveRow> {
    vec![
        LeaveRow {
            person: "aino.virtanen".into(),
            leave_type: "VAC".into(),
            start: day(2026, 7, 6),
            end: day(2026, 7, 31),
        },
        LeaveRow {
            person: "mikko.korhonen".into(),
            leave_type: "VAC".into(),
            start: day(2026, 12, 21),
            end: day(2027, 1, 8),
        },
        LeaveRow {
            person: "erik.lindqvist".into(),
            leave_type: "PARENT".into(),
            start: day(2027, 2, 1),
            end: day(2027, 5, 31),
        },
    ]
}

/// Everyone on the example project; Juha is over-allocated for a winter on purpose.
fn example_assignments() -> Vec<AssignmentRow> {
    vec![
        assignment(
            "aino.virtanen",
            "Project manager",
            "40",
            "fixed",
            day(2026, 1, 1),
            day(2028, 12, 1),
        ),
        assignment(
            "mikko.korhonen",
            "Senior researcher",
            "60",
            "fixed",
            day(2026, 1, 1),
            day(2027, 9, 1),
        ),
        assignment(
            "laura.nieminen",
            "Researcher",
            "50",
            "flexible",
            day(2026, 6, 1),
            day(2028, 9, 1),
        ),
        assignment(
            "juha.makinen",
            "Developer",
            "80",
            "fixed",
            day(2026, 7, 1),
            day(2028, 6, 1),
        ),
        // Juha also covers the platform's technical work while Sanna is onboarded: with his
        // 80 % as a developer he is over-allocated this winter (the portfolio shows it).
        assignment(
            "juha.makinen",
            "Technician",
            "35",
            "flexible",
            day(2026, 11, 1),
            day(2027, 4, 1),
        ),
        assignment(
            "sanna.laine",
            "Developer",
            "50",
            "flexible",
            day(2026, 3, 1),
            day(2028, 12, 1),
        ),
        assignment(
            "erik.lindqvist",
            "Researcher",
            "70",
            "fixed",
            day(2026, 6, 1),
            day(2027, 12, 1),
        ),
        assignment(
            "karin.berg",
            "Technician",
            "90",
            "fixed",
            day(2027, 6, 1),
            day(2028, 12, 1),
        ),
    ]
}

/// People of the example organisations, assigned to the example project.
pub fn example_people() -> PeopleFile {
    PeopleFile {
        group_hours: base_groups(),
        leave_types: base_leave_types(),
        persons: example_persons(),
        fte: Some(example_fte()),
        leave: Some(example_leave()),
        assignments: example_assignments(),
    }
}

/// The four Authentik test users as persons (codes equal their usernames), assigned to the example.
pub fn authentik_test_people() -> PeopleFile {
    PeopleFile {
        group_hours: base_groups(),
        leave_types: base_leave_types(),
        persons: vec![
            person(
                "admin@test",
                "Ada",
                "Admin",
                "EXAMPLE",
                "Research staff",
                day(2020, 1, 1),
            ),
            person(
                "editor@test",
                "Eddie",
                "Editor",
                "EXAMPLE-RES",
                "Research staff",
                day(2020, 1, 1),
            ),
            person(
                "viewer@test",
                "Vera",
                "Viewer",
                "NORDLAB-AI",
                "Research staff",
                day(2020, 1, 1),
            ),
            person(
                "orguser@test",
                "Olli",
                "Orguser",
                "EXAMPLE",
                "Technical staff",
                day(2020, 1, 1),
            ),
        ],
        fte: Some(Vec::new()),
        leave: Some(Vec::new()),
        assignments: vec![
            assignment(
                "editor@test",
                "Researcher",
                "50",
                "fixed",
                day(2026, 1, 1),
                day(2028, 12, 1),
            ),
            assignment(
                "viewer@test",
                "Researcher",
                "30",
                "flexible",
                day(2026, 6, 1),
                day(2027, 12, 1),
            ),
            assignment(
                "orguser@test",
                "Developer",
                "60",
                "fixed",
                day(2026, 7, 1),
                day(2028, 6, 1),
            ),
        ],
    }
}

/// Writes the three example files into `dir`; returns their paths.
pub fn write_all(dir: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let files = [
        ("example.ods", export::project_ods(&example_project())?),
        ("example_people.ods", export::people_ods(&example_people())?),
        (
            "example_authentik_test_people.ods",
            export::people_ods(&authentik_test_people())?,
        ),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// What the database holds that someone made or imported: (projects, persons). Seeding the
/// examples over it would undo their work, so `seed-examples` imports only when both are 0.
pub fn work_in(conn: &mut PgConnection) -> QueryResult<(i64, i64)> {
    Ok((
        projects::table.count().get_result(conn)?,
        persons::table.count().get_result(conn)?,
    ))
}
