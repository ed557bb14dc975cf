//! Server-side sessions in PostgreSQL: actix-session's `SessionStore` over the `sessions` table.
//!
//! The cookie holds a random 64-character key; the table holds its SHA-256. A session ends when
//! it has been idle longer than the idle timeout or lives longer than the maximum lifetime,
//! whatever the cookie says; at once when its row is deleted (logout, revoke); and when the
//! identity provider no longer vouches for its user ([`provider_check`]).
//!
//! Who is signed in (the entries of [`SIGN_IN_KEYS`]) is written when a row is created (sign-in
//! renews the session, so it always creates one) and afterwards only by the provider check. A
//! request that changes other entries (a CSRF token, a pending sign-in) writes only those: it
//! can neither bring back a row deleted while it ran (a revoke) nor undo what a check wrote.

pub mod grant_seal;
pub mod provider_check;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rand::distr::{Alphanumeric, SampleString};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::oidc::ProviderGrant;
use crate::db::schema::sessions;
use crate::db::{Database, PgPool};
use grant_seal::GrantSeal;
use provider_check::ProviderChecks;

/// The session entry that names the signed-in user (a JSON string of a `users.id`).
pub const USER_ID_KEY: &str = "user_id";
/// The signed-in user as requests see it (`auth::CurrentUser`).
pub const USER_KEY: &str = "user";
/// The ID token, for `id_token_hint` at logout.
pub const ID_TOKEN_KEY: &str = "id_token";
/// The provider's tokens as sign-in hands them over: the store seals them into the row's
/// `provider_grant` and never keeps them in the state.
pub const PROVIDER_GRANT_KEY: &str = "provider_grant";
/// The entries that say who is signed in.
pub const SIGN_IN_KEYS: [&str; 3] = [USER_ID_KEY, USER_KEY, ID_TOKEN_KEY];

/// How often `last_seen_at` is written: once a minute is precise enough for an idle timeout of
/// hours, and saves a write on every request.
const LAST_SEEN_RESOLUTION_SECONDS: i64 = 60;

type SessionState = HashMap<String, String>;

/// How sessions end, besides logout and revoke.
pub struct SessionRules {
    pub idle_timeout: Duration,
    pub max_lifetime: Duration,
    pub seal: GrantSeal,
    /// The periodic check with the identity provider; `None` without OIDC.
    pub checks: Option<ProviderChecks>,
}

/// The store handed to actix-session's middleware.
#[derive(Clone)]
pub struct PgSessionStore {
    pool: PgPool,
    /// The owner's connections: a check records the user's new groups as sign-in does.
    db: Database,
    idle_timeout: Duration,
    max_lifetime: Duration,
    seal: GrantSeal,
    checks: Option<Arc<ProviderChecks>>,
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

/// `incoming` (what a request made of the state) with the sign-in entries of `stored` (what the
/// row holds now) instead of its own: who is signed in is not the request's to change.
fn keep_sign_in(stored: &SessionState, mut incoming: SessionState) -> SessionState {
    incoming.remove(PROVIDER_GRANT_KEY);
    for key in SIGN_IN_KEYS {
        match stored.get(key) {
            Some(value) => incoming.insert(key.to_string(), value.clone()),
            None => incoming.remove(key),
        };
    }
    incoming
}

/// Takes the provider's tokens out of a state sign-in handed over.
fn take_grant(state: &mut SessionState) -> Option<ProviderGrant> {
    let json = state.remove(PROVIDER_GRANT_KEY)?;
    serde_json::from_str(&json).ok()
}

/// Runs `work` on a connection of `pool` on the blocking thread pool (diesel is blocking).
async fn on_pool<T, F>(pool: &PgPool, work: F) -> anyhow::Result<T>
where
    F: FnOnce(&mut PgConnection) -> anyhow::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        let result = work(&mut conn);
        conn.record(result.is_ok());
        result
    })
    .await
    .map_err(|e| anyhow::anyhow!("session task aborted: {e}"))?
}

/// A session row that is neither idle nor too old.
struct LiveSession {
    state: SessionState,
    provider_checked_at: Option<DateTime<Utc>>,
}

impl PgSessionStore {
    /// The store over `pool` (the request pool: sessions are read before anyone is known).
    pub fn new(pool: PgPool, db: Database, rules: SessionRules) -> Self {
        PgSessionStore {
            pool,
            db,
            idle_timeout: rules.idle_timeout,
            max_lifetime: rules.max_lifetime,
            seal: rules.seal,
            checks: rules.checks.map(Arc::new),
        }
    }

    async fn blocking<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut PgConnection) -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        on_pool(&self.pool, work).await
    }

    /// A new row for `state` (a sign-in, or a first entry of a browser not signed in).
    fn insert_new(
        conn: &mut PgConnection,
        seal: &GrantSeal,
        mut state: SessionState,
        ttl: Duration,
    ) -> anyhow::Result<SessionKey> {
        let key = Alphanumeric.sample_string(&mut rand::rng(), 64);
        let id = hash_key(&key);
        let sealed_grant = take_grant(&mut state)
            .map(|grant| seal.seal(&id, &grant))
            .transpose()?;
        let user = user_of(&state);
        let now = Utc::now();
        diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(&id),
                sessions::user_id.eq(user),
                sessions::state.eq(to_json(&state)),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(now + chrono::Duration::seconds(seconds(ttl))),
                sessions::provider_grant.eq(sealed_grant),
                // Sign-in is the first check: the provider vouched for the user just now.
                sessions::provider_checked_at.eq(user.map(|_| now)),
            ))
            .execute(conn)?;
        SessionKey::try_from(key).map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// The row of `id` unless it is missing, idle or too old (then it is deleted).
    fn read_live(
        conn: &mut PgConnection,
        id: &str,
        idle: i64,
        lifetime: i64,
    ) -> anyhow::Result<Option<LiveSession>> {
        type Row = (Value, DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>);
        let row: Option<Row> = sessions::table
            .filter(sessions::id.eq(id))
            .select((
                sessions::state,
                sessions::created_at,
                sessions::last_seen_at,
                sessions::provider_checked_at,
            ))
            .first(conn)
            .optional()?;
        let Some((state, created_at, last_seen_at, provider_checked_at)) = row else {
            return Ok(None);
        };
        let now = Utc::now();
        let age = (now - created_at).num_seconds();
        let idle_for = (now - last_seen_at).num_seconds();
        if idle_for > idle || age > lifetime {
            diesel::delete(sessions::table.filter(sessions::id.eq(id))).execute(conn)?;
            return Ok(None);
        }
        if idle_for > LAST_SEEN_RESOLUTION_SECONDS {
            diesel::update(sessions::table.filter(sessions::id.eq(id)))
                .set(sessions::last_seen_at.eq(now))
                .execute(conn)?;
        }
        Ok(from_json(state).map(|state| LiveSession {
            state,
            provider_checked_at,
        }))
    }
}

impl SessionStore for PgSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        let id = hash_key(session_key.as_ref());
        let idle = seconds(self.idle_timeout);
        let lifetime = seconds(self.max_lifetime);
        let row_id = id.clone();
        let live = self
            .blocking(move |conn| Self::read_live(conn, &row_id, idle, lifetime))
            .await
            .map_err(LoadError::Other)?;
        let Some(live) = live else {
            return Ok(None);
        };
        match &self.checks {
            Some(checks) if checks.is_due(live.provider_checked_at, Utc::now()) => checks
                .run(&self.pool, &self.db, &self.seal, id, live.state)
                .await
                .map_err(LoadError::Other),
            _ => Ok(Some(live.state)),
        }
    }

    async fn save(
        &self,
        session_state: SessionState,
        ttl: &actix_web::cookie::time::Duration,
    ) -> Result<SessionKey, SaveError> {
        let ttl = Duration::from_secs(ttl.whole_seconds().max(0).unsigned_abs());
        let seal = self.seal.clone();
        self.blocking(move |conn| Self::insert_new(conn, &seal, session_state, ttl))
            .await
            .map_err(SaveError::Other)
    }

    /// Writes a request's changes to the entries other than who is signed in. A row deleted
    /// while the request ran (logout elsewhere, revoke, a check the provider refused) stays
    /// deleted: the changes are dropped and the cookie keeps naming a session that is gone.
    async fn update(
        &self,
        session_key: SessionKey,
        session_state: SessionState,
        _ttl: &actix_web::cookie::time::Duration,
    ) -> Result<SessionKey, UpdateError> {
        let id = hash_key(session_key.as_ref());
        self.blocking(move |conn| {
            conn.transaction::<_, anyhow::Error, _>(|conn| {
                let stored: Option<Value> = sessions::table
                    .filter(sessions::id.eq(&id))
                    .select(sessions::state)
                    .for_update()
                    .first(conn)
                    .optional()?;
                let Some(stored) = stored else {
                    return Ok(());
                };
                let state = keep_sign_in(&from_json(stored).unwrap_or_default(), session_state);
                diesel::update(sessions::table.filter(sessions::id.eq(&id)))
                    .set((
                        sessions::state.eq(to_json(&state)),
                        sessions::last_seen_at.eq(Utc::now()),
                    ))
                    .execute(conn)?;
                Ok(())
            })?;
            Ok(session_key)
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
    fn a_request_never_changes_who_is_signed_in() {
        let entry = |k: &str, v: &str| (k.to_string(), v.to_string());
        let stored = SessionState::from([
            entry(USER_ID_KEY, "\"u1\""),
            entry(USER_KEY, "{\"role\":\"viewer\"}"),
            entry(ID_TOKEN_KEY, "\"t\""),
            entry("csrf", "\"old\""),
        ]);
        // A request that loaded the state before a check made the user a viewer, and forged
        // entries of its own: only its CSRF token is written.
        let incoming = SessionState::from([
            entry(USER_ID_KEY, "\"u2\""),
            entry(USER_KEY, "{\"role\":\"admin\"}"),
            entry(PROVIDER_GRANT_KEY, "{}"),
            entry("csrf", "\"new\""),
        ]);
        let kept = keep_sign_in(&stored, incoming);
        let expected = SessionState::from([
            entry(USER_ID_KEY, "\"u1\""),
            entry(USER_KEY, "{\"role\":\"viewer\"}"),
            entry(ID_TOKEN_KEY, "\"t\""),
            entry("csrf", "\"new\""),
        ]);
        assert_eq!(kept, expected);
        // Nobody signed in: a request cannot sign someone in by writing the entries.
        let anonymous = keep_sign_in(
            &SessionState::new(),
            SessionState::from([entry(USER_ID_KEY, "\"u2\""), entry("csrf", "\"x\"")]),
        );
        assert_eq!(anonymous, SessionState::from([entry("csrf", "\"x\"")]));
    }

    #[test]
    fn sign_in_hands_the_grant_over_outside_the_state() {
        let grant = ProviderGrant {
            subject: "s".into(),
            access_token: "a".into(),
            access_token_expires_at: None,
            refresh_token: Some("r".into()),
        };
        let mut state = SessionState::new();
        state.insert(
            PROVIDER_GRANT_KEY.into(),
            serde_json::to_string(&grant).unwrap(),
        );
        state.insert("csrf".into(), "\"t\"".into());
        assert_eq!(take_grant(&mut state), Some(grant));
        assert!(!state.contains_key(PROVIDER_GRANT_KEY));
        assert_eq!(take_grant(&mut state), None);
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
