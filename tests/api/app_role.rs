//! The application role of SPEC §7: what it is, and what it must not be able to do.

use diesel::prelude::*;
use rediflow::db::app_role;

use crate::helpers::*;

#[derive(QueryableByName, Debug)]
struct RoleRow {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    rolcanlogin: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    rolsuper: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    rolbypassrls: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    rolcreatedb: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    rolcreaterole: bool,
}

/// Runs `sql` as the app role and returns the error, failing the test if it succeeds.
fn refused(conn: &mut PgConnection, sql: &str) -> String {
    match conn
        .transaction::<_, diesel::result::Error, _>(|conn| diesel::sql_query(sql).execute(conn))
    {
        Ok(rows) => panic!("the app role was allowed ({rows} rows): {sql}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn app_role_has_only_the_attributes_it_needs() {
    let name = create_test_database();
    let mut owner = connect(&owner_url(&name));
    // Running the set-up again (the template already ran it once) is fine.
    let report = app_role::setup(&mut owner, APP_ROLE, APP_ROLE_PASSWORD).unwrap();
    assert!(!report.created);
    let role: RoleRow = diesel::sql_query(
        "select rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole from pg_roles where rolname = $1",
    )
    .bind::<diesel::sql_types::Text, _>(APP_ROLE)
    .get_result(&mut owner)
    .unwrap();
    assert!(role.rolcanlogin, "{role:?}");
    assert!(
        !role.rolsuper && !role.rolbypassrls && !role.rolcreatedb && !role.rolcreaterole,
        "{role:?}"
    );

    let owned = count(
        &mut owner,
        &format!(
            "select count(*) as count from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = '{APP_ROLE}'"
        ),
    );
    assert_eq!(owned, 0, "the app role owns nothing");
}

#[test]
fn app_role_cannot_change_the_schema() {
    let name = create_test_database();
    let mut app = connect(&app_url(&name));
    for sql in [
        "create table intruder (id int)",
        "alter table projects add column intruder text",
        "drop table projects",
        "truncate projects",
        "truncate audit_log",
        "create function public.intruder() returns int language sql return 1",
        "alter table projects disable row level security",
    ] {
        let error = refused(&mut app, sql);
        assert!(
            error.contains("permission denied") || error.contains("must be owner"),
            "{sql}: {error}"
        );
    }
}

#[test]
fn app_role_reads_and_writes_data_but_audit_log_is_append_only() {
    let name = create_test_database();
    let admin: String = {
        let mut owner = connect(&owner_url(&name));
        names(
            &mut owner,
            "insert into users (sub, username, role) values ('s-admin', 'admin', 'admin') returning id::text as name",
        )
        .remove(0)
    };
    let mut app = connect(&app_url(&name));
    // Row-level security: the app role acts for a signed-in user.
    diesel::sql_query(format!(
        "select set_config('app.current_user_id', '{admin}', false)"
    ))
    .execute(&mut app)
    .unwrap();
    diesel::sql_query(
        "insert into organisations (short_name, name) values ('APPROLE', 'Written by the app role')",
    )
    .execute(&mut app)
    .unwrap();
    assert_eq!(
        count(&mut app, "select count(*) as count from organisations"),
        1
    );
    diesel::sql_query(format!(
        "insert into audit_log (user_id, actor, action, entity_type, after) values ('{admin}', 'admin', 'create', 'organisation', '{{}}')"
    ))
    .execute(&mut app)
    .unwrap();
    assert_eq!(
        count(&mut app, "select count(*) as count from audit_log"),
        1
    );
    assert!(
        refused(&mut app, "update audit_log set actor = 'forged'").contains("permission denied")
    );
    assert!(refused(&mut app, "delete from audit_log").contains("permission denied"));
    assert!(
        refused(&mut app, "delete from __diesel_schema_migrations").contains("permission denied")
    );
    assert!(
        count(
            &mut app,
            "select count(*) as count from __diesel_schema_migrations"
        ) >= 5,
        "the app can see which migrations ran"
    );
}

#[test]
fn tables_created_later_are_granted_by_default_privileges() {
    let name = create_test_database();
    let mut owner = connect(&owner_url(&name));
    diesel::sql_query("create table later_table (id int)")
        .execute(&mut owner)
        .unwrap();
    let mut app = connect(&app_url(&name));
    diesel::sql_query("insert into later_table values (1)")
        .execute(&mut app)
        .unwrap();
    assert_eq!(
        count(&mut app, "select count(*) as count from later_table"),
        1
    );
    assert!(refused(&mut app, "drop table later_table").contains("must be owner"));
}
