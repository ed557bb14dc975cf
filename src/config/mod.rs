//! Layered configuration: built-in defaults → `.env` → `.env.<APP_ENV>` → process environment.
//!
//! The `config` crate merges the layers; this module turns the merged strings into one typed
//! [`Settings`] and refuses bad values with a [`ConfigError`] that names the variable, so that
//! start-up fails with one clear line instead of a panic deep inside the server.

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use bigdecimal::BigDecimal;
use ipnet::IpNet;
use rand::RngCore;
use url::Url;

/// The deployment environment, chosen by `APP_ENV`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    Dev,
    Test,
    Qa,
    Prod,
}

impl AppEnv {
    pub fn as_str(self) -> &'static str {
        match self {
            AppEnv::Dev => "dev",
            AppEnv::Test => "test",
            AppEnv::Qa => "qa",
            AppEnv::Prod => "prod",
        }
    }

    /// qa and prod run behind TLS with real users: secure cookies, HSTS and mandatory secrets.
    pub fn is_production_like(self) -> bool {
        matches!(self, AppEnv::Qa | AppEnv::Prod)
    }
}

/// What the built-in anonymous user may do when OIDC is not configured (SPEC §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAuthPolicy {
    AllowAll,
    ViewOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A value that must never be printed or logged in full.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Names of the identity provider groups that grant roles, visibility and organisations (SPEC §6).
#[derive(Debug, Clone)]
pub struct GroupNames {
    pub super_admins: String,
    pub admins: String,
    pub editors: String,
    pub viewers: String,
    pub visibility_org: String,
    pub visibility_assigned: String,
    /// `rediflow-org-` by default; the organisation's short name follows it.
    pub org_prefix: String,
}

impl Default for GroupNames {
    /// The names of SPEC §6, which the `GROUP_*` settings default to.
    fn default() -> Self {
        GroupNames {
            super_admins: "rediflow-super-admins".into(),
            admins: "rediflow-admins".into(),
            editors: "rediflow-editors".into(),
            viewers: "rediflow-viewers".into(),
            visibility_org: "rediflow-visibility-org".into(),
            visibility_assigned: "rediflow-visibility-assigned".into(),
            org_prefix: "rediflow-org-".into(),
        }
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`): addresses and
/// networks. Empty: nobody's, the peer address is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is one of the proxies (an IPv4 address seen as `::ffff:a.b.c.d` counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

impl std::str::FromStr for TrustedProxies {
    /// The first item that is neither an address nor a network.
    type Err = String;

    /// Addresses and networks separated by commas or white space.
    fn from_str(listed: &str) -> Result<Self, String> {
        let items = listed.split(|c: char| c == ',' || c.is_whitespace());
        let mut networks = Vec::new();
        for item in items.filter(|item| !item.is_empty()) {
            let network = item
                .parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| item.to_string())?;
            networks.push(network.trunc());
        }
        Ok(TrustedProxies(networks))
    }
}

/// OIDC client settings; present only when both the issuer and the client id are set.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub issuer: Url,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    pub redirect_uri: Url,
    pub scopes: Vec<String>,
}

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

/// Every variable this module reads, with its built-in default (if any) and whether it is a secret.
/// `check-config` prints them in this order.
const VARIABLES: &[(&str, Option<&str>, bool)] = &[
    ("APP_ENV", Some("dev"), false),
    ("APP_URL", None, false),
    ("BIND", Some("127.0.0.1:5000"), false),
    ("DATABASE_URL", None, true),
    ("DATABASE_URL_APP", None, true),
    // No built-in default: on in qa and prod, off in dev and test (`Settings::from_layers`).
    ("RLS_ENABLED", None, false),
    ("POSTGRES_APP_USER", Some("rediflow_app"), false),
    ("POSTGRES_APP_PASSWORD", None, true),
    ("SECRET_KEY", None, true),
    ("OIDC_ISSUER", None, false),
    ("OIDC_CLIENT_ID", None, false),
    ("OIDC_CLIENT_SECRET", None, true),
    ("OIDC_REDIRECT_URI", None, false),
    ("OIDC_SCOPES", Some("openid profile email groups"), false),
    ("POLICY_NO_AUTH_DEFAULT", None, false),
    ("PROJECT_VISIBILITY_ENABLED", Some("false"), false),
    ("PERSON_CAPACITY_ENABLED", Some("false"), false),
    ("ROLE_DEMAND_ENABLED", Some("false"), false),
    ("CAPACITY_REQUESTS_ENABLED", Some("false"), false),
    ("SHARE_URL_FEATURE", Some("false"), false),
    ("SHARE_URL_FEATURE_STATS", Some("false"), false),
    ("SHARE_URL_STATS_MIN_CLICKS", Some("5"), false),
    ("HOURS_PER_PM", Some("160"), false),
    ("UNDER_ALLOCATION_PERCENT", Some("80"), false),
    ("DB_POOL_SIZE", Some("10"), false),
    ("DB_CONNECT_TIMEOUT_SECONDS", Some("5"), false),
    ("DB_PREPARED_STATEMENTS", Some("true"), false),
    ("LOG_FORMAT", Some("text"), false),
    ("STATIC_DIR", None, false),
    ("HTTP_WORKERS", None, false),
    ("SESSION_IDLE_TIMEOUT_MINUTES", Some("480"), false),
    ("SESSION_MAX_LIFETIME_HOURS", Some("168"), false),
    ("SESSION_REVALIDATE_MINUTES", Some("10"), false),
    ("SESSION_REVALIDATE_GRACE_MINUTES", Some("60"), false),
    ("LOGIN_STATE_TTL_SECONDS", Some("600"), false),
    ("LOGIN_RATE_LIMIT_PER_MINUTE", Some("20"), false),
    ("LOGIN_CEILING_PER_MINUTE", Some("100"), false),
    ("TRUSTED_PROXIES", None, false),
    // Replaced by TRUSTED_PROXIES; `true` without it is refused (see `parse_trusted_proxies`).
    ("TRUST_FORWARDED_FOR", Some("false"), false),
    ("GROUP_SUPER_ADMINS", Some("rediflow-super-admins"), false),
    ("GROUP_ADMINS", Some("rediflow-admins"), false),
    ("GROUP_EDITORS", Some("rediflow-editors"), false),
    ("GROUP_VIEWERS", Some("rediflow-viewers"), false),
    (
        "GROUP_VISIBILITY_ORG",
        Some("rediflow-visibility-org"),
        false,
    ),
    (
        "GROUP_VISIBILITY_ASSIGNED",
        Some("rediflow-visibility-assigned"),
        false,
    ),
    ("GROUP_ORG_PREFIX", Some("rediflow-org-"), false),
    // `rediflow authentik ...` (setup-oidc, seed-test-users, apply-brand); the server ignores them
    ("AUTHENTIK_URL", None, false),
    ("AUTHENTIK_BOOTSTRAP_TOKEN", None, true),
    ("AUTHENTIK_TEST_USER_PASSWORD", None, true),
];

const MIN_SECRET_KEY_BYTES: usize = 64;

/// The merged layers as strings, plus where each value came from (for `check-config`).
struct Layers {
    values: BTreeMap<String, String>,
    origins: BTreeMap<String, String>,
}

impl Layers {
    fn load(sources: &Sources) -> Result<Self, ConfigError> {
        let base = match &sources.dotenv_dir {
            Some(dir) => read_dotenv(&dir.join(".env"))?,
            None => BTreeMap::new(),
        };
        // APP_ENV picks the second file, so it is resolved from the layers above it first.
        let app_env = sources
            .overrides
            .get("APP_ENV")
            .or_else(|| base.get("APP_ENV"))
            .map(|value| value.trim().to_string())
            .unwrap_or_else(|| "dev".to_string());
        let app_env = parse_app_env(&app_env)?;
        let env_file_name = format!(".env.{}", app_env.as_str());
        let per_env = match &sources.dotenv_dir {
            Some(dir) => read_dotenv(&dir.join(&env_file_name))?,
            None => BTreeMap::new(),
        };

        let known: Vec<&str> = VARIABLES.iter().map(|(name, _, _)| *name).collect();
        let mut builder = config::Config::builder();
        for (name, default, _) in VARIABLES {
            if let Some(default) = default {
                builder = builder
                    .set_default(name.to_ascii_lowercase(), *default)
                    .map_err(|e| ConfigError::new(name, e.to_string()))?;
            }
        }
        for layer in [&base, &per_env, &sources.overrides] {
            for (key, value) in layer.iter().filter(|(k, _)| known.contains(&k.as_str())) {
                builder = builder
                    .set_override(key.to_ascii_lowercase(), value.as_str())
                    .map_err(|e| ConfigError::new(key, e.to_string()))?;
            }
        }
        let merged = builder
            .build()
            .map_err(|e| ConfigError::new("configuration", e.to_string()))?;

        let mut values = BTreeMap::new();
        let mut origins = BTreeMap::new();
        for (name, default, _) in VARIABLES {
            if let Ok(value) = merged.get_string(&name.to_ascii_lowercase()) {
                values.insert(name.to_string(), value);
                let origin = if sources.overrides.contains_key(*name) {
                    "environment".to_string()
                } else if per_env.contains_key(*name) {
                    env_file_name.clone()
                } else if base.contains_key(*name) {
                    ".env".to_string()
                } else if default.is_some() {
                    "default".to_string()
                } else {
                    "derived".to_string()
                };
                origins.insert(name.to_string(), origin);
            }
        }
        Ok(Layers { values, origins })
    }

    /// The value, or `None` when unset or blank (an empty `FOO=` line means "not set").
    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn require(&self, name: &str, hint: &str) -> Result<&str, ConfigError> {
        self.get(name)
            .ok_or_else(|| ConfigError::new(name, format!("is not set ({hint})")))
    }
}

fn read_dotenv(path: &Path) -> Result<BTreeMap<String, String>, ConfigError> {
    let display = path.display().to_string();
    let display = display.strip_prefix("./").unwrap_or(&display).to_string();
    match dotenvy::from_path_iter(path) {
        Ok(iter) => iter
            .map(|item| {
                item.map_err(|e| ConfigError::new(&display, format!("cannot be read: {e}")))
            })
            .collect(),
        Err(dotenvy::Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(BTreeMap::new())
        }
        Err(e) => Err(ConfigError::new(&display, format!("cannot be read: {e}"))),
    }
}

fn parse_app_env(value: &str) -> Result<AppEnv, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "dev" => Ok(AppEnv::Dev),
        "test" => Ok(AppEnv::Test),
        "qa" => Ok(AppEnv::Qa),
        "prod" => Ok(AppEnv::Prod),
        other => Err(ConfigError::new(
            "APP_ENV",
            format!("must be one of dev, test, qa, prod (got \"{other}\")"),
        )),
    }
}

fn parse_bool(layers: &Layers, name: &str) -> Result<bool, ConfigError> {
    let value = layers.get(name).unwrap_or("false");
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::new(
            name,
            format!("must be true or false (got \"{value}\")"),
        )),
    }
}

fn parse_number(layers: &Layers, name: &str, min: u32, max: u32) -> Result<u32, ConfigError> {
    let value = layers.require(name, "a whole number is expected")?;
    value
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            ConfigError::new(
                name,
                format!("must be a whole number from {min} to {max} (got \"{value}\")"),
            )
        })
}

fn parse_url(name: &str, value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value).map_err(|e| {
        ConfigError::new(
            name,
            format!("must be an absolute http(s) URL (got \"{value}\": {e})"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::new(
            name,
            format!("must be an absolute http(s) URL (got \"{value}\")"),
        ));
    }
    Ok(url)
}

fn parse_database_url(name: &str, value: &str) -> Result<Secret, ConfigError> {
    let ok = Url::parse(value)
        .map(|url| matches!(url.scheme(), "postgres" | "postgresql"))
        .unwrap_or(false);
    if !ok {
        return Err(ConfigError::new(
            name,
            "must be a PostgreSQL URL like postgres://user:password@host:5432/database",
        ));
    }
    Ok(Secret::new(value))
}

fn is_sql_identifier(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && value.len() <= 63
}

/// `BIND`, and `APP_URL` (derived from `BIND` in dev and test; required in qa and prod).
fn parse_bind_and_app_url(
    layers: &Layers,
    app_env: AppEnv,
) -> Result<(SocketAddr, Url), ConfigError> {
    let bind_value = layers.require("BIND", "expected host:port such as 127.0.0.1:5000")?;
    let bind: SocketAddr = bind_value.parse().map_err(|_| {
        ConfigError::new(
            "BIND",
            format!("must be an IP address and port such as 127.0.0.1:5000 (got \"{bind_value}\")"),
        )
    })?;
    let app_url = match layers.get("APP_URL") {
        Some(value) => parse_url("APP_URL", value)?,
        None if app_env.is_production_like() => {
            return Err(ConfigError::new(
                "APP_URL",
                "is not set (required in qa and prod: the public URL users open, e.g. https://rediflow.example.org)",
            ));
        }
        None => {
            let host = if bind.ip().is_unspecified() {
                "127.0.0.1".to_string()
            } else {
                bind.ip().to_string()
            };
            parse_url("APP_URL", &format!("http://{host}:{}", bind.port()))?
        }
    };

    Ok((bind, app_url))
}

/// `SECRET_KEY` (required in qa and prod), or one generated for this run; whether it was generated.
fn parse_secret_key(layers: &Layers, app_env: AppEnv) -> Result<(Secret, bool), ConfigError> {
    match layers.get("SECRET_KEY") {
        Some(value) if value.len() >= MIN_SECRET_KEY_BYTES => Ok((Secret::new(value), false)),
        Some(value) => Err(ConfigError::new(
            "SECRET_KEY",
            format!(
                "must be at least {MIN_SECRET_KEY_BYTES} bytes long (got {} bytes); generate one with: openssl rand -base64 64 | tr -d '\\n'",
                value.len()
            ),
        )),
        None if app_env.is_production_like() => Err(ConfigError::new(
            "SECRET_KEY",
            "is not set (required in qa and prod); generate one with: openssl rand -base64 64 | tr -d '\\n'",
        )),
        None => Ok((generate_secret_key(), true)),
    }
}

/// The connections, their pools and the row-level security switch.
struct DatabaseSettings {
    database_url: Secret,
    database_url_app: Option<Secret>,
    rls_enabled: bool,
    postgres_app_user: String,
    postgres_app_password: Option<Secret>,
    db_pool_size: u32,
    db_connect_timeout: Duration,
    db_prepared_statements: bool,
}

fn parse_database_settings(
    layers: &Layers,
    app_env: AppEnv,
) -> Result<DatabaseSettings, ConfigError> {
    let database_url = parse_database_url(
        "DATABASE_URL",
        layers.require(
            "DATABASE_URL",
            "the owner connection, e.g. postgres://rediflow:rediflow@127.0.0.1:15433/rediflow_dev",
        )?,
    )?;
    // Row-level security is what keeps organisations apart even when a handler has a bug:
    // where real users work it is on unless RLS_ENABLED=false says otherwise (and `serve`
    // then warns on every start).
    let rls_enabled = match layers.get("RLS_ENABLED") {
        Some(_) => parse_bool(layers, "RLS_ENABLED")?,
        None => app_env.is_production_like(),
    };
    let database_url_app = match layers.get("DATABASE_URL_APP") {
        Some(value) => Some(parse_database_url("DATABASE_URL_APP", value)?),
        None if rls_enabled => {
            return Err(ConfigError::new(
                "DATABASE_URL_APP",
                "is not set (required when RLS_ENABLED=true, the default in qa and prod: the \
                 application role's connection, made by `rediflow setup-rls-app-role`)",
            ));
        }
        None => None,
    };
    let postgres_app_user = layers
        .get("POSTGRES_APP_USER")
        .unwrap_or("rediflow_app")
        .to_string();
    if !is_sql_identifier(&postgres_app_user) {
        return Err(ConfigError::new(
            "POSTGRES_APP_USER",
            format!(
                "must be a lower-case SQL identifier such as rediflow_app (got \"{postgres_app_user}\")"
            ),
        ));
    }
    let postgres_app_password = layers.get("POSTGRES_APP_PASSWORD").map(Secret::new);
    Ok(DatabaseSettings {
        database_url,
        database_url_app,
        rls_enabled,
        postgres_app_user,
        postgres_app_password,
        db_pool_size: parse_number(layers, "DB_POOL_SIZE", 1, 200)?,
        db_connect_timeout: Duration::from_secs(u64::from(parse_number(
            layers,
            "DB_CONNECT_TIMEOUT_SECONDS",
            1,
            300,
        )?)),
        // An empty `DB_PREPARED_STATEMENTS=` line means "not set": the default, on.
        db_prepared_statements: match layers.get("DB_PREPARED_STATEMENTS") {
            Some(_) => parse_bool(layers, "DB_PREPARED_STATEMENTS")?,
            None => true,
        },
    })
}

impl Settings {
    /// Loads the settings of the running process (files in the working directory, then the environment).
    pub fn load() -> Result<Settings, ConfigError> {
        Settings::load_from(&Sources::from_process())
    }

    /// Loads and validates settings from explicit sources.
    pub fn load_from(sources: &Sources) -> Result<Settings, ConfigError> {
        let layers = Layers::load(sources)?;
        Settings::from_layers(&layers)
    }

    fn from_layers(layers: &Layers) -> Result<Settings, ConfigError> {
        let app_env = parse_app_env(layers.get("APP_ENV").unwrap_or("dev"))?;

        let (bind, app_url) = parse_bind_and_app_url(layers, app_env)?;

        let DatabaseSettings {
            database_url,
            database_url_app,
            rls_enabled,
            postgres_app_user,
            postgres_app_password,
            db_pool_size,
            db_connect_timeout,
            db_prepared_statements,
        } = parse_database_settings(layers, app_env)?;

        let (secret_key, secret_key_generated) = parse_secret_key(layers, app_env)?;

        let oidc = parse_oidc(layers, &app_url)?;
        let policy_no_auth_default = match layers.get("POLICY_NO_AUTH_DEFAULT") {
            None => None,
            Some(value) => Some(match value.to_ascii_lowercase().as_str() {
                "allow_all" => NoAuthPolicy::AllowAll,
                "view_only" => NoAuthPolicy::ViewOnly,
                _ => {
                    return Err(ConfigError::new(
                        "POLICY_NO_AUTH_DEFAULT",
                        format!("must be allow_all or view_only (got \"{value}\")"),
                    ));
                }
            }),
        };

        let hours_value = layers.require("HOURS_PER_PM", "hours in one person-month")?;
        // A month has at most 31 × 24 = 744 hours.
        let max_hours_per_pm = BigDecimal::from(744);
        let hours_per_pm: BigDecimal = hours_value
            .replace(',', ".")
            .parse::<BigDecimal>()
            .ok()
            .filter(|h| h.sign() == bigdecimal::num_bigint::Sign::Plus && *h <= max_hours_per_pm)
            .ok_or_else(|| {
                ConfigError::new(
                    "HOURS_PER_PM",
                    format!(
                        "must be a number of hours above 0 and at most 744 (got \"{hours_value}\")"
                    ),
                )
            })?;

        let log_format = match layers.get("LOG_FORMAT").unwrap_or("text") {
            v if v.eq_ignore_ascii_case("text") => LogFormat::Text,
            v if v.eq_ignore_ascii_case("json") => LogFormat::Json,
            other => {
                return Err(ConfigError::new(
                    "LOG_FORMAT",
                    format!("must be text or json (got \"{other}\")"),
                ));
            }
        };

        let static_dir = match layers.get("STATIC_DIR") {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                if !dir.is_dir() {
                    return Err(ConfigError::new(
                        "STATIC_DIR",
                        format!("must be an existing directory (got \"{}\")", dir.display()),
                    ));
                }
                dir
            }
            None => default_static_dir(),
        };

        Ok(Settings {
            app_env,
            app_url,
            bind,
            database_url,
            database_url_app,
            rls_enabled,
            postgres_app_user,
            postgres_app_password,
            secret_key,
            secret_key_generated,
            oidc,
            policy_no_auth_default,
            project_visibility_enabled: parse_bool(layers, "PROJECT_VISIBILITY_ENABLED")?,
            person_capacity_enabled: parse_bool(layers, "PERSON_CAPACITY_ENABLED")?,
            role_demand_enabled: parse_bool(layers, "ROLE_DEMAND_ENABLED")?,
            capacity_requests_enabled: parse_bool(layers, "CAPACITY_REQUESTS_ENABLED")?,
            share_url_feature: parse_bool(layers, "SHARE_URL_FEATURE")?,
            share_url_feature_stats: parse_bool(layers, "SHARE_URL_FEATURE_STATS")?,
            share_url_stats_min_clicks: parse_number(
                layers,
                "SHARE_URL_STATS_MIN_CLICKS",
                0,
                1_000_000,
            )?,
            hours_per_pm,
            under_allocation_percent: parse_number(layers, "UNDER_ALLOCATION_PERCENT", 0, 100)?,
            db_pool_size,
            db_connect_timeout,
            db_prepared_statements,
            log_format,
            static_dir,
            http_workers: match layers.get("HTTP_WORKERS") {
                Some(_) => Some(parse_number(layers, "HTTP_WORKERS", 1, 256)? as usize),
                None => None,
            },
            session_idle_timeout: Duration::from_secs(
                60 * u64::from(parse_number(
                    layers,
                    "SESSION_IDLE_TIMEOUT_MINUTES",
                    1,
                    60 * 24 * 31,
                )?),
            ),
            session_max_lifetime: Duration::from_secs(
                3600 * u64::from(parse_number(
                    layers,
                    "SESSION_MAX_LIFETIME_HOURS",
                    1,
                    24 * 366,
                )?),
            ),
            session_revalidate_interval: Duration::from_secs(
                60 * u64::from(parse_number(
                    layers,
                    "SESSION_REVALIDATE_MINUTES",
                    1,
                    24 * 60,
                )?),
            ),
            session_revalidate_grace: Duration::from_secs(
                60 * u64::from(parse_number(
                    layers,
                    "SESSION_REVALIDATE_GRACE_MINUTES",
                    0,
                    7 * 24 * 60,
                )?),
            ),
            login_state_ttl: Duration::from_secs(u64::from(parse_number(
                layers,
                "LOGIN_STATE_TTL_SECONDS",
                1,
                3600,
            )?)),
            login_rate_limit_per_minute: parse_number(
                layers,
                "LOGIN_RATE_LIMIT_PER_MINUTE",
                1,
                100_000,
            )?,
            login_ceiling_per_minute: parse_number(layers, "LOGIN_CEILING_PER_MINUTE", 1, 100_000)?,
            trusted_proxies: parse_trusted_proxies(layers)?,
            groups: parse_group_names(layers)?,
        })
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

fn parse_oidc(layers: &Layers, app_url: &Url) -> Result<Option<OidcSettings>, ConfigError> {
    let (issuer, client_id) = match (layers.get("OIDC_ISSUER"), layers.get("OIDC_CLIENT_ID")) {
        (None, None) => return Ok(None),
        (Some(_), None) => {
            return Err(ConfigError::new(
                "OIDC_CLIENT_ID",
                "is not set although OIDC_ISSUER is (set both to enable sign-in, or neither)",
            ));
        }
        (None, Some(_)) => {
            return Err(ConfigError::new(
                "OIDC_ISSUER",
                "is not set although OIDC_CLIENT_ID is (set both to enable sign-in, or neither)",
            ));
        }
        (Some(issuer), Some(client_id)) => (issuer, client_id),
    };
    let issuer = parse_url("OIDC_ISSUER", issuer)?;
    let redirect_uri = parse_redirect_uri(layers, app_url)?;
    let scopes: Vec<String> = layers
        .get("OIDC_SCOPES")
        .unwrap_or("openid profile email groups")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if !scopes.iter().any(|s| s == "openid") {
        return Err(ConfigError::new(
            "OIDC_SCOPES",
            "must include the scope openid",
        ));
    }
    Ok(Some(OidcSettings {
        issuer,
        client_id: client_id.to_string(),
        client_secret: layers.get("OIDC_CLIENT_SECRET").map(Secret::new),
        redirect_uri,
        scopes,
    }))
}

/// `TRUSTED_PROXIES`: IP addresses and networks separated by commas or spaces. The old switch
/// `TRUST_FORWARDED_FOR=true` believed X-Forwarded-For from any client, so anyone could dodge
/// the sign-in rate limit; it is refused unless TRUSTED_PROXIES says whom to believe. Ignoring
/// it quietly instead would put every user behind the proxy into the proxy's one rate-limit
/// bucket and lock them all out of signing in.
fn parse_trusted_proxies(layers: &Layers) -> Result<TrustedProxies, ConfigError> {
    let proxies: TrustedProxies = layers
        .get("TRUSTED_PROXIES")
        .unwrap_or("")
        .parse()
        .map_err(|item| {
            ConfigError::new(
                "TRUSTED_PROXIES",
                format!(
                    "must list IP addresses or networks separated by commas, such as \
                     127.0.0.1,10.0.0.0/8,fd00::/8 (got \"{item}\")"
                ),
            )
        })?;
    if parse_bool(layers, "TRUST_FORWARDED_FOR")? && proxies.is_empty() {
        return Err(ConfigError::new(
            "TRUST_FORWARDED_FOR",
            "is true, which would believe X-Forwarded-For from any client; it is replaced by \
             TRUSTED_PROXIES: set that to the reverse proxy's addresses (e.g. \
             TRUSTED_PROXIES=127.0.0.1) and remove TRUST_FORWARDED_FOR",
        ));
    }
    Ok(proxies)
}

/// The group names of SPEC §6 (`GROUP_*`, defaults `rediflow-*`).
fn parse_group_names(layers: &Layers) -> Result<GroupNames, ConfigError> {
    let group = |name: &str| -> Result<String, ConfigError> {
        let value = layers.require(name, "a group name is expected")?;
        if value.chars().any(char::is_whitespace) {
            return Err(ConfigError::new(
                name,
                format!("must not contain spaces (got \"{value}\")"),
            ));
        }
        Ok(value.to_string())
    };

    Ok(GroupNames {
        super_admins: group("GROUP_SUPER_ADMINS")?,
        admins: group("GROUP_ADMINS")?,
        editors: group("GROUP_EDITORS")?,
        viewers: group("GROUP_VIEWERS")?,
        visibility_org: group("GROUP_VISIBILITY_ORG")?,
        visibility_assigned: group("GROUP_VISIBILITY_ASSIGNED")?,
        org_prefix: group("GROUP_ORG_PREFIX")?,
    })
}

/// `OIDC_REDIRECT_URI`, by default `{APP_URL}/oauth/callback`.
fn parse_redirect_uri(layers: &Layers, app_url: &Url) -> Result<Url, ConfigError> {
    match layers.get("OIDC_REDIRECT_URI") {
        Some(value) => parse_url("OIDC_REDIRECT_URI", value),
        None => app_url
            .join("/oauth/callback")
            .map_err(|e| ConfigError::new("OIDC_REDIRECT_URI", e.to_string())),
    }
}

fn generate_secret_key() -> Secret {
    let mut bytes = [0u8; 64];
    rand::rng().fill_bytes(&mut bytes);
    Secret::new(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// `static/` in the working directory (the container and `make run`), else the source tree's.
fn default_static_dir() -> PathBuf {
    let local = PathBuf::from("static");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("static")
    }
}

/// The password of the seeded Authentik test users when `AUTHENTIK_TEST_USER_PASSWORD` is not set
/// (dev and test only).
pub const DEFAULT_TEST_USER_PASSWORD: &str = "test-password";

/// What the `rediflow authentik` commands need. Loaded on its own, so that configuring Authentik
/// does not need the database settings.
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
        let layers = Layers::load(sources)?;
        let app_env = parse_app_env(layers.get("APP_ENV").unwrap_or("dev"))?;
        let (_, app_url) = parse_bind_and_app_url(&layers, app_env)?;
        let redirect_uri = parse_redirect_uri(&layers, &app_url)?;
        let mut authentik_url = parse_url(
            "AUTHENTIK_URL",
            layers.require(
                "AUTHENTIK_URL",
                "the URL of Authentik's web interface and API, e.g. http://127.0.0.1:9001",
            )?,
        )?;
        if authentik_url.query().is_some() || authentik_url.fragment().is_some() {
            return Err(ConfigError::new(
                "AUTHENTIK_URL",
                format!("must not have a query or fragment (got \"{authentik_url}\")"),
            ));
        }
        if !authentik_url.path().ends_with('/') {
            let path = format!("{}/", authentik_url.path());
            authentik_url.set_path(&path);
        }
        let token = layers.require(
            "AUTHENTIK_BOOTSTRAP_TOKEN",
            "an Authentik API token of an administrator, e.g. the one Authentik was started with",
        )?;
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ConfigError::new(
                "AUTHENTIK_BOOTSTRAP_TOKEN",
                "must not contain spaces or control characters",
            ));
        }
        let test_user_password = match layers.get("AUTHENTIK_TEST_USER_PASSWORD") {
            Some(value) => Some(Secret::new(value)),
            None if app_env.is_production_like() => None,
            None => Some(Secret::new(DEFAULT_TEST_USER_PASSWORD)),
        };
        Ok(AuthentikSettings {
            app_env,
            app_url,
            redirect_uri,
            authentik_url,
            token: Secret::new(token),
            test_user_password,
            groups: parse_group_names(&layers)?,
        })
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

/// One line of `check-config` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveSetting {
    pub name: &'static str,
    pub value: String,
    pub origin: String,
}

/// The effective settings with secrets masked, for `rediflow check-config`.
pub fn effective_settings(sources: &Sources) -> Result<Vec<EffectiveSetting>, ConfigError> {
    let layers = Layers::load(sources)?;
    let settings = Settings::from_layers(&layers)?;
    let mut lines = Vec::new();
    for (name, _, secret) in VARIABLES {
        let origin = layers
            .origins
            .get(*name)
            .cloned()
            .unwrap_or_else(|| "unset".to_string());
        let raw = layers.get(name);
        let value = match (*name, raw) {
            ("APP_URL", _) => settings.app_url.to_string(),
            ("OIDC_REDIRECT_URI", _) => settings
                .oidc
                .as_ref()
                .map(|o| o.redirect_uri.to_string())
                .unwrap_or_else(|| "(OIDC off)".to_string()),
            ("STATIC_DIR", _) => settings.static_dir.display().to_string(),
            ("HTTP_WORKERS", None) => "(one per CPU core)".to_string(),
            ("SECRET_KEY", None) => "(generated at start, sessions end on restart)".to_string(),
            ("POLICY_NO_AUTH_DEFAULT", None) => "(not set)".to_string(),
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
            (_, Some(v)) if *secret => format!("*** ({} characters)", v.len()),
            (_, Some(v)) => v.to_string(),
        };
        let origin = match (*name, raw) {
            (
                "APP_URL" | "OIDC_REDIRECT_URI" | "STATIC_DIR" | "HTTP_WORKERS" | "RLS_ENABLED",
                None,
            ) => "derived".to_string(),
            (_, None) => "unset".to_string(),
            _ => origin,
        };
        lines.push(EffectiveSetting {
            name,
            value,
            origin,
        });
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(pairs: &[(&str, &str)]) -> Sources {
        Sources {
            dotenv_dir: None,
            overrides: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    const DB: (&str, &str) = ("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/db");

    #[test]
    fn defaults_apply_in_dev() {
        let settings = Settings::load_from(&sources(&[DB])).unwrap();
        assert_eq!(settings.app_env, AppEnv::Dev);
        assert_eq!(settings.bind.to_string(), "127.0.0.1:5000");
        assert_eq!(settings.app_url.as_str(), "http://127.0.0.1:5000/");
        assert_eq!(settings.hours_per_pm, BigDecimal::from(160));
        assert!(settings.secret_key_generated);
        assert!(settings.oidc.is_none());
        assert!(!settings.rls_enabled);
        assert_eq!(settings.groups.org_prefix, "rediflow-org-");
    }

    #[test]
    fn missing_database_url_names_the_variable() {
        let err = Settings::load_from(&sources(&[])).unwrap_err();
        assert_eq!(err.variable, "DATABASE_URL");
        assert!(err.to_string().starts_with("DATABASE_URL is not set"));
    }

    #[test]
    fn invalid_values_name_the_variable() {
        let cases = [
            ("DB_POOL_SIZE", "abc"),
            ("DB_POOL_SIZE", "0"),
            ("RLS_ENABLED", "maybe"),
            ("HOURS_PER_PM", "-3"),
            ("BIND", "localhost"),
            ("APP_ENV", "staging"),
            ("LOG_FORMAT", "xml"),
            ("SECRET_KEY", "short"),
            ("POLICY_NO_AUTH_DEFAULT", "everyone"),
            ("APP_URL", "not a url"),
            ("POSTGRES_APP_USER", "Robert'); drop"),
            ("DB_PREPARED_STATEMENTS", "sometimes"),
        ];
        for (name, value) in cases {
            let err = Settings::load_from(&sources(&[DB, (name, value)])).unwrap_err();
            assert_eq!(err.variable, name, "{name}={value}: {err}");
        }
    }

    #[test]
    fn session_revalidation_defaults_and_bounds() {
        let settings = Settings::load_from(&sources(&[DB])).unwrap();
        assert_eq!(
            settings.session_revalidate_interval,
            Duration::from_secs(600)
        );
        assert_eq!(settings.session_revalidate_grace, Duration::from_secs(3600));
        let settings = Settings::load_from(&sources(&[
            DB,
            ("SESSION_REVALIDATE_MINUTES", "1"),
            ("SESSION_REVALIDATE_GRACE_MINUTES", "0"),
        ]))
        .unwrap();
        assert_eq!(
            settings.session_revalidate_interval,
            Duration::from_secs(60)
        );
        assert_eq!(settings.session_revalidate_grace, Duration::ZERO);
        for (name, value) in [
            ("SESSION_REVALIDATE_MINUTES", "0"),
            ("SESSION_REVALIDATE_MINUTES", "ten"),
            ("SESSION_REVALIDATE_MINUTES", "1441"),
            ("SESSION_REVALIDATE_GRACE_MINUTES", "-1"),
            ("SESSION_REVALIDATE_GRACE_MINUTES", "10081"),
        ] {
            let err = Settings::load_from(&sources(&[DB, (name, value)])).unwrap_err();
            assert_eq!(err.variable, name, "{name}={value}: {err}");
            assert!(!err.to_string().contains('\n'), "one line: {err}");
        }
    }

    #[test]
    fn prepared_statements_are_kept_unless_turned_off() {
        let kept = |pairs: &[(&str, &str)]| {
            Settings::load_from(&sources(pairs))
                .unwrap()
                .db_prepared_statements
        };
        assert!(kept(&[DB]), "on by default");
        assert!(
            kept(&[DB, ("DB_PREPARED_STATEMENTS", "")]),
            "empty is unset"
        );
        assert!(kept(&[DB, ("DB_PREPARED_STATEMENTS", "true")]));
        assert!(!kept(&[DB, ("DB_PREPARED_STATEMENTS", "false")]));
        assert!(!kept(&[DB, ("DB_PREPARED_STATEMENTS", "off")]));
        let err = Settings::load_from(&sources(&[DB, ("DB_PREPARED_STATEMENTS", "pgbouncer")]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "DB_PREPARED_STATEMENTS must be true or false (got \"pgbouncer\")"
        );
    }

    #[test]
    fn rls_requires_the_app_url() {
        let err = Settings::load_from(&sources(&[DB, ("RLS_ENABLED", "true")])).unwrap_err();
        assert_eq!(err.variable, "DATABASE_URL_APP");
    }

    #[test]
    fn production_requires_secret_key_and_app_url() {
        let err = Settings::load_from(&sources(&[DB, ("APP_ENV", "prod")])).unwrap_err();
        assert_eq!(err.variable, "APP_URL");
        let err = Settings::load_from(&sources(&[
            DB,
            APP_DB,
            ("APP_ENV", "qa"),
            ("APP_URL", "https://rediflow.example.org"),
        ]))
        .unwrap_err();
        assert_eq!(err.variable, "SECRET_KEY");
    }

    const APP_DB: (&str, &str) = (
        "DATABASE_URL_APP",
        "postgres://rediflow_app:p@127.0.0.1:5432/db",
    );

    #[test]
    fn rls_is_on_by_default_in_qa_and_prod_and_off_only_when_told() {
        let key = "k".repeat(64);
        let production = |env: &'static str, extra: &[(&'static str, &'static str)]| {
            let mut pairs = vec![
                DB,
                ("APP_ENV", env),
                ("APP_URL", "https://rediflow.example.org"),
                ("SECRET_KEY", key.as_str()),
            ];
            pairs.extend_from_slice(extra);
            Settings::load_from(&sources(&pairs))
        };
        for env in ["qa", "prod"] {
            let settings = production(env, &[APP_DB]).unwrap();
            assert!(settings.rls_enabled, "{env}");
            assert_eq!(
                settings.request_database_url().expose(),
                APP_DB.1,
                "{env}: requests run as the app role"
            );
            let err = production(env, &[]).unwrap_err();
            assert_eq!(err.variable, "DATABASE_URL_APP", "{env}");
            assert!(err.problem.contains("the default in qa and prod"), "{err}");
            let off = production(env, &[("RLS_ENABLED", "false")]).unwrap();
            assert!(!off.rls_enabled, "{env}: an explicit false turns it off");
        }
        for env in ["dev", "test"] {
            let settings = Settings::load_from(&sources(&[DB, ("APP_ENV", env)])).unwrap();
            assert!(!settings.rls_enabled, "{env}");
        }
        let shown = effective_settings(&sources(&[
            DB,
            APP_DB,
            ("APP_ENV", "prod"),
            ("APP_URL", "https://rediflow.example.org"),
            ("SECRET_KEY", key.as_str()),
        ]))
        .unwrap()
        .into_iter()
        .find(|s| s.name == "RLS_ENABLED")
        .unwrap();
        assert_eq!(shown.value, "true (the default in prod)");
        assert_eq!(shown.origin, "derived");
    }

    #[test]
    fn trusted_proxies_are_addresses_and_networks() {
        let settings = Settings::load_from(&sources(&[
            DB,
            ("TRUSTED_PROXIES", "127.0.0.1, 10.89.0.0/16 fd00::/8"),
        ]))
        .unwrap();
        let proxies = &settings.trusted_proxies;
        for ip in ["127.0.0.1", "::ffff:127.0.0.1", "10.89.3.4", "fd00::1"] {
            assert!(proxies.contains(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["127.0.0.2", "10.90.0.1", "203.0.113.7", "::1"] {
            assert!(!proxies.contains(ip.parse().unwrap()), "{ip}");
        }
        let none = Settings::load_from(&sources(&[DB])).unwrap();
        assert!(none.trusted_proxies.is_empty());

        let err =
            Settings::load_from(&sources(&[DB, ("TRUSTED_PROXIES", "proxy.example")])).unwrap_err();
        assert_eq!(err.variable, "TRUSTED_PROXIES");
        assert!(err.problem.contains("proxy.example"), "{err}");
    }

    #[test]
    fn trusting_forwarded_for_from_anyone_is_refused() {
        let err =
            Settings::load_from(&sources(&[DB, ("TRUST_FORWARDED_FOR", "true")])).unwrap_err();
        assert_eq!(err.variable, "TRUST_FORWARDED_FOR");
        assert!(err.problem.contains("TRUSTED_PROXIES"), "{err}");
        // Together with the proxies it replaced it is harmless: they decide.
        let settings = Settings::load_from(&sources(&[
            DB,
            ("TRUST_FORWARDED_FOR", "true"),
            ("TRUSTED_PROXIES", "127.0.0.1"),
        ]))
        .unwrap();
        assert!(
            settings
                .trusted_proxies
                .contains("127.0.0.1".parse().unwrap())
        );
    }

    #[test]
    fn oidc_needs_issuer_and_client_and_derives_redirect() {
        let err =
            Settings::load_from(&sources(&[DB, ("OIDC_ISSUER", "http://idp/o/")])).unwrap_err();
        assert_eq!(err.variable, "OIDC_CLIENT_ID");
        let settings = Settings::load_from(&sources(&[
            DB,
            ("APP_URL", "https://plan.example.org"),
            (
                "OIDC_ISSUER",
                "https://auth.example.org/application/o/rediflow/",
            ),
            ("OIDC_CLIENT_ID", "abc"),
        ]))
        .unwrap();
        let oidc = settings.oidc.unwrap();
        assert_eq!(
            oidc.redirect_uri.as_str(),
            "https://plan.example.org/oauth/callback"
        );
        assert_eq!(
            oidc.issuer.as_str(),
            "https://auth.example.org/application/o/rediflow/"
        );
        assert_eq!(oidc.scopes, ["openid", "profile", "email", "groups"]);
    }

    #[test]
    fn layers_override_in_order() {
        let dir = std::env::temp_dir().join(format!("rediflow-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(".env"),
            "APP_ENV=test\nDB_POOL_SIZE=3\nHOURS_PER_PM=150\nDATABASE_URL=postgres://a:b@h/d\n",
        )
        .unwrap();
        std::fs::write(dir.join(".env.test"), "DB_POOL_SIZE=4\nLOG_FORMAT=json\n").unwrap();
        let mut src = Sources {
            dotenv_dir: Some(dir.clone()),
            overrides: BTreeMap::new(),
        };
        src.overrides.insert("LOG_FORMAT".into(), "text".into());
        let settings = Settings::load_from(&src).unwrap();
        assert_eq!(settings.app_env, AppEnv::Test);
        assert_eq!(settings.db_pool_size, 4, ".env.test beats .env");
        assert_eq!(
            settings.hours_per_pm,
            BigDecimal::from(150),
            ".env beats default"
        );
        assert_eq!(
            settings.log_format,
            LogFormat::Text,
            "environment beats files"
        );
        let effective = effective_settings(&src).unwrap();
        let origin = |n: &str| {
            effective
                .iter()
                .find(|s| s.name == n)
                .unwrap()
                .origin
                .clone()
        };
        assert_eq!(origin("DB_POOL_SIZE"), ".env.test");
        assert_eq!(origin("HOURS_PER_PM"), ".env");
        assert_eq!(origin("LOG_FORMAT"), "environment");
        assert_eq!(origin("BIND"), "default");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn authentik_settings_need_url_and_token_but_no_database() {
        let err = AuthentikSettings::load_from(&sources(&[])).unwrap_err();
        assert_eq!(err.variable, "AUTHENTIK_URL");
        let err =
            AuthentikSettings::load_from(&sources(&[("AUTHENTIK_URL", "http://127.0.0.1:9001")]))
                .unwrap_err();
        assert_eq!(err.variable, "AUTHENTIK_BOOTSTRAP_TOKEN");
        let settings = AuthentikSettings::load_from(&sources(&[
            ("APP_ENV", "test"),
            ("APP_URL", "http://localhost:5002"),
            ("AUTHENTIK_URL", "https://example.org/auth"),
            ("AUTHENTIK_BOOTSTRAP_TOKEN", "tok"),
        ]))
        .unwrap();
        assert_eq!(settings.authentik_url.as_str(), "https://example.org/auth/");
        assert_eq!(
            settings.redirect_uri.as_str(),
            "http://localhost:5002/oauth/callback"
        );
        assert_eq!(
            settings.test_user_password.as_ref().map(Secret::expose),
            Some(DEFAULT_TEST_USER_PASSWORD)
        );
        let qa = AuthentikSettings::load_from(&sources(&[
            ("APP_ENV", "qa"),
            ("APP_URL", "https://plan.example.org"),
            (
                "OIDC_REDIRECT_URI",
                "https://plan.example.org/custom/callback",
            ),
            ("AUTHENTIK_URL", "https://auth.example.org/"),
            ("AUTHENTIK_BOOTSTRAP_TOKEN", "tok"),
        ]))
        .unwrap();
        assert!(
            qa.test_user_password.is_none(),
            "no default outside dev and test"
        );
        assert_eq!(
            qa.redirect_uri.as_str(),
            "https://plan.example.org/custom/callback"
        );
        for (name, value) in [
            ("AUTHENTIK_URL", "ftp://x"),
            ("AUTHENTIK_URL", "http://x/?a=b"),
            ("AUTHENTIK_BOOTSTRAP_TOKEN", "two words"),
        ] {
            let mut pairs = vec![
                ("AUTHENTIK_URL", "http://127.0.0.1:9001"),
                ("AUTHENTIK_BOOTSTRAP_TOKEN", "tok"),
            ];
            pairs.retain(|(k, _)| *k != name);
            pairs.push((name, value));
            let err = AuthentikSettings::load_from(&sources(&pairs)).unwrap_err();
            assert_eq!(err.variable, name, "{name}={value}");
        }
    }

    #[test]
    fn secrets_are_masked() {
        let src = sources(&[
            ("DATABASE_URL", "postgres://owner:hunter2@127.0.0.1/db"),
            ("SECRET_KEY", &"k".repeat(64)),
            ("POSTGRES_APP_PASSWORD", "apppass"),
            ("AUTHENTIK_BOOTSTRAP_TOKEN", "bootstrap-token-value"),
            ("AUTHENTIK_TEST_USER_PASSWORD", "seeded-password"),
        ]);
        let effective = effective_settings(&src).unwrap();
        let text: String = effective
            .iter()
            .map(|s| format!("{}={}\n", s.name, s.value))
            .collect();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("apppass"), "{text}");
        assert!(!text.contains("bootstrap-token-value"), "{text}");
        assert!(!text.contains("seeded-password"), "{text}");
        assert!(!text.contains(&"k".repeat(64)), "{text}");
        assert!(text.contains("postgres://owner:***@127.0.0.1/db"), "{text}");
    }
}
