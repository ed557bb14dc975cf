//! `rediflow setup-rls-app-role`: creates or updates the application role of SPEC §7.
//!
//! The role logs in, is neither superuser nor able to bypass RLS, create databases or roles,
//! owns nothing, and gets only the DML it needs. Statements that take identifiers or a password
//! cannot use bind parameters, so their text is built by PostgreSQL's own `format(%I, %L)`.
//! Nobody else gets anything: PUBLIC loses CONNECT on the database, USAGE on schema `app` and
//! EXECUTE on the functions (docs/rls.md, "Threat model").

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

/// What `setup-rls-app-role` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRoleReport {
    pub role: String,
    pub created: bool,
    pub schemas: Vec<String>,
}

#[derive(QueryableByName)]
struct RoleAttributes {
    #[diesel(sql_type = Bool)]
    rolsuper: bool,
    #[diesel(sql_type = Bool)]
    rolbypassrls: bool,
}

#[derive(QueryableByName)]
struct Statement {
    #[diesel(sql_type = Text)]
    statement: String,
}

#[derive(QueryableByName)]
struct SchemaName {
    #[diesel(sql_type = Text)]
    nspname: String,
}

/// Tables the application may read but never change.
const READ_ONLY_TABLES: &[&str] = &["__diesel_schema_migrations"];
/// Tables the application may read and append to, but not change or delete (the audit trail).
const APPEND_ONLY_TABLES: &[&str] = &["audit_log"];
/// Schemas whose objects the application uses (`app` holds the RLS helper functions).
const SCHEMAS: &[&str] = &["public", "app"];
/// Schemas only the owner uses (`app_private`: the memo key and what only definer functions call).
const PRIVATE_SCHEMAS: &[&str] = &["app_private"];

/// Runs `template` through `format()` with the given arguments and executes the result.
fn execute_formatted(conn: &mut PgConnection, template: &str, args: &[&str]) -> QueryResult<()> {
    let placeholders: Vec<String> = (1..=args.len()).map(|i| format!("${i}")).collect();
    // The statement skeleton is a constant of this module; only bind parameters vary.
    let query = format!(
        "select format('{template}'{}) as statement",
        placeholders
            .iter()
            .map(|p| format!(", {p}"))
            .collect::<String>()
    );
    let mut query = diesel::sql_query(query).into_boxed();
    for arg in args {
        query = query.bind::<Text, _>(*arg);
    }
    let statement: Statement = query.get_result(conn)?;
    diesel::sql_query(statement.statement).execute(conn)?;
    Ok(())
}

/// Creates or updates the app role `role` with `password` and grants it what requests need.
/// Idempotent; runs in one transaction as the schema owner.
pub fn setup(conn: &mut PgConnection, role: &str, password: &str) -> anyhow::Result<AppRoleReport> {
    conn.transaction(|conn| {
        let existing: Option<RoleAttributes> = diesel::sql_query(
            "select rolsuper, rolbypassrls from pg_roles where rolname = $1",
        )
        .bind::<Text, _>(role)
        .get_result(conn)
        .optional()?;

        let created = existing.is_none();
        match existing {
            None => execute_formatted(
                conn,
                "create role %I login nosuperuser nobypassrls nocreatedb nocreaterole noinherit password %L",
                &[role, password],
            )?,
            Some(attributes) => {
                execute_formatted(
                    conn,
                    "alter role %I login nocreatedb nocreaterole noinherit password %L",
                    &[role, password],
                )?;
                // Only a superuser may change these two; ask for them only when they are wrong.
                if attributes.rolsuper || attributes.rolbypassrls {
                    execute_formatted(conn, "alter role %I nosuperuser nobypassrls", &[role]).map_err(
                        |e| anyhow::anyhow!(
                            "the role {role} has SUPERUSER or BYPASSRLS, which only a superuser can remove ({e})"
                        ),
                    )?;
                }
            }
        }

        let database: Statement = diesel::sql_query("select current_database() as statement").get_result(conn)?;
        // Only the owner and this role may connect: PUBLIC's default CONNECT (and TEMPORARY) would
        // let any login role of the cluster in. A database made from a template or restored into
        // a new database starts with the defaults again, hence here and not only in a migration.
        execute_formatted(
            conn,
            "revoke connect, temporary on database %I from public",
            &[&database.statement],
        )?;
        execute_formatted(conn, "grant connect on database %I to %I", &[&database.statement, role])?;
        // Functions this owner creates later are not PUBLIC's either (PostgreSQL's default).
        execute_formatted(conn, "alter default privileges revoke execute on functions from public", &[])?;

        let schemas: Vec<SchemaName> = diesel::sql_query(
            "select nspname::text as nspname from pg_namespace where nspname = any($1) order by nspname desc",
        )
        .bind::<diesel::sql_types::Array<Text>, _>(SCHEMAS)
        .load(conn)?;
        for schema in &schemas {
            let schema = schema.nspname.as_str();
            // The helpers of the policies are SECURITY DEFINER: PUBLIC must not call them.
            // (`public` keeps PUBLIC's USAGE, PostgreSQL's default: it holds no function of ours
            // that reads data, and its tables grant nothing to PUBLIC.)
            if schema == "app" {
                execute_formatted(conn, "revoke all on schema %I from public", &[schema])?;
            }
            execute_formatted(conn, "revoke execute on all functions in schema %I from public", &[schema])?;
            for template in [
                "grant usage on schema %I to %I",
                "grant select, insert, update, delete on all tables in schema %I to %I",
                "grant usage, select on all sequences in schema %I to %I",
                "grant execute on all functions in schema %I to %I",
                // objects created later by this owner (new migrations) get the same grants
                "alter default privileges in schema %I grant select, insert, update, delete on tables to %I",
                "alter default privileges in schema %I grant usage, select on sequences to %I",
                "alter default privileges in schema %I grant execute on functions to %I",
            ] {
                execute_formatted(conn, template, &[schema, role])?;
            }
        }
        // A new key for the seals of the policies' per-transaction memos (migration 001050): a
        // copy of the database (a template, a restored backup) does not keep the original's.
        if table_exists_in(conn, "app_private", "memo_keys") {
            diesel::sql_query(
                "update app_private.memo_keys
                 set inner_key = uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()),
                     outer_key = uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())",
            )
            .execute(conn)?;
        }
        // A restored dump (`--no-privileges`) leaves functions with PostgreSQL's default EXECUTE for
        // PUBLIC: close the private schemas again too.
        let private: Vec<SchemaName> = diesel::sql_query(
            "select nspname::text as nspname from pg_namespace where nspname = any($1)",
        )
        .bind::<diesel::sql_types::Array<Text>, _>(PRIVATE_SCHEMAS)
        .load(conn)?;
        for schema in &private {
            for template in [
                "revoke all on schema %I from public",
                "revoke execute on all functions in schema %I from public",
                "revoke all on all tables in schema %I from public",
            ] {
                execute_formatted(conn, template, &[&schema.nspname])?;
            }
        }
        for table in READ_ONLY_TABLES {
            if table_exists(conn, table) {
                execute_formatted(conn, "revoke insert, update, delete, truncate on %I from %I", &[table, role])?;
            }
        }
        for table in APPEND_ONLY_TABLES {
            if table_exists(conn, table) {
                execute_formatted(conn, "revoke update, delete, truncate on %I from %I", &[table, role])?;
            }
        }
        Ok(AppRoleReport {
            role: role.to_string(),
            created,
            schemas: schemas.into_iter().map(|s| s.nspname).collect(),
        })
    })
}

/// Whether `public.<table>` exists (the role may be set up before the first migration).
fn table_exists(conn: &mut PgConnection, table: &str) -> bool {
    table_exists_in(conn, "public", table)
}

/// Whether `<schema>.<table>` exists.
fn table_exists_in(conn: &mut PgConnection, schema: &str, table: &str) -> bool {
    #[derive(QueryableByName)]
    struct Exists {
        #[diesel(sql_type = Bool)]
        exists: bool,
    }
    diesel::sql_query(
        "select to_regclass(quote_ident($1) || '.' || quote_ident($2)) is not null as exists",
    )
    .bind::<Text, _>(schema)
    .bind::<Text, _>(table)
    .get_result::<Exists>(conn)
    .map(|e| e.exists)
    .unwrap_or(false)
}
