//! What every page shows around its content: navigation, the no-auth banner, the user, the
//! language switch. The layout also carries the request's language: templates ask it for
//! messages (`{{ layout.t("nav-projects") }}`, docs/i18n.md).

use actix_web::HttpResponse;
use askama::Template;

use crate::auth::CurrentUser;
use crate::config::AppEnv;
use crate::error::AppError;
use crate::i18n::{Arg, Lang};
use crate::startup::AppState;

/// The navigation entries of SPEC (Home, Projects, People when enabled, Organisations, Settings, Help).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Projects,
    People,
    Portfolio,
    Organisations,
    Settings,
    Users,
    Help,
    None,
    Requests,
    Scenarios,
}

/// One link of the main navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The data of `templates/base.html`.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub nav: Vec<NavLink>,
    pub user_label: String,
    /// Shown on every page in no-auth mode.
    pub banner: Option<String>,
    /// "dev", "test" or "qa" (shown so nobody mistakes a test system for production).
    pub env_badge: Option<&'static str>,
    /// The CSRF token of the sign-out form, shown for users signed in through OIDC.
    pub logout_csrf: Option<String>,
    pub version: &'static str,
    /// The "Share this view" form (see [`Layout::shareable`]).
    pub share: Option<crate::web::sharing::ShareButton>,
    /// The language of the page (`<html lang>`, every message).
    pub lang: Lang,
    /// The page's own address, where the language switch leads back to.
    pub here: String,
}

impl Layout {
    pub fn new(
        state: &AppState,
        user: &CurrentUser,
        lang: Lang,
        title: impl Into<String>,
        section: Section,
    ) -> Self {
        let settings = &state.settings;
        let mut entries = vec![
            ("/", "nav-home", Section::Home),
            ("/projects", "nav-projects", Section::Projects),
        ];
        if settings.person_capacity_enabled {
            entries.push(("/people", "nav-people", Section::People));
            entries.push(("/portfolio", "nav-portfolio", Section::Portfolio));
        }
        entries.extend([
            (
                "/organisations",
                "nav-organisations",
                Section::Organisations,
            ),
            ("/settings", "nav-settings", Section::Settings),
        ]);
        if user.policy().can_plan_scenarios().is_ok() {
            entries.push(("/scenarios", "nav-scenarios", Section::Scenarios));
        }
        if state.oidc.is_some() && user.policy().can_manage_users() {
            entries.push(("/users", "nav-users", Section::Users));
        }
        if settings.capacity_requests_enabled {
            entries.push(("/capacity-requests", "nav-requests", Section::Requests));
        }
        entries.push(("/help", "nav-help", Section::Help));
        let nav = entries
            .into_iter()
            .map(|(href, key, s)| NavLink {
                href,
                label: lang.t(key),
                current: s == section,
            })
            .collect();
        let role = lang.t(user.role.message_key());
        let banner = user
            .anonymous
            .then(|| lang.t1("banner-no-auth", "role", &role));
        Layout {
            title: title.into(),
            nav,
            user_label: lang.t2("user-label", ("name", &user.display_name), ("role", &role)),
            banner,
            env_badge: match settings.app_env {
                AppEnv::Prod => None,
                other => Some(other.as_str()),
            },
            logout_csrf: None,
            version: env!("CARGO_PKG_VERSION"),
            share: None,
            lang,
            here: "/".to_string(),
        }
    }

    /// A layout for pages rendered where no user is known (error pages of failed requests).
    pub fn bare(state: Option<&AppState>, lang: Lang, title: impl Into<String>) -> Self {
        match state {
            Some(state) => {
                let user = state.anonymous_user();
                let mut layout = Layout::new(state, &user, lang, title, Section::None);
                layout.user_label = String::new();
                if state.oidc.is_some() {
                    // Sign-in is on, so the anonymous stand-in must not show through: no
                    // "not configured" banner and no administrators' link on a stranger's 403.
                    layout.banner = None;
                    layout.nav.retain(|link| link.href != "/users");
                }
                layout
            }
            None => Layout {
                title: title.into(),
                nav: Vec::new(),
                user_label: String::new(),
                banner: None,
                env_badge: None,
                logout_csrf: None,
                version: env!("CARGO_PKG_VERSION"),
                share: None,
                lang,
                here: "/".to_string(),
            },
        }
    }

    /// The message `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A lookup value's name (lifecycle state, role type, ...) as this page's language shows it:
    /// seeded names translated, names an administrator typed as typed (`i18n::seeded`).
    pub fn lookup(&self, name: &str) -> String {
        self.lang.lookup_name(name)
    }

    /// A sentence decided elsewhere (a field error, a refusal) in the page's language.
    pub fn say(&self, msg: &crate::i18n::Msg) -> String {
        msg.in_lang(self.lang)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl Arg) -> String {
        self.lang.t1(key, name, value)
    }

    /// The message `key` with two arguments.
    pub fn t2(&self, key: &str, first: (&str, impl Arg), second: (&str, impl Arg)) -> String {
        self.lang.t2(key, first, second)
    }

    /// The language switch: (code, name in itself, whether it is the page's language).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL
            .iter()
            .map(|l| (l.code(), l.native_name(), *l == self.lang))
            .collect()
    }

    /// The page's address as a query value (`/set-locale?lang=fi&next=…`).
    pub fn here_encoded(&self) -> String {
        url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect()
    }
}

impl Layout {
    /// Offers "Share this view" (a `/s/<code>` link to the current address with its filters)
    /// when SHARE_URL_FEATURE is on. A grid page opts in with one call:
    /// `layout: page.layout(title, section).shareable(&page)`.
    pub fn shareable(mut self, page: &crate::web::page::Page) -> Self {
        self.share = crate::web::sharing::button(page);
        self
    }
}

/// Renders a page template into a 200 response.
pub fn render<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    let html = page.render().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}
