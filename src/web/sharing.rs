//! Share links (SHARE_URL_FEATURE): the "Share this view" button of grid pages (`POST /share`),
//! the user's own links (`/share`), the administrators' statistics (`/share/stats`, with
//! SHARE_URL_FEATURE_STATS) and opening a link (`/s/{code}`), which redirects to the shared view;
//! that page then applies the visitor's own rights, so a link never shows more than its visitor
//! could open by address.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::sharing::{self, Created, Link, ShareRequest};
use crate::startup::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

/// What `templates/base.html` needs to draw the "Share this view" form.
#[derive(Debug, Clone)]
pub struct ShareButton {
    pub target: String,
    pub csrf_token: String,
}

/// The button for the page being rendered, when sharing is on, the user can own links and the
/// address can be shared.
pub fn button(page: &Page) -> Option<ShareButton> {
    if !page.state.settings.share_url_feature || page.user.id.is_none() {
        return None;
    }
    let (path, query) = &page.location;
    Some(ShareButton {
        target: sharing::shareable_target(path, query)?,
        csrf_token: page.csrf_token(),
    })
}

fn enabled(page: &Page) -> Result<(), AppError> {
    if page.state.settings.share_url_feature {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

fn when(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The address people open: APP_URL's origin and path, then `/s/<code>`.
fn full_link(state: &AppState, code: &str) -> String {
    format!(
        "{}/s/{code}",
        state.settings.app_url.as_str().trim_end_matches('/')
    )
}

/// A link as the pages show it: the user's own links (without the owner) and the statistics.
struct LinkRow {
    url: String,
    owner: String,
    title: String,
    target: String,
    clicks: i64,
    created: String,
    last_clicked: String,
}

impl LinkRow {
    /// The row of the link `code` to `target`; `opened`: clicks, made at, last opened at.
    fn of(
        state: &AppState,
        code: &str,
        (title, target): (String, String),
        (clicks, created_at, last_clicked_at): (i64, DateTime<Utc>, Option<DateTime<Utc>>),
    ) -> LinkRow {
        LinkRow {
            url: full_link(state, code),
            owner: String::new(),
            title,
            target,
            clicks,
            created: when(&created_at),
            last_clicked: last_clicked_at.as_ref().map(when).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "share/mine.html")]
struct MinePage {
    layout: Layout,
    csrf_token: String,
    /// Each link with its id (for its delete form).
    links: Vec<(Uuid, LinkRow)>,
    /// The link just made: (full address, target).
    created: Option<(String, String)>,
    deleted: bool,
    problem: Option<String>,
    stats_enabled: bool,
}

#[derive(Deserialize)]
pub struct MineQuery {
    created: Option<String>,
    deleted: Option<String>,
}

fn render_mine(
    page: &Page,
    links: Vec<Link>,
    (created, deleted): (Option<String>, bool),
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let created = created.and_then(|code| {
        links
            .iter()
            .find(|l| l.code == code)
            .map(|l| (full_link(&page.state, &l.code), l.target_path.clone()))
    });
    let rows = links
        .into_iter()
        .map(|l| {
            let opened = (l.clicks, l.created_at, l.last_clicked_at);
            let row = LinkRow::of(&page.state, &l.code, (l.title, l.target_path), opened);
            (l.id, row)
        })
        .collect();
    let html = MinePage {
        layout: page.layout(page.lang.t("share-mine-title"), Section::None),
        csrf_token: page.csrf_token(),
        links: rows,
        created,
        deleted,
        problem,
        stats_enabled: page.state.settings.share_url_feature_stats
            && sharing::may_see_stats(&page.acting()).is_ok(),
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// The signed-in user's links; nobody signed in has none to list.
async fn my_links(page: &Page) -> Result<Vec<Link>, AppError> {
    let Some(owner) = page.user.id else {
        return Err(AppError::Forbidden(Msg::new("share-sign-in-first")));
    };
    page.state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(sharing::mine(conn, owner)?)
        })
        .await
}

/// `GET /share`: the user's links, with the one just created on top.
pub async fn mine(page: Page, query: web::Query<MineQuery>) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let query = query.into_inner();
    let links = my_links(&page).await?;
    let shown = (query.created, query.deleted.is_some());
    render_mine(&page, links, shown, None, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct ShareForm {
    target: String,
    #[serde(default)]
    title: String,
}

/// `POST /share`: makes (or finds) the user's link to a view, at most
/// [`sharing::PER_MINUTE`] new ones a minute.
pub async fn create(page: Page, form: CsrfForm<ShareForm>) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let acting = page.acting();
    let request = ShareRequest {
        target: form.0.target,
        title: form.0.title,
    };
    let outcome = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let created = sharing::create_link(conn, &acting, &request)?;
            // A refused link shows the user's links again, read in the same transaction.
            let links = match (&created, acting.actor.user_id) {
                (Created::RateLimited(_), Some(owner)) => sharing::mine(conn, owner)?,
                _ => Vec::new(),
            };
            Ok::<_, AppError>((created, links))
        })
        .await?;
    match outcome {
        (Created::Code(code), _) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/share?created={code}")))
            .finish()),
        (Created::RateLimited(seconds), links) => {
            let problem = page.lang.t2(
                "share-rate-limited",
                ("limit", sharing::PER_MINUTE),
                ("seconds", seconds),
            );
            let status = StatusCode::TOO_MANY_REQUESTS;
            let mut response = render_mine(&page, links, (None, false), Some(problem), status)?;
            if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
    }
}

/// `POST /share/{id}/delete`: removes one of the user's links (it stops working at once).
pub async fn delete(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let (acting, id) = (page.acting(), path.into_inner());
    page.state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(sharing::revoke_link(conn, &acting, id)?)
        })
        .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/share?deleted=1"))
        .finish())
}

/// `GET /s/{code}`: counts the click and sends the visitor to the shared view. The path is
/// public (SPEC §6) so that it always answers here; without a session the visitor signs in
/// first and comes back.
pub async fn open(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    if !state.settings.share_url_feature {
        return Err(AppError::not_found());
    }
    let code = path.into_inner();
    let user = match req.extensions().get::<CurrentUser>().cloned() {
        Some(user) => user,
        None if state.oidc.is_none() => state.anonymous_user(),
        None => {
            let next = format!("/s/{code}");
            let location = format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            );
            return Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish());
        }
    };
    if !user.policy().has_access() {
        return Err(AppError::NoAccess);
    }
    if !sharing::is_code(&code) {
        return Err(AppError::not_found());
    }
    let target = state
        .db
        .in_transaction(user.id, move |conn| {
            Ok::<_, AppError>(sharing::resolve(conn, &code)?)
        })
        .await?
        // The table only holds local paths; checked again so a bad row can never redirect away.
        .filter(|t| sharing::is_shareable(t))
        .ok_or_else(AppError::not_found)?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, target))
        .finish())
}

#[derive(Template)]
#[template(path = "share/stats.html")]
struct StatsPage {
    layout: Layout,
    min_clicks: u32,
    rows: Vec<LinkRow>,
}

#[derive(Deserialize)]
pub struct StatsQuery {
    format: Option<String>,
}

/// `GET /share/stats`: administrators see which links are used (at least
/// SHARE_URL_STATS_MIN_CLICKS clicks), most clicked first.
pub async fn stats(page: Page, query: web::Query<StatsQuery>) -> Result<HttpResponse, AppError> {
    let settings = &page.state.settings;
    if !settings.share_url_feature || !settings.share_url_feature_stats {
        return Err(AppError::not_found());
    }
    sharing::may_see_stats(&page.acting())?;
    let format = Format::parse(query.format.as_deref())?;
    let min_clicks = settings.share_url_stats_min_clicks;
    let stats = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(sharing::stats(conn, i64::from(min_clicks))?)
        })
        .await?;
    let rows: Vec<LinkRow> = stats
        .into_iter()
        .map(|s| {
            let opened = (s.clicks, s.created_at, s.last_clicked_at);
            LinkRow {
                owner: s.owner,
                ..LinkRow::of(&page.state, &s.code, (s.title, s.target_path), opened)
            }
        })
        .collect();
    if let Some(format) = format {
        let lang = page.lang;
        let header: Vec<String> = [
            lang.t("share-link"),
            lang.t("share-owner"),
            lang.t("share-title"),
            lang.t("share-page"),
            lang.t("share-clicks"),
            lang.t("share-created"),
            lang.t("share-last-opened"),
        ]
        .into();
        let table: Vec<Vec<Value>> = rows
            .iter()
            .map(|r| {
                vec![
                    Value::Text(r.url.clone()),
                    Value::Text(r.owner.clone()),
                    Value::Text(r.title.clone()),
                    Value::Text(r.target.clone()),
                    Value::Number(r.clicks as f64),
                    Value::Text(r.created.clone()),
                    Value::Text(r.last_clicked.clone()),
                ]
            })
            .collect();
        return download::table(format, &lang.t("share-stats-file"), &header, &table);
    }
    render(&StatsPage {
        layout: page.layout(page.lang.t("share-stats-title"), Section::None),
        min_clicks,
        rows,
    })
}
