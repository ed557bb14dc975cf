//! Administrators maintain the reference data on /settings.

use crate::helpers::*;

#[tokio::test]
async fn an_admin_adds_and_deletes_reference_data() {
    let app = spawn_app().await;
    let token = app.csrf_token("/settings").await;
    for (kind, fields) in [
        (
            "role-type",
            vec![("name", "Data steward"), ("group", "Research")],
        ),
        (
            "deliverable-type",
            vec![("code", "PAT"), ("name", "Patent"), ("group", "")],
        ),
        (
            "dissemination-level",
            vec![
                ("code", "CO"),
                ("name", "Confidential"),
                ("group", "Restricted"),
            ],
        ),
        (
            "allocation-group",
            vec![("code", "reserve"), ("name", "Reserve")],
        ),
        (
            "lifecycle-state",
            vec![
                ("code", "on_hold"),
                ("name", "On hold"),
                ("locks_project", "on"),
            ],
        ),
        (
            "system-rate",
            vec![("valid_from", "2026-01"), ("hours_per_pm", "158,5")],
        ),
        (
            "calendar",
            vec![("code", "NO"), ("name", "Norway"), ("country_code", "no")],
        ),
    ] {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields);
        let response = app.post_form(&format!("/settings/{kind}"), &form).await;
        assert_eq!(location(&response), "/settings?notice=added", "{kind}");
    }
    let mut conn = app.owner_connection();
    assert_eq!(
        names(
            &mut conn,
            "select r.name || '/' || g.name as name from role_types r join lookup_groups g on g.id = r.group_id where r.name = 'Data steward'"
        ),
        ["Data steward/Research"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select hours_per_pm::text as name from system_hour_rates"
        ),
        ["158.50"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select code || ':' || locks_project as name from lifecycle_states where code = 'on_hold'"
        ),
        ["on_hold:true"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select country_code as name from calendars where code = 'NO'"
        ),
        ["NO"]
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log where action = 'create'"),
        7
    );

    // A holiday for the new calendar.
    let no = names(
        &mut conn,
        "select id::text as name from calendars where code = 'NO'",
    )
    .remove(0);
    let response = app
        .post_form(
            "/settings/holiday",
            &[
                ("csrf_token", &token),
                ("calendar", &no),
                ("day", "2026-05-17"),
                ("name", "Constitution Day"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let html = app
        .get_page("/settings?calendar=NO&year=2026")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<td>2026-05-17</td><td>Constitution Day</td>"),
        "{html}"
    );

    // Lifecycle flags change.
    let on_hold = names(
        &mut conn,
        "select id::text as name from lifecycle_states where code = 'on_hold'",
    )
    .remove(0);
    let response = app
        .submit(
            "/settings",
            &format!("/settings/lifecycle-state/{on_hold}"),
            &[("name", "Paused"), ("is_pipeline", "on")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        names(
            &mut conn,
            "select name || ':' || is_pipeline || ':' || locks_project as name from lifecycle_states where code = 'on_hold'"
        ),
        ["Paused:true:false"]
    );

    // Delete what is unused; refuse what is used.
    let steward = names(
        &mut conn,
        "select id::text as name from role_types where name = 'Data steward'",
    )
    .remove(0);
    assert_eq!(
        location(
            &app.submit(
                "/settings",
                &format!("/settings/role-type/{steward}/delete"),
                &[]
            )
            .await
        ),
        "/settings?notice=deleted"
    );
    app.sql("insert into projects (code, name, lifecycle_state_id, start_month, duration_months) select 'P', 'P', id, date '2026-01-01', 12 from lifecycle_states where code = 'running'");
    let running = names(
        &mut conn,
        "select id::text as name from lifecycle_states where code = 'running'",
    )
    .remove(0);
    let response = app
        .submit(
            "/settings",
            &format!("/settings/lifecycle-state/{running}/delete"),
            &[],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("It is still used 1 time(s)")
    );
}

#[tokio::test]
async fn bad_values_and_duplicates_change_nothing() {
    let app = spawn_app().await;
    let token = app.csrf_token("/settings").await;
    let before = app.count("select count(*) as count from role_types");
    for (kind, fields, message) in [
        (
            "role-type",
            vec![("name", "Researcher")],
            "That value exists already.",
        ),
        ("role-type", vec![("name", " ")], "Enter the name."),
        (
            "system-rate",
            vec![("valid_from", "soon"), ("hours_per_pm", "150")],
            "Enter the month the rate applies from as YYYY-MM.",
        ),
        (
            "system-rate",
            vec![("valid_from", "2026-01"), ("hours_per_pm", "0")],
            "above 0 and at most 744",
        ),
        (
            "lifecycle-state",
            vec![("code", "On Hold"), ("name", "X")],
            "lower-case letters",
        ),
        (
            "holiday",
            vec![("calendar", "nope"), ("day", "2026-01-01"), ("name", "X")],
            "Choose a calendar.",
        ),
    ] {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields);
        let response = app.post_form(&format!("/settings/{kind}"), &form).await;
        assert_eq!(response.status(), 422, "{message}");
        assert!(
            response.text().await.unwrap().contains(message),
            "{message}"
        );
    }
    assert_eq!(
        app.count("select count(*) as count from role_types"),
        before
    );
    assert_eq!(
        app.count("select count(*) as count from system_hour_rates"),
        0
    );
    assert_eq!(app.count("select count(*) as count from audit_log"), 0);
    assert_eq!(
        app.post_form("/settings/unknown-kind", &[("csrf_token", &token)])
            .await
            .status(),
        404
    );

    let viewer = spawn_app_with(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    let html = viewer.get_page("/settings").await.text().await.unwrap();
    assert!(!html.contains(">Add</button>"));
    assert_eq!(
        viewer
            .post_form(
                "/settings/role-type",
                &[("csrf_token", "x"), ("name", "Sneaky")]
            )
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn an_admin_renames_a_role_type_and_a_duplicate_name_is_refused() {
    let app = spawn_app().await;
    let mut conn = app.owner_connection();
    let ids = names(
        &mut conn,
        "select id::text as name from role_types order by name limit 2",
    );
    assert_eq!(ids.len(), 2, "the seed has at least two role types");
    let other = names(
        &mut conn,
        &format!("select name from role_types where id = '{}'", ids[1]),
    );

    let page = app.get_page("/settings").await.text().await.unwrap();
    for form in [
        "action=\"/settings/deliverable-type\"",
        "action=\"/settings/dissemination-level\"",
        "<h2>Dissemination levels</h2>",
        "id=\"dl-code\"",
        "form=\"dt-1\"",
    ] {
        assert!(page.contains(form), "{form}");
    }

    let response = app
        .submit(
            "/settings",
            &format!("/settings/role-type/{}", ids[0]),
            &[("name", "Lead engineer"), ("group", "")],
        )
        .await;
    assert_eq!(location(&response), "/settings?notice=saved");
    assert_eq!(
        names(
            &mut conn,
            &format!("select name from role_types where id = '{}'", ids[0])
        ),
        ["Lead engineer"]
    );

    let response = app
        .submit(
            "/settings",
            &format!("/settings/role-type/{}", ids[0]),
            &[("name", other[0].as_str()), ("group", "")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("That name exists already.")
    );
    assert_eq!(
        names(
            &mut conn,
            &format!("select name from role_types where id = '{}'", ids[0])
        ),
        ["Lead engineer"]
    );
    assert_eq!(
        count(
            &mut conn,
            "select count(*) from audit_log where entity_type = 'role_type' and action = 'update'"
        ),
        1
    );
}
