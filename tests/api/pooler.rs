//! Servers behind pgbouncer in transaction pooling mode (issue 19, item 3; docs/deploy.md,
//! "Several servers"). `make test` starts Debian's pgbouncer (1.18, which keeps no prepared
//! statements for its clients) in front of the test cluster with the configuration of
//! scripts/local-pgbouncer; these tests reach it at `TEST_POOLER_URL`. Each transaction of a
//! server's connection may run on another server connection of the pooler, shared with other
//! clients.

use futures_util::future::join_all;

use crate::helpers::*;
use crate::team::{TEAM, one};

/// 200 requests at once: 160 page reads of every kind over the TEAM fixture and 40 assignment
/// edits. Returns the statuses of the reads and of the edits (599: no response).
async fn two_hundred_requests_at_once(app: &TestApp) -> (Vec<u16>, Vec<Vec<u16>>) {
    let px = one(
        app,
        "select id::text as name from projects where code = 'PX'",
    );
    let ada_person = one(
        app,
        "select id::text as name from persons where code = 'ada'",
    );
    let ada = one(
        app,
        "select a.id::text as name from assignments a join persons p on p.id = a.person_id
         join projects pr on pr.id = a.project_id where p.code = 'ada' and pr.code = 'PX'",
    );
    let fixed = one(
        app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let token = csrf_token_despite_failures(app, &format!("/projects/{px}/team")).await;
    let pages = [
        "/".to_string(),
        "/projects".to_string(),
        format!("/projects/{px}"),
        format!("/projects/{px}/team"),
        format!("/projects/{px}/capacity"),
        "/portfolio".to_string(),
        format!("/people/{ada_person}"),
        "/my-allocations".to_string(),
    ];
    let read = |i: usize| {
        let path = pages[i % pages.len()].clone();
        async move {
            let request = app.client.get(app.url(&path)).header("Accept", "text/html");
            match request.send().await {
                Ok(response) => response.status().as_u16(),
                Err(error) => {
                    eprintln!("GET {path}: {error:?}");
                    599
                }
            }
        }
    };
    // An edit refused because another changed the assignment first (409, nothing written) is
    // sent again with the version stored then, as a planner would after reloading.
    let edit = |i: usize| {
        let (px, ada, fixed, token) = (&px, &ada, &fixed, &token);
        async move {
            let percent = (30 + i % 40).to_string();
            let path = format!("/projects/{px}/team/assignments/{ada}");
            let mut statuses = Vec::new();
            for _ in 0..80 {
                let version = crate::concurrency::read(
                    app,
                    &format!("select version::text as name from assignments where id = '{ada}'"),
                )
                .await;
                let form = [
                    ("csrf_token", token.as_str()),
                    ("version", version.as_str()),
                    ("percent", percent.as_str()),
                    ("group", fixed.as_str()),
                    ("start", "2030-12"),
                    ("end", "2031-02"),
                ];
                let request = app
                    .client
                    .post(app.url(&path))
                    .header("Origin", &app.address)
                    .header("Accept", "text/html")
                    .form(&form);
                let status = match request.send().await {
                    Ok(response) => response.status().as_u16(),
                    Err(error) => {
                        eprintln!("POST {path}: {error:?}");
                        599
                    }
                };
                statuses.push(status);
                if status != 409 {
                    break;
                }
            }
            statuses
        }
    };
    tokio::join!(join_all((0..160).map(read)), join_all((0..40).map(edit)))
}

/// The CSRF token of the page at `path`, asked again while the page fails: with prepared
/// statements behind the pooler, even requests one after another fail now and then.
async fn csrf_token_despite_failures(app: &TestApp, path: &str) -> String {
    for _ in 0..20 {
        let response = app.get_page(path).await;
        if response.status() == 200 {
            let html = response.text().await.unwrap();
            return csrf_token_in(&html)
                .unwrap_or_else(|| panic!("no csrf_token on {path}: {html}"));
        }
    }
    panic!("{path} failed 20 times in a row");
}

/// A server whose pools (requests, owner, sessions) lead through the pooler, on the TEAM fixture.
async fn server_behind_the_pooler(prepared_statements: &str) -> TestApp {
    let database = create_test_database();
    let owner = through_pooler(&owner_url(&database));
    let app = through_pooler(&app_url(&database));
    let server = spawn_app_on(
        &database,
        &[
            ("DATABASE_URL", owner.as_str()),
            ("DATABASE_URL_APP", app.as_str()),
            ("DB_PREPARED_STATEMENTS", prepared_statements),
            ("PERSON_CAPACITY_ENABLED", "true"),
            // More connections than the pooler gives one database and role (20), and more
            // requests in flight than either: transactions take turns on shared server connections.
            ("DB_POOL_SIZE", "24"),
            ("HTTP_WORKERS", "2"),
        ],
    )
    .await;
    server.sql(TEAM);
    server
}

#[tokio::test]
async fn two_hundred_concurrent_requests_through_a_transaction_pooler_never_fail() {
    let app = server_behind_the_pooler("false").await;
    let version = |app: &TestApp| -> i64 {
        one(
            app,
            "select version::text as name from projects where code = 'PX'",
        )
        .parse()
        .unwrap()
    };
    let audited = |app: &TestApp| {
        app.count("select count(*) as count from audit_log where entity_type = 'assignment'")
    };
    let (version_before, audited_before) = (version(&app), audited(&app));

    let (reads, edits) = two_hundred_requests_at_once(&app).await;

    assert!(reads.iter().all(|s| *s == 200), "page reads: {reads:?}");
    assert!(
        edits.iter().all(|tries| tries.last() == Some(&303)
            && tries.iter().all(|s| *s == 303 || *s == 409)),
        "assignment edits: {edits:?}"
    );
    // Every edit was written once, in its own transaction: one version step and one audit row
    // each, and the assignment holds one of the percentages sent.
    assert_eq!(version(&app) - version_before, 40);
    assert_eq!(audited(&app) - audited_before, 40);
    let percent: i64 = one(
        &app,
        "select a.allocation_percent::int::text as name from assignments a
         join persons p on p.id = a.person_id join projects pr on pr.id = a.project_id
         where p.code = 'ada' and pr.code = 'PX'",
    )
    .parse()
    .unwrap();
    assert!((30..70).contains(&percent), "{percent}");
    // The pages read the data through the pooler: the Team tab shows the fixture.
    let px = one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    );
    let team = app
        .get_page(&format!("/projects/{px}/team"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        team.contains("Lovelace") && team.contains("Builder"),
        "{team}"
    );
}

/// Why `DB_PREPARED_STATEMENTS=false` exists: with diesel's statement cache on, a connection's
/// named statements (`__diesel_stmt_N`) meet a server connection where another client made the
/// same names, or where its own are missing, and requests fail.
#[tokio::test]
async fn prepared_statements_break_behind_a_transaction_pooler() {
    let app = server_behind_the_pooler("true").await;

    let (reads, edits) = two_hundred_requests_at_once(&app).await;

    let failed = reads
        .iter()
        .chain(edits.iter().flatten())
        .filter(|s| **s >= 500)
        .count();
    eprintln!("with prepared statements behind the pooler {failed} of 200 requests failed");
    assert!(
        failed > 0,
        "no request failed with prepared statements behind the pooler: {reads:?} {edits:?}"
    );
}

/// Server connections pgbouncer lends one database and role: `default_pool_size` of
/// scripts/local-pgbouncer, from the same variable.
fn pooler_pool_size() -> usize {
    std::env::var("PGBOUNCER_POOL_SIZE")
        .ok()
        .and_then(|size| size.parse().ok())
        .unwrap_or(20)
}

/// A pooler that cannot lend a server connection within its `query_wait_timeout` (5 s in the
/// tested configuration; PostgreSQL down, or every server connection busy) ends the client's
/// connection with an error: the request answers the outage page (503), never a 500, and the
/// server recovers by itself.
#[tokio::test]
async fn a_pooler_without_a_free_server_connection_answers_503_and_recovers() {
    use diesel::connection::SimpleConnection;

    let app = server_behind_the_pooler("false").await;
    assert_eq!(app.get_page("/projects").await.status(), 200);
    let url = through_pooler(&app_url(&app.database));
    let holders: Vec<diesel::PgConnection> = (0..pooler_pool_size())
        .map(|_| {
            let mut holder = rediflow::db::connect(&url, false).unwrap();
            // An open transaction keeps its server connection in transaction pooling mode.
            holder.batch_execute("begin; select 1").unwrap();
            holder
        })
        .collect();

    let response = app.get_page("/projects").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let html = response.text().await.unwrap();
    assert!(
        html.contains("The database is not reachable right now"),
        "{html}"
    );

    drop(holders);
    assert_eq!(app.get_page("/projects").await.status(), 200);
}

/// A server connection PostgreSQL ends (a restart, an administrator) behind the pooler: at worst
/// the request that meets it answers "unavailable", and the next one works on another.
#[tokio::test]
async fn a_server_connection_postgresql_ends_is_replaced_behind_the_pooler() {
    use diesel::prelude::*;
    use rediflow::db::{Database, Manager};
    use rediflow::error::AppError;

    let name = create_test_database();
    let pool = diesel::r2d2::Pool::builder()
        .max_size(1)
        .build(Manager::new(&through_pooler(&owner_url(&name)), false))
        .unwrap();
    let database = Database::from_pools(pool.clone(), pool);
    let backend = || {
        database.in_transaction(None, |conn| {
            Ok::<_, AppError>(
                diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>(
                    "pg_backend_pid()",
                ))
                .get_result::<i32>(conn)?,
            )
        })
    };
    let end = |pid: i32| {
        let mut admin = connect(&owner_url("postgres"));
        diesel::sql_query(format!("select pg_terminate_backend({pid}, 5000)"))
            .execute(&mut admin)
            .unwrap();
    };

    let first = backend().await.unwrap();
    end(first);
    match backend().await {
        Ok(pid) => assert_ne!(pid, first, "an ended server connection answered"),
        Err(AppError::Unavailable(_)) => {}
        Err(other) => panic!("an ended server connection must answer 'unavailable': {other:?}"),
    }
    let second = backend().await.unwrap();
    assert_ne!(second, first);
}

/// diesel sets the time zone (UTC) and the client encoding once per connection, outside any
/// transaction; pgbouncer restores both for each client on whichever server connection it
/// lends. Settings made with `set_config(…, true)` (who is asking, the sealed memos of row-level
/// security) end with the transaction, so the next client of the same server connection never
/// sees them.
#[test]
fn each_client_keeps_its_time_zone_and_nothing_else_carries_over_through_the_pooler() {
    use diesel::connection::SimpleConnection;

    let database = create_test_database();
    // One role, one database: one pool of server connections in pgbouncer, which both share.
    let url = through_pooler(&app_url(&database));
    let client = || rediflow::db::connect(&url, false).unwrap_or_else(|e| panic!("{url}: {e}"));
    let (mut ours, mut other) = (client(), client());
    other
        .batch_execute("set time zone 'Pacific/Auckland'")
        .unwrap();

    let mut shared = 0;
    for _ in 0..20 {
        ours.batch_execute(
            "begin; select set_config('app.current_user_id', '00000000-0000-0000-0000-000000000001', true); commit",
        )
        .unwrap();
        let (our_pid, our_zone) = backend_and_zone(&mut ours);
        let (their_pid, their_zone) = backend_and_zone(&mut other);
        assert_eq!(our_zone, "UTC");
        assert_eq!(their_zone, "Pacific/Auckland");
        let leaked = names(
            &mut other,
            "select coalesce(current_setting('app.current_user_id', true), '') as name",
        );
        assert_eq!(leaked, [""]);
        shared += usize::from(our_pid == their_pid);
    }
    // Otherwise the test proved nothing: the two clients took turns on one server connection.
    assert!(shared > 0, "the clients never shared a server connection");
}

fn backend_and_zone(conn: &mut diesel::PgConnection) -> (String, String) {
    let row = names(
        conn,
        "select pg_backend_pid()::text || ' ' || current_setting('TimeZone') as name",
    )
    .remove(0);
    let (pid, zone) = row.split_once(' ').unwrap();
    (pid.to_string(), zone.to_string())
}
