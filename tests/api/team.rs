//! A project's Team tab: assignments, the allocation grid (derived PM, per-cell overrides, the
//! capacity page's save and conflict rules) and allocation vs EST demand per organisation.

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

/// Ada (ORG, 7.5 h/day, 150 h per PM, DK holidays 24–25 Dec) is assigned 50 % to PX for
/// Dec 2030 – Feb 2031 and 75 % to PY in December; Bob (LAB) 40 % to PX from January.
/// December 2030 gives Ada 20 days × 7.5 h = 150 h = 1 PM. PX plans EST demand for ORG.
pub const TEAM: &str = "
insert into organisations (short_name, name, country_code) values ('ORG', 'Org', 'DK'), ('LAB', 'Lab', 'DK');
insert into calendars (code, name, country_code) values ('DK', 'Denmark', 'DK');
insert into holidays (calendar_id, day, name)
  select id, d, 'Holiday' from calendars, unnest(array[date '2030-12-24', date '2030-12-25', date '2031-01-01']) d;
insert into system_hour_rates (valid_from, hours_per_pm) values (date '2030-01-01', 150);
insert into employee_groups (name) values ('Research');
insert into employee_group_hours (employee_group_id, valid_from, daily_hours) select id, date '2020-01-01', 7.5 from employee_groups;
insert into persons (code, first_name, last_name, organisation_id)
  select 'ada', 'Ada', 'Lovelace', id from organisations where short_name = 'ORG';
insert into persons (code, first_name, last_name, organisation_id)
  select 'bob', 'Bob', 'Builder', id from organisations where short_name = 'LAB';
insert into employee_group_memberships (person_id, employee_group_id, valid_from)
  select p.id, g.id, date '2020-01-01' from persons p, employee_groups g;
insert into projects (code, name, owner_org_id, start_month, duration_months)
  select c, 'Project ' || c, o.id, date '2030-12-01', 3 from organisations o, unnest(array['PX', 'PY']) c
  where o.short_name = 'ORG';
insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP1', 1, 3 from projects;
insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
  select project_id, id, '1.1', 'Research', 1, 3 from work_packages;
insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
  select t.project_id, t.id, o.id, date '2030-12-01', 'EST', 1.5
  from tasks t join projects p on p.id = t.project_id, organisations o
  where p.code = 'PX' and o.short_name = 'ORG';
insert into assignments (person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month)
  select pe.id, pr.id, v.pct, g.id, v.s, v.e
  from (values ('ada', 'PX', 50, date '2030-12-01', date '2031-02-01'),
               ('ada', 'PY', 75, date '2030-12-01', date '2030-12-01'),
               ('bob', 'PX', 40, date '2031-01-01', date '2031-02-01')) v(person, project, pct, s, e)
  join persons pe on pe.code = v.person join projects pr on pr.code = v.project, allocation_groups g
  where g.code = 'fixed';
";

/// A server with RLS, sign-in through a test IdP that knows `users`, and the TEAM fixture.
pub async fn signed_in_team_app(users: Vec<IdpUser>) -> (TestApp, TestIdp) {
    let idp = TestIdp::start().await;
    for user in users {
        idp.add_user(user);
    }
    let app = spawn_app_with(&[
        ("PERSON_CAPACITY_ENABLED", "true"),
        ("RLS_ENABLED", "true"),
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    app.sql(TEAM);
    (app, idp)
}

/// The single `name` the query returns.
pub fn one(app: &TestApp, sql: &str) -> String {
    names(&mut app.owner_connection(), sql).remove(0)
}

/// The body of a page that must load.
pub async fn text(app: &TestApp, path: &str) -> String {
    app.get_page(path).await.text().await.unwrap()
}

async fn team_app() -> (TestApp, String) {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    let px = one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    );
    (app, px)
}

fn assignment(app: &TestApp, person: &str, project: &str) -> String {
    one(
        app,
        &format!(
            "select a.id::text as name from assignments a join persons p on p.id = a.person_id
             join projects pr on pr.id = a.project_id where p.code = '{person}' and pr.code = '{project}'"
        ),
    )
}

fn version(app: &TestApp, project: &str) -> String {
    one(
        app,
        &format!("select version::text as name from projects where code = '{project}'"),
    )
}

#[tokio::test]
async fn the_grid_derives_pm_flags_over_allocation_and_compares_with_est_demand() {
    let (app, px) = team_app().await;
    let ada = assignment(&app, "ada", "PX");
    let html = app
        .get_page(&format!("/projects/{px}/team"))
        .await
        .text()
        .await
        .unwrap();
    // December: 50 % of 1 PM; Ada is also 75 % on PY, so 1.25 PM > 1 PM: over-allocated.
    let december = format!("name=\"c.{ada}.1\" value=\"0.5\"");
    assert!(html.contains(&december), "{html}");
    assert!(
        html.contains("<td class=\"num over\" title=\"Over-allocated this month\">"),
        "December is flagged"
    );
    // Bob starts in January: his December cell is outside his assignment.
    assert!(html.contains("<span class=\"outside\" aria-label=\"not assigned\">·</span>"));
    // ORG: allocated 0.5 in December against 1.5 EST demand: 1 PM short.
    assert!(
        html.contains("<td class=\"num short\">-1</td>"),
        "the difference is shown: {html}"
    );

    // The downloads have the page's numbers and totals.
    let csv = app
        .get_page(&format!("/projects/{px}/team?format=csv"))
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("Person,Organisation,Role,Allocation %,M1 2030-12"));
    let total_row = lines.last().unwrap();
    let grand = total_row.rsplit(',').next().unwrap();
    let page_grand = html
        .split("<td class=\"num total grand\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap();
    assert_eq!(grand, page_grand, "CSV total equals the page total");
    let balance = app
        .get_page(&format!("/projects/{px}/team?table=balance&format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        balance.contains("ORG,EST demand PM,1.5,0,0,1.5")
            && balance.contains("ORG,Difference PM,-1,"),
        "{balance}"
    );
    let bad = app
        .get_page(&format!("/projects/{px}/team?table=nonsense"))
        .await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn saving_the_grid_writes_overrides_audits_and_refuses_stale_or_bad_input() {
    let (app, px) = team_app().await;
    let ada = assignment(&app, "ada", "PX");
    let path = format!("/projects/{px}/team");
    let token = app.csrf_token(&path).await;
    let v0 = version(&app, "PX");

    // A bad value: 422, nothing written.
    let bad = app
        .post_form(
            &format!("{path}/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("version", v0.as_str()),
                (&format!("o.{ada}.1"), "0.5"),
                (&format!("c.{ada}.1"), "lots"),
                (&format!("o.{ada}.2"), "0.5"),
                (&format!("c.{ada}.2"), "-1"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let text = bad.text().await.unwrap();
    assert!(text.contains("Ada Lovelace, M1 (2030-12): &#34;lots&#34; is not a number"));
    assert!(text.contains("is negative"));
    assert_eq!(
        app.count("select count(*) as count from allocation_overrides"),
        0
    );

    // Set December to 0.2 PM: an override, audited, the version moves on.
    let response = app
        .post_form(
            &format!("{path}/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("version", v0.as_str()),
                (&format!("o.{ada}.1"), "0.5"),
                (&format!("c.{ada}.1"), "0,2"),
                (&format!("o.{ada}.2"), "0.467"),
                (&format!("c.{ada}.2"), "0.467"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).contains("saved=1"));
    assert_eq!(
        app.count(
            "select count(*) as count from allocation_overrides where month = date '2030-12-01' and pm = 0.2"
        ),
        1
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'allocation_override' and action = 'create'"),
        1
    );
    let v1 = version(&app, "PX");
    assert_ne!(v0, v1);
    let html = app.get_page(&path).await.text().await.unwrap();
    assert!(
        html.contains("<td class=\"num overridden\">"),
        "explicit values are marked"
    );
    // 0.2 + 0.75 = 0.95 ≤ 1 PM: December is no longer over-allocated.
    assert!(!html.contains("title=\"Over-allocated this month\""));

    // Someone else saves first: the stale form is a conflict and writes nothing.
    let stale = app
        .post_form(
            &format!("{path}/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("version", v0.as_str()),
                (&format!("o.{ada}.1"), "0.5"),
                (&format!("c.{ada}.1"), "0.9"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert!(
        stale
            .text()
            .await
            .unwrap()
            .contains("Someone else saved PX first")
    );
    assert_eq!(
        app.count("select count(*) as count from allocation_overrides where pm = 0.9"),
        0
    );

    // Emptying the cell removes the override: December is derived again.
    let cleared = app
        .post_form(
            &format!("{path}/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("version", v1.as_str()),
                (&format!("o.{ada}.1"), "0.2"),
                (&format!("c.{ada}.1"), ""),
            ],
        )
        .await;
    assert_eq!(cleared.status(), 303);
    assert_eq!(
        app.count("select count(*) as count from allocation_overrides"),
        0
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'allocation_override' and action = 'delete'"),
        1
    );
}

#[tokio::test]
async fn assignments_are_added_changed_and_removed_with_checks() {
    let (app, px) = team_app().await;
    let path = format!("/projects/{px}/team");
    let token = app.csrf_token(&path).await;
    let bob = one(
        &app,
        "select id::text as name from persons where code = 'bob'",
    );
    let flexible = one(
        &app,
        "select id::text as name from allocation_groups where code = 'flexible'",
    );
    let before = app.count("select count(*) as count from assignments");

    let bad = app
        .post_form(
            &format!("{path}/assignments"),
            &[
                ("csrf_token", token.as_str()),
                ("person", bob.as_str()),
                ("role", ""),
                ("percent", "120"),
                ("group", flexible.as_str()),
                ("start", "2031-02"),
                ("end", "2030-12"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let text = bad.text().await.unwrap();
    assert!(text.contains("Allocation %: &#34;120&#34; is not a percentage from 0 to 100."));
    assert!(text.contains("End month 2030-12 is before the start month 2031-02."));
    let outside = app
        .post_form(
            &format!("{path}/assignments"),
            &[
                ("csrf_token", token.as_str()),
                ("person", &uuid::Uuid::new_v4().to_string()),
                ("percent", "20"),
                ("group", flexible.as_str()),
                ("start", "2030-12"),
                ("end", "2031-06"),
            ],
        )
        .await;
    assert_eq!(outside.status(), 422);
    let text = outside.text().await.unwrap();
    assert!(
        text.contains("Person: choose one of the listed people."),
        "{text}"
    );
    assert_eq!(
        app.count("select count(*) as count from assignments"),
        before
    );

    let added = app
        .post_form(
            &format!("{path}/assignments"),
            &[
                ("csrf_token", token.as_str()),
                ("person", bob.as_str()),
                ("percent", "20"),
                ("group", flexible.as_str()),
                ("start", "2030-12"),
                ("end", "2030-12"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    assert_eq!(
        app.count("select count(*) as count from assignments"),
        before + 1
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'assignment' and action = 'create'"),
        1
    );

    // Shortening Ada's assignment drops her explicit February value.
    let ada = assignment(&app, "ada", "PX");
    app.sql(&format!(
        "insert into allocation_overrides (assignment_id, project_id, month, pm)
         values ('{ada}', '{px}', date '2031-02-01', 0.3), ('{ada}', '{px}', date '2031-01-01', 0.1)"
    ));
    let fixed = one(
        &app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let saved = app
        .submit(
            &path,
            &format!("{path}/assignments/{ada}"),
            &[
                ("percent", "60"),
                ("group", fixed.as_str()),
                ("start", "2030-12"),
                ("end", "2031-01"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        app.count("select count(*) as count from allocation_overrides"),
        1,
        "only January's override is left"
    );
    assert_eq!(
        app.count("select count(*) as count from assignments where allocation_percent = 60 and end_month = date '2031-01-01'"),
        1
    );

    let removed = app
        .submit(&path, &format!("{path}/assignments/{ada}/delete"), &[])
        .await;
    assert_eq!(removed.status(), 303);
    assert_eq!(
        app.count("select count(*) as count from allocation_overrides"),
        0
    );
    assert_eq!(
        app.count("select count(*) as count from audit_log where entity_type = 'assignment' and action = 'delete'"),
        1
    );
}

#[tokio::test]
async fn viewers_read_the_team_but_cannot_change_it_and_the_feature_flag_hides_it() {
    let (app, idp) = signed_in_team_app(vec![IdpUser::new("vi@test", &["rediflow-viewers"])]).await;
    let px = one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    );
    let ada = assignment(&app, "ada", "PX");
    sign_in(&app, &idp, "vi@test").await;
    let path = format!("/projects/{px}/team");
    let html = app.get_page(&path).await.text().await.unwrap();
    assert!(html.contains("Read-only:") && !html.contains("Save allocation"));
    let token = app.csrf_token(&path).await;
    let v0 = version(&app, "PX");
    let refused = app
        .post_form(
            &format!("{path}/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("version", v0.as_str()),
                (&format!("o.{ada}.1"), "0.5"),
                (&format!("c.{ada}.1"), "0.1"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let refused = app
        .post_form(
            &format!("{path}/assignments/{ada}/delete"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        app.count("select count(*) as count from allocation_overrides"),
        0
    );
    assert_eq!(app.count("select count(*) as count from assignments"), 3);

    let off = spawn_app().await;
    off.sql(TEAM);
    let px = one(
        &off,
        "select id::text as name from projects where code = 'PX'",
    );
    assert_eq!(
        off.get_page(&format!("/projects/{px}/team")).await.status(),
        404
    );
}

#[tokio::test]
async fn the_grid_shows_a_window_of_months_and_keeps_it_after_saving() {
    let (app, px) = team_app().await;
    app.sql("update projects set duration_months = 24 where code = 'PX'");
    let ada = assignment(&app, "ada", "PX");
    let path = format!("/projects/{px}/team");
    let html = app
        .get_page(&format!("{path}?from=2031-06&months=6"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Showing M7–M12 (2031-06 – 2031-11) of M1–M24."),
        "{html}"
    );
    assert!(
        html.contains("?from=2030-12&#38;months=6&#38;unit=pm#allocation\">← Earlier</a>"),
        "{html}"
    );
    assert!(html.contains("?from=2031-12&#38;months=6&#38;unit=pm#allocation\">Later →</a>"));
    let csv = app
        .get_page(&format!("{path}?from=2031-06&months=6&format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("Person,Organisation,Role,Allocation %,M7 2031-06,M8 2031-07,M9 2031-08,M10 2031-09,M11 2031-10,M12 2031-11,Total"),
        "{csv}"
    );
    // A window past the end shows the last months; a bad size is refused.
    let end = app
        .get_page(&format!("{path}?from=2040-01&months=6"))
        .await
        .text()
        .await
        .unwrap();
    assert!(end.contains("Showing M19–M24"));
    assert_eq!(
        app.get_page(&format!("{path}?months=7")).await.status(),
        400
    );
    assert_eq!(
        app.get_page(&format!("{path}?from=June")).await.status(),
        400
    );

    // Saving from a window comes back to the same window.
    let token = app.csrf_token(&path).await;
    let version = version(&app, "PX");
    let saved = app
        .post_form(
            &format!("{path}/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("version", version.as_str()),
                ("from", "2031-01"),
                ("months", "6"),
                (&format!("o.{ada}.2"), "0.467"),
                (&format!("c.{ada}.2"), "0.3"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert!(
        location(&saved).ends_with("saved=1&from=2031-01&months=6&unit=pm#allocation"),
        "{}",
        location(&saved)
    );
}

#[tokio::test]
async fn the_hours_view_uses_the_project_rate_of_the_persons_group_and_is_read_only() {
    let (app, px) = team_app().await;
    // PX pays 140 h per PM for the Research group; EST demand has no person, so it uses the
    // system rate of 150.
    app.sql(
        "insert into project_group_hour_rates (project_id, employee_group_id, valid_from, hours_per_pm)
         select p.id, g.id, date '2030-01-01', 140 from projects p, employee_groups g where p.code = 'PX'",
    );
    let path = format!("/projects/{px}/team?unit=hours");
    let html = app.get_page(&path).await.text().await.unwrap();
    // Ada, December: 0.5 PM × 140 = 70 h, shown for reading only.
    assert!(html.contains("<span class=\"cell-ro\">70</span>"), "{html}");
    assert!(html.contains("Read-only: Hours are shown for reading; switch to PM to edit."));
    assert!(!html.contains("Save allocation") && !html.contains("class=\"cell\""));
    // ORG in December: 70 h allocated against 1.5 PM × 150 = 225 h of EST demand.
    assert!(html.contains("<td class=\"num short\">-155</td>"), "{html}");
    let csv = app
        .get_page(&format!("{path}&table=balance&format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("ORG,EST demand hours,225,0,0,225"), "{csv}");
    assert_eq!(
        app.get_page(&format!("/projects/{px}/team?unit=days"))
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn with_hundreds_of_people_the_team_tab_offers_those_the_user_finds() {
    let (app, px) = team_app().await;
    app.sql(
        "insert into persons (code, first_name, last_name, email, organisation_id)
           select 'p' || lpad(n::text, 3, '0'), 'Person', lpad(n::text, 3, '0'),
                  'p' || n || '@lab.example', o.id
           from generate_series(1, 250) n, organisations o where o.short_name = 'LAB';
         insert into persons (code, first_name, last_name, organisation_id)
           select 'odd', 'Zoë', '100%_sure', id from organisations where short_name = 'LAB';",
    );
    let path = format!("/projects/{px}/team");
    let option = |code: &str| {
        format!(
            "<option value=\"{}\"",
            one(
                &app,
                &format!("select id::text as name from persons where code = '{code}'")
            )
        )
    };

    // 253 people: none offered until the user finds them.
    let page = text(&app, &path).await;
    assert!(
        page.contains("More than 200 people: type part of a name"),
        "{page}"
    );
    assert!(page.contains("Find the person above first…"));
    assert!(!page.contains(&option("ada")) && !page.contains(&option("p001")));

    let found = text(&app, &format!("{path}?find=lovelace")).await;
    assert!(found.contains(&option("ada")) && !found.contains(&option("bob")));
    assert!(found.contains("1 person matches “lovelace”."), "{found}");
    // By code and e-mail too; % and _ are matched as typed, not as wildcards.
    let found = text(&app, &format!("{path}?find=P25")).await;
    assert!(found.contains(&option("p250")) && !found.contains(&option("p249")));
    let found = text(&app, &format!("{path}?find=100%25_")).await;
    assert!(found.contains(&option("odd")) && !found.contains(&option("p100")));
    assert!(found.contains("1 person matches"), "{found}");
    let found = text(&app, &format!("{path}?find=lab.example")).await;
    assert!(found.contains("Showing the first 200 matches"), "{found}");
    assert!(found.contains(&option("p200")) && !found.contains(&option("p201")));

    // Anyone the user may see can be assigned, listed or not.
    let token = app.csrf_token(&path).await;
    let person = one(
        &app,
        "select id::text as name from persons where code = 'p250'",
    );
    let flexible = one(
        &app,
        "select id::text as name from allocation_groups where code = 'flexible'",
    );
    let added = app
        .post_form(
            &format!("{path}/assignments"),
            &[
                ("csrf_token", token.as_str()),
                ("person", person.as_str()),
                ("percent", "20"),
                ("group", flexible.as_str()),
                ("start", "2030-12"),
                ("end", "2030-12"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    assert_eq!(
        app.count("select count(*) as count from assignments a join persons p on p.id = a.person_id where p.code = 'p250'"),
        1
    );
}

/// Names typed by users reach spreadsheets through the CSV downloads: one starting with `=`, `-`,
/// `+` or `@` would run as a formula when the file is opened, so it is written with a leading
/// apostrophe, while numbers (negative ones too) stay numbers.
#[tokio::test]
async fn csv_downloads_carry_no_live_formulas_and_numbers_stay_numbers() {
    let (app, px) = team_app().await;
    app.sql(
        "update projects set name = '=1+1' where code = 'PX';
         update projects set name = '-foo' where code = 'PY';
         update organisations set name = '@SUM(A1:A9)' where short_name = 'LAB'",
    );
    let csv = text(&app, "/projects?format=csv").await;
    let row = |code: &str| {
        csv.lines()
            .find(|line| line.starts_with(&format!("{code},")))
            .unwrap_or_else(|| panic!("no row {code}: {csv}"))
            .to_string()
    };
    assert!(row("PX").starts_with("PX,'=1+1,ORG,"), "{csv}");
    assert!(row("PY").starts_with("PY,'-foo,ORG,"), "{csv}");
    assert!(
        !csv.contains(",=") && !csv.contains(",-foo"),
        "no cell starts with a formula: {csv}"
    );

    let organisations = text(&app, "/organisations?format=csv").await;
    assert!(
        organisations.contains(",'@SUM(A1:A9),") && !organisations.contains(",@SUM"),
        "{organisations}"
    );

    // ORG's balance in December is 0.5 PM allocated − 1.5 PM demanded: a negative number,
    // written as a number.
    let balance = text(
        &app,
        &format!("/projects/{px}/team?table=balance&format=csv"),
    )
    .await;
    assert!(balance.contains("ORG,Difference PM,-1,"), "{balance}");
    assert!(!balance.contains("'-1"), "{balance}");
}
