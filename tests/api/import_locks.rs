//! Imports obey the locks (issue 19, item 8): the months before the current one of a stored
//! project and a locked or closed project are for super-admins, as in the grids. A refused
//! import names the project and the months and writes nothing, on the command line (an
//! administrator's rules unless `--super-admin`) and on the upload page (the uploader's Policy).

use std::path::{Path, PathBuf};

use calamine::Data;
use chrono::{Datelike, Months, NaiveDate, Utc};

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};
use crate::import::{Book, docs, fingerprint, rediflow, scratch};
use crate::import_web::{confirm_token, example, upload};
use crate::team::one;

/// The first day of this month shifted by `offset` months.
fn month(offset: i32) -> NaiveDate {
    let today = Utc::now().date_naive();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    if offset >= 0 {
        first + Months::new(offset as u32)
    } else {
        first - Months::new(offset.unsigned_abs())
    }
}

fn yyyy_mm(offset: i32) -> String {
    month(offset).format("%Y-%m").to_string()
}

/// The example project moved to start three months ago (M1–M3 are history, M4 is this
/// month), changed by `change`.
fn example_from_three_months_ago(change: impl FnOnce(&mut Book)) -> PathBuf {
    let mut book = Book::open(&docs("example.ods"));
    set_project(&mut book, "Start", &yyyy_mm(-3));
    change(&mut book);
    let path = scratch("example.ods");
    book.write(&path);
    path
}

/// Sets the value of a row of the Project sheet (key, value).
fn set_project(book: &mut Book, key: &str, value: &str) {
    let rows = book.sheet("Project");
    let row = rows
        .iter_mut()
        .find(|r| r.first().map(|c| c.to_string()) == Some(key.to_string()))
        .unwrap_or_else(|| panic!("no row {key}"));
    row[1] = Data::String(value.to_string());
}

/// EST of task 1.1 / EXAMPLE (0.5 PM a month in the example) set to 0.9 in `months`.
fn est(months: &[i32]) -> impl FnOnce(&mut Book) + '_ {
    move |book| {
        for m in months {
            book.set("EST capacity", 1, &format!("M{m}"), Data::Float(0.9));
        }
    }
}

/// Every stored EST cell of EXAMPLE-P, one line each.
fn est_cells(database: &str) -> Vec<String> {
    names(
        &mut connect(&owner_url(database)),
        "select t.number || ' ' || o.short_name || ' ' || d.month || ' ' || d.pm as name
         from capacity_demand d join tasks t on t.id = d.task_id join organisations o on o.id = d.organisation_id
         where d.series = 'EST' order by 1",
    )
}

/// EST of task 1.1 / EXAMPLE in project month `m`.
fn est_of(database: &str, m: i32) -> String {
    names(
        &mut connect(&owner_url(database)),
        &format!(
            "select d.pm::text as name from capacity_demand d join tasks t on t.id = d.task_id
             join organisations o on o.id = d.organisation_id
             where d.series = 'EST' and t.number = '1.1' and o.short_name = 'EXAMPLE' and d.month = date '{}'",
            month(m - 4)
        ),
    )
    .join(",")
}

fn version(database: &str) -> i64 {
    names(
        &mut connect(&owner_url(database)),
        "select version::text as name from projects where code = 'EXAMPLE-P'",
    )[0]
    .parse()
    .unwrap()
}

fn close_the_project(database: &str) {
    use diesel::connection::SimpleConnection;
    connect(&owner_url(database))
        .batch_execute(
            "update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'closed')
             where code = 'EXAMPLE-P'",
        )
        .unwrap();
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The refusal of a change of the first months of the example moved to three months ago.
fn past_refusal() -> String {
    format!(
        "project EXAMPLE-P: {} to {} are in the past; only super-admins may change past months.",
        yyyy_mm(-3),
        yyyy_mm(-2)
    )
}

const CLOSED: &str = "project EXAMPLE-P: This project is in the lifecycle state";

#[test]
fn the_command_line_refuses_past_months_and_closed_projects_unless_super_admin() {
    let database = create_test_database();
    // A project the import creates gets all its months from the file, the past ones too.
    let (code, out, err) = rediflow(
        &database,
        &[
            "import-project",
            path(&example_from_three_months_ago(|_| {})),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(est_of(&database, 1), "0.500");
    let version_before = version(&database);

    // M1 and M2 are history; M6 is not. Nothing of the file is written.
    let past = example_from_three_months_ago(est(&[1, 2, 6]));
    let before = (fingerprint(&database), est_cells(&database));
    let (code, out, err) = rediflow(&database, &["import-project", path(&past)]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains(&past_refusal()), "{err}");
    assert!(
        err.contains("1 change refused; nothing was imported (add --super-admin"),
        "{err}"
    );
    assert_eq!((fingerprint(&database), est_cells(&database)), before);
    assert_eq!(version(&database), version_before);

    // The future month alone is imported, and the project's version moves on once.
    let future = example_from_three_months_ago(est(&[6]));
    let (code, out, err) = rediflow(&database, &["import-project", path(&future)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("EST demand cells         0 created, 1 updated, 0 deleted"),
        "{out}"
    );
    assert_eq!(est_of(&database, 6), "0.900");
    assert_eq!(version(&database), version_before + 1);

    // An operator who means it imports as a super-admin.
    let (code, out, err) = rediflow(&database, &["import-project", "--super-admin", path(&past)]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(est_of(&database, 1), "0.900");
    assert_eq!(version(&database), version_before + 2);

    // A closed project: every change is refused, by name, nothing written.
    close_the_project(&database);
    let closed = example_from_three_months_ago(|book| {
        est(&[1, 2, 7])(book);
        set_project(book, "Lifecycle", "closed");
    });
    let before = (fingerprint(&database), est_cells(&database));
    let (code, out, err) = rediflow(&database, &["import-project", path(&closed)]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&format!(
            "{CLOSED} \"Closed\", which locks it; only super-admins may change it."
        )),
        "{err}"
    );
    assert_eq!((fingerprint(&database), est_cells(&database)), before);
    // A file that changes nothing of it imports (nothing).
    let exported = scratch("closed.ods");
    let (code, _, err) = rediflow(&database, &["export-project", "EXAMPLE-P", path(&exported)]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = rediflow(&database, &["import-project", path(&exported)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Total: 0 created, 0 updated, 0 deleted"),
        "{out}"
    );
    // People assigned to it are refused as well.
    let (code, out, err) = rediflow(
        &database,
        &["import-people", path(&docs("example_people.ods"))],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains(CLOSED), "{err}");
    assert_eq!(fingerprint(&database), before.0);
    let (code, out, err) = rediflow(
        &database,
        &["import-project", "--super-admin", path(&closed)],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(est_of(&database, 7), "0.900");
}

#[tokio::test]
async fn the_upload_page_follows_the_uploaders_policy() {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("admin@test", &["rediflow-admins"]));
    idp.add_user(IdpUser::new("root@test", &["rediflow-super-admins"]));
    let admin = spawn_app_with(&[
        ("RLS_ENABLED", "true"),
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    let root = admin.another_browser();
    sign_in(&admin, &idp, "admin@test").await;
    sign_in(&root, &idp, "root@test").await;
    let database = admin.database.clone();
    let (code, _, err) = rediflow(
        &database,
        &[
            "import-project",
            path(&example_from_three_months_ago(|_| {})),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let past = std::fs::read(example_from_three_months_ago(est(&[1, 2, 6]))).unwrap();

    // An administrator's check is refused with the project and the months; nothing waits.
    let before = (fingerprint(&database), est_cells(&database));
    let token = admin.csrf_token("/import").await;
    let response = upload(&admin, &token, "project", "past.ods", past.clone()).await;
    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(html.contains("past.ods was not imported"), "{html}");
    assert!(
        html.contains(&format!("past.ods: {}", past_refusal())),
        "{html}"
    );
    assert!(html.contains("The file changes what only a super-admin may change"));
    assert!(!html.contains("name=\"token\""), "no confirm button");
    assert_eq!(
        admin.count("select count(*) as count from pending_imports"),
        0
    );
    assert_eq!((fingerprint(&database), est_cells(&database)), before);

    // A super-admin checks and imports it.
    let token = root.csrf_token("/import").await;
    let response = upload(&root, &token, "project", "past.ods", past).await;
    assert_eq!(response.status(), 200);
    let confirm = confirm_token(&response.text().await.unwrap());
    let response = root
        .post_form(
            "/import/confirm",
            &[("csrf_token", token.as_str()), ("token", confirm.as_str())],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Imported past.ods (EXAMPLE-P)")
    );
    assert_eq!(
        (est_of(&database, 1), est_of(&database, 6)),
        ("0.900".into(), "0.900".into())
    );

    // A closed project: the administrator's check is refused by name (the database, under
    // row-level security, would refuse the write), the project and the people unchanged.
    close_the_project(&database);
    let closed = std::fs::read(example_from_three_months_ago(|book| {
        est(&[8])(book);
        set_project(book, "Lifecycle", "closed");
    }))
    .unwrap();
    let before = (fingerprint(&database), est_cells(&database));
    let token = admin.csrf_token("/import").await;
    let response = upload(&admin, &token, "project", "closed.ods", closed.clone()).await;
    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("closed.ods: {CLOSED}")), "{html}");
    let response = upload(
        &admin,
        &token,
        "people",
        "example_people.ods",
        example("example_people.ods"),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains(CLOSED));
    assert_eq!((fingerprint(&database), est_cells(&database)), before);

    // The super-admin may.
    let token = root.csrf_token("/import").await;
    let response = upload(&root, &token, "project", "closed.ods", closed).await;
    assert_eq!(response.status(), 200);
    assert!(
        one(&admin, "select count(*)::text as name from pending_imports") == "1",
        "the super-admin's check waits"
    );
}
