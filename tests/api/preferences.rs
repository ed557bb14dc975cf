//! A signed-in user's preferences on /account: the projects list's starting organisation and
//! hours instead of PM in the capacity grid.

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

#[tokio::test]
async fn preferences_set_the_default_organisation_and_unit() {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("ed@test", &["rediflow-editors"]));
    let app = spawn_app_with(&[
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University'), ('LAB', 'Lab');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'P-' || short_name, 'Project of ' || short_name, id, date '2030-01-01', 12 from organisations;",
    );
    let uni = names(
        &mut app.owner_connection(),
        "select id::text as name from organisations where short_name = 'UNI'",
    )
    .remove(0);
    let project = names(
        &mut app.owner_connection(),
        "select id::text as name from projects where code = 'P-UNI'",
    )
    .remove(0);
    sign_in(&app, &idp, "ed@test").await;

    // Before any preference: every project, grids in PM.
    let list = app.get_page("/projects").await.text().await.unwrap();
    assert!(list.contains(">P-UNI</a>") && list.contains(">P-LAB</a>"));

    let token = app.csrf_token("/account").await;
    let bad = app
        .post_form(
            "/account",
            &[
                ("csrf_token", token.as_str()),
                ("default_organisation", &uuid::Uuid::new_v4().to_string()),
                ("show_hours", "on"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Choose an organisation from the list. Nothing was saved.")
    );
    assert_eq!(app.count("select count(*) as count from user_settings"), 0);

    let response = app
        .post_form(
            "/account",
            &[
                ("csrf_token", token.as_str()),
                ("default_organisation", &uni),
                ("show_hours", "on"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/account?saved=1");
    let account = app.get_page("/account?saved=1").await.text().await.unwrap();
    assert!(account.contains("Your preferences were saved."));
    assert!(account.contains(&format!("<option value=\"{uni}\" selected>")));

    // The list starts on UNI; choosing "all organisations" (org=) still shows everything.
    let list = app.get_page("/projects").await.text().await.unwrap();
    assert!(list.contains(">P-UNI</a>") && !list.contains(">P-LAB</a>"));
    let all = app.get_page("/projects?org=").await.text().await.unwrap();
    assert!(all.contains(">P-LAB</a>"));

    // The capacity grid opens in hours; unit=pm switches back.
    let grid = app
        .get_page(&format!("/projects/{project}/capacity"))
        .await
        .text()
        .await
        .unwrap();
    assert!(grid.contains("Read-only: Hours are shown for reading"));
    let grid = app
        .get_page(&format!("/projects/{project}/capacity?unit=pm"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!grid.contains("Read-only: Hours are shown for reading"));
    assert_eq!(
        app.get_page(&format!("/projects/{project}/capacity?unit=days"))
            .await
            .status(),
        400
    );

    // Unsetting both goes back to the defaults.
    let response = app
        .post_form(
            "/account",
            &[("csrf_token", token.as_str()), ("default_organisation", "")],
        )
        .await;
    assert_eq!(location(&response), "/account?saved=1");
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select coalesce(default_organisation_id::text, 'none') || ' ' || show_hours as name from user_settings"
        ),
        ["none false"]
    );
}

#[tokio::test]
async fn without_sign_in_the_built_in_user_keeps_preferences() {
    let app = spawn_app().await;
    let token = app.csrf_token("/account").await;
    let response = app
        .post_form(
            "/account",
            &[("csrf_token", token.as_str()), ("show_hours", "on")],
        )
        .await;
    assert_eq!(location(&response), "/account?saved=1");
    assert_eq!(
        app.count("select count(*) as count from user_settings where show_hours"),
        1
    );
}

#[tokio::test]
async fn the_locale_decides_how_csv_downloads_write_numbers() {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'P1', 'Project; one', id, date '2030-01-01', 12 from organisations;
         insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP1', 1, 12 from projects;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
           select project_id, id, '1.1', 'Task', 1, 12 from work_packages;
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, date '2030-01-01', 'EST', 0.25 from tasks t, organisations o;",
    );
    let project = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let csv_path = format!("/projects/{project}/capacity?format=csv");
    let english = app.get_page(&csv_path).await.text().await.unwrap();
    assert!(english.contains("\r\n1,1.1,Task,UNI,0.25,"), "{english}");

    let token = app.csrf_token("/account").await;
    let bad = app
        .post_form(
            "/account",
            &[("csrf_token", token.as_str()), ("locale", "xx")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(app.count("select count(*) as count from user_settings"), 0);
    let saved = app
        .post_form(
            "/account",
            &[("csrf_token", token.as_str()), ("locale", "fi")],
        )
        .await;
    assert_eq!(location(&saved), "/account?saved=1");
    let account = app.get_page("/account").await.text().await.unwrap();
    assert!(account.contains("<option value=\"fi\" selected>"));

    // Decimal commas and semicolons, a Finnish header; text such as the task number stays as
    // written.
    let finnish = app.get_page(&csv_path).await.text().await.unwrap();
    assert!(
        finnish.starts_with("TP;Tehtävä;Tehtävän nimi;Organisaatio;M1 1/2030;"),
        "{finnish}"
    );
    assert!(finnish.contains("\r\n1;1.1;Task;UNI;0,25;"), "{finnish}");
    // ODS keeps typed numbers in every locale.
    assert_eq!(
        app.get_page(&format!("/projects/{project}/capacity?format=ods"))
            .await
            .status(),
        200
    );
}
