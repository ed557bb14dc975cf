//! Uploaded workbooks waiting for their importer's confirmation (the upload page's two steps).
//!
//! They are kept in the database rather than in a file of the server that took the upload, so
//! that any server behind a load balancer can confirm them. Only the uploader sees their own
//! (row-level security, migration 001090); the confirmation takes the upload out, and
//! [`purge_expired`] deletes what waited longer than [`LIFETIME`].

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::pending_imports;

/// How long an upload waits for its confirmation.
pub const LIFETIME: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// What an uploaded workbook holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Project,
    People,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::People => "people",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        match text {
            "project" => Some(Kind::Project),
            "people" => Some(Kind::People),
            _ => None,
        }
    }
}

/// An upload taken out for its import.
#[derive(Debug)]
pub struct Pending {
    pub file_name: String,
    pub kind: Kind,
    pub workbook: Vec<u8>,
}

/// Keeps `user`'s upload until it is confirmed; its id is the confirmation's token. An earlier
/// upload of the same user still waiting is dropped: one waits per user, so an abandoned
/// check costs the database at most one workbook per administrator until the purge.
pub fn keep(
    conn: &mut PgConnection,
    user: Uuid,
    file_name: &str,
    kind: Kind,
    workbook: &[u8],
) -> QueryResult<Uuid> {
    diesel::delete(pending_imports::table.filter(pending_imports::user_id.eq(user)))
        .execute(conn)?;
    diesel::insert_into(pending_imports::table)
        .values((
            pending_imports::user_id.eq(user),
            pending_imports::file_name.eq(file_name),
            pending_imports::kind.eq(kind.as_str()),
            pending_imports::workbook.eq(workbook),
        ))
        .returning(pending_imports::id)
        .get_result(conn)
}

/// Takes `user`'s upload `id` out of the waiting room, so that a token imports once. `None`
/// when there is no such upload of theirs or it waited longer than [`LIFETIME`].
pub fn take(conn: &mut PgConnection, user: Uuid, id: Uuid) -> QueryResult<Option<Pending>> {
    // The user is named even though row-level security would add it: with RLS_ENABLED=false
    // requests run as the owner, whom the policy does not restrict.
    let taken: Option<(String, String, Vec<u8>, DateTime<Utc>)> = diesel::delete(
        pending_imports::table
            .filter(pending_imports::id.eq(id))
            .filter(pending_imports::user_id.eq(user)),
    )
    .returning((
        pending_imports::file_name,
        pending_imports::kind,
        pending_imports::workbook,
        pending_imports::created_at,
    ))
    .get_result(conn)
    .optional()?;
    Ok(taken.and_then(|(file_name, kind, workbook, created_at)| {
        let fresh = created_at > Utc::now() - LIFETIME;
        Some(Pending {
            file_name,
            kind: Kind::parse(&kind)?,
            workbook,
        })
        .filter(|_| fresh)
    }))
}

/// Deletes every upload, of any user, that waited longer than [`LIFETIME`]; how many. Runs as
/// the owner (the policy shows each user only their own).
pub fn purge_expired(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::delete(
        pending_imports::table.filter(pending_imports::created_at.le(Utc::now() - LIFETIME)),
    )
    .execute(conn)
}
