//! The schema, the migrations and the request transaction entry point.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use rediflow::db::{self, current_user_setting, migrations};
use rediflow::error::AppError;
use rediflow::reference::calendars;
use uuid::Uuid;

use crate::helpers::*;

/// The table names SPEC §5 makes part of the contract.
const CONTRACT_TABLES: &[&str] = &[
    "organisations",
    "lifecycle_states",
    "projects",
    "project_partners",
    "work_packages",
    "tasks",
    "milestones",
    "deliverables",
    "role_types",
    "capacity_demand",
    "role_demand",
    "calendars",
    "holidays",
    "employee_groups",
    "persons",
    "fte_periods",
    "leaves",
    "assignments",
    "capacity_requests",
    "users",
    "user_settings",
    "shared_views",
    "audit_log",
];

fn public_tables(conn: &mut PgConnection) -> Vec<String> {
    names(
        conn,
        "select tablename::text as name from pg_tables where schemaname = 'public' \
         and tablename <> '__diesel_schema_migrations' order by 1",
    )
}

#[test]
fn migrations_run_up_down_and_up_again() {
    let name = create_empty_database();
    let mut conn = connect(&owner_url(&name));

    let applied = migrations::run_pending(&mut conn).unwrap();
    assert!(applied.len() >= 5, "{applied:?}");
    let tables = public_tables(&mut conn);
    for table in CONTRACT_TABLES {
        assert!(tables.contains(&table.to_string()), "missing table {table}");
    }
    assert!(
        migrations::run_pending(&mut conn).unwrap().is_empty(),
        "migrate is idempotent"
    );

    let reverted = migrations::revert_all(&mut conn).unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert_eq!(
        public_tables(&mut conn),
        Vec::<String>::new(),
        "every down.sql drops what up.sql made"
    );
    assert_eq!(
        count(
            &mut conn,
            "select count(*) as count from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'"
        ),
        0,
        "functions are dropped too"
    );

    let again = migrations::run_pending(&mut conn).unwrap();
    assert_eq!(again, applied);
    assert_eq!(public_tables(&mut conn), tables);
    assert!(migrations::pending(&mut conn).unwrap().is_empty());
}

#[test]
fn every_foreign_key_has_an_index() {
    let name = create_test_database();
    let mut conn = connect(&owner_url(&name));
    // A foreign key is covered when some index starts with exactly its columns (in any order).
    let uncovered = names(
        &mut conn,
        "select c.conrelid::regclass::text || '(' || array_to_string(array(
                select a.attname from pg_attribute a where a.attrelid = c.conrelid and a.attnum = any(c.conkey)), ',') || ')' as name
         from pg_constraint c
         join pg_namespace n on n.oid = c.connamespace and n.nspname = 'public'
         where c.contype = 'f'
           and not exists (
             select 1 from pg_index i
             where i.indrelid = c.conrelid
               and (select array_agg(k order by k) from unnest((i.indkey::int2[])[0:cardinality(c.conkey) - 1]) k)
                 = (select array_agg(k order by k) from unnest(c.conkey) k))
         order by 1",
    );
    assert_eq!(
        uncovered,
        Vec::<String>::new(),
        "foreign keys without an index"
    );
}

#[test]
fn base_lookups_are_seeded_by_migrations() {
    let name = create_test_database();
    let mut conn = connect(&owner_url(&name));
    assert_eq!(
        names(
            &mut conn,
            "select code as name from allocation_groups order by sort_order"
        ),
        ["fixed", "flexible"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select code as name from lifecycle_states where is_pipeline order by sort_order"
        ),
        ["idea", "proposal", "submitted"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select code as name from lifecycle_states where locks_project order by sort_order"
        ),
        ["closed", "rejected"]
    );
    assert!(count(&mut conn, "select count(*) as count from role_types") >= 5);
    assert!(count(&mut conn, "select count(*) as count from deliverable_types") >= 5);
    assert!(
        count(
            &mut conn,
            "select count(*) as count from dissemination_levels where code = 'PU'"
        ) == 1
    );
    assert!(count(&mut conn, "select count(*) as count from leave_types") >= 3);
    assert_eq!(
        names(
            &mut conn,
            "select code as name from calendars order by code"
        ),
        ["FI", "SE"]
    );
}

/// Inserts an organisation, a project with one WP and task, and returns (org, project, task) ids.
fn fixture(conn: &mut PgConnection) -> (Uuid, Uuid, Uuid) {
    #[derive(QueryableByName)]
    struct Ids {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        org: Uuid,
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        project: Uuid,
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        task: Uuid,
    }
    let ids: Ids = diesel::sql_query(
        "with o as (insert into organisations (short_name, name, country_code) values ('ORG', 'Org', 'FI') returning id),
              p as (insert into projects (code, name, owner_org_id, start_month, duration_months)
                    select 'P1', 'Project one', o.id, date '2026-01-01', 36 from o returning id),
              w as (insert into work_packages (project_id, number, name, begin_month, end_month)
                    select p.id, 1, 'WP one', 1, 12 from p returning id, project_id),
              t as (insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
                    select w.project_id, w.id, '1.1', 'Task', 1, 6 from w returning id)
         select o.id as org, p.id as project, t.id as task from o, p, t",
    )
    .get_result(conn)
    .unwrap();
    (ids.org, ids.project, ids.task)
}

fn rejected(conn: &mut PgConnection, sql: &str) -> String {
    let result = conn
        .transaction::<_, diesel::result::Error, _>(|conn| diesel::sql_query(sql).execute(conn));
    match result {
        Ok(n) => panic!("accepted ({n} rows): {sql}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn constraints_refuse_impossible_plans() {
    let name = create_test_database();
    let mut conn = connect(&owner_url(&name));
    let (org, project, task) = fixture(&mut conn);

    let demand = |month: &str, pm: &str| {
        format!(
            "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
             values ('{project}', '{task}', '{org}', date '{month}', 'EST', {pm})"
        )
    };
    assert!(rejected(&mut conn, &demand("2026-02-01", "-0.5")).contains("check constraint"));
    assert!(rejected(&mut conn, &demand("2026-02-15", "1")).contains("check constraint"));
    diesel::sql_query(demand("2026-02-01", "1.25"))
        .execute(&mut conn)
        .unwrap();
    assert!(rejected(&mut conn, &demand("2026-02-01", "2")).contains("duplicate key"));
    assert!(
        rejected(
            &mut conn,
            &format!(
            "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
             values ('{project}', '{task}', '{org}', date '2026-03-01', 'GUESS', 1)"
        )
        )
        .contains("check constraint")
    );

    // Duplicate keys of SPEC: org short name, project code, person code, user sub.
    assert!(
        rejected(
            &mut conn,
            "insert into organisations (short_name, name) values ('ORG', 'Again')"
        )
        .contains("duplicate key")
    );
    assert!(
        rejected(
            &mut conn,
            "insert into organisations (short_name, name) values ('org', 'Lower case twin')"
        )
        .contains("duplicate key")
    );
    assert!(rejected(&mut conn, &format!(
        "insert into projects (code, name, owner_org_id, start_month, duration_months) values ('P1', 'Again', '{org}', date '2026-01-01', 12)"
    )).contains("duplicate key"));
    diesel::sql_query(format!(
        "insert into persons (code, organisation_id) values ('ann@test', '{org}')"
    ))
    .execute(&mut conn)
    .unwrap();
    assert!(
        rejected(
            &mut conn,
            &format!("insert into persons (code, organisation_id) values ('ann@test', '{org}')")
        )
        .contains("duplicate key")
    );
    diesel::sql_query("insert into users (sub, username) values ('sub-1', 'ann@test')")
        .execute(&mut conn)
        .unwrap();
    assert!(
        rejected(
            &mut conn,
            "insert into users (sub, username) values ('sub-1', 'other')"
        )
        .contains("duplicate key")
    );

    // Months are the first of a month, end >= begin, percentages within 0..100.
    assert!(rejected(&mut conn, &format!(
        "insert into projects (code, name, owner_org_id, start_month, duration_months) values ('P2', 'Mid-month', '{org}', date '2026-01-10', 12)"
    )).contains("check constraint"));
    assert!(rejected(&mut conn, &format!(
        "insert into work_packages (project_id, number, name, begin_month, end_month) values ('{project}', 2, 'Backwards', 5, 4)"
    )).contains("check constraint"));
    assert!(rejected(&mut conn,
        "insert into fte_periods (person_id, start_date, fte_percent) select id, date '2026-01-01', 101 from persons"
    ).contains("check constraint"));
    assert!(rejected(&mut conn,
        "insert into fte_periods (person_id, start_date, end_date, fte_percent) select id, date '2026-02-01', date '2026-01-01', 50 from persons"
    ).contains("check constraint"));
    assert!(rejected(&mut conn, &format!(
        "insert into assignments (person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month)
         select p.id, '{project}', 120, g.id, date '2026-01-01', date '2026-12-01' from persons p, allocation_groups g where g.code = 'fixed'"
    )).contains("check constraint"));
    assert!(
        rejected(
            &mut conn,
            &format!("update organisations set parent_id = id where id = '{org}'")
        )
        .contains("check constraint")
    );

    // A task cannot hang under a work package of another project.
    diesel::sql_query(format!(
        "insert into projects (code, name, owner_org_id, start_month, duration_months) values ('P3', 'Other', '{org}', date '2026-01-01', 12)"
    )).execute(&mut conn).unwrap();
    assert!(rejected(&mut conn,
        "insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
         select p.id, w.id, '1.2', 'Cross-project', 1, 2 from projects p, work_packages w where p.code = 'P3'"
    ).contains("foreign key"));
}

#[tokio::test]
async fn user_id_is_transaction_local_on_a_reused_connection() {
    let name = create_test_database();
    // One connection only: the second transaction must run on the very connection of the first.
    let database = one_connection_database(&app_url(&name));
    let user_a = Uuid::new_v4();

    let seen_by_a = database
        .in_transaction(Some(user_a), |conn| {
            Ok::<_, AppError>(current_user_setting(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(seen_by_a, user_a.to_string());

    let seen_by_anonymous = database
        .in_transaction(None, |conn| Ok::<_, AppError>(current_user_setting(conn)?))
        .await
        .unwrap();
    assert_eq!(seen_by_anonymous, "");

    // And outside any transaction the connection carries nothing either.
    let after = database
        .with_owner(|conn| {
            diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
                "coalesce(current_setting('app.current_user_id', true), '')",
            ))
            .get_result::<String>(conn)
            .map_err(AppError::from)
        })
        .await
        .unwrap();
    assert_eq!(after, "");
}

#[tokio::test]
async fn a_failing_request_rolls_back_everything() {
    let name = create_test_database();
    let database = one_connection_database(&owner_url(&name));
    let result = database
        .in_transaction(None, |conn| {
            diesel::sql_query(
                "insert into organisations (short_name, name) values ('GONE', 'Rolled back')",
            )
            .execute(conn)?;
            Err::<(), _>(AppError::Forbidden(rediflow::i18n::Msg::verbatim(
                "refused after the write",
            )))
        })
        .await;
    assert!(matches!(result, Err(AppError::Forbidden(_))));
    let mut conn = connect(&owner_url(&name));
    assert_eq!(
        count(
            &mut conn,
            "select count(*) as count from organisations where short_name = 'GONE'"
        ),
        0
    );
}

/// The pool hands a connection that has just worked out again without a `SELECT 1`
/// (src/db/pool.rs). A connection the database cut must still be replaced: at worst the one
/// request that meets it answers "unavailable", as a request in flight would, and never a 500.
#[tokio::test]
async fn a_connection_the_database_cut_is_replaced() {
    let name = create_test_database();
    let database = one_connection_database(&owner_url(&name));
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
    let cut = |pid: i32| {
        let mut admin = connect(&owner_url("postgres"));
        diesel::sql_query(format!("select pg_terminate_backend({pid}, 5000)"))
            .execute(&mut admin)
            .unwrap();
    };

    // Cut right after a request: the next one may meet the dead connection (trusted for a
    // moment), the one after has a new connection.
    let first = backend().await.unwrap();
    cut(first);
    match backend().await {
        Ok(pid) => assert_ne!(pid, first, "a dead connection answered"),
        Err(AppError::Unavailable(_)) => {}
        Err(other) => panic!("a cut connection must answer 'unavailable': {other:?}"),
    }
    let second = backend().await.unwrap();
    assert_ne!(second, first);

    // Cut while idle for longer than the trust: checked before use, so the request works.
    cut(second);
    std::thread::sleep(std::time::Duration::from_millis(400));
    let third = backend().await.unwrap();
    assert_ne!(third, second);
}

#[test]
fn seed_calendars_is_idempotent_and_correct() {
    let name = create_test_database();
    let mut conn = connect(&owner_url(&name));
    let first = calendars::seed_bundled(&mut conn).unwrap();
    assert!(
        first
            .iter()
            .all(|c| c.added == c.holidays && c.holidays > 1500),
        "{first:?}"
    );
    let second = calendars::seed_bundled(&mut conn).unwrap();
    assert!(second.iter().all(|c| c.added == 0), "{second:?}");
    let holiday = |calendar: &str, day: &str| {
        names(
            &mut connect(&owner_url(&name)),
            &format!(
                "select h.name from holidays h join calendars c on c.id = h.calendar_id
                 where c.code = '{calendar}' and h.day = date '{day}' order by 1"
            ),
        )
    };
    assert_eq!(
        holiday("FI", "2025-06-20"),
        ["Juhannusaatto (Midsummer Eve)"]
    );
    assert_eq!(
        holiday("SE", "2025-06-06"),
        ["Sveriges nationaldag (National Day)"]
    );
    assert_eq!(
        holiday("FI", "2024-04-01"),
        ["2. pääsiäispäivä (Easter Monday)"]
    );
    assert_eq!(
        holiday("FI", "2008-05-01").len(),
        2,
        "Ascension Day on May Day 2008"
    );
    assert_eq!(
        count(
            &mut conn,
            "select count(*) as count from holidays where extract(year from day) not between 2000 and 2100"
        ),
        0
    );
}

#[test]
fn connect_error_masks_the_password() {
    let Err(error) = db::connect("postgres://someone:s3cret@127.0.0.1:1/nowhere", true) else {
        panic!("connected to a closed port");
    };
    let error = error.to_string();
    assert!(
        error.starts_with(
            "cannot connect to the database at postgres://someone:***@127.0.0.1:1/nowhere"
        ),
        "{error}"
    );
    assert!(!error.contains("s3cret"));
}

#[test]
fn expired_sessions_are_purged() {
    let name = create_test_database();
    let mut conn = connect(&owner_url(&name));
    diesel::sql_query(
        "insert into sessions (id, state, created_at, last_seen_at, expires_at) values
           (repeat('a', 64), '{}', now() - interval '1 hour', now() - interval '1 minute', now() + interval '1 day'),
           (repeat('b', 64), '{}', now() - interval '1 day', now() - interval '9 hours', now() + interval '1 day'),
           (repeat('c', 64), '{}', now() - interval '8 days', now() - interval '1 minute', now() + interval '1 day'),
           (repeat('d', 64), '{}', now() - interval '1 hour', now() - interval '1 minute', now() - interval '1 second')",
    )
    .execute(&mut conn)
    .unwrap();
    let purged = rediflow::auth::sessions::purge_expired(
        &mut conn,
        std::time::Duration::from_secs(8 * 3600),
        std::time::Duration::from_secs(7 * 24 * 3600),
    )
    .unwrap();
    assert_eq!(purged, 3, "idle, too old and past its cookie expiry");
    assert_eq!(
        names(&mut conn, "select left(id, 1) as name from sessions"),
        ["a"]
    );
}

/// The functions, policies and triggers come from src/db/replaceable, once each: `migrate` creates
/// them again whatever the database had, and a database whose copies differ from the binary's is
/// reported pending (so `serve` refuses to start and /readyz says so).
#[test]
fn migrate_recreates_the_replaceable_schema_and_reports_a_stale_one() {
    let name = create_test_database();
    let mut conn = connect(&owner_url(&name));
    assert!(migrations::pending(&mut conn).unwrap().is_empty());
    // A function changed by hand, and one dropped: both come back as the files say.
    conn.batch_execute(
        "create or replace function app.can_edit() returns boolean language sql stable
             security definer set search_path = pg_catalog, public, pg_temp as $$ select true $$;
         drop policy projects_delete on projects;
         update app_private.replaceable_schema set sha256 = 'older';",
    )
    .unwrap();
    assert_eq!(
        migrations::pending(&mut conn).unwrap(),
        [migrations::REPLACEABLE_OUTDATED]
    );
    assert!(migrations::run_pending(&mut conn).unwrap().is_empty());
    assert!(migrations::pending(&mut conn).unwrap().is_empty());
    assert_eq!(
        names(
            &mut conn,
            "select prosrc as name from pg_proc where oid = 'app.can_edit()'::regprocedure"
        ),
        [" select coalesce(app.current_role() in ('editor', 'admin', 'super_admin'), false) "]
    );
    assert_eq!(
        count(
            &mut conn,
            "select count(*) as count from pg_policies where policyname = 'projects_delete'"
        ),
        1
    );
}
