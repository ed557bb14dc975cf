//! The rules that involve more than one variable, or that depend on `APP_ENV`: what is required
//! where, and what is derived when unset. Each variable's own form is checked by its type
//! (`values.rs`) before any of these run.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use rand::RngCore;
use url::Url;

use super::types::{AppEnv, GroupNames, OidcSettings, Secret, TrustedProxies};
use super::values::{
    Bind, DatabaseUrl, Flag, GroupName, HttpUrl, Scopes, SecretKey, SqlIdentifier,
};
use super::variables::Raw;
use super::{ConfigError, Settings};

/// The settings of the server and the database commands.
pub(super) fn settings(mut raw: Raw) -> Result<Settings, ConfigError> {
    // Only the first broken rule is reported, in the order an operator sets a server up:
    // where it is reached, its database, its secrets, sign-in.
    let app_env = raw.APP_ENV;
    let Bind(bind) = raw.BIND;
    let app_url = app_url(raw.APP_URL.as_ref(), bind, app_env)?;
    let database_url = required(
        raw.DATABASE_URL.take(),
        "DATABASE_URL",
        "the owner connection, e.g. postgres://rediflow:rediflow@127.0.0.1:15433/rediflow_dev",
    )?;
    let (rls_enabled, database_url_app) =
        row_level_security(raw.RLS_ENABLED, raw.DATABASE_URL_APP.take(), app_env)?;
    let (secret_key, secret_key_generated) = secret_key(raw.SECRET_KEY.take(), app_env)?;
    let oidc = oidc(&raw, &app_url)?;
    let trusted_proxies = trusted_proxies(raw.TRUSTED_PROXIES.take(), raw.TRUST_FORWARDED_FOR)?;
    let groups = group_names(&raw);
    let SqlIdentifier(postgres_app_user) = raw.POSTGRES_APP_USER;
    Ok(Settings {
        app_env,
        app_url,
        bind,
        database_url: database_url.0,
        database_url_app: database_url_app.map(|url| url.0),
        rls_enabled,
        postgres_app_user,
        postgres_app_password: raw.POSTGRES_APP_PASSWORD,
        secret_key,
        secret_key_generated,
        oidc,
        policy_no_auth_default: raw.POLICY_NO_AUTH_DEFAULT,
        project_visibility_enabled: raw.PROJECT_VISIBILITY_ENABLED.0,
        person_capacity_enabled: raw.PERSON_CAPACITY_ENABLED.0,
        role_demand_enabled: raw.ROLE_DEMAND_ENABLED.0,
        capacity_requests_enabled: raw.CAPACITY_REQUESTS_ENABLED.0,
        share_url_feature: raw.SHARE_URL_FEATURE.0,
        share_url_feature_stats: raw.SHARE_URL_FEATURE_STATS.0,
        share_url_stats_min_clicks: raw.SHARE_URL_STATS_MIN_CLICKS.0,
        hours_per_pm: raw.HOURS_PER_PM.0,
        under_allocation_percent: raw.UNDER_ALLOCATION_PERCENT.0,
        default_locale: raw.DEFAULT_LOCALE.0,
        db_pool_size: raw.DB_POOL_SIZE.0,
        db_connect_timeout: raw.DB_CONNECT_TIMEOUT_SECONDS.times(1),
        db_prepared_statements: raw.DB_PREPARED_STATEMENTS.0,
        log_format: raw.LOG_FORMAT,
        static_dir: raw.STATIC_DIR.map_or_else(default_static_dir, |dir| dir.0),
        http_workers: raw.HTTP_WORKERS.map(|workers| workers.0 as usize),
        session_idle_timeout: raw.SESSION_IDLE_TIMEOUT_MINUTES.times(60),
        session_max_lifetime: raw.SESSION_MAX_LIFETIME_HOURS.times(3600),
        session_revalidate_interval: raw.SESSION_REVALIDATE_MINUTES.times(60),
        session_revalidate_grace: raw.SESSION_REVALIDATE_GRACE_MINUTES.times(60),
        login_state_ttl: raw.LOGIN_STATE_TTL_SECONDS.times(1),
        login_rate_limit_per_minute: raw.LOGIN_RATE_LIMIT_PER_MINUTE.0,
        login_ceiling_per_minute: raw.LOGIN_CEILING_PER_MINUTE.0,
        api_rate_limit_per_minute: raw.API_RATE_LIMIT_PER_MINUTE.0,
        trusted_proxies,
        groups,
    })
}

/// The value, or "`NAME` is not set (`hint`)".
pub(super) fn required<T>(value: Option<T>, name: &str, hint: &str) -> Result<T, ConfigError> {
    value.ok_or_else(|| ConfigError::new(name, format!("is not set ({hint})")))
}

/// `APP_URL`: required in qa and prod, else derived from `BIND` (an unspecified address is
/// opened as 127.0.0.1).
pub(super) fn app_url(
    app_url: Option<&HttpUrl>,
    bind: SocketAddr,
    app_env: AppEnv,
) -> Result<Url, ConfigError> {
    match app_url {
        Some(HttpUrl(url)) => Ok(url.clone()),
        None if app_env.is_production_like() => Err(ConfigError::new(
            "APP_URL",
            "is not set (required in qa and prod: the public URL users open, e.g. https://rediflow.example.org)",
        )),
        None => {
            let host = if bind.ip().is_unspecified() {
                "127.0.0.1".to_string()
            } else {
                bind.ip().to_string()
            };
            let derived = format!("http://{host}:{}", bind.port());
            Url::parse(&derived).map_err(|e| {
                ConfigError::new(
                    "APP_URL",
                    format!("must be an absolute http(s) URL (got \"{derived}\": {e})"),
                )
            })
        }
    }
}

/// `RLS_ENABLED` and the connection it needs. Row-level security is what keeps organisations
/// apart even when a handler has a bug: where real users work it is on unless
/// RLS_ENABLED=false says otherwise (and `serve` then warns on every start).
fn row_level_security(
    rls_enabled: Option<Flag>,
    database_url_app: Option<DatabaseUrl>,
    app_env: AppEnv,
) -> Result<(bool, Option<DatabaseUrl>), ConfigError> {
    let rls_enabled = rls_enabled.map_or(app_env.is_production_like(), |flag| flag.0);
    if rls_enabled && database_url_app.is_none() {
        return Err(ConfigError::new(
            "DATABASE_URL_APP",
            "is not set (required when RLS_ENABLED=true, the default in qa and prod: the \
             application role's connection, made by `rediflow setup-rls-app-role`)",
        ));
    }
    Ok((rls_enabled, database_url_app))
}

/// `SECRET_KEY` (required in qa and prod), or one generated for this run; whether it was generated.
fn secret_key(key: Option<SecretKey>, app_env: AppEnv) -> Result<(Secret, bool), ConfigError> {
    match key {
        Some(SecretKey(key)) => Ok((key, false)),
        None if app_env.is_production_like() => Err(ConfigError::new(
            "SECRET_KEY",
            "is not set (required in qa and prod); generate one with: openssl rand -base64 64 | tr -d '\\n'",
        )),
        None => Ok((generate_secret_key(), true)),
    }
}

fn generate_secret_key() -> Secret {
    let mut bytes = [0u8; 64];
    rand::rng().fill_bytes(&mut bytes);
    Secret::new(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Sign-in with OIDC: on when both the issuer and the client id are set, refused when only one is.
fn oidc(raw: &Raw, app_url: &Url) -> Result<Option<OidcSettings>, ConfigError> {
    let (issuer, client_id) = match (&raw.OIDC_ISSUER, &raw.OIDC_CLIENT_ID) {
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
        (Some(HttpUrl(issuer)), Some(client_id)) => (issuer.clone(), client_id.clone()),
    };
    let redirect_uri = redirect_uri(raw.OIDC_REDIRECT_URI.as_ref(), app_url)?;
    let Scopes(scopes) = raw.OIDC_SCOPES.clone();
    if !scopes.iter().any(|s| s == "openid") {
        return Err(ConfigError::new(
            "OIDC_SCOPES",
            "must include the scope openid",
        ));
    }
    Ok(Some(OidcSettings {
        issuer,
        client_id,
        client_secret: raw.OIDC_CLIENT_SECRET.clone(),
        redirect_uri,
        scopes,
    }))
}

/// `OIDC_REDIRECT_URI`, by default `{APP_URL}/oauth/callback`.
pub(super) fn redirect_uri(set: Option<&HttpUrl>, app_url: &Url) -> Result<Url, ConfigError> {
    match set {
        Some(HttpUrl(url)) => Ok(url.clone()),
        None => app_url
            .join("/oauth/callback")
            .map_err(|e| ConfigError::new("OIDC_REDIRECT_URI", e.to_string())),
    }
}

/// `TRUSTED_PROXIES`. The old switch `TRUST_FORWARDED_FOR=true` believed X-Forwarded-For from
/// any client, so anyone could dodge the sign-in rate limit; it is refused unless
/// TRUSTED_PROXIES says whom to believe. Ignoring it quietly instead would put every user behind
/// the proxy into the proxy's one rate-limit bucket and lock them all out of signing in.
fn trusted_proxies(
    proxies: Option<TrustedProxies>,
    trust_forwarded_for: Flag,
) -> Result<TrustedProxies, ConfigError> {
    let proxies = proxies.unwrap_or_default();
    if trust_forwarded_for.0 && proxies.is_empty() {
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
pub(super) fn group_names(raw: &Raw) -> GroupNames {
    let name = |GroupName(name): &GroupName| name.clone();
    GroupNames {
        super_admins: name(&raw.GROUP_SUPER_ADMINS),
        admins: name(&raw.GROUP_ADMINS),
        editors: name(&raw.GROUP_EDITORS),
        viewers: name(&raw.GROUP_VIEWERS),
        visibility_org: name(&raw.GROUP_VISIBILITY_ORG),
        visibility_assigned: name(&raw.GROUP_VISIBILITY_ASSIGNED),
        org_prefix: name(&raw.GROUP_ORG_PREFIX),
    }
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
