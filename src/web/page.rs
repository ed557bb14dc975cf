//! What a page handler needs besides its own input: the application state, the user, the
//! session (for CSRF tokens) and this response's CSP nonce.

use std::future::{Ready, ready};

use actix_session::{Session, SessionExt};
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::startup::AppState;
use crate::web::csrf;
use crate::web::language;
use crate::web::layout::{Layout, Section};
use crate::web::middleware::CspNonce;

pub struct Page {
    pub state: web::Data<AppState>,
    pub user: CurrentUser,
    pub session: Session,
    /// The nonce an inline `<script>` or `<style>` must carry to run under this response's CSP.
    pub nonce: String,
    /// The address of a GET request: path and query string (what "Share this view" shares);
    /// empty for forms answered in place, whose address is no view.
    pub location: (String, String),
    /// The language this request is answered in (`web::language`).
    pub lang: Lang,
    /// Where the language switch brings the user back to: this page (a form answered in place:
    /// its path, opened anew).
    pub here: String,
}

impl Page {
    /// The signed-in user as the domain commands see them: their name in the audit log and their
    /// Policy (src/command.rs).
    pub fn acting(&self) -> crate::command::Acting {
        crate::command::Acting::new(self.actor(), self.user.policy())
    }

    /// The signed-in user's name in the audit log.
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            user_id: self.user.id,
            name: self.user.username.clone(),
        }
    }

    /// The layout of a page in `section`, with the sign-out form for signed-in users.
    pub fn layout(&self, title: impl Into<String>, section: Section) -> Layout {
        let mut layout = Layout::new(&self.state, &self.user, self.lang, title, section);
        if !self.user.anonymous {
            layout.logout_csrf = Some(self.csrf_token());
        }
        layout.here = self.here.clone();
        layout
    }

    /// The session's CSRF token for a form on this page (created on first use).
    pub fn csrf_token(&self) -> String {
        csrf::token(&self.session)
    }
}

impl FromRequest for Page {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
            return ready(Err(AppError::internal(anyhow::anyhow!(
                "application state is not registered"
            ))));
        };
        let user = match CurrentUser::from_request(req, payload).into_inner() {
            Ok(user) => user,
            Err(e) => return ready(Err(e)),
        };
        let nonce = req
            .extensions()
            .get::<CspNonce>()
            .map(|n| n.0.clone())
            .unwrap_or_default();
        let is_get = req.method() == actix_web::http::Method::GET;
        ready(Ok(Page {
            state,
            user,
            session: req.get_session(),
            nonce,
            location: if is_get {
                (req.path().to_string(), req.query_string().to_string())
            } else {
                (String::new(), String::new())
            },
            lang: language::of_request(req),
            here: here(req),
        }))
    }
}

/// The address of the page a request shows: path and query of a GET, the path of anything else.
pub fn here(req: &HttpRequest) -> String {
    match (
        req.method() == actix_web::http::Method::GET,
        req.query_string(),
    ) {
        (true, query) if !query.is_empty() => format!("{}?{query}", req.path()),
        _ => req.path().to_string(),
    }
}
