//! Work packages and tasks edited in the browser.

use crate::helpers::*;

async fn project() -> (TestApp, String) {
    let app = spawn_app().await;
    app.sql("insert into organisations (short_name, name) values ('ORG', 'Org');
             insert into projects (code, name, owner_org_id, start_month, duration_months) select 'P', 'Project', id, date '2030-01-01', 24 from organisations");
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    (app, id)
}

#[tokio::test]
async fn a_manager_builds_work_packages_and_tasks() {
    let (app, id) = project().await;
    let token = app
        .csrf_token(&format!("/projects/{id}/work-packages"))
        .await;
    for (n, name) in [("1", "Management"), ("2", "Research"), ("3", "Platform")] {
        let response = app
            .post_form(
                &format!("/projects/{id}/work-packages"),
                &[
                    ("csrf_token", &token),
                    ("number", n),
                    ("name", name),
                    ("begin", "1"),
                    ("end", "24"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "WP {n}");
    }
    let wp2 = names(
        &mut app.owner_connection(),
        "select id::text as name from work_packages where number = 2",
    )
    .remove(0);
    let response = app
        .post_form(
            &format!("/projects/{id}/tasks"),
            &[
                ("csrf_token", &token),
                ("wp", &wp2),
                ("number", "2.1"),
                ("name", "Models"),
                ("begin", "M3"),
                ("end", "12"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let html = app
        .get_page(&format!("/projects/{id}/tasks"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("value=\"2.1\"") && html.contains("value=\"Models\""));
    // Edit the WP in place.
    let wp1 = names(
        &mut app.owner_connection(),
        "select id::text as name from work_packages where number = 1",
    )
    .remove(0);
    let response = app
        .submit(
            &format!("/projects/{id}/work-packages"),
            &format!("/projects/{id}/work-packages/{wp1}"),
            &[
                ("number", "1"),
                ("name", "Management and dissemination"),
                ("begin", "1"),
                ("end", "24"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select name from work_packages where number = 1"
        ),
        ["Management and dissemination"]
    );
    assert_eq!(
        app.count(
            "select count(*) as count from audit_log where entity_type in ('work_package', 'task')"
        ),
        5
    );
    assert!(
        app.count("select version as count from projects") >= 6,
        "every change moves the version on"
    );
}

#[tokio::test]
async fn numbering_and_months_are_validated() {
    let (app, id) = project().await;
    app.sql("insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP1', 1, 12 from projects;
             insert into tasks (project_id, work_package_id, number, name, begin_month, end_month) select project_id, id, '1.1', 'T', 1, 6 from work_packages");
    let token = app
        .csrf_token(&format!("/projects/{id}/work-packages"))
        .await;
    let wp1 = names(
        &mut app.owner_connection(),
        "select id::text as name from work_packages",
    )
    .remove(0);
    for (path, fields, message) in [
        (
            "work-packages",
            vec![
                ("number", "1"),
                ("name", "Again"),
                ("begin", "1"),
                ("end", "2"),
            ],
            "WP 1 exists already in this project.",
        ),
        (
            "work-packages",
            vec![
                ("number", "2"),
                ("name", "Late"),
                ("begin", "1"),
                ("end", "30"),
            ],
            "M30 is outside the project&#39;s months M1–M24.",
        ),
        (
            "work-packages",
            vec![
                ("number", "2"),
                ("name", "Backwards"),
                ("begin", "9"),
                ("end", "3"),
            ],
            "The end (M3) is before the begin (M9).",
        ),
        (
            "tasks",
            vec![
                ("wp", wp1.as_str()),
                ("number", "2.1"),
                ("name", "Wrong WP"),
                ("begin", "1"),
                ("end", "2"),
            ],
            "within WP 1, e.g. 1.1.",
        ),
        (
            "tasks",
            vec![
                ("wp", wp1.as_str()),
                ("number", "1.1"),
                ("name", "Twice"),
                ("begin", "1"),
                ("end", "2"),
            ],
            "Task 1.1 exists already in this project.",
        ),
        (
            "tasks",
            vec![
                ("wp", "nope"),
                ("number", "1.2"),
                ("name", "No WP"),
                ("begin", "1"),
                ("end", "2"),
            ],
            "Choose the work package.",
        ),
    ] {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields);
        let response = app
            .post_form(&format!("/projects/{id}/{path}"), &form)
            .await;
        assert_eq!(response.status(), 422, "{message}");
        assert!(
            response.text().await.unwrap().contains(message),
            "{message}"
        );
    }
    assert_eq!(app.count("select count(*) as count from work_packages"), 1);
    assert_eq!(app.count("select count(*) as count from tasks"), 1);
}

#[tokio::test]
async fn deleting_respects_what_hangs_underneath() {
    let (app, id) = project().await;
    app.sql("insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP1', 1, 12 from projects;
             insert into tasks (project_id, work_package_id, number, name, begin_month, end_month) select project_id, id, '1.1', 'T', 1, 6 from work_packages;
             insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm) select t.project_id, t.id, o.id, date '2030-02-01', 'EST', 1 from tasks t, organisations o");
    let wp = names(
        &mut app.owner_connection(),
        "select id::text as name from work_packages",
    )
    .remove(0);
    let task = names(
        &mut app.owner_connection(),
        "select id::text as name from tasks",
    )
    .remove(0);
    let response = app
        .submit(
            &format!("/projects/{id}/work-packages"),
            &format!("/projects/{id}/work-packages/{wp}/delete"),
            &[],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("WP 1 still has 1 task: delete or move them first.")
    );
    let tasks = app
        .get_page(&format!("/projects/{id}/tasks"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        tasks.contains("1 demand cell<"),
        "the page says what a delete would take along"
    );
    let response = app
        .submit_from(&tasks, &format!("/projects/{id}/tasks/{task}/delete"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.count("select count(*) as count from capacity_demand"),
        0
    );
    let response = app
        .submit(
            &format!("/projects/{id}/work-packages"),
            &format!("/projects/{id}/work-packages/{wp}/delete"),
            &[],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.count("select count(*) as count from work_packages"), 0);
}

#[tokio::test]
async fn locked_projects_are_read_only() {
    let (app, id) = project().await;
    app.sql("update projects set locked = true");
    let html = app
        .get_page(&format!("/projects/{id}/work-packages"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Read-only: This project is locked") && !html.contains(">Add</button>"));
    let response = app
        .post_form(
            &format!("/projects/{id}/work-packages"),
            &[
                ("csrf_token", "x"),
                ("number", "1"),
                ("name", "WP"),
                ("begin", "1"),
                ("end", "2"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("select count(*) as count from work_packages"), 0);
}

#[tokio::test]
async fn milestones_and_deliverables() {
    let (app, id) = project().await;
    app.sql("insert into work_packages (project_id, number, name, begin_month, end_month) select id, 2, 'WP2', 1, 12 from projects");
    let token = app.csrf_token(&format!("/projects/{id}/milestones")).await;
    let wp = names(
        &mut app.owner_connection(),
        "select id::text as name from work_packages",
    )
    .remove(0);
    let report = names(
        &mut app.owner_connection(),
        "select id::text as name from deliverable_types where code = 'R'",
    )
    .remove(0);
    let public = names(
        &mut app.owner_connection(),
        "select id::text as name from dissemination_levels where code = 'PU'",
    )
    .remove(0);

    let response = app
        .post_form(
            &format!("/projects/{id}/milestones"),
            &[
                ("csrf_token", &token),
                ("wp", ""),
                ("number", "ms1"),
                ("name", "Kick-off"),
                ("due", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = app
        .post_form(
            &format!("/projects/{id}/deliverables"),
            &[
                ("csrf_token", &token),
                ("wp", &wp),
                ("number", "D2.1"),
                ("name", "Report"),
                ("due", "12"),
                ("kind", &report),
                ("dissemination", &public),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select number || ' ' || due_month as name from milestones"
        ),
        ["MS1 1"]
    );
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select d.number || ' ' || t.code || ' ' || l.code as name from deliverables d join deliverable_types t on t.id = d.deliverable_type_id join dissemination_levels l on l.id = d.dissemination_level_id"
        ),
        ["D2.1 R PU"]
    );
    for (path, fields, message) in [
        (
            "milestones",
            vec![("number", "M2"), ("name", "X"), ("due", "3")],
            "e.g. MS3.",
        ),
        (
            "milestones",
            vec![("number", "MS1"), ("name", "X"), ("due", "3")],
            "MS1 exists already in this project.",
        ),
        (
            "milestones",
            vec![("number", "MS2"), ("name", "X"), ("due", "25")],
            "M25 is outside the project&#39;s months M1–M24.",
        ),
        (
            "deliverables",
            vec![
                ("wp", wp.as_str()),
                ("number", "D1.1"),
                ("name", "X"),
                ("due", "3"),
            ],
            "within WP 2, e.g. D2.1.",
        ),
        (
            "deliverables",
            vec![
                ("wp", wp.as_str()),
                ("number", "D2.1"),
                ("name", "X"),
                ("due", "3"),
            ],
            "D2.1 exists already in this project.",
        ),
    ] {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields);
        let response = app
            .post_form(&format!("/projects/{id}/{path}"), &form)
            .await;
        assert_eq!(response.status(), 422, "{message}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}: {html}");
    }
    let ms = names(
        &mut app.owner_connection(),
        "select id::text as name from milestones",
    )
    .remove(0);
    assert_eq!(
        app.submit(
            &format!("/projects/{id}/milestones"),
            &format!("/projects/{id}/milestones/{ms}/delete"),
            &[]
        )
        .await
        .status(),
        303
    );
    assert_eq!(app.count("select count(*) as count from milestones"), 0);
    let page = app
        .get_page(&format!("/projects/{id}/deliverables"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("value=\"D2.1\"") && page.contains("aria-current=\"page\">Deliverables"));
}

#[tokio::test]
async fn every_list_downloads() {
    let (app, id) = project().await;
    app.sql("insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP, one', 1, 12 from projects;
             insert into tasks (project_id, work_package_id, number, name, begin_month, end_month) select project_id, id, '1.1', 'T', 2, 6 from work_packages;");
    let csv = app
        .get_page(&format!("/projects/{id}/work-packages?format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "Number,Name,Begin month,End month,Lead org",
            "1,\"WP, one\",1,12,"
        ]
    );
    let csv = app
        .get_page(&format!("/projects/{id}/tasks?format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "WP,Number,Name,Begin month,End month,Role,Lead org",
            "1,1.1,T,2,6,,"
        ]
    );
    for path in [
        format!("/projects/{id}/milestones?format=ods"),
        format!("/projects/{id}/deliverables?format=ods"),
        "/projects/pipeline?format=csv".to_string(),
        "/quality?format=csv".to_string(),
        "/settings?format=ods".to_string(),
    ] {
        let response = app.get_page(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;"),
            "{path}"
        );
    }
    let quality = app
        .get_page("/quality?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        quality.contains("P,The project has no lifecycle state."),
        "{quality}"
    );
}
