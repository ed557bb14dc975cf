//! Role demand: FTE % per role type and month.

use crate::helpers::*;

#[tokio::test]
async fn editors_plan_role_demand() {
    let disabled = spawn_app().await;
    disabled.sql("insert into projects (code, name, start_month, duration_months) values ('P', 'P', date '2026-01-01', 36)");
    let pid = names(
        &mut disabled.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    assert_eq!(
        disabled
            .get_page(&format!("/projects/{pid}/role-demand"))
            .await
            .status(),
        404,
        "off unless ROLE_DEMAND_ENABLED"
    );

    let app = spawn_app_with(&[("ROLE_DEMAND_ENABLED", "true")]).await;
    app.sql("insert into projects (code, name, start_month, duration_months) values ('P', 'P', date '2026-01-01', 36)");
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let role = names(
        &mut app.owner_connection(),
        "select id::text as name from role_types where name = 'Developer'",
    )
    .remove(0);
    let page = app
        .get_page(&format!("/projects/{id}/role-demand?add_role={role}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(">Developer</th>") && page.contains(&format!("name=\"c.{role}.12\"")));
    assert!(
        !page.contains(&format!("name=\"c.{role}.3\"")),
        "M3 (2026-03) is history"
    );
    let token = csrf_token_in(&page).unwrap();
    let path = format!("/projects/{id}/role-demand");
    let (c12, o12) = (format!("c.{role}.12"), format!("o.{role}.12"));

    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("version", "1"),
                (&c12, "150"),
                (&o12, ""),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/projects/{id}/role-demand?saved=1")
    );
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select fte_percent::text || '@' || month as name from role_demand"
        ),
        ["150.00@2026-12-01"]
    );

    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("version", "2"),
                (&c12, "a lot"),
                (&o12, "150"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let (c3, o3) = (format!("c.{role}.3"), format!("o.{role}.3"));
    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("version", "2"),
                (&c3, "50"),
                (&o3, ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let stale = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("version", "1"),
                (&c12, "10"),
                (&o12, "150"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select fte_percent::text as name from role_demand"
        ),
        ["150.00"]
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'role_demand'"),
        1
    );
}
