//! The audit log: one row per create, update or delete, written in the same transaction as the
//! change it records.

pub mod view;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{self, Array, Jsonb, Nullable, Text};
use serde_json::Value;
use uuid::Uuid;

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

impl Change {
    /// A change to a row of a project's plan (the project itself, its structure, demand, rates,
    /// assignments): the project's history lists it.
    pub fn in_project(
        action: Action,
        entity_type: &'static str,
        entity_id: Option<Uuid>,
        project: Uuid,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Change {
        Change {
            action,
            entity_type,
            entity_id,
            project_id: Some(project),
            before,
            after,
        }
    }

    /// A change to a row outside any project: people, organisations, lookups, settings.
    pub fn outside_projects(
        action: Action,
        entity_type: &'static str,
        entity_id: Uuid,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Change {
        Change {
            action,
            entity_type,
            entity_id: Some(entity_id),
            project_id: None,
            before,
            after,
        }
    }
}

/// Changes per statement: big enough that an import of 100,000 demand cells needs two, small
/// enough that one statement's arrays stay a few megabytes.
const CHUNK: usize = 50_000;

/// Appends the changes. Each chunk is one `INSERT … SELECT FROM unnest(…)` with one array per
/// column: PostgreSQL parses and plans it once, where a multi-row VALUES list costs a parse of
/// every one of its tens of thousands of parameters.
pub fn record(conn: &mut PgConnection, actor: &Actor, changes: &[Change]) -> QueryResult<()> {
    for chunk in changes.chunks(CHUNK) {
        let actions: Vec<&str> = chunk.iter().map(|c| c.action.as_str()).collect();
        let entity_types: Vec<&str> = chunk.iter().map(|c| c.entity_type).collect();
        let entity_ids: Vec<Option<Uuid>> = chunk.iter().map(|c| c.entity_id).collect();
        let project_ids: Vec<Option<Uuid>> = chunk.iter().map(|c| c.project_id).collect();
        let before: Vec<Option<&Value>> = chunk.iter().map(|c| c.before.as_ref()).collect();
        let after: Vec<Option<&Value>> = chunk.iter().map(|c| c.after.as_ref()).collect();
        diesel::sql_query(
            "insert into audit_log (user_id, actor, action, entity_type, entity_id, project_id, before, after) \
             select $1, $2, u.action, u.entity_type, u.entity_id, u.project_id, u.before, u.after \
             from unnest($3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::jsonb[], $8::jsonb[]) \
                 as u (action, entity_type, entity_id, project_id, before, after)",
        )
        .bind::<Nullable<sql_types::Uuid>, _>(actor.user_id)
        .bind::<Text, _>(&actor.name)
        .bind::<Array<Text>, _>(&actions)
        .bind::<Array<Text>, _>(&entity_types)
        .bind::<Array<Nullable<sql_types::Uuid>>, _>(&entity_ids)
        .bind::<Array<Nullable<sql_types::Uuid>>, _>(&project_ids)
        .bind::<Array<Nullable<Jsonb>>, _>(&before)
        .bind::<Array<Nullable<Jsonb>>, _>(&after)
        .execute(conn)?;
    }
    Ok(())
}
