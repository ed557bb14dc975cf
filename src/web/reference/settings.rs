//! `/settings`: the lookups, lifecycle states, system hours-per-PM rates and calendars; administrators
//! add and delete values (and change lifecycle states) here.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;

use crate::command::{DomainError, Outcome};
use crate::error::AppError;
use crate::reference::lookups::{self, Lookups};
use crate::reference::settings::{
    self, AfterRefusal, Kind, SettingChange, SettingForm, SettingRow, SettingsView,
};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::stale::{About, Shown, Versioned, stale_form};

#[derive(Template)]
#[template(path = "settings/index.html")]
struct SettingsPage {
    layout: Layout,
    lookups: Lookups,
    hours_per_pm: String,
    can_import: bool,
    can_edit: bool,
    csrf_token: String,
    /// kind/key → (id, hidden fields of its forms), for the save and delete buttons.
    rows: HashMap<String, (String, Shown)>,
    /// (id, from, hours, hidden fields of its delete form)
    rates: Vec<(String, String, String, Shown)>,
    calendar: Option<(String, String)>,
    year: i32,
    /// "FI holidays in 2031" in the page's language.
    holidays_heading: String,
    /// (id, day, name, hidden fields of its delete form)
    holidays: Vec<(String, String, String, Shown)>,
    notice: Option<String>,
    problem: Option<String>,
}

impl SettingsPage {
    /// The id of a row, for its forms ("" when unknown).
    fn id_of(&self, kind: &str, key: &str) -> String {
        self.rows
            .get(&format!("{kind}/{key}"))
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    }

    /// The version and values of a row, for the hidden fields of its forms.
    fn row_of(&self, kind: &str, key: &str) -> Shown {
        self.rows
            .get(&format!("{kind}/{key}"))
            .map(|(_, row)| row.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    calendar: Option<String>,
    year: Option<i32>,
    notice: Option<String>,
    format: Option<String>,
}

/// The calendar code and year the page shows holidays of (FI and this year unless asked).
fn calendar_and_year(query: &SettingsQuery) -> (String, i32) {
    let calendar_code = query.calendar.clone().unwrap_or_else(|| "FI".into());
    let year = query
        .year
        .unwrap_or_else(|| chrono::Utc::now().year())
        .clamp(1900, 2200);
    (calendar_code, year)
}

fn settings_page(
    page: &Page,
    view: SettingsView,
    query: &SettingsQuery,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let SettingsView {
        lookups,
        rows,
        calendar,
        rates,
        holidays,
    } = view;
    let (_, year) = calendar_and_year(query);
    let can_edit = settings::may_change_settings(&page.acting()).is_ok();
    let lang = page.lang;
    let holidays_heading = match &calendar {
        Some((_, code)) => lang.t2(
            "holiday-heading",
            ("calendar", code),
            ("year", year.to_string()),
        ),
        None => String::new(),
    };
    let html = SettingsPage {
        layout: page.layout(lang.t("nav-settings"), Section::Settings),
        lookups,
        holidays_heading,
        hours_per_pm: lang.decimal(&page.state.settings.hours_per_pm),
        can_import: can_edit,
        can_edit,
        csrf_token: page.csrf_token(),
        rows: rows
            .into_iter()
            .map(|r| {
                let row = Shown::of(r.version, &r.form);
                (
                    format!("{}/{}", r.kind.slug(), r.key),
                    (r.id.to_string(), row),
                )
            })
            .collect(),
        rates: rates
            .into_iter()
            .map(|r| {
                let row = Shown::of(r.version, &r.form);
                (
                    r.id.to_string(),
                    r.form.valid_from,
                    lang.plain_number(&r.form.hours_per_pm),
                    row,
                )
            })
            .collect(),
        calendar: calendar.map(|(id, code)| (id.to_string(), code)),
        year,
        holidays: holidays
            .into_iter()
            .map(|r| {
                let row = Shown::of(r.version, &r.form);
                (r.id.to_string(), r.form.day, r.form.name, row)
            })
            .collect(),
        notice: match query.notice.as_deref() {
            Some("added") => Some(lang.t("settings-notice-added")),
            Some("deleted") => Some(lang.t("settings-notice-deleted")),
            Some("saved") => Some(lang.t("settings-notice-saved")),
            _ => None,
        },
        problem,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub async fn index(page: Page, query: web::Query<SettingsQuery>) -> Result<HttpResponse, AppError> {
    if let Some(format) = crate::web::download::Format::parse(query.format.as_deref())? {
        use crate::web::download::Value;
        let l = page
            .state
            .db
            .in_transaction(page.user.id, |conn| Ok::<_, AppError>(lookups::all(conn)?))
            .await?;
        let lang = page.lang;
        let text = |s: &str| Value::Text(s.to_string());
        let mut rows: Vec<Vec<Value>> = Vec::new();
        let (pipeline, locks) = (
            lang.t("settings-flag-pipeline"),
            lang.t("settings-flag-locks"),
        );
        rows.extend(l.lifecycle_states.iter().map(|s| {
            let flags: Vec<&str> = [(s.is_pipeline, &pipeline), (s.locks_project, &locks)]
                .into_iter()
                .filter(|(set, _)| *set)
                .map(|(_, flag)| flag.as_str())
                .collect();
            vec![
                text(&lang.t("settings-kind-lifecycle-state")),
                text(&s.code),
                text(&lang.lookup_name(&s.name)),
                text(&flags.join(" ")),
            ]
        }));
        rows.extend(l.role_types.iter().map(|r| {
            vec![
                text(&lang.t("settings-kind-role-type")),
                text(""),
                text(&lang.lookup_name(&r.name)),
                text(&lang.lookup_name(r.group.as_deref().unwrap_or(""))),
            ]
        }));
        rows.extend(l.deliverable_types.iter().map(|d| {
            vec![
                text(&lang.t("settings-kind-deliverable-type")),
                text(&d.code),
                text(&lang.lookup_name(&d.name)),
                text(&lang.lookup_name(d.group.as_deref().unwrap_or(""))),
            ]
        }));
        rows.extend(l.dissemination_levels.iter().map(|d| {
            vec![
                text(&lang.t("settings-kind-dissemination-level")),
                text(&d.code),
                text(&lang.lookup_name(&d.name)),
                text(&lang.lookup_name(d.group.as_deref().unwrap_or(""))),
            ]
        }));
        rows.extend(l.allocation_groups.iter().map(|a| {
            vec![
                text(&lang.t("settings-kind-allocation-group")),
                text(&a.code),
                text(&lang.lookup_name(&a.name)),
                text(""),
            ]
        }));
        rows.extend(l.calendars.iter().map(|c| {
            vec![
                text(&lang.t("settings-kind-calendar")),
                text(&c.code),
                text(&lang.lookup_name(&c.name)),
                text(c.country_code.as_deref().unwrap_or("")),
            ]
        }));
        let header = [
            lang.t("settings-column-kind"),
            lang.t("settings-code"),
            lang.t("settings-name"),
            lang.t("settings-column-details"),
        ];
        return crate::web::download::table(format, "settings", &header, &rows);
    }
    let (calendar_code, year) = calendar_and_year(&query);
    let view = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            Ok::<_, AppError>(settings::view(conn, &calendar_code, year)?)
        })
        .await?;
    settings_page(&page, view, &query, None, StatusCode::OK)
}

fn kind_of(value: &str) -> Result<Kind, AppError> {
    Kind::parse(value).ok_or_else(AppError::not_found)
}

/// How a change ended, read in the transaction that tried it.
enum Answer {
    Done,
    /// Refused for its input: the sentences and the page to show them on.
    Refused(String, SettingsView),
    /// The value changed since the page was shown: the value as it is now.
    Stale(Option<SettingRow>),
}

/// Ends a change in its transaction: a refusal the page shows again is read for showing it by
/// `reread` (this year's holidays of the default calendar, or the value as stored for a stale
/// form); any other refusal is an error page.
fn answered<T, E>(
    lang: crate::i18n::Lang,
    outcome: Outcome<T>,
    reread: impl FnOnce(&DomainError, (&str, i32)) -> Result<AfterRefusal, E>,
) -> Result<Answer, AppError>
where
    AppError: From<E>,
{
    let refusal = match outcome {
        Ok(_) => return Ok(Answer::Done),
        Err(refusal @ (DomainError::Invalid(_) | DomainError::Stale)) => refusal,
        Err(other) => return Err(other.into()),
    };
    let (calendar_code, year) = calendar_and_year(&SettingsQuery::default());
    Ok(match (reread(&refusal, (&calendar_code, year))?, refusal) {
        (AfterRefusal::Page(view), DomainError::Invalid(errors)) => {
            let sentences = crate::command::sentences_in(&errors, lang);
            Answer::Refused(sentences, view)
        }
        (AfterRefusal::Stale(now), _) => Answer::Stale(now),
        (AfterRefusal::Page(_), other) => return Err(other.into()),
    })
}

/// After a change: back to the page with `notice`, the page again with the refusal (status
/// `refused`), or the 409 page of a stale form (`typed`: what a save sent; `None` for a delete).
fn respond(
    page: &Page,
    answer: Answer,
    (notice, refused): (&str, StatusCode),
    (kind, shown, typed): (Kind, &Shown, Option<&SettingForm>),
) -> Result<HttpResponse, AppError> {
    match answer {
        Answer::Done => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/settings?notice={notice}")))
            .finish()),
        Answer::Refused(problem, view) => {
            let query = SettingsQuery::default();
            settings_page(page, view, &query, Some(problem), refused)
        }
        Answer::Stale(now) => {
            let now = now.ok_or_else(AppError::not_found)?;
            stale_setting(page, kind, shown, typed, now)
        }
    }
}

pub async fn create(
    page: Page,
    path: web::Path<String>,
    form: CsrfForm<SettingForm>,
) -> Result<HttpResponse, AppError> {
    let kind = kind_of(&path.into_inner())?;
    let (acting, form) = (page.acting(), form.0);
    let lang = page.lang;
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = settings::create_setting(conn, &acting, (kind, &form));
            let target = (kind, Uuid::nil());
            answered(lang, outcome, |refusal, shown| {
                settings::after_refusal(conn, refusal, target, shown)
            })
        })
        .await?;
    let shown = Shown::default();
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    respond(&page, answer, ("added", refused), (kind, &shown, None))
}

pub async fn delete(
    page: Page,
    path: web::Path<(String, Uuid)>,
    form: CsrfForm<Shown>,
) -> Result<HttpResponse, AppError> {
    let (kind, id) = path.into_inner();
    let kind = kind_of(&kind)?;
    let (acting, shown) = (page.acting(), form.0);
    let version = shown.version()?;
    let lang = page.lang;
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = settings::delete_setting(conn, &acting, (kind, id, version));
            answered(lang, outcome, |refusal, shown| {
                settings::after_refusal(conn, refusal, (kind, id), shown)
            })
        })
        .await?;
    let refused = StatusCode::CONFLICT;
    respond(&page, answer, ("deleted", refused), (kind, &shown, None))
}

/// Saves a lifecycle state's name and flags.
pub async fn update_lifecycle_state(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<Versioned<SettingForm>>,
) -> Result<HttpResponse, AppError> {
    save(page, (Kind::LifecycleState, path.into_inner()), form.0).await
}

/// Renames a lookup value (role types, deliverable types, dissemination levels, allocation groups).
pub async fn rename(
    page: Page,
    path: web::Path<(String, Uuid)>,
    form: CsrfForm<Versioned<SettingForm>>,
) -> Result<HttpResponse, AppError> {
    let (kind, id) = path.into_inner();
    save(page, (kind_of(&kind)?, id), form.0).await
}

/// A save of an existing value: a lifecycle state's own command, a rename for the lookups.
async fn save(
    page: Page,
    (kind, id): (Kind, Uuid),
    Versioned { fields, row }: Versioned<SettingForm>,
) -> Result<HttpResponse, AppError> {
    let change = SettingChange {
        kind,
        id,
        version: row.version()?,
        form: fields.clone(),
    };
    let acting = page.acting();
    let lang = page.lang;
    let answer = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let outcome = match kind {
                Kind::LifecycleState => settings::update_lifecycle_state(conn, &acting, &change),
                _ => settings::rename_setting(conn, &acting, &change),
            };
            answered(lang, outcome, |refusal, shown| {
                settings::after_refusal(conn, refusal, (kind, id), shown)
            })
        })
        .await?;
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    respond(
        &page,
        answer,
        ("saved", refused),
        (kind, &row, Some(&fields)),
    )
}

/// The 409 page of a save (`typed`) or delete (`None`) of a value that changed after the
/// settings page was shown; `now` is the value as stored.
fn stale_setting(
    page: &Page,
    kind: Kind,
    shown: &Shown,
    typed: Option<&SettingForm>,
    now: SettingRow,
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let key = now.key.as_str();
    let label = |field: &'static str, key: &str| (field, lang.t(key));
    let (name, group) = (
        label("name", "settings-name"),
        label("group", "settings-group"),
    );
    let (what, labels): (String, Vec<(&str, String)>) = match kind {
        Kind::LifecycleState => (
            lang.t1("settings-stale-lifecycle-state", "key", key),
            vec![
                name,
                label("is_pipeline", "settings-pipeline"),
                label("locks_project", "settings-locks"),
                label("win_probability", "reading-probability-field"),
            ],
        ),
        Kind::RoleType => (
            lang.t1("settings-stale-role-type", "key", key),
            vec![name, group],
        ),
        Kind::DeliverableType => (
            lang.t1("settings-stale-deliverable-type", "key", key),
            vec![name, group],
        ),
        Kind::DisseminationLevel => (
            lang.t1("settings-stale-dissemination-level", "key", key),
            vec![name, group],
        ),
        Kind::AllocationGroup => (
            lang.t1("settings-stale-allocation-group", "key", key),
            vec![name],
        ),
        Kind::Calendar => (
            lang.t1("calendar-stale", "key", key),
            vec![
                label("code", "settings-code"),
                name,
                label("country_code", "settings-country"),
            ],
        ),
        Kind::SystemRate => (
            lang.t1("settings-stale-system-rate", "from", &now.form.valid_from),
            vec![
                label("valid_from", "settings-valid-from"),
                label("hours_per_pm", "settings-hours-per-pm"),
            ],
        ),
        Kind::Holiday => (
            lang.t1("holiday-stale", "day", &now.form.day),
            vec![label("day", "holiday-day"), name],
        ),
    };
    let settings = lang.t("nav-settings");
    let about = About {
        title: settings.clone(),
        section: Section::Settings,
        what,
        breadcrumb: vec![("/settings".into(), settings)],
        latest: ("/settings".into(), lang.t("settings-stale-latest")),
    };
    let (yes, no) = (lang.t("settings-yes"), lang.t("settings-no"));
    let show = |field: &str, value: &str| match field {
        "is_pipeline" | "locks_project" if value.is_empty() => no.clone(),
        "is_pipeline" | "locks_project" => yes.clone(),
        _ => value.to_string(),
    };
    let fields: Vec<(&str, &str)> = labels.iter().map(|(f, l)| (*f, l.as_str())).collect();
    stale_form(page, about, &fields, shown, &now.form, typed, show)
}
