//! Every add, save and delete of each of the four kinds of structure rows (work packages, tasks,
//! milestones, deliverables) returns to the row's own page and stores what the form sent
//! (issue 20 item 8: milestones and deliverables used to return to the work packages).

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

fn one(app: &TestApp, sql: &str) -> String {
    names(&mut app.owner_connection(), sql).remove(0)
}

/// Adds a row on the page of `tab` and checks where the browser goes.
async fn add(app: &TestApp, id: &str, tab: &str, fields: &[(&str, &str)]) {
    let page = format!("/projects/{id}/{tab}");
    let response = app.submit(&page, &page, fields).await;
    assert_eq!(response.status(), 303, "add on {tab}");
    assert_eq!(location(&response), page, "an add returns to {tab}");
}

/// Saves the row `row` on the page of `tab` and checks where the browser goes.
async fn save(app: &TestApp, id: &str, tab: &str, row: &str, fields: &[(&str, &str)]) {
    let page = format!("/projects/{id}/{tab}");
    let response = app.submit(&page, &format!("{page}/{row}"), fields).await;
    assert_eq!(response.status(), 303, "save on {tab}");
    assert_eq!(location(&response), page, "a save returns to {tab}");
}

/// Deletes the row `row` on the page of `tab` and checks where the browser goes.
async fn delete(app: &TestApp, id: &str, tab: &str, row: &str) {
    let page = format!("/projects/{id}/{tab}");
    let response = app
        .submit(&page, &format!("{page}/{row}/delete"), &[])
        .await;
    assert_eq!(response.status(), 303, "delete on {tab}");
    assert_eq!(location(&response), page, "a delete returns to {tab}");
}

fn rows(app: &TestApp, sql: &str) -> Vec<String> {
    names(&mut app.owner_connection(), sql)
}

#[tokio::test]
async fn work_packages_and_tasks_return_to_their_pages() {
    let (app, id) = project().await;
    let org = one(&app, "select id::text as name from organisations");
    add(
        &app,
        &id,
        "work-packages",
        &[
            ("number", "1"),
            ("name", "Management"),
            ("begin", "1"),
            ("end", "24"),
            ("lead_org", &org),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select w.number || ' ' || w.name || ' ' || w.begin_month || '-' || w.end_month || ' ' || o.short_name as name from work_packages w join organisations o on o.id = w.lead_org_id"
        ),
        ["1 Management 1-24 ORG"]
    );
    let wp = one(&app, "select id::text as name from work_packages");
    save(
        &app,
        &id,
        "work-packages",
        &wp,
        &[
            ("number", "2"),
            ("name", "Research"),
            ("begin", "3"),
            ("end", "12"),
            ("lead_org", ""),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select number || ' ' || name || ' ' || begin_month || '-' || end_month || ' ' || coalesce(lead_org_id::text, '-') as name from work_packages"
        ),
        ["2 Research 3-12 -"]
    );

    add(
        &app,
        &id,
        "tasks",
        &[
            ("wp", &wp),
            ("number", "2.1"),
            ("name", "Models"),
            ("begin", "M3"),
            ("end", "6"),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select number || ' ' || name || ' ' || begin_month || '-' || end_month as name from tasks"
        ),
        ["2.1 Models 3-6"]
    );
    let task = one(&app, "select id::text as name from tasks");
    save(
        &app,
        &id,
        "tasks",
        &task,
        &[
            ("wp", &wp),
            ("number", "2.2"),
            ("name", "Simulations"),
            ("begin", "4"),
            ("end", "12"),
            ("lead_org", &org),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select t.number || ' ' || t.name || ' ' || t.begin_month || '-' || t.end_month || ' ' || o.short_name as name from tasks t join organisations o on o.id = t.lead_org_id"
        ),
        ["2.2 Simulations 4-12 ORG"]
    );
    delete(&app, &id, "tasks", &task).await;
    assert_eq!(app.count("select count(*) as count from tasks"), 0);
    delete(&app, &id, "work-packages", &wp).await;
    assert_eq!(app.count("select count(*) as count from work_packages"), 0);
    assert_eq!(
        app.count("select version as count from projects"),
        7,
        "each of the six changes moved the plan version on once"
    );
}

#[tokio::test]
async fn milestones_return_to_the_milestones_page() {
    let (app, id) = project().await;
    app.sql("insert into work_packages (project_id, number, name, begin_month, end_month) select id, 2, 'WP2', 1, 12 from projects");
    let wp = one(&app, "select id::text as name from work_packages");
    add(
        &app,
        &id,
        "milestones",
        &[
            ("wp", ""),
            ("number", "ms1"),
            ("name", "Kick-off"),
            ("due", "1"),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select number || ' ' || name || ' ' || due_month || ' ' || coalesce(work_package_id::text, '-') as name from milestones"
        ),
        ["MS1 Kick-off 1 -"]
    );
    let ms = one(&app, "select id::text as name from milestones");
    save(
        &app,
        &id,
        "milestones",
        &ms,
        &[
            ("wp", &wp),
            ("number", "MS2"),
            ("name", "Review"),
            ("due", "M12"),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select m.number || ' ' || m.name || ' ' || m.due_month || ' WP' || w.number as name from milestones m join work_packages w on w.id = m.work_package_id"
        ),
        ["MS2 Review 12 WP2"]
    );
    delete(&app, &id, "milestones", &ms).await;
    assert_eq!(app.count("select count(*) as count from milestones"), 0);
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'milestone'"),
        3
    );
}

#[tokio::test]
async fn deliverables_return_to_the_deliverables_page() {
    let (app, id) = project().await;
    app.sql("insert into work_packages (project_id, number, name, begin_month, end_month) select id, 2, 'WP2', 1, 12 from projects");
    let wp = one(&app, "select id::text as name from work_packages");
    let org = one(&app, "select id::text as name from organisations");
    let report = one(
        &app,
        "select id::text as name from deliverable_types where code = 'R'",
    );
    let public = one(
        &app,
        "select id::text as name from dissemination_levels where code = 'PU'",
    );
    add(
        &app,
        &id,
        "deliverables",
        &[
            ("wp", &wp),
            ("number", "d2.1"),
            ("name", "Report"),
            ("due", "12"),
            ("kind", &report),
            ("dissemination", &public),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select d.number || ' ' || d.name || ' ' || d.due_month || ' ' || t.code || ' ' || l.code as name from deliverables d join deliverable_types t on t.id = d.deliverable_type_id join dissemination_levels l on l.id = d.dissemination_level_id"
        ),
        ["D2.1 Report 12 R PU"]
    );
    let deliverable = one(&app, "select id::text as name from deliverables");
    save(
        &app,
        &id,
        "deliverables",
        &deliverable,
        &[
            ("wp", &wp),
            ("number", "D2.2"),
            ("name", "Final report"),
            ("due", "24"),
            ("kind", ""),
            ("dissemination", ""),
            ("lead_org", &org),
        ],
    )
    .await;
    assert_eq!(
        rows(
            &app,
            "select d.number || ' ' || d.name || ' ' || d.due_month || ' ' || coalesce(d.deliverable_type_id::text, '-') || ' ' || o.short_name as name from deliverables d join organisations o on o.id = d.lead_org_id"
        ),
        ["D2.2 Final report 24 - ORG"]
    );
    delete(&app, &id, "deliverables", &deliverable).await;
    assert_eq!(app.count("select count(*) as count from deliverables"), 0);
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'deliverable'"),
        3
    );
}
