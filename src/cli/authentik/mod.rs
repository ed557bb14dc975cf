//! `rediflow authentik ...`: configures Authentik through its REST API with an administrator's
//! token (`AUTHENTIK_BOOTSTRAP_TOKEN`), as the alternative to the blueprints in `blueprints/`
//! that gives the same result: the OAuth2/OIDC provider and the application `rediflow`
//! (`setup_oidc`), the `rediflow-*` groups and the test users (`test_users`), the login page's
//! title, logo and favicon (`brand`).
//!
//! Every command is idempotent: objects are found by name, slug or username, created when
//! missing, and PATCHed with only the fields that differ; each is reported as created, updated
//! (with the fields) or unchanged. Nothing is ever deleted.
//!
//! Version assumptions: Authentik 2024.10 or later (tested against the 2024.10 – 2025.x API
//! shape, checked at start through `GET /api/v3/admin/version/`):
//! - OAuth2 providers (`/api/v3/providers/oauth2/`) take `redirect_uris` as a list of
//!   `{"matching_mode": "strict", "url": ...}` and need an `invalidation_flow` (both 2024.10);
//! - scope mappings live under `/api/v3/propertymappings/provider/scope/` (2024.8; the managed
//!   ones are `goauthentik.io/providers/oauth2/scope-{openid,email,profile}`);
//! - lists are paginated as `{"pagination": {"next": <page number, 0 on the last>}, "results": []}`;
//! - applications are addressed by slug (`/api/v3/core/applications/{slug}/`), users by their
//!   integer pk, groups, flows' pks, keypairs and brands by UUID;
//! - a user's OIDC `sub` follows the provider's `sub_mode`; setup-oidc sets `user_uuid` (as the
//!   blueprint does), so it is the `uuid` the users API returns.

pub mod brand;
pub mod client;
pub mod env_file;
pub mod setup_oidc;
pub mod test_users;

use std::fmt;

use reqwest::Method;
use serde_json::{Map, Value};

pub use client::{AuthentikError, Client};

/// What one run did to one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created,
    /// The names of the fields that were changed.
    Updated(Vec<String>),
    Unchanged,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Created => f.write_str("created"),
            Change::Updated(fields) => write!(f, "updated ({})", fields.join(", ")),
            Change::Unchanged => f.write_str("unchanged"),
        }
    }
}

/// One line of a command's report: `scope mapping "Rediflow groups": created`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub kind: &'static str,
    pub name: String,
    pub change: Change,
    /// Something more to say, e.g. "password set".
    pub note: Option<String>,
}

impl Outcome {
    pub fn new(kind: &'static str, name: impl Into<String>, change: Change) -> Self {
        Outcome {
            kind,
            name: name.into(),
            change,
            note: None,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} \"{}\": {}", self.kind, self.name, self.change)?;
        if let Some(note) = &self.note {
            write!(f, ", {note}")?;
        }
        Ok(())
    }
}

/// How a wanted field is compared with what Authentik has.
#[derive(Debug, Clone)]
pub enum Want {
    /// Equal JSON.
    Exactly(Value),
    /// A list whose order does not matter (property mappings, group memberships).
    AnyOrder(Vec<Value>),
}

impl Want {
    fn value(&self) -> Value {
        match self {
            Want::Exactly(v) => v.clone(),
            Want::AnyOrder(items) => Value::Array(items.clone()),
        }
    }

    fn satisfied_by(&self, current: Option<&Value>) -> bool {
        match (self, current) {
            (Want::Exactly(want), Some(have)) => want == have,
            (Want::Exactly(want), None) => want.is_null(),
            (Want::AnyOrder(want), Some(Value::Array(have))) => {
                want.len() == have.len()
                    && want.iter().all(|w| have.contains(w))
                    && have.iter().all(|h| want.contains(h))
            }
            (Want::AnyOrder(want), _) => want.is_empty(),
        }
    }
}

/// The wanted fields of one object, in the order they are reported.
pub type Fields = Vec<(&'static str, Want)>;

/// The whole body to create an object with.
pub fn creation_body(fields: &Fields) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(name, want)| (name.to_string(), want.value()))
            .collect(),
    )
}

/// The fields of `current` that differ from `wanted`: their names and a PATCH body with only them.
pub fn differences(current: &Value, wanted: &Fields) -> (Vec<String>, Value) {
    let mut names = Vec::new();
    let mut body = Map::new();
    for (name, want) in wanted {
        if !want.satisfied_by(current.get(*name)) {
            names.push(name.to_string());
            body.insert(name.to_string(), want.value());
        }
    }
    (names, Value::Object(body))
}

/// Creates the object when `current` is `None`, PATCHes the differing fields otherwise.
/// `detail_path` gives an existing object's URL path. Returns the object as it is now.
pub async fn ensure(
    client: &Client,
    list_path: &str,
    current: Option<Value>,
    wanted: &Fields,
    detail_path: impl Fn(&Value) -> Option<String>,
) -> Result<(Value, Change), AuthentikError> {
    match current {
        None => Ok((
            client.create(list_path, &creation_body(wanted)).await?,
            Change::Created,
        )),
        Some(current) => {
            let (names, body) = differences(&current, wanted);
            if names.is_empty() {
                return Ok((current, Change::Unchanged));
            }
            let path = detail_path(&current)
                .ok_or_else(|| client.unexpected(Method::GET, list_path, "an object without pk"))?;
            Ok((client.patch(&path, &body).await?, Change::Updated(names)))
        }
    }
}

/// The oldest Authentik whose API shape these commands use.
const OLDEST_SUPPORTED: (u32, u32) = (2024, 10);

/// Checks that the token works and Authentik is new enough; returns its version.
pub async fn check_version(client: &Client) -> Result<String, AuthentikError> {
    const PATH: &str = "admin/version/";
    let version = client
        .get(PATH)
        .await?
        .and_then(|v| {
            v.get("version_current")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .ok_or_else(|| client.unexpected(Method::GET, PATH, "no version_current"))?;
    match parse_version(&version) {
        Some(found) if found < OLDEST_SUPPORTED => Err(AuthentikError::Setup(format!(
            "Authentik {version} is too old: these commands need {}.{} or later (or use the blueprints)",
            OLDEST_SUPPORTED.0, OLDEST_SUPPORTED.1
        ))),
        _ => Ok(version),
    }
}

/// `2025.2.1` → (2025, 2); development builds ("gh-...") are taken as new.
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.split('.');
    let year = parts.next()?.trim().parse().ok()?;
    let month = parts.next()?.trim().parse().ok()?;
    Some((year, month))
}

/// The one object a lookup may find; two are an error (Authentik keeps these names unique).
pub fn at_most_one(
    client: &Client,
    path: &str,
    what: &str,
    mut found: Vec<Value>,
) -> Result<Option<Value>, AuthentikError> {
    if found.len() > 1 {
        return Err(client.unexpected(
            Method::GET,
            path,
            &format!("{} objects named {what}", found.len()),
        ));
    }
    Ok(found.pop())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_differing_fields_are_patched() {
        let current = json!({
            "pk": 1,
            "name": "Rediflow",
            "include_claims_in_id_token": false,
            "property_mappings": ["b", "a"],
            "redirect_uris": [{"matching_mode": "strict", "url": "http://x/oauth/callback"}],
            "other": "kept",
        });
        let wanted: Fields = vec![
            ("name", Want::Exactly(json!("Rediflow"))),
            ("include_claims_in_id_token", Want::Exactly(json!(true))),
            (
                "property_mappings",
                Want::AnyOrder(vec![json!("a"), json!("b")]),
            ),
            (
                "redirect_uris",
                Want::Exactly(
                    json!([{"url": "http://x/oauth/callback", "matching_mode": "strict"}]),
                ),
            ),
        ];
        let (names, body) = differences(&current, &wanted);
        assert_eq!(names, ["include_claims_in_id_token"]);
        assert_eq!(body, json!({"include_claims_in_id_token": true}));

        let wanted: Fields = vec![(
            "property_mappings",
            Want::AnyOrder(vec![json!("a"), json!("c")]),
        )];
        let (names, body) = differences(&current, &wanted);
        assert_eq!(names, ["property_mappings"]);
        assert_eq!(body, json!({"property_mappings": ["a", "c"]}));
        assert_eq!(
            creation_body(&wanted),
            json!({"property_mappings": ["a", "c"]})
        );
    }

    #[test]
    fn versions_compare_by_year_and_month() {
        assert_eq!(parse_version("2025.2.1"), Some((2025, 2)));
        assert_eq!(parse_version("2024.10.5"), Some((2024, 10)));
        assert!(parse_version("2024.8.3").unwrap() < OLDEST_SUPPORTED);
        assert!(parse_version("2024.12.0").unwrap() >= OLDEST_SUPPORTED);
        assert_eq!(parse_version("gh-main"), None);
    }

    #[test]
    fn outcomes_read_as_one_line() {
        let mut outcome = Outcome::new(
            "user",
            "admin@test",
            Change::Updated(vec!["name".into(), "groups".into()]),
        );
        outcome.note = Some("password set".into());
        assert_eq!(
            outcome.to_string(),
            "user \"admin@test\": updated (name, groups), password set"
        );
    }
}
