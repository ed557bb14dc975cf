//! A project's structure edited in the browser: work packages and the tasks under them.
//! Numbers are validated and unique within the project; months lie within its duration.

use std::collections::HashMap;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Actor, Change};
use crate::db::row_version::{self, RowChange, version_of};
use crate::db::schema::{
    capacity_demand, deliverable_types, deliverables, dissemination_levels, milestones,
    organisations, projects, role_types, tasks, work_packages,
};
use crate::projects::version;
use crate::reference::organisations::FieldErrors;

/// The project a structure page edits.
#[derive(Debug, Clone)]
pub struct Head {
    pub id: Uuid,
    pub code: String,
    pub duration: i32,
}

pub fn head(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<Head>> {
    projects::table
        .filter(projects::id.eq(id))
        .filter(crate::db::visibility::project_visible())
        .select((projects::id, projects::code, projects::duration_months))
        .first::<(Uuid, String, i32)>(conn)
        .optional()
        .map(|r| r.map(|(id, code, duration)| Head { id, code, duration }))
}

#[derive(Debug, Clone)]
pub struct WorkPackage {
    pub id: Uuid,
    pub number: i32,
    pub name: String,
    pub lead_org_id: Option<Uuid>,
    pub begin: i32,
    pub end: i32,
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub id: Uuid,
    pub work_package_id: Uuid,
    pub wp_number: i32,
    pub number: String,
    pub name: String,
    pub begin: i32,
    pub end: i32,
    pub role_type_id: Option<Uuid>,
    pub lead_org_id: Option<Uuid>,
    pub demand_cells: i64,
    pub version: i64,
}

pub fn work_packages(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<WorkPackage>> {
    Ok(work_packages::table
        .filter(work_packages::project_id.eq(project))
        .select((
            work_packages::id,
            work_packages::number,
            work_packages::name,
            work_packages::lead_org_id,
            work_packages::begin_month,
            work_packages::end_month,
            work_packages::version,
        ))
        .order(work_packages::number)
        .load::<(Uuid, i32, String, Option<Uuid>, i32, i32, i64)>(conn)?
        .into_iter()
        .map(
            |(id, number, name, lead_org_id, begin, end, version)| WorkPackage {
                id,
                number,
                name,
                lead_org_id,
                begin,
                end,
                version,
            },
        )
        .collect())
}

pub fn tasks(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Task>> {
    let wps: HashMap<Uuid, i32> = work_packages(conn, project)?
        .into_iter()
        .map(|w| (w.id, w.number))
        .collect();
    let counts: HashMap<Uuid, i64> = capacity_demand::table
        .filter(capacity_demand::project_id.eq(project))
        .group_by(capacity_demand::task_id)
        .select((capacity_demand::task_id, diesel::dsl::count_star()))
        .load::<(Uuid, i64)>(conn)?
        .into_iter()
        .collect();
    let mut list: Vec<Task> = tasks::table
        .filter(tasks::project_id.eq(project))
        .select((
            tasks::id,
            tasks::work_package_id,
            tasks::number,
            tasks::name,
            tasks::begin_month,
            tasks::end_month,
            tasks::role_type_id,
            tasks::lead_org_id,
            tasks::version,
        ))
        .load::<(
            Uuid,
            Uuid,
            String,
            String,
            i32,
            i32,
            Option<Uuid>,
            Option<Uuid>,
            i64,
        )>(conn)?
        .into_iter()
        .map(
            |(id, wp, number, name, begin, end, role, lead, version)| Task {
                wp_number: wps.get(&wp).copied().unwrap_or(0),
                demand_cells: counts.get(&id).copied().unwrap_or(0),
                id,
                work_package_id: wp,
                number,
                name,
                begin,
                end,
                role_type_id: role,
                lead_org_id: lead,
                version,
            },
        )
        .collect();
    list.sort_by_key(|t| crate::projects::demand::number_key(&t.number));
    Ok(list)
}

/// (id, label) pairs for a select box.
pub type Choices = Vec<(Uuid, String)>;

/// Organisations and role types for the select boxes.
pub fn choices(conn: &mut PgConnection) -> QueryResult<(Choices, Choices)> {
    Ok((
        organisations::table
            .select((organisations::id, organisations::short_name))
            .order(organisations::short_name)
            .load(conn)?,
        role_types::table
            .select((role_types::id, role_types::name))
            .order((role_types::sort_order, role_types::name))
            .load(conn)?,
    ))
}

/// What a work-package or task form sends (fields a form does not have stay empty).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ItemForm {
    #[serde(default)]
    pub wp: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub lead_org: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub begin: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub due: String,
    /// Deliverable type.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub dissemination: String,
}

/// Whether `number` is `<wp>.<n>` with `n` from 1 to 999 (tasks "2.3", deliverables after their "D").
fn numbered_within(number: &str, wp: i32) -> bool {
    number.split_once('.').is_some_and(|(w, n)| {
        w.parse::<i32>() == Ok(wp) && n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n))
    })
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

fn months(form: &ItemForm, duration: i32, errors: &mut FieldErrors) -> Option<(i32, i32)> {
    let parse = |v: &str| v.trim().trim_start_matches(['M', 'm']).parse::<i32>().ok();
    let begin = parse(&form.begin);
    let end = parse(&form.end);
    match (begin, end) {
        (Some(b), Some(e)) => {
            let mut ok = true;
            for (field, m) in [("begin", b), ("end", e)] {
                if m < 1 || m > duration {
                    errors.push((
                        field,
                        format!("M{m} is outside the project's months M1–M{duration}."),
                    ));
                    ok = false;
                }
            }
            if e < b {
                errors.push(("end", format!("The end (M{e}) is before the begin (M{b}).")));
                ok = false;
            }
            ok.then_some((b, e))
        }
        _ => {
            if begin.is_none() {
                errors.push(("begin", "Enter the first project month, e.g. 1.".into()));
            }
            if end.is_none() {
                errors.push(("end", "Enter the last project month, e.g. 12.".into()));
            }
            None
        }
    }
}

fn wp_snapshot(
    number: i32,
    name: &str,
    lead: Option<Uuid>,
    begin: i32,
    end: i32,
) -> serde_json::Value {
    json!({"number": number, "name": name, "lead_org_id": lead, "begin_month": begin, "end_month": end})
}

/// Adds (`id` None) or changes a work package.
pub fn save_work_package(
    conn: &mut PgConnection,
    head: &Head,
    target: Option<(Uuid, i64)>,
    form: &ItemForm,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), FieldErrors>>> {
    version::lock(conn, head.id)?;
    let existing = work_packages(conn, head.id)?;
    let before = match target {
        Some((id, version)) => {
            let found = existing.iter().find(|w| w.id == id).cloned();
            let stored = found.as_ref().map(|w| w.version);
            if let Some(refused) = row_version::check(stored, version).refusal() {
                return Ok(refused);
            }
            found
        }
        None => None,
    };
    let id = target.map(|(id, _)| id);
    let mut errors = FieldErrors::new();
    let number = form
        .number
        .trim()
        .trim_start_matches(['W', 'P', 'w', 'p', ' '])
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=999).contains(n));
    match number {
        None => errors.push(("number", "Enter the work package number, 1 to 999.".into())),
        Some(n) if existing.iter().any(|w| w.number == n && Some(w.id) != id) => {
            errors.push(("number", format!("WP {n} exists already in this project.")))
        }
        Some(_) => {}
    }
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.push(("name", "Enter the work package's name.".into()));
    }
    let lead = optional_id(&form.lead_org, "lead_org", &mut errors);
    let span = months(form, head.duration, &mut errors);
    let (Some(number), Some((begin, end)), true) = (number, span, errors.is_empty()) else {
        return Ok(RowChange::Done(Err(errors)));
    };
    let after = wp_snapshot(number, &name, lead, begin, end);
    let change = match before {
        None => {
            let new_id: Uuid = diesel::insert_into(work_packages::table)
                .values((
                    work_packages::project_id.eq(head.id),
                    work_packages::number.eq(number),
                    work_packages::name.eq(&name),
                    work_packages::lead_org_id.eq(lead),
                    work_packages::begin_month.eq(begin),
                    work_packages::end_month.eq(end),
                ))
                .returning(work_packages::id)
                .get_result(conn)?;
            Change {
                action: Action::Create,
                entity_type: "work_package",
                entity_id: Some(new_id),
                project_id: Some(head.id),
                before: None,
                after: Some(after),
            }
        }
        Some(w) => {
            let updated = diesel::update(
                work_packages::table
                    .find(w.id)
                    .filter(work_packages::version.eq(w.version)),
            )
            .set((
                work_packages::number.eq(number),
                work_packages::name.eq(&name),
                work_packages::lead_org_id.eq(lead),
                work_packages::begin_month.eq(begin),
                work_packages::end_month.eq(end),
            ))
            .execute(conn)?;
            if updated == 0 {
                return Ok(row_version::missed(version_of!(conn, work_packages, w.id)?));
            }
            Change {
                action: Action::Update,
                entity_type: "work_package",
                entity_id: Some(w.id),
                project_id: Some(head.id),
                before: Some(wp_snapshot(
                    w.number,
                    &w.name,
                    w.lead_org_id,
                    w.begin,
                    w.end,
                )),
                after: Some(after),
            }
        }
    };
    version::bump(conn, head.id)?;
    audit::record(conn, actor, &[change])?;
    Ok(RowChange::Done(Ok(())))
}

/// Deletes a work package still at `version`, the one the page showed: refused while it has
/// tasks (delete or move them first).
pub fn delete_work_package(
    conn: &mut PgConnection,
    head: &Head,
    id: Uuid,
    version: i64,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), String>>> {
    version::lock(conn, head.id)?;
    let found = work_packages(conn, head.id)?
        .into_iter()
        .find(|w| w.id == id);
    if let Some(refused) = row_version::check(found.as_ref().map(|w| w.version), version).refusal()
    {
        return Ok(refused);
    }
    let Some(w) = found else {
        return Ok(RowChange::Missing);
    };
    let tasks_under: i64 = tasks::table
        .filter(tasks::work_package_id.eq(id))
        .count()
        .get_result(conn)?;
    if tasks_under > 0 {
        return Ok(RowChange::Done(Err(format!(
            "WP {} still has {tasks_under} task(s): delete or move them first.",
            w.number
        ))));
    }
    let deleted = diesel::delete(
        work_packages::table
            .find(id)
            .filter(work_packages::version.eq(version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Ok(row_version::missed(version_of!(conn, work_packages, id)?));
    }
    version::bump(conn, head.id)?;
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Delete,
            entity_type: "work_package",
            entity_id: Some(id),
            project_id: Some(head.id),
            before: Some(wp_snapshot(
                w.number,
                &w.name,
                w.lead_org_id,
                w.begin,
                w.end,
            )),
            after: None,
        }],
    )?;
    Ok(RowChange::Done(Ok(())))
}

fn task_snapshot(t: &Task) -> serde_json::Value {
    json!({"number": t.number, "name": t.name, "work_package_id": t.work_package_id, "begin_month": t.begin, "end_month": t.end, "role_type_id": t.role_type_id, "lead_org_id": t.lead_org_id})
}

/// Adds (`id` None) or changes a task.
pub fn save_task(
    conn: &mut PgConnection,
    head: &Head,
    target: Option<(Uuid, i64)>,
    form: &ItemForm,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), FieldErrors>>> {
    version::lock(conn, head.id)?;
    let existing = tasks(conn, head.id)?;
    let before = match target {
        Some((id, version)) => {
            let found = existing.iter().find(|t| t.id == id).cloned();
            let stored = found.as_ref().map(|t| t.version);
            if let Some(refused) = row_version::check(stored, version).refusal() {
                return Ok(refused);
            }
            found
        }
        None => None,
    };
    let id = target.map(|(id, _)| id);
    let wps = work_packages(conn, head.id)?;
    let mut errors = FieldErrors::new();
    let wp = wps.iter().find(|w| w.id.to_string() == form.wp.trim());
    if wp.is_none() {
        errors.push(("wp", "Choose the work package.".into()));
    }
    let number = form.number.trim().to_string();
    if let Some(wp) = wp {
        if !numbered_within(&number, wp.number) {
            errors.push((
                "number",
                format!(
                    "Number the task <WP>.<n> within WP {}, e.g. {}.1.",
                    wp.number, wp.number
                ),
            ));
        } else if existing
            .iter()
            .any(|t| t.number == number && Some(t.id) != id)
        {
            errors.push((
                "number",
                format!("Task {number} exists already in this project."),
            ));
        }
    }
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.push(("name", "Enter the task's name.".into()));
    }
    let role = optional_id(&form.role, "role", &mut errors);
    let lead = optional_id(&form.lead_org, "lead_org", &mut errors);
    let span = months(form, head.duration, &mut errors);
    let (Some(wp), Some((begin, end)), true) = (wp, span, errors.is_empty()) else {
        return Ok(RowChange::Done(Err(errors)));
    };
    let task = Task {
        id: id.unwrap_or_default(),
        work_package_id: wp.id,
        wp_number: wp.number,
        number: number.clone(),
        name: name.clone(),
        begin,
        end,
        role_type_id: role,
        lead_org_id: lead,
        demand_cells: 0,
        version: 0,
    };
    let change = match before {
        None => {
            let new_id: Uuid = diesel::insert_into(tasks::table)
                .values((
                    tasks::project_id.eq(head.id),
                    tasks::work_package_id.eq(wp.id),
                    tasks::number.eq(&number),
                    tasks::name.eq(&name),
                    tasks::begin_month.eq(begin),
                    tasks::end_month.eq(end),
                    tasks::role_type_id.eq(role),
                    tasks::lead_org_id.eq(lead),
                ))
                .returning(tasks::id)
                .get_result(conn)?;
            Change {
                action: Action::Create,
                entity_type: "task",
                entity_id: Some(new_id),
                project_id: Some(head.id),
                before: None,
                after: Some(task_snapshot(&task)),
            }
        }
        Some(old) => {
            let updated = diesel::update(
                tasks::table
                    .find(old.id)
                    .filter(tasks::version.eq(old.version)),
            )
            .set((
                tasks::work_package_id.eq(wp.id),
                tasks::number.eq(&number),
                tasks::name.eq(&name),
                tasks::begin_month.eq(begin),
                tasks::end_month.eq(end),
                tasks::role_type_id.eq(role),
                tasks::lead_org_id.eq(lead),
            ))
            .execute(conn)?;
            if updated == 0 {
                return Ok(row_version::missed(version_of!(conn, tasks, old.id)?));
            }
            Change {
                action: Action::Update,
                entity_type: "task",
                entity_id: Some(old.id),
                project_id: Some(head.id),
                before: Some(task_snapshot(&old)),
                after: Some(task_snapshot(&task)),
            }
        }
    };
    version::bump(conn, head.id)?;
    audit::record(conn, actor, &[change])?;
    Ok(RowChange::Done(Ok(())))
}

/// Deletes a task still at `version`, the one the page showed, with its demand (the page says
/// how many demand cells go with it; the database deletes them with the task).
pub fn delete_task(
    conn: &mut PgConnection,
    head: &Head,
    id: Uuid,
    version: i64,
    actor: &Actor,
) -> QueryResult<RowChange<()>> {
    version::lock(conn, head.id)?;
    let found = tasks(conn, head.id)?.into_iter().find(|t| t.id == id);
    if let Some(refused) = row_version::check(found.as_ref().map(|t| t.version), version).refusal()
    {
        return Ok(refused);
    }
    let Some(t) = found else {
        return Ok(RowChange::Missing);
    };
    let deleted =
        diesel::delete(tasks::table.find(id).filter(tasks::version.eq(version))).execute(conn)?;
    if deleted == 0 {
        return Ok(row_version::missed(version_of!(conn, tasks, id)?));
    }
    version::bump(conn, head.id)?;
    let mut before = task_snapshot(&t);
    before["demand_cells"] = json!(t.demand_cells);
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Delete,
            entity_type: "task",
            entity_id: Some(id),
            project_id: Some(head.id),
            before: Some(before),
            after: None,
        }],
    )?;
    Ok(RowChange::Done(()))
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub work_package_id: Option<Uuid>,
    pub due: i32,
    pub role_type_id: Option<Uuid>,
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct Deliverable {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub work_package_id: Uuid,
    pub due: i32,
    pub kind: Option<Uuid>,
    pub dissemination: Option<Uuid>,
    pub lead_org_id: Option<Uuid>,
    pub version: i64,
}

pub fn milestones(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Milestone>> {
    let mut list: Vec<Milestone> = milestones::table
        .filter(milestones::project_id.eq(project))
        .select((
            milestones::id,
            milestones::number,
            milestones::name,
            milestones::work_package_id,
            milestones::due_month,
            milestones::role_type_id,
            milestones::version,
        ))
        .load::<(Uuid, String, String, Option<Uuid>, i32, Option<Uuid>, i64)>(conn)?
        .into_iter()
        .map(
            |(id, number, name, work_package_id, due, role_type_id, version)| Milestone {
                id,
                number,
                name,
                work_package_id,
                due,
                role_type_id,
                version,
            },
        )
        .collect();
    list.sort_by_key(|m| crate::projects::demand::number_key(&m.number));
    Ok(list)
}

pub fn deliverables(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Deliverable>> {
    type Row = (
        Uuid,
        String,
        String,
        Uuid,
        i32,
        Option<Uuid>,
        Option<Uuid>,
        Option<Uuid>,
        i64,
    );
    let mut list: Vec<Deliverable> = deliverables::table
        .filter(deliverables::project_id.eq(project))
        .select((
            deliverables::id,
            deliverables::number,
            deliverables::name,
            deliverables::work_package_id,
            deliverables::due_month,
            deliverables::deliverable_type_id,
            deliverables::dissemination_level_id,
            deliverables::lead_org_id,
            deliverables::version,
        ))
        .load::<Row>(conn)?
        .into_iter()
        .map(
            |(
                id,
                number,
                name,
                work_package_id,
                due,
                kind,
                dissemination,
                lead_org_id,
                version,
            )| {
                Deliverable {
                    id,
                    number,
                    name,
                    work_package_id,
                    due,
                    kind,
                    dissemination,
                    lead_org_id,
                    version,
                }
            },
        )
        .collect();
    list.sort_by_key(|d| crate::projects::demand::number_key(&d.number));
    Ok(list)
}

/// Deliverable types and dissemination levels for the select boxes.
pub fn deliverable_choices(conn: &mut PgConnection) -> QueryResult<(Choices, Choices)> {
    Ok((
        deliverable_types::table
            .select((deliverable_types::id, deliverable_types::code))
            .order((deliverable_types::sort_order, deliverable_types::code))
            .load(conn)?,
        dissemination_levels::table
            .select((dissemination_levels::id, dissemination_levels::code))
            .order((dissemination_levels::sort_order, dissemination_levels::code))
            .load(conn)?,
    ))
}

fn due(form: &ItemForm, duration: i32, errors: &mut FieldErrors) -> Option<i32> {
    match form
        .due
        .trim()
        .trim_start_matches(['M', 'm'])
        .parse::<i32>()
    {
        Ok(m) if (1..=duration).contains(&m) => Some(m),
        Ok(m) => {
            errors.push((
                "due",
                format!("M{m} is outside the project's months M1–M{duration}."),
            ));
            None
        }
        Err(_) => {
            errors.push(("due", "Enter the due project month, e.g. 12.".into()));
            None
        }
    }
}

fn wp_of(wps: &[WorkPackage], value: &str) -> Option<WorkPackage> {
    wps.iter()
        .find(|w| w.id.to_string() == value.trim())
        .cloned()
}

/// Adds (`id` None) or changes a milestone (`MS<n>`, unique in the project).
pub fn save_milestone(
    conn: &mut PgConnection,
    head: &Head,
    target: Option<(Uuid, i64)>,
    form: &ItemForm,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), FieldErrors>>> {
    version::lock(conn, head.id)?;
    let existing = milestones(conn, head.id)?;
    let before = match target {
        Some((id, version)) => {
            let found = existing.iter().find(|m| m.id == id).cloned();
            let stored = found.as_ref().map(|m| m.version);
            if let Some(refused) = row_version::check(stored, version).refusal() {
                return Ok(refused);
            }
            found
        }
        None => None,
    };
    let id = target.map(|(id, _)| id);
    let wps = work_packages(conn, head.id)?;
    let mut errors = FieldErrors::new();
    let number = form.number.trim().to_uppercase();
    if !number
        .strip_prefix("MS")
        .is_some_and(|n| n.parse::<u16>().is_ok_and(|n| (1..=999).contains(&n)))
    {
        errors.push(("number", "Number the milestone MS<n>, e.g. MS3.".into()));
    } else if existing
        .iter()
        .any(|m| m.number == number && Some(m.id) != id)
    {
        errors.push((
            "number",
            format!("{number} exists already in this project."),
        ));
    }
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.push(("name", "Enter the milestone's name.".into()));
    }
    let wp = match form.wp.trim() {
        "" => None,
        v => match wp_of(&wps, v) {
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
    let due_month = due(form, head.duration, &mut errors);
    let (Some(due_month), true) = (due_month, errors.is_empty()) else {
        return Ok(RowChange::Done(Err(errors)));
    };
    let after = json!({"number": number, "name": name, "work_package_id": wp, "due_month": due_month, "role_type_id": role});
    let change = match before {
        None => {
            let new_id: Uuid = diesel::insert_into(milestones::table)
                .values((
                    milestones::project_id.eq(head.id),
                    milestones::number.eq(&number),
                    milestones::name.eq(&name),
                    milestones::work_package_id.eq(wp),
                    milestones::due_month.eq(due_month),
                    milestones::role_type_id.eq(role),
                ))
                .returning(milestones::id)
                .get_result(conn)?;
            Change {
                action: Action::Create,
                entity_type: "milestone",
                entity_id: Some(new_id),
                project_id: Some(head.id),
                before: None,
                after: Some(after),
            }
        }
        Some(m) => {
            let updated = diesel::update(
                milestones::table
                    .find(m.id)
                    .filter(milestones::version.eq(m.version)),
            )
            .set((
                milestones::number.eq(&number),
                milestones::name.eq(&name),
                milestones::work_package_id.eq(wp),
                milestones::due_month.eq(due_month),
                milestones::role_type_id.eq(role),
            ))
            .execute(conn)?;
            if updated == 0 {
                return Ok(row_version::missed(version_of!(conn, milestones, m.id)?));
            }
            Change {
                action: Action::Update,
                entity_type: "milestone",
                entity_id: Some(m.id),
                project_id: Some(head.id),
                before: Some(
                    json!({"number": m.number, "name": m.name, "work_package_id": m.work_package_id, "due_month": m.due, "role_type_id": m.role_type_id}),
                ),
                after: Some(after),
            }
        }
    };
    version::bump(conn, head.id)?;
    audit::record(conn, actor, &[change])?;
    Ok(RowChange::Done(Ok(())))
}

/// Adds (`id` None) or changes a deliverable (`D<WP>.<n>` of its work package, unique in the project).
pub fn save_deliverable(
    conn: &mut PgConnection,
    head: &Head,
    target: Option<(Uuid, i64)>,
    form: &ItemForm,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), FieldErrors>>> {
    version::lock(conn, head.id)?;
    let existing = deliverables(conn, head.id)?;
    let before = match target {
        Some((id, version)) => {
            let found = existing.iter().find(|d| d.id == id).cloned();
            let stored = found.as_ref().map(|d| d.version);
            if let Some(refused) = row_version::check(stored, version).refusal() {
                return Ok(refused);
            }
            found
        }
        None => None,
    };
    let id = target.map(|(id, _)| id);
    let wps = work_packages(conn, head.id)?;
    let mut errors = FieldErrors::new();
    let wp = wp_of(&wps, &form.wp);
    let number = form.number.trim().to_uppercase();
    match &wp {
        None => errors.push(("wp", "Choose the work package.".into())),
        Some(w) => {
            let ok = number
                .strip_prefix('D')
                .is_some_and(|n| numbered_within(n, w.number));
            if !ok {
                errors.push((
                    "number",
                    format!(
                        "Number the deliverable D<WP>.<n> within WP {}, e.g. D{}.1.",
                        w.number, w.number
                    ),
                ));
            } else if existing
                .iter()
                .any(|d| d.number == number && Some(d.id) != id)
            {
                errors.push((
                    "number",
                    format!("{number} exists already in this project."),
                ));
            }
        }
    }
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.push(("name", "Enter the deliverable's name.".into()));
    }
    let kind = optional_id(&form.kind, "kind", &mut errors);
    let level = optional_id(&form.dissemination, "dissemination", &mut errors);
    let lead = optional_id(&form.lead_org, "lead_org", &mut errors);
    let due_month = due(form, head.duration, &mut errors);
    let (Some(wp), Some(due_month), true) = (wp, due_month, errors.is_empty()) else {
        return Ok(RowChange::Done(Err(errors)));
    };
    let after = json!({"number": number, "name": name, "work_package_id": wp.id, "due_month": due_month, "deliverable_type_id": kind, "dissemination_level_id": level, "lead_org_id": lead});
    let change = match before {
        None => {
            let new_id: Uuid = diesel::insert_into(deliverables::table)
                .values((
                    deliverables::project_id.eq(head.id),
                    deliverables::number.eq(&number),
                    deliverables::name.eq(&name),
                    deliverables::work_package_id.eq(wp.id),
                    deliverables::due_month.eq(due_month),
                    deliverables::deliverable_type_id.eq(kind),
                    deliverables::dissemination_level_id.eq(level),
                    deliverables::lead_org_id.eq(lead),
                ))
                .returning(deliverables::id)
                .get_result(conn)?;
            Change {
                action: Action::Create,
                entity_type: "deliverable",
                entity_id: Some(new_id),
                project_id: Some(head.id),
                before: None,
                after: Some(after),
            }
        }
        Some(d) => {
            let updated = diesel::update(
                deliverables::table
                    .find(d.id)
                    .filter(deliverables::version.eq(d.version)),
            )
            .set((
                deliverables::number.eq(&number),
                deliverables::name.eq(&name),
                deliverables::work_package_id.eq(wp.id),
                deliverables::due_month.eq(due_month),
                deliverables::deliverable_type_id.eq(kind),
                deliverables::dissemination_level_id.eq(level),
                deliverables::lead_org_id.eq(lead),
            ))
            .execute(conn)?;
            if updated == 0 {
                return Ok(row_version::missed(version_of!(conn, deliverables, d.id)?));
            }
            Change {
                action: Action::Update,
                entity_type: "deliverable",
                entity_id: Some(d.id),
                project_id: Some(head.id),
                before: Some(
                    json!({"number": d.number, "name": d.name, "work_package_id": d.work_package_id, "due_month": d.due, "deliverable_type_id": d.kind, "dissemination_level_id": d.dissemination, "lead_org_id": d.lead_org_id}),
                ),
                after: Some(after),
            }
        }
    };
    version::bump(conn, head.id)?;
    audit::record(conn, actor, &[change])?;
    Ok(RowChange::Done(Ok(())))
}

/// Deletes a milestone or deliverable still at `version`, the one the page showed.
pub fn delete_item(
    conn: &mut PgConnection,
    head: &Head,
    id: Uuid,
    version: i64,
    deliverable: bool,
    actor: &Actor,
) -> QueryResult<RowChange<()>> {
    version::lock(conn, head.id)?;
    let (entity_type, before, stored) = if deliverable {
        let found = deliverables(conn, head.id)?
            .into_iter()
            .find(|d| d.id == id);
        let stored = found.as_ref().map(|d| d.version);
        let before = found.map(|d| json!({"number": d.number, "name": d.name}));
        ("deliverable", before, stored)
    } else {
        let found = milestones(conn, head.id)?.into_iter().find(|m| m.id == id);
        let stored = found.as_ref().map(|m| m.version);
        let before = found.map(|m| json!({"number": m.number, "name": m.name}));
        ("milestone", before, stored)
    };
    if let Some(refused) = row_version::check(stored, version).refusal() {
        return Ok(refused);
    }
    let deleted = if deliverable {
        diesel::delete(
            deliverables::table
                .find(id)
                .filter(deliverables::version.eq(version)),
        )
        .execute(conn)?
    } else {
        diesel::delete(
            milestones::table
                .find(id)
                .filter(milestones::version.eq(version)),
        )
        .execute(conn)?
    };
    if deleted == 0 {
        let now = if deliverable {
            version_of!(conn, deliverables, id)?
        } else {
            version_of!(conn, milestones, id)?
        };
        return Ok(row_version::missed(now));
    }
    version::bump(conn, head.id)?;
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Delete,
            entity_type,
            entity_id: Some(id),
            project_id: Some(head.id),
            before,
            after: None,
        }],
    )?;
    Ok(RowChange::Done(()))
}
