//! Creating and editing a project in the browser.

use crate::helpers::*;

fn org(app: &TestApp, short: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!("select id::text as name from organisations where short_name = '{short}'"),
    )
    .remove(0)
}

fn state(app: &TestApp, code: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!("select id::text as name from lifecycle_states where code = '{code}'"),
    )
    .remove(0)
}

#[tokio::test]
async fn a_manager_creates_and_edits_a_project() {
    let app = spawn_app().await;
    app.sql("insert into organisations (short_name, name) values ('UNI', 'University'), ('LAB', 'Lab'), ('CO', 'Company')");
    let token = app.csrf_token("/projects/new").await;
    let (uni, lab, co, running) = (
        org(&app, "UNI"),
        org(&app, "LAB"),
        org(&app, "CO"),
        state(&app, "running"),
    );
    let response = app
        .post_form(
            "/projects",
            &[
                ("csrf_token", &token),
                ("version", ""),
                ("code", "NEWP"),
                ("name", "New project"),
                ("description", "Plans."),
                ("poo", &uni),
                ("partners", &lab),
                ("partners", &co),
                ("lifecycle", &running),
                ("start", "2027-02"),
                ("duration", "24"),
                ("hours_per_pm", "150,5"),
            ],
        )
        .await;
    let location = location(&response);
    let id = location.trim_start_matches("/projects/").to_string();
    let html = app.get_page(&location).await.text().await.unwrap();
    assert!(
        html.contains("NEWP — New project")
            && html.contains("<dd>CO, LAB</dd>")
            && html.contains("2027-02 – 2029-01 (24 months)")
            && html.contains("150.5 hours per PM"),
        "{html}"
    );

    // Edit: drop a partner, extend by a year.
    let edit = app
        .get_page(&format!("/projects/{id}/edit"))
        .await
        .text()
        .await
        .unwrap();
    let version = edit
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(version, "1");
    let response = app
        .post_form(
            &format!("/projects/{id}"),
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("code", "NEWP"),
                ("name", "New project"),
                ("description", "Plans."),
                ("poo", &uni),
                ("partners", &lab),
                ("lifecycle", &running),
                ("start", "2027-02"),
                ("duration", "36"),
                ("hours_per_pm", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select o.short_name as name from project_partners pp join organisations o on o.id = pp.organisation_id"
        ),
        ["LAB"]
    );
    assert_eq!(
        app.count("select duration_months::bigint as count from projects"),
        36
    );
    assert_eq!(app.count("select version as count from projects"), 2);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select action as name from audit_log where entity_type = 'project' order by occurred_at"
        ),
        ["create", "update"]
    );

    // A second save from the stale form is refused, not applied.
    let response = app
        .post_form(
            &format!("/projects/{id}"),
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("code", "NEWP"),
                ("name", "Overwritten"),
                ("poo", &uni),
                ("start", "2027-02"),
                ("duration", "12"),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Someone saved this project after you opened the form")
    );
    assert_eq!(
        names(&mut app.owner_connection(), "select name from projects"),
        ["New project"]
    );
}

#[tokio::test]
async fn invalid_projects_are_refused_with_field_errors() {
    let app = spawn_app().await;
    app.sql("insert into organisations (short_name, name) values ('UNI', 'University');
             insert into projects (code, name, start_month, duration_months) values ('TAKEN', 'Taken', date '2026-01-01', 12)");
    let token = app.csrf_token("/projects/new").await;
    for (fields, message) in [
        (
            vec![
                ("code", "TAKEN"),
                ("name", "X"),
                ("start", "2026-01"),
                ("duration", "12"),
            ],
            "The code TAKEN is taken: choose another.",
        ),
        (
            vec![
                ("code", "bad code"),
                ("name", "X"),
                ("start", "2026-01"),
                ("duration", "12"),
            ],
            "Use letters, digits",
        ),
        (
            vec![
                ("code", "OK1"),
                ("name", ""),
                ("start", "2026-01"),
                ("duration", "12"),
            ],
            "Enter the project&#39;s name.",
        ),
        (
            vec![
                ("code", "OK1"),
                ("name", "X"),
                ("start", "January"),
                ("duration", "12"),
            ],
            "Enter the start month as YYYY-MM",
        ),
        (
            vec![
                ("code", "OK1"),
                ("name", "X"),
                ("start", "2026-01"),
                ("duration", "0"),
            ],
            "from 1 to 600",
        ),
        (
            vec![
                ("code", "OK1"),
                ("name", "X"),
                ("start", "2026-01"),
                ("duration", "12"),
                ("hours_per_pm", "-5"),
            ],
            "above 0 and at most 744",
        ),
        (
            // Judged as stored (numeric(7, 2)): 0.001 hours would be kept as 0.
            vec![
                ("code", "OK1"),
                ("name", "X"),
                ("start", "2026-01"),
                ("duration", "12"),
                ("hours_per_pm", "0,001"),
            ],
            "above 0 and at most 744",
        ),
        (
            vec![
                ("code", "OK1"),
                ("name", "X"),
                ("start", "2026-01"),
                ("duration", "12"),
                ("poo", "nope"),
            ],
            "Choose an existing organisation.",
        ),
    ] {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields);
        let response = app.post_form("/projects", &form).await;
        assert_eq!(response.status(), 422, "{message}");
        assert!(
            response.text().await.unwrap().contains(message),
            "{message}"
        );
    }
    assert_eq!(app.count("select count(*) as count from projects"), 1);
}

#[tokio::test]
async fn locked_projects_and_viewers_cannot_edit() {
    let app = spawn_app().await;
    app.sql("insert into projects (code, name, start_month, duration_months, locked) values ('LOCKED', 'Locked', date '2026-01-01', 12, true)");
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let response = app.get_page(&format!("/projects/{id}/edit")).await;
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This project is locked; only super-admins may change it.")
    );

    let viewer = spawn_app_with(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    assert_eq!(viewer.get_page("/projects/new").await.status(), 403);
    assert_eq!(
        viewer
            .post_form(
                "/projects",
                &[
                    ("csrf_token", "x"),
                    ("code", "V"),
                    ("name", "V"),
                    ("start", "2026-01"),
                    ("duration", "1")
                ]
            )
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn time_based_rates_change_the_hours() {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('ORG', 'Org');
         insert into projects (code, name, owner_org_id, start_month, duration_months, hours_per_pm) select 'R', 'Rates', id, date '2030-01-01', 12, 150 from organisations;
         insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP', 1, 12 from projects;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month) select project_id, id, '1.1', 'T', 1, 12 from work_packages;
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, m, 'EST', 1 from tasks t, organisations o, generate_series(date '2030-01-01', date '2030-12-01', interval '1 month') m;",
    );
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let token = app.csrf_token(&format!("/projects/{id}")).await;
    let response = app
        .post_form(
            &format!("/projects/{id}/rates"),
            &[
                ("csrf_token", &token),
                ("valid_from", "2030-07"),
                ("hours_per_pm", "160"),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("/projects/{id}#rates"));
    let again = app
        .post_form(
            &format!("/projects/{id}/rates"),
            &[
                ("csrf_token", &token),
                ("valid_from", "2030-07"),
                ("hours_per_pm", "170"),
            ],
        )
        .await;
    assert_eq!(again.status(), 400);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("There is a rate from 2030-07 for everyone already")
    );
    let csv = app
        .get_page(&format!(
            "/projects/{id}/capacity?series=EST&unit=hours&format=csv"
        ))
        .await
        .text()
        .await
        .unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.ends_with(",150,150,150,150,150,150,160,160,160,160,160,160,1860"),
        "default until June, the rate from July: {row}"
    );
    let overview = app
        .get_page(&format!("/projects/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(overview.contains("<td>Everyone</td><td>2030-07</td><td class=\"num\">160</td>"));

    // A rate for one employee group sits beside the one for everyone; the grid (planned per
    // organisation) keeps the general rate.
    app.sql("insert into employee_groups (name) values ('Researchers')");
    let group = names(
        &mut app.owner_connection(),
        "select id::text as name from employee_groups",
    )
    .remove(0);
    for (group, status) in [(group.as_str(), 303), ("not-a-group", 400)] {
        let response = app
            .post_form(
                &format!("/projects/{id}/rates"),
                &[
                    ("csrf_token", &token),
                    ("employee_group", group),
                    ("valid_from", "2030-07"),
                    ("hours_per_pm", "140"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), status, "{group}");
    }
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select g.name || ' ' || r.hours_per_pm::int as name from project_group_hour_rates r join employee_groups g on g.id = r.employee_group_id"
        ),
        ["Researchers 140"]
    );
    let overview = app
        .get_page(&format!("/projects/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(overview.contains("<td>Researchers</td><td>2030-07</td><td class=\"num\">140</td>"));
    let rate = names(
        &mut app.owner_connection(),
        "select id::text as name from project_group_hour_rates",
    )
    .remove(0);
    let response = app
        .submit_from(
            &overview,
            &format!("/projects/{id}/rates/{rate}/delete"),
            &[],
        )
        .await;
    assert_eq!(location(&response), format!("/projects/{id}#rates"));
    assert_eq!(
        app.count("select count(*) as count from project_group_hour_rates"),
        0
    );
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select action || ' ' || entity_type as name from audit_log where entity_type like 'project%rate' order by occurred_at"
        ),
        [
            "create project_hour_rate",
            "create project_group_hour_rate",
            "delete project_group_hour_rate"
        ]
    );
}
