//! What the `rediflow authentik` commands need, loaded without the database settings so that
//! configuring Authentik does not need a database.

use url::Url;

use super::layers::Layers;
use super::rules::{app_url, group_names, redirect_uri, required};
use super::types::{AppEnv, GroupNames, Secret};
use super::values::{ApiToken, AuthentikUrl, Bind};
use super::{ConfigError, Sources};

/// The password of the seeded Authentik test users when `AUTHENTIK_TEST_USER_PASSWORD` is not set
/// (dev and test only).
pub const DEFAULT_TEST_USER_PASSWORD: &str = "test-password";

/// The settings of the `rediflow authentik` commands.
#[derive(Debug, Clone)]
pub struct AuthentikSettings {
    pub app_env: AppEnv,
    pub app_url: Url,
    /// `OIDC_REDIRECT_URI`, by default `{APP_URL}/oauth/callback`: the provider's only redirect URI.
    pub redirect_uri: Url,
    /// `AUTHENTIK_URL` with a trailing slash, so that `api/v3/...` joins below it.
    pub authentik_url: Url,
    /// `AUTHENTIK_BOOTSTRAP_TOKEN`: an API token of an Authentik administrator.
    pub token: Secret,
    /// `AUTHENTIK_TEST_USER_PASSWORD`, else [`DEFAULT_TEST_USER_PASSWORD`] in dev and test;
    /// `None` in qa and prod when unset.
    pub test_user_password: Option<Secret>,
    pub groups: GroupNames,
}

impl AuthentikSettings {
    pub fn load_from(sources: &Sources) -> Result<AuthentikSettings, ConfigError> {
        let mut raw = Layers::load(sources)?.read()?;
        let app_env = raw.APP_ENV;
        let Bind(bind) = raw.BIND;
        let app_url = app_url(raw.APP_URL.as_ref(), bind, app_env)?;
        let redirect_uri = redirect_uri(raw.OIDC_REDIRECT_URI.as_ref(), &app_url)?;
        let AuthentikUrl(authentik_url) = required(
            raw.AUTHENTIK_URL.take(),
            "AUTHENTIK_URL",
            "the URL of Authentik's web interface and API, e.g. http://127.0.0.1:9001",
        )?;
        let ApiToken(token) = required(
            raw.AUTHENTIK_BOOTSTRAP_TOKEN.take(),
            "AUTHENTIK_BOOTSTRAP_TOKEN",
            "an Authentik API token of an administrator, e.g. the one Authentik was started with",
        )?;
        let test_user_password = match raw.AUTHENTIK_TEST_USER_PASSWORD.take() {
            Some(password) => Some(password),
            None if app_env.is_production_like() => None,
            None => Some(Secret::new(DEFAULT_TEST_USER_PASSWORD)),
        };
        Ok(AuthentikSettings {
            app_env,
            app_url,
            redirect_uri,
            authentik_url,
            token,
            test_user_password,
            groups: group_names(&raw),
        })
    }
}
