//! The projects list: filters, sorting, totals per series, downloads, and the pipeline.

use crate::helpers::*;

async fn portfolio() -> TestApp {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University'), ('LAB', 'Lab');
         insert into organisations (short_name, name, parent_id) select 'UNI-CS', 'CS', id from organisations where short_name = 'UNI';
         insert into projects (code, name, owner_org_id, lifecycle_state_id, start_month, duration_months)
           select v.code, v.name, o.id, s.id, v.start, v.months
           from (values ('ALPHA', 'Alpha', 'UNI-CS', 'running', date '2026-01-01', 12),
                        ('BETA', 'Beta study', 'LAB', 'proposal', date '2027-06-01', 24),
                        ('GAMMA', 'Gamma', 'LAB', 'idea', date '2024-01-01', 12)) v(code, name, org, state, start, months)
           join organisations o on o.short_name = v.org join lifecycle_states s on s.code = v.state;
         insert into project_partners (project_id, organisation_id) select p.id, o.id from projects p, organisations o where p.code = 'BETA' and o.short_name = 'UNI';
         insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP', 1, 12 from projects;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month) select project_id, id, '1.1', 'T', 1, 12 from work_packages;
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, p.owner_org_id, p.start_month, s.series, s.pm
           from tasks t join projects p on p.id = t.project_id,
                (values ('EST', 2.5), ('PROJPLAN', 2), ('ACTUAL', 1)) s(series, pm);
         update capacity_demand set pm = pm * 4 where project_id = (select id from projects where code = 'BETA');",
    );
    app
}

fn codes(html: &str) -> Vec<String> {
    html.split("<td><a href=\"/projects/")
        .skip(1)
        .map(|rest| {
            rest.split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn filters_and_sorting() {
    let app = portfolio().await;
    let all = app.get_page("/projects").await.text().await.unwrap();
    assert_eq!(codes(&all), ["ALPHA", "BETA", "GAMMA"]);
    assert!(
        all.contains("<td class=\"num total\">12</td><td class=\"num total\">15</td><td class=\"num total\">6</td>"),
        "PROJPLAN, EST and ACTUAL totals"
    );
    let uni = names(
        &mut app.owner_connection(),
        "select id::text as name from organisations where short_name = 'UNI'",
    )
    .remove(0);
    for (query, expected) in [
        (format!("org={uni}"), vec!["ALPHA", "BETA"]), // ALPHA via the child UNI-CS, BETA as partner
        ("state=idea".to_string(), vec!["GAMMA"]),
        ("q=stud".to_string(), vec!["BETA"]),
        ("q=gam".to_string(), vec!["GAMMA"]),
        ("from=2026-06&to=2026-12".to_string(), vec!["ALPHA"]),
        ("from=2025-01".to_string(), vec!["ALPHA", "BETA"]),
        (
            "sort=est&dir=desc".to_string(),
            vec!["BETA", "ALPHA", "GAMMA"],
        ),
        ("sort=start".to_string(), vec!["GAMMA", "ALPHA", "BETA"]),
        (
            "sort=name&dir=desc".to_string(),
            vec!["GAMMA", "BETA", "ALPHA"],
        ),
    ] {
        let html = app
            .get_page(&format!("/projects?{query}"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(codes(&html), expected, "{query}");
    }
    assert_eq!(app.get_page("/projects?from=March").await.status(), 400);
    assert_eq!(app.get_page("/projects?org=nope").await.status(), 400);
}

#[tokio::test]
async fn downloads_have_the_rows_and_totals_of_the_page() {
    let app = portfolio().await;
    let csv = app
        .get_page("/projects?state=running&format=csv")
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "Code,Name,Owner (POO),Partners,State,Start,End,Months,PROJPLAN PM,EST PM,ACTUAL PM"
    );
    assert_eq!(
        lines[1],
        "ALPHA,Alpha,UNI-CS,,Running,2026-01,2026-12,12,2,2.5,1"
    );
    assert_eq!(lines[2], "Total,,,,,,,,2,2.5,1");
    assert_eq!(lines.len(), 3);
    let ods = app.get_page("/projects?format=ods").await;
    assert_eq!(
        ods.headers()["content-type"],
        "application/vnd.oasis.opendocument.spreadsheet"
    );
    assert_eq!(app.get_page("/projects?format=pdf").await.status(), 400);
}

#[tokio::test]
async fn the_pipeline_groups_pipeline_projects_by_state() {
    let app = portfolio().await;
    let html = app
        .get_page("/projects/pipeline")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains(">ALPHA<"),
        "running projects are not in the pipeline"
    );
    assert!(
        html.contains("Idea <span class=\"muted\">(1 project, 2.5 PM)</span>"),
        "{html}"
    );
    assert!(
        html.contains("Proposal <span class=\"muted\">(1 project, 10 PM)</span>"),
        "{html}"
    );
}
