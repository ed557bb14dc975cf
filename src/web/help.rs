//! `/help`: how Rediflow is organised, for users and operators.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::startup::AppState;
use crate::web::layout::{Layout, Section, render};

#[derive(Template)]
#[template(path = "help/index.html")]
struct HelpPage {
    layout: Layout,
    hours_per_pm: String,
    oidc_enabled: bool,
    rls_enabled: bool,
}

pub async fn index(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    render(&HelpPage {
        layout: Layout::new(&state, &user, "Help", Section::Help),
        hours_per_pm: state.settings.hours_per_pm.normalized().to_string(),
        oidc_enabled: state.settings.oidc.is_some(),
        rls_enabled: state.settings.rls_enabled,
    })
}
