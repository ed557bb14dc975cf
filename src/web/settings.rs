//! `/settings`: the lookups and calendars (read-only until settings editing lands).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::lookups::{self, Lookups};
use crate::startup::AppState;
use crate::web::layout::{Layout, Section, render};

#[derive(Template)]
#[template(path = "settings/index.html")]
struct SettingsPage {
    layout: Layout,
    lookups: Lookups,
    hours_per_pm: String,
}

pub async fn index(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let lookups = state
        .db
        .in_transaction(user.id, |conn| Ok::<_, AppError>(lookups::all(conn)?))
        .await?;
    render(&SettingsPage {
        layout: Layout::new(&state, &user, "Settings", Section::Settings),
        lookups,
        hours_per_pm: state.settings.hours_per_pm.normalized().to_string(),
    })
}
