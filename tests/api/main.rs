//! Black-box tests: a real PostgreSQL, real servers over HTTP, the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test should panic with the cause

mod api_access;
mod api_helpers;
mod api_people;
mod api_staffing;
mod app_role;
mod audit_quality;
mod browse;
mod caches;
mod capacity;
mod cli;
mod concurrency;
mod database;
mod demo_data;
mod helpers;
mod hostile;
mod hostile_input;
mod hostile_workbooks;
mod i18n;
mod idp;
mod import;
mod import_locks;
mod import_stages;
mod import_web;
mod l10n_crawl;
mod l10n_csv;
mod l10n_projects;
mod my_allocations;
mod oidc_peer;
mod organisations;
mod pages;
mod people_admin;
mod person_page;
mod pooler;
mod portfolio;
mod preferences;
mod project_edit;
mod project_list;
mod rls;
mod role_demand;
mod seed;
mod servers;
mod sessions;
mod settings;
mod sign_in;
mod stale_forms;
mod structure;
mod structure_rows;
mod team;
mod whole_project;
// capacity requests and share links (issue 7, items 6 and 7)
mod capacity_requests;
mod share_links;
// `rediflow authentik ...` against a stub of Authentik's API (issue 8)
mod authentik_cli;
mod authentik_stub;
mod l10n_people;
mod l10n_planning;
mod l10n_portfolio;
mod l10n_workbooks;
