//! Cross-site request forgery protection (SPEC §10): a synchronizer token kept in the server-side
//! session and repeated in every state-changing form, plus an Origin/Referer check of every
//! unsafe request (see `middleware::same_origin_writes`). A failure is a 403 that changes nothing.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::i18n::Msg;
use crate::web::input;

/// The session entry and the form field that carry the token.
pub const SESSION_KEY: &str = "csrf";
pub const FIELD: &str = "csrf_token";

/// Largest form body accepted (the capacity grid posts many cells).
pub const FORM_LIMIT: usize = 4 * 1024 * 1024;

/// The session's token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(existing)) = session.get::<String>(SESSION_KEY) {
        return existing;
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    // Failing to store it only means the form will be refused, with a clear message.
    let _ = session.insert(SESSION_KEY, &token);
    token
}

/// Compares without leaking the position of the first difference through timing.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The refusal of a form without the session's token (expired, or sent from elsewhere).
fn refused() -> AppError {
    AppError::Forbidden(Msg::new("csrf-refused"))
}

/// A form body that is not a form.
fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(Msg::new("form-unreadable").arg("detail", e.to_string()))
}

/// Checks a token sent some other way (multipart uploads) against the session's.
pub fn verify(session: &Session, sent: Option<&str>) -> Result<(), AppError> {
    let expected = session.get::<String>(SESSION_KEY).ok().flatten();
    match (sent, expected) {
        (Some(sent), Some(expected)) if constant_time_eq(sent.as_bytes(), expected.as_bytes()) => {
            Ok(())
        }
        _ => Err(refused()),
    }
}

/// A URL-encoded form whose CSRF token was checked before `T` was read from it, with no more
/// than [`input::MAX_FORM_FIELDS`] fields and no NUL characters (see [`crate::web::input`]).
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + Send + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = req.get_session();
        let body = web::Bytes::from_request(req, payload);
        let limit_ok = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .is_none_or(|len| len <= FORM_LIMIT);
        Box::pin(async move {
            if !limit_ok {
                return Err(AppError::BadRequest(Msg::new("form-too-large")));
            }
            let body = body.await.map_err(unreadable)?;
            let expected = session.get::<String>(SESSION_KEY).ok().flatten();
            input::off_worker(move || read_form(&body, expected.as_deref()))
                .await?
                .map(CsrfForm)
        })
    }
}

/// Checks a form body (field count, token, NUL characters) and reads `T` from it.
fn read_form<T: DeserializeOwned>(body: &[u8], expected: Option<&str>) -> Result<T, AppError> {
    input::check_field_count(body)?;
    let sent = url::form_urlencoded::parse(body)
        .find(|(key, _)| key == FIELD)
        .map(|(_, value)| value.into_owned());
    match (sent, expected) {
        (Some(sent), Some(expected)) if constant_time_eq(sent.as_bytes(), expected.as_bytes()) => {}
        _ => return Err(refused()),
    }
    if input::may_hold_nul(body) {
        for (key, value) in url::form_urlencoded::parse(body) {
            input::check_no_nul(&key, &value)?;
        }
    }
    serde_urlencoded::from_bytes::<T>(body).map_err(unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn a_form_is_read_after_its_token_its_size_and_its_text_are_checked() {
        use std::collections::HashMap;
        let read = |body: &str| read_form::<HashMap<String, String>>(body.as_bytes(), Some("t"));
        assert_eq!(read("csrf_token=t&name=Ada").unwrap()["name"], "Ada");
        assert!(matches!(
            read("csrf_token=x&name=Ada"),
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(read("name=A%00da"), Err(AppError::Forbidden(_))));
        assert!(matches!(
            read("csrf_token=t&name=A%00da"),
            Err(AppError::BadRequest(m)) if m.to_string().contains("NUL")
        ));
        let crowded = format!("csrf_token=t{}", "&a".repeat(input::MAX_FORM_FIELDS));
        assert!(
            matches!(read(&crowded), Err(AppError::BadRequest(m)) if m.to_string().contains("fields"))
        );
    }
}
