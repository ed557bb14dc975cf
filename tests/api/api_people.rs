//! The API's people (issue 22): persons through the people admin pages' commands, their working
//! time, and their capacity per month as the person page counts it.

use serde_json::{Value, json};

use crate::api_helpers::*;
use crate::helpers::*;
use crate::rls::id;

/// The person page and the Team tab are on (PERSON_CAPACITY_ENABLED).
const CAPACITY: &[(&str, &str)] = &[("PERSON_CAPACITY_ENABLED", "true")];

#[tokio::test]
async fn persons_are_created_changed_and_deleted_through_the_admin_commands() {
    let app = app_with_fixture(CAPACITY).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let created = admin
        .post(
            "/persons",
            &json!({"code": "ada@test", "first_name": "Ada", "last_name": "Lovelace",
                    "email": "ada@example.org", "organisation": id("a2"),
                    "employment_start": "2026-01-01"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let person = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        created.headers["location"].to_str().unwrap(),
        format!("/api/v1/persons/{person}")
    );
    assert_eq!(created.etag(), format!("\"{}\"", created.body["version"]));
    assert_eq!(created.body["organisation"], "R1-A");
    assert_eq!(created.body["employment_start"], "2026-01-01");
    assert_eq!(created.body["employment_end"], Value::Null);
    assert_eq!(
        app.count(&format!(
            "select count(*) from persons where id = '{person}' and code = 'ada@test' \
             and email = 'ada@example.org' and organisation_id = '{}'",
            id("a2")
        )),
        1
    );

    // PATCH changes only what it names; the read-back and the row agree.
    let path = format!("/persons/{person}");
    let tag = created.etag();
    let patched = admin
        .patch(&path, &json!({"last_name": "King", "email": null}), &tag)
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["first_name"], "Ada");
    assert_eq!(patched.body["last_name"], "King");
    assert_eq!(patched.body["email"], Value::Null);
    assert_ne!(patched.etag(), tag);
    let read = admin.get(&path).await;
    assert_eq!(read.body["last_name"], "King");
    assert_eq!(read.etag(), patched.etag());
    assert_eq!(
        app.count(&format!(
            "select count(*) from persons where id = '{person}' and last_name = 'King' \
             and first_name = 'Ada' and email is null"
        )),
        1
    );

    // The version read before the change is stale: 412 and nothing written.
    let stale = admin
        .patch(&path, &json!({"last_name": "Byron"}), &tag)
        .await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    assert_eq!(stale.body["code"], "precondition_failed");
    // Without If-Match: 428.
    let unnamed = admin
        .call(
            reqwest::Method::PATCH,
            &path,
            Some(&json!({"last_name": "Byron"})),
            None,
        )
        .await;
    assert_eq!(unnamed.status, 428);
    // A bad field: 422 naming it, with the form's sentence.
    let bad = admin
        .patch(&path, &json!({"email": "not an address"}), &patched.etag())
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(bad.body["errors"][0]["field"], "email");
    let bad_day = admin
        .patch(
            &path,
            &json!({"employment_end": "2025-01-01"}),
            &patched.etag(),
        )
        .await;
    assert_eq!(bad_day.status, 422);
    assert_eq!(bad_day.body["errors"][0]["field"], "employment_end");
    let unknown = admin
        .patch(&path, &json!({"nickname": "A"}), &patched.etag())
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        app.count(&format!(
            "select count(*) from persons where id = '{person}' and last_name = 'King' \
             and email is null and employment_end is null"
        )),
        1
    );
    // The same PATCH twice: the second changes nothing (same version).
    let again = admin
        .patch(&path, &json!({"last_name": "King"}), &patched.etag())
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(again.etag(), patched.etag());

    // DELETE needs the current version too.
    assert_eq!(admin.delete(&path, &tag).await.status, 412);
    assert_eq!(
        admin
            .call(reqwest::Method::DELETE, &path, None, None)
            .await
            .status,
        428
    );
    let deleted = admin.delete(&path, &patched.etag()).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(admin.get(&path).await.status, 404);
    assert_eq!(
        app.count(&format!(
            "select count(*) from persons where id = '{person}'"
        )),
        0
    );
}

#[tokio::test]
async fn an_org_scoped_token_sees_only_its_persons_and_only_admins_write() {
    let app = app_with_fixture(CAPACITY).await;
    // org-editor (R1-A): the persons of R1's tree (app.person_org_ids: the subtrees of the roots
    // of the user's organisations), as the RLS fixture lists them.
    let org_editor = Api::new(&app, mint(&app, "org-editor", "write"));
    let seen = org_editor.all("/persons").await;
    assert_eq!(field_values(&seen, "code"), ["pe1", "pe3", "pe5"]);
    let hidden = org_editor.get(&format!("/persons/{}", id("d2"))).await;
    assert_eq!(hidden.status, 404);
    assert_eq!(hidden.body["code"], "not_found");
    for path in [
        "capacity?from=2026-01&to=2026-03",
        "fte-periods",
        "leave",
        "memberships",
        "assignments",
    ] {
        let answer = org_editor
            .get(&format!("/persons/{}/{path}", id("d2")))
            .await;
        assert_eq!(answer.status, 404, "{path}: {}", answer.body);
    }
    let admin = Api::new(&app, mint(&app, "admin", "read"));
    assert_eq!(admin.all("/persons").await.len(), 5);

    // Not an administrator: 403 with the people pages' reason, nothing written.
    let pe1 = admin.get(&format!("/persons/{}", id("d1"))).await;
    let refused = org_editor
        .patch(
            &format!("/persons/{}", id("d1")),
            &json!({"last_name": "X"}),
            &pe1.etag(),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.body["code"], "forbidden");
    let viewer = Api::new(&app, mint(&app, "viewer", "write"));
    let refused = viewer
        .post(
            "/persons",
            &json!({"code": "v", "last_name": "V", "organisation": id("a2"),
                    "employment_start": "2026-01-01"}),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(!refused.body["detail"].as_str().unwrap().is_empty());
    let refused = viewer
        .delete(&format!("/persons/{}", id("d1")), &pe1.etag())
        .await;
    assert_eq!(refused.status, 403);
    // A read token never writes.
    let refused = admin
        .delete(&format!("/persons/{}", id("d1")), &pe1.etag())
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        app.count("select count(*) from persons where code = 'v'"),
        0
    );
    assert_eq!(
        app.count("select count(*) from persons where code = 'pe1' and last_name = 'X'"),
        0
    );
}

#[tokio::test]
async fn fte_periods_and_leave_are_added_and_removed_as_on_the_person_page() {
    let app = app_with_fixture(CAPACITY).await;
    let admin = Api::new(&app, mint(&app, "admin", "write"));
    let base = format!("/persons/{}", id("d1"));
    let periods = admin.all(&format!("{base}/fte-periods")).await;
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[0]["percent"], 80.0);

    let added = admin
        .post(
            &format!("{base}/fte-periods"),
            &json!({"start": "2027-01-01", "end": null, "percent": 60.5}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.body["start"], "2027-01-01");
    assert_eq!(added.body["percent"], 60.5);
    let row = added.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.count(&format!(
            "select count(*) from fte_periods where id = '{row}' and fte_percent = 60.5 \
             and start_date = '2027-01-01' and end_date is null"
        )),
        1
    );
    // PATCH changes what it names, at the row's version.
    let fte_path = format!("{base}/fte-periods/{row}");
    let changed = admin
        .patch(
            &fte_path,
            &json!({"end": "2027-12-31", "percent": 50}),
            &added.etag(),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["start"], "2027-01-01");
    assert_eq!(changed.body["end"], "2027-12-31");
    assert_eq!(changed.body["percent"], 50.0);
    assert_eq!(
        app.count(&format!(
            "select count(*) from fte_periods where id = '{row}' and fte_percent = 50 \
             and start_date = '2027-01-01' and end_date = '2027-12-31'"
        )),
        1
    );
    let stale = admin
        .patch(&fte_path, &json!({"percent": 10}), &added.etag())
        .await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    let missing = admin
        .call(
            reqwest::Method::PATCH,
            &fte_path,
            Some(&json!({"percent": 10})),
            None,
        )
        .await;
    assert_eq!(missing.status, 428);
    // Onto the fixture's period's first day: two periods would start together.
    let clash = admin
        .patch(&fte_path, &json!({"start": "2026-01-01"}), &changed.etag())
        .await;
    assert_eq!(clash.status, 422, "{}", clash.body);
    assert_eq!(clash.body["errors"][0]["field"], "start");
    assert_eq!(
        app.count(&format!(
            "select count(*) from fte_periods where id = '{row}' and fte_percent = 50 \
             and start_date = '2027-01-01'"
        )),
        1
    );
    let added = changed;

    // Bad input names its field; nothing written.
    let bad = admin
        .post(
            &format!("{base}/fte-periods"),
            &json!({"start": "2027-02-01", "percent": 101}),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["errors"][0]["field"], "percent");
    let bad = admin
        .post(
            &format!("{base}/fte-periods"),
            &json!({"start": "2027-02-01", "end": "2027-01-01", "percent": 50}),
        )
        .await;
    assert_eq!(bad.body["errors"][0]["field"], "end");
    assert_eq!(
        app.count(&format!(
            "select count(*) from fte_periods where person_id = '{}'",
            id("d1")
        )),
        2
    );

    let types = app.count("select count(*) from leave_types where code = 'VAC'");
    assert_eq!(types, 1);
    let vac = names(
        &mut app.owner_connection(),
        "select id::text as name from leave_types where code = 'VAC'",
    )
    .remove(0);
    let leave = admin
        .post(
            &format!("{base}/leave"),
            &json!({"leave_type": vac, "first_day": "2027-02-01", "last_day": "2027-02-05"}),
        )
        .await;
    assert_eq!(leave.status, 201, "{}", leave.body);
    assert_eq!(leave.body["leave_type"], "VAC");
    let leave_row = leave.body["id"].as_str().unwrap().to_string();
    assert_eq!(admin.all(&format!("{base}/leave")).await.len(), 2);

    let changed = admin
        .patch(
            &format!("{base}/leave/{leave_row}"),
            &json!({"last_day": "2027-02-12"}),
            &leave.etag(),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["first_day"], "2027-02-01");
    assert_eq!(changed.body["last_day"], "2027-02-12");
    assert_eq!(changed.body["leave_type"], "VAC");
    let bad = admin
        .patch(
            &format!("{base}/leave/{leave_row}"),
            &json!({"last_day": "2027-01-12"}),
            &changed.etag(),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["errors"][0]["field"], "last_day");
    assert_eq!(
        app.count(&format!(
            "select count(*) from leaves where id = '{leave_row}' and end_date = '2027-02-12'"
        )),
        1
    );
    let leave = changed;

    // Removal needs the row's version.
    let path = format!("{base}/leave/{leave_row}");
    assert_eq!(admin.delete(&path, "\"999\"").await.status, 412);
    assert_eq!(
        admin
            .call(reqwest::Method::DELETE, &path, None, None)
            .await
            .status,
        428
    );
    assert_eq!(admin.delete(&path, &leave.etag()).await.status, 204);
    assert_eq!(
        app.count(&format!(
            "select count(*) from leaves where id = '{leave_row}'"
        )),
        0
    );
    let path = format!("{base}/fte-periods/{row}");
    assert_eq!(admin.delete(&path, &added.etag()).await.status, 204);
    assert_eq!(
        app.count(&format!(
            "select count(*) from fte_periods where id = '{row}'"
        )),
        0
    );

    // Groups and memberships.
    let groups = admin.all("/employee-groups").await;
    assert!(field_values(&groups, "name").contains(&"Staff".to_string()));
    let memberships = admin.all(&format!("{base}/memberships")).await;
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0]["group_id"], id("e1"));
    assert_eq!(memberships[0]["valid_from"], "2020-01-01");
    let joined = admin
        .post(
            &format!("{base}/memberships"),
            &json!({"group": id("e1"), "valid_from": "2027-01-01"}),
        )
        .await;
    assert_eq!(joined.status, 201, "{}", joined.body);
    assert_eq!(joined.body["valid_from"], "2027-01-01");
    let membership = joined.body["id"].as_str().unwrap().to_string();
    let twice = admin
        .post(
            &format!("{base}/memberships"),
            &json!({"group": id("e1"), "valid_from": "2027-01-01"}),
        )
        .await;
    assert_eq!(twice.status, 422);
    assert_eq!(twice.body["errors"][0]["field"], "valid_from");
    assert_eq!(
        app.count(&format!(
            "select count(*) from employee_group_memberships where person_id = '{}'",
            id("d1")
        )),
        2
    );
    let path = format!("{base}/memberships/{membership}");
    assert_eq!(admin.delete(&path, &joined.etag()).await.status, 204);
    assert_eq!(
        app.count(&format!(
            "select count(*) from employee_group_memberships where id = '{membership}'"
        )),
        0
    );
}

#[tokio::test]
async fn capacity_per_month_is_the_person_pages() {
    let app = app_with_fixture(CAPACITY).await;
    let admin = Api::new(&app, mint(&app, "admin", "read"));
    let answer = admin
        .get(&format!(
            "/persons/{}/capacity?from=2026-06&to=2027-05",
            id("d1")
        ))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let months = answer.body["months"].as_array().unwrap().clone();
    assert_eq!(months.len(), 12);
    // The person page's download of the same twelve months (month, working days, hours, hours
    // per PM, PM, allocated, free).
    let csv = app
        .get_page(&format!("/people/{}?from=2026-06&format=csv", id("d1")))
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).take(12).collect();
    assert_eq!(rows.len(), 12, "{csv}");
    for (row, month) in rows.iter().zip(&months) {
        let cols: Vec<&str> = row.split(',').collect();
        let number = |i: usize| cols[i].parse::<f64>().unwrap();
        assert_eq!(month["month"], cols[0], "{row}");
        assert_eq!(
            month["working_days"],
            cols[1].parse::<u64>().unwrap(),
            "{row}"
        );
        assert_eq!(month["hours"], number(2), "{row}");
        assert_eq!(month["hours_per_pm"], number(3), "{row}");
        assert_eq!(month["pm"], number(4), "{row}");
        assert_eq!(month["allocated_pm"], number(5), "{row}");
        assert_eq!(month["free_pm"], number(6), "{row}");
    }
    // July has the fixture's leave; the capacity is not the same as June's.
    assert_ne!(months[0]["working_days"], months[1]["working_days"]);

    let bad = admin
        .get(&format!(
            "/persons/{}/capacity?from=2026-13&to=2027-05",
            id("d1")
        ))
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["errors"][0]["field"], "from");
    let bad = admin
        .get(&format!(
            "/persons/{}/capacity?from=2027-06&to=2027-05",
            id("d1")
        ))
        .await;
    assert_eq!(bad.body["errors"][0]["field"], "to");
    let bad = admin
        .get(&format!(
            "/persons/{}/capacity?from=2000-01&to=2027-05",
            id("d1")
        ))
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["errors"][0]["field"], "to");
}
