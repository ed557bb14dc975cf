//! `/api/v1/portfolio` and `/api/v1/portfolio/people` (issue 22): the portfolio page's figures
//! for the token's user, with their visibility applied.

use serde_json::Value;

use crate::api_helpers::*;
use crate::helpers::*;
use crate::team::{TEAM, one};

/// The TEAM fixture (tests/api/team.rs) with an admin and a viewer who sees only ORG's people.
async fn team_app() -> TestApp {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    app.sql(
        "insert into users (id, sub, username, role, visibility) values
           ('00000000-0000-0000-0000-0000000000f1', 's-admin', 'admin', 'admin', 'all'),
           ('00000000-0000-0000-0000-0000000000f6', 's-orgvw', 'org-viewer', 'viewer', 'org');
         insert into user_organisations (user_id, organisation_id)
           select '00000000-0000-0000-0000-0000000000f6', id from organisations where short_name = 'ORG';
         insert into user_settings (user_id) select id from users;",
    );
    app
}

fn organisation<'a>(answer: &'a Value, short_name: &str) -> &'a Value {
    answer["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["short_name"] == short_name)
        .unwrap_or_else(|| panic!("{short_name} in {answer}"))
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_portfolio_has_the_pages_figures_for_an_org_scoped_user_and_no_one_elses() {
    let app = team_app().await;
    let org_viewer = Api::new(&app, mint(&app, "org-viewer", "read"));
    let heatmap = org_viewer.get("/portfolio?from=2030-12&months=3").await;
    assert_eq!(heatmap.status, 200, "{}", heatmap.body);
    assert_eq!(
        heatmap.body["months"],
        serde_json::json!(["2030-12", "2031-01", "2031-02"])
    );
    // ORG in December, as the portfolio page shows it (tests/api/portfolio.rs): Ada's 1 PM of
    // capacity, 1.25 PM allocated, 1.5 PM EST demand, a gap of −0.5.
    let org = organisation(&heatmap.body, "ORG");
    assert_eq!(org["people"], 1);
    let december = &org["months"][0];
    assert_eq!(december["month"], "2030-12");
    assert_eq!(december["capacity"], 1.0);
    assert_eq!(december["allocated"], 1.25);
    assert_eq!(december["est_demand"], 1.5);
    assert_eq!(december["gap"], -0.5);
    // LAB's people stay hidden: its row holds nothing of theirs (the page shows it with zeros).
    let lab = organisation(&heatmap.body, "LAB");
    assert_eq!(lab["people"], 0);
    for month in lab["months"].as_array().unwrap() {
        assert_eq!(month["capacity"], 0.0, "{lab}");
        assert_eq!(month["allocated"], 0.0, "{lab}");
    }
    // The whole selection is ORG's alone.
    assert_eq!(heatmap.body["total"][0]["capacity"], 1.0);
    assert_eq!(heatmap.body["total"][0]["allocated"], 1.25);

    let people = org_viewer
        .get("/portfolio/people?from=2030-12&months=3")
        .await;
    assert_eq!(people.status, 200, "{}", people.body);
    assert_eq!(names(&people.body["over"]), ["Ada Lovelace"]);
    assert_eq!(people.body["over"][0]["months"][0]["percent"], 125);
    assert_eq!(people.body["over"][0]["organisation"], "ORG");
    let codes: Vec<&str> = people.body["over"][0]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PX", "PY"]);
    assert_eq!(people.body["under"], serde_json::json!([]), "Bob is LAB's");
    assert_eq!(people.body["over_count"], 1);
    assert_eq!(people.body["under_count"], 0);

    // The admin sees LAB's Bob, under-allocated (40 % in two of three months), as the page does.
    let admin = Api::new(&app, mint(&app, "admin", "read"));
    let people = admin.get("/portfolio/people?from=2030-12&months=3").await;
    assert_eq!(names(&people.body["under"]), ["Bob Builder"]);
    let lower = admin
        .get("/portfolio/people?from=2030-12&months=3&under=20")
        .await;
    assert_eq!(lower.body["under"], serde_json::json!([]));
    assert_eq!(lower.body["under_percent"], 20);
    let heatmap = admin.get("/portfolio?from=2030-12&months=3").await;
    assert_eq!(organisation(&heatmap.body, "LAB")["people"], 1);

    // One organisation's subtree only.
    let lab_id = one(
        &app,
        "select id::text as name from organisations where short_name = 'LAB'",
    );
    let only_lab = admin
        .get(&format!("/portfolio?org={lab_id}&from=2030-12&months=3"))
        .await;
    let shown: Vec<&str> = only_lab.body["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["short_name"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["LAB"]);
}

#[tokio::test]
async fn the_portfolios_choices_are_refused_as_the_page_refuses_them() {
    let app = team_app().await;
    let admin = Api::new(&app, mint(&app, "admin", "read"));
    for (query, field) in [
        ("from=soon", "from"),
        ("months=5", "months"),
        ("under=120", "under"),
        ("org=nope", "org"),
        ("org=00000000-0000-0000-0000-000000000999", "org"),
    ] {
        let refused = admin.get(&format!("/portfolio?{query}")).await;
        assert_eq!(refused.status, 422, "{query}: {}", refused.body);
        assert_eq!(refused.body["errors"][0]["field"], field, "{query}");
    }
    // Without person capacity there is no portfolio, as the page: 404.
    let off = spawn_app_on(&app.database, &[]).await;
    let admin = Api::new(&off, mint(&off, "admin", "read"));
    assert_eq!(admin.get("/portfolio").await.status, 404);
    assert_eq!(admin.get("/portfolio/people").await.status, 404);
}
