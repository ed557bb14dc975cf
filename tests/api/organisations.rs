//! Organisations over HTTP: administrators add, edit and delete; validation, cycles, references,
//! audit rows, and refusals for everyone else.

use crate::helpers::*;

fn org_id(app: &TestApp, short: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!("select id::text as name from organisations where short_name = '{short}'"),
    )
    .remove(0)
}

#[tokio::test]
async fn an_admin_builds_the_hierarchy() {
    let app = spawn_app().await;
    let token = app.csrf_token("/organisations").await;
    let response = app
        .post_form(
            "/organisations",
            &[
                ("csrf_token", &token),
                ("short_name", "UNI"),
                ("name", "University"),
                ("parent", ""),
                ("country_code", "fi"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/organisations?notice=added");
    let uni = org_id(&app, "UNI");
    let response = app
        .post_form(
            "/organisations",
            &[
                ("csrf_token", &token),
                ("short_name", "UNI-CS"),
                ("name", "Computer science"),
                ("parent", &uni),
                ("country_code", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let html = app
        .get_page("/organisations?notice=added")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("The organisation was added."));
    assert!(html.contains("depth-0\">UNI<") && html.contains("depth-1\">UNI-CS<"));
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select country_code as name from organisations where short_name = 'UNI'"
        ),
        ["FI"]
    );

    // Edit: rename and move under another root.
    let cs = org_id(&app, "UNI-CS");
    app.post_form(
        "/organisations",
        &[
            ("csrf_token", &token),
            ("short_name", "LAB"),
            ("name", "Lab"),
            ("parent", ""),
            ("country_code", "SE"),
        ],
    )
    .await;
    let lab = org_id(&app, "LAB");
    let response = app
        .submit(
            &format!("/organisations/{cs}/edit"),
            &format!("/organisations/{cs}"),
            &[
                ("short_name", "LAB-CS"),
                ("name", "Lab computing"),
                ("parent", &lab),
                ("country_code", "SE"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/organisations?notice=saved");
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select c.short_name || '<' || p.short_name as name from organisations c join organisations p on p.id = c.parent_id"
        ),
        ["LAB-CS<LAB"]
    );
    let csv = app
        .get_page("/organisations?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "Short name,Name,Parent,Country,Level",
            "LAB,Lab,,SE,0",
            "LAB-CS,Lab computing,LAB,SE,1",
            "UNI,University,,FI,0"
        ]
    );
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select action || ' ' || entity_type as name from audit_log order by occurred_at, action"
        ),
        [
            "create organisation",
            "create organisation",
            "create organisation",
            "update organisation"
        ]
    );
}

#[tokio::test]
async fn invalid_forms_are_shown_again_and_write_nothing() {
    let app = spawn_app().await;
    app.sql("insert into organisations (short_name, name) values ('ROOT', 'Root'); insert into organisations (short_name, name, parent_id) select 'CHILD', 'Child', id from organisations where short_name = 'ROOT'; insert into organisations (short_name, name, parent_id) select 'GRANDCHILD', 'Grandchild', id from organisations where short_name = 'CHILD';");
    let token = app.csrf_token("/organisations").await;
    for (fields, message) in [
        (
            [
                ("short_name", "has space"),
                ("name", "X"),
                ("parent", ""),
                ("country_code", ""),
            ],
            "Use letters, digits",
        ),
        (
            [
                ("short_name", "root"),
                ("name", "X"),
                ("parent", ""),
                ("country_code", ""),
            ],
            "ROOT already exists.",
        ),
        (
            [
                ("short_name", "NEW"),
                ("name", " "),
                ("parent", ""),
                ("country_code", ""),
            ],
            "Enter the organisation&#39;s name.",
        ),
        (
            [
                ("short_name", "NEW"),
                ("name", "New"),
                ("parent", "not-an-id"),
                ("country_code", ""),
            ],
            "Choose an existing organisation.",
        ),
        (
            [
                ("short_name", "NEW"),
                ("name", "New"),
                ("parent", ""),
                ("country_code", "Finland"),
            ],
            "two-letter country code",
        ),
    ] {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields.iter().map(|(k, v)| (*k, *v)));
        let response = app.post_form("/organisations", &form).await;
        assert_eq!(response.status(), 422, "{message}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("class=\"field-error\"") && html.contains(message),
            "{message}: {html}"
        );
        assert!(
            html.contains(&format!("value=\"{}\"", fields[0].1)),
            "the form keeps what was typed"
        );
    }
    // A cycle: ROOT under its own grandchild.
    let root = org_id(&app, "ROOT");
    let grandchild = org_id(&app, "GRANDCHILD");
    let response = app
        .submit(
            &format!("/organisations/{root}/edit"),
            &format!("/organisations/{root}"),
            &[
                ("short_name", "ROOT"),
                ("name", "Root"),
                ("parent", &grandchild),
                ("country_code", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("cannot be placed under itself or one of its own sub-organisations")
    );
    assert_eq!(app.count("select count(*) as count from organisations"), 3);
    assert_eq!(app.count("select count(*) as count from organisations where short_name = 'ROOT' and parent_id is null"), 1);
    assert_eq!(
        app.count("select count(*) as count from audit_log"),
        0,
        "a refused change leaves no audit row"
    );
}

#[tokio::test]
async fn used_organisations_cannot_be_deleted() {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('OWNER', 'Owner'), ('SPARE', 'Spare');
         insert into projects (code, name, owner_org_id, start_month, duration_months) select 'P', 'P', id, date '2026-01-01', 12 from organisations where short_name = 'OWNER';
         insert into persons (code, organisation_id) select 'p1', id from organisations where short_name = 'OWNER';",
    );
    let token = app.csrf_token("/organisations").await;
    let owner = org_id(&app, "OWNER");
    let response = app
        .submit(
            "/organisations",
            &format!("/organisations/{owner}/delete"),
            &[],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("OWNER cannot be deleted while it is used: 1 project it owns, 1 person.")
    );
    let spare = org_id(&app, "SPARE");
    let response = app
        .submit(
            "/organisations",
            &format!("/organisations/{spare}/delete"),
            &[],
        )
        .await;
    assert_eq!(location(&response), "/organisations?notice=deleted");
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select short_name as name from organisations"
        ),
        ["OWNER"]
    );
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select before->>'short_name' as name from audit_log where action = 'delete'"
        ),
        ["SPARE"]
    );
    assert_eq!(
        app.post_form(
            &format!("/organisations/{}/delete", uuid::Uuid::new_v4()),
            &[("csrf_token", &token), ("version", "1")]
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn viewers_cannot_change_organisations() {
    let app = spawn_app_with(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    app.sql("insert into organisations (short_name, name) values ('KEEP', 'Keep')");
    let html = app.get_page("/organisations").await.text().await.unwrap();
    assert!(!html.contains("Add an organisation") && !html.contains(">Edit<"));
    let keep = org_id(&app, "KEEP");
    assert_eq!(
        app.get_page(&format!("/organisations/{keep}/edit"))
            .await
            .status(),
        403
    );
    for (path, form) in [
        (
            "/organisations".to_string(),
            vec![("csrf_token", "x"), ("short_name", "NEW"), ("name", "New")],
        ),
        (
            format!("/organisations/{keep}/delete"),
            vec![("csrf_token", "x")],
        ),
    ] {
        assert_eq!(app.post_form(&path, &form).await.status(), 403, "{path}");
    }
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select short_name as name from organisations"
        ),
        ["KEEP"]
    );
}
