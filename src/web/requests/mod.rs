//! Capacity requests (CAPACITY_REQUESTS_ENABLED): an editor of a project asks another
//! organisation of the same legal entity for PM per task × month
//! (`/projects/{id}/capacity-requests/new`); the receiving organisation's editors find it under
//! Incoming (`/capacity-requests`) and accept or reject it with a comment
//! (`/capacity-requests/{id}`); the asking side finds it under Sent and may withdraw it while it
//! is pending. Accepting adds the PM to the receiving organisation's EST demand in one
//! transaction (see `requests::decide`).
//!
//! Who decides: editors (or better) whose organisations include the receiving organisation or
//! one of its ancestors, i.e. a department head's editors answer for the groups below it, the
//! same rule as the row-level security policy of `capacity_requests`; administrators answer for
//! any organisation. Viewers of the receiving organisation see requests but cannot decide.

mod ask;
mod boxes;
mod decide;

pub use ask::{create, new_form};
pub use boxes::list;
pub use decide::{accept, reject, show, withdraw};

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use bigdecimal::BigDecimal;

use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::requests::State;
use crate::web::page::Page;

fn enabled(page: &Page) -> Result<(), AppError> {
    if page.state.settings.capacity_requests_enabled {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// PM as the page's language writes them.
fn show_pm(lang: Lang, value: &BigDecimal) -> String {
    lang.decimal(value)
}

/// A request's state as a message (the `state` column holds the English word).
fn state_msg(state: &str) -> Msg {
    match State::parse(state) {
        Some(State::Pending) => Msg::new("request-state-pending"),
        Some(State::Accepted) => Msg::new("request-state-accepted"),
        Some(State::Rejected) => Msg::new("request-state-rejected"),
        Some(State::Withdrawn) => Msg::new("request-state-withdrawn"),
        None => Msg::verbatim(state),
    }
}

/// A request's state in the page's language.
fn state_label(lang: Lang, state: &str) -> String {
    state_msg(state).in_lang(lang)
}

fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// A date as the lists show it.
fn when(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}
