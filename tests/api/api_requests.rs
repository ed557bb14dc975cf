//! Capacity requests and lookups through the API (issue 22): asking, accepting, rejecting and
//! withdrawing with the pages' commands, Policy and sentences; the request's version in
//! `If-Match`; what each token's user sees; organisations and lookups.
//!
//! Fixture (tests/api/rls.rs): P1 is owned by R1-A and asks R1-B; P3 (R2) asks R2-B; P4 (R1-B,
//! locked) asks R1-A. org-editor edits for R1-A, org-viewer views for R2.

use serde_json::{Value, json};

use crate::api_helpers::*;
use crate::helpers::*;
use crate::rls::id;

async fn app() -> TestApp {
    app_with_fixture(&[("CAPACITY_REQUESTS_ENABLED", "true")]).await
}

/// The task of the fixture project `project` (each has one, 1.1).
fn task_of(app: &TestApp, project: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!(
            "select id::text as name from tasks where project_id = '{}'",
            id(project)
        ),
    )
    .remove(0)
}

/// The id of the fixture request of `project`.
fn request_of(app: &TestApp, project: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!(
            "select id::text as name from capacity_requests where project_id = '{}'",
            id(project)
        ),
    )
    .remove(0)
}

fn ask_body(app: &TestApp, receiving: &str, month: &str, pm: f64) -> Value {
    json!({
        "project_id": id("c1"),
        "receiving_org": id(receiving),
        "message": "Two analysts, please",
        "cells": [{"task_id": task_of(app, "c1"), "month": month, "pm": pm}],
    })
}

/// The database's time now, as `modified_since` takes it.
fn db_now(app: &TestApp) -> String {
    names(
        &mut app.owner_connection(),
        "select to_char(clock_timestamp() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') as name",
    )
    .remove(0)
}

async fn decide(api: &Api<'_>, path: &str, comment: &str, if_match: Option<&str>) -> Answer {
    api.call(
        reqwest::Method::POST,
        path,
        Some(&json!({"comment": comment})),
        if_match,
    )
    .await
}

#[tokio::test]
async fn a_request_asked_through_the_api_is_accepted_only_by_the_receiving_side() {
    let app = app().await;
    let asker = Api::new(&app, mint(&app, "org-editor", "write"));
    let asked = asker
        .post("/capacity-requests", &ask_body(&app, "a4", "2027-03", 1.5))
        .await;
    assert_eq!(asked.status, 201, "{}", asked.body);
    assert_eq!(asked.etag(), "\"1\"");
    let rid = asked.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        asked.headers["location"].to_str().unwrap(),
        format!("/api/v1/capacity-requests/{rid}")
    );
    assert_eq!(asked.body["state"], "pending");
    assert_eq!(asked.body["receiving_org"]["code"], "R1-B");
    assert_eq!(asked.body["requesting_org"]["code"], "R1-A");
    assert_eq!(asked.body["message"], "Two analysts, please");
    assert_eq!(asked.body["total_pm"], 1.5);
    assert_eq!(asked.body["lines"][0]["month"], "2027-03");
    assert_eq!(asked.body["lines"][0]["project_month"], 15);
    assert_eq!(asked.body["may_withdraw"], true);
    assert_eq!(asked.body["may_decide"], false);
    assert_eq!(
        app.count(&format!(
            "select count(*) from capacity_request_lines l join capacity_requests r on r.id = l.capacity_request_id
             where r.id = '{rid}' and r.state = 'pending' and r.requesting_org_id = '{}' and r.receiving_org_id = '{}'
               and l.month = date '2027-03-01' and l.pm = 1.5",
            id("a2"),
            id("a4")
        )),
        1
    );
    assert_eq!(
        app.count(&format!("select count(*) from audit_log where entity_type = 'capacity_request' and action = 'create' and entity_id = '{rid}'")),
        1
    );
    let path = format!("/capacity-requests/{rid}/accept");
    let version_before = app.count(&format!(
        "select version as count from projects where id = '{}'",
        id("c1")
    ));

    // The asking side and an editor of no organisation may not decide: 403 with the reason.
    for user in ["org-editor", "editor"] {
        let api = Api::new(&app, mint(&app, user, "write"));
        let refused = decide(&api, &path, "", Some("\"1\"")).await;
        assert_eq!(refused.status, 403, "{user}: {}", refused.body);
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap()
                .contains("Only editors of R1-B"),
            "{}",
            refused.body
        );
    }
    // A read token may not write at all.
    let reader = Api::new(&app, mint(&app, "admin", "read"));
    assert_eq!(decide(&reader, &path, "", Some("\"1\"")).await.status, 403);
    // If-Match is required.
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    assert_eq!(decide(&admin, &path, "", None).await.status, 428);
    assert_eq!(
        app.count(&format!(
            "select count(*) from capacity_requests where id = '{rid}' and state = 'pending'"
        )),
        1
    );

    let accepted = decide(&admin, &path, "Fine", Some("\"1\"")).await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.etag(), "\"2\"");
    assert_eq!(accepted.body["state"], "accepted");
    assert_eq!(accepted.body["response_comment"], "Fine");
    assert_eq!(accepted.body["decided_by"], "admin");
    assert_eq!(
        app.count(&format!(
            "select count(*) from capacity_demand where project_id = '{}' and task_id = '{}' and organisation_id = '{}'
             and month = date '2027-03-01' and series = 'EST' and pm = 1.5",
            id("c1"),
            task_of(&app, "c1"),
            id("a4")
        )),
        1
    );
    assert!(
        app.count(&format!(
            "select version as count from projects where id = '{}'",
            id("c1")
        )) > version_before
    );
    let read = asker.get(&format!("/capacity-requests/{rid}")).await;
    assert_eq!(read.body["state"], "accepted");
    assert_eq!(read.etag(), "\"2\"");

    // Decided meanwhile: 412 with the version read before, and nothing changes.
    let demand = app.count("select count(*) from capacity_demand");
    for tag in ["\"1\"", "\"2\""] {
        let again = decide(&admin, &path, "", Some(tag)).await;
        assert_eq!(again.status, 412, "{tag}: {}", again.body);
    }
    let late = decide(
        &asker,
        &format!("/capacity-requests/{rid}/withdraw"),
        "",
        Some("\"1\""),
    )
    .await;
    assert_eq!(late.status, 412);
    assert_eq!(app.count("select count(*) from capacity_demand"), demand);
    assert_eq!(
        app.count(&format!("select count(*) from capacity_requests where id = '{rid}' and state = 'accepted' and response_comment = 'Fine'")),
        1
    );
}

#[tokio::test]
async fn rejecting_needs_a_reason_and_withdrawing_is_the_asking_sides() {
    let app = app().await;
    let asker = Api::new(&app, mint(&app, "org-editor", "write"));
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let first = asker
        .post("/capacity-requests", &ask_body(&app, "a4", "2027-04", 2.0))
        .await;
    let second = asker
        .post("/capacity-requests", &ask_body(&app, "a1", "2027-05", 0.5))
        .await;
    assert_eq!((first.status, second.status), (201, 201));
    let (first, second) = (
        first.body["id"].as_str().unwrap().to_string(),
        second.body["id"].as_str().unwrap().to_string(),
    );

    let reject = format!("/capacity-requests/{first}/reject");
    let no_reason = decide(&admin, &reject, "  ", Some("\"1\"")).await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.body);
    assert_eq!(no_reason.body["errors"][0]["field"], "comment");
    assert!(
        no_reason.body["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("why you reject")
    );
    let rejected = decide(&admin, &reject, "No one free", Some("\"1\"")).await;
    assert_eq!(rejected.status, 200, "{}", rejected.body);
    assert_eq!(rejected.body["state"], "rejected");
    assert_eq!(
        app.count(&format!("select count(*) from capacity_requests where id = '{first}' and state = 'rejected' and response_comment = 'No one free'")),
        1
    );

    // Only those who may change the project withdraw: the org-viewer of R2 cannot see it at all.
    let withdraw = format!("/capacity-requests/{second}/withdraw");
    let stranger = Api::new(&app, mint(&app, "org-viewer", "write"));
    assert_eq!(
        decide(&stranger, &withdraw, "", Some("\"1\"")).await.status,
        404
    );
    let viewer = Api::new(&app, mint(&app, "viewer", "write"));
    let refused = decide(&viewer, &withdraw, "", Some("\"1\"")).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body["detail"].as_str().unwrap().contains("P1"),
        "{}",
        refused.body
    );
    let withdrawn = decide(&asker, &withdraw, "Found people", Some("\"1\"")).await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
    assert_eq!(withdrawn.body["state"], "withdrawn");
    assert_eq!(
        app.count(&format!("select count(*) from capacity_requests where id = '{second}' and state = 'withdrawn' and decided_by = '{}'", id("f5"))),
        1
    );
    assert_eq!(
        app.count(&format!("select count(*) from audit_log where entity_type = 'capacity_request' and entity_id = '{second}' and after->>'state' = 'withdrawn'")),
        1
    );
}

#[tokio::test]
async fn refused_requests_name_the_field_and_store_nothing() {
    let app = app().await;
    let asker = Api::new(&app, mint(&app, "org-editor", "write"));
    let before = app.count("select count(*) from capacity_requests");
    // Another legal entity, a past month, an unreadable month, a negative amount.
    let cases = [
        (ask_body(&app, "b1", "2027-03", 1.0), "receiving_org"),
        (ask_body(&app, "a4", "2026-05", 1.0), "cells"),
        (ask_body(&app, "a4", "2027-13", 1.0), "cells"),
        (ask_body(&app, "a4", "2027-03", -1.0), "cells"),
        (ask_body(&app, "a4", "2029-03", 1.0), "cells"),
    ];
    for (body, field) in cases {
        let refused = asker.post("/capacity-requests", &body).await;
        assert_eq!(refused.status, 422, "{body}: {}", refused.body);
        assert_eq!(
            refused.body["errors"][0]["field"], field,
            "{}",
            refused.body
        );
    }
    let mut twice = ask_body(&app, "a4", "2027-03", 1.0);
    let cell = twice["cells"][0].clone();
    twice["cells"].as_array_mut().unwrap().push(cell);
    assert_eq!(asker.post("/capacity-requests", &twice).await.status, 422);
    // A project the user cannot see, an unknown field.
    let mut hidden = ask_body(&app, "a4", "2027-03", 1.0);
    hidden["project_id"] = json!(id("c3"));
    assert_eq!(asker.post("/capacity-requests", &hidden).await.status, 404);
    let mut unknown = ask_body(&app, "a4", "2027-03", 1.0);
    unknown["priority"] = json!("high");
    assert_eq!(asker.post("/capacity-requests", &unknown).await.status, 400);
    // A viewer may not ask.
    let viewer = Api::new(&app, mint(&app, "viewer", "write"));
    assert_eq!(
        viewer
            .post("/capacity-requests", &ask_body(&app, "a4", "2027-03", 1.0))
            .await
            .status,
        403
    );
    assert_eq!(app.count("select count(*) from capacity_requests"), before);
}

#[tokio::test]
async fn each_token_lists_the_requests_its_user_sees() {
    let app = app().await;
    let codes = |items: &[Value]| -> Vec<String> {
        let mut codes: Vec<String> = items
            .iter()
            .map(|i| i["project"]["code"].as_str().unwrap().to_string())
            .collect();
        codes.sort();
        codes
    };
    let admin = Api::new(&app, mint(&app, "admin", "read"));
    assert_eq!(
        codes(&admin.all("/capacity-requests?limit=1").await),
        ["P1", "P3", "P4"]
    );
    // R1-A's editor: P1's (its project) and P4's (asked of R1-A), not R2's.
    let org_editor = Api::new(&app, mint(&app, "org-editor", "read"));
    let seen = org_editor.all("/capacity-requests").await;
    assert_eq!(codes(&seen), ["P1", "P4"]);
    let p4 = seen.iter().find(|r| r["project"]["code"] == "P4").unwrap();
    assert_eq!(p4["may_decide"], true);
    let hidden = request_of(&app, "c3");
    assert_eq!(
        org_editor
            .get(&format!("/capacity-requests/{hidden}"))
            .await
            .status,
        404
    );
    let org_viewer = Api::new(&app, mint(&app, "org-viewer", "read"));
    assert_eq!(codes(&org_viewer.all("/capacity-requests").await), ["P3"]);

    let one = org_editor
        .get(&format!("/capacity-requests/{}", request_of(&app, "c4")))
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.etag(), "\"1\"");
    assert_eq!(one.body["lines"][0]["month"], "2026-05");
    assert_eq!(one.body["lines"][0]["pm"], 1.0);

    // Filters and incremental sync.
    let pending = admin
        .all(&format!(
            "/capacity-requests?state=pending&project={}",
            id("c1")
        ))
        .await;
    assert_eq!(codes(&pending), ["P1"]);
    assert_eq!(
        admin.get("/capacity-requests?state=maybe").await.status,
        422
    );
    let since = db_now(&app);
    app.sql(&format!(
        "update capacity_requests set message = 'changed' where project_id = '{}'",
        id("c3")
    ));
    let changed = admin
        .all(&format!("/capacity-requests?modified_since={since}"))
        .await;
    assert_eq!(codes(&changed), ["P3"]);
    let future = admin
        .all("/capacity-requests?modified_since=2999-01-01T00:00:00Z")
        .await;
    assert!(future.is_empty());
}

#[tokio::test]
async fn capacity_requests_are_not_there_when_turned_off() {
    let app = app_with_fixture(&[]).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    assert_eq!(admin.get("/capacity-requests").await.status, 404);
    let rid = request_of(&app, "c1");
    assert_eq!(
        admin.get(&format!("/capacity-requests/{rid}")).await.status,
        404
    );
    let accept = decide(
        &admin,
        &format!("/capacity-requests/{rid}/accept"),
        "",
        Some("\"1\""),
    )
    .await;
    assert_eq!(accept.status, 404);
    assert_eq!(
        app.count("select count(*) from capacity_requests where state = 'pending'"),
        3
    );
}

#[tokio::test]
async fn organisations_and_lookups_are_readable_by_every_user() {
    let app = app().await;
    let org_viewer = Api::new(&app, mint(&app, "org-viewer", "read"));
    let orgs = org_viewer.all("/organisations?limit=2").await;
    assert_eq!(
        field_values(&orgs, "short_name"),
        ["R1", "R1-A", "R1-A-X", "R1-B", "R2", "R2-B"]
    );
    let r1a = orgs.iter().find(|o| o["short_name"] == "R1-A").unwrap();
    assert_eq!(r1a["parent_id"], id("a1"));
    assert_eq!(r1a["name"], "R1 child A");
    assert!(r1a["version"].as_i64().unwrap() >= 1);

    let lookups = org_viewer.get("/lookups").await;
    assert_eq!(lookups.status, 200, "{}", lookups.body);
    let closed = lookups.body["lifecycle_states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "closed")
        .unwrap()
        .clone();
    assert_eq!(closed["locks"], true);
    assert_eq!(closed["pipeline"], false);
    let groups = &lookups.body["allocation_groups"];
    assert!(
        groups
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["code"] == "fixed")
    );
    assert!(
        lookups.body["leave_types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["code"] == "VAC")
    );
    assert_eq!(lookups.body["employee_groups"][0]["name"], "Staff");
    for list in [
        "role_types",
        "deliverable_types",
        "dissemination_levels",
        "calendars",
    ] {
        assert!(lookups.body[list].is_array(), "{list}");
    }
    // Seeded names in the reader's language; what people typed as typed.
    let finnish = Api::new(&app, mint(&app, "org-viewer", "read"));
    let fi = finnish
        .app
        .client
        .get(app.url("/api/v1/lookups"))
        .bearer_auth(&finnish.token)
        .header("Accept-Language", "fi")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let vac = fi["leave_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "VAC")
        .unwrap()
        .clone();
    assert_eq!(vac["name"], "Vacation");
    assert_ne!(vac["label"], "Vacation");
    assert_eq!(fi["employee_groups"][0]["label"], "Staff");

    // What changed since: nothing yet, then the renamed state.
    assert!(lookups.body["sync_from"].is_string());
    let since = db_now(&app);
    let later = org_viewer
        .get("/lookups?modified_since=2999-01-01T00:00:00Z")
        .await;
    assert!(
        later.body["lifecycle_states"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    app.sql("update lifecycle_states set name = 'Finished' where code = 'closed'");
    let changed = org_viewer
        .get(&format!("/lookups?modified_since={since}"))
        .await;
    assert_eq!(
        field_values(changed.body["lifecycle_states"].as_array().unwrap(), "name"),
        ["Finished"]
    );
    // Read-only.
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    assert_eq!(admin.post("/lookups", &json!({})).await.status / 100, 4);
}

#[tokio::test]
async fn the_description_documents_requests_and_lookups() {
    let app = app().await;
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/capacity-requests", "get"),
        ("/api/v1/capacity-requests", "post"),
        ("/api/v1/capacity-requests/{id}", "get"),
        ("/api/v1/capacity-requests/{id}/accept", "post"),
        ("/api/v1/capacity-requests/{id}/reject", "post"),
        ("/api/v1/capacity-requests/{id}/withdraw", "post"),
        ("/api/v1/organisations", "get"),
        ("/api/v1/lookups", "get"),
    ] {
        let op = &paths[path][method];
        assert!(op.is_object(), "{method} {path}");
        assert!(
            op["responses"]["404"].is_object() || path.ends_with("s"),
            "{path}"
        );
    }
    let accept = &paths["/api/v1/capacity-requests/{id}/accept"]["post"];
    assert!(
        accept["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "If-Match" && p["in"] == "header")
    );
    for status in ["200", "412", "428"] {
        assert!(accept["responses"][status].is_object(), "{status}");
    }
    assert!(paths["/api/v1/capacity-requests"]["get"]["responses"]["404"].is_object());
    assert!(doc["components"]["schemas"]["CapacityRequestDetail"].is_object());
}
