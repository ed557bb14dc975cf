//! Writing the structure rows of a project file: role types and deliverable lookups named by
//! the file, work packages, tasks, milestones and deliverables.

use super::*;

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
                .push(format!("role type \"{name}\""));
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
            LookupTable::DeliverableTypes => format!("deliverable type \"{value}\""),
            LookupTable::DisseminationLevels => format!("dissemination level \"{value}\""),
        });
    }
    Ok(ids)
}

pub(super) type WpRecord = (Uuid, i32, String, Option<Uuid>, i32, i32);

pub(super) fn write_work_packages(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    org_ids: &HashMap<String, Uuid>,
    summary: &mut Summary,
    audit_log: &mut Vec<Change>,
) -> QueryResult<HashMap<i32, Uuid>> {
    summary.changes("work packages");
    let existing: Vec<WpRecord> = work_packages::table
        .filter(work_packages::project_id.eq(project_id))
        .select((
            work_packages::id,
            work_packages::number,
            work_packages::name,
            work_packages::lead_org_id,
            work_packages::begin_month,
            work_packages::end_month,
        ))
        .load(conn)?;
    let mut ids = HashMap::new();
    for wp in &f.work_packages {
        let lead = wp.lead_org.as_ref().map(|o| org_ids[o]);
        let after = json!({"number": wp.number, "name": wp.name, "lead_org_id": lead, "begin_month": wp.begin, "end_month": wp.end});
        match existing.iter().find(|e| e.1 == wp.number) {
            Some((id, _, name, old_lead, begin, end)) => {
                ids.insert(wp.number, *id);
                if *name != wp.name || *old_lead != lead || *begin != wp.begin || *end != wp.end {
                    diesel::update(work_packages::table.find(id))
                        .set((
                            work_packages::name.eq(&wp.name),
                            work_packages::lead_org_id.eq(lead),
                            work_packages::begin_month.eq(wp.begin),
                            work_packages::end_month.eq(wp.end),
                        ))
                        .execute(conn)?;
                    summary.changes("work packages").updated += 1;
                    let before = json!({"number": wp.number, "name": name, "lead_org_id": old_lead, "begin_month": begin, "end_month": end});
                    audit_log.push(change(
                        Action::Update,
                        "work_package",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(work_packages::table)
                    .values((
                        work_packages::project_id.eq(project_id),
                        work_packages::number.eq(wp.number),
                        work_packages::name.eq(&wp.name),
                        work_packages::lead_org_id.eq(lead),
                        work_packages::begin_month.eq(wp.begin),
                        work_packages::end_month.eq(wp.end),
                    ))
                    .returning(work_packages::id)
                    .get_result(conn)?;
                ids.insert(wp.number, id);
                summary.changes("work packages").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "work_package",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    Ok(ids)
}

/// Tasks no longer in the sheet go. Their EST (and PROJPLAN, when the file has it) demand was
/// already removed by the demand diff; what remains (ACTUAL, or PROJPLAN without a sheet) is
/// counted separately.
/// Deletes the tasks the file no longer lists, with the demand of other series (ACTUAL) that
/// hangs under them; the months of that demand count as changed.
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
        w.audit_log.push(change(
            Action::Delete,
            "task",
            Some(id),
            project_id,
            Some(json!({"number": number, "other_demand_cells": demand})),
            None,
        ));
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
    let keep: Vec<i32> = f.work_packages.iter().map(|w| w.number).collect();
    let gone: Vec<(Uuid, i32, String)> = work_packages::table
        .filter(work_packages::project_id.eq(project_id))
        .filter(work_packages::number.ne_all(&keep))
        .select((
            work_packages::id,
            work_packages::number,
            work_packages::name,
        ))
        .load(conn)?;
    for (id, number, name) in gone {
        diesel::delete(work_packages::table.find(id)).execute(conn)?;
        summary.changes("work packages").deleted += 1;
        audit_log.push(change(
            Action::Delete,
            "work_package",
            Some(id),
            project_id,
            Some(json!({"number": number, "name": name})),
            None,
        ));
    }
    Ok(())
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
    summary.changes("tasks");
    type Row = (
        Uuid,
        String,
        Uuid,
        String,
        i32,
        i32,
        Option<Uuid>,
        Option<Uuid>,
    );
    let existing: Vec<Row> = tasks::table
        .filter(tasks::project_id.eq(project_id))
        .select((
            tasks::id,
            tasks::number,
            tasks::work_package_id,
            tasks::name,
            tasks::begin_month,
            tasks::end_month,
            tasks::role_type_id,
            tasks::lead_org_id,
        ))
        .load(conn)?;
    let mut ids = HashMap::new();
    for t in &f.tasks {
        let wp = wp_ids[&t.wp];
        let role = t.role.as_ref().map(|r| role_ids[&r.to_lowercase()]);
        let lead = t.lead_org.as_ref().map(|o| org_ids[o]);
        let after = json!({"number": t.number, "name": t.name, "work_package_id": wp, "begin_month": t.begin, "end_month": t.end, "role_type_id": role, "lead_org_id": lead});
        match existing.iter().find(|e| e.1 == t.number) {
            Some((id, _, old_wp, name, begin, end, old_role, old_lead)) => {
                ids.insert(t.number.clone(), *id);
                if *old_wp != wp
                    || *name != t.name
                    || *begin != t.begin
                    || *end != t.end
                    || *old_role != role
                    || *old_lead != lead
                {
                    diesel::update(tasks::table.find(id))
                        .set((
                            tasks::work_package_id.eq(wp),
                            tasks::name.eq(&t.name),
                            tasks::begin_month.eq(t.begin),
                            tasks::end_month.eq(t.end),
                            tasks::role_type_id.eq(role),
                            tasks::lead_org_id.eq(lead),
                        ))
                        .execute(conn)?;
                    summary.changes("tasks").updated += 1;
                    let before = json!({"number": t.number, "name": name, "work_package_id": old_wp, "begin_month": begin, "end_month": end, "role_type_id": old_role, "lead_org_id": old_lead});
                    audit_log.push(change(
                        Action::Update,
                        "task",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(tasks::table)
                    .values((
                        tasks::project_id.eq(project_id),
                        tasks::work_package_id.eq(wp),
                        tasks::number.eq(&t.number),
                        tasks::name.eq(&t.name),
                        tasks::begin_month.eq(t.begin),
                        tasks::end_month.eq(t.end),
                        tasks::role_type_id.eq(role),
                        tasks::lead_org_id.eq(lead),
                    ))
                    .returning(tasks::id)
                    .get_result(conn)?;
                ids.insert(t.number.clone(), id);
                summary.changes("tasks").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "task",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    Ok(ids)
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
    summary.changes("milestones");
    type Row = (Uuid, String, String, Option<Uuid>, i32, Option<Uuid>);
    let existing: Vec<Row> = milestones::table
        .filter(milestones::project_id.eq(project_id))
        .select((
            milestones::id,
            milestones::number,
            milestones::name,
            milestones::work_package_id,
            milestones::due_month,
            milestones::role_type_id,
        ))
        .load(conn)?;
    for m in &f.milestones {
        let wp = m.wp.map(|w| wp_ids[&w]);
        let role = m.role.as_ref().map(|r| role_ids[&r.to_lowercase()]);
        let after = json!({"number": m.number, "name": m.name, "work_package_id": wp, "due_month": m.due, "role_type_id": role});
        match existing.iter().find(|e| e.1 == m.number) {
            Some((id, _, name, old_wp, due, old_role)) => {
                if *name != m.name || *old_wp != wp || *due != m.due || *old_role != role {
                    diesel::update(milestones::table.find(id))
                        .set((
                            milestones::name.eq(&m.name),
                            milestones::work_package_id.eq(wp),
                            milestones::due_month.eq(m.due),
                            milestones::role_type_id.eq(role),
                        ))
                        .execute(conn)?;
                    summary.changes("milestones").updated += 1;
                    let before = json!({"number": m.number, "name": name, "work_package_id": old_wp, "due_month": due, "role_type_id": old_role});
                    audit_log.push(change(
                        Action::Update,
                        "milestone",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(milestones::table)
                    .values((
                        milestones::project_id.eq(project_id),
                        milestones::number.eq(&m.number),
                        milestones::name.eq(&m.name),
                        milestones::work_package_id.eq(wp),
                        milestones::due_month.eq(m.due),
                        milestones::role_type_id.eq(role),
                    ))
                    .returning(milestones::id)
                    .get_result(conn)?;
                summary.changes("milestones").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "milestone",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    let keep: Vec<&String> = f.milestones.iter().map(|m| &m.number).collect();
    for (id, number, ..) in existing.iter().filter(|e| !keep.contains(&&e.1)) {
        diesel::delete(milestones::table.find(id)).execute(conn)?;
        summary.changes("milestones").deleted += 1;
        audit_log.push(change(
            Action::Delete,
            "milestone",
            Some(*id),
            project_id,
            Some(json!({"number": number})),
            None,
        ));
    }
    Ok(())
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
    summary.changes("deliverables");
    type Row = (
        Uuid,
        String,
        String,
        Uuid,
        i32,
        Option<Uuid>,
        Option<Uuid>,
        Option<Uuid>,
    );
    let existing: Vec<Row> = deliverables::table
        .filter(deliverables::project_id.eq(project_id))
        .select((
            deliverables::id,
            deliverables::number,
            deliverables::name,
            deliverables::work_package_id,
            deliverables::due_month,
            deliverables::deliverable_type_id,
            deliverables::dissemination_level_id,
            deliverables::lead_org_id,
        ))
        .load(conn)?;
    for d in &f.deliverables {
        let wp = wp_ids[&d.wp];
        let kind = d.kind.as_ref().map(|k| type_ids[&k.to_lowercase()]);
        let level = d
            .dissemination
            .as_ref()
            .map(|l| dissemination_ids[&l.to_lowercase()]);
        let lead = d.lead_org.as_ref().map(|o| org_ids[o]);
        let after = json!({"number": d.number, "name": d.name, "work_package_id": wp, "due_month": d.due, "deliverable_type_id": kind, "dissemination_level_id": level, "lead_org_id": lead});
        match existing.iter().find(|e| e.1 == d.number) {
            Some((id, _, name, old_wp, due, old_kind, old_level, old_lead)) => {
                if *name != d.name
                    || *old_wp != wp
                    || *due != d.due
                    || *old_kind != kind
                    || *old_level != level
                    || *old_lead != lead
                {
                    diesel::update(deliverables::table.find(id))
                        .set((
                            deliverables::name.eq(&d.name),
                            deliverables::work_package_id.eq(wp),
                            deliverables::due_month.eq(d.due),
                            deliverables::deliverable_type_id.eq(kind),
                            deliverables::dissemination_level_id.eq(level),
                            deliverables::lead_org_id.eq(lead),
                        ))
                        .execute(conn)?;
                    summary.changes("deliverables").updated += 1;
                    let before = json!({"number": d.number, "name": name, "work_package_id": old_wp, "due_month": due, "deliverable_type_id": old_kind, "dissemination_level_id": old_level, "lead_org_id": old_lead});
                    audit_log.push(change(
                        Action::Update,
                        "deliverable",
                        Some(*id),
                        project_id,
                        Some(before),
                        Some(after),
                    ));
                }
            }
            None => {
                let id: Uuid = diesel::insert_into(deliverables::table)
                    .values((
                        deliverables::project_id.eq(project_id),
                        deliverables::number.eq(&d.number),
                        deliverables::name.eq(&d.name),
                        deliverables::work_package_id.eq(wp),
                        deliverables::due_month.eq(d.due),
                        deliverables::deliverable_type_id.eq(kind),
                        deliverables::dissemination_level_id.eq(level),
                        deliverables::lead_org_id.eq(lead),
                    ))
                    .returning(deliverables::id)
                    .get_result(conn)?;
                summary.changes("deliverables").created += 1;
                audit_log.push(change(
                    Action::Create,
                    "deliverable",
                    Some(id),
                    project_id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    let keep: Vec<&String> = f.deliverables.iter().map(|d| &d.number).collect();
    for (id, number, ..) in existing.iter().filter(|e| !keep.contains(&&e.1)) {
        diesel::delete(deliverables::table.find(id)).execute(conn)?;
        summary.changes("deliverables").deleted += 1;
        audit_log.push(change(
            Action::Delete,
            "deliverable",
            Some(*id),
            project_id,
            Some(json!({"number": number})),
            None,
        ));
    }
    Ok(())
}
