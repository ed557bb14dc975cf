//! `/`: the home page with the portfolio's counts.

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::projects::overview::{self, Counts};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    layout: Layout,
    counts: Counts,
    people_enabled: bool,
    mine: Option<crate::web::people::my_allocations::MyAllocations>,
}

pub async fn index(page: Page) -> Result<HttpResponse, AppError> {
    let counts = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>(overview::counts(conn)?)
        })
        .await?;
    let mine = crate::web::people::my_allocations::for_home(&page).await?;
    render(&HomePage {
        mine,
        layout: page.layout(page.lang.t("home-title"), Section::Home),
        counts,
        people_enabled: page.state.settings.person_capacity_enabled,
    })
}
