//! The server's books (src/cache): what a request worked out is reused only while the data it
//! came from is unchanged, and only for the people and projects the next user may see.

use std::future::Future;
use std::pin::Pin;

use diesel::prelude::*;

use crate::helpers::*;
use crate::idp::{IdpUser, sign_in};
use crate::team::{TEAM, signed_in_team_app, text};

const PORTFOLIO: &str = "/portfolio?from=2030-12&months=3";

/// Changes of what people's capacity depends on in the TEAM fixture: leave, part-time, daily
/// hours, holidays, hours per PM, the end of an employment. Ada and Bob are allocated a share of
/// their capacity, so each changes what the portfolio and the Team tab show.
const CAPACITY_CHANGES: &[&str] = &[
    "insert into leaves (person_id, leave_type_id, start_date, end_date)
           select p.id, t.id, date '2030-12-02', date '2030-12-06' from persons p, leave_types t
           where p.code = 'ada' limit 1",
    "insert into fte_periods (person_id, start_date, fte_percent)
           select id, date '2031-01-01', 50 from persons where code = 'bob'",
    "update employee_group_hours set daily_hours = 6",
    "insert into holidays (calendar_id, day, name) select id, date '2031-02-03', 'Extra' from calendars",
    "update system_hour_rates set hours_per_pm = 120",
    "update persons set employment_end = date '2031-01-15' where code = 'bob'",
];

/// What a server shows of something, read over HTTP.
type View = for<'a> fn(&'a TestApp) -> Pin<Box<dyn Future<Output = String> + 'a>>;

/// A view that captures what it needs (the closure's signature is then checked as a [`View`]'s).
fn view_with<F>(view: F) -> F
where
    F: for<'a> Fn(&'a TestApp) -> Pin<Box<dyn Future<Output = String> + 'a>>,
{
    view
}

/// Applies each change in turn. After each, what `view` shows must differ from before (so that
/// the test cannot pass vacuously) and equal what a server started afresh on the same database,
/// with `settings`, shows: a book kept from before the change must not answer.
async fn each_change_shows(
    app: &TestApp,
    settings: &[(&str, &str)],
    view: impl for<'a> Fn(&'a TestApp) -> Pin<Box<dyn Future<Output = String> + 'a>>,
    changes: &[&str],
) {
    let mut before = view(app).await;
    for change in changes {
        app.sql(change);
        let after = view(app).await;
        assert_ne!(after, before, "the change shows: {change}");
        let fresh = spawn_app_on(&app.database, settings).await;
        assert_eq!(after, view(&fresh).await, "after {change}");
        before = after;
    }
}

/// What the portfolio shows, without the per-page form tokens: the heatmap's figures (CSV)
/// and the people lists.
async fn portfolio(app: &TestApp) -> String {
    portfolio_of(app, PORTFOLIO).await
}

async fn portfolio_of(app: &TestApp, path: &str) -> String {
    let csv = text(app, &format!("{path}&format=csv")).await;
    let html = text(app, path).await;
    // The lists of the page's main part (the footer holds the session's own CSRF token).
    let lists = html
        .split_once("id=\"over\"")
        .map(|(_, lists)| lists.split("</main>").next().unwrap_or("").to_string())
        .unwrap_or_default();
    format!("{csv}\n{lists}")
}

/// The data versions as the owner sees them.
fn versions(app: &TestApp) -> String {
    names(
        &mut app.owner_connection(),
        "select concat_ws(' ', capacity, staffing, demand, projects) as name from data_versions",
    )
    .remove(0)
}

#[tokio::test]
async fn every_change_the_portfolio_depends_on_shows_on_the_next_request() {
    let settings = [("PERSON_CAPACITY_ENABLED", "true")];
    let app = spawn_app_with(&settings).await;
    app.sql(TEAM);
    let view: View = |app| Box::pin(portfolio(app));
    let changes = [
        CAPACITY_CHANGES,
        &[
            // people: a move between organisations, a new name, a newcomer
            "update persons set organisation_id = (select id from organisations where short_name = 'LAB')
               where code = 'ada'",
            "update persons set first_name = 'Augusta' where code = 'ada'",
            "insert into persons (code, first_name, last_name, organisation_id)
               select 'cy', 'Cy', 'Newcomer', id from organisations where short_name = 'ORG';
             insert into employee_group_memberships (person_id, employee_group_id, valid_from)
               select p.id, g.id, date '2020-01-01' from persons p, employee_groups g where p.code = 'cy'",
            // which calendar applies: the organisation's country (Estonia has no calendar here)
            "update organisations set country_code = 'EE' where short_name = 'LAB'",
            // staffing: percentages, the allocation grid, assignments coming and going
            "update assignments set allocation_percent = 90
               where person_id = (select id from persons where code = 'bob')",
            "insert into allocation_overrides (assignment_id, project_id, month, pm)
               select id, project_id, date '2031-01-01', 0.333 from assignments
               where person_id = (select id from persons where code = 'bob')",
            "insert into assignments (person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month)
               select pe.id, pr.id, 100, g.id, date '2030-12-01', date '2031-02-01'
               from persons pe, projects pr, allocation_groups g
               where pe.code = 'cy' and pr.code = 'PY' and g.code = 'fixed'",
            "delete from assignments where person_id = (select id from persons where code = 'ada')
               and project_id = (select id from projects where code = 'PY')",
            // demand: more, less, elsewhere
            "update capacity_demand set pm = 4",
            "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
               select t.project_id, t.id, o.id, date '2031-01-01', 'EST', 2.5
               from tasks t join projects p on p.id = t.project_id, organisations o
               where p.code = 'PY' and o.short_name = 'LAB'",
            "delete from capacity_demand where month = '2030-12-01'",
            // a rejected project's demand does not count
            "update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'rejected')
               where code = 'PY'",
        ],
    ]
    .concat();
    each_change_shows(&app, &settings, view, &changes).await;
}

/// What the projects list shows: its CSV download (every filtered project, sorted, with the
/// totals) and the table of the page, with a filter, a sort and the pipeline besides.
async fn projects_list(app: &TestApp) -> String {
    let mut shown = String::new();
    for path in [
        "/projects?format=csv",
        "/projects?sort=est&dir=desc&format=csv",
        "/projects?q=project%20x&format=csv",
        "/projects?from=2031-03&format=csv",
        "/projects/pipeline?format=csv",
    ] {
        shown.push_str(&text(app, path).await);
    }
    let html = text(app, "/projects?sort=name").await;
    // The filters' choices (organisations as a tree, lifecycle states) and the table.
    let between = |start: &str, end: &str| {
        html.split_once(start)
            .and_then(|(_, rest)| rest.split_once(end))
            .map(|(inside, _)| inside.to_string())
            .unwrap_or_default()
    };
    let filters = between("<select id=\"org\"", "<label for=\"from\"");
    let table = between("<table", "</table>");
    format!("{shown}\n{filters}\n{table}")
}

#[tokio::test]
async fn every_change_the_projects_list_depends_on_shows_on_the_next_request() {
    let app = spawn_app().await;
    app.sql(TEAM);
    let before = projects_list(&app).await;
    assert!(before.contains("PX") && before.contains("PY"), "{before}");
    let view: View = |app| Box::pin(projects_list(app));
    each_change_shows(&app, &[], view, &[
        // the project itself: name, code, months, lock, state
        "update projects set name = 'Renamed X' where code = 'PX'",
        "update projects set code = 'PZ' where code = 'PY'",
        "update projects set start_month = date '2031-03-01' where code = 'PZ'",
        "update projects set locked = true where code = 'PX'",
        "update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'proposal')
           where code = 'PZ'",
        // its owner and partners, and what they are called
        "update projects set owner_org_id = (select id from organisations where short_name = 'LAB')
           where code = 'PX'",
        "insert into project_partners (project_id, organisation_id)
           select p.id, o.id from projects p, organisations o where p.code = 'PZ' and o.short_name = 'LAB'",
        "update organisations set short_name = 'LABS' where short_name = 'LAB'",
        "delete from project_partners",
        "update lifecycle_states set name = 'Draft proposal' where code = 'proposal'",
        // the filters' choices alone: an organisation without projects, then moved in the tree,
        // and a new lifecycle state
        "insert into organisations (short_name, name) values ('AAA', 'First by name')",
        "update organisations set parent_id = (select id from organisations where short_name = 'ORG')
           where short_name = 'AAA'",
        "insert into lifecycle_states (code, name, sort_order) values ('paused', 'Paused', 1)",
        // its demand totals
        "update capacity_demand set pm = 4",
        "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, date '2031-01-01', 'ACTUAL', 2.5
           from tasks t join projects p on p.id = t.project_id, organisations o
           where p.code = 'PZ' and o.short_name = 'ORG'",
        "delete from capacity_demand where series = 'EST'",
        // projects coming and going
        "insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'PN', 'Project new', id, date '2030-12-01', 12 from organisations where short_name = 'ORG'",
        "delete from projects where code = 'PZ'",
    ])
    .await;
}

/// What the Team tab of `project` shows: its allocation in PM and in hours, and its balance.
async fn team_tab(app: &TestApp, project: &str) -> String {
    let mut shown = String::new();
    for query in [
        "format=csv",
        "format=csv&unit=hours",
        "table=balance&format=csv",
    ] {
        shown.push_str(&text(app, &format!("/projects/{project}/team?{query}")).await);
    }
    shown
}

#[tokio::test]
async fn every_capacity_change_shows_on_the_team_tab_on_the_next_request() {
    let settings = [("PERSON_CAPACITY_ENABLED", "true")];
    let app = spawn_app_with(&settings).await;
    app.sql(TEAM);
    let px = names(
        &mut app.owner_connection(),
        "select id::text as name from projects where code = 'PX'",
    )
    .remove(0);
    let view = view_with(move |app| {
        let px = px.clone();
        Box::pin(async move { team_tab(app, &px).await })
    });
    // Ada (50 %) and Bob (40 %) are allocated a share of their capacity: each change of what
    // their capacity depends on changes what they are allocated.
    let changes = [
        CAPACITY_CHANGES,
        &[
            "update organisations set country_code = 'EE' where short_name = 'ORG'",
            "insert into employee_groups (name) values ('Part-time');
             insert into employee_group_hours (employee_group_id, valid_from, daily_hours)
               select id, date '2020-01-01', 3 from employee_groups where name = 'Part-time';
             insert into employee_group_memberships (person_id, employee_group_id, valid_from)
               select p.id, g.id, date '2031-01-01' from persons p, employee_groups g
               where p.code = 'ada' and g.name = 'Part-time'",
        ],
    ]
    .concat();
    each_change_shows(&app, &settings, view, &changes).await;
}

#[tokio::test]
async fn windows_of_months_asked_in_turn_are_answered_like_on_a_fresh_server() {
    let settings = [("PERSON_CAPACITY_ENABLED", "true")];
    let app = spawn_app_with(&settings).await;
    app.sql(TEAM);
    // Overlapping, touching, inside and apart: the books join runs of months per person.
    let windows = [
        "/portfolio?from=2030-12&months=3",
        "/portfolio?from=2031-01&months=3",
        "/portfolio?from=2030-11&months=6",
        "/portfolio?from=2030-12&months=1",
        "/portfolio?from=2032-06&months=3",
        "/portfolio?from=2030-12&months=3",
    ];
    let mut seen = Vec::new();
    for path in windows {
        seen.push(portfolio_of(&app, path).await);
    }
    for (path, seen) in windows.iter().zip(seen) {
        let fresh = spawn_app_on(&app.database, &settings).await;
        assert_eq!(seen, portfolio_of(&fresh, path).await, "{path}");
    }
}

#[tokio::test]
async fn a_version_changes_with_committed_rows_only() {
    let app = spawn_app().await;
    app.sql(TEAM);
    let start = versions(&app);
    // Statements that change no rows keep what the server has worked out.
    app.sql("update persons set first_name = 'x' where false; delete from leaves where false");
    assert_eq!(versions(&app), start);
    // A change that is rolled back leaves the versions as they were.
    let mut owner = app.owner_connection();
    let _ = owner.transaction::<(), diesel::result::Error, _>(|conn| {
        diesel::sql_query("update persons set first_name = 'x'").execute(conn)?;
        diesel::sql_query("update capacity_demand set pm = 9").execute(conn)?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert_eq!(versions(&app), start);
    // Each kind of change replaces its own version only.
    let kinds = |v: &str| v.split(' ').map(str::to_string).collect::<Vec<_>>();
    let before = kinds(&versions(&app));
    app.sql("update assignments set allocation_percent = 10");
    let after = kinds(&versions(&app));
    let kept =
        |a: &[String], b: &[String]| a.iter().zip(b).map(|(a, b)| a == b).collect::<Vec<bool>>();
    // capacity, staffing, demand, projects
    assert_eq!(kept(&after, &before), [true, false, true, true]);
    // Demand changes the EST sums and the projects' totals.
    app.sql("update capacity_demand set pm = 2");
    let later = kinds(&versions(&app));
    assert_eq!(kept(&later, &after), [true, true, false, false]);
    app.sql("update projects set name = 'Renamed'");
    let renamed = kinds(&versions(&app));
    assert_eq!(kept(&renamed, &later), [true, true, true, false]);
}

#[tokio::test]
async fn the_app_role_cannot_set_a_version() {
    let app = spawn_app().await;
    let start = versions(&app);
    let mut conn = connect(&app_url(&app.database));
    for forged in [
        "update data_versions set capacity = gen_random_uuid(), staffing = gen_random_uuid(), demand = gen_random_uuid(), projects = gen_random_uuid()",
        "delete from data_versions",
        "insert into data_versions (singleton) values (true)",
        "select app.new_data_version()",
    ] {
        let _ = diesel::sql_query(forged).execute(&mut conn);
        assert_eq!(versions(&app), start, "{forged} changed nothing");
    }
    assert_eq!(
        count(&mut conn, "select count(*) as count from data_versions"),
        1,
        "the versions are readable"
    );
}

#[tokio::test]
async fn books_filled_by_an_administrator_show_another_user_only_what_they_may_see() {
    let (app, idp) = signed_in_team_app(vec![
        IdpUser::new("boss@test", &["rediflow-admins"]),
        IdpUser::new(
            "labvw@test",
            &[
                "rediflow-viewers",
                "rediflow-org-LAB",
                "rediflow-visibility-org",
            ],
        ),
    ])
    .await;
    sign_in(&app, &idp, "boss@test").await;
    let everything = portfolio(&app).await;
    let every_project = projects_list(&app).await;
    assert!(every_project.contains("PX") && every_project.contains("PY"));
    assert!(
        everything.contains("Ada Lovelace") && everything.contains("\nORG,1,EST demand PM,1.5,")
    );

    // LAB sees Bob, but neither of ORG's projects: his assignment to PX (in the books since
    // the administrator's request) and PX's demand must not count for this user.
    let lab = app.another_browser();
    sign_in(&lab, &idp, "labvw@test").await;
    let seen = portfolio(&lab).await;
    assert!(!seen.contains("Ada Lovelace"), "{seen}");
    assert!(seen.contains("\nLAB,1,Allocated PM,0,0,0,0"), "{seen}");
    assert!(seen.contains("\nORG,0,EST demand PM,0,0,0,0"), "{seen}");
    assert!(seen.contains("\nLAB,1,Capacity PM,"), "{seen}");
    // Neither project is LAB's: the list kept since the administrator's request shows none.
    let lab_projects = projects_list(&lab).await;
    assert!(
        !lab_projects.contains("PX") && !lab_projects.contains("PY"),
        "{lab_projects}"
    );

    // The same as on a server whose books were never filled by anyone else.
    let fresh = spawn_app_on(
        &app.database,
        &[
            ("PERSON_CAPACITY_ENABLED", "true"),
            ("RLS_ENABLED", "true"),
            ("OIDC_ISSUER", idp.issuer.as_str()),
            ("OIDC_CLIENT_ID", crate::idp::CLIENT_ID),
            ("OIDC_CLIENT_SECRET", crate::idp::CLIENT_SECRET),
        ],
    )
    .await;
    sign_in(&fresh, &idp, "labvw@test").await;
    assert_eq!(seen, portfolio(&fresh).await);
    assert_eq!(lab_projects, projects_list(&fresh).await);
    // And the administrator, after the LAB user, still sees everything.
    assert_eq!(everything, portfolio(&app).await);
    assert_eq!(every_project, projects_list(&app).await);
}
