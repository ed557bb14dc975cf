//! Sessions end when they must (issue 18, item 6): a revoke is not undone by requests in flight,
//! and a signed-in session's groups are checked with the provider every
//! SESSION_REVALIDATE_MINUTES (10 by default), through the test provider of `idp.rs`.
//!
//! Time is advanced the way `sign_in::idle_and_old_sessions_end` does it: by moving the
//! session's stored timestamps into the past, so the server runs with its real 10-minute default.

use std::time::Duration;

use diesel::connection::SimpleConnection;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp};

async fn app_with(idp: &TestIdp, extra: &[(&str, &str)]) -> TestApp {
    let mut settings = vec![
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ("LOGIN_RATE_LIMIT_PER_MINUTE", "1000"),
    ];
    settings.extend_from_slice(extra);
    spawn_app_with(&settings).await
}

/// The `name=value` of the session cookie a response sets, if it sets one.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("rediflow_session="))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// Signs `username` in and returns the session cookie the sign-in set.
async fn sign_in_cookie(app: &TestApp, idp: &TestIdp, username: &str) -> String {
    idp.sign_in_next(username);
    let start = app.get_page("/login").await;
    let answer = app.client.get(location(&start)).send().await.unwrap();
    let done = app.client.get(location(&answer)).send().await.unwrap();
    assert_eq!(location(&done), "/", "{username} signed in");
    session_cookie(&done).expect("sign-in sets the session cookie")
}

/// GET `path` as a browser whose only cookie is `cookie`.
async fn get_with(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(path))
        .header("Cookie", cookie)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap()
}

fn user_id(app: &TestApp, username: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!("select id::text as name from users where username = '{username}'"),
    )
    .remove(0)
}

fn sessions_of(app: &TestApp, username: &str) -> i64 {
    app.count(&format!(
        "select count(*) as count from sessions s join users u on u.id = s.user_id
         where u.username = '{username}'"
    ))
}

/// Moves every session's last confirmation by the provider `by` into the past.
fn age_confirmations(app: &TestApp, by: &str) {
    app.sql(&format!(
        "update sessions set provider_checked_at = provider_checked_at - interval '{by}'"
    ));
}

fn stored(app: &TestApp, username: &str, column: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!(
            "select coalesce({column}::text, '') as name from users where username = '{username}'"
        ),
    )
    .remove(0)
}

#[tokio::test]
async fn a_revoked_session_stays_revoked_under_concurrent_requests() {
    const IN_FLIGHT: usize = 6;
    let idp = TestIdp::start().await;
    // Enough connections (and blocking threads) for the requests held below and the admin's.
    let app = app_with(&idp, &[("DB_POOL_SIZE", "12")]).await;
    idp.add_user(IdpUser::new("admin@test", &["rediflow-admins"]));
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    let editor = app.another_browser();
    let cookie = sign_in_cookie(&editor, &idp, "editor@test").await;
    sign_in_cookie(&app, &idp, "admin@test").await;
    let token = app.csrf_token("/users").await;
    let editor_id = user_id(&app, "editor@test");

    // Hold the editor's requests after they loaded the session and before they write it back:
    // the project list waits for this lock, then renders a page whose sign-out form puts the
    // session's first CSRF token into the state, so each of them saves the session at the end.
    let mut lock = app.owner_connection();
    lock.batch_execute("begin; lock table projects in access exclusive mode")
        .unwrap();
    let requests: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let app = app.another_browser();
            let cookie = cookie.clone();
            tokio::spawn(async move { get_with(&app, &cookie, "/projects").await })
        })
        .collect();
    // Only this database's readers: every test database is a copy of one template, so
    // `projects` has the same oid in all of them, and an autovacuum worker queues for the lock
    // too (with another lock mode). Counting either would let the revoke overtake a request not
    // yet in flight.
    let waiting = || {
        app.count(
            "select count(*) as count from pg_locks
             where not granted and relation = 'projects'::regclass and mode = 'AccessShareLock'
               and database = (select oid from pg_database where datname = current_database())",
        )
    };
    let started = std::time::Instant::now();
    while waiting() < IN_FLIGHT as i64 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the editor's requests never reached the projects table"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let revoke = tokio::time::timeout(
        Duration::from_secs(20),
        app.post_form(
            &format!("/users/{editor_id}/revoke-sessions"),
            &[("csrf_token", token.as_str())],
        ),
    )
    .await
    .expect("the revoke does not wait for the held requests");
    assert_eq!(location(&revoke), "/users");
    assert_eq!(sessions_of(&app, "editor@test"), 0, "revoked");

    lock.batch_execute("commit").unwrap();
    let mut handed_out = vec![cookie.clone()];
    for request in requests {
        let response = request.await.unwrap();
        assert_eq!(
            response.status(),
            200,
            "the request was in flight: it was served as the editor"
        );
        handed_out.extend(session_cookie(&response));
    }
    assert_eq!(
        sessions_of(&app, "editor@test"),
        0,
        "no request in flight wrote the session back"
    );
    assert_eq!(
        app.count("select count(*) as count from sessions"),
        1,
        "only the admin's session is left"
    );
    for cookie in &handed_out {
        let response = get_with(&app, cookie, "/projects").await;
        assert_eq!(response.status(), 303, "{cookie} no longer works");
        assert!(location(&response).starts_with("/login?next="));
    }
    assert_eq!(
        app.get_page("/users").await.status(),
        200,
        "the admin's session lives on"
    );
}

#[tokio::test]
async fn a_group_removed_at_the_provider_ends_the_session_within_the_interval() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('EXAMPLE', 'Example org');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
         select 'P1', 'One', id, date '2030-01-01', 12 from organisations",
    );
    idp.add_user(IdpUser::new(
        "orguser@test",
        &[
            "rediflow-editors",
            "rediflow-org-EXAMPLE",
            "rediflow-visibility-org",
        ],
    ));
    sign_in_cookie(&app, &idp, "orguser@test").await;
    assert_eq!(
        app.get_page("/projects/new").await.status(),
        200,
        "an editor"
    );
    assert!(
        app.get_page("/projects")
            .await
            .text()
            .await
            .unwrap()
            .contains("P1"),
        "who sees the organisation's project"
    );
    let asked_at_sign_in = idp.userinfo_calls();

    idp.set_groups("orguser@test", &["staff"]);
    age_confirmations(&app, "9 minutes 50 seconds");
    assert_eq!(
        app.get_page("/projects/new").await.status(),
        200,
        "within the interval the last confirmation stands"
    );
    assert_eq!(
        idp.userinfo_calls(),
        asked_at_sign_in,
        "the provider was not asked"
    );

    age_confirmations(&app, "10 seconds");
    let page = app.get_page("/projects/new").await;
    assert_eq!(
        page.status(),
        403,
        "the very request that checked applies the change"
    );
    assert!(page.text().await.unwrap().contains("No access yet"));
    assert_eq!(idp.userinfo_calls(), asked_at_sign_in + 1, "asked once");
    assert_eq!(stored(&app, "orguser@test", "role"), "none");
    assert_eq!(stored(&app, "orguser@test", "raw_groups"), "[\"staff\"]");
    assert_eq!(
        app.count(
            "select count(*) as count from user_organisations uo join users u on u.id = uo.user_id
             where u.username = 'orguser@test'"
        ),
        0,
        "no organisations any more"
    );
    // Row-level security sees the new role at once: as the app role, in this user's name, the
    // organisation's project that the editor saw is gone.
    let id = user_id(&app, "orguser@test");
    let mut as_app = connect(&app_url(&app.database));
    as_app
        .batch_execute(&format!(
            "select set_config('app.current_user_id', '{id}', false)"
        ))
        .unwrap();
    assert_eq!(
        names(
            &mut as_app,
            "select app.current_role() || ':' || coalesce(app.visibility(), 'none') as name"
        ),
        ["none:none"]
    );
    assert_eq!(
        count(&mut as_app, "select count(*) as count from projects"),
        0
    );
    assert_eq!(
        app.count(
            "select count(*) as count from sessions
             where provider_checked_at > now() - interval '1 minute'"
        ),
        1,
        "the confirmation is recorded, and the next check is an interval away"
    );
}

#[tokio::test]
async fn a_group_added_at_the_provider_applies_at_the_next_check() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("viewer@test", &["rediflow-viewers"]));
    sign_in_cookie(&app, &idp, "viewer@test").await;
    assert_eq!(
        app.get_page("/projects/new").await.status(),
        403,
        "a viewer"
    );

    idp.set_groups("viewer@test", &["rediflow-viewers", "rediflow-editors"]);
    age_confirmations(&app, "10 minutes");
    assert_eq!(
        app.get_page("/projects/new").await.status(),
        200,
        "an editor from the first request after the interval"
    );
    assert_eq!(stored(&app, "viewer@test", "role"), "editor");
    assert_eq!(app.get_page("/account").await.status(), 200);
    assert!(
        app.get_page("/account")
            .await
            .text()
            .await
            .unwrap()
            .contains("rediflow-editors")
    );
}

#[tokio::test]
async fn the_provider_refusing_ends_the_session() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    idp.add_user(IdpUser::new("viewer@test", &["rediflow-viewers"]));

    // An access token the provider stops accepting early is renewed once; the session lives on.
    let editor = app.another_browser();
    sign_in_cookie(&editor, &idp, "editor@test").await;
    idp.expire_access_tokens();
    age_confirmations(&app, "10 minutes");
    assert_eq!(editor.get_page("/projects/new").await.status(), 200);
    assert_eq!(idp.refresh_calls(), 1);

    // A deactivated user: userinfo refuses the access token, the refresh grant is refused.
    idp.deactivate("editor@test");
    age_confirmations(&app, "10 minutes");
    let response = editor.get_page("/projects").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/login?next=%2Fprojects");
    assert_eq!(
        sessions_of(&app, "editor@test"),
        0,
        "the session row is gone"
    );
    assert_eq!(
        idp.refresh_calls(),
        2,
        "a refused access token makes the server try its refresh token once"
    );

    // An expired access token whose refresh token was revoked at the provider (rotated away):
    // invalid_grant, the session ends.
    idp.set_access_token_lifetime(20);
    let viewer = app.another_browser();
    sign_in_cookie(&viewer, &idp, "viewer@test").await;
    assert_eq!(viewer.get_page("/projects").await.status(), 200);
    idp.revoke_refresh_tokens();
    age_confirmations(&app, "10 minutes");
    assert_eq!(viewer.get_page("/projects").await.status(), 303);
    assert_eq!(sessions_of(&app, "viewer@test"), 0);

    // Signing in again works at once: nobody is locked out.
    sign_in_cookie(&viewer, &idp, "viewer@test").await;
    assert_eq!(viewer.get_page("/projects").await.status(), 200);
}

#[tokio::test]
async fn an_unreachable_provider_keeps_the_session_for_the_grace_then_ends_it() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    sign_in_cookie(&app, &idp, "editor@test").await;
    let failing = || {
        app.count("select count(*) as count from sessions where provider_failing_since is not null")
    };

    idp.set_unavailable(true);
    age_confirmations(&app, "10 minutes");
    assert_eq!(
        app.get_page("/projects/new").await.status(),
        200,
        "the last confirmed groups stand while the provider is down"
    );
    assert_eq!(failing(), 1);
    let asked = idp.userinfo_calls();
    assert_eq!(app.get_page("/projects/new").await.status(), 200);
    assert_eq!(
        idp.userinfo_calls(),
        asked,
        "not asked again on every request"
    );

    // Back within the grace: the next attempt (a minute later) confirms and clears the failure.
    idp.set_unavailable(false);
    app.sql("update sessions set provider_check_started_at = provider_check_started_at - interval '61 seconds'");
    assert_eq!(app.get_page("/projects/new").await.status(), 200);
    assert_eq!(failing(), 0);
    assert_eq!(
        app.count(
            "select count(*) as count from sessions where provider_checked_at > now() - interval '1 minute'"
        ),
        1
    );

    // Down for longer than SESSION_REVALIDATE_GRACE_MINUTES (60): the next attempt ends it.
    idp.set_unavailable(true);
    age_confirmations(&app, "10 minutes");
    assert_eq!(app.get_page("/projects/new").await.status(), 200);
    assert_eq!(failing(), 1);
    app.sql(
        "update sessions set provider_failing_since = provider_failing_since - interval '60 minutes',
                             provider_check_started_at = provider_check_started_at - interval '61 seconds'",
    );
    let response = app.get_page("/projects/new").await;
    assert_eq!(response.status(), 303, "ended after the grace");
    assert_eq!(sessions_of(&app, "editor@test"), 0);

    // Not locked out for longer than the outage: sign-in works once the provider is back.
    idp.set_unavailable(false);
    sign_in_cookie(&app, &idp, "editor@test").await;
    assert_eq!(app.get_page("/projects/new").await.status(), 200);
}

#[tokio::test]
async fn concurrent_requests_ask_the_provider_once_and_keep_the_rotated_refresh_token() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    // Access tokens inside the server's 30-second margin: every check refreshes first.
    idp.set_access_token_lifetime(20);
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    let cookie = sign_in_cookie(&app, &idp, "editor@test").await;
    let sealed_at_sign_in = names(
        &mut app.owner_connection(),
        "select provider_grant as name from sessions",
    )
    .remove(0);
    for issued in idp.issued_tokens() {
        assert!(
            !sealed_at_sign_in.contains(&issued),
            "the provider's tokens are stored sealed"
        );
    }
    assert_eq!(
        app.count("select count(*) as count from sessions where state ? 'provider_grant'"),
        0,
        "and never in the state"
    );

    for round in 1..=2 {
        age_confirmations(&app, "10 minutes");
        let requests: Vec<_> = (0..8)
            .map(|_| {
                let app = app.another_browser();
                let cookie = cookie.clone();
                tokio::spawn(async move { get_with(&app, &cookie, "/projects").await.status() })
            })
            .collect();
        for request in requests {
            assert_eq!(request.await.unwrap(), 200, "round {round}");
        }
        assert_eq!(idp.refresh_calls(), round, "one refresh per check");
        // The rotated refresh token was kept: the next round's refresh is accepted.
    }
    assert_eq!(get_with(&app, &cookie, "/projects").await.status(), 200);
}
