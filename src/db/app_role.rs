//! `rediflow setup-rls-app-role`: creates or updates the application role of SPEC §7.
//!
//! The role logs in, is neither superuser nor able to bypass RLS, create databases or roles,
//! owns nothing, and gets only the DML it needs. Statements that take identifiers or a password
//! cannot use bind parameters, so their text is built by PostgreSQL's own `format(%I, %L)`.

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

/// Runs `template` through `format()` with the given arguments and executes the result.
fn execute_formatted(conn: &mut PgConnection, template: &str, args: &[&str]) -> QueryResult<()> {
    let placeholders: Vec<String> = (1..=args.len()).map(|i| format!("${i}")).collect();
    // The statement skeleton is a constant of this module; only bind parameters vary.
    let query = format!(
        "select format('{template}', {}) as statement",
        placeholders.join(", ")
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
        execute_formatted(conn, "grant connect on database %I to %I", &[&database.statement, role])?;

        let schemas: Vec<SchemaName> = diesel::sql_query(
            "select nspname::text as nspname from pg_namespace where nspname = any($1) order by nspname desc",
        )
        .bind::<diesel::sql_types::Array<Text>, _>(SCHEMAS)
        .load(conn)?;
        for schema in &schemas {
            let schema = schema.nspname.as_str();
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
    #[derive(QueryableByName)]
    struct Exists {
        #[diesel(sql_type = Bool)]
        exists: bool,
    }
    diesel::sql_query("select to_regclass('public.' || quote_ident($1)) is not null as exists")
        .bind::<Text, _>(table)
        .get_result::<Exists>(conn)
        .map(|e| e.exists)
        .unwrap_or(false)
}
