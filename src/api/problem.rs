//! How the API refuses: RFC 9457 `application/problem+json`, with the sentences the pages show
//! (in the language of `Accept-Language`), field errors named by field, and a stable `code` a
//! script can branch on.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::command::{DomainError, FieldErrors};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};

/// A refusal of the API, written in `lang` when answered.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: Msg,
    pub fields: FieldErrors,
    /// Seconds to wait (429).
    pub retry_after: Option<u64>,
    /// The methods the address takes (405). A boxed slice, not a Vec: every handler returns
    /// this error, and clippy's `result_large_err` draws the line at 128 bytes.
    pub allow: Box<[&'static str]>,
    pub lang: Lang,
}

/// The body of every refusal (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Identifies the kind of problem: `/api/v1/docs#problem-<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status phrase.
    pub title: String,
    pub status: u16,
    /// What happened, in the request's language, as the pages say it.
    pub detail: String,
    /// A stable name of the problem: `unauthorized`, `forbidden`, `not_found`, `invalid`,
    /// `conflict`, `precondition_failed`, `precondition_required`, `rate_limited`,
    /// `bad_request`, `method_not_allowed`, `unavailable`, `internal`.
    pub code: String,
    /// Each refused field and why, in the order of the form (only with `invalid`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub detail: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: Msg) -> ApiError {
        ApiError {
            status,
            code,
            detail,
            fields: Vec::new(),
            retry_after: None,
            allow: Box::default(),
            lang: Lang::default(),
        }
    }

    /// No token, or one that is unknown, revoked or expired.
    pub fn unauthorized(detail: Msg) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    pub fn forbidden(detail: Msg) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    pub fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Msg::new("error-not-found"),
        )
    }

    pub fn bad_request(detail: Msg) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    /// Field errors, as a form shows them.
    pub fn invalid(fields: FieldErrors) -> ApiError {
        ApiError {
            fields: fields.clone(),
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                crate::command::sentences(&fields),
            )
        }
    }

    /// One field refused.
    pub fn field(name: &'static str, detail: Msg) -> ApiError {
        ApiError::invalid(vec![(name, detail)])
    }

    /// The object changed since the version named in `If-Match`: nothing was written.
    pub fn precondition_failed() -> ApiError {
        ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
            Msg::new("api-stale"),
        )
    }

    /// A write without `If-Match`.
    pub fn precondition_required() -> ApiError {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            Msg::new("api-if-match-missing"),
        )
    }

    /// The address exists, but not with this method.
    pub fn method_not_allowed(allow: Vec<&'static str>) -> ApiError {
        ApiError {
            allow: allow.into_boxed_slice(),
            ..ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                Msg::new("api-method-not-allowed"),
            )
        }
    }

    pub fn rate_limited(seconds: u64) -> ApiError {
        ApiError {
            retry_after: Some(seconds),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                Msg::new("app-error-rate-limited").arg("seconds", seconds),
            )
        }
    }

    /// Written in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> ApiError {
        self.lang = lang;
        self
    }

    /// The body.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("/api/v1/docs#problem-{}", self.code),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail.in_lang(self.lang),
            code: self.code.to_string(),
            errors: self
                .fields
                .iter()
                .map(|(field, detail)| FieldProblem {
                    field: (*field).to_string(),
                    detail: detail.in_lang(self.lang),
                })
                .collect(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response
            .content_type("application/problem+json")
            .insert_header((header::CACHE_CONTROL, "no-store"));
        if !self.allow.is_empty() {
            response.insert_header((header::ALLOW, self.allow.join(", ")));
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"rediflow\""));
        }
        response.json(self.problem())
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let (status, code) = match &error {
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Forbidden(_) | AppError::NoAccess => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            AppError::Internal(cause) => {
                tracing::error!(error = ?cause, "API request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let detail = match error {
            AppError::NotFound(m)
            | AppError::Forbidden(m)
            | AppError::BadRequest(m)
            | AppError::Conflict(m)
            | AppError::Unavailable(m) => m,
            AppError::Unauthorized => Msg::new("api-token-missing"),
            AppError::NoAccess => Msg::new("app-error-no-access"),
            AppError::RateLimited(seconds) => {
                return ApiError::rate_limited(seconds);
            }
            AppError::Internal(_) => Msg::new("error-internal"),
        };
        ApiError::new(status, code, detail)
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(fields) => ApiError::invalid(fields),
            // The API names the version it read (`If-Match`): a change since is a failed
            // precondition, nothing written.
            DomainError::Stale => ApiError::precondition_failed(),
            other => ApiError::from(AppError::from(other)),
        }
    }
}

impl From<crate::command::QueryError> for ApiError {
    fn from(error: crate::command::QueryError) -> Self {
        ApiError::from(AppError::from(error))
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(error: crate::db::DbError) -> Self {
        ApiError::from(AppError::from(error))
    }
}
