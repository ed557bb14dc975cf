//! Black-box tests: a real PostgreSQL, real servers over HTTP, the real binary.

mod app_role;
mod cli;
mod database;
mod helpers;
mod pages;
