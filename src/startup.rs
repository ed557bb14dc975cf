//! Assembles the HTTP server. Tests build it on port 0 and talk to it over real HTTP.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_session::SessionMiddleware;
use actix_session::config::{PersistentSession, TtlExtensionPolicy};
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer};
use sha2::{Digest, Sha512};
use tokio::signal::unix::{SignalKind, signal};
use tracing_actix_web::TracingLogger;
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::auth::oidc::OidcService;
use crate::auth::sessions::{
    self, SessionRules, grant_seal::GrantSeal, provider_check::ProviderChecks,
};
use crate::config::Settings;
use crate::db::{Database, DbError};
use crate::web;
use crate::web::errors::error_page;
use crate::web::middleware::{
    SignInLimiter, content_security_policy, head_as_get, rate_limit_sign_in, request_id_header,
    require_login, same_origin_writes, security_headers,
};
use crate::web::session_outage::{self, OutageAwareStore};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "rediflow_session";
/// How often expired sessions are deleted.
const SESSION_PURGE_INTERVAL: Duration = Duration::from_secs(600);

/// What every handler can reach: the settings, the database entry point, sign-in.
pub struct AppState {
    pub settings: Settings,
    pub db: Database,
    /// The OIDC relying party; `None` in no-auth mode.
    pub oidc: Option<Arc<OidcService>>,
    pub login_limiter: SignInLimiter,
    /// The `users` row of the anonymous visitor in no-auth mode.
    pub no_auth_user_id: Option<Uuid>,
    /// Portfolio computations that may run at once: one per core. More only compete for the
    /// same CPUs while each holds a pooled connection and its working set (the benchmark saw
    /// ten at once starve other pages of connections and take the server past 700 MB); the
    /// rest wait here, holding nothing.
    pub portfolio_slots: tokio::sync::Semaphore,
    /// People's capacity and projects' demand, kept across requests until their data changes.
    pub caches: std::sync::Arc<crate::cache::Caches>,
    /// API requests per personal access token and minute.
    pub api_limiter: crate::api::caller::ApiLimiter,
}

impl AppState {
    /// The visitor of no-auth mode (only meaningful when OIDC is off).
    pub fn anonymous_user(&self) -> CurrentUser {
        CurrentUser::anonymous(
            self.settings.effective_no_auth_policy(),
            self.no_auth_user_id,
        )
    }
}

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `settings.bind` (port 0 picks a free port) and prepares the server.
    pub fn build(settings: Settings, db: Database) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(settings.bind)?;
        Application::build_on(listener, settings, db)
    }

    /// Prepares the server on a listener the caller bound (tests know the port before start).
    pub fn build_on(
        listener: TcpListener,
        settings: Settings,
        db: Database,
    ) -> anyhow::Result<Application> {
        let port = listener.local_addr()?.port();
        let server = run(listener, settings, db)?;
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM/SIGINT, then finishes the requests in flight (graceful shutdown).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The cookie key: 64 bytes derived from SECRET_KEY (any length ≥ 64 works).
fn cookie_key(settings: &Settings) -> Key {
    Key::from(&Sha512::digest(settings.secret_key.expose().as_bytes()))
}

fn spawn_session_purge(db: Database, idle: Duration, lifetime: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(SESSION_PURGE_INTERVAL);
        loop {
            interval.tick().await;
            let purged = db
                .in_transaction(None, move |conn| {
                    sessions::purge_expired(conn, idle, lifetime).map_err(DbErrorOrQuery::from)
                })
                .await;
            match purged {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions deleted"),
                Err(e) => tracing::warn!(error = ?e, "expired sessions could not be deleted"),
            }
        }
    });
}

/// Deletes uploads that waited for their confirmation longer than an hour (`import::pending`), on
/// start and then with the sessions' rhythm. Every server runs it; deleting what another server
/// deleted first is harmless.
fn spawn_pending_import_purge(db: Database) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(SESSION_PURGE_INTERVAL);
        loop {
            interval.tick().await;
            // As the owner: the uploads of every user, which no request user may see.
            let purged = db
                .with_owner(|conn| {
                    crate::workbooks::import::pending::purge_expired(conn)
                        .map_err(DbErrorOrQuery::from)
                })
                .await;
            match purged {
                Ok(0) => {}
                Ok(n) => tracing::info!(uploads = n, "expired pending imports deleted"),
                Err(e) => {
                    tracing::warn!(error = ?e, "expired pending imports could not be deleted")
                }
            }
        }
    });
}

/// The error of background jobs that only log.
#[derive(Debug)]
enum DbErrorOrQuery {
    #[allow(dead_code)] // read through Debug in the log line
    Db(DbError),
    #[allow(dead_code)]
    Query(diesel::result::Error),
}

impl From<DbError> for DbErrorOrQuery {
    fn from(e: DbError) -> Self {
        DbErrorOrQuery::Db(e)
    }
}

impl From<diesel::result::Error> for DbErrorOrQuery {
    fn from(e: diesel::result::Error) -> Self {
        DbErrorOrQuery::Query(e)
    }
}

fn run(listener: TcpListener, settings: Settings, db: Database) -> anyhow::Result<Server> {
    let secure_cookies = settings.app_env.is_production_like();
    let workers = settings.http_workers;
    let pool_size = settings.db_pool_size as usize;
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    let static_dir = settings.static_dir.clone();
    let key = cookie_key(&settings);
    let oidc = match &settings.oidc {
        Some(oidc) => {
            let service = OidcService::new(oidc.clone())?;
            service.spawn_discovery();
            Some(service)
        }
        None => None,
    };
    let store = OutageAwareStore(db.session_store(SessionRules {
        idle_timeout: settings.session_idle_timeout,
        max_lifetime: settings.session_max_lifetime,
        seal: GrantSeal::new(&settings.secret_key),
        checks: oidc.clone().map(|oidc| ProviderChecks {
            oidc,
            groups: settings.groups.clone(),
            project_visibility_enabled: settings.project_visibility_enabled,
            interval: settings.session_revalidate_interval,
            grace: settings.session_revalidate_grace,
        }),
    }));
    let session_lifetime = actix_web::cookie::time::Duration::seconds(
        i64::try_from(settings.session_max_lifetime.as_secs()).unwrap_or(i64::MAX),
    );
    spawn_pending_import_purge(db.clone());
    spawn_session_purge(
        db.clone(),
        settings.session_idle_timeout,
        settings.session_max_lifetime,
    );
    let login_limiter = SignInLimiter::new(
        settings.login_rate_limit_per_minute,
        settings.login_ceiling_per_minute,
    );
    // In no-auth mode the anonymous visitor is a real user row, so that row-level security
    // applies to it exactly as to a signed-in admin or viewer.
    let no_auth_user_id = match &oidc {
        Some(_) => None,
        None => {
            let role = CurrentUser::anonymous(settings.effective_no_auth_policy(), None).role;
            let mut conn = crate::db::connect_owner(&settings)?;
            Some(crate::auth::users::ensure_no_auth_user(&mut conn, role)?)
        }
    };
    let api_limiter = crate::api::caller::ApiLimiter::new(settings.api_rate_limit_per_minute);
    let state = actix_web::web::Data::new(AppState {
        settings,
        db,
        oidc,
        login_limiter,
        no_auth_user_id,
        portfolio_slots: tokio::sync::Semaphore::new(cores),
        caches: Default::default(),
        api_limiter,
    });
    let mut server = HttpServer::new(move || {
        let sessions = SessionMiddleware::builder(store.clone(), key.clone())
            .cookie_name(SESSION_COOKIE.to_string())
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .cookie_secure(secure_cookies)
            .session_lifecycle(
                PersistentSession::default()
                    .session_ttl(session_lifetime)
                    .session_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
            )
            .build();
        // The last `wrap` runs first: logging, ids and headers see every response, the session is
        // loaded before the sign-in check (a database outage while loading it answers 503), and
        // writes are checked for origin before any handler.
        App::new()
            .wrap(from_fn(head_as_get))
            .wrap(from_fn(crate::web::download::csv_locale))
            .wrap(from_fn(same_origin_writes))
            .wrap(from_fn(require_login))
            .wrap(from_fn(crate::web::language::choose))
            .wrap(from_fn(session_outage::answer))
            .wrap(sessions)
            .wrap(from_fn(session_outage::watch))
            .wrap(from_fn(rate_limit_sign_in))
            .wrap(ErrorHandlers::new().default_handler(error_page))
            .wrap(from_fn(content_security_policy))
            .wrap(security_headers(secure_cookies))
            .wrap(from_fn(request_id_header))
            .wrap(TracingLogger::default())
            .app_data(state.clone())
            .configure(web::routes)
            .service(actix_files::Files::new("/static", &static_dir).prefer_utf8(true))
            .default_service(actix_web::web::to(web::errors::not_found))
    })
    .shutdown_timeout(10)
    .listen(listener)?;
    let worker_count = workers.unwrap_or(cores);
    server = server.workers(worker_count);
    // Database work runs on blocking threads, and at most DB_POOL_SIZE of them can hold a
    // connection. More threads (actix allows 512 by default) would only wait for the pool, each
    // with its own stack and malloc arena: under 64 concurrent portfolio requests that grew the
    // server past a gigabyte. Requests beyond the pool now wait in actix's queue instead.
    server = server.worker_max_blocking_threads(pool_size.div_ceil(worker_count).max(2));
    // SIGTERM and SIGINT are registered here, before the server accepts its first connection:
    // actix installs its own handlers from a task of the main thread, which a loaded machine may
    // run only after the workers answered /healthz, and a SIGTERM sent then killed the process
    // instead of stopping it gracefully.
    let (terminate, interrupt) = (
        signal(SignalKind::terminate())?,
        signal(SignalKind::interrupt())?,
    );
    let server = server.disable_signals().run();
    let handle = server.handle();
    tokio::spawn(async move {
        let (mut terminate, mut interrupt) = (terminate, interrupt);
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM: finishing the requests in flight"),
            _ = interrupt.recv() => tracing::info!("SIGINT: finishing the requests in flight"),
        }
        handle.stop(true).await;
    });
    Ok(server)
}
