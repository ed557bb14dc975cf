//! Writing a validated project file: the project row, its partners and organisations, what
//! differs from the database, and the one version bump of the import.

use super::*;

/// The kind of change an import counts for organisations. They are not the project's, so a
/// lock of the project does not stop them.
const KIND_ORGANISATIONS: &str = "organisations";

/// Locks the rows of the stored projects among `codes` (src/projects/version.rs), in the order of
/// their ids, so that two imports of several projects queue instead of deadlocking. Under
/// row-level security the rows the user may not change (locked projects) are passed over: the
/// import does not write them.
pub fn lock_stored(conn: &mut PgConnection, codes: &[&str]) -> QueryResult<()> {
    projects::table
        .filter(projects::code.eq_any(codes))
        .order(projects::id)
        .select(projects::id)
        .for_update()
        .load::<Uuid>(conn)
        .map(|_| ())
}

/// A project the database holds already, as an import finds it.
pub(crate) struct Stored {
    pub id: Uuid,
    pub code: String,
    pub lock: ProjectLock,
}

/// (id, code, locked flag, whether its lifecycle state locks it, that state's name)
type StoredRow = (Uuid, String, bool, Option<bool>, Option<String>);

/// The stored projects of `codes`, by code.
pub(crate) fn stored_projects(conn: &mut PgConnection, codes: &[&str]) -> QueryResult<Vec<Stored>> {
    let rows: Vec<StoredRow> = projects::table
        .left_join(lifecycle_states::table)
        .filter(projects::code.eq_any(codes))
        .order(projects::code)
        .select((
            projects::id,
            projects::code,
            projects::locked,
            lifecycle_states::locks_project.nullable(),
            lifecycle_states::name.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, locked, locks, state)| Stored {
            id,
            code,
            lock: ProjectLock::of(locked, state.filter(|_| locks == Some(true))),
        })
        .collect())
}

/// What writing a project's file did.
pub(super) struct Written {
    pub(super) summary: Summary,
    pub(super) audit_log: Vec<Change>,
    /// The calendar months whose demand changed.
    pub(super) months: BTreeSet<NaiveDate>,
}

impl Written {
    /// Counts `change` under `kind` in the summary and keeps it for the audit log.
    pub(super) fn note(&mut self, kind: &'static str, change: Change) {
        let changes = self.summary.changes(kind);
        match change.action {
            Action::Create => changes.created += 1,
            Action::Update => changes.updated += 1,
            Action::Delete => changes.deleted += 1,
        }
        self.audit_log.push(change);
    }
}

/// Imports one validated project within the caller's transaction, by the rules of the
/// importer's Policy, the grid's: a stored project that is locked for the importer must come
/// out unchanged, and so must a stored project's months before `this_month`. A project the
/// import creates has no history in the database yet: all its months come from the file. A
/// refusal names the project (and the months); the caller rolls everything back.
pub fn import(
    conn: &mut PgConnection,
    file: &ProjectFile,
    file_name: &str,
    importer: &Importer,
    this_month: NaiveDate,
) -> Result<Summary, ImportFailure> {
    let stored = stored_projects(conn, &[file.code.as_str()])?.pop();
    let refused =
        |why: Refusal| ImportFailure::Refused(vec![refusal(file_name, &file.code, why.0)]);
    if let Some(Err(why)) = stored
        .as_ref()
        .map(|s| importer.policy.can_edit_project(&s.lock))
        && would_change_project(conn, file, file_name, stored.as_ref().map(|s| s.id))?
    {
        return Err(refused(why));
    }
    let written = write(conn, file, file_name, stored.as_ref().map(|s| s.id))?;
    if stored.is_some() {
        importer
            .policy
            .can_edit_months(written.months.iter().copied(), this_month)
            .map_err(refused)?;
    }
    audit::record(conn, &importer.actor, &written.audit_log)?;
    Ok(written.summary)
}

/// Whether writing `file` would change its stored project: a trial in a savepoint, always
/// rolled back. Under row-level security the database refuses some of those writes itself for
/// a project that is locked for the user; that refusal answers the question too.
pub(super) fn would_change_project(
    conn: &mut PgConnection,
    file: &ProjectFile,
    file_name: &str,
    stored: Option<Uuid>,
) -> QueryResult<bool> {
    enum Trial {
        Answer(bool),
        Failed(diesel::result::Error),
    }
    impl From<diesel::result::Error> for Trial {
        fn from(e: diesel::result::Error) -> Self {
            Trial::Failed(e)
        }
    }
    let trial =
        conn.transaction::<(), Trial, _>(|conn| match write(conn, file, file_name, stored) {
            Ok(written) => Err(Trial::Answer(changes_project(&written.summary))),
            Err(e) if crate::error::is_policy_refusal(&e) => Err(Trial::Answer(true)),
            Err(e) => Err(Trial::Failed(e)),
        });
    match trial {
        Err(Trial::Answer(changes)) => Ok(changes),
        Err(Trial::Failed(e)) => Err(e),
        Ok(()) => Ok(false),
    }
}

/// Whether anything of the project itself changed (its organisations' names are not the
/// project's).
pub(super) fn changes_project(summary: &Summary) -> bool {
    summary
        .kinds
        .iter()
        .any(|(kind, changes)| *kind != KIND_ORGANISATIONS && changes.total() > 0)
}

/// Writes one project's file: what differs from the database, nothing else. `stored` is the
/// project of the file's code, if there is one.
pub(super) fn write(
    conn: &mut PgConnection,
    f: &ProjectFile,
    file_name: &str,
    stored: Option<Uuid>,
) -> QueryResult<Written> {
    let mut w = Written {
        summary: Summary {
            file: file_name.to_string(),
            subject: f.code.clone(),
            ..Summary::default()
        },
        audit_log: Vec::new(),
        months: BTreeSet::new(),
    };
    let org_ids = write_organisations(conn, f, &mut w)?;
    let summary = &mut w.summary;
    // Lookups the file names but the database lacks are created.
    let role_type_ids = ensure_role_types(conn, f, summary)?;
    let deliverable_type_ids = ensure_coded_lookup(
        conn,
        f.deliverables.iter().filter_map(|d| d.kind.clone()),
        LookupTable::DeliverableTypes,
        summary,
    )?;
    let dissemination_ids = ensure_coded_lookup(
        conn,
        f.deliverables
            .iter()
            .filter_map(|d| d.dissemination.clone()),
        LookupTable::DisseminationLevels,
        summary,
    )?;
    let project = write_project_row(conn, f, stored, &org_ids, &mut w)?;
    let project_id = project.id;
    write_partners(conn, f, project_id, &org_ids, &mut w)?;
    let (summary, audit_log) = (&mut w.summary, &mut w.audit_log);

    // Structure, children before parents when deleting.
    let wp_ids = write_work_packages(conn, f, project_id, &org_ids, summary, audit_log)?;
    let task_ids = write_tasks(
        conn,
        f,
        project_id,
        &wp_ids,
        &org_ids,
        &role_type_ids,
        summary,
        audit_log,
    )?;
    write_milestones(
        conn,
        f,
        project_id,
        &wp_ids,
        &role_type_ids,
        summary,
        audit_log,
    )?;
    write_deliverables(
        conn,
        f,
        project_id,
        &wp_ids,
        &org_ids,
        &deliverable_type_ids,
        &dissemination_ids,
        summary,
        audit_log,
    )?;
    let ids = (&task_ids, &org_ids);
    write_demand(conn, f, project_id, "EST", &f.est, ids, &mut w)?;
    if let Some(projplan) = &f.projplan {
        write_demand(conn, f, project_id, "PROJPLAN", projplan, ids, &mut w)?;
    }
    // Tasks and work packages go last: deleting one cascades to what hangs under it.
    delete_missing_tasks(conn, f, project_id, &mut w)?;
    delete_missing_work_packages(conn, f, project_id, &mut w.summary, &mut w.audit_log)?;
    finish_project(conn, &project, changes_project(&w.summary))?;
    Ok(w)
}

/// Organisations: missing ones are created, then names, countries and parents set. Their ids
/// by short name.
pub(super) fn write_organisations(
    conn: &mut PgConnection,
    f: &ProjectFile,
    w: &mut Written,
) -> QueryResult<HashMap<String, Uuid>> {
    w.summary.changes(KIND_ORGANISATIONS);
    let mut org_ids: HashMap<String, Uuid> = organisations::table
        .select((organisations::short_name, organisations::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect();
    for org in &f.organisations {
        if !org_ids.contains_key(&org.short_name) {
            let id: Uuid = diesel::insert_into(organisations::table)
                .values((
                    organisations::short_name.eq(&org.short_name),
                    organisations::name.eq(&org.name),
                    organisations::country_code.eq(&org.country),
                ))
                .returning(organisations::id)
                .get_result(conn)?;
            org_ids.insert(org.short_name.clone(), id);
            let after = json!({"short_name": org.short_name, "name": org.name, "country_code": org.country});
            let created =
                Change::outside_projects(Action::Create, "organisation", id, None, Some(after));
            w.note(KIND_ORGANISATIONS, created);
        }
    }
    for org in &f.organisations {
        let id = org_ids[&org.short_name];
        let parent = org.parent.as_ref().map(|p| org_ids[p]);
        let (name, country, old_parent): (String, Option<String>, Option<Uuid>) =
            organisations::table
                .find(id)
                .select((
                    organisations::name,
                    organisations::country_code,
                    organisations::parent_id,
                ))
                .first(conn)?;
        if name != org.name || country != org.country || old_parent != parent {
            diesel::update(organisations::table.find(id))
                .set((
                    organisations::name.eq(&org.name),
                    organisations::country_code.eq(&org.country),
                    organisations::parent_id.eq(parent),
                    organisations::updated_at.eq(chrono::Utc::now()),
                ))
                .execute(conn)?;
            let just_created = w.audit_log.iter().any(|c| c.entity_id == Some(id));
            if !just_created {
                let before =
                    json!({"name": name, "country_code": country, "parent_id": old_parent});
                let after =
                    json!({"name": org.name, "country_code": org.country, "parent_id": parent});
                let updated = Change::outside_projects(
                    Action::Update,
                    "organisation",
                    id,
                    Some(before),
                    Some(after),
                );
                w.note(KIND_ORGANISATIONS, updated);
            }
        }
    }
    Ok(org_ids)
}

/// The project row as [`write_project_row`] left it, for [`finish_project`].
pub(super) struct ProjectRow {
    id: Uuid,
    /// Whether it was stored before this import.
    stored: bool,
    /// The lifecycle state the file wants, and the one stored.
    lifecycle: Option<Uuid>,
    stored_lifecycle: Option<Uuid>,
}

/// Creates or updates the project row, all but its lifecycle state (see [`finish_project`]).
pub(super) fn write_project_row(
    conn: &mut PgConnection,
    f: &ProjectFile,
    stored: Option<Uuid>,
    org_ids: &HashMap<String, Uuid>,
    w: &mut Written,
) -> QueryResult<ProjectRow> {
    let lifecycle_id: Option<Uuid> = lifecycle_states::table
        .filter(
            lifecycle_states::code
                .ilike(&f.lifecycle)
                .or(lifecycle_states::name.ilike(&f.lifecycle)),
        )
        .select(lifecycle_states::id)
        .first(conn)
        .optional()?;
    let head = edit::StoredHead {
        code: f.code.clone(),
        name: f.name.clone(),
        description: f.description.clone(),
        owner_org_id: org_ids.get(&f.poo).copied(),
        lifecycle_state_id: lifecycle_id,
        start_month: f.start,
        duration_months: f.duration,
        hours_per_pm: f.hours_per_pm.clone(),
    };
    let existing = match stored {
        Some(id) => edit::stored_head(conn, id)?,
        None => None,
    };
    w.summary.changes("projects");
    let (Some(id), Some(before)) = (stored, existing) else {
        let id = edit::insert_head(conn, &head)?;
        let created = Change::in_project(
            Action::Create,
            "project",
            Some(id),
            id,
            None,
            Some(head.audit()),
        );
        w.note("projects", created);
        return Ok(ProjectRow {
            id,
            stored: false,
            lifecycle: lifecycle_id,
            stored_lifecycle: None,
        });
    };
    // The row keeps its stored state until the import's last write.
    let row = edit::StoredHead {
        lifecycle_state_id: before.lifecycle_state_id,
        ..head.clone()
    };
    if row != before {
        edit::update_head(conn, id, &row)?;
    }
    if head != before {
        let updated = Change::in_project(
            Action::Update,
            "project",
            Some(id),
            id,
            Some(before.audit()),
            Some(head.audit()),
        );
        w.note("projects", updated);
    }
    Ok(ProjectRow {
        id,
        stored: true,
        lifecycle: lifecycle_id,
        stored_lifecycle: before.lifecycle_state_id,
    })
}

/// The project's last writes. Its version moves on once for the whole import, when anything
/// of it changed, so that open grids see the change (a project created now has no open grid).
/// Its lifecycle state comes after everything else ([`edit::set_lifecycle`]).
pub(super) fn finish_project(
    conn: &mut PgConnection,
    project: &ProjectRow,
    changed: bool,
) -> QueryResult<()> {
    if project.stored && changed {
        version::bump(conn, project.id)?;
    }
    if project.lifecycle != project.stored_lifecycle {
        edit::set_lifecycle(conn, project.id, project.lifecycle)?;
    }
    Ok(())
}

/// Partners: exactly the organisations of the file with the role Partner.
pub(super) fn write_partners(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    org_ids: &HashMap<String, Uuid>,
    w: &mut Written,
) -> QueryResult<()> {
    w.summary.changes("partners");
    let wanted: HashSet<Uuid> = edit::distinct_partners(
        org_ids.get(&f.poo).copied(),
        f.organisations
            .iter()
            .filter(|o| o.role == OrgRole::Partner)
            .map(|o| org_ids[&o.short_name]),
    )
    .into_iter()
    .collect();
    let current: HashSet<Uuid> = project_partners::table
        .filter(project_partners::project_id.eq(project_id))
        .select(project_partners::organisation_id)
        .load::<Uuid>(conn)?
        .into_iter()
        .collect();
    for org in wanted.difference(&current) {
        diesel::insert_into(project_partners::table)
            .values((
                project_partners::project_id.eq(project_id),
                project_partners::organisation_id.eq(org),
            ))
            .execute(conn)?;
        let partner = json!({"organisation_id": org});
        let added = Change::in_project(
            Action::Create,
            "project_partner",
            Some(*org),
            project_id,
            None,
            Some(partner),
        );
        w.note("partners", added);
    }
    for org in current.difference(&wanted) {
        diesel::delete(
            project_partners::table
                .filter(project_partners::project_id.eq(project_id))
                .filter(project_partners::organisation_id.eq(org)),
        )
        .execute(conn)?;
        let partner = json!({"organisation_id": org});
        let removed = Change::in_project(
            Action::Delete,
            "project_partner",
            Some(*org),
            project_id,
            Some(partner),
            None,
        );
        w.note("partners", removed);
    }
    Ok(())
}
