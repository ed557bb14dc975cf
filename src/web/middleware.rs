//! Request-wide rules: request ids, security headers with a per-request CSP nonce, the sign-in
//! requirement, same-origin writes and the rate limit of the sign-in endpoints.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::{Error, HttpMessage, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use tracing_actix_web::RequestId;

use crate::auth::{CurrentUser, Role};
use crate::config::TrustedProxies;
use crate::error::AppError;
use crate::startup::AppState;
use crate::web::auth::SESSION_USER;

/// Echoes the request id of the log lines in `X-Request-Id`, so a user can quote it.
pub async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let mut res = next.call(req).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}

/// Security headers that do not change per request (SPEC §10).
pub fn security_headers(hsts: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("X-Frame-Options", "DENY"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"));
    if hsts {
        headers.add((
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains",
        ))
    } else {
        headers
    }
}

/// This response's CSP nonce: inline `<script>`/`<style>` run only when they carry it.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// Sets a Content-Security-Policy with a fresh nonce on every response; pages must not be
/// cached (they show one user's data), static files may.
pub async fn content_security_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    let nonce = STANDARD.encode(bytes);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let is_static = req.path().starts_with("/static/");
    // Signing out is a form POST answered with a redirect to the provider's end-session
    // endpoint, and browsers apply form-action to that redirect too: the provider's origin
    // must be allowed, or the sign-out is blocked.
    let provider = req
        .app_data::<web::Data<AppState>>()
        .and_then(|state| state.settings.oidc.as_ref())
        .map(|oidc| format!(" {}", oidc.issuer.origin().ascii_serialization()))
        .unwrap_or_default();
    let mut res = next.call(req).await?;
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'{provider}"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    if !is_static {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// Paths anyone may open (SPEC §6).
pub fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/login" | "/oauth/callback" | "/logout" | "/set-locale" | "/healthz" | "/readyz"
    ) || path.starts_with("/static/")
        || path.starts_with("/s/")
}

fn wants_html(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// Attaches the signed-in user to the request and keeps everyone else out of non-public paths:
/// browsers are sent to `/login?next=…`, other clients get 401; a signed-in user without a
/// role group gets the "no access yet" page (their account page stays reachable).
pub async fn require_login(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let user = if state.oidc.is_none() {
        Some(state.anonymous_user())
    } else {
        req.get_session()
            .get::<CurrentUser>(SESSION_USER)
            .ok()
            .flatten()
    };
    if let Some(user) = &user {
        req.extensions_mut().insert(user.clone());
    }
    let path = req.path().to_string();
    if is_public(&path) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    match user {
        None if wants_html(&req) && matches!(*req.method(), Method::GET | Method::HEAD) => {
            let target = match req.query_string() {
                "" => path,
                query => format!("{path}?{query}"),
            };
            let location = format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>()
            );
            let response = HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
            Ok(req.into_response(response).map_into_right_body())
        }
        None => Ok(req
            .error_response(AppError::Unauthorized)
            .map_into_right_body()),
        Some(user) if user.role == Role::None && path != "/account" => {
            Ok(req.error_response(AppError::NoAccess).map_into_right_body())
        }
        Some(_) => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body),
    }
}

/// Refuses state-changing requests whose Origin (or, without one, Referer) is not this site.
pub async fn same_origin_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        let allowed = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.settings.app_url.origin().ascii_serialization());
        let header_value = |name| {
            req.headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        let same_origin = match (
            allowed,
            header_value(header::ORIGIN),
            header_value(header::REFERER),
        ) {
            (Some(allowed), Some(origin), _) => origin == allowed,
            (Some(allowed), None, Some(referer)) => {
                referer == allowed || referer.starts_with(&format!("{allowed}/"))
            }
            _ => false,
        };
        if !same_origin {
            let error = AppError::Forbidden(
                "This request did not come from a page of this site, so nothing was changed."
                    .into(),
            );
            return Ok(req.error_response(error).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// A sliding-window limit of attempts per client IP.
pub struct RateLimiter {
    per_minute: usize,
    attempts: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
    /// Whether the log has been told of an X-Forwarded-For from a peer that is not a trusted
    /// proxy (once per server: it names the address TRUSTED_PROXIES may be missing).
    untrusted_forwarder_logged: AtomicBool,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: per_minute as usize,
            attempts: Mutex::new(HashMap::new()),
            untrusted_forwarder_logged: AtomicBool::new(false),
        }
    }

    /// Records an attempt; `Err(seconds)` when the client must wait that long first.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let window = Duration::from_secs(60);
        let Ok(mut attempts) = self.attempts.lock() else {
            return Ok(());
        };
        // Forget idle clients so the map cannot grow without bound.
        if attempts.len() > 10_000 {
            attempts.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            });
        }
        let times = attempts.entry(client).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            times.pop_front();
        }
        if times.len() >= self.per_minute {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        times.push_back(now);
        Ok(())
    }
}

/// One X-Forwarded-For entry: an address, perhaps with a port (`192.0.2.1:4711`, `[2001:db8::1]:80`)
/// or in brackets.
fn forwarded_hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|addr| addr.ip()))
        .or_else(|_| {
            entry
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
        })
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The client a request comes from. A peer that is not a trusted proxy is the client itself,
/// whatever it writes into X-Forwarded-For. Through trusted proxies, the rightmost hop that is not
/// one of them: each proxy appends the address it was connected from, so the entries to the left
/// of the first untrusted one were written by the client and prove nothing. `forwarded_for` holds
/// the header's values in the order received.
pub fn client_address(peer: IpAddr, forwarded_for: &[&str], trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted.contains(client) {
        return client;
    }
    for entry in forwarded_for
        .iter()
        .rev()
        .flat_map(|value| value.rsplit(','))
    {
        // An entry that is no address: the nearest hop known is as far as the chain can be followed.
        let Some(hop) = forwarded_hop(entry) else {
            break;
        };
        client = hop;
        if !trusted.contains(hop) {
            break;
        }
    }
    client
}

/// The client address of a request for the rate limit (see [`client_address`]).
fn rate_limited_client(req: &ServiceRequest, state: &AppState) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let forwarded_for: Vec<&str> = req
        .headers()
        .get_all(HeaderName::from_static("x-forwarded-for"))
        .filter_map(|value| value.to_str().ok())
        .collect();
    let trusted = &state.settings.trusted_proxies;
    if !forwarded_for.is_empty()
        && !trusted.contains(peer)
        && !state
            .login_limiter
            .untrusted_forwarder_logged
            .swap(true, Ordering::Relaxed)
    {
        tracing::warn!(
            %peer,
            "X-Forwarded-For from a peer that is not in TRUSTED_PROXIES is ignored: the sign-in \
             rate limit counts the peer; if it is your reverse proxy, add it to TRUSTED_PROXIES"
        );
    }
    Some(client_address(peer, &forwarded_for, trusted))
}

/// Limits `/login` and `/oauth/callback` per client IP (LOGIN_RATE_LIMIT_PER_MINUTE), 429 beyond.
pub async fn rate_limit_sign_in(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if matches!(req.path(), "/login" | "/oauth/callback")
        && let Some(state) = req.app_data::<web::Data<AppState>>().cloned()
        && let Some(client) = rate_limited_client(&req, &state)
        && let Err(wait) = state.login_limiter.check(client, Instant::now())
    {
        tracing::warn!(%client, "sign-in rate limit reached");
        return Ok(req
            .error_response(AppError::RateLimited(wait))
            .map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_slides_per_client() {
        let limiter = RateLimiter::new(2);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let start = Instant::now();
        assert!(limiter.check(a, start).is_ok());
        assert!(limiter.check(a, start + Duration::from_secs(1)).is_ok());
        let wait = limiter
            .check(a, start + Duration::from_secs(2))
            .unwrap_err();
        assert_eq!(wait, 58);
        assert!(
            limiter.check(b, start + Duration::from_secs(2)).is_ok(),
            "other clients are not affected"
        );
        assert!(
            limiter.check(a, start + Duration::from_secs(61)).is_ok(),
            "the window slides"
        );
    }

    #[test]
    fn the_client_is_the_rightmost_hop_that_is_not_a_trusted_proxy() {
        let trusted: TrustedProxies = "127.0.0.1, 10.0.0.0/8".parse().unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("127.0.0.1");
        let client = |peer: IpAddr, xff: &[&str]| client_address(peer, xff, &trusted);

        // A peer that is no proxy is the client, whatever it claims.
        assert_eq!(
            client(ip("203.0.113.9"), &["198.51.100.1"]),
            ip("203.0.113.9")
        );
        // Through the proxy: the address the proxy appended, not what the client wrote before it.
        assert_eq!(client(proxy, &["203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(client(proxy, &["1.1.1.1, 203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(
            client(proxy, &["1.1.1.1", "203.0.113.7"]),
            ip("203.0.113.7")
        );
        // Through two trusted proxies.
        assert_eq!(
            client(proxy, &["1.1.1.1, 203.0.113.7, 10.1.2.3"]),
            ip("203.0.113.7")
        );
        // Ports and brackets; IPv4 peers seen as IPv4-mapped IPv6.
        assert_eq!(client(proxy, &["203.0.113.7:4711"]), ip("203.0.113.7"));
        assert_eq!(client(proxy, &["[2001:db8::7]:80"]), ip("2001:db8::7"));
        assert_eq!(
            client(ip("::ffff:127.0.0.1"), &["203.0.113.7"]),
            ip("203.0.113.7")
        );
        // Nothing forwarded, garbage, or only proxies: as far as the chain can be followed.
        assert_eq!(client(proxy, &[]), proxy);
        assert_eq!(client(proxy, &["unknown"]), proxy);
        assert_eq!(client(proxy, &["garbage, 10.9.9.9"]), ip("10.9.9.9"));
        assert_eq!(client(proxy, &["10.1.1.1, 10.2.2.2"]), ip("10.1.1.1"));
        // Without trusted proxies nobody's header counts.
        let nobody = TrustedProxies::default();
        assert_eq!(client_address(proxy, &["203.0.113.7"], &nobody), proxy);
    }

    #[test]
    fn public_paths_of_spec() {
        for path in [
            "/login",
            "/oauth/callback",
            "/logout",
            "/static/css/rediflow.css",
            "/s/abc",
            "/healthz",
            "/readyz",
        ] {
            assert!(is_public(path), "{path}");
        }
        for path in ["/", "/projects", "/loginx", "/static", "/account"] {
            assert!(!is_public(path), "{path}");
        }
    }
}
