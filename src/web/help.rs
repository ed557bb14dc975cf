//! `/help`: how Rediflow is organised, for users and operators.

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

#[derive(Template)]
#[template(path = "help/index.html")]
struct HelpPage {
    layout: Layout,
    hours_per_pm: String,
    oidc_enabled: bool,
    rls_enabled: bool,
    under_percent: u32,
    capacity_requests_enabled: bool,
    share_enabled: bool,
    share_limit: i64,
}

pub async fn index(page: Page) -> Result<HttpResponse, AppError> {
    render(&HelpPage {
        layout: page.layout("Help", Section::Help),
        hours_per_pm: page.state.settings.hours_per_pm.normalized().to_string(),
        oidc_enabled: page.state.settings.oidc.is_some(),
        rls_enabled: page.state.settings.rls_enabled,
        under_percent: page.state.settings.under_allocation_percent,
        capacity_requests_enabled: page.state.settings.capacity_requests_enabled,
        share_enabled: page.state.settings.share_url_feature,
        share_limit: crate::sharing::PER_MINUTE,
    })
}
