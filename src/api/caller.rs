//! Who calls the API: the holder of a personal access token (`Authorization: Bearer rfl_…`).
//!
//! The API takes no session cookie, so a page's visitor cannot be made to call it from another
//! site (no CSRF), and a token never sees more than its user: every request runs in its user's RLS
//! transaction with the role and visibility stored for them now (`auth::tokens::holder`).

use std::collections::HashMap;
use std::future::{Ready, ready};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use uuid::Uuid;

use crate::api::problem::ApiError;
use crate::audit::Actor;
use crate::auth::Role;
use crate::auth::groups::Visibility;
use crate::auth::policy::Policy;
use crate::auth::tokens::{self, Holder, Scope};
use crate::command::{Acting, Connection};
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::language;

/// A request to the API with a well-formed token, not yet looked up.
pub struct Caller {
    pub state: web::Data<AppState>,
    hash: [u8; 32],
    /// The request changes something: the token needs the `write` scope.
    writes: bool,
    pub lang: Lang,
}

/// The holder of the token, as a command sees them.
pub struct Holding {
    pub acting: Acting,
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub scope: Scope,
    pub token_id: Uuid,
}

impl Caller {
    /// Runs `work` in one transaction as the token's user: RLS sees that user, commands their
    /// Policy. A token that is unknown, revoked or expired is a 401; a user without any role
    /// group, or a `read` token asking to write, a 403; both change nothing.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Connection, &Holding) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run_about(None, work).await
    }

    /// [`Caller::run`] for a request about one project: the same rows, found with less work
    /// (`db::FOCUS_PROJECT_SETTING`).
    pub async fn run_about<T, F>(&self, project: Option<Uuid>, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Connection, &Holding) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let hash = self.hash;
        let writes = self.writes;
        let lang = self.lang;
        self.state
            .db
            .in_transaction(None, move |conn| {
                let holder = tokens::holder(conn, &hash)?
                    .ok_or_else(|| ApiError::unauthorized(Msg::new("api-token-refused")))?;
                let holding = holding(&holder, writes)?;
                crate::db::act_as(conn, holding.user_id, project)?;
                work(conn, &holding)
            })
            .await
            .map_err(|e: ApiError| e.in_lang(lang))
    }
}

/// What the token's user may do now, or why they may do nothing.
fn holding(holder: &Holder, writes: bool) -> Result<Holding, ApiError> {
    let role = match holder.user_role.as_str() {
        "viewer" => Role::Viewer,
        "editor" => Role::Editor,
        "admin" => Role::Admin,
        "super_admin" => Role::SuperAdmin,
        _ => Role::None,
    };
    let visibility = match holder.user_visibility.as_str() {
        "org" => Visibility::Org,
        "assigned" => Visibility::Assigned,
        _ => Visibility::All,
    };
    let policy = Policy::new(role, visibility);
    if !policy.has_access() {
        return Err(ApiError::forbidden(Msg::new("app-error-no-access")));
    }
    let scope = Scope::parse(&holder.scope).unwrap_or(Scope::Read);
    if writes && scope != Scope::Write {
        return Err(ApiError::forbidden(Msg::new("api-token-read-only")));
    }
    Ok(Holding {
        acting: Acting::new(
            Actor {
                user_id: Some(holder.user_id),
                name: holder.username.clone(),
            },
            policy,
        ),
        user_id: holder.user_id,
        username: holder.username.clone(),
        display_name: holder.display_name.clone(),
        scope,
        token_id: holder.token_id,
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(caller(req))
    }
}

fn caller(req: &HttpRequest) -> Result<Caller, ApiError> {
    let lang = language::of_request(req);
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(ApiError::from(crate::error::AppError::internal(
            anyhow::anyhow!("application state is not registered"),
        )));
    };
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (kind, token) = v.trim().split_once(' ')?;
            kind.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    let Some(token) = presented else {
        return Err(ApiError::unauthorized(Msg::new("api-token-missing")).in_lang(lang));
    };
    // A wrong checksum is no token of ours: refused without asking the database.
    if !tokens::is_well_formed(token) {
        return Err(ApiError::unauthorized(Msg::new("api-token-refused")).in_lang(lang));
    }
    let hash = tokens::hash(&state.settings.secret_key, token);
    if let Err(seconds) = state.api_limiter.admit(&hash, Instant::now()) {
        return Err(ApiError::rate_limited(seconds).in_lang(lang));
    }
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    Ok(Caller {
        state,
        hash,
        writes,
        lang,
    })
}

/// Requests per token and minute (`API_RATE_LIMIT_PER_MINUTE`), per server process: a fixed
/// window per token that starts at its first request.
pub struct ApiLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<[u8; 8], (Instant, u32)>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl ApiLimiter {
    pub fn new(per_minute: u32) -> ApiLimiter {
        ApiLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request of the token whose hash is `hash`; the seconds to wait when over the
    /// limit. Tokens are told apart by the first bytes of their keyed hash (never the token).
    pub fn admit(&self, hash: &[u8; 32], now: Instant) -> Result<(), u64> {
        let mut key = [0u8; 8];
        key.copy_from_slice(&hash[..8]);
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Forget windows that ended, so that the map holds only the last minute's tokens.
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let waited = now.duration_since(entry.0);
            return Err(WINDOW.saturating_sub(waited).as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_over_its_limit_waits_for_the_rest_of_its_minute() {
        let limiter = ApiLimiter::new(2);
        let start = Instant::now();
        let token = [7u8; 32];
        assert!(limiter.admit(&token, start).is_ok());
        assert!(limiter.admit(&token, start).is_ok());
        let wait = limiter
            .admit(&token, start + Duration::from_secs(20))
            .unwrap_err();
        assert_eq!(wait, 40);
        // Another token has its own count.
        assert!(limiter.admit(&[8u8; 32], start).is_ok());
        assert!(limiter.admit(&token, start + WINDOW).is_ok());
    }
}
