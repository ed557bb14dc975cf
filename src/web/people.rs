//! `/people`: the persons whose capacity is planned (shown when PERSON_CAPACITY_ENABLED).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::people::{self, PersonSummary};
use crate::startup::AppState;
use crate::web::layout::{Layout, Section, render};

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

pub async fn list(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    if !state.settings.person_capacity_enabled {
        return Err(AppError::not_found());
    }
    let people = state
        .db
        .in_transaction(user.id, |conn| Ok::<_, AppError>(people::list(conn)?))
        .await?;
    render(&ListPage {
        layout: Layout::new(&state, &user, "People", Section::People),
        people: people.into_iter().map(PersonRow::from).collect(),
    })
}
