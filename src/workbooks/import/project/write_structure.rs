//! Writing the structure rows of a project file: role types and deliverable lookups named by
//! the file, work packages, tasks, milestones and deliverables.

use super::*;
use crate::projects::structure::{Deliverable, Milestone, StructureRow, Task, WorkPackage, rows};

pub(super) fn ensure_role_types(
    conn: &mut PgConnection,
    f: &ProjectFile,
    summary: &mut Summary,
) -> QueryResult<HashMap<String, Uuid>> {
    let mut ids: HashMap<String, Uuid> = role_types::table
        .select((role_types::name, role_types::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .map(|(n, id)| (n.to_lowercase(), id))
        .collect();
    let wanted = f
        .tasks
        .iter()
        .filter_map(|t| t.role.clone())
        .chain(f.milestones.iter().filter_map(|m| m.role.clone()));
    for name in wanted {
        if let std::collections::hash_map::Entry::Vacant(slot) = ids.entry(name.to_lowercase()) {
            let id = diesel::insert_into(role_types::table)
                .values(role_types::name.eq(&name))
                .returning(role_types::id)
                .get_result(conn)?;
            slot.insert(id);
            summary
                .lookups_created
                .push(Msg::new("import-lookup-role-type").arg("name", name.as_str()));
        }
    }
    Ok(ids)
}

#[derive(Clone, Copy)]
pub(super) enum LookupTable {
    DeliverableTypes,
    DisseminationLevels,
}

/// Deliverable types and dissemination levels are matched by code or name (case-insensitive).
pub(super) fn ensure_coded_lookup(
    conn: &mut PgConnection,
    wanted: impl Iterator<Item = String>,
    table: LookupTable,
    summary: &mut Summary,
) -> QueryResult<HashMap<String, Uuid>> {
    let rows: Vec<(Uuid, String, String)> = match table {
        LookupTable::DeliverableTypes => deliverable_types::table
            .select((
                deliverable_types::id,
                deliverable_types::code,
                deliverable_types::name,
            ))
            .load(conn)?,
        LookupTable::DisseminationLevels => dissemination_levels::table
            .select((
                dissemination_levels::id,
                dissemination_levels::code,
                dissemination_levels::name,
            ))
            .load(conn)?,
    };
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    for (id, code, name) in rows {
        ids.entry(name.to_lowercase()).or_insert(id);
        ids.insert(code.to_lowercase(), id);
    }
    for value in wanted {
        if ids.contains_key(&value.to_lowercase()) {
            continue;
        }
        let id = match table {
            LookupTable::DeliverableTypes => diesel::insert_into(deliverable_types::table)
                .values((
                    deliverable_types::code.eq(&value),
                    deliverable_types::name.eq(&value),
                ))
                .returning(deliverable_types::id)
                .get_result(conn)?,
            LookupTable::DisseminationLevels => diesel::insert_into(dissemination_levels::table)
                .values((
                    dissemination_levels::code.eq(&value),
                    dissemination_levels::name.eq(&value),
                ))
                .returning(dissemination_levels::id)
                .get_result(conn)?,
        };
        ids.insert(value.to_lowercase(), id);
        summary.lookups_created.push(match table {
            LookupTable::DeliverableTypes => {
                Msg::new("import-lookup-deliverable-type").arg("name", value.as_str())
            }
            LookupTable::DisseminationLevels => {
                Msg::new("import-lookup-dissemination-level").arg("name", value.as_str())
            }
        });
    }
    Ok(ids)
}

/// Writes the rows of one kind the file lists (`wanted`, their ids unknown): a stored row of
/// the same number is changed where its values differ, a new number is added; their ids, in
/// the order of `wanted`. They are stored by the functions the structure forms use
/// ([`StructureRow`]) and audited with the same snapshots.
fn write_rows<R: StructureRow>(
    conn: &mut PgConnection,
    project_id: Uuid,
    wanted: &[R],
    kind: &'static str,
    w: (&mut Summary, &mut Vec<Change>),
) -> QueryResult<Vec<Uuid>> {
    let (summary, audit_log) = w;
    summary.changes(kind);
    let existing = rows::of_project::<R>(conn, project_id)?;
    let mut ids = Vec::new();
    for row in wanted {
        let after = row.snapshot();
        let Some(old) = existing.iter().find(|e| e.number() == row.number()) else {
            let id = row.insert(conn, project_id)?;
            summary.changes(kind).created += 1;
            audit_log.push(Change::in_project(
                Action::Create,
                R::ENTITY,
                Some(id),
                project_id,
                None,
                Some(after),
            ));
            ids.push(id);
            continue;
        };
        let before = old.snapshot();
        if before != after {
            // The import holds the project's lock, so the row is still at the version read. A
            // row that row-level security keeps from the importer is not written: the trial run
            // (`would_change_project`) has refused the project for it already.
            row.update(conn, old.id(), old.version())?;
            summary.changes(kind).updated += 1;
            audit_log.push(Change::in_project(
                Action::Update,
                R::ENTITY,
                Some(old.id()),
                project_id,
                Some(before),
                Some(after),
            ));
        }
        ids.push(old.id());
    }
    Ok(ids)
}

/// Deletes the stored rows of one kind whose numbers the file does not list; `record` is what
/// the audit log keeps of each.
fn delete_missing<R: StructureRow>(
    conn: &mut PgConnection,
    project_id: Uuid,
    listed: &[String],
    (kind, record): (&'static str, fn(&R) -> serde_json::Value),
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    for old in rows::of_project::<R>(conn, project_id)? {
        if listed.contains(&old.number()) {
            continue;
        }
        // As in `write_rows`: a row hidden from the importer is the trial run's to refuse.
        R::delete(conn, old.id(), old.version())?;
        summary.changes(kind).deleted += 1;
        let before = Some(record(&old));
        let change = Change::in_project(
            Action::Delete,
            R::ENTITY,
            Some(old.id()),
            project_id,
            before,
            None,
        );
        audit_log.push(change);
    }
    Ok(())
}

/// Writes the rows of a kind nothing else hangs under (milestones, deliverables): those the file
/// lists, then deletes the others, recording their numbers.
fn write_all<R: StructureRow>(
    conn: &mut PgConnection,
    project_id: Uuid,
    wanted: &[R],
    kind: &'static str,
    (summary, audit_log): (&mut Summary, &mut Vec<Change>),
) -> QueryResult<()> {
    write_rows(conn, project_id, wanted, kind, (summary, audit_log))?;
    let record: fn(&R) -> serde_json::Value = |r| json!({"number": r.number()});
    delete_missing(
        conn,
        project_id,
        &listed(wanted),
        (kind, record),
        summary,
        audit_log,
    )
}

/// The numbers of the rows of one kind that a file lists.
fn listed<R: StructureRow>(rows: &[R]) -> Vec<String> {
    rows.iter().map(R::number).collect()
}

pub(super) fn write_work_packages(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    org_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<HashMap<i32, Uuid>> {
    let wanted: Vec<WorkPackage> = f
        .work_packages
        .iter()
        .map(|wp| WorkPackage {
            id: Uuid::nil(),
            number: wp.number,
            name: wp.name.clone(),
            lead_org_id: wp.lead_org.as_ref().map(|o| org_ids[o]),
            begin: wp.begin,
            end: wp.end,
            version: 0,
        })
        .collect();
    let ids = write_rows(
        conn,
        project_id,
        &wanted,
        "work packages",
        (summary, audit_log),
    )?;
    Ok(wanted.iter().map(|w| w.number).zip(ids).collect())
}

/// Tasks no longer in the sheet go. Their EST (and PROJPLAN, when the file has it) demand was
/// already removed by the demand diff; what remains (ACTUAL, or PROJPLAN without a sheet) goes
/// with them, and the months of that demand count as changed.
pub(super) fn delete_missing_tasks(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    w: &mut Written,
) -> QueryResult<()> {
    let keep: Vec<&String> = f.tasks.iter().map(|t| &t.number).collect();
    let gone: Vec<(Uuid, String)> = tasks::table
        .filter(tasks::project_id.eq(project_id))
        .filter(tasks::number.ne_all(keep))
        .select((tasks::id, tasks::number))
        .load(conn)?;
    for (id, number) in gone {
        let months: Vec<NaiveDate> =
            diesel::delete(capacity_demand::table.filter(capacity_demand::task_id.eq(id)))
                .returning(capacity_demand::month)
                .get_results(conn)?;
        let demand = months.len();
        w.months.extend(months);
        if demand > 0 {
            w.summary
                .changes("other demand cells of deleted tasks")
                .deleted += demand;
        }
        diesel::delete(tasks::table.find(id)).execute(conn)?;
        w.summary.changes("tasks").deleted += 1;
        let before = json!({"number": number, "other_demand_cells": demand});
        let change = Change::in_project(
            Action::Delete,
            "task",
            Some(id),
            project_id,
            Some(before),
            None,
        );
        w.audit_log.push(change);
    }
    Ok(())
}

pub(super) fn delete_missing_work_packages(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    let listed: Vec<String> = f
        .work_packages
        .iter()
        .map(|w| w.number.to_string())
        .collect();
    let record: fn(&WorkPackage) -> serde_json::Value =
        |w| json!({"number": w.number, "name": w.name});
    delete_missing(
        conn,
        project_id,
        &listed,
        ("work packages", record),
        summary,
        audit_log,
    )
}

#[allow(clippy::too_many_arguments)] // one writer per sheet, each needing the ids resolved before it
pub(super) fn write_tasks(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    wp_ids: &HashMap<i32, Uuid>,
    org_ids: &HashMap<String, Uuid>,
    role_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<HashMap<String, Uuid>> {
    let wanted: Vec<Task> = f
        .tasks
        .iter()
        .map(|t| Task {
            id: Uuid::nil(),
            work_package_id: wp_ids[&t.wp],
            number: t.number.clone(),
            name: t.name.clone(),
            begin: t.begin,
            end: t.end,
            role_type_id: t.role.as_ref().map(|r| role_ids[&r.to_lowercase()]),
            lead_org_id: t.lead_org.as_ref().map(|o| org_ids[o]),
            version: 0,
        })
        .collect();
    let ids = write_rows(conn, project_id, &wanted, "tasks", (summary, audit_log))?;
    Ok(listed(&wanted).into_iter().zip(ids).collect())
}

pub(super) fn write_milestones(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    wp_ids: &HashMap<i32, Uuid>,
    role_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    let wanted: Vec<Milestone> = f
        .milestones
        .iter()
        .map(|m| Milestone {
            id: Uuid::nil(),
            number: m.number.clone(),
            name: m.name.clone(),
            work_package_id: m.wp.map(|w| wp_ids[&w]),
            due: m.due,
            role_type_id: m.role.as_ref().map(|r| role_ids[&r.to_lowercase()]),
            version: 0,
        })
        .collect();
    let written = (summary, audit_log);
    write_all(conn, project_id, &wanted, "milestones", written)
}

#[allow(clippy::too_many_arguments)] // one writer per sheet, each needing the ids resolved before it
pub(super) fn write_deliverables(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    wp_ids: &HashMap<i32, Uuid>,
    org_ids: &HashMap<String, Uuid>,
    type_ids: &HashMap<String, Uuid>,
    dissemination_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<()> {
    let wanted: Vec<Deliverable> = f
        .deliverables
        .iter()
        .map(|d| Deliverable {
            id: Uuid::nil(),
            number: d.number.clone(),
            name: d.name.clone(),
            work_package_id: wp_ids[&d.wp],
            due: d.due,
            kind: d.kind.as_ref().map(|k| type_ids[&k.to_lowercase()]),
            dissemination: (d.dissemination.as_ref()).map(|l| dissemination_ids[&l.to_lowercase()]),
            lead_org_id: d.lead_org.as_ref().map(|o| org_ids[o]),
            version: 0,
        })
        .collect();
    let written = (summary, audit_log);
    write_all(conn, project_id, &wanted, "deliverables", written)
}
