//! The language of each request, and `/set-locale` that changes it (SPEC §11).
//!
//! A request is answered in the language of its session (what the user chose: read from
//! `user_settings` at sign-in, changed by `/set-locale` and the account page), else the one
//! its browser asks for (`Accept-Language`), else `DEFAULT_LOCALE`. The session holds the
//! choice so that no request needs a query to know it.

use actix_session::{Session, SessionExt};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::auth::redirect::safe_next;
use crate::auth::user_settings;
use crate::error::AppError;
use crate::i18n::{Lang, Msg, negotiate};
use crate::startup::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::page::Page;

/// The session entry holding the chosen language's code.
pub const SESSION_KEY: &str = "locale";

/// The language of `req`: the one [`choose`] settled on, or (for a response made before it ran)
/// the same choice made now.
pub fn of_request(req: &HttpRequest) -> Lang {
    if let Some(lang) = req.extensions().get::<Lang>() {
        return *lang;
    }
    let chosen = req
        .get_session()
        .get::<String>(SESSION_KEY)
        .ok()
        .flatten()
        .and_then(|code| Lang::parse(&code));
    chosen
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(negotiate::from_accept_language)
        })
        .unwrap_or_else(|| {
            req.app_data::<web::Data<AppState>>()
                .map_or(Lang::default(), |state| state.settings.default_locale)
        })
}

/// Middleware: settles the request's language once, for the handler, the CSV download and the
/// error page alike.
pub async fn choose(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let lang = of_request(req.request());
    req.extensions_mut().insert(lang);
    next.call(req).await
}

/// Keeps `lang` as the session's language (`None`: the browser's again).
pub fn remember(session: &Session, lang: Option<Lang>) -> Result<(), AppError> {
    match lang {
        Some(lang) => session
            .insert(SESSION_KEY, lang.code())
            .map_err(AppError::internal),
        None => {
            session.remove(SESSION_KEY);
            Ok(())
        }
    }
}

#[derive(Deserialize)]
pub struct SetLocale {
    #[serde(default)]
    lang: String,
    next: Option<String>,
}

fn chosen(code: &str) -> Result<Lang, AppError> {
    Lang::parse(code).ok_or_else(|| {
        AppError::BadRequest(Msg::new("app-error-unknown-language").arg("code", code))
    })
}

fn back_to(next: Option<&str>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, safe_next(next)))
        .finish()
}

/// `GET /set-locale?lang=fi&next=/projects`: the language switch of pages without a signed-in
/// user. It changes this browser's session only; a stored choice is a POST.
pub async fn set_by_link(
    req: HttpRequest,
    query: web::Query<SetLocale>,
) -> Result<HttpResponse, AppError> {
    let lang = chosen(&query.lang)?;
    remember(&req.get_session(), Some(lang))?;
    Ok(back_to(query.next.as_deref()))
}

/// `POST /set-locale` (with the session's CSRF token): the language switch of the footer. A
/// signed-in user's choice is stored, so that their next sign-in, on any device, starts in it;
/// a visitor who is not signed in changes only their session.
pub async fn set_by_form(
    req: HttpRequest,
    page: Option<Page>,
    form: CsrfForm<SetLocale>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let lang = chosen(&form.lang)?;
    if let Some(page) = page.filter(|page| page.user.id.is_some()) {
        page.transaction(move |conn, acting| {
            Ok(user_settings::save_language(conn, acting, Some(lang))?)
        })
        .await?;
    }
    remember(&req.get_session(), Some(lang))?;
    Ok(back_to(form.next.as_deref()))
}
