//! Concurrent editors of one project (issue 19, item 5): every write of a project's plan locks
//! the project row first and the caches' data versions are replaced at commit, so assignment
//! edits and grid saves racing on one project queue instead of deadlocking.

use futures_util::future::join_all;

use crate::helpers::*;
use crate::team::{TEAM, one};

#[tokio::test]
async fn concurrent_assignment_edits_and_grid_saves_on_one_project_never_fail() {
    let app = spawn_app_with(&[
        ("PERSON_CAPACITY_ENABLED", "true"),
        ("DB_POOL_SIZE", "12"),
        ("HTTP_WORKERS", "2"),
    ])
    .await;
    app.sql(TEAM);
    let px = one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    );
    let ada = one(
        &app,
        "select a.id::text as name from assignments a join persons p on p.id = a.person_id
         join projects pr on pr.id = a.project_id where p.code = 'ada' and pr.code = 'PX'",
    );
    let cell = one(
        &app,
        "select t.id::text || '.' || o.id::text as name from tasks t
         join projects p on p.id = t.project_id, organisations o
         where p.code = 'PX' and o.short_name = 'ORG'",
    );
    let fixed = one(
        &app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let token = app.csrf_token(&format!("/projects/{px}/team")).await;

    // A planner changing Ada's assignment again after someone else changed it first, with the
    // assignment's version they see then.
    let edit = |i: usize| {
        let (app, px, ada, fixed, token) = (&app, &px, &ada, &fixed, &token);
        async move {
            let mut statuses = Vec::new();
            for _ in 0..60 {
                let version = read(
                    app,
                    &format!("select version::text as name from assignments where id = '{ada}'"),
                )
                .await;
                let percent = (30 + i % 40).to_string();
                let status = post(
                    app,
                    &format!("/projects/{px}/team/assignments/{ada}"),
                    &[
                        ("csrf_token", token.as_str()),
                        ("version", version.as_str()),
                        ("percent", percent.as_str()),
                        ("group", fixed.as_str()),
                        ("start", "2030-12"),
                        ("end", "2031-02"),
                    ],
                )
                .await;
                statuses.push(status);
                if status != 409 {
                    break;
                }
            }
            statuses
        }
    };
    // A planner saving the grid again after a conflict, with the version they see then.
    let save = |i: usize| {
        let (app, px, cell, token) = (&app, &px, &cell, &token);
        async move {
            let mut statuses = Vec::new();
            for _ in 0..30 {
                let version = read(
                    app,
                    &format!("select version::text as name from projects where id = '{px}'"),
                )
                .await;
                let original = read(
                    app,
                    &format!(
                        "select coalesce((select pm::text from capacity_demand
                          where project_id = '{px}' and month = date '2030-12-01' and series = 'EST'), '') as name"
                    ),
                )
                .await;
                let pm = format!("{}.5", i % 7 + 1);
                let status = post(
                    app,
                    &format!("/projects/{px}/capacity"),
                    &[
                        ("csrf_token", token.as_str()),
                        ("series", "EST"),
                        ("version", version.as_str()),
                        (&format!("c.{cell}.1"), pm.as_str()),
                        (&format!("o.{cell}.1"), original.as_str()),
                    ],
                )
                .await;
                statuses.push(status);
                if status != 409 {
                    break;
                }
            }
            statuses
        }
    };
    // 150 pairs, 25 at a time (50 requests in flight: more than the pool has connections).
    let (mut edits, mut saves) = (Vec::new(), Vec::new());
    for wave in 0..6 {
        let pairs = wave * 25..(wave + 1) * 25;
        let (e, s) = tokio::join!(join_all(pairs.clone().map(edit)), join_all(pairs.map(save)));
        edits.extend(e);
        saves.extend(s);
    }

    // Every assignment edit is saved in the end: refused as a conflict (409, nothing written)
    // when the assignment moved on since its version was read, and tried again. A grid save
    // likewise, when the project moved on. Never a 5xx.
    assert!(
        edits.iter().all(|e| e.last() == Some(&303)),
        "assignment edits: {edits:?}"
    );
    let edits: Vec<u16> = edits.into_iter().flatten().collect();
    assert!(
        edits.iter().all(|s| *s == 303 || *s == 409),
        "assignment edits: {edits:?}"
    );
    let edits: Vec<u16> = edits.into_iter().filter(|s| *s == 303).collect();
    let saves: Vec<u16> = saves.into_iter().flatten().collect();
    assert!(
        saves.iter().all(|s| *s == 303 || *s == 409),
        "grid saves: {saves:?}"
    );
    let saved = saves.iter().filter(|s| **s == 303).count();
    assert!(
        saved >= 100,
        "{saved} of 150 grid saves went through: {saves:?}"
    );
    // Each assignment edit moved the version on once (a grid save only when it changed a cell).
    let version: usize = one(
        &app,
        &format!("select version::text as name from projects where id = '{px}'"),
    )
    .parse()
    .unwrap();
    assert!(version > edits.len(), "version {version}");
}

/// The status of a form post; a connection the server closed counts as 599, so that the test
/// reports every outcome instead of stopping at the first.
async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> u16 {
    match app
        .client
        .post(app.url(path))
        .header("Origin", &app.address)
        .header("Accept", "text/html")
        .form(form)
        .send()
        .await
    {
        Ok(response) => response.status().as_u16(),
        Err(error) => {
            eprintln!("{path}: {error:?}");
            599
        }
    }
}

/// The single `name` the query returns, read on a blocking thread: a query on the test's own
/// runtime would stall the client's connections while the server's keep-alive runs out.
pub(crate) async fn read(app: &TestApp, sql: &str) -> String {
    let (url, sql) = (owner_url(&app.database), sql.to_string());
    tokio::task::spawn_blocking(move || names(&mut connect(&url), &sql).remove(0))
        .await
        .unwrap()
}
