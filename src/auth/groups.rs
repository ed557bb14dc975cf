//! From the identity provider's groups to a user's role, visibility and organisations (SPEC §6).
//! Pure functions: login stores their result on the user row, where the policy code and the
//! database's RLS helper functions read it.

use serde_json::Value;

use crate::auth::Role;
use crate::config::GroupNames;

/// Which projects and people a user sees (stored in `users.visibility`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everything.
    All,
    /// Projects whose POO or a partner is one of the user's organisations (or a descendant),
    /// and people of those organisations' roots.
    Org,
    /// Only projects the user's linked person is assigned to, and only that person.
    Assigned,
}

impl Visibility {
    /// The value stored in `users.visibility`.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::All => "all",
            Visibility::Org => "org",
            Visibility::Assigned => "assigned",
        }
    }
}

impl Role {
    /// The value stored in `users.role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::None => "none",
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
            Role::SuperAdmin => "super_admin",
        }
    }
}

/// What a user's groups grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub role: Role,
    pub visibility: Visibility,
    /// Every `rediflow-org-<short_name>`, in the order received, whether or not it exists.
    pub org_short_names: Vec<String>,
}

/// The group names in the `groups` or `ak_groups` claims of any of `claim_sets` (ID token,
/// userinfo), each claim a list of strings or of objects with a `name`. Duplicates are dropped.
pub fn groups_from_claims(claim_sets: &[&Value]) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for claims in claim_sets {
        for claim in ["groups", "ak_groups"] {
            let Some(Value::Array(items)) = claims.get(claim) else {
                continue;
            };
            for item in items {
                let name = match item {
                    Value::String(name) => Some(name.as_str()),
                    Value::Object(object) => object.get("name").and_then(Value::as_str),
                    _ => None,
                };
                if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty())
                    && !groups.iter().any(|g| g == name)
                {
                    groups.push(name.to_string());
                }
            }
        }
    }
    groups
}

/// Derives role, visibility and organisations from group names.
///
/// The strongest role group wins. Admins and super-admins always see everything; otherwise the
/// narrower visibility group wins (assigned over org); without one a user sees everything, unless
/// `project_visibility_enabled` makes org-scoped visibility the default.
pub fn membership(
    groups: &[String],
    names: &GroupNames,
    project_visibility_enabled: bool,
) -> Membership {
    let has = |name: &str| groups.iter().any(|g| g == name);
    let role = if has(&names.super_admins) {
        Role::SuperAdmin
    } else if has(&names.admins) {
        Role::Admin
    } else if has(&names.editors) {
        Role::Editor
    } else if has(&names.viewers) {
        Role::Viewer
    } else {
        Role::None
    };
    let visibility = if role >= Role::Admin {
        Visibility::All
    } else if has(&names.visibility_assigned) {
        Visibility::Assigned
    } else if has(&names.visibility_org) || project_visibility_enabled {
        Visibility::Org
    } else {
        Visibility::All
    };
    let org_short_names = groups
        .iter()
        .filter_map(|g| g.strip_prefix(names.org_prefix.as_str()))
        .filter(|short| !short.is_empty())
        .map(str::to_string)
        .collect();
    Membership {
        role,
        visibility,
        org_short_names,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn names() -> GroupNames {
        GroupNames::default()
    }

    fn derive(groups: &[&str], default_org: bool) -> Membership {
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        membership(&groups, &names(), default_org)
    }

    #[test]
    fn groups_come_as_strings_or_objects_from_either_claim_and_source() {
        let id_token =
            json!({"groups": ["rediflow-editors", {"name": "rediflow-org-EXAMPLE"}, 7, {"id": 1}]});
        let userinfo = json!({"ak_groups": [{"name": "rediflow-editors"}, " rediflow-viewers "], "groups": "not a list"});
        assert_eq!(
            groups_from_claims(&[&id_token, &userinfo]),
            [
                "rediflow-editors",
                "rediflow-org-EXAMPLE",
                "rediflow-viewers"
            ]
        );
        assert!(groups_from_claims(&[&json!({})]).is_empty());
    }

    #[test]
    fn strongest_role_wins() {
        assert_eq!(
            derive(&["rediflow-viewers", "rediflow-editors"], false).role,
            Role::Editor
        );
        assert_eq!(
            derive(&["rediflow-admins", "rediflow-super-admins"], false).role,
            Role::SuperAdmin
        );
        assert_eq!(derive(&["rediflow-viewers"], false).role, Role::Viewer);
        assert_eq!(
            derive(&["rediflow-org-EXAMPLE", "staff"], false).role,
            Role::None
        );
    }

    #[test]
    fn visibility_rules_of_spec_section_6() {
        assert_eq!(
            derive(&["rediflow-editors"], false).visibility,
            Visibility::All
        );
        assert_eq!(
            derive(&["rediflow-editors"], true).visibility,
            Visibility::Org
        );
        assert_eq!(
            derive(&["rediflow-editors", "rediflow-visibility-org"], false).visibility,
            Visibility::Org
        );
        assert_eq!(
            derive(
                &[
                    "rediflow-viewers",
                    "rediflow-visibility-org",
                    "rediflow-visibility-assigned"
                ],
                false
            )
            .visibility,
            Visibility::Assigned,
            "the narrower group wins"
        );
        assert_eq!(
            derive(&["rediflow-admins", "rediflow-visibility-assigned"], true).visibility,
            Visibility::All,
            "admins always see everything"
        );
    }

    #[test]
    fn organisations_are_kept_even_when_unknown() {
        let m = derive(
            &[
                "rediflow-org-EXAMPLE",
                "rediflow-org-",
                "rediflow-org-NOPE",
                "other-org-X",
            ],
            false,
        );
        assert_eq!(m.org_short_names, ["EXAMPLE", "NOPE"]);
    }
}
