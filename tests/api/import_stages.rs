//! An import in its three stages (issue 18, item 3): the workbook is read and checked without a
//! transaction, then written in one that first makes sure that what the check relied on (the
//! organisations, lifecycle states, projects and lookups) has not changed meanwhile.

use std::path::Path;

use diesel::connection::SimpleConnection;
use rediflow::workbooks::import::{self, ImportFailure, Importer, Upload};

use crate::helpers::*;

fn example(name: &str) -> Upload {
    Upload::from_path(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(name),
    )
    .unwrap()
}

/// The one problem of a refused import.
fn problem(failure: ImportFailure) -> String {
    match failure {
        ImportFailure::Invalid(problems) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            problems[0].to_string()
        }
        ImportFailure::Refused(refusals) => panic!("refused: {refusals:?}"),
        ImportFailure::Database(e) => panic!("a database error: {e}"),
    }
}

#[test]
fn a_checked_workbook_is_not_written_when_what_it_was_checked_against_changed() {
    let database = create_test_database();
    let mut conn = connect(&owner_url(&database));
    let upload = example("example.ods");
    let name = upload.name.clone();
    let book = import::read(&upload).unwrap();
    let known = import::project::Known::load(&mut conn).unwrap();
    let checked = import::check_projects(std::slice::from_ref(&book), known, &mut |_| {}).unwrap();

    // Between the check and the write, someone adds an organisation.
    conn.batch_execute("insert into organisations (short_name, name) values ('LATE', 'Late Ltd')")
        .unwrap();
    let failure = import::write_projects(
        &mut conn,
        checked,
        &Importer::command_line(false),
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(
        problem(failure),
        format!(
            "{name}: the organisations, projects or lookups it refers to changed while it was \
             checked: nothing was imported, import it again"
        )
    );
    let counts =
        "select (select count(*) from projects) + (select count(*) from audit_log) as count";
    assert_eq!(count(&mut conn, counts), 0);

    // Checked again, it is written.
    let known = import::project::Known::load(&mut conn).unwrap();
    let checked = import::check_projects(std::slice::from_ref(&book), known, &mut |_| {}).unwrap();
    let summaries = import::write_projects(
        &mut conn,
        checked,
        &Importer::command_line(false),
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(summaries[0].subject, "EXAMPLE-P");
    assert_eq!(
        count(
            &mut conn,
            "select count(*) as count from projects where code = 'EXAMPLE-P'"
        ),
        1
    );

    // The same for a people workbook, whose check relies on the projects too.
    let people = import::read(&example("example_people.ods")).unwrap();
    let known = import::people::Known::load(&mut conn).unwrap();
    let checked = import::check_people(&people, known, &mut |_| {}).unwrap();
    conn.batch_execute("update projects set code = 'RENAMED' where code = 'EXAMPLE-P'")
        .unwrap();
    let failure = import::write_people(
        &mut conn,
        checked,
        &Importer::command_line(false),
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(problem(failure).contains("changed while it was checked"));
    assert_eq!(count(&mut conn, "select count(*) as count from persons"), 0);
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read_whole() {
    let path = std::env::temp_dir().join(format!(
        "rediflow-large-{}.ods",
        uuid::Uuid::new_v4().simple()
    ));
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: 51 MB that take no disk.
    file.set_len(51 * 1024 * 1024).unwrap();
    let failure = match Upload::from_path(&path) {
        Ok(_) => panic!("a file of 51 MB was read"),
        Err(failure) => failure,
    };
    assert_eq!(
        problem(failure),
        format!("{}: the file is larger than 50 MB", path.display())
    );
    std::fs::remove_file(path).unwrap();
}
