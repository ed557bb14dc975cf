//! The demand sheets (EST and PROJPLAN capacity): reading them, and writing one series of
//! demand as the difference to the database.

use super::*;

pub(super) fn read_demand(
    book: &Workbook,
    sheet: &str,
    duration: i32,
    tasks: &HashSet<String>,
    org_known: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) -> Vec<DemandRow> {
    let Some(t) = book.table(sheet, &["Task", "Org"], p) else {
        return Vec::new();
    };
    // Month columns are headed M1, M2, … (project months).
    let months: Vec<(usize, i32, String)> = t
        .header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let h = h.trim();
            h.strip_prefix(['M', 'm'])
                .and_then(|n| n.parse::<i32>().ok())
                .map(|m| (i, m, h.to_string()))
        })
        .collect();
    for (_, m, header) in &months {
        if *m < 1 || (duration > 0 && *m > duration) {
            p.sheet(
                &t.sheet,
                Msg::new("import-month-column-outside")
                    .arg("column", header)
                    .arg("duration", duration),
            );
        }
    }
    let mut rows: Vec<DemandRow> = Vec::new();
    let mut listed: HashSet<(String, String)> = HashSet::new();
    for (row, cells) in &t.rows {
        let row = *row;
        let task = spreadsheet::text(t.cell(cells, "Task")).unwrap_or_default();
        let org = spreadsheet::text(t.cell(cells, "Org")).unwrap_or_default();
        if !tasks.contains(&task) {
            p.cell(
                &t.sheet,
                row,
                "Task",
                Msg::new("import-unknown-task").arg("task", &task),
            );
        }
        if !org_known(&org) {
            p.cell(
                &t.sheet,
                row,
                "Org",
                Msg::new("import-unknown-organisation").arg("org", &org),
            );
        }
        if !listed.insert((task.clone(), org.clone())) {
            p.cell(
                &t.sheet,
                row,
                "Task",
                Msg::new("import-demand-twice")
                    .arg("task", &task)
                    .arg("org", &org),
            );
        }
        let mut pm = BTreeMap::new();
        // A cell is read as the demand grid reads what is typed into it.
        for (col, m, header) in &months {
            match crate::projects::demand::read_cell(&spreadsheet::cell_text(t.at(cells, *col))) {
                Ok(Some(v)) => {
                    pm.insert(*m, v);
                }
                Ok(None) => {}
                Err(e) => p.cell(&t.sheet, row, header, e),
            }
        }
        rows.push(DemandRow { task, org, pm });
    }
    rows
}

/// Demand cells per INSERT: an import of 100,000 cells needs two statements.
const DEMAND_CHUNK: usize = 50_000;

/// (task, organisation, month) of a demand cell of one series.
type CellKey = (Uuid, Uuid, NaiveDate);

/// One series of demand: only cells that differ are written; cells no longer in the sheet
/// (or now empty/zero) are deleted. Bulk statements keep 100,000 cells to seconds. The months
/// of the changed cells are noted in `w.months`. `ids`: tasks by number, organisations by
/// short name.
pub(super) fn write_demand(
    conn: &mut PgConnection,
    f: &ProjectFile,
    project_id: Uuid,
    series: &'static str,
    rows: &[DemandRow],
    ids: (&HashMap<String, Uuid>, &HashMap<String, Uuid>),
    w: &mut Written,
) -> QueryResult<()> {
    let (task_ids, org_ids) = ids;
    let audit_log = &mut w.audit_log;
    let kind = if series == "EST" {
        "EST demand cells"
    } else {
        "PROJPLAN demand cells"
    };
    let existing: HashMap<CellKey, (Uuid, BigDecimal)> = capacity_demand::table
        .filter(capacity_demand::project_id.eq(project_id))
        .filter(capacity_demand::series.eq(series))
        .select((
            capacity_demand::id,
            capacity_demand::task_id,
            capacity_demand::organisation_id,
            capacity_demand::month,
            capacity_demand::pm,
        ))
        .load::<(Uuid, Uuid, Uuid, NaiveDate, BigDecimal)>(conn)?
        .into_iter()
        .map(|(id, task, org, month, pm)| ((task, org, month), (id, pm)))
        .collect();
    let mut wanted: HashMap<CellKey, &BigDecimal> = HashMap::new();
    for row in rows {
        let task = task_ids[&row.task];
        let org = org_ids[&row.org];
        for (m, pm) in &row.pm {
            if let Some(month) = calendar_month(f.start, *m) {
                wanted.insert((task, org, month), pm);
            }
        }
    }
    // In key order: the unique index (project, task, organisation, month, series) and the task
    // index then grow page by page instead of being hit at random (a quarter less insert time),
    // and the audit log lists the cells in a stable order.
    let mut wanted: Vec<(CellKey, &BigDecimal)> = wanted.into_iter().collect();
    wanted.sort_unstable_by_key(|(key, _)| *key);

    let mut changes = crate::workbooks::import::Changes::default();
    let mut inserts: Vec<(CellKey, &BigDecimal)> = Vec::new();
    let mut replaced_ids = Vec::new();
    for (key, pm) in &wanted {
        if existing.get(key).is_none_or(|(_, old)| old != *pm) {
            w.months.insert(key.2);
        }
        match existing.get(key) {
            Some((_, old)) if old == *pm => {}
            Some((id, old)) => {
                replaced_ids.push(*id);
                changes.updated += 1;
                audit_log.push(Change::in_project(Action::Update, "capacity_demand", Some(*id), project_id,
                    Some(json!({"series": series, "task_id": key.0, "organisation_id": key.1, "month": key.2, "pm": old})),
                    Some(json!({"pm": pm}))));
                inserts.push((*key, pm));
            }
            None => {
                changes.created += 1;
                audit_log.push(Change::in_project(Action::Create, "capacity_demand", None, project_id, None,
                    Some(json!({"series": series, "task_id": key.0, "organisation_id": key.1, "month": key.2, "pm": pm}))));
                inserts.push((*key, pm));
            }
        }
    }
    let wanted_keys: HashSet<&CellKey> = wanted.iter().map(|(key, _)| key).collect();
    let mut gone: Vec<(&CellKey, &(Uuid, BigDecimal))> = existing
        .iter()
        .filter(|(key, _)| !wanted_keys.contains(key))
        .collect();
    gone.sort_unstable_by_key(|(key, _)| **key);
    let mut deleted_ids = Vec::new();
    for (key, (id, old)) in gone {
        w.months.insert(key.2);
        deleted_ids.push(*id);
        changes.deleted += 1;
        audit_log.push(Change::in_project(Action::Delete, "capacity_demand", Some(*id), project_id,
            Some(json!({"series": series, "task_id": key.0, "organisation_id": key.1, "month": key.2, "pm": old})), None));
    }
    *w.summary.changes(kind) = changes;
    // Changed cells are replaced (delete + insert): one statement per chunk instead of one per cell.
    for chunk in replaced_ids
        .chunks(10_000)
        .chain(deleted_ids.chunks(10_000))
    {
        diesel::delete(capacity_demand::table.filter(capacity_demand::id.eq_any(chunk)))
            .execute(conn)?;
    }
    for chunk in inserts.chunks(DEMAND_CHUNK) {
        insert_demand(conn, project_id, series, chunk)?;
    }
    Ok(())
}

/// One `INSERT … SELECT FROM unnest(…)` with one array per column: PostgreSQL parses and plans
/// it once, where a multi-row VALUES list costs a parse of each of its tens of thousands of
/// parameters (about a third of the import's time before).
pub(super) fn insert_demand(
    conn: &mut PgConnection,
    project_id: Uuid,
    series: &'static str,
    cells: &[(CellKey, &BigDecimal)],
) -> QueryResult<()> {
    use diesel::sql_types::{Array, Date, Numeric, Text, Uuid as SqlUuid};
    let tasks: Vec<Uuid> = cells.iter().map(|((task, _, _), _)| *task).collect();
    let orgs: Vec<Uuid> = cells.iter().map(|((_, org, _), _)| *org).collect();
    let months: Vec<NaiveDate> = cells.iter().map(|((_, _, month), _)| *month).collect();
    let pms: Vec<&BigDecimal> = cells.iter().map(|(_, pm)| *pm).collect();
    diesel::sql_query(
        "insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm) \
         select $1, u.task_id, u.organisation_id, u.month, $2, u.pm \
         from unnest($3::uuid[], $4::uuid[], $5::date[], $6::numeric[]) \
             as u (task_id, organisation_id, month, pm)",
    )
    .bind::<SqlUuid, _>(project_id)
    .bind::<Text, _>(series)
    .bind::<Array<SqlUuid>, _>(&tasks)
    .bind::<Array<SqlUuid>, _>(&orgs)
    .bind::<Array<Date>, _>(&months)
    .bind::<Array<Numeric>, _>(&pms)
    .execute(conn)?;
    Ok(())
}
