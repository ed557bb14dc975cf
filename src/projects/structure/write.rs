//! The commands of a project's structure: add, change and delete a work package, task,
//! milestone or deliverable. Each locks the project for the acting user
//! ([`version::lock_for_edit`]), checks the version the form showed, validates with
//! [`rules`], writes, audits and moves the plan version on once.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::{
    Deliverable, ItemForm, Milestone, Task, WorkPackage, deliverables, milestones, rules, tasks,
    work_packages,
};
use crate::audit::{self, Action, Change};
use crate::command::{Acting, DomainError, FieldErrors, Outcome};
use crate::db::row_version::{self, RowChange, version_of};
use crate::db::schema;
use crate::projects::version;

/// A row to add (`row` is `None`) or change: its id and the version the form showed.
#[derive(Debug, Clone)]
pub struct RowSave {
    pub project: Uuid,
    pub row: Option<(Uuid, i64)>,
    pub form: ItemForm,
}

/// A row to delete, still at the version the page showed.
#[derive(Debug, Clone, Copy)]
pub struct RowDelete {
    pub project: Uuid,
    pub row: Uuid,
    pub version: i64,
}

/// The field of a refused delete of a work package that still has tasks.
pub const HAS_TASKS: &str = "tasks";

/// What became of a single-row change, as a command's outcome.
fn outcome<T>(change: RowChange<T>) -> Outcome<T> {
    match change {
        RowChange::Done(value) => Ok(value),
        RowChange::Missing => Err(DomainError::NotFound),
        RowChange::Stale => Err(DomainError::Stale),
    }
}

/// The stored row a form changes, if it is still at the version the form showed.
fn shown<T: Clone>(
    rows: &[T],
    target: Option<(Uuid, i64)>,
    key: impl Fn(&T) -> (Uuid, i64),
) -> Outcome<Option<T>> {
    let Some((id, version)) = target else {
        return Ok(None);
    };
    let found = rows.iter().find(|r| key(r).0 == id).cloned();
    outcome(row_version::check(
        found.as_ref().map(|r| key(r).1),
        version,
    ))?;
    Ok(found)
}

fn optional_id(value: &str, field: &'static str, errors: &mut FieldErrors) -> Option<Uuid> {
    match value.trim() {
        "" => None,
        v => Uuid::parse_str(v).map(Some).unwrap_or_else(|_| {
            errors.push((field, "Choose one of the list.".into()));
            None
        }),
    }
}

/// Pushes a field's refusal; the value when it was right.
fn field<T>(errors: &mut FieldErrors, name: &'static str, read: Result<T, String>) -> Option<T> {
    read.map_err(|sentence| errors.push((name, sentence))).ok()
}

fn refused(errors: FieldErrors) -> DomainError {
    DomainError::Invalid(errors)
}

fn wp_snapshot(w: &WorkPackage) -> serde_json::Value {
    json!({"number": w.number, "name": w.name, "lead_org_id": w.lead_org_id, "begin_month": w.begin, "end_month": w.end})
}

fn task_snapshot(t: &Task) -> serde_json::Value {
    json!({"number": t.number, "name": t.name, "work_package_id": t.work_package_id, "begin_month": t.begin, "end_month": t.end, "role_type_id": t.role_type_id, "lead_org_id": t.lead_org_id})
}

fn milestone_snapshot(m: &Milestone) -> serde_json::Value {
    json!({"number": m.number, "name": m.name, "work_package_id": m.work_package_id, "due_month": m.due, "role_type_id": m.role_type_id})
}

fn deliverable_snapshot(d: &Deliverable) -> serde_json::Value {
    json!({"number": d.number, "name": d.name, "work_package_id": d.work_package_id, "due_month": d.due, "deliverable_type_id": d.kind, "dissemination_level_id": d.dissemination, "lead_org_id": d.lead_org_id})
}

/// Records the change and moves the plan version on: the last two steps of every command here.
fn finish(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    entity_type: &'static str,
    id: Uuid,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Outcome<()> {
    let action = match (&before, &after) {
        (None, _) => Action::Create,
        (Some(_), Some(_)) => Action::Update,
        (Some(_), None) => Action::Delete,
    };
    version::bump(conn, project)?;
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action,
            entity_type,
            entity_id: Some(id),
            project_id: Some(project),
            before,
            after,
        }],
    )?;
    Ok(())
}

/// Adds or changes a work package (number 1 to 999, unique in the project); its id.
pub fn save_work_package(
    conn: &mut PgConnection,
    acting: &Acting,
    input: RowSave,
) -> Outcome<Uuid> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let existing = work_packages(conn, project.id)?;
    let before = shown(&existing, input.row, |w| (w.id, w.version))?;
    let form = &input.form;
    let mut errors = FieldErrors::new();
    let number = field(
        &mut errors,
        "number",
        rules::work_package_number(&form.number),
    );
    if let Some(n) = number
        && existing
            .iter()
            .any(|w| w.number == n && Some(w.id) != before.as_ref().map(|b| b.id))
    {
        errors.push(("number", format!("WP {n} exists already in this project.")));
    }
    let name = field(&mut errors, "name", rules::name(&form.name, "work package"));
    let lead = optional_id(&form.lead_org, "lead_org", &mut errors);
    let begin = rules::month_number(&form.begin);
    let span = rules::span(
        begin,
        rules::month_number(&form.end),
        project.duration_months,
    )
    .map_err(|e| errors.extend(e))
    .ok();
    let (Some(number), Some(name), Some((begin, end)), true) =
        (number, name, span, errors.is_empty())
    else {
        return Err(refused(errors));
    };
    use schema::work_packages as wp;
    let id = match &before {
        None => diesel::insert_into(wp::table)
            .values((
                wp::project_id.eq(project.id),
                wp::number.eq(number),
                wp::name.eq(&name),
                wp::lead_org_id.eq(lead),
                wp::begin_month.eq(begin),
                wp::end_month.eq(end),
            ))
            .returning(wp::id)
            .get_result(conn)?,
        Some(w) => {
            let updated = diesel::update(wp::table.find(w.id).filter(wp::version.eq(w.version)))
                .set((
                    wp::number.eq(number),
                    wp::name.eq(&name),
                    wp::lead_org_id.eq(lead),
                    wp::begin_month.eq(begin),
                    wp::end_month.eq(end),
                ))
                .execute(conn)?;
            if updated == 0 {
                return outcome(row_version::missed(version_of!(conn, wp, w.id)?));
            }
            w.id
        }
    };
    let after = WorkPackage {
        id,
        number,
        name,
        lead_org_id: lead,
        begin,
        end,
        version: 0,
    };
    let before = before.as_ref().map(wp_snapshot);
    finish(
        conn,
        acting,
        project.id,
        "work_package",
        id,
        before,
        Some(wp_snapshot(&after)),
    )?;
    Ok(id)
}

/// Deletes a work package: refused (field [`HAS_TASKS`]) while it has tasks.
pub fn delete_work_package(
    conn: &mut PgConnection,
    acting: &Acting,
    input: RowDelete,
) -> Outcome<()> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let rows = work_packages(conn, project.id)?;
    let Some(w) = shown(&rows, Some((input.row, input.version)), |w| {
        (w.id, w.version)
    })?
    else {
        return Err(DomainError::NotFound);
    };
    use schema::{tasks as t, work_packages as wp};
    let tasks_under: i64 = t::table
        .filter(t::work_package_id.eq(w.id))
        .count()
        .get_result(conn)?;
    if tasks_under > 0 {
        return Err(DomainError::field(
            HAS_TASKS,
            format!(
                "WP {} still has {tasks_under} task(s): delete or move them first.",
                w.number
            ),
        ));
    }
    let deleted =
        diesel::delete(wp::table.find(w.id).filter(wp::version.eq(w.version))).execute(conn)?;
    if deleted == 0 {
        return outcome(row_version::missed(version_of!(conn, wp, w.id)?));
    }
    finish(
        conn,
        acting,
        project.id,
        "work_package",
        w.id,
        Some(wp_snapshot(&w)),
        None,
    )
}

/// Adds or changes a task (`<WP>.<n>` within its work package, unique in the project); its id.
pub fn save_task(conn: &mut PgConnection, acting: &Acting, input: RowSave) -> Outcome<Uuid> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let existing = tasks(conn, project.id)?;
    let before = shown(&existing, input.row, |t| (t.id, t.version))?;
    let wps = work_packages(conn, project.id)?;
    let form = &input.form;
    let mut errors = FieldErrors::new();
    let wp = wps.iter().find(|w| w.id.to_string() == form.wp.trim());
    if wp.is_none() {
        errors.push(("wp", "Choose the work package.".into()));
    }
    let number = wp.and_then(|wp| {
        field(
            &mut errors,
            "number",
            rules::task_number(&form.number, wp.number),
        )
    });
    if let Some(n) = &number
        && existing
            .iter()
            .any(|t| &t.number == n && Some(t.id) != before.as_ref().map(|b| b.id))
    {
        errors.push((
            "number",
            format!("Task {n} exists already in this project."),
        ));
    }
    let name = field(&mut errors, "name", rules::name(&form.name, "task"));
    let role = optional_id(&form.role, "role", &mut errors);
    let lead = optional_id(&form.lead_org, "lead_org", &mut errors);
    let begin = rules::month_number(&form.begin);
    let span = rules::span(
        begin,
        rules::month_number(&form.end),
        project.duration_months,
    )
    .map_err(|e| errors.extend(e))
    .ok();
    let (Some(wp), Some(number), Some(name), Some((begin, end)), true) =
        (wp, number, name, span, errors.is_empty())
    else {
        return Err(refused(errors));
    };
    use schema::tasks as t;
    let id = match &before {
        None => diesel::insert_into(t::table)
            .values((
                t::project_id.eq(project.id),
                t::work_package_id.eq(wp.id),
                t::number.eq(&number),
                t::name.eq(&name),
                t::begin_month.eq(begin),
                t::end_month.eq(end),
                t::role_type_id.eq(role),
                t::lead_org_id.eq(lead),
            ))
            .returning(t::id)
            .get_result(conn)?,
        Some(old) => {
            let updated = diesel::update(t::table.find(old.id).filter(t::version.eq(old.version)))
                .set((
                    t::work_package_id.eq(wp.id),
                    t::number.eq(&number),
                    t::name.eq(&name),
                    t::begin_month.eq(begin),
                    t::end_month.eq(end),
                    t::role_type_id.eq(role),
                    t::lead_org_id.eq(lead),
                ))
                .execute(conn)?;
            if updated == 0 {
                return outcome(row_version::missed(version_of!(conn, t, old.id)?));
            }
            old.id
        }
    };
    let after = Task {
        id,
        work_package_id: wp.id,
        wp_number: wp.number,
        number,
        name,
        begin,
        end,
        role_type_id: role,
        lead_org_id: lead,
        demand_cells: 0,
        version: 0,
    };
    let before = before.as_ref().map(task_snapshot);
    finish(
        conn,
        acting,
        project.id,
        "task",
        id,
        before,
        Some(task_snapshot(&after)),
    )?;
    Ok(id)
}

/// Deletes a task with its demand (the page says how many demand cells go with it; the
/// database deletes them with the task).
pub fn delete_task(conn: &mut PgConnection, acting: &Acting, input: RowDelete) -> Outcome<()> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let rows = tasks(conn, project.id)?;
    let Some(old) = shown(&rows, Some((input.row, input.version)), |t| {
        (t.id, t.version)
    })?
    else {
        return Err(DomainError::NotFound);
    };
    use schema::tasks as t;
    let deleted =
        diesel::delete(t::table.find(old.id).filter(t::version.eq(old.version))).execute(conn)?;
    if deleted == 0 {
        return outcome(row_version::missed(version_of!(conn, t, old.id)?));
    }
    let mut before = task_snapshot(&old);
    before["demand_cells"] = json!(old.demand_cells);
    finish(conn, acting, project.id, "task", old.id, Some(before), None)
}

/// Adds or changes a milestone (`MS<n>`, unique in the project; its work package optional).
pub fn save_milestone(conn: &mut PgConnection, acting: &Acting, input: RowSave) -> Outcome<Uuid> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let existing = milestones(conn, project.id)?;
    let before = shown(&existing, input.row, |m| (m.id, m.version))?;
    let wps = work_packages(conn, project.id)?;
    let form = &input.form;
    let mut errors = FieldErrors::new();
    let number = field(&mut errors, "number", rules::milestone_number(&form.number));
    if let Some(n) = &number
        && existing
            .iter()
            .any(|m| &m.number == n && Some(m.id) != before.as_ref().map(|b| b.id))
    {
        errors.push(("number", format!("{n} exists already in this project.")));
    }
    let name = field(&mut errors, "name", rules::name(&form.name, "milestone"));
    let wp = match form.wp.trim() {
        "" => None,
        v => match wps.iter().find(|w| w.id.to_string() == v) {
            Some(w) => Some(w.id),
            None => {
                errors.push((
                    "wp",
                    "Choose a work package of this project, or none.".into(),
                ));
                None
            }
        },
    };
    let role = optional_id(&form.role, "role", &mut errors);
    let due = field(
        &mut errors,
        "due",
        rules::due(rules::month_number(&form.due), project.duration_months),
    );
    let (Some(number), Some(name), Some(due), true) = (number, name, due, errors.is_empty()) else {
        return Err(refused(errors));
    };
    use schema::milestones as m;
    let id = match &before {
        None => diesel::insert_into(m::table)
            .values((
                m::project_id.eq(project.id),
                m::number.eq(&number),
                m::name.eq(&name),
                m::work_package_id.eq(wp),
                m::due_month.eq(due),
                m::role_type_id.eq(role),
            ))
            .returning(m::id)
            .get_result(conn)?,
        Some(old) => {
            let updated = diesel::update(m::table.find(old.id).filter(m::version.eq(old.version)))
                .set((
                    m::number.eq(&number),
                    m::name.eq(&name),
                    m::work_package_id.eq(wp),
                    m::due_month.eq(due),
                    m::role_type_id.eq(role),
                ))
                .execute(conn)?;
            if updated == 0 {
                return outcome(row_version::missed(version_of!(conn, m, old.id)?));
            }
            old.id
        }
    };
    let after = Milestone {
        id,
        number,
        name,
        work_package_id: wp,
        due,
        role_type_id: role,
        version: 0,
    };
    let before = before.as_ref().map(milestone_snapshot);
    finish(
        conn,
        acting,
        project.id,
        "milestone",
        id,
        before,
        Some(milestone_snapshot(&after)),
    )?;
    Ok(id)
}

/// Adds or changes a deliverable (`D<WP>.<n>` of its work package, unique in the project).
pub fn save_deliverable(conn: &mut PgConnection, acting: &Acting, input: RowSave) -> Outcome<Uuid> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let existing = deliverables(conn, project.id)?;
    let before = shown(&existing, input.row, |d| (d.id, d.version))?;
    let wps = work_packages(conn, project.id)?;
    let form = &input.form;
    let mut errors = FieldErrors::new();
    let wp = wps.iter().find(|w| w.id.to_string() == form.wp.trim());
    if wp.is_none() {
        errors.push(("wp", "Choose the work package.".into()));
    }
    let number = wp.and_then(|wp| {
        field(
            &mut errors,
            "number",
            rules::deliverable_number(&form.number, wp.number),
        )
    });
    if let Some(n) = &number
        && existing
            .iter()
            .any(|d| &d.number == n && Some(d.id) != before.as_ref().map(|b| b.id))
    {
        errors.push(("number", format!("{n} exists already in this project.")));
    }
    let name = field(&mut errors, "name", rules::name(&form.name, "deliverable"));
    let kind = optional_id(&form.kind, "kind", &mut errors);
    let level = optional_id(&form.dissemination, "dissemination", &mut errors);
    let lead = optional_id(&form.lead_org, "lead_org", &mut errors);
    let due = field(
        &mut errors,
        "due",
        rules::due(rules::month_number(&form.due), project.duration_months),
    );
    let (Some(wp), Some(number), Some(name), Some(due), true) =
        (wp, number, name, due, errors.is_empty())
    else {
        return Err(refused(errors));
    };
    let after = Deliverable {
        id: Uuid::nil(),
        number,
        name,
        work_package_id: wp.id,
        due,
        kind,
        dissemination: level,
        lead_org_id: lead,
        version: 0,
    };
    let id = write_deliverable(conn, project.id, before.as_ref(), &after)?;
    let before = before.as_ref().map(deliverable_snapshot);
    finish(
        conn,
        acting,
        project.id,
        "deliverable",
        id,
        before,
        Some(deliverable_snapshot(&after)),
    )?;
    Ok(id)
}

/// Inserts (`before` is `None`) or updates a deliverable with the values of `d`; its id.
fn write_deliverable(
    conn: &mut PgConnection,
    project: Uuid,
    before: Option<&Deliverable>,
    d: &Deliverable,
) -> Outcome<Uuid> {
    use schema::deliverables as dl;
    let values = (
        dl::number.eq(&d.number),
        dl::name.eq(&d.name),
        dl::work_package_id.eq(d.work_package_id),
        dl::due_month.eq(d.due),
        dl::deliverable_type_id.eq(d.kind),
        dl::dissemination_level_id.eq(d.dissemination),
        dl::lead_org_id.eq(d.lead_org_id),
    );
    match before {
        None => Ok(diesel::insert_into(dl::table)
            .values((dl::project_id.eq(project), values))
            .returning(dl::id)
            .get_result(conn)?),
        Some(old) => {
            let updated =
                diesel::update(dl::table.find(old.id).filter(dl::version.eq(old.version)))
                    .set(values)
                    .execute(conn)?;
            if updated == 0 {
                return outcome(row_version::missed(version_of!(conn, dl, old.id)?));
            }
            Ok(old.id)
        }
    }
}

/// Deletes a milestone.
pub fn delete_milestone(conn: &mut PgConnection, acting: &Acting, input: RowDelete) -> Outcome<()> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let rows = milestones(conn, project.id)?;
    let Some(old) = shown(&rows, Some((input.row, input.version)), |m| {
        (m.id, m.version)
    })?
    else {
        return Err(DomainError::NotFound);
    };
    use schema::milestones as m;
    let deleted =
        diesel::delete(m::table.find(old.id).filter(m::version.eq(old.version))).execute(conn)?;
    if deleted == 0 {
        return outcome(row_version::missed(version_of!(conn, m, old.id)?));
    }
    let before = json!({"number": old.number, "name": old.name});
    finish(
        conn,
        acting,
        project.id,
        "milestone",
        old.id,
        Some(before),
        None,
    )
}

/// Deletes a deliverable.
pub fn delete_deliverable(
    conn: &mut PgConnection,
    acting: &Acting,
    input: RowDelete,
) -> Outcome<()> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let rows = deliverables(conn, project.id)?;
    let Some(old) = shown(&rows, Some((input.row, input.version)), |d| {
        (d.id, d.version)
    })?
    else {
        return Err(DomainError::NotFound);
    };
    use schema::deliverables as dl;
    let deleted =
        diesel::delete(dl::table.find(old.id).filter(dl::version.eq(old.version))).execute(conn)?;
    if deleted == 0 {
        return outcome(row_version::missed(version_of!(conn, dl, old.id)?));
    }
    let before = json!({"number": old.number, "name": old.name});
    finish(
        conn,
        acting,
        project.id,
        "deliverable",
        old.id,
        Some(before),
        None,
    )
}
