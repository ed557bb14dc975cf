//! The OpenID Connect relying party (SPEC §6): discovery only, authorization code flow with
//! PKCE S256, state and nonce kept server-side, ID token signature/issuer/audience/expiry/nonce
//! verified by `openidconnect`, userinfo fetched. The HTTP client follows no redirects.
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
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreJwsSigningAlgorithm,
};
use openidconnect::reqwest;
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, EndSessionUrl,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, LogoutRequest, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, Scope, SignatureVerificationError, TokenResponse,
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
}

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

/// The verified facts of a completed sign-in.
#[derive(Debug, Clone)]
pub struct VerifiedLogin {
    pub subject: String,
    pub username: String,
    pub email: Option<String>,
    /// Whether the provider vouches for `email` (`email_verified`, see [`email_verified`]).
    pub email_verified: bool,
    pub display_name: Option<String>,
    /// Group names from the ID token and userinfo.
    pub groups: Vec<String>,
    /// The groups entries exactly as received, for the user page.
    pub raw_groups: Value,
    /// The ID token, kept for `id_token_hint` at logout.
    pub id_token: String,
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

impl OidcService {
    pub fn new(settings: OidcSettings) -> anyhow::Result<Arc<Self>> {
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let a provider response point us anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
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
            .map_err(|e| OidcError::TokenExchange(error_chain(&e)))?;
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
            Some(endpoint) => {
                self.userinfo(endpoint, token_response.access_token().secret(), &subject)
                    .await?
            }
            None => Value::Object(Default::default()),
        };
        let claim_sets = [&id_claims, &userinfo];
        let username = string_claim(&claim_sets, "preferred_username")
            .or_else(|| string_claim(&claim_sets, "email"))
            .unwrap_or_else(|| subject.clone());
        // Every groups entry exactly as received (strings or objects), ID token first.
        let raw_groups = Value::Array(
            claim_sets
                .iter()
                .flat_map(|claims| ["groups", "ak_groups"].map(|name| claims.get(name)))
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .cloned()
                .collect(),
        );
        Ok(VerifiedLogin {
            groups: groups_from_claims(&claim_sets),
            email: string_claim(&claim_sets, "email"),
            email_verified: email_verified(&claim_sets),
            display_name: string_claim(&claim_sets, "name"),
            subject,
            username,
            raw_groups,
            id_token: compact,
        })
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
    ) -> Result<Value, OidcError> {
        let response = self
            .http
            .get(endpoint.clone())
            .bearer_auth(access_token)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| OidcError::UserInfo(error_chain(&e)))?;
        if !response.status().is_success() {
            return Err(OidcError::UserInfo(format!("status {}", response.status())));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| OidcError::UserInfo(error_chain(&e)))?;
        let claims: Value = serde_json::from_slice(&body)
            .map_err(|e| OidcError::UserInfo(format!("not JSON: {e}")))?;
        // OIDC Core 5.3.2: the userinfo subject must be the ID token's, or the answer is not for this user.
        if claims.get("sub").and_then(Value::as_str) != Some(subject) {
            return Err(OidcError::UserInfo(
                "the userinfo subject differs from the ID token's".into(),
            ));
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
