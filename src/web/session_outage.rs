//! A database outage met by the session store answers 503 with `Retry-After`, as it does
//! everywhere else, instead of the opaque 500 actix-session makes of every store error.
//!
//! A signed-in browser sends its cookie, so every request of a signed-in user first loads its
//! session from the database; actix-session turns a failed load into a 500 whose cause cannot be
//! read from outside, and leaves no request to answer with. So the store is wrapped:
//! [`OutageAwareStore`] notes the outage in a flag of the request (a task-local set up by
//! [`watch`], around the session middleware) and lets the load find no session; [`answer`], just
//! inside the session middleware, then answers [`AppError::Unavailable`] before anything else
//! runs, so nobody is treated as signed out and the cookie stays as it was. A write-back at the
//! end of a request that fails the same way becomes a 503 in [`watch`] (without the site's page:
//! actix-session has consumed the request by then). Other store errors stay 500s: they are bugs.

use std::cell::Cell;
use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::time::Duration;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::error::{AppError, is_database_unavailable};

tokio::task_local! {
    /// Set when the session store of this request could not reach the database.
    static STORE_UNAVAILABLE: Cell<bool>;
}

type SessionState = HashMap<String, String>;

/// A session store whose database outages [`watch`] and [`answer`] turn into 503s.
#[derive(Clone)]
pub struct OutageAwareStore<S>(pub S);

/// Notes an outage in the request's flag; the error's detail (host, port) goes to the log only.
/// Whether it was noted: only then may the caller hide the error from actix-session.
fn note(error: &anyhow::Error) -> bool {
    if !is_database_unavailable(error) {
        return false;
    }
    tracing::warn!(error = %error, "the session store cannot reach the database");
    STORE_UNAVAILABLE.try_with(|flag| flag.set(true)).is_ok()
}

impl<S: SessionStore> SessionStore for OutageAwareStore<S> {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        match self.0.load(session_key).await {
            // [`answer`] refuses the request before anyone can act as signed out.
            Err(LoadError::Other(error)) if note(&error) => Ok(None),
            other => other,
        }
    }

    async fn save(
        &self,
        session_state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        let result = self.0.save(session_state, ttl).await;
        if let Err(SaveError::Other(error)) = &result {
            note(error);
        }
        result
    }

    async fn update(
        &self,
        session_key: SessionKey,
        session_state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let result = self.0.update(session_key, session_state, ttl).await;
        if let Err(UpdateError::Other(error)) = &result {
            note(error);
        }
        result
    }

    async fn update_ttl(&self, session_key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        let result = self.0.update_ttl(session_key, ttl).await;
        if let Err(error) = &result {
            note(error);
        }
        result
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        let result = self.0.delete(session_key).await;
        if let Err(error) = &result {
            note(error);
        }
        result
    }
}

/// Middleware around the session middleware: sets up the request's outage flag, and turns a
/// session write-back that failed for an outage into a 503.
pub async fn watch(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let (result, unavailable) = STORE_UNAVAILABLE
        .scope(Cell::new(false), async move {
            let result = next.call(req).await;
            let unavailable = STORE_UNAVAILABLE.try_with(Cell::get).unwrap_or(false);
            (result, unavailable)
        })
        .await;
    match result {
        Err(_) if unavailable => Err(AppError::database_unavailable().into()),
        other => other,
    }
}

/// Middleware just inside the session middleware: a request whose session could not be loaded
/// gets the 503 page and goes no further. Static files and `/healthz` need no session and are
/// served (so the outage page keeps its style sheet).
pub async fn answer(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let needs_session = !(req.path() == "/healthz" || req.path().starts_with("/static/"));
    if needs_session && STORE_UNAVAILABLE.try_with(Cell::get).unwrap_or(false) {
        return Ok(req
            .error_response(AppError::database_unavailable())
            .map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
