//! The replaceable part of the schema (Lemmy's pattern): every function of schemas `app` and
//! `app_private`, every row-level security policy and every trigger, each defined once in the
//! `.sql` files of `src/db/replaceable/`. `rediflow migrate` drops them all, applies the pending
//! migrations (which hold tables, indexes and data only, and so never depend on them) and creates
//! them again from the files, in one transaction. Changing a function is changing its file.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use sha2::{Digest, Sha256};

/// The files in the order they run; `00_reset.sql` drops what the others create.
pub const FILES: &[(&str, &str)] = &[
    ("00_reset.sql", include_str!("replaceable/00_reset.sql")),
    (
        "10_identity.sql",
        include_str!("replaceable/10_identity.sql"),
    ),
    (
        "15_edit_rules.sql",
        include_str!("replaceable/15_edit_rules.sql"),
    ),
    ("20_memos.sql", include_str!("replaceable/20_memos.sql")),
    (
        "30_organisations.sql",
        include_str!("replaceable/30_organisations.sql"),
    ),
    (
        "40_visible_projects.sql",
        include_str!("replaceable/40_visible_projects.sql"),
    ),
    (
        "45_visible_persons.sql",
        include_str!("replaceable/45_visible_persons.sql"),
    ),
    (
        "50_scenarios.sql",
        include_str!("replaceable/50_scenarios.sql"),
    ),
    (
        "60_capacity_requests.sql",
        include_str!("replaceable/60_capacity_requests.sql"),
    ),
    (
        "65_share_links.sql",
        include_str!("replaceable/65_share_links.sql"),
    ),
    (
        "70_demand_sums.sql",
        include_str!("replaceable/70_demand_sums.sql"),
    ),
    (
        "75_data_versions.sql",
        include_str!("replaceable/75_data_versions.sql"),
    ),
    (
        "80_row_versions.sql",
        include_str!("replaceable/80_row_versions.sql"),
    ),
    (
        "90_policies.sql",
        include_str!("replaceable/90_policies.sql"),
    ),
];

/// The SHA-256 of the files, names and contents, as hex: what a database created from them holds.
pub fn fingerprint() -> String {
    let mut hasher = Sha256::new();
    for (name, sql) in FILES {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(sql.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Drops every replaceable object (before the migrations run, or before they are reverted).
pub fn drop_all(conn: &mut PgConnection) -> QueryResult<()> {
    if !schema_exists(conn)? {
        return Ok(());
    }
    conn.batch_execute(FILES[0].1)
}

/// Creates every replaceable object from the files and records their fingerprint. The schemas
/// come from migration 000700, so there is nothing to create before it has run.
pub fn create_all(conn: &mut PgConnection) -> QueryResult<()> {
    if !schema_exists(conn)? {
        return Ok(());
    }
    for (_, sql) in FILES {
        conn.batch_execute(sql)?;
    }
    diesel::sql_query(
        "insert into app_private.replaceable_schema (sha256) values ($1)
         on conflict (singleton) do update set sha256 = excluded.sha256",
    )
    .bind::<Text, _>(fingerprint())
    .execute(conn)?;
    Ok(())
}

/// Whether the database's replaceable objects were created from these very files.
pub fn is_current(conn: &mut PgConnection) -> QueryResult<bool> {
    if !schema_exists(conn)? {
        return Ok(false);
    }
    #[derive(QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        sha256: Option<String>,
    }
    let stored: Stored =
        diesel::sql_query("select (select sha256 from app_private.replaceable_schema) as sha256")
            .get_result(conn)?;
    Ok(stored.sha256.as_deref() == Some(fingerprint().as_str()))
}

fn schema_exists(conn: &mut PgConnection) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    diesel::sql_query("select to_regclass('app_private.replaceable_schema') is not null as exists")
        .get_result::<Exists>(conn)
        .map(|e| e.exists)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_folder_is_listed_in_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db/replaceable");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed);
    }
}
