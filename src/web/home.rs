//! `/`: the home page with the portfolio's counts.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::overview::{self, Counts};
use crate::startup::AppState;
use crate::web::layout::{Layout, Section, render};

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    layout: Layout,
    counts: Counts,
    people_enabled: bool,
}

pub async fn index(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let counts = state
        .db
        .in_transaction(user.id, |conn| Ok::<_, AppError>(overview::counts(conn)?))
        .await?;
    render(&HomePage {
        layout: Layout::new(&state, &user, "Home", Section::Home),
        counts,
        people_enabled: state.settings.person_capacity_enabled,
    })
}
