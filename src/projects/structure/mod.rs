//! A project's structure: work packages, the tasks under them, milestones and deliverables.
//! Numbers are validated and unique within the project; months lie within its duration. The
//! reads the structure pages show live here; what each kind of row is in [`rows`], the commands
//! that change the rows in [`write`] and the rules of each field, shared with the project
//! workbook import, in [`rules`].

pub mod rows;
pub mod rules;
mod write;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::policy::Policy;
use crate::db::schema::{
    capacity_demand, deliverable_types, deliverables, dissemination_levels, milestones,
    organisations, projects, role_types, tasks, work_packages,
};

pub use rows::{Stored, StructureRow};
pub use write::{HAS_TASKS, RowDelete, RowSave, delete, save};

/// The four kinds of structure row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    WorkPackages,
    Tasks,
    Milestones,
    Deliverables,
}

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

/// A work package: numbered 1 to 999 within its project.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = work_packages, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct WorkPackage {
    #[diesel(skip_insertion)]
    pub id: Uuid,
    pub number: i32,
    pub name: String,
    pub lead_org_id: Option<Uuid>,
    #[diesel(column_name = begin_month)]
    pub begin: i32,
    #[diesel(column_name = end_month)]
    pub end: i32,
    #[diesel(skip_insertion, skip_update)]
    pub version: i64,
}

/// A task: numbered `<WP>.<n>` within its work package; the demand is planned on tasks.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = tasks, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct Task {
    #[diesel(skip_insertion)]
    pub id: Uuid,
    pub work_package_id: Uuid,
    pub number: String,
    pub name: String,
    #[diesel(column_name = begin_month)]
    pub begin: i32,
    #[diesel(column_name = end_month)]
    pub end: i32,
    pub role_type_id: Option<Uuid>,
    pub lead_org_id: Option<Uuid>,
    #[diesel(skip_insertion, skip_update)]
    pub version: i64,
}

pub fn work_packages(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<WorkPackage>> {
    rows::of_project(conn, project)
}

pub fn tasks(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Task>> {
    rows::of_project(conn, project)
}

/// How many demand cells each task of a project has (tasks without any are absent).
pub fn demand_cells(conn: &mut PgConnection, project: Uuid) -> QueryResult<HashMap<Uuid, i64>> {
    Ok(capacity_demand::table
        .filter(capacity_demand::project_id.eq(project))
        .group_by(capacity_demand::task_id)
        .select((capacity_demand::task_id, diesel::dsl::count_star()))
        .load::<(Uuid, i64)>(conn)?
        .into_iter()
        .collect())
}

/// When each row of one kind of a project last changed (for the API's `modified_since`).
pub fn modified_at(
    conn: &mut PgConnection,
    kind: Kind,
    project: Uuid,
) -> QueryResult<HashMap<Uuid, DateTime<Utc>>> {
    /// The (id, modified_at) pairs of `$table`'s rows of `project`.
    macro_rules! stamps {
        ($table:ident) => {
            $table::table
                .filter($table::project_id.eq(project))
                .select(($table::id, $table::modified_at))
                .load::<(Uuid, DateTime<Utc>)>(conn)?
        };
    }
    let rows = match kind {
        Kind::WorkPackages => stamps!(work_packages),
        Kind::Tasks => stamps!(tasks),
        Kind::Milestones => stamps!(milestones),
        Kind::Deliverables => stamps!(deliverables),
    };
    Ok(rows.into_iter().collect())
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

/// A milestone: numbered `MS<n>`, of a work package or of the whole project.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = milestones, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct Milestone {
    #[diesel(skip_insertion)]
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub work_package_id: Option<Uuid>,
    #[diesel(column_name = due_month)]
    pub due: i32,
    pub role_type_id: Option<Uuid>,
    #[diesel(skip_insertion, skip_update)]
    pub version: i64,
}

/// A deliverable: numbered `D<WP>.<n>` within its work package.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = deliverables, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct Deliverable {
    #[diesel(skip_insertion)]
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub work_package_id: Uuid,
    #[diesel(column_name = due_month)]
    pub due: i32,
    #[diesel(column_name = deliverable_type_id)]
    pub kind: Option<Uuid>,
    #[diesel(column_name = dissemination_level_id)]
    pub dissemination: Option<Uuid>,
    pub lead_org_id: Option<Uuid>,
    #[diesel(skip_insertion, skip_update)]
    pub version: i64,
}

pub fn milestones(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Milestone>> {
    rows::of_project(conn, project)
}

pub fn deliverables(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Deliverable>> {
    rows::of_project(conn, project)
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
    /// How many demand cells each task has (a task without any is absent).
    pub demand_cells: HashMap<Uuid, i64>,
    pub milestones: Vec<Milestone>,
    pub deliverables: Vec<Deliverable>,
    pub organisations: Choices,
    pub roles: Choices,
    pub kinds: Choices,
    pub levels: Choices,
    pub editable: Result<(), crate::i18n::Msg>,
}

/// A stored row as its form shows it.
pub struct ShownRow {
    pub id: Uuid,
    pub version: i64,
    pub form: ItemForm,
}

impl StructurePage {
    /// The rows of one kind as their forms show them, in the order of their numbers.
    pub fn rows(&self, kind: Kind) -> Vec<ShownRow> {
        fn shown<R: StructureRow>(rows: &[R]) -> Vec<ShownRow> {
            rows.iter()
                .map(|r| ShownRow {
                    id: r.id(),
                    version: r.version(),
                    form: r.form(),
                })
                .collect()
        }
        match kind {
            Kind::WorkPackages => shown(&self.work_packages),
            Kind::Tasks => shown(&self.tasks),
            Kind::Milestones => shown(&self.milestones),
            Kind::Deliverables => shown(&self.deliverables),
        }
    }
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
        demand_cells: demand_cells(conn, id)?,
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
