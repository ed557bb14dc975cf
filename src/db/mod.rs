//! Database access. Requests reach PostgreSQL only through [`Database::in_transaction`], which
//! runs a closure in one transaction on one pooled connection whose first statement sets
//! `app.current_user_id` for row-level security (SPEC §7). Handlers never see a pool.

pub mod app_role;
pub mod guarded;
pub mod migrations;
mod pool;
pub mod replaceable;
pub mod rls_check;
pub mod row_version;
#[rustfmt::skip]
pub mod schema;
pub mod visibility;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use uuid::Uuid;

use crate::config::{Settings, mask_url};
use pool::keep_prepared_statements;
pub use pool::{CheckedConnection, Manager, PgPool, PooledPg, build_pool};

#[diesel::declare_sql_function]
extern "SQL" {
    /// PostgreSQL's `current_setting(name, missing_ok)`.
    fn current_setting(name: Text, missing_ok: Bool) -> Text;
}

/// The setting row-level security policies read to know who is asking.
pub const CURRENT_USER_SETTING: &str = "app.current_user_id";

/// The project a single-project request is about (migration 000980): the select policies let
/// its rows through after one check of the user's right to see it, instead of working out and
/// hashing every visible project for each table of each statement. It never widens what is
/// seen: rows of other projects, or of a project the user does not see, go through the full rule.
pub const FOCUS_PROJECT_SETTING: &str = "app.focus_project";

/// Why a database call could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No connection could be had within the pool's timeout: the database is down or saturated.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// The blocking task was cancelled or panicked; a bug, reported as a 500.
    #[error("the database task was aborted")]
    Aborted,
}

/// The two connection pools of the server (SPEC §7).
#[derive(Clone)]
pub struct Database {
    /// Serves requests: the app role when RLS is on, the owner otherwise.
    requests: PgPool,
    /// The schema owner: readiness checks of migrations and maintenance, never request data.
    owner: PgPool,
}

impl Database {
    /// Creates the pools of the server from its settings. Connects lazily.
    pub fn from_settings(settings: &Settings) -> Database {
        let prepared = settings.db_prepared_statements;
        let owner = build_pool(
            settings.database_url.expose(),
            2,
            settings.db_connect_timeout,
            prepared,
        );
        let requests = if settings.rls_enabled {
            build_pool(
                settings.request_database_url().expose(),
                settings.db_pool_size,
                settings.db_connect_timeout,
                prepared,
            )
        } else {
            // Without RLS the owner serves requests too; one pool of the configured size then.
            build_pool(
                settings.database_url.expose(),
                settings.db_pool_size,
                settings.db_connect_timeout,
                prepared,
            )
        };
        Database { requests, owner }
    }

    /// Wraps existing pools (tests use a pool of size 1 to prove nothing leaks between requests).
    pub fn from_pools(requests: PgPool, owner: PgPool) -> Database {
        Database { requests, owner }
    }

    /// Runs `work` for the user `user` (None: nobody) in one transaction on one pooled connection,
    /// on the blocking thread pool. The transaction's first statement sets `app.current_user_id`
    /// transaction-locally; an `Err` from `work` rolls everything back.
    pub async fn in_transaction<T, E, F>(&self, user: Option<Uuid>, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        self.as_user(user, None, work).await
    }

    /// [`Database::in_transaction`] for a request about one project (see
    /// [`FOCUS_PROJECT_SETTING`]): the same rows, found with less work.
    pub async fn in_project_transaction<T, E, F>(
        &self,
        user: Option<Uuid>,
        project: Uuid,
        work: F,
    ) -> Result<T, E>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        self.as_user(user, Some(project), work).await
    }

    async fn as_user<T, E, F>(
        &self,
        user: Option<Uuid>,
        project: Option<Uuid>,
        work: F,
    ) -> Result<T, E>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let pool = self.requests.clone();
        let result = actix_web::web::block(move || {
            let mut conn = checkout::<E>(&pool)?;
            let result = run_as_user(&mut conn, user, project, work);
            conn.record(result.is_ok());
            result
        })
        .await;
        result.unwrap_or_else(|_| Err(E::from(DbError::Aborted)))
    }

    /// The server-side session store, on the request pool (sessions are read before anyone is known).
    pub fn session_store(
        &self,
        rules: crate::auth::sessions::SessionRules,
    ) -> crate::auth::sessions::PgSessionStore {
        crate::auth::sessions::PgSessionStore::new(self.requests.clone(), self.clone(), rules)
    }

    /// Runs `work` on an owner connection outside any user context: readiness checks, and
    /// recording a sign-in (the user is not known to row-level security before it exists).
    pub async fn with_owner<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.owner.clone();
        let result = actix_web::web::block(move || {
            let mut conn = checkout::<E>(&pool)?;
            let result = work(&mut conn);
            conn.record(result.is_ok());
            result
        })
        .await;
        result.unwrap_or_else(|_| Err(E::from(DbError::Aborted)))
    }
}

fn checkout<E: From<DbError>>(pool: &PgPool) -> Result<PooledPg, E> {
    pool.get()
        .map_err(|e| E::from(DbError::Unavailable(e.to_string())))
}

/// The body of [`Database::in_transaction`]: `work` in one transaction whose first statement
/// sets the user and the project ([`FOCUS_PROJECT_SETTING`]; '' when there is none). The settings
/// travel with BEGIN in one round trip: every request pays for it, and on two cores a round trip
/// costs PostgreSQL more than the statements do. Both values are formatted UUIDs (or empty), so
/// they are safe to write into the SQL.
fn run_as_user<T, E, F>(
    conn: &mut PgConnection,
    user: Option<Uuid>,
    project: Option<Uuid>,
    work: F,
) -> Result<T, E>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let begin = format!(
        "BEGIN; SELECT set_config('{CURRENT_USER_SETTING}', '{}', true), \
         set_config('{FOCUS_PROJECT_SETTING}', '{}', true)",
        user.map(|id| id.to_string()).unwrap_or_default(),
        project.map(|id| id.to_string()).unwrap_or_default(),
    );
    if let Err(error) = AnsiTransactionManager::begin_transaction_sql(conn, &begin) {
        // BEGIN may have run before the settings failed: diesel did not count that transaction,
        // so end it here rather than hand the next request a connection inside it.
        let _ = conn.batch_execute("ROLLBACK");
        return Err(error.into());
    }
    // The rest is diesel's `Connection::transaction`.
    match work(&mut *conn) {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => match AnsiTransactionManager::rollback_transaction(conn) {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Makes the rest of the transaction act for `user` (and about `project`, see
/// [`FOCUS_PROJECT_SETTING`]), as the first statement of [`Database::in_transaction`] does: for a
/// request whose user is known only inside the transaction (an API token, `app.token_holder`).
pub fn act_as(conn: &mut PgConnection, user: Uuid, project: Option<Uuid>) -> QueryResult<()> {
    diesel::sql_query("select set_config($1, $2, true), set_config($3, $4, true)")
        .bind::<diesel::sql_types::Text, _>(CURRENT_USER_SETTING)
        .bind::<diesel::sql_types::Text, _>(user.to_string())
        .bind::<diesel::sql_types::Text, _>(FOCUS_PROJECT_SETTING)
        .bind::<diesel::sql_types::Text, _>(project.map(|p| p.to_string()).unwrap_or_default())
        .execute(conn)
        .map(|_| ())
}

/// The time the current transaction started (`now()`): what `modified_at` of its writes holds.
pub fn transaction_time(conn: &mut PgConnection) -> QueryResult<chrono::DateTime<chrono::Utc>> {
    diesel::select(diesel::dsl::now.into_sql::<diesel::sql_types::Timestamptz>()).get_result(conn)
}

/// Why a write in [`refuse_duplicates`] did not happen.
enum Refusal<E> {
    Refused(E),
    Database(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for Refusal<E> {
    fn from(e: diesel::result::Error) -> Self {
        Refusal::Database(e)
    }
}

/// Runs `write` in a savepoint; a unique violation becomes `Ok(Err(on_duplicate(constraint)))`
/// and rolls back only the savepoint, so the transaction can go on or end cleanly. For writes
/// whose duplicates a form cannot look for first: rows the user may not see (another
/// organisation's project code), or rows written concurrently.
pub fn refuse_duplicates<T, E>(
    conn: &mut PgConnection,
    on_duplicate: impl Fn(&str) -> E,
    write: impl FnOnce(&mut PgConnection) -> QueryResult<Result<T, E>>,
) -> QueryResult<Result<T, E>> {
    use diesel::result::{DatabaseErrorKind, Error};
    let outcome = conn.transaction::<T, Refusal<E>, _>(|conn| match write(conn) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(refusal)) => Err(Refusal::Refused(refusal)),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info)) => Err(
            Refusal::Refused(on_duplicate(info.constraint_name().unwrap_or_default())),
        ),
        Err(e) => Err(Refusal::Database(e)),
    });
    match outcome {
        Ok(value) => Ok(Ok(value)),
        Err(Refusal::Refused(refusal)) => Ok(Err(refusal)),
        Err(Refusal::Database(e)) => Err(e),
    }
}

/// Reads `app.current_user_id` as the policies see it ('' when unset in this transaction).
pub fn current_user_setting(conn: &mut PgConnection) -> QueryResult<String> {
    diesel::select(current_setting(CURRENT_USER_SETTING, true)).get_result(conn)
}

/// Opens one connection as the schema owner (`DATABASE_URL`) for a CLI command or the server's
/// start; see [`connect`].
pub fn connect_owner(settings: &Settings) -> anyhow::Result<PgConnection> {
    connect(
        settings.database_url.expose(),
        settings.db_prepared_statements,
    )
}

/// Opens one connection for a CLI command or the server's start, keeping its statements
/// prepared when `prepared_statements` (`DB_PREPARED_STATEMENTS`), with a message that names the
/// URL (password masked).
pub fn connect(url: &str, prepared_statements: bool) -> anyhow::Result<PgConnection> {
    let mut connection = PgConnection::establish(url).map_err(|e| {
        // libpq's messages span lines; an operator's error is one line.
        let detail = e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        anyhow::anyhow!(
            "cannot connect to the database at {}: {detail}",
            mask_url(url)
        )
    })?;
    keep_prepared_statements(&mut connection, prepared_statements);
    Ok(connection)
}

/// The least a request transaction can do: whether the database answers (`/readyz`).
pub fn ping(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>("1"))
        .execute(conn)
        .map(|_| ())
}
