//! How errors become responses: [`AppError`] picks the status, and [`error_page`] turns every
//! 4xx/5xx response for a browser into a page of the site (templates/errors/error.html).

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use tracing_actix_web::RequestId;
use url::Url;

use crate::error::AppError;
use crate::startup::AppState;
use crate::web::language;
use crate::web::layout::Layout;
use crate::web::middleware::sign_in_location;
use crate::web::negotiate;
use crate::web::page::here;

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) | AppError::NoAccess => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            AppError::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            AppError::RateLimited(seconds) => {
                response.insert_header((header::RETRY_AFTER, seconds.to_string()));
            }
            _ => {}
        }
        if let AppError::Internal(cause) = self {
            // The cause chain goes to the log only; the page shows the request id to quote.
            tracing::error!(error = ?cause, "request failed");
        }
        let message = match self {
            AppError::Internal(_) => "Something went wrong on our side.".to_string(),
            other => other.to_string(),
        };
        response
            .content_type("text/plain; charset=utf-8")
            .body(message)
    }
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    heading: String,
    message: String,
    request_id: Option<String>,
    /// On a 401 page: the way to sign in and come back (`/login?next=…`).
    sign_in: Option<String>,
}

/// Whether the client reads HTML: browsers say so in `Accept`; API clients and health checks do not.
fn wants_html(req: &HttpRequest) -> bool {
    negotiate::reads_html(
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )
}

/// Where the "Sign in" link of a 401 page leads back to: the page of this site a refused form
/// was sent from, else the page asked for (GET), else the home page.
fn sign_in_link(req: &HttpRequest, state: Option<&AppState>) -> String {
    let from_page = state.and_then(|state| {
        let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
        let referer = Url::parse(referer).ok()?;
        (referer.origin() == state.settings.app_url.origin()).then(|| match referer.query() {
            Some(query) => format!("{}?{query}", referer.path()),
            None => referer.path().to_string(),
        })
    });
    let target = from_page.unwrap_or_else(|| {
        if matches!(*req.method(), Method::GET | Method::HEAD) {
            req.uri()
                .path_and_query()
                .map_or_else(|| "/".to_string(), |p| p.to_string())
        } else {
            "/".to_string()
        }
    });
    sign_in_location(&target)
}

/// The catalogue's heading and sentence of a page for `status`.
fn default_message(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::NOT_FOUND => ("error-not-found-title", "error-not-found"),
        StatusCode::FORBIDDEN => ("error-forbidden-title", "error-forbidden"),
        StatusCode::UNAUTHORIZED => ("error-unauthorized-title", "error-unauthorized"),
        StatusCode::TOO_MANY_REQUESTS => ("error-too-many-title", "error-too-many"),
        StatusCode::CONFLICT => ("error-conflict-title", "error-conflict"),
        StatusCode::METHOD_NOT_ALLOWED => ("error-method-title", "error-method"),
        StatusCode::SERVICE_UNAVAILABLE => ("error-unavailable-title", "error-unavailable"),
        s if s.is_server_error() => ("error-internal-title", "error-internal"),
        _ => ("error-bad-request-title", "error-bad-request"),
    }
}

/// An `ErrorHandlers` default handler: replaces the body of an error response with the error
/// page, keeping status and headers such as `Retry-After`.
pub fn error_page<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let is_json = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| {
        v.as_bytes().starts_with(b"application/json")
            || v.as_bytes().starts_with(b"application/problem+json")
    });
    if is_html || is_json || !wants_html(res.request()) {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }

    let status = res.status();
    let request = res.request().clone();
    let lang = language::of_request(&request);
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (heading, default_text) = match app_error {
        Some(AppError::NoAccess) => ("error-no-access-title", "app-error-no-access"),
        _ => default_message(status),
    };
    let heading = lang.t(heading);
    let message = match app_error {
        None => lang.t(default_text),
        Some(app_error) => app_error.translated(lang),
    };
    let state = request
        .app_data::<web::Data<AppState>>()
        .map(|d| d.get_ref());
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.to_string());
    let mut layout = Layout::bare(state, lang, heading.clone());
    layout.here = here(&request);
    let page = ErrorPage {
        layout,
        status: status.as_u16(),
        heading,
        message,
        request_id: request_id.filter(|_| status.is_server_error()),
        sign_in: (status == StatusCode::UNAUTHORIZED).then(|| sign_in_link(&request, state)),
    };
    let html = match page.render() {
        Ok(html) => html,
        Err(e) => {
            tracing::error!(error = %e, "error page could not be rendered");
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        }
    };
    let (req, old) = res.into_parts();
    let mut new = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.append_header((name.clone(), value.clone()));
        }
    }
    new.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    ));
    let response = ServiceResponse::new(req, new.body(html)).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(response))
}

/// Unknown routes.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::not_found())
}
