//! The read-only pages behind the navigation: projects, a project, organisations, settings, people.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::helpers::*;

/// Two organisation trees, a project owned by one with a partner from the other, a person.
fn portfolio(conn: &mut PgConnection) -> String {
    conn.batch_execute(
        "insert into organisations (short_name, name, country_code) values ('UNI', 'University', 'FI'), ('LAB', 'Lab Ltd', 'SE');
         insert into organisations (short_name, name, parent_id) select 'UNI-CS', 'Computer science', id from organisations where short_name = 'UNI';
         insert into organisations (short_name, name, parent_id) select 'UNI-CS-AI', 'AI group', id from organisations where short_name = 'UNI-CS';",
    )
    .unwrap();
    conn.batch_execute(
        "insert into projects (code, name, description, owner_org_id, lifecycle_state_id, start_month, duration_months, hours_per_pm)
         select 'ALPHA', 'Alpha project', 'Plans the alpha.', o.id, s.id, date '2026-03-01', 24, 152.5
         from organisations o, lifecycle_states s where o.short_name = 'UNI-CS' and s.code = 'running';
         insert into projects (code, name, start_month, duration_months, locked) values ('BETA', 'Beta draft', date '2027-01-01', 12, true);
         insert into project_partners (project_id, organisation_id)
         select p.id, o.id from projects p, organisations o where p.code = 'ALPHA' and o.short_name = 'LAB';
         insert into work_packages (project_id, number, name, begin_month, end_month)
         select id, n, 'WP ' || n, 1, 24 from projects, generate_series(1, 3) n where code = 'ALPHA';
         insert into persons (code, first_name, last_name, email, organisation_id, employment_start)
         select 'ada@test', 'Ada', 'Lovelace', 'ada@example.org', id, date '2020-01-01' from organisations where short_name = 'UNI-CS-AI';",
    )
    .unwrap();
    names(
        conn,
        "select id::text as name from projects where code = 'ALPHA'",
    )
    .remove(0)
}

#[tokio::test]
async fn projects_list_and_overview_show_the_plan() {
    let app = spawn_app().await;
    let alpha = portfolio(&mut app.owner_connection());

    let html = app.get_page("/projects").await.text().await.unwrap();
    let alpha_row = html
        .split("<tr>")
        .find(|row| row.contains("ALPHA"))
        .unwrap();
    for cell in [
        "Alpha project",
        "UNI-CS",
        "Running",
        "2026-03",
        "2028-02",
        "24",
    ] {
        assert!(alpha_row.contains(cell), "{cell} missing in {alpha_row}");
    }
    let beta_row = html.split("<tr>").find(|row| row.contains("BETA")).unwrap();
    assert!(
        beta_row.contains("locked") && beta_row.contains("—"),
        "{beta_row}"
    );
    assert!(html.contains("2 projects."));

    let response = app.get_page(&format!("/projects/{alpha}")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("ALPHA — Alpha project"));
    assert!(html.contains("<dt>Partners</dt><dd>LAB</dd>"), "{html}");
    assert!(html.contains("152.5 hours per PM"));
    assert!(html.contains("2026-03 – 2028-02 (24 months)"));
    assert!(html.contains(
        "<span class=\"card-figure\">3</span><span class=\"card-label\">Work packages</span>"
    ));
}

#[tokio::test]
async fn malformed_and_unknown_project_ids_are_404_pages() {
    let app = spawn_app().await;
    for path in [
        "/projects/not-a-uuid".to_string(),
        "/projects/12345".to_string(),
        "/projects/%27%20or%201=1--".to_string(),
        format!("/projects/{}", uuid::Uuid::new_v4()),
    ] {
        let response = app.get_page(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(
            response.text().await.unwrap().contains("Page not found"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn organisations_are_shown_as_a_tree() {
    let app = spawn_app().await;
    portfolio(&mut app.owner_connection());
    let html = app.get_page("/organisations").await.text().await.unwrap();
    let order: Vec<&str> = [
        "\">LAB<",
        "depth-0\">UNI<",
        "depth-1\">UNI-CS<",
        "depth-2\">UNI-CS-AI<",
    ]
    .into_iter()
    .filter(|needle| html.contains(needle))
    .collect();
    assert_eq!(order.len(), 4, "{html}");
    let positions: Vec<usize> = order.iter().map(|n| html.find(n).unwrap()).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "tree order: {positions:?}"
    );
}

#[tokio::test]
async fn settings_list_the_seeded_lookups() {
    let app = spawn_app().await;
    let html = app.get_page("/settings").await.text().await.unwrap();
    for needle in [
        "Submitted",
        "Closed",
        "Senior researcher",
        "Data management plan",
        "PU",
        "flexible",
        "Finland",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
}

#[tokio::test]
async fn people_page_follows_the_feature_switch() {
    let app = spawn_app().await;
    portfolio(&mut app.owner_connection());
    assert_eq!(app.get_page("/people").await.status(), 404);

    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    portfolio(&mut app.owner_connection());
    let html = app.get_page("/people").await.text().await.unwrap();
    let row = html.split("<tr>").find(|r| r.contains("ada@test")).unwrap();
    assert!(
        row.contains("Ada Lovelace")
            && row.contains("UNI-CS-AI")
            && row.contains("since 2020-01-01"),
        "{row}"
    );
}
