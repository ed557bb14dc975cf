//! The same sign-in against a second, independent peer: npm `oidc-provider` (a certified OpenID
//! provider) configured like Authentik, run by node on 127.0.0.1 (`tests/oidc-provider/`).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::*;

const CLIENT_ID: &str = "rediflow-peer";
const CLIENT_SECRET: &str = "rediflow-peer-secret-of-the-test";

/// The node process; killed when the test ends, pass or fail.
struct Peer(Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_peer(port: u16, app: &TestApp, env: &[(&str, &str)]) -> Peer {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider");
    assert!(
        dir.join("node_modules/oidc-provider").is_dir(),
        "npm oidc-provider is not installed: run `make test`, or `npm ci --prefix tests/oidc-provider`"
    );
    let child = Command::new("node")
        .arg(dir.join("server.mjs"))
        .env("PORT", port.to_string())
        .env("REDIRECT_URI", format!("{}/oauth/callback", app.address))
        .env(
            "POST_LOGOUT_REDIRECT_URI",
            format!("{}/logout", app.address),
        )
        .env("CLIENT_ID", CLIENT_ID)
        .env("CLIENT_SECRET", CLIENT_SECRET)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs (install Debian's nodejs)");
    let peer = Peer(child);
    let discovery =
        format!("http://127.0.0.1:{port}/application/o/rediflow/.well-known/openid-configuration");
    let started = Instant::now();
    while reqwest::get(&discovery)
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "oidc-provider did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    peer
}

/// Follows the browser's redirects from `/login` through the provider back to the callback.
async fn sign_in(app: &TestApp, username: &str) -> reqwest::Response {
    let start = app.get_page("/login").await;
    let mut next = format!(
        "{}&login_hint={}",
        location(&start),
        username.replace('@', "%40")
    );
    for _ in 0..10 {
        let response = app
            .client
            .get(&next)
            .header("Accept", "text/html")
            .send()
            .await
            .unwrap();
        if next.starts_with(&format!("{}/oauth/callback", app.address)) {
            return response;
        }
        let target = location(&response);
        next = if target.starts_with('/') {
            let base = url::Url::parse(&next).unwrap();
            base.join(&target).unwrap().to_string()
        } else {
            target
        };
    }
    panic!("too many redirects");
}

#[tokio::test]
async fn sign_in_against_npm_oidc_provider() {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}/application/o/rediflow/");
    let app = spawn_app_with(&[
        ("OIDC_ISSUER", issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ("LOGIN_RATE_LIMIT_PER_MINUTE", "1000"),
    ])
    .await;
    app.sql("insert into organisations (short_name, name) values ('EXAMPLE', 'Example')");
    let _peer = start_peer(port, &app, &[]).await;

    for (username, role, visibility, orgs) in [
        ("admin@test", "admin", "all", ""),
        ("editor@test", "editor", "all", ""),
        ("viewer@test", "viewer", "all", ""),
        ("orguser@test", "editor", "org", "EXAMPLE"),
    ] {
        let browser = app.another_browser();
        let response = sign_in(&browser, username).await;
        assert_eq!(
            response.status(),
            303,
            "{username}: {}",
            response.text().await.unwrap_or_default()
        );
        assert_eq!(location(&response), "/");
        assert_eq!(
            browser.get_page("/projects").await.status(),
            200,
            "{username}"
        );
        let stored = names(
            &mut app.owner_connection(),
            &format!(
                "select u.role || '/' || u.visibility || '/' || coalesce(string_agg(o.short_name, ','), '') as name
                 from users u left join user_organisations uo on uo.user_id = u.id
                 left join organisations o on o.id = uo.organisation_id
                 where u.username = '{username}' group by u.id"
            ),
        );
        assert_eq!(
            stored,
            [format!("{role}/{visibility}/{orgs}")],
            "{username}"
        );

        if username == "viewer@test" {
            let token = browser.csrf_token("/").await;
            let response = browser
                .post_form("/logout", &[("csrf_token", token.as_str())])
                .await;
            let target = location(&response);
            assert!(
                target.starts_with(&format!("{issuer}session/end?")),
                "{target}"
            );
            assert!(target.contains("id_token_hint="), "{target}");
            assert_eq!(browser.get_page("/").await.status(), 303, "signed out");
        }
    }
    assert_eq!(app.count("select count(*) as count from users"), 4);
}

#[tokio::test]
async fn groups_are_rechecked_with_npm_oidc_provider_through_its_refresh_grant() {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}/application/o/rediflow/");
    let app = spawn_app_with(&[
        ("OIDC_ISSUER", issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ("LOGIN_RATE_LIMIT_PER_MINUTE", "1000"),
    ])
    .await;
    // Access tokens inside the server's 30-second margin: every check renews its token with
    // the refresh grant first.
    let _peer = start_peer(port, &app, &[("ACCESS_TOKEN_TTL", "20")]).await;
    let response = sign_in(&app, "viewer@test").await;
    assert_eq!(location(&response), "/");
    assert!(
        location(&app.get_page("/login").await).contains("offline_access"),
        "the provider offers offline_access, so the server asks for it"
    );
    assert_eq!(
        app.get_page("/projects/new").await.status(),
        403,
        "a viewer"
    );

    let changed = reqwest::Client::new()
        .put(format!(
            "http://127.0.0.1:{port}/test-only/accounts/viewer%40test/groups"
        ))
        .body(r#"["rediflow-editors"]"#)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    for round in 1..=2 {
        app.sql(
            "update sessions set provider_checked_at = provider_checked_at - interval '10 minutes'",
        );
        assert_eq!(
            app.get_page("/projects/new").await.status(),
            200,
            "round {round}: an editor after the check (the refresh grant worked)"
        );
    }
    let role = names(
        &mut app.owner_connection(),
        "select role as name from users where username = 'viewer@test'",
    );
    assert_eq!(role, ["editor"]);
}
