//! `/scenarios`: what-if scenarios over the live plan (issue 23, docs/scenarios.md). The list
//! of the scenarios a user may read, a scenario's page (its changes in words, who it is shared
//! with, rename, share, re-base, discard, apply) and the pages that record changes
//! ([`record`]). Only the owner changes a scenario; those it is shared with read it.

mod record;
pub(crate) mod words;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::command::{Acting, Connection, DomainError, FieldErrors, sentences_in};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::scenarios::apply::{self, Applied, Conflict};
use crate::scenarios::{self, Scenario, Share};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

/// The scenario pages' routes (registered once in `web::routes`).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/scenarios", web::get().to(list))
        .route("/scenarios", web::post().to(create))
        .route("/scenarios/{id}", web::get().to(show))
        .route("/scenarios/{id}", web::post().to(rename))
        .route("/scenarios/{id}/shares", web::post().to(share))
        .route(
            "/scenarios/{id}/shares/{share}/delete",
            web::post().to(unshare),
        )
        .route(
            "/scenarios/{id}/changes/new",
            web::get().to(record::new_change),
        )
        .route("/scenarios/{id}/changes", web::post().to(record::record))
        .route(
            "/scenarios/{id}/changes/{change}/delete",
            web::post().to(remove_change),
        )
        .route("/scenarios/{id}/rebase/{project}", web::post().to(rebase))
        .route("/scenarios/{id}/discard", web::get().to(confirm_discard))
        .route("/scenarios/{id}/discard", web::post().to(discard))
        .route("/scenarios/{id}/apply", web::post().to(apply_scenario));
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// The name and description a scenario's forms carry (and the rename form its version).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TextForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    version: String,
}

#[derive(Template)]
#[template(path = "scenarios/list.html")]
struct ListPage {
    layout: Layout,
    mine: Vec<Scenario>,
    shared: Vec<Scenario>,
    csrf_token: String,
    form: TextForm,
    problem: Option<String>,
    notice: Option<String>,
}

impl ListPage {
    fn created(&self, s: &Scenario) -> String {
        s.created_at.format("%Y-%m-%d").to_string()
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    notice: Option<String>,
    applied: Option<usize>,
    projects: Option<usize>,
}

async fn list_page(
    page: &Page,
    form: TextForm,
    problem: Option<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let all = page
        .transaction(|conn, acting| Ok::<_, AppError>(scenarios::list(conn, acting)?))
        .await?;
    let (mine, shared): (Vec<Scenario>, Vec<Scenario>) = all.into_iter().partition(|s| s.mine);
    let body = ListPage {
        layout: page.layout(page.lang.t("nav-scenarios"), Section::Scenarios),
        mine,
        shared,
        csrf_token: page.csrf_token(),
        form,
        problem,
        notice,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(html(status, body))
}

pub async fn list(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    page.acting()
        .allowed(page.acting().policy.can_plan_scenarios())?;
    let lang = page.lang;
    let notice = match (query.notice.as_deref(), query.applied) {
        (_, Some(changes)) => Some(lang.t2(
            "scenario-notice-applied",
            ("changes", changes as i64),
            ("projects", query.projects.unwrap_or(0) as i64),
        )),
        (Some("discarded"), _) => Some(lang.t("scenario-notice-discarded")),
        _ => None,
    };
    list_page(&page, TextForm::default(), None, notice, StatusCode::OK).await
}

pub async fn create(page: Page, form: CsrfForm<TextForm>) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let typed = form.clone();
    let answer = page
        .transaction(move |conn, acting| {
            match scenarios::create(conn, acting, &typed.name, &typed.description) {
                Ok(id) => Ok(Ok(id)),
                Err(DomainError::Invalid(errors)) => Ok(Err(errors)),
                Err(other) => Err(AppError::from(other)),
            }
        })
        .await?;
    match answer {
        Ok(id) => Ok(see_other(&format!("/scenarios/{id}?notice=created"))),
        Err(errors) => {
            let problem = Some(sentences_in(&errors, page.lang));
            list_page(&page, form, problem, None, StatusCode::BAD_REQUEST).await
        }
    }
}

/// One change as the scenario's page lists it.
struct ChangeRow {
    id: Uuid,
    project_id: Uuid,
    project_code: String,
    words: String,
    outdated: bool,
    base_version: i64,
    live_version: i64,
}

/// One user or organisation the scenario is shared with.
struct ShareRow {
    share: Uuid,
    name: String,
    organisation: bool,
}

/// What the scenario's page shows, read in one transaction.
struct Shown {
    scenario: Scenario,
    changes: Vec<ChangeRow>,
    shares: Vec<ShareRow>,
    organisations: Vec<(Uuid, String)>,
    projects: Vec<(Uuid, String)>,
}

/// The scenario `id` as its page shows it to the acting user, in `lang`.
fn read_shown(
    conn: &mut Connection,
    acting: &Acting,
    source: &words::Source,
    (id, lang): (Uuid, Lang),
) -> Result<Shown, AppError> {
    let scenario = scenarios::get(conn, acting, id)?;
    let stored = scenarios::changes(conn, id)?;
    let names = source.names(conn, &stored)?;
    let changes = stored
        .iter()
        .map(|c| ChangeRow {
            id: c.id,
            project_id: c.project_id,
            project_code: c.project_code.clone(),
            words: words::describe(&c.change, &names, lang),
            outdated: c.outdated(),
            base_version: c.base_version,
            live_version: c.live_version,
        })
        .collect();
    let shares = scenarios::shares(conn, id)?
        .into_iter()
        .map(|s| match s {
            Share::User { share, name, .. } => ShareRow {
                share,
                name,
                organisation: false,
            },
            Share::Organisation { share, name, .. } => ShareRow {
                share,
                name,
                organisation: true,
            },
        })
        .collect();
    let projects = crate::projects::list(conn)?
        .into_iter()
        .map(|p| (p.id, p.code))
        .collect();
    Ok(Shown {
        scenario,
        changes,
        shares,
        organisations: names.organisations.clone(),
        projects,
    })
}

#[derive(Template)]
#[template(path = "scenarios/show.html")]
struct ShowPage {
    layout: Layout,
    shown: Shown,
    csrf_token: String,
    form: TextForm,
    /// The refusal of a form on this page, in sentences.
    problem: Option<String>,
    notice: Option<String>,
    /// The name or e-mail typed into the share form (kept after a refusal).
    share_name: String,
}

impl ShowPage {
    /// The marker of a change whose project's live plan moved since it was made.
    fn outdated(&self, c: &ChangeRow) -> String {
        self.layout.lang.t2(
            "scenario-outdated",
            ("made_on", c.base_version),
            ("now", c.live_version),
        )
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    notice: Option<String>,
}

/// The scenario's page with what was typed and refused (if anything).
async fn show_page(
    page: &Page,
    id: Uuid,
    typed: (Option<TextForm>, String),
    (problem, notice): (Option<String>, Option<String>),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (source, lang) = (words::Source::of(page), page.lang);
    let shown = page
        .transaction(move |conn, acting| read_shown(conn, acting, &source, (id, lang)))
        .await?;
    let form = typed.0.unwrap_or_else(|| TextForm {
        name: shown.scenario.name.clone(),
        description: shown.scenario.description.clone(),
        version: shown.scenario.version.to_string(),
    });
    let title = format!("{} · {}", shown.scenario.name, lang.t("nav-scenarios"));
    let body = ShowPage {
        layout: page.layout(title, Section::Scenarios),
        shown,
        csrf_token: page.csrf_token(),
        form,
        problem,
        notice,
        share_name: typed.1,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(html(status, body))
}

pub async fn show(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let key = match query.notice.as_deref() {
        Some("created") => Some("scenario-notice-created"),
        Some("saved") => Some("scenario-notice-saved"),
        Some("shared") => Some("scenario-notice-shared"),
        Some("unshared") => Some("scenario-notice-unshared"),
        Some("recorded") => Some("scenario-notice-recorded"),
        Some("removed") => Some("scenario-notice-removed"),
        Some("rebased") => Some("scenario-notice-rebased"),
        _ => None,
    };
    let notice = key.map(|key| page.lang.t(key));
    let shown = (None, String::new());
    show_page(
        &page,
        path.into_inner(),
        shown,
        (None, notice),
        StatusCode::OK,
    )
    .await
}

/// Runs an owner's command on scenario `id`: on success to the scenario's page with `notice`;
/// a refused field re-renders the page (400) with the sentences, nothing written.
async fn owner_command<F>(
    page: Page,
    id: Uuid,
    notice: &str,
    typed: (Option<TextForm>, String),
    command: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut Connection, &Acting) -> crate::command::Outcome<()> + Send + 'static,
{
    let answer = page
        .transaction(move |conn, acting| match command(conn, acting) {
            Ok(()) => Ok(None),
            Err(DomainError::Invalid(errors)) => Ok(Some(errors)),
            Err(other) => Err(AppError::from(other)),
        })
        .await?;
    match answer {
        None => Ok(see_other(&format!("/scenarios/{id}?notice={notice}"))),
        Some(errors) => refused(&page, id, typed, &errors).await,
    }
}

async fn refused(
    page: &Page,
    id: Uuid,
    typed: (Option<TextForm>, String),
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let problem = Some(sentences_in(errors, page.lang));
    show_page(page, id, typed, (problem, None), StatusCode::BAD_REQUEST).await
}

pub async fn rename(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.0);
    let Ok(version) = form.version.trim().parse::<i64>() else {
        return Err(AppError::BadRequest(crate::i18n::Msg::new(
            "scenario-bad-version",
        )));
    };
    let typed = form.clone();
    owner_command(
        page,
        id,
        "saved",
        (Some(form), String::new()),
        move |conn, acting| {
            scenarios::rename(conn, acting, (id, version), &typed.name, &typed.description)
        },
    )
    .await
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ShareForm {
    /// A user name or e-mail address.
    #[serde(default)]
    user: String,
    /// An organisation's id (from the select).
    #[serde(default)]
    organisation: String,
}

pub async fn share(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<ShareForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.0);
    let typed = (None, form.user.clone());
    owner_command(page, id, "shared", typed, move |conn, acting| {
        match (form.user.trim(), form.organisation.trim()) {
            ("", "") => Err(DomainError::field(
                "user",
                crate::i18n::Msg::new("scenario-share-whom"),
            )),
            ("", org) => match Uuid::parse_str(org) {
                Ok(org) => scenarios::share_with_organisation(conn, acting, id, org),
                Err(_) => Err(DomainError::field(
                    "organisation",
                    crate::i18n::Msg::new("scenario-no-such-organisation"),
                )),
            },
            (user, _) => scenarios::share_with_user(conn, acting, id, user),
        }
    })
    .await
}

pub async fn unshare(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let (id, share) = path.into_inner();
    let typed = (None, String::new());
    owner_command(page, id, "unshared", typed, move |conn, acting| {
        scenarios::unshare(conn, acting, id, share)
    })
    .await
}

pub async fn remove_change(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let (id, change) = path.into_inner();
    let typed = (None, String::new());
    owner_command(page, id, "removed", typed, move |conn, acting| {
        scenarios::remove_change(conn, acting, id, change)
    })
    .await
}

pub async fn rebase(
    page: Page,
    path: web::Path<(Uuid, Uuid)>,
    _form: CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let (id, project) = path.into_inner();
    let typed = (None, String::new());
    owner_command(page, id, "rebased", typed, move |conn, acting| {
        scenarios::rebase(conn, acting, id, project)
    })
    .await
}

#[derive(Template)]
#[template(path = "scenarios/discard.html")]
struct DiscardPage {
    layout: Layout,
    scenario: Scenario,
    csrf_token: String,
}

/// The confirmation step of discarding (a page of its own, so it works without JavaScript).
pub async fn confirm_discard(page: Page, path: web::Path<Uuid>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let scenario = page
        .transaction(move |conn, acting| Ok::<_, AppError>(scenarios::owned(conn, acting, id)?))
        .await?;
    let title = format!("{} · {}", scenario.name, page.lang.t("nav-scenarios"));
    let body = DiscardPage {
        layout: page.layout(title, Section::Scenarios),
        scenario,
        csrf_token: page.csrf_token(),
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(html(StatusCode::OK, body))
}

pub async fn discard(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    page.transaction(move |conn, acting| Ok::<_, AppError>(scenarios::discard(conn, acting, id)?))
        .await?;
    Ok(see_other("/scenarios?notice=discarded"))
}

#[derive(Template)]
#[template(path = "scenarios/conflicts.html")]
struct ConflictsPage {
    layout: Layout,
    scenario: Scenario,
    conflicts: Vec<Conflict>,
    csrf_token: String,
}

/// Applies the scenario: to the list with how much was written, or (nothing written) the
/// conflicts with a re-base button each (409); a project the user may not change is the 403 page.
pub async fn apply_scenario(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<TextForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let caches = std::sync::Arc::clone(&page.state.caches);
    let hours_per_pm = page.state.settings.hours_per_pm.clone();
    let answer = page
        .transaction(move |conn, acting| {
            let context = apply::Context {
                caches: &caches,
                hours_per_pm: &hours_per_pm,
            };
            match apply::apply(conn, acting, &context, id) {
                Ok(Applied::Conflicts(conflicts)) => {
                    let scenario = scenarios::get(conn, acting, id)?;
                    Ok(Err((scenario, conflicts)))
                }
                Ok(Applied::Done { changes, projects }) => Ok(Ok((changes, projects))),
                Err(other) => Err(AppError::from(other)),
            }
        })
        .await;
    match answer {
        Ok(Ok((changes, projects))) => Ok(see_other(&format!(
            "/scenarios?applied={changes}&projects={projects}"
        ))),
        Ok(Err((scenario, conflicts))) => {
            let title = format!("{} · {}", scenario.name, page.lang.t("nav-scenarios"));
            let body = ConflictsPage {
                layout: page.layout(title, Section::Scenarios),
                scenario,
                conflicts,
                csrf_token: page.csrf_token(),
            }
            .render()
            .map_err(AppError::internal)?;
            Ok(html(StatusCode::CONFLICT, body))
        }
        Err(AppError::BadRequest(message)) => {
            let problem = Some(message.in_lang(page.lang));
            let typed = (None, String::new());
            show_page(&page, id, typed, (problem, None), StatusCode::BAD_REQUEST).await
        }
        Err(other) => Err(other),
    }
}
