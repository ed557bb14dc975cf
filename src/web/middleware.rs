//! Request-wide rules: request ids, security headers with a per-request CSP nonce, the sign-in
//! requirement, same-origin writes and the rate limit of the sign-in endpoints.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
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

use crate::auth::CurrentUser;
use crate::config::TrustedProxies;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::auth::SESSION_USER;
use crate::web::negotiate;

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
        // The API answers for itself: a personal access token, never the session (src/api/).
        || path.starts_with("/api/")
}

/// Where a visitor who is not signed in is sent: `/login`, which brings them back to `target`
/// (a local path with its query) afterwards.
pub fn sign_in_location(target: &str) -> String {
    format!(
        "/login?next={}",
        url::form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>()
    )
}

/// Attaches the signed-in user to the request and keeps everyone else out of non-public paths.
/// Without a user, a GET or HEAD is sent to `/login?next=…` (browsers, and scripts, link checkers
/// and prefetchers too: they ask for `*/*` or nothing), unless the client asks for JSON: that gets
/// a bare 401. Any other method gets 401 and reaches no handler, so nothing changes: a redirect
/// would drop the form and lead back to an address that takes no GET (the 401 page offers the
/// way to sign in). A signed-in user without a role group gets the "no access yet" page (their
/// account page stays reachable).
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
    let reads_pages = matches!(*req.method(), Method::GET | Method::HEAD)
        && !negotiate::asks_for_json(
            req.headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok()),
        );
    match user {
        None if reads_pages => {
            let target = match req.query_string() {
                "" => path,
                query => format!("{path}?{query}"),
            };
            let response = HttpResponse::SeeOther()
                .insert_header((header::LOCATION, sign_in_location(&target)))
                .finish();
            Ok(req.into_response(response).map_into_right_body())
        }
        None => Ok(req
            .error_response(AppError::Unauthorized)
            .map_into_right_body()),
        Some(user) if !user.policy().has_access() && path != "/account" => {
            Ok(req.error_response(AppError::NoAccess).map_into_right_body())
        }
        Some(_) => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body),
    }
}

/// Answers HEAD as GET. The routes take GET only, so HEAD (`curl -I`, link checkers, load
/// balancers' health checks) would be a misleading 404; HTTP/1.1 then sends the head without the
/// body (actix's codec drops it for HEAD requests). Innermost, so that the log and the other rules
/// still see HEAD.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Refuses state-changing requests whose Origin (or, without one, Referer) is not this site.
pub async fn same_origin_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The API acts only for the token a request carries, never for the cookies a browser adds
    // to a request another site makes, so its writes need no origin check (src/api/caller.rs).
    if unsafe_method && !req.path().starts_with("/api/") {
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
            let error = AppError::Forbidden(Msg::new("app-error-cross-site"));
            return Ok(req.error_response(error).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// How long a refused sign-in counts, how long a sign-in may be under way before it counts as
/// abandoned (and then how long it counts as such), and the window of the ceiling.
const SIGN_IN_WINDOW: Duration = Duration::from_secs(60);
/// Client addresses tracked before idle ones are forgotten.
const TRACKED_CLIENTS: usize = 10_000;

/// The sign-in limits per client address (docs/auth.md, "Sign-in limits"). Only failures count
/// against the strict limit: callbacks the server refuses, and sign-ins started at `/login` that
/// have not come back within a minute. A sign-in under way does not count (a whole office may be
/// at the provider at once), and one that completes never does; every start counts against the
/// generous ceiling. Per server process (SPEC §15).
pub struct SignInLimiter {
    failures_per_minute: usize,
    starts_per_minute: usize,
    clients: Mutex<TrackedClients>,
    /// Sign-ins under way are known by a hash of their state (not the state itself, which
    /// completes a sign-in with the browser's session).
    state_hasher: RandomState,
    /// Whether the log has been told of an X-Forwarded-For from a peer that is not a trusted
    /// proxy (once per server: it names the address TRUSTED_PROXIES may be missing).
    untrusted_forwarder_logged: AtomicBool,
}

struct TrackedClients {
    by_address: HashMap<IpAddr, ClientSignIns>,
    /// Forgetting idle clients walks them all: only when the map has grown this far since.
    forget_idle_at: usize,
}

/// What the limiter remembers of one client address.
#[derive(Default)]
struct ClientSignIns {
    /// When `/login` was asked, for the ceiling.
    starts: VecDeque<Instant>,
    /// Sign-ins started and not come back: when, and the hash of their state. Under way for a
    /// minute, then abandoned (a failure) for another, then forgotten.
    under_way: VecDeque<(Instant, u64)>,
    /// When a callback was refused.
    refused: VecDeque<Instant>,
}

impl ClientSignIns {
    fn forget_old(&mut self, now: Instant) {
        let older_than = |age: Duration| move |t: &Instant| now.duration_since(*t) >= age;
        while self.starts.front().is_some_and(older_than(SIGN_IN_WINDOW)) {
            self.starts.pop_front();
        }
        while self.refused.front().is_some_and(older_than(SIGN_IN_WINDOW)) {
            self.refused.pop_front();
        }
        while self
            .under_way
            .front()
            .is_some_and(|(t, _)| older_than(2 * SIGN_IN_WINDOW)(t))
        {
            self.under_way.pop_front();
        }
    }

    fn is_idle(&self) -> bool {
        self.starts.is_empty() && self.under_way.is_empty() && self.refused.is_empty()
    }

    /// `Err(seconds)` while this client has `limit` failures or more: refused callbacks and
    /// abandoned sign-ins; the wait lasts until enough of them stop counting.
    fn check_failures(&self, limit: usize, now: Instant) -> Result<(), u64> {
        let mut until: Vec<Instant> = self
            .refused
            .iter()
            .map(|t| *t + SIGN_IN_WINDOW)
            .chain(
                self.under_way
                    .iter()
                    // Concurrent sign-ins may be recorded slightly out of order, so an entry
                    // past its second minute can still be behind a younger one.
                    .filter(|(t, _)| {
                        (SIGN_IN_WINDOW..2 * SIGN_IN_WINDOW).contains(&now.duration_since(*t))
                    })
                    .map(|(t, _)| *t + 2 * SIGN_IN_WINDOW),
            )
            .collect();
        if until.len() < limit {
            return Ok(());
        }
        let excess = until.len() - limit;
        let (_, first_below_limit, _) = until.select_nth_unstable(excess);
        Err(seconds_until(*first_below_limit, now))
    }

    /// `Err(seconds)` while this client has started `limit` sign-ins within the last minute.
    fn check_ceiling(&self, limit: usize, now: Instant) -> Result<(), u64> {
        match self.starts.len().checked_sub(limit) {
            Some(excess) => Err(seconds_until(self.starts[excess] + SIGN_IN_WINDOW, now)),
            None => Ok(()),
        }
    }
}

/// Whole seconds to wait until `then`, at least one (`Retry-After`).
fn seconds_until(then: Instant, now: Instant) -> u64 {
    let wait = then.saturating_duration_since(now);
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl SignInLimiter {
    pub fn new(failures_per_minute: u32, starts_per_minute: u32) -> Self {
        SignInLimiter {
            failures_per_minute: failures_per_minute as usize,
            starts_per_minute: starts_per_minute as usize,
            clients: Mutex::new(TrackedClients {
                by_address: HashMap::new(),
                forget_idle_at: TRACKED_CLIENTS,
            }),
            state_hasher: RandomState::new(),
            untrusted_forwarder_logged: AtomicBool::new(false),
        }
    }

    /// Runs `f` on what is known of `client`, up to date at `now`.
    fn with_client<T>(
        &self,
        client: IpAddr,
        now: Instant,
        f: impl FnOnce(&mut ClientSignIns) -> T,
    ) -> T {
        // The counters stay meaningful if another thread panicked while holding the lock.
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if clients.by_address.len() > clients.forget_idle_at {
            clients.by_address.retain(|_, record| {
                record.forget_old(now);
                !record.is_idle()
            });
            clients.forget_idle_at = TRACKED_CLIENTS.max(2 * clients.by_address.len());
        }
        let record = clients.by_address.entry(client).or_default();
        record.forget_old(now);
        f(record)
    }

    /// A request to `/login`: `Err(seconds)` when this client must wait, else it counts against
    /// the ceiling.
    pub fn admit_start(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        self.with_client(client, now, |record| {
            record.check_failures(self.failures_per_minute, now)?;
            record.check_ceiling(self.starts_per_minute, now)?;
            record.starts.push_back(now);
            Ok(())
        })
    }

    /// `/login` started a sign-in with this state: its callback is awaited.
    pub fn started(&self, client: IpAddr, state: &str, now: Instant) {
        let hash = self.state_hasher.hash_one(state);
        self.with_client(client, now, |record| {
            record.under_way.push_back((now, hash));
        });
    }

    /// A request to `/oauth/callback` with the `state` it carries. The answer to a sign-in this
    /// client started is always let through (once: it is no longer under way, whatever the
    /// outcome); any other callback waits, `Err(seconds)`, while the client is over the limit.
    pub fn admit_callback(
        &self,
        client: IpAddr,
        state: Option<&str>,
        now: Instant,
    ) -> Result<(), u64> {
        let hash = state.map(|state| self.state_hasher.hash_one(state));
        self.with_client(client, now, |record| {
            let awaited = record.under_way.iter().position(|(_, h)| Some(*h) == hash);
            match awaited {
                Some(position) => {
                    record.under_way.remove(position);
                    Ok(())
                }
                None => record.check_failures(self.failures_per_minute, now),
            }
        })
    }

    /// The server refused a callback of this client.
    pub fn refused(&self, client: IpAddr, now: Instant) {
        self.with_client(client, now, |record| record.refused.push_back(now));
    }
}

/// Set by `/login` on its response when it started a sign-in: the state, for the limiter.
#[derive(Debug, Clone)]
pub struct SignInStarted(pub String);

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

/// The sign-in limits of [`SignInLimiter`] on `/login` and `/oauth/callback`, 429 with
/// `Retry-After` beyond. Runs before the session is loaded, so a refused request costs nothing.
pub async fn rate_limit_sign_in(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let is_start = req.path() == "/login";
    let is_callback = req.path() == "/oauth/callback";
    let limited = (is_start || is_callback)
        .then(|| req.app_data::<web::Data<AppState>>().cloned())
        .flatten()
        .and_then(|state| Some((rate_limited_client(&req, &state)?, state)));
    let Some((client, state)) = limited else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let limiter = &state.login_limiter;
    let admitted = if is_start {
        limiter.admit_start(client, Instant::now())
    } else {
        let callback_state = url::form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(name, _)| name == "state")
            .map(|(_, value)| value.into_owned());
        limiter.admit_callback(client, callback_state.as_deref(), Instant::now())
    };
    if let Err(wait) = admitted {
        tracing::warn!(%client, "sign-in rate limit reached");
        return Ok(req
            .error_response(AppError::RateLimited(wait))
            .map_into_right_body());
    }
    let res = next.call(req).await?;
    if let Some(started) = res.response().extensions().get::<SignInStarted>() {
        limiter.started(client, &started.0, Instant::now());
    }
    // 4xx is a refusal (forged, used or expired state, the provider's no, a failed check); a 5xx
    // (the provider or the database unreachable) is not the client's failure.
    if is_callback && res.status().is_client_error() {
        limiter.refused(client, Instant::now());
    }
    Ok(res.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: Instant, seconds: u64) -> Instant {
        start + Duration::from_secs(seconds)
    }

    #[test]
    fn refused_callbacks_count_per_client_for_a_minute() {
        let limiter = SignInLimiter::new(2, 100);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let start = Instant::now();
        for second in [0, 1] {
            assert!(
                limiter
                    .admit_callback(a, Some("forged"), at(start, second))
                    .is_ok()
            );
            limiter.refused(a, at(start, second));
        }
        assert_eq!(
            limiter.admit_callback(a, Some("forged"), at(start, 2)),
            Err(58)
        );
        assert_eq!(limiter.admit_start(a, at(start, 2)), Err(58), "/login too");
        assert!(
            limiter.admit_start(b, at(start, 2)).is_ok(),
            "other clients are not affected"
        );
        assert!(
            limiter.admit_callback(a, None, at(start, 60)).is_ok(),
            "the window slides"
        );
    }

    #[test]
    fn sign_ins_under_way_and_completed_do_not_count_abandoned_ones_do() {
        let limiter = SignInLimiter::new(3, 100);
        let office: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        // Fifty at the provider at once, then all back: nobody waits.
        for i in 0..50 {
            assert!(limiter.admit_start(office, start).is_ok(), "start {i}");
            limiter.started(office, &format!("state-{i}"), start);
        }
        for i in 0..50 {
            let back = at(start, 30);
            assert!(
                limiter
                    .admit_callback(office, Some(&format!("state-{i}")), back)
                    .is_ok()
            );
        }
        assert!(limiter.admit_start(office, at(start, 90)).is_ok());
        limiter.started(office, "slow", at(start, 90));

        // Three never come back: a minute after they started they count, for one more minute.
        for i in 0..3 {
            assert!(limiter.admit_start(office, at(start, 100)).is_ok());
            limiter.started(office, &format!("gone-{i}"), at(start, 100));
        }
        assert!(
            limiter.admit_start(office, at(start, 159)).is_ok(),
            "still under way"
        );
        assert_eq!(limiter.admit_start(office, at(start, 160)), Err(60));
        assert_eq!(
            limiter.admit_callback(office, Some("made-up"), at(start, 160)),
            Err(60),
            "a callback nobody awaits waits too"
        );
        // The slow one (started at 90) comes back after its minute: let through, once, and it
        // no longer counts.
        assert!(
            limiter
                .admit_callback(office, Some("slow"), at(start, 170))
                .is_ok()
        );
        assert!(
            limiter
                .admit_callback(office, Some("slow"), at(start, 170))
                .is_err()
        );
        assert!(
            limiter.admit_start(office, at(start, 220)).is_ok(),
            "abandoned ones age out"
        );
    }

    #[test]
    fn the_answer_to_a_sign_in_under_way_passes_even_over_the_limit() {
        let limiter = SignInLimiter::new(1, 100);
        let office: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        assert!(limiter.admit_start(office, start).is_ok());
        limiter.started(office, "colleague", start);
        limiter.refused(office, at(start, 1));
        assert!(
            limiter
                .admit_callback(office, Some("forged"), at(start, 2))
                .is_err()
        );
        assert!(
            limiter
                .admit_callback(office, Some("colleague"), at(start, 2))
                .is_ok()
        );
        assert!(
            limiter
                .admit_callback(office, Some("colleague"), at(start, 3))
                .is_err(),
            "only once"
        );
    }

    #[test]
    fn every_start_counts_against_the_ceiling() {
        let limiter = SignInLimiter::new(100, 3);
        let office: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        for (i, second) in [0, 10, 20].into_iter().enumerate() {
            assert!(limiter.admit_start(office, at(start, second)).is_ok());
            limiter.started(office, &format!("s{i}"), at(start, second));
            assert!(
                limiter
                    .admit_callback(office, Some(&format!("s{i}")), at(start, second))
                    .is_ok()
            );
        }
        assert_eq!(limiter.admit_start(office, at(start, 30)), Err(30));
        assert!(limiter.admit_start(office, at(start, 60)).is_ok());
    }

    #[test]
    fn idle_clients_are_forgotten() {
        let limiter = SignInLimiter::new(5, 5);
        let start = Instant::now();
        for i in 0..=TRACKED_CLIENTS as u32 {
            let client = IpAddr::from(std::net::Ipv4Addr::from(i));
            assert!(limiter.admit_start(client, start).is_ok());
        }
        let later: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(limiter.admit_start(later, at(start, 61)).is_ok());
        let clients = limiter.clients.lock().unwrap();
        assert_eq!(
            clients.by_address.len(),
            1,
            "only the active client is kept"
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
