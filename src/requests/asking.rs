//! Asking: a project's editor asks another organisation of the same legal entity for PM per
//! task × month ([`ask`]).

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::auth::policy::ProjectLock;
use crate::command::{Acting, DomainError, FieldErrors, Outcome};
use crate::db::schema::{capacity_request_lines, capacity_requests};
use crate::i18n::Msg;
use crate::planning::decimal_input::{DecimalRefusal, MAX_DECIMAL_CHARS};
use crate::planning::month::ProjectMonth;
use crate::planning::months::current_month;
use crate::planning::quantity::{Pm, PmRefusal};
use crate::reference::organisations::{self, Organisation};

use super::{AskingProject, MAX_TEXT, State, asking_project, receiving_candidates};

/// The most PM one cell may ask for: more than anyone can give in a month, so a typing slip.
const MAX_CELL_PM: u32 = 9_999;

/// The form name of the cell for `task` in project month `month`.
pub fn cell_name(task: Uuid, month: i32) -> String {
    format!("pm.{task}.{month}")
}

/// A cell of the request grid as the form sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedCell {
    pub task: Uuid,
    pub month: ProjectMonth,
    pub pm: Pm,
}

/// Reads the PM cells of the request form (`pm.<task>.<project month>`): empty and zero cells
/// ask for nothing. Every problem is reported (task number and month named), so the form can be
/// shown again with all of them; `first_open` is the first project month that may still be asked.
pub fn read_cells(
    fields: &[(String, String)],
    project: &AskingProject,
    first_open: i32,
) -> (Vec<AskedCell>, Vec<Msg>) {
    let mut cells = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in fields {
        let Some(rest) = name.strip_prefix("pm.") else {
            continue;
        };
        match read_cell(rest, text, project, first_open) {
            Ok(Some(cell)) => cells.push(cell),
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    cells.sort_by_key(|a| (a.month.number, a.task));
    // In the order of their English sentences, as the form has always listed them.
    problems.sort_by_cached_key(|p| p.to_string());
    problems.dedup();
    (cells, problems)
}

/// One cell (`<task>.<project month>` after the `pm.` prefix): `None` when it asks for nothing.
fn read_cell(
    name: &str,
    text: &str,
    project: &AskingProject,
    first_open: i32,
) -> Result<Option<AskedCell>, Msg> {
    let Some((task, month)) = name.split_once('.') else {
        return Err(Msg::new("request-cell-no-month").arg("name", name));
    };
    let task = Uuid::parse_str(task)
        .ok()
        .and_then(|id| project.tasks.iter().find(|t| t.id == id))
        .ok_or_else(|| Msg::new("request-cell-unknown-task").arg("code", &project.code))?;
    let Ok(number) = month.parse::<i32>() else {
        return Err(Msg::new("request-cell-bad-month")
            .arg("task", &task.number)
            .arg("month", month));
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // Month numbers are written as typed (M13), not as a number of the language.
    let place = Msg::new("request-cell-place")
        .arg("task", &task.number)
        .arg("month", number.to_string());
    let Some(month) = ProjectMonth::within(project.start, project.duration, number) else {
        return Err(Msg::new("request-cell-outside")
            .arg("place", place)
            .arg("duration", project.duration.to_string()));
    };
    let place = Msg::new("request-cell-place-month")
        .arg("place", place)
        .arg("label", month.month.to_string());
    // The value type's sentences are worded for the plan grids; this page has always said
    // these, and its users and tests know them.
    let refusal = match Pm::read(text, MAX_CELL_PM) {
        Ok(Some(pm)) if pm.is_zero() => return Ok(None),
        Ok(Some(_)) if number < first_open => Msg::new("request-cell-past"),
        Ok(Some(pm)) => {
            return Ok(Some(AskedCell {
                task: task.id,
                month,
                pm,
            }));
        }
        Ok(None) => return Ok(None),
        Err(PmRefusal::Unreadable(DecimalRefusal::NotANumber(_))) => {
            Msg::new("request-cell-not-a-number")
        }
        Err(PmRefusal::Unreadable(DecimalRefusal::TooLong)) => {
            Msg::new("request-cell-too-long").arg("max", MAX_DECIMAL_CHARS.to_string())
        }
        Err(PmRefusal::Unreadable(DecimalRefusal::Exponent(_))) => {
            Msg::new("request-cell-exponent")
        }
        Err(PmRefusal::Negative(_)) => Msg::new("request-cell-negative"),
        Err(PmRefusal::TooLarge(..)) => Msg::new("request-cell-too-large"),
    };
    Err(refusal.arg("place", place).arg("text", text))
}

/// What the request form shows of a project the acting user may ask for.
#[derive(Debug, Clone)]
pub struct AskForm {
    pub project: AskingProject,
    /// The organisations that may be asked (same legal entity, not the POO).
    pub candidates: Vec<Organisation>,
    /// The first project month that may still be asked for (see [`first_open_month`]).
    pub first_open: i32,
}

/// The first project month that may still be asked for: the current month (super-admins may
/// plan the past, like on the capacity page).
fn first_open_month(acting: &Acting, project: &AskingProject) -> i32 {
    acting
        .policy
        .first_open_project_month(project.start, current_month())
        .max(1)
}

/// The request form of `project`: NotFound when the user cannot see it, Forbidden when they may
/// not change it (only those who may change a project ask on its behalf).
pub fn ask_form(conn: &mut PgConnection, acting: &Acting, project: Uuid) -> Outcome<AskForm> {
    let project = asking_project(conn, project)?.ok_or(DomainError::NotFound)?;
    acting.allowed(acting.policy.can_edit_project(&ProjectLock::of(
        project.locked,
        project.locking_state.clone(),
    )))?;
    let candidates = match &project.owner_org {
        Some((poo, _)) => receiving_candidates(*poo, &organisations::list(conn)?),
        None => Vec::new(),
    };
    let first_open = first_open_month(acting, &project);
    Ok(AskForm {
        project,
        candidates,
        first_open,
    })
}

/// A request as the form sent it.
#[derive(Debug, Clone)]
pub struct AskInput {
    pub project: Uuid,
    /// The form's fields: `receiving_org`, `message` and the cells `pm.<task>.<project month>`.
    pub fields: Vec<(String, String)>,
}

/// Asks for capacity: checks the user may change the project, validates every field (the
/// errors name `receiving_org`, `message` or `cells`, with the sentences the form shows), then
/// stores the request and its lines with one audit row. Returns the new request's id.
///
/// A project without an owner organisation cannot ask anybody: that is `Invalid` with no
/// field, as the form already explains it above the grid.
pub fn ask(conn: &mut PgConnection, acting: &Acting, input: AskInput) -> Outcome<Uuid> {
    let form = ask_form(conn, acting, input.project)?;
    let project = &form.project;
    let Some((poo, poo_name)) = project.owner_org.clone() else {
        return Err(DomainError::Invalid(Vec::new()));
    };
    let field = |name: &str| {
        input
            .fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
    };
    let receiving = field("receiving_org")
        .and_then(|v| Uuid::parse_str(v).ok())
        .filter(|id| form.candidates.iter().any(|o| o.id == *id));
    let message = field("message").unwrap_or_default().to_string();
    let (cells, problems) = read_cells(&input.fields, project, form.first_open);

    let mut errors: FieldErrors = Vec::new();
    if receiving.is_none() {
        errors.push((
            "receiving_org",
            Msg::new("request-choose-organisation").arg("poo", &poo_name),
        ));
    }
    errors.extend(problems.into_iter().map(|p| ("cells", p)));
    if message.chars().count() > MAX_TEXT {
        errors.push((
            "message",
            Msg::new("request-message-too-long").arg("max", MAX_TEXT.to_string()),
        ));
    }
    if cells.is_empty() && !errors.iter().any(|(name, _)| *name != "receiving_org") {
        errors.push(("cells", Msg::new("request-no-cells")));
    }
    match receiving {
        Some(receiving) if errors.is_empty() => {
            store(conn, acting, project, poo, receiving, &message, &cells)
        }
        _ => Err(DomainError::Invalid(errors)),
    }
}

/// Stores a validated request and its lines, with one audit row; returns its id.
fn store(
    conn: &mut PgConnection,
    acting: &Acting,
    project: &AskingProject,
    requesting_org: Uuid,
    receiving_org: Uuid,
    message: &str,
    cells: &[AskedCell],
) -> Outcome<Uuid> {
    let id: Uuid = diesel::insert_into(capacity_requests::table)
        .values((
            capacity_requests::project_id.eq(project.id),
            capacity_requests::requesting_org_id.eq(requesting_org),
            capacity_requests::receiving_org_id.eq(receiving_org),
            capacity_requests::message.eq(message),
            capacity_requests::created_by.eq(acting.actor.user_id),
        ))
        .returning(capacity_requests::id)
        .get_result(conn)?;
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    for cell in cells {
        let month: NaiveDate = cell.month.month.first_day();
        rows.push((
            capacity_request_lines::capacity_request_id.eq(id),
            capacity_request_lines::project_id.eq(project.id),
            capacity_request_lines::task_id.eq(cell.task),
            capacity_request_lines::month.eq(month),
            capacity_request_lines::pm.eq(cell.pm.decimal()),
        ));
        lines.push(json!({"task_id": cell.task, "month": month, "pm": cell.pm.decimal()}));
    }
    diesel::insert_into(capacity_request_lines::table)
        .values(&rows)
        .execute(conn)?;
    let asked = json!({
        "state": State::Pending.as_str(),
        "requesting_org_id": requesting_org,
        "receiving_org_id": receiving_org,
        "message": message,
        "lines": lines,
    });
    let change = Change::in_project(
        Action::Create,
        "capacity_request",
        Some(id),
        project.id,
        None,
        Some(asked),
    );
    audit::record(conn, &acting.actor, &[change])?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::TaskRef;

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

    /// The posted fields read for [`project`], M2 being the first month open to asking.
    fn read(fields: &[(String, String)]) -> (Vec<AskedCell>, Vec<String>) {
        let (cells, problems) = read_cells(fields, &project(), 2);
        (cells, problems.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn cells_are_read_rounded_and_empty_ones_skipped() {
        let (cells, problems) = read(&[
            field(200, "3", "1,5"),
            field(200, "4", ""),
            field(200, "5", "0"),
            ("csrf_token".into(), "x".into()),
            field(200, "6", "0.12345"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            cells
                .iter()
                .map(|c| (c.month.number, c.pm.decimal().to_string()))
                .collect::<Vec<_>>(),
            [(3, "1.5".to_string()), (6, "0.123".to_string())]
        );
    }

    #[test]
    fn every_bad_cell_is_named() {
        let (cells, problems) = read(&[
            field(200, "2", "abc"),
            field(200, "3", "-1"),
            field(200, "13", "1"),
            field(200, "1", "1"),
            field(999, "3", "1"),
            field(200, "x", "1"),
            field(200, "4", "100000"),
        ]);
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
