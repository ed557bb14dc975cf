//! The OpenID Connect relying party (SPEC §6): discovery only, authorization code flow with
//! PKCE S256, state and nonce kept server-side, ID token signature/issuer/audience/expiry/nonce
//! verified by `openidconnect`, userinfo fetched. The HTTP client follows no redirects.
//!
//! After sign-in, [`OidcService::reconfirm`] asks the provider again (refresh grant when the
//! access token has expired, then userinfo) whether the user still exists and with which groups;
//! the session store does so every SESSION_REVALIDATE_MINUTES (`sessions::provider_check`).
//!
//! The provider's metadata and keys are fetched once and kept; when an ID token is signed with
//! a key we do not know (the provider rotated its keys), they are fetched again once. If the
//! provider cannot be reached at start, the server still starts and keeps retrying in the
//! background; `/login` then says the sign-in service is unreachable.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreErrorResponseType, CoreIdToken,
    CoreJwsSigningAlgorithm, CoreTokenResponse,
};
use openidconnect::reqwest;
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, EndSessionUrl,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, LogoutRequest, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    SignatureVerificationError, TokenResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use crate::auth::groups::groups_from_claims;
use crate::config::OidcSettings;

type OidcClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// What discovery told us about the provider.
struct Provider {
    client: OidcClient,
    /// Asymmetric algorithms the provider advertises for ID tokens; HMAC with the client secret
    /// and `none` are never accepted.
    allowed_algs: Vec<CoreJwsSigningAlgorithm>,
    userinfo_endpoint: Option<Url>,
    end_session_endpoint: Option<EndSessionUrl>,
    /// Whether discovery lists the `offline_access` scope: the one that yields a refresh token,
    /// without which a session cannot be re-checked once its access token has expired.
    offers_offline_access: bool,
}

/// The scope that asks for a refresh token (OIDC Core 11).
const OFFLINE_ACCESS: &str = "offline_access";

/// An access token this close to its expiry is refreshed before use.
const ACCESS_TOKEN_MARGIN_SECONDS: i64 = 30;

/// A sign-in started at `/login`, kept in the server-side session until the callback.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go afterwards (already checked to be a local path).
    pub next: String,
    /// Unix seconds; the attempt expires after LOGIN_STATE_TTL_SECONDS.
    pub started_at: i64,
}

/// What the provider says about a user, at sign-in and at every re-check.
#[derive(Debug, Clone)]
pub struct ProviderProfile {
    pub subject: String,
    pub username: String,
    pub email: Option<String>,
    /// Whether the provider vouches for `email` (`email_verified`, see [`email_verified`]).
    pub email_verified: bool,
    pub display_name: Option<String>,
    /// Group names from the ID token and userinfo (at a re-check: userinfo).
    pub groups: Vec<String>,
    /// The groups entries exactly as received, for the user page.
    pub raw_groups: Value,
}

/// The tokens that let the server ask the provider about a signed-in user again. Kept only in
/// the `sessions` row, sealed (`sessions::grant_seal`); never in the cookie, never shown.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderGrant {
    /// Whose tokens these are: userinfo must answer for this subject.
    pub subject: String,
    pub access_token: String,
    /// Unix seconds; `None` when the provider did not say (then userinfo tells).
    pub access_token_expires_at: Option<i64>,
    /// Present when the provider issued one (scope `offline_access`).
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for ProviderGrant {
    /// Tokens are credentials: logs show only whether they are there.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderGrant")
            .field("subject", &self.subject)
            .field("access_token", &"***")
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl ProviderGrant {
    /// The tokens of a token response; a response without a refresh token keeps `previous`'s
    /// (providers that do not rotate refresh tokens send none on refresh).
    fn from_response(
        subject: &str,
        response: &CoreTokenResponse,
        previous: Option<&str>,
        now: i64,
    ) -> Self {
        ProviderGrant {
            subject: subject.to_string(),
            access_token: response.access_token().secret().clone(),
            access_token_expires_at: response
                .expires_in()
                .map(|d| now.saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))),
            refresh_token: response
                .refresh_token()
                .map(|t| t.secret().clone())
                .or_else(|| previous.map(str::to_string)),
        }
    }

    /// Whether the access token must be refreshed before it is used at `now`.
    fn access_token_expired(&self, now: i64) -> bool {
        self.access_token_expires_at
            .is_some_and(|at| at - ACCESS_TOKEN_MARGIN_SECONDS <= now)
    }
}

/// The verified facts of a completed sign-in.
#[derive(Debug, Clone)]
pub struct VerifiedLogin {
    pub profile: ProviderProfile,
    /// The ID token, kept for `id_token_hint` at logout.
    pub id_token: String,
    pub grant: ProviderGrant,
}

/// The provider's answer when asked about a signed-in user again.
#[derive(Debug)]
pub enum Reconfirmation {
    /// The user still exists; these are their facts now, and the tokens to ask with next time.
    Confirmed {
        profile: ProviderProfile,
        grant: ProviderGrant,
    },
    /// The provider says no (refused refresh, userinfo 401/403, another subject), or there is
    /// no token left to ask with: the session must end.
    Refused(String),
    /// The provider could not be asked (unreachable, 5xx, an answer we cannot read). `grant`
    /// holds the newest tokens: a refresh may have succeeded before userinfo failed, and a
    /// rotated refresh token must not be lost.
    Unreachable {
        reason: String,
        grant: ProviderGrant,
    },
}

/// Why userinfo gave no claims.
enum UserinfoFailure {
    /// 401 or 403: the provider does not accept the access token (any more).
    Rejected(reqwest::StatusCode),
    /// An answer about another subject: not about this user (OIDC Core 5.3.2).
    OtherSubject,
    /// Anything else: the provider could not be asked, or its answer not read.
    Failed(String),
}

impl UserinfoFailure {
    fn describe(&self) -> String {
        match self {
            UserinfoFailure::Rejected(status) => format!("status {status}"),
            UserinfoFailure::OtherSubject => {
                "the userinfo subject differs from the ID token's".into()
            }
            UserinfoFailure::Failed(reason) => reason.clone(),
        }
    }
}

/// Why a sign-in failed. `Display` is for the log; [`OidcError::user_message`] for the page.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the identity provider is unreachable or its discovery document is invalid: {0}")]
    Unreachable(String),
    #[error("token exchange failed: {0}")]
    TokenExchange(String),
    #[error("the ID token was refused: {0}")]
    InvalidIdToken(String),
    #[error("userinfo failed: {0}")]
    UserInfo(String),
    #[error("configuration: {0}")]
    Configuration(String),
}

impl OidcError {
    pub fn user_message(&self) -> &'static str {
        match self {
            OidcError::Unreachable(_) => {
                "The sign-in service is unreachable right now. Please try again in a few minutes."
            }
            OidcError::TokenExchange(_) | OidcError::UserInfo(_) => {
                "The sign-in service did not confirm your sign-in. Please try again."
            }
            OidcError::InvalidIdToken(_) => {
                "The sign-in answer could not be verified, so you were not signed in. Please try again."
            }
            OidcError::Configuration(_) => {
                "Sign-in is misconfigured on this server. Please tell your administrator."
            }
        }
    }
}

/// The relying party of one server.
pub struct OidcService {
    settings: OidcSettings,
    http: reqwest::Client,
    provider: RwLock<Option<Arc<Provider>>>,
}

/// Whether an asymmetric signature algorithm (the only kind we accept for ID tokens).
fn is_asymmetric(alg: &CoreJwsSigningAlgorithm) -> bool {
    !matches!(
        alg,
        CoreJwsSigningAlgorithm::HmacSha256
            | CoreJwsSigningAlgorithm::HmacSha384
            | CoreJwsSigningAlgorithm::HmacSha512
            | CoreJwsSigningAlgorithm::None
    )
}

/// The JSON payload of a compact JWT (only read after the signature has been verified).
fn jwt_payload(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn string_claim(claim_sets: &[&Value], name: &str) -> Option<String> {
    claim_sets
        .iter()
        .find_map(|claims| claims.get(name).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Whether the provider says the e-mail it sent is the user's: `email_verified` of the claims that
/// carried the e-mail (`true`, or the string "true" some providers send). Missing means not
/// verified: OIDC Core 5.1 only promises ownership when the claim is true.
fn email_verified(claim_sets: &[&Value]) -> bool {
    claim_sets
        .iter()
        .find(|claims| {
            claims
                .get("email")
                .and_then(Value::as_str)
                .is_some_and(|email| !email.trim().is_empty())
        })
        .and_then(|claims| claims.get("email_verified"))
        .is_some_and(|verified| {
            verified.as_bool() == Some(true) || verified.as_str() == Some("true")
        })
}

/// The claims that carry groups.
const GROUP_CLAIMS: [&str; 2] = ["groups", "ak_groups"];

/// The user's facts from the claim sets the provider sent (ID token first, then userinfo).
fn profile_from_claims(subject: &str, claim_sets: &[&Value]) -> ProviderProfile {
    let username = string_claim(claim_sets, "preferred_username")
        .or_else(|| string_claim(claim_sets, "email"))
        .unwrap_or_else(|| subject.to_string());
    // Every groups entry exactly as received (strings or objects), ID token first.
    let raw_groups = Value::Array(
        claim_sets
            .iter()
            .flat_map(|claims| GROUP_CLAIMS.map(|name| claims.get(name)))
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .cloned()
            .collect(),
    );
    ProviderProfile {
        subject: subject.to_string(),
        username,
        email: string_claim(claim_sets, "email"),
        email_verified: email_verified(claim_sets),
        display_name: string_claim(claim_sets, "name"),
        groups: groups_from_claims(claim_sets),
        raw_groups,
    }
}

impl OidcService {
    pub fn new(settings: OidcSettings) -> anyhow::Result<Arc<Self>> {
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let a provider response point us anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            // A kept-alive connection the provider is closing at the moment we send the code
            // exchange fails the sign-in (a POST is not retried). Providers and their proxies
            // close idle connections after a few seconds (actix and gunicorn: 2–5 s), so drop
            // ours first: reuse within a sign-in's requests, a new connection after a pause.
            .pool_idle_timeout(Duration::from_secs(1))
            .build()?;
        Ok(Arc::new(OidcService {
            settings,
            http,
            provider: RwLock::new(None),
        }))
    }

    /// Fetches the discovery document and keys now and keeps them.
    async fn discover(&self) -> Result<Arc<Provider>, OidcError> {
        let issuer = IssuerUrl::new(self.settings.issuer.to_string())
            .map_err(|e| OidcError::Configuration(format!("OIDC_ISSUER: {e}")))?;
        // discover_async checks that the document's issuer is exactly the configured one.
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Unreachable(error_chain(&e)))?;
        let allowed_algs: Vec<CoreJwsSigningAlgorithm> = metadata
            .id_token_signing_alg_values_supported()
            .iter()
            .filter(|alg| is_asymmetric(alg))
            .cloned()
            .collect();
        if allowed_algs.is_empty() {
            return Err(OidcError::Unreachable(
                "the provider advertises no asymmetric ID token signing algorithm".into(),
            ));
        }
        let userinfo_endpoint = metadata.userinfo_endpoint().map(|u| u.url().clone());
        let end_session_endpoint = metadata.additional_metadata().end_session_endpoint.clone();
        let offers_offline_access = metadata
            .scopes_supported()
            .is_some_and(|scopes| scopes.iter().any(|s| s.as_str() == OFFLINE_ACCESS));
        if !offers_offline_access {
            tracing::warn!(
                "the OIDC provider does not offer the offline_access scope: without a refresh token a \
                 session ends at its first group check after the access token expired (Authentik: add \
                 the offline_access scope mapping to the provider; docs/authentik.md)"
            );
        }
        let redirect = RedirectUrl::new(self.settings.redirect_uri.to_string())
            .map_err(|e| OidcError::Configuration(format!("OIDC_REDIRECT_URI: {e}")))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            self.settings
                .client_secret
                .as_ref()
                .map(|s| ClientSecret::new(s.expose().to_string())),
        )
        .set_redirect_uri(redirect);
        let provider = Arc::new(Provider {
            client,
            allowed_algs,
            userinfo_endpoint,
            end_session_endpoint,
            offers_offline_access,
        });
        if let Ok(mut slot) = self.provider.write() {
            *slot = Some(provider.clone());
        }
        tracing::info!(issuer = %self.settings.issuer, "OIDC provider discovered");
        Ok(provider)
    }

    /// The known provider, or a discovery attempt now.
    async fn provider(&self) -> Result<Arc<Provider>, OidcError> {
        let known = self.provider.read().ok().and_then(|p| p.clone());
        match known {
            Some(provider) => Ok(provider),
            None => self.discover().await,
        }
    }

    /// The configured issuer.
    pub fn issuer(&self) -> &Url {
        &self.settings.issuer
    }

    /// Whether discovery has succeeded (for `/readyz`-like reporting and tests).
    pub fn is_discovered(&self) -> bool {
        self.provider.read().map(|p| p.is_some()).unwrap_or(false)
    }

    /// Retries discovery in the background until it succeeds (1 s, 2 s, … up to 60 s apart).
    pub fn spawn_discovery(self: &Arc<Self>) {
        let service = self.clone();
        tokio::spawn(async move {
            let mut wait = Duration::from_secs(1);
            loop {
                if service.is_discovered() {
                    return;
                }
                match service.discover().await {
                    Ok(_) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, retry_in_seconds = wait.as_secs(), "OIDC discovery failed")
                    }
                }
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(60));
            }
        });
    }

    /// Starts a sign-in: the provider URL to send the browser to, and what to keep server-side.
    pub async fn begin(&self, next: String, now: i64) -> Result<(Url, PendingLogin), OidcError> {
        let provider = self.provider().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = provider.client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self.settings.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        // The refresh token that lets the groups be re-checked without the user.
        if provider.offers_offline_access
            && !self.settings.scopes.iter().any(|s| s == OFFLINE_ACCESS)
        {
            request = request.add_scope(Scope::new(OFFLINE_ACCESS.to_string()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok((
            url,
            PendingLogin {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                next,
                started_at: now,
            },
        ))
    }

    /// Finishes a sign-in: exchanges the code, verifies the ID token, fetches userinfo.
    pub async fn complete(
        &self,
        pending: &PendingLogin,
        code: String,
    ) -> Result<VerifiedLogin, OidcError> {
        let provider = self.provider().await?;
        let token_response = provider
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Configuration(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                // The request did not reach the provider or timed out: try again later (503),
                // as when discovery fails; the provider did not refuse anything.
                RequestTokenError::Request(_) => OidcError::Unreachable(error_chain(&e)),
                _ => OidcError::TokenExchange(error_chain(&e)),
            })?;
        let id_token = token_response
            .id_token()
            .ok_or_else(|| OidcError::InvalidIdToken("the token response has no ID token".into()))?
            .clone();

        let subject = match self.verify(&provider, &id_token, &pending.nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // Unknown key: the provider may have rotated its keys. Fetch them again, once.
                tracing::info!(
                    "ID token signed with an unknown key; fetching the provider's keys again"
                );
                let refreshed = self.discover().await?;
                self.verify(&refreshed, &id_token, &pending.nonce)
            }
            other => other,
        }
        .map_err(|e| OidcError::InvalidIdToken(error_chain(&e)))?;

        let compact = id_token.to_string();
        let id_claims = jwt_payload(&compact)
            .ok_or_else(|| OidcError::InvalidIdToken("the ID token payload is not JSON".into()))?;
        let userinfo = match &provider.userinfo_endpoint {
            Some(endpoint) => self
                .userinfo(endpoint, token_response.access_token().secret(), &subject)
                .await
                .map_err(|failure| match failure {
                    // As for the session check: a provider that could not be asked is
                    // unreachable (503, try again), not a refusal.
                    UserinfoFailure::Failed(reason) => OidcError::Unreachable(reason),
                    refused => OidcError::UserInfo(refused.describe()),
                })?,
            None => Value::Object(Default::default()),
        };
        let now = chrono::Utc::now().timestamp();
        let grant = ProviderGrant::from_response(&subject, &token_response, None, now);
        if provider.offers_offline_access && grant.refresh_token.is_none() {
            tracing::warn!(
                "the provider issued no refresh token although offline_access was asked for: this \
                 session ends at its first group check after the access token expired"
            );
        }
        Ok(VerifiedLogin {
            profile: profile_from_claims(&subject, &[&id_claims, &userinfo]),
            id_token: compact,
            grant,
        })
    }

    /// Asks the provider whether the user of `grant` still exists and with which groups:
    /// refreshes the access token when it has expired (or userinfo refuses it), then reads
    /// userinfo. Groups come from userinfo only, so it must carry them (Authentik's scope
    /// mappings put them in both the ID token and userinfo).
    pub async fn reconfirm(&self, grant: &ProviderGrant, now: i64) -> Reconfirmation {
        let unreachable = |reason: String, grant: &ProviderGrant| Reconfirmation::Unreachable {
            reason,
            grant: grant.clone(),
        };
        let provider = match self.provider().await {
            Ok(provider) => provider,
            Err(e) => return unreachable(e.to_string(), grant),
        };
        let Some(endpoint) = provider.userinfo_endpoint.clone() else {
            return unreachable("the provider has no userinfo endpoint".into(), grant);
        };
        let mut grant = grant.clone();
        let mut refreshed = false;
        if grant.access_token_expired(now) {
            grant = match self.refresh(&provider, &grant, now).await {
                Ok(fresh) => fresh,
                Err(answer) => return answer,
            };
            refreshed = true;
        }
        loop {
            let claims = match self
                .userinfo(&endpoint, &grant.access_token, &grant.subject)
                .await
            {
                Ok(claims) => claims,
                Err(UserinfoFailure::Rejected(_)) if !refreshed => {
                    // Revoked early, or our idea of its expiry was wrong: one refresh, then ask again.
                    grant = match self.refresh(&provider, &grant, now).await {
                        Ok(fresh) => fresh,
                        Err(answer) => return answer,
                    };
                    refreshed = true;
                    continue;
                }
                Err(UserinfoFailure::Rejected(status)) => {
                    return Reconfirmation::Refused(format!(
                        "userinfo refused the access token ({status})"
                    ));
                }
                Err(UserinfoFailure::OtherSubject) => {
                    return Reconfirmation::Refused("userinfo answered for another subject".into());
                }
                Err(UserinfoFailure::Failed(reason)) => {
                    return unreachable(format!("userinfo failed: {reason}"), &grant);
                }
            };
            if !GROUP_CLAIMS.iter().any(|name| claims.get(name).is_some()) {
                // Without the claim the answer says nothing about groups; reading it as "no
                // groups" would lock out everyone of a provider that sends them elsewhere.
                return unreachable("userinfo carries no groups claim".into(), &grant);
            }
            return Reconfirmation::Confirmed {
                profile: profile_from_claims(&grant.subject, &[&claims]),
                grant,
            };
        }
    }

    /// The refresh grant. `Err` is the answer to give: refused (`invalid_grant`, or no refresh
    /// token to use) or unreachable (anything else, e.g. a network error or invalid_client).
    async fn refresh(
        &self,
        provider: &Provider,
        grant: &ProviderGrant,
        now: i64,
    ) -> Result<ProviderGrant, Reconfirmation> {
        let Some(refresh_token) = grant.refresh_token.clone() else {
            return Err(Reconfirmation::Refused(
                "no refresh token to renew the access token with (scope offline_access)".into(),
            ));
        };
        let unreachable = |reason: String| Reconfirmation::Unreachable {
            reason,
            grant: grant.clone(),
        };
        let refresh_token = RefreshToken::new(refresh_token);
        let request = provider
            .client
            .exchange_refresh_token(&refresh_token)
            .map_err(|e| unreachable(format!("refresh: {e}")))?;
        match request.request_async(&self.http).await {
            Ok(response) => Ok(ProviderGrant::from_response(
                &grant.subject,
                &response,
                grant.refresh_token.as_deref(),
                now,
            )),
            Err(RequestTokenError::ServerResponse(answer))
                if *answer.error() == CoreErrorResponseType::InvalidGrant =>
            {
                Err(Reconfirmation::Refused(format!(
                    "the provider refused the refresh token: {answer}"
                )))
            }
            Err(e) => Err(unreachable(format!("refresh failed: {}", error_chain(&e)))),
        }
    }

    fn verify(
        &self,
        provider: &Provider,
        id_token: &CoreIdToken,
        nonce: &str,
    ) -> Result<String, ClaimsVerificationError> {
        let verifier = provider
            .client
            .id_token_verifier()
            .set_allowed_algs(provider.allowed_algs.clone());
        id_token
            .claims(&verifier, &Nonce::new(nonce.to_string()))
            .map(|claims| claims.subject().to_string())
    }

    async fn userinfo(
        &self,
        endpoint: &Url,
        access_token: &str,
        subject: &str,
    ) -> Result<Value, UserinfoFailure> {
        let response = self
            .http
            .get(endpoint.clone())
            .bearer_auth(access_token)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| UserinfoFailure::Failed(error_chain(&e)))?;
        let status = response.status();
        if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
            return Err(UserinfoFailure::Rejected(status));
        }
        if !status.is_success() {
            return Err(UserinfoFailure::Failed(format!("status {status}")));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| UserinfoFailure::Failed(error_chain(&e)))?;
        let claims: Value = serde_json::from_slice(&body)
            .map_err(|e| UserinfoFailure::Failed(format!("not JSON: {e}")))?;
        // OIDC Core 5.3.2: the userinfo subject must be the ID token's, or the answer is not for
        // this user.
        if claims.get("sub").and_then(Value::as_str) != Some(subject) {
            return Err(UserinfoFailure::OtherSubject);
        }
        Ok(claims)
    }

    /// The provider's end-session URL for RP-initiated logout, if it has one.
    pub fn logout_url(&self, id_token: Option<&str>, post_logout_redirect: &Url) -> Option<Url> {
        let provider = self.provider.read().ok().and_then(|p| p.clone())?;
        let endpoint = provider.end_session_endpoint.clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()));
        if let Ok(redirect) = PostLogoutRedirectUrl::new(post_logout_redirect.to_string()) {
            request = request.set_post_logout_redirect_uri(redirect);
        }
        let mut url = request.http_get_url();
        if let Some(token) = id_token {
            // LogoutRequest takes a parsed token; the compact form we kept is what it would send.
            url.query_pairs_mut().append_pair("id_token_hint", token);
        }
        Some(url)
    }
}

/// An error with its sources, on one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_of_a_compact_jwt() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"s","groups":["a"]}"#);
        let token = format!("e30.{payload}.sig");
        assert_eq!(jwt_payload(&token).unwrap()["sub"], "s");
        assert!(jwt_payload("garbage").is_none());
    }

    #[test]
    fn only_an_email_the_provider_vouches_for_is_verified() {
        let verified = |id: Value, userinfo: Value| email_verified(&[&id, &userinfo]);
        let none = serde_json::json!({});
        let email = |v: Value| serde_json::json!({"email": "a@example.org", "email_verified": v});
        assert!(verified(email(Value::Bool(true)), none.clone()));
        assert!(verified(email(Value::from("true")), none.clone()));
        assert!(!verified(email(Value::Bool(false)), none.clone()));
        assert!(!verified(email(Value::from("yes")), none.clone()));
        assert!(!verified(
            serde_json::json!({"email": "a@example.org"}),
            none.clone()
        ));
        // The claims that carried the e-mail decide, not a verdict sent without it.
        assert!(verified(none.clone(), email(Value::Bool(true))));
        assert!(!verified(
            email(Value::Bool(false)),
            serde_json::json!({"email_verified": true})
        ));
    }

    #[test]
    fn symmetric_and_none_algorithms_are_never_allowed() {
        assert!(is_asymmetric(
            &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256
        ));
        assert!(is_asymmetric(&CoreJwsSigningAlgorithm::EcdsaP256Sha256));
        assert!(!is_asymmetric(&CoreJwsSigningAlgorithm::HmacSha256));
        assert!(!is_asymmetric(&CoreJwsSigningAlgorithm::None));
    }
}
