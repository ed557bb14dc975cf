//! The connection pool. r2d2 can check every connection with a `SELECT 1` before handing it out,
//! so that connections broken by a database restart are replaced instead of failing a request.
//! That check is a round trip of its own on every checkout (two per page: the session, then the
//! request), which on the two-core benchmark machine was a tenth of PostgreSQL's work on the
//! projects list. A connection that has just finished a transaction without error is known to be
//! good, so it is handed out again unchecked for a short while; any other (new, idle for longer,
//! or last used by a request that failed) is checked as before.
//!
//! Behind a pooler in transaction mode (pgbouncer) a connection here is a connection to the
//! pooler, and each transaction may run on another server connection: diesel's cache of named
//! prepared statements (`__diesel_stmt_N`, made once per connection and reused) then meets names
//! another client made, or misses its own. `DB_PREPARED_STATEMENTS=false` turns the cache off:
//! every statement is parsed, bound and run in one message sequence, which any server connection
//! can answer.

use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

use diesel::connection::{CacheSize, Connection};
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, ManageConnection, Pool, PooledConnection};

/// How long a connection that just worked is trusted without a check. Under load a connection is
/// reused within milliseconds; a database restart takes far longer than this, and a request that
/// meets a connection it broke fails as one in flight would (503) and marks the connection for a
/// check.
const TRUSTED_FOR: Duration = Duration::from_millis(250);

/// A pooled PostgreSQL connection and when it last finished its work without error.
pub struct CheckedConnection {
    connection: PgConnection,
    worked_at: Option<Instant>,
}

impl CheckedConnection {
    /// Records how the work on this connection ended: only a success spares the next check.
    pub fn record(&mut self, succeeded: bool) {
        self.worked_at = succeeded.then(Instant::now);
    }
}

impl Deref for CheckedConnection {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.connection
    }
}

impl DerefMut for CheckedConnection {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.connection
    }
}

/// Turns diesel's statement cache off on `connection` unless `prepared_statements`
/// (`DB_PREPARED_STATEMENTS`); every connection the server or the CLI opens goes through here.
pub fn keep_prepared_statements(connection: &mut PgConnection, prepared_statements: bool) {
    if !prepared_statements {
        connection.set_prepared_statement_cache_size(CacheSize::Disabled);
    }
}

/// diesel's connection manager, checking connections as described above.
pub struct Manager {
    connections: ConnectionManager<PgConnection>,
    prepared_statements: bool,
}

impl Manager {
    /// Connections to `url`, keeping their statements prepared when `prepared_statements`.
    pub fn new(url: &str, prepared_statements: bool) -> Manager {
        Manager {
            connections: ConnectionManager::new(url),
            prepared_statements,
        }
    }
}

impl ManageConnection for Manager {
    type Connection = CheckedConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<CheckedConnection, Self::Error> {
        let mut connection = self.connections.connect()?;
        keep_prepared_statements(&mut connection, self.prepared_statements);
        Ok(CheckedConnection {
            connection,
            worked_at: None,
        })
    }

    fn is_valid(&self, conn: &mut CheckedConnection) -> Result<(), Self::Error> {
        if conn.worked_at.is_some_and(|at| at.elapsed() < TRUSTED_FOR) {
            return Ok(());
        }
        self.connections.is_valid(&mut conn.connection)
    }

    fn has_broken(&self, conn: &mut CheckedConnection) -> bool {
        self.connections.has_broken(&mut conn.connection)
    }
}

/// An r2d2 pool of PostgreSQL connections.
pub type PgPool = Pool<Manager>;
/// A connection checked out of a [`PgPool`].
pub type PooledPg = PooledConnection<Manager>;

/// Builds a pool without connecting, so that a database that is down makes requests answer 503
/// (and recover later) instead of stopping the server.
pub fn build_pool(
    url: &str,
    size: u32,
    connect_timeout: Duration,
    prepared_statements: bool,
) -> PgPool {
    Pool::builder()
        .max_size(size)
        .min_idle(Some(0))
        .connection_timeout(connect_timeout)
        // is_valid above: connections broken by a database restart are replaced
        .test_on_check_out(true)
        .idle_timeout(Some(Duration::from_secs(300)))
        .build_unchecked(Manager::new(url, prepared_statements))
}
