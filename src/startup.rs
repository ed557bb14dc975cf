//! Assembles the HTTP server. Tests build it on port 0 and talk to it over real HTTP.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer};
use tracing_actix_web::TracingLogger;

use crate::config::Settings;
use crate::db::Database;
use crate::web;
use crate::web::errors::error_page;
use crate::web::middleware::{request_id_header, security_headers};

/// What every handler can reach: the settings and the database entry point.
pub struct AppState {
    pub settings: Settings,
    pub db: Database,
}

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `settings.bind` (port 0 picks a free port) and prepares the server.
    pub fn build(settings: Settings, db: Database) -> std::io::Result<Application> {
        let listener = TcpListener::bind(settings.bind)?;
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

fn run(listener: TcpListener, settings: Settings, db: Database) -> std::io::Result<Server> {
    let hsts = settings.app_env.is_production_like();
    let workers = settings.http_workers;
    let static_dir = settings.static_dir.clone();
    let state = actix_web::web::Data::new(AppState { settings, db });
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(ErrorHandlers::new().default_handler(error_page))
            .wrap(security_headers(hsts))
            .wrap(from_fn(request_id_header))
            .wrap(TracingLogger::default())
            .app_data(state.clone())
            .configure(web::routes)
            .service(actix_files::Files::new("/static", &static_dir).prefer_utf8(true))
            .default_service(actix_web::web::to(web::errors::not_found))
    })
    .shutdown_timeout(10)
    .listen(listener)?;
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}
