//! `/people`: the persons whose capacity is planned (shown when PERSON_CAPACITY_ENABLED).

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::people::{self, PersonSummary};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

struct PersonRow {
    code: String,
    name: String,
    email: String,
    organisation: String,
    employment: String,
}

impl From<PersonSummary> for PersonRow {
    fn from(p: PersonSummary) -> Self {
        let employment = match (p.employment_start, p.employment_end) {
            (Some(start), Some(end)) => format!("{start} – {end}"),
            (Some(start), None) => format!("since {start}"),
            (None, Some(end)) => format!("until {end}"),
            (None, None) => String::new(),
        };
        PersonRow {
            name: format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_string(),
            code: p.code,
            email: p.email.unwrap_or_default(),
            organisation: p.organisation,
            employment,
        }
    }
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    layout: Layout,
    people: Vec<PersonRow>,
}

pub async fn list(page: Page) -> Result<HttpResponse, AppError> {
    if !page.state.settings.person_capacity_enabled {
        return Err(AppError::not_found());
    }
    let people = page
        .state
        .db
        .in_transaction(page.user.id, |conn| Ok::<_, AppError>(people::list(conn)?))
        .await?;
    render(&ListPage {
        layout: page.layout("People", Section::People),
        people: people.into_iter().map(PersonRow::from).collect(),
    })
}
