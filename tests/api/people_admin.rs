//! Administrators maintain people (SPEC §5): persons, their working time, employee groups and
//! leave types. Bad input is a 422 that changes nothing; non-administrators are refused by the
//! application (403) and by the database (row-level security).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

const ON: (&str, &str) = ("PERSON_CAPACITY_ENABLED", "true");

fn one(app: &TestApp, sql: &str) -> String {
    names(&mut app.owner_connection(), sql).remove(0)
}

/// The id of a row of `table` (asked where the table has just one).
fn id_of(app: &TestApp, table: &str) -> String {
    one(app, &format!("select id::text as name from {table}"))
}

/// The id of the row of `table` that `condition` picks.
fn id_where(app: &TestApp, table: &str, condition: &str) -> String {
    one(
        app,
        &format!("select id::text as name from {table} where {condition}"),
    )
}

async fn text(response: reqwest::Response) -> String {
    response.text().await.unwrap()
}

/// POSTs `form` with the CSRF token to `path`.
async fn send(app: &TestApp, token: &str, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let mut all = vec![("csrf_token", token)];
    all.extend_from_slice(form);
    app.post_form(path, &all).await
}

/// The status answering a POST of `form` (see `send`).
async fn send_status(
    app: &TestApp,
    token: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::StatusCode {
    send(app, token, path, form).await.status()
}

/// Everything the people pages can change, as one comparable text.
fn people_state(app: &TestApp) -> String {
    one(
        app,
        "select concat_ws(' | ',
           (select string_agg(concat_ws(',', code, first_name, last_name, email, organisation_id, employment_start, employment_end, user_id), ';' order by code) from persons),
           (select string_agg(concat_ws(',', person_id, employee_group_id, valid_from), ';' order by person_id, valid_from) from employee_group_memberships),
           (select string_agg(concat_ws(',', person_id, start_date, end_date, fte_percent), ';' order by person_id, start_date) from fte_periods),
           (select string_agg(concat_ws(',', person_id, leave_type_id, start_date, end_date), ';' order by person_id, start_date) from leaves),
           (select string_agg(name, ';' order by name) from employee_groups),
           (select string_agg(concat_ws(',', employee_group_id, valid_from, daily_hours), ';' order by employee_group_id, valid_from) from employee_group_hours),
           (select string_agg(concat_ws(',', code, name), ';' order by code) from leave_types),
           (select count(*)::text from assignments),
           (select count(*)::text from audit_log)) as name",
    )
}

#[tokio::test]
async fn an_admin_adds_edits_and_deletes_a_person() {
    let app = spawn_app_with(&[ON]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University'), ('LAB', 'Lab');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'PX', 'Project X', id, date '2031-01-01', 12 from organisations where short_name = 'UNI';",
    );
    let uni = id_where(&app, "organisations", "short_name = 'UNI'");
    let lab = id_where(&app, "organisations", "short_name = 'LAB'");

    let list = text(app.get_page("/people").await).await;
    assert!(
        list.contains("href=\"/people/new\">Add a person</a>"),
        "{list}"
    );
    let form = text(app.get_page("/people/new").await).await;
    assert!(
        form.contains(&format!("<option value=\"{uni}\">UNI</option>")),
        "{form}"
    );
    let token = app.csrf_token("/people/new").await;

    let created = app
        .post_form(
            "/people",
            &[
                ("csrf_token", &token),
                ("code", " ada@example.org "),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
                ("email", "ada@example.org"),
                ("organisation", &uni),
                ("employment_start", "2031-01-01"),
                ("employment_end", ""),
                ("user", ""),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let id = id_of(&app, "persons");
    assert_eq!(location(&created), format!("/people/{id}?notice=added"));
    assert_eq!(
        one(
            &app,
            "select concat_ws(',', code, first_name, last_name, email, employment_start, coalesce(employment_end::text, '-'), coalesce(user_id::text, '-')) as name from persons"
        ),
        "ada@example.org,Ada,Lovelace,ada@example.org,2031-01-01,-,-"
    );
    assert_eq!(
        app.count("select count(*) from audit_log where entity_type = 'person' and action = 'create' and after->>'code' = 'ada@example.org'"),
        1
    );
    let page = text(app.get_page(&format!("/people/{id}?notice=added")).await).await;
    assert!(page.contains("The person was added."), "{page}");
    assert!(page.contains(&format!("href=\"/people/{id}/edit\">Edit details</a>")));

    // Editing: the form shows the stored values; the change is saved and audited.
    let edit = text(app.get_page(&format!("/people/{id}/edit")).await).await;
    assert!(edit.contains("value=\"ada@example.org\"") && edit.contains("value=\"2031-01-01\""));
    assert!(edit.contains(&format!("<option value=\"{uni}\" selected>UNI</option>")));
    let saved = app
        .submit_from(
            &edit,
            &format!("/people/{id}"),
            &[
                ("code", "ada@example.org"),
                ("first_name", "Augusta Ada"),
                ("last_name", "King"),
                ("email", ""),
                ("organisation", &lab),
                ("employment_start", "2031-01-01"),
                ("employment_end", "2031-12-31"),
                ("user", ""),
            ],
        )
        .await;
    assert_eq!(location(&saved), format!("/people/{id}?notice=saved"));
    assert_eq!(
        one(
            &app,
            "select concat_ws(',', first_name, last_name, coalesce(email, '-'), o.short_name, employment_end) as name from persons p join organisations o on o.id = p.organisation_id"
        ),
        "Augusta Ada,King,-,LAB,2031-12-31"
    );
    assert_eq!(
        app.count("select count(*) from audit_log where entity_type = 'person' and action = 'update' and before->>'last_name' = 'Lovelace' and after->>'last_name' = 'King'"),
        1
    );

    // Deleting: the confirmation says what goes with the person; the assignment is audited
    // under its project.
    app.sql(
        "insert into employee_groups (name) values ('Staff');
         insert into employee_group_memberships (person_id, employee_group_id, valid_from) select p.id, g.id, date '2031-01-01' from persons p, employee_groups g;
         insert into leaves (person_id, leave_type_id, start_date, end_date) select p.id, t.id, date '2031-02-02', date '2031-02-06' from persons p, leave_types t where t.code = 'VAC';
         insert into assignments (person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month)
           select pe.id, pr.id, 50, g.id, date '2031-01-01', date '2031-06-01' from persons pe, projects pr, allocation_groups g where g.code = 'fixed';",
    );
    let confirm = text(app.get_page(&format!("/people/{id}/delete")).await).await;
    for fact in [
        "<strong>1 assignment(s)</strong> to PX",
        "1 employee group membership(s)",
        "1 leave row(s)",
    ] {
        assert!(confirm.contains(fact), "{fact}: {confirm}");
    }
    let deleted = app
        .submit_from(&confirm, &format!("/people/{id}/delete"), &[])
        .await;
    assert_eq!(location(&deleted), "/people?notice=deleted");
    for table in [
        "persons",
        "assignments",
        "leaves",
        "employee_group_memberships",
    ] {
        assert_eq!(
            app.count(&format!("select count(*) from {table}")),
            0,
            "{table}"
        );
    }
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'delete' and entity_type = 'person' and (before->'deleted_with_it'->>'assignments')::int = 1"),
        1
    );
    assert_eq!(
        app.count("select count(*) from audit_log a join projects p on p.id = a.project_id where a.action = 'delete' and a.entity_type = 'assignment' and p.code = 'PX'"),
        1
    );
    let list = text(app.get_page("/people?notice=deleted").await).await;
    assert!(list.contains("The person was deleted.") && list.contains("There are no persons yet."));
    assert_eq!(
        app.get_page(&format!("/people/{id}/edit")).await.status(),
        404
    );
}

#[tokio::test]
async fn bad_person_input_is_a_422_that_changes_nothing() {
    let app = spawn_app_with(&[ON]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into users (sub, username, role, visibility) values ('s-ada', 'ada', 'viewer', 'all'), ('s-bob', 'bob', 'viewer', 'all');
         insert into persons (code, first_name, organisation_id, employment_start, user_id)
           select 'ada', 'Ada', o.id, date '2030-01-01', u.id from organisations o, users u where u.username = 'ada';
         insert into persons (code, first_name, organisation_id, employment_start)
           select 'bob', 'Bob', id, date '2030-01-01' from organisations;",
    );
    let uni = id_of(&app, "organisations");
    let ada_user = id_where(&app, "users", "username = 'ada'");
    let bob_user = id_where(&app, "users", "username = 'bob'");
    let bob = id_where(&app, "persons", "code = 'bob'");
    // The user select offers bob's user (not linked yet), not ada's, nor the built-in no-auth user.
    let form = text(app.get_page("/people/new").await).await;
    assert!(
        form.contains(&format!("<option value=\"{bob_user}\">bob</option>")),
        "{form}"
    );
    let anonymous = id_where(&app, "users", "username = 'anonymous'");
    assert!(!form.contains(&ada_user) && !form.contains(&anonymous));
    let token = app.csrf_token("/people/new").await;
    let before = people_state(&app);

    let good = [
        ("code", "cy"),
        ("first_name", "Cy"),
        ("last_name", "Young"),
        ("email", "cy@example.org"),
        ("organisation", uni.as_str()),
        ("employment_start", "2031-01-01"),
        ("employment_end", "2031-12-31"),
        ("user", ""),
    ];
    let unknown_org = uuid::Uuid::new_v4().to_string();
    let cases: Vec<(&str, &str, &str)> = vec![
        ("code", "ada", "Another person has the code ada."),
        ("code", "", "Enter a code"),
        ("code", "cy young", "A code has no spaces"),
        ("email", "cy@example", "is not an email address"),
        ("email", "not an email", "is not an email address"),
        (
            "employment_end",
            "2030-06-30",
            "The employment end (2030-06-30) is before the employment start (2031-01-01).",
        ),
        (
            "employment_start",
            "",
            "Enter the employment start as YYYY-MM-DD.",
        ),
        ("employment_start", "1.1.2031", "is not a date"),
        ("organisation", &unknown_org, "that one does not exist"),
        ("organisation", "", "Choose the person&#39;s organisation."),
        ("user", &ada_user, "That user is already linked to ada"),
        ("user", "nonsense", "Choose a user from the list."),
    ];
    for (field, value, message) in cases {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        form.extend(
            good.iter()
                .map(|(k, v)| (*k, if *k == field { value } else { *v })),
        );
        let response = app.post_form("/people", &form).await;
        assert_eq!(response.status(), 422, "{field}={value}");
        let html = text(response).await;
        assert!(html.contains(message), "{field}={value}: {message}\n{html}");
        assert!(html.contains("Nothing was saved"), "{field}={value}");
        assert_eq!(
            people_state(&app),
            before,
            "{field}={value} changed nothing"
        );
    }
    // The refused form keeps what was typed.
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    form.extend(
        good.iter()
            .map(|(k, v)| (*k, if *k == "email" { "cy@" } else { *v })),
    );
    let html = text(app.post_form("/people", &form).await).await;
    assert!(html.contains("value=\"Young\"") && html.contains("value=\"cy@\""));

    // Editing bob: ada's code and ada's user are taken, so both are refused; nothing changes.
    for (field, value, message) in [
        ("code", "ada", "Another person has the code ada."),
        (
            "user",
            ada_user.as_str(),
            "That user is already linked to ada",
        ),
    ] {
        let form: Vec<(&str, &str)> = good
            .iter()
            .map(|(k, v)| (*k, if *k == field { value } else { *v }))
            .collect();
        let response = app
            .submit(
                &format!("/people/{bob}/edit"),
                &format!("/people/{bob}"),
                &form,
            )
            .await;
        assert_eq!(response.status(), 422, "{field}");
        assert!(text(response).await.contains(message), "{field}");
        assert_eq!(people_state(&app), before, "{field}");
    }
    // Linking bob to his own user is fine.
    let form: Vec<(&str, &str)> = good
        .iter()
        .map(|(k, v)| (*k, if *k == "user" { bob_user.as_str() } else { *v }))
        .collect();
    let response = app
        .submit(
            &format!("/people/{bob}/edit"),
            &format!("/people/{bob}"),
            &form,
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        one(
            &app,
            "select u.username as name from persons p join users u on u.id = p.user_id where p.code = 'cy'"
        ),
        "bob"
    );

    // Unknown persons are 404 everywhere.
    let nobody = uuid::Uuid::new_v4();
    for path in ["edit", "delete", "working-time"] {
        assert_eq!(
            app.get_page(&format!("/people/{nobody}/{path}"))
                .await
                .status(),
            404,
            "{path}"
        );
    }
    let response = app
        .post_form(
            &format!("/people/{nobody}"),
            &[("csrf_token", &token), ("version", "1")],
        )
        .await;
    assert_eq!(response.status(), 404);
}

/// A form posted to a path and the message its refusal must show.
type RefusedForm<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

/// The (working days, hours) cells of a month's row on the person page.
/// Submits a working-time form of the person page that must succeed (a 303 back to the page),
/// then reads March 2031 on the page, where the change shows.
async fn march_after(app: &TestApp, path: &str, form: &[(&str, &str)], id: &str) -> String {
    let status = app
        .submit(&format!("/people/{id}"), path, form)
        .await
        .status();
    assert_eq!(status, 303, "{path}");
    month_row(app, id, "2031-03").await
}

async fn month_row(app: &TestApp, id: &str, month: &str) -> String {
    let html = text(app.get_page(&format!("/people/{id}?from={month}")).await).await;
    let start = html
        .find(&format!("<tr><td>{month}</td>"))
        .unwrap_or_else(|| panic!("no row {month}: {html}"));
    let row = &html[start..];
    let cells: Vec<&str> = row
        .split("<td class=\"num\">")
        .skip(1)
        .take(2)
        .map(|c| &c[..c.find('<').unwrap()])
        .collect();
    cells.join(" days, ") + " h"
}

#[tokio::test]
async fn working_time_changes_the_capacity_on_the_person_page() {
    let app = spawn_app_with(&[ON]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into employee_groups (name) values ('Staff'), ('Part-timers');
         insert into employee_group_hours (employee_group_id, valid_from, daily_hours)
           select id, date '2020-01-01', case when name = 'Staff' then 8 else 4 end from employee_groups;
         insert into persons (code, first_name, last_name, organisation_id, employment_start)
           select 'ada', 'Ada', 'Lovelace', id, date '2030-01-01' from organisations;",
    );
    let id = id_of(&app, "persons");
    let staff = id_where(&app, "employee_groups", "name = 'Staff'");
    let vac = id_where(&app, "leave_types", "code = 'VAC'");
    let token = app.csrf_token(&format!("/people/{id}")).await;
    let person = |path: &str| format!("/people/{id}{path}");

    // March 2031 has 21 weekdays; without an employee group they count 0 hours.
    let page = text(app.get_page(&format!("/people/{id}")).await).await;
    assert!(page.contains("id=\"working-time\"") && page.contains("Add membership"));
    assert_eq!(month_row(&app, &id, "2031-03").await, "21 days, 0 h");

    let added = send(
        &app,
        &token,
        &person("/memberships"),
        &[("group", staff.as_str()), ("valid_from", "2030-01-01")],
    )
    .await;
    assert_eq!(
        location(&added),
        format!("/people/{id}?notice=membership-added#working-time")
    );
    assert_eq!(month_row(&app, &id, "2031-03").await, "21 days, 168 h");

    // A week of leave (Monday 10th to Friday 14th): five working days fewer.
    assert_eq!(
        march_after(
            &app,
            &person("/leave"),
            &[
                ("leave_type", vac.as_str()),
                ("first_day", "2031-03-10"),
                ("last_day", "2031-03-14"),
            ],
            &id
        )
        .await,
        "16 days, 128 h"
    );
    let page = text(
        app.get_page(&format!("/people/{id}?notice=leave-added"))
            .await,
    )
    .await;
    assert!(
        page.contains("The leave was added.")
            && page.contains("Vacation: 2031-03-10 – 2031-03-14 <form")
    );

    // 80 % from mid-2030 on, then half time from the 1st: periods may overlap, and the one
    // that started last applies.
    assert_eq!(
        march_after(
            &app,
            &person("/fte-periods"),
            &[("start", "2030-06-01"), ("end", ""), ("percent", "80")],
            &id
        )
        .await,
        "16 days, 102.4 h"
    );
    assert_eq!(
        march_after(
            &app,
            &person("/fte-periods"),
            &[("start", "2031-03-01"), ("end", ""), ("percent", "50")],
            &id
        )
        .await,
        "16 days, 64 h"
    );

    // Refused input: 422 on the working-time page with the message, the typed values kept,
    // and nothing changed.
    let before = people_state(&app);
    let unknown = uuid::Uuid::new_v4().to_string();
    let cases: Vec<RefusedForm> = vec![
        (
            "/fte-periods",
            vec![("start", "2031-04-01"), ("percent", "120")],
            "“120” is not an FTE %",
        ),
        (
            "/fte-periods",
            vec![("start", "2031-04-01"), ("percent", "-5")],
            "is not an FTE %",
        ),
        (
            "/fte-periods",
            vec![("start", "2031-04-01"), ("percent", "")],
            "Enter the FTE %",
        ),
        (
            "/fte-periods",
            vec![
                ("start", "2031-04-01"),
                ("end", "2031-03-31"),
                ("percent", "80"),
            ],
            "The FTE period&#39;s last day (2031-03-31) is before its first day (2031-04-01).",
        ),
        (
            "/fte-periods",
            vec![("start", "2031-03-01"), ("percent", "80")],
            "An FTE period already starts on 2031-03-01",
        ),
        (
            "/leave",
            vec![
                ("leave_type", vac.as_str()),
                ("first_day", "2031-05-10"),
                ("last_day", "2031-05-09"),
            ],
            "The last day of leave (2031-05-09) is before the first day (2031-05-10).",
        ),
        (
            "/leave",
            vec![
                ("leave_type", unknown.as_str()),
                ("first_day", "2031-05-10"),
                ("last_day", "2031-05-11"),
            ],
            "Choose a leave type from the list.",
        ),
        (
            "/leave",
            vec![
                ("leave_type", vac.as_str()),
                ("first_day", "2031-03-10"),
                ("last_day", "2031-03-14"),
            ],
            "is recorded already",
        ),
        (
            "/leave",
            vec![
                ("leave_type", vac.as_str()),
                ("first_day", "soon"),
                ("last_day", "2031-03-14"),
            ],
            "“soon” is not a date",
        ),
        (
            "/memberships",
            vec![("group", staff.as_str()), ("valid_from", "2030-01-01")],
            "already changes employee group on that day",
        ),
        (
            "/memberships",
            vec![("group", unknown.as_str()), ("valid_from", "2031-01-01")],
            "Choose an employee group from the list.",
        ),
        (
            "/memberships",
            vec![("group", staff.as_str()), ("valid_from", "")],
            "Enter the day the membership starts as YYYY-MM-DD.",
        ),
    ];
    for (path, form, message) in cases {
        let response = send(&app, &token, &person(path), &form).await;
        assert_eq!(response.status(), 422, "{path} {form:?}");
        let html = text(response).await;
        assert!(html.contains(message), "{path} {form:?}: {message}\n{html}");
        assert!(
            html.contains("Nothing was changed") && html.contains("Working time of Ada Lovelace")
        );
        assert_eq!(people_state(&app), before, "{path} {form:?}");
    }
    let html = text(
        send(
            &app,
            &token,
            &person("/fte-periods"),
            &[("start", "2031-04-01"), ("percent", "120")],
        )
        .await,
    )
    .await;
    assert!(
        html.contains("name=\"start\" type=\"date\" value=\"2031-04-01\"")
            && html.contains("value=\"120\"")
    );

    // Removing rows undoes their effect; every change is in the audit log.
    let fte = id_where(&app, "fte_periods", "fte_percent = 50");
    let leave = id_of(&app, "leaves");
    let membership = id_of(&app, "employee_group_memberships");
    let removed = app
        .submit(
            &person(""),
            &person(&format!("/fte-periods/{fte}/delete")),
            &[],
        )
        .await;
    assert_eq!(
        location(&removed),
        format!("/people/{id}?notice=fte-removed#working-time")
    );
    assert_eq!(month_row(&app, &id, "2031-03").await, "16 days, 102.4 h");
    assert_eq!(
        march_after(&app, &person(&format!("/leave/{leave}/delete")), &[], &id).await,
        "21 days, 134.4 h"
    );
    assert_eq!(
        march_after(
            &app,
            &person(&format!("/memberships/{membership}/delete")),
            &[],
            &id
        )
        .await,
        "21 days, 0 h"
    );
    // A row is removed only through its own person and kind.
    app.sql(
        "insert into persons (code, organisation_id) select 'bob', id from organisations;
         insert into leaves (person_id, leave_type_id, start_date, end_date)
           select p.id, t.id, date '2031-03-10', date '2031-03-14' from persons p, leave_types t where p.code = 'bob' and t.code = 'VAC';",
    );
    let bobs_leave = id_of(&app, "leaves");
    for row in [
        format!("/leave/{bobs_leave}/delete"),
        format!("/fte-periods/{bobs_leave}/delete"),
    ] {
        assert_eq!(
            send_status(&app, &token, &person(&row), &[("version", "1")]).await,
            404,
            "{row}"
        );
    }
    assert_eq!(app.count("select count(*) from leaves"), 1);
    for (entity, changes) in [
        ("employee_group_membership", 2),
        ("leave", 2),
        ("fte_period", 3),
    ] {
        assert_eq!(
            app.count(&format!("select count(*) from audit_log where entity_type = '{entity}' and after->>'person' = 'ada' or entity_type = '{entity}' and before->>'person' = 'ada'")),
            changes,
            "{entity}"
        );
    }
}

#[tokio::test]
async fn employee_groups_and_leave_types_are_maintained_on_their_page() {
    let app = spawn_app_with(&[ON]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into persons (code, organisation_id) select 'ada', id from organisations;",
    );
    let token = app.csrf_token("/people/groups").await;

    let added = send(
        &app,
        &token,
        "/people/groups",
        &[
            ("name", "Research"),
            ("daily_hours", "7,5"),
            ("valid_from", "2020-01-01"),
        ],
    )
    .await;
    assert_eq!(location(&added), "/people/groups?notice=group-added");
    let group = id_of(&app, "employee_groups");
    assert_eq!(
        one(
            &app,
            "select concat_ws(',', valid_from, daily_hours) as name from employee_group_hours"
        ),
        "2020-01-01,7.50"
    );
    let added = send(
        &app,
        &token,
        &format!("/people/groups/{group}/hours"),
        &[("valid_from", "2025-01-01"), ("daily_hours", "7.25")],
    )
    .await;
    assert_eq!(location(&added), "/people/groups?notice=hours-added");
    let page = text(app.get_page("/people/groups?notice=hours-added").await).await;
    assert!(page.contains("The daily hours were added."));
    assert!(
        page.contains("<td>2025-01-01</td><td class=\"num\">7.25</td>"),
        "{page}"
    );

    let before = people_state(&app);
    for (path, form, message) in [
        (
            "/people/groups".to_string(),
            vec![("name", "Research")],
            "Another employee group has that name.",
        ),
        (
            "/people/groups".to_string(),
            vec![("name", "  ")],
            "Enter the employee group&#39;s name.",
        ),
        (
            "/people/groups".to_string(),
            vec![("name", "Admin"), ("daily_hours", "8")],
            "Enter the day the daily hours apply from",
        ),
        (
            format!("/people/groups/{group}/hours"),
            vec![("valid_from", "2026-01-01"), ("daily_hours", "25")],
            "“25” are not daily hours",
        ),
        (
            format!("/people/groups/{group}/hours"),
            vec![("valid_from", "2026-01-01"), ("daily_hours", "0")],
            "are not daily hours",
        ),
        (
            format!("/people/groups/{group}/hours"),
            vec![("valid_from", "2025-01-01"), ("daily_hours", "6")],
            "already has daily hours from that day",
        ),
        (
            "/people/leave-types".to_string(),
            vec![("code", "VAC"), ("name", "Holiday")],
            "Another leave type has that code.",
        ),
        (
            "/people/leave-types".to_string(),
            vec![("code", "long leave"), ("name", "Long")],
            "A leave type code uses letters",
        ),
        (
            "/people/leave-types".to_string(),
            vec![("code", "LONG"), ("name", "")],
            "Enter the leave type&#39;s name.",
        ),
    ] {
        let response = send(&app, &token, &path, &form).await;
        assert_eq!(response.status(), 422, "{path} {form:?}");
        let html = text(response).await;
        assert!(html.contains(message), "{path} {form:?}: {message}\n{html}");
        assert_eq!(people_state(&app), before, "{path} {form:?}");
    }

    // Renaming; a group with members and a leave type in use cannot be deleted (409).
    assert_eq!(
        location(
            &app.submit(
                "/people/groups",
                &format!("/people/groups/{group}"),
                &[("name", "Researchers")]
            )
            .await
        ),
        "/people/groups?notice=group-saved"
    );
    app.sql(
        "insert into employee_group_memberships (person_id, employee_group_id, valid_from) select p.id, g.id, date '2030-01-01' from persons p, employee_groups g;
         insert into leaves (person_id, leave_type_id, start_date, end_date) select p.id, t.id, date '2031-01-01', date '2031-01-02' from persons p, leave_types t where t.code = 'VAC';",
    );
    let vac = id_where(&app, "leave_types", "code = 'VAC'");
    let before = people_state(&app);
    let refused = app
        .submit(
            "/people/groups",
            &format!("/people/groups/{group}/delete"),
            &[],
        )
        .await;
    assert_eq!(refused.status(), 409);
    assert!(
        text(refused)
            .await
            .contains("Researchers still has 1 member(s)")
    );
    let refused = app
        .submit(
            "/people/groups",
            &format!("/people/leave-types/{vac}/delete"),
            &[],
        )
        .await;
    assert_eq!(refused.status(), 409);
    assert!(
        text(refused)
            .await
            .contains("Vacation (VAC) is used by 1 leave row(s)")
    );
    assert_eq!(people_state(&app), before);

    // Leave types: added, renamed (the code stays), deleted when unused.
    assert_eq!(
        location(
            &send(
                &app,
                &token,
                "/people/leave-types",
                &[("code", "STUDY"), ("name", "Study leave")]
            )
            .await
        ),
        "/people/groups?notice=leave-type-added"
    );
    let study = id_where(&app, "leave_types", "code = 'STUDY'");
    assert_eq!(
        location(
            &app.submit(
                "/people/groups",
                &format!("/people/leave-types/{study}"),
                &[("name", "Study")]
            )
            .await
        ),
        "/people/groups?notice=leave-type-saved"
    );
    assert_eq!(
        one(&app, "select name from leave_types where code = 'STUDY'"),
        "Study"
    );
    assert_eq!(
        location(
            &app.submit(
                "/people/groups",
                &format!("/people/leave-types/{study}/delete"),
                &[]
            )
            .await
        ),
        "/people/groups?notice=leave-type-deleted"
    );
    assert_eq!(
        app.count("select count(*) from leave_types where code = 'STUDY'"),
        0
    );

    // Once nobody belongs to it, the group goes (with its hours).
    app.sql("delete from employee_group_memberships");
    let row = id_where(&app, "employee_group_hours", "valid_from = '2025-01-01'");
    assert_eq!(
        location(
            &app.submit(
                "/people/groups",
                &format!("/people/groups/{group}/hours/{row}/delete"),
                &[]
            )
            .await
        ),
        "/people/groups?notice=hours-removed"
    );
    assert_eq!(
        location(
            &app.submit(
                "/people/groups",
                &format!("/people/groups/{group}/delete"),
                &[]
            )
            .await
        ),
        "/people/groups?notice=group-deleted"
    );
    assert_eq!(app.count("select count(*) from employee_groups"), 0);
    assert_eq!(app.count("select count(*) from employee_group_hours"), 0);
    for (entity, action, n) in [
        ("employee_group", "create", 1),
        ("employee_group", "update", 1),
        ("employee_group", "delete", 1),
        ("employee_group_hours", "create", 2),
        ("employee_group_hours", "delete", 1),
        ("leave_type", "create", 1),
        ("leave_type", "update", 1),
        ("leave_type", "delete", 1),
    ] {
        assert_eq!(
            app.count(&format!("select count(*) from audit_log where entity_type = '{entity}' and action = '{action}'")),
            n,
            "{entity} {action}"
        );
    }
}

#[tokio::test]
async fn the_pages_are_absent_without_person_capacity() {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into persons (code, organisation_id) select 'ada', id from organisations;",
    );
    let id = id_of(&app, "persons");
    for path in [
        "/people/new".to_string(),
        "/people/groups".to_string(),
        format!("/people/{id}/edit"),
        format!("/people/{id}/delete"),
        format!("/people/{id}/working-time"),
    ] {
        assert_eq!(app.get_page(&path).await.status(), 404, "{path}");
    }
    let token = app.csrf_token("/settings").await;
    for path in [
        "/people".to_string(),
        format!("/people/{id}/delete"),
        "/people/leave-types".to_string(),
    ] {
        let response = app
            .post_form(
                &path,
                &[("csrf_token", &token), ("code", "X"), ("name", "X")],
            )
            .await;
        assert_eq!(response.status(), 404, "{path}");
    }
    assert_eq!(app.count("select count(*) from persons"), 1);
}

const NON_ADMIN_FIXTURE: &str = "
insert into organisations (short_name, name) values ('R1', 'Root one');
insert into employee_groups (name) values ('Staff');
insert into employee_group_hours (employee_group_id, valid_from, daily_hours) select id, date '2020-01-01', 8 from employee_groups;
insert into persons (code, first_name, last_name, organisation_id, employment_start)
  select 'pe1', 'Pat', 'Example', id, date '2030-01-01' from organisations;
insert into employee_group_memberships (person_id, employee_group_id, valid_from) select p.id, g.id, date '2030-01-01' from persons p, employee_groups g;
insert into fte_periods (person_id, start_date, fte_percent) select id, date '2031-01-01', 80 from persons;
insert into leaves (person_id, leave_type_id, start_date, end_date) select p.id, t.id, date '2031-03-10', date '2031-03-14' from persons p, leave_types t where t.code = 'VAC';
";

#[tokio::test]
async fn non_admins_are_refused_and_see_no_edit_controls() {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new(
        "orged@test",
        &[
            "rediflow-editors",
            "rediflow-org-R1",
            "rediflow-visibility-org",
        ],
    ));
    let app = spawn_app_with(&[
        ON,
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    app.sql(NON_ADMIN_FIXTURE);
    sign_in(&app, &idp, "orged@test").await;
    let id = id_of(&app, "persons");
    let group = id_of(&app, "employee_groups");
    let vac = id_where(&app, "leave_types", "code = 'VAC'");
    let org = id_of(&app, "organisations");
    let membership = id_of(&app, "employee_group_memberships");
    let fte = id_of(&app, "fte_periods");
    let leave = id_of(&app, "leaves");
    let hours = id_of(&app, "employee_group_hours");

    // They see the person (of their organisation) and the lookups, but no edit controls.
    let page = text(app.get_page(&format!("/people/{id}")).await).await;
    assert!(
        page.contains("Pat Example") && page.contains("Staff from 2030-01-01"),
        "{page}"
    );
    for control in [
        "Edit details",
        "/edit\"",
        "/delete\"",
        "/memberships",
        "Add leave",
        "Remove",
    ] {
        assert!(!page.contains(control), "{control}: {page}");
    }
    let list = text(app.get_page("/people").await).await;
    assert!(!list.contains("Add a person") && list.contains("/people/groups"));
    let groups = text(app.get_page("/people/groups").await).await;
    assert!(groups.contains("Staff") && groups.contains("Vacation"));
    assert!(
        !groups.contains("Add a group")
            && !groups.contains("Rename")
            && !groups.contains("action=\"/people/leave-types")
    );

    for path in [
        "/people/new".to_string(),
        format!("/people/{id}/edit"),
        format!("/people/{id}/delete"),
        format!("/people/{id}/working-time"),
    ] {
        assert_eq!(app.get_page(&path).await.status(), 403, "{path}");
    }
    let token = app.csrf_token("/account").await;
    let before = people_state(&app);
    let person = [
        ("code", "intruder"),
        ("first_name", "In"),
        ("last_name", "Truder"),
        ("organisation", org.as_str()),
        ("employment_start", "2031-01-01"),
        ("group", group.as_str()),
        ("valid_from", "2031-01-01"),
        ("start", "2031-01-01"),
        ("percent", "10"),
        ("leave_type", vac.as_str()),
        ("first_day", "2031-01-01"),
        ("last_day", "2031-01-02"),
        ("name", "Renamed"),
        ("daily_hours", "4"),
    ];
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    form.extend(person);
    for path in [
        "/people".to_string(),
        format!("/people/{id}"),
        format!("/people/{id}/delete"),
        format!("/people/{id}/memberships"),
        format!("/people/{id}/memberships/{membership}/delete"),
        format!("/people/{id}/fte-periods"),
        format!("/people/{id}/fte-periods/{fte}/delete"),
        format!("/people/{id}/leave"),
        format!("/people/{id}/leave/{leave}/delete"),
        "/people/groups".to_string(),
        format!("/people/groups/{group}"),
        format!("/people/groups/{group}/delete"),
        format!("/people/groups/{group}/hours"),
        format!("/people/groups/{group}/hours/{hours}/delete"),
        "/people/leave-types".to_string(),
        format!("/people/leave-types/{vac}"),
        format!("/people/leave-types/{vac}/delete"),
    ] {
        let response = app.post_form(&path, &form).await;
        assert_eq!(response.status(), 403, "{path}");
        let html = text(response).await;
        assert!(html.contains("Only administrators may"), "{path}: {html}");
    }
    assert_eq!(people_state(&app), before, "nothing changed");
}

#[tokio::test]
async fn an_admin_signed_in_through_oidc_writes_through_row_level_security() {
    // RLS is on in tests: the app role writes as the signed-in admin (app.is_admin()).
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("boss@test", &["rediflow-admins"]));
    let app = spawn_app_with(&[
        ON,
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    app.sql(NON_ADMIN_FIXTURE);
    sign_in(&app, &idp, "boss@test").await;
    let id = id_of(&app, "persons");
    let vac = id_where(&app, "leave_types", "code = 'VAC'");
    let boss = id_where(&app, "users", "username = 'boss@test'");
    let token = app.csrf_token(&format!("/people/{id}")).await;
    let response = app
        .post_form(
            &format!("/people/{id}/leave"),
            &[
                ("csrf_token", &token),
                ("leave_type", vac.as_str()),
                ("first_day", "2031-04-01"),
                ("last_day", "2031-04-02"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.count("select count(*) from leaves"), 2);
    assert_eq!(
        app.count(&format!("select count(*) from audit_log where entity_type = 'leave' and user_id = '{boss}' and actor = 'boss@test'")),
        1
    );
    // The edit form offers the admin's own user for linking.
    let form = text(app.get_page(&format!("/people/{id}/edit")).await).await;
    assert!(
        form.contains(&format!("<option value=\"{boss}\">")),
        "{form}"
    );
}

/// Runs `sql` as the app role in a transaction that is rolled back: rows changed, or the error.
fn attempt(conn: &mut PgConnection, sql: &str) -> Result<usize, String> {
    let mut rows = None;
    let outcome = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        rows = Some(diesel::sql_query(sql).execute(conn)?);
        Err(diesel::result::Error::RollbackTransaction)
    });
    match (rows, outcome) {
        (Some(n), Err(diesel::result::Error::RollbackTransaction)) => Ok(n),
        (_, Err(e)) => Err(e.to_string()),
        (_, Ok(())) => unreachable!("always rolled back"),
    }
}

#[test]
fn the_database_refuses_people_writes_of_non_admins() {
    let database = create_test_database();
    let mut owner = connect(&owner_url(&database));
    owner.batch_execute(NON_ADMIN_FIXTURE).unwrap();
    owner
        .batch_execute(
            "insert into users (id, sub, username, role, visibility) values
               ('00000000-0000-0000-0000-0000000000f1', 's-admin', 'admin', 'admin', 'all'),
               ('00000000-0000-0000-0000-0000000000f3', 's-editor', 'editor', 'editor', 'all'),
               ('00000000-0000-0000-0000-0000000000f4', 's-viewer', 'viewer', 'viewer', 'all');",
        )
        .unwrap();
    let snapshot = |owner: &mut PgConnection| {
        names(
            owner,
            "select concat_ws('|', (select string_agg(concat_ws(',', code, first_name, user_id), ';') from persons),
               (select string_agg(concat_ws(',', start_date, end_date), ';') from leaves),
               (select string_agg(concat_ws(',', start_date, fte_percent), ';') from fte_periods),
               (select count(*) from employee_group_memberships),
               (select string_agg(name, ';') from employee_groups),
               (select string_agg(code, ';') from leave_types)) as name",
        )
        .remove(0)
    };
    let before = snapshot(&mut owner);
    let mut app = connect(&app_url(&database));
    let act_as = |conn: &mut PgConnection, user: &str| {
        diesel::sql_query("select set_config('app.current_user_id', $1, false)")
            .bind::<diesel::sql_types::Text, _>(user)
            .execute(conn)
            .unwrap();
    };
    const RLS: &str = "new row violates row-level security policy";
    let inserts = [
        "insert into persons (code, organisation_id) select 'intruder', id from organisations",
        "insert into leaves (person_id, leave_type_id, start_date, end_date) select p.id, t.id, date '2031-05-01', date '2031-05-02' from persons p, leave_types t where t.code = 'VAC'",
        "insert into fte_periods (person_id, start_date, fte_percent) select id, date '2032-01-01', 10 from persons",
        "insert into employee_group_memberships (person_id, employee_group_id, valid_from) select p.id, g.id, date '2032-01-01' from persons p, employee_groups g",
        "insert into employee_groups (name) values ('Intruders')",
        "insert into leave_types (code, name) values ('X', 'X')",
    ];
    let changes = [
        "update persons set first_name = 'changed'",
        "update persons set user_id = '00000000-0000-0000-0000-0000000000f3'",
        "delete from persons",
        "update leaves set end_date = start_date",
        "delete from leaves",
        "update fte_periods set fte_percent = 1",
        "delete from employee_group_memberships",
        "update employee_groups set name = 'changed'",
        "delete from leave_types where code = 'SICK'",
    ];
    for user in [
        "00000000-0000-0000-0000-0000000000f3",
        "00000000-0000-0000-0000-0000000000f4",
    ] {
        act_as(&mut app, user);
        // They can read the rows they cannot change.
        assert_eq!(count(&mut app, "select count(*) as count from persons"), 1);
        assert_eq!(count(&mut app, "select count(*) as count from leaves"), 1);
        for sql in inserts {
            let error = attempt(&mut app, sql).expect_err(sql);
            assert!(error.contains(RLS), "{user}: {sql}: {error}");
        }
        for sql in changes {
            assert_eq!(attempt(&mut app, sql), Ok(0), "{user}: {sql}");
        }
    }
    // The same statements work for an administrator (so the refusals above are the policies').
    act_as(&mut app, "00000000-0000-0000-0000-0000000000f1");
    for sql in inserts {
        assert_eq!(attempt(&mut app, sql), Ok(1), "admin: {sql}");
    }
    assert_eq!(
        attempt(&mut app, "update persons set first_name = 'changed'"),
        Ok(1)
    );
    assert_eq!(attempt(&mut app, "delete from leaves"), Ok(1));
    assert_eq!(
        snapshot(&mut owner),
        before,
        "every attempt was rolled back or refused"
    );
}
