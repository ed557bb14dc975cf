//! `/users` (admins: who has signed in, with what groups; revoke sessions) and `/account`.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::user_settings::{self, Preferences};
use crate::auth::users::{self, UserRecord};
use crate::command::DomainError;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::web::csrf::CsrfForm;
use crate::web::language;
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

/// A user as the pages show them.
struct UserView {
    id: Uuid,
    username: String,
    display_name: String,
    email: String,
    groups: String,
    role: String,
    visibility: String,
    organisations: Vec<String>,
    unknown_organisations: Vec<String>,
    person: String,
    last_login: String,
    sessions: i64,
}

impl UserView {
    /// `u` as the pages in `lang` show them.
    fn of(u: UserRecord, lang: Lang) -> Self {
        let unknown_organisations = u
            .org_short_names
            .iter()
            .filter(|name| !u.organisations.contains(name))
            .cloned()
            .collect();
        let mut groups: Vec<String> = Vec::new();
        collect_group_names(&u.raw_groups, &mut groups);
        UserView {
            id: u.id,
            display_name: u.display_name.unwrap_or_default(),
            email: u.email.unwrap_or_default(),
            groups: groups.join(", "),
            role: lang.t(&format!("role-{}", u.role)),
            visibility: lang.t(&format!("visibility-{}", u.visibility)),
            organisations: u.organisations,
            unknown_organisations,
            person: u.person_code.unwrap_or_else(|| "—".into()),
            last_login: u
                .last_login_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| lang.t("account-never")),
            sessions: u.sessions,
            username: u.username,
        }
    }
}

/// The group names of the stored raw groups entries (strings or objects with a `name`), once each.
fn collect_group_names(raw: &serde_json::Value, out: &mut Vec<String>) {
    for item in raw.as_array().into_iter().flatten() {
        let name = item
            .as_str()
            .or_else(|| item.get("name").and_then(|n| n.as_str()));
        if let Some(name) = name
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_string());
        }
    }
}

#[derive(Template)]
#[template(path = "users/list.html")]
struct ListPage {
    layout: Layout,
    users: Vec<UserView>,
    csrf_token: String,
}

pub async fn list(page: Page) -> Result<HttpResponse, AppError> {
    if !page.user.policy().can_manage_users() {
        return Err(AppError::Forbidden(Msg::new("users-refused-not-admin")));
    }
    let records = page
        .state
        .db
        .in_transaction(page.user.id, |conn| Ok::<_, AppError>(users::list(conn)?))
        .await?;
    render(&ListPage {
        layout: page.layout(page.lang.t("nav-users"), Section::Users),
        users: records
            .into_iter()
            .map(|u| UserView::of(u, page.lang))
            .collect(),
        csrf_token: page.csrf_token(),
    })
}

#[derive(Deserialize)]
pub struct RevokeForm {}

/// Ends every session of a user at once (a stolen cookie stops working).
pub async fn revoke_sessions(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<RevokeForm>,
) -> Result<HttpResponse, AppError> {
    let (acting, user_id) = (page.acting(), path.into_inner());
    let ended = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(users::end_sessions(conn, &acting, user_id)?)
        })
        .await?;
    tracing::info!(%user_id, ended, "sessions revoked");
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/users"))
        .finish())
}

#[derive(Template)]
#[template(path = "users/account.html")]
struct AccountPage {
    layout: Layout,
    account: Option<UserView>,
    role: String,
    no_access: bool,
    /// (id, indented label, selected) for the default organisation.
    organisations: Vec<(String, String, bool)>,
    show_hours: bool,
    /// The languages offered: (code, name in itself, selected).
    languages: Vec<(&'static str, &'static str, bool)>,
    /// Whether the stored choice is none: the browser's language.
    browser_language: bool,
    saved: bool,
    problem: Option<String>,
    csrf_token: String,
}

#[derive(Deserialize, Default)]
pub struct AccountQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// The signed-in user's own facts and preferences (also reachable without a role group).
pub async fn account(
    page: Page,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, AppError> {
    render_account(&page, query.saved.is_some(), None, None).await
}

/// The account page of the signed-in user (`problem`: why their preferences were refused;
/// `wanted`: what they asked for then).
async fn render_account(
    page: &Page,
    saved: bool,
    problem: Option<String>,
    wanted: Option<Preferences>,
) -> Result<HttpResponse, AppError> {
    let account = match page.user.id {
        Some(id) => {
            page.state
                .db
                .in_transaction(Some(id), move |conn| {
                    Ok::<_, AppError>(user_settings::account(conn, id)?)
                })
                .await?
        }
        None => user_settings::Account::default(),
    };
    account_page(page, account, saved, (problem, wanted))
}

fn account_page(
    page: &Page,
    account: user_settings::Account,
    saved: bool,
    (problem, wanted): (Option<String>, Option<Preferences>),
) -> Result<HttpResponse, AppError> {
    let user_settings::Account {
        user,
        preferences,
        organisations: orgs,
    } = account;
    let account = user.map(|u| UserView::of(u, page.lang));
    let preferences = wanted.unwrap_or(preferences);
    let organisations = crate::reference::organisations::as_tree(orgs)
        .into_iter()
        .map(|entry| {
            (
                entry.organisation.id.to_string(),
                format!(
                    "{}{}",
                    "\u{a0}\u{a0}".repeat(entry.depth),
                    entry.organisation.short_name
                ),
                preferences.default_organisation == Some(entry.organisation.id),
            )
        })
        .collect();
    let status = if problem.is_some() {
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        actix_web::http::StatusCode::OK
    };
    let lang = page.lang;
    let mut response = render(&AccountPage {
        layout: page.layout(lang.t("account-title"), Section::None),
        account,
        role: lang.t(page.user.role.message_key()),
        no_access: !page.user.policy().has_access(),
        organisations,
        show_hours: preferences.show_hours,
        languages: Lang::ALL
            .iter()
            .map(|l| (l.code(), l.native_name(), Some(*l) == preferences.locale))
            .collect(),
        browser_language: preferences.locale.is_none(),
        saved,
        problem,
        csrf_token: page.csrf_token(),
    })?;
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    default_organisation: String,
    #[serde(default)]
    show_hours: Option<String>,
    #[serde(default)]
    locale: String,
}

/// Saves the signed-in user's preferences.
pub async fn save_preferences(
    page: Page,
    form: CsrfForm<PreferencesForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = page.user.id else {
        return Err(AppError::BadRequest(Msg::new("account-error-no-user")));
    };
    let form = form.0;
    let input = user_settings::PreferencesInput {
        default_organisation: form.default_organisation,
        show_hours: form.show_hours.is_some(),
        locale: form.locale,
    };
    let wanted = match input.read() {
        Ok(wanted) => wanted,
        Err(problem) => {
            return render_account(&page, false, Some(problem.sentence(page.lang)), None).await;
        }
    };
    let (acting, to_save) = (page.acting(), wanted.clone());
    // A refused save is shown with the account as read in the same transaction.
    let outcome = page
        .state
        .db
        .in_transaction(
            Some(user),
            move |conn| match user_settings::save_preferences(conn, &acting, &to_save) {
                Err(DomainError::Invalid(errors)) => {
                    Ok(Err((errors, user_settings::account(conn, user)?)))
                }
                other => Ok::<_, AppError>(Ok(other?)),
            },
        )
        .await?;
    match outcome {
        Ok(()) => {
            language::remember(&page.session, wanted.locale)?;
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/account?saved=1"))
                .finish())
        }
        Err((errors, account)) => {
            let problem = crate::command::sentences_in(&errors, page.lang);
            account_page(&page, account, false, (Some(problem), Some(wanted)))
        }
    }
}

/// The current user's preferences (the defaults without a signed-in user).
pub async fn preferences(page: &Page) -> Result<Preferences, AppError> {
    match page.user.id {
        Some(id) => {
            page.state
                .db
                .in_transaction(Some(id), move |conn| {
                    Ok::<_, AppError>(user_settings::load(conn, id)?)
                })
                .await
        }
        None => Ok(Preferences::default()),
    }
}
