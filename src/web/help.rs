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
    /// The share links' paragraph, with a link to the user's links when the feature is on
    /// (markup: the template shows it unescaped).
    share_text: String,
}

pub async fn index(page: Page) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let settings = &page.state.settings;
    let mine = lang.t("help-share-mine");
    // The label comes from the catalogues, so it is markup-safe as it is.
    let mine = if settings.share_url_feature {
        format!("<a href=\"/share\">{mine}</a>")
    } else {
        mine
    };
    let share_text = lang.t2(
        "help-share-text",
        ("mine", mine),
        ("limit", crate::sharing::PER_MINUTE),
    );
    render(&HelpPage {
        layout: page.layout(lang.t("help-title"), Section::Help),
        hours_per_pm: lang.decimal(&page.state.settings.hours_per_pm),
        oidc_enabled: page.state.settings.oidc.is_some(),
        rls_enabled: page.state.settings.rls_enabled,
        under_percent: page.state.settings.under_allocation_percent,
        capacity_requests_enabled: page.state.settings.capacity_requests_enabled,
        share_enabled: page.state.settings.share_url_feature,
        share_text,
    })
}
