//! A project's capacity demand: the grid of PM per task, organisation and month for the three
//! series, and saving edits to it with optimistic concurrency on the project version.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::auth::policy::{ProjectLock, Refusal};
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::{
    capacity_demand, lifecycle_states, organisations, project_hour_rates, projects,
    system_hour_rates, tasks, work_packages,
};
use crate::db::visibility::project_visible;
use crate::i18n::Msg;
use crate::planning::divisor::DivisorRates;
use crate::planning::month::ProjectMonth;
use crate::planning::months::{calendar_month, current_month};
use crate::planning::quantity::Pm;
use crate::projects::version;

/// The three demand series (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Series {
    Projplan,
    Est,
    Actual,
}

impl Series {
    pub const ALL: [Series; 3] = [Series::Projplan, Series::Est, Series::Actual];

    pub fn as_str(self) -> &'static str {
        match self {
            Series::Projplan => "PROJPLAN",
            Series::Est => "EST",
            Series::Actual => "ACTUAL",
        }
    }

    pub fn parse(value: &str) -> Option<Series> {
        Series::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(value))
    }

    /// The catalogue id of what the series is ("the current estimate").
    pub fn description_key(self) -> &'static str {
        match self {
            Series::Projplan => "series-projplan-description",
            Series::Est => "series-est-description",
            Series::Actual => "series-actual-description",
        }
    }
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the grid: a task and an organisation.
#[derive(Debug, Clone)]
pub struct GridRow {
    pub wp_number: i32,
    pub wp_name: String,
    pub task_id: Uuid,
    pub task_number: String,
    pub task_name: String,
    pub org_id: Uuid,
    pub org: String,
}

/// The project facts the grid needs.
#[derive(Debug, Clone)]
pub struct ProjectHead {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub start: NaiveDate,
    pub duration: i32,
    pub version: i64,
    pub locked: bool,
    /// The lifecycle state's name when it locks the project.
    pub locking_state: Option<String>,
}

impl ProjectHead {
    /// What keeps the project from being changed, for the Policy to judge.
    pub fn lock(&self) -> ProjectLock {
        ProjectLock::of(self.locked, self.locking_state.clone())
    }
}

/// Cell key: task, organisation, project month (1-based).
pub type CellKey = (Uuid, Uuid, i32);

#[derive(Debug, Clone)]
pub struct Grid {
    pub project: ProjectHead,
    pub rows: Vec<GridRow>,
    /// PM per series and cell (looked up for every cell of the page: Fx, not SipHash).
    pub cells: FxHashMap<Series, FxHashMap<CellKey, BigDecimal>>,
    /// Every task (id, number, name, WP number, WP name), for adding rows.
    pub tasks: Vec<(Uuid, String, String, i32, String)>,
    /// Every organisation (id, short name), for adding rows.
    pub organisations: Vec<(Uuid, String)>,
    pub rates: DivisorRates,
}

impl Grid {
    pub fn value(&self, series: Series, key: &CellKey) -> Option<&BigDecimal> {
        self.cells.get(&series).and_then(|c| c.get(key))
    }

    /// Per project month, the total PM of a series.
    pub fn monthly_totals(&self, series: Series) -> BTreeMap<i32, BigDecimal> {
        let mut totals: BTreeMap<i32, BigDecimal> = (1..=self.project.duration)
            .map(|m| (m, BigDecimal::from(0)))
            .collect();
        if let Some(cells) = self.cells.get(&series) {
            for ((_, _, m), pm) in cells {
                if let Some(t) = totals.get_mut(m) {
                    *t += pm;
                }
            }
        }
        totals
    }
}

/// A task with its work package: (id, number, name, WP number, WP name).
pub type TaskRow = (Uuid, String, String, i32, String);

/// A visible project as the grid and capacity requests read it: the head, plus who owns the
/// project and its own default hours per PM. Both read the lock facts here, so the grid and a
/// request refuse changes for the same reasons.
pub struct VisibleProject {
    pub head: ProjectHead,
    pub owner_org: Option<Uuid>,
    pub hours_per_pm: Option<BigDecimal>,
}

type HeadRow = (
    Uuid,
    String,
    String,
    NaiveDate,
    i32,
    i64,
    bool,
    Option<bool>,
    Option<String>,
    Option<Uuid>,
    Option<BigDecimal>,
);

/// Project `project_id` if the user can see it (`None` otherwise).
pub fn visible_project(
    conn: &mut PgConnection,
    project_id: Uuid,
) -> QueryResult<Option<VisibleProject>> {
    let row: Option<HeadRow> = projects::table
        .left_join(lifecycle_states::table)
        .filter(projects::id.eq(project_id))
        .filter(project_visible())
        .select((
            projects::id,
            projects::code,
            projects::name,
            projects::start_month,
            projects::duration_months,
            projects::version,
            projects::locked,
            lifecycle_states::locks_project.nullable(),
            lifecycle_states::name.nullable(),
            projects::owner_org_id,
            projects::hours_per_pm,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(id, code, name, start, duration, version, locked, locks, state, owner, rate)| {
            VisibleProject {
                head: ProjectHead {
                    id,
                    code,
                    name,
                    start,
                    duration,
                    version,
                    locked,
                    locking_state: locks.filter(|l| *l).and(state),
                },
                owner_org: owner,
                hours_per_pm: rate,
            }
        },
    ))
}

/// The project's tasks in task-number order (1.2 before 1.10).
pub fn project_tasks(conn: &mut PgConnection, project_id: Uuid) -> QueryResult<Vec<TaskRow>> {
    let mut task_list: Vec<TaskRow> = tasks::table
        .inner_join(work_packages::table.on(work_packages::id.eq(tasks::work_package_id)))
        .filter(tasks::project_id.eq(project_id))
        // Implied by the join, but the policy on work_packages is checked before the join: named
        // here, only this project's work packages are read (an index scan, and for a focus
        // project the visible set is never worked out) instead of all of them.
        .filter(work_packages::project_id.eq(project_id))
        .select((
            tasks::id,
            tasks::number,
            tasks::name,
            work_packages::number,
            work_packages::name,
        ))
        .load(conn)?;
    task_list.sort_by_key(|t| number_key(&t.1));
    Ok(task_list)
}

/// Loads the grid of a visible project (`None` otherwise). `extra_row` adds an empty row.
pub fn load(
    conn: &mut PgConnection,
    project_id: Uuid,
    server_default: &BigDecimal,
    extra_row: Option<(Uuid, Uuid)>,
) -> QueryResult<Option<Grid>> {
    let Some(VisibleProject {
        head,
        hours_per_pm: default_rate,
        ..
    }) = visible_project(conn, project_id)?
    else {
        return Ok(None);
    };
    let (id, start) = (head.id, head.start);
    let task_list = project_tasks(conn, id)?;
    let orgs: Vec<(Uuid, String)> = organisations::table
        .select((organisations::id, organisations::short_name))
        .order(organisations::short_name)
        .load(conn)?;
    let demand = stored_cells(conn, id, &Series::ALL)?;
    let mut cells: FxHashMap<Series, FxHashMap<CellKey, BigDecimal>> = FxHashMap::default();
    // The grid's rows: each (task, organisation) with demand, once.
    let mut pairs: FxHashSet<(Uuid, Uuid)> = FxHashSet::default();
    for (task, org, month, series, pm) in demand {
        let Some(series) = Series::parse(&series) else {
            continue;
        };
        let m = month_index(start, month);
        cells.entry(series).or_default().insert((task, org, m), pm);
        pairs.insert((task, org));
    }
    if let Some(extra) = extra_row
        && task_list.iter().any(|t| t.0 == extra.0)
        && orgs.iter().any(|o| o.0 == extra.1)
    {
        pairs.insert(extra);
    }
    let org_name: HashMap<Uuid, String> = orgs.iter().cloned().collect();
    let task_of: FxHashMap<Uuid, &TaskRow> = task_list.iter().map(|t| (t.0, t)).collect();
    let mut rows: Vec<GridRow> = pairs
        .into_iter()
        .filter_map(|(task, org)| {
            let t = task_of.get(&task)?;
            Some(GridRow {
                wp_number: t.3,
                wp_name: t.4.clone(),
                task_id: task,
                task_number: t.1.clone(),
                task_name: t.2.clone(),
                org_id: org,
                org: org_name.get(&org).cloned().unwrap_or_default(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        number_key(&a.task_number)
            .cmp(&number_key(&b.task_number))
            .then(a.org.cmp(&b.org))
            .then(a.task_id.cmp(&b.task_id))
            .then(a.org_id.cmp(&b.org_id))
    });
    let rates = DivisorRates {
        // Demand is planned per organisation, not per person, so no employee group applies here;
        // the project's group rates matter where hours are computed for people.
        group_rates: Vec::new(),
        project_rates: project_hour_rates::table
            .filter(project_hour_rates::project_id.eq(id))
            .select((
                project_hour_rates::valid_from,
                project_hour_rates::hours_per_pm,
            ))
            .load(conn)?,
        project_default: default_rate,
        system_rates: system_hour_rates::table
            .select((
                system_hour_rates::valid_from,
                system_hour_rates::hours_per_pm,
            ))
            .load(conn)?,
        server_default: server_default.clone(),
    };
    Ok(Some(Grid {
        project: head,
        rows,
        cells,
        tasks: task_list,
        organisations: orgs,
        rates,
    }))
}

/// A stored demand cell: task, organisation, calendar month, series and PM.
pub type StoredCell = (Uuid, Uuid, NaiveDate, String, BigDecimal);

/// The stored demand of a project in the series named.
pub fn stored_cells(
    conn: &mut PgConnection,
    project: Uuid,
    series: &[Series],
) -> QueryResult<Vec<StoredCell>> {
    capacity_demand::table
        .filter(capacity_demand::project_id.eq(project))
        .filter(capacity_demand::series.eq_any(series.iter().map(|s| s.as_str())))
        .select((
            capacity_demand::task_id,
            capacity_demand::organisation_id,
            capacity_demand::month,
            capacity_demand::series,
            capacity_demand::pm,
        ))
        .load(conn)
}

/// Project month (1-based) of a calendar month ([`ProjectMonth::number_of`]).
pub fn month_index(start: NaiveDate, month: NaiveDate) -> i32 {
    ProjectMonth::number_of(start, month)
}

/// "1.10" after "1.9".
pub fn number_key(number: &str) -> Vec<u32> {
    number
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// One edited cell of a grid (`K` names the cell): what the editor saw and what they want.
#[derive(Debug, Clone)]
pub struct CellEdit<K = CellKey> {
    pub key: K,
    pub original: Option<BigDecimal>,
    pub wanted: Option<BigDecimal>,
}

impl<K> CellEdit<K> {
    /// Whether the editor changed the cell.
    pub fn changed(&self) -> bool {
        self.wanted != self.original
    }

    /// What writing the cell does, for the audit log.
    pub fn action(&self) -> Action {
        match (&self.original, &self.wanted) {
            (None, _) => Action::Create,
            (_, None) => Action::Delete,
            _ => Action::Update,
        }
    }
}

/// Every posted cell of a grid as an edit: what the editor typed (`typed`) against what the page
/// showed (`shown`), both read with `read`. Cells that do not read are refused each with the
/// cell's name (`name`) and the reason, sorted, as [`CELL`] field errors.
pub fn read_posted<K: Copy + Eq + std::hash::Hash>(
    typed: &HashMap<K, String>,
    shown: &HashMap<K, String>,
    read: impl Fn(&str) -> Result<Option<BigDecimal>, Msg>,
    name: impl Fn(&K) -> Msg,
) -> Outcome<Vec<CellEdit<K>>> {
    let mut problems: Vec<Msg> = Vec::new();
    let mut read = |key: &K, text: &str| {
        read(text).unwrap_or_else(|reason| {
            problems.push(
                Msg::new("grid-cell-refused")
                    .arg("cell", name(key))
                    .arg("reason", reason),
            );
            None
        })
    };
    let originals: HashMap<K, Option<BigDecimal>> = shown
        .iter()
        .map(|(key, text)| (*key, read(key, text)))
        .collect();
    let edits = typed
        .iter()
        .map(|(key, text)| CellEdit {
            key: *key,
            wanted: read(key, text),
            original: originals.get(key).cloned().flatten(),
        })
        .collect();
    if problems.is_empty() {
        Ok(edits)
    } else {
        // In the order of the English sentences, so every language lists them alike.
        problems.sort_by_cached_key(|p| p.to_string());
        Err(DomainError::Invalid(
            problems.into_iter().map(|p| (CELL, p)).collect(),
        ))
    }
}

/// A cell in conflict: (cell, what the editor saw, what is stored now, what they wanted).
pub type ConflictCell = (
    CellKey,
    Option<BigDecimal>,
    Option<BigDecimal>,
    Option<BigDecimal>,
);

/// A posted grid of one series, as typed: each cell's text and the text the page had shown in
/// it, at the plan version the page was showing.
pub struct GridInput {
    pub project: Uuid,
    pub series: Series,
    pub version: i64,
    /// HOURS_PER_PM, the end of the divisor chain (the grid is loaded with its rates).
    pub server_hours_per_pm: BigDecimal,
    pub typed: HashMap<CellKey, String>,
    pub shown: HashMap<CellKey, String>,
}

/// The field of a refusal that concerns the form itself rather than a cell (a month or task the
/// project does not have): the page answers 400 instead of showing the grid again.
pub const FORM: &str = "form";
/// The field of a cell's refusal ("Task 1.1 / ORG, M3: …"): the grid is shown again.
pub const CELL: &str = "cell";

/// What a save did.
#[derive(Debug)]
pub enum SaveOutcome {
    Saved(usize),
    /// Someone saved since the editor loaded the page: nothing was written. The grid as it is
    /// now and the cells in conflict.
    Conflict(Box<Grid>, Vec<ConflictCell>),
}

/// Saves the changed cells of one series of a project's demand grid: the editor may change the
/// project, every cell is a PM value of a month the project has, no changed cell is in a month
/// the user may not change, every row is one of the project's tasks and organisations, and the
/// plan is still at the version the page showed. One audit row per cell, one version bump.
pub fn save_grid(
    conn: &mut PgConnection,
    acting: &Acting,
    input: &GridInput,
) -> Outcome<SaveOutcome> {
    // A user without the editor role is refused before the grid is even read.
    acting.allowed(acting.policy.can_edit_project(&ProjectLock::Open))?;
    let project = version::lock_for_edit(conn, acting, input.project)?;
    let grid = load(conn, input.project, &input.server_hours_per_pm, None)?
        .ok_or(DomainError::NotFound)?;
    let edits = read_edits(&grid, input)?;
    let changed: Vec<&CellEdit> = edits.iter().filter(|e| e.changed()).collect();
    if let Some(past) = changed.iter().map(|e| e.key.2).min()
        && let Some(month) = ProjectMonth::of(grid.project.start, past)
    {
        acting
            .policy
            .can_edit_month_named(month.month.first_day(), current_month(), month)
            .map_err(|refusal| DomainError::Forbidden(Refusal(nothing_saved(refusal.0))))?;
    }
    if changed.iter().any(|e| {
        !grid.tasks.iter().any(|t| t.0 == e.key.0)
            || !grid.organisations.iter().any(|o| o.0 == e.key.1)
    }) {
        return Err(DomainError::field(FORM, Msg::new("grid-unknown-row")));
    }
    if project.version != input.version {
        let conflicts = conflicts(&grid, input.series, &edits);
        return Ok(SaveOutcome::Conflict(Box::new(grid), conflicts));
    }
    let written = write(conn, acting, &grid.project, input.series, &edits)?;
    Ok(SaveOutcome::Saved(written))
}

/// A cell as a client names it (the API): the value it wants there, not what a page showed.
#[derive(Debug, Clone)]
pub struct WantedCell {
    pub series: Series,
    pub task: Uuid,
    pub organisation: Uuid,
    /// The first day of the calendar month.
    pub month: NaiveDate,
    /// The value as text for the grid's input rule ([`read_cell`]): empty clears the cell.
    pub pm: String,
}

/// What [`save_cells`] did: the cells written, and the plan after it.
#[derive(Debug)]
pub struct CellsSaved {
    pub written: usize,
    pub grid: Grid,
}

/// Saves cells that a client names by the values it wants (the API's PATCH) through
/// [`save_grid`], once per series, in the caller's one transaction: the same Policy, input
/// rules, sentences and lock order as the capacity page, and nothing written if any series is
/// refused (the caller's transaction rolls back).
///
/// - What each cell holds now, read under the project's row lock, stands for what a page would
///   have shown: only cells whose value differs are written, so the same cells sent twice write
///   nothing the second time.
/// - `version` is the plan version the client read. If the plan moved on since, a cell that
///   already holds the wanted value is no conflict (the client's change is already there):
///   only when some cell differs is the save [`DomainError::Stale`], with nothing written.
/// - After a series wrote, the next one is compared with the version it left (the project row
///   stays locked), so the version moves on once per series changed.
pub fn save_cells(
    conn: &mut PgConnection,
    acting: &Acting,
    (project, version): (Uuid, i64),
    server_hours_per_pm: &BigDecimal,
    cells: &[WantedCell],
) -> Outcome<CellsSaved> {
    // The order of save_grid: the role first, then the row lock, then what is stored.
    acting.allowed(acting.policy.can_edit_project(&ProjectLock::Open))?;
    let editable = version::lock_for_edit(conn, acting, project)?;
    let stored: FxHashMap<(Series, CellKey), BigDecimal> =
        stored_cells(conn, project, &Series::ALL)?
            .into_iter()
            .filter_map(|(task, org, month, series, pm)| {
                let key = (task, org, month_index(editable.start, month));
                Some(((Series::parse(&series)?, key), pm))
            })
            .collect();
    type Typed = (HashMap<CellKey, String>, HashMap<CellKey, String>);
    let mut by_series: BTreeMap<Series, Typed> = BTreeMap::new();
    for cell in cells {
        let key = (
            cell.task,
            cell.organisation,
            month_index(editable.start, cell.month),
        );
        let (typed, shown) = by_series.entry(cell.series).or_default();
        typed.insert(key, cell.pm.clone());
        if let Some(pm) = stored.get(&(cell.series, key)) {
            shown.insert(key, pm.normalized().to_string());
        }
    }
    let mut expected = version;
    let mut written = 0;
    for (series, (typed, shown)) in by_series {
        let input = GridInput {
            project,
            series,
            version: expected,
            server_hours_per_pm: server_hours_per_pm.clone(),
            typed,
            shown,
        };
        match save_grid(conn, acting, &input)? {
            SaveOutcome::Saved(n) => {
                written += n;
                if n > 0 {
                    expected = version::lock(conn, project)?.ok_or(DomainError::NotFound)?;
                }
            }
            SaveOutcome::Conflict(_, conflicts) if conflicts.is_empty() => {}
            SaveOutcome::Conflict(..) => return Err(DomainError::Stale),
        }
    }
    let grid = load(conn, project, server_hours_per_pm, None)?.ok_or(DomainError::NotFound)?;
    Ok(CellsSaved { written, grid })
}

/// A stored demand cell with the time it last changed: task, organisation, calendar month,
/// series, PM, modified at.
pub type StampedCell = (
    Uuid,
    Uuid,
    NaiveDate,
    String,
    BigDecimal,
    chrono::DateTime<chrono::Utc>,
);

/// The stored demand of a project in the series named, each cell with when it last changed
/// (for a client's incremental sync).
pub fn stamped_cells(
    conn: &mut PgConnection,
    project: Uuid,
    series: &[Series],
) -> QueryResult<Vec<StampedCell>> {
    capacity_demand::table
        .filter(capacity_demand::project_id.eq(project))
        .filter(capacity_demand::series.eq_any(series.iter().map(|s| s.as_str())))
        .select((
            capacity_demand::task_id,
            capacity_demand::organisation_id,
            capacity_demand::month,
            capacity_demand::series,
            capacity_demand::pm,
            capacity_demand::modified_at,
        ))
        .load(conn)
}

/// A demand cell as typed: empty and 0 both mean no demand (no row is stored for them).
pub fn read_cell(text: &str) -> Result<Option<BigDecimal>, Msg> {
    Ok(Pm::parse(text, 9_999_999)?
        .filter(|pm| !pm.is_zero())
        .map(Pm::decimal))
}

/// A refusal followed by "Nothing was saved." in the same language.
pub fn nothing_saved(refusal: Msg) -> Msg {
    Msg::new("sentences-two")
        .arg("first", refusal)
        .arg("second", Msg::new("grid-nothing-saved"))
}

/// Every posted cell as an edit; a month outside the project refuses the form, cells that are
/// no PM value are refused each with its task, organisation and month ([`read_posted`]).
fn read_edits(grid: &Grid, input: &GridInput) -> Outcome<Vec<CellEdit>> {
    let outside = input
        .typed
        .keys()
        .chain(input.shown.keys())
        .find(|key| key.2 < 1 || key.2 > grid.project.duration);
    if let Some(key) = outside {
        return Err(DomainError::field(
            FORM,
            Msg::new("grid-month-outside").arg("month", key.2.to_string()),
        ));
    }
    // Named from the project's tasks and every organisation, not only the grid's rows: a cell
    // of a row that holds no demand yet (a row just added) is named too.
    read_posted(&input.typed, &input.shown, read_cell, |key| {
        let task = grid.tasks.iter().find(|t| t.0 == key.0);
        let org = grid.organisations.iter().find(|o| o.0 == key.1);
        Msg::new("grid-cell-name")
            .arg("task", task.map(|t| t.1.as_str()).unwrap_or("?"))
            .arg("org", org.map(|o| o.1.as_str()).unwrap_or("?"))
            .arg("month", key.2.to_string())
    })
}

/// The cells of a save that met a concurrent change: those the editor changed, or that changed
/// under them.
fn conflicts(grid: &Grid, series: Series, edits: &[CellEdit]) -> Vec<ConflictCell> {
    edits
        .iter()
        .filter_map(|e| {
            let now = grid.value(series, &e.key).cloned();
            (now != e.original || e.wanted != e.original)
                .then(|| (e.key, e.original.clone(), now, e.wanted.clone()))
        })
        .collect()
}

/// Writes the changed cells of one series; one audit row per cell; the version goes up once.
fn write(
    conn: &mut PgConnection,
    acting: &Acting,
    project: &ProjectHead,
    series: Series,
    edits: &[CellEdit],
) -> QueryResult<usize> {
    let mut changes = Vec::new();
    let mut written = 0;
    for edit in edits.iter().filter(|e| e.changed()) {
        let (task, org, m) = edit.key;
        let Some(month) = calendar_month(project.start, m) else {
            continue;
        };
        let target = capacity_demand::table
            .filter(capacity_demand::project_id.eq(project.id))
            .filter(capacity_demand::task_id.eq(task))
            .filter(capacity_demand::organisation_id.eq(org))
            .filter(capacity_demand::month.eq(month))
            .filter(capacity_demand::series.eq(series.as_str()));
        match &edit.wanted {
            Some(pm) if *pm != 0 => {
                diesel::insert_into(capacity_demand::table)
                    .values((
                        capacity_demand::project_id.eq(project.id),
                        capacity_demand::task_id.eq(task),
                        capacity_demand::organisation_id.eq(org),
                        capacity_demand::month.eq(month),
                        capacity_demand::series.eq(series.as_str()),
                        capacity_demand::pm.eq(pm),
                    ))
                    .on_conflict((
                        capacity_demand::project_id,
                        capacity_demand::task_id,
                        capacity_demand::organisation_id,
                        capacity_demand::month,
                        capacity_demand::series,
                    ))
                    .do_update()
                    .set(capacity_demand::pm.eq(pm))
                    .execute(conn)?;
            }
            _ => {
                diesel::delete(target).execute(conn)?;
            }
        }
        written += 1;
        let cell = |pm: &BigDecimal| json!({"series": series.as_str(), "task_id": task, "organisation_id": org, "month": month, "pm": pm});
        changes.push(Change::in_project(
            edit.action(),
            "capacity_demand",
            None,
            project.id,
            edit.original.as_ref().map(cell),
            edit.wanted.as_ref().map(cell),
        ));
    }
    if written > 0 {
        version::bump(conn, project.id)?;
        audit::record(conn, &acting.actor, &changes)?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posted_cells_are_edits_and_every_bad_cell_is_named_in_order() {
        let text = |cells: &[(i32, &str)]| -> HashMap<i32, String> {
            cells.iter().map(|(k, v)| (*k, v.to_string())).collect()
        };
        let read = |typed: &[(i32, &str)], shown: &[(i32, &str)]| {
            read_posted(&text(typed), &text(shown), read_cell, |k| {
                Msg::verbatim(format!("M{k}"))
            })
        };
        let mut edits = read(&[(1, "1,5"), (2, "")], &[(2, "0.5")]).unwrap();
        edits.sort_by_key(|e| e.key);
        assert_eq!(edits[0].wanted, Some(BigDecimal::from(3) / 2));
        assert!(edits[0].changed() && edits[0].action() == Action::Create);
        assert!(edits[1].wanted.is_none() && edits[1].action() == Action::Delete);
        let Err(DomainError::Invalid(problems)) = read(&[(3, "x"), (1, "-1")], &[(2, "y")]) else {
            panic!("bad cells are refused");
        };
        assert!(problems.iter().all(|(field, _)| *field == CELL));
        let named: Vec<String> = problems
            .iter()
            .map(|(_, p)| p.to_string()[..2].to_string())
            .collect();
        assert_eq!(named, ["M1", "M2", "M3"]);
    }
}
