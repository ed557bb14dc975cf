//! `/healthz` (the process is alive) and `/readyz` (it can serve: database reachable and schema
//! current), as JSON for container health checks and load balancers.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::{self, DbError, migrations};
use crate::error::AppError;
use crate::startup::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
    database: String,
    migrations: String,
}

/// Ready when a request transaction can run and no migration is pending.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let database = state
        .db
        .in_transaction(None, |conn| db::ping(conn).map_err(AppError::from))
        .await;
    let pending = state
        .db
        .with_owner(|conn| {
            migrations::pending(conn).map_err(|e| DbError::Unavailable(e.to_string()))
        })
        .await;

    // Anyone may ask (load balancers do not sign in), so the answer says what is wrong but not
    // where the database is: the connection errors name its host and port, and go to the log.
    let database_ok = database.is_ok();
    let database = match database {
        Ok(_) => "ok".to_string(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the database is unavailable");
            "unavailable".to_string()
        }
    };
    let (migrations_ok, migrations) = match pending {
        Ok(pending) if pending.is_empty() => (true, "current".to_string()),
        Ok(pending) => (
            false,
            format!(
                "{} pending ({}); run `rediflow migrate`",
                pending.len(),
                pending.join(", ")
            ),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the migrations could not be checked");
            (false, "unknown (the database is unavailable)".to_string())
        }
    };
    let ready = database_ok && migrations_ok;
    let body = Readiness {
        status: if ready { "ready" } else { "unavailable" },
        database,
        migrations,
    };
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "5"))
            .json(body)
    }
}
