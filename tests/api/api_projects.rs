//! Projects through the API (issue 22): created and changed with the project form's commands,
//! their rules, sentences and field names; the plan version as the ETag; the lifecycle state and
//! the partners; the same refusals as the pages.

use serde_json::json;

use crate::api_helpers::*;
use crate::rls::id;

#[tokio::test]
async fn a_project_created_through_the_api_reads_back_and_is_stored_as_the_form_stores_it() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let created = editor
        .post(
            "/projects",
            &json!({"code": "NEW1", "name": "New project", "description": "From a script",
                    "poo": id("a2"), "partners": [id("b1"), id("a2")], "lifecycle": "proposal",
                    "start": "2027-03", "duration": 12, "hours_per_pm": 152.5}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let new_id = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        created.headers["location"].to_str().unwrap(),
        format!("/api/v1/projects/{new_id}")
    );
    assert_eq!(created.etag(), format!("\"{}\"", created.body["version"]));
    assert_eq!(created.body["code"], "NEW1");
    assert_eq!(created.body["owner"]["short_name"], "R1-A");
    // The owner is never its own partner (the form's rule).
    assert_eq!(
        field_values(created.body["partners"].as_array().unwrap(), "short_name"),
        ["R2"]
    );
    assert_eq!(created.body["lifecycle"], "proposal");
    assert_eq!(created.body["start_month"], "2027-03");
    assert_eq!(created.body["end_month"], "2028-02");

    let read = editor.get(&format!("/projects/{new_id}")).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body, created.body);
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects p join lifecycle_states s on s.id = p.lifecycle_state_id \
             where p.id = '{new_id}' and p.code = 'NEW1' and p.description = 'From a script' \
             and p.owner_org_id = '{}' and s.code = 'proposal' and p.start_month = '2027-03-01' \
             and p.duration_months = 12 and p.hours_per_pm = 152.5",
            id("a2")
        )),
        1
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from project_partners where project_id = '{new_id}'"
        )),
        1
    );

    // The code is taken now: the form's field and sentence, nothing written.
    let twin = editor
        .post(
            "/projects",
            &json!({"code": "NEW1", "name": "Twin", "start": "2027-03", "duration": 12}),
        )
        .await;
    assert_eq!(twin.status, 422, "{}", twin.body);
    assert_eq!(twin.body["errors"][0]["field"], "code");
    assert_eq!(
        twin.body["errors"][0]["detail"],
        "The code NEW1 is taken: choose another."
    );
    assert_eq!(
        app.count("select count(*) from projects where code = 'NEW1'"),
        1
    );
}

#[tokio::test]
async fn a_patch_changes_only_the_fields_given_at_the_version_read() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let p1 = format!("/projects/{}", id("c1"));
    let read = editor.get(&p1).await;
    let tag = read.etag();

    let renamed = editor
        .patch(&p1, &json!({"name": "Renamed", "hours_per_pm": 150}), &tag)
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["name"], "Renamed");
    assert_eq!(renamed.body["code"], "P1");
    assert_eq!(renamed.body["partners"], read.body["partners"]);
    assert_eq!(renamed.body["owner"], read.body["owner"]);
    assert_ne!(renamed.etag(), tag);
    assert_eq!(renamed.etag(), format!("\"{}\"", renamed.body["version"]));
    let stored = format!(
        "select count(*) from projects where id = '{}' and name = 'Renamed' and code = 'P1' \
         and hours_per_pm = 150 and duration_months = 24 and owner_org_id = '{}'",
        id("c1"),
        id("a2")
    );
    assert_eq!(app.count(&stored), 1);

    // The same PATCH twice at the version it answered: the same project.
    let again = editor
        .patch(&p1, &json!({"name": "Renamed"}), &renamed.etag())
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["name"], "Renamed");

    // Stale: 412 and nothing written; missing: 428.
    let stale = editor.patch(&p1, &json!({"name": "Lost"}), &tag).await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    let missing = editor
        .call(
            reqwest::Method::PATCH,
            &p1,
            Some(&json!({"name": "Lost"})),
            None,
        )
        .await;
    assert_eq!(missing.status, 428);
    assert_eq!(app.count(&stored), 1);

    // A refused field: the form's name and sentence, nothing written.
    let current = editor.get(&p1).await.etag();
    let refused = editor
        .patch(&p1, &json!({"name": "Lost", "duration": 0}), &current)
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["field"], "duration");
    assert_eq!(
        refused.body["errors"][0]["detail"],
        "Enter the duration in months, from 1 to 600."
    );
    assert_eq!(app.count(&stored), 1);
    // null clears the hours per PM.
    let cleared = editor
        .patch(&p1, &json!({"hours_per_pm": null}), &current)
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects where id = '{}' and hours_per_pm is null",
            id("c1")
        )),
        1
    );
}

#[tokio::test]
async fn the_lifecycle_state_is_set_as_the_form_sets_it_and_a_locking_state_locks() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let p1 = format!("/projects/{}", id("c1"));
    let tag = editor.get(&p1).await.etag();

    let unknown = editor
        .put(
            &format!("{p1}/lifecycle"),
            &json!({"state": "nonsense"}),
            &tag,
        )
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    assert_eq!(unknown.body["errors"][0]["field"], "lifecycle");
    assert_eq!(
        unknown.body["errors"][0]["detail"],
        "Choose a lifecycle state."
    );

    let running = editor
        .put(
            &format!("{p1}/lifecycle"),
            &json!({"state": "running"}),
            &tag,
        )
        .await;
    assert_eq!(running.status, 200, "{}", running.body);
    assert_eq!(running.body["lifecycle"], "running");
    assert_eq!(running.body["name"], "Owned by R1-A");
    let closed = editor
        .put(
            &format!("{p1}/lifecycle"),
            &json!({"state": "closed"}),
            &running.etag(),
        )
        .await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects p join lifecycle_states s on s.id = p.lifecycle_state_id \
             where p.id = '{}' and s.code = 'closed'",
            id("c1")
        )),
        1
    );
    // Closed locks the project: the editor may no longer change it, nor reopen it.
    let reopen = editor
        .put(
            &format!("{p1}/lifecycle"),
            &json!({"state": "running"}),
            &closed.etag(),
        )
        .await;
    assert_eq!(reopen.status, 403, "{}", reopen.body);
    assert!(
        reopen.body["detail"]
            .as_str()
            .unwrap()
            .contains("which locks it"),
        "{}",
        reopen.body
    );
    // A super-admin may.
    let super_admin = Api::new(&app, mint(&app, "super", "write"));
    let reopened = super_admin
        .put(
            &format!("{p1}/lifecycle"),
            &json!({"state": "running"}),
            &closed.etag(),
        )
        .await;
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    assert_eq!(reopened.body["lifecycle"], "running");

    // The locked P4: refused for the editor with the reason, and nothing changed.
    let p4 = format!("/projects/{}", id("c4"));
    let p4_tag = editor.get(&p4).await.etag();
    let locked = editor
        .put(
            &format!("{p4}/lifecycle"),
            &json!({"state": "running"}),
            &p4_tag,
        )
        .await;
    assert_eq!(locked.status, 403);
    assert_eq!(
        locked.body["detail"],
        "This project is locked; only super-admins may change it."
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects where id = '{}' and lifecycle_state_id is null",
            id("c4")
        )),
        1
    );
}

#[tokio::test]
async fn partners_are_listed_and_set_as_the_form_sets_them() {
    let app = app_with_fixture(&[]).await;
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let p1 = format!("/projects/{}", id("c1"));
    let listed = editor.all(&format!("{p1}/partners")).await;
    assert_eq!(field_values(&listed, "short_name"), ["R1-B"]);

    let tag = editor.get(&p1).await.etag();
    let set = editor
        .put(
            &format!("{p1}/partners"),
            &json!({"partners": [id("b1"), id("b2")]}),
            &tag,
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        field_values(set.body["partners"].as_array().unwrap(), "short_name"),
        ["R2", "R2-B"]
    );
    let listed = editor.all(&format!("{p1}/partners")).await;
    assert_eq!(field_values(&listed, "short_name"), ["R2", "R2-B"]);
    assert_eq!(
        app.count(&format!(
            "select count(*) from project_partners where project_id = '{}' \
             and organisation_id in ('{}', '{}')",
            id("c1"),
            id("b1"),
            id("b2")
        )),
        2
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from project_partners where project_id = '{}'",
            id("c1")
        )),
        2
    );
    // An organisation that does not exist: the form's sentence, nothing changed.
    let unknown = editor
        .put(
            &format!("{p1}/partners"),
            &json!({"partners": ["00000000-0000-0000-0000-00000000ffff"]}),
            &set.etag(),
        )
        .await;
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.body["errors"][0]["field"], "partners");
    assert_eq!(
        unknown.body["errors"][0]["detail"],
        "Choose existing organisations."
    );
    // Stale: nothing changed.
    let stale = editor
        .put(&format!("{p1}/partners"), &json!({"partners": []}), &tag)
        .await;
    assert_eq!(stale.status, 412);
    assert_eq!(
        app.count(&format!(
            "select count(*) from project_partners where project_id = '{}'",
            id("c1")
        )),
        2
    );
}

#[tokio::test]
async fn another_organisations_project_is_not_found_and_viewers_are_refused() {
    let app = app_with_fixture(&[]).await;
    let org_editor = Api::new(&app, mint(&app, "org-editor", "write"));
    let p3 = format!("/projects/{}", id("c3"));
    let patched = org_editor
        .patch(&p3, &json!({"name": "Taken over"}), "\"1\"")
        .await;
    assert_eq!(patched.status, 404, "{}", patched.body);
    assert_eq!(org_editor.get(&format!("{p3}/partners")).await.status, 404);
    let partners = org_editor
        .put(&format!("{p3}/partners"), &json!({"partners": []}), "\"1\"")
        .await;
    assert_eq!(partners.status, 404);
    // A project under another organisation: the form's refusal.
    let elsewhere = org_editor
        .post(
            "/projects",
            &json!({"code": "ELSE", "name": "Elsewhere", "poo": id("b1"), "start": "2027-01",
                    "duration": 12}),
        )
        .await;
    assert_eq!(elsewhere.status, 422, "{}", elsewhere.body);
    assert_eq!(elsewhere.body["errors"][0]["field"], "poo");
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects where id = '{}' and name = 'Owned by R2' \
             and version = 1",
            id("c3")
        )),
        1
    );
    assert_eq!(
        app.count("select count(*) from projects where code = 'ELSE'"),
        0
    );

    let viewer = Api::new(&app, mint(&app, "viewer", "write"));
    let p1 = format!("/projects/{}", id("c1"));
    let tag = viewer.get(&p1).await.etag();
    let refused = viewer.patch(&p1, &json!({"name": "Viewer"}), &tag).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(
        refused.body["detail"],
        "You have read-only access: ask an administrator for the editor role."
    );
    let created = viewer
        .post(
            "/projects",
            &json!({"code": "VIEW", "name": "Viewer's", "start": "2027-01", "duration": 12}),
        )
        .await;
    assert_eq!(created.status, 403);
    assert_eq!(
        app.count("select count(*) from projects where code = 'VIEW'"),
        0
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects where id = '{}' and name = 'Owned by R1-A'",
            id("c1")
        )),
        1
    );
}
