//! Embedded schema migrations (`migrations/`) and the replaceable schema
//! (`src/db/replaceable/`), applied together by `rediflow migrate`.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::db::replaceable;

/// Every migration of `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// What `pending` reports when the functions, policies and triggers are not those of this binary.
pub const REPLACEABLE_OUTDATED: &str = "the functions, policies and triggers (src/db/replaceable)";

/// In one transaction: drops the replaceable objects, applies the pending migrations and creates
/// the replaceable objects again. Returns the versions applied (empty when the schema is current).
pub fn run_pending(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    conn.transaction(|conn| {
        replaceable::drop_all(conn)?;
        let applied: Vec<String> = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?
            .iter()
            .map(|v| v.to_string())
            .collect();
        replaceable::create_all(conn)
            .map_err(|e| anyhow::anyhow!("creating the functions and policies failed: {e}"))?;
        Ok(applied)
    })
}

/// The versions of the migrations the database has not applied yet, and
/// [`REPLACEABLE_OUTDATED`] when its replaceable objects differ from this binary's.
pub fn pending(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let pending = conn
        .pending_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("cannot read the applied migrations: {e}"))?;
    let mut names: Vec<String> = pending
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    if !replaceable::is_current(conn)? {
        names.push(REPLACEABLE_OUTDATED.to_string());
    }
    Ok(names)
}

/// Reverts every applied migration, newest first, after dropping the replaceable objects (tests
/// prove each `down.sql` works).
pub fn revert_all(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    conn.transaction(|conn| {
        replaceable::drop_all(conn)?;
        let reverted = conn
            .revert_all_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("reverting migrations failed: {e}"))?
            .iter()
            .map(|v| v.to_string())
            .collect();
        Ok(reverted)
    })
}
