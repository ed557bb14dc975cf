//! The public types of the settings: what the rest of the server reads.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;
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
