//! Saves and deletes that met someone else's change: the one 409 page of the grids and the edit
//! forms (`templates/conflict.html`), and the hidden fields that let a form detect the change.
//!
//! Every form that changes or deletes an existing row carries the row's version and the values
//! it showed ([`Shown`], `templates/_row_version.html`). When the row's version moved on, the data
//! function refuses the write (`row_version::RowChange::Stale`) and the handler answers with
//! [`stale_form`]: each field as the user saw it, as it is stored now (marked where it changed
//! meanwhile) and as they typed it, so nothing they typed is lost and nothing was written.

use std::collections::HashMap;

use actix_web::HttpResponse;
use askama::Template;
use serde::{Deserialize, Serialize};

use uuid::Uuid;

use crate::db::guarded::RowEdit;
use crate::db::row_version;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

/// The hidden fields of a form that changes or deletes an existing row: the row's version, and
/// the values the form showed (URL-encoded), which the 409 page compares with what is stored.
/// What the browser sends back here is only ever shown to the same user.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Shown {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub shown: String,
}

impl Shown {
    /// The hidden fields of a form showing `values` of a row at `version`.
    pub fn of(version: i64, values: &impl Serialize) -> Shown {
        Shown {
            version: version.to_string(),
            shown: serde_urlencoded::to_string(values).unwrap_or_default(),
        }
    }

    /// The version the form showed; a form without one is refused before anything is read.
    pub fn version(&self) -> Result<i64, AppError> {
        row_version::parse(&self.version)
            .ok_or_else(|| AppError::BadRequest(Msg::new("conflict-no-version")))
    }
}

/// A form's own fields and the hidden fields of the row it changes.
#[derive(Debug, Deserialize)]
pub struct Versioned<F> {
    #[serde(flatten)]
    pub fields: F,
    #[serde(flatten)]
    pub row: Shown,
}

impl<F: Clone> Versioned<F> {
    /// The change this form asks of row `id` (refused without a version), what was typed (shown
    /// again when refused) and the hidden fields it carried.
    pub fn edit_of(self, id: Uuid) -> Result<(RowEdit<F>, F, Shown), AppError> {
        let version = self.row.version()?;
        let typed = self.fields.clone();
        let edit = RowEdit {
            id,
            version,
            form: self.fields,
        };
        Ok((edit, typed, self.row))
    }
}

/// Field name → value of a form, as it would be posted.
fn values(form: &impl Serialize) -> HashMap<String, String> {
    serde_urlencoded::to_string(form)
        .ok()
        .and_then(|text| serde_urlencoded::from_str::<Vec<(String, String)>>(&text).ok())
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// One cell of the conflict table.
pub struct Cell {
    pub text: String,
    /// A number, aligned right.
    pub numeric: bool,
    /// Changed by someone else since the user's page was shown.
    pub changed: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            numeric: false,
            changed: false,
        }
    }

    pub fn number(text: impl Into<String>) -> Cell {
        Cell {
            numeric: true,
            ..Cell::text(text)
        }
    }
}

/// The page of a save (or delete) refused because what it changes changed first.
#[derive(Template)]
#[template(path = "conflict.html")]
pub struct ConflictPage {
    pub layout: Layout,
    /// (address, label) of the breadcrumb's links.
    pub breadcrumb: Vec<(String, String)>,
    pub heading: String,
    /// What happened and what to do, starting with "Nothing … was …".
    pub message: String,
    /// (label, numeric) of the columns.
    pub columns: Vec<(String, bool)>,
    pub rows: Vec<Vec<Cell>>,
    /// (address, label) of the link to the latest version.
    pub latest: (String, String),
}

impl ConflictPage {
    /// Whether any cell is marked as changed (the page then says what the mark means).
    fn marks(&self) -> bool {
        self.rows.iter().flatten().any(|c| c.changed)
    }

    /// The 409 response.
    pub fn respond(&self) -> Result<HttpResponse, AppError> {
        let html = self.render().map_err(AppError::internal)?;
        Ok(HttpResponse::Conflict()
            .content_type("text/html; charset=utf-8")
            .body(html))
    }
}

/// What a refused form was about, for its 409 page.
pub struct About {
    /// The page title and navigation section.
    pub title: String,
    pub section: Section,
    /// What was edited, as in "Someone else changed <what> first", e.g. "task 1.2 of PX".
    pub what: String,
    pub breadcrumb: Vec<(String, String)>,
    /// (address, label) of the page with the latest version.
    pub latest: (String, String),
}

/// The 409 page of an edit (`typed` is what the user typed) or delete form (`typed` is `None`)
/// whose row changed after the form was shown: for each of `fields` (name, label) the value as
/// the form showed it, as stored now and as typed. `show` turns a posted value into what the page
/// shows for it (an id into a name); it gets the field's name and the value.
pub fn stale_form<F: Serialize>(
    page: &Page,
    about: About,
    fields: &[(&str, &str)],
    shown: &Shown,
    now: &F,
    typed: Option<&F>,
    show: impl Fn(&str, &str) -> String,
) -> Result<HttpResponse, AppError> {
    let saw: HashMap<String, String> =
        serde_urlencoded::from_str::<Vec<(String, String)>>(&shown.shown)
            .map(|pairs| pairs.into_iter().collect())
            .unwrap_or_default();
    let now = values(now);
    let typed = typed.map(values);
    let value = |map: &HashMap<String, String>, name: &str| {
        map.get(name).map(String::as_str).unwrap_or("").to_string()
    };
    let rows = fields
        .iter()
        .map(|(name, label)| {
            let (before, stored) = (value(&saw, name), value(&now, name));
            let mut row = vec![
                Cell::text(*label),
                Cell::text(show(name, &before)),
                Cell {
                    // Only a form that said what it showed can tell what changed meanwhile.
                    changed: !saw.is_empty() && before.trim() != stored.trim(),
                    ..Cell::text(show(name, &stored))
                },
            ];
            if let Some(typed) = &typed {
                row.push(Cell::text(show(name, &value(typed, name))));
            }
            row
        })
        .collect();
    let lang = page.lang;
    let mut columns = vec![
        (lang.t("conflict-field"), false),
        (lang.t("conflict-you-saw"), false),
        (lang.t("conflict-saved-now"), false),
    ];
    let message = if typed.is_some() {
        columns.push((lang.t("conflict-you-typed"), false));
        lang.t1("conflict-edit-message", "what", &about.what)
    } else {
        lang.t1("conflict-delete-message", "what", &about.what)
    };
    ConflictPage {
        layout: page.layout(about.title, about.section),
        breadcrumb: about.breadcrumb,
        heading: lang.t1("conflict-heading", "what", &about.what),
        message,
        columns,
        rows,
        latest: about.latest,
    }
    .respond()
}

/// "yes" or "no" for a checkbox's posted value (in English; [`checkbox_in`] in a language).
pub fn checkbox(value: &str) -> String {
    checkbox_in(crate::i18n::Lang::En, value)
}

/// "yes" or "no" for a checkbox's posted value, in `lang`.
pub fn checkbox_in(lang: crate::i18n::Lang, value: &str) -> String {
    lang.t(if value.is_empty() {
        "conflict-no"
    } else {
        "conflict-yes"
    })
}

/// The label of `id` among `(id, label)` choices, else the value itself (typed or unknown).
pub fn label_of<K: ToString>(choices: &[(K, String)], value: &str) -> String {
    choices
        .iter()
        .find(|(id, _)| id.to_string() == value.trim())
        .map(|(_, label)| label.clone())
        .unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Form {
        name: String,
        flag: Option<String>,
    }

    #[test]
    fn a_form_is_compared_field_by_field_as_it_is_posted() {
        let shown = Shown::of(
            3,
            &Form {
                name: "Ada & Co".into(),
                flag: Some("on".into()),
            },
        );
        assert_eq!(shown.version().unwrap(), 3);
        assert_eq!(shown.shown, "name=Ada+%26+Co&flag=on");
        let now = values(&Form {
            name: "Ada".into(),
            flag: None,
        });
        assert_eq!(now.get("name").map(String::as_str), Some("Ada"));
        assert_eq!(now.get("flag"), None);
        assert_eq!(checkbox(""), "no");
        assert_eq!(label_of(&[(7, "seven".to_string())], "7"), "seven");
        assert_eq!(label_of(&[(7, "seven".to_string())], "8"), "8");
    }

    #[test]
    fn a_form_without_a_version_is_refused() {
        assert!(matches!(
            Shown::default().version(),
            Err(AppError::BadRequest(_))
        ));
    }

    #[test]
    fn the_hidden_fields_are_read_beside_the_forms_own() {
        #[derive(Deserialize)]
        struct Fields {
            #[serde(default)]
            name: String,
            #[serde(default)]
            flag: Option<String>,
        }
        let posted: Versioned<Fields> =
            serde_urlencoded::from_str("csrf_token=t&name=Ada&version=4&shown=name%3DAd").unwrap();
        assert_eq!(posted.fields.name, "Ada");
        assert_eq!(posted.fields.flag, None);
        assert_eq!(posted.row.version().unwrap(), 4);
        assert_eq!(posted.row.shown, "name=Ad");
    }
}
