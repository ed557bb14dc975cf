//! `rediflow authentik setup-oidc`: the OAuth2/OIDC provider "Rediflow" and the application
//! `rediflow`, as `blueprints/` describe them.

use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

use super::client::pk_of;
use super::{AuthentikError, Change, Client, Fields, Outcome, Want, at_most_one, ensure};
use crate::config::{AuthentikSettings, Secret};

pub const PROVIDER_NAME: &str = "Rediflow";
pub const APPLICATION_NAME: &str = "Rediflow";
/// The application slug; Authentik's issuer is `{AUTHENTIK_URL}/application/o/{slug}/`.
pub const APPLICATION_SLUG: &str = "rediflow";
/// Authentik's default flows, created on its first start.
pub const DEFAULT_AUTHORIZATION_FLOW: &str = "default-provider-authorization-implicit-consent";
pub const DEFAULT_INVALIDATION_FLOW: &str = "default-provider-invalidation-flow";
pub const DEFAULT_SIGNING_KEY: &str = "authentik Self-signed Certificate";

/// The managed scope mappings of the standard scopes; offline_access gives Rediflow the refresh
/// token with which sessions re-check the user's groups (`sessions::provider_check`).
pub const MANAGED_SCOPES: &[&str] = &[
    "goauthentik.io/providers/oauth2/scope-openid",
    "goauthentik.io/providers/oauth2/scope-email",
    "goauthentik.io/providers/oauth2/scope-profile",
    "goauthentik.io/providers/oauth2/scope-offline_access",
];

pub const GROUPS_MAPPING_NAME: &str = "Rediflow groups";
pub const GROUPS_SCOPE: &str = "groups";
/// The `groups` claim: the names of the user's groups. Authentik 2025.12 renamed the relation
/// `ak_groups` to `groups`; the expression works with both.
pub const GROUPS_EXPRESSION: &str = "\
# The names of the user's Authentik groups (rediflow-admins, rediflow-org-EXAMPLE, ...).
# authentik 2025.12 renamed the relation ak_groups to groups.
user = request.user
related = user.ak_groups if hasattr(user, \"ak_groups\") else user.groups
return {\"groups\": [group.name for group in related.all()]}
";
const GROUPS_DESCRIPTION: &str = "Rediflow roles, visibility and organisations";

const FLOWS: &str = "flows/instances/";
const KEYPAIRS: &str = "crypto/certificatekeypairs/";
const SCOPE_MAPPINGS: &str = "propertymappings/provider/scope/";
const PROVIDERS: &str = "providers/oauth2/";
const APPLICATIONS: &str = "core/applications/";

/// Choices an operator may make on the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Slug of the authorization (consent) flow.
    pub authorization_flow: String,
    /// Name of the certificate-keypair that signs the tokens.
    pub signing_key: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            authorization_flow: DEFAULT_AUTHORIZATION_FLOW.to_string(),
            signing_key: DEFAULT_SIGNING_KEY.to_string(),
        }
    }
}

/// What Rediflow needs to know afterwards.
#[derive(Debug)]
pub struct OidcSetup {
    pub version: String,
    pub outcomes: Vec<Outcome>,
    pub issuer: Url,
    pub client_id: String,
    pub client_secret: Secret,
}

/// The issuer Authentik gives the application `rediflow` ("per provider" issuer mode).
pub fn issuer(settings: &AuthentikSettings) -> Result<Url, AuthentikError> {
    settings
        .authentik_url
        .join(&format!("application/o/{APPLICATION_SLUG}/"))
        .map_err(|e| AuthentikError::Setup(format!("AUTHENTIK_URL cannot be used: {e}")))
}

pub async fn run(
    client: &Client,
    settings: &AuthentikSettings,
    options: &Options,
) -> Result<OidcSetup, AuthentikError> {
    let version = super::check_version(client).await?;
    let authorization_flow = flow_pk(client, &options.authorization_flow).await?;
    let invalidation_flow = flow_pk(client, DEFAULT_INVALIDATION_FLOW).await?;
    let signing_key = signing_key_pk(client, &options.signing_key).await?;

    let mut outcomes = Vec::new();
    let mut mappings = Vec::new();
    for managed in MANAGED_SCOPES {
        let found = client.find(SCOPE_MAPPINGS, "managed", managed).await?;
        let mapping = at_most_one(client, SCOPE_MAPPINGS, managed, found)?.ok_or_else(|| {
            AuthentikError::Setup(format!(
                "Authentik has no scope mapping {managed} (its default blueprints create it on start)"
            ))
        })?;
        mappings.push(pk(client, SCOPE_MAPPINGS, &mapping, "pk")?);
    }
    let (groups_mapping, outcome) = ensure_groups_mapping(client).await?;
    mappings.push(groups_mapping);
    outcomes.push(outcome);

    let application = client.get(&application_path()).await?;
    let provider = find_provider(client, application.as_ref()).await?;
    let wanted: Fields = vec![
        ("name", Want::Exactly(json!(PROVIDER_NAME))),
        (
            "authorization_flow",
            Want::Exactly(json!(authorization_flow)),
        ),
        ("invalidation_flow", Want::Exactly(json!(invalidation_flow))),
        ("client_type", Want::Exactly(json!("confidential"))),
        ("include_claims_in_id_token", Want::Exactly(json!(true))),
        // As blueprints/20-rediflow-oidc.yaml: one issuer per provider, and `sub` = the user's
        // UUID, so users pre-registered by `seed-test-users --link-persons` keep matching.
        ("issuer_mode", Want::Exactly(json!("per_provider"))),
        ("sub_mode", Want::Exactly(json!("user_uuid"))),
        ("signing_key", Want::Exactly(json!(signing_key))),
        (
            "redirect_uris",
            Want::Exactly(json!([{
                "matching_mode": "strict",
                "url": settings.redirect_uri.as_str(),
            }])),
        ),
        (
            "property_mappings",
            Want::AnyOrder(mappings.iter().map(|m| json!(m)).collect()),
        ),
    ];
    // client_id and client_secret are never sent: Authentik generates them on creation and an
    // update keeps them, so a deployed Rediflow stays configured.
    let (provider, change) = ensure(client, PROVIDERS, provider, &wanted, |p| {
        pk_of(p, "pk").map(|pk| format!("{PROVIDERS}{pk}/"))
    })
    .await?;
    outcomes.push(Outcome::new("provider", PROVIDER_NAME, change));
    let provider_pk = provider
        .get("pk")
        .and_then(Value::as_i64)
        .ok_or_else(|| client.unexpected(Method::GET, PROVIDERS, "a provider without pk"))?;
    let client_id = text_field(client, &provider, "client_id")?;
    let client_secret = Secret::new(text_field(client, &provider, "client_secret")?);

    let wanted: Fields = vec![
        ("name", Want::Exactly(json!(APPLICATION_NAME))),
        ("slug", Want::Exactly(json!(APPLICATION_SLUG))),
        ("provider", Want::Exactly(json!(provider_pk))),
        (
            "meta_launch_url",
            Want::Exactly(json!(settings.app_url.as_str())),
        ),
    ];
    let (_, change) = ensure(client, APPLICATIONS, application, &wanted, |_| {
        Some(application_path())
    })
    .await?;
    outcomes.push(Outcome::new("application", APPLICATION_SLUG, change));

    Ok(OidcSetup {
        version,
        outcomes,
        issuer: issuer(settings)?,
        client_id,
        client_secret,
    })
}

fn application_path() -> String {
    format!("{APPLICATIONS}{APPLICATION_SLUG}/")
}

/// The provider to update: the application's, else the one named "Rediflow", else none.
async fn find_provider(
    client: &Client,
    application: Option<&Value>,
) -> Result<Option<Value>, AuthentikError> {
    if let Some(pk) = application.and_then(|a| pk_of(a, "provider")) {
        // A 404 means the application uses another kind of provider: make an OAuth2 one.
        if let Some(provider) = client.get(&format!("{PROVIDERS}{pk}/")).await? {
            return Ok(Some(provider));
        }
    }
    let found = client.find(PROVIDERS, "name", PROVIDER_NAME).await?;
    at_most_one(client, PROVIDERS, PROVIDER_NAME, found)
}

async fn ensure_groups_mapping(client: &Client) -> Result<(String, Outcome), AuthentikError> {
    let found = client
        .find(SCOPE_MAPPINGS, "name", GROUPS_MAPPING_NAME)
        .await?;
    let current = at_most_one(client, SCOPE_MAPPINGS, GROUPS_MAPPING_NAME, found)?;
    let wanted: Fields = vec![
        ("name", Want::Exactly(json!(GROUPS_MAPPING_NAME))),
        ("scope_name", Want::Exactly(json!(GROUPS_SCOPE))),
        ("description", Want::Exactly(json!(GROUPS_DESCRIPTION))),
        ("expression", Want::Exactly(json!(GROUPS_EXPRESSION))),
    ];
    let (mapping, change) = ensure(client, SCOPE_MAPPINGS, current, &wanted, |m| {
        pk_of(m, "pk").map(|pk| format!("{SCOPE_MAPPINGS}{pk}/"))
    })
    .await?;
    Ok((
        pk(client, SCOPE_MAPPINGS, &mapping, "pk")?,
        Outcome::new("scope mapping", GROUPS_MAPPING_NAME, change),
    ))
}

async fn flow_pk(client: &Client, slug: &str) -> Result<String, AuthentikError> {
    let found = client.find(FLOWS, "slug", slug).await?;
    let flow = at_most_one(client, FLOWS, slug, found)?.ok_or_else(|| {
        AuthentikError::Setup(format!(
            "Authentik has no flow with the slug {slug} (its default flows are created on the \
             first start; wait until Authentik has finished starting)"
        ))
    })?;
    pk(client, FLOWS, &flow, "pk")
}

async fn signing_key_pk(client: &Client, name: &str) -> Result<String, AuthentikError> {
    let found = client.find(KEYPAIRS, "name", name).await?;
    let keypair = at_most_one(client, KEYPAIRS, name, found)?.ok_or_else(|| {
        AuthentikError::Setup(format!(
            "Authentik has no certificate-keypair named \"{name}\" (choose one with --signing-key)"
        ))
    })?;
    if keypair
        .get("private_key_available")
        .and_then(Value::as_bool)
        == Some(false)
    {
        return Err(AuthentikError::Setup(format!(
            "the certificate-keypair \"{name}\" has no private key and cannot sign tokens"
        )));
    }
    pk(client, KEYPAIRS, &keypair, "pk")
}

fn pk(client: &Client, path: &str, object: &Value, field: &str) -> Result<String, AuthentikError> {
    pk_of(object, field)
        .ok_or_else(|| client.unexpected(Method::GET, path, &format!("an object without {field}")))
}

fn text_field(client: &Client, provider: &Value, field: &str) -> Result<String, AuthentikError> {
    provider
        .get(field)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            client.unexpected(
                Method::GET,
                PROVIDERS,
                &format!("the provider has no {field}"),
            )
        })
}

/// The lines `setup-oidc` prints or writes: issuer, client id and secret.
pub fn env_values(setup: &OidcSetup) -> [(&'static str, String); 3] {
    [
        ("OIDC_ISSUER", setup.issuer.to_string()),
        ("OIDC_CLIENT_ID", setup.client_id.clone()),
        (
            "OIDC_CLIENT_SECRET",
            setup.client_secret.expose().to_string(),
        ),
    ]
}

/// Whether a change happened (for the summary line).
pub fn changed(outcomes: &[Outcome]) -> usize {
    outcomes
        .iter()
        .filter(|o| o.change != Change::Unchanged)
        .count()
}
