//! The compare views of a scenario (issue 23): `/scenarios/{id}/compare` and
//! `/scenarios/{id}/people/{person}` over the TEAM fixture, with RLS and signed-in users. The
//! scenarios are made in SQL (their pages are another area's); what is checked is what the
//! views and their downloads show, and that the live plan stays as it was.

use std::io::Cursor;

use calamine::{Data, Ods, Reader, open_workbook_from_rs};

use crate::helpers::*;
use crate::idp::{IdpUser, sign_in};
use crate::team::{one, signed_in_team_app, text};

const DIRECTOR: &str = "dir@test";
const STRANGER: &str = "stranger@test";

/// A scenario owned by `owner` (a signed-in user name); its id.
fn scenario(app: &TestApp, owner: &str, name: &str) -> String {
    one(
        app,
        &format!(
            "insert into scenarios (owner_user_id, name) select id, '{name}' from users \
             where username = '{owner}' returning id::text as name"
        ),
    )
}

/// Records a change (its JSON) of the project with `code` in the scenario, at the project's
/// version now.
fn change(app: &TestApp, scenario: &str, code: &str, json: &str) {
    app.sql(&format!(
        "insert into scenario_changes (scenario_id, project_id, kind, change, base_version) \
         select '{scenario}', id, '{json}'::jsonb ->> 'kind', '{json}'::jsonb, version \
         from projects where code = '{code}'"
    ));
}

/// The CSV's row of `org` in `month`, split into fields.
fn csv_row(csv: &str, org: &str, month: &str) -> Vec<String> {
    csv.lines()
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .find(|f| f.len() > 2 && f[0] == org && f[2] == month)
        .unwrap_or_else(|| panic!("no row {org} {month} in\n{csv}"))
}

async fn director_app(extra: Vec<IdpUser>) -> (TestApp, crate::idp::TestIdp) {
    let mut users = vec![IdpUser::new(DIRECTOR, &["rediflow-editors"])];
    users.extend(extra);
    let (app, idp) = signed_in_team_app(users).await;
    sign_in(&app, &idp, DIRECTOR).await;
    (app, idp)
}

#[tokio::test]
async fn a_scenario_that_shifts_a_project_by_three_months_moves_its_demand_in_compare_only() {
    let (app, _idp) = director_app(Vec::new()).await;
    let id = scenario(&app, DIRECTOR, "PX late");
    change(&app, &id, "PX", r#"{"kind":"shift","months":3}"#);
    let live_grid = "select p.start_month::text || ' ' || d.month::text || ' ' || d.pm::text as name \
                     from capacity_demand d join projects p on p.id = d.project_id \
                     where p.code = 'PX' order by d.month";
    let before = names(&mut app.owner_connection(), live_grid);
    assert_eq!(before, vec!["2030-12-01 2030-12-01 1.500".to_string()]);

    let csv = text(
        &app,
        &format!("/scenarios/{id}/compare?from=2030-12&months=6&format=csv"),
    )
    .await;
    assert!(
        csv.starts_with(
            "Organisation,People,Month,Live capacity PM,Scenario capacity PM,\
             Capacity difference PM,Live allocated PM,Scenario allocated PM,\
             Allocated difference PM,Live EST demand PM,Scenario EST demand PM,\
             EST demand difference PM,Live gap PM,Scenario gap PM,Gap difference PM\r\n"
        ),
        "{csv}"
    );
    // ORG's EST demand: 1.5 PM in December live; in the scenario three months later, in March.
    let demand = |month: &str| {
        let row = csv_row(&csv, "ORG", month);
        (row[9].clone(), row[10].clone(), row[11].clone())
    };
    assert_eq!(demand("2030-12"), ("1.5".into(), "0".into(), "-1.5".into()));
    assert_eq!(demand("2031-01"), ("0".into(), "0".into(), "0".into()));
    assert_eq!(demand("2031-03"), ("0".into(), "1.5".into(), "1.5".into()));
    // Capacity is the people's: the same in both plans.
    let dec = csv_row(&csv, "ORG", "2030-12");
    assert_eq!(dec[3], dec[4]);
    assert_eq!(dec[5], "0");

    // The page says the same, the difference signed and marked, and names the change.
    let html = text(
        &app,
        &format!("/scenarios/{id}/compare?from=2030-12&months=6"),
    )
    .await;
    assert!(
        html.contains("<span class=\"live\">1.5</span> → <span class=\"planned\">0</span> <strong class=\"diff\">-1.5 ▼</strong>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"live\">0</span> → <span class=\"planned\">1.5</span> <strong class=\"diff\">+1.5 ▲</strong>"));
    assert!(html.contains("PX</a>: Starts 3 months later"), "{html}");

    // The live plan is untouched: the grid, the project and the live portfolio as before.
    assert_eq!(names(&mut app.owner_connection(), live_grid), before);
    let live = text(&app, "/portfolio?from=2030-12&months=6&format=csv").await;
    assert!(
        live.contains("\nORG,1,EST demand PM,1.5,0,0,0,0,0,1.5"),
        "{live}"
    );
    assert_eq!(
        app.count(
            "select count(*) from assignments a join projects p on p.id = a.project_id \
                   where p.code = 'PX' and a.start_month < date '2031-01-01'"
        ),
        1,
        "Ada's assignment still starts in December"
    );
}

#[tokio::test]
async fn winning_a_proposal_with_a_new_assignment_lists_the_person_as_becoming_over_allocated() {
    let (app, _idp) = director_app(Vec::new()).await;
    app.sql(
        "update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'proposal') \
         where code = 'PY'",
    );
    let bob = one(
        &app,
        "select id::text as name from persons where code = 'bob'",
    );
    let fixed = one(
        &app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let id = scenario(&app, DIRECTOR, "Win PY");
    change(&app, &id, "PY", r#"{"kind":"outcome","won":true}"#);
    change(
        &app,
        &id,
        "PY",
        &format!(
            r#"{{"kind":"add_assignment","person":"{bob}","role":null,"percent":8000,"group":"{fixed}","start":"2031-01-01","end":"2031-02-01","tentative":false}}"#
        ),
    );
    let html = text(
        &app,
        &format!("/scenarios/{id}/compare?from=2030-12&months=3"),
    )
    .await;
    let listed = html
        .split("id=\"band-changes\"")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("no people who change band in\n{html}"));
    // Bob: 40 % in January and February live (under-allocated over the quarter); 120 % with PY.
    assert!(listed.contains(">Bob Builder</a>"), "{listed}");
    assert!(listed.contains("<td>under-allocated</td>"), "{listed}");
    assert!(
        listed.contains("<td><strong>over-allocated</strong></td>"),
        "{listed}"
    );
    assert!(
        listed.contains("<td class=\"num\">40 % → 120 %</td>"),
        "{listed}"
    );
    assert!(
        !listed.contains("Ada Lovelace"),
        "Ada's band does not change"
    );
    // And he is among those over-allocated in the scenario (Ada is: 125 % in December).
    let over = html.split("id=\"over-in-scenario\"").nth(1).unwrap();
    let over = over.split("</table>").next().unwrap();
    assert!(
        over.contains(">Bob Builder</a>") && over.contains(">Ada Lovelace</a>"),
        "{over}"
    );
    assert!(over.contains("<td class=\"num\">120 %</td>"), "{over}");
    assert!(html.contains("PY</a>: Won"));
    assert!(html.contains("PY</a>: New assignment of Bob Builder"));

    // Bob beside the scenario: his months and the new assignment.
    let page = app
        .get_page(&format!(
            "/scenarios/{id}/people/{bob}?from=2030-12&months=3"
        ))
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let months = html.split("id=\"person-months\"").nth(1).unwrap();
    assert!(
        months.contains("<td class=\"num\">40 %</td>\n    <td class=\"num\">120 %</td>"),
        "{months}"
    );
    assert!(months.contains("<td><strong>over-allocated</strong></td>"));
    let assignments = html.split("id=\"person-assignments\"").nth(1).unwrap();
    assert!(
        assignments.contains("PY</a></th><td></td><td>—</td><td>80 % · 2031-01–2031-02 · confirmed</td><td>added</td>"),
        "{assignments}"
    );
    assert!(assignments.contains("PX</a></th><td></td><td>40 % · 2031-01–2031-02 · confirmed</td><td>40 % · 2031-01–2031-02 · confirmed</td><td>unchanged</td>"));

    // The download's second block: Bob per month, live and scenario.
    let csv = text(
        &app,
        &format!("/scenarios/{id}/compare?from=2030-12&months=3&format=csv"),
    )
    .await;
    assert!(
        csv.contains("\r\n\r\nPerson,Organisation,Live,Scenario,Month,Live utilisation %,Scenario utilisation %\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\r\nBob Builder,LAB,under-allocated,over-allocated,2031-01,40,120\r\n"),
        "{csv}"
    );

    // The ODS has the same table.
    let bytes = app
        .get_page(&format!(
            "/scenarios/{id}/compare?from=2030-12&months=3&format=ods"
        ))
        .await
        .bytes()
        .await
        .unwrap();
    let mut ods: Ods<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = ods.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][2], Data::String("Month".into()));
    assert_eq!(rows[0][8], Data::String("Allocated difference PM".into()));
    let lab_jan = rows
        .iter()
        .find(|r| r[0] == Data::String("LAB".into()) && r[2] == Data::String("2031-01".into()))
        .unwrap();
    // LAB's allocation in January: Bob's 40 % live, 120 % in the scenario (of his capacity).
    let (Data::Float(live), Data::Float(planned)) = (&lab_jan[6], &lab_jan[7]) else {
        panic!("{lab_jan:?}")
    };
    assert!((planned / live - 3.0).abs() < 0.01, "{live} {planned}");
    assert!(
        rows.iter()
            .any(|r| r[0] == Data::String("Bob Builder".into())
                && r[5] == Data::Float(40.0)
                && r[6] == Data::Float(120.0))
    );
    // The live plan has no assignment of Bob's on PY.
    assert_eq!(
        app.count(
            "select count(*) from assignments a join projects p on p.id = a.project_id \
                   join persons pe on pe.id = a.person_id where p.code = 'PY' and pe.code = 'bob'"
        ),
        0
    );
}

#[tokio::test]
async fn a_user_the_scenario_is_not_shared_with_gets_404_and_a_shared_one_reads_it() {
    let (app, idp) = director_app(vec![IdpUser::new(STRANGER, &["rediflow-editors"])]).await;
    let id = scenario(&app, DIRECTOR, "Private");
    change(&app, &id, "PX", r#"{"kind":"shift","months":3}"#);
    let ada = one(
        &app,
        "select id::text as name from persons where code = 'ada'",
    );
    assert_eq!(
        app.get_page(&format!("/scenarios/{id}/compare"))
            .await
            .status(),
        200
    );

    let stranger = app.another_browser();
    sign_in(&stranger, &idp, STRANGER).await;
    let paths = [
        format!("/scenarios/{id}/compare"),
        format!("/scenarios/{id}/compare?format=csv"),
        format!("/scenarios/{id}/people/{ada}"),
        format!("/scenarios/{}/compare", uuid::Uuid::new_v4()),
    ];
    for path in &paths[..3] {
        let page = stranger.get_page(path).await;
        assert_eq!(page.status(), 404, "{path}");
        assert!(!page.text().await.unwrap().contains("Private"));
    }
    assert_eq!(app.get_page(&paths[3]).await.status(), 404);
    // A person the user may not see (or none) is a 404 too; bad choices a 400.
    let nobody = uuid::Uuid::new_v4();
    assert_eq!(
        app.get_page(&format!("/scenarios/{id}/people/{nobody}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get_page(&format!("/scenarios/{id}/compare?reading=maybe"))
            .await
            .status(),
        400
    );
    assert_eq!(
        app.get_page(&format!("/scenarios/{id}/compare?format=xls"))
            .await
            .status(),
        400
    );

    app.sql(&format!(
        "insert into scenario_shares (scenario_id, user_id) select '{id}', id from users where username = '{STRANGER}'"
    ));
    let html = text(&stranger, &paths[0]).await;
    assert!(html.contains("PX</a>: Starts 3 months later"), "{html}");
    assert_eq!(stranger.get_page(&paths[2]).await.status(), 200);
}

#[tokio::test]
async fn an_org_scoped_reader_sees_nothing_of_other_organisations_projects_in_the_comparison() {
    const ORG_VIEWER: &str = "orgvw@test";
    let (app, idp) = director_app(vec![IdpUser::new(
        ORG_VIEWER,
        &[
            "rediflow-viewers",
            "rediflow-org-ORG",
            "rediflow-visibility-org",
        ],
    )])
    .await;
    // LAB's own project, planning 2 PM of LAB's demand in December.
    app.sql(
        "insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'PLAB', 'Lab project', id, date '2030-12-01', 3 from organisations where short_name = 'LAB';
         insert into work_packages (project_id, number, name, begin_month, end_month)
           select id, 1, 'WP1', 1, 3 from projects where code = 'PLAB';
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
           select project_id, id, '1.1', 'Lab work', 1, 3 from work_packages
           where project_id = (select id from projects where code = 'PLAB');
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, date '2030-12-01', 'EST', 2
           from tasks t join projects p on p.id = t.project_id, organisations o
           where p.code = 'PLAB' and o.short_name = 'LAB';",
    );
    let id = scenario(&app, DIRECTOR, "Both late");
    change(&app, &id, "PX", r#"{"kind":"shift","months":3}"#);
    change(&app, &id, "PLAB", r#"{"kind":"shift","months":2}"#);
    app.sql(&format!(
        "insert into scenario_shares (scenario_id, organisation_id) select '{id}', id from organisations where short_name = 'ORG'"
    ));
    // The director sees LAB's demand move from December to February.
    let csv = text(
        &app,
        &format!("/scenarios/{id}/compare?from=2030-12&months=3&format=csv"),
    )
    .await;
    assert_eq!(csv_row(&csv, "LAB", "2030-12")[9..12], ["2", "0", "-2"]);
    assert_eq!(csv_row(&csv, "LAB", "2031-02")[9..12], ["0", "2", "2"]);

    let viewer = app.another_browser();
    sign_in(&viewer, &idp, ORG_VIEWER).await;
    let html = text(
        &viewer,
        &format!("/scenarios/{id}/compare?from=2030-12&months=3"),
    )
    .await;
    assert!(html.contains("PX</a>: Starts 3 months later"), "{html}");
    assert!(
        !html.contains("PLAB") && !html.contains("2 months"),
        "{html}"
    );
    assert!(!html.contains("Bob Builder"), "LAB's people stay hidden");
    let csv = text(
        &viewer,
        &format!("/scenarios/{id}/compare?from=2030-12&months=3&format=csv"),
    )
    .await;
    for month in ["2030-12", "2031-01", "2031-02"] {
        let lab = csv_row(&csv, "LAB", month);
        assert!(
            lab[1..].iter().skip(2).all(|v| v == "0"),
            "{month}: {lab:?}"
        );
    }
    assert_eq!(csv_row(&csv, "ORG", "2030-12")[9..12], ["1.5", "0", "-1.5"]);
    assert!(!csv.contains("Bob Builder"));
    // LAB's person beside the scenario is as hidden as on their own page; ORG's is shown.
    let bob = one(
        &app,
        "select id::text as name from persons where code = 'bob'",
    );
    let ada = one(
        &app,
        "select id::text as name from persons where code = 'ada'",
    );
    let beside = |person: &str| format!("/scenarios/{id}/people/{person}?from=2030-12&months=3");
    assert_eq!(viewer.get_page(&beside(&bob)).await.status(), 404);
    let html = text(&viewer, &beside(&ada)).await;
    assert!(
        html.contains("Ada Lovelace") && !html.contains("PLAB"),
        "{html}"
    );
}
