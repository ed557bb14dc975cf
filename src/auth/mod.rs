//! Who is asking, and what they may do. Until OIDC sign-in lands, every request is the built-in
//! anonymous user of SPEC §6's no-auth mode: `POLICY_NO_AUTH_DEFAULT=allow_all` ⇒ admin,
//! `view_only` ⇒ viewer, both seeing everything.

pub mod groups;
pub mod oidc;
pub mod policy;
pub mod redirect;
pub mod sessions;
pub mod tokens;
pub mod user_settings;
pub mod users;

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::groups::Visibility;
use crate::auth::policy::Policy;
use crate::config::NoAuthPolicy;
use crate::error::AppError;
use crate::startup::AppState;

/// The role a user's groups grant, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    None,
    Viewer,
    Editor,
    Admin,
    SuperAdmin,
}

impl Role {
    /// The catalogue's message naming the role (`role-viewer`, ...).
    pub fn message_key(self) -> &'static str {
        match self {
            Role::None => "role-none",
            Role::Viewer => "role-viewer",
            Role::Editor => "role-editor",
            Role::Admin => "role-admin",
            Role::SuperAdmin => "role-super_admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::None => "no access",
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
            Role::SuperAdmin => "super-admin",
        }
    }
}

/// The user of the current request. Login stores it in the server-side session, so a request
/// needs no database query to know who is asking; the session's periodic check with the provider
/// replaces it when the groups changed, and deleting the session (logout, revoke, a check the
/// provider refuses) ends it at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CurrentUser {
    /// The `users.id` the database policies see; `None` for the built-in anonymous user.
    pub id: Option<Uuid>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub visibility: Visibility,
    /// True in no-auth mode (OIDC not configured).
    pub anonymous: bool,
}

impl CurrentUser {
    /// The built-in user of no-auth mode; `id` is its `users` row (see `users::ensure_no_auth_user`).
    pub fn anonymous(policy: NoAuthPolicy, id: Option<Uuid>) -> Self {
        CurrentUser {
            id,
            username: "anonymous".to_string(),
            display_name: "Anonymous".to_string(),
            role: match policy {
                NoAuthPolicy::AllowAll => Role::Admin,
                NoAuthPolicy::ViewOnly => Role::Viewer,
            },
            visibility: Visibility::All,
            anonymous: true,
        }
    }

    /// The signed-in user `id` with what the provider said about them.
    pub fn signed_in(id: Uuid, profile: &crate::auth::users::LoginProfile) -> Self {
        CurrentUser {
            id: Some(id),
            username: profile.username.clone(),
            display_name: profile
                .display_name
                .clone()
                .unwrap_or_else(|| profile.username.clone()),
            role: profile.membership.role,
            // `membership` already gives admins everything.
            visibility: profile.membership.visibility,
            anonymous: false,
        }
    }

    /// What this user may do.
    pub fn policy(&self) -> Policy {
        Policy::new(self.role, self.visibility)
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    /// The user the login middleware attached to the request; in no-auth mode the anonymous user.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if let Some(user) = req.extensions().get::<CurrentUser>() {
            return ready(Ok(user.clone()));
        }
        ready(match req.app_data::<web::Data<AppState>>() {
            Some(state) if state.oidc.is_none() => Ok(state.anonymous_user()),
            Some(_) => Err(AppError::Unauthorized),
            None => Err(AppError::internal(anyhow::anyhow!(
                "application state is not registered"
            ))),
        })
    }
}
