//! Sign-in and sign-out: `/login`, `/oauth/callback`, `/logout` (SPEC §6).

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::auth::oidc::{OidcError, PendingLogin};
use crate::auth::redirect::safe_next;
use crate::auth::sessions::{ID_TOKEN_KEY, PROVIDER_GRANT_KEY, USER_ID_KEY, USER_KEY};
use crate::auth::user_settings;
use crate::auth::users::{self, LoginProfile};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::csrf::{self, CsrfForm};
use crate::web::language;
use crate::web::layout::{Layout, render};
use crate::web::middleware::SignInStarted;

/// Session entries of this module (who is signed in belongs to the store: `sessions`).
pub const SESSION_USER: &str = USER_KEY;
const SESSION_PENDING: &str = "pending_logins";
/// Sign-ins one browser may have under way at once (several tabs).
const MAX_PENDING: usize = 5;

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// Why a sign-in failed, for the person signing in (the sentences of
/// [`OidcError::user_message`], in the page's language).
fn signin_refusal(e: &OidcError) -> Msg {
    match e {
        OidcError::Unreachable(_) => Msg::new("csrf-signin-unreachable"),
        OidcError::TokenExchange(_) | OidcError::UserInfo(_) => {
            Msg::new("csrf-signin-not-confirmed")
        }
        OidcError::InvalidIdToken(_) => Msg::new("csrf-signin-unverified"),
        OidcError::Configuration(_) => Msg::new("csrf-signin-misconfigured"),
    }
}

/// Starts a sign-in at the provider, remembering state, nonce and PKCE verifier server-side.
pub async fn login(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(oidc) = state.oidc.clone() else {
        return Ok(see_other("/"));
    };
    let next = safe_next(query.next.as_deref());
    let now = Utc::now().timestamp();
    let (url, pending) = oidc.begin(next, now).await.map_err(|e| {
        tracing::warn!(error = %e, "sign-in could not start");
        match e {
            OidcError::Unreachable(_) => AppError::Unavailable(signin_refusal(&e)),
            other => AppError::internal(other),
        }
    })?;
    let ttl = state.settings.login_state_ttl.as_secs() as i64;
    let mut pending_logins: Vec<PendingLogin> = session
        .get(SESSION_PENDING)
        .ok()
        .flatten()
        .unwrap_or_default();
    pending_logins.retain(|p| now - p.started_at <= ttl);
    let started_state = pending.state.clone();
    pending_logins.push(pending);
    let excess = pending_logins.len().saturating_sub(MAX_PENDING);
    pending_logins.drain(..excess);
    session
        .insert(SESSION_PENDING, &pending_logins)
        .map_err(AppError::internal)?;
    let mut response = see_other(url.as_str());
    // The sign-in limit awaits the callback of this state (`middleware::SignInLimiter`).
    response
        .extensions_mut()
        .insert(SignInStarted(started_state));
    Ok(response)
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    /// RFC 9207: the issuer of the answer, when the provider says it.
    iss: Option<String>,
}

/// A refused sign-in leaves nothing behind: no user row, and no session unless the browser
/// was already signed in (then only the pending attempt is dropped).
fn refuse(session: &Session, error: AppError) -> AppError {
    let signed_in = session
        .get::<CurrentUser>(SESSION_USER)
        .ok()
        .flatten()
        .is_some();
    if signed_in {
        session.remove(SESSION_PENDING);
    } else {
        session.purge();
    }
    error
}

/// Completes a sign-in: checks the state, verifies the answer, records the user, renews the session.
pub async fn callback(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(oidc) = state.oidc.clone() else {
        return Err(AppError::not_found());
    };
    let mut pending_logins: Vec<PendingLogin> = session
        .get(SESSION_PENDING)
        .ok()
        .flatten()
        .unwrap_or_default();
    // Single use: whatever happens next, this state cannot be presented again.
    let position = query
        .state
        .as_deref()
        .and_then(|s| pending_logins.iter().position(|p| p.state == s));
    let Some(position) = position else {
        tracing::warn!("sign-in callback with an unknown or already used state");
        return Err(refuse(
            &session,
            AppError::BadRequest(Msg::new("csrf-signin-link-used")),
        ));
    };
    let pending = pending_logins.remove(position);
    let _ = session.insert(SESSION_PENDING, &pending_logins);

    let age = Utc::now().timestamp() - pending.started_at;
    if age > state.settings.login_state_ttl.as_secs() as i64 || age < 0 {
        return Err(refuse(
            &session,
            AppError::BadRequest(Msg::new("csrf-signin-expired")),
        ));
    }
    if let Some(error) = &query.error {
        tracing::info!(%error, "the provider refused the sign-in");
        return Err(refuse(
            &session,
            AppError::Forbidden(
                Msg::new("csrf-signin-provider-refused").arg(
                    "error",
                    error
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .take(40)
                        .collect::<String>(),
                ),
            ),
        ));
    }
    if let Some(iss) = &query.iss
        && iss.as_str() != oidc.issuer().as_str()
    {
        tracing::warn!(%iss, "sign-in answer from another issuer (mix-up attack?)");
        return Err(refuse(
            &session,
            AppError::Forbidden(Msg::new("csrf-signin-other-issuer")),
        ));
    }
    let Some(code) = query.code.clone() else {
        return Err(refuse(
            &session,
            AppError::BadRequest(Msg::new("csrf-signin-no-code")),
        ));
    };

    let login = match oidc.complete(&pending, code).await {
        Ok(login) => login,
        Err(e) => {
            tracing::warn!(error = %e, "sign-in refused");
            let error = match e {
                OidcError::Unreachable(_) => AppError::Unavailable(signin_refusal(&e)),
                other => AppError::Forbidden(signin_refusal(&other)),
            };
            return Err(refuse(&session, error));
        }
    };

    let profile = LoginProfile::from_provider(
        login.profile,
        &state.settings.groups,
        state.settings.project_visibility_enabled,
    );
    // Login runs as the schema owner: the user is not known to the row-level policies yet.
    let recorded = profile.clone();
    let (user_id, stored_language) = state
        .db
        .with_owner(move |conn| {
            let user_id = users::record_login(conn, &recorded)?;
            Ok::<_, AppError>((user_id, user_settings::stored_language(conn, user_id)?))
        })
        .await?;
    tracing::info!(user = %profile.username, role = profile.membership.role.as_str(), "signed in");

    let user = CurrentUser::signed_in(user_id, &profile);
    // A new session id at sign-in, so a session fixed before login is worthless.
    session.renew();
    session.remove(SESSION_PENDING);
    session.remove(csrf::SESSION_KEY);
    session
        .insert(USER_ID_KEY, user_id)
        .map_err(AppError::internal)?;
    session
        .insert(SESSION_USER, &user)
        .map_err(AppError::internal)?;
    session
        .insert(ID_TOKEN_KEY, &login.id_token)
        .map_err(AppError::internal)?;
    // The store moves the tokens out of the state into the row, sealed (`sessions`).
    session
        .insert(PROVIDER_GRANT_KEY, &login.grant)
        .map_err(AppError::internal)?;
    // The language the user chose wins over the browser's (and over one picked before signing in).
    if stored_language.is_some() {
        language::remember(&session, stored_language)?;
    }
    Ok(see_other(&pending.next))
}

#[derive(Deserialize)]
pub struct LogoutForm {}

/// Ends the session here, then at the provider (RP-initiated logout with `id_token_hint`).
pub async fn logout(
    state: web::Data<AppState>,
    session: Session,
    _form: CsrfForm<LogoutForm>,
) -> Result<HttpResponse, AppError> {
    let id_token: Option<String> = session.get(ID_TOKEN_KEY).ok().flatten();
    session.purge();
    let signed_out = state
        .settings
        .app_url
        .join("/logout")
        .map_err(AppError::internal)?;
    let location = state
        .oidc
        .as_ref()
        .and_then(|oidc| oidc.logout_url(id_token.as_deref(), &signed_out))
        .map(|url| url.to_string())
        .unwrap_or_else(|| "/logout".to_string());
    Ok(see_other(&location))
}

#[derive(Template)]
#[template(path = "auth/signed_out.html")]
struct SignedOutPage {
    layout: Layout,
}

/// Where the provider sends the browser after sign-out.
pub async fn signed_out(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let lang = language::of_request(&req);
    let mut layout = Layout::bare(Some(&state), lang, lang.t("signed-out-title"));
    layout.here = "/logout".to_string();
    layout.nav.clear();
    layout.banner = None;
    render(&SignedOutPage { layout })
}
