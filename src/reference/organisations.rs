//! Organisations, the tenants: reading them as a hierarchy.

use crate::auth::policy::Refusal;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::guarded::settled;
use crate::i18n::Msg;
use std::collections::{HashMap, HashSet};

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::organisations;
use crate::db::visibility::signed_in;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: Uuid,
    pub short_name: String,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub country_code: Option<String>,
}

/// An organisation with its depth in the hierarchy (0 for a root, the legal entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub depth: usize,
    pub organisation: Organisation,
}

impl TreeEntry {
    /// The short name indented by depth, for select boxes.
    pub fn indented(&self) -> String {
        format!(
            "{}{}",
            "\u{2003}".repeat(self.depth),
            self.organisation.short_name
        )
    }
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<Organisation>> {
    organisations::table
        .filter(signed_in())
        .select(Organisation::as_select())
        .order(organisations::short_name)
        .load(conn)
}

/// Orders organisations depth-first under their roots, children by short name. Organisations
/// whose parent is not in the list (invisible to the user) are shown as roots; a cycle, which
/// the database should never hold, cannot make this loop.
pub fn as_tree(mut all: Vec<Organisation>) -> Vec<TreeEntry> {
    all.sort_by(|a, b| a.short_name.cmp(&b.short_name));
    let ids: HashSet<Uuid> = all.iter().map(|o| o.id).collect();
    let mut children: HashMap<Option<Uuid>, Vec<&Organisation>> = HashMap::new();
    for org in &all {
        let parent = org.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(org);
    }
    let mut out = Vec::with_capacity(all.len());
    let mut seen = HashSet::new();
    let mut stack: Vec<(usize, &Organisation)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|o| (0, *o)).collect())
        .unwrap_or_default();
    while let Some((depth, org)) = stack.pop() {
        if !seen.insert(org.id) {
            continue;
        }
        out.push(TreeEntry {
            depth,
            organisation: org.clone(),
        });
        if let Some(kids) = children.get(&Some(org.id)) {
            stack.extend(kids.iter().rev().map(|k| (depth + 1, *k)));
        }
    }
    // Members of a cycle have no root; list them flat rather than hide them.
    for org in &all {
        if !seen.contains(&org.id) {
            out.push(TreeEntry {
                depth: 0,
                organisation: org.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(short: &str, id: u128, parent: Option<u128>) -> Organisation {
        Organisation {
            id: Uuid::from_u128(id),
            short_name: short.to_string(),
            name: short.to_string(),
            parent_id: parent.map(Uuid::from_u128),
            country_code: None,
        }
    }

    #[test]
    fn children_follow_their_parent_depth_first() {
        let tree = as_tree(vec![
            org("B-CHILD", 4, Some(3)),
            org("A-CHILD-2", 5, Some(1)),
            org("B", 3, None),
            org("A", 1, None),
            org("A-CHILD-1", 2, Some(1)),
            org("A-GRANDCHILD", 6, Some(2)),
        ]);
        let lines: Vec<String> = tree
            .iter()
            .map(|e| format!("{}{}", "-".repeat(e.depth), e.organisation.short_name))
            .collect();
        assert_eq!(
            lines,
            [
                "A",
                "-A-CHILD-1",
                "--A-GRANDCHILD",
                "-A-CHILD-2",
                "B",
                "-B-CHILD"
            ]
        );
    }

    #[test]
    fn unknown_parents_and_cycles_do_not_hide_organisations() {
        let tree = as_tree(vec![
            org("ORPHAN", 1, Some(99)),
            org("X", 2, Some(3)),
            org("Y", 3, Some(2)),
        ]);
        assert_eq!(tree.len(), 3);
        assert_eq!(tree[0].organisation.short_name, "ORPHAN");
    }
}

// ---------------------------------------------------------------------------------------------
// Editing (administrators)

use crate::audit::{self, Action, Actor, Change};
use crate::db::row_version::{self, RowChange, version_of};
use crate::db::schema::{
    capacity_demand, deliverables, persons, project_partners, projects, tasks, work_packages,
};
use serde_json::json;

#[diesel::declare_sql_function]
extern "SQL" {
    /// PostgreSQL's `lower()`, matching the `organisations_short_name_lower_key` index.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// What the add and edit forms send.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct OrganisationForm {
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub country_code: String,
}

pub use crate::command::FieldErrors;

impl OrganisationForm {
    /// The edit form of `org` filled with its stored values.
    pub fn of(org: &Organisation) -> OrganisationForm {
        OrganisationForm {
            short_name: org.short_name.clone(),
            name: org.name.clone(),
            parent: org.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            country_code: org.country_code.clone().unwrap_or_default(),
        }
    }
}

/// The version of every organisation, which the forms changing one carry.
/// The organisations as a tree with the version of each: what the organisation pages show.
pub fn tree_with_versions(
    conn: &mut PgConnection,
) -> QueryResult<(Vec<TreeEntry>, HashMap<Uuid, i64>)> {
    Ok((as_tree(list(conn)?), versions(conn)?))
}

pub fn versions(conn: &mut PgConnection) -> QueryResult<HashMap<Uuid, i64>> {
    Ok(organisations::table
        .filter(signed_in())
        .select((organisations::id, organisations::version))
        .load::<(Uuid, i64)>(conn)?
        .into_iter()
        .collect())
}

struct Valid {
    short_name: String,
    name: String,
    parent: Option<Uuid>,
    country: Option<String>,
}

fn validate(
    conn: &mut PgConnection,
    form: &OrganisationForm,
    editing: Option<Uuid>,
) -> QueryResult<Result<Valid, FieldErrors>> {
    let mut errors = FieldErrors::new();
    let short_name = form.short_name.trim().to_string();
    let valid_short = crate::planning::code::is_code(&short_name);
    if short_name.is_empty() {
        errors.push(("short_name", Msg::new("org-error-short-name-missing")));
    } else if !valid_short {
        errors.push((
            "short_name",
            Msg::new("org-error-short-name-form").arg("max", 64),
        ));
    } else {
        let clash: Option<(Uuid, String)> = organisations::table
            .filter(lower(organisations::short_name).eq(short_name.to_lowercase()))
            .select((organisations::id, organisations::short_name))
            .first(conn)
            .optional()?;
        if let Some((id, existing)) = clash
            && Some(id) != editing
        {
            errors.push((
                "short_name",
                Msg::new("org-error-short-name-taken").arg("name", existing),
            ));
        }
    }
    let name = form.name.trim().to_string();
    if name.is_empty() {
        errors.push(("name", Msg::new("org-error-name-missing")));
    }
    let country = form.country_code.trim().to_uppercase();
    let country = (!country.is_empty()).then_some(country);
    if let Some(c) = &country
        && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
    {
        errors.push(("country_code", Msg::new("org-error-country")));
    }
    let parent = match form.parent.trim() {
        "" => None,
        value => match Uuid::parse_str(value) {
            Ok(id)
                if organisations::table
                    .find(id)
                    .count()
                    .get_result::<i64>(conn)?
                    == 1 =>
            {
                Some(id)
            }
            _ => {
                errors.push(("parent", Msg::new("org-error-parent-unknown")));
                None
            }
        },
    };
    if let (Some(parent), Some(me)) = (parent, editing) {
        // Walk up from the new parent: meeting this organisation would close a cycle.
        let all = list(conn)?;
        let mut current = Some(parent);
        let mut steps = 0;
        while let Some(id) = current {
            if id == me {
                errors.push(("parent", Msg::new("org-error-parent-cycle")));
                break;
            }
            current = all.iter().find(|o| o.id == id).and_then(|o| o.parent_id);
            steps += 1;
            if steps > all.len() {
                break;
            }
        }
    }
    Ok(if errors.is_empty() {
        Ok(Valid {
            short_name,
            name,
            parent,
            country,
        })
    } else {
        Err(errors)
    })
}

fn snapshot(o: &Organisation) -> serde_json::Value {
    json!({"short_name": o.short_name, "name": o.name, "parent_id": o.parent_id, "country_code": o.country_code})
}

pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<Organisation>> {
    organisations::table
        .find(id)
        .select(Organisation::as_select())
        .first(conn)
        .optional()
}

/// Organisations: administrators only.
pub fn may_change_organisations(acting: &Acting) -> Outcome<()> {
    if acting.policy.can_manage_orgs() {
        Ok(())
    } else {
        Err(DomainError::Forbidden(Refusal(Msg::new(
            "org-refused-not-admin",
        ))))
    }
}

/// A change to an organisation: the form and the version of the organisation it showed.
pub type OrganisationChange = crate::db::guarded::RowEdit<OrganisationForm>;

/// Adds an organisation (and its audit row): the new organisation's id.
pub fn create_organisation(
    conn: &mut PgConnection,
    acting: &Acting,
    form: &OrganisationForm,
) -> Outcome<Uuid> {
    may_change_organisations(acting)?;
    create(conn, form, &acting.actor)?.map_err(DomainError::Invalid)
}

/// Changes an organisation still at the version the form showed.
pub fn update_organisation(
    conn: &mut PgConnection,
    acting: &Acting,
    change: &OrganisationChange,
) -> Outcome<()> {
    may_change_organisations(acting)?;
    let (id, version) = (change.id, change.version);
    settled(update(conn, id, version, &change.form, &acting.actor)?)?.map_err(DomainError::Invalid)
}

/// Deletes organisation `id`, unused and still at `version`; one in use is refused (its
/// `short_name` field says what uses it).
pub fn delete_organisation(
    conn: &mut PgConnection,
    acting: &Acting,
    (id, version): (Uuid, i64),
) -> Outcome<()> {
    may_change_organisations(acting)?;
    settled(delete(conn, id, version, &acting.actor)?)?
        .map_err(|why| DomainError::field("short_name", why))
}

/// Adds an organisation (and its audit row) or says what is wrong with the form.
fn create(
    conn: &mut PgConnection,
    form: &OrganisationForm,
    actor: &Actor,
) -> QueryResult<Result<Uuid, FieldErrors>> {
    let valid = match validate(conn, form, None)? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let id: Uuid = diesel::insert_into(organisations::table)
        .values((
            organisations::short_name.eq(&valid.short_name),
            organisations::name.eq(&valid.name),
            organisations::parent_id.eq(valid.parent),
            organisations::country_code.eq(&valid.country),
        ))
        .returning(organisations::id)
        .get_result(conn)?;
    let created = find(conn, id)?.ok_or(diesel::result::Error::NotFound)?;
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Create,
            entity_type: "organisation",
            entity_id: Some(id),
            project_id: None,
            before: None,
            after: Some(snapshot(&created)),
        }],
    )?;
    Ok(Ok(id))
}

/// Organisation `id` as stored if it is still at `version`, the one the page showed; else why
/// not (gone, or changed meanwhile).
fn stored_at<T>(
    conn: &mut PgConnection,
    id: Uuid,
    version: i64,
) -> QueryResult<Result<Organisation, RowChange<T>>> {
    let stored = version_of!(conn, organisations, id)?;
    if let Some(refused) = row_version::check(stored, version).refusal() {
        return Ok(Err(refused));
    }
    Ok(find(conn, id)?.ok_or(RowChange::Missing))
}

/// Changes an organisation still at `version`, the one the form showed.
fn update(
    conn: &mut PgConnection,
    id: Uuid,
    version: i64,
    form: &OrganisationForm,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), FieldErrors>>> {
    let before = match stored_at(conn, id, version)? {
        Ok(before) => before,
        Err(refused) => return Ok(refused),
    };
    let valid = match validate(conn, form, Some(id))? {
        Ok(v) => v,
        Err(e) => return Ok(RowChange::Done(Err(e))),
    };
    let updated = diesel::update(
        organisations::table
            .find(id)
            .filter(organisations::version.eq(version)),
    )
    .set((
        organisations::short_name.eq(&valid.short_name),
        organisations::name.eq(&valid.name),
        organisations::parent_id.eq(valid.parent),
        organisations::country_code.eq(&valid.country),
        organisations::updated_at.eq(chrono::Utc::now()),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(row_version::missed(version_of!(conn, organisations, id)?));
    }
    let after = find(conn, id)?.ok_or(diesel::result::Error::NotFound)?;
    if after != before {
        audit::record(
            conn,
            actor,
            &[Change {
                action: Action::Update,
                entity_type: "organisation",
                entity_id: Some(id),
                project_id: None,
                before: Some(snapshot(&before)),
                after: Some(snapshot(&after)),
            }],
        )?;
    }
    Ok(RowChange::Done(Ok(())))
}

/// How many rows of `$table` (a module of `crate::db::schema`) have `$column` = `$id`: a
/// `QueryResult<i64>`.
macro_rules! rows_with {
    ($conn:expr, $table:ident . $column:ident = $id:expr) => {
        $table::table
            .filter($table::$column.eq($id))
            .count()
            .get_result::<i64>($conn)
    };
}

/// Deletes an unused organisation still at `version`, the one the page showed; `Err` says what
/// still uses it.
fn delete(
    conn: &mut PgConnection,
    id: Uuid,
    version: i64,
    actor: &Actor,
) -> QueryResult<RowChange<Result<(), Msg>>> {
    let before = match stored_at(conn, id, version)? {
        Ok(before) => before,
        Err(refused) => return Ok(refused),
    };
    let count = |n: i64, what: &'static str| (n > 0).then(|| Msg::new(what).arg("count", n));
    let children = rows_with!(conn, organisations.parent_id = id)?;
    let owned = rows_with!(conn, projects.owner_org_id = id)?;
    let partnered = rows_with!(conn, project_partners.organisation_id = id)?;
    let people = rows_with!(conn, persons.organisation_id = id)?;
    let leads = rows_with!(conn, work_packages.lead_org_id = id)?
        + rows_with!(conn, tasks.lead_org_id = id)?
        + rows_with!(conn, deliverables.lead_org_id = id)?;
    let demand = rows_with!(conn, capacity_demand.organisation_id = id)?;
    // Each use is a message of its own (with its plural), listed in the reader's language.
    let uses = [
        count(children, "org-uses-children"),
        count(owned, "org-uses-owned"),
        count(partnered, "org-uses-partnered"),
        count(people, "org-uses-people"),
        count(leads, "org-uses-leads"),
        count(demand, "org-uses-demand"),
    ]
    .into_iter()
    .flatten()
    .reduce(|list, next| {
        Msg::new("org-uses-list")
            .arg("first", list)
            .arg("next", next)
    });
    if let Some(uses) = uses {
        return Ok(RowChange::Done(Err(Msg::new("org-error-in-use")
            .arg("name", &before.short_name)
            .arg("uses", uses))));
    }
    // Users' memberships of the organisation go with it (the database cascades them).
    let deleted = diesel::delete(
        organisations::table
            .find(id)
            .filter(organisations::version.eq(version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Ok(row_version::missed(version_of!(conn, organisations, id)?));
    }
    audit::record(
        conn,
        actor,
        &[Change {
            action: Action::Delete,
            entity_type: "organisation",
            entity_id: Some(id),
            project_id: None,
            before: Some(snapshot(&before)),
            after: None,
        }],
    )?;
    Ok(RowChange::Done(Ok(())))
}

/// `orgs` and every organisation below them.
pub fn with_descendants(orgs: &[Uuid], parents: &HashMap<Uuid, Option<Uuid>>) -> HashSet<Uuid> {
    let mut result: HashSet<Uuid> = orgs.iter().copied().collect();
    loop {
        let before = result.len();
        for (child, parent) in parents {
            if parent.is_some_and(|p| result.contains(&p)) {
                result.insert(*child);
            }
        }
        if result.len() == before {
            return result;
        }
    }
}

/// Parent of each organisation.
pub fn parent_map(all: &[Organisation]) -> HashMap<Uuid, Option<Uuid>> {
    all.iter().map(|o| (o.id, o.parent_id)).collect()
}
