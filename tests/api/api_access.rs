//! The API's door: personal access tokens, their user's rights under RLS, refusals as problem
//! JSON, the rate limit, the OpenAPI description and its reference page (issue 22).

use serde_json::Value;

use crate::api_helpers::*;
use crate::helpers::*;

#[tokio::test]
async fn a_token_acts_as_its_user_and_sees_only_what_they_see() {
    let app = app_with_fixture(&[]).await;
    let admin = Api::new(&app, mint(&app, "admin", "read"));
    let me = admin.get("/me").await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.body["username"], "admin");
    assert_eq!(me.body["role"], "admin");
    assert_eq!(me.body["scope"], "read");
    let all = admin.all("/projects").await;
    assert_eq!(field_values(&all, "code"), ["P1", "P2", "P3", "P4", "P5"]);

    // The org-scoped editor of R1-A sees what it owns or partners in (P1, P5 owned; P2 through
    // R1-A-X below it), never R2's P3 or R1-B's P4.
    let org_editor = Api::new(&app, mint(&app, "org-editor", "write"));
    let seen = org_editor.all("/projects").await;
    assert_eq!(field_values(&seen, "code"), ["P1", "P2", "P5"]);
    let other = org_editor
        .get(&format!("/projects/{}", crate::rls::id("c3")))
        .await;
    assert_eq!(other.status, 404);
    assert_eq!(other.content_type(), "application/problem+json");
    assert_eq!(other.body["code"], "not_found");
    assert_eq!(other.body["status"], 404);
    let own = org_editor
        .get(&format!("/projects/{}", crate::rls::id("c1")))
        .await;
    assert_eq!(own.status, 200);
    assert_eq!(own.etag(), format!("\"{}\"", own.body["version"]));
    assert_eq!(own.body["start_month"], "2026-01");
    assert_eq!(own.body["end_month"], "2027-12");
    assert_eq!(own.body["totals"]["est"], 1.5);
}

#[tokio::test]
async fn revoked_expired_forged_and_missing_tokens_get_401() {
    let app = app_with_fixture(&[]).await;
    let token = mint(&app, "viewer", "read");
    let api = Api::new(&app, token.clone());
    assert_eq!(api.get("/me").await.status, 200);

    let missing = Api::new(&app, "").get("/me").await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.body["code"], "unauthorized");
    assert!(missing.headers.get("www-authenticate").is_some());
    // One character changed: the checksum fails.
    let mut forged = token.clone().into_bytes();
    forged[8] = if forged[8] == b'A' { b'B' } else { b'A' };
    let forged = Api::new(&app, String::from_utf8(forged).unwrap());
    assert_eq!(forged.get("/me").await.status, 401);
    // Well formed, but not ours (another key).
    let stranger = rediflow::auth::tokens::mint(&rediflow::config::Secret::new("other")).token;
    assert_eq!(Api::new(&app, stranger).get("/me").await.status, 401);

    app.sql("update personal_access_tokens set expires_at = now() - interval '1 second', created_at = now() - interval '1 day'");
    let expired = api.get("/me").await;
    assert_eq!(expired.status, 401, "{}", expired.body);

    let fresh = Api::new(&app, mint(&app, "viewer", "read"));
    assert_eq!(fresh.get("/me").await.status, 200);
    app.sql("update personal_access_tokens set revoked_at = now(), revoked_by = 'test' where revoked_at is null");
    assert_eq!(fresh.get("/me").await.status, 401);
}

#[tokio::test]
async fn a_user_who_lost_their_role_group_loses_it_for_their_tokens() {
    let app = app_with_fixture(&[]).await;
    let api = Api::new(&app, mint(&app, "editor", "write"));
    assert_eq!(api.get("/projects").await.status, 200);
    // What the next sign-in or session check stores when the groups are gone.
    app.sql("update users set role = 'none' where username = 'editor'");
    let refused = api.get("/projects").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.body["code"], "forbidden");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("no access"),
        "{}",
        refused.body
    );
    // Demoted to viewer: reads again, as a viewer.
    app.sql("update users set role = 'viewer' where username = 'editor'");
    assert_eq!(api.get("/me").await.body["role"], "viewer");
}

#[tokio::test]
async fn refusals_are_written_in_the_language_asked_for() {
    let app = app_with_fixture(&[]).await;
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("Accept-Language", "fi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("käyttötunniste"),
        "{body}"
    );
}

#[tokio::test]
async fn a_token_over_its_rate_limit_gets_429_with_retry_after() {
    let app = app_with_fixture(&[("API_RATE_LIMIT_PER_MINUTE", "3")]).await;
    let api = Api::new(&app, mint(&app, "viewer", "read"));
    for _ in 0..3 {
        assert_eq!(api.get("/me").await.status, 200);
    }
    let limited = api.get("/me").await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body["code"], "rate_limited");
    let wait: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Another token of the same user has its own count.
    let other = Api::new(&app, mint(&app, "viewer", "read"));
    assert_eq!(other.get("/me").await.status, 200);
}

#[tokio::test]
async fn lists_page_with_a_cursor_and_answer_what_changed_since() {
    let app = app_with_fixture(&[]).await;
    let api = Api::new(&app, mint(&app, "admin", "read"));
    let first = api.get("/projects?limit=2").await;
    assert_eq!(first.status, 200);
    assert_eq!(
        field_values(first.body["items"].as_array().unwrap(), "code"),
        ["P1", "P2"]
    );
    let all = api.all("/projects?limit=2").await;
    assert_eq!(all.len(), 5);
    let sync_from = first.body["sync_from"].as_str().unwrap().to_string();
    // Nothing changed since the first read's time: the next sync lists only the projects changed
    // later (sync_from reaches a minute back, so move the other projects further back first).
    app.sql("update projects set updated_at = now() - interval '1 hour'");
    let since = url::form_urlencoded::byte_serialize(sync_from.as_bytes()).collect::<String>();
    assert_eq!(
        api.all(&format!("/projects?modified_since={since}"))
            .await
            .len(),
        0
    );
    app.sql("update projects set name = 'Renamed' where code = 'P3'");
    let changed = api.all(&format!("/projects?modified_since={since}")).await;
    assert_eq!(field_values(&changed, "code"), ["P3"]);

    for (query, field) in [
        ("limit=0", "limit"),
        ("cursor=%21%21", "cursor"),
        ("from=2026-1", "from"),
    ] {
        let refused = api.get(&format!("/projects?{query}")).await;
        assert_eq!(refused.status, 422, "{query}: {}", refused.body);
        assert_eq!(refused.body["errors"][0]["field"], field);
    }
    let unreadable = api.get("/projects?modified_since=yesterday").await;
    assert_eq!(unreadable.status, 400);
    assert_eq!(unreadable.content_type(), "application/problem+json");
}

#[tokio::test]
async fn the_description_is_openapi_3_1_and_its_reference_page_works_offline() {
    let app = app_with_fixture(&[]).await;
    let client = reqwest::Client::new();
    let doc: Value = client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/v1/projects"]["get"].is_object());
    let page = client.get(app.url("/api/v1/docs")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(html.contains("GET /api/v1/projects"));
    assert!(html.contains("id=\"problem-precondition_failed\""));
    // Nothing from another site: no script at all, every address local.
    assert!(!html.contains("<script"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "an outside address"
    );
}

#[tokio::test]
async fn pages_stay_pages_and_downloads_keep_working() {
    // No-auth mode, where pages answer without sign-in: JSON asked of a page is still the page.
    let app = spawn_app_with(&[("POLICY_NO_AUTH_DEFAULT", "allow_all")]).await;
    let page = app
        .client
        .get(app.url("/projects"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csv = app.get_page("/projects?format=csv").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    // The API takes no session: the anonymous visitor of a page is nobody to it.
    let api = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(api.status(), 401);
    // An unknown address under the API is a problem, not a page.
    let unknown = app
        .client
        .get(app.url("/api/v1/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
}

/// The tokens table under RLS, as the application role sees it with raw SQL: a user reads and
/// revokes only their own tokens, makes tokens only for themself, and nobody deletes one;
/// administrators read and revoke everyone's.
#[test]
fn the_tokens_table_is_each_users_own_under_rls() {
    use crate::rls::{RLS_REFUSAL, act_as, affected, id, refused, setup};
    let (database, mut app) = setup();
    for user in ["viewer", "editor", "admin"] {
        mint_on(&database, user, "read");
    }
    let others = "(select id from users where username <> 'viewer')";
    act_as(&mut app, Some("f4")); // the viewer
    assert_eq!(
        count(&mut app, "select count(*) from personal_access_tokens"),
        1
    );
    assert_eq!(
        count(
            &mut app,
            &format!("select count(*) from personal_access_tokens where user_id in {others}")
        ),
        0
    );
    assert_eq!(
        affected(
            &mut app,
            &format!(
                "update personal_access_tokens set revoked_at = now(), revoked_by = 'x' where user_id in {others}"
            )
        ),
        0
    );
    assert_eq!(affected(&mut app, "delete from personal_access_tokens"), 0);
    let forged = format!(
        "insert into personal_access_tokens (user_id, name, scope, token_hash, hint, created_by, expires_at)
         values ('{}', 'x', 'write', decode(repeat('ab', 32), 'hex'), 'rfl_abcd', 'x', now() + interval '1 day')",
        id("f1")
    );
    assert!(refused(&mut app, &forged).contains(RLS_REFUSAL));
    // Their own: revoked, never deleted.
    assert_eq!(
        affected(
            &mut app,
            "update personal_access_tokens set revoked_at = now(), revoked_by = 'viewer'"
        ),
        1
    );

    act_as(&mut app, Some("f1")); // an administrator
    assert_eq!(
        count(&mut app, "select count(*) from personal_access_tokens"),
        3
    );
    assert_eq!(
        affected(
            &mut app,
            "update personal_access_tokens set revoked_at = now(), revoked_by = 'admin'"
        ),
        3
    );
    assert_eq!(affected(&mut app, "delete from personal_access_tokens"), 0);
    act_as(&mut app, None);
    assert_eq!(
        count(&mut app, "select count(*) from personal_access_tokens"),
        0
    );
}
