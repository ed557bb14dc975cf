//! The audit log: one row per create, update or delete, written in the same transaction as the
//! change it records.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::schema::audit_log;

/// Who made a change: a signed-in user, or the command line (the operator's login name).
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub name: String,
}

impl Actor {
    /// The operator running a CLI command.
    pub fn command_line() -> Actor {
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_else(|_| "unknown".to_string());
        Actor {
            user_id: None,
            name: format!("cli:{login}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: Action,
    pub entity_type: &'static str,
    pub entity_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewEntry<'a> {
    user_id: Option<Uuid>,
    actor: &'a str,
    action: &'static str,
    entity_type: &'static str,
    entity_id: Option<Uuid>,
    project_id: Option<Uuid>,
    before: Option<&'a Value>,
    after: Option<&'a Value>,
}

/// Appends the changes (in chunks that stay far below PostgreSQL's bind-parameter limit).
pub fn record(conn: &mut PgConnection, actor: &Actor, changes: &[Change]) -> QueryResult<()> {
    for chunk in changes.chunks(4_000) {
        let rows: Vec<NewEntry> = chunk
            .iter()
            .map(|c| NewEntry {
                user_id: actor.user_id,
                actor: &actor.name,
                action: c.action.as_str(),
                entity_type: c.entity_type,
                entity_id: c.entity_id,
                project_id: c.project_id,
                before: c.before.as_ref(),
                after: c.after.as_ref(),
            })
            .collect();
        diesel::insert_into(audit_log::table)
            .values(&rows)
            .execute(conn)?;
    }
    Ok(())
}
