//! `/api/v1/projects/{id}/demand` (issue 22): a project's demand read as rows and as the
//! capacity grid, and changed by PATCH through the capacity page's save, with its refusals.

use chrono::{Datelike, Months, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::api_helpers::*;
use crate::helpers::*;
use crate::rls::id;

/// The month `offset` months from this one, `YYYY-MM`.
fn month(offset: i32) -> String {
    let today = Utc::now().date_naive();
    let this = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let shifted = if offset >= 0 {
        this.checked_add_months(Months::new(offset as u32))
    } else {
        this.checked_sub_months(Months::new((-offset) as u32))
    };
    shifted.unwrap().format("%Y-%m").to_string()
}

/// The fixture with P1 starting last month (M1 is history, M2 = this month is open) and its
/// EST cell (1.5 PM, task 1.1, R1-A) in this month, whatever today is.
async fn app_with_p1_now() -> TestApp {
    let app = app_with_fixture(&[]).await;
    app.sql(&format!(
        "update projects set start_month = (date_trunc('month', now()) - interval '1 month')::date
           where id = '{p1}';
         update capacity_demand set month = date_trunc('month', now())::date where project_id = '{p1}';",
        p1 = id("c1")
    ));
    app
}

/// P1's EST demand in the database, in milli-PM, and how many cells hold it.
fn est_in_db(app: &TestApp) -> (i64, i64) {
    let where_ = format!(
        "from capacity_demand where project_id = '{}' and series = 'EST'",
        id("c1")
    );
    (
        app.count(&format!(
            "select coalesce(sum(pm) * 1000, 0)::bigint as count {where_}"
        )),
        app.count(&format!("select count(*) {where_}")),
    )
}

fn p1_version(app: &TestApp) -> i64 {
    app.count(&format!(
        "select version as count from projects where id = '{}'",
        id("c1")
    ))
}

fn cell(task: &str, org: &str, month: &str, pm: Value) -> Value {
    json!({"task_id": task, "organisation_id": org, "month": month, "series": "EST", "pm": pm})
}

/// P1's task 1.1.
fn p1_task(app: &TestApp) -> String {
    crate::team::one(
        app,
        &format!(
            "select id::text as name from tasks where project_id = '{}'",
            id("c1")
        ),
    )
}

fn demand_path() -> String {
    format!("/projects/{}/demand", id("c1"))
}

#[tokio::test]
async fn exported_demand_edited_and_patched_back_gives_the_capacity_pages_totals() {
    let app = app_with_p1_now().await;
    let api = Api::new(&app, mint(&app, "editor", "write"));
    let (r1a, r1b) = (id("a2"), id("a4"));

    // Export: the rows and the grid say what is stored, the ETag is the plan version.
    let rows = api.get(&format!("{}?series=EST", demand_path())).await;
    assert_eq!(rows.status, 200, "{}", rows.body);
    assert_eq!(rows.etag(), format!("\"{}\"", p1_version(&app)));
    let items = rows.body["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["task_number"], "1.1");
    assert_eq!(items[0]["organisation_id"], r1a);
    assert_eq!(items[0]["organisation_short_name"], "R1-A");
    assert_eq!(items[0]["month"], month(0));
    assert_eq!(items[0]["series"], "EST");
    assert_eq!(items[0]["pm"], 1.5);
    let grid = api
        .get(&format!("{}?series=EST&shape=grid", demand_path()))
        .await;
    assert_eq!(grid.status, 200, "{}", grid.body);
    assert_eq!(grid.body["grand_total"], 1.5);
    assert_eq!(grid.body["months"].as_array().unwrap().len(), 24);
    assert_eq!(grid.body["rows"][0]["pm"][month(0)], 1.5);
    assert_eq!(grid.body["monthly_totals"][month(0)], 1.5);
    assert_eq!(grid.body["monthly_totals"][month(1)], 0.0);

    // Edit: the exported cell changed, a new row's cell added, then sent back.
    let task = items[0]["task_id"].as_str().unwrap().to_string();
    let before = p1_version(&app);
    let edited = json!({"cells": [
        cell(&task, &r1a, &month(0), json!(2.5)),
        cell(&task, &r1b, &month(1), json!(0.75)),
    ]});
    let saved = api.patch(&demand_path(), &edited, &rows.etag()).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["cells_changed"], 2);
    assert_eq!(p1_version(&app), before + 1);
    assert_eq!(saved.etag(), format!("\"{}\"", before + 1));
    assert_eq!(saved.body["version"], before + 1);
    let est = saved.body["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["series"] == "EST")
        .unwrap()
        .clone();
    assert_eq!(est["grand_total"], 3.25);
    assert_eq!(est["monthly_totals"][month(1)], 0.75);
    // The database holds it, and the grid and the projects list total it as the page does.
    assert_eq!(est_in_db(&app), (3250, 2));
    let grid = api.get(&format!("{}?shape=grid", demand_path())).await;
    assert_eq!(grid.body["grand_total"], 3.25);
    assert_eq!(grid.body["monthly_totals"][month(0)], 2.5);
    assert_eq!(grid.body["rows"].as_array().unwrap().len(), 2);
    let project = api.get(&format!("/projects/{}", id("c1"))).await;
    assert_eq!(project.body["totals"]["est"], 3.25);

    // Rows page with a cursor, and modified_since leaves out what did not change since.
    let all = api
        .all(&format!("{}?series=EST&limit=1", demand_path()))
        .await;
    assert_eq!(field_values(&all, "pm"), ["0.75", "2.5"]);
    let later = api
        .get(&format!(
            "{}?modified_since=2999-01-01T00:00:00Z",
            demand_path()
        ))
        .await;
    assert_eq!(later.body["items"], json!([]));

    // null clears a cell: its row is gone.
    let cleared = api
        .patch(
            &demand_path(),
            &json!({"cells": [cell(&task, &r1b, &month(1), Value::Null)]}),
            &saved.etag(),
        )
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert_eq!(est_in_db(&app), (2500, 1));
}

#[tokio::test]
async fn a_stale_or_missing_if_match_writes_nothing_and_the_same_patch_twice_is_idempotent() {
    let app = app_with_p1_now().await;
    let api = Api::new(&app, mint(&app, "editor", "write"));
    let task = p1_task(&app);
    let r1a = id("a2");
    let read = api.get(&demand_path()).await;
    let first = read.etag();
    let change = json!({"cells": [cell(&task, &r1a, &month(2), json!(1.25))]});

    // Missing If-Match: 428, nothing written.
    let missing = api
        .call(reqwest::Method::PATCH, &demand_path(), Some(&change), None)
        .await;
    assert_eq!(missing.status, 428, "{}", missing.body);
    assert_eq!(est_in_db(&app), (1500, 1));

    // The same PATCH twice: the version moves once, the second answers 200 and writes nothing,
    // whether it names the version read first or the one the first PATCH answered.
    let once = api.patch(&demand_path(), &change, &first).await;
    assert_eq!(once.status, 200, "{}", once.body);
    assert_eq!(once.body["cells_changed"], 1);
    let after_once = (est_in_db(&app), p1_version(&app));
    let again = api.patch(&demand_path(), &change, &first).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["cells_changed"], 0);
    assert_eq!(again.etag(), once.etag());
    let again = api.patch(&demand_path(), &change, &once.etag()).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["cells_changed"], 0);
    assert_eq!((est_in_db(&app), p1_version(&app)), after_once);
    assert_eq!(after_once.0, (2750, 2));

    // Stale, and a cell differs from what is stored: 412, nothing written.
    let other = json!({"cells": [cell(&task, &r1a, &month(2), json!(9))]});
    let stale = api.patch(&demand_path(), &other, &first).await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    assert_eq!(stale.body["code"], "precondition_failed");
    assert_eq!((est_in_db(&app), p1_version(&app)), after_once);

    // Cells of two series in one PATCH: all written in one transaction (the version moves on
    // once per series changed); sent again with the version read before, nothing to do.
    let current = api.get(&demand_path()).await.etag();
    let mut projplan = cell(&task, &r1a, &month(3), json!(2));
    projplan["series"] = json!("PROJPLAN");
    let both = json!({"cells": [cell(&task, &r1a, &month(3), json!(1)), projplan]});
    let saved = api.patch(&demand_path(), &both, &current).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["cells_changed"], 2);
    assert_eq!(p1_version(&app), after_once.1 + 2);
    let projplan_pm = format!(
        "select (sum(pm) * 1000)::bigint as count from capacity_demand
           where project_id = '{}' and series = 'PROJPLAN'",
        id("c1")
    );
    assert_eq!(app.count(&projplan_pm), 2000);
    assert_eq!(est_in_db(&app), (3750, 3));
    let again = api.patch(&demand_path(), &both, &current).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["cells_changed"], 0);
    assert_eq!(p1_version(&app), after_once.1 + 2);
}

#[tokio::test]
async fn a_bad_cell_among_good_ones_is_named_and_nothing_is_written() {
    let app = app_with_p1_now().await;
    let api = Api::new(&app, mint(&app, "editor", "write"));
    let task = p1_task(&app);
    let (r1a, r1b) = (id("a2"), id("a4"));
    let tag = api.get(&demand_path()).await.etag();
    let version = p1_version(&app);
    let cells = json!({"cells": [
        cell(&task, &r1a, &month(1), json!(1)),
        cell(&task, &r1b, &month(3), json!(-2)),
        cell(&task, &r1a, &month(4), json!(0.5)),
    ]});
    let refused = api.patch(&demand_path(), &cells, &tag).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["code"], "invalid");
    let errors = refused.body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{}", refused.body);
    assert_eq!(errors[0]["field"], "cell");
    // Named as the capacity page names it: task, organisation, project month (M5 = month + 3).
    let detail = errors[0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("Task 1.1 / R1-B, M5: "), "{detail}");
    assert_eq!((est_in_db(&app), p1_version(&app)), ((1500, 1), version));

    // A month that is no month, and a series that is none: each cell named by its place.
    let cells = json!({"cells": [
        cell(&task, &r1a, "next month", json!(1)),
        {"task_id": task, "organisation_id": r1a, "month": month(1), "series": "PLAN", "pm": 1},
    ]});
    let refused = api.patch(&demand_path(), &cells, &tag).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let details: Vec<&str> = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(details[0].starts_with("Cell 1: "), "{details:?}");
    assert!(
        details[1].starts_with("Cell 2: Unknown series"),
        "{details:?}"
    );
    assert_eq!((est_in_db(&app), p1_version(&app)), ((1500, 1), version));
}

#[tokio::test]
async fn demand_is_refused_as_the_capacity_page_refuses_it() {
    let app = app_with_p1_now().await;
    let task = p1_task(&app);
    let r1a = id("a2");
    let editor = Api::new(&app, mint(&app, "editor", "write"));
    let tag = editor.get(&demand_path()).await.etag();
    let version = p1_version(&app);
    let change = json!({"cells": [cell(&task, &r1a, &month(1), json!(1))]});

    // The org-scoped editor of R1-A cannot see R2's P3: 404 to read and to write.
    let org_editor = Api::new(&app, mint(&app, "org-editor", "write"));
    let p3 = format!("/projects/{}/demand", id("c3"));
    assert_eq!(org_editor.get(&p3).await.status, 404);
    assert_eq!(
        org_editor.get(&format!("{p3}?shape=grid")).await.status,
        404
    );
    let p3_demand = "select count(*) from capacity_demand where project_id = '00000000-0000-0000-0000-0000000000c3'";
    let p3_before = app.count(p3_demand);
    let refused = org_editor.patch(&p3, &change, "\"1\"").await;
    assert_eq!(refused.status, 404, "{}", refused.body);
    assert_eq!(app.count(p3_demand), p3_before);

    // A viewer's write token: 403 with the role's reason.
    let viewer = Api::new(&app, mint(&app, "viewer", "write"));
    let refused = viewer.patch(&demand_path(), &change, &tag).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.body["code"], "forbidden");
    assert!(!refused.body["detail"].as_str().unwrap().is_empty());
    // A read token may not write.
    let reader = Api::new(&app, mint(&app, "editor", "read"));
    assert_eq!(
        reader.patch(&demand_path(), &change, &tag).await.status,
        403
    );

    // Last month is history for an editor: 403 naming the month.
    let past = json!({"cells": [cell(&task, &r1a, &month(-1), json!(1))]});
    let refused = editor.patch(&demand_path(), &past, &tag).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("is in the past; only super-admins may change past months"),
        "{detail}"
    );
    assert!(detail.contains("M1"), "{detail}");

    // A locked project: 403 with the lock's reason.
    let p4 = format!("/projects/{}/demand", id("c4"));
    let p4_tag = editor.get(&p4).await.etag();
    let p4_task = crate::team::one(
        &app,
        &format!(
            "select id::text as name from tasks where project_id = '{}'",
            id("c4")
        ),
    );
    let locked = json!({"cells": [cell(&p4_task, &id("a4"), "2027-12", json!(1))]});
    let refused = editor.patch(&p4, &locked, &p4_tag).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.body["code"], "forbidden");

    // None of it wrote anything.
    assert_eq!((est_in_db(&app), p1_version(&app)), ((1500, 1), version));

    // An unknown series or shape in the query: 422 naming the parameter.
    let bad = editor.get(&format!("{}?series=PLAN", demand_path())).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["errors"][0]["field"], "series");
    let bad = editor.get(&format!("{}?shape=table", demand_path())).await;
    assert_eq!(bad.body["errors"][0]["field"], "shape");
}
