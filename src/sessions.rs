//! Server-side sessions in PostgreSQL: actix-session's `SessionStore` over the `sessions` table.
//!
//! The cookie holds a random 64-character key; the table holds its SHA-256. A session ends when
//! it has been idle longer than the idle timeout or lives longer than the maximum lifetime,
//! whatever the cookie says, and at once when its row is deleted (logout, revoke).

use std::collections::HashMap;
use std::time::Duration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rand::distr::{Alphanumeric, SampleString};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::PgPool;
use crate::schema::sessions;

/// The session entry that names the signed-in user (a JSON string of a `users.id`).
pub const USER_ID_KEY: &str = "user_id";

/// How often `last_seen_at` is written: once a minute is precise enough for an idle timeout of
/// hours, and saves a write on every request.
const LAST_SEEN_RESOLUTION_SECONDS: i64 = 60;

type SessionState = HashMap<String, String>;

/// The store handed to actix-session's middleware.
#[derive(Clone)]
pub struct PgSessionStore {
    pool: PgPool,
    idle_timeout: Duration,
    max_lifetime: Duration,
}

fn hash_key(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn to_json(state: &SessionState) -> Value {
    Value::Object(
        state
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn from_json(value: Value) -> Option<SessionState> {
    match value {
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// The user id in a session's state, if someone is signed in.
fn user_of(state: &SessionState) -> Option<Uuid> {
    state
        .get(USER_ID_KEY)
        .and_then(|v| serde_json::from_str::<Uuid>(v).ok())
}

fn seconds(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

impl PgSessionStore {
    pub fn new(pool: PgPool, idle_timeout: Duration, max_lifetime: Duration) -> Self {
        PgSessionStore {
            pool,
            idle_timeout,
            max_lifetime,
        }
    }

    async fn blocking<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut PgConnection) -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            let result = work(&mut conn);
            conn.record(result.is_ok());
            result
        })
        .await
        .map_err(|e| anyhow::anyhow!("session task aborted: {e}"))?
    }

    fn insert_new(
        conn: &mut PgConnection,
        state: &SessionState,
        ttl: Duration,
    ) -> anyhow::Result<SessionKey> {
        let key = Alphanumeric.sample_string(&mut rand::rng(), 64);
        let now = Utc::now();
        diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(hash_key(&key)),
                sessions::user_id.eq(user_of(state)),
                sessions::state.eq(to_json(state)),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(now + chrono::Duration::seconds(seconds(ttl))),
            ))
            .execute(conn)?;
        SessionKey::try_from(key).map_err(|e| anyhow::anyhow!("{e}"))
    }
}

impl SessionStore for PgSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        let id = hash_key(session_key.as_ref());
        let idle = seconds(self.idle_timeout);
        let lifetime = seconds(self.max_lifetime);
        self.blocking(move |conn| {
            let row: Option<(Value, DateTime<Utc>, DateTime<Utc>)> = sessions::table
                .filter(sessions::id.eq(&id))
                .select((
                    sessions::state,
                    sessions::created_at,
                    sessions::last_seen_at,
                ))
                .first(conn)
                .optional()?;
            let Some((state, created_at, last_seen_at)) = row else {
                return Ok(None);
            };
            let now = Utc::now();
            let age = (now - created_at).num_seconds();
            let idle_for = (now - last_seen_at).num_seconds();
            if idle_for > idle || age > lifetime {
                diesel::delete(sessions::table.filter(sessions::id.eq(&id))).execute(conn)?;
                return Ok(None);
            }
            if idle_for > LAST_SEEN_RESOLUTION_SECONDS {
                diesel::update(sessions::table.filter(sessions::id.eq(&id)))
                    .set(sessions::last_seen_at.eq(now))
                    .execute(conn)?;
            }
            Ok(from_json(state))
        })
        .await
        .map_err(LoadError::Other)
    }

    async fn save(
        &self,
        session_state: SessionState,
        ttl: &actix_web::cookie::time::Duration,
    ) -> Result<SessionKey, SaveError> {
        let ttl = Duration::from_secs(ttl.whole_seconds().max(0).unsigned_abs());
        self.blocking(move |conn| Self::insert_new(conn, &session_state, ttl))
            .await
            .map_err(SaveError::Other)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        session_state: SessionState,
        ttl: &actix_web::cookie::time::Duration,
    ) -> Result<SessionKey, UpdateError> {
        let ttl = Duration::from_secs(ttl.whole_seconds().max(0).unsigned_abs());
        let id = hash_key(session_key.as_ref());
        self.blocking(move |conn| {
            let updated = diesel::update(sessions::table.filter(sessions::id.eq(&id)))
                .set((
                    sessions::state.eq(to_json(&session_state)),
                    sessions::user_id.eq(user_of(&session_state)),
                    sessions::last_seen_at.eq(Utc::now()),
                ))
                .execute(conn)?;
            if updated == 1 {
                Ok(session_key)
            } else {
                // The row is gone (expired, revoked): never resurrect a key, start a new session.
                Self::insert_new(conn, &session_state, ttl)
            }
        })
        .await
        .map_err(UpdateError::Other)
    }

    async fn update_ttl(
        &self,
        session_key: &SessionKey,
        ttl: &actix_web::cookie::time::Duration,
    ) -> anyhow::Result<()> {
        let id = hash_key(session_key.as_ref());
        let ttl = ttl.whole_seconds().max(0);
        self.blocking(move |conn| {
            diesel::update(sessions::table.filter(sessions::id.eq(&id)))
                .set(sessions::expires_at.eq(Utc::now() + chrono::Duration::seconds(ttl)))
                .execute(conn)?;
            Ok(())
        })
        .await
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        let id = hash_key(session_key.as_ref());
        self.blocking(move |conn| {
            diesel::delete(sessions::table.filter(sessions::id.eq(&id))).execute(conn)?;
            Ok(())
        })
        .await
    }
}

/// Deletes every session of `user_id` (an admin's "revoke sessions"); returns how many ended.
pub fn revoke_for_user(conn: &mut PgConnection, user_id: Uuid) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

/// How many live sessions `user_id` has.
pub fn count_for_user(conn: &mut PgConnection, user_id: Uuid) -> QueryResult<i64> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .count()
        .get_result(conn)
}

/// Deletes sessions past their idle timeout or lifetime; run periodically by the server.
pub fn purge_expired(
    conn: &mut PgConnection,
    idle_timeout: Duration,
    max_lifetime: Duration,
) -> QueryResult<usize> {
    let now = Utc::now();
    diesel::delete(
        sessions::table.filter(
            sessions::last_seen_at
                .lt(now - chrono::Duration::seconds(seconds(idle_timeout)))
                .or(sessions::created_at.lt(now - chrono::Duration::seconds(seconds(max_lifetime))))
                .or(sessions::expires_at.lt(now)),
        ),
    )
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stored_hashed() {
        let hash = hash_key("abc");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn state_round_trips_and_names_the_user() {
        let user = Uuid::new_v4();
        let mut state = SessionState::new();
        state.insert(USER_ID_KEY.into(), serde_json::to_string(&user).unwrap());
        state.insert("csrf".into(), "\"token\"".into());
        assert_eq!(from_json(to_json(&state)), Some(state.clone()));
        assert_eq!(user_of(&state), Some(user));
        assert_eq!(from_json(serde_json::json!({"a": 1})), None);
    }
}
