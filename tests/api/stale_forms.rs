//! No lost updates (issue 19, item 6): every form that changes or deletes an existing row
//! carries the row's version, and a save or delete from a page opened before someone else's
//! change is refused with the 409 page (what the user saw, what is stored now, what they typed),
//! writing nothing. The other editor's change is made through the server where a form exists
//! for it, and with SQL as the owner where only an import changes the row (the version moves on
//! whoever writes).

use crate::helpers::*;
use crate::team::{TEAM, one};

/// The statuses and bodies a test looks at.
async fn answer(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// A row of the 409 page: field, what the user saw, what is stored now (marked when it changed
/// meanwhile) and, for a save, what they typed.
fn conflict_row(field: &str, saw: &str, now: &str, typed: Option<&str>) -> String {
    let now = if saw == now {
        now.to_string()
    } else {
        format!("<mark>{now}</mark><span class=\"visually-hidden\"> (changed)</span>")
    };
    let typed = typed.map(|t| format!("<td>{t}</td>")).unwrap_or_default();
    format!("<tr><td>{field}</td><td>{saw}</td><td>{now}</td>{typed}</tr>")
}

#[tokio::test]
async fn a_stale_assignment_form_is_refused_and_keeps_what_was_typed() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    let px = one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    );
    let ada = one(
        &app,
        "select a.id::text as name from assignments a join persons p on p.id = a.person_id
         join projects pr on pr.id = a.project_id where p.code = 'ada' and pr.code = 'PX'",
    );
    let fixed = one(
        &app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let team = format!("/projects/{px}/team");
    let save = format!("{team}/assignments/{ada}");
    let typed = |percent: &'static str| {
        [
            ("role", ""),
            ("percent", percent),
            ("group", fixed.as_str()),
            ("start", "2030-12"),
            ("end", "2031-02"),
        ]
    };

    // Two planners open the Team tab; the second saves 45 %, then the first saves 37 %.
    let first = app.get_page(&team).await.text().await.unwrap();
    let other = app.another_browser();
    assert_eq!(other.submit(&team, &save, &typed("45")).await.status(), 303);
    let version = app.count("select version as count from projects where code = 'PX'");
    let (status, html) = answer(app.submit_from(&first, &save, &typed("37")).await).await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("Someone else changed the assignment of Ada Lovelace first"));
    assert!(html.contains("Nothing of yours was saved"), "{html}");
    assert!(
        html.contains(&conflict_row("Allocation %", "50", "45", Some("37"))),
        "{html}"
    );
    assert!(html.contains(&conflict_row(
        "Start month",
        "2030-12",
        "2030-12",
        Some("2030-12")
    )));
    assert!(html.contains(&format!("href=\"{team}#assignments\"")));
    // Nothing was written: the other planner's 45 % stands, with one audit row and one move of
    // the project's version.
    assert_eq!(
        app.count(&format!(
            "select allocation_percent::bigint as count from assignments where id = '{ada}'"
        )),
        45
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'assignment'"),
        1
    );
    assert_eq!(
        app.count("select version as count from projects where code = 'PX'"),
        version
    );

    // Removing it from the old page is refused too: they have not seen the 45 %.
    let (status, html) = answer(
        app.submit_from(&first, &format!("{save}/delete"), &[])
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert!(html.contains("Nothing was deleted"), "{html}");
    assert!(html.contains(&conflict_row("Allocation %", "50", "45", None)));
    assert_eq!(
        app.count(&format!(
            "select count(*) as count from assignments where id = '{ada}'"
        )),
        1
    );

    // From the page as it is now, the change goes through.
    assert_eq!(app.submit(&team, &save, &typed("37")).await.status(), 303);
    assert_eq!(
        app.count(&format!(
            "select allocation_percent::bigint as count from assignments where id = '{ada}'"
        )),
        37
    );
    // A form without a version is a bad request that changes nothing.
    let token = csrf_token_in(&first).unwrap();
    let mut bare = vec![("csrf_token", token.as_str())];
    bare.extend(typed("20"));
    assert_eq!(app.post_form(&save, &bare).await.status(), 400);
    assert_eq!(
        app.post_form(&format!("{save}/delete"), &bare[..1])
            .await
            .status(),
        400
    );
    assert_eq!(
        app.count(&format!(
            "select allocation_percent::bigint as count from assignments where id = '{ada}'"
        )),
        37
    );
}

/// A project with one work package, task, milestone and deliverable.
async fn structure_app() -> (TestApp, String) {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('ORG', 'Org');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'P', 'Project', id, date '2030-01-01', 24 from organisations;
         insert into work_packages (project_id, number, name, begin_month, end_month)
           select id, 1, 'WP1', 1, 12 from projects;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
           select project_id, id, '1.1', 'Task', 1, 6 from work_packages;
         insert into milestones (project_id, work_package_id, number, name, due_month)
           select project_id, id, 'MS1', 'Kick-off', 1 from work_packages;
         insert into deliverables (project_id, work_package_id, number, name, due_month)
           select project_id, id, 'D1.1', 'Report', 6 from work_packages;",
    );
    let id = one(&app, "select id::text as name from projects");
    (app, id)
}

#[tokio::test]
async fn a_stale_work_package_form_is_refused_and_so_are_the_other_structure_rows() {
    let (app, id) = structure_app().await;
    let wp = one(&app, "select id::text as name from work_packages");
    let page = format!("/projects/{id}/work-packages");
    let first = app.get_page(&page).await.text().await.unwrap();
    let save = format!("{page}/{wp}");
    let other = app.another_browser();
    let renamed = [
        ("number", "1"),
        ("name", "Management"),
        ("begin", "1"),
        ("end", "12"),
    ];
    assert_eq!(other.submit(&page, &save, &renamed).await.status(), 303);

    let mine = [
        ("number", "1"),
        ("name", "Mine"),
        ("begin", "1"),
        ("end", "24"),
    ];
    let (status, html) = answer(app.submit_from(&first, &save, &mine).await).await;
    assert_eq!(status, 409, "{html}");
    assert!(
        html.contains("Someone else changed WP 1 of P first"),
        "{html}"
    );
    assert!(html.contains(&conflict_row("Name", "WP1", "Management", Some("Mine"))));
    assert!(html.contains(&conflict_row("End month", "12", "12", Some("24"))));
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select name || ' ' || end_month as name from work_packages"
        ),
        ["Management 12"]
    );
    let (status, _) = answer(
        app.submit_from(&first, &format!("{save}/delete"), &[])
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(app.count("select count(*) as count from work_packages"), 1);

    // Tasks, milestones and deliverables: changed by someone else (here an import's way, as
    // the owner), then saved and deleted from the page opened before.
    for (tab, table, fields) in [
        (
            "tasks",
            "tasks",
            vec![
                ("number", "1.1"),
                ("name", "Mine"),
                ("begin", "1"),
                ("end", "6"),
            ],
        ),
        (
            "milestones",
            "milestones",
            vec![("number", "MS1"), ("name", "Mine"), ("due", "1")],
        ),
        (
            "deliverables",
            "deliverables",
            vec![("number", "D1.1"), ("name", "Mine"), ("due", "6")],
        ),
    ] {
        let row = one(&app, &format!("select id::text as name from {table}"));
        let page = format!("/projects/{id}/{tab}");
        let first = app.get_page(&page).await.text().await.unwrap();
        app.sql(&format!("update {table} set name = 'Theirs'"));
        let mut typed = fields.clone();
        typed.push(("wp", wp.as_str()));
        let save = format!("{page}/{row}");
        let (status, html) = answer(app.submit_from(&first, &save, &typed).await).await;
        assert_eq!(status, 409, "{tab}: {html}");
        assert!(html.contains("<mark>Theirs</mark>"), "{tab}: {html}");
        let (status, _) = answer(
            app.submit_from(&first, &format!("{save}/delete"), &[])
                .await,
        )
        .await;
        assert_eq!(status, 409, "{tab}");
        assert_eq!(
            names(
                &mut app.owner_connection(),
                &format!("select name from {table}")
            ),
            ["Theirs"],
            "{tab}"
        );
    }
    assert_eq!(
        app.count("select count(*) as count from audit_log where action <> 'create'"),
        1,
        "only the other editor's rename"
    );
}

#[tokio::test]
async fn a_corrected_form_still_detects_a_change_made_meanwhile() {
    let (app, id) = structure_app().await;
    let wp = one(&app, "select id::text as name from work_packages");
    let page = format!("/projects/{id}/work-packages");
    let save = format!("{page}/{wp}");
    // A typo first: the page comes back with what was typed, still at the version first seen.
    let wrong = [
        ("number", "1"),
        ("name", "Mine"),
        ("begin", "1"),
        ("end", "99"),
    ];
    let (status, refused) = answer(app.submit(&page, &save, &wrong).await).await;
    assert_eq!(status, 422);
    assert!(refused.contains("value=\"99\""));
    // Meanwhile someone renames the work package; the corrected form is refused.
    app.sql("update work_packages set name = 'Theirs'");
    let right = [
        ("number", "1"),
        ("name", "Mine"),
        ("begin", "1"),
        ("end", "12"),
    ];
    let (status, html) = answer(app.submit_from(&refused, &save, &right).await).await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains(&conflict_row("Name", "WP1", "Theirs", Some("Mine"))));
    assert_eq!(one(&app, "select name from work_packages"), "Theirs");
}

/// A person at UNI, with a membership, an FTE period and leave.
const PEOPLE: &str = "
insert into organisations (short_name, name) values ('UNI', 'University'), ('LAB', 'Lab');
insert into employee_groups (name) values ('Staff');
insert into employee_group_hours (employee_group_id, valid_from, daily_hours)
  select id, date '2020-01-01', 8 from employee_groups;
insert into persons (code, first_name, last_name, organisation_id, employment_start)
  select 'ada', 'Ada', 'Lovelace', id, date '2030-01-01' from organisations where short_name = 'UNI';
insert into employee_group_memberships (person_id, employee_group_id, valid_from)
  select p.id, g.id, date '2030-01-01' from persons p, employee_groups g;
insert into fte_periods (person_id, start_date, fte_percent) select id, date '2031-01-01', 80 from persons;
insert into leaves (person_id, leave_type_id, start_date, end_date)
  select p.id, t.id, date '2031-03-10', date '2031-03-14' from persons p, leave_types t where t.code = 'VAC';
";

#[tokio::test]
async fn a_stale_person_form_is_refused_and_so_is_deleting_them() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(PEOPLE);
    let id = one(&app, "select id::text as name from persons");
    let uni = one(
        &app,
        "select id::text as name from organisations where short_name = 'UNI'",
    );
    let edit = format!("/people/{id}/edit");
    let save = format!("/people/{id}");
    let fields = |last: &'static str| {
        [
            ("code", "ada"),
            ("first_name", "Ada"),
            ("last_name", last),
            ("email", ""),
            ("organisation", uni.as_str()),
            ("employment_start", "2030-01-01"),
            ("employment_end", ""),
            ("user", ""),
        ]
    };
    let first = app.get_page(&edit).await.text().await.unwrap();
    let confirm = app
        .get_page(&format!("/people/{id}/delete"))
        .await
        .text()
        .await
        .unwrap();
    let other = app.another_browser();
    assert_eq!(
        other.submit(&edit, &save, &fields("King")).await.status(),
        303
    );

    let (status, html) = answer(app.submit_from(&first, &save, &fields("Byron")).await).await;
    assert_eq!(status, 409, "{html}");
    assert!(
        html.contains("Someone else changed Ada King first"),
        "{html}"
    );
    assert!(html.contains(&conflict_row(
        "Last name",
        "Lovelace",
        "King",
        Some("Byron")
    )));
    assert!(html.contains(&conflict_row("Organisation", "UNI", "UNI", Some("UNI"))));
    assert_eq!(one(&app, "select last_name as name from persons"), "King");

    let (status, html) = answer(
        app.submit_from(&confirm, &format!("/people/{id}/delete"), &[])
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        html.contains("Nothing was deleted")
            && html.contains(&conflict_row("Last name", "Lovelace", "King", None))
    );
    assert_eq!(app.count("select count(*) as count from persons"), 1);
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'person'"),
        1
    );

    // A refused edit (422) keeps the version first seen: correcting it after someone else's
    // change is refused as well.
    let page = app.get_page(&edit).await.text().await.unwrap();
    let mut typo = fields("Byron").to_vec();
    typo[3] = ("email", "ada@");
    let (status, refused) = answer(app.submit_from(&page, &save, &typo).await).await;
    assert_eq!(status, 422);
    app.sql("update persons set first_name = 'Augusta'");
    let (status, _) = answer(app.submit_from(&refused, &save, &fields("Byron")).await).await;
    assert_eq!(status, 409);
    assert_eq!(
        one(
            &app,
            "select first_name || ' ' || last_name as name from persons"
        ),
        "Augusta King"
    );
}

#[tokio::test]
async fn stale_working_time_rows_are_not_removed() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(PEOPLE);
    let id = one(&app, "select id::text as name from persons");
    let person = format!("/people/{id}");
    let first = app.get_page(&person).await.text().await.unwrap();
    app.sql(
        "update fte_periods set fte_percent = 60;
         update leaves set end_date = date '2031-03-13';
         update employee_group_memberships set valid_from = date '2030-02-01';",
    );
    for (path, table, changed) in [
        (
            "fte-periods",
            "fte_periods",
            conflict_row("FTE %", "80", "60", None),
        ),
        (
            "leave",
            "leaves",
            conflict_row("Last day", "2031-03-14", "2031-03-13", None),
        ),
        (
            "memberships",
            "employee_group_memberships",
            conflict_row("From", "2030-01-01", "2030-02-01", None),
        ),
    ] {
        let row = one(&app, &format!("select id::text as name from {table}"));
        let (status, html) = answer(
            app.submit_from(&first, &format!("{person}/{path}/{row}/delete"), &[])
                .await,
        )
        .await;
        assert_eq!(status, 409, "{path}: {html}");
        assert!(html.contains(&changed), "{path}: {html}");
        assert_eq!(
            app.count(&format!("select count(*) as count from {table}")),
            1,
            "{path}"
        );
    }
    assert_eq!(app.count("select count(*) as count from audit_log"), 0);
}

#[tokio::test]
async fn stale_employee_group_and_leave_type_forms_are_refused() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(PEOPLE);
    let group = one(&app, "select id::text as name from employee_groups");
    let hours = one(&app, "select id::text as name from employee_group_hours");
    let vac = one(
        &app,
        "select id::text as name from leave_types where code = 'VAC'",
    );
    let page = "/people/groups";
    let first = app.get_page(page).await.text().await.unwrap();
    app.sql(
        "update employee_groups set name = 'Researchers';
         update employee_group_hours set daily_hours = 7.5;
         update leave_types set name = 'Holiday' where code = 'VAC';",
    );
    for (action, typed, changed) in [
        (
            format!("/people/groups/{group}"),
            vec![("name", "Scientists")],
            conflict_row("Name", "Staff", "Researchers", Some("Scientists")),
        ),
        (
            format!("/people/groups/{group}/hours/{hours}/delete"),
            vec![],
            conflict_row("Daily hours", "8", "7.5", None),
        ),
        (
            format!("/people/leave-types/{vac}"),
            vec![("name", "Annual leave")],
            conflict_row("Name", "Vacation", "Holiday", Some("Annual leave")),
        ),
        (
            format!("/people/leave-types/{vac}/delete"),
            vec![],
            conflict_row("Name", "Vacation", "Holiday", None),
        ),
    ] {
        let (status, html) = answer(app.submit_from(&first, &action, &typed).await).await;
        assert_eq!(status, 409, "{action}: {html}");
        assert!(html.contains(&changed), "{action}: {html}");
    }
    assert_eq!(one(&app, "select name from employee_groups"), "Researchers");
    assert_eq!(
        app.count("select count(*) as count from employee_group_hours"),
        1
    );
    assert_eq!(
        one(&app, "select name from leave_types where code = 'VAC'"),
        "Holiday"
    );
    assert_eq!(app.count("select count(*) as count from audit_log"), 0);
}

#[tokio::test]
async fn a_stale_organisation_form_is_refused_and_so_is_deleting_it() {
    let app = spawn_app().await;
    app.sql("insert into organisations (short_name, name, country_code) values ('UNI', 'University', 'FI'), ('SPARE', 'Spare', null)");
    let uni = one(
        &app,
        "select id::text as name from organisations where short_name = 'UNI'",
    );
    let spare = one(
        &app,
        "select id::text as name from organisations where short_name = 'SPARE'",
    );
    let edit = format!("/organisations/{uni}/edit");
    let save = format!("/organisations/{uni}");
    let first = app.get_page(&edit).await.text().await.unwrap();
    let list = app.get_page("/organisations").await.text().await.unwrap();
    let other = app.another_browser();
    let theirs = [
        ("short_name", "UNI"),
        ("name", "University of Turku"),
        ("parent", ""),
        ("country_code", "FI"),
    ];
    assert_eq!(other.submit(&edit, &save, &theirs).await.status(), 303);

    let mine = [
        ("short_name", "UNI"),
        ("name", "Uni"),
        ("parent", &spare),
        ("country_code", "FI"),
    ];
    let (status, html) = answer(app.submit_from(&first, &save, &mine).await).await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("Someone else changed UNI first"), "{html}");
    assert!(html.contains(&conflict_row(
        "Name",
        "University",
        "University of Turku",
        Some("Uni")
    )));
    assert!(html.contains(&conflict_row(
        "Parent",
        "— none —",
        "— none —",
        Some("SPARE")
    )));
    assert_eq!(
        one(
            &app,
            "select name || ' ' || coalesce(parent_id::text, '-') as name from organisations where short_name = 'UNI'"
        ),
        "University of Turku -"
    );

    let (status, _) = answer(
        app.submit_from(&list, &format!("/organisations/{uni}/delete"), &[])
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(app.count("select count(*) as count from organisations"), 2);
    // An unchanged organisation is deleted from the same old page.
    let deleted = app
        .submit_from(&list, &format!("/organisations/{spare}/delete"), &[])
        .await;
    assert_eq!(location(&deleted), "/organisations?notice=deleted");
    assert_eq!(app.count("select count(*) as count from organisations"), 1);
}

#[tokio::test]
async fn stale_settings_forms_are_refused() {
    let app = spawn_app().await;
    app.sql(
        "insert into calendars (code, name, country_code) values ('NO', 'Norway', 'NO');
         insert into holidays (calendar_id, day, name) select id, date '2030-05-17', 'Constitution Day' from calendars where code = 'FI';
         insert into system_hour_rates (valid_from, hours_per_pm) values (date '2030-01-01', 150);",
    );
    let id = |sql: &str| one(&app, sql);
    let running = id("select id::text as name from lifecycle_states where code = 'running'");
    let role = id("select id::text as name from role_types where name = 'Developer'");
    let role_name = "Developer".to_string();
    let fixed = id("select id::text as name from allocation_groups where code = 'fixed'");
    let norway = id("select id::text as name from calendars where code = 'NO'");
    let rate = id("select id::text as name from system_hour_rates");
    let holiday = id("select id::text as name from holidays");
    let first = app
        .get_page("/settings?calendar=FI&year=2030")
        .await
        .text()
        .await
        .unwrap();
    app.sql(&format!(
        "update lifecycle_states set is_pipeline = true, name = 'Ongoing' where code = 'running';
         update role_types set name = 'Renamed' where id = '{role}';
         update allocation_groups set name = 'Steady' where code = 'fixed';
         update calendars set name = 'Noreg' where code = 'NO';
         update system_hour_rates set hours_per_pm = 152;
         update holidays set name = 'Syttende mai';"
    ));
    let before = app.count("select count(*) as count from audit_log");
    for (action, typed, changed) in [
        (
            format!("/settings/lifecycle-state/{running}"),
            vec![("name", "Active")],
            conflict_row("Sales pipeline", "no", "yes", Some("no")),
        ),
        (
            format!("/settings/role-type/{role}"),
            vec![("name", "Mine"), ("group", "")],
            conflict_row("Name", &role_name, "Renamed", Some("Mine")),
        ),
        (
            format!("/settings/allocation-group/{fixed}"),
            vec![("name", "Firm")],
            conflict_row("Name", "Fixed", "Steady", Some("Firm")),
        ),
        (
            format!("/settings/role-type/{role}/delete"),
            vec![],
            conflict_row("Name", &role_name, "Renamed", None),
        ),
        (
            format!("/settings/calendar/{norway}/delete"),
            vec![],
            conflict_row("Name", "Norway", "Noreg", None),
        ),
        (
            format!("/settings/system-rate/{rate}/delete"),
            vec![],
            conflict_row("Hours per PM", "150", "152", None),
        ),
        (
            format!("/settings/holiday/{holiday}/delete"),
            vec![],
            conflict_row("Name", "Constitution Day", "Syttende mai", None),
        ),
    ] {
        let (status, html) = answer(app.submit_from(&first, &action, &typed).await).await;
        assert_eq!(status, 409, "{action}: {html}");
        assert!(html.contains(&changed), "{action}: {html}");
    }
    assert_eq!(
        one(
            &app,
            "select name from lifecycle_states where code = 'running'"
        ),
        "Ongoing"
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) as count from role_types where id = '{role}' and name = 'Renamed'"
        )),
        1
    );
    assert_eq!(
        one(
            &app,
            "select name from allocation_groups where code = 'fixed'"
        ),
        "Steady"
    );
    assert_eq!(app.count("select count(*) as count from calendars"), 3);
    assert_eq!(
        app.count("select count(*) as count from system_hour_rates"),
        1
    );
    assert_eq!(app.count("select count(*) as count from holidays"), 1);
    assert_eq!(app.count("select count(*) as count from audit_log"), before);
}

#[tokio::test]
async fn a_stale_project_rate_is_not_deleted() {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('ORG', 'Org');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'P', 'Project', id, date '2030-01-01', 24 from organisations;
         insert into project_hour_rates (project_id, valid_from, hours_per_pm)
           select id, date '2030-07-01', 140 from projects;",
    );
    let id = one(&app, "select id::text as name from projects");
    let rate = one(&app, "select id::text as name from project_hour_rates");
    let first = app
        .get_page(&format!("/projects/{id}"))
        .await
        .text()
        .await
        .unwrap();
    app.sql("update project_hour_rates set hours_per_pm = 145");
    let (status, html) = answer(
        app.submit_from(&first, &format!("/projects/{id}/rates/{rate}/delete"), &[])
            .await,
    )
    .await;
    assert_eq!(status, 409, "{html}");
    assert!(
        html.contains(&conflict_row("Hours per PM", "140", "145", None)),
        "{html}"
    );
    assert_eq!(
        app.count("select count(*) as count from project_hour_rates"),
        1
    );
}

#[tokio::test]
async fn every_update_moves_a_rows_version_on_whoever_writes() {
    let app = spawn_app().await;
    app.sql("insert into organisations (short_name, name) values ('ORG', 'Org')");
    assert_eq!(app.count("select version as count from organisations"), 1);
    app.sql("update organisations set name = 'Renamed'; update organisations set version = 99");
    // Even a write that names a version of its own cannot set it back.
    assert_eq!(app.count("select version as count from organisations"), 3);
}
