//! Reading the audit log: the admin page with filters and a project's history.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::db::schema::audit_log;

/// How many rows a page shows at most (newest first).
pub const PAGE_SIZE: i64 = 500;

#[derive(Debug, Clone, Queryable)]
pub struct Entry {
    pub occurred_at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub entity_type: Option<String>,
    pub actor: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub project: Option<Uuid>,
}

/// Entries matching `filter`, newest first; the row visibility is the database's (RLS).
pub fn entries(conn: &mut PgConnection, filter: &Filter) -> QueryResult<Vec<Entry>> {
    let mut query = audit_log::table
        .select((
            audit_log::occurred_at,
            audit_log::actor,
            audit_log::action,
            audit_log::entity_type,
            audit_log::entity_id,
            audit_log::project_id,
            audit_log::before,
            audit_log::after,
        ))
        .order((audit_log::occurred_at.desc(), audit_log::id))
        .limit(PAGE_SIZE)
        .into_boxed();
    if let Some(t) = &filter.entity_type {
        query = query.filter(audit_log::entity_type.eq(t.clone()));
    }
    if let Some(a) = &filter.actor {
        query = query.filter(audit_log::actor.eq(a.clone()));
    }
    if let Some(from) = filter.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        query = query.filter(audit_log::occurred_at.ge(from.and_utc()));
    }
    if let Some(to) = filter
        .to
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        query = query.filter(audit_log::occurred_at.lt(to.and_utc()));
    }
    if let Some(p) = filter.project {
        query = query.filter(audit_log::project_id.eq(p));
    }
    query.load(conn)
}

/// The entity types and actors that occur, for the filter menus.
pub fn choices(conn: &mut PgConnection) -> QueryResult<(Vec<String>, Vec<String>)> {
    let types = audit_log::table
        .select(audit_log::entity_type)
        .distinct()
        .order(audit_log::entity_type)
        .load(conn)?;
    let actors = audit_log::table
        .select(audit_log::actor)
        .distinct()
        .order(audit_log::actor)
        .load(conn)?;
    Ok((types, actors))
}
