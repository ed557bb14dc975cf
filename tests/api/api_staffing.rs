//! The API's staffing (issue 22): assignments through the Team tab's commands and the
//! allocation grid's overrides, with the grid form's plan version as `If-Match`.

use serde_json::{Value, json};

use crate::api_helpers::*;
use crate::helpers::*;
use crate::rls::id;

/// The person page and the Team tab are on (PERSON_CAPACITY_ENABLED).
const CAPACITY: &[(&str, &str)] = &[("PERSON_CAPACITY_ENABLED", "true")];

fn fixed_group(app: &TestApp) -> String {
    names(
        &mut app.owner_connection(),
        "select id::text as name from allocation_groups where code = 'fixed'",
    )
    .remove(0)
}

#[tokio::test]
async fn assignments_are_added_changed_and_removed_as_on_the_team_tab() {
    let app = app_with_fixture(CAPACITY).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let p1 = id("c1");
    let group = fixed_group(&app);
    let listed = admin.all(&format!("/projects/{p1}/assignments")).await;
    assert_eq!(field_values(&listed, "person_id"), [id("d4")]);
    assert_eq!(
        listed[0]["overrides"],
        json!([{"month": "2026-03", "pm": 0.4}])
    );

    let created = admin
        .post(
            &format!("/projects/{p1}/assignments"),
            &json!({"person": id("d1"), "percent": 40, "group": group,
                    "start": "2027-01", "end": "2027-06"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let assignment = created.body["id"].as_str().unwrap().to_string();
    let path = format!("/projects/{p1}/assignments/{assignment}");
    assert_eq!(
        created.headers["location"].to_str().unwrap(),
        format!("/api/v1{path}")
    );
    assert_eq!(created.body["allocation_percent"], 40.0);
    assert_eq!(created.body["start_month"], "2027-01");
    assert_eq!(
        app.count(&format!(
            "select count(*) from assignments where id = '{assignment}' and person_id = '{}' \
             and allocation_percent = 40 and start_month = '2027-01-01' and end_month = '2027-06-01'",
            id("d1")
        )),
        1
    );
    let of_person = admin
        .all(&format!("/persons/{}/assignments", id("d1")))
        .await;
    assert!(field_values(&of_person, "id").contains(&assignment));

    // Bad fields are named by the form's names, nothing written.
    let bad = admin
        .post(
            &format!("/projects/{p1}/assignments"),
            &json!({"person": id("d1"), "percent": 140, "group": group,
                    "start": "2027-01", "end": "2031-06"}),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["percent", "end"]);
    assert_eq!(
        app.count(&format!(
            "select count(*) from assignments where project_id = '{p1}'"
        )),
        2
    );

    // PATCH: partial, needs the assignment's version; stale 412, missing 428.
    let tag = created.etag();
    let patched = admin.patch(&path, &json!({"percent": 25.5}), &tag).await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["allocation_percent"], 25.5);
    assert_eq!(patched.body["end_month"], "2027-06");
    assert_eq!(admin.get(&path).await.body["allocation_percent"], 25.5);
    assert_eq!(
        app.count(&format!(
            "select count(*) from assignments where id = '{assignment}' and allocation_percent = 25.5"
        )),
        1
    );
    let stale = admin.patch(&path, &json!({"percent": 90}), &tag).await;
    assert_eq!(stale.status, 412);
    let missing = admin
        .call(
            reqwest::Method::PATCH,
            &path,
            Some(&json!({"percent": 90})),
            None,
        )
        .await;
    assert_eq!(missing.status, 428);
    let bad = admin
        .patch(&path, &json!({"start": "2027-13"}), &patched.etag())
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["errors"][0]["field"], "start");
    assert_eq!(
        app.count(&format!(
            "select count(*) from assignments where id = '{assignment}' and allocation_percent = 25.5 \
             and start_month = '2027-01-01'"
        )),
        1
    );

    // DELETE with the current version.
    assert_eq!(admin.delete(&path, &tag).await.status, 412);
    assert_eq!(admin.delete(&path, &patched.etag()).await.status, 204);
    assert_eq!(admin.get(&path).await.status, 404);
    assert_eq!(
        app.count(&format!(
            "select count(*) from assignments where id = '{assignment}'"
        )),
        0
    );
}

#[tokio::test]
async fn staffing_follows_visibility_and_the_policy() {
    let app = app_with_fixture(CAPACITY).await;
    let group = fixed_group(&app);
    let org_editor = Api::new(&app, mint(&app, "org-editor", "write"));
    // P3 belongs to R2: not there for R1-A.
    for path in ["assignments", "allocations"] {
        let answer = org_editor
            .get(&format!("/projects/{}/{path}", id("c3")))
            .await;
        assert_eq!(answer.status, 404, "{path}");
    }
    let p1 = org_editor
        .all(&format!("/projects/{}/assignments", id("c1")))
        .await;
    assert_eq!(p1.len(), 1);
    // A person the user cannot see cannot be assigned.
    let hidden = org_editor
        .post(
            &format!("/projects/{}/assignments", id("c1")),
            &json!({"person": id("d2"), "percent": 10, "group": group,
                    "start": "2027-01", "end": "2027-02"}),
        )
        .await;
    assert_eq!(hidden.status, 422, "{}", hidden.body);
    assert_eq!(hidden.body["errors"][0]["field"], "person");

    // The viewer may look but not change: 403 with the reason.
    let viewer = Api::new(&app, mint(&app, "viewer", "write"));
    let refused = viewer
        .post(
            &format!("/projects/{}/assignments", id("c1")),
            &json!({"person": id("d1"), "percent": 10, "group": group,
                    "start": "2027-01", "end": "2027-02"}),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(!refused.body["detail"].as_str().unwrap().is_empty());
    // A locked project refuses even an administrator, with the lock's sentence.
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let grid = admin
        .get(&format!("/projects/{}/allocations", id("c4")))
        .await;
    assert_eq!(grid.status, 200);
    let row = &grid.body["rows"][0];
    let locked = admin
        .patch(
            &format!("/projects/{}/allocations", id("c4")),
            &json!({"cells": [{"assignment_id": row["assignment_id"], "month": "2026-11", "pm": 0.1}]}),
            &grid.etag(),
        )
        .await;
    assert_eq!(locked.status, 403, "{}", locked.body);
    assert_eq!(
        app.count(&format!(
            "select count(*) from allocation_overrides where project_id = '{}'",
            id("c4")
        )),
        1
    );
    assert_eq!(
        app.count("select count(*) from assignments where allocation_percent = 10"),
        0
    );
}

/// The value of the Team tab's grid input `name`.
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!(
        "class=\"cell\" type=\"text\" inputmode=\"decimal\" name=\"{name}\""
    ))?;
    let rest = &html[at..];
    let value = rest.split("value=\"").nth(1)?;
    Some(value.split('"').next()?.to_string())
}

#[tokio::test]
async fn an_override_set_through_the_api_is_what_the_team_tab_shows() {
    let app = app_with_fixture(CAPACITY).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let p1 = id("c1");
    let created = admin
        .post(
            &format!("/projects/{p1}/assignments"),
            &json!({"person": id("d1"), "percent": 50, "group": fixed_group(&app),
                    "start": "2027-01", "end": "2027-06"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let assignment = created.body["id"].as_str().unwrap().to_string();
    let grid = admin
        .get(&format!(
            "/projects/{p1}/allocations?from=2027-01&to=2027-12"
        ))
        .await;
    assert_eq!(grid.status, 200, "{}", grid.body);
    let row = grid.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["assignment_id"] == assignment.as_str())
        .unwrap()
        .clone();
    let cells = row["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 6);
    assert_eq!(cells[2]["month"], "2027-03");
    assert_eq!(cells[2]["override"], false);
    let version = grid.etag();

    let path = format!("/projects/{p1}/allocations");
    let set = json!({"cells": [{"assignment_id": assignment, "month": "2027-03", "pm": 0.7}]});
    assert_eq!(
        admin
            .call(reqwest::Method::PATCH, &path, Some(&set), None)
            .await
            .status,
        428
    );
    let saved = admin.patch(&path, &set, &version).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_ne!(saved.etag(), version);
    let cell = |grid: &Value| -> Value {
        grid["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["assignment_id"] == assignment.as_str())
            .unwrap()["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["month"] == "2027-03")
            .unwrap()
            .clone()
    };
    assert_eq!(
        cell(&saved.body),
        json!({"month": "2027-03", "pm": 0.7, "override": true})
    );
    assert_eq!(
        app.count(&format!(
            "select count(*) from allocation_overrides where assignment_id = '{assignment}' \
             and month = '2027-03-01' and pm = 0.7"
        )),
        1
    );
    // The Team tab shows the same value in the same cell (project month 15 = 2027-03).
    let html = app
        .get_page(&format!(
            "/projects/{p1}/team?from=2027-01&months=12&unit=pm"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        input_value(&html, &format!("c.{assignment}.15")).as_deref(),
        Some("0.7"),
        "{html}"
    );

    // The same PATCH again with the new version changes nothing; with the old one it is 412.
    let again = admin.patch(&path, &set, &saved.etag()).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.etag(), saved.etag());
    let stale = admin
        .patch(
            &path,
            &json!({"cells": [{"assignment_id": assignment, "month": "2027-03", "pm": 0.2}]}),
            &version,
        )
        .await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    // A value that is no PM names its field; a month outside the project too.
    let bad = admin
        .patch(
            &path,
            &json!({"cells": [{"assignment_id": assignment, "month": "2027-03", "pm": 9}]}),
            &saved.etag(),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["errors"][0]["field"], "pm");
    let bad = admin
        .patch(
            &path,
            &json!({"cells": [{"assignment_id": assignment, "month": "2030-03", "pm": 0.1}]}),
            &saved.etag(),
        )
        .await;
    assert_eq!(bad.body["errors"][0]["field"], "month");
    assert_eq!(
        app.count(&format!(
            "select count(*) from allocation_overrides where assignment_id = '{assignment}' and pm = 0.7"
        )),
        1
    );

    // Clearing: back to capacity × %.
    let cleared = admin
        .patch(
            &path,
            &json!({"cells": [{"assignment_id": assignment, "month": "2027-03", "pm": null}]}),
            &saved.etag(),
        )
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert_eq!(cell(&cleared.body)["override"], false);
    assert_eq!(cell(&cleared.body), cells[2]);
    assert_eq!(
        app.count(&format!(
            "select count(*) from allocation_overrides where assignment_id = '{assignment}'"
        )),
        0
    );
}

#[tokio::test]
async fn an_assignment_shows_and_changes_its_status_and_a_project_its_win_probability() {
    let app = app_with_fixture(CAPACITY).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let p1 = id("c1");
    let group = fixed_group(&app);
    let created = admin
        .post(
            &format!("/projects/{p1}/assignments"),
            &json!({"person": id("d1"), "percent": 40, "group": group,
                    "start": "2027-01", "end": "2027-06", "status": "tentative"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "tentative");
    let assignment = created.body["id"].as_str().unwrap().to_string();
    let stored = |app: &TestApp| {
        app.count(&format!(
            "select count(*) from assignments where id = '{assignment}' and tentative"
        ))
    };
    assert_eq!(stored(&app), 1);
    let path = format!("/projects/{p1}/assignments/{assignment}");
    let tag = admin.get(&path).await.etag();
    let refused = admin.patch(&path, &json!({"status": "maybe"}), &tag).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["field"], "status");
    assert_eq!(stored(&app), 1);
    let patched = admin
        .patch(&path, &json!({"status": "confirmed"}), &tag)
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["status"], "confirmed");
    assert_eq!(stored(&app), 0);
    assert_eq!(admin.get(&path).await.body["status"], "confirmed");

    // A project's own win probability: null (the state's) until set; out of range refused.
    let project = format!("/projects/{p1}");
    let read = admin.get(&project).await;
    assert_eq!(read.body["win_probability"], Value::Null, "{}", read.body);
    let refused = admin
        .patch(&project, &json!({"win_probability": 101}), &read.etag())
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let patched = admin
        .patch(&project, &json!({"win_probability": 70}), &read.etag())
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["win_probability"], 70);
    assert_eq!(patched.body["effective_probability"], 70);
    assert_eq!(
        app.count(&format!(
            "select count(*) from projects where id = '{p1}' and win_probability = 70"
        )),
        1
    );
}
