//! Project assignments of a people workbook. They change projects' plans, so the Team tab's
//! rules hold: the projects are locked first, each must be open for the importer, and each
//! moves its version on once.

use std::collections::{BTreeSet, HashMap, HashSet};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{Action, Change};
use crate::db::schema::{allocation_groups, assignments, persons, projects, role_types};
use crate::i18n::Msg;
use crate::projects::version;
use crate::workbooks::import::{ImportFailure, Importer, Summary, project, refusal};
use crate::workbooks::spreadsheet::ImportError;

use super::{AssignmentRow, PeopleFile};

/// Locks the rows of the projects whose assignments the file may change (src/projects/version.rs):
/// those it names and those the persons it lists are assigned to now, in the order of their
/// ids. Under row-level security the rows the user may not change (locked projects) are
/// passed over: the import does not write their assignments.
pub fn lock_projects(conn: &mut PgConnection, f: &PeopleFile) -> QueryResult<()> {
    let named: Vec<&str> = f.assignments.iter().map(|a| a.project.as_str()).collect();
    let listed: Vec<&str> = f.persons.iter().map(|p| p.code.as_str()).collect();
    let assigned = assignments::table
        .inner_join(persons::table)
        .filter(persons::code.eq_any(listed))
        .select(assignments::project_id);
    projects::table
        .filter(
            projects::code
                .eq_any(named)
                .or(projects::id.eq_any(assigned)),
        )
        .order(projects::id)
        .select(projects::id)
        .for_update()
        .load::<Uuid>(conn)
        .map(|_| ())
}

/// One change of an assignment the file asks for.
enum AssignmentChange<'a> {
    Create {
        row: &'a AssignmentRow,
        person: Uuid,
        project: Uuid,
    },
    Update {
        row: &'a AssignmentRow,
        before: AssignmentRecord,
        project: Uuid,
    },
    Delete {
        id: Uuid,
        project: Uuid,
    },
}

impl AssignmentChange<'_> {
    fn project(&self) -> Uuid {
        match self {
            AssignmentChange::Create { project, .. }
            | AssignmentChange::Update { project, .. }
            | AssignmentChange::Delete { project, .. } => *project,
        }
    }
}

/// (id, person, project, start, end, allocation %, allocation group, role type) of a stored
/// assignment.
type AssignmentRecord = (
    Uuid,
    Uuid,
    Uuid,
    NaiveDate,
    NaiveDate,
    BigDecimal,
    Uuid,
    Option<Uuid>,
);

/// Assignments, keyed by person, project and start month: for the persons in the file, exactly
/// those of the file. The Team tab's rule applies: the projects whose assignments change must
/// be open for the importer (or all of them are refused, by name), and each moves its version
/// on once.
pub(super) fn write_assignments(
    conn: &mut PgConnection,
    f: &PeopleFile,
    person_ids: &HashMap<String, Uuid>,
    importer: &Importer,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> Result<(), ImportFailure> {
    s.changes("assignments");
    let project_ids: HashMap<String, Uuid> = projects::table
        .select((projects::code, projects::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    let group_of: HashMap<String, Uuid> = allocation_groups::table
        .select((allocation_groups::code, allocation_groups::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    let mut role_ids: HashMap<String, Uuid> = role_types::table
        .select((role_types::name, role_types::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .map(|(n, id)| (n.to_lowercase(), id))
        .collect();
    let file_person_ids: Vec<Uuid> = person_ids.values().copied().collect();
    let existing: Vec<AssignmentRecord> = assignments::table
        .filter(assignments::person_id.eq_any(&file_person_ids))
        .select((
            assignments::id,
            assignments::person_id,
            assignments::project_id,
            assignments::start_month,
            assignments::end_month,
            assignments::allocation_percent,
            assignments::allocation_group_id,
            assignments::role_type_id,
        ))
        .load(conn)?;

    // What changes, before anything is written: a refused project must not be half written.
    let mut plan = Vec::new();
    let mut kept = HashSet::new();
    for a in &f.assignments {
        let person = person_ids[&a.person];
        let project = project_ids[&a.project];
        let role = match &a.role {
            Some(name) => Some(match role_ids.get(&name.to_lowercase()) {
                Some(id) => *id,
                None => {
                    let id = diesel::insert_into(role_types::table)
                        .values(role_types::name.eq(name))
                        .returning(role_types::id)
                        .get_result(conn)?;
                    role_ids.insert(name.to_lowercase(), id);
                    s.lookups_created
                        .push(Msg::new("import-lookup-role-type").arg("name", name.as_str()));
                    id
                }
            }),
            None => None,
        };
        match existing
            .iter()
            .find(|e| e.1 == person && e.2 == project && e.3 == a.start)
        {
            Some(before) => {
                kept.insert(before.0);
                let (_, _, _, _, end, pct, group, old_role) = before;
                if *end != a.end
                    || *pct != a.percent
                    || *group != group_of[&a.group]
                    || *old_role != role
                {
                    plan.push(AssignmentChange::Update {
                        row: a,
                        before: before.clone(),
                        project,
                    });
                }
            }
            None => plan.push(AssignmentChange::Create {
                row: a,
                person,
                project,
            }),
        }
    }
    for (id, _, project, ..) in existing.iter().filter(|e| !kept.contains(&e.0)) {
        plan.push(AssignmentChange::Delete {
            id: *id,
            project: *project,
        });
    }

    let changed: BTreeSet<Uuid> = plan.iter().map(AssignmentChange::project).collect();
    let code_of: HashMap<Uuid, &str> = project_ids
        .iter()
        .map(|(code, id)| (*id, code.as_str()))
        .collect();
    let codes: Vec<&str> = changed
        .iter()
        .filter_map(|id| code_of.get(id).copied())
        .collect();
    let refusals: Vec<ImportError> = project::stored_projects(conn, &codes)?
        .into_iter()
        .filter_map(|stored| {
            let why = importer.policy.can_edit_project(&stored.lock).err()?;
            Some(refusal(&s.file, &stored.code, why.0))
        })
        .collect();
    if !refusals.is_empty() {
        return Err(ImportFailure::Refused(refusals));
    }

    for step in plan {
        write_assignment(conn, step, &group_of, &role_ids, s, log)?;
    }
    for project in changed {
        version::bump(conn, project)?;
    }
    Ok(())
}

/// Writes one planned change of an assignment, counted and audited.
fn write_assignment(
    conn: &mut PgConnection,
    step: AssignmentChange,
    group_of: &HashMap<String, Uuid>,
    role_ids: &HashMap<String, Uuid>,
    s: &mut Summary,
    log: &mut Vec<Change>,
) -> QueryResult<()> {
    let after = |a: &AssignmentRow, role: Option<Uuid>| json!({"person": a.person, "project": a.project, "role_type_id": role, "allocation_percent": a.percent, "allocation_group": a.group, "start_month": a.start, "end_month": a.end});
    let role_of = |a: &AssignmentRow| {
        a.role
            .as_ref()
            .and_then(|name| role_ids.get(&name.to_lowercase()).copied())
    };
    match step {
        AssignmentChange::Update {
            row: a,
            before: (id, _, _, _, end, pct, old_group, old_role),
            project,
        } => {
            let group = group_of[&a.group];
            let role = role_of(a);
            diesel::update(assignments::table.find(id))
                .set((
                    assignments::end_month.eq(a.end),
                    assignments::allocation_percent.eq(&a.percent),
                    assignments::allocation_group_id.eq(group),
                    assignments::role_type_id.eq(role),
                    assignments::updated_at.eq(chrono::Utc::now()),
                ))
                .execute(conn)?;
            s.changes("assignments").updated += 1;
            log.push(Change {
                action: Action::Update,
                entity_type: "assignment",
                entity_id: Some(id),
                project_id: Some(project),
                before: Some(json!({"end_month": end, "allocation_percent": pct, "allocation_group_id": old_group, "role_type_id": old_role})),
                after: Some(after(a, role)),
            });
        }
        AssignmentChange::Create {
            row: a,
            person,
            project,
        } => {
            let role = role_of(a);
            let id = diesel::insert_into(assignments::table)
                .values((
                    assignments::person_id.eq(person),
                    assignments::project_id.eq(project),
                    assignments::role_type_id.eq(role),
                    assignments::allocation_percent.eq(&a.percent),
                    assignments::allocation_group_id.eq(group_of[&a.group]),
                    assignments::start_month.eq(a.start),
                    assignments::end_month.eq(a.end),
                ))
                .returning(assignments::id)
                .get_result(conn)?;
            s.changes("assignments").created += 1;
            log.push(Change {
                action: Action::Create,
                entity_type: "assignment",
                entity_id: Some(id),
                project_id: Some(project),
                before: None,
                after: Some(after(a, role)),
            });
        }
        AssignmentChange::Delete { id, project } => {
            diesel::delete(assignments::table.find(id)).execute(conn)?;
            s.changes("assignments").deleted += 1;
            log.push(Change {
                action: Action::Delete,
                entity_type: "assignment",
                entity_id: Some(id),
                project_id: Some(project),
                before: Some(json!({"id": id})),
                after: None,
            });
        }
    }
    Ok(())
}
