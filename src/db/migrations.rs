//! Embedded schema migrations (`migrations/`), applied by `rediflow migrate`.

use diesel::pg::PgConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// Every migration of `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Applies the pending migrations and returns their versions (empty when the schema is current).
pub fn run_pending(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

/// The versions of the migrations the database has not applied yet.
pub fn pending(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let pending = conn
        .pending_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("cannot read the applied migrations: {e}"))?;
    Ok(pending
        .iter()
        .map(|m| m.name().version().to_string())
        .collect())
}

/// Reverts every applied migration, newest first (tests prove each `down.sql` works).
pub fn revert_all(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let reverted = conn
        .revert_all_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("reverting migrations failed: {e}"))?;
    Ok(reverted.iter().map(|v| v.to_string()).collect())
}
