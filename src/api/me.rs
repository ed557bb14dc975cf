//! `/api/v1/me`: who the token acts as, and what it may do.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::api::caller::Caller;
use crate::api::problem::ApiError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/me", web::get().to(me));
}

#[derive(OpenApi)]
#[openapi(paths(me), components(schemas(Me)))]
pub struct Doc;

/// The token's user, as the server knows them now.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    /// `viewer`, `editor`, `admin` or `super_admin`, from the user's groups now.
    pub role: String,
    /// `all`, `org` (the user's organisations) or `assigned` (projects they are assigned to).
    pub visibility: String,
    /// The short names of the user's organisations (their `rediflow-org-*` groups).
    pub organisations: Vec<String>,
    /// The code of the person the user is linked to, if any.
    pub person_code: Option<String>,
    /// What this token may do: `read` or `write`.
    pub scope: String,
    pub token_id: Uuid,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// Who the token acts as.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses((status = 200, description = "The token's user", body = Me)))]
pub async fn me(caller: Caller) -> Result<HttpResponse, ApiError> {
    let me = caller
        .run(|conn, holding| {
            let record =
                crate::auth::users::find(conn, holding.user_id)?.ok_or_else(ApiError::not_found)?;
            Ok(Me {
                id: record.id,
                username: record.username,
                display_name: holding.display_name.clone(),
                role: record.role,
                visibility: record.visibility,
                organisations: record.organisations,
                person_code: record.person_code,
                scope: holding.scope.as_str().to_string(),
                token_id: holding.token_id,
                last_login_at: record.last_login_at,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}
