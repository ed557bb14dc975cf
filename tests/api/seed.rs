//! `make run` and `make seed` keep what users made (issue 19, item 7): the examples are
//! imported into an empty database only; otherwise the seed says what it would change and
//! changes nothing, unless FORCE=1. The test runs the very command line the Makefile runs.

use std::process::Command;

use crate::helpers::*;
use crate::import::{fingerprint, rediflow};
use crate::team::one;

/// The arguments of the `rediflow seed-examples` line `make -n <target> <vars>` prints.
fn seed_command_of(target: &str, vars: &[&str]) -> Vec<String> {
    let output = Command::new("make")
        .args(["-n", "-s", target])
        .args(vars)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("make runs");
    let recipes = String::from_utf8_lossy(&output.stdout).to_string();
    let line = recipes
        .lines()
        .find(|l| l.contains(" seed-examples"))
        .unwrap_or_else(|| panic!("make {target} runs no seed-examples:\n{recipes}"));
    line.split_whitespace()
        .skip_while(|word| !word.ends_with("rediflow"))
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// Runs the seed of `make <target> <vars>` on `database`, from the checkout as make does.
fn seed(database: &str, target: &str, vars: &[&str]) -> (i32, String, String) {
    let args = seed_command_of(target, vars);
    let output = Command::new(env!("CARGO_BIN_EXE_rediflow"))
        .env_clear()
        .env("DATABASE_URL", owner_url(database))
        .env("USER", "operator")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(&args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

fn project_name(app: &TestApp) -> String {
    one(app, "select name from projects where code = 'EXAMPLE-P'")
}

/// Assignments of Aino, the person the browser assigns.
fn ainos_assignments(app: &TestApp) -> i64 {
    app.count(
        "select count(*) as count from assignments a join persons p on p.id = a.person_id
         where p.code = 'aino.virtanen'",
    )
}

#[tokio::test]
async fn make_run_twice_keeps_what_users_made_and_force_overwrites_it() {
    let database = create_test_database();
    let (code, out, err) = seed(&database, "run", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("The examples are imported."), "{out}");

    // In the browser: the example renamed, and Aino assigned to it for half a year.
    let app = spawn_app_on(&database, &[("PERSON_CAPACITY_ENABLED", "true")]).await;
    let project = one(
        &app,
        "select id::text as name from projects where code = 'EXAMPLE-P'",
    );
    let token = app.csrf_token(&format!("/projects/{project}/edit")).await;
    let field = |sql: &str| one(&app, sql);
    let version = field("select version::text as name from projects where code = 'EXAMPLE-P'");
    let poo = field("select id::text as name from organisations where short_name = 'EXAMPLE'");
    let running = field("select id::text as name from lifecycle_states where code = 'running'");
    let renamed = app
        .post_form(
            &format!("/projects/{project}"),
            &[
                ("csrf_token", token.as_str()),
                ("version", version.as_str()),
                ("code", "EXAMPLE-P"),
                ("name", "Our own name"),
                ("poo", poo.as_str()),
                ("lifecycle", running.as_str()),
                ("start", "2026-01"),
                ("duration", "36"),
                ("hours_per_pm", "152"),
            ],
        )
        .await;
    assert_eq!(location(&renamed), format!("/projects/{project}"));
    let aino = field("select id::text as name from persons where code = 'aino.virtanen'");
    let flexible = field("select id::text as name from allocation_groups where code = 'flexible'");
    let before = ainos_assignments(&app);
    let added = app
        .post_form(
            &format!("/projects/{project}/team/assignments"),
            &[
                ("csrf_token", token.as_str()),
                ("person", aino.as_str()),
                ("percent", "15"),
                ("group", flexible.as_str()),
                ("start", "2027-01"),
                ("end", "2027-06"),
            ],
        )
        .await;
    assert!(added.status().is_redirection(), "{}", added.status());
    assert_eq!(ainos_assignments(&app), before + 1);
    assert_eq!(project_name(&app), "Our own name");

    // The next `make run`, and the one after, keep both and say what the files would change.
    for _ in 0..2 {
        let kept = fingerprint(&database);
        let (code, out, err) = seed(&database, "run", &[]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("the examples are not imported over them"),
            "{out}"
        );
        assert!(
            out.contains("projects                 0 created, 1 updated, 0 deleted"),
            "{out}"
        );
        assert!(
            out.contains("assignments              0 created, 0 updated, 1 deleted"),
            "{out}"
        );
        assert!(out.contains("make seed FORCE=1"), "{out}");
        assert_eq!(fingerprint(&database), kept, "nothing changed");
        assert_eq!(project_name(&app), "Our own name");
        assert_eq!(ainos_assignments(&app), before + 1);
    }

    // `make seed FORCE=1`: the files are the truth again.
    let (code, out, err) = seed(&database, "seed", &["FORCE=1"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(project_name(&app), "Example project");
    assert_eq!(ainos_assignments(&app), before);
    // And then there is nothing left to say.
    let (code, out, err) = seed(&database, "seed", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("example.ods  EXAMPLE-P: as in the database"),
        "{out}"
    );
    assert!(!out.contains("FORCE=1"), "{out}");
}

#[test]
fn the_seed_of_a_database_with_other_work_imports_nothing() {
    let database = create_test_database();
    let (code, out, err) = rediflow(
        &database,
        &[
            "import-project",
            crate::import::docs("example.ods").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let kept = fingerprint(&database);
    // The people workbook has not been imported: seeding reports it, and writes none of it.
    let (code, out, err) = seed(&database, "seed", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("The database holds 1 project and 0 persons"),
        "{out}"
    );
    assert!(
        out.contains("example_people.ods  people: importing it would change"),
        "{out}"
    );
    assert_eq!(fingerprint(&database), kept);
}
