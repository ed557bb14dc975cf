//! `/organisations`: the organisation hierarchy (read-only until organisation editing lands).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::organisations::{self, TreeEntry};
use crate::startup::AppState;
use crate::web::layout::{Layout, Section, render};

#[derive(Template)]
#[template(path = "organisations/list.html")]
struct ListPage {
    layout: Layout,
    tree: Vec<TreeEntry>,
}

pub async fn list(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    let all = state
        .db
        .in_transaction(user.id, |conn| {
            Ok::<_, AppError>(organisations::list(conn)?)
        })
        .await?;
    render(&ListPage {
        layout: Layout::new(&state, &user, "Organisations", Section::Organisations),
        tree: organisations::as_tree(all),
    })
}
