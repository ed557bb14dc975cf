//! Writing a checked people workbook: for what the file lists, the stored rows become exactly
//! what it says, each change counted and audited. Assignments are in `assignments.rs`.

use std::collections::{HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{Action, Change};
use crate::db::schema::{
    employee_group_hours, employee_group_memberships, employee_groups, fte_periods, leave_types,
    leaves, organisations, persons,
};
use crate::workbooks::import::{ImportFailure, Importer, Summary};

use super::{FteRow, GroupHours, LeaveRow, PeopleFile, assignments};
use crate::people::edit::PersonRecord;

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
    write_working_time(conn, f, &person_ids, s, log)?;
    assignments::write_assignments(conn, f, &person_ids, importer, s, log)
}

/// The values of a changed row before and after, as the audit log records them.
type BeforeAfter = (Value, Value);

/// How one kind of row is written from a file: the stored rows `S` a file's rows `R` are matched
/// with, and the writes (each returns what the audit log records).
struct RowKind<S, R> {
    /// The summary's name of these rows ("FTE periods") and the audit log's entity type.
    counted: &'static str,
    entity: &'static str,
    id: fn(&S) -> Uuid,
    matches: fn(&S, &R) -> bool,
    /// Changes the stored row to the file's values: (before, after), `None` when they are equal.
    update: fn(&mut PgConnection, &S, &R) -> QueryResult<Option<BeforeAfter>>,
    insert: fn(&mut PgConnection, &R) -> QueryResult<(Uuid, Value)>,
    /// Deletes a stored row no file row matches; `None` for rows a file only adds to or changes.
    delete: Option<fn(&mut PgConnection, &S) -> QueryResult<Value>>,
}

/// Makes the `stored` rows of one kind what the file's `rows` say: a stored row matching a file
/// row is updated where their values differ, a file row without one is inserted, and (where the
/// kind deletes) every other stored row is deleted. Each change is counted and audited.
fn write_rows<S, R>(
    conn: &mut PgConnection,
    kind: &RowKind<S, R>,
    (stored, rows): (&[S], &[R]),
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    let mut kept = HashSet::new();
    for row in rows {
        match stored.iter().find(|x| (kind.matches)(x, row)) {
            Some(x) => {
                let id = (kind.id)(x);
                kept.insert(id);
                if let Some((before, after)) = (kind.update)(conn, x, row)? {
                    s.changes(kind.counted).updated += 1;
                    let (before, after) = (Some(before), Some(after));
                    log.push(Change::outside_projects(
                        Action::Update,
                        kind.entity,
                        id,
                        before,
                        after,
                    ));
                }
            }
            None => {
                let (id, after) = (kind.insert)(conn, row)?;
                kept.insert(id);
                s.changes(kind.counted).created += 1;
                log.push(Change::outside_projects(
                    Action::Create,
                    kind.entity,
                    id,
                    None,
                    Some(after),
                ));
            }
        }
    }
    let Some(delete) = kind.delete else {
        return Ok(());
    };
    for x in stored.iter().filter(|x| !kept.contains(&(kind.id)(x))) {
        let before = delete(conn, x)?;
        s.changes(kind.counted).deleted += 1;
        let id = (kind.id)(x);
        log.push(Change::outside_projects(
            Action::Delete,
            kind.entity,
            id,
            Some(before),
            None,
        ));
    }
    Ok(())
}

/// Employee groups and their daily hours (per group, exactly the rows of the file): the id of
/// every group by name.
fn write_groups(
    conn: &mut PgConnection,
    f: &PeopleFile,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<HashMap<String, Uuid>> {
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
            let after = Some(json!({"name": g.group}));
            log.push(Change::outside_projects(
                Action::Create,
                "employee_group",
                id,
                None,
                after,
            ));
        }
    }
    write_group_hours(conn, f, &group_ids, s, log)?;
    Ok(group_ids)
}

/// A group's daily hours from a day: (id, valid from, daily hours) as stored, (group id, row)
/// in the file.
fn group_hours<'a>() -> RowKind<(Uuid, NaiveDate, BigDecimal), (Uuid, &'a GroupHours)> {
    RowKind {
        counted: "daily hours",
        entity: "employee_group_hours",
        id: |x| x.0,
        matches: |x, (_, g)| x.1 == g.valid_from,
        update: |conn, (id, _, hours), (_, g)| {
            if *hours == g.daily_hours {
                return Ok(None);
            }
            diesel::update(employee_group_hours::table.find(id))
                .set(employee_group_hours::daily_hours.eq(&g.daily_hours))
                .execute(conn)?;
            let after = json!({"daily_hours": g.daily_hours});
            Ok(Some((json!({"daily_hours": hours}), after)))
        },
        insert: |conn, (group, g)| {
            let id = diesel::insert_into(employee_group_hours::table)
                .values((
                    employee_group_hours::employee_group_id.eq(group),
                    employee_group_hours::valid_from.eq(g.valid_from),
                    employee_group_hours::daily_hours.eq(&g.daily_hours),
                ))
                .returning(employee_group_hours::id)
                .get_result(conn)?;
            let after =
                json!({"group": g.group, "valid_from": g.valid_from, "daily_hours": g.daily_hours});
            Ok((id, after))
        },
        delete: Some(|conn, (id, from, hours)| {
            diesel::delete(employee_group_hours::table.find(id)).execute(conn)?;
            Ok(json!({"valid_from": from, "daily_hours": hours}))
        }),
    }
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
        let stored: Vec<(Uuid, NaiveDate, BigDecimal)> = employee_group_hours::table
            .filter(employee_group_hours::employee_group_id.eq(gid))
            .select((
                employee_group_hours::id,
                employee_group_hours::valid_from,
                employee_group_hours::daily_hours,
            ))
            .load(conn)?;
        let rows: Vec<(Uuid, &GroupHours)> = f
            .group_hours
            .iter()
            .filter(|g| &g.group == *group)
            .map(|g| (gid, g))
            .collect();
        write_rows(conn, &group_hours(), (&stored, &rows), s, log)?;
    }
    Ok(())
}

/// Leave types by code, created or renamed: (id, code, name) as stored, (code, name) in the file.
const LEAVE_TYPES: RowKind<(Uuid, String, String), (String, String)> = RowKind {
    counted: "leave types",
    entity: "leave_type",
    id: |x| x.0,
    matches: |x, (code, _)| x.1 == *code,
    update: |conn, (id, _, old), (_, name)| {
        if old == name {
            return Ok(None);
        }
        diesel::update(leave_types::table.find(id))
            .set(leave_types::name.eq(name))
            .execute(conn)?;
        Ok(Some((json!({"name": old}), json!({"name": name}))))
    },
    insert: |conn, (code, name)| {
        let id = diesel::insert_into(leave_types::table)
            .values((leave_types::code.eq(code), leave_types::name.eq(name)))
            .returning(leave_types::id)
            .get_result(conn)?;
        Ok((id, json!({"code": code, "name": name})))
    },
    delete: None,
};

/// Leave types by code: created or renamed (the file's codes are distinct, checked when read).
fn write_leave_types(
    conn: &mut PgConnection,
    f: &PeopleFile,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    s.changes("leave types");
    let stored: Vec<(Uuid, String, String)> = leave_types::table
        .select((leave_types::id, leave_types::code, leave_types::name))
        .load(conn)?;
    write_rows(conn, &LEAVE_TYPES, (&stored, &f.leave_types), s, log)
}

/// A person's fields as the audit log of an update by the file records them (the code is the
/// key; the file never links users).
fn audited(p: &PersonRecord) -> Value {
    json!({"first_name": p.first_name, "last_name": p.last_name, "email": p.email, "organisation_id": p.organisation_id, "employment_start": p.employment_start, "employment_end": p.employment_end})
}

/// The same with the code: what the file made of the person.
fn audited_with_code(p: &PersonRecord) -> Value {
    let mut values = audited(p);
    values["code"] = json!(p.code);
    values
}

/// Persons by code, created or updated: (id, fields) as stored, the fields as the file gives
/// them (whose linked user is the stored one: the file never links users).
const PERSONS: RowKind<(Uuid, PersonRecord), PersonRecord> = RowKind {
    counted: "persons",
    entity: "person",
    id: |x| x.0,
    matches: |x, p| x.1.code == p.code,
    update: |conn, (id, stored), p| {
        let wanted = PersonRecord {
            user_id: stored.user_id,
            ..p.clone()
        };
        if *stored == wanted {
            return Ok(None);
        }
        diesel::update(persons::table.find(id))
            .set((&wanted, persons::updated_at.eq(chrono::Utc::now())))
            .execute(conn)?;
        Ok(Some((audited(stored), audited_with_code(p))))
    },
    insert: |conn, p| {
        let id = diesel::insert_into(persons::table)
            .values(p)
            .returning(persons::id)
            .get_result(conn)?;
        Ok((id, audited_with_code(p)))
    },
    delete: None,
};

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
    let codes: Vec<&str> = f.persons.iter().map(|x| x.code.as_str()).collect();
    let stored: Vec<(Uuid, PersonRecord)> = persons::table
        .filter(persons::code.eq_any(&codes))
        .select((persons::id, PersonRecord::as_select()))
        .load(conn)?;
    let rows: Vec<PersonRecord> = (f.persons.iter())
        .map(|x| PersonRecord {
            code: x.code.clone(),
            first_name: x.first_name.clone(),
            last_name: x.last_name.clone(),
            email: x.email.clone(),
            organisation_id: org_ids[&x.org],
            employment_start: Some(x.employment_start),
            employment_end: x.employment_end,
            user_id: None,
        })
        .collect();
    write_rows(conn, &PERSONS, (&stored, &rows), s, log)?;
    persons::table
        .filter(persons::code.eq_any(&codes))
        .select((persons::code, persons::id))
        .load::<(String, Uuid)>(conn)
        .map(|ids| ids.into_iter().collect())
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
            log.push(Change::outside_projects(
                Action::Update,
                "employee_group_membership",
                pid,
                None,
                Some(json!({"person": x.code, "group": x.group, "valid_from": x.employment_start})),
            ));
        }
    }
    Ok(())
}

/// An FTE period as stored: (id, person, start, end, %).
type StoredFte = (Uuid, Uuid, NaiveDate, Option<NaiveDate>, BigDecimal);

/// Leave as stored: (id, person, leave type, first day, last day).
type StoredLeave = (Uuid, Uuid, Uuid, NaiveDate, NaiveDate);

/// FTE periods, keyed by person and start: (id, person, start, end, %) as stored, (person id,
/// row) in the file.
fn fte_periods_kind<'a>() -> RowKind<StoredFte, (Uuid, &'a FteRow)> {
    RowKind {
        counted: "FTE periods",
        entity: "fte_period",
        id: |x| x.0,
        matches: |x, (person, r)| x.1 == *person && x.2 == r.start,
        update: |conn, (id, _, _, end, pct), (_, r)| {
            if *end == r.end && *pct == r.percent {
                return Ok(None);
            }
            diesel::update(fte_periods::table.find(id))
                .set((
                    fte_periods::end_date.eq(r.end),
                    fte_periods::fte_percent.eq(&r.percent),
                ))
                .execute(conn)?;
            let before = json!({"end": end, "fte_percent": pct});
            Ok(Some((
                before,
                json!({"end": r.end, "fte_percent": r.percent}),
            )))
        },
        insert: |conn, (person, r)| {
            let id = diesel::insert_into(fte_periods::table)
                .values((
                    fte_periods::person_id.eq(person),
                    fte_periods::start_date.eq(r.start),
                    fte_periods::end_date.eq(r.end),
                    fte_periods::fte_percent.eq(&r.percent),
                ))
                .returning(fte_periods::id)
                .get_result(conn)?;
            let after = json!({"person": r.person, "start": r.start, "end": r.end, "fte_percent": r.percent});
            Ok((id, after))
        },
        delete: Some(|conn, x| {
            let deleted = diesel::delete(fte_periods::table.find(x.0)).execute(conn);
            deleted.map(|_| json!({"id": x.0}))
        }),
    }
}

/// Leave, keyed by person, type and first day: (id, person, type, first, last day) as stored,
/// (person id, type id, row) in the file.
fn leave_kind<'a>() -> RowKind<StoredLeave, (Uuid, Uuid, &'a LeaveRow)> {
    RowKind {
        counted: "leave",
        entity: "leave",
        id: |x| x.0,
        matches: |x, (person, kind, r)| x.1 == *person && x.2 == *kind && x.3 == r.start,
        update: |conn, (id, _, _, _, end), (_, _, r)| {
            if *end == r.end {
                return Ok(None);
            }
            diesel::update(leaves::table.find(id))
                .set(leaves::end_date.eq(r.end))
                .execute(conn)?;
            Ok(Some((json!({"end": end}), json!({"end": r.end}))))
        },
        insert: |conn, (person, kind, r)| {
            let id = diesel::insert_into(leaves::table)
                .values((
                    leaves::person_id.eq(person),
                    leaves::leave_type_id.eq(kind),
                    leaves::start_date.eq(r.start),
                    leaves::end_date.eq(r.end),
                ))
                .returning(leaves::id)
                .get_result(conn)?;
            let after =
                json!({"person": r.person, "type": r.leave_type, "start": r.start, "end": r.end});
            Ok((id, after))
        },
        delete: Some(|conn, x| {
            diesel::delete(leaves::table.find(x.0)).execute(conn)?;
            Ok(json!({"id": x.0}))
        }),
    }
}

/// FTE periods and leave: for the persons of the file, exactly the file's (each left alone when
/// its sheet is absent).
fn write_working_time(
    conn: &mut PgConnection,
    f: &PeopleFile,
    person_ids: &HashMap<String, Uuid>,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    let file_person_ids: Vec<Uuid> = person_ids.values().copied().collect();
    if let Some(rows) = &f.fte {
        s.changes("FTE periods");
        let stored: Vec<StoredFte> = fte_periods::table
            .filter(fte_periods::person_id.eq_any(&file_person_ids))
            .select((
                fte_periods::id,
                fte_periods::person_id,
                fte_periods::start_date,
                fte_periods::end_date,
                fte_periods::fte_percent,
            ))
            .load(conn)?;
        let rows: Vec<(Uuid, &FteRow)> = rows.iter().map(|r| (person_ids[&r.person], r)).collect();
        write_rows(conn, &fte_periods_kind(), (&stored, &rows), s, log)?;
    }
    if let Some(rows) = &f.leave {
        s.changes("leave");
        let type_ids: HashMap<String, Uuid> = leave_types::table
            .select((leave_types::code, leave_types::id))
            .load::<(String, Uuid)>(conn)?
            .into_iter()
            .collect();
        let stored: Vec<StoredLeave> = leaves::table
            .filter(leaves::person_id.eq_any(&file_person_ids))
            .select((
                leaves::id,
                leaves::person_id,
                leaves::leave_type_id,
                leaves::start_date,
                leaves::end_date,
            ))
            .load(conn)?;
        let rows: Vec<(Uuid, Uuid, &LeaveRow)> = (rows.iter())
            .map(|r| (person_ids[&r.person], type_ids[&r.leave_type], r))
            .collect();
        write_rows(conn, &leave_kind(), (&stored, &rows), s, log)?;
    }
    Ok(())
}
