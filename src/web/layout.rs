//! What every page shows around its content: navigation, the no-auth banner, the user.

use actix_web::HttpResponse;
use askama::Template;

use crate::auth::CurrentUser;
use crate::config::AppEnv;
use crate::error::AppError;
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
}

/// One link of the main navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
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
}

impl Layout {
    pub fn new(
        state: &AppState,
        user: &CurrentUser,
        title: impl Into<String>,
        section: Section,
    ) -> Self {
        let settings = &state.settings;
        let mut entries = vec![
            ("/", "Home", Section::Home),
            ("/projects", "Projects", Section::Projects),
        ];
        if settings.person_capacity_enabled {
            entries.push(("/people", "People", Section::People));
            entries.push(("/portfolio", "Portfolio", Section::Portfolio));
        }
        entries.extend([
            ("/organisations", "Organisations", Section::Organisations),
            ("/settings", "Settings", Section::Settings),
        ]);
        if state.oidc.is_some() && user.policy().can_manage_users() {
            entries.push(("/users", "Users", Section::Users));
        }
        if settings.capacity_requests_enabled {
            entries.push(("/capacity-requests", "Requests", Section::Requests));
        }
        entries.push(("/help", "Help", Section::Help));
        let nav = entries
            .into_iter()
            .map(|(href, label, s)| NavLink {
                href,
                label,
                current: s == section,
            })
            .collect();
        let banner = user.anonymous.then(|| {
            format!(
                "Sign-in is not configured: everyone using this server acts as an anonymous {}.",
                user.role.label()
            )
        });
        Layout {
            title: title.into(),
            nav,
            user_label: format!("{} ({})", user.display_name, user.role.label()),
            banner,
            env_badge: match settings.app_env {
                AppEnv::Prod => None,
                other => Some(other.as_str()),
            },
            logout_csrf: None,
            version: env!("CARGO_PKG_VERSION"),
            share: None,
        }
    }

    /// A layout for pages rendered where no user is known (error pages of failed requests).
    pub fn bare(state: Option<&AppState>, title: impl Into<String>) -> Self {
        match state {
            Some(state) => {
                let user = state.anonymous_user();
                let mut layout = Layout::new(state, &user, title, Section::None);
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
            },
        }
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
