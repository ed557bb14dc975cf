//! `rediflow authentik seed-test-users`: the `rediflow-*` groups (SPEC §6) and the test users of
//! `docs/example_authentik_test_people.ods`, whose usernames are the persons' codes.

use reqwest::Method;
use serde_json::{Value, json};

use super::client::pk_of;
use super::{AuthentikError, Change, Client, Fields, Outcome, Want, at_most_one, ensure};
use crate::config::{GroupNames, Secret};
use crate::workbooks::examples;

const GROUPS: &str = "core/groups/";
const USERS: &str = "core/users/";

/// One of the group kinds of SPEC §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    SuperAdmins,
    Admins,
    Editors,
    Viewers,
    VisibilityOrg,
    VisibilityAssigned,
    /// `rediflow-org-<short_name>`
    Org(&'static str),
}

impl GroupKind {
    pub fn name(self, names: &GroupNames) -> String {
        match self {
            GroupKind::SuperAdmins => names.super_admins.clone(),
            GroupKind::Admins => names.admins.clone(),
            GroupKind::Editors => names.editors.clone(),
            GroupKind::Viewers => names.viewers.clone(),
            GroupKind::VisibilityOrg => names.visibility_org.clone(),
            GroupKind::VisibilityAssigned => names.visibility_assigned.clone(),
            GroupKind::Org(short) => format!("{}{short}", names.org_prefix),
        }
    }
}

/// The test users and their groups (usernames are person codes in the example people file).
pub const TEST_USERS: &[(&str, &[GroupKind])] = &[
    ("admin@test", &[GroupKind::Admins]),
    ("editor@test", &[GroupKind::Editors]),
    ("viewer@test", &[GroupKind::Viewers]),
    (
        "orguser@test",
        &[
            GroupKind::Editors,
            GroupKind::Org("EXAMPLE"),
            GroupKind::VisibilityOrg,
        ],
    ),
];

/// Every group the command makes: the six role and visibility groups and one organisation group
/// per organisation of the example project.
pub fn group_names(names: &GroupNames) -> Vec<String> {
    let mut all: Vec<String> = [
        GroupKind::SuperAdmins,
        GroupKind::Admins,
        GroupKind::Editors,
        GroupKind::Viewers,
        GroupKind::VisibilityOrg,
        GroupKind::VisibilityAssigned,
    ]
    .iter()
    .map(|kind| kind.name(names))
    .collect();
    for org in examples::example_project().organisations {
        let name = format!("{}{}", names.org_prefix, org.short_name);
        if !all.contains(&name) {
            all.push(name);
        }
    }
    all
}

/// A test user as Authentik should have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestUser {
    pub username: String,
    pub name: String,
    pub email: Option<String>,
    pub groups: Vec<String>,
}

/// The test users, named as their persons in the example people file.
pub fn test_users(names: &GroupNames) -> Vec<TestUser> {
    let people = examples::authentik_test_people().persons;
    TEST_USERS
        .iter()
        .map(|(username, kinds)| {
            let person = people.iter().find(|p| p.code == *username);
            TestUser {
                username: username.to_string(),
                name: person
                    .map(|p| format!("{} {}", p.first_name, p.last_name))
                    .unwrap_or_else(|| username.to_string()),
                email: person.and_then(|p| p.email.clone()),
                groups: kinds.iter().map(|k| k.name(names)).collect(),
            }
        })
        .collect()
}

/// A test user as Authentik has it after the run.
#[derive(Debug, Clone)]
pub struct SeededUser {
    pub user: TestUser,
    /// Authentik's user object (pk, uid, uuid, ...).
    pub object: Value,
}

/// What `seed-test-users` did.
#[derive(Debug)]
pub struct Seeded {
    pub version: String,
    pub outcomes: Vec<Outcome>,
    pub users: Vec<SeededUser>,
}

/// Creates or updates the groups and the users. Passwords are set for new users, and for
/// existing ones with `reset_passwords` (Authentik cannot tell whether a password matches).
pub async fn run(
    client: &Client,
    names: &GroupNames,
    password: &Secret,
    reset_passwords: bool,
) -> Result<Seeded, AuthentikError> {
    let version = super::check_version(client).await?;
    let mut outcomes = Vec::new();
    let mut group_pks: Vec<(String, String)> = Vec::new();
    for name in group_names(names) {
        let found = client.find(GROUPS, "name", &name).await?;
        let current = at_most_one(client, GROUPS, &name, found)?;
        // Only the name is ours: membership is set on the users, and an operator may have made
        // a group a superuser group on purpose.
        let wanted: Fields = vec![("name", Want::Exactly(json!(name)))];
        let (group, change) = ensure(client, GROUPS, current, &wanted, |g| {
            pk_of(g, "pk").map(|pk| format!("{GROUPS}{pk}/"))
        })
        .await?;
        let pk = pk_of(&group, "pk")
            .ok_or_else(|| client.unexpected(Method::GET, GROUPS, "a group without pk"))?;
        outcomes.push(Outcome::new("group", name.clone(), change));
        group_pks.push((name, pk));
    }
    let managed: Vec<&String> = group_pks.iter().map(|(_, pk)| pk).collect();

    let mut users = Vec::new();
    for user in test_users(names) {
        let found = client.find(USERS, "username", &user.username).await?;
        let current = at_most_one(client, USERS, &user.username, found)?;
        let required: Vec<String> = user
            .groups
            .iter()
            .filter_map(|g| {
                group_pks
                    .iter()
                    .find(|(n, _)| n == g)
                    .map(|(_, pk)| pk.clone())
            })
            .collect();
        // Groups that are not Rediflow's stay; Rediflow's are exactly the required ones.
        let mut groups: Vec<Value> = current
            .as_ref()
            .and_then(|c| c.get("groups"))
            .and_then(Value::as_array)
            .map(|gs| {
                gs.iter()
                    .filter(|g| {
                        g.as_str()
                            .is_none_or(|g| !managed.iter().any(|m| m.as_str() == g))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        groups.extend(required.iter().map(|pk| json!(pk)));
        let wanted: Fields = vec![
            ("username", Want::Exactly(json!(user.username))),
            ("name", Want::Exactly(json!(user.name))),
            (
                "email",
                Want::Exactly(json!(user.email.clone().unwrap_or_default())),
            ),
            ("is_active", Want::Exactly(json!(true))),
            ("groups", Want::AnyOrder(groups)),
        ];
        let (object, change) = ensure(client, USERS, current, &wanted, |u| {
            pk_of(u, "pk").map(|pk| format!("{USERS}{pk}/"))
        })
        .await?;
        let mut outcome = Outcome::new("user", user.username.clone(), change.clone());
        if change == Change::Created || reset_passwords {
            let pk = pk_of(&object, "pk")
                .ok_or_else(|| client.unexpected(Method::GET, USERS, "a user without pk"))?;
            client
                .action(
                    &format!("{USERS}{pk}/set_password/"),
                    &json!({ "password": password.expose() }),
                )
                .await?;
            outcome.note = Some("password set".to_string());
        }
        outcomes.push(outcome);
        users.push(SeededUser { user, object });
    }
    Ok(Seeded {
        version,
        outcomes,
        users,
    })
}

/// The OIDC `sub` Authentik will send for `user` under the provider's `sub_mode`
/// (authentik/providers/oauth2/id_token.py). `None` when the user object lacks the field.
pub fn subject(sub_mode: &str, user: &Value) -> Option<String> {
    let text = |field: &str| {
        user.get(field)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    match sub_mode {
        "hashed_user_id" => text("uid"),
        "user_id" => pk_of(user, "pk"),
        "user_uuid" => text("uuid"),
        "user_email" => text("email"),
        "user_username" => text("username"),
        "user_upn" => user
            .get("attributes")
            .and_then(|a| a.get("upn"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| text("uid")),
        _ => None,
    }
}

/// The `sub_mode` of the application `rediflow`'s provider.
pub async fn provider_sub_mode(client: &Client) -> Result<String, AuthentikError> {
    use super::setup_oidc::{APPLICATION_SLUG, PROVIDER_NAME};
    let path = format!("core/applications/{APPLICATION_SLUG}/");
    let provider = client
        .get(&path)
        .await?
        .and_then(|a| pk_of(&a, "provider"))
        .ok_or_else(|| {
            AuthentikError::Setup(format!(
                "Authentik has no application {APPLICATION_SLUG} with a provider, so the users' \
                 OIDC subject is unknown: run `rediflow authentik setup-oidc` first"
            ))
        })?;
    let provider_path = format!("providers/oauth2/{provider}/");
    let provider = client.get(&provider_path).await?.ok_or_else(|| {
        AuthentikError::Setup(format!(
            "the application {APPLICATION_SLUG} has no OAuth2 provider: run `rediflow authentik setup-oidc` (provider \"{PROVIDER_NAME}\")"
        ))
    })?;
    Ok(provider
        .get("sub_mode")
        .and_then(Value::as_str)
        .unwrap_or("hashed_user_id")
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> GroupNames {
        GroupNames::default()
    }

    #[test]
    fn test_users_are_the_example_people() {
        let people = examples::authentik_test_people().persons;
        let users = test_users(&names());
        assert_eq!(users.len(), people.len());
        for person in &people {
            let user = users.iter().find(|u| u.username == person.code).unwrap();
            assert_eq!(
                user.name,
                format!("{} {}", person.first_name, person.last_name)
            );
            assert_eq!(user.email, person.email);
        }
        let orguser = users.iter().find(|u| u.username == "orguser@test").unwrap();
        assert_eq!(
            orguser.groups,
            [
                "rediflow-editors",
                "rediflow-org-EXAMPLE",
                "rediflow-visibility-org"
            ]
        );
    }

    #[test]
    fn every_group_kind_is_made_and_every_user_group_exists() {
        let all = group_names(&names());
        for kind in [
            "rediflow-super-admins",
            "rediflow-admins",
            "rediflow-editors",
            "rediflow-viewers",
            "rediflow-visibility-org",
            "rediflow-visibility-assigned",
            "rediflow-org-EXAMPLE",
            "rediflow-org-NORDLAB",
        ] {
            assert!(all.iter().any(|g| g == kind), "{kind}");
        }
        for user in test_users(&names()) {
            for group in &user.groups {
                assert!(all.contains(group), "{group}");
            }
        }
    }

    #[test]
    fn subjects_follow_the_sub_mode() {
        let user = serde_json::json!({
            "pk": 7, "uid": "hash", "uuid": "0b0e", "email": "a@example.org",
            "username": "a@test", "attributes": {}
        });
        assert_eq!(subject("hashed_user_id", &user).as_deref(), Some("hash"));
        assert_eq!(subject("user_id", &user).as_deref(), Some("7"));
        assert_eq!(subject("user_uuid", &user).as_deref(), Some("0b0e"));
        assert_eq!(
            subject("user_email", &user).as_deref(),
            Some("a@example.org")
        );
        assert_eq!(subject("user_username", &user).as_deref(), Some("a@test"));
        assert_eq!(subject("user_upn", &user).as_deref(), Some("hash"));
        assert_eq!(subject("something_new", &user), None);
    }
}
