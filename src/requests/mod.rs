//! Capacity requests (SPEC §5): the project owner organisation (POO) asks another organisation of
//! the same legal entity (same root) for person-months per task × month; the receiving
//! organisation accepts them into its EST demand or rejects them; the POO may withdraw a request
//! while it is pending.
//!
//! The asking side writes through the ordinary row-level security policies (it may edit the
//! project). The receiving side usually cannot see the project, so it reads requests and decides
//! them through the definer functions of migration `capacity_requests_and_share_links`, which
//! re-check who asks; see the comment at the top of that migration.

use std::collections::{HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Integer, Nullable, Numeric, Text, Timestamptz};
use uuid::Uuid;

use crate::auth::policy::{ProjectLock, RequestFacts};
use crate::db::schema::{organisations, user_organisations};
use crate::projects::demand::{VisibleProject, number_key, project_tasks, visible_project};
use crate::reference::organisations::Organisation;

/// Where a request stands (the `state` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Pending,
    Accepted,
    Rejected,
    Withdrawn,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Pending,
        State::Accepted,
        State::Rejected,
        State::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Accepted => "accepted",
            State::Rejected => "rejected",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// One request as `app.capacity_request_overview()` shows it to the current user.
#[derive(Debug, Clone, QueryableByName)]
pub struct Request {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub project_id: Uuid,
    #[diesel(sql_type = Text)]
    pub project_code: String,
    #[diesel(sql_type = Text)]
    pub project_name: String,
    /// Whether the user may open the project itself.
    #[diesel(sql_type = Bool)]
    pub project_visible: bool,
    /// Locked by its flag or its lifecycle state.
    #[diesel(sql_type = Bool)]
    pub project_locked: bool,
    #[diesel(sql_type = Date)]
    pub project_start: NaiveDate,
    #[diesel(sql_type = Integer)]
    pub project_duration: i32,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub requesting_org_id: Uuid,
    #[diesel(sql_type = Text)]
    pub requesting_org: String,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub receiving_org_id: Uuid,
    #[diesel(sql_type = Text)]
    pub receiving_org: String,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Text)]
    pub message: String,
    #[diesel(sql_type = Text)]
    pub response_comment: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub created_by: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    pub decided_by: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub decided_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Numeric)]
    pub total_pm: BigDecimal,
    #[diesel(sql_type = Nullable<Date>)]
    pub first_month: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    pub last_month: Option<NaiveDate>,
    /// The receiving organisation is one of the user's (or below one of theirs).
    #[diesel(sql_type = Bool)]
    pub receiving_org_mine: bool,
    /// When the request last changed (for the API's `modified_since`).
    #[diesel(sql_type = Timestamptz)]
    pub modified_at: DateTime<Utc>,
}

impl Request {
    pub fn state(&self) -> Option<State> {
        State::parse(&self.state)
    }

    /// The request's version (`ETag`, `If-Match`): a request changes once, from pending to
    /// accepted, rejected or withdrawn, so it is 1 while pending and 2 after.
    pub fn version(&self) -> i64 {
        if self.state() == Some(State::Pending) {
            1
        } else {
            2
        }
    }

    /// What the Policy needs to say who may decide or withdraw the request.
    pub fn facts(&self) -> RequestFacts {
        RequestFacts {
            pending: self.state() == Some(State::Pending),
            receiving_org_mine: self.receiving_org_mine,
            project_visible: self.project_visible,
            project_lock: ProjectLock::of(self.project_locked, None),
        }
    }
}

/// One line of a request: PM for a task in a calendar month.
#[derive(Debug, Clone, QueryableByName)]
pub struct Line {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub task_id: Uuid,
    #[diesel(sql_type = Text)]
    pub task_number: String,
    #[diesel(sql_type = Text)]
    pub task_name: String,
    #[diesel(sql_type = Date)]
    pub month: NaiveDate,
    #[diesel(sql_type = Numeric)]
    pub pm: BigDecimal,
}

/// Every request the user may see (asked by or of their organisations, or on projects they
/// see), newest first. There are few requests per legal entity, so the pages filter in memory.
pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<Request>> {
    diesel::sql_query("select * from app.capacity_request_overview() order by created_at desc, id")
        .load(conn)
}

/// One request the user may see.
pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<Request>> {
    diesel::sql_query("select * from app.capacity_request_overview() where id = $1")
        .bind::<diesel::sql_types::Uuid, _>(id)
        .get_result(conn)
        .optional()
}

/// The lines of a request the user may see, by month and task.
pub fn lines(conn: &mut PgConnection, id: Uuid) -> QueryResult<Vec<Line>> {
    let mut lines: Vec<Line> = diesel::sql_query("select * from app.capacity_request_lines_of($1)")
        .bind::<diesel::sql_types::Uuid, _>(id)
        .load(conn)?;
    lines.sort_by(|a, b| {
        number_key(&a.task_number)
            .cmp(&number_key(&b.task_number))
            .then(a.month.cmp(&b.month))
    });
    Ok(lines)
}

/// A request the user may see with its lines, as its page shows them; NotFound otherwise.
pub fn find_with_lines(
    conn: &mut PgConnection,
    id: Uuid,
) -> crate::command::Outcome<(Request, Vec<Line>)> {
    let request = find(conn, id)?.ok_or(crate::command::DomainError::NotFound)?;
    Ok((request, lines(conn, id)?))
}

/// The organisations the current user belongs to (directly, without descendants).
pub fn my_organisations(conn: &mut PgConnection) -> QueryResult<Vec<Uuid>> {
    // Filtered by user explicitly: with RLS_ENABLED=false the policy does not do it.
    user_organisations::table
        .filter(diesel::dsl::sql::<Bool>(
            "user_organisations.user_id = (select app.current_user_id())",
        ))
        .select(user_organisations::organisation_id)
        .load(conn)
}

// ---------------------------------------------------------------------------------------------
// The organisation tree

/// The root (legal entity) above `org`; `org` itself for a root or an unknown organisation.
/// A cycle, which the database should never hold, cannot make this loop.
pub fn root_of(org: Uuid, parents: &HashMap<Uuid, Option<Uuid>>) -> Uuid {
    let mut current = org;
    let mut seen = HashSet::new();
    while let Some(Some(parent)) = parents.get(&current) {
        if !seen.insert(current) {
            break;
        }
        current = *parent;
    }
    current
}

pub use crate::reference::organisations::{parent_map, with_descendants};

/// The organisations a POO may ask: the same root, not the POO itself.
pub fn receiving_candidates(poo: Uuid, all: &[Organisation]) -> Vec<Organisation> {
    let parents = parent_map(all);
    let root = root_of(poo, &parents);
    all.iter()
        .filter(|o| o.id != poo && root_of(o.id, &parents) == root)
        .cloned()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Asking

/// A task that PM may be asked for.
#[derive(Debug, Clone)]
pub struct TaskRef {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub wp_number: i32,
    pub wp_name: String,
}

/// What the request form needs of the asking project.
#[derive(Debug, Clone)]
pub struct AskingProject {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub start: NaiveDate,
    pub duration: i32,
    pub owner_org: Option<(Uuid, String)>,
    pub locked: bool,
    /// The lifecycle state's name when it locks the project.
    pub locking_state: Option<String>,
    pub version: i64,
    /// In task-number order.
    pub tasks: Vec<TaskRef>,
}

/// A project the user can see, with its tasks (`None` when it is not visible).
pub fn asking_project(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<AskingProject>> {
    let Some(VisibleProject {
        head, owner_org, ..
    }) = visible_project(conn, id)?
    else {
        return Ok(None);
    };
    let owner_org = match owner_org {
        Some(org) => organisations::table
            .find(org)
            .select(organisations::short_name)
            .first::<String>(conn)
            .optional()?
            .map(|short| (org, short)),
        None => None,
    };
    let task_list = project_tasks(conn, head.id)?
        .into_iter()
        .map(|(id, number, name, wp_number, wp_name)| TaskRef {
            id,
            number,
            name,
            wp_number,
            wp_name,
        })
        .collect();
    Ok(Some(AskingProject {
        id: head.id,
        code: head.code,
        name: head.name,
        start: head.start,
        duration: head.duration,
        owner_org,
        locked: head.locked,
        locking_state: head.locking_state,
        version: head.version,
        tasks: task_list,
    }))
}

mod asking;
mod deciding;

pub use asking::{AskForm, AskInput, AskedCell, ask, ask_form, cell_name, read_cells};
pub use deciding::{Decision, DecisionInput, WithdrawInput, accept_blocked, decide, withdraw};

/// Longest message and comment accepted.
pub const MAX_TEXT: usize = 4000;

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: u128, short: &str, parent: Option<u128>) -> Organisation {
        Organisation {
            id: Uuid::from_u128(id),
            short_name: short.into(),
            name: short.into(),
            parent_id: parent.map(Uuid::from_u128),
            country_code: None,
        }
    }

    fn tree() -> Vec<Organisation> {
        vec![
            org(1, "R1", None),
            org(2, "R1-A", Some(1)),
            org(3, "R1-A-X", Some(2)),
            org(4, "R1-B", Some(1)),
            org(5, "R2", None),
            org(6, "R2-B", Some(5)),
        ]
    }

    #[test]
    fn candidates_share_the_root_and_exclude_the_poo() {
        let all = tree();
        let names = |poo: u128| -> Vec<String> {
            receiving_candidates(Uuid::from_u128(poo), &all)
                .into_iter()
                .map(|o| o.short_name)
                .collect()
        };
        assert_eq!(names(2), ["R1", "R1-A-X", "R1-B"]);
        assert_eq!(names(1), ["R1-A", "R1-A-X", "R1-B"]);
        assert_eq!(names(6), ["R2"]);
        assert!(names(99).is_empty(), "an unknown POO asks nobody");
    }

    #[test]
    fn descendants_and_roots_survive_cycles() {
        let mut parents = parent_map(&tree());
        let mut below: Vec<u128> = with_descendants(&[Uuid::from_u128(2)], &parents)
            .into_iter()
            .map(|u| u.as_u128())
            .collect();
        below.sort();
        assert_eq!(below, [2, 3]);
        assert_eq!(root_of(Uuid::from_u128(3), &parents), Uuid::from_u128(1));
        parents.insert(Uuid::from_u128(1), Some(Uuid::from_u128(3)));
        let _ = root_of(Uuid::from_u128(3), &parents);
    }
}
