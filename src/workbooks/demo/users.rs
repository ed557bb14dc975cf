//! One user for every role and visibility mode, named `demo-<role>[-<visibility>]`, with the
//! groups an identity provider would send (SPEC §6). Their OIDC subject is their username, so a
//! test provider that sends `sub = username` signs them in as these users.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

use super::organisations::Orgs;
use super::people::Staff;
use crate::config::GroupNames;
use crate::db::schema::{persons, user_organisations, users};

#[derive(Debug, Serialize)]
pub struct DemoUser {
    #[serde(skip)]
    pub id: Uuid,
    pub username: String,
    pub sub: String,
    pub email: String,
    pub name: String,
    pub groups: Vec<String>,
    pub role: &'static str,
    pub visibility: &'static str,
    /// The organisation of `rediflow-org-…` for org-scoped users.
    pub organisation: Option<String>,
    #[serde(skip)]
    organisation_id: Option<Uuid>,
    /// The person this user is (for "assigned" visibility and My allocations).
    pub person_code: Option<String>,
    #[serde(skip)]
    person: Option<Uuid>,
}

/// (username suffix, role, visibility)
const KINDS: &[(&str, &str, &str)] = &[
    ("super-admin", "super_admin", "all"),
    ("admin", "admin", "all"),
    ("editor", "editor", "all"),
    ("editor-org", "editor", "org"),
    ("editor-assigned", "editor", "assigned"),
    ("viewer", "viewer", "all"),
    ("viewer-org", "viewer", "org"),
    ("viewer-assigned", "viewer", "assigned"),
    // signed in through the provider, but without any rediflow group: sees the no-access page
    ("nobody", "none", "all"),
];

pub fn generate(orgs: &Orgs, busiest_root: usize, staff: &Staff) -> Vec<DemoUser> {
    let names = GroupNames::default();
    let org = &orgs.list[busiest_root];
    // The people behind the assigned-only users: the first two in the busiest university who
    // work on the most projects, so that their pages have something to show.
    let mut staffed: Vec<_> = staff
        .persons
        .iter()
        .filter(|p| orgs.list[p.organisation].root == busiest_root && p.assignments > 0)
        .collect();
    staffed.sort_by_key(|p| std::cmp::Reverse(p.assignments));
    let mut people = staffed.into_iter();
    let mut id_seed = super::rng::Rng::new(u64::from_le_bytes(*b"demouser"));
    KINDS
        .iter()
        .map(|(suffix, role, visibility)| {
            let username = format!("demo-{suffix}");
            let mut groups = Vec::new();
            match *role {
                "super_admin" => groups.push(names.super_admins.clone()),
                "admin" => groups.push(names.admins.clone()),
                "editor" => groups.push(names.editors.clone()),
                "viewer" => groups.push(names.viewers.clone()),
                _ => {}
            }
            let mut organisation = None;
            let mut person = None;
            match *visibility {
                "org" => {
                    groups.push(names.visibility_org.clone());
                    groups.push(format!("{}{}", names.org_prefix, org.short_name));
                    organisation = Some(org.short_name.clone());
                }
                "assigned" => {
                    groups.push(names.visibility_assigned.clone());
                    person = people.next();
                }
                _ => {}
            }
            DemoUser {
                id: id_seed.uuid(),
                sub: username.clone(),
                email: format!("{username}@example.org"),
                name: format!("Demo {}", suffix.replace('-', " ")),
                username,
                groups,
                role,
                visibility,
                organisation_id: organisation.as_ref().map(|_| org.id),
                organisation,
                person_code: person.map(|p| p.code.clone()),
                person: person.map(|p| p.id),
            }
        })
        .collect()
}

pub fn write(conn: &mut PgConnection, demo_users: &[DemoUser]) -> QueryResult<usize> {
    for user in demo_users {
        diesel::insert_into(users::table)
            .values((
                users::id.eq(user.id),
                users::sub.eq(&user.sub),
                users::username.eq(&user.username),
                users::email.eq(&user.email),
                users::display_name.eq(&user.name),
                users::raw_groups.eq(serde_json::json!(user.groups)),
                users::role.eq(user.role),
                users::visibility.eq(user.visibility),
                users::org_short_names.eq(user
                    .organisation
                    .iter()
                    .cloned()
                    .map(Some)
                    .collect::<Vec<_>>()),
            ))
            .execute(conn)?;
        if let Some(org) = user.organisation_id {
            diesel::insert_into(user_organisations::table)
                .values((
                    user_organisations::user_id.eq(user.id),
                    user_organisations::organisation_id.eq(org),
                ))
                .execute(conn)?;
        }
        if let Some(person) = user.person {
            diesel::update(persons::table.find(person))
                .set(persons::user_id.eq(user.id))
                .execute(conn)?;
        }
    }
    Ok(demo_users.len())
}
