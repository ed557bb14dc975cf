//! `/api/v1`: requests (issue 22). Routes and their part of the OpenAPI description.

use actix_web::web;
use utoipa::OpenApi;

pub fn routes(_cfg: &mut web::ServiceConfig) {}

#[derive(OpenApi)]
#[openapi()]
pub struct Doc;
