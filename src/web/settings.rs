//! `/settings`: the lookups and calendars (read-only until settings editing lands).

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::lookups::{self, Lookups};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

#[derive(Template)]
#[template(path = "settings/index.html")]
struct SettingsPage {
    layout: Layout,
    lookups: Lookups,
    hours_per_pm: String,
    can_import: bool,
}

pub async fn index(page: Page) -> Result<HttpResponse, AppError> {
    let lookups = page
        .state
        .db
        .in_transaction(page.user.id, |conn| Ok::<_, AppError>(lookups::all(conn)?))
        .await?;
    render(&SettingsPage {
        layout: page.layout("Settings", Section::Settings),
        lookups,
        hours_per_pm: page.state.settings.hours_per_pm.normalized().to_string(),
        can_import: page.user.policy().can_manage_settings(),
    })
}
