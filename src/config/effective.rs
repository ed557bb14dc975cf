//! `rediflow check-config`: every variable's effective value, secrets masked, and where it came from.

use url::Url;

use super::authentik::DEFAULT_TEST_USER_PASSWORD;
use super::layers::Layers;
use super::variables::VARIABLES;
use super::{ConfigError, Settings, Sources, rules};

/// One line of `check-config` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveSetting {
    pub name: &'static str,
    pub value: String,
    pub origin: String,
}

/// The variables whose value, when unset, is worked out from others (or from the environment).
const DERIVED: &[&str] = &[
    "APP_URL",
    "OIDC_REDIRECT_URI",
    "STATIC_DIR",
    "HTTP_WORKERS",
    "RLS_ENABLED",
];

/// The effective settings with secrets masked, for `rediflow check-config`.
pub fn effective_settings(sources: &Sources) -> Result<Vec<EffectiveSetting>, ConfigError> {
    let layers = Layers::load(sources)?;
    let settings = rules::settings(layers.read()?)?;
    let lines = VARIABLES
        .iter()
        .map(|variable| {
            let text = layers.text(variable.name);
            let origin = match (layers.origin(variable.name), text) {
                (Some(origin), Some(_)) => origin.to_string(),
                _ if DERIVED.contains(&variable.name) => "derived".to_string(),
                _ => "unset".to_string(),
            };
            EffectiveSetting {
                name: variable.name,
                value: shown_value(variable.name, variable.secret, text, &settings),
                origin,
            }
        })
        .collect();
    Ok(lines)
}

/// What `check-config` prints for the variable: its text, masked when secret, or what applies
/// when it is unset.
fn shown_value(name: &str, secret: bool, text: Option<&str>, settings: &Settings) -> String {
    match (name, text) {
        ("APP_URL", _) => settings.app_url.to_string(),
        ("OIDC_REDIRECT_URI", _) => settings
            .oidc
            .as_ref()
            .map(|o| o.redirect_uri.to_string())
            .unwrap_or_else(|| "(OIDC off)".to_string()),
        ("STATIC_DIR", _) => settings.static_dir.display().to_string(),
        ("HTTP_WORKERS", None) => "(one per CPU core)".to_string(),
        ("SECRET_KEY", None) => "(generated at start, sessions end on restart)".to_string(),
        ("RLS_ENABLED", None) => format!(
            "{} (the default in {})",
            settings.rls_enabled,
            settings.app_env.as_str()
        ),
        ("AUTHENTIK_TEST_USER_PASSWORD", None) if !settings.app_env.is_production_like() => {
            format!("(not set: {DEFAULT_TEST_USER_PASSWORD} in dev and test)")
        }
        (_, None) => "(not set)".to_string(),
        ("DATABASE_URL" | "DATABASE_URL_APP", Some(v)) => mask_url(v),
        (_, Some(v)) if secret => format!("*** ({} characters)", v.len()),
        (_, Some(v)) => v.to_string(),
    }
}

/// Replaces the password of a connection URL with `***`.
pub fn mask_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // set_password only fails for URLs that cannot have credentials, which we checked above
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "***".to_string(),
    }
}
