//! Layered configuration: built-in defaults → `.env` → `.env.<APP_ENV>` → process environment.
//!
//! Every variable is declared once, with its type and default, in [`variables`]; the layers are
//! merged into one text per variable and deserialised (serde) into that declaration, whose value
//! types refuse bad text ([`values`]); the rules between variables then make one typed
//! [`Settings`] ([`rules`]). A bad value is a [`ConfigError`] that names the variable, so that
//! start-up fails with one clear line instead of a panic deep inside the server.

mod authentik;
mod effective;
mod layers;
mod rules;
mod types;
mod values;
mod variables;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use bigdecimal::BigDecimal;
use url::Url;

pub use authentik::{AuthentikSettings, DEFAULT_TEST_USER_PASSWORD};
pub use effective::{EffectiveSetting, effective_settings, mask_url};
pub use types::{
    AppEnv, GroupNames, LogFormat, NoAuthPolicy, OidcSettings, Secret, TrustedProxies,
};

/// The effective configuration of one process.
#[derive(Debug, Clone)]
pub struct Settings {
    pub app_env: AppEnv,
    pub app_url: Url,
    pub bind: SocketAddr,
    /// Owner/migrator connection: runs migrations, CLI imports and `setup-rls-app-role`.
    pub database_url: Secret,
    /// Application role connection, used for requests when `rls_enabled`.
    pub database_url_app: Option<Secret>,
    pub rls_enabled: bool,
    pub postgres_app_user: String,
    pub postgres_app_password: Option<Secret>,
    pub secret_key: Secret,
    /// True when no SECRET_KEY was configured and a random one was made for this run.
    pub secret_key_generated: bool,
    pub oidc: Option<OidcSettings>,
    /// `None` when POLICY_NO_AUTH_DEFAULT was not set explicitly.
    pub policy_no_auth_default: Option<NoAuthPolicy>,
    pub project_visibility_enabled: bool,
    pub person_capacity_enabled: bool,
    pub role_demand_enabled: bool,
    pub capacity_requests_enabled: bool,
    pub share_url_feature: bool,
    pub share_url_feature_stats: bool,
    pub share_url_stats_min_clicks: u32,
    pub hours_per_pm: BigDecimal,
    /// The portfolio lists people allocated below this share of their capacity.
    pub under_allocation_percent: u32,
    /// The language of pages when neither the user nor their browser chose one of ours.
    pub default_locale: crate::i18n::Lang,
    pub db_pool_size: u32,
    /// How long a request waits for a database connection before answering 503.
    pub db_connect_timeout: Duration,
    /// Whether connections keep their statements prepared (diesel's statement cache). Off behind
    /// a pooler in transaction mode, whose next transaction may run on another server
    /// connection, where the names are unknown or taken (`DB_PREPARED_STATEMENTS`).
    pub db_prepared_statements: bool,
    pub log_format: LogFormat,
    pub static_dir: PathBuf,
    /// HTTP worker threads; `None` means one per CPU core.
    pub http_workers: Option<usize>,
    /// A session unused this long ends (default 8 hours).
    pub session_idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not (default 7 days).
    pub session_max_lifetime: Duration,
    /// A signed-in session's groups are checked with the identity provider when its last
    /// confirmation is this old (default 10 minutes).
    pub session_revalidate_interval: Duration,
    /// While the provider cannot be asked, a session keeps its last confirmed groups this long;
    /// the next failed attempt ends it (default 60 minutes).
    pub session_revalidate_grace: Duration,
    /// How long a sign-in started at /login may take to come back to /oauth/callback.
    pub login_state_ttl: Duration,
    /// Failed sign-ins per minute and client address (refused callbacks, sign-ins abandoned at
    /// the provider) before /login and unexpected callbacks answer 429.
    pub login_rate_limit_per_minute: u32,
    /// Sign-ins started per minute and client address, successful ones included (the ceiling).
    pub login_ceiling_per_minute: u32,
    /// API requests per minute and personal access token before the API answers 429.
    pub api_rate_limit_per_minute: u32,
    /// Requests from these peers may name the client in X-Forwarded-For (the sign-in rate limit).
    pub trusted_proxies: TrustedProxies,
    pub groups: GroupNames,
}

/// A setting that is missing or invalid; `Display` is the one line shown to the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable} {problem}")]
pub struct ConfigError {
    pub variable: String,
    pub problem: String,
}

impl ConfigError {
    fn new(variable: &str, problem: impl Into<String>) -> Self {
        ConfigError {
            variable: variable.to_string(),
            problem: problem.into(),
        }
    }

    /// The error of a value read by serde, which does not know the variable: now it does.
    fn of(mut self, variable: &str) -> Self {
        if self.variable.is_empty() {
            self.variable = variable.to_string();
        }
        self
    }
}

/// serde's side of reading the merged layers: a value type's refusal is the problem, and
/// `layers` adds the variable's name.
impl serde::de::Error for ConfigError {
    fn custom<T: fmt::Display>(problem: T) -> Self {
        ConfigError {
            variable: String::new(),
            problem: problem.to_string(),
        }
    }

    fn missing_field(variable: &'static str) -> Self {
        ConfigError::new(variable, "is not set")
    }
}

/// Where the layers come from. Tests pass explicit values and no directory, so that a
/// developer's `.env` or shell cannot change what a test sees.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Directory holding `.env` and `.env.<APP_ENV>`; `None` reads no files.
    pub dotenv_dir: Option<PathBuf>,
    /// The top layer, normally the process environment.
    pub overrides: BTreeMap<String, String>,
}

impl Sources {
    /// The normal sources of the running binary: files in the working directory and the environment.
    pub fn from_process() -> Self {
        Sources {
            dotenv_dir: Some(PathBuf::from(".")),
            overrides: std::env::vars().collect(),
        }
    }
}

impl Settings {
    /// Loads the settings of the running process (files in the working directory, then the environment).
    pub fn load() -> Result<Settings, ConfigError> {
        Settings::load_from(&Sources::from_process())
    }

    /// Loads and validates settings from explicit sources.
    pub fn load_from(sources: &Sources) -> Result<Settings, ConfigError> {
        rules::settings(layers::Layers::load(sources)?.read()?)
    }

    /// The database URL requests use: the app role's with RLS on, the owner's otherwise.
    pub fn request_database_url(&self) -> &Secret {
        match (&self.database_url_app, self.rls_enabled) {
            (Some(app), true) => app,
            _ => &self.database_url,
        }
    }

    /// The no-auth policy in effect: explicit setting, else allow_all (dev/test only; see `serve`).
    pub fn effective_no_auth_policy(&self) -> NoAuthPolicy {
        self.policy_no_auth_default
            .unwrap_or(NoAuthPolicy::AllowAll)
    }
}

#[cfg(test)]
mod tests;
