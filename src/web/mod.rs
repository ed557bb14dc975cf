//! The web UI: one sub-module per area, assembled into one route table here.

pub mod audit;
pub mod auth;
pub mod csrf;
pub mod download;
pub mod errors;
pub mod forms;
pub mod health;
pub mod help;
pub mod home;
pub mod input;
pub mod language;
pub mod layout;
pub mod middleware;
pub mod negotiate;
pub mod page;
pub mod paging;
pub mod people;
pub mod portfolio;
pub mod projects;
pub mod reference;
pub mod requests;
pub mod scenario_compare;
pub mod scenarios;
pub mod session_outage;
pub mod sharing;
pub mod stale;
pub mod users;
pub mod workbooks;

use actix_web::web;

use crate::error::AppError;

/// Every route of the application, in the order actix matches them (fixed paths before the
/// patterns that would take them). Static files and middleware are added in `startup`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // The API first: its scope answers everything under /api/v1 (src/api/).
    cfg.configure(crate::api::routes);
    general_routes(cfg);
    project_routes(cfg);
    workbook_routes(cfg);
    reference_routes(cfg);
    people_routes(cfg);
    account_routes(cfg);
    people_admin_routes(cfg);
    request_and_share_routes(cfg);
    cfg.configure(scenario_compare::routes);
    cfg.configure(scenarios::routes);
    extractor_errors(cfg);
}

/// Home, health, help, my allocations and the portfolio.
fn general_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::index))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/help", web::get().to(help::index))
        .route(
            "/my-allocations",
            web::get().to(people::my_allocations::show_page),
        )
        .route("/portfolio", web::get().to(portfolio::index));
}

/// Projects and their tabs (overview, edit, structure, demand, team, rates, role demand,
/// history), the quality report and the audit log.
fn project_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects", web::get().to(projects::list))
        .route("/projects", web::post().to(projects::create))
        .route("/projects/new", web::get().to(projects::new_form))
        .route("/projects/pipeline", web::get().to(projects::pipeline))
        .route("/quality", web::get().to(projects::quality::index))
        .route("/audit", web::get().to(audit::index))
        .route(
            "/projects/{id}/history",
            web::get().to(audit::project_history),
        )
        .route("/projects/{id}", web::get().to(projects::overview))
        .route("/projects/{id}", web::post().to(projects::update))
        .route("/projects/{id}/edit", web::get().to(projects::edit_form))
        .configure(projects::structure::routes)
        .route(
            "/projects/{id}/export.ods",
            web::get().to(workbooks::export_project),
        )
        .route(
            "/projects/{id}/capacity",
            web::get().to(projects::demand::show_grid),
        )
        .route(
            "/projects/{id}/capacity",
            web::post().to(projects::demand::save_grid),
        )
        // The team: assignments, the allocation grid and allocation vs EST demand.
        .route(
            "/projects/{id}/team",
            web::get().to(projects::team::show_team),
        )
        .route(
            "/projects/{id}/team/allocation",
            web::post().to(projects::team::save_allocation),
        )
        .route(
            "/projects/{id}/team/assignments",
            web::post().to(projects::team::add_assignment),
        )
        .route(
            "/projects/{id}/team/assignments/{assignment}",
            web::post().to(projects::team::save_assignment),
        )
        .route(
            "/projects/{id}/team/assignments/{assignment}/delete",
            web::post().to(projects::team::delete_assignment),
        )
        .route("/projects/{id}/rates", web::post().to(projects::add_rate))
        .route(
            "/projects/{id}/rates/{rate}/delete",
            web::post().to(projects::delete_rate),
        )
        .route(
            "/projects/{id}/role-demand",
            web::get().to(projects::role_demand::show),
        )
        .route(
            "/projects/{id}/role-demand",
            web::post().to(projects::role_demand::save),
        );
}

/// Uploading workbooks.
fn workbook_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/import", web::get().to(workbooks::form))
        .route("/import", web::post().to(workbooks::upload))
        .route("/import/confirm", web::post().to(workbooks::confirm));
}

/// Organisations and the system settings.
fn reference_routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/organisations",
        web::get().to(reference::organisations::list),
    )
    .route(
        "/organisations",
        web::post().to(reference::organisations::create),
    )
    .route(
        "/organisations/{id}/edit",
        web::get().to(reference::organisations::edit),
    )
    .route(
        "/organisations/{id}",
        web::post().to(reference::organisations::update),
    )
    .route(
        "/organisations/{id}/delete",
        web::post().to(reference::organisations::delete),
    )
    .route("/settings", web::get().to(reference::settings::index))
    .route(
        "/settings/lifecycle-state/{id}",
        web::post().to(reference::settings::update_lifecycle_state),
    )
    .route(
        "/settings/{kind}",
        web::post().to(reference::settings::create),
    )
    .route(
        "/settings/{kind}/{id}",
        web::post().to(reference::settings::rename),
    )
    .route(
        "/settings/{kind}/{id}/delete",
        web::post().to(reference::settings::delete),
    );
}

/// The people pages everyone with access reads.
fn people_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/people", web::get().to(people::list))
        // Fixed paths under /people/ must come before /people/{id}, which would take them.
        .route("/people/new", web::get().to(people::edit::new_person))
        .route("/people/groups", web::get().to(people::edit::groups))
        .route("/people/{id}", web::get().to(people::show));
}

/// Sign-in, the account and user administration.
fn account_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(auth::login))
        .route("/oauth/callback", web::get().to(auth::callback))
        .route("/logout", web::post().to(auth::logout))
        .route("/logout", web::get().to(auth::signed_out))
        .route("/set-locale", web::get().to(language::set_by_link))
        .route("/set-locale", web::post().to(language::set_by_form))
        .route("/account", web::get().to(users::account))
        .route("/account", web::post().to(users::save_preferences))
        .route("/account/tokens", web::post().to(users::create_token))
        .route(
            "/account/tokens/{id}/revoke",
            web::post().to(users::revoke_own_token),
        )
        .route("/users", web::get().to(users::list))
        .route(
            "/users/tokens/{id}/revoke",
            web::post().to(users::revoke_any_token),
        )
        .route(
            "/users/{id}/revoke-sessions",
            web::post().to(users::revoke_sessions),
        );
}

/// People administration (web::people::edit); fixed paths come before /people/{id}, which would take them.
fn people_admin_routes(cfg: &mut web::ServiceConfig) {
    // Employee groups and leave types share the handlers of adding, renaming and deleting.
    let lookups = "/people/{lookup:groups|leave-types}";
    cfg.route("/people", web::post().to(people::edit::create_person))
        .route(lookups, web::post().to(people::edit::create_lookup))
        .route(
            "/people/groups/{id}/hours",
            web::post().to(people::edit::add_group_hours),
        )
        .route(
            "/people/groups/{id}/hours/{row}/delete",
            web::post().to(people::edit::remove_group_hours),
        )
        .route(
            &format!("{lookups}/{{id}}"),
            web::post().to(people::edit::rename_lookup),
        )
        .route(
            &format!("{lookups}/{{id}}/delete"),
            web::post().to(people::edit::delete_lookup),
        )
        .route("/people/{id}", web::post().to(people::edit::update_person))
        .route(
            "/people/{id}/edit",
            web::get().to(people::edit::edit_person),
        )
        .route(
            "/people/{id}/delete",
            web::get().to(people::edit::confirm_delete),
        )
        .route(
            "/people/{id}/delete",
            web::post().to(people::edit::delete_person),
        )
        .route(
            "/people/{id}/working-time",
            web::get().to(people::edit::working_time),
        )
        // Working time: memberships, fte-periods and leave share their handlers.
        .route(
            "/people/{id}/{kind:memberships|fte-periods|leave}",
            web::post().to(people::edit::add_working_time),
        )
        .route(
            "/people/{id}/{kind:memberships|fte-periods|leave}/{row}/delete",
            web::post().to(people::edit::remove_working_time),
        );
}

/// Capacity requests (CAPACITY_REQUESTS_ENABLED) and share links (SHARE_URL_FEATURE).
fn request_and_share_routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/projects/{id}/capacity-requests/new",
        web::get().to(requests::new_form),
    )
    .route(
        "/projects/{id}/capacity-requests",
        web::post().to(requests::create),
    )
    .route("/capacity-requests", web::get().to(requests::list))
    .route("/capacity-requests/{id}", web::get().to(requests::show))
    .route(
        "/capacity-requests/{id}/accept",
        web::post().to(requests::accept),
    )
    .route(
        "/capacity-requests/{id}/reject",
        web::post().to(requests::reject),
    )
    .route(
        "/capacity-requests/{id}/withdraw",
        web::post().to(requests::withdraw),
    )
    .route("/share", web::get().to(sharing::mine))
    .route("/share", web::post().to(sharing::create))
    .route("/share/stats", web::get().to(sharing::stats))
    .route("/share/{id}/delete", web::post().to(sharing::delete))
    .route("/s/{code}", web::get().to(sharing::open));
}

/// How malformed paths, queries and forms are answered.
fn extractor_errors(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PathConfig::default().error_handler(|_, _| AppError::not_found().into()))
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            AppError::BadRequest(
                crate::i18n::Msg::new("form-query-invalid").arg("detail", err.to_string()),
            )
            .into()
        }))
        // Forms are read as bytes (see `CsrfForm`); a whole capacity grid can be megabytes.
        .app_data(web::PayloadConfig::new(csrf::FORM_LIMIT))
        .app_data(web::FormConfig::default().error_handler(|err, _| {
            AppError::BadRequest(
                crate::i18n::Msg::new("form-unreadable").arg("detail", err.to_string()),
            )
            .into()
        }));
}
