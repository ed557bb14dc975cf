//! Several servers on one database (issue 19, item 4): a browser's session works on each, a
//! change made through one shows on the next request to the other, and an upload checked on
//! one is confirmed on the other. The second server is another process, with a temporary
//! directory of its own, as on another machine behind the load balancer. Uploads waiting for
//! their confirmation are their uploader's alone and are gone after use or after an hour.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};
use crate::import_web::{confirm_token, example, upload};
use crate::team::{TEAM, one, text};

/// `rediflow serve` in a process of its own; stopped (and its temporary directory removed)
/// when dropped.
struct OtherServer {
    child: Child,
    tmp: std::path::PathBuf,
    /// The server, reached with the browser (cookie jar) it was started for.
    app: TestApp,
}

impl Drop for OtherServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// A free port below 32768 (test servers stay out of the ephemeral range).
fn free_port() -> u16 {
    let seed = uuid::Uuid::new_v4().as_u128();
    (0..2000u128)
        .map(|i| 20000 + ((seed + i * 7919) % 12000) as u16)
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .expect("a free port")
}

/// Starts `rediflow serve` on `database` with the test settings and `extra`, its own port,
/// APP_URL and temporary directory; `client` is the browser that will talk to it.
async fn serve_in_another_process(
    database: &str,
    extra: &[(&str, &str)],
    client: reqwest::Client,
) -> OtherServer {
    let port = free_port();
    let address = format!("http://127.0.0.1:{port}");
    let tmp =
        std::env::temp_dir().join(format!("rediflow-other-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut settings = test_settings(database, extra);
    settings.insert("BIND".into(), format!("127.0.0.1:{port}"));
    settings.insert("APP_URL".into(), address.clone());
    let logs = if std::env::var_os("TEST_LOG").is_some() {
        Stdio::inherit()
    } else {
        Stdio::null()
    };
    let child = Command::new(env!("CARGO_BIN_EXE_rediflow"))
        .arg("serve")
        .env_clear()
        .envs(settings)
        .env("TMPDIR", &tmp)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(logs)
        .spawn()
        .unwrap();
    let mut other = OtherServer {
        child,
        tmp,
        app: TestApp {
            address,
            database: database.to_string(),
            client,
        },
    };
    let started = Instant::now();
    loop {
        let ready = reqwest::get(other.app.url("/healthz"))
            .await
            .is_ok_and(|r| r.status() == 200);
        if ready {
            break;
        }
        assert!(
            other.child.try_wait().unwrap().is_none(),
            "the other server exited"
        );
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the other server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    other
}

/// A download that must work.
async fn csv(app: &TestApp, path: &str) -> String {
    let response = app.get_page(path).await;
    assert_eq!(response.status(), 200, "{path} on {}", app.address);
    response.text().await.unwrap()
}

/// What `path` shows on `to` changes after `change` and is then what `from` shows too.
async fn shows_on_the_other(to: &TestApp, from: &TestApp, path: &str, before: &str) -> String {
    let after = csv(to, path).await;
    assert_ne!(after, before, "{path} on {} shows the change", to.address);
    assert_eq!(after, csv(from, path).await, "{path}: both servers agree");
    after
}

#[tokio::test]
async fn two_servers_share_sessions_changes_and_waiting_imports() {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("boss@test", &["rediflow-admins"]));
    let settings = [
        ("PERSON_CAPACITY_ENABLED", "true"),
        ("RLS_ENABLED", "true"),
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let a = spawn_app_with(&settings).await;
    a.sql(TEAM);
    let other = serve_in_another_process(&a.database, &settings, a.client.clone()).await;
    let b = &other.app;
    let px = one(
        &a,
        "select id::text as name from projects where code = 'PX'",
    );
    let ada = one(
        &a,
        "select id::text as name from persons where code = 'ada'",
    );

    // Signed in through A, the same browser is signed in on B (sessions live in PostgreSQL).
    sign_in(&a, &idp, "boss@test").await;
    let on_b = b.get_page("/projects").await;
    assert_eq!(on_b.status(), 200, "B knows the session");
    assert!(on_b.text().await.unwrap().contains("Project PX"));

    // Every page read once on both servers, so that each keeps its books.
    let overview = format!("/projects/{px}");
    let grid = format!("/projects/{px}/capacity?series=EST&format=csv");
    let team = format!("/projects/{px}/team?format=csv");
    let person = format!("/people/{ada}?from=2030-11&format=csv");
    let portfolio = "/portfolio?from=2030-12&months=3&format=csv";
    let list = "/projects?format=csv";
    let mut seen = std::collections::HashMap::new();
    for path in [
        list,
        grid.as_str(),
        team.as_str(),
        person.as_str(),
        portfolio,
    ] {
        let shown = csv(&a, path).await;
        assert_eq!(shown, csv(b, path).await, "{path}: both servers agree");
        seen.insert(path.to_string(), shown);
    }
    assert!(text(b, &overview).await.contains("Project PX"));

    // The project renamed through A: B's list and overview have the new name.
    let token = a.csrf_token(&format!("/projects/{px}/edit")).await;
    let version = one(
        &a,
        "select version::text as name from projects where code = 'PX'",
    );
    let org = one(
        &a,
        "select id::text as name from organisations where short_name = 'ORG'",
    );
    let renamed = a
        .post_form(
            &overview,
            &[
                ("csrf_token", token.as_str()),
                ("version", version.as_str()),
                ("code", "PX"),
                ("name", "Renamed on A"),
                ("poo", org.as_str()),
                ("start", "2030-12"),
                ("duration", "3"),
            ],
        )
        .await;
    assert_eq!(location(&renamed), overview);
    let after = shows_on_the_other(b, &a, list, &seen[list]).await;
    assert!(after.contains("Renamed on A"), "{after}");
    let page = text(b, &overview).await;
    assert!(page.contains("Renamed on A") && !page.contains("Project PX"));

    // EST demand saved through B: A's capacity grid and portfolio have it.
    let version = one(
        &a,
        "select version::text as name from projects where code = 'PX'",
    );
    let cell = one(
        &a,
        "select t.id::text || '.' || o.id::text as name from tasks t join projects p on p.id = t.project_id, organisations o
         where p.code = 'PX' and o.short_name = 'ORG'",
    );
    let saved = b
        .post_form(
            &format!("/projects/{px}/capacity"),
            &[
                ("csrf_token", token.as_str()),
                ("series", "EST"),
                ("version", version.as_str()),
                (&format!("c.{cell}.2"), "2.5"),
                (&format!("o.{cell}.2"), ""),
            ],
        )
        .await;
    assert!(location(&saved).contains("saved=1"));
    let after = shows_on_the_other(&a, b, &grid, &seen[&grid]).await;
    assert!(after.contains("2.5"), "{after}");
    let after = shows_on_the_other(&a, b, portfolio, &seen[portfolio]).await;
    assert!(
        after.contains("\nORG,1,EST demand PM,1.5,2.5,0,4"),
        "{after}"
    );
    seen.insert(portfolio.to_string(), after);

    // Ada's December on PX set to 0.2 PM through A's Team tab: B's Team tab, person page and
    // portfolio have it.
    let assignment = one(
        &a,
        "select a.id::text as name from assignments a join persons p on p.id = a.person_id
         join projects pr on pr.id = a.project_id where p.code = 'ada' and pr.code = 'PX'",
    );
    let version = one(
        &a,
        "select version::text as name from projects where code = 'PX'",
    );
    let allocated = a
        .post_form(
            &format!("/projects/{px}/team/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("version", version.as_str()),
                (&format!("o.{assignment}.1"), "0.5"),
                (&format!("c.{assignment}.1"), "0.2"),
            ],
        )
        .await;
    assert!(
        location(&allocated).contains("saved=1"),
        "{}",
        location(&allocated)
    );
    let after = shows_on_the_other(b, &a, &team, &seen[&team]).await;
    assert!(after.contains(",0.2,"), "{after}");
    shows_on_the_other(b, &a, &person, &seen[&person]).await;
    let after = shows_on_the_other(b, &a, portfolio, &seen[portfolio]).await;
    assert!(after.contains("\nORG,1,Allocated PM,0.95,"), "{after}");

    // A workbook checked on A is imported by the confirmation that reaches B.
    let token = a.csrf_token("/import").await;
    let checked = upload(&a, &token, "project", "example.ods", example("example.ods")).await;
    assert_eq!(checked.status(), 200);
    let html = checked.text().await.unwrap();
    assert!(html.contains("What importing example.ods (EXAMPLE-P) would change"));
    let confirmed = b
        .post_form(
            "/import/confirm",
            &[
                ("csrf_token", token.as_str()),
                ("token", &confirm_token(&html)),
            ],
        )
        .await;
    assert_eq!(confirmed.status(), 200);
    assert!(
        confirmed
            .text()
            .await
            .unwrap()
            .contains("Imported example.ods (EXAMPLE-P)")
    );
    assert_eq!(
        a.count("select count(*) as count from capacity_demand where series = 'EST' and project_id = (select id from projects where code = 'EXAMPLE-P')"),
        272
    );
    assert_eq!(a.count("select count(*) as count from pending_imports"), 0);
    assert!(csv(&a, list).await.contains("EXAMPLE-P"));
}

/// Runs `sql` as the application role for `user` (None: nobody) and returns the rows it
/// counts, or the database's error.
fn as_user(database: &str, user: Option<&str>, sql: &str) -> Result<i64, String> {
    let mut conn = connect(&app_url(database));
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        if let Some(user) = user {
            conn.batch_execute(&format!(
                "select set_config('app.current_user_id', '{user}', true)"
            ))?;
        }
        Ok(match sql.split_whitespace().next() {
            Some("select") => count(conn, sql),
            _ => diesel::sql_query(sql).execute(conn)? as i64,
        })
    })
    .map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_waiting_import_is_its_uploaders_alone_and_gone_after_use_or_an_hour() {
    let app = spawn_app().await;
    let token = app.csrf_token("/import").await;
    let check = || {
        upload(
            &app,
            &token,
            "project",
            "example.ods",
            example("example.ods"),
        )
    };
    let confirm = |confirm: String| {
        let token = token.clone();
        let app = &app;
        async move {
            app.post_form(
                "/import/confirm",
                &[("csrf_token", token.as_str()), ("token", confirm.as_str())],
            )
            .await
        }
    };

    let first = confirm_token(&check().await.text().await.unwrap());
    let uploader = one(&app, "select user_id::text as name from pending_imports");
    assert_eq!(
        one(&app, "select file_name as name from pending_imports"),
        "example.ods"
    );
    // One waits per user: a new check replaces the one before.
    let second = confirm_token(&check().await.text().await.unwrap());
    assert_eq!(
        app.count("select count(*) as count from pending_imports"),
        1
    );
    assert_eq!(confirm(first).await.status(), 400);

    // Another user of the application role sees, changes and deletes nothing of it.
    let other = uuid::Uuid::new_v4().to_string();
    app.sql(&format!(
        "insert into users (id, sub, username, role, visibility) values ('{other}', 'other', 'other', 'super_admin', 'all')"
    ));
    let db = app.database.as_str();
    for user in [Some(other.as_str()), None] {
        assert_eq!(
            as_user(db, user, "select count(*) as count from pending_imports"),
            Ok(0)
        );
        assert_eq!(
            as_user(
                db,
                user,
                "update pending_imports set file_name = 'mine.ods'"
            ),
            Ok(0)
        );
        assert_eq!(as_user(db, user, "delete from pending_imports"), Ok(0));
    }
    let forged = as_user(
        db,
        Some(&other),
        &format!(
            "insert into pending_imports (user_id, file_name, kind, workbook) values ('{uploader}', 'x.ods', 'project', '')"
        ),
    );
    assert!(
        forged
            .as_ref()
            .is_err_and(|e| e.contains("row-level security")),
        "{forged:?}"
    );
    assert_eq!(
        as_user(
            db,
            Some(&uploader),
            "select count(*) as count from pending_imports"
        ),
        Ok(1),
        "the uploader sees it"
    );

    // Confirmed: imported, and gone; the token does not import twice.
    let response = confirm(second.clone()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("select count(*) as count from projects"), 1);
    assert_eq!(
        app.count("select count(*) as count from pending_imports"),
        0
    );
    assert_eq!(confirm(second).await.status(), 400);

    // After an hour it is not waiting any more: the confirmation imports nothing.
    app.sql("delete from projects");
    let late = confirm_token(&check().await.text().await.unwrap());
    app.sql("update pending_imports set created_at = now() - interval '61 minutes'");
    let response = confirm(late).await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This import is not waiting any more")
    );
    assert_eq!(app.count("select count(*) as count from projects"), 0);

    // The purge of every server deletes what waited over an hour, of every user, and nothing
    // younger (a server runs it as it starts, then every ten minutes).
    check().await;
    app.sql(&format!(
        "update pending_imports set created_at = now() - interval '2 hours';
         insert into pending_imports (user_id, file_name, kind, workbook) values ('{other}', 'fresh.ods', 'people', 'x')"
    ));
    let _second_server = spawn_app_on(&app.database, &[]).await;
    let started = Instant::now();
    while app.count("select count(*) as count from pending_imports where file_name = 'example.ods'")
        > 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the purge did not run"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select file_name as name from pending_imports"
        ),
        ["fresh.ods"]
    );
}
