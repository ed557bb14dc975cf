//! The structure of a project through the API (issue 22): work packages, tasks, milestones and
//! deliverables listed, read, added, changed and deleted with the structure pages' commands, their
//! rules and sentences, row versions as ETags, and the same refusals as the pages.

use serde_json::{Value, json};

use crate::api_helpers::*;
use crate::helpers::*;
use crate::rls::id;

/// The id of a row, as text, found by SQL as the owner.
fn one(app: &TestApp, sql: &str) -> String {
    names(&mut app.owner_connection(), sql).remove(0)
}

/// The work package 1 of fixture project `project` ("c1" …).
fn wp1(app: &TestApp, project: &str) -> String {
    one(
        app,
        &format!(
            "select id::text as name from work_packages where project_id = '{}' and number = 1",
            id(project)
        ),
    )
}

/// The task 1.1 of fixture project `project`.
fn task11(app: &TestApp, project: &str) -> String {
    one(
        app,
        &format!(
            "select id::text as name from tasks where project_id = '{}' and number = '1.1'",
            id(project)
        ),
    )
}

#[tokio::test]
async fn a_task_added_through_the_api_reads_back_and_is_stored_as_the_page_stores_it() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let wp = wp1(&app, "c1");
    let tasks = format!("/projects/{}/tasks", id("c1"));
    let created = editor
        .post(
            &tasks,
            &json!({"wp": wp, "number": "1.2", "name": "Second task", "begin": 2, "end": 5,
                    "lead_org": id("a2")}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let new_id = created.body["id"].as_str().unwrap().to_string();
    let location = created.headers["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1{tasks}/{new_id}"));
    assert_eq!(created.etag(), format!("\"{}\"", created.body["version"]));
    assert_eq!(created.body["number"], "1.2");
    assert_eq!(created.body["wp"], wp.as_str());
    assert_eq!(created.body["lead_org"], id("a2").as_str());
    assert_eq!(created.body["role"], Value::Null);

    // Read back through the API: the row, and the list in the order of the numbers.
    let read = editor.get(&format!("{tasks}/{new_id}")).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body, created.body);
    assert_eq!(read.etag(), created.etag());
    let listed = editor.all(&tasks).await;
    let numbers: Vec<&str> = listed
        .iter()
        .map(|t| t["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["1.1", "1.2"]);

    // And in the database, as the page would have stored it; the plan version moved on.
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where id = '{new_id}' and number = '1.2' \
             and name = 'Second task' and begin_month = 2 and end_month = 5 \
             and work_package_id = '{wp}' and lead_org_id = '{}'",
            id("a2")
        )),
        1
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects where id = '{}' and version > 1",
            id("c1")
        )),
        1
    );

    // modified_since: only what changed since (the fixture's task is older).
    app.sql(&format!(
        "update tasks set modified_at = now() - interval '1 day' where id <> '{new_id}'"
    ));
    let since = url::form_urlencoded::byte_serialize(
        (chrono::Utc::now() - chrono::Duration::hours(1))
            .to_rfc3339()
            .as_bytes(),
    )
    .collect::<String>();
    let changed = editor.all(&format!("{tasks}?modified_since={since}")).await;
    assert_eq!(field_values(&changed, "number"), ["1.2"]);
}

#[tokio::test]
async fn every_kind_is_added_changed_and_listed_with_the_pages_fields() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let base = format!("/projects/{}", id("c1"));
    let wp = editor
        .post(
            &format!("{base}/work-packages"),
            &json!({"number": 2, "name": "Analysis", "begin": 3, "end": 20}),
        )
        .await;
    assert_eq!(wp.status, 201, "{}", wp.body);
    assert_eq!(wp.body["number"], 2);
    let wp2 = wp.body["id"].as_str().unwrap().to_string();
    let milestone = editor
        .post(
            &format!("{base}/milestones"),
            &json!({"number": "ms2", "name": "Review", "due": 9}),
        )
        .await;
    assert_eq!(milestone.status, 201, "{}", milestone.body);
    // Stored upper case, of the whole project, as the page does.
    assert_eq!(milestone.body["number"], "MS2");
    assert_eq!(milestone.body["wp"], Value::Null);
    let deliverable = editor
        .post(
            &format!("{base}/deliverables"),
            &json!({"wp": wp2, "number": "D2.1", "name": "Report", "due": 20}),
        )
        .await;
    assert_eq!(deliverable.status, 201, "{}", deliverable.body);
    assert_eq!(
        app.count(&format!(
            "select count(*) from deliverables where number = 'D2.1' and due_month = 20 \
             and work_package_id = '{wp2}'"
        )),
        1
    );

    // A partial change keeps the other fields; null clears an optional one.
    let ms = milestone.body["id"].as_str().unwrap();
    let moved = editor
        .patch(
            &format!("{base}/milestones/{ms}"),
            &json!({"due": 10, "wp": wp2}),
            &milestone.etag(),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.body["name"], "Review");
    assert_eq!(moved.body["due"], 10);
    assert_eq!(moved.body["wp"], wp2.as_str());
    let cleared = editor
        .patch(
            &format!("{base}/milestones/{ms}"),
            &json!({"wp": null}),
            &moved.etag(),
        )
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert_eq!(cleared.body["wp"], Value::Null);
    assert_eq!(
        app.count(&format!(
            "select count(*) from milestones where id = '{ms}' and work_package_id is null \
             and due_month = 10 and name = 'Review'"
        )),
        1
    );

    let wps = editor.all(&format!("{base}/work-packages")).await;
    assert_eq!(field_values(&wps, "number"), ["1", "2"]);
    // A work package that still has tasks stays, with the page's reason.
    let wp1 = &wps[0];
    let refused = editor
        .delete(
            &format!("{base}/work-packages/{}", wp1["id"].as_str().unwrap()),
            &format!("\"{}\"", wp1["version"]),
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("WP 1 still has 1"),
        "{}",
        refused.body
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from work_packages where project_id = '{}'",
            id("c1")
        )),
        2
    );
}

#[tokio::test]
async fn a_stale_or_missing_if_match_changes_nothing() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let task = format!("/projects/{}/tasks/{}", id("c1"), task11(&app, "c1"));
    let read = editor.get(&task).await;
    assert_eq!(read.status, 200);
    let tag = read.etag();

    let renamed = editor.patch(&task, &json!({"name": "Renamed"}), &tag).await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["name"], "Renamed");
    assert_eq!(renamed.body["begin"], 1);
    assert_ne!(renamed.etag(), tag);
    // The same PATCH again, at the version it answered: the same row.
    let again = editor
        .patch(&task, &json!({"name": "Renamed"}), &renamed.etag())
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["name"], "Renamed");

    // The version first read is stale now: 412, nothing written.
    let stale = editor
        .patch(&task, &json!({"name": "Lost update"}), &tag)
        .await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    assert_eq!(stale.body["code"], "precondition_failed");
    let missing = editor
        .call(
            reqwest::Method::PATCH,
            &task,
            Some(&json!({"name": "No tag"})),
            None,
        )
        .await;
    assert_eq!(missing.status, 428, "{}", missing.body);
    assert_eq!(missing.body["code"], "precondition_required");
    let stale_delete = editor.delete(&task, &tag).await;
    assert_eq!(stale_delete.status, 412);
    let untagged_delete = editor
        .call(reqwest::Method::DELETE, &task, None, None)
        .await;
    assert_eq!(untagged_delete.status, 428);
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where project_id = '{}' and name = 'Renamed'",
            id("c1")
        )),
        1
    );
    assert_eq!(editor.get(&task).await.body["name"], "Renamed");
}

#[tokio::test]
async fn a_refused_field_is_named_with_the_forms_sentence_and_nothing_is_written() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let tasks = format!("/projects/{}/tasks", id("c1"));
    let wp = wp1(&app, "c1");
    let refused = editor
        .post(
            &tasks,
            &json!({"wp": wp, "number": "1.2", "name": "Late", "begin": 2, "end": 30}),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.content_type(), "application/problem+json");
    assert_eq!(refused.body["code"], "invalid");
    assert_eq!(refused.body["errors"][0]["field"], "end");
    assert_eq!(
        refused.body["errors"][0]["detail"],
        "M30 is outside the project's months M1–M24."
    );
    // A number taken, as the page says it.
    let taken = editor
        .post(
            &tasks,
            &json!({"wp": wp, "number": "1.1", "name": "Twin", "begin": 1, "end": 2}),
        )
        .await;
    assert_eq!(taken.status, 422);
    assert_eq!(taken.body["errors"][0]["field"], "number");
    assert_eq!(
        taken.body["errors"][0]["detail"],
        "Task 1.1 exists already in this project."
    );
    // An empty body: every required field named.
    let empty = editor.post(&tasks, &json!({})).await;
    assert_eq!(empty.status, 422);
    let fields: Vec<&str> = empty.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"wp") && fields.contains(&"name"),
        "{fields:?}"
    );
    // A field a task does not have is no field at all: 400.
    let unknown = editor.post(&tasks, &json!({"due": 3})).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where project_id = '{}'",
            id("c1")
        )),
        1
    );
}

#[tokio::test]
async fn another_organisations_structure_is_not_found_and_cannot_be_added_to() {
    let app = app_with_fixture(&[]).await;
    let org_editor = Api::new(&app, mint(&app, "org-editor", "write"));
    // Its own organisation's project: seen.
    let own = org_editor
        .get(&format!("/projects/{}/work-packages", id("c1")))
        .await;
    assert_eq!(own.status, 200);
    assert_eq!(own.body["items"].as_array().unwrap().len(), 1);
    // R2's P3: as if it did not exist, to read and to write.
    let base = format!("/projects/{}", id("c3"));
    for kind in ["work-packages", "tasks", "milestones", "deliverables"] {
        let listed = org_editor.get(&format!("{base}/{kind}")).await;
        assert_eq!(listed.status, 404, "{kind}: {}", listed.body);
        assert_eq!(listed.body["code"], "not_found");
    }
    let task = task11(&app, "c3");
    assert_eq!(
        org_editor.get(&format!("{base}/tasks/{task}")).await.status,
        404
    );
    let wp = wp1(&app, "c3");
    let added = org_editor
        .post(
            &format!("{base}/tasks"),
            &json!({"wp": wp, "number": "1.2", "name": "Intruder", "begin": 1, "end": 2}),
        )
        .await;
    assert_eq!(added.status, 404, "{}", added.body);
    let changed = org_editor
        .patch(
            &format!("{base}/tasks/{task}"),
            &json!({"name": "Intruder"}),
            "\"1\"",
        )
        .await;
    assert_eq!(changed.status, 404);
    let deleted = org_editor
        .delete(&format!("{base}/tasks/{task}"), "\"1\"")
        .await;
    assert_eq!(deleted.status, 404);
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where project_id = '{}' and number = '1.1' \
             and name = 'T1.1'",
            id("c3")
        )),
        1
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where project_id = '{}'",
            id("c3")
        )),
        1
    );
}

#[tokio::test]
async fn viewers_read_only_tokens_and_locked_projects_are_refused_with_the_reason() {
    let app = app_with_fixture(&[]).await;
    let body = |project: &str| json!({"wp": wp1(&app, project), "number": "1.2", "name": "New", "begin": 1, "end": 2});
    let p1_tasks = format!("/projects/{}/tasks", id("c1"));

    let viewer = Api::new(&app, mint(&app, "viewer", "write"));
    assert_eq!(viewer.get(&p1_tasks).await.status, 200);
    let refused = viewer.post(&p1_tasks, &body("c1")).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.body["code"], "forbidden");
    assert_eq!(
        refused.body["detail"],
        "You have read-only access: ask an administrator for the editor role."
    );

    let read_only = Api::new(&app, mint(&app, "editor", "read"));
    let refused = read_only.post(&p1_tasks, &body("c1")).await;
    assert_eq!(refused.status, 403);

    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let locked = editor
        .post(&format!("/projects/{}/tasks", id("c4")), &body("c4"))
        .await;
    assert_eq!(locked.status, 403, "{}", locked.body);
    assert_eq!(
        locked.body["detail"],
        "This project is locked; only super-admins may change it."
    );
    let p4_task = format!("/projects/{}/tasks/{}", id("c4"), task11(&app, "c4"));
    let tag = editor.get(&p4_task).await.etag();
    assert_eq!(editor.delete(&p4_task, &tag).await.status, 403);
    let closed = editor
        .post(&format!("/projects/{}/tasks", id("c5")), &body("c5"))
        .await;
    assert_eq!(closed.status, 403);
    assert!(
        closed.body["detail"]
            .as_str()
            .unwrap()
            .contains("which locks it"),
        "{}",
        closed.body
    );
    assert_eq!(
        app.count("select count(*) from tasks where number = '1.2'"),
        0
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where project_id = '{}'",
            id("c4")
        )),
        1
    );

    // A super-admin changes locked projects, as on the page.
    let super_admin = Api::new(&app, mint(&app, "super", "write"));
    let added = super_admin
        .post(&format!("/projects/{}/tasks", id("c4")), &body("c4"))
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
}

#[tokio::test]
async fn deleting_a_task_takes_its_demand_as_the_page_does() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let task_id = task11(&app, "c1");
    let demand = format!("select count(*) from capacity_demand where task_id = '{task_id}'");
    assert_eq!(app.count(&demand), 1);
    let task = format!("/projects/{}/tasks/{task_id}", id("c1"));
    let tag = editor.get(&task).await.etag();
    let deleted = editor.delete(&task, &tag).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(deleted.body, Value::Null);
    assert_eq!(app.count(&demand), 0);
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where id = '{task_id}'"
        )),
        0
    );
    // The audit log says how many demand cells went, as for the page's delete.
    assert_eq!(
        app.count(&format!(
            "select count(*) from audit_log where action = 'delete' and entity_type = 'task' \
             and entity_id = '{task_id}' and (before->>'demand_cells')::int = 1"
        )),
        1
    );
    assert_eq!(editor.get(&task).await.status, 404);
    assert_eq!(editor.delete(&task, &tag).await.status, 404);
}

#[tokio::test]
async fn text_the_database_cannot_store_is_a_clear_refusal_not_a_failure() {
    let app = app_with_fixture(&[]).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let wp = wp1(&app, "c1");
    let nul = editor_body(&wp, "Bad\u{0}name");
    let refused = admin
        .post(&format!("/projects/{}/tasks", id("c1")), &nul)
        .await;
    assert!(
        (400..500).contains(&refused.status),
        "{} {}",
        refused.status,
        refused.body
    );
    let project = admin
        .post(
            "/projects",
            &json!({"code": "A\u{0}B", "name": "x", "start": "2027-01", "duration": 1}),
        )
        .await;
    assert!((400..500).contains(&project.status), "{}", project.status);
    let lifecycle = admin
        .put(
            &format!("/projects/{}/lifecycle", id("c1")),
            &json!({"state": "a\u{0}b"}),
            "\"1\"",
        )
        .await;
    assert!(
        (400..500).contains(&lifecycle.status),
        "{}",
        lifecycle.status
    );
    // An organisation that does not exist as a task's lead: refused by the database's key, 409.
    let unknown_org = admin
        .post(
            &format!("/projects/{}/tasks", id("c1")),
            &json!({"wp": wp, "number": "1.2", "name": "x", "begin": 1, "end": 2,
                    "lead_org": "00000000-0000-0000-0000-00000000ffff"}),
        )
        .await;
    assert_eq!(unknown_org.status, 409, "{}", unknown_org.body);
    assert_eq!(
        app.count(&format!(
            "select count(*) from tasks where project_id = '{}'",
            id("c1")
        )),
        1
    );
}

fn editor_body(wp: &str, name: &str) -> Value {
    json!({"wp": wp, "number": "1.2", "name": name, "begin": 1, "end": 2})
}

/// Odd but well-formed bodies on every write of this area: never a 5xx (what schemathesis
/// checks over the whole description, in small), and a refusal is a problem that says why and
/// changes nothing.
#[tokio::test]
async fn odd_bodies_on_every_write_get_a_4xx_or_a_success_never_a_5xx() {
    let app = app_with_fixture(&[]).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let p1 = format!("/projects/{}", id("c1"));
    let odd = [
        json!({}),
        json!([]),
        json!(null),
        json!({"number": null, "name": null, "wp": null, "begin": null, "end": null,
               "due": null, "role": null, "lead_org": null}),
        json!({"number": i64::MAX, "begin": i64::MIN, "end": -1, "due": 0}),
        json!({"number": "", "name": " ", "begin": 0, "end": 0}),
        json!({"number": "999999999999999999999", "due": 2147483648_i64}),
        json!({"code": "", "name": "", "start": "9999-99", "duration": i64::MAX,
               "hours_per_pm": 1e308, "lifecycle": "", "poo": null, "partners": []}),
        json!({"hours_per_pm": -0.0001, "start": "", "duration": -5}),
        json!({"state": null}),
        json!({"partners": [id("a2"), id("a2")]}),
    ];
    for kind in ["work-packages", "tasks", "milestones", "deliverables"] {
        let rows = admin.all(&format!("{p1}/{kind}")).await;
        let row = &rows[0];
        let one = format!("{p1}/{kind}/{}", row["id"].as_str().unwrap());
        for body in &odd {
            let rows_before = admin.all(&format!("{p1}/{kind}")).await.len();
            let created = admin.post(&format!("{p1}/{kind}"), body).await;
            assert!(created.status < 500, "POST {kind} {body}: {}", created.body);
            if created.status >= 400 {
                refused_without_change(&created);
                assert_eq!(
                    admin.all(&format!("{p1}/{kind}")).await.len(),
                    rows_before,
                    "a refused POST {kind} {body} added a row"
                );
            }
            let before = admin.get(&one).await;
            let changed = admin.patch(&one, body, &before.etag()).await;
            assert!(
                changed.status < 500,
                "PATCH {kind} {body}: {}",
                changed.body
            );
            if changed.status >= 400 {
                refused_without_change(&changed);
                assert_eq!(
                    admin.get(&one).await.body,
                    before.body,
                    "a refused PATCH {kind} {body} changed the row"
                );
            }
        }
    }
    for body in &odd {
        let created = admin.post("/projects", body).await;
        assert!(
            created.status < 500,
            "POST project {body}: {}",
            created.body
        );
        let tag = admin.get(&p1).await.etag();
        for (method, path) in [
            (reqwest::Method::PATCH, p1.clone()),
            (reqwest::Method::PUT, format!("{p1}/lifecycle")),
            (reqwest::Method::PUT, format!("{p1}/partners")),
        ] {
            let before = admin.get(&p1).await.body;
            let answer = admin.call(method, &path, Some(body), Some(&tag)).await;
            assert!(answer.status < 500, "{path} {body}: {}", answer.body);
            if answer.status >= 400 {
                refused_without_change(&answer);
                assert_eq!(
                    admin.get(&p1).await.body,
                    before,
                    "a refused {path} {body} changed the project"
                );
            }
        }
    }
}

/// A refusal is problem JSON whose `detail` says why.
fn refused_without_change(answer: &Answer) {
    assert_eq!(answer.content_type(), "application/problem+json");
    assert!(
        !answer.body["detail"]
            .as_str()
            .unwrap_or_default()
            .is_empty(),
        "{}",
        answer.body
    );
}
