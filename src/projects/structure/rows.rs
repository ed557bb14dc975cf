//! The four kinds of structure row — work package, task, milestone, deliverable — as one
//! [`StructureRow`]: what the commands (src/projects/structure/write.rs), the pages and the
//! project workbook import need to know of each, so that each of them is written once for all
//! four kinds. A row is read, added, changed and deleted by the same functions whoever asks.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Deliverable, ItemForm, Milestone, Task, WorkPackage};
use crate::db::row_version::version_of;
use crate::db::schema::{deliverables, milestones, tasks, work_packages};

/// How the rows of one kind are stored: one implementation per table, by [`stored_in`].
pub trait Stored: Sized {
    /// The kind's name in the audit log.
    const ENTITY: &'static str;
    fn id(&self) -> Uuid;
    fn version(&self) -> i64;
    /// The row's number as text ("3", "2.1", "MS4", "D2.1"): unique in a project; rows are
    /// matched and sorted by it.
    fn number(&self) -> String;
    /// The rows of a project, in no particular order.
    fn load(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Self>>;
    /// Adds the row to `project`; its id.
    fn insert(&self, conn: &mut PgConnection, project: Uuid) -> QueryResult<Uuid>;
    /// Writes the row's values over the stored row `id` if that is still at `version`; whether
    /// it was.
    fn update(&self, conn: &mut PgConnection, id: Uuid, version: i64) -> QueryResult<bool>;
    /// Deletes the stored row `id` if it is still at `version`; whether it was.
    fn delete(conn: &mut PgConnection, id: Uuid, version: i64) -> QueryResult<bool>;
    /// The version of the stored row `id`; `None` when it is gone (or hidden from the user).
    fn stored_version(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<i64>>;
}

/// A kind of structure row.
pub trait StructureRow: Stored + Clone {
    /// The row's values as the audit log records them.
    fn snapshot(&self) -> Value;
    /// The row as its form shows it.
    fn form(&self) -> ItemForm;
}

/// The rows of one kind of a project, in the order of their numbers ("1.10" after "1.9").
pub fn of_project<R: StructureRow>(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<R>> {
    let mut rows = R::load(conn, project)?;
    rows.sort_by_key(|r| crate::projects::demand::number_key(&r.number()));
    Ok(rows)
}

/// Implements [`Stored`] for a row type deriving diesel's `Selectable`, `Insertable` and
/// `AsChangeset` over `$table` (a module of `crate::db::schema` with `id`, `project_id` and
/// `version`). A macro because the four tables' query types differ: a generic function would
/// need a dozen diesel trait bounds to say the same.
macro_rules! stored_in {
    ($row:ty, $table:ident, $entity:literal) => {
        impl Stored for $row {
            const ENTITY: &'static str = $entity;

            fn id(&self) -> Uuid {
                self.id
            }

            fn version(&self) -> i64 {
                self.version
            }

            fn number(&self) -> String {
                self.number.to_string()
            }

            fn load(conn: &mut PgConnection, project: Uuid) -> QueryResult<Vec<Self>> {
                $table::table
                    .filter($table::project_id.eq(project))
                    .select(<$row>::as_select())
                    .load(conn)
            }

            fn insert(&self, conn: &mut PgConnection, project: Uuid) -> QueryResult<Uuid> {
                diesel::insert_into($table::table)
                    .values(($table::project_id.eq(project), self))
                    .returning($table::id)
                    .get_result(conn)
            }

            fn update(&self, conn: &mut PgConnection, id: Uuid, version: i64) -> QueryResult<bool> {
                let at_version = $table::table.find(id).filter($table::version.eq(version));
                Ok(diesel::update(at_version).set(self).execute(conn)? > 0)
            }

            fn delete(conn: &mut PgConnection, id: Uuid, version: i64) -> QueryResult<bool> {
                let at_version = $table::table.find(id).filter($table::version.eq(version));
                Ok(diesel::delete(at_version).execute(conn)? > 0)
            }

            fn stored_version(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<i64>> {
                version_of!(conn, $table, id)
            }
        }
    };
}

stored_in!(WorkPackage, work_packages, "work_package");
stored_in!(Task, tasks, "task");
stored_in!(Milestone, milestones, "milestone");
stored_in!(Deliverable, deliverables, "deliverable");

/// The fields of every kind's form: its number and name.
fn numbered(number: impl ToString, name: &str) -> ItemForm {
    ItemForm {
        number: number.to_string(),
        name: name.to_string(),
        ..ItemForm::default()
    }
}

/// A chosen id as a form carries it: empty for none.
fn chosen(id: Option<Uuid>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

impl StructureRow for WorkPackage {
    fn snapshot(&self) -> Value {
        json!({"number": self.number, "name": self.name, "lead_org_id": self.lead_org_id, "begin_month": self.begin, "end_month": self.end})
    }
    fn form(&self) -> ItemForm {
        ItemForm {
            lead_org: chosen(self.lead_org_id),
            begin: self.begin.to_string(),
            end: self.end.to_string(),
            ..numbered(self.number, &self.name)
        }
    }
}

impl StructureRow for Task {
    fn snapshot(&self) -> Value {
        json!({"number": self.number, "name": self.name, "work_package_id": self.work_package_id, "begin_month": self.begin, "end_month": self.end, "role_type_id": self.role_type_id, "lead_org_id": self.lead_org_id})
    }
    fn form(&self) -> ItemForm {
        ItemForm {
            wp: self.work_package_id.to_string(),
            lead_org: chosen(self.lead_org_id),
            role: chosen(self.role_type_id),
            begin: self.begin.to_string(),
            end: self.end.to_string(),
            ..numbered(&self.number, &self.name)
        }
    }
}

impl StructureRow for Milestone {
    fn snapshot(&self) -> Value {
        json!({"number": self.number, "name": self.name, "work_package_id": self.work_package_id, "due_month": self.due, "role_type_id": self.role_type_id})
    }
    fn form(&self) -> ItemForm {
        ItemForm {
            wp: chosen(self.work_package_id),
            role: chosen(self.role_type_id),
            due: self.due.to_string(),
            ..numbered(&self.number, &self.name)
        }
    }
}

impl StructureRow for Deliverable {
    fn snapshot(&self) -> Value {
        json!({"number": self.number, "name": self.name, "work_package_id": self.work_package_id, "due_month": self.due, "deliverable_type_id": self.kind, "dissemination_level_id": self.dissemination, "lead_org_id": self.lead_org_id})
    }
    fn form(&self) -> ItemForm {
        ItemForm {
            wp: self.work_package_id.to_string(),
            lead_org: chosen(self.lead_org_id),
            due: self.due.to_string(),
            kind: chosen(self.kind),
            dissemination: chosen(self.dissemination),
            ..numbered(&self.number, &self.name)
        }
    }
}
