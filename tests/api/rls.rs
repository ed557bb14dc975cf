//! Row-level security as the application role sees it, with raw SQL: what each kind of user
//! can read and write, table by table (SPEC §6–§7).
//!
//! Fixture: two roots with children (R1 > R1-A > R1-A-X, R1 > R1-B; R2 > R2-B), projects owned
//! and partnered across them (P4 locked, P5 closed), persons in both trees, assignments, and one
//! user of each kind.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use rediflow::error::AppError;
use uuid::Uuid;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

pub(crate) fn id(tag: &str) -> String {
    format!("00000000-0000-0000-0000-{tag:0>12}")
}

pub(crate) const FIXTURE: &str = "
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-0000000000a1', 'R1', 'Root one', null),
  ('00000000-0000-0000-0000-0000000000b1', 'R2', 'Root two', null);
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-0000000000a2', 'R1-A', 'R1 child A', '00000000-0000-0000-0000-0000000000a1'),
  ('00000000-0000-0000-0000-0000000000a4', 'R1-B', 'R1 child B', '00000000-0000-0000-0000-0000000000a1'),
  ('00000000-0000-0000-0000-0000000000b2', 'R2-B', 'R2 child B', '00000000-0000-0000-0000-0000000000b1');
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-0000000000a3', 'R1-A-X', 'R1-A child', '00000000-0000-0000-0000-0000000000a2');

insert into projects (id, code, name, owner_org_id, start_month, duration_months, locked, lifecycle_state_id) values
  ('00000000-0000-0000-0000-0000000000c1', 'P1', 'Owned by R1-A', '00000000-0000-0000-0000-0000000000a2', date '2026-01-01', 24, false, null),
  ('00000000-0000-0000-0000-0000000000c2', 'P2', 'Owned by R2-B, R1-A-X partner', '00000000-0000-0000-0000-0000000000b2', date '2026-01-01', 24, false, null),
  ('00000000-0000-0000-0000-0000000000c3', 'P3', 'Owned by R2', '00000000-0000-0000-0000-0000000000b1', date '2026-01-01', 24, false, null),
  ('00000000-0000-0000-0000-0000000000c4', 'P4', 'Owned by R1-B, locked', '00000000-0000-0000-0000-0000000000a4', date '2026-01-01', 24, true, null),
  ('00000000-0000-0000-0000-0000000000c5', 'P5', 'Owned by R1-A, closed', '00000000-0000-0000-0000-0000000000a2', date '2026-01-01', 24, false,
     (select id from lifecycle_states where code = 'closed'));
insert into project_partners (project_id, organisation_id)
  select p.id, o.id from projects p, organisations o where (p.code, o.short_name) in
  (('P1', 'R1-B'), ('P2', 'R1-A-X'), ('P3', 'R2-B'), ('P4', 'R1'), ('P5', 'R2'));

insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP1', 1, 24 from projects;
insert into tasks (project_id, work_package_id, number, name, begin_month, end_month) select project_id, id, '1.1', 'T1.1', 1, 12 from work_packages;
insert into milestones (project_id, work_package_id, number, name, due_month) select project_id, id, 'MS1', 'M1', 6 from work_packages;
insert into deliverables (project_id, work_package_id, number, name, due_month) select project_id, id, 'D1.1', 'D1.1', 12 from work_packages;
insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
  select t.project_id, t.id, p.owner_org_id, date '2026-02-01', 'EST', 1.5 from tasks t join projects p on p.id = t.project_id;
insert into role_demand (project_id, role_type_id, month, fte_percent) select p.id, r.id, date '2026-02-01', 50 from projects p, (select id from role_types limit 1) r;
insert into project_hour_rates (project_id, valid_from, hours_per_pm) select id, date '2026-01-01', 150 from projects;

insert into employee_groups (id, name) values ('00000000-0000-0000-0000-0000000000e1', 'Staff');
insert into persons (id, code, organisation_id) values
  ('00000000-0000-0000-0000-0000000000d1', 'pe1', '00000000-0000-0000-0000-0000000000a2'),
  ('00000000-0000-0000-0000-0000000000d2', 'pe2', '00000000-0000-0000-0000-0000000000b2'),
  ('00000000-0000-0000-0000-0000000000d3', 'pe3', '00000000-0000-0000-0000-0000000000a4'),
  ('00000000-0000-0000-0000-0000000000d4', 'pe4', '00000000-0000-0000-0000-0000000000b1'),
  ('00000000-0000-0000-0000-0000000000d5', 'pe5', '00000000-0000-0000-0000-0000000000a3');
insert into project_group_hour_rates (project_id, employee_group_id, valid_from, hours_per_pm)
  select id, '00000000-0000-0000-0000-0000000000e1', date '2026-01-01', 140 from projects;
insert into employee_group_memberships (person_id, employee_group_id, valid_from) select id, '00000000-0000-0000-0000-0000000000e1', date '2020-01-01' from persons;
insert into fte_periods (person_id, start_date, fte_percent) select id, date '2026-01-01', 80 from persons;
insert into leaves (person_id, leave_type_id, start_date, end_date) select p.id, l.id, date '2026-07-01', date '2026-07-20' from persons p, leave_types l where l.code = 'VAC';
insert into assignments (id, person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month)
  select gen_random_uuid(), pe.id, pr.id, 50, g.id, date '2026-01-01', date '2026-12-01'
  from persons pe, projects pr, allocation_groups g
  where g.code = 'fixed' and (pe.code, pr.code) in (('pe1', 'P3'), ('pe2', 'P2'), ('pe3', 'P4'), ('pe4', 'P1'), ('pe5', 'P5'));
insert into allocation_overrides (assignment_id, project_id, month, pm) select id, project_id, date '2026-03-01', 0.4 from assignments;

insert into capacity_requests (project_id, requesting_org_id, receiving_org_id) values
  ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-0000000000a4'),
  ('00000000-0000-0000-0000-0000000000c3', '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000b2'),
  ('00000000-0000-0000-0000-0000000000c4', '00000000-0000-0000-0000-0000000000a4', '00000000-0000-0000-0000-0000000000a2');
insert into capacity_request_lines (capacity_request_id, project_id, task_id, month, pm)
  select r.id, r.project_id, t.id, date '2026-05-01', 1 from capacity_requests r join tasks t on t.project_id = r.project_id;

insert into users (id, sub, username, role, visibility) values
  ('00000000-0000-0000-0000-0000000000f1', 's-admin', 'admin', 'admin', 'all'),
  ('00000000-0000-0000-0000-0000000000f2', 's-super', 'super', 'super_admin', 'all'),
  ('00000000-0000-0000-0000-0000000000f3', 's-editor', 'editor', 'editor', 'all'),
  ('00000000-0000-0000-0000-0000000000f4', 's-viewer', 'viewer', 'viewer', 'all'),
  ('00000000-0000-0000-0000-0000000000f5', 's-orged', 'org-editor', 'editor', 'org'),
  ('00000000-0000-0000-0000-0000000000f6', 's-orgvw', 'org-viewer', 'viewer', 'org'),
  ('00000000-0000-0000-0000-0000000000f7', 's-assigned', 'assigned', 'viewer', 'assigned'),
  ('00000000-0000-0000-0000-0000000000f8', 's-none', 'nobody', 'none', 'all');
insert into user_organisations (user_id, organisation_id) values
  ('00000000-0000-0000-0000-0000000000f5', '00000000-0000-0000-0000-0000000000a2'),
  ('00000000-0000-0000-0000-0000000000f6', '00000000-0000-0000-0000-0000000000b1');
update persons set user_id = '00000000-0000-0000-0000-0000000000f7' where code = 'pe1';
update persons set user_id = '00000000-0000-0000-0000-0000000000f5' where code = 'pe5';
insert into user_settings (user_id) select id from users;
insert into shared_views (code, owner_user_id, target_path) select 'share-' || username, id, '/projects' from users;
insert into audit_log (user_id, actor, action, entity_type, entity_id, project_id, after)
  select '00000000-0000-0000-0000-0000000000f1', 'admin', 'update', 'project', id, id, '{}' from projects;
insert into audit_log (user_id, actor, action, entity_type, after)
  values ('00000000-0000-0000-0000-0000000000f1', 'admin', 'create', 'organisation', '{}');
";

/// A fresh database with the fixture, and an app-role connection to it.
pub(crate) fn setup() -> (String, PgConnection) {
    let name = create_test_database();
    connect(&owner_url(&name)).batch_execute(FIXTURE).unwrap();
    let app = connect(&app_url(&name));
    (name, app)
}

/// Acts as `user` (None: nobody) on this connection from now on.
pub(crate) fn act_as(conn: &mut PgConnection, user: Option<&str>) {
    diesel::sql_query("select set_config('app.current_user_id', $1, false)")
        .bind::<diesel::sql_types::Text, _>(user.map(id).unwrap_or_default())
        .execute(conn)
        .unwrap();
}

fn ids(conn: &mut PgConnection, sql: &str) -> Vec<String> {
    names(conn, sql)
}

/// Project tables: each has rows for every fixture project.
pub(crate) const PROJECT_TABLES: &[&str] = &[
    "project_partners",
    "work_packages",
    "tasks",
    "milestones",
    "deliverables",
    "capacity_demand",
    "role_demand",
    "project_hour_rates",
    "project_group_hour_rates",
    "assignments",
    "allocation_overrides",
];
const PERSON_TABLES: &[(&str, &str)] = &[
    ("persons", "id"),
    ("employee_group_memberships", "person_id"),
    ("fte_periods", "person_id"),
    ("leaves", "person_id"),
];

/// Every protected table (SPEC §7) and the lookups, for the "nobody sees anything" check.
pub(crate) const ALL_PROTECTED: &[&str] = &[
    "projects",
    "project_partners",
    "work_packages",
    "tasks",
    "milestones",
    "deliverables",
    "capacity_demand",
    "role_demand",
    "project_hour_rates",
    "project_group_hour_rates",
    "assignments",
    "allocation_overrides",
    "capacity_requests",
    "capacity_request_lines",
    "persons",
    "employee_group_memberships",
    "fte_periods",
    "leaves",
    "users",
    "user_organisations",
    "user_settings",
    "shared_views",
    "pending_imports",
    "audit_log",
    "organisations",
    "lifecycle_states",
    "role_types",
    "deliverable_types",
    "dissemination_levels",
    "allocation_groups",
    "lookup_groups",
    "calendars",
    "holidays",
    "leave_types",
    "employee_groups",
    "employee_group_hours",
    "system_hour_rates",
    "scenarios",
    "scenario_shares",
    "scenario_changes",
];

struct Expectation {
    user: &'static str,
    projects: &'static [&'static str],
    persons: &'static [&'static str],
}

const ALL_PROJECTS: &[&str] = &["c1", "c2", "c3", "c4", "c5"];
const ALL_PERSONS: &[&str] = &["d1", "d2", "d3", "d4", "d5"];

const EXPECTATIONS: &[Expectation] = &[
    Expectation {
        user: "f1",
        projects: ALL_PROJECTS,
        persons: ALL_PERSONS,
    },
    Expectation {
        user: "f2",
        projects: ALL_PROJECTS,
        persons: ALL_PERSONS,
    },
    Expectation {
        user: "f3",
        projects: ALL_PROJECTS,
        persons: ALL_PERSONS,
    },
    Expectation {
        user: "f4",
        projects: ALL_PROJECTS,
        persons: ALL_PERSONS,
    },
    // org-editor in R1-A: P1 and P5 (owned by R1-A), P2 (partner R1-A-X); persons of root R1.
    Expectation {
        user: "f5",
        projects: &["c1", "c2", "c5"],
        persons: &["d1", "d3", "d5"],
    },
    // org-viewer in R2: P2 (owned by R2-B), P3 (R2), P5 (partner R2); persons of root R2.
    Expectation {
        user: "f6",
        projects: &["c2", "c3", "c5"],
        persons: &["d2", "d4"],
    },
    // assigned-only viewer linked to pe1, assigned to P3.
    Expectation {
        user: "f7",
        projects: &["c3"],
        persons: &["d1"],
    },
    // a user without a role group sees nothing.
    Expectation {
        user: "f8",
        projects: &[],
        persons: &[],
    },
];

fn id_list(tags: &[&str]) -> String {
    tags.iter()
        .map(|t| format!("'{}'", id(t)))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn each_user_sees_exactly_their_rows_in_every_table() {
    let (name, mut app) = setup();
    let mut owner = connect(&owner_url(&name));
    for table in PROJECT_TABLES {
        let covered = count(
            &mut owner,
            &format!("select count(distinct project_id) as count from {table}"),
        );
        assert_eq!(covered, 5, "the fixture covers every project in {table}");
    }
    for e in EXPECTATIONS {
        act_as(&mut app, Some(e.user));
        let visible = format!(
            "({})",
            if e.projects.is_empty() {
                "null".to_string()
            } else {
                id_list(e.projects)
            }
        );
        let people = format!(
            "({})",
            if e.persons.is_empty() {
                "null".to_string()
            } else {
                id_list(e.persons)
            }
        );

        let projects = ids(&mut app, "select id::text as name from projects order by 1");
        let expected: Vec<String> = e.projects.iter().map(|t| id(t)).collect();
        assert_eq!(projects, expected, "user {} projects", e.user);
        // The projects list asks the rule for the ids alone (migration 001030).
        assert_eq!(
            ids(&mut app, LISTED_IDS),
            expected,
            "user {} app.visible_project_id_list()",
            e.user
        );

        for table in PROJECT_TABLES {
            let query = format!("select id::text as name from {table} order by 1");
            let query = if *table == "project_partners" {
                format!(
                    "select project_id::text || organisation_id::text as name from {table} order by 1"
                )
            } else {
                query
            };
            let expected_query = query.replace(
                " order by",
                &format!(" where project_id in {visible} order by"),
            );
            assert_eq!(
                ids(&mut app, &query),
                ids(&mut owner, &expected_query),
                "user {} table {table}",
                e.user
            );
        }
        for (table, key) in PERSON_TABLES {
            let query = format!("select id::text as name from {table} order by 1");
            let expected_query =
                format!("select id::text as name from {table} where {key} in {people} order by 1");
            let seen = ids(&mut app, &query);
            assert_eq!(
                seen,
                ids(&mut owner, &expected_query),
                "user {} table {table}",
                e.user
            );
            assert_eq!(
                seen.is_empty(),
                e.persons.is_empty(),
                "user {} table {table}",
                e.user
            );
        }
        // The audit log: administrators everything, others the history of their visible projects.
        let audit = ids(
            &mut app,
            "select coalesce(project_id::text, 'none') as name from audit_log order by 1",
        );
        let mut expected_audit: Vec<String> = if e.user == "f1" || e.user == "f2" {
            ALL_PROJECTS.to_vec()
        } else {
            e.projects.to_vec()
        }
        .iter()
        .map(|t| id(t))
        .collect();
        if e.user == "f1" || e.user == "f2" {
            expected_audit.push("none".into());
        }
        expected_audit.sort();
        assert_eq!(audit, expected_audit, "user {} audit_log", e.user);
        // Own row only, unless admin.
        let users = ids(&mut app, "select id::text as name from users order by 1");
        if e.user == "f1" || e.user == "f2" {
            assert_eq!(users.len(), 8);
        } else {
            assert_eq!(users, [id(e.user)], "user {} users", e.user);
        }
        assert_eq!(
            ids(&mut app, "select user_id::text as name from user_settings"),
            [id(e.user)]
        );
        assert_eq!(
            ids(
                &mut app,
                "select owner_user_id::text as name from shared_views"
            ),
            [id(e.user)]
        );
        // Organisations and lookups: every signed-in user.
        assert_eq!(
            count(&mut app, "select count(*) as count from organisations"),
            6,
            "user {}",
            e.user
        );
        assert!(count(&mut app, "select count(*) as count from role_types") > 0);
    }
}

#[test]
fn capacity_requests_are_seen_by_the_project_and_the_receiving_organisation() {
    let (_, mut app) = setup();
    let projects_of_requests = |app: &mut PgConnection, user: &str| {
        act_as(app, Some(user));
        (
            ids(
                app,
                "select project_id::text as name from capacity_requests order by 1",
            ),
            ids(
                app,
                "select distinct project_id::text as name from capacity_request_lines order by 1",
            ),
        )
    };
    // org-editor (R1-A): P1's request (visible project) and P4's (R1-A receives it, P4 itself is invisible).
    let (requests, lines) = projects_of_requests(&mut app, "f5");
    assert_eq!(requests, [id("c1"), id("c4")]);
    assert_eq!(lines, [id("c1"), id("c4")]);
    assert_eq!(
        ids(
            &mut app,
            "select id::text as name from projects where id = '00000000-0000-0000-0000-0000000000c4'"
        ),
        Vec::<String>::new()
    );
    // assigned-only viewer: P3's request only.
    let (requests, _) = projects_of_requests(&mut app, "f7");
    assert_eq!(requests, [id("c3")]);
}

/// The ids the projects list is given, one per row.
const LISTED_IDS: &str = "select unnest(app.visible_project_id_list())::text as name order by 1";

#[test]
fn nobody_sees_anything_without_a_user_id() {
    let (_, mut app) = setup();
    for user in [None, Some("ff")] {
        act_as(&mut app, user);
        assert!(ids(&mut app, LISTED_IDS).is_empty(), "{user:?}");
        for table in ALL_PROTECTED {
            assert_eq!(
                count(&mut app, &format!("select count(*) as count from {table}")),
                0,
                "{table} with user {user:?}"
            );
        }
    }
}

/// Rows `sql` changes, rolled back afterwards so every check starts from the fixture.
pub(crate) fn affected(conn: &mut PgConnection, sql: &str) -> usize {
    let mut rows = None;
    let outcome = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        rows = Some(diesel::sql_query(sql).execute(conn)?);
        Err(diesel::result::Error::RollbackTransaction)
    });
    match (rows, outcome) {
        (Some(n), Err(diesel::result::Error::RollbackTransaction)) => n,
        (_, other) => panic!("{sql}: {other:?}"),
    }
}

pub(crate) fn refused(conn: &mut PgConnection, sql: &str) -> String {
    match conn
        .transaction::<_, diesel::result::Error, _>(|conn| diesel::sql_query(sql).execute(conn))
    {
        Ok(n) => panic!("allowed ({n} rows): {sql}"),
        Err(e) => e.to_string(),
    }
}

pub(crate) const RLS_REFUSAL: &str = "new row violates row-level security policy";

#[test]
fn viewers_cannot_change_anything() {
    let (_, mut app) = setup();
    for viewer in ["f4", "f6", "f7", "f8"] {
        act_as(&mut app, Some(viewer));
        assert_eq!(
            affected(&mut app, "update projects set name = 'changed'"),
            0,
            "{viewer}"
        );
        assert_eq!(
            affected(&mut app, "delete from work_packages"),
            0,
            "{viewer}"
        );
        assert_eq!(
            affected(&mut app, "update capacity_demand set pm = 99"),
            0,
            "{viewer}"
        );
        assert_eq!(
            affected(&mut app, "update persons set first_name = 'x'"),
            0,
            "{viewer}"
        );
        assert_eq!(
            affected(&mut app, "delete from organisations"),
            0,
            "{viewer}"
        );
        let error = refused(
            &mut app,
            "insert into work_packages (project_id, number, name, begin_month, end_month)
             values ('00000000-0000-0000-0000-0000000000c3', 9, 'Intruder', 1, 2)",
        );
        assert!(error.contains(RLS_REFUSAL), "{viewer}: {error}");
        let error = refused(
            &mut app,
            "insert into organisations (short_name, name) values ('NEW', 'New')",
        );
        assert!(error.contains(RLS_REFUSAL), "{viewer}: {error}");
    }
}

#[test]
fn editors_write_only_inside_their_projects() {
    let (name, mut app) = setup();
    act_as(&mut app, Some("f5")); // org-editor in R1-A

    // Inside a visible, open project: allowed.
    assert_eq!(
        affected(
            &mut app,
            "insert into work_packages (project_id, number, name, begin_month, end_month)
                             values ('00000000-0000-0000-0000-0000000000c1', 2, 'WP2', 1, 2)"
        ),
        1
    );
    assert_eq!(
        affected(&mut app, "update capacity_demand set pm = 2"),
        2,
        "P1 and P2 (partner), not closed P5"
    );
    // Demand and assignments into a project they cannot see: its tasks are invisible, and
    // naming them directly is refused.
    assert_eq!(
        affected(
            &mut app,
            "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
             select project_id, id, '00000000-0000-0000-0000-0000000000a2', date '2026-09-01', 'EST', 1 from tasks
             where project_id = '00000000-0000-0000-0000-0000000000c3'"
        ),
        0
    );
    let task_of_p3 = names(&mut connect(&owner_url(&name)), "select id::text as name from tasks where project_id = '00000000-0000-0000-0000-0000000000c3'").remove(0);
    let error = refused(
        &mut app,
        &format!(
            "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
             values ('00000000-0000-0000-0000-0000000000c3', '{task_of_p3}', '00000000-0000-0000-0000-0000000000a2', date '2026-09-01', 'EST', 1)"
        ),
    );
    assert!(error.contains(RLS_REFUSAL), "{error}");
    let error = refused(
        &mut app,
        "insert into assignments (person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month)
         select '00000000-0000-0000-0000-0000000000d5', '00000000-0000-0000-0000-0000000000c3', 10, id, date '2026-01-01', date '2026-02-01'
         from allocation_groups where code = 'fixed'",
    );
    assert!(error.contains(RLS_REFUSAL), "{error}");
    // Moving their project to an organisation they cannot see.
    let error = refused(
        &mut app,
        "update projects set owner_org_id = '00000000-0000-0000-0000-0000000000b1' where code = 'P1'",
    );
    assert!(error.contains(RLS_REFUSAL), "{error}");
    // Creating a project for another organisation.
    let error = refused(
        &mut app,
        "insert into projects (code, name, owner_org_id, start_month, duration_months)
         values ('PX', 'Elsewhere', '00000000-0000-0000-0000-0000000000b1', date '2026-01-01', 12)",
    );
    assert!(error.contains(RLS_REFUSAL), "{error}");
    assert_eq!(
        affected(&mut app, "insert into projects (code, name, owner_org_id, start_month, duration_months)
                             values ('PY', 'Own', '00000000-0000-0000-0000-0000000000a3', date '2026-01-01', 12)"),
        1
    );
    // Invisible and closed projects are untouchable.
    assert_eq!(
        affected(
            &mut app,
            "update projects set name = 'x' where code in ('P3', 'P4')"
        ),
        0
    );
    assert_eq!(
        affected(&mut app, "update projects set name = 'x' where code = 'P5'"),
        0,
        "closed locks it"
    );
    assert_eq!(
        affected(
            &mut app,
            "delete from tasks where project_id = '00000000-0000-0000-0000-0000000000c5'"
        ),
        0
    );
    // Editors do not maintain people or organisations.
    assert_eq!(affected(&mut app, "update persons set first_name = 'x'"), 0);

    // Locks give way to super-admins only.
    act_as(&mut app, Some("f1"));
    assert_eq!(
        affected(
            &mut app,
            "update projects set name = 'x' where code in ('P4', 'P5')"
        ),
        0,
        "admins respect locks"
    );
    act_as(&mut app, Some("f2"));
    assert_eq!(
        affected(
            &mut app,
            "update projects set name = 'x' where code in ('P4', 'P5')"
        ),
        2
    );
}

#[test]
fn personal_rows_and_the_audit_log_are_protected() {
    let (name, mut app) = setup();
    act_as(&mut app, Some("f3"));
    assert_eq!(
        affected(
            &mut app,
            &format!(
                "update user_settings set locale = 'fi' where user_id = '{}'",
                id("f4")
            )
        ),
        0
    );
    assert_eq!(
        affected(
            &mut app,
            "delete from shared_views where code = 'share-viewer'"
        ),
        0
    );
    assert_eq!(
        affected(&mut app, "update user_settings set locale = 'fi'"),
        1,
        "their own"
    );
    let error = refused(
        &mut app,
        &format!(
            "insert into shared_views (code, owner_user_id, target_path) values ('forged-link', '{}', '/')",
            id("f4")
        ),
    );
    assert!(error.contains(RLS_REFUSAL), "{error}");
    assert!(refused(&mut app, "update audit_log set actor = 'x'").contains("permission denied"));
    assert!(refused(&mut app, "delete from audit_log").contains("permission denied"));
    let error = refused(
        &mut app,
        &format!(
            "insert into audit_log (user_id, actor, action, entity_type, after) values ('{}', 'forged', 'delete', 'project', '{{}}')",
            id("f1")
        ),
    );
    assert!(
        error.contains(RLS_REFUSAL),
        "audit rows only in one's own name: {error}"
    );
    assert_eq!(
        affected(
            &mut app,
            &format!(
                "insert into audit_log (user_id, actor, action, entity_type, after) values ('{}', 'editor', 'update', 'project', '{{}}')",
                id("f3")
            )
        ),
        1
    );

    // A share link resolves for any signed-in user, counting the click; not for nobody.
    assert_eq!(
        names(&mut app, "select app.resolve_share('share-viewer') as name"),
        ["/projects"]
    );
    act_as(&mut app, None);
    assert_eq!(
        count(
            &mut app,
            "select count(app.resolve_share('share-viewer')) as count"
        ),
        0
    );
    assert_eq!(
        count(
            &mut connect(&owner_url(&name)),
            "select clicks as count from shared_views where code = 'share-viewer'"
        ),
        1
    );
}

#[test]
fn compared_columns_are_indexed() {
    let (name, _) = setup();
    let mut owner = connect(&owner_url(&name));
    for (table, column) in [
        ("projects", "owner_org_id"),
        ("project_partners", "organisation_id"),
        ("assignments", "person_id"),
        ("persons", "organisation_id"),
        ("persons", "user_id"),
        ("user_organisations", "user_id"),
        ("user_organisations", "organisation_id"),
        ("organisations", "parent_id"),
        ("user_settings", "user_id"),
        ("pending_imports", "user_id"),
        ("shared_views", "owner_user_id"),
        ("shared_views", "code"),
        ("audit_log", "project_id"),
        ("capacity_requests", "receiving_org_id"),
        ("capacity_request_lines", "capacity_request_id"),
        ("scenarios", "owner_user_id"),
        ("scenario_shares", "scenario_id"),
        ("scenario_changes", "scenario_id"),
    ]
    .into_iter()
    .chain(PROJECT_TABLES.iter().map(|t| (*t, "project_id")))
    .chain(
        PERSON_TABLES
            .iter()
            .filter(|(t, _)| *t != "persons")
            .map(|(t, k)| (*t, *k)),
    ) {
        let leading = count(
            &mut owner,
            &format!(
                "select count(*) as count from pg_index i
                 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                 where i.indrelid = 'public.{table}'::regclass and a.attname = '{column}'"
            ),
        );
        assert!(leading > 0, "no index starts with {table}.{column}");
    }
}

#[tokio::test]
async fn a_one_connection_pool_leaks_nothing_to_the_next_request() {
    let (name, _) = setup();
    let database = one_connection_database(&app_url(&name));
    let admin = Uuid::parse_str(&id("f1")).unwrap();
    let count_projects = |conn: &mut PgConnection| {
        Ok::<_, AppError>(count(conn, "select count(*) as count from projects"))
    };
    assert_eq!(
        database
            .in_transaction(Some(admin), count_projects)
            .await
            .unwrap(),
        5
    );
    assert_eq!(
        database.in_transaction(None, count_projects).await.unwrap(),
        0
    );
    let orged = Uuid::parse_str(&id("f5")).unwrap();
    assert_eq!(
        database
            .in_transaction(Some(orged), count_projects)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        database.in_transaction(None, count_projects).await.unwrap(),
        0
    );
}

#[test]
fn rls_check_passes_and_catches_a_table_without_rls() {
    let (name, _) = setup();
    let mut owner = connect(&owner_url(&name));
    let report = rediflow::db::rls_check::check(&mut owner, APP_ROLE).unwrap();
    assert_eq!(report.problems, Vec::<String>::new());
    assert!(
        report
            .tables
            .iter()
            .any(|t| t.name == "capacity_demand" && t.rls && t.policy_count == 4)
    );
    owner
        .batch_execute("create table forgotten (id int)")
        .unwrap();
    let report = rediflow::db::rls_check::check(&mut owner, APP_ROLE).unwrap();
    assert_eq!(
        report.problems,
        ["table forgotten has no row-level security"]
    );
}

#[tokio::test]
async fn an_org_scoped_editor_gets_404_for_other_organisations_projects() {
    // With RLS on (the app role) and off (the owner, where the app's own filters must hold).
    for rls in ["true", "false"] {
        let idp = TestIdp::start().await;
        idp.add_user(IdpUser::new(
            "orged@test",
            &[
                "rediflow-editors",
                "rediflow-org-R1-A",
                "rediflow-visibility-org",
            ],
        ));
        let database = create_test_database();
        connect(&owner_url(&database))
            .batch_execute(FIXTURE)
            .unwrap();
        let app = spawn_app_on(
            &database,
            &[
                ("RLS_ENABLED", rls),
                ("OIDC_ISSUER", idp.issuer.as_str()),
                ("OIDC_CLIENT_ID", CLIENT_ID),
                ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
                ("PERSON_CAPACITY_ENABLED", "true"),
                ("ROLE_DEMAND_ENABLED", "true"),
            ],
        )
        .await;
        sign_in(&app, &idp, "orged@test").await;

        for (project, status) in [
            ("c1", 200),
            ("c2", 200),
            ("c5", 200),
            ("c3", 404),
            ("c4", 404),
        ] {
            let response = app.get_page(&format!("/projects/{}", id(project))).await;
            assert_eq!(response.status(), status, "RLS {rls}: project {project}");
            if status == 404 {
                let html = response.text().await.unwrap();
                assert!(
                    html.contains("Page not found") && !html.contains("Owned by"),
                    "nothing about it leaks"
                );
            }
        }
        // Every page under a hidden project is as absent as the project itself.
        for page in [
            "edit",
            "history",
            "work-packages",
            "tasks",
            "milestones",
            "deliverables",
            "capacity",
            "capacity?series=ACTUAL&format=csv",
            "role-demand",
            "export.ods",
            "team",
            "team?table=balance&format=csv",
        ] {
            for (project, status) in [("c1", 200), ("c3", 404)] {
                let response = app
                    .get_page(&format!("/projects/{}/{page}", id(project)))
                    .await;
                assert_eq!(
                    response.status(),
                    status,
                    "RLS {rls}: /{page} of project {project}"
                );
            }
        }
        // Writes to a hidden project are refused the same way and change nothing.
        let token = app.csrf_token("/projects").await;
        let before = app.count("select count(*) from work_packages");
        for (page, form) in [
            (
                "work-packages",
                vec![
                    ("number", "9"),
                    ("name", "Sneaky"),
                    ("begin", "1"),
                    ("end", "2"),
                ],
            ),
            ("capacity", vec![("series", "EST"), ("version", "1")]),
            (
                "rates",
                vec![("valid_from", "2026-01"), ("hours_per_pm", "1")],
            ),
        ] {
            let mut fields = vec![("csrf_token", token.as_str())];
            fields.extend(form);
            let response = app
                .post_form(&format!("/projects/{}/{page}", id("c3")), &fields)
                .await;
            assert_eq!(response.status(), 404, "RLS {rls}: POST /{page}");
        }
        assert_eq!(app.count("select count(*) from work_packages"), before);
        let list = app.get_page("/projects").await.text().await.unwrap();
        for (code, shown) in [
            ("P1", true),
            ("P2", true),
            ("P5", true),
            ("P3", false),
            ("P4", false),
        ] {
            assert_eq!(
                list.contains(&format!(">{code}</a>")),
                shown,
                "RLS {rls}: {code} in the list"
            );
        }
        let people = app.get_page("/people").await.text().await.unwrap();
        for (code, shown) in [
            ("pe1", true),
            ("pe3", true),
            ("pe5", true),
            ("pe2", false),
            ("pe4", false),
        ] {
            assert_eq!(
                people.contains(&format!("<td>{code}</td>")),
                shown,
                "RLS {rls}: person {code}"
            );
        }
        for (person, status) in [("d1", 200), ("d3", 200), ("d2", 404), ("d4", 404)] {
            let response = app.get_page(&format!("/people/{}", id(person))).await;
            assert_eq!(response.status(), status, "RLS {rls}: person page {person}");
        }
        // pe1 is visible, but their assignment to the invisible P3 is not.
        let pe1 = app
            .get_page(&format!("/people/{}", id("d1")))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            pe1.contains("No assignments to projects you can see.") && !pe1.contains(">P3</a>"),
            "RLS {rls}: {pe1}"
        );
        let home = app.get_page("/").await.text().await.unwrap();
        assert!(
            home.contains("<span class=\"card-figure\">3</span>"),
            "RLS {rls}: 3 projects and 3 persons on the home page"
        );
    }
}

/// Sets the user and the focus project (migration 000980) for the current transaction only, as
/// `Database::in_project_transaction` does.
pub(crate) fn focus_on(conn: &mut PgConnection, user: &str, project: &str) {
    diesel::sql_query(
        "select set_config('app.current_user_id', $1, true), set_config('app.focus_project', $2, true)",
    )
    .bind::<diesel::sql_types::Text, _>(id(user))
    .bind::<diesel::sql_types::Text, _>(project.to_string())
    .execute(conn)
    .unwrap();
}

/// The rows of `table` this connection reads, all of them and those of `project`.
fn project_rows(conn: &mut PgConnection, table: &str, project: &str) -> (Vec<String>, Vec<String>) {
    let key = if table == "projects" {
        "id"
    } else {
        "project_id"
    };
    let all = ids(
        conn,
        &format!("select {key}::text || ':' || ctid::text as name from {table} order by 1"),
    );
    let one = ids(
        conn,
        &format!(
            "select {key}::text || ':' || ctid::text as name from {table} \
             where {key} = '{project}' order by 1"
        ),
    );
    (all, one)
}

/// Naming a focus project only spares work: every user reads exactly their visible rows of every
/// project table, whichever project (visible, hidden, unknown) the request names.
#[test]
fn a_focus_project_never_shows_more_than_the_visible_set() {
    let (name, mut app) = setup();
    let mut owner = connect(&owner_url(&name));
    let mut tables: Vec<&str> = PROJECT_TABLES.to_vec();
    tables.extend(["projects", "project_demand_totals"]);
    let unknown = id("99");
    for e in EXPECTATIONS {
        for focus in ALL_PROJECTS.iter().map(|t| id(t)).chain([unknown.clone()]) {
            app.transaction::<(), diesel::result::Error, _>(|app| {
                focus_on(app, e.user, &focus);
                for table in &tables {
                    let key = if *table == "projects" {
                        "id"
                    } else {
                        "project_id"
                    };
                    let visible = if e.projects.is_empty() {
                        "null".to_string()
                    } else {
                        id_list(e.projects)
                    };
                    let (all, one) = project_rows(app, table, &focus);
                    let expected = ids(
                        &mut owner,
                        &format!(
                            "select {key}::text || ':' || ctid::text as name from {table} \
                             where {key} in ({visible}) order by 1"
                        ),
                    );
                    assert_eq!(all, expected, "user {} focus {focus} {table}", e.user);
                    let expected_one: Vec<String> = expected
                        .iter()
                        .filter(|r| r.starts_with(&focus))
                        .cloned()
                        .collect();
                    assert_eq!(one, expected_one, "user {} focus {focus} {table}", e.user);
                }
                Err(diesel::result::Error::RollbackTransaction)
            })
            .unwrap_err();
        }
    }
}

/// What one user's check of the focus project remembers cannot serve another user in the same
/// transaction, nor anyone in the next one.
#[test]
fn the_focus_memo_does_not_leak_across_users_or_transactions() {
    let (_, mut app) = setup();
    let p3 = id("c3");
    let seen = |app: &mut PgConnection| {
        count(
            app,
            &format!("select count(*) as count from capacity_demand where project_id = '{p3}'"),
        ) + count(
            app,
            &format!("select count(*) as count from projects where id = '{p3}'"),
        )
    };
    // f7 (assigned to P3) sees it; f5 (org R1-A) does not, before or after f7 asked.
    app.transaction::<(), diesel::result::Error, _>(|app| {
        focus_on(app, "f5", &p3);
        assert_eq!(seen(app), 0, "f5 first");
        focus_on(app, "f7", &p3);
        assert!(seen(app) > 0, "f7 after f5");
        focus_on(app, "f5", &p3);
        assert_eq!(seen(app), 0, "f5 after f7");
        Ok(())
    })
    .unwrap();
    app.transaction::<(), diesel::result::Error, _>(|app| {
        focus_on(app, "f7", &p3);
        assert!(seen(app) > 0);
        Ok(())
    })
    .unwrap();
    // The next transaction starts without user, focus or memo.
    app.transaction::<(), diesel::result::Error, _>(|app| {
        assert_eq!(seen(app), 0, "no user");
        diesel::sql_query("select set_config('app.current_user_id', $1, true)")
            .bind::<diesel::sql_types::Text, _>(id("f5"))
            .execute(app)
            .unwrap();
        assert_eq!(seen(app), 0, "f5 without focus");
        assert_eq!(
            ids(
                app,
                "select coalesce(current_setting('app.focus_seen', true), '') as name"
            ),
            [""]
        );
        Ok(())
    })
    .unwrap();
    // A write that changes who sees what forgets the answer within the transaction: P3 loses
    // its assignment of f7's person, so f7 no longer sees it.
    app.transaction::<(), diesel::result::Error, _>(|app| {
        focus_on(app, "f7", &p3);
        assert!(seen(app) > 0);
        focus_on(app, "f1", &p3);
        diesel::sql_query(format!("delete from assignments where project_id = '{p3}'"))
            .execute(app)
            .unwrap();
        focus_on(app, "f7", &p3);
        assert_eq!(seen(app), 0, "f7 after losing the assignment");
        Err(diesel::result::Error::RollbackTransaction)
    })
    .unwrap_err();
}

/// The user's role and visibility, as the policies' helpers answer them for `user` now.
fn user_facts_of(conn: &mut PgConnection, user: Option<&str>) -> String {
    diesel::sql_query("select set_config('app.current_user_id', $1, true)")
        .bind::<diesel::sql_types::Text, _>(user.map(id).unwrap_or_default())
        .execute(conn)
        .unwrap();
    ids(
        conn,
        "select concat_ws(' ', app.current_role(), app.visibility(), app.sees_everything(),
                          app.is_signed_in(), app.is_admin()) as name",
    )
    .remove(0)
}

#[test]
fn the_users_role_is_answered_for_the_asking_user_only() {
    let (name, mut app) = setup();
    // Every kind of user, then each again: the remembered answer belongs to one user.
    let users = [
        (Some("f1"), "admin all t t t"),
        (Some("f2"), "super_admin all t t t"),
        (Some("f4"), "viewer all t t f"),
        (Some("f5"), "editor org f t f"),
        (Some("f7"), "viewer assigned f t f"),
        (Some("f8"), "none f t f"),
        (Some("f9"), "f f f"),
        (None, "f f f"),
    ];
    app.transaction::<(), diesel::result::Error, _>(|app| {
        for _ in 0..2 {
            for (user, expected) in users {
                assert_eq!(user_facts_of(app, user), expected, "{user:?}");
            }
        }
        Ok(())
    })
    .unwrap();
    // A change of the user's role within the transaction is seen at once (it is read from
    // `users` on every call since migration 001050); the owner makes it, as sign-in would.
    let mut owner = connect(&owner_url(&name));
    owner
        .transaction::<(), diesel::result::Error, _>(|owner| {
            assert_eq!(user_facts_of(owner, Some("f5")), "editor org f t f");
            diesel::sql_query(format!(
                "update users set role = 'admin' where id = '{}'",
                id("f5")
            ))
            .execute(owner)?;
            assert_eq!(user_facts_of(owner, Some("f5")), "admin all t t t");
            Err(diesel::result::Error::RollbackTransaction)
        })
        .unwrap_err();
    // And nothing of it is kept in a setting.
    app.transaction::<(), diesel::result::Error, _>(|app| {
        assert_eq!(
            ids(
                app,
                "select coalesce(current_setting('app.user_facts', true), '') as name"
            ),
            [""]
        );
        Ok(())
    })
    .unwrap();
}

/// The user's organisations (and their descendants) as `app.user_org_ids()` answers for `user`.
fn user_orgs_of(conn: &mut PgConnection, user: &str) -> Vec<String> {
    diesel::sql_query("select set_config('app.current_user_id', $1, true)")
        .bind::<diesel::sql_types::Text, _>(id(user))
        .execute(conn)
        .unwrap();
    ids(
        conn,
        "select o.short_name as name from organisations o
         where o.id in (select app.user_org_ids()) order by 1",
    )
}

#[test]
fn the_users_organisations_are_remembered_per_transaction_for_that_user_only() {
    let (name, mut app) = setup();
    app.transaction::<(), diesel::result::Error, _>(|app| {
        for _ in 0..2 {
            assert_eq!(user_orgs_of(app, "f5"), ["R1-A", "R1-A-X"]);
            assert_eq!(user_orgs_of(app, "f6"), ["R2", "R2-B"]);
            assert!(
                user_orgs_of(app, "f1").is_empty(),
                "admins have none of their own"
            );
        }
        Ok(())
    })
    .unwrap();
    // A new membership counts at once within the transaction that adds it.
    let mut owner = connect(&owner_url(&name));
    owner
        .transaction::<(), diesel::result::Error, _>(|owner| {
            assert_eq!(user_orgs_of(owner, "f5"), ["R1-A", "R1-A-X"]);
            diesel::sql_query(format!(
                "insert into user_organisations (user_id, organisation_id) values ('{}', '{}')",
                id("f5"),
                id("b1")
            ))
            .execute(owner)?;
            assert_eq!(user_orgs_of(owner, "f5"), ["R1-A", "R1-A-X", "R2", "R2-B"]);
            Err(diesel::result::Error::RollbackTransaction)
        })
        .unwrap_err();
}
