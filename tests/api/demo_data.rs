//! `rediflow gen-demo`: the benchmark's generated portfolio is deterministic, refuses to mix into
//! real data, and is data the application serves: every role signs in and sees what its groups
//! allow, with row-level security on.

use diesel::prelude::*;
use rediflow::workbooks::demo::{Shape, Size, generate};
use serde_json::Value;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};
use crate::team::{one, text};

/// A fingerprint of the generated rows, ids and values included.
fn fingerprint(conn: &mut PgConnection) -> Vec<String> {
    names(
        conn,
        "select md5(string_agg(t::text, '|' order by t::text)) as name from ( \
           select id, project_id, task_id, organisation_id, month, series, pm from capacity_demand) t \
         union all select md5(string_agg(p::text, '|' order by p::text)) from ( \
           select id, code, first_name, last_name, email, organisation_id, employment_start, employment_end, user_id from persons) p \
         union all select md5(string_agg(a::text, '|' order by a::text)) from ( \
           select id, person_id, project_id, allocation_percent, start_month, end_month from assignments) a \
         union all select md5(string_agg(l::text, '|' order by l::text)) from ( \
           select id, person_id, leave_type_id, start_date, end_date from leaves) l",
    )
}

#[test]
fn the_same_seed_writes_the_same_portfolio_and_a_filled_database_is_refused() {
    let (first, second, third) = (
        create_test_database(),
        create_test_database(),
        create_test_database(),
    );
    let shape = Shape::of(Size::Small, 7);
    let summary = generate(&mut connect(&owner_url(&first)), &shape).unwrap();
    generate(&mut connect(&owner_url(&second)), &shape).unwrap();
    generate(&mut connect(&owner_url(&third)), &Shape::of(Size::Small, 8)).unwrap();
    let fingerprints: Vec<_> = [&first, &second, &third]
        .iter()
        .map(|db| fingerprint(&mut connect(&owner_url(db))))
        .collect();
    assert_eq!(fingerprints[0], fingerprints[1], "same seed, same rows");
    assert_ne!(
        fingerprints[0][0], fingerprints[2][0],
        "another seed, other demand"
    );

    // The summary counts what is in the database.
    let mut conn = connect(&owner_url(&first));
    for (table, rows) in &summary.rows {
        assert_eq!(
            count(&mut conn, &format!("select count(*) from {table}")) as usize,
            *rows,
            "{table}"
        );
    }
    assert_eq!(summary.rows["projects"], 30);
    assert_eq!(summary.rows["persons"], 80);
    assert!(
        summary.rows["capacity_demand"] > 5_000,
        "{:?}",
        summary.rows
    );
    for series in ["PROJPLAN", "EST", "ACTUAL"] {
        assert!(
            count(
                &mut conn,
                &format!("select count(*) from capacity_demand where series = '{series}'")
            ) > 0
        );
    }
    // Several roots, each with its subtree; every role and visibility has a user.
    assert!(
        count(
            &mut conn,
            "select count(*) from organisations where parent_id is null"
        ) >= 2
    );
    let kinds = names(
        &mut conn,
        "select role || '/' || visibility as name from users order by 1",
    );
    for kind in [
        "super_admin/all",
        "admin/all",
        "editor/org",
        "editor/assigned",
        "viewer/all",
        "viewer/org",
        "viewer/assigned",
    ] {
        assert!(kinds.contains(&kind.to_string()), "{kinds:?}");
    }
    // The largest project really has the most demand rows.
    let most = count(
        &mut conn,
        "select max(n) as count from (select count(*) n from capacity_demand group by project_id) t",
    );
    assert_eq!(summary.largest_project.demand_rows as i64, most);

    // Running it again on the filled database changes nothing.
    let error = generate(&mut conn, &shape).unwrap_err().to_string();
    assert!(
        error.contains("empty database") && error.contains("20 organisations"),
        "{error}"
    );
    assert_eq!(fingerprint(&mut conn), fingerprints[0]);
}

#[tokio::test]
async fn generated_users_sign_in_and_see_what_their_groups_allow() {
    let idp = TestIdp::start().await;
    let app = spawn_app_with(&[
        ("PERSON_CAPACITY_ENABLED", "true"),
        ("RLS_ENABLED", "true"),
        ("LOGIN_RATE_LIMIT_PER_MINUTE", "100"),
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    let summary = generate(&mut app.owner_connection(), &Shape::of(Size::Small, 1)).unwrap();
    let json: Value = serde_json::to_value(&summary).unwrap();
    for user in json["users"].as_array().unwrap() {
        let groups: Vec<&str> = user["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        let mut idp_user = IdpUser::new(user["username"].as_str().unwrap(), &groups);
        idp_user.sub = user["sub"].as_str().unwrap().to_string();
        idp.add_user(idp_user);
    }
    let largest = summary.largest_project.id;

    // The admin sees every project and the heaviest pages render.
    let admin = app.another_browser();
    sign_in(&admin, &idp, "demo-admin").await;
    let all = text(&admin, "/projects").await;
    assert!(
        all.contains("DEMO-0001") && all.contains("DEMO-0030"),
        "admin sees all projects"
    );
    for page in [
        format!("/projects/{largest}/capacity"),
        format!("/projects/{largest}/team?months=all"),
        "/portfolio?months=24&from=2025-01".to_string(),
        "/people".to_string(),
    ] {
        let response = admin.get_page(&page).await;
        assert_eq!(response.status(), 200, "{page}");
    }
    let heatmap = text(&admin, "/portfolio?months=24&from=2025-01").await;
    assert!(
        heatmap.contains(&summary.busiest_organisation.short_name),
        "{heatmap:.300}"
    );

    // The org-scoped editor sees the projects of its university's subtree only: exactly the
    // ones the database says are related to it.
    let org_editor = app.another_browser();
    sign_in(&org_editor, &idp, "demo-editor-org").await;
    let mut conn = app.owner_connection();
    let related = names(
        &mut conn,
        &format!(
            "with recursive tree as (select id from organisations where short_name = '{}' \
               union all select o.id from organisations o join tree on o.parent_id = tree.id) \
             select p.code as name from projects p where p.owner_org_id in (select id from tree) \
               or exists (select 1 from project_partners pp where pp.project_id = p.id and pp.organisation_id in (select id from tree)) \
             order by 1",
            summary.busiest_organisation.short_name
        ),
    );
    let page = text(&org_editor, "/projects").await;
    let shown: Vec<String> = (1..=30)
        .map(|n| format!("DEMO-{n:04}"))
        .filter(|code| page.contains(&format!(">{code}<")))
        .collect();
    assert!(!related.is_empty() && related.len() < 30, "{related:?}");
    assert_eq!(shown, related, "org-scoped editor's project list");

    // The assigned-only viewer is linked to a person and sees that person's allocations.
    let viewer = app.another_browser();
    sign_in(&viewer, &idp, "demo-viewer-assigned").await;
    let mine = text(&viewer, "/my-allocations?from=2025-06").await;
    let person = json["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "demo-viewer-assigned")
        .unwrap();
    assert!(
        person["person_code"]
            .as_str()
            .unwrap()
            .starts_with("demo-p")
    );
    assert!(
        mine.contains("DEMO-"),
        "the linked person's projects are listed: {mine:.500}"
    );
    let people = text(&viewer, "/people").await;
    let code = person["person_code"].as_str().unwrap();
    let name = one(
        &app,
        &format!(
            "select first_name || ' ' || last_name as name from persons where code = '{code}'"
        ),
    );
    assert!(people.contains(&name), "{people:.300}");
    let others = count(
        &mut conn,
        &format!(
            "select count(*) from persons where code <> '{code}' and organisation_id = (select organisation_id from persons where code = '{code}')"
        ),
    );
    assert!(others > 0);
    assert!(
        people.contains("1 of 1 people") || people.contains("1 person"),
        "only the linked person: {people}"
    );

    // A user without rediflow groups gets no planning data.
    let nobody = app.another_browser();
    sign_in(&nobody, &idp, "demo-nobody").await;
    let response = nobody.get_page("/projects").await;
    assert_ne!(response.status(), 200);
}

/// The sums the projects list and the portfolio read (migration 000950) follow every insert,
/// update and delete of demand, whoever makes it; the app role can read but never write them.
#[test]
fn demand_sums_follow_every_change_and_the_app_role_cannot_write_them() {
    let name = create_test_database();
    let mut owner = connect(&owner_url(&name));
    generate(&mut owner, &Shape::of(Size::Small, 3)).unwrap();
    let consistent = |conn: &mut PgConnection| {
        count(
            conn,
            "select count(*) as count from ( \
               select project_id, series, sum(pm) as pm from capacity_demand group by 1, 2 \
               except select project_id, series, pm from project_demand_totals where pm <> 0) t",
        ) + count(
            conn,
            "select count(*) as count from ( \
               select project_id, organisation_id, month, series, sum(pm) from capacity_demand group by 1, 2, 3, 4 \
               except select project_id, organisation_id, month, series, pm from organisation_month_demand where pm <> 0) t",
        )
    };
    assert_eq!(consistent(&mut owner), 0);
    // The admin user acts through the app role, with row-level security, like a request.
    let admin = one_name(
        &mut owner,
        "select id::text as name from users where username = 'demo-admin'",
    );
    let mut app = connect(&app_url(&name));
    diesel::sql_query(format!(
        "select set_config('app.current_user_id', '{admin}', false)"
    ))
    .execute(&mut app)
    .unwrap();
    for change in [
        "update capacity_demand set pm = pm + 0.5 where series = 'EST' and month = '2025-06-01'",
        "delete from capacity_demand where series = 'ACTUAL' and month = '2025-03-01'",
        "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm) \
           select project_id, task_id, organisation_id, month + interval '1 year', series, 0.25 \
           from capacity_demand where month = '2025-02-01' \
           on conflict do nothing",
        "update capacity_demand set organisation_id = (select id from organisations order by short_name limit 1) \
           where id = (select id from capacity_demand order by id limit 1)",
    ] {
        let changed = diesel::sql_query(change).execute(&mut app).unwrap();
        assert!(changed > 0, "{change}");
        assert_eq!(consistent(&mut owner), 0, "after {change}");
    }
    // Deleting a project takes its sums with it.
    diesel::sql_query("delete from projects where code = 'DEMO-0002'")
        .execute(&mut owner)
        .unwrap();
    assert_eq!(consistent(&mut owner), 0);
    assert!(
        count(
            &mut app,
            "select count(*) as count from project_demand_totals"
        ) > 0
    );
    for forged in [
        "insert into project_demand_totals (project_id, series, pm) select id, 'EST', 1 from projects limit 1",
        "update project_demand_totals set pm = 0",
        "delete from organisation_month_demand",
        "update organisation_month_demand set pm = 99",
    ] {
        let _ = diesel::sql_query(forged).execute(&mut app);
        assert_eq!(consistent(&mut owner), 0, "{forged} changed nothing");
    }
}

fn one_name(conn: &mut PgConnection, sql: &str) -> String {
    names(conn, sql).remove(0)
}

/// A thousand-project portfolio is read a hundred projects a page; the totals cover them all.
#[tokio::test]
async fn the_projects_list_pages_through_a_large_portfolio() {
    let app = spawn_app().await;
    let mut shape = Shape::of(Size::Small, 5);
    shape.projects = 250;
    generate(&mut app.owner_connection(), &shape).unwrap();
    let first = text(&app, "/projects").await;
    assert!(first.contains("Projects 1–100 of 250"), "{first:.300}");
    assert!(first.contains(">DEMO-0100<") && !first.contains(">DEMO-0101<"));
    assert!(first.contains("Total of 250 projects"));
    let third = text(&app, "/projects?sort=code&dir=asc&page=3").await;
    assert!(third.contains("Projects 201–250 of 250") && third.contains(">DEMO-0250<"));
    assert!(third.contains("rel=\"prev\"") && !third.contains("rel=\"next\""));
    // Past the end shows the last page; nonsense is a 400 with the reason.
    assert!(
        text(&app, "/projects?page=9")
            .await
            .contains("Projects 201–250 of 250")
    );
    for bad in ["0", "x", "-1"] {
        let response = app.get_page(&format!("/projects?page={bad}")).await;
        assert_eq!(response.status(), 400, "{bad}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("is not a page number")
        );
    }
    // Downloads hold every project, not a page.
    let csv = text(&app, "/projects?format=csv").await;
    assert_eq!(csv.lines().filter(|l| l.starts_with("DEMO-")).count(), 250);
}

/// Row-level security works out a user's visible projects once per transaction (migration
/// 000960); a write that changes who sees what, or another user, is answered afresh.
#[test]
fn visible_projects_are_remembered_per_transaction_and_forgotten_on_change() {
    let name = create_test_database();
    let mut owner = connect(&owner_url(&name));
    let summary = generate(&mut owner, &Shape::of(Size::Small, 4)).unwrap();
    let user = |username: &str| {
        one_name(
            &mut connect(&owner_url(&name)),
            &format!("select id::text as name from users where username = '{username}'"),
        )
    };
    let (org_editor, assigned) = (user("demo-editor-org"), user("demo-viewer-assigned"));
    let mut app = connect(&app_url(&name));
    app.transaction::<(), diesel::result::Error, _>(|conn| {
        let act_as = |conn: &mut PgConnection, id: &str| {
            diesel::sql_query(format!("select set_config('app.current_user_id', '{id}', true)"))
                .execute(conn)
                .unwrap();
        };
        let visible = |conn: &mut PgConnection| count(conn, "select count(*) as count from projects");
        act_as(conn, &org_editor);
        let before = visible(conn);
        assert!(before > 0 && before < 30, "{before}");
        assert_eq!(visible(conn), before, "asked twice, same answer");
        // A new project of the user's own organisation is visible (and editable) at once.
        diesel::sql_query(format!(
            "insert into projects (code, name, owner_org_id, start_month, duration_months) \
             values ('MEMO-1', 'Remembered?', '{}', '2025-01-01', 12)",
            summary.busiest_organisation.id
        ))
        .execute(conn)?;
        assert_eq!(visible(conn), before + 1);
        diesel::sql_query(
            "insert into work_packages (project_id, number, name, begin_month, end_month) \
             select id, 1, 'Management', 1, 12 from projects where code = 'MEMO-1'",
        )
        .execute(conn)?;
        assert_eq!(count(conn, "select count(*) as count from work_packages where name = 'Management' and begin_month = 1 and end_month = 12 and project_id = (select id from projects where code = 'MEMO-1')"), 1);
        // Another user in the same transaction gets their own answer, not the remembered one.
        act_as(conn, &assigned);
        let theirs = visible(conn);
        let expected = count(&mut connect(&owner_url(&name)), &format!(
            "select count(distinct a.project_id) as count from assignments a join persons p on p.id = a.person_id \
             where p.user_id = '{assigned}'"
        ));
        assert_eq!(theirs, expected);
        assert_ne!(theirs, before + 1);
        // Persons are remembered the same way: the assigned-only user sees only their person,
        // the org-scoped editor the persons of their university, whichever asked first.
        let persons = |conn: &mut PgConnection| count(conn, "select count(*) as count from persons");
        assert_eq!(persons(conn), 1);
        act_as(conn, &org_editor);
        let colleagues = persons(conn);
        assert!(colleagues > 1 && colleagues < 80, "{colleagues}");
        act_as(conn, &assigned);
        assert_eq!(persons(conn), 1);
        Err(diesel::result::Error::RollbackTransaction)
    })
    .unwrap_err();
    assert_eq!(
        count(
            &mut owner,
            "select count(*) as count from projects where code = 'MEMO-1'"
        ),
        0
    );
}
