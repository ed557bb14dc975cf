//! Hostile input (issue 18, items 4 and 5): numbers that would cost seconds of CPU, forms with too
//! many fields, NUL characters, and what the database refuses. Each is answered with a clear 4xx
//! that changes nothing, never a 500, and never stalls the server for others.

use std::path::Path;
use std::time::{Duration, Instant};

use rediflow::workbooks::import::{self, Importer, Upload};

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

/// A server with the example project (EST from 2026-01, 0.5 PM a month for task 1.1 / EXAMPLE).
async fn app_with_example(extra: &[(&str, &str)]) -> (TestApp, String) {
    let app = spawn_app_with(extra).await;
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/example.ods")).unwrap();
    import::import_projects(
        &mut app.owner_connection(),
        vec![Upload {
            name: "example.ods".into(),
            bytes,
        }],
        &Importer::command_line(false),
        false,
        &mut |_| {},
    )
    .unwrap();
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects where code = 'EXAMPLE-P'",
    )
    .remove(0);
    (app, id)
}

/// The full form name (`<prefix>.<task>.<organisation>.<month>`) of a cell of the example.
fn cell(app: &TestApp, prefix: &str, m: i32) -> String {
    let ids = names(
        &mut app.owner_connection(),
        "select t.id::text || '.' || o.id::text as name from tasks t, organisations o
         where t.number = '1.1' and o.short_name = 'EXAMPLE'",
    );
    format!("{prefix}.{}.{m}", ids[0])
}

/// Everything a grid save could change: demand rows, the project version and the audit log.
fn grid_state(app: &TestApp) -> String {
    names(
        &mut app.owner_connection(),
        "select (select string_agg(series || month || '=' || pm, ',' order by series, month)
                 from capacity_demand) || '|' ||
                (select version from projects where code = 'EXAMPLE-P') || '|' ||
                (select count(*) from audit_log) as name",
    )
    .remove(0)
}

/// The slowest of the /healthz requests sent one after another until `stop` is set.
async fn slowest_healthz(app: &TestApp, stop: &std::sync::atomic::AtomicBool) -> Duration {
    let client = new_client();
    let mut slowest = Duration::ZERO;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        let started = Instant::now();
        let response = client
            .get(app.url("/healthz"))
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    slowest
}

#[tokio::test]
async fn a_viewers_huge_number_is_refused_at_once_while_healthz_stays_fast() {
    // One async worker (the test default): a number parsed on it would stall every request.
    let (app, id) = app_with_example(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    let token = app.csrf_token("/account").await;
    let before = grid_state(&app);
    let huge = "9".repeat(2 * 1024 * 1024);
    let (c12, o12) = (cell(&app, "c", 12), cell(&app, "o", 12));
    let version = app
        .count("select version as count from projects")
        .to_string();
    let path = format!("/projects/{id}/capacity");
    // Encoded once, so that the time measured is the server's.
    let body = serde_urlencoded::to_string([
        ("csrf_token", token.as_str()),
        ("series", "EST"),
        ("version", &version),
        (&c12, &huge),
        (&o12, "0.5"),
    ])
    .unwrap();
    let post = || async {
        let request = app
            .client
            .post(app.url(&path))
            .header("Origin", &app.address)
            .header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body.clone())
            // The old code took minutes here: fail in seconds instead.
            .timeout(Duration::from_secs(20));
        let started = Instant::now();
        let response = request.send().await.expect("answered within 20 s");
        (response.status().as_u16(), started.elapsed())
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    let probe = slowest_healthz(&app, &stop);
    let posts = async {
        // Twice at once, as the audit did; the same browser (its session holds the token).
        let answers = tokio::join!(post(), post());
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        answers
    };
    let (slowest, ((first, first_took), (second, second_took))) = tokio::join!(probe, posts);
    for (status, took) in [(first, first_took), (second, second_took)] {
        assert_eq!(status, 403, "the viewer is refused before any cell is read");
        assert!(took < Duration::from_secs(1), "answered in {took:?}");
    }
    assert!(
        slowest < Duration::from_millis(500),
        "/healthz took {slowest:?} while the posts ran"
    );
    assert_eq!(grid_state(&app), before, "nothing was written");
}

#[tokio::test]
async fn an_editors_overlong_or_exponent_number_is_a_field_error_that_keeps_the_typed_grid() {
    let (app, id) = app_with_example(&[]).await;
    let path = format!("/projects/{id}/capacity");
    let token = app.csrf_token(&path).await;
    let before = grid_state(&app);
    let (c13, o13, c12, o12) = (
        cell(&app, "c", 13),
        cell(&app, "o", 13),
        cell(&app, "c", 12),
        cell(&app, "o", 12),
    );
    let version = app
        .count("select version as count from projects")
        .to_string();
    let overlong = "1".repeat(40);
    for (typed, message) in [
        (
            "1e400",
            "Task 1.1 / EXAMPLE, M12: &#34;1e400&#34; has an exponent: write the number out in digits",
        ),
        (
            overlong.as_str(),
            "Task 1.1 / EXAMPLE, M12: a number longer than 32 characters is not accepted",
        ),
    ] {
        let started = Instant::now();
        let response = app
            .post_form(
                &path,
                &[
                    ("csrf_token", &token),
                    ("series", "EST"),
                    ("version", &version),
                    (&c13, "0,75"),
                    (&o13, ""),
                    (&c12, typed),
                    (&o12, "0.5"),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{typed}");
        assert!(started.elapsed() < Duration::from_secs(2));
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{typed}: {message}\n{html}");
        // The grid shows what was typed, in both cells, and still the values the page had shown
        // and its version, so that saving the corrected grid detects a concurrent change.
        let c12_name = crate::capacity::page_cell_name(&html, &c12).unwrap();
        let c13_name = crate::capacity::page_cell_name(&html, &c13).unwrap();
        let o12_name = crate::capacity::page_cell_name(&html, &o12).unwrap();
        assert!(html.contains(&format!("name=\"{c12_name}\" value=\"{typed}\"")));
        assert!(html.contains(&format!("name=\"{c13_name}\" value=\"0,75\"")));
        assert!(html.contains(&format!("name=\"{o12_name}\" value=\"0.5\"")));
        assert!(html.contains(&format!("name=\"version\" value=\"{version}\"")));
        assert_eq!(grid_state(&app), before, "{typed}: nothing was written");
    }

    // The same rule for every other number typed into a form.
    let exponent = "has an exponent: write the number out in digits";
    let long = "A number longer than 32 characters is not accepted.";
    let new_project = |hours: &str| {
        vec![
            ("csrf_token", token.clone()),
            ("code", "NUMS".to_string()),
            ("name", "Numbers".to_string()),
            ("start", "2030-01".to_string()),
            ("duration", "12".to_string()),
            ("hours_per_pm", hours.to_string()),
        ]
    };
    for (path, form, message) in [
        ("/projects".to_string(), new_project("1.5e2"), exponent),
        ("/projects".to_string(), new_project(&overlong), long),
        (
            format!("/projects/{id}/rates"),
            vec![
                ("csrf_token", token.clone()),
                ("valid_from", "2026-06".to_string()),
                ("hours_per_pm", "1E2".to_string()),
            ],
            exponent,
        ),
        (
            "/settings/system-rate".to_string(),
            vec![
                ("csrf_token", token.clone()),
                ("valid_from", "2026-06".to_string()),
                ("hours_per_pm", overlong.clone()),
            ],
            long,
        ),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = app.post_form(&path, &form).await;
        let status = response.status().as_u16();
        assert!(status == 400 || status == 422, "{path}: {status}");
        let html = response.text().await.unwrap();
        assert!(
            html.replace("&#34;", "\"").contains(message),
            "{path}: {message}\n{html}"
        );
    }
    assert_eq!(app.count("select count(*) as count from projects"), 1);
    assert_eq!(
        app.count(
            "select (select count(*) from project_hour_rates) + (select count(*) from system_hour_rates) as count"
        ),
        0
    );
    assert_eq!(grid_state(&app), before);
}

#[tokio::test]
async fn forms_and_uploads_with_too_many_fields_are_refused() {
    let app = spawn_app().await;
    let token = app.csrf_token("/projects/new").await;
    let mut body =
        format!("csrf_token={token}&code=MANY&name=Many&start=2030-01&duration=12&version=");
    body.push_str(&"&x=".repeat(100_000));
    let response = app
        .client
        .post(app.url("/projects"))
        .header("Origin", &app.address)
        .header("Accept", "text/html")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("more than the 100000 accepted, so nothing was changed")
    );
    assert_eq!(app.count("select count(*) as count from projects"), 0);

    // An upload of many small parts.
    let mut parts = reqwest::multipart::Form::new().text("csrf_token", token.clone());
    for n in 0..20 {
        parts = parts.text(format!("extra{n}"), "x");
    }
    let response = app
        .client
        .post(app.url("/import"))
        .header("Origin", &app.address)
        .header("Accept", "text/html")
        .multipart(parts)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The upload has more than 8 parts")
    );
}

const ORGS: &str = "
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-00000000a000', 'UNI', 'University', null),
  ('00000000-0000-0000-0000-00000000b000', 'OTHER', 'Other entity', null);
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-00000000a100', 'UNI-A', 'Department A', '00000000-0000-0000-0000-00000000a000');
insert into projects (id, code, name, owner_org_id, start_month, duration_months) values
  ('00000000-0000-0000-0000-0000000000c1', 'OWN', 'Own project', '00000000-0000-0000-0000-00000000a100', date '2030-01-01', 12),
  ('00000000-0000-0000-0000-0000000000c2', 'HIDDEN-X', 'Secret venture', '00000000-0000-0000-0000-00000000b000', date '2030-01-01', 12);
";
const UNI_A: &str = "00000000-0000-0000-0000-00000000a100";
const OTHER: &str = "00000000-0000-0000-0000-00000000b000";
const OWN: &str = "00000000-0000-0000-0000-0000000000c1";

/// A server with RLS on (requests run as the app role) and an org-scoped editor of UNI-A signed in.
async fn org_scoped_editor() -> (TestApp, TestIdp) {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new(
        "orged@test",
        &[
            "rediflow-editors",
            "rediflow-org-UNI-A",
            "rediflow-visibility-org",
        ],
    ));
    let database = create_test_database();
    use diesel::connection::SimpleConnection;
    connect(&owner_url(&database)).batch_execute(ORGS).unwrap();
    let app = spawn_app_on(
        &database,
        &[
            ("RLS_ENABLED", "true"),
            ("OIDC_ISSUER", idp.issuer.as_str()),
            ("OIDC_CLIENT_ID", CLIENT_ID),
            ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ],
    )
    .await;
    sign_in(&app, &idp, "orged@test").await;
    (app, idp)
}

fn project_form<'a>(token: &'a str, code: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", token),
        ("version", ""),
        ("code", code),
        ("name", name),
        ("description", "Plans."),
        ("poo", UNI_A),
        ("partners", OTHER),
        ("lifecycle", ""),
        ("start", "2031-01"),
        ("duration", "24"),
        ("hours_per_pm", "150"),
    ]
}

#[tokio::test]
async fn an_org_scoped_editor_creates_a_project_with_rls_on() {
    let (app, _idp) = org_scoped_editor().await;
    let token = app.csrf_token("/projects/new").await;
    let response = app
        .post_form("/projects", &project_form(&token, "NEWP", "New project"))
        .await;
    assert_eq!(response.status(), 303);
    let location = location(&response);
    let id = location.trim_start_matches("/projects/").to_string();
    assert_eq!(
        names(
            &mut app.owner_connection(),
            &format!(
                "select p.code || ' ' || p.name || ' ' || o.short_name || ' ' || p.start_month || ' ' ||
                        p.duration_months || ' ' || p.hours_per_pm || ' ' ||
                        (select string_agg(po.short_name, ',') from project_partners pp
                         join organisations po on po.id = pp.organisation_id where pp.project_id = p.id) as name
                 from projects p join organisations o on o.id = p.owner_org_id where p.id = '{id}'"
            ),
        ),
        ["NEWP New project UNI-A 2031-01-01 24 150.00 OTHER"]
    );
    assert_eq!(
        names(
            &mut app.owner_connection(),
            &format!(
                "select a.action || ' ' || u.username as name from audit_log a join users u on u.id = a.user_id
                 where a.entity_type = 'project' and a.entity_id = '{id}'"
            ),
        ),
        ["create orged@test"]
    );
    let html = app.get_page(&location).await.text().await.unwrap();
    assert!(html.contains("NEWP — New project"), "{html}");

    // Also straight into a state that locks the project, with its partner.
    let closed = names(
        &mut app.owner_connection(),
        "select id::text as name from lifecycle_states where code = 'closed'",
    )
    .remove(0);
    let mut form = project_form(&token, "DONE", "Finished project");
    form[7] = ("lifecycle", &closed);
    let response = app.post_form("/projects", &form).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select s.code || ' ' || o.short_name || ' ' || p.version as name from projects p
             join lifecycle_states s on s.id = p.lifecycle_state_id
             join project_partners pp on pp.project_id = p.id
             join organisations o on o.id = pp.organisation_id where p.code = 'DONE'",
        ),
        ["closed OTHER 1"]
    );
}

#[tokio::test]
async fn a_code_of_a_hidden_project_is_taken_without_revealing_more() {
    let (app, _idp) = org_scoped_editor().await;
    // The editor cannot see HIDDEN-X.
    assert_eq!(
        app.get_page("/projects/00000000-0000-0000-0000-0000000000c2")
            .await
            .status(),
        404
    );
    let token = app.csrf_token("/projects/new").await;
    let state = |app: &TestApp| {
        names(
            &mut app.owner_connection(),
            "select string_agg(code || ':' || name || ':' || version, ',' order by code) || '|' ||
                    (select count(*) from project_partners) || '|' || (select count(*) from audit_log) as name
             from projects",
        )
    };
    let before = state(&app);

    let response = app
        .post_form("/projects", &project_form(&token, "HIDDEN-X", "Mine"))
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("The code HIDDEN-X is taken: choose another."),
        "{html}"
    );
    assert!(
        !html.contains("Secret venture"),
        "nothing but the code is told"
    );
    assert!(
        html.contains("value=\"Mine\""),
        "the form keeps what was typed"
    );
    assert_eq!(state(&app), before, "nothing was written");

    // Renaming the editor's own project to the hidden code: the same answer.
    let edit = app.get_page(&format!("/projects/{OWN}/edit")).await;
    assert_eq!(edit.status(), 200);
    let mut form = project_form(&token, "HIDDEN-X", "Own project");
    form[1] = ("version", "1");
    let response = app.post_form(&format!("/projects/{OWN}"), &form).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The code HIDDEN-X is taken: choose another.")
    );
    assert_eq!(state(&app), before, "nothing was written");
}

#[tokio::test]
async fn nul_characters_are_refused_in_every_form_and_change_nothing() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into projects (code, name, start_month, duration_months) values ('P1', 'One', date '2030-01-01', 12);",
    );
    let uni = names(
        &mut app.owner_connection(),
        "select id::text as name from organisations",
    )
    .remove(0);
    let project = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let token = app.csrf_token("/projects/new").await;
    let state = |app: &TestApp| {
        app.count(
            "select (select count(*) from projects) + (select count(*) from organisations)
                  + (select count(*) from persons) + (select count(*) from work_packages)
                  + (select count(*) from role_types) + (select count(*) from audit_log) as count",
        )
    };
    let before = state(&app);
    let cases: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            "/projects".into(),
            vec![
                ("code", "NUL1"),
                ("name", "Null\0name"),
                ("start", "2030-01"),
                ("duration", "12"),
            ],
        ),
        (
            "/organisations".into(),
            vec![
                ("short_name", "ORG"),
                ("name", "Org\0anisation"),
                ("parent", ""),
            ],
        ),
        (
            "/people".into(),
            vec![
                ("code", "cy"),
                ("first_name", "C\0y"),
                ("last_name", "Young"),
                ("organisation", &uni),
                ("employment_start", "2031-01-01"),
            ],
        ),
        (
            format!("/projects/{project}/work-packages"),
            vec![
                ("number", "1"),
                ("name", "Work\0package"),
                ("begin", "1"),
                ("end", "12"),
            ],
        ),
        (
            "/settings/role-type".into(),
            vec![("name", "Data\0steward"), ("group", "Research")],
        ),
    ];
    for (path, fields) in cases {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields);
        let response = app.post_form(&path, &form).await;
        assert_eq!(response.status(), 400, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("contains a NUL character") && html.contains("nothing was changed"),
            "{path}: {html}"
        );
        assert_eq!(state(&app), before, "{path}: nothing was written");
    }

    // Outside forms, the database's refusal of such text is a 400 too, never a 500.
    let response = app
        .get_page(&format!("/projects/{project}/team?find=%00"))
        .await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("cannot be stored (a NUL byte)")
    );
}
