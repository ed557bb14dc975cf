//! A project's structure: work packages, the tasks under them, milestones and deliverables.
//! Numbers are validated and unique within the project; months lie within its duration. The
//! reads the structure pages show live here; the commands that change the rows in [`write`]
//! and the rules of each field, shared with the project workbook import, in [`rules`].

pub mod rules;
mod write;

use std::collections::HashMap;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::policy::Policy;
use crate::db::schema::{
    capacity_demand, deliverable_types, deliverables, dissemination_levels, milestones,
    organisations, projects, role_types, tasks, work_packages,
};

pub use write::{
    HAS_TASKS, RowDelete, RowSave, delete_deliverable, delete_milestone, delete_task,
    delete_work_package, save_deliverable, save_milestone, save_task, save_work_package,
};

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

/// Everything a structure page shows: the project, its rows of every kind, the choices of the
/// forms, and whether the user may change the project (`Err`: the Policy's reason why not).
pub struct StructurePage {
    pub head: Head,
    pub work_packages: Vec<WorkPackage>,
    pub tasks: Vec<Task>,
    pub milestones: Vec<Milestone>,
    pub deliverables: Vec<Deliverable>,
    pub organisations: Choices,
    pub roles: Choices,
    pub kinds: Choices,
    pub levels: Choices,
    pub editable: Result<(), String>,
}

/// The structure pages' read, in one transaction; `None` when the user may not see the project.
pub fn page(
    conn: &mut PgConnection,
    policy: &Policy,
    id: Uuid,
) -> QueryResult<Option<StructurePage>> {
    let Some(head) = head(conn, id)? else {
        return Ok(None);
    };
    let Some(lock) = crate::projects::lock_of(conn, id)? else {
        return Ok(None);
    };
    let (organisations, roles) = choices(conn)?;
    let (kinds, levels) = deliverable_choices(conn)?;
    Ok(Some(StructurePage {
        work_packages: work_packages(conn, id)?,
        tasks: tasks(conn, id)?,
        milestones: milestones(conn, id)?,
        deliverables: deliverables(conn, id)?,
        head,
        organisations,
        roles,
        kinds,
        levels,
        editable: policy.can_edit_project(&lock).map_err(|refusal| refusal.0),
    }))
}
