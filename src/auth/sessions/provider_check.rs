//! The periodic check of a signed-in session with the identity provider (SESSION_REVALIDATE_MINUTES).
//!
//! Groups change at the provider while sessions last up to SESSION_MAX_LIFETIME_HOURS. When a
//! session's last confirmation is older than the interval, the request that finds it so asks the
//! provider (refresh grant if needed, then userinfo) before anything else sees the session:
//!
//! - **confirmed**: the user row gets the new groups, role, visibility and organisations (the
//!   sign-in code, `users::record_provider_facts`), so row-level security applies them in this
//!   very request, and the session's user is replaced;
//! - **refused** (refresh `invalid_grant`, userinfo 401/403 or another subject, no token left to
//!   ask with): the row is deleted and the browser must sign in again;
//! - **unreachable**: the session keeps its last confirmed groups and the next request asks
//!   again after [`RETRY_PAUSE`], until the provider has failed for SESSION_REVALIDATE_GRACE_MINUTES
//!   in a row; the attempt after that ends the session. So an outage never locks anyone out for
//!   longer than it lasts (signing in again works as soon as the provider is back), and a removed
//!   user keeps nothing for longer than the interval plus the grace.
//!
//! One request at a time asks for a session: it claims the check in the row (all servers share
//! it), and concurrent requests go on with the last confirmed groups. That also keeps a rotated
//! refresh token from being used twice, which providers answer by revoking it (Authentik).

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::Value;

use super::grant_seal::GrantSeal;
use super::{SessionState, USER_KEY, from_json, on_pool, to_json};
use crate::auth::CurrentUser;
use crate::auth::oidc::{OidcService, Reconfirmation};
use crate::auth::users::{self, Confirmation, LoginProfile};
use crate::config::GroupNames;
use crate::db::schema::sessions;
use crate::db::{Database, PgPool};

/// How long after a check began another may begin: the pause between attempts while the provider
/// cannot be reached, and the claim's expiry if the asking request never finished (a check makes
/// at most a few provider calls, each given up after 10 s).
pub const RETRY_PAUSE: Duration = Duration::from_secs(60);

/// What the checks need: the provider, the group names, the interval and the grace.
pub struct ProviderChecks {
    pub oidc: std::sync::Arc<OidcService>,
    pub groups: GroupNames,
    pub project_visibility_enabled: bool,
    /// SESSION_REVALIDATE_MINUTES.
    pub interval: Duration,
    /// SESSION_REVALIDATE_GRACE_MINUTES.
    pub grace: Duration,
}

#[diesel::declare_sql_function]
extern "SQL" {
    /// PostgreSQL's `coalesce()` of a nullable and a plain timestamp.
    fn coalesce(
        first: diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
        second: diesel::sql_types::Timestamptz,
    ) -> diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>;
}

fn chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::seconds(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Whether a session last confirmed at `checked_at` must be checked at `now` (sessions that
/// name no signed-in user have nothing to check).
fn is_due(interval: Duration, checked_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    checked_at.is_some_and(|at| now - at >= chrono(interval))
}

/// Whether a provider failing since `failing_since` has used up the grace at `now`.
fn grace_is_over(grace: Duration, failing_since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - failing_since >= chrono(grace)
}

impl ProviderChecks {
    /// Whether a session last confirmed at `checked_at` must be checked at `now`.
    pub fn is_due(&self, checked_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        is_due(self.interval, checked_at, now)
    }

    /// Checks the session `id` (whose state is `state`) if no other request is doing so;
    /// returns the state to use, or `None` when the session ended.
    pub async fn run(
        &self,
        pool: &PgPool,
        db: &Database,
        seal: &GrantSeal,
        id: String,
        state: SessionState,
    ) -> anyhow::Result<Option<SessionState>> {
        let now = Utc::now();
        let due_before = now - chrono(self.interval);
        let claim_id = id.clone();
        let claimed = on_pool(pool, move |conn| claim(conn, &claim_id, now, due_before)).await?;
        let Some(sealed) = claimed else {
            // Another request is asking, or asked a moment ago: the last confirmation stands.
            return Ok(Some(state));
        };
        let Some(grant) = sealed.and_then(|sealed| seal.open(&id, &sealed)) else {
            tracing::info!(
                "session ended: it holds no provider tokens to check its groups with (signed in \
                 before checks existed, or SECRET_KEY changed)"
            );
            on_pool(pool, move |conn| end(conn, &id)).await?;
            return Ok(None);
        };
        match self.oidc.reconfirm(&grant, now.timestamp()).await {
            Reconfirmation::Confirmed { profile, grant } => {
                let profile = LoginProfile::from_provider(
                    profile,
                    &self.groups,
                    self.project_visibility_enabled,
                );
                let sealed = seal.seal(&id, &grant)?;
                db.with_owner(move |conn| record_confirmation(conn, &id, &profile, &sealed))
                    .await
            }
            Reconfirmation::Refused(reason) => {
                tracing::info!(user = %grant.subject, %reason, "session ended: the identity provider refused it");
                on_pool(pool, move |conn| end(conn, &id)).await?;
                Ok(None)
            }
            Reconfirmation::Unreachable { reason, grant } => {
                let sealed = seal.seal(&id, &grant)?;
                let failing_id = id.clone();
                let failing_since = on_pool(pool, move |conn| {
                    record_failure(conn, &failing_id, &sealed, now)
                })
                .await?;
                let Some(failing_since) = failing_since else {
                    return Ok(None);
                };
                if grace_is_over(self.grace, failing_since, now) {
                    tracing::warn!(user = %grant.subject, %reason, %failing_since, "session ended: the identity provider could not confirm it within the grace period");
                    on_pool(pool, move |conn| end(conn, &id)).await?;
                    return Ok(None);
                }
                tracing::warn!(user = %grant.subject, %reason, %failing_since, "the identity provider could not be asked; the session keeps its last confirmed groups");
                Ok(Some(state))
            }
        }
    }
}

/// Claims the check of session `id` if it is due and no other began within [`RETRY_PAUSE`];
/// `Some(sealed grant)` when this request is to ask the provider.
fn claim(
    conn: &mut PgConnection,
    id: &str,
    now: DateTime<Utc>,
    due_before: DateTime<Utc>,
) -> anyhow::Result<Option<Option<String>>> {
    let retry_before = now - chrono(RETRY_PAUSE);
    Ok(diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::provider_checked_at.le(due_before))
            .filter(
                sessions::provider_check_started_at
                    .is_null()
                    .or(sessions::provider_check_started_at.le(retry_before)),
            ),
    )
    .set(sessions::provider_check_started_at.eq(now))
    .returning(sessions::provider_grant)
    .get_result::<Option<String>>(conn)
    .optional()?)
}

/// Ends session `id`.
fn end(conn: &mut PgConnection, id: &str) -> anyhow::Result<()> {
    diesel::delete(sessions::table.filter(sessions::id.eq(id))).execute(conn)?;
    Ok(())
}

/// Keeps the newest tokens and notes since when the provider fails; `None` when the session
/// was deleted meanwhile.
fn record_failure(
    conn: &mut PgConnection,
    id: &str,
    sealed_grant: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    let failing_since: Option<Option<DateTime<Utc>>> =
        diesel::update(sessions::table.filter(sessions::id.eq(id)))
            .set((
                sessions::provider_grant.eq(sealed_grant),
                sessions::provider_failing_since
                    .eq(coalesce(sessions::provider_failing_since, now)),
            ))
            .returning(sessions::provider_failing_since)
            .get_result(conn)
            .optional()?;
    Ok(failing_since.flatten())
}

/// As the owner, in one transaction: records the confirmed facts on the user (as sign-in does)
/// and in session `id`, whose user they become. `None` when the session was deleted meanwhile.
fn record_confirmation(
    conn: &mut PgConnection,
    id: &str,
    profile: &LoginProfile,
    sealed_grant: &str,
) -> anyhow::Result<Option<SessionState>> {
    conn.transaction(|conn| {
        let user_id = users::record_provider_facts(conn, profile, Confirmation::Recheck)?;
        let stored: Option<Value> = sessions::table
            .filter(sessions::id.eq(id))
            .select(sessions::state)
            .for_update()
            .first(conn)
            .optional()?;
        let Some(stored) = stored else {
            return Ok(None);
        };
        let mut state = from_json(stored).unwrap_or_default();
        let user = CurrentUser::signed_in(user_id, profile);
        state.insert(USER_KEY.to_string(), serde_json::to_string(&user)?);
        diesel::update(sessions::table.filter(sessions::id.eq(id)))
            .set((
                sessions::state.eq(to_json(&state)),
                sessions::provider_grant.eq(sealed_grant),
                sessions::provider_checked_at.eq(Utc::now()),
                sessions::provider_check_started_at.eq(None::<DateTime<Utc>>),
                sessions::provider_failing_since.eq(None::<DateTime<Utc>>),
            ))
            .execute(conn)?;
        Ok(Some(state))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_after_the_interval_and_over_after_the_grace() {
        let t0 = Utc::now();
        let at = |s: i64| t0 + chrono::Duration::seconds(s);
        let interval = Duration::from_secs(600);
        assert!(!is_due(interval, Some(t0), at(599)));
        assert!(is_due(interval, Some(t0), at(600)));
        assert!(!is_due(interval, None, at(100_000)), "nobody signed in");
        let grace = Duration::from_secs(3600);
        assert!(!grace_is_over(grace, t0, at(3599)));
        assert!(grace_is_over(grace, t0, at(3600)));
        assert!(
            grace_is_over(Duration::ZERO, t0, t0),
            "without grace the first failure ends the session"
        );
    }
}
