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
use diesel::result::Error as DieselError;
use diesel::sql_types::{Bool, Date, Integer, Nullable, Numeric, Text, Timestamptz};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Actor, Change};
use crate::db::schema::{
    capacity_request_lines, capacity_requests, organisations, user_organisations,
};
use crate::planning::decimal_input::{DecimalRefusal, parse_decimal};
use crate::planning::months::{calendar_month, format_month};
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
    /// Pending, and the user is an editor of the receiving organisation (or an ancestor) or an admin.
    #[diesel(sql_type = Bool)]
    pub can_decide: bool,
    /// Pending, and the user may edit the project.
    #[diesel(sql_type = Bool)]
    pub can_withdraw: bool,
}

impl Request {
    pub fn state(&self) -> Option<State> {
        State::parse(&self.state)
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

/// The form name of the cell for `task` in project month `month`.
pub fn cell_name(task: Uuid, month: i32) -> String {
    format!("pm.{task}.{month}")
}

/// A cell of the request grid as the form sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedCell {
    pub task: Uuid,
    /// Project month (1-based).
    pub month: i32,
    pub pm: BigDecimal,
}

/// Reads the PM cells of the request form (`pm.<task>.<project month>`): empty and zero cells
/// ask for nothing. Every problem is reported (task number and month named), so the form can be
/// shown again with all of them; `first_open` is the first project month that may still be asked.
pub fn read_cells(
    fields: &[(String, String)],
    project: &AskingProject,
    first_open: i32,
) -> (Vec<AskedCell>, Vec<String>) {
    let mut cells = Vec::new();
    let mut problems = Vec::new();
    let month_label = |m: i32| {
        calendar_month(project.start, m)
            .map(format_month)
            .unwrap_or_default()
    };
    for (name, text) in fields {
        let Some(rest) = name.strip_prefix("pm.") else {
            continue;
        };
        let Some((task, month)) = rest.split_once('.') else {
            problems.push(format!(
                "The form has a cell \"{name}\" that names no month."
            ));
            continue;
        };
        let task = Uuid::parse_str(task)
            .ok()
            .and_then(|id| project.tasks.iter().find(|t| t.id == id));
        let Some(task) = task else {
            problems.push(format!(
                "The form names a task that is not in {}.",
                project.code
            ));
            continue;
        };
        let Ok(month) = month.parse::<i32>() else {
            problems.push(format!("Task {}: \"{month}\" is not a month.", task.number));
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let where_ = format!("Task {}, M{month}", task.number);
        if month < 1 || month > project.duration {
            problems.push(format!(
                "{where_}: the project runs from M1 to M{}.",
                project.duration
            ));
            continue;
        }
        let pm = match parse_decimal(text) {
            Ok(Some(pm)) => pm,
            Ok(None) => continue,
            Err(DecimalRefusal::NotANumber(_)) => {
                problems.push(format!(
                    "{where_} ({}): \"{text}\" is not a number of person-months.",
                    month_label(month)
                ));
                continue;
            }
            Err(refusal) => {
                problems.push(format!("{where_} ({}): {refusal}.", month_label(month)));
                continue;
            }
        };
        if pm < 0 {
            problems.push(format!(
                "{where_} ({}): {text} is negative; ask for more than 0 PM.",
                month_label(month)
            ));
            continue;
        }
        if pm > 9_999 {
            problems.push(format!(
                "{where_} ({}): {text} PM is more than anyone can give in a month.",
                month_label(month)
            ));
            continue;
        }
        let pm = pm
            .with_scale_round(3, bigdecimal::RoundingMode::HalfEven)
            .normalized();
        if pm == 0 {
            continue;
        }
        if month < first_open {
            problems.push(format!(
                "{where_} ({}) is in the past; ask for this month or later.",
                month_label(month)
            ));
            continue;
        }
        cells.push(AskedCell {
            task: task.id,
            month,
            pm,
        });
    }
    cells.sort_by_key(|a| (a.month, a.task));
    problems.sort();
    problems.dedup();
    (cells, problems)
}

/// A request ready to be stored (validated by the caller).
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub project_id: Uuid,
    pub project_start: NaiveDate,
    pub requesting_org_id: Uuid,
    pub receiving_org_id: Uuid,
    pub message: String,
    pub cells: Vec<AskedCell>,
}

/// Stores a request and its lines, with one audit row; returns its id.
pub fn create(conn: &mut PgConnection, new: &NewRequest, actor: &Actor) -> QueryResult<Uuid> {
    let id: Uuid = diesel::insert_into(capacity_requests::table)
        .values((
            capacity_requests::project_id.eq(new.project_id),
            capacity_requests::requesting_org_id.eq(new.requesting_org_id),
            capacity_requests::receiving_org_id.eq(new.receiving_org_id),
            capacity_requests::message.eq(&new.message),
            capacity_requests::created_by.eq(actor.user_id),
        ))
        .returning(capacity_requests::id)
        .get_result(conn)?;
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    for cell in &new.cells {
        let Some(month) = calendar_month(new.project_start, cell.month) else {
            continue;
        };
        rows.push((
            capacity_request_lines::capacity_request_id.eq(id),
            capacity_request_lines::project_id.eq(new.project_id),
            capacity_request_lines::task_id.eq(cell.task),
            capacity_request_lines::month.eq(month),
            capacity_request_lines::pm.eq(cell.pm.clone()),
        ));
        lines.push(json!({"task_id": cell.task, "month": month, "pm": cell.pm}));
    }
    diesel::insert_into(capacity_request_lines::table)
        .values(&rows)
        .execute(conn)?;
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Create,
            entity_type: "capacity_request",
            entity_id: Some(id),
            project_id: Some(new.project_id),
            before: None,
            after: Some(json!({
                "state": State::Pending.as_str(),
                "requesting_org_id": new.requesting_org_id,
                "receiving_org_id": new.receiving_org_id,
                "message": new.message,
                "lines": lines,
            })),
        }],
    )?;
    Ok(id)
}

/// Withdraws a pending request of a project the user may edit (the caller checked that);
/// `false` when it was no longer pending, and then nothing changed.
pub fn withdraw(
    conn: &mut PgConnection,
    request: &Request,
    comment: &str,
    actor: &Actor,
) -> QueryResult<bool> {
    let updated = diesel::update(
        capacity_requests::table
            .filter(capacity_requests::id.eq(request.id))
            .filter(capacity_requests::state.eq(State::Pending.as_str())),
    )
    .set((
        capacity_requests::state.eq(State::Withdrawn.as_str()),
        capacity_requests::response_comment.eq(comment),
        capacity_requests::decided_by.eq(actor.user_id),
        capacity_requests::decided_at.eq(Utc::now()),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(false);
    }
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Update,
            entity_type: "capacity_request",
            entity_id: Some(request.id),
            project_id: Some(request.project_id),
            before: Some(json!({"state": State::Pending.as_str()})),
            after: Some(json!({"state": State::Withdrawn.as_str(), "response_comment": comment})),
        }],
    )?;
    Ok(true)
}

/// What the receiving organisation answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
}

/// How a decision ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// Recorded; the number of EST demand cells acceptance changed.
    Done(i32),
    /// The database refused (the request was decided meanwhile, or the caller may not decide);
    /// its reason. Nothing changed.
    Refused(String),
}

#[derive(QueryableByName)]
struct Changed {
    #[diesel(sql_type = Integer)]
    changed: i32,
}

/// The prefix of the refusals `app.decide_capacity_request` raises.
const REFUSAL: &str = "capacity request: ";

/// Accepts or rejects a request through `app.decide_capacity_request`, which re-checks every
/// rule and writes the demand, the request and the audit rows in the caller's name. A refusal
/// rolls back to a savepoint, so the request transaction stays usable and nothing changed.
pub fn decide(
    conn: &mut PgConnection,
    id: Uuid,
    decision: Decision,
    comment: &str,
) -> QueryResult<Decided> {
    let result = conn.transaction(|conn| {
        diesel::sql_query("select app.decide_capacity_request($1, $2, $3) as changed")
            .bind::<diesel::sql_types::Uuid, _>(id)
            .bind::<Bool, _>(decision == Decision::Accept)
            .bind::<Text, _>(comment)
            .get_result::<Changed>(conn)
    });
    match result {
        Ok(c) => Ok(Decided::Done(c.changed)),
        Err(DieselError::DatabaseError(_, info)) if info.message().starts_with(REFUSAL) => Ok(
            Decided::Refused(info.message().trim_start_matches(REFUSAL).to_string()),
        ),
        Err(other) => Err(other),
    }
}

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

    fn project() -> AskingProject {
        AskingProject {
            id: Uuid::from_u128(100),
            code: "P1".into(),
            name: "Project".into(),
            start: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            duration: 12,
            owner_org: Some((Uuid::from_u128(2), "R1-A".into())),
            locked: false,
            locking_state: None,
            version: 1,
            tasks: vec![TaskRef {
                id: Uuid::from_u128(200),
                number: "1.1".into(),
                name: "Task".into(),
                wp_number: 1,
                wp_name: "WP".into(),
            }],
        }
    }

    fn field(task: u128, month: &str, value: &str) -> (String, String) {
        (
            format!("pm.{}.{month}", Uuid::from_u128(task)),
            value.to_string(),
        )
    }

    #[test]
    fn cells_are_read_rounded_and_empty_ones_skipped() {
        let (cells, problems) = read_cells(
            &[
                field(200, "3", "1,5"),
                field(200, "4", ""),
                field(200, "5", "0"),
                field(200, "6", "0.12345"),
                ("csrf_token".into(), "x".into()),
            ],
            &project(),
            2,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            cells
                .iter()
                .map(|c| (c.month, c.pm.to_string()))
                .collect::<Vec<_>>(),
            [(3, "1.5".to_string()), (6, "0.123".to_string())]
        );
    }

    #[test]
    fn every_bad_cell_is_named() {
        let (cells, problems) = read_cells(
            &[
                field(200, "2", "abc"),
                field(200, "3", "-1"),
                field(200, "13", "1"),
                field(200, "1", "1"),
                field(999, "3", "1"),
                field(200, "x", "1"),
                field(200, "4", "100000"),
            ],
            &project(),
            2,
        );
        assert!(cells.is_empty());
        assert_eq!(
            problems,
            [
                "Task 1.1, M1 (2030-01) is in the past; ask for this month or later.",
                "Task 1.1, M13: the project runs from M1 to M12.",
                "Task 1.1, M2 (2030-02): \"abc\" is not a number of person-months.",
                "Task 1.1, M3 (2030-03): -1 is negative; ask for more than 0 PM.",
                "Task 1.1, M4 (2030-04): 100000 PM is more than anyone can give in a month.",
                "Task 1.1: \"x\" is not a month.",
                "The form names a task that is not in P1.",
            ]
        );
    }
}
