//! The audit log pages and the data-quality pages.

use crate::helpers::*;

#[tokio::test]
async fn the_audit_log_shows_changes_with_filters_and_project_history() {
    let app = spawn_app().await;
    let token = app.csrf_token("/organisations").await;
    app.post_form(
        "/organisations",
        &[
            ("csrf_token", &token),
            ("short_name", "ORG"),
            ("name", "Org"),
            ("parent", ""),
            ("country_code", ""),
        ],
    )
    .await;
    app.sql(
        "insert into projects (code, name, owner_org_id, start_month, duration_months) select 'P1', 'One', id, date '2030-01-01', 12 from organisations;
         insert into audit_log (actor, action, entity_type, entity_id, project_id, after)
           select 'cli:ops', 'update', 'project', id, id, '{\"name\": \"One\"}' from projects;",
    );
    let html = app.get_page("/audit").await.text().await.unwrap();
    assert!(
        html.contains("<td>anonymous</td><td>create</td><td>organisation"),
        "{html}"
    );
    assert!(html.contains("<td>cli:ops</td><td>update</td><td>project"));
    let only_cli = app
        .get_page("/audit?actor=cli%3Aops")
        .await
        .text()
        .await
        .unwrap();
    assert!(only_cli.contains("cli:ops") && !only_cli.contains("<td>create</td>"));
    let orgs = app
        .get_page("/audit?entity=organisation")
        .await
        .text()
        .await
        .unwrap();
    assert!(!orgs.contains("<td>update</td><td>project"));
    let future = app
        .get_page("/audit?from=2099-01-01")
        .await
        .text()
        .await
        .unwrap();
    assert!(future.contains("No changes match."));
    assert_eq!(app.get_page("/audit?from=yesterday").await.status(), 400);
    let csv = app
        .get_page("/audit?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 3, "header and two changes");

    let p1 = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let history = app
        .get_page(&format!("/projects/{p1}/history"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("P1 history")
            && history.contains("cli:ops")
            && !history.contains("<td>organisation")
    );

    let viewer = spawn_app_with(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    assert_eq!(viewer.get_page("/audit").await.status(), 403);
}

#[tokio::test]
async fn data_quality_lists_problems_with_links_to_fix_them() {
    let app = spawn_app().await;
    app.sql(
        "insert into projects (code, name, start_month, duration_months) values ('Q1', 'Quality', date '2030-01-01', 12);
         insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP1', 1, 12 from projects;
         insert into work_packages (project_id, number, name, begin_month, end_month) select id, 2, 'Empty', 1, 14 from projects;
         insert into deliverables (project_id, work_package_id, number, name, due_month) select project_id, id, 'D1.1', 'Report', 13 from work_packages where number = 1;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month) select project_id, id, '1.1', 'T', 1, 3 from work_packages where number = 1;",
    );
    app.sql("insert into organisations (short_name, name) values ('ORG', 'Org');
             insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
               select project_id, t.id, o.id, date '2030-06-01', 'EST', 14 from tasks t, organisations o;
             insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
               select project_id, t.id, o.id, m, s, pm from tasks t, organisations o,
                 (values (date '2030-02-01', 'EST', 0.5), (date '2029-12-01', 'PROJPLAN', 1)) v(m, s, pm);");
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let html = app.get_page("/quality").await.text().await.unwrap();
    for problem in [
        "The project has no owner organisation (POO).",
        "The project has no lifecycle state.",
        "WP 2 runs M1–M14, outside the project&#39;s M1–M12.",
        "WP 2 has no tasks.",
        "Deliverable D1.1 is due in M13",
        "Deliverable D1.1 has no type.",
        "EST demand of ORG for task 1.1 in M6, outside the task&#39;s M1–M3.",
        "is 14 PM: more than 12 PM in one month",
        "PROJPLAN demand of ORG for task 1.1 in M0, outside the task&#39;s M1–M3.",
    ] {
        assert!(html.contains(problem), "{problem} missing: {html}");
    }
    assert_eq!(
        html.matches("demand of ORG").count(),
        3,
        "the ordinary EST cell in M2 is no problem"
    );
    assert!(html.contains(&format!("href=\"/projects/{id}/capacity\">Fix</a>")));
    let overview = app
        .get_page(&format!("/projects/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(overview.contains("WP 2 has no tasks."));
}
