//! The scenario pages (`/scenarios…`, issue 23) on a real server and PostgreSQL: creating,
//! renaming, sharing, recording every kind of change, discarding and applying a scenario; and
//! row-level security of the scenario tables as the application role sees it.

use diesel::connection::SimpleConnection;

use crate::helpers::*;
use crate::idp::{IdpUser, TestIdp, sign_in};
use crate::rls::{RLS_REFUSAL, act_as, affected, id, setup};
use crate::team::{one, signed_in_team_app, text};

// ---- Row-level security, raw SQL as the application role ----

/// Editor f3 owns a scenario with changes to P1 (c1) and P3 (c3), shared with the viewer f4
/// and with org R2 (so org-viewer f6, who sees P3 but not P1).
const SCENARIO_FIXTURE: &str = "
insert into scenarios (id, owner_user_id, name) values
  ('00000000-0000-0000-0000-000000000501', '00000000-0000-0000-0000-0000000000f3', 'What if');
insert into scenario_shares (scenario_id, user_id) values
  ('00000000-0000-0000-0000-000000000501', '00000000-0000-0000-0000-0000000000f4');
insert into scenario_shares (scenario_id, organisation_id) values
  ('00000000-0000-0000-0000-000000000501', '00000000-0000-0000-0000-0000000000b1');
insert into scenario_changes (scenario_id, project_id, kind, change, base_version) values
  ('00000000-0000-0000-0000-000000000501', '00000000-0000-0000-0000-0000000000c1', 'shift', '{\"kind\":\"shift\",\"months\":3}', 1),
  ('00000000-0000-0000-0000-000000000501', '00000000-0000-0000-0000-0000000000c3', 'duration', '{\"kind\":\"duration\",\"months\":6}', 1);
";

fn scenario_id() -> String {
    id("501")
}

fn rows(app: &mut diesel::PgConnection, table: &str) -> i64 {
    count(app, &format!("select count(*) as count from {table}"))
}

#[test]
fn scenario_rows_are_read_by_owner_and_sharers_and_written_by_the_owner_only() {
    let (name, mut app) = setup();
    connect(&owner_url(&name))
        .batch_execute(SCENARIO_FIXTURE)
        .unwrap();
    let s = scenario_id();

    // The owner sees everything and may write.
    act_as(&mut app, Some("f3"));
    assert_eq!(rows(&mut app, "scenarios"), 1);
    assert_eq!(rows(&mut app, "scenario_shares"), 2);
    assert_eq!(rows(&mut app, "scenario_changes"), 2);
    let rename = format!("update scenarios set name = 'x' where id = '{s}'");
    assert_eq!(affected(&mut app, &rename), 1);

    // Users it is not shared with (admin f1, editor f5 of R1-A, assigned f7) and a user
    // without a role (f8) see nothing at all.
    for user in ["f1", "f5", "f7", "f8"] {
        act_as(&mut app, Some(user));
        for table in ["scenarios", "scenario_shares", "scenario_changes"] {
            assert_eq!(rows(&mut app, table), 0, "{user} reads {table}");
        }
        assert_eq!(affected(&mut app, &rename), 0, "{user} renames");
    }

    // The viewer it is shared with reads it all but writes nothing.
    act_as(&mut app, Some("f4"));
    assert_eq!(rows(&mut app, "scenarios"), 1);
    assert_eq!(rows(&mut app, "scenario_changes"), 2);
    assert!(rows(&mut app, "scenario_shares") >= 1);
    for sql in [
        rename.clone(),
        format!("delete from scenarios where id = '{s}'"),
        format!("update scenario_changes set base_version = 9 where scenario_id = '{s}'"),
        format!("delete from scenario_changes where scenario_id = '{s}'"),
        format!("delete from scenario_shares where scenario_id = '{s}'"),
    ] {
        assert_eq!(affected(&mut app, &sql), 0, "{sql}");
    }
    for sql in [
        format!(
            "insert into scenario_changes (scenario_id, project_id, kind, change, base_version)
             values ('{s}', '{}', 'duration', '{{\"kind\":\"duration\",\"months\":2}}', 1)",
            id("c3")
        ),
        format!(
            "insert into scenario_shares (scenario_id, user_id) values ('{s}', '{}')",
            id("f1")
        ),
        format!(
            "insert into scenarios (owner_user_id, name) values ('{}', 'stolen')",
            id("f3")
        ),
    ] {
        let refusal = crate::rls::refused(&mut app, &sql);
        assert!(
            refusal.contains(RLS_REFUSAL) || refusal.contains("permission denied"),
            "{sql}: {refusal}"
        );
    }

    // The org-viewer of R2 (shared through the organisation) sees the scenario and the change
    // to P3, not the change to P1, which they cannot see.
    act_as(&mut app, Some("f6"));
    assert_eq!(rows(&mut app, "scenarios"), 1);
    assert_eq!(
        names(
            &mut app,
            "select project_id::text as name from scenario_changes"
        ),
        [id("c3")]
    );
    assert_eq!(affected(&mut app, &rename), 0);
}

// ---- The pages ----

const DIRECTOR: &str = "director@test";
const READER: &str = "reader@test";

/// The TEAM fixture (PX and PY, Dec 2030 – Feb 2031; Ada and Bob) with a director (editor)
/// signed in on `app` and a reader (viewer) on the second client.
async fn scenario_apps() -> (TestApp, TestApp, TestIdp) {
    let (app, idp) = signed_in_team_app(vec![
        IdpUser::new(DIRECTOR, &["rediflow-editors"]),
        IdpUser::new(READER, &["rediflow-viewers"]),
    ])
    .await;
    sign_in(&app, &idp, DIRECTOR).await;
    let reader = app.another_browser();
    sign_in(&reader, &idp, READER).await;
    (app, reader, idp)
}

fn project(app: &TestApp, code: &str) -> String {
    one(
        app,
        &format!("select id::text as name from projects where code = '{code}'"),
    )
}

fn scalar(app: &TestApp, sql: &str) -> String {
    one(app, &format!("select ({sql})::text as name"))
}

/// Creates a scenario named `name` as the signed-in user of `app`; its id.
async fn create(app: &TestApp, name: &str) -> String {
    let token = app.csrf_token("/scenarios").await;
    let response = app
        .post_form(
            "/scenarios",
            &[("csrf_token", &token), ("name", name), ("description", "")],
        )
        .await;
    let status = response.status();
    if !status.is_redirection() {
        panic!("{status}: {}", response.text().await.unwrap());
    }
    let to = location(&response);
    let id = to
        .strip_prefix("/scenarios/")
        .and_then(|rest| rest.strip_suffix("?notice=created"))
        .unwrap_or_else(|| panic!("{to}"))
        .to_string();
    assert_eq!(
        scalar(
            app,
            &format!("select name from scenarios where id = '{id}'")
        ),
        name
    );
    id
}

/// Records a change through the form of its kind; the response.
async fn record(
    app: &TestApp,
    scenario: &str,
    project: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = app.csrf_token("/scenarios").await;
    let mut form = vec![("csrf_token", token.as_str()), ("project", project)];
    form.extend_from_slice(fields);
    app.post_form(&format!("/scenarios/{scenario}/changes"), &form)
        .await
}

fn changes(app: &TestApp, scenario: &str) -> i64 {
    app.count(&format!(
        "select count(*) as count from scenario_changes where scenario_id = '{scenario}'"
    ))
}

#[tokio::test]
async fn a_scenario_is_created_renamed_shared_read_and_discarded_through_its_pages() {
    let (app, reader, _idp) = scenario_apps().await;
    let id = create(&app, "Late start").await;
    let page = text(&app, &format!("/scenarios/{id}")).await;
    assert!(page.contains("Late start") && page.contains(&format!("/scenarios/{id}/compare")));
    let list = text(&app, "/scenarios").await;
    assert!(
        list.contains(&format!("href=\"/scenarios/{id}\"")),
        "{list}"
    );

    // A refused name changes nothing; a stale version is a conflict; the right one saves.
    let token = app.csrf_token("/scenarios").await;
    let version = scalar(
        &app,
        &format!("select version from scenarios where id = '{id}'"),
    );
    let bad = app
        .post_form(
            &format!("/scenarios/{id}"),
            &[("csrf_token", &token), ("name", " "), ("version", &version)],
        )
        .await;
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Give the scenario a name")
    );
    let stale = app
        .post_form(
            &format!("/scenarios/{id}"),
            &[
                ("csrf_token", &token),
                ("name", "Other"),
                ("version", "999"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert_eq!(
        scalar(
            &app,
            &format!("select name from scenarios where id = '{id}'")
        ),
        "Late start"
    );
    let renamed = app
        .post_form(
            &format!("/scenarios/{id}"),
            &[
                ("csrf_token", &token),
                ("name", "Late start of PX"),
                ("description", "Three months"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(location(&renamed), format!("/scenarios/{id}?notice=saved"));
    assert_eq!(
        scalar(
            &app,
            &format!("select name || '/' || description from scenarios where id = '{id}'")
        ),
        "Late start of PX/Three months"
    );

    // Not shared: the reader gets a 404.
    assert_eq!(
        reader.get_page(&format!("/scenarios/{id}")).await.status(),
        404
    );
    // Shared with a user by name, and with an organisation; an unknown user is refused.
    let share = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let id = id.clone();
        let token = token.clone();
        async move {
            let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
            form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            app.post_form(&format!("/scenarios/{id}/shares"), &form)
                .await
        }
    };
    let nobody = share(vec![("user", "nobody@test".into())]).await;
    assert_eq!(nobody.status(), 400);
    assert!(nobody.text().await.unwrap().contains("nobody@test"));
    let to_reader = share(vec![("user", READER.into())]).await;
    assert_eq!(
        location(&to_reader),
        format!("/scenarios/{id}?notice=shared")
    );
    let org = one(
        &app,
        "select id::text as name from organisations where short_name = 'LAB'",
    );
    let to_org = share(vec![("organisation", org.clone())]).await;
    assert_eq!(location(&to_org), format!("/scenarios/{id}?notice=shared"));
    assert_eq!(
        names(
            &mut app.owner_connection(),
            &format!(
                "select coalesce(u.username, o.short_name) as name from scenario_shares s
                 left join users u on u.id = s.user_id left join organisations o on o.id = s.organisation_id
                 where s.scenario_id = '{id}' order by 1"
            )
        ),
        ["LAB", READER]
    );

    // The reader sees the page without forms, and every POST is refused with the Policy's
    // sentence; nothing changes.
    let px = project(&app, "PX");
    let read = text(&reader, &format!("/scenarios/{id}")).await;
    assert!(read.contains("Late start of PX") && read.contains("shared with you to read"));
    assert!(!read.contains(&format!("action=\"/scenarios/{id}/apply\"")));
    let their_token = reader.csrf_token("/scenarios").await;
    let share_row = one(
        &app,
        &format!(
            "select id::text as name from scenario_shares where scenario_id = '{id}' and user_id is not null"
        ),
    );
    for (path, fields) in [
        (
            format!("/scenarios/{id}"),
            vec![("name", "Mine"), ("version", version.as_str())],
        ),
        (format!("/scenarios/{id}/shares"), vec![("user", DIRECTOR)]),
        (format!("/scenarios/{id}/shares/{share_row}/delete"), vec![]),
        (
            format!("/scenarios/{id}/changes"),
            vec![("project", px.as_str()), ("kind", "shift"), ("months", "3")],
        ),
        (format!("/scenarios/{id}/apply"), vec![]),
        (format!("/scenarios/{id}/discard"), vec![]),
    ] {
        let mut form = vec![("csrf_token", their_token.as_str())];
        form.extend(fields);
        let response = reader.post_form(&path, &form).await;
        assert_eq!(response.status(), 403, "{path}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("owner may change it; it is shared with you to read"),
            "{path}"
        );
    }
    assert_eq!(changes(&app, &id), 0);
    assert_eq!(
        app.count(&format!(
            "select count(*) as count from scenario_shares where scenario_id = '{id}'"
        )),
        2
    );

    // Unshare the organisation; discard (confirm page first): rows gone, plan untouched.
    let org_share = one(
        &app,
        &format!("select id::text as name from scenario_shares where organisation_id = '{org}'"),
    );
    let unshared = app
        .post_form(
            &format!("/scenarios/{id}/shares/{org_share}/delete"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(
        location(&unshared),
        format!("/scenarios/{id}?notice=unshared")
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) as count from scenario_shares where scenario_id = '{id}'"
        )),
        1
    );
    let shifted = record(&app, &id, &px, &[("kind", "shift"), ("months", "3")]).await;
    assert_eq!(
        location(&shifted),
        format!("/scenarios/{id}?notice=recorded")
    );
    let plan_before = scalar(
        &app,
        "select string_agg(code || start_month || version, ',' order by code) from projects",
    );
    let confirm = text(&app, &format!("/scenarios/{id}/discard")).await;
    assert!(confirm.contains(&format!("action=\"/scenarios/{id}/discard\"")));
    let discarded = app
        .post_form(
            &format!("/scenarios/{id}/discard"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(location(&discarded), "/scenarios?notice=discarded");
    for table in ["scenarios", "scenario_shares", "scenario_changes"] {
        assert_eq!(
            app.count(&format!("select count(*) as count from {table}")),
            0,
            "{table}"
        );
    }
    assert_eq!(
        scalar(
            &app,
            "select string_agg(code || start_month || version, ',' order by code) from projects"
        ),
        plan_before
    );
}

#[tokio::test]
async fn every_kind_of_change_is_recorded_as_json_and_bad_input_stores_nothing() {
    let (app, _reader, _idp) = scenario_apps().await;
    app.sql("update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'proposal') where code = 'PY'");
    let id = create(&app, "Everything").await;
    let (px, py) = (project(&app, "PX"), project(&app, "PY"));
    let form = text(&app, &format!("/scenarios/{id}/changes/new?project={py}")).await;
    assert!(form.contains("value=\"outcome\""), "PY is a proposal");
    let form = text(&app, &format!("/scenarios/{id}/changes/new?project={px}")).await;
    assert!(
        !form.contains("value=\"outcome\""),
        "PX is not in the pipeline"
    );
    let ada = one(
        &app,
        "select a.id::text as name from assignments a join persons p on p.id = a.person_id join projects pr on pr.id = a.project_id where p.code = 'ada' and pr.code = 'PX'",
    );
    let bob_px = one(
        &app,
        "select a.id::text as name from assignments a join persons p on p.id = a.person_id join projects pr on pr.id = a.project_id where p.code = 'bob' and pr.code = 'PX'",
    );
    let bob = one(
        &app,
        "select id::text as name from persons where code = 'bob'",
    );
    let group = one(
        &app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let role = one(
        &app,
        "select id::text as name from role_types order by sort_order, name limit 1",
    );
    let lab = one(
        &app,
        "select id::text as name from organisations where short_name = 'LAB'",
    );

    // The people offered to assign are found as on the Team tab.
    let offered = format!("<option value=\"{bob}\"");
    for (find, listed) in [("Builder", true), ("Lovelace", false)] {
        let page = text(
            &app,
            &format!("/scenarios/{id}/changes/new?project={px}&find={find}"),
        )
        .await;
        assert_eq!(page.contains(&offered), listed, "{find}");
    }

    // Bad input first: each is a 400 with its sentence, and nothing is stored.
    for (project, fields, sentence) in [
        (
            &px,
            vec![("kind", "shift"), ("months", "soon")],
            "Move the start by 1 to",
        ),
        (
            &px,
            vec![("kind", "shift"), ("months", "0")],
            "Move the start by 1 to",
        ),
        (
            &px,
            vec![("kind", "duration"), ("months", "0")],
            "between 1 and 600",
        ),
        (
            &px,
            vec![("kind", "scale_demand"), ("percent", "2000")],
            "2000",
        ),
        (
            &px,
            vec![("kind", "outcome"), ("outcome", "won")],
            "is not in a pipeline state",
        ),
        (
            &px,
            vec![
                ("kind", "add_assignment"),
                ("person", bob.as_str()),
                ("percent", "50"),
                ("group", group.as_str()),
                ("start", "2031-05"),
                ("end", "2031-06"),
            ],
            "2031-05",
        ),
        (
            &px,
            vec![
                ("kind", "allocation"),
                ("assignment", ada.as_str()),
                ("month", "2030-13"),
                ("pm", "1"),
            ],
            "",
        ),
        (
            &px,
            vec![
                ("kind", "placeholder"),
                ("organisation", lab.as_str()),
                ("role", role.as_str()),
                ("start", "2030-12"),
                ("end", "2031-01"),
                ("pm", ""),
            ],
            "PM per month",
        ),
        (
            &px,
            vec![("kind", "remove_assignment"), ("assignment", "not-an-id")],
            "Choose one of the assignments of PX",
        ),
    ] {
        let response = record(&app, &id, project, &fields).await;
        assert_eq!(response.status(), 400, "{fields:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(sentence), "{fields:?}: {body}");
    }
    assert_eq!(changes(&app, &id), 0);

    let kinds: Vec<(&String, Vec<(&str, &str)>)> = vec![
        (&px, vec![("kind", "shift"), ("months", "-1")]),
        (&px, vec![("kind", "duration"), ("months", "5")]),
        (&px, vec![("kind", "scale_demand"), ("percent", "150")]),
        (&py, vec![("kind", "outcome"), ("outcome", "won")]),
        (
            &px,
            vec![
                ("kind", "add_assignment"),
                ("person", bob.as_str()),
                ("role", role.as_str()),
                ("percent", "25,5"),
                ("group", group.as_str()),
                ("start", "2030-12"),
                ("end", "2031-02"),
                ("status", "tentative"),
            ],
        ),
        (
            &px,
            vec![
                ("kind", "change_assignment"),
                ("assignment", ada.as_str()),
                ("percent", "60"),
                ("group", group.as_str()),
                ("start", "2030-12"),
                ("end", "2031-01"),
                ("status", "confirmed"),
            ],
        ),
        (
            &px,
            vec![
                ("kind", "remove_assignment"),
                ("assignment", bob_px.as_str()),
            ],
        ),
        (
            &px,
            vec![
                ("kind", "allocation"),
                ("assignment", ada.as_str()),
                ("month", "2030-12"),
                ("pm", "0,4"),
            ],
        ),
        (
            &px,
            vec![
                ("kind", "placeholder"),
                ("organisation", lab.as_str()),
                ("role", role.as_str()),
                ("start", "2030-12"),
                ("end", "2031-01"),
                ("pm", "1.5"),
            ],
        ),
    ];
    for (project, fields) in &kinds {
        let response = record(&app, &id, project, fields).await;
        assert_eq!(
            location(&response),
            format!("/scenarios/{id}?notice=recorded"),
            "{fields:?}"
        );
    }
    let stored = names(
        &mut app.owner_connection(),
        &format!(
            "select change::text as name from scenario_changes where scenario_id = '{id}' order by position"
        ),
    );
    let json: Vec<serde_json::Value> = stored
        .iter()
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    assert_eq!(json[0], serde_json::json!({"kind": "shift", "months": -1}));
    assert_eq!(
        json[1],
        serde_json::json!({"kind": "duration", "months": 5})
    );
    assert_eq!(
        json[2],
        serde_json::json!({"kind": "scale_demand", "percent": 150})
    );
    assert_eq!(json[3], serde_json::json!({"kind": "outcome", "won": true}));
    assert_eq!(json[4]["kind"], "add_assignment");
    assert_eq!(json[4]["person"], bob.as_str());
    assert_eq!(json[4]["percent"], 2550);
    assert_eq!(json[4]["tentative"], true);
    assert_eq!(json[4]["start"], "2030-12-01");
    assert_eq!(json[5]["kind"], "change_assignment");
    assert_eq!(json[5]["assignment"], ada.as_str());
    assert_eq!(json[5]["percent"], 6000);
    assert_eq!(json[5]["end"], "2031-01-01");
    assert_eq!(json[5]["tentative"], false);
    assert_eq!(json[6]["kind"], "remove_assignment");
    assert_eq!(
        json[7],
        serde_json::json!({"kind": "allocation", "assignment": ada, "month": "2030-12-01", "pm": 400})
    );
    assert_eq!(
        json[8],
        serde_json::json!({"kind": "placeholder", "organisation": lab, "role": role, "start": "2030-12-01", "end": "2031-01-01", "pm": 1500})
    );

    // The page describes each change in words with its project.
    let page = text(&app, &format!("/scenarios/{id}")).await;
    for words in [
        "Starts 1 months earlier",
        "Lasts 5 months",
        "EST demand at 150",
        "Won",
        "New assignment of Bob Builder",
        "Assignment of Ada Lovelace changed",
        "Allocation of Ada Lovelace in 2030-12: 0.4 PM",
        "Placeholder demand for",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }

    // Remove one change.
    let first = one(
        &app,
        &format!(
            "select id::text as name from scenario_changes where scenario_id = '{id}' order by position limit 1"
        ),
    );
    let token = app.csrf_token("/scenarios").await;
    let removed = app
        .post_form(
            &format!("/scenarios/{id}/changes/{first}/delete"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(
        location(&removed),
        format!("/scenarios/{id}?notice=removed")
    );
    assert_eq!(changes(&app, &id), 8);
}

/// Records "PX starts three months later" in a new scenario; its id.
async fn shift_px(app: &TestApp, name: &str) -> String {
    let id = create(app, name).await;
    let px = project(app, "PX");
    let response = record(app, &id, &px, &[("kind", "shift"), ("months", "3")]).await;
    assert_eq!(
        location(&response),
        format!("/scenarios/{id}?notice=recorded")
    );
    id
}

/// PX's start and the months of its EST demand, as stored.
fn px_plan(app: &TestApp) -> String {
    scalar(
        app,
        "select p.start_month || ' ' || string_agg(d.month::text, ',' order by d.month)
         from projects p join capacity_demand d on d.project_id = p.id
         where p.code = 'PX' group by p.start_month",
    )
}

async fn apply(app: &TestApp, id: &str) -> reqwest::Response {
    let token = app.csrf_token("/scenarios").await;
    app.post_form(&format!("/scenarios/{id}/apply"), &[("csrf_token", &token)])
        .await
}

fn applied_events(app: &TestApp) -> i64 {
    app.count("select count(*) as count from audit_log where entity_type = 'scenario_applied'")
}

#[tokio::test]
async fn applying_a_scenario_writes_its_changes_to_the_live_plan_and_removes_it() {
    let (app, _reader, _idp) = scenario_apps().await;
    assert_eq!(px_plan(&app), "2030-12-01 2030-12-01");
    let id = shift_px(&app, "Three months late").await;
    assert_eq!(
        px_plan(&app),
        "2030-12-01 2030-12-01",
        "recording writes nothing live"
    );
    let response = apply(&app, &id).await;
    assert_eq!(location(&response), "/scenarios?applied=1&projects=1");
    let list = text(&app, "/scenarios?applied=1&projects=1").await;
    assert!(list.contains("Applied: 1 changes to 1 projects"), "{list}");
    assert_eq!(px_plan(&app), "2031-03-01 2031-03-01");
    assert_eq!(
        app.count(&format!(
            "select count(*) as count from scenarios where id = '{id}'"
        )),
        0
    );
    assert_eq!(applied_events(&app), 1);
    assert_eq!(
        scalar(
            &app,
            &format!(
                "select jsonb_array_length(before->'changes') from audit_log where entity_type = 'scenario_applied' and entity_id = '{id}'"
            )
        ),
        "1",
        "one event with its changes"
    );
}

#[tokio::test]
async fn a_concurrent_live_change_is_a_conflict_and_nothing_is_written_until_rebased() {
    let (app, _reader, _idp) = scenario_apps().await;
    let id = shift_px(&app, "Late").await;
    let px = project(&app, "PX");
    let version = scalar(&app, "select version from projects where code = 'PX'");
    // Meanwhile the live plan moves: an assignment is added on the Team tab.
    let bob = one(
        &app,
        "select id::text as name from persons where code = 'bob'",
    );
    let group = one(
        &app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let token = app.csrf_token("/scenarios").await;
    let added = app
        .post_form(
            &format!("/projects/{px}/team/assignments"),
            &[
                ("csrf_token", &token),
                ("person", &bob),
                ("percent", "10"),
                ("group", &group),
                ("start", "2030-12"),
                ("end", "2030-12"),
            ],
        )
        .await;
    assert!(added.status().is_redirection(), "{}", added.status());
    let now = scalar(&app, "select version from projects where code = 'PX'");
    assert_ne!(version, now, "the Team tab moved PX's plan on");
    let page = text(&app, &format!("/scenarios/{id}")).await;
    assert!(
        page.contains(&format!("made on version {version}, now {now}")),
        "{page}"
    );

    let response = apply(&app, &id).await;
    assert_eq!(response.status(), 409);
    let body = response.text().await.unwrap();
    assert!(
        body.contains(">PX</a>")
            && body.contains(&format!("action=\"/scenarios/{id}/rebase/{px}\"")),
        "{body}"
    );
    assert_eq!(px_plan(&app), "2030-12-01 2030-12-01", "nothing written");
    assert_eq!(changes(&app, &id), 1);
    assert_eq!(applied_events(&app), 0);

    let rebased = app
        .post_form(
            &format!("/scenarios/{id}/rebase/{px}"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(
        location(&rebased),
        format!("/scenarios/{id}?notice=rebased")
    );
    let response = apply(&app, &id).await;
    assert_eq!(location(&response), "/scenarios?applied=1&projects=1");
    assert_eq!(px_plan(&app), "2031-03-01 2031-03-01");
}

#[tokio::test]
async fn applying_without_edit_rights_on_one_project_is_refused_and_writes_nothing() {
    let (app, _reader, _idp) = scenario_apps().await;
    let id = shift_px(&app, "Both").await;
    let py = project(&app, "PY");
    let response = record(&app, &id, &py, &[("kind", "duration"), ("months", "2")]).await;
    assert_eq!(
        location(&response),
        format!("/scenarios/{id}?notice=recorded")
    );
    // PY is locked meanwhile (a lock does not move the plan's version: no conflict, a refusal).
    app.sql("update projects set locked = true where code = 'PY'");
    let response = apply(&app, &id).await;
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("locked"));
    assert_eq!(px_plan(&app), "2030-12-01 2030-12-01");
    assert_eq!(
        scalar(
            &app,
            "select duration_months from projects where code = 'PY'"
        ),
        "3"
    );
    assert_eq!(changes(&app, &id), 2);
    assert_eq!(applied_events(&app), 0);
}
