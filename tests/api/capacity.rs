//! The capacity page over HTTP: the grid and its totals, downloads, the hours view, saving only
//! changed cells, locks, validation, and the concurrency conflict.

use std::path::Path;

use rediflow::workbooks::import::{self, Importer, Upload};

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

/// A server with the example project (EST from 2026-01, 0.5 PM a month for task 1.1 / EXAMPLE).
pub(crate) async fn app_with_example(extra: &[(&str, &str)]) -> (TestApp, String) {
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

/// The form name of the cell of task `task`, organisation `org`, project month `m`.
pub(crate) fn cell(app: &TestApp, prefix: &str, task: &str, org: &str, m: i32) -> String {
    let ids = names(
        &mut app.owner_connection(),
        &format!(
            "select t.id::text || '.' || o.id::text as name from tasks t, organisations o
             where t.number = '{task}' and o.short_name = '{org}'"
        ),
    );
    format!("{prefix}.{}.{m}", ids[0])
}

/// The name the page gives the cell named in full (`c.<task>.<org>.<month>`): pages name cells
/// by row (`c.<row>.<month>`, with a hidden `r.<row>` = `<task>.<org>` per row).
pub fn page_cell_name(html: &str, full_name: &str) -> Option<String> {
    let (prefix, rest) = full_name.split_once('.')?;
    let (key, month) = rest.rsplit_once('.')?;
    let marker = format!("\" value=\"{key}\">");
    let at = html.find(&marker)?;
    let row = html[..at].rsplit_once("name=\"r.")?.1;
    Some(format!("{prefix}.{row}.{month}"))
}

/// Whether the page has an input for the cell named in full.
pub fn has_cell_input(html: &str, full_name: &str) -> bool {
    page_cell_name(html, full_name).is_some_and(|name| html.contains(&format!("name=\"{name}\"")))
}

pub(crate) fn version(app: &TestApp) -> String {
    app.count("select version as count from projects where code = 'EXAMPLE-P'")
        .to_string()
}

pub(crate) fn est(app: &TestApp, task: &str, org: &str, month: &str) -> Vec<String> {
    names(
        &mut app.owner_connection(),
        &format!(
            "select d.pm::text as name from capacity_demand d join tasks t on t.id = d.task_id
             join organisations o on o.id = d.organisation_id
             where d.series = 'EST' and t.number = '{task}' and o.short_name = '{org}' and d.month = date '{month}'"
        ),
    )
}

#[tokio::test]
async fn the_grid_totals_match_the_database_and_the_downloads() {
    let (app, id) = app_with_example(&[]).await;
    let html = app
        .get_page(&format!("/projects/{id}/capacity?series=EST"))
        .await
        .text()
        .await
        .unwrap();
    let total = names(
        &mut app.owner_connection(),
        "select sum(pm)::numeric(12,3)::text as name from capacity_demand where series = 'EST'",
    )
    .remove(0);
    let total = total.trim_end_matches('0').trim_end_matches('.');
    assert!(
        html.contains(&format!("class=\"num total grand\">{total}</td>")),
        "grand total {total}"
    );
    assert!(html.contains("WP 1 — Management and dissemination") && html.contains(">1.1</th>"));
    assert!(html.contains("<polyline class=\"line-est\""), "the chart");

    let csv = app
        .get_page(&format!("/projects/{id}/capacity?series=EST&format=csv"))
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let last = csv.lines().last().unwrap();
    assert!(
        last.starts_with("Total,") && last.ends_with(&format!(",{total}")),
        "{last}"
    );
    assert_eq!(
        csv.lines().count(),
        1 + 14 + 1,
        "header, 14 task × organisation rows, totals"
    );

    let ods = app
        .get_page(&format!(
            "/projects/{id}/capacity?series=PROJPLAN&format=ods"
        ))
        .await;
    assert_eq!(
        ods.headers()["content-type"],
        "application/vnd.oasis.opendocument.spreadsheet"
    );
    assert!(
        ods.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("EXAMPLE-P-PROJPLAN-PM.ods")
    );

    // Hours: the project's default of 152 hours per PM.
    let hours = app
        .get_page(&format!("/projects/{id}/capacity?series=EST&unit=hours"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        hours.contains("<span class=\"cell-ro\">76</span>"),
        "0.5 PM × 152"
    );
    assert!(hours.contains("Read-only: Hours are shown for reading"));
    assert_eq!(
        app.get_page(&format!("/projects/{id}/capacity?series=GUESS"))
            .await
            .status(),
        400
    );
    assert_eq!(
        app.get_page(&format!("/projects/{}/capacity", uuid::Uuid::new_v4()))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn saving_writes_only_changed_cells_and_audits_them() {
    let (app, id) = app_with_example(&[]).await;
    let token = app.csrf_token(&format!("/projects/{id}/capacity")).await;
    let v = version(&app);
    let audit_before = app.count("select count(*) as count from audit_log");
    let (c12, o12) = (
        cell(&app, "c", "1.1", "EXAMPLE", 12),
        cell(&app, "o", "1.1", "EXAMPLE", 12),
    );
    let (c13, o13) = (
        cell(&app, "c", "1.1", "EXAMPLE", 13),
        cell(&app, "o", "1.1", "EXAMPLE", 13),
    );
    let (c14, o14) = (
        cell(&app, "c", "1.2", "EXAMPLE", 14),
        cell(&app, "o", "1.2", "EXAMPLE", 14),
    );
    let response = app
        .post_form(
            &format!("/projects/{id}/capacity"),
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c12, "0,75"),
                (&o12, "0.5"), // changed, with a decimal comma
                (&c13, "0.5"),
                (&o13, "0.5"), // unchanged
                (&c14, "1"),
                (&o14, ""), // new cell for an organisation without demand yet
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/projects/{id}/capacity?series=EST&saved=2")
    );
    assert_eq!(est(&app, "1.1", "EXAMPLE", "2026-12-01"), ["0.750"]);
    assert_eq!(est(&app, "1.2", "EXAMPLE", "2027-02-01"), ["1.000"]);
    assert_eq!(
        version(&app).parse::<i64>().unwrap(),
        v.parse::<i64>().unwrap() + 1
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log") - audit_before,
        2,
        "one audit row per changed cell"
    );

    // Emptying a cell deletes it.
    let v = version(&app);
    app.post_form(
        &format!("/projects/{id}/capacity"),
        &[
            ("csrf_token", &token),
            ("series", "EST"),
            ("version", &v),
            (&c12, ""),
            (&o12, "0.75"),
        ],
    )
    .await;
    assert_eq!(
        est(&app, "1.1", "EXAMPLE", "2026-12-01"),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn bad_values_past_months_and_locks_change_nothing() {
    let (app, id) = app_with_example(&[]).await;
    let token = app.csrf_token(&format!("/projects/{id}/capacity")).await;
    let v = version(&app);
    let audit_before = app.count("select count(*) as count from audit_log");
    let path = format!("/projects/{id}/capacity");
    let (c12, o12) = (
        cell(&app, "c", "1.1", "EXAMPLE", 12),
        cell(&app, "o", "1.1", "EXAMPLE", 12),
    );

    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c12, "lots"),
                (&o12, "0.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Task 1.1 / EXAMPLE, M12: &#34;lots&#34; is not a number")
    );
    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c12, "-1"),
                (&o12, "0.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);

    // M3 (2026-03) is in the past (the example starts in 2026-01).
    let (c3, o3) = (
        cell(&app, "c", "1.1", "EXAMPLE", 3),
        cell(&app, "o", "1.1", "EXAMPLE", 3),
    );
    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c3, "2"),
                (&o3, "0.5"),
                (&c12, "1"),
                (&o12, "0.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("M3 (2026-03) is in the past; only super-admins may change past months")
    );
    let page = app.get_page(&path).await.text().await.unwrap();
    assert!(!has_cell_input(&page, &c3), "past cells are not inputs");
    assert!(has_cell_input(&page, &c12), "future cells are");

    // A closed (locking) lifecycle state makes everything read-only.
    app.sql("update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'closed')");
    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c12, "1"),
                (&o12, "0.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("which locks it"));
    let page = app.get_page(&path).await.text().await.unwrap();
    assert!(
        page.contains("Read-only: This project is in the lifecycle state")
            && !page.contains("Save changes")
    );

    assert_eq!(est(&app, "1.1", "EXAMPLE", "2026-12-01"), ["0.500"]);
    assert_eq!(est(&app, "1.1", "EXAMPLE", "2026-03-01"), ["0.500"]);
    assert_eq!(
        app.count("select count(*) as count from audit_log"),
        audit_before,
        "a refused save leaves no audit row"
    );
    assert_eq!(version(&app), v);
}

#[tokio::test]
async fn viewers_read_only() {
    let (app, id) = app_with_example(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    let path = format!("/projects/{id}/capacity");
    let page = app.get_page(&path).await.text().await.unwrap();
    assert!(
        page.contains("Read-only: You have read-only access")
            && !page.contains("<input class=\"cell\"")
    );
    // Viewers see no form, so they have no token: the refusal comes first from CSRF, and the
    // policy would refuse it anyway (tested for RLS in rls.rs).
    let token = String::from("none");
    let (c12, o12) = (
        cell(&app, "c", "1.1", "EXAMPLE", 12),
        cell(&app, "o", "1.1", "EXAMPLE", 12),
    );
    let response = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &version(&app)),
                (&c12, "3"),
                (&o12, "0.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(est(&app, "1.1", "EXAMPLE", "2026-12-01"), ["0.500"]);
}

#[tokio::test]
async fn a_second_editor_gets_a_conflict_instead_of_overwriting() {
    let (app, id) = app_with_example(&[]).await;
    let path = format!("/projects/{id}/capacity");
    let other = app.another_browser();
    let token_a = app.csrf_token(&path).await;
    let token_b = other.csrf_token(&path).await;
    let v = version(&app);
    let (c12, o12) = (
        cell(&app, "c", "1.1", "EXAMPLE", 12),
        cell(&app, "o", "1.1", "EXAMPLE", 12),
    );
    let (c20, o20) = (
        cell(&app, "c", "2.2", "NORDLAB-AI", 20),
        cell(&app, "o", "2.2", "NORDLAB-AI", 20),
    );

    let first = app
        .post_form(
            &path,
            &[
                ("csrf_token", &token_a),
                ("series", "EST"),
                ("version", &v),
                (&c12, "0.9"),
                (&o12, "0.5"),
            ],
        )
        .await;
    assert_eq!(first.status(), 303);
    let second = other
        .post_form(
            &path,
            &[
                ("csrf_token", &token_b),
                ("series", "EST"),
                ("version", &v),
                (&c12, "0.1"),
                (&o12, "0.5"),
                (&c20, "2"),
                (&o20, "1.5"),
            ],
        )
        .await;
    assert_eq!(second.status(), 409);
    let html = second.text().await.unwrap();
    assert!(html.contains("Someone else saved EXAMPLE-P first"));
    // The cell the other save changed is marked (the shared 409 page of grids and forms).
    assert!(html.contains("<td>1.1</td><td>EXAMPLE</td><td>M12 (2026-12)</td><td class=\"num\">0.5</td><td class=\"num\"><mark>0.9</mark><span class=\"visually-hidden\"> (changed)</span></td><td class=\"num\">0.1</td>"), "{html}");
    assert_eq!(
        est(&app, "1.1", "EXAMPLE", "2026-12-01"),
        ["0.900"],
        "the first save stands"
    );
    assert_eq!(
        est(&app, "2.2", "NORDLAB-AI", "2027-08-01"),
        ["1.500"],
        "nothing of the second was written"
    );
}

#[tokio::test]
async fn super_admins_may_change_past_months_and_locked_projects() {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("boss@test", &["rediflow-super-admins"]));
    idp.add_user(IdpUser::new("admin@test", &["rediflow-admins"]));
    let (app, id) = app_with_example(&[
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    let path = format!("/projects/{id}/capacity");
    let (c3, o3) = (
        cell(&app, "c", "1.1", "EXAMPLE", 3),
        cell(&app, "o", "1.1", "EXAMPLE", 3),
    );

    // An administrator is held by the past-month lock...
    let admin = app.another_browser();
    sign_in(&admin, &idp, "admin@test").await;
    let token = admin.csrf_token(&path).await;
    let response = admin
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &version(&app)),
                (&c3, "2"),
                (&o3, "0.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);

    // ...a super-admin is not: the past cell is an input and saving it works.
    sign_in(&app, &idp, "boss@test").await;
    let token = app.csrf_token(&path).await;
    let page = app.get_page(&path).await.text().await.unwrap();
    assert!(has_cell_input(&page, &c3), "past cells are inputs");
    let save = |value: &'static str, original: &'static str| {
        let (app, path, token, c3, o3) = (&app, &path, &token, &c3, &o3);
        async move {
            let response = app
                .post_form(
                    path,
                    &[
                        ("csrf_token", token.as_str()),
                        ("series", "EST"),
                        ("version", &version(app)),
                        (c3, value),
                        (o3, original),
                    ],
                )
                .await;
            assert_eq!(location(&response), format!("{path}?series=EST&saved=1"));
        }
    };
    save("2", "0.5").await;
    assert_eq!(est(&app, "1.1", "EXAMPLE", "2026-03-01"), ["2.000"]);

    // Also in a project whose lifecycle state locks it.
    app.sql("update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'closed')");
    save("1.5", "2").await;
    assert_eq!(est(&app, "1.1", "EXAMPLE", "2026-03-01"), ["1.500"]);
}

/// Every `<input>`'s (name, value) in a form of `html`, as a browser would post them.
fn form_inputs(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .expect("the form");
    let form = &html[start..start + html[start..].find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| {
        let marker = format!(" {name}=\"");
        tag.find(&marker).map(|at| {
            let rest = &tag[at + marker.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
    };
    form.split("<input")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            Some((attr(tag, "name")?, attr(tag, "value").unwrap_or_default()))
        })
        .collect()
}

#[tokio::test]
async fn a_large_grid_posts_back_whole_and_only_the_changed_cell_is_written() {
    let app = spawn_app().await;
    // 40 tasks × 6 organisations × 48 months: ~11,500 cells, a form of well over 256 KiB (the
    // cells are named by row, `c.<row>.<month>`, about 25 bytes a cell with its original).
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University'), ('LAB', 'Lab'),
           ('L3', 'Lab 3'), ('L4', 'Lab 4'), ('L5', 'Lab 5'), ('L6', 'Lab 6');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'BIG', 'Big', id, date '2030-01-01', 48 from organisations where short_name = 'UNI';
         insert into work_packages (project_id, number, name, begin_month, end_month)
           select id, w, 'WP ' || w, 1, 48 from projects, generate_series(1, 4) w;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
           select project_id, id, number || '.' || t, 'Task', 1, 48 from work_packages, generate_series(1, 10) t;
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, date '2030-01-01' + (m - 1) * interval '1 month', 'EST', 0.25
           from tasks t, organisations o, generate_series(1, 48) m;",
    );
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let path = format!("/projects/{id}/capacity");
    let html = app
        .get_page(&format!("{path}?series=EST"))
        .await
        .text()
        .await
        .unwrap();
    let mut fields = form_inputs(&html, &path);
    assert!(
        fields.len() > 2 * 40 * 6 * 48,
        "every cell and its original"
    );
    let changed = page_cell_name(&html, &cell(&app, "c", "3.7", "LAB", 30)).unwrap();
    let field = fields
        .iter_mut()
        .find(|(name, _)| *name == changed)
        .unwrap();
    field.1 = "1,25".into();
    let body: usize = fields.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    assert!(body > 256 * 1024, "{body} bytes");
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = app.post_form(&path, &form).await;
    assert_eq!(location(&response), format!("{path}?series=EST&saved=1"));
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select pm::text || ' ' || count(*) as name from capacity_demand group by pm order by pm"
        ),
        ["0.250 11519", "1.250 1"]
    );
}
