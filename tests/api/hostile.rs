//! Row-level security against a hostile caller (issue 18, items 1 and 2; docs/rls.md "Threat
//! model"): a login role with no grants cannot connect or use the policies' definer functions, the
//! app role cannot widen what a user sees by setting the per-transaction memos itself, and the
//! receiving side of a capacity request cannot rewrite it outside the decide function.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use uuid::Uuid;

use crate::helpers::*;
use crate::rls::{ALL_PROTECTED, RLS_REFUSAL, id, refused, setup};

/// The memos of migrations 000960–001020, which the policies' helpers keep per transaction.
const MEMOS: &[&str] = &[
    "app.user_facts",
    "app.visible_projects",
    "app.visible_persons",
    "app.person_orgs",
    "app.user_orgs",
    "app.focus_seen",
];

fn set(conn: &mut PgConnection, name: &str, value: &str) {
    diesel::sql_query("select set_config($1, $2, true)")
        .bind::<Text, _>(name)
        .bind::<Text, _>(value)
        .execute(conn)
        .unwrap();
}

fn setting(conn: &mut PgConnection, name: &str) -> String {
    names(
        conn,
        &format!("select coalesce(current_setting('{name}', true), '') as name"),
    )
    .remove(0)
}

/// Every id of `table`, comma-separated (read as the owner: what a forger would claim to see).
fn every_id(owner: &mut PgConnection, table: &str) -> String {
    names(
        owner,
        &format!("select string_agg(id::text, ',') as name from {table}"),
    )
    .remove(0)
}

/// How the forger writes the memos.
#[derive(Clone, Copy, Debug)]
enum Forgery {
    /// The format before the seals: the payload alone.
    Plain,
    /// The payload with a made-up seal beside it.
    MadeUpSeal,
    /// The payload changed after the helpers sealed the real one (the real seal kept).
    RealSealKept,
}

/// Claims, for `user`, that they see every project, person and organisation, are a
/// super-admin, and see the focus project.
fn forge(conn: &mut PgConnection, user: &str, everything: &Everything, how: Forgery) {
    let uid = id(user);
    if let Forgery::RealSealKept = how {
        // Let the helpers seal their real answers first.
        count(
            conn,
            "select count(*) as count from projects, persons, capacity_requests",
        );
    }
    let values = [
        ("app.user_facts", format!("{uid}|super_admin|all")),
        (
            "app.visible_projects",
            format!("{uid}:{}", everything.projects),
        ),
        (
            "app.visible_persons",
            format!("{uid}:{}", everything.persons),
        ),
        (
            "app.person_orgs",
            format!("{uid}:{}", everything.organisations),
        ),
        (
            "app.user_orgs",
            format!("{uid}:{}", everything.organisations),
        ),
        ("app.focus_seen", format!("{uid}:{}:t", id("c3"))),
    ];
    for (name, value) in values {
        set(conn, name, &value);
        match how {
            Forgery::Plain | Forgery::RealSealKept => {}
            Forgery::MadeUpSeal => set(conn, &format!("{name}_seal"), &"f".repeat(64)),
        }
    }
}

struct Everything {
    projects: String,
    persons: String,
    organisations: String,
}

/// What `user` reads and may write, statement by statement, in one transaction (rolled back),
/// with the focus on P3 (which only the assigned user f7 sees), forging before every statement
/// when `forgery` is given.
fn capabilities(
    conn: &mut PgConnection,
    user: &str,
    everything: &Everything,
    forgery: Option<Forgery>,
) -> Vec<String> {
    let mut probes: Vec<String> = ALL_PROTECTED
        .iter()
        .map(|t| format!("select count(*) as count from {t}"))
        .collect();
    let writes = [
        "update projects set name = name",
        "update projects set locked = false",
        "delete from capacity_demand",
        "update work_packages set name = name",
        "update assignments set allocation_percent = allocation_percent",
        "update persons set first_name = first_name",
        "delete from leaves",
        "update organisations set name = name",
        "update users set role = 'super_admin'",
        "update capacity_requests set state = 'withdrawn', decided_at = now()",
        "delete from shared_views",
        "insert into work_packages (project_id, number, name, begin_month, end_month)
         values ('00000000-0000-0000-0000-0000000000c3', 9, 'Intruder', 1, 2)",
        "insert into organisations (short_name, name) values ('NEW', 'New')",
        "insert into projects (code, name, owner_org_id, start_month, duration_months)
         values ('NEWP', 'New', '00000000-0000-0000-0000-0000000000b1', date '2026-01-01', 12)",
    ];
    probes.extend(writes.iter().map(|w| w.to_string()));
    let mut outcomes = Vec::new();
    conn.transaction::<(), diesel::result::Error, _>(|conn| {
        set(conn, "app.current_user_id", &id(user));
        set(conn, "app.focus_project", &id("c3"));
        for probe in &probes {
            if let Some(how) = forgery {
                forge(conn, user, everything, how);
            }
            let outcome = conn.transaction::<String, diesel::result::Error, _>(|conn| {
                let answer = if probe.starts_with("select") {
                    count(conn, probe).to_string()
                } else {
                    format!("{} rows", diesel::sql_query(probe).execute(conn)?)
                };
                Err::<String, _>(diesel::result::Error::QueryBuilderError(answer.into()))
            });
            outcomes.push(match outcome {
                Err(diesel::result::Error::QueryBuilderError(answer)) => {
                    format!("{probe}: {answer}")
                }
                Err(refusal) => format!("{probe}: refused ({})", short(&refusal.to_string())),
                Ok(_) => unreachable!(),
            });
        }
        Err(diesel::result::Error::RollbackTransaction)
    })
    .unwrap_err();
    outcomes
}

/// The kind of a refusal, without the row values some messages carry.
fn short(message: &str) -> &str {
    if message.contains(RLS_REFUSAL) {
        RLS_REFUSAL
    } else if message.contains("permission denied") {
        "permission denied"
    } else {
        message
    }
}

#[test]
fn forged_memos_widen_nothing_for_reads_or_writes() {
    let (name, mut app) = setup();
    let mut owner = connect(&owner_url(&name));
    let everything = Everything {
        projects: every_id(&mut owner, "projects"),
        persons: every_id(&mut owner, "persons"),
        organisations: every_id(&mut owner, "organisations"),
    };
    // org-editor, org-viewer, assigned viewer, role 'none', and an id no user has.
    for user in ["f5", "f6", "f7", "f8", "f9"] {
        let honest = capabilities(&mut app, user, &everything, None);
        for how in [Forgery::Plain, Forgery::MadeUpSeal, Forgery::RealSealKept] {
            let forged = capabilities(&mut app, user, &everything, Some(how));
            for (h, f) in honest.iter().zip(&forged) {
                assert_eq!(h, f, "{user}, {how:?}");
            }
        }
    }
    // The honest answers are the narrow ones (the fixture's expectations are in rls.rs).
    let f6 = capabilities(&mut app, "f6", &everything, None);
    assert!(f6.contains(&"update projects set name = name: 0 rows".to_string()));
    assert!(f6.contains(&"delete from capacity_demand: 0 rows".to_string()));
    let f9 = capabilities(&mut app, "f9", &everything, None);
    assert!(f9.contains(&"select count(*) as count from projects: 0".to_string()));
    assert!(f9.contains(&"update users set role = 'super_admin': 0 rows".to_string()));
}

/// A sealed memo is bound to its transaction: replayed in a later one, after the user lost an
/// organisation, it shows nothing of what the organisation gave.
#[test]
fn a_memo_from_another_transaction_is_not_believed() {
    let (name, mut app) = setup();
    let mut captured = Vec::new();
    app.transaction::<(), diesel::result::Error, _>(|app| {
        set(app, "app.current_user_id", &id("f5"));
        assert_eq!(count(app, "select count(*) as count from projects"), 3);
        for memo in MEMOS {
            for name in [memo.to_string(), format!("{memo}_seal")] {
                let value = setting(app, &name);
                captured.push((name, value));
            }
        }
        Ok(())
    })
    .unwrap();
    assert!(
        captured
            .iter()
            .any(|(name, value)| name == "app.visible_projects_seal" && value.len() == 64),
        "{captured:?}"
    );
    connect(&owner_url(&name))
        .batch_execute(&format!(
            "delete from user_organisations where user_id = '{}'",
            id("f5")
        ))
        .unwrap();
    app.transaction::<(), diesel::result::Error, _>(|app| {
        set(app, "app.current_user_id", &id("f5"));
        for (name, value) in &captured {
            set(app, name, value);
        }
        // Org-scoped visibility without organisations: nothing.
        assert_eq!(count(app, "select count(*) as count from projects"), 0);
        assert_eq!(
            count(app, "select count(*) as count from capacity_demand"),
            0
        );
        Ok(())
    })
    .unwrap();
}

/// A login role of the cluster that was granted nothing (a monitoring role, another
/// application's role on a shared cluster).
struct Stranger {
    role: String,
    database: String,
}

impl Stranger {
    fn new(database: &str) -> Stranger {
        let role = format!("stranger_{}", Uuid::new_v4().simple());
        connect(&owner_url("postgres"))
            .batch_execute(&format!("create role {role} login password 'stranger'"))
            .unwrap();
        Stranger {
            role,
            database: database.to_string(),
        }
    }

    fn url(&self) -> String {
        let mut url = url::Url::parse(&owner_url(&self.database)).unwrap();
        url.set_username(&self.role).unwrap();
        url.set_password(Some("stranger")).unwrap();
        url.to_string()
    }

    fn grant(&self, what: &str) {
        connect(&owner_url(&self.database))
            .batch_execute(&format!("grant {what} to {}", self.role))
            .unwrap();
    }
}

impl Drop for Stranger {
    fn drop(&mut self) {
        let _ = connect(&owner_url(&self.database)).batch_execute(&format!(
            "revoke all on database {db} from {role}; revoke all on schema app from {role};",
            db = self.database,
            role = self.role
        ));
        let _ = connect(&owner_url("postgres"))
            .batch_execute(&format!("drop role if exists {}", self.role));
    }
}

/// A call of every SECURITY DEFINER function outside pg_catalog with NULL arguments (trigger
/// functions aside: nobody can call them).
fn definer_calls(conn: &mut PgConnection) -> Vec<String> {
    names(
        conn,
        "select format('select %s.%s(%s)', n.nspname, p.proname,
                      (select string_agg('null', ', ') from generate_series(1, p.pronargs))) as name
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
           and p.prorettype <> 'trigger'::regtype
         order by 1",
    )
}

#[test]
fn a_role_without_grants_cannot_connect_nor_call_the_definer_functions() {
    let (name, _) = setup();
    let stranger = Stranger::new(&name);
    let refusal = PgConnection::establish(&stranger.url())
        .err()
        .expect("a stranger cannot connect")
        .to_string();
    assert!(
        refusal.contains("permission denied for database"),
        "{refusal}"
    );

    // Allowed to connect (as a monitoring role would be), it still reaches nothing.
    stranger.grant(&format!("connect on database {name}"));
    let mut conn = connect(&stranger.url());
    let calls = definer_calls(&mut conn);
    assert!(calls.len() >= 25, "{calls:?}");
    assert!(
        calls
            .iter()
            .any(|c| c.contains("app.decide_capacity_request"))
    );
    assert!(calls.iter().any(|c| c.contains("app.resolve_share")));
    let outcomes = |conn: &mut PgConnection| {
        calls
            .iter()
            .map(|call| refused(conn, call))
            .collect::<Vec<_>>()
    };
    for (call, error) in calls.iter().zip(outcomes(&mut conn)) {
        assert!(
            error.contains("permission denied for schema"),
            "{call}: {error}"
        );
    }
    // Even with USAGE on the schema, EXECUTE is the app role's alone.
    stranger.grant("usage on schema app");
    let mut conn = connect(&stranger.url());
    for (call, error) in calls.iter().zip(outcomes(&mut conn)) {
        if call.contains("app_private.") {
            assert!(
                error.contains("permission denied for schema app_private"),
                "{call}: {error}"
            );
        } else {
            assert!(
                error.contains("permission denied for function"),
                "{call}: {error}"
            );
        }
    }
    for table in [
        "projects",
        "shared_views",
        "capacity_requests",
        "app_private.memo_keys",
    ] {
        let error = refused(&mut conn, &format!("select count(*) from {table}"));
        assert!(error.contains("permission denied"), "{table}: {error}");
    }
}

#[test]
fn the_app_role_cannot_seal_a_memo_nor_read_the_key() {
    let (_, mut app) = setup();
    for sql in [
        "select app_private.memo_keep('app.user_orgs', 'x')",
        "select app_private.memo_seal('app.user_orgs', 'x')",
        "select * from app_private.memo_keys",
    ] {
        let error = refused(&mut app, sql);
        assert!(
            error.contains("permission denied for schema app_private"),
            "{sql}: {error}"
        );
    }
}

#[test]
fn rls_check_fails_on_a_definer_function_or_database_open_to_public() {
    let (name, _) = setup();
    let mut owner = connect(&owner_url(&name));
    let report = rediflow::db::rls_check::check(&mut owner, APP_ROLE).unwrap();
    assert_eq!(report.problems, Vec::<String>::new());
    owner
        .batch_execute(&format!(
            "grant execute on function app.resolve_share(text) to public;
             grant usage on schema app to public;
             grant connect on database {name} to public;"
        ))
        .unwrap();
    let report = rediflow::db::rls_check::check(&mut owner, APP_ROLE).unwrap();
    assert_eq!(
        report.problems,
        [
            "security definer function app.resolve_share(text) may be executed by PUBLIC (only the app role may)",
            "PUBLIC may connect to the database (only the owner and the app role may); run `rediflow setup-rls-app-role`",
            "PUBLIC may use schema app (the policies' helpers)",
        ]
    );
    // setup-rls-app-role closes all three again.
    rediflow::db::app_role::setup(&mut owner, APP_ROLE, APP_ROLE_PASSWORD).unwrap();
    let report = rediflow::db::rls_check::check(&mut owner, APP_ROLE).unwrap();
    assert_eq!(report.problems, Vec::<String>::new());
}

#[test]
fn the_receiving_side_decides_a_capacity_request_only_through_the_decide_function() {
    let (name, mut app) = setup();
    let (c1, c4) = (id("c1"), id("c4"));
    crate::rls::act_as(&mut app, Some("f5")); // editor of R1-A, which receives P4's request
    // The request of P4 (another organisation's locked project) addressed to R1-A.
    for sql in [
        format!("update capacity_requests set message = 'rewritten' where project_id = '{c4}'"),
        format!(
            "update capacity_requests set state = 'accepted', decided_at = now() where project_id = '{c4}'"
        ),
    ] {
        assert_eq!(crate::rls::affected(&mut app, &sql), 0, "{sql}");
    }
    // Its own request (P1) can be withdrawn, and nothing else.
    let error = refused(
        &mut app,
        &format!("update capacity_requests set message = 'rewritten' where project_id = '{c1}'"),
    );
    assert!(error.contains("only its state can change"), "{error}");
    let error = refused(
        &mut app,
        &format!(
            "update capacity_requests set state = 'accepted', decided_by = '{}', decided_at = now()
             where project_id = '{c1}'",
            id("f5")
        ),
    );
    assert!(error.contains(RLS_REFUSAL), "{error}");
    assert_eq!(
        crate::rls::affected(
            &mut app,
            &format!(
                "update capacity_requests set state = 'withdrawn', decided_by = '{}', decided_at = now(),
                        response_comment = 'not needed' where project_id = '{c1}'",
                id("f5")
            )
        ),
        1
    );
    // Deciding still works through the function: rejecting P4's request.
    let request = names(
        &mut connect(&owner_url(&name)),
        &format!("select id::text as name from capacity_requests where project_id = '{c4}'"),
    )
    .remove(0);
    app.batch_execute(&format!(
        "select app.decide_capacity_request('{request}', false, 'no capacity')"
    ))
    .unwrap();
    assert_eq!(
        names(
            &mut connect(&owner_url(&name)),
            &format!(
                "select state || ' ' || response_comment as name from capacity_requests where id = '{request}'"
            ),
        ),
        ["rejected no capacity"]
    );
}
