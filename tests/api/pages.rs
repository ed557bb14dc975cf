//! The web shell over real HTTP: pages, health, errors, headers, and a database outage.

use diesel::prelude::*;
use rediflow::db::migrations;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

#[tokio::test]
async fn home_page_shows_the_portfolio_counts() {
    let app = spawn_app().await;
    {
        let mut conn = app.owner_connection();
        diesel::sql_query(
            "with root as (insert into organisations (short_name, name) values ('ROOT', 'Root') returning id)
             insert into organisations (short_name, name, parent_id) select 'CHILD', 'Child', id from root",
        )
        .execute(&mut conn)
        .unwrap();
        diesel::sql_query(
            "insert into projects (code, name, owner_org_id, start_month, duration_months)
             select 'HOME-P', 'Home project', id, date '2026-01-01', 24 from organisations where short_name = 'ROOT'",
        )
        .execute(&mut conn)
        .unwrap();
    }
    let response = app.get_page("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Home · Rediflow</title>"), "{html}");
    let figures: Vec<&str> = html
        .split("<span class=\"card-figure\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap_or(""))
        .collect();
    assert_eq!(figures, ["2", "1", "0"], "organisations, projects, persons");
    assert!(html.contains("organisations</span>") && html.contains("project</span>"));
    // The navigation of SPEC, without People while PERSON_CAPACITY_ENABLED is off.
    for link in [
        "href=\"/\"",
        "href=\"/projects\"",
        "href=\"/organisations\"",
        "href=\"/settings\"",
        "href=\"/help\"",
    ] {
        assert!(html.contains(link), "{link} missing");
    }
    assert!(!html.contains("href=\"/people\""));
    // No-auth mode says so on every page.
    assert!(html.contains("Sign-in is not configured"), "banner missing");
}

#[tokio::test]
async fn people_appear_in_the_navigation_when_enabled() {
    let app = spawn_app_with(&[
        ("PERSON_CAPACITY_ENABLED", "true"),
        ("POLICY_NO_AUTH_DEFAULT", "view_only"),
    ])
    .await;
    let html = app.get_page("/").await.text().await.unwrap();
    assert!(html.contains("href=\"/people\""));
    assert!(html.contains("anonymous viewer"), "{html}");
}

#[tokio::test]
async fn help_page_renders() {
    let app = spawn_app().await;
    let response = app.get_page("/help").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("160 hours per PM"),
        "the default divisor is explained"
    );
    assert!(html.contains("aria-current=\"page\">Help"));
}

#[tokio::test]
async fn health_and_readiness_are_json() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");

    let response = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["migrations"], "current");
}

#[tokio::test]
async fn readiness_reports_pending_migrations() {
    let database = create_test_database();
    {
        // Undo the newest migration, as if the binary were newer than the database.
        let mut conn = connect(&owner_url(&database));
        use diesel_migrations::MigrationHarness;
        conn.revert_last_migration(migrations::MIGRATIONS).unwrap();
    }
    let app = spawn_app_on(&database, &[]).await;
    let response = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    let migrations = body["migrations"].as_str().unwrap();
    assert!(
        migrations.starts_with("1 pending") && migrations.contains("rediflow migrate"),
        "{migrations}"
    );
}

#[tokio::test]
async fn unknown_routes_get_the_404_page() {
    let app = spawn_app().await;
    for path in [
        "/no-such-page",
        "/static/no-such-file.css",
        "/static/../Cargo.toml",
        "/projects%00",
    ] {
        let response = app.get_page(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("Page not found"), "{path}: {html}");
        assert!(
            html.contains("href=\"/help\""),
            "the error page has the site's layout"
        );
    }
    // A client that asks for JSON gets no HTML page.
    let response = app
        .client
        .get(app.url("/no-such-page"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(!response.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn wrong_method_is_not_a_server_error() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/healthz"))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = spawn_app().await;
    for path in ["/", "/healthz", "/no-such-page", "/static/css/rediflow.css"] {
        let response = app.get_page(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS outside qa/prod"
        );
        let id = headers["x-request-id"].to_str().unwrap();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{path}: {id}");
    }
    let css = app.get_page("/static/css/rediflow.css").await;
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

/// Makes the test's database refuse connections and ends those it has: an outage.
fn cut_the_database(app: &TestApp) {
    let mut admin = connect(&owner_url("postgres"));
    diesel::sql_query(format!(
        "alter database {} allow_connections false",
        app.database
    ))
    .execute(&mut admin)
    .unwrap();
    diesel::sql_query(format!(
        // Client connections only: an autovacuum worker on the database runs as a superuser,
        // which the test's role may not terminate (and which holds no request of the app).
        "select pg_terminate_backend(pid) from pg_stat_activity \
         where datname = '{}' and backend_type = 'client backend'",
        app.database
    ))
    .execute(&mut admin)
    .unwrap();
}

fn restore_the_database(app: &TestApp) {
    let mut admin = connect(&owner_url("postgres"));
    diesel::sql_query(format!(
        "alter database {} allow_connections true",
        app.database
    ))
    .execute(&mut admin)
    .unwrap();
}

/// The outage page: 503, retry in 5 seconds, and what happened in words.
async fn assert_outage_page(response: reqwest::Response) {
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let html = response.text().await.unwrap();
    assert!(
        html.contains("The database is not reachable right now"),
        "{html}"
    );
}

#[tokio::test]
async fn database_outage_answers_503_and_recovers_without_restart() {
    // The owner serves requests here (RLS off) so that the test may cut its connections.
    let app = spawn_app_with(&[("RLS_ENABLED", "false")]).await;
    assert_eq!(app.get_page("/").await.status(), 200);

    cut_the_database(&app);
    assert_outage_page(app.get_page("/").await).await;
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    // Anyone may ask /readyz: it says what is wrong, not where the database is (the log does).
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"], "unavailable");
    assert_eq!(body["migrations"], "unknown (the database is unavailable)");
    let text = body.to_string();
    let cluster = cluster_url();
    for detail in [
        cluster.host_str().unwrap().to_string(),
        cluster.port_or_known_default().unwrap().to_string(),
        app.database.clone(),
        "connection".to_string(),
    ] {
        assert!(!text.contains(&detail), "{detail} in {text}");
    }

    restore_the_database(&app);
    let response = app.get_page("/").await;
    assert_eq!(response.status(), 200, "recovers once the database is back");
    assert_eq!(
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

/// A signed-in browser sends its session cookie, so its session is read from the database
/// before anything else: that read must answer the outage page too, not a 500.
#[tokio::test]
async fn database_outage_answers_503_to_signed_in_users_and_keeps_their_session() {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    let app = spawn_app_with(&[
        ("RLS_ENABLED", "false"),
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    sign_in(&app, &idp, "editor@test").await;
    assert_eq!(app.get_page("/projects").await.status(), 200);

    cut_the_database(&app);
    assert_outage_page(app.get_page("/projects").await).await;
    // A client that is no browser gets the same status, in plain text.
    let api = app
        .client
        .get(app.url("/projects"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 503);
    assert_eq!(api.headers()["retry-after"], "5");
    // What needs no session is still served: the outage page keeps its style sheet.
    assert_eq!(app.get_page("/static/css/rediflow.css").await.status(), 200);

    restore_the_database(&app);
    assert_eq!(
        app.get_page("/projects").await.status(),
        200,
        "still signed in once the database is back"
    );
    assert_eq!(
        app.count("select count(*) as count from sessions where user_id is not null"),
        1
    );
}
