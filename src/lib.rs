//! Rediflow: project-portfolio and capacity planning server.
//!
//! One folder per area of planning (`projects`, `people`, `portfolio`, `requests`, `sharing`,
//! `reference`, `workbooks`), each holding its domain rules and queries; `web` turns HTTP into
//! calls of those areas and renders the answers; `planning` is pure arithmetic that knows
//! nothing of HTTP or SQL. docs/architecture.md is the map.

pub mod api;
pub mod audit;
pub mod auth;
pub mod cache;
pub mod cli;
pub mod command;
pub mod config;
pub mod db;
pub mod error;
pub mod i18n;
pub mod people;
pub mod planning;
pub mod portfolio;
pub mod projects;
pub mod reference;
pub mod requests;
pub mod scenarios;
pub mod sharing;
pub mod startup;
pub mod telemetry;
pub mod web;
pub mod workbooks;
