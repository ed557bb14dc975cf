//! Rediflow: project-portfolio and capacity planning server.
//!
//! A request flows one way: route table (`web`) → handler → one function of the data layer
//! run inside a request transaction (`db::Database::in_transaction`) → askama template.
//! Pure planning arithmetic lives in `planning` and knows nothing of HTTP or SQL.

pub mod audit;
pub mod audit_view;
pub mod auth;
pub mod cache;
pub mod calendars;
pub mod capacity;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod demo_workbook;
pub mod error;
pub mod examples;
pub mod export;
pub mod import;
pub mod lookups;
pub mod organisations;
pub mod overview;
pub mod people;
pub mod plan_quality;
pub mod plan_version;
pub mod planning;
pub mod portfolio;
pub mod project_edit;
pub mod project_list;
pub mod projects;
pub mod role_demand;
pub mod row_version;
#[rustfmt::skip]
pub mod schema;
pub mod people_edit;
pub mod sessions;
pub mod settings_edit;
pub mod spreadsheet;
pub mod staffing;
pub mod startup;
pub mod structure;
pub mod team;
pub mod telemetry;
pub mod user_settings;
pub mod users;
pub mod visibility;
pub mod web;
// capacity requests and share links (issue 7, items 6 and 7)
pub mod capacity_requests;
pub mod share_links;
// `rediflow authentik ...`: Authentik configured through its API (issue 8)
pub mod authentik;
