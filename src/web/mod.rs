//! The web UI: one sub-module per area, assembled into one route table here.

pub mod errors;
pub mod health;
pub mod help;
pub mod home;
pub mod layout;
pub mod middleware;
pub mod organisations;
pub mod people;
pub mod projects;
pub mod settings;

use actix_web::web;

use crate::error::AppError;

/// Every route of the application. Static files and middleware are added in `startup`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::index))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/help", web::get().to(help::index))
        .route("/projects", web::get().to(projects::list))
        .route("/projects/{id}", web::get().to(projects::overview))
        .route("/organisations", web::get().to(organisations::list))
        .route("/settings", web::get().to(settings::index))
        .route("/people", web::get().to(people::list))
        // Malformed ids and query strings are the user's mistake, never a 500.
        .app_data(web::PathConfig::default().error_handler(|_, _| AppError::not_found().into()))
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            AppError::BadRequest(format!("The address has an invalid parameter: {err}")).into()
        }))
        .app_data(web::FormConfig::default().error_handler(|err, _| {
            AppError::BadRequest(format!("The form could not be read: {err}")).into()
        }));
}
