//! Writing a checked people workbook: for what the file lists, the stored rows become exactly
//! what it says, each change counted and audited. Assignments are in `assignments.rs`.

use std::collections::{HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{Action, Change};
use crate::db::schema::{
    employee_group_hours, employee_group_memberships, employee_groups, fte_periods, leave_types,
    leaves, organisations, persons,
};
use crate::workbooks::import::{ImportFailure, Importer, Summary};

use super::{PeopleFile, assignments, entry};

/// Writes every sheet of `f` in the caller's transaction.
pub(super) fn write(
    conn: &mut PgConnection,
    f: &PeopleFile,
    importer: &Importer,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> Result<(), ImportFailure> {
    let group_ids = write_groups(conn, f, s, log)?;
    write_leave_types(conn, f, s, log)?;
    let person_ids = write_persons(conn, f, s, log)?;
    write_memberships(conn, f, &person_ids, &group_ids, s, log)?;
    let file_person_ids: Vec<Uuid> = person_ids.values().copied().collect();
    write_fte(conn, f, &person_ids, &file_person_ids, s, log)?;
    write_leave(conn, f, &person_ids, &file_person_ids, s, log)?;
    assignments::write_assignments(conn, f, &person_ids, importer, s, log)
}

/// Employee groups and their daily hours (per group, exactly the rows of the file): the id of
/// every group by name.
fn write_groups(
    conn: &mut PgConnection,
    f: &PeopleFile,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<HashMap<String, Uuid>> {
    // Employee groups and their daily hours (per group, exactly the rows of the file).
    s.changes("employee groups");
    let mut group_ids: HashMap<String, Uuid> = employee_groups::table
        .select((employee_groups::name, employee_groups::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    for g in &f.group_hours {
        if !group_ids.contains_key(&g.group) {
            let id = diesel::insert_into(employee_groups::table)
                .values(employee_groups::name.eq(&g.group))
                .returning(employee_groups::id)
                .get_result(conn)?;
            group_ids.insert(g.group.clone(), id);
            s.changes("employee groups").created += 1;
            log.push(entry(
                Action::Create,
                "employee_group",
                Some(id),
                None,
                Some(json!({"name": g.group})),
            ));
        }
    }
    write_group_hours(conn, f, &group_ids, s, log)?;
    Ok(group_ids)
}

/// The daily hours of the file's groups: exactly the rows of the file.
fn write_group_hours(
    conn: &mut PgConnection,
    f: &PeopleFile,
    group_ids: &HashMap<String, Uuid>,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    s.changes("daily hours");
    let file_groups: HashSet<&String> = f.group_hours.iter().map(|g| &g.group).collect();
    for group in &file_groups {
        let gid = group_ids[*group];
        let existing: Vec<(Uuid, NaiveDate, BigDecimal)> = employee_group_hours::table
            .filter(employee_group_hours::employee_group_id.eq(gid))
            .select((
                employee_group_hours::id,
                employee_group_hours::valid_from,
                employee_group_hours::daily_hours,
            ))
            .load(conn)?;
        for g in f.group_hours.iter().filter(|g| &g.group == *group) {
            match existing.iter().find(|e| e.1 == g.valid_from) {
                Some((id, _, hours)) if *hours != g.daily_hours => {
                    diesel::update(employee_group_hours::table.find(id))
                        .set(employee_group_hours::daily_hours.eq(&g.daily_hours))
                        .execute(conn)?;
                    s.changes("daily hours").updated += 1;
                    log.push(entry(
                        Action::Update,
                        "employee_group_hours",
                        Some(*id),
                        Some(json!({"daily_hours": hours})),
                        Some(json!({"daily_hours": g.daily_hours})),
                    ));
                }
                Some(_) => {}
                None => {
                    let id = diesel::insert_into(employee_group_hours::table)
                        .values((
                            employee_group_hours::employee_group_id.eq(gid),
                            employee_group_hours::valid_from.eq(g.valid_from),
                            employee_group_hours::daily_hours.eq(&g.daily_hours),
                        ))
                        .returning(employee_group_hours::id)
                        .get_result(conn)?;
                    s.changes("daily hours").created += 1;
                    log.push(entry(Action::Create, "employee_group_hours", Some(id), None, Some(json!({"group": g.group, "valid_from": g.valid_from, "daily_hours": g.daily_hours}))));
                }
            }
        }
        for (id, from, hours) in existing.iter().filter(|e| {
            !f.group_hours
                .iter()
                .any(|g| &g.group == *group && g.valid_from == e.1)
        }) {
            diesel::delete(employee_group_hours::table.find(id)).execute(conn)?;
            s.changes("daily hours").deleted += 1;
            log.push(entry(
                Action::Delete,
                "employee_group_hours",
                Some(*id),
                Some(json!({"valid_from": from, "daily_hours": hours})),
                None,
            ));
        }
    }
    Ok(())
}

/// Leave types by code: created or renamed.
fn write_leave_types(
    conn: &mut PgConnection,
    f: &PeopleFile,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    s.changes("leave types");
    for (code, name) in &f.leave_types {
        let existing: Option<(Uuid, String)> = leave_types::table
            .filter(leave_types::code.eq(code))
            .select((leave_types::id, leave_types::name))
            .first(conn)
            .optional()?;
        match existing {
            Some((id, old)) if old != *name => {
                diesel::update(leave_types::table.find(id))
                    .set(leave_types::name.eq(name))
                    .execute(conn)?;
                s.changes("leave types").updated += 1;
                log.push(entry(
                    Action::Update,
                    "leave_type",
                    Some(id),
                    Some(json!({"name": old})),
                    Some(json!({"name": name})),
                ));
            }
            Some(_) => {}
            None => {
                let id = diesel::insert_into(leave_types::table)
                    .values((leave_types::code.eq(code), leave_types::name.eq(name)))
                    .returning(leave_types::id)
                    .get_result(conn)?;
                s.changes("leave types").created += 1;
                log.push(entry(
                    Action::Create,
                    "leave_type",
                    Some(id),
                    None,
                    Some(json!({"code": code, "name": name})),
                ));
            }
        }
    }
    Ok(())
}

/// (id, first name, last name, email, organisation, employment start and end) of a stored person.
type PersonRecord = (
    Uuid,
    String,
    String,
    Option<String>,
    Uuid,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// Persons by code, created or updated: the id of every person of the file by code.
fn write_persons(
    conn: &mut PgConnection,
    f: &PeopleFile,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<HashMap<String, Uuid>> {
    s.changes("persons");
    let org_ids: HashMap<String, Uuid> = organisations::table
        .select((organisations::short_name, organisations::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    let mut person_ids: HashMap<String, Uuid> = HashMap::new();
    for x in &f.persons {
        let org = org_ids[&x.org];
        let existing: Option<PersonRecord> = persons::table
            .filter(persons::code.eq(&x.code))
            .select((
                persons::id,
                persons::first_name,
                persons::last_name,
                persons::email,
                persons::organisation_id,
                persons::employment_start,
                persons::employment_end,
            ))
            .first(conn)
            .optional()?;
        let after = json!({"code": x.code, "first_name": x.first_name, "last_name": x.last_name, "email": x.email, "organisation_id": org, "employment_start": x.employment_start, "employment_end": x.employment_end});
        let id = match existing {
            Some((id, first, last, email, old_org, start, end)) => {
                if first != x.first_name
                    || last != x.last_name
                    || email != x.email
                    || old_org != org
                    || start != Some(x.employment_start)
                    || end != x.employment_end
                {
                    diesel::update(persons::table.find(id))
                        .set((
                            persons::first_name.eq(&x.first_name),
                            persons::last_name.eq(&x.last_name),
                            persons::email.eq(&x.email),
                            persons::organisation_id.eq(org),
                            persons::employment_start.eq(x.employment_start),
                            persons::employment_end.eq(x.employment_end),
                            persons::updated_at.eq(chrono::Utc::now()),
                        ))
                        .execute(conn)?;
                    s.changes("persons").updated += 1;
                    log.push(entry(Action::Update, "person", Some(id),
                        Some(json!({"first_name": first, "last_name": last, "email": email, "organisation_id": old_org, "employment_start": start, "employment_end": end})),
                        Some(after)));
                }
                id
            }
            None => {
                let id = diesel::insert_into(persons::table)
                    .values((
                        persons::code.eq(&x.code),
                        persons::first_name.eq(&x.first_name),
                        persons::last_name.eq(&x.last_name),
                        persons::email.eq(&x.email),
                        persons::organisation_id.eq(org),
                        persons::employment_start.eq(x.employment_start),
                        persons::employment_end.eq(x.employment_end),
                    ))
                    .returning(persons::id)
                    .get_result(conn)?;
                s.changes("persons").created += 1;
                log.push(entry(Action::Create, "person", Some(id), None, Some(after)));
                id
            }
        };
        person_ids.insert(x.code.clone(), id);
    }
    Ok(person_ids)
}

/// Memberships: the person's employee group from their employment start.
fn write_memberships(
    conn: &mut PgConnection,
    f: &PeopleFile,
    person_ids: &HashMap<String, Uuid>,
    group_ids: &HashMap<String, Uuid>,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    s.changes("group memberships");
    for x in &f.persons {
        let pid = person_ids[&x.code];
        let gid = group_ids[&x.group];
        let existing: Vec<(Uuid, Uuid, NaiveDate)> = employee_group_memberships::table
            .filter(employee_group_memberships::person_id.eq(pid))
            .select((
                employee_group_memberships::id,
                employee_group_memberships::employee_group_id,
                employee_group_memberships::valid_from,
            ))
            .load(conn)?;
        let matches =
            existing.len() == 1 && existing[0].1 == gid && existing[0].2 == x.employment_start;
        if !matches {
            let deleted = diesel::delete(
                employee_group_memberships::table
                    .filter(employee_group_memberships::person_id.eq(pid)),
            )
            .execute(conn)?;
            diesel::insert_into(employee_group_memberships::table)
                .values((
                    employee_group_memberships::person_id.eq(pid),
                    employee_group_memberships::employee_group_id.eq(gid),
                    employee_group_memberships::valid_from.eq(x.employment_start),
                ))
                .execute(conn)?;
            if deleted > 0 {
                s.changes("group memberships").updated += 1;
            } else {
                s.changes("group memberships").created += 1;
            }
            log.push(entry(
                Action::Update,
                "employee_group_membership",
                Some(pid),
                None,
                Some(json!({"person": x.code, "group": x.group, "valid_from": x.employment_start})),
            ));
        }
    }
    Ok(())
}

/// FTE periods, keyed by person and start: for the persons of the file, exactly the file's
/// (left alone when the sheet is absent).
fn write_fte(
    conn: &mut PgConnection,
    f: &PeopleFile,
    person_ids: &HashMap<String, Uuid>,
    file_person_ids: &[Uuid],
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    if let Some(rows) = &f.fte {
        s.changes("FTE periods");
        let existing: Vec<(Uuid, Uuid, NaiveDate, Option<NaiveDate>, BigDecimal)> =
            fte_periods::table
                .filter(fte_periods::person_id.eq_any(file_person_ids))
                .select((
                    fte_periods::id,
                    fte_periods::person_id,
                    fte_periods::start_date,
                    fte_periods::end_date,
                    fte_periods::fte_percent,
                ))
                .load(conn)?;
        let mut kept = HashSet::new();
        for r in rows {
            let pid = person_ids[&r.person];
            match existing.iter().find(|e| e.1 == pid && e.2 == r.start) {
                Some((id, _, _, end, pct)) => {
                    kept.insert(*id);
                    if *end != r.end || *pct != r.percent {
                        diesel::update(fte_periods::table.find(id))
                            .set((
                                fte_periods::end_date.eq(r.end),
                                fte_periods::fte_percent.eq(&r.percent),
                            ))
                            .execute(conn)?;
                        s.changes("FTE periods").updated += 1;
                        log.push(entry(
                            Action::Update,
                            "fte_period",
                            Some(*id),
                            Some(json!({"end": end, "fte_percent": pct})),
                            Some(json!({"end": r.end, "fte_percent": r.percent})),
                        ));
                    }
                }
                None => {
                    let id = diesel::insert_into(fte_periods::table)
                        .values((
                            fte_periods::person_id.eq(pid),
                            fte_periods::start_date.eq(r.start),
                            fte_periods::end_date.eq(r.end),
                            fte_periods::fte_percent.eq(&r.percent),
                        ))
                        .returning(fte_periods::id)
                        .get_result(conn)?;
                    kept.insert(id);
                    s.changes("FTE periods").created += 1;
                    log.push(entry(Action::Create, "fte_period", Some(id), None, Some(json!({"person": r.person, "start": r.start, "end": r.end, "fte_percent": r.percent}))));
                }
            }
        }
        for (id, ..) in existing.iter().filter(|e| !kept.contains(&e.0)) {
            diesel::delete(fte_periods::table.find(id)).execute(conn)?;
            s.changes("FTE periods").deleted += 1;
            log.push(entry(
                Action::Delete,
                "fte_period",
                Some(*id),
                Some(json!({"id": id})),
                None,
            ));
        }
    }
    Ok(())
}

/// Leave, keyed by person, type and first day: for the persons of the file, exactly the
/// file's (left alone when the sheet is absent).
fn write_leave(
    conn: &mut PgConnection,
    f: &PeopleFile,
    person_ids: &HashMap<String, Uuid>,
    file_person_ids: &[Uuid],
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    if let Some(rows) = &f.leave {
        s.changes("leave");
        let type_ids: HashMap<String, Uuid> = leave_types::table
            .select((leave_types::code, leave_types::id))
            .load::<(String, Uuid)>(conn)?
            .into_iter()
            .collect();
        let existing: Vec<(Uuid, Uuid, Uuid, NaiveDate, NaiveDate)> = leaves::table
            .filter(leaves::person_id.eq_any(file_person_ids))
            .select((
                leaves::id,
                leaves::person_id,
                leaves::leave_type_id,
                leaves::start_date,
                leaves::end_date,
            ))
            .load(conn)?;
        let mut kept = HashSet::new();
        for r in rows {
            let pid = person_ids[&r.person];
            let tid = type_ids[&r.leave_type];
            match existing
                .iter()
                .find(|e| e.1 == pid && e.2 == tid && e.3 == r.start)
            {
                Some((id, _, _, _, end)) => {
                    kept.insert(*id);
                    if *end != r.end {
                        diesel::update(leaves::table.find(id))
                            .set(leaves::end_date.eq(r.end))
                            .execute(conn)?;
                        s.changes("leave").updated += 1;
                        log.push(entry(
                            Action::Update,
                            "leave",
                            Some(*id),
                            Some(json!({"end": end})),
                            Some(json!({"end": r.end})),
                        ));
                    }
                }
                None => {
                    let id = diesel::insert_into(leaves::table)
                        .values((
                            leaves::person_id.eq(pid),
                            leaves::leave_type_id.eq(tid),
                            leaves::start_date.eq(r.start),
                            leaves::end_date.eq(r.end),
                        ))
                        .returning(leaves::id)
                        .get_result(conn)?;
                    kept.insert(id);
                    s.changes("leave").created += 1;
                    log.push(entry(Action::Create, "leave", Some(id), None, Some(json!({"person": r.person, "type": r.leave_type, "start": r.start, "end": r.end}))));
                }
            }
        }
        for (id, ..) in existing.iter().filter(|e| !kept.contains(&e.0)) {
            diesel::delete(leaves::table.find(id)).execute(conn)?;
            s.changes("leave").deleted += 1;
            log.push(entry(
                Action::Delete,
                "leave",
                Some(*id),
                Some(json!({"id": id})),
                None,
            ));
        }
    }
    Ok(())
}
