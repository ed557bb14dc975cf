//! The error type of request handling. Errors a user can cause are typed and become helpful
//! pages (404, 403, 400, 409), and so do the database's refusals of what a user asked (a
//! duplicate, a policy, text it cannot store); an unreachable database is a 503; anything else
//! is a bug, a 500 that is logged with its cause chain and the request id.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::DbError;
use crate::i18n::{Lang, Msg};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or the user may not know that it exists.
    #[error("{0}")]
    NotFound(Msg),
    /// The user may see the thing but not do this to it; the message says why.
    #[error("{0}")]
    Forbidden(Msg),
    /// Not signed in: a request that asks for JSON, or one that would change something (pages
    /// are redirected to /login instead).
    #[error(
        "You are not signed in (or your session has ended), so nothing was changed. Please sign in and try again."
    )]
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
    BadRequest(Msg),
    /// The change collides with what is stored (a duplicate, a record still referred to); the
    /// message says so without naming records the user may not see.
    #[error("{0}")]
    Conflict(Msg),
    /// The database cannot be reached; retrying later will work.
    #[error("{0}")]
    Unavailable(Msg),
    /// A bug.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn not_found() -> Self {
        AppError::NotFound(Msg::new(NOT_FOUND))
    }

    /// The message of a page showing this error in `lang`.
    pub fn translated(&self, lang: Lang) -> String {
        match self {
            AppError::Unauthorized => lang.t("app-error-not-signed-in"),
            AppError::NoAccess => lang.t("app-error-no-access"),
            AppError::RateLimited(seconds) => {
                lang.t1("app-error-rate-limited", "seconds", *seconds)
            }
            AppError::Internal(_) => lang.t("error-internal"),
            AppError::NotFound(m)
            | AppError::Forbidden(m)
            | AppError::BadRequest(m)
            | AppError::Conflict(m)
            | AppError::Unavailable(m) => m.in_lang(lang),
        }
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(error.into())
    }

    /// The 503 of a database that cannot be reached (the cause is logged where it happened).
    pub fn database_unavailable() -> Self {
        AppError::Unavailable(Msg::new(UNAVAILABLE))
    }
}

/// The fixed answers of this file, as catalogue messages (locales/*/main.ftl).
const NOT_FOUND: &str = "error-not-found";
const UNAVAILABLE: &str = "error-unavailable";
const BUSY: &str = "app-error-busy";
const DUPLICATE: &str = "app-error-duplicate";
const REFERENCES: &str = "app-error-references";
const NOT_ALLOWED_VALUE: &str = "app-error-not-allowed-value";
const POLICY: &str = "app-error-policy";
const NUL: &str = "app-error-nul";
const TOO_LARGE: &str = "app-error-too-large";

impl From<DbError> for AppError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                AppError::Unavailable(Msg::new(UNAVAILABLE))
            }
            DbError::Aborted => AppError::Internal(anyhow::Error::new(error)),
        }
    }
}

impl From<DieselError> for AppError {
    fn from(error: DieselError) -> Self {
        if is_connection_lost(&error) {
            tracing::warn!(detail = %error, "database connection lost");
            return AppError::Unavailable(Msg::new(UNAVAILABLE));
        }
        if is_write_conflict(&error) {
            tracing::warn!(detail = %error, "transaction refused by a concurrent write");
            return AppError::Unavailable(Msg::new(BUSY));
        }
        if let Some(refusal) = database_refusal(&error) {
            // Worth a line in the log (a form let through what the database refuses), not a 500.
            tracing::info!(detail = %error, "database refused the change");
            return refusal;
        }
        match error {
            DieselError::NotFound => AppError::not_found(),
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

/// Whether an error of code outside the request transaction (the session store) means the
/// database could not be reached: no pooled connection in time, or a connection lost midway.
pub fn is_database_unavailable(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<diesel::r2d2::PoolError>().is_some()
            || matches!(
                cause.downcast_ref::<DbError>(),
                Some(DbError::Unavailable(_))
            )
            || cause
                .downcast_ref::<DieselError>()
                .is_some_and(is_connection_lost)
    })
}

/// What the user is told when the database refuses a statement because of what was asked:
/// a unique or foreign key (409), a check or an unstorable value (400), a row-level security
/// policy (403). Forms check these rules first and show field errors; this is the answer where
/// they cannot (rows the user may not see, a concurrent change). The database's own message
/// names tables, columns and values, so it goes to the log only. `None`: a bug.
fn database_refusal(error: &DieselError) -> Option<AppError> {
    let DieselError::DatabaseError(kind, info) = error else {
        return None;
    };
    let message = info.message();
    Some(match kind {
        DatabaseErrorKind::UniqueViolation => AppError::Conflict(Msg::new(DUPLICATE)),
        DatabaseErrorKind::ForeignKeyViolation | DatabaseErrorKind::RestrictViolation => {
            AppError::Conflict(Msg::new(REFERENCES))
        }
        DatabaseErrorKind::CheckViolation
        | DatabaseErrorKind::NotNullViolation
        | DatabaseErrorKind::ExclusionViolation => {
            AppError::BadRequest(Msg::new(NOT_ALLOWED_VALUE))
        }
        _ if is_policy_refusal(error) => AppError::Forbidden(Msg::new(POLICY)),
        // SQLSTATE 22021: text with a NUL byte (forms refuse those before; query strings not).
        _ if message.contains("invalid byte sequence") => AppError::BadRequest(Msg::new(NUL)),
        // SQLSTATE 22003 and 22001: a number or text larger than its column.
        _ if message.contains("out of range")
            || message.contains("numeric field overflow")
            || message.contains("value too long") =>
        {
            AppError::BadRequest(Msg::new(TOO_LARGE))
        }
        _ => return None,
    })
}

/// Whether a row-level security policy's WITH CHECK refused a write (SQLSTATE 42501; diesel
/// has no kind for it).
pub fn is_policy_refusal(error: &DieselError) -> bool {
    matches!(error, DieselError::DatabaseError(_, info)
        if info.message().contains("violates row-level security policy"))
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

#[cfg(test)]
mod tests {
    use diesel::result::DatabaseErrorInformation;

    use super::*;

    struct Info(&'static str);

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            Some("Key (code)=(SECRET) already exists.")
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn answer(kind: DatabaseErrorKind, message: &'static str) -> AppError {
        AppError::from(DieselError::DatabaseError(kind, Box::new(Info(message))))
    }

    #[test]
    fn fixed_answers_are_translated() {
        assert_eq!(
            AppError::not_found().translated(Lang::Fi),
            "Hakemaasi sivua tai tietuetta ei ole olemassa."
        );
        let duplicate = answer(DatabaseErrorKind::UniqueViolation, "duplicate key");
        assert!(
            duplicate
                .translated(Lang::Sv)
                .contains("Ingenting ändrades")
        );
        assert_eq!(
            AppError::BadRequest(Msg::verbatim("typed")).translated(Lang::Fi),
            "typed"
        );
        let fixed = [
            NOT_FOUND,
            UNAVAILABLE,
            BUSY,
            DUPLICATE,
            REFERENCES,
            NOT_ALLOWED_VALUE,
            POLICY,
            NUL,
            TOO_LARGE,
        ];
        for key in fixed {
            for lang in Lang::ALL {
                assert!(crate::i18n::catalogue::has_message(lang, key), "{key}");
            }
        }
    }

    #[test]
    fn database_refusals_are_4xx_that_name_nothing_hidden() {
        let duplicate = answer(
            DatabaseErrorKind::UniqueViolation,
            "duplicate key value violates unique constraint \"projects_code_key\"",
        );
        assert!(matches!(&duplicate, AppError::Conflict(m) if !m.to_string().contains("SECRET")));
        assert!(matches!(
            answer(
                DatabaseErrorKind::Unknown,
                "new row violates row-level security policy for table \"projects\""
            ),
            AppError::Forbidden(_)
        ));
        assert!(matches!(
            answer(
                DatabaseErrorKind::Unknown,
                "invalid byte sequence for encoding \"UTF8\": 0x00"
            ),
            AppError::BadRequest(m) if m.to_string().contains("NUL")
        ));
        assert!(matches!(
            answer(
                DatabaseErrorKind::ForeignKeyViolation,
                "violates foreign key"
            ),
            AppError::Conflict(_)
        ));
        assert!(matches!(
            answer(
                DatabaseErrorKind::CheckViolation,
                "violates check constraint"
            ),
            AppError::BadRequest(_)
        ));
        assert!(matches!(
            answer(
                DatabaseErrorKind::Unknown,
                "syntax error at or near \"selec\""
            ),
            AppError::Internal(_)
        ));
    }
}
