//! `/organisations`: the organisation hierarchy (read-only until organisation editing lands).

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::organisations::{self, TreeEntry};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

#[derive(Template)]
#[template(path = "organisations/list.html")]
struct ListPage {
    layout: Layout,
    tree: Vec<TreeEntry>,
}

pub async fn list(page: Page) -> Result<HttpResponse, AppError> {
    let all = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>(organisations::list(conn)?)
        })
        .await?;
    render(&ListPage {
        layout: page.layout("Organisations", Section::Organisations),
        tree: organisations::as_tree(all),
    })
}
