//! A test OpenID provider shaped like Authentik (issuer `/application/o/rediflow/` with its
//! trailing slash), on 127.0.0.1: discovery, authorize, token (with PKCE, and the refresh grant
//! with rotation like Authentik's: a used refresh token is revoked), userinfo, JWKS and
//! end-session. Each test can make it misbehave in one way (`Tamper`) to prove the server
//! refuses, change a user's groups, deactivate a user, or stop answering.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "rediflow-test-client";
pub const CLIENT_SECRET: &str = "rediflow-test-secret";

const KEY_1: &str = include_str!("../fixtures/idp-key-1.pem");
const KEY_2: &str = include_str!("../fixtures/idp-key-2.pem");
const JWK_1: &str = include_str!("../fixtures/idp-key-1.jwk.json");
const JWK_2: &str = include_str!("../fixtures/idp-key-2.jwk.json");

/// One way the provider misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
    None,
    WrongAudience,
    IssuerWithoutSlash,
    Expired,
    /// Signed with another key under the known key's id.
    BadSignature,
    WrongNonce,
    /// HS256 with the client secret, although only RS256 is advertised.
    AlgHs256,
    /// The user refuses consent.
    AccessDenied,
    /// The token endpoint returns no ID token.
    NoIdToken,
    /// Userinfo answers for another subject.
    UserinfoOtherSubject,
}

/// Where the groups claim travels and how it is shaped.
#[derive(Debug, Clone)]
pub struct IdpUser {
    pub sub: String,
    pub username: String,
    pub email: String,
    /// The `email_verified` claim sent with the e-mail; `None` leaves it out.
    pub email_verified: Option<bool>,
    pub name: String,
    pub groups: Value,
    pub claim: &'static str,
    pub in_id_token: bool,
    pub in_userinfo: bool,
}

impl IdpUser {
    /// A user whose groups come as strings in the `groups` claim of the ID token and userinfo.
    pub fn new(username: &str, groups: &[&str]) -> Self {
        IdpUser {
            sub: format!("sub-{}", username.replace('@', "-at-")),
            username: username.to_string(),
            email: username.replace("@test", "@example.org"),
            email_verified: Some(true),
            name: format!("Test {}", username.split('@').next().unwrap_or(username)),
            groups: json!(groups),
            claim: "groups",
            in_id_token: true,
            in_userinfo: true,
        }
    }
}

struct Grant {
    username: String,
    nonce: String,
    challenge: String,
    redirect_uri: String,
    scope: String,
}

struct AccessGrant {
    username: String,
    expires_at: i64,
}

struct RefreshGrant {
    username: String,
    /// Used once already (rotation): presenting it again is refused.
    revoked: bool,
}

struct IdpState {
    issuer: String,
    users: HashMap<String, IdpUser>,
    next_login: Option<String>,
    tamper: Tamper,
    grants: HashMap<String, Grant>,
    access_tokens: HashMap<String, AccessGrant>,
    refresh_tokens: HashMap<String, RefreshGrant>,
    /// Lifetime of new access tokens (`expires_in`), seconds.
    access_token_lifetime: i64,
    /// Users whose tokens are refused from now on (deactivated at the provider).
    deactivated: Vec<String>,
    /// The token and userinfo endpoints answer 503.
    unavailable: bool,
    userinfo_calls: usize,
    refresh_calls: usize,
    /// Which keys the JWKS publishes and which one signs (0 = key 1, 1 = key 2).
    published: Vec<usize>,
    signing: usize,
    end_session_calls: Vec<HashMap<String, String>>,
    discovery_count: usize,
}

pub struct TestIdp {
    pub base: String,
    pub issuer: String,
    state: Arc<Mutex<IdpState>>,
    handle: ServerHandle,
}

fn random_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl TestIdp {
    pub async fn start() -> TestIdp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        TestIdp::start_on(listener).await
    }

    pub async fn start_on(listener: TcpListener) -> TestIdp {
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let issuer = format!("{base}/application/o/rediflow/");
        let state = Arc::new(Mutex::new(IdpState {
            issuer: issuer.clone(),
            users: HashMap::new(),
            next_login: None,
            tamper: Tamper::None,
            grants: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            access_token_lifetime: 300,
            deactivated: Vec::new(),
            unavailable: false,
            userinfo_calls: 0,
            refresh_calls: 0,
            published: vec![0],
            signing: 0,
            end_session_calls: Vec::new(),
            discovery_count: 0,
        }));
        let data = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route(
                    "/application/o/rediflow/.well-known/openid-configuration",
                    web::get().to(discovery),
                )
                .route("/application/o/authorize/", web::get().to(authorize))
                .route("/application/o/token/", web::post().to(token))
                .route("/application/o/userinfo/", web::get().to(userinfo))
                .route("/application/o/rediflow/jwks/", web::get().to(jwks))
                .route(
                    "/application/o/rediflow/end-session/",
                    web::get().to(end_session),
                )
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        TestIdp {
            base,
            issuer,
            state,
            handle,
        }
    }

    pub fn add_user(&self, user: IdpUser) {
        let mut state = self.state.lock().unwrap();
        state.users.insert(user.username.clone(), user);
    }

    /// The user the next authorize request signs in.
    pub fn sign_in_next(&self, username: &str) {
        self.state.lock().unwrap().next_login = Some(username.to_string());
    }

    pub fn tamper(&self, tamper: Tamper) {
        self.state.lock().unwrap().tamper = tamper;
    }

    /// Key rotation: sign with key 2 and publish both keys from now on.
    pub fn rotate_keys(&self) {
        let mut state = self.state.lock().unwrap();
        state.signing = 1;
        state.published = vec![0, 1];
    }

    /// Replaces a user's groups, as an administrator of the provider would.
    pub fn set_groups(&self, username: &str, groups: &[&str]) {
        let mut state = self.state.lock().unwrap();
        let user = state.users.get_mut(username).expect("a known user");
        user.groups = json!(groups);
    }

    /// Deactivates a user: their refresh and access tokens are refused from now on.
    pub fn deactivate(&self, username: &str) {
        self.state
            .lock()
            .unwrap()
            .deactivated
            .push(username.to_string());
    }

    /// The token and userinfo endpoints answer 503 (true) or work again (false).
    pub fn set_unavailable(&self, unavailable: bool) {
        self.state.lock().unwrap().unavailable = unavailable;
    }

    /// The `expires_in` of access tokens issued from now on.
    pub fn set_access_token_lifetime(&self, seconds: i64) {
        self.state.lock().unwrap().access_token_lifetime = seconds;
    }

    /// Every access token issued so far stops working (userinfo answers 401).
    pub fn expire_access_tokens(&self) {
        let mut state = self.state.lock().unwrap();
        for grant in state.access_tokens.values_mut() {
            grant.expires_at = 0;
        }
    }

    /// Revokes every refresh token issued so far (as an administrator ending the user's
    /// sessions at the provider would).
    pub fn revoke_refresh_tokens(&self) {
        let mut state = self.state.lock().unwrap();
        for grant in state.refresh_tokens.values_mut() {
            grant.revoked = true;
        }
    }

    /// Every access and refresh token issued so far.
    pub fn issued_tokens(&self) -> Vec<String> {
        let state = self.state.lock().unwrap();
        state
            .access_tokens
            .keys()
            .chain(state.refresh_tokens.keys())
            .cloned()
            .collect()
    }

    pub fn userinfo_calls(&self) -> usize {
        self.state.lock().unwrap().userinfo_calls
    }

    pub fn refresh_calls(&self) -> usize {
        self.state.lock().unwrap().refresh_calls
    }

    pub fn end_session_calls(&self) -> Vec<HashMap<String, String>> {
        self.state.lock().unwrap().end_session_calls.clone()
    }

    pub fn discovery_count(&self) -> usize {
        self.state.lock().unwrap().discovery_count
    }

    pub async fn stop(&self) {
        self.handle.stop(false).await;
    }
}

async fn discovery(state: web::Data<Mutex<IdpState>>) -> HttpResponse {
    let mut state = state.lock().unwrap();
    state.discovery_count += 1;
    let issuer = state.issuer.clone();
    let base = issuer
        .trim_end_matches("/application/o/rediflow/")
        .to_string();
    HttpResponse::Ok().json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{base}/application/o/authorize/"),
        "token_endpoint": format!("{base}/application/o/token/"),
        "userinfo_endpoint": format!("{base}/application/o/userinfo/"),
        "end_session_endpoint": format!("{base}/application/o/rediflow/end-session/"),
        "jwks_uri": format!("{base}/application/o/rediflow/jwks/"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile", "groups", "offline_access"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "email", "email_verified", "name", "preferred_username", "groups"]
    }))
}

async fn authorize(
    state: web::Data<Mutex<IdpState>>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let q = query.into_inner();
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    if get("client_id") != CLIENT_ID
        || get("response_type") != "code"
        || get("code_challenge_method") != "S256"
    {
        return HttpResponse::BadRequest().body(format!("bad authorize request: {q:?}"));
    }
    let redirect_uri = get("redirect_uri");
    let scopes = get("scope");
    if !scopes.split(' ').any(|s| s == "openid") {
        return HttpResponse::BadRequest().body("openid scope missing");
    }
    let location = if state.tamper == Tamper::AccessDenied {
        format!(
            "{redirect_uri}?error=access_denied&error_description=User+denied&state={}",
            get("state")
        )
    } else {
        let Some(username) = state.next_login.clone() else {
            return HttpResponse::BadRequest().body("no user to sign in");
        };
        let code = random_token();
        state.grants.insert(
            code.clone(),
            Grant {
                username,
                nonce: get("nonce"),
                challenge: get("code_challenge"),
                redirect_uri: redirect_uri.clone(),
                scope: scopes.clone(),
            },
        );
        format!(
            "{redirect_uri}?code={code}&state={}",
            url::form_urlencoded::byte_serialize(get("state").as_bytes()).collect::<String>()
        )
    };
    HttpResponse::Found()
        .insert_header(("Location", location))
        .finish()
}

fn client_authenticated(req: &HttpRequest, form: &HashMap<String, String>) -> bool {
    let basic = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok());
    match basic {
        Some(pair) => {
            let decoded: Vec<String> = pair
                .splitn(2, ':')
                .map(|p| {
                    url::form_urlencoded::parse(format!("x={p}").as_bytes())
                        .next()
                        .map(|(_, v)| v.into_owned())
                        .unwrap_or_default()
                })
                .collect();
            decoded == [CLIENT_ID, CLIENT_SECRET]
        }
        None => {
            form.get("client_id").map(String::as_str) == Some(CLIENT_ID)
                && form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET)
        }
    }
}

async fn token(
    req: HttpRequest,
    state: web::Data<Mutex<IdpState>>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let form = form.into_inner();
    if state.unavailable {
        return HttpResponse::ServiceUnavailable().body("down for maintenance");
    }
    if !client_authenticated(&req, &form) {
        return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
    }
    if form.get("grant_type").map(String::as_str) == Some("refresh_token") {
        return refresh(&mut state, &form);
    }
    let Some(grant) = form.get("code").and_then(|c| state.grants.remove(c)) else {
        return HttpResponse::BadRequest().json(json!({"error": "invalid_grant"}));
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != grant.challenge
        || form.get("redirect_uri") != Some(&grant.redirect_uri)
        || form.get("grant_type").map(String::as_str) != Some("authorization_code")
    {
        return HttpResponse::BadRequest().json(
            json!({"error": "invalid_grant", "error_description": "PKCE or redirect_uri mismatch"}),
        );
    }
    let user = state.users.get(&grant.username).cloned().unwrap();
    let now = chrono::Utc::now().timestamp();
    let tamper = state.tamper;
    let mut claims = json!({
        "iss": if tamper == Tamper::IssuerWithoutSlash { state.issuer.trim_end_matches('/').to_string() } else { state.issuer.clone() },
        "sub": user.sub,
        "aud": if tamper == Tamper::WrongAudience { "someone-else".to_string() } else { CLIENT_ID.to_string() },
        "exp": if tamper == Tamper::Expired { now - 600 } else { now + 300 },
        "iat": if tamper == Tamper::Expired { now - 900 } else { now },
        "auth_time": now,
        "nonce": if tamper == Tamper::WrongNonce { "not-the-nonce".to_string() } else { grant.nonce.clone() },
        "preferred_username": user.username,
        "email": user.email,
        "name": user.name,
    });
    if let Some(verified) = user.email_verified {
        claims["email_verified"] = json!(verified);
    }
    if user.in_id_token {
        claims[user.claim] = user.groups.clone();
    }
    let keys = [KEY_1, KEY_2];
    let id_token = match tamper {
        Tamper::AlgHs256 => jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(CLIENT_SECRET.as_bytes()),
        ),
        _ => {
            let (pem, kid) = if tamper == Tamper::BadSignature {
                (keys[1], "idp-key-1".to_string())
            } else {
                (
                    keys[state.signing],
                    format!("idp-key-{}", state.signing + 1),
                )
            };
            let mut header = Header::new(Algorithm::RS256);
            header.kid = Some(kid);
            jsonwebtoken::encode(
                &header,
                &claims,
                &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
            )
        }
    }
    .unwrap();
    let mut body = issue_tokens(
        &mut state,
        &grant.username,
        grant.scope.split(' ').any(|s| s == "offline_access"),
    );
    if tamper != Tamper::NoIdToken {
        body["id_token"] = json!(id_token);
    }
    HttpResponse::Ok().json(body)
}

/// A new access token, and a refresh token when `offline` (scope offline_access).
fn issue_tokens(state: &mut IdpState, username: &str, offline: bool) -> Value {
    let access_token = random_token();
    let lifetime = state.access_token_lifetime;
    state.access_tokens.insert(
        access_token.clone(),
        AccessGrant {
            username: username.to_string(),
            expires_at: chrono::Utc::now().timestamp() + lifetime,
        },
    );
    let mut body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": "openid email profile groups",
    });
    if offline {
        let refresh_token = random_token();
        state.refresh_tokens.insert(
            refresh_token.clone(),
            RefreshGrant {
                username: username.to_string(),
                revoked: false,
            },
        );
        body["refresh_token"] = json!(refresh_token);
    }
    body
}

/// The refresh grant, rotating like Authentik: the presented token is revoked, a new one issued.
fn refresh(state: &mut IdpState, form: &HashMap<String, String>) -> HttpResponse {
    state.refresh_calls += 1;
    let presented = form.get("refresh_token").cloned().unwrap_or_default();
    let username = match state.refresh_tokens.get_mut(&presented) {
        Some(grant) if !grant.revoked => {
            grant.revoked = true;
            grant.username.clone()
        }
        _ => {
            return HttpResponse::BadRequest().json(
                json!({"error": "invalid_grant", "error_description": "unknown or revoked refresh token"}),
            );
        }
    };
    if state.deactivated.contains(&username) {
        return HttpResponse::BadRequest()
            .json(json!({"error": "invalid_grant", "error_description": "user is inactive"}));
    }
    HttpResponse::Ok().json(issue_tokens(state, &username, true))
}

async fn userinfo(req: HttpRequest, state: web::Data<Mutex<IdpState>>) -> HttpResponse {
    let mut state = state.lock().unwrap();
    state.userinfo_calls += 1;
    if state.unavailable {
        return HttpResponse::ServiceUnavailable().body("down for maintenance");
    }
    let now = chrono::Utc::now().timestamp();
    let token = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let Some(user) = state
        .access_tokens
        .get(token)
        .filter(|grant| grant.expires_at > now && !state.deactivated.contains(&grant.username))
        .and_then(|grant| state.users.get(&grant.username))
    else {
        return HttpResponse::Unauthorized().finish();
    };
    let mut claims = json!({
        "sub": if state.tamper == Tamper::UserinfoOtherSubject { "someone-else".to_string() } else { user.sub.clone() },
        "preferred_username": user.username,
        "email": user.email,
        "name": user.name,
    });
    if let Some(verified) = user.email_verified {
        claims["email_verified"] = json!(verified);
    }
    if user.in_userinfo {
        claims[user.claim] = user.groups.clone();
    }
    HttpResponse::Ok().json(claims)
}

async fn jwks(state: web::Data<Mutex<IdpState>>) -> HttpResponse {
    let state = state.lock().unwrap();
    let all = [JWK_1, JWK_2];
    let keys: Vec<Value> = state
        .published
        .iter()
        .map(|i| serde_json::from_str(all[*i]).unwrap())
        .collect();
    HttpResponse::Ok().json(json!({ "keys": keys }))
}

async fn end_session(
    state: web::Data<Mutex<IdpState>>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    state
        .lock()
        .unwrap()
        .end_session_calls
        .push(query.into_inner());
    HttpResponse::Ok().body("signed out at the provider")
}

/// Signs `username` in through `idp` on `app` (the browser part of the code flow).
pub async fn sign_in(app: &crate::helpers::TestApp, idp: &TestIdp, username: &str) {
    use crate::helpers::location;
    idp.sign_in_next(username);
    let start = app.get_page("/login").await;
    let answer = app.client.get(location(&start)).send().await.unwrap();
    let done = app.client.get(location(&answer)).send().await.unwrap();
    if done.status() != 303 {
        // Say why: the page names the kind of failure (unreachable, refused, not verified).
        let status = done.status();
        let body = done.text().await.unwrap_or_default();
        panic!("{username} was not signed in: {status}\n{body}");
    }
    assert_eq!(location(&done), "/", "{username} signed in");
}
