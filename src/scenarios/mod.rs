//! What-if scenarios (issue 23, docs/scenarios.md): a named set of changes over the live plan,
//! owned by one user, private or shared with named users or organisations. The live plan is
//! untouched until the scenario is applied ([`apply`]); the compare views lay its changes over
//! the live plan in memory ([`plan::Plan::overlay`]).
//!
//! Who reads what is row-level security (src/db/replaceable/50_scenarios.sql): a scenario is
//! read by its owner and those it is shared with, changes only with their project; only the
//! owner writes ([`crate::auth::policy::Policy::can_change_scenario`] says so first, in words).

pub mod apply;
pub mod change;
pub mod plan;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable, Text};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action};
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::{
    lifecycle_states, organisations, projects, scenario_changes, scenario_shares, scenarios,
};
use crate::i18n::Msg;
use crate::planning::months::last_month;
pub use change::Change;

/// A scenario as its pages show it.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub owner_user_id: Uuid,
    /// The owner's display name, else user name.
    pub owner: String,
    /// Whether the reading user owns it (and so may change it).
    pub mine: bool,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    /// The changes the reading user may see.
    pub changes: usize,
}

/// A change as the scenario's page lists it.
#[derive(Debug, Clone)]
pub struct StoredChange {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project_code: String,
    pub change: Change,
    /// The project's plan version the change was made on.
    pub base_version: i64,
    /// The project's plan version now: when it differs, the live plan moved since.
    pub live_version: i64,
}

impl StoredChange {
    pub fn outdated(&self) -> bool {
        self.base_version != self.live_version
    }
}

/// Who a scenario is shared with.
#[derive(Debug, Clone)]
pub enum Share {
    User { id: Uuid, share: Uuid, name: String },
    Organisation { id: Uuid, share: Uuid, name: String },
}

/// The name of a user as the scenario pages show it.
fn shown_name(username: String, display_name: Option<String>) -> String {
    display_name
        .filter(|d| !d.trim().is_empty())
        .unwrap_or(username)
}

#[derive(QueryableByName)]
struct Person {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    user_id: Uuid,
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Nullable<Text>)]
    display_name: Option<String>,
    #[diesel(sql_type = Bool)]
    is_owner: bool,
}

/// The owner and the users `scenario` is shared with (`app.scenario_people`).
fn people(conn: &mut PgConnection, scenario: Uuid) -> QueryResult<Vec<Person>> {
    diesel::sql_query(
        "select user_id, username, display_name, is_owner from app.scenario_people($1)",
    )
    .bind::<diesel::sql_types::Uuid, _>(scenario)
    .load(conn)
}

/// The scenarios the user may read, newest first.
pub fn list(conn: &mut PgConnection, acting: &Acting) -> QueryResult<Vec<Scenario>> {
    read(conn, acting, None)
}

/// The scenarios the user may read (only `only`, when given), newest first, each with its
/// owner's name and the number of changes the user sees.
fn read(
    conn: &mut PgConnection,
    acting: &Acting,
    only: Option<Uuid>,
) -> QueryResult<Vec<Scenario>> {
    let mut query = scenarios::table.into_boxed();
    if let Some(id) = only {
        query = query.filter(scenarios::id.eq(id));
    }
    let rows: Vec<(Uuid, String, String, Uuid, DateTime<Utc>, i64)> = query
        .select((
            scenarios::id,
            scenarios::name,
            scenarios::description,
            scenarios::owner_user_id,
            scenarios::created_at,
            scenarios::version,
        ))
        .order((scenarios::created_at.desc(), scenarios::id))
        .load(conn)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let counts: Vec<(Uuid, i64)> = scenario_changes::table
        .filter(scenario_changes::scenario_id.eq_any(&ids))
        .group_by(scenario_changes::scenario_id)
        .select((scenario_changes::scenario_id, diesel::dsl::count_star()))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, name, description, owner_user_id, created_at, version) in rows {
        let owner = people(conn, id)?
            .into_iter()
            .find(|p| p.is_owner)
            .map(|p| shown_name(p.username, p.display_name))
            .unwrap_or_default();
        out.push(Scenario {
            id,
            name,
            description,
            owner_user_id,
            owner,
            mine: acting.actor.user_id == Some(owner_user_id),
            created_at,
            version,
            changes: counts
                .iter()
                .find(|c| c.0 == id)
                .map_or(0, |c| usize::try_from(c.1).unwrap_or(0)),
        });
    }
    Ok(out)
}

/// One scenario the user may read ([`DomainError::NotFound`] otherwise).
pub fn get(conn: &mut PgConnection, acting: &Acting, id: Uuid) -> Outcome<Scenario> {
    read(conn, acting, Some(id))?
        .pop()
        .ok_or(DomainError::NotFound)
}

/// The scenario, which the acting user must own: read, and allowed by the Policy.
pub(crate) fn owned(conn: &mut PgConnection, acting: &Acting, id: Uuid) -> Outcome<Scenario> {
    let scenario = get(conn, acting, id)?;
    acting.allowed(acting.policy.can_change_scenario(scenario.mine))?;
    Ok(scenario)
}

/// The changes of `scenario` the user may see, in the order they were made, with each project's
/// plan version now.
pub fn changes(conn: &mut PgConnection, scenario: Uuid) -> QueryResult<Vec<StoredChange>> {
    let rows: Vec<(Uuid, Uuid, String, serde_json::Value, i64, i64)> = scenario_changes::table
        .inner_join(projects::table)
        .filter(scenario_changes::scenario_id.eq(scenario))
        .select((
            scenario_changes::id,
            scenario_changes::project_id,
            projects::code,
            scenario_changes::change,
            scenario_changes::base_version,
            projects::version,
        ))
        .order(scenario_changes::position)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, project_id, project_code, change, base, live)| {
            // A row the app wrote is always a change; one that is not (edited by hand) is
            // left out rather than guessed at.
            let change = serde_json::from_value::<Change>(change).ok()?;
            Some(StoredChange {
                id,
                project_id,
                project_code,
                change,
                base_version: base,
                live_version: live,
            })
        })
        .collect())
}

/// Who `scenario` is shared with: users by name, then organisations by short name.
pub fn shares(conn: &mut PgConnection, scenario: Uuid) -> QueryResult<Vec<Share>> {
    let users: Vec<(Uuid, Option<Uuid>)> = scenario_shares::table
        .filter(scenario_shares::scenario_id.eq(scenario))
        .filter(scenario_shares::user_id.is_not_null())
        .select((scenario_shares::id, scenario_shares::user_id))
        .load(conn)?;
    let named = people(conn, scenario)?;
    let mut out: Vec<Share> = users
        .into_iter()
        .filter_map(|(share, user)| {
            let user = user?;
            let p = named.iter().find(|p| p.user_id == user && !p.is_owner)?;
            Some(Share::User {
                id: user,
                share,
                name: shown_name(p.username.clone(), p.display_name.clone()),
            })
        })
        .collect();
    out.sort_by(|a, b| share_name(a).cmp(share_name(b)));
    let orgs: Vec<(Uuid, Uuid, String)> = scenario_shares::table
        .inner_join(organisations::table)
        .filter(scenario_shares::scenario_id.eq(scenario))
        .select((
            scenario_shares::id,
            organisations::id,
            organisations::short_name,
        ))
        .order(organisations::short_name)
        .load(conn)?;
    out.extend(
        orgs.into_iter()
            .map(|(share, id, name)| Share::Organisation { id, share, name }),
    );
    Ok(out)
}

fn share_name(share: &Share) -> &str {
    match share {
        Share::User { name, .. } | Share::Organisation { name, .. } => name,
    }
}

/// A scenario's name and description as typed: the name 1–200 characters, the description at
/// most 2 000 (fields `name`, `description`).
pub fn check_text(name: &str, description: &str) -> Result<(String, String), DomainError> {
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        problems.push(("name", Msg::new("scenario-bad-name")));
    }
    if description.chars().count() > 2_000 {
        problems.push(("description", Msg::new("scenario-bad-description")));
    }
    if problems.is_empty() {
        Ok((name.to_string(), description.trim().to_string()))
    } else {
        Err(DomainError::Invalid(problems))
    }
}

/// Makes a scenario owned by the acting user; its id.
pub fn create(
    conn: &mut PgConnection,
    acting: &Acting,
    name: &str,
    description: &str,
) -> Outcome<Uuid> {
    acting.allowed(acting.policy.can_plan_scenarios())?;
    let owner =
        acting
            .actor
            .user_id
            .ok_or(DomainError::Forbidden(crate::auth::policy::Refusal(
                Msg::new("policy-no-role"),
            )))?;
    let (name, description) = check_text(name, description)?;
    let id: Uuid = diesel::insert_into(scenarios::table)
        .values((
            scenarios::owner_user_id.eq(owner),
            scenarios::name.eq(&name),
            scenarios::description.eq(&description),
        ))
        .returning(scenarios::id)
        .get_result(conn)?;
    let after = json!({"name": name, "description": description});
    record(conn, acting, Action::Create, id, None, Some(after))?;
    Ok(id)
}

/// Renames the scenario if it is still at `version`.
pub fn rename(
    conn: &mut PgConnection,
    acting: &Acting,
    (id, version): (Uuid, i64),
    name: &str,
    description: &str,
) -> Outcome<()> {
    let before = owned(conn, acting, id)?;
    let (name, description) = check_text(name, description)?;
    let updated = diesel::update(
        scenarios::table
            .filter(scenarios::id.eq(id))
            .filter(scenarios::version.eq(version)),
    )
    .set((
        scenarios::name.eq(&name),
        scenarios::description.eq(&description),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(DomainError::Stale);
    }
    let was = json!({"name": before.name, "description": before.description});
    let now = json!({"name": name, "description": description});
    record(conn, acting, Action::Update, id, Some(was), Some(now))
}

/// Deletes the scenario with its changes and shares (the live plan is untouched).
pub fn discard(conn: &mut PgConnection, acting: &Acting, id: Uuid) -> Outcome<()> {
    let before = owned(conn, acting, id)?;
    let recorded: Vec<serde_json::Value> = changes(conn, id)?
        .iter()
        .map(|c| json!({"project": c.project_code, "change": c.change}))
        .collect();
    diesel::delete(scenarios::table.filter(scenarios::id.eq(id))).execute(conn)?;
    let was = json!({"name": before.name, "changes": recorded});
    record(conn, acting, Action::Delete, id, Some(was), None)
}

/// Shares the scenario with a user named by user name or e-mail address.
pub fn share_with_user(
    conn: &mut PgConnection,
    acting: &Acting,
    id: Uuid,
    name: &str,
) -> Outcome<()> {
    let scenario = owned(conn, acting, id)?;
    let user: Option<Uuid> = diesel::select(user_to_share_with(name)).get_result(conn)?;
    let Some(user) = user.filter(|u| *u != scenario.owner_user_id) else {
        return Err(DomainError::field(
            "user",
            Msg::new("scenario-no-such-user").arg("name", name.trim()),
        ));
    };
    let written = diesel::insert_into(scenario_shares::table)
        .values((
            scenario_shares::scenario_id.eq(id),
            scenario_shares::user_id.eq(user),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if written > 0 {
        let after = json!({"shared_with_user": user});
        record(conn, acting, Action::Update, id, None, Some(after))?;
    }
    Ok(())
}

diesel::define_sql_function! {
    #[sql_name = "app.user_to_share_with"]
    fn user_to_share_with(name: Text) -> Nullable<diesel::sql_types::Uuid>;
}

/// Shares the scenario with everyone of an organisation (and those below it).
pub fn share_with_organisation(
    conn: &mut PgConnection,
    acting: &Acting,
    id: Uuid,
    organisation: Uuid,
) -> Outcome<()> {
    owned(conn, acting, id)?;
    let known: i64 = organisations::table
        .filter(organisations::id.eq(organisation))
        .count()
        .get_result(conn)?;
    if known == 0 {
        return Err(DomainError::field(
            "organisation",
            Msg::new("scenario-no-such-organisation"),
        ));
    }
    let written = diesel::insert_into(scenario_shares::table)
        .values((
            scenario_shares::scenario_id.eq(id),
            scenario_shares::organisation_id.eq(organisation),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if written > 0 {
        let after = json!({"shared_with_organisation": organisation});
        record(conn, acting, Action::Update, id, None, Some(after))?;
    }
    Ok(())
}

/// Stops sharing the scenario with one user or organisation.
pub fn unshare(conn: &mut PgConnection, acting: &Acting, id: Uuid, share: Uuid) -> Outcome<()> {
    owned(conn, acting, id)?;
    let deleted = diesel::delete(
        scenario_shares::table
            .filter(scenario_shares::id.eq(share))
            .filter(scenario_shares::scenario_id.eq(id)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(DomainError::NotFound);
    }
    record(
        conn,
        acting,
        Action::Update,
        id,
        Some(json!({"share": share})),
        None,
    )
}

/// A project as a scenario's change meets it: its plan version, and its window and lifecycle
/// after the scenario's earlier changes.
#[derive(Debug, Clone)]
pub struct ProjectInScenario {
    pub id: Uuid,
    pub code: String,
    pub version: i64,
    pub start: NaiveDate,
    pub duration: i32,
    pub pipeline: bool,
}

impl ProjectInScenario {
    pub fn last(&self) -> NaiveDate {
        last_month(self.start, self.duration).unwrap_or(self.start)
    }
}

/// The project (which the user must see) as the scenario's changes so far leave it.
pub fn project_in(
    conn: &mut PgConnection,
    scenario: Uuid,
    project: Uuid,
) -> Outcome<ProjectInScenario> {
    let row: Option<(String, i64, NaiveDate, i32, Option<bool>)> = projects::table
        .left_join(lifecycle_states::table)
        .filter(projects::id.eq(project))
        .select((
            projects::code,
            projects::version,
            projects::start_month,
            projects::duration_months,
            lifecycle_states::is_pipeline.nullable(),
        ))
        .first(conn)
        .optional()?;
    let (code, version, start, duration, pipeline) = row.ok_or(DomainError::NotFound)?;
    let mut p = ProjectInScenario {
        id: project,
        code,
        version,
        start,
        duration,
        pipeline: pipeline.unwrap_or(false),
    };
    for c in changes(conn, scenario)?
        .iter()
        .filter(|c| c.project_id == project)
    {
        match c.change {
            Change::Shift { months } => p.start = change::moved(p.start, months),
            Change::Duration { months } => p.duration = months,
            Change::Outcome { .. } => p.pipeline = false,
            _ => {}
        }
    }
    Ok(p)
}

/// Records a change of a project in the scenario, at the project's plan version now. The change
/// is checked on its own ([`Change::check`]) and against the project as the scenario leaves it
/// (months inside it, an outcome only for a project in a pipeline state, an assignment of the
/// project). Its id.
pub fn add_change(
    conn: &mut PgConnection,
    acting: &Acting,
    (id, project): (Uuid, Uuid),
    change: Change,
) -> Outcome<Uuid> {
    owned(conn, acting, id)?;
    change
        .check()
        .map_err(|m| DomainError::field("change", m))?;
    let p = project_in(conn, id, project)?;
    check_against(conn, &p, &change)?;
    let change_id: Uuid = diesel::insert_into(scenario_changes::table)
        .values((
            scenario_changes::scenario_id.eq(id),
            scenario_changes::project_id.eq(project),
            scenario_changes::kind.eq(change.kind()),
            scenario_changes::change.eq(json!(change)),
            scenario_changes::base_version.eq(p.version),
        ))
        .returning(scenario_changes::id)
        .get_result(conn)?;
    bump(conn, id)?;
    let after = json!({"project": p.code, "change": change, "made_on_version": p.version});
    record(conn, acting, Action::Update, id, None, Some(after))?;
    Ok(change_id)
}

/// What a change must agree with in its project.
fn check_against(conn: &mut PgConnection, p: &ProjectInScenario, change: &Change) -> Outcome<()> {
    use crate::db::schema::assignments;
    let inside = |m: NaiveDate| p.start <= m && m <= p.last();
    let outside = || {
        DomainError::field(
            "change",
            Msg::new("scenario-months-outside-project")
                .arg("project", p.code.clone())
                .arg("first", change::month_text(p.start))
                .arg("last", change::month_text(p.last())),
        )
    };
    match change {
        Change::Outcome { .. } if !p.pipeline => Err(DomainError::field(
            "change",
            Msg::new("scenario-outcome-not-pipeline").arg("project", p.code.clone()),
        )),
        Change::AddAssignment { start, end, .. }
        | Change::ChangeAssignment { start, end, .. }
        | Change::Placeholder { start, end, .. }
            if !inside(*start) || !inside(*end) =>
        {
            Err(outside())
        }
        Change::Allocation { month, .. } if !inside(*month) => Err(outside()),
        _ => {
            if let Some(assignment) = change.assignment() {
                let found: i64 = assignments::table
                    .filter(assignments::id.eq(assignment))
                    .filter(assignments::project_id.eq(p.id))
                    .count()
                    .get_result(conn)?;
                if found == 0 {
                    return Err(DomainError::field(
                        "change",
                        Msg::new("scenario-no-such-assignment").arg("project", p.code.clone()),
                    ));
                }
            }
            Ok(())
        }
    }
}

/// Removes one change from the scenario.
pub fn remove_change(
    conn: &mut PgConnection,
    acting: &Acting,
    id: Uuid,
    change_id: Uuid,
) -> Outcome<()> {
    owned(conn, acting, id)?;
    let removed: Option<(String, serde_json::Value)> = diesel::delete(
        scenario_changes::table
            .filter(scenario_changes::id.eq(change_id))
            .filter(scenario_changes::scenario_id.eq(id)),
    )
    .returning((scenario_changes::kind, scenario_changes::change))
    .get_result(conn)
    .optional()?;
    let (_, change) = removed.ok_or(DomainError::NotFound)?;
    bump(conn, id)?;
    record(
        conn,
        acting,
        Action::Update,
        id,
        Some(json!({"change": change})),
        None,
    )
}

/// Takes the live plan of `project` as it is now for the scenario's changes of it: after the
/// owner has looked at what moved, the changes count as made on the current version (a scenario
/// whose project moved on is not applied until then).
pub fn rebase(conn: &mut PgConnection, acting: &Acting, id: Uuid, project: Uuid) -> Outcome<()> {
    owned(conn, acting, id)?;
    let version: i64 = projects::table
        .find(project)
        .select(projects::version)
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)?;
    diesel::update(
        scenario_changes::table
            .filter(scenario_changes::scenario_id.eq(id))
            .filter(scenario_changes::project_id.eq(project)),
    )
    .set(scenario_changes::base_version.eq(version))
    .execute(conn)?;
    bump(conn, id)
}

/// The scenario changed: its version moves on (the trigger of 80_row_versions.sql).
fn bump(conn: &mut PgConnection, id: Uuid) -> Outcome<()> {
    diesel::update(scenarios::table.filter(scenarios::id.eq(id)))
        .set(scenarios::version.eq(scenarios::version))
        .execute(conn)?;
    Ok(())
}

/// The audit log's record of a change to a scenario (outside any project: a scenario writes
/// nothing to a project until it is applied).
fn record(
    conn: &mut PgConnection,
    acting: &Acting,
    action: Action,
    id: Uuid,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Outcome<()> {
    let change = audit::Change::outside_projects(action, "scenario", id, before, after);
    audit::record(conn, &acting.actor, &[change])?;
    Ok(())
}
