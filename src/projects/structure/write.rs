//! The commands of a project's structure: add, change and delete a work package, task,
//! milestone or deliverable. Each locks the project for the acting user
//! ([`version::lock_for_edit`]), checks the version the form showed, validates with
//! [`rules`], writes, audits and moves the plan version on once. One generic [`save_row`] and
//! [`delete_row`] serve the four kinds; what differs is each kind's [`FormRow`].

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use super::rows::{self, StructureRow};
use super::{Deliverable, ItemForm, Kind, Milestone, Task, WorkPackage, rules};
use crate::audit::{self, Action, Change};
use crate::command::{Acting, DomainError, FieldErrors, Outcome};
use crate::db::row_version::{self, RowChange};
use crate::db::schema::{capacity_demand, tasks};
use crate::i18n::Msg;
use crate::projects::version::{self, EditableProject};

/// A row of `kind` to add (`row` is `None`) or change: its id and the version the form showed.
#[derive(Debug, Clone)]
pub struct RowSave {
    pub kind: Kind,
    pub project: Uuid,
    pub row: Option<(Uuid, i64)>,
    pub form: ItemForm,
}

/// A row of `kind` to delete, still at the version the page showed.
#[derive(Debug, Clone, Copy)]
pub struct RowDelete {
    pub kind: Kind,
    pub project: Uuid,
    pub row: Uuid,
    pub version: i64,
}

/// The field of a refused delete of a work package that still has tasks.
pub const HAS_TASKS: &str = "tasks";

/// Adds or changes a row of any kind; its id.
pub fn save(conn: &mut PgConnection, acting: &Acting, input: RowSave) -> Outcome<Uuid> {
    match input.kind {
        Kind::WorkPackages => save_row::<WorkPackage>(conn, acting, input),
        Kind::Tasks => save_row::<Task>(conn, acting, input),
        Kind::Milestones => save_row::<Milestone>(conn, acting, input),
        Kind::Deliverables => save_row::<Deliverable>(conn, acting, input),
    }
}

/// Deletes a row of any kind (a work package only once it has no tasks).
pub fn delete(conn: &mut PgConnection, acting: &Acting, input: RowDelete) -> Outcome<()> {
    match input.kind {
        Kind::WorkPackages => delete_row::<WorkPackage>(conn, acting, input),
        Kind::Tasks => delete_row::<Task>(conn, acting, input),
        Kind::Milestones => delete_row::<Milestone>(conn, acting, input),
        Kind::Deliverables => delete_row::<Deliverable>(conn, acting, input),
    }
}

/// What became of a single-row change, as a command's outcome.
fn outcome<T>(change: RowChange<T>) -> Outcome<T> {
    match change {
        RowChange::Done(value) => Ok(value),
        RowChange::Missing => Err(DomainError::NotFound),
        RowChange::Stale => Err(DomainError::Stale),
    }
}

/// The stored row a form changes, if it is still at the version the form showed.
fn shown<R: StructureRow>(rows: &[R], target: Option<(Uuid, i64)>) -> Outcome<Option<R>> {
    let Some((id, version)) = target else {
        return Ok(None);
    };
    let found = rows.iter().find(|r| r.id() == id).cloned();
    outcome(row_version::check(found.as_ref().map(R::version), version))?;
    Ok(found)
}

/// Why an update or delete at the stored version matched no row: the row is gone, or another
/// write moved its version on.
fn missed<R: StructureRow, T>(conn: &mut PgConnection, id: Uuid) -> Outcome<T> {
    outcome(row_version::missed(R::stored_version(conn, id)?))
}

/// Where a form's row goes: the project, the rows of its kind already there, the one it changes
/// (none for a new row) and the project's work packages.
struct Place<'a, R> {
    project: &'a EditableProject,
    existing: &'a [R],
    changed: Option<Uuid>,
    work_packages: &'a [WorkPackage],
}

impl<R: StructureRow> Place<'_, R> {
    /// Refuses a number another row of the kind has already (`taken` says so).
    fn unique<N: ToString>(
        &self,
        errors: &mut FieldErrors,
        number: Option<&N>,
        taken: impl Fn(&str) -> Msg,
    ) {
        if let Some(n) = number.map(N::to_string)
            && self
                .existing
                .iter()
                .any(|r| r.number() == n && Some(r.id()) != self.changed)
        {
            errors.push(("number", taken(&n)));
        }
    }

    /// The begin and end months of a work package or task.
    fn span(&self, form: &ItemForm, errors: &mut FieldErrors) -> Option<(i32, i32)> {
        let (begin, end) = (
            rules::month_number(&form.begin),
            rules::month_number(&form.end),
        );
        rules::span(begin, end, self.project.duration_months)
            .map_err(|e| errors.extend(e))
            .ok()
    }

    /// The due month of a milestone or deliverable.
    fn due(&self, form: &ItemForm, errors: &mut FieldErrors) -> Option<i32> {
        let month = rules::month_number(&form.due);
        field(
            errors,
            "due",
            rules::due(month, self.project.duration_months),
        )
    }

    /// The work package chosen (by id) on a form, if it is one of the project's.
    fn work_package(&self, form: &ItemForm) -> Option<&WorkPackage> {
        let chosen = form.wp.trim();
        self.work_packages
            .iter()
            .find(|w| w.id.to_string() == chosen)
    }

    /// The work package a task or deliverable belongs to: one must be chosen.
    fn required_work_package(
        &self,
        form: &ItemForm,
        errors: &mut FieldErrors,
    ) -> Option<&WorkPackage> {
        let wp = self.work_package(form);
        if wp.is_none() {
            errors.push(("wp", Msg::new("structure-choose-wp")));
        }
        wp
    }
}

fn optional_id(value: &str, field: &'static str, errors: &mut FieldErrors) -> Option<Uuid> {
    match value.trim() {
        "" => None,
        v => Uuid::parse_str(v).map(Some).unwrap_or_else(|_| {
            errors.push((field, Msg::new("structure-choose-from-list")));
            None
        }),
    }
}

/// Pushes a field's refusal; the value when it was right.
fn field<T>(errors: &mut FieldErrors, name: &'static str, read: Result<T, Msg>) -> Option<T> {
    read.map_err(|sentence| errors.push((name, sentence))).ok()
}

/// What the commands need of a kind beyond [`StructureRow`]: how its form is read and what
/// its delete records.
trait FormRow: StructureRow {
    /// The row a form asks for, each field read by [`rules`] (the errors in the order of the
    /// form's fields); `None`, or errors pushed, when the form is refused.
    fn read(form: &ItemForm, place: &Place<'_, Self>, errors: &mut FieldErrors) -> Option<Self>;

    /// What the audit log keeps of the row when it is deleted; a refusal when it may not be.
    fn deleted(&self, conn: &mut PgConnection) -> Outcome<Value>;
}

impl FormRow for WorkPackage {
    fn read(form: &ItemForm, place: &Place<'_, Self>, errors: &mut FieldErrors) -> Option<Self> {
        let number = field(errors, "number", rules::work_package_number(&form.number));
        place.unique(errors, number.as_ref(), |n| {
            Msg::new("wp-number-taken").arg("number", n)
        });
        let name = field(errors, "name", rules::name(&form.name, Kind::WorkPackages));
        let lead_org_id = optional_id(&form.lead_org, "lead_org", errors);
        let (begin, end) = place.span(form, errors)?;
        Some(WorkPackage {
            id: Uuid::nil(),
            number: number?,
            name: name?,
            lead_org_id,
            begin,
            end,
            version: 0,
        })
    }

    /// Refused (field [`HAS_TASKS`]) while the work package has tasks.
    fn deleted(&self, conn: &mut PgConnection) -> Outcome<Value> {
        let tasks_under: i64 = tasks::table
            .filter(tasks::work_package_id.eq(self.id))
            .count()
            .get_result(conn)?;
        if tasks_under > 0 {
            return Err(DomainError::field(
                HAS_TASKS,
                Msg::new("wp-has-tasks")
                    .arg("number", self.number.to_string())
                    .arg("count", tasks_under),
            ));
        }
        Ok(self.snapshot())
    }
}

impl FormRow for Task {
    fn read(form: &ItemForm, place: &Place<'_, Self>, errors: &mut FieldErrors) -> Option<Self> {
        let wp = place.required_work_package(form, errors);
        let number = wp.and_then(|wp| {
            field(
                errors,
                "number",
                rules::task_number(&form.number, wp.number),
            )
        });
        place.unique(errors, number.as_ref(), |n| {
            Msg::new("task-number-taken").arg("number", n)
        });
        let name = field(errors, "name", rules::name(&form.name, Kind::Tasks));
        let role_type_id = optional_id(&form.role, "role", errors);
        let lead_org_id = optional_id(&form.lead_org, "lead_org", errors);
        let (begin, end) = place.span(form, errors)?;
        Some(Task {
            id: Uuid::nil(),
            work_package_id: wp?.id,
            number: number?,
            name: name?,
            begin,
            end,
            role_type_id,
            lead_org_id,
            version: 0,
        })
    }

    /// The task goes with its demand (the database deletes it with the task); the log says how
    /// many demand cells went.
    fn deleted(&self, conn: &mut PgConnection) -> Outcome<Value> {
        let demand_cells: i64 = capacity_demand::table
            .filter(capacity_demand::task_id.eq(self.id))
            .count()
            .get_result(conn)?;
        let mut record = self.snapshot();
        record["demand_cells"] = json!(demand_cells);
        Ok(record)
    }
}

/// A milestone's work package is optional, but must be the project's when chosen.
impl FormRow for Milestone {
    fn read(form: &ItemForm, place: &Place<'_, Self>, errors: &mut FieldErrors) -> Option<Self> {
        let number = field(errors, "number", rules::milestone_number(&form.number));
        place.unique(errors, number.as_ref(), |n| {
            Msg::new("milestone-number-taken").arg("number", n)
        });
        let name = field(errors, "name", rules::name(&form.name, Kind::Milestones));
        let wp = place.work_package(form);
        if wp.is_none() && !form.wp.trim().is_empty() {
            errors.push(("wp", Msg::new("milestone-choose-wp")));
        }
        let role_type_id = optional_id(&form.role, "role", errors);
        let due = place.due(form, errors);
        Some(Milestone {
            id: Uuid::nil(),
            number: number?,
            name: name?,
            work_package_id: wp.map(|w| w.id),
            due: due?,
            role_type_id,
            version: 0,
        })
    }

    fn deleted(&self, _conn: &mut PgConnection) -> Outcome<Value> {
        Ok(json!({"number": self.number, "name": self.name}))
    }
}

impl FormRow for Deliverable {
    fn read(form: &ItemForm, place: &Place<'_, Self>, errors: &mut FieldErrors) -> Option<Self> {
        let wp = place.required_work_package(form, errors);
        let number = wp.and_then(|wp| {
            let read = rules::deliverable_number(&form.number, wp.number);
            field(errors, "number", read)
        });
        place.unique(errors, number.as_ref(), |n| {
            Msg::new("deliverable-number-taken").arg("number", n)
        });
        let name = field(errors, "name", rules::name(&form.name, Kind::Deliverables));
        let kind = optional_id(&form.kind, "kind", errors);
        let dissemination = optional_id(&form.dissemination, "dissemination", errors);
        let lead_org_id = optional_id(&form.lead_org, "lead_org", errors);
        let due = place.due(form, errors);
        Some(Deliverable {
            id: Uuid::nil(),
            number: number?,
            name: name?,
            work_package_id: wp?.id,
            due: due?,
            kind,
            dissemination,
            lead_org_id,
            version: 0,
        })
    }

    fn deleted(&self, _conn: &mut PgConnection) -> Outcome<Value> {
        Ok(json!({"number": self.number, "name": self.name}))
    }
}

/// Records the change and moves the plan version on: the last two steps of every command here.
fn finish<R: StructureRow>(
    conn: &mut PgConnection,
    acting: &Acting,
    project: Uuid,
    id: Uuid,
    before: Option<Value>,
    after: Option<Value>,
) -> Outcome<()> {
    let action = match (&before, &after) {
        (None, _) => Action::Create,
        (Some(_), Some(_)) => Action::Update,
        (Some(_), None) => Action::Delete,
    };
    version::bump(conn, project)?;
    let change = Change::in_project(action, R::ENTITY, Some(id), project, before, after);
    audit::record(conn, &acting.actor, &[change])?;
    Ok(())
}

/// Adds or changes a row of kind `R`, its number unique in the project; its id.
fn save_row<R: FormRow>(conn: &mut PgConnection, acting: &Acting, input: RowSave) -> Outcome<Uuid> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let existing = rows::of_project::<R>(conn, project.id)?;
    let before = shown(&existing, input.row)?;
    let work_packages = super::work_packages(conn, project.id)?;
    let place = Place {
        project: &project,
        existing: &existing,
        changed: before.as_ref().map(R::id),
        work_packages: &work_packages,
    };
    let mut errors = FieldErrors::new();
    let after = match R::read(&input.form, &place, &mut errors) {
        Some(row) if errors.is_empty() => row,
        _ => return Err(DomainError::Invalid(errors)),
    };
    let id = match &before {
        None => after.insert(conn, project.id)?,
        Some(old) if after.update(conn, old.id(), old.version())? => old.id(),
        Some(old) => return missed::<R, _>(conn, old.id()),
    };
    let before = before.as_ref().map(R::snapshot);
    finish::<R>(conn, acting, project.id, id, before, Some(after.snapshot()))?;
    Ok(id)
}

/// Deletes a row of kind `R`, if its kind allows it ([`FormRow::deleted`]).
fn delete_row<R: FormRow>(
    conn: &mut PgConnection,
    acting: &Acting,
    input: RowDelete,
) -> Outcome<()> {
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let rows = rows::of_project::<R>(conn, project.id)?;
    let Some(old) = shown(&rows, Some((input.row, input.version)))? else {
        return Err(DomainError::NotFound);
    };
    let record = old.deleted(conn)?;
    if !R::delete(conn, old.id(), old.version())? {
        return missed::<R, _>(conn, old.id());
    }
    finish::<R>(conn, acting, project.id, old.id(), Some(record), None)
}
