//! The JSON API under `/api/v1` (docs/api.md): the same domain commands and reads as the pages,
//! for scripts holding a personal access token. One module per area, each with its routes and its
//! part of the OpenAPI description (`openapi.rs` puts the parts together).
//!
//! Handlers here, as in `src/web/`, name no table and run no SQL: they parse the request, run the
//! area's command or read in the caller's one RLS transaction (`caller::Caller::run`), and write
//! JSON. Refusals are `problem::ApiError` (RFC 9457), with the sentences the pages show.

pub mod caller;
pub mod demand;
pub mod etag;
pub mod json;
pub mod lookups;
pub mod me;
pub mod openapi;
pub mod paging;
pub mod people;
pub mod portfolio;
pub mod problem;
pub mod projects;
pub mod requests;
pub mod staffing;
pub mod structure;

use actix_web::web;

use crate::api::problem::ApiError;
use crate::i18n::Msg;

/// The API's routes, all under `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::not_found().into()))
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                ApiError::bad_request(Msg::new("api-query-invalid").arg("detail", err.to_string()))
                    .into()
            }))
            .app_data(
                web::JsonConfig::default()
                    .limit(json::BODY_LIMIT)
                    .content_type_required(false)
                    .error_handler(|err, _| {
                        ApiError::bad_request(
                            Msg::new("api-body-invalid").arg("detail", err.to_string()),
                        )
                        .into()
                    }),
            )
            .configure(openapi::routes)
            .configure(me::routes)
            .configure(projects::routes)
            .configure(structure::routes)
            .configure(demand::routes)
            .configure(people::routes)
            .configure(staffing::routes)
            .configure(portfolio::routes)
            .configure(requests::routes)
            .configure(lookups::routes)
            .default_service(web::to(not_found)),
    );
}

/// An address under /api/v1 that no route took: 405 with `Allow` when the description has the
/// path with other methods, else 404.
async fn not_found(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    let lang = crate::web::language::of_request(&req);
    match openapi::methods_of(req.path()) {
        Some(methods) => Err(ApiError::method_not_allowed(methods).in_lang(lang)),
        None => Err(ApiError::not_found().in_lang(lang)),
    }
}
