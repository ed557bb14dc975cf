//! How the text of one variable becomes a value: one type per kind of value, each with the
//! sentence that follows the variable's name when the text is refused. The types are serde
//! `Deserialize`, so that [`super::variables`] can declare each variable by its type alone.

use std::net::SocketAddr;
use std::path::PathBuf;

use bigdecimal::BigDecimal;
use serde::de::{Deserialize, Deserializer, Error as _};
use url::Url;

use super::types::{AppEnv, LogFormat, NoAuthPolicy, Secret, TrustedProxies};
use crate::planning::{decimal_input, divisor};

/// A value read from the text of one variable.
pub(super) trait FromVariable: Sized {
    /// The value of `text` (trimmed, never empty), or the problem, worded to follow the
    /// variable's name ("DB_POOL_SIZE must be ...").
    fn from_text(text: &str) -> Result<Self, String>;
}

/// `Deserialize` by [`FromVariable`]: the merged layers hand every value over as text.
macro_rules! deserialize_from_text {
    ($($value:ty),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $value {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                <$value as FromVariable>::from_text(&text).map_err(D::Error::custom)
            }
        }
    )*};
}

deserialize_from_text!(
    AppEnv,
    NoAuthPolicy,
    LogFormat,
    TrustedProxies,
    Secret,
    Flag,
    HoursPerPm,
    Language,
    Bind,
    HttpUrl,
    DatabaseUrl,
    SqlIdentifier,
    SecretKey,
    Scopes,
    ExistingDir,
    GroupName,
    AuthentikUrl,
    ApiToken,
);

impl FromVariable for AppEnv {
    fn from_text(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "dev" => Ok(AppEnv::Dev),
            "test" => Ok(AppEnv::Test),
            "qa" => Ok(AppEnv::Qa),
            "prod" => Ok(AppEnv::Prod),
            other => Err(format!(
                "must be one of dev, test, qa, prod (got \"{other}\")"
            )),
        }
    }
}

impl FromVariable for NoAuthPolicy {
    fn from_text(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "allow_all" => Ok(NoAuthPolicy::AllowAll),
            "view_only" => Ok(NoAuthPolicy::ViewOnly),
            _ => Err(format!("must be allow_all or view_only (got \"{text}\")")),
        }
    }
}

impl FromVariable for LogFormat {
    fn from_text(text: &str) -> Result<Self, String> {
        match text {
            v if v.eq_ignore_ascii_case("text") => Ok(LogFormat::Text),
            v if v.eq_ignore_ascii_case("json") => Ok(LogFormat::Json),
            other => Err(format!("must be text or json (got \"{other}\")")),
        }
    }
}

impl FromVariable for TrustedProxies {
    fn from_text(text: &str) -> Result<Self, String> {
        text.parse().map_err(|item| {
            format!(
                "must list IP addresses or networks separated by commas, such as \
                 127.0.0.1,10.0.0.0/8,fd00::/8 (got \"{item}\")"
            )
        })
    }
}

impl FromVariable for Secret {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(Secret::new(text))
    }
}

/// A switch: true/1/yes/on or false/0/no/off.
#[derive(Debug, Clone, Copy)]
pub(super) struct Flag(pub bool);

impl FromVariable for Flag {
    fn from_text(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(Flag(true)),
            "false" | "0" | "no" | "off" => Ok(Flag(false)),
            _ => Err(format!("must be true or false (got \"{text}\")")),
        }
    }
}

/// A whole number from `MIN` to `MAX`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Whole<const MIN: u32, const MAX: u32>(pub u32);

impl<const MIN: u32, const MAX: u32> Whole<MIN, MAX> {
    /// The number as a count of seconds, minutes or hours (`unit` in seconds).
    pub fn times(self, unit: u64) -> std::time::Duration {
        std::time::Duration::from_secs(unit * u64::from(self.0))
    }
}

impl<const MIN: u32, const MAX: u32> FromVariable for Whole<MIN, MAX> {
    fn from_text(text: &str) -> Result<Self, String> {
        text.parse::<u32>()
            .ok()
            .filter(|n| (MIN..=MAX).contains(n))
            .map(Whole)
            .ok_or_else(|| format!("must be a whole number from {MIN} to {MAX} (got \"{text}\")"))
    }
}

impl<'de, const MIN: u32, const MAX: u32> Deserialize<'de> for Whole<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_text(&text).map_err(D::Error::custom)
    }
}

/// Hours in one person-month, by the same reading and range as a rate typed into a form.
#[derive(Debug, Clone)]
pub(super) struct HoursPerPm(pub BigDecimal);

impl FromVariable for HoursPerPm {
    fn from_text(text: &str) -> Result<Self, String> {
        match decimal_input::parse_decimal(text) {
            Ok(Some(hours)) if divisor::hours_per_pm_in_range(&hours) => Ok(HoursPerPm(hours)),
            _ => Err(format!(
                "must be a number of hours above 0 and at most 744 (got \"{text}\")"
            )),
        }
    }
}

/// A language of the interface (`DEFAULT_LOCALE`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Language(pub crate::i18n::Lang);

impl FromVariable for Language {
    fn from_text(text: &str) -> Result<Self, String> {
        crate::i18n::Lang::parse(text)
            .map(Language)
            .ok_or_else(|| format!("must be en, fi or sv (got \"{text}\")"))
    }
}

/// The address and port the server listens on.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bind(pub SocketAddr);

impl FromVariable for Bind {
    fn from_text(text: &str) -> Result<Self, String> {
        text.parse().map(Bind).map_err(|_| {
            format!("must be an IP address and port such as 127.0.0.1:5000 (got \"{text}\")")
        })
    }
}

/// An absolute http(s) URL with a host.
#[derive(Debug, Clone)]
pub(super) struct HttpUrl(pub Url);

impl FromVariable for HttpUrl {
    fn from_text(text: &str) -> Result<Self, String> {
        let url = Url::parse(text)
            .map_err(|e| format!("must be an absolute http(s) URL (got \"{text}\": {e})"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(format!("must be an absolute http(s) URL (got \"{text}\")"));
        }
        Ok(HttpUrl(url))
    }
}

/// A PostgreSQL connection URL (it holds a password: a secret).
#[derive(Debug, Clone)]
pub(super) struct DatabaseUrl(pub Secret);

impl FromVariable for DatabaseUrl {
    fn from_text(text: &str) -> Result<Self, String> {
        let postgres = Url::parse(text)
            .map(|url| matches!(url.scheme(), "postgres" | "postgresql"))
            .unwrap_or(false);
        if !postgres {
            return Err(
                "must be a PostgreSQL URL like postgres://user:password@host:5432/database".into(),
            );
        }
        Ok(DatabaseUrl(Secret::new(text)))
    }
}

/// A role name written into SQL without quoting: lower case, digits and `_`, at most 63 bytes.
#[derive(Debug, Clone)]
pub(super) struct SqlIdentifier(pub String);

impl FromVariable for SqlIdentifier {
    fn from_text(text: &str) -> Result<Self, String> {
        let mut chars = text.chars();
        let identifier = matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && text.len() <= 63;
        if !identifier {
            return Err(format!(
                "must be a lower-case SQL identifier such as rediflow_app (got \"{text}\")"
            ));
        }
        Ok(SqlIdentifier(text.to_string()))
    }
}

/// The shortest `SECRET_KEY` accepted: the session cookie's signing key needs 64 bytes.
pub(super) const MIN_SECRET_KEY_BYTES: usize = 64;

/// The key that signs session cookies.
#[derive(Debug, Clone)]
pub(super) struct SecretKey(pub Secret);

impl FromVariable for SecretKey {
    fn from_text(text: &str) -> Result<Self, String> {
        if text.len() < MIN_SECRET_KEY_BYTES {
            return Err(format!(
                "must be at least {MIN_SECRET_KEY_BYTES} bytes long (got {} bytes); generate one \
                 with: openssl rand -base64 64 | tr -d '\\n'",
                text.len()
            ));
        }
        Ok(SecretKey(Secret::new(text)))
    }
}

/// OIDC scopes separated by white space (whether `openid` is among them matters only with OIDC
/// on, see `rules::oidc`).
#[derive(Debug, Clone)]
pub(super) struct Scopes(pub Vec<String>);

impl FromVariable for Scopes {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(Scopes(
            text.split_whitespace().map(str::to_string).collect(),
        ))
    }
}

/// A directory that exists when the settings are read.
#[derive(Debug, Clone)]
pub(super) struct ExistingDir(pub PathBuf);

impl FromVariable for ExistingDir {
    fn from_text(text: &str) -> Result<Self, String> {
        let dir = PathBuf::from(text);
        if !dir.is_dir() {
            return Err(format!(
                "must be an existing directory (got \"{}\")",
                dir.display()
            ));
        }
        Ok(ExistingDir(dir))
    }
}

/// The name of an identity provider group: one word, as groups arrive in a space-free claim.
#[derive(Debug, Clone)]
pub(super) struct GroupName(pub String);

impl FromVariable for GroupName {
    fn from_text(text: &str) -> Result<Self, String> {
        if text.chars().any(char::is_whitespace) {
            return Err(format!("must not contain spaces (got \"{text}\")"));
        }
        Ok(GroupName(text.to_string()))
    }
}

/// Authentik's base URL, with a trailing slash so that `api/v3/...` joins below it.
#[derive(Debug, Clone)]
pub(super) struct AuthentikUrl(pub Url);

impl FromVariable for AuthentikUrl {
    fn from_text(text: &str) -> Result<Self, String> {
        let HttpUrl(mut url) = HttpUrl::from_text(text)?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("must not have a query or fragment (got \"{url}\")"));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(AuthentikUrl(url))
    }
}

/// An API token sent in an HTTP header.
#[derive(Debug, Clone)]
pub(super) struct ApiToken(pub Secret);

impl FromVariable for ApiToken {
    fn from_text(text: &str) -> Result<Self, String> {
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("must not contain spaces or control characters".into());
        }
        Ok(ApiToken(Secret::new(text)))
    }
}
