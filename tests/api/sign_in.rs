//! Sign-in with OpenID Connect against the test provider of `idp.rs`: the whole flow for each
//! group combination of SPEC §6, sessions, logout, and every refusal.

use std::time::Duration;

use serde_json::json;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, Tamper, TestIdp};

/// A server signed in through `idp`, with a generous rate limit unless a test sets one.
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

/// Runs the browser's part of a sign-in for `username`, starting at `/login?next=<next>`;
/// returns the server's answer to the callback.
async fn sign_in(app: &TestApp, idp: &TestIdp, username: &str, next: &str) -> reqwest::Response {
    idp.sign_in_next(username);
    let start = app
        .get_page(&format!(
            "/login?next={}",
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        ))
        .await;
    assert_eq!(start.status(), 303, "/login redirects to the provider");
    let authorize = location(&start);
    assert!(
        authorize.starts_with(&format!("{}/application/o/authorize/", idp.base)),
        "{authorize}"
    );
    for part in [
        "code_challenge_method=S256",
        "code_challenge=",
        "state=",
        "nonce=",
        "scope=openid+profile+email+groups",
    ] {
        assert!(authorize.contains(part), "{part} missing from {authorize}");
    }
    let answer = app.client.get(&authorize).send().await.unwrap();
    let callback = location(&answer);
    assert!(
        callback.starts_with(&format!("{}/oauth/callback?", app.address)),
        "{callback}"
    );
    app.client
        .get(&callback)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap()
}

fn nothing_was_created(app: &TestApp) {
    assert_eq!(
        app.count("select count(*) as count from users"),
        0,
        "no user row"
    );
    assert_eq!(
        app.count("select count(*) as count from sessions"),
        0,
        "no session"
    );
}

#[tokio::test]
async fn each_group_combination_gets_its_role_visibility_and_organisations() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    app.sql("insert into organisations (short_name, name) values ('EXAMPLE', 'Example org')");
    // username, groups, stored role, stored visibility, organisations
    type Case<'a> = (&'a str, &'a [&'a str], &'a str, &'a str, &'a [&'a str]);
    let cases: &[Case] = &[
        (
            "admin@test",
            &["rediflow-admins", "rediflow-visibility-assigned"],
            "admin",
            "all",
            &[],
        ),
        (
            "super@test",
            &["rediflow-super-admins"],
            "super_admin",
            "all",
            &[],
        ),
        ("editor@test", &["rediflow-editors"], "editor", "all", &[]),
        ("viewer@test", &["rediflow-viewers"], "viewer", "all", &[]),
        (
            "orguser@test",
            &[
                "rediflow-editors",
                "rediflow-org-EXAMPLE",
                "rediflow-visibility-org",
            ],
            "editor",
            "org",
            &["EXAMPLE"],
        ),
        (
            "assigned@test",
            &[
                "rediflow-viewers",
                "rediflow-visibility-org",
                "rediflow-visibility-assigned",
            ],
            "viewer",
            "assigned",
            &[],
        ),
        (
            "unknownorg@test",
            &[
                "rediflow-viewers",
                "rediflow-org-NOWHERE",
                "rediflow-org-EXAMPLE",
            ],
            "viewer",
            "all",
            &["EXAMPLE"],
        ),
    ];
    for (username, groups, role, visibility, orgs) in cases {
        idp.add_user(IdpUser::new(username, groups));
        let client_app = app.another_browser();
        let response = sign_in(&client_app, &idp, username, "/projects").await;
        assert_eq!(location(&response), "/projects", "{username}");
        let page = client_app.get_page("/projects").await;
        assert_eq!(page.status(), 200, "{username} may see projects");

        let mut conn = app.owner_connection();
        let stored = names(
            &mut conn,
            &format!(
                "select role || '/' || visibility as name from users where username = '{username}'"
            ),
        );
        assert_eq!(stored, [format!("{role}/{visibility}")], "{username}");
        let member_of = names(
            &mut conn,
            &format!(
                "select o.short_name as name from user_organisations uo join organisations o on o.id = uo.organisation_id
                 join users u on u.id = uo.user_id where u.username = '{username}' order by 1"
            ),
        );
        assert_eq!(member_of, *orgs, "{username}");
    }
    // Unknown organisation names are kept and shown, not fatal.
    let mut conn = app.owner_connection();
    assert_eq!(
        names(
            &mut conn,
            "select unnest(org_short_names) as name from users where username = 'unknownorg@test' order by 1"
        ),
        ["EXAMPLE", "NOWHERE"]
    );
}

#[tokio::test]
async fn project_visibility_default_makes_editors_org_scoped() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[("PROJECT_VISIBILITY_ENABLED", "true")]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    idp.add_user(IdpUser::new("admin@test", &["rediflow-admins"]));
    sign_in(&app, &idp, "editor@test", "/").await;
    let other = app.another_browser();
    sign_in(&other, &idp, "admin@test", "/").await;
    let mut conn = app.owner_connection();
    assert_eq!(
        names(
            &mut conn,
            "select username || ':' || visibility as name from users order by 1"
        ),
        ["admin@test:all", "editor@test:org"]
    );
}

#[tokio::test]
async fn groups_as_objects_in_userinfo_only_and_ak_groups() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    let mut user = IdpUser::new("objects@test", &[]);
    user.groups =
        json!([{"name": "rediflow-editors", "pk": "1"}, {"name": "rediflow-org-EXAMPLE"}]);
    user.claim = "ak_groups";
    user.in_id_token = false;
    user.in_userinfo = true;
    idp.add_user(user);
    let response = sign_in(&app, &idp, "objects@test", "/").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select role as name from users"
        ),
        ["editor"]
    );
    let html = app.get_page("/account").await.text().await.unwrap();
    assert!(
        html.contains("rediflow-editors") && html.contains("EXAMPLE?"),
        "groups and unknown org shown: {html}"
    );
}

#[tokio::test]
async fn sign_in_links_the_person_and_renews_the_session() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('EXAMPLE', 'Example');
         insert into persons (code, first_name, organisation_id) select 'editor@test', 'Eddie', id from organisations;
         insert into persons (code, first_name, email, organisation_id) select 'p2', 'Vera', 'viewer@example.org', id from organisations;",
    );
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    idp.add_user(IdpUser::new("viewer@test", &["rediflow-viewers"]));

    // The session that existed before sign-in (it held the pending state) is replaced.
    idp.sign_in_next("editor@test");
    let start = app.get_page("/login").await;
    let before = session_cookie(&start);
    let answer = app.client.get(location(&start)).send().await.unwrap();
    let done = app.client.get(location(&answer)).send().await.unwrap();
    assert_eq!(location(&done), "/");
    let after = session_cookie(&done);
    assert_ne!(before, after, "the session id is renewed at sign-in");
    assert_eq!(
        app.count("select count(*) as count from sessions"),
        1,
        "the pre-login session is gone"
    );
    assert_eq!(
        app.count("select count(*) as count from sessions where user_id is not null"),
        1
    );

    let other = app.another_browser();
    sign_in(&other, &idp, "viewer@test", "/").await;
    let mut conn = app.owner_connection();
    assert_eq!(
        names(
            &mut conn,
            "select p.code || '=' || u.username as name from persons p join users u on u.id = p.user_id order by 1"
        ),
        ["editor@test=editor@test", "p2=viewer@test"],
        "linked by code, else by email"
    );
    let html = app.get_page("/account").await.text().await.unwrap();
    assert!(
        html.contains("<dt>Linked person</dt><dd>editor@test</dd>"),
        "{html}"
    );
}

/// The provider's word that an e-mail is the user's is what links a person by e-mail: an
/// unverified address is whatever was typed at the provider, and would hand that person's plan
/// to anyone who typed it. Linking by username = person code does not depend on it.
#[tokio::test]
async fn a_person_is_linked_by_email_only_when_the_provider_verified_it() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('EXAMPLE', 'Example');
         insert into persons (code, first_name, email, organisation_id)
           select c, 'P', c || '@example.org', id from organisations, unnest(array['fake', 'silent', 'real']) c;
         insert into persons (code, first_name, email, organisation_id)
           select 'coded@test', 'C', 'somebody-else@example.org', id from organisations;",
    );
    let user = |username: &str, email: &str, verified: Option<bool>| {
        let mut user = IdpUser::new(username, &["rediflow-viewers"]);
        user.email = email.to_string();
        user.email_verified = verified;
        user
    };
    idp.add_user(user("mallory@test", "fake@example.org", Some(false)));
    idp.add_user(user("quiet@test", "silent@example.org", None));
    idp.add_user(user("owner@test", "real@example.org", Some(true)));
    idp.add_user(user("coded@test", "unverified@example.org", Some(false)));
    for username in ["mallory@test", "quiet@test", "owner@test", "coded@test"] {
        let response = sign_in(&app.another_browser(), &idp, username, "/").await;
        assert_eq!(location(&response), "/", "{username} signs in");
    }
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select p.code || '=' || coalesce(u.username, '-') as name
             from persons p left join users u on u.id = p.user_id order by 1"
        ),
        [
            "coded@test=coded@test",
            "fake=-",
            "real=owner@test",
            "silent=-"
        ],
        "linked by code, or by a verified e-mail only"
    );
    // The e-mail is still kept on the user, only not trusted for linking.
    assert_eq!(
        app.count(
            "select count(*) as count from users where username = 'mallory@test' and email = 'fake@example.org'"
        ),
        1
    );
}

fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("rediflow_session="))
        .map(|v| {
            assert!(v.contains("HttpOnly") && v.contains("SameSite=Lax"), "{v}");
            v.split(';').next().unwrap().to_string()
        })
        .unwrap_or_else(|| panic!("no session cookie set"))
}

#[tokio::test]
async fn pages_require_sign_in() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    let response = app.get_page("/projects?state=running").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        location(&response),
        "/login?next=%2Fprojects%3Fstate%3Drunning"
    );
    let response = app
        .client
        .get(app.url("/projects"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    for public in ["/healthz", "/readyz", "/static/css/rediflow.css", "/logout"] {
        assert_eq!(
            app.get_page(public).await.status(),
            200,
            "{public} is public"
        );
    }
    nothing_was_created(&app);
}

/// One request written by hand, for what reqwest cannot send (no `Accept` header at all);
/// returns the status and the `Location` header.
async fn raw_request(app: &TestApp, request_line: &str) -> (u16, Option<String>) {
    use std::io::{Read, Write};
    let host = app.address.trim_start_matches("http://").to_string();
    let request = format!("{request_line}\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&host).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        // HEAD answers have no body, and a 303 hardly any: the head is what is read.
        let _ = stream.read_to_string(&mut answer);
        let head = answer.split("\r\n\r\n").next().unwrap().to_string();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let location = head
            .lines()
            .find_map(|line| {
                line.strip_prefix("location: ")
                    .or(line.strip_prefix("Location: "))
            })
            .map(str::to_string);
        (status, location)
    })
    .await
    .unwrap()
}

/// Scripts, link checkers and prefetchers ask for anything (`*/*`) or say nothing: they are sent
/// to sign in like a browser. Only a client that asks for JSON gets a bare 401. A write without a
/// session changes nothing and says so.
#[tokio::test]
async fn only_json_requests_get_401_everything_else_is_sent_to_sign_in() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    let to_sign_in = "/login?next=%2Fprojects%3Fstate%3Drunning";
    let get = |accept: &'static str| {
        app.client
            .get(app.url("/projects?state=running"))
            .header("Accept", accept)
            .send()
    };
    for accept in [
        "*/*",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "text/plain",
        "application/json;q=0.5, text/html",
    ] {
        let response = get(accept).await.unwrap();
        assert_eq!(response.status(), 303, "Accept: {accept}");
        assert_eq!(location(&response), to_sign_in, "Accept: {accept}");
    }
    for request_line in [
        "GET /projects?state=running HTTP/1.1",
        "HEAD /projects?state=running HTTP/1.1",
    ] {
        assert_eq!(
            raw_request(&app, request_line).await,
            (303, Some(to_sign_in.to_string())),
            "{request_line} without Accept"
        );
    }
    let head = app
        .client
        .head(app.url("/projects?state=running"))
        .header("Accept", "*/*")
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 303);
    assert_eq!(location(&head), to_sign_in);

    for accept in [
        "application/json",
        "application/json, text/plain, */*",
        "application/problem+json",
        "text/html;q=0.5, application/json",
    ] {
        let response = get(accept).await.unwrap();
        assert_eq!(response.status(), 401, "Accept: {accept}");
        assert!(response.headers().get("location").is_none());
    }

    // A form sent after the session ended (or by a script without one): 401, nothing saved, and
    // for a browser a way to sign in that leads back to the page the form was on.
    let token_less = app
        .client
        .post(app.url("/projects"))
        .header("Origin", &app.address)
        .header("Referer", app.url("/projects/new?template=1"))
        .header("Accept", "text/html")
        .form(&[("name", "Sneaky"), ("code", "SNK")])
        .send()
        .await
        .unwrap();
    assert_eq!(token_less.status(), 401);
    let html = token_less.text().await.unwrap();
    assert!(html.contains("nothing was changed"), "{html}");
    assert!(
        html.contains("href=\"/login?next=%2Fprojects%2Fnew%3Ftemplate%3D1\""),
        "{html}"
    );
    let scripted = app
        .client
        .post(app.url("/projects"))
        .header("Origin", &app.address)
        .header("Accept", "*/*")
        .form(&[("name", "Sneaky"), ("code", "SNK")])
        .send()
        .await
        .unwrap();
    assert_eq!(scripted.status(), 401, "a write is never redirected");
    assert_eq!(app.count("select count(*) as count from projects"), 0);
    nothing_was_created(&app);
}

/// HEAD (`curl -I`, link checkers, a load balancer's health check) is answered as GET without the
/// body, not with a misleading 404.
#[tokio::test]
async fn head_is_answered_like_get() {
    let app = spawn_app().await;
    for path in ["/healthz", "/projects", "/static/css/rediflow.css"] {
        let get = app.get_page(path).await;
        let head = app
            .client
            .head(app.url(path))
            .header("Accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(head.status(), 200, "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "HEAD {path}"
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} has no body"
        );
    }
    let missing = app
        .client
        .head(app.url("/no-such-page"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn users_without_a_role_group_get_the_no_access_page() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new(
        "stranger@test",
        &["staff", "rediflow-org-EXAMPLE"],
    ));
    let response = sign_in(&app, &idp, "stranger@test", "/projects").await;
    assert_eq!(location(&response), "/projects");
    let page = app.get_page("/projects").await;
    assert_eq!(page.status(), 403);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("No access yet")
            && html.contains("ask an administrator to add you to a rediflow group"),
        "{html}"
    );
    // Sign-in is configured: the no-auth banner and the administrators' links do not apply.
    assert!(
        !html.contains("Sign-in is not configured") && !html.contains("href=\"/users\""),
        "{html}"
    );
    assert_eq!(
        app.get_page("/account").await.status(),
        200,
        "the account page stays reachable"
    );
}

#[tokio::test]
async fn open_redirects_in_next_go_home() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    for next in [
        "//evil.example/x",
        "https://evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "http:evil.example",
    ] {
        let client_app = app.another_browser();
        let response = sign_in(&client_app, &idp, "editor@test", next).await;
        assert_eq!(location(&response), "/", "{next:?}");
    }
    let client_app = app.another_browser();
    let response = sign_in(&client_app, &idp, "editor@test", "/projects?x=1").await;
    assert_eq!(location(&response), "/projects?x=1");
}

#[tokio::test]
async fn logout_ends_the_session_here_and_at_the_provider() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    sign_in(&app, &idp, "editor@test", "/").await;
    let token = app.csrf_token("/").await;

    // Without the token, or from another site, nothing happens.
    let forged = app.post_form("/logout", &[("csrf_token", "forged")]).await;
    assert_eq!(forged.status(), 403);
    let cross_site = app
        .client
        .post(app.url("/logout"))
        .header("Origin", "http://evil.example")
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(app.count("select count(*) as count from sessions"), 1);
    assert_eq!(app.get_page("/").await.status(), 200, "still signed in");

    let response = app
        .post_form("/logout", &[("csrf_token", token.as_str())])
        .await;
    let target = url::Url::parse(&location(&response)).unwrap();
    assert!(
        target
            .as_str()
            .starts_with(&format!("{}/application/o/rediflow/end-session/", idp.base)),
        "{target}"
    );
    let query: std::collections::HashMap<_, _> = target.query_pairs().into_owned().collect();
    assert!(
        query["id_token_hint"].split('.').count() == 3,
        "the ID token is the hint"
    );
    assert_eq!(
        query["post_logout_redirect_uri"],
        format!("{}/logout", app.address)
    );
    app.client.get(target.as_str()).send().await.unwrap();
    let calls = idp.end_session_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["client_id"], CLIENT_ID);
    assert_eq!(
        app.count("select count(*) as count from sessions"),
        0,
        "the session row is deleted"
    );
    assert_eq!(app.get_page("/").await.status(), 303, "signed out");
    let signed_out = app.get_page("/logout").await.text().await.unwrap();
    assert!(signed_out.contains("You have signed out"));
}

#[tokio::test]
async fn an_admin_revokes_a_stolen_session() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("admin@test", &["rediflow-admins"]));
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    let editor = app.another_browser();
    sign_in(&editor, &idp, "editor@test", "/").await;
    sign_in(&app, &idp, "admin@test", "/").await;
    assert_eq!(editor.get_page("/").await.status(), 200);
    assert_eq!(
        editor.get_page("/users").await.status(),
        403,
        "editors may not list users"
    );

    let html = app.get_page("/users").await.text().await.unwrap();
    assert!(
        html.contains("editor@test") && html.contains("rediflow-editors"),
        "{html}"
    );
    let editor_id = names(
        &mut app.owner_connection(),
        "select id::text as name from users where username = 'editor@test'",
    )
    .remove(0);
    let token = csrf_token_in(&html).unwrap();
    let response = app
        .post_form(
            &format!("/users/{editor_id}/revoke-sessions"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(location(&response), "/users");
    assert_eq!(
        editor.get_page("/").await.status(),
        303,
        "the revoked cookie no longer works"
    );
    assert_eq!(
        app.get_page("/").await.status(),
        200,
        "the admin's own session lives on"
    );
}

#[tokio::test]
async fn idle_and_old_sessions_end() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    sign_in(&app, &idp, "editor@test", "/").await;
    app.sql("update sessions set last_seen_at = now() - interval '8 hours 1 minute'");
    assert_eq!(
        app.get_page("/").await.status(),
        303,
        "idle for longer than 8 hours"
    );
    assert_eq!(
        app.count("select count(*) as count from sessions where user_id is not null"),
        0
    );

    sign_in(&app, &idp, "editor@test", "/").await;
    app.sql("update sessions set created_at = now() - interval '7 days 1 minute'");
    assert_eq!(app.get_page("/").await.status(), 303, "older than 7 days");
}

// ---- refusals: each leaves no user row and no session ----

async fn refused(tamper: Tamper, expected_status: u16, message: &str) {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    idp.tamper(tamper);
    let response = sign_in(&app, &idp, "editor@test", "/").await;
    assert_eq!(response.status().as_u16(), expected_status, "{tamper:?}");
    let html = response.text().await.unwrap();
    assert!(html.contains(message), "{tamper:?}: {html}");
    nothing_was_created(&app);
    assert_eq!(
        app.get_page("/").await.status(),
        303,
        "{tamper:?}: not signed in"
    );
}

const NOT_VERIFIED: &str = "could not be verified, so you were not signed in";

#[tokio::test]
async fn wrong_audience_is_refused() {
    refused(Tamper::WrongAudience, 403, NOT_VERIFIED).await;
}

#[tokio::test]
async fn issuer_without_trailing_slash_is_refused() {
    refused(Tamper::IssuerWithoutSlash, 403, NOT_VERIFIED).await;
}

#[tokio::test]
async fn expired_token_is_refused() {
    refused(Tamper::Expired, 403, NOT_VERIFIED).await;
}

#[tokio::test]
async fn bad_signature_is_refused() {
    refused(Tamper::BadSignature, 403, NOT_VERIFIED).await;
}

#[tokio::test]
async fn wrong_nonce_is_refused() {
    refused(Tamper::WrongNonce, 403, NOT_VERIFIED).await;
}

#[tokio::test]
async fn symmetric_algorithm_is_refused() {
    refused(Tamper::AlgHs256, 403, NOT_VERIFIED).await;
}

#[tokio::test]
async fn missing_id_token_is_refused() {
    refused(Tamper::NoIdToken, 403, NOT_VERIFIED).await;
}

#[tokio::test]
async fn userinfo_for_another_subject_is_refused() {
    refused(
        Tamper::UserinfoOtherSubject,
        403,
        "did not confirm your sign-in",
    )
    .await;
}

#[tokio::test]
async fn access_denied_by_the_provider_is_refused() {
    refused(Tamper::AccessDenied, 403, "access_denied").await;
}

#[tokio::test]
async fn rotated_keys_are_fetched_again_once() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    sign_in(&app, &idp, "editor@test", "/").await;
    let discoveries = idp.discovery_count();
    idp.rotate_keys();
    let second = app.another_browser();
    let response = sign_in(&second, &idp, "editor@test", "/").await;
    assert_eq!(location(&response), "/", "signed in with the new key");
    assert_eq!(
        idp.discovery_count(),
        discoveries + 1,
        "metadata and keys fetched again once"
    );
}

#[tokio::test]
async fn wrong_replayed_and_expired_state_are_refused() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[("LOGIN_STATE_TTL_SECONDS", "1")]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));

    // Wrong state: a callback this browser never started.
    let response = app.get_page("/oauth/callback?code=abc&state=forged").await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("not valid any more")
    );
    nothing_was_created(&app);

    // Expired: the provider answered after the state's lifetime.
    idp.sign_in_next("editor@test");
    let start = app.get_page("/login").await;
    let answer = app.client.get(location(&start)).send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let response = app
        .client
        .get(location(&answer))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("has expired"));
    nothing_was_created(&app);

    // Replayed: a used callback URL, presented again by another browser and by the same one.
    idp.sign_in_next("editor@test");
    let start = app.get_page("/login").await;
    let answer = app.client.get(location(&start)).send().await.unwrap();
    let callback = location(&answer);
    assert_eq!(
        app.client.get(&callback).send().await.unwrap().status(),
        303
    );
    let thief = new_client();
    let replay = thief
        .get(&callback)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 400);
    let again = app
        .client
        .get(&callback)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400, "single use");
    assert_eq!(app.count("select count(*) as count from users"), 1);
    assert_eq!(
        app.count("select count(*) as count from sessions"),
        1,
        "only the real sign-in's session"
    );
}

#[tokio::test]
async fn provider_down_at_start_then_back() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let issuer = format!("http://127.0.0.1:{port}/application/o/rediflow/");
    let app = spawn_app_with(&[
        ("OIDC_ISSUER", issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "the server started"
    );
    let response = app.get_page("/login").await;
    assert_eq!(response.status(), 503);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("sign-in service is unreachable")
    );
    nothing_was_created(&app);

    let idp = TestIdp::start_on(std::net::TcpListener::bind(("127.0.0.1", port)).unwrap()).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    let response = sign_in(&app, &idp, "editor@test", "/").await;
    assert_eq!(
        location(&response),
        "/",
        "sign-in works once the provider is back"
    );

    // Provider down in the middle of a sign-in: the token request fails.
    idp.sign_in_next("editor@test");
    let fresh = app.another_browser();
    let start = fresh.get_page("/login").await;
    let answer = fresh.client.get(location(&start)).send().await.unwrap();
    idp.stop().await;
    let response = fresh
        .client
        .get(location(&answer))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(
        response.status() == 403 || response.status() == 503,
        "{}",
        response.status()
    );
    assert_eq!(
        app.count("select count(*) as count from sessions"),
        1,
        "only the earlier sign-in"
    );
}

/// The limits of a deployment that sets none (docs/auth.md, "Sign-in limits").
async fn app_with_default_limits(idp: &TestIdp) -> TestApp {
    spawn_app_with(&[
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await
}

/// The seconds of a 429's `Retry-After`, checked to be within the minute of the limits.
fn retry_after(response: &reqwest::Response) -> u64 {
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=120).contains(&wait), "Retry-After {wait}");
    wait
}

/// A whole office behind one NAT address signs in within a minute: half of them at the same
/// moment (a training room told to open Rediflow now, their sign-ins all under way at once),
/// the rest one after the other, with the everyday failures among them (one cancels at the
/// provider and tries again, one presses Back onto the used callback).
#[tokio::test]
async fn fifty_colleagues_behind_one_address_sign_in_within_a_minute() {
    let idp = TestIdp::start().await;
    let app = app_with_default_limits(&idp).await;
    let began = std::time::Instant::now();
    let colleagues: Vec<String> = (1..=50).map(|i| format!("colleague{i:02}@test")).collect();
    for name in &colleagues {
        idp.add_user(IdpUser::new(name, &["rediflow-viewers"]));
    }
    let browsers: Vec<TestApp> = colleagues.iter().map(|_| app.another_browser()).collect();

    let mut under_way = Vec::new();
    for browser in &browsers[..25] {
        let start = browser.get_page("/login?next=%2Fprojects").await;
        assert_eq!(
            start.status(),
            303,
            "sign-in {} starts",
            under_way.len() + 1
        );
        under_way.push(location(&start));
    }
    for ((browser, authorize), name) in browsers.iter().zip(&under_way).zip(&colleagues) {
        idp.sign_in_next(name);
        let answer = browser.client.get(authorize).send().await.unwrap();
        let done = browser
            .client
            .get(location(&answer))
            .header("Accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303, "{name}");
        assert_eq!(location(&done), "/projects", "{name}");
    }

    // One cancels at the provider, then signs in after all.
    idp.tamper(Tamper::AccessDenied);
    let cancelled = sign_in(&browsers[25], &idp, &colleagues[25], "/projects").await;
    assert_eq!(cancelled.status(), 403);
    idp.tamper(Tamper::None);
    for (browser, name) in browsers[25..].iter().zip(&colleagues[25..]) {
        let response = sign_in(browser, &idp, name, "/projects").await;
        assert_eq!(response.status(), 303, "{name}");
        assert_eq!(location(&response), "/projects", "{name}");
    }
    // One presses Back onto the callback already used.
    idp.sign_in_next(&colleagues[0]);
    let again = browsers[0].get_page("/login").await;
    let answer = browsers[0]
        .client
        .get(location(&again))
        .send()
        .await
        .unwrap();
    let callback = location(&answer);
    assert_eq!(
        browsers[0]
            .get_page(&callback[app.address.len()..])
            .await
            .status(),
        303
    );
    assert_eq!(
        browsers[0]
            .get_page(&callback[app.address.len()..])
            .await
            .status(),
        400
    );

    assert!(
        began.elapsed() < Duration::from_secs(60),
        "all within a minute: {:?}",
        began.elapsed()
    );
    for (browser, name) in browsers.iter().zip(&colleagues) {
        assert_eq!(browser.get_page("/projects").await.status(), 200, "{name}");
    }
    assert_eq!(app.count("select count(*) as count from users"), 50);
    assert_eq!(
        app.count(
            "select count(distinct user_id) as count from sessions where user_id is not null"
        ),
        50
    );
}

/// A script forging callbacks from one address, some with states it made up and some with
/// states it started itself but a made-up code, is slowed after the documented 20 refusals,
/// for every further attempt. A colleague at the same address whose sign-in was already under
/// way still completes it; new sign-ins there wait for Retry-After; other addresses are not
/// affected. Nothing of the flood is stored.
#[tokio::test]
async fn three_hundred_forged_callbacks_from_one_address_are_slowed() {
    let idp = TestIdp::start().await;
    let app = app_with_default_limits(&idp).await;
    idp.add_user(IdpUser::new("colleague@test", &["rediflow-editors"]));
    idp.add_user(IdpUser::new("elsewhere@test", &["rediflow-editors"]));
    let colleague = app.another_browser();
    let start = colleague.get_page("/login").await;
    let colleague_at_provider = location(&start);

    let mut refused = 0;
    let mut slowed = 0;
    for attempt in 0..300 {
        let forger = app.another_browser();
        let response = if attempt % 2 == 0 {
            forger
                .get_page(&format!("/oauth/callback?state=made-up-{attempt}&code=x"))
                .await
        } else {
            let start = forger.get_page("/login").await;
            if start.status() == 429 {
                start
            } else {
                let authorize = location(&start);
                let state = authorize
                    .split("state=")
                    .nth(1)
                    .unwrap()
                    .split('&')
                    .next()
                    .unwrap();
                forger
                    .get_page(&format!("/oauth/callback?state={state}&code=made-up"))
                    .await
            }
        };
        if response.status() == 429 {
            retry_after(&response);
            slowed += 1;
        } else {
            assert!(
                slowed == 0,
                "attempt {attempt} answered {} after the limit was reached",
                response.status()
            );
            assert!(
                [400, 403].contains(&response.status().as_u16()),
                "attempt {attempt}: {}",
                response.status()
            );
            refused += 1;
        }
    }
    assert_eq!(refused, 20, "refused before the limit");
    assert_eq!(slowed, 280);

    idp.sign_in_next("colleague@test");
    let answer = colleague
        .client
        .get(&colleague_at_provider)
        .send()
        .await
        .unwrap();
    let done = colleague
        .client
        .get(location(&answer))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&done),
        "/",
        "a sign-in under way before the flood completes"
    );
    retry_after(&app.another_browser().get_page("/login").await);

    let elsewhere = TestApp {
        client: browser_from("127.0.0.2"),
        ..app.another_browser()
    };
    let response = sign_in(&elsewhere, &idp, "elsewhere@test", "/").await;
    assert_eq!(location(&response), "/", "another address signs in");

    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select username as name from users order by 1"
        ),
        ["colleague@test", "elsewhere@test"]
    );
    assert_eq!(
        app.count("select count(*) as count from sessions"),
        2,
        "the flood left no session behind"
    );
}

#[tokio::test]
async fn sign_in_endpoints_are_rate_limited() {
    let idp = TestIdp::start().await;
    let app = app_with(
        &idp,
        &[
            ("LOGIN_RATE_LIMIT_PER_MINUTE", "3"),
            ("LOGIN_CEILING_PER_MINUTE", "5"),
        ],
    )
    .await;
    // Refused callbacks: three, then 429 for callbacks and sign-in starts alike.
    for _ in 0..3 {
        let forged = app.get_page("/oauth/callback?state=x&code=y").await;
        assert_eq!(forged.status(), 400);
    }
    retry_after(&app.get_page("/oauth/callback?state=x&code=y").await);
    retry_after(&app.get_page("/login").await);
    assert_eq!(
        app.get_page("/healthz").await.status(),
        200,
        "other paths are not limited"
    );

    // The ceiling: sign-ins started from one address, whatever becomes of them.
    let other = client_from("127.0.0.2");
    for i in 1..=5 {
        let start = other.get(app.url("/login")).send().await.unwrap();
        assert_eq!(start.status(), 303, "start {i}");
    }
    retry_after(&other.get(app.url("/login")).send().await.unwrap());
}

/// A client whose connections come from `source`, another loopback address than the server's.
fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(source.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

/// A browser (keeping cookies) whose connections come from `source`.
fn browser_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .local_address(source.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

#[tokio::test]
async fn forwarded_for_counts_only_from_a_trusted_proxy() {
    // The reverse proxy is 127.0.0.1; 127.0.0.2 is any other client that reaches the server.
    // TRUST_FORWARDED_FOR=true as the qa and prod examples had it: it no longer makes every
    // X-Forwarded-For count.
    let app = spawn_app_with(&[
        ("LOGIN_CEILING_PER_MINUTE", "3"),
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("TRUST_FORWARDED_FOR", "true"),
    ])
    .await;
    let login = |client: &reqwest::Client, forwarded_for: &str| {
        client
            .get(app.url("/login"))
            .header("X-Forwarded-For", forwarded_for)
            .send()
    };
    let proxy = client_from("127.0.0.1");
    for _ in 0..3 {
        assert_eq!(login(&proxy, "203.0.113.7").await.unwrap().status(), 303);
    }
    // The client the proxy names is limited, whatever it wrote in front of the proxy's entry ...
    let limited = login(&proxy, "198.51.100.99, 203.0.113.7").await.unwrap();
    assert_eq!(limited.status(), 429);
    // ... and another client behind the same proxy is not.
    assert_eq!(login(&proxy, "203.0.113.8").await.unwrap().status(), 303);

    // A client that is no proxy cannot dodge the limit by naming someone else each time.
    let stranger = client_from("127.0.0.2");
    for i in 1..=3 {
        let response = login(&stranger, &format!("192.0.2.{i}")).await.unwrap();
        assert_eq!(response.status(), 303, "attempt {i}");
    }
    let flooded = login(&stranger, "192.0.2.4").await.unwrap();
    assert_eq!(
        flooded.status(),
        429,
        "the stranger's own address is counted"
    );
    // The addresses it named were not counted: through the proxy they are still free.
    assert_eq!(login(&proxy, "192.0.2.1").await.unwrap().status(), 303);
}

#[tokio::test]
async fn an_answer_naming_another_issuer_is_refused() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("editor@test", &["rediflow-editors"]));
    idp.sign_in_next("editor@test");
    let start = app.get_page("/login").await;
    let answer = app.client.get(location(&start)).send().await.unwrap();
    let mixed_up = format!("{}&iss=http%3A%2F%2Fevil.example%2F", location(&answer));
    let response = app
        .client
        .get(&mixed_up)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("came from another sign-in service")
    );
    nothing_was_created(&app);
}

#[tokio::test]
async fn every_response_has_its_own_csp_nonce_and_pages_are_not_cached() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    let nonce = |r: &reqwest::Response| {
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"),
            "{csp}"
        );
        csp.split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap()
            .to_string()
    };
    let first = app.get_page("/logout").await;
    let second = app.get_page("/logout").await;
    assert_ne!(nonce(&first), nonce(&second));
    // Signing out is a form POST redirected to the provider's end-session endpoint; browsers
    // apply form-action to that redirect, so the provider's origin must be allowed.
    let csp = first.headers()["content-security-policy"].to_str().unwrap();
    let provider = url::Url::parse(idp.issuer.as_str()).unwrap();
    assert!(
        csp.contains(&format!(
            "form-action 'self' {}",
            provider.origin().ascii_serialization()
        )),
        "{csp}"
    );
    assert_eq!(
        first.headers()["cache-control"],
        "no-store",
        "the back button must not show data again"
    );
    let css = app.get_page("/static/css/rediflow.css").await;
    assert!(
        css.headers()
            .get("cache-control")
            .is_none_or(|v| v != "no-store")
    );
}

#[tokio::test]
async fn qa_sends_hsts_and_secure_cookies() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[("APP_ENV", "qa")]).await;
    let response = app.get_page("/login").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=63072000; includeSubDomains"
    );
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn a_provider_gone_before_the_token_exchange_is_unavailable_not_a_refusal() {
    let idp = TestIdp::start().await;
    let app = app_with(&idp, &[]).await;
    idp.add_user(IdpUser::new("gone@test", &["rediflow-viewers"]));
    idp.sign_in_next("gone@test");
    let start = app.get_page("/login?next=%2Fprojects").await;
    let answer = app.client.get(location(&start)).send().await.unwrap();
    let callback = location(&answer);
    // The provider stops answering after the browser came back with the code.
    idp.stop().await;
    let done = app
        .client
        .get(&callback)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 503, "try again later, not 403");
    let body = done.text().await.unwrap();
    assert!(
        body.contains("The sign-in service is unreachable right now"),
        "{body}"
    );
    assert_eq!(
        app.count("select count(*) from users where username = 'gone@test'"),
        0,
        "nobody was recorded"
    );
    let after = app.get_page("/projects").await;
    assert_eq!(after.status(), 303, "still signed out");
    assert!(
        location(&after).starts_with("/login"),
        "{}",
        location(&after)
    );
}
