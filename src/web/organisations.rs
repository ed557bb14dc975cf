//! `/organisations`: the hierarchy for everyone; adding, editing and deleting for administrators.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::audit::Actor;
use crate::error::AppError;
use crate::organisations::{self, FieldErrors, Organisation, OrganisationForm, TreeEntry};
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

#[derive(Template)]
#[template(path = "organisations/list.html")]
struct ListPage {
    layout: Layout,
    tree: Vec<TreeEntry>,
    can_edit: bool,
    csrf_token: String,
    form: OrganisationForm,
    errors: FieldErrors,
    notice: Option<String>,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "organisations/edit.html")]
struct EditPage {
    layout: Layout,
    id: Uuid,
    short_name: String,
    csrf_token: String,
    form: OrganisationForm,
    errors: FieldErrors,
    parents: Vec<TreeEntry>,
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    format: Option<String>,
    notice: Option<String>,
}

fn actor(page: &Page) -> Actor {
    Actor {
        user_id: page.user.id,
        name: page.user.username.clone(),
    }
}

fn require_admin(page: &Page) -> Result<(), AppError> {
    if page.user.policy().can_manage_orgs() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only administrators may change organisations.".into(),
        ))
    }
}

async fn tree(page: &Page) -> Result<Vec<TreeEntry>, AppError> {
    let all = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>(organisations::list(conn)?)
        })
        .await?;
    Ok(organisations::as_tree(all))
}

fn list_page(
    page: &Page,
    tree: Vec<TreeEntry>,
    form: OrganisationForm,
    errors: FieldErrors,
    notice: Option<String>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let html = ListPage {
        layout: page.layout("Organisations", Section::Organisations),
        tree,
        can_edit: page.user.policy().can_manage_orgs(),
        csrf_token: page.csrf_token(),
        form,
        errors,
        notice,
        problem,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn list(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    let tree = tree(&page).await?;
    if let Some(format) = Format::parse(query.format.as_deref())? {
        let header = ["Short name", "Name", "Parent", "Country", "Level"].map(String::from);
        let parent_of = |o: &Organisation| {
            o.parent_id
                .and_then(|p| tree.iter().find(|e| e.organisation.id == p))
                .map(|e| e.organisation.short_name.clone())
                .unwrap_or_default()
        };
        let rows: Vec<Vec<Value>> = tree
            .iter()
            .map(|e| {
                vec![
                    Value::Text(e.organisation.short_name.clone()),
                    Value::Text(e.organisation.name.clone()),
                    Value::Text(parent_of(&e.organisation)),
                    Value::Text(e.organisation.country_code.clone().unwrap_or_default()),
                    Value::Number(e.depth as f64),
                ]
            })
            .collect();
        return download::table(format, "organisations", &header, &rows);
    }
    let notice = match query.notice.as_deref() {
        Some("added") => Some("The organisation was added.".to_string()),
        Some("saved") => Some("The organisation was saved.".to_string()),
        Some("deleted") => Some("The organisation was deleted.".to_string()),
        _ => None,
    };
    list_page(
        &page,
        tree,
        OrganisationForm::default(),
        FieldErrors::new(),
        notice,
        None,
        StatusCode::OK,
    )
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

pub async fn create(
    page: Page,
    form: CsrfForm<OrganisationForm>,
) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let form = form.0;
    let actor = actor(&page);
    let submitted = form.clone();
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(organisations::create(conn, &submitted, &actor)?)
        })
        .await?;
    match result {
        Ok(_) => Ok(see_other("/organisations?notice=added")),
        Err(errors) => {
            let tree = tree(&page).await?;
            list_page(
                &page,
                tree,
                form,
                errors,
                None,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

async fn edit_page(
    page: &Page,
    id: Uuid,
    form: Option<OrganisationForm>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let tree = tree(page).await?;
    let org = tree
        .iter()
        .find(|e| e.organisation.id == id)
        .map(|e| e.organisation.clone())
        .ok_or_else(AppError::not_found)?;
    let form = form.unwrap_or_else(|| OrganisationForm {
        short_name: org.short_name.clone(),
        name: org.name.clone(),
        parent: org.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        country_code: org.country_code.clone().unwrap_or_default(),
    });
    let html = EditPage {
        layout: page.layout(
            format!("{} · Organisations", org.short_name),
            Section::Organisations,
        ),
        id,
        short_name: org.short_name,
        csrf_token: page.csrf_token(),
        form,
        errors,
        parents: tree
            .into_iter()
            .filter(|e| e.organisation.id != id)
            .collect(),
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn edit(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    edit_page(
        &page,
        path.into_inner(),
        None,
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<OrganisationForm>,
) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let id = path.into_inner();
    let form = form.0;
    let actor = actor(&page);
    let submitted = form.clone();
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(organisations::update(conn, id, &submitted, &actor)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    match result {
        Ok(()) => Ok(see_other("/organisations?notice=saved")),
        Err(errors) => {
            edit_page(
                &page,
                id,
                Some(form),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct DeleteForm {}

pub async fn delete(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let id = path.into_inner();
    let actor = actor(&page);
    let result = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(organisations::delete(conn, id, &actor)?)
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    match result {
        Ok(()) => Ok(see_other("/organisations?notice=deleted")),
        Err(reason) => {
            let tree = tree(&page).await?;
            list_page(
                &page,
                tree,
                OrganisationForm::default(),
                FieldErrors::new(),
                None,
                Some(reason),
                StatusCode::CONFLICT,
            )
        }
    }
}
