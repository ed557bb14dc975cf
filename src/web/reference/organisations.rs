//! `/organisations`: the hierarchy for everyone; adding, editing and deleting for administrators.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::command::{DomainError, FieldErrors};
use crate::error::AppError;
use crate::reference::organisations::{self, Organisation, OrganisationForm, TreeEntry};
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::stale::{About, Shown, Versioned, label_of, stale_form};

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
    /// Each organisation's version, for the hidden fields of its delete form.
    versions: HashMap<Uuid, i64>,
}

impl ListPage {
    /// The hidden fields of the delete form of `org`.
    fn row_of(&self, org: &Organisation) -> Shown {
        let version = self.versions.get(&org.id).copied().unwrap_or_default();
        Shown::of(version, &OrganisationForm::of(org))
    }
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
    /// The version and values of the organisation the form changes.
    row: Shown,
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    format: Option<String>,
    notice: Option<String>,
}

fn require_admin(page: &Page) -> Result<(), AppError> {
    Ok(organisations::may_change_organisations(&page.acting())?)
}

/// The organisations as a tree and the version of each, as the pages show them.
type Tree = (Vec<TreeEntry>, HashMap<Uuid, i64>);

/// The organisations as a tree, and the version of each.
async fn tree(page: &Page) -> Result<Tree, AppError> {
    page.state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>(organisations::tree_with_versions(conn)?)
        })
        .await
}

fn list_page(
    page: &Page,
    (tree, versions): (Vec<TreeEntry>, HashMap<Uuid, i64>),
    form: OrganisationForm,
    errors: FieldErrors,
    notice: Option<String>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let html = ListPage {
        layout: page.layout(page.lang.t("nav-organisations"), Section::Organisations),
        tree,
        can_edit: organisations::may_change_organisations(&page.acting()).is_ok(),
        csrf_token: page.csrf_token(),
        form,
        errors,
        notice,
        problem,
        versions,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn list(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    let (tree, versions) = tree(&page).await?;
    if let Some(format) = Format::parse(query.format.as_deref())? {
        let lang = page.lang;
        let header = [
            lang.t("org-field-short-name"),
            lang.t("org-field-name"),
            lang.t("org-field-parent"),
            lang.t("org-field-country"),
            lang.t("org-column-level"),
        ];
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
        Some("added") => Some(page.lang.t("org-notice-added")),
        Some("saved") => Some(page.lang.t("org-notice-saved")),
        Some("deleted") => Some(page.lang.t("org-notice-deleted")),
        _ => None,
    };
    list_page(
        &page,
        (tree, versions),
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
    let (acting, form) = (page.acting(), form.0);
    let submitted = form.clone();
    let answer = (page.state.db)
        .command(
            page.user.id,
            move |conn| organisations::create_organisation(conn, &acting, &submitted),
            organisations::tree_with_versions,
        )
        .await?;
    match answer {
        Ok(_) => Ok(see_other("/organisations?notice=added")),
        Err((refusal, tree)) => {
            let errors = field_errors(refusal)?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            list_page(&page, tree, form, errors, None, None, status)
        }
    }
}

/// The field errors of a refused form (a stale row has its own page, answered before).
fn field_errors(refusal: DomainError) -> Result<FieldErrors, AppError> {
    match refusal {
        DomainError::Invalid(errors) => Ok(errors),
        other => Err(other.into()),
    }
}

/// The edit page of organisation `id`: its stored values, or what the user typed (`typed`, with
/// the hidden fields their form carried) after a refused save.
fn edit_page(
    page: &Page,
    id: Uuid,
    (typed, errors): (Option<(OrganisationForm, Shown)>, FieldErrors),
    (tree, versions): Tree,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let org = tree
        .iter()
        .find(|e| e.organisation.id == id)
        .map(|e| e.organisation.clone())
        .ok_or_else(AppError::not_found)?;
    let (form, row) = typed.unwrap_or_else(|| {
        let form = OrganisationForm::of(&org);
        let version = versions.get(&id).copied().unwrap_or_default();
        let row = Shown::of(version, &form);
        (form, row)
    });
    let html = EditPage {
        layout: page.layout(
            format!("{} · {}", org.short_name, page.lang.t("nav-organisations")),
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
        row,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn edit(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let tree = tree(&page).await?;
    let shown = (None, FieldErrors::new());
    edit_page(&page, path.into_inner(), shown, tree, StatusCode::OK)
}

pub async fn update(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<OrganisationForm>>,
) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let (acting, id) = (page.acting(), path.into_inner());
    let (change, form, row) = form.0.edit_of(id)?;
    let answer = (page.state.db)
        .command(
            page.user.id,
            move |conn| organisations::update_organisation(conn, &acting, &change),
            organisations::tree_with_versions,
        )
        .await?;
    match answer {
        Ok(()) => Ok(see_other("/organisations?notice=saved")),
        Err((DomainError::Stale, tree)) => stale_organisation(&page, id, &row, Some(&form), tree),
        Err((refusal, tree)) => {
            // The corrected form still carries the version the user first saw.
            let shown = (Some((form, row)), field_errors(refusal)?);
            edit_page(&page, id, shown, tree, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

pub async fn delete(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let (acting, id, shown) = (page.acting(), path.into_inner(), form.0);
    let version = shown.version()?;
    let answer = (page.state.db)
        .command(
            page.user.id,
            move |conn| organisations::delete_organisation(conn, &acting, (id, version)),
            organisations::tree_with_versions,
        )
        .await?;
    match answer {
        Ok(()) => Ok(see_other("/organisations?notice=deleted")),
        Err((DomainError::Stale, tree)) => stale_organisation(&page, id, &shown, None, tree),
        Err((refusal, tree)) => {
            let reason = crate::command::sentences_in(&field_errors(refusal)?, page.lang);
            let (form, errors) = (OrganisationForm::default(), FieldErrors::new());
            let status = StatusCode::CONFLICT;
            list_page(&page, tree, form, errors, None, Some(reason), status)
        }
    }
}

/// The 409 page of the edit form (`typed`) or delete button (`None`) of an organisation that
/// changed after the page was opened; `tree` is as stored.
fn stale_organisation(
    page: &Page,
    id: Uuid,
    shown: &Shown,
    typed: Option<&OrganisationForm>,
    (tree, _): Tree,
) -> Result<HttpResponse, AppError> {
    let now = tree
        .iter()
        .find(|e| e.organisation.id == id)
        .map(|e| e.organisation.clone())
        .ok_or_else(AppError::not_found)?;
    let names: Vec<(Uuid, String)> = tree
        .iter()
        .map(|e| (e.organisation.id, e.organisation.short_name.clone()))
        .collect();
    let lang = page.lang;
    let organisations = lang.t("nav-organisations");
    let about = About {
        title: format!("{} · {organisations}", now.short_name),
        section: Section::Organisations,
        what: now.short_name.clone(),
        breadcrumb: vec![("/organisations".into(), organisations)],
        latest: (
            format!("/organisations/{id}/edit"),
            lang.t1("org-stale-latest", "name", &now.short_name),
        ),
    };
    let labels = [
        lang.t("org-field-short-name"),
        lang.t("org-field-name"),
        lang.t("org-field-parent"),
        lang.t("org-field-country"),
    ];
    let fields = [
        ("short_name", labels[0].as_str()),
        ("name", labels[1].as_str()),
        ("parent", labels[2].as_str()),
        ("country_code", labels[3].as_str()),
    ];
    let no_parent = lang.t("org-no-parent");
    stale_form(
        page,
        about,
        &fields,
        shown,
        &OrganisationForm::of(&now),
        typed,
        |field, value| match field {
            "parent" if value.trim().is_empty() => no_parent.clone(),
            "parent" => label_of(&names, value),
            _ => value.to_string(),
        },
    )
}
