//! The portfolio: organisations × months of capacity, allocation, EST demand and gap, and the
//! over- and under-allocated people, with the user's visibility applied.

use crate::helpers::*;
use crate::idp::{IdpUser, sign_in};
use crate::team::{TEAM, one, signed_in_team_app, text};

#[tokio::test]
async fn the_heatmap_and_people_lists_show_who_is_over_and_under_allocated() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    let html = text(&app, "/portfolio?from=2030-12&months=3").await;
    // ORG in December: Ada's 1 PM of capacity, 1.25 PM allocated (125 %), 1.5 PM EST demand,
    // a gap of −0.5.
    assert!(
        html.contains("<td class=\"num heat heat-over\" title=\"125 % of capacity\">1.25</td>"),
        "{html}"
    );
    assert!(html.contains(
        "<td class=\"num heat heat-over\" title=\"EST demand exceeds capacity\">-0.5</td>"
    ));
    let over = html.split("id=\"over\"").nth(1).unwrap();
    let (over, under) = over.split_once("id=\"under\"").unwrap();
    assert!(over.contains(">Ada Lovelace</a>") && !over.contains("Bob Builder"));
    assert!(over.contains("<td class=\"num heat heat-over\">125 %</td>"));
    // Bob: nothing in December, 40 % in January and February: under 80 % over the quarter.
    assert!(under.contains(">Bob Builder</a>") && !under.contains("Ada Lovelace"));

    // A lower threshold empties the under-allocated list.
    let html = text(&app, "/portfolio?from=2030-12&months=3&under=20").await;
    assert!(html.contains("Nobody is under-allocated in these months."));

    // One organisation's subtree only; the download has the page's figures.
    let lab = one(
        &app,
        "select id::text as name from organisations where short_name = 'LAB'",
    );
    let html = text(&app, &format!("/portfolio?org={lab}&from=2030-12&months=3")).await;
    assert!(html.contains(">LAB</a>") && !html.contains(">ORG</a>"));
    let csv = text(&app, "/portfolio?from=2030-12&months=3&format=csv").await;
    assert!(csv.starts_with("Organisation,People,Measure,2030-12,2031-01,2031-02,Total"));
    assert!(csv.contains("\nORG,1,Allocated PM,1.25,"), "{csv}");
    assert!(csv.contains("\nORG,1,EST demand PM,1.5,0,0,1.5"), "{csv}");

    for bad in [
        "/portfolio?from=soon",
        "/portfolio?months=5",
        "/portfolio?under=120",
        "/portfolio?org=nope",
        &format!("/portfolio?org={}", uuid::Uuid::new_v4()),
    ] {
        assert_eq!(app.get_page(bad).await.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn an_org_scoped_user_sees_only_the_people_of_their_organisations_root() {
    let (app, idp) = signed_in_team_app(vec![IdpUser::new(
        "orgvw@test",
        &[
            "rediflow-viewers",
            "rediflow-org-ORG",
            "rediflow-visibility-org",
        ],
    )])
    .await;
    sign_in(&app, &idp, "orgvw@test").await;
    let html = text(&app, "/portfolio?from=2030-12&months=3").await;
    assert!(html.contains(">Ada Lovelace</a>"), "{html}");
    assert!(!html.contains("Bob Builder"), "LAB's people stay hidden");
    let csv = text(&app, "/portfolio?from=2030-12&months=3&format=csv").await;
    assert!(csv.contains("\nLAB,0,Capacity PM,0,0,0,0"), "{csv}");
}

#[tokio::test]
async fn the_portfolio_and_the_team_tab_offer_share_links_of_their_filters() {
    let app = spawn_app_with(&[
        ("PERSON_CAPACITY_ENABLED", "true"),
        ("SHARE_URL_FEATURE", "true"),
    ])
    .await;
    app.sql(TEAM);
    let px = one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    );
    for path in [
        "/portfolio?from=2030-12&months=6".to_string(),
        format!("/projects/{px}/team"),
    ] {
        let html = text(&app, &path).await;
        let target = path.replace('&', "&#38;");
        assert!(
            html.contains(&format!("name=\"target\" value=\"{target}\"")),
            "{path}: {html}"
        );
    }
}

#[tokio::test]
async fn an_assigned_only_user_sees_only_themself_on_every_people_page() {
    let (app, idp) = signed_in_team_app(vec![
        IdpUser::new(
            "ada@test",
            &["rediflow-viewers", "rediflow-visibility-assigned"],
        ),
        IdpUser::new(
            "orgvw@test",
            &[
                "rediflow-viewers",
                "rediflow-org-LAB",
                "rediflow-visibility-org",
            ],
        ),
    ])
    .await;
    let org_user = app.another_browser();
    sign_in(&app, &idp, "ada@test").await;
    sign_in(&org_user, &idp, "orgvw@test").await;
    app.sql(
        "update persons set user_id = (select id from users where username = 'ada@test') where code = 'ada'",
    );
    let id = |code: &str| {
        names(
            &mut app.owner_connection(),
            &format!("select id::text as name from persons where code = '{code}'"),
        )
        .remove(0)
    };
    let (ada, bob) = (id("ada"), id("bob"));
    let px = one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    );

    // Ada sees herself and nobody else: the list, the person pages, the portfolio, the team.
    let list = text(&app, "/people").await;
    assert!(
        list.contains(">Ada Lovelace</a>") && !list.contains("Bob Builder"),
        "{list}"
    );
    assert_eq!(app.get_page(&format!("/people/{ada}")).await.status(), 200);
    assert_eq!(app.get_page(&format!("/people/{bob}")).await.status(), 404);
    let portfolio = text(&app, "/portfolio?from=2030-12&months=3").await;
    assert!(portfolio.contains(">Ada Lovelace</a>") && !portfolio.contains("Bob Builder"));
    let team = text(&app, &format!("/projects/{px}/team?from=2030-12")).await;
    assert!(team.contains(">Ada Lovelace</a>") && !team.contains("Bob Builder"));
    assert!(
        team.contains("(a person you cannot see)"),
        "Bob's row is anonymous"
    );
    let csv = text(
        &app,
        &format!("/projects/{px}/team?from=2030-12&format=csv"),
    )
    .await;
    assert!(!csv.contains("Bob"), "{csv}");

    // LAB's org-scoped viewer sees Bob, not Ada (ORG is another root).
    let list = text(&org_user, "/people").await;
    assert!(
        list.contains(">Bob Builder</a>") && !list.contains("Ada Lovelace"),
        "{list}"
    );
    assert_eq!(
        org_user.get_page(&format!("/people/{ada}")).await.status(),
        404
    );
}

#[tokio::test]
async fn the_people_list_filters_by_organisation_and_text_and_downloads_what_it_shows() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    let lab = one(
        &app,
        "select id::text as name from organisations where short_name = 'LAB'",
    );
    let html = text(&app, &format!("/people?org={lab}")).await;
    assert!(html.contains(">Bob Builder</a>") && !html.contains("Ada Lovelace"));
    assert!(html.contains("1 of 2 people."), "{html}");
    let html = text(&app, "/people?q=LOVE").await;
    assert!(html.contains(">Ada Lovelace</a>") && !html.contains("Bob Builder"));
    let html = text(&app, "/people?q=nobody").await;
    assert!(html.contains("Nobody matches these filters."));
    let csv = text(&app, &format!("/people?org={lab}&format=csv")).await;
    assert_eq!(
        csv,
        "Name,Code,Organisation,Email,Employment\r\nBob Builder,bob,LAB,,\r\n"
    );
    assert_eq!(app.get_page("/people?org=nope").await.status(), 400);
    assert_eq!(
        app.get_page(&format!("/people?org={}", uuid::Uuid::new_v4()))
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn the_people_list_shows_a_hundred_people_a_page_and_downloads_them_all() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    app.sql(
        "insert into persons (code, first_name, last_name, organisation_id)
           select 'p' || lpad(n::text, 3, '0'), 'Person', lpad(n::text, 3, '0'), o.id
           from generate_series(1, 248) n, organisations o where o.short_name = 'LAB'",
    );
    let first = text(&app, "/people").await;
    assert!(first.contains("250 of 250 people."), "{first}");
    assert!(first.contains("People 1–100 of 250"));
    // By last name: the numbered people first, Builder and Lovelace on the third page.
    assert!(first.contains(">Person 001</a>") && !first.contains(">Person 101</a>"));
    assert!(!first.contains("Ada Lovelace"));
    assert!(
        text(&app, "/people?page=3")
            .await
            .contains(">Ada Lovelace</a>")
    );
    assert!(
        first.contains("href=\"/people?org=&#38;q=&#38;page=2\" rel=\"next\""),
        "{first}"
    );
    assert!(!first.contains("rel=\"prev\""));
    // Filters and pages together; past the end is the last page.
    let last = text(&app, "/people?q=person&page=9").await;
    assert!(last.contains("People 201–248 of 248") && last.contains(">Person 248</a>"));
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    for bad in ["0", "x", "-1"] {
        assert_eq!(
            app.get_page(&format!("/people?page={bad}")).await.status(),
            400,
            "{bad}"
        );
    }
    // Few enough for one page: no pager.
    assert!(
        !text(&app, "/people?q=lovelace")
            .await
            .contains("class=\"pager")
    );
    let csv = text(&app, "/people?format=csv").await;
    assert_eq!(csv.lines().count(), 251, "a header and every person");
}
