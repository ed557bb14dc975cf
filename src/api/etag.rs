//! Optimistic concurrency over HTTP: every object with a version answers with `ETag: "<version>"`,
//! and a write names the version it read in `If-Match`. The command compares it with the stored
//! version in the same transaction as the write (the forms' stale check), so a change made
//! meanwhile answers 412 and nothing is written.

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::api::problem::ApiError;
use crate::i18n::Msg;

/// The entity tag of `version`.
pub fn of(version: i64) -> String {
    format!("\"{version}\"")
}

/// The version a write names in `If-Match`: required (428 without it), one strong tag holding a
/// version (400 otherwise). `*` is refused: a write must say which version it changes.
pub fn if_match(req: &HttpRequest) -> Result<i64, ApiError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return Err(ApiError::precondition_required());
    };
    value
        .to_str()
        .ok()
        .map(str::trim)
        .and_then(|v| v.strip_prefix('"'))
        .and_then(|v| v.strip_suffix('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| *v >= 1)
        .ok_or_else(|| ApiError::bad_request(Msg::new("api-if-match-invalid")))
}
