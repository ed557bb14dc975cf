//! Personal access tokens on the pages and at the command line (issue 22): made on /account and
//! shown once, listed, revoked by their user or an administrator on /users, never by another
//! user; audited without their text; bad input stores nothing; `rediflow token create|revoke`.

use std::process::{Command, Output};

use crate::api_helpers::*;
use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

/// The token text in a page (`rfl_` and 46 letters and digits), if any.
fn token_in(html: &str) -> Option<String> {
    let start = html.find("rfl_")?;
    let candidate: String = html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (candidate.len() == rediflow::auth::tokens::TOKEN_LEN).then_some(candidate)
}

/// The ids in the token revoke forms of a page under `prefix` (`/account/tokens/`, `/users/tokens/`).
fn revoke_ids(html: &str, prefix: &str) -> Vec<String> {
    html.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &html[at + prefix.len()..];
            let id = rest.split('/').next()?;
            rest[id.len()..]
                .starts_with("/revoke")
                .then(|| id.to_string())
        })
        .collect()
}

async fn make_token(browser: &TestApp, name: &str, scope: &str, days: &str) -> reqwest::Response {
    let csrf = browser.csrf_token("/account").await;
    browser
        .post_form(
            "/account/tokens",
            &[
                ("csrf_token", &csrf),
                ("name", name),
                ("scope", scope),
                ("days", days),
            ],
        )
        .await
}

/// Whether any column of any row of `table` holds `text`.
fn stored_anywhere(app: &TestApp, table: &str, text: &str) -> i64 {
    app.count(&format!(
        "select count(*) from {table} t where row_to_json(t)::text like '%{text}%'"
    ))
}

#[tokio::test]
async fn a_token_made_on_the_account_page_works_is_shown_once_listed_and_revoked() {
    // No sign-in configured: the anonymous user (who has a users row) holds the token.
    let app = spawn_app().await;
    let made = make_token(&app, "Power BI", "read", "30").await;
    assert_eq!(made.status(), 200);
    assert_eq!(
        made.headers().get("cache-control").unwrap(),
        "no-store",
        "the page with the token is kept by no cache"
    );
    let page = made.text().await.unwrap();
    let token = token_in(&page).expect("the new token is on the answer page");
    assert!(page.contains("Copy it now"), "{page}");
    assert!(page.contains("href=\"/api/v1/docs\""));

    let me = Api::new(&app, &token).get("/me").await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.body["username"], "anonymous");
    assert_eq!(me.body["scope"], "read");

    // Afterwards the page lists it (name, scope, hint, expiry) without its text.
    let account = app.get_page("/account").await.text().await.unwrap();
    assert!(token_in(&account).is_none(), "the token is shown only once");
    assert!(!account.contains(&token));
    assert!(account.contains("Power BI"));
    assert!(account.contains(&format!("{}…", &token[..8])), "hint");
    let expires = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    assert!(account.contains(&expires), "expiry {expires}");
    assert!(account.contains("<td>read</td>"));

    // The database keeps its hash only; the audit row names it without its text.
    assert_eq!(app.count("select count(*) from personal_access_tokens"), 1);
    assert_eq!(stored_anywhere(&app, "personal_access_tokens", &token), 0);
    assert_eq!(
        app.count("select count(*) from personal_access_tokens where name = 'Power BI' and scope = 'read' and expires_at::date = (now() + interval '30 days')::date"),
        1
    );
    assert_eq!(
        app.count("select count(*) from audit_log where entity_type = 'personal_access_token' and action = 'create' and after->>'name' = 'Power BI'"),
        1
    );
    assert_eq!(stored_anywhere(&app, "audit_log", &token), 0);
    assert_eq!(stored_anywhere(&app, "audit_log", &token[8..]), 0);

    let ids = revoke_ids(&account, "/account/tokens/");
    assert_eq!(ids.len(), 1, "one revoke button");
    let csrf = app.csrf_token("/account").await;
    let revoked = app
        .post_form(
            &format!("/account/tokens/{}/revoke", ids[0]),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(revoked.status(), 303);
    assert_eq!(location(&revoked), "/account?revoked=1#tokens");
    assert_eq!(Api::new(&app, &token).get("/me").await.status, 401);
    assert_eq!(
        app.count("select count(*) from personal_access_tokens where revoked_at is not null and revoked_by = 'anonymous'"),
        1
    );
    assert_eq!(
        app.count("select count(*) from audit_log where entity_type = 'personal_access_token' and action = 'update' and after->>'revoked_at' is not null"),
        1
    );
    assert_eq!(stored_anywhere(&app, "audit_log", &token), 0);
    let after = app
        .get_page("/account?revoked=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(after.contains("The token was revoked"));
    assert!(after.contains("revoked "), "its state says revoked");
    assert!(
        revoke_ids(&after, "/account/tokens/").is_empty(),
        "no button for a dead token"
    );
}

#[tokio::test]
async fn bad_token_input_shows_the_form_again_with_field_errors_and_stores_nothing() {
    let app = spawn_app().await;
    for (name, scope, days, field, sentence) in [
        ("", "read", "30", "token-name-error", "Name the token"),
        (
            "CI",
            "read",
            "400",
            "token-days-error",
            "a whole number from 1 to 365",
        ),
        ("CI", "admin", "30", "token-scope-error", "Choose the token"),
    ] {
        let answer = make_token(&app, name, scope, days).await;
        assert_eq!(answer.status(), 422, "{name} {scope} {days}");
        let page = answer.text().await.unwrap();
        assert!(page.contains(&format!("id=\"{field}\"")), "{field}: {page}");
        assert!(page.contains(sentence), "{sentence}");
        assert!(page.contains("No token was made"));
        assert!(token_in(&page).is_none());
        // What was typed is kept.
        assert!(page.contains(&format!("value=\"{days}\"")));
    }
    assert_eq!(app.count("select count(*) from personal_access_tokens"), 0);
    assert_eq!(
        app.count("select count(*) from audit_log where entity_type = 'personal_access_token'"),
        0
    );
}

/// A server with sign-in: alice and bob edit, root administers.
async fn signed_in(rls: &str) -> (TestApp, TestApp, TestApp, TestApp, TestIdp) {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("alice@test", &["rediflow-editors"]));
    idp.add_user(IdpUser::new("bob@test", &["rediflow-editors"]));
    idp.add_user(IdpUser::new("root@test", &["rediflow-admins"]));
    let app = spawn_app_with(&[
        ("RLS_ENABLED", rls),
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ("LOGIN_RATE_LIMIT_PER_MINUTE", "100"),
    ])
    .await;
    let (alice, bob, root) = (
        app.another_browser(),
        app.another_browser(),
        app.another_browser(),
    );
    sign_in(&alice, &idp, "alice@test").await;
    sign_in(&bob, &idp, "bob@test").await;
    sign_in(&root, &idp, "root@test").await;
    (app, alice, bob, root, idp)
}

#[tokio::test]
async fn only_its_user_or_an_administrator_revokes_a_token() {
    // With RLS off the application's own check is all that stands between bob and alice's token.
    for rls in ["true", "false"] {
        let (app, alice, bob, root, _idp) = signed_in(rls).await;
        let made = make_token(&alice, "alice script", "write", "").await;
        assert_eq!(made.status(), 200);
        let token = token_in(&made.text().await.unwrap()).unwrap();
        let alice_page = alice.get_page("/account").await.text().await.unwrap();
        let id = revoke_ids(&alice_page, "/account/tokens/").remove(0);
        // 90 days unless told.
        assert_eq!(
            app.count("select count(*) from personal_access_tokens where expires_at::date = (now() + interval '90 days')::date"),
            1
        );

        // Bob sees none of it and cannot revoke it, from his page or the administrators'.
        let bob_page = bob.get_page("/account").await.text().await.unwrap();
        assert!(!bob_page.contains("alice script"), "rls={rls}");
        let csrf = bob.csrf_token("/account").await;
        let refused = bob
            .post_form(
                &format!("/account/tokens/{id}/revoke"),
                &[("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(refused.status(), 404, "rls={rls}");
        let refused = bob
            .post_form(
                &format!("/users/tokens/{id}/revoke"),
                &[("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(refused.status(), 403, "rls={rls}");
        assert_eq!(bob.get_page("/users").await.status(), 403);
        assert_eq!(Api::new(&app, &token).get("/me").await.status, 200);
        assert_eq!(
            app.count("select count(*) from personal_access_tokens where revoked_at is null"),
            1
        );

        // The administrator sees everyone's tokens on /users and revokes alice's.
        let users = root.get_page("/users").await.text().await.unwrap();
        assert!(users.contains("alice script"), "rls={rls}");
        assert!(users.contains("alice@test"));
        assert!(!users.contains(&token));
        assert_eq!(revoke_ids(&users, "/users/tokens/"), vec![id.clone()]);
        let csrf = root.csrf_token("/users").await;
        let revoked = root
            .post_form(
                &format!("/users/tokens/{id}/revoke"),
                &[("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(revoked.status(), 303);
        assert_eq!(location(&revoked), "/users#tokens");
        assert_eq!(Api::new(&app, &token).get("/me").await.status, 401);
        assert_eq!(
            app.count("select count(*) from personal_access_tokens where revoked_by = 'root@test'"),
            1
        );
        assert_eq!(
            app.count("select count(*) from audit_log where entity_type = 'personal_access_token' and action = 'update' and actor = 'root@test'"),
            1
        );
        // Without a CSRF token nothing happens.
        let forged = bob
            .client
            .post(bob.url(&format!("/account/tokens/{id}/revoke")))
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
    }
}

/// The binary as an operator runs it, against the app's database with the servers' SECRET_KEY.
fn rediflow(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rediflow"))
        .env_clear()
        .current_dir(std::env::temp_dir())
        .env("DATABASE_URL", owner_url(&app.database))
        .env("SECRET_KEY", "t".repeat(64))
        .args(args)
        .output()
        .expect("binary runs")
}

#[tokio::test]
async fn the_command_line_mints_and_revokes_tokens() {
    let app = app_with_fixture(&[]).await;
    let made = rediflow(
        &app,
        &[
            "token",
            "create",
            "--user",
            "editor",
            "--scope",
            "write",
            "--days",
            "7",
            "--name",
            "nightly sync",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let token = String::from_utf8_lossy(&made.stdout).trim().to_string();
    assert!(rediflow::auth::tokens::is_well_formed(&token), "{token}");
    let me = Api::new(&app, &token).get("/me").await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["username"], "editor");
    assert_eq!(me.body["scope"], "write");
    assert_eq!(
        app.count("select count(*) from personal_access_tokens where name = 'nightly sync' and expires_at::date = (now() + interval '7 days')::date"),
        1
    );
    assert_eq!(stored_anywhere(&app, "personal_access_tokens", &token), 0);
    assert_eq!(stored_anywhere(&app, "audit_log", &token), 0);

    let id = me.body["token_id"].as_str().unwrap().to_string();
    let revoked = rediflow(&app, &["token", "revoke", &id]);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    assert!(String::from_utf8_lossy(&revoked.stdout).contains("revoked"));
    assert_eq!(Api::new(&app, &token).get("/me").await.status, 401);

    let unknown = rediflow(
        &app,
        &[
            "token",
            "create",
            "--user",
            "nobody-here",
            "--scope",
            "read",
        ],
    );
    assert!(!unknown.status.success());
    let text = String::from_utf8_lossy(&unknown.stderr);
    assert!(text.contains("there is no user \"nobody-here\""), "{text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(unknown.stdout.is_empty());

    let bad_scope = rediflow(
        &app,
        &["token", "create", "--user", "viewer", "--scope", "admin"],
    );
    assert!(!bad_scope.status.success());
    assert!(String::from_utf8_lossy(&bad_scope.stderr).contains("Choose the token's scope"));
    let missing = rediflow(
        &app,
        &["token", "revoke", "00000000-0000-0000-0000-000000000999"],
    );
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no token"));
    assert_eq!(
        app.count("select count(*) from personal_access_tokens where user_id = (select id from users where username = 'viewer')"),
        0
    );
}
