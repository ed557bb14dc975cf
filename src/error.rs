//! The error type of request handling. Errors a user can cause are typed and become helpful
//! pages (404, 403, 400, 409); an unreachable database is a 503; anything else is a bug, a 500
//! that is logged with its cause chain and the request id.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or the user may not know that it exists.
    #[error("{0}")]
    NotFound(String),
    /// The user may see the thing but not do this to it; the message says why.
    #[error("{0}")]
    Forbidden(String),
    /// Not signed in (API clients; browsers are redirected to /login instead).
    #[error("Sign-in required.")]
    Unauthorized,
    /// Signed in, but none of the role groups: the friendly "no access yet" page.
    #[error(
        "You are signed in, but you have no access to Rediflow yet: ask an administrator to add you to a rediflow group (rediflow-viewers, rediflow-editors or rediflow-admins)."
    )]
    NoAccess,
    /// Too many attempts from one client; retry after the given seconds.
    #[error("Too many attempts. Please wait {0} seconds and try again.")]
    RateLimited(u64),
    /// The request itself is malformed (not a form validation error: those re-render the form).
    #[error("{0}")]
    BadRequest(String),
    /// The database cannot be reached; retrying later will work.
    #[error("{0}")]
    Unavailable(String),
    /// A bug.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn not_found() -> Self {
        AppError::NotFound("The page or record you asked for does not exist.".to_string())
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(error.into())
    }
}

const UNAVAILABLE: &str = "The database is not reachable right now. Please try again in a moment.";
const BUSY: &str =
    "Someone else saved the same plan at the same moment, so nothing was saved. Please try again.";

impl From<DbError> for AppError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                AppError::Unavailable(UNAVAILABLE.to_string())
            }
            DbError::Aborted => AppError::Internal(anyhow::Error::new(error)),
        }
    }
}

impl From<DieselError> for AppError {
    fn from(error: DieselError) -> Self {
        if is_connection_lost(&error) {
            tracing::warn!(detail = %error, "database connection lost");
            return AppError::Unavailable(UNAVAILABLE.to_string());
        }
        if is_write_conflict(&error) {
            tracing::warn!(detail = %error, "transaction refused by a concurrent write");
            return AppError::Unavailable(BUSY.to_string());
        }
        match error {
            DieselError::NotFound => AppError::not_found(),
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

/// Whether PostgreSQL gave up the transaction because of a concurrent one (a serialization
/// failure, or a deadlock it broke): nothing was written, and the same request will work again.
fn is_write_conflict(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        DieselError::DatabaseError(_, info) => info.message().starts_with("deadlock detected"),
        _ => false,
    }
}

/// Whether a query failed because the server went away (restart, shutdown, network) rather than
/// because of the query itself.
fn is_connection_lost(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => true,
        DieselError::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _) => true,
        DieselError::DatabaseError(_, info) => {
            let message = info.message();
            message.contains("terminating connection")
                || message.contains("server closed the connection")
                || message.contains("the database system is shutting down")
                || message.contains("no connection to the server")
        }
        _ => false,
    }
}
