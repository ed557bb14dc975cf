//! Every variable Rediflow reads, declared once: its name, the type its text is read as (which
//! holds the validation and the message), its built-in default and whether it is a secret.
//!
//! The declaration makes two things: [`Raw`], the serde struct the merged layers deserialise
//! into, and [`VARIABLES`], the table the layers, `check-config` and the documentation test
//! walk. A variable without a default is an `Option`; whether it is required, and any rule that
//! involves two variables, is decided in `rules.rs` (and `authentik.rs`).

use serde::Deserialize;

use super::types::{AppEnv, LogFormat, NoAuthPolicy, Secret, TrustedProxies};
use super::values::{
    ApiToken, AuthentikUrl, Bind, DatabaseUrl, ExistingDir, Flag, GroupName, HoursPerPm, HttpUrl,
    Language, Scopes, SecretKey, SqlIdentifier, Whole,
};

/// One row of the table: what `check-config` and the layers need to know of a variable.
#[derive(Debug, Clone, Copy)]
pub(super) struct Variable {
    pub name: &'static str,
    /// The built-in default, read by the variable's type like any other value.
    pub default: Option<&'static str>,
    /// Shown masked by `check-config`.
    pub secret: bool,
}

/// `NAME: Type = "default", secret;` with the default and `secret` optional.
macro_rules! variables {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident : $value:ty $(= $default:literal)? $(, $secret:ident)? ;
    )*) => {
        /// The merged layers, each variable read by its type. Field names are the variables'
        /// names, so that a rule reads like the documentation (`raw.DATABASE_URL_APP`).
        #[allow(non_snake_case)]
        #[derive(Debug, Deserialize)]
        pub(super) struct Raw {
            $( $(#[doc = $doc])* pub $name: $value, )*
        }

        /// Every variable in declaration order, which is the order of `check-config`.
        pub(super) const VARIABLES: &[Variable] = &[$(
            Variable {
                name: stringify!($name),
                default: variables!(@default $($default)?),
                secret: variables!(@secret $($secret)?),
            },
        )*];
    };
    (@default) => { None };
    (@default $default:literal) => { Some($default) };
    (@secret) => { false };
    (@secret secret) => { true };
}

variables! {
    /// dev | test | qa | prod; also picks the file `.env.<APP_ENV>`.
    APP_ENV: AppEnv = "dev";
    /// The URL users open: derived from BIND in dev and test, required in qa and prod.
    APP_URL: Option<HttpUrl>;
    BIND: Bind = "127.0.0.1:5000";
    /// The owner/migrator connection: migrations, CLI imports, `setup-rls-app-role`.
    DATABASE_URL: Option<DatabaseUrl>, secret;
    /// The application role's connection, used for requests with row-level security on.
    DATABASE_URL_APP: Option<DatabaseUrl>, secret;
    /// No built-in default: on in qa and prod, off in dev and test (`rules::database`).
    RLS_ENABLED: Option<Flag>;
    POSTGRES_APP_USER: SqlIdentifier = "rediflow_app";
    POSTGRES_APP_PASSWORD: Option<Secret>, secret;
    /// Required in qa and prod; elsewhere one is generated for the run.
    SECRET_KEY: Option<SecretKey>, secret;
    OIDC_ISSUER: Option<HttpUrl>;
    OIDC_CLIENT_ID: Option<String>;
    OIDC_CLIENT_SECRET: Option<Secret>, secret;
    /// By default `{APP_URL}/oauth/callback`.
    OIDC_REDIRECT_URI: Option<HttpUrl>;
    OIDC_SCOPES: Scopes = "openid profile email groups";
    /// Unset: allow_all in dev and test; `serve` refuses qa and prod without OIDC or this.
    POLICY_NO_AUTH_DEFAULT: Option<NoAuthPolicy>;
    PROJECT_VISIBILITY_ENABLED: Flag = "false";
    PERSON_CAPACITY_ENABLED: Flag = "false";
    ROLE_DEMAND_ENABLED: Flag = "false";
    CAPACITY_REQUESTS_ENABLED: Flag = "false";
    SHARE_URL_FEATURE: Flag = "false";
    SHARE_URL_FEATURE_STATS: Flag = "false";
    SHARE_URL_STATS_MIN_CLICKS: Whole<0, 1_000_000> = "5";
    HOURS_PER_PM: HoursPerPm = "160";
    UNDER_ALLOCATION_PERCENT: Whole<0, 100> = "80";
    /// en | fi | sv: the language of pages for whoever chose none and whose browser asks for
    /// none of these.
    DEFAULT_LOCALE: Language = "en";
    DB_POOL_SIZE: Whole<1, 200> = "10";
    DB_CONNECT_TIMEOUT_SECONDS: Whole<1, 300> = "5";
    DB_PREPARED_STATEMENTS: Flag = "true";
    LOG_FORMAT: LogFormat = "text";
    /// Unset: `static/` in the working directory, else the source tree's.
    STATIC_DIR: Option<ExistingDir>;
    /// Unset: one per CPU core.
    HTTP_WORKERS: Option<Whole<1, 256>>;
    SESSION_IDLE_TIMEOUT_MINUTES: Whole<1, { 60 * 24 * 31 }> = "480";
    SESSION_MAX_LIFETIME_HOURS: Whole<1, { 24 * 366 }> = "168";
    SESSION_REVALIDATE_MINUTES: Whole<1, { 24 * 60 }> = "10";
    SESSION_REVALIDATE_GRACE_MINUTES: Whole<0, { 7 * 24 * 60 }> = "60";
    LOGIN_STATE_TTL_SECONDS: Whole<1, 3600> = "600";
    LOGIN_RATE_LIMIT_PER_MINUTE: Whole<1, 100_000> = "20";
    LOGIN_CEILING_PER_MINUTE: Whole<1, 100_000> = "100";
    API_RATE_LIMIT_PER_MINUTE: Whole<1, 1_000_000> = "600";
    TRUSTED_PROXIES: Option<TrustedProxies>;
    /// Replaced by TRUSTED_PROXIES; `true` without it is refused (`rules::trusted_proxies`).
    TRUST_FORWARDED_FOR: Flag = "false";
    GROUP_SUPER_ADMINS: GroupName = "rediflow-super-admins";
    GROUP_ADMINS: GroupName = "rediflow-admins";
    GROUP_EDITORS: GroupName = "rediflow-editors";
    GROUP_VIEWERS: GroupName = "rediflow-viewers";
    GROUP_VISIBILITY_ORG: GroupName = "rediflow-visibility-org";
    GROUP_VISIBILITY_ASSIGNED: GroupName = "rediflow-visibility-assigned";
    GROUP_ORG_PREFIX: GroupName = "rediflow-org-";
    /// Read by `rediflow authentik ...` (setup-oidc, seed-test-users, apply-brand) only.
    AUTHENTIK_URL: Option<AuthentikUrl>;
    AUTHENTIK_BOOTSTRAP_TOKEN: Option<ApiToken>, secret;
    /// Unset: `DEFAULT_TEST_USER_PASSWORD` in dev and test, none in qa and prod.
    AUTHENTIK_TEST_USER_PASSWORD: Option<Secret>, secret;
}
