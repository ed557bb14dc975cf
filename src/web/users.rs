//! `/users` (admins: who has signed in, with what groups; revoke sessions) and `/account`.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::tokens::{self, NewToken, TokenRow};
use crate::auth::user_settings::{self, Preferences};
use crate::auth::users::{self, UserRecord};
use crate::command::{DomainError, FieldErrors};
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
    /// Everyone's tokens, with their user's name and what their revoke button says.
    tokens: Vec<(TokenView, String, String)>,
    csrf_token: String,
}

/// A personal access token as the account page and the users page list it (never its text).
struct TokenView {
    id: Uuid,
    name: String,
    scope: String,
    /// Its first characters (`rfl_abcd`), to tell it apart in a script's configuration.
    hint: String,
    created: String,
    last_used: String,
    expires: String,
    /// Live, expired or revoked (with when and by whom).
    state: String,
    live: bool,
}

impl TokenView {
    fn of(row: TokenRow, lang: Lang, now: chrono::DateTime<chrono::Utc>) -> Self {
        let day = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d").to_string();
        let live = row.is_live(now);
        let state = match (&row.revoked_at, &row.revoked_by) {
            (Some(at), by) => lang.t2(
                "token-state-revoked",
                ("date", day(*at)),
                ("by", by.clone().unwrap_or_default()),
            ),
            (None, _) if !live => lang.t("token-state-expired"),
            (None, _) => lang.t("token-state-live"),
        };
        TokenView {
            id: row.id,
            scope: lang.t(&format!("token-scope-{}", row.scope)),
            hint: format!("{}…", row.hint),
            created: day(row.created_at),
            last_used: row
                .last_used_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| lang.t("account-never")),
            expires: day(row.expires_at),
            state,
            live,
            name: row.name,
        }
    }
}

pub async fn list(page: Page) -> Result<HttpResponse, AppError> {
    if !page.user.policy().can_manage_users() {
        return Err(AppError::Forbidden(Msg::new("users-refused-not-admin")));
    }
    let acting = page.acting();
    let (records, all_tokens) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>((users::list(conn)?, tokens::everyones(conn, &acting)?))
        })
        .await?;
    let now = chrono::Utc::now();
    render(&ListPage {
        layout: page.layout(page.lang.t("nav-users"), Section::Users),
        users: records
            .into_iter()
            .map(|u| UserView::of(u, page.lang))
            .collect(),
        tokens: all_tokens
            .into_iter()
            .map(|(row, user)| {
                let label = page.lang.t2(
                    "token-revoke-of",
                    ("name", row.name.as_str()),
                    ("user", user.as_str()),
                );
                (TokenView::of(row, page.lang, now), user, label)
            })
            .collect(),
        csrf_token: page.csrf_token(),
    })
}

/// `POST /users/tokens/{id}/revoke`: an administrator revokes anyone's token.
pub async fn revoke_any_token(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<RevokeForm>,
) -> Result<HttpResponse, AppError> {
    if !page.user.policy().can_manage_users() {
        return Err(AppError::Forbidden(Msg::new("users-refused-not-admin")));
    }
    revoke_token(&page, path.into_inner()).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/users#tokens"))
        .finish())
}

/// `POST /account/tokens/{id}/revoke`: the user revokes one of their tokens.
pub async fn revoke_own_token(
    page: Page,
    path: web::Path<Uuid>,
    _form: CsrfForm<RevokeForm>,
) -> Result<HttpResponse, AppError> {
    revoke_token(&page, path.into_inner()).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/account?revoked=1#tokens"))
        .finish())
}

/// Revokes token `id` as the page's user (`tokens::revoke` says whose they may revoke).
async fn revoke_token(page: &Page, id: Uuid) -> Result<(), AppError> {
    let acting = page.acting();
    page.state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(tokens::revoke(conn, &acting, id)?)
        })
        .await?;
    tracing::info!(token_id = %id, "personal access token revoked");
    Ok(())
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
    /// Whether the user may have tokens (a signed-in user, or no-auth's, with a role group).
    tokens_offered: bool,
    tokens: Vec<TokenView>,
    token_form: TokenPart,
    default_days: i64,
    max_days: i64,
}

/// What the token form shows besides the list: what was typed and why it was refused, the
/// token just made (its text, in this one answer only), or that one was revoked.
#[derive(Default)]
struct TokenPart {
    name: String,
    scope: String,
    days: String,
    errors: FieldErrors,
    created: Option<String>,
    revoked: bool,
}

impl TokenPart {
    fn error(&self, field: &str) -> Option<&Msg> {
        self.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, msg)| msg)
    }
}

#[derive(Deserialize, Default)]
pub struct AccountQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    revoked: Option<String>,
}

/// The signed-in user's own facts and preferences (also reachable without a role group).
pub async fn account(
    page: Page,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, AppError> {
    let tokens = TokenPart {
        revoked: query.revoked.is_some(),
        ..TokenPart::default()
    };
    render_account(&page, query.saved.is_some(), None, None, tokens).await
}

/// The account page of the signed-in user (`problem`: why their preferences were refused;
/// `wanted`: what they asked for then).
async fn render_account(
    page: &Page,
    saved: bool,
    problem: Option<String>,
    wanted: Option<Preferences>,
    tokens: TokenPart,
) -> Result<HttpResponse, AppError> {
    let account = match page.user.id {
        Some(id) => {
            page.state
                .db
                .in_transaction(Some(id), move |conn| load_account(conn, id))
                .await?
        }
        None => Default::default(),
    };
    account_page(page, account, saved, (problem, wanted), tokens)
}

/// The account page's data: the user, their preferences and their tokens.
fn load_account(
    conn: &mut crate::command::Connection,
    id: Uuid,
) -> Result<(user_settings::Account, Vec<TokenRow>), AppError> {
    Ok((user_settings::account(conn, id)?, tokens::mine(conn, id)?))
}

fn account_page(
    page: &Page,
    (account, token_rows): (user_settings::Account, Vec<TokenRow>),
    saved: bool,
    (problem, wanted): (Option<String>, Option<Preferences>),
    token_form: TokenPart,
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
    let status = if problem.is_some() || !token_form.errors.is_empty() {
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        actix_web::http::StatusCode::OK
    };
    let lang = page.lang;
    let now = chrono::Utc::now();
    let mut response = render(&AccountPage {
        tokens_offered: page.user.id.is_some() && page.user.policy().has_access(),
        tokens: token_rows
            .into_iter()
            .map(|row| TokenView::of(row, lang, now))
            .collect(),
        token_form,
        default_days: tokens::DEFAULT_DAYS,
        max_days: tokens::MAX_DAYS,
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
    // The page may carry a token's text: no cache keeps it.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    days: String,
}

/// `POST /account/tokens`: makes a token for the signed-in user and shows its text in this
/// answer only (never in a URL, the session or a log); refused input shows the form again with
/// what was typed and stores nothing.
pub async fn create_token(page: Page, form: CsrfForm<TokenForm>) -> Result<HttpResponse, AppError> {
    let Some(user) = page.user.id else {
        return Err(AppError::BadRequest(Msg::new("token-needs-user")));
    };
    let form = form.0;
    let input = NewToken {
        name: form.name.clone(),
        scope: form.scope.clone(),
        days: form.days.clone(),
    };
    let acting = page.acting();
    let key = page.state.settings.secret_key.clone();
    let (made, account) = page
        .state
        .db
        .in_transaction(Some(user), move |conn| {
            let made = match tokens::create(conn, &acting, &key, &input) {
                Ok(created) => Ok(created.token),
                Err(DomainError::Invalid(errors)) => Err(errors),
                Err(other) => return Err(AppError::from(other)),
            };
            Ok::<_, AppError>((made, load_account(conn, user)?))
        })
        .await?;
    let part = match made {
        Ok(token) => {
            tracing::info!("personal access token created");
            TokenPart {
                created: Some(token),
                ..TokenPart::default()
            }
        }
        Err(errors) => TokenPart {
            name: form.name,
            scope: form.scope,
            days: form.days,
            errors,
            ..TokenPart::default()
        },
    };
    account_page(&page, account, false, (None, None), part)
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
            let problem = Some(problem.sentence(page.lang));
            return render_account(&page, false, problem, None, TokenPart::default()).await;
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
                Err(DomainError::Invalid(errors)) => Ok(Err((errors, load_account(conn, user)?))),
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
            account_page(
                &page,
                account,
                false,
                (Some(problem), Some(wanted)),
                TokenPart::default(),
            )
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
