//! `/projects/{id}/work-packages`, `/tasks`, `/milestones` and `/deliverables`: the structure of
//! a project, each row editable in place by editors, with an add form; errors come back on the
//! row they belong to. One set of handlers serves the four pages; what differs is each page's
//! [`Tab`].

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::command::{DomainError, FieldErrors};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::projects::structure::{
    self, Head, ItemForm, Kind, RowDelete, RowSave, StructurePage as Structure,
};
use crate::web::csrf::CsrfForm;
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;
use crate::web::projects::answered;
use crate::web::stale::{About, Shown, Versioned, label_of, stale_form};

/// A row as the page shows it: its form values and, after a refused save, its errors (each
/// with its column's label, in the page's language).
struct RowView {
    id: String,
    form: ItemForm,
    errors: Vec<String>,
    note: String,
    /// The version and values its save and delete forms carry.
    row: Shown,
}

#[derive(Template)]
#[template(path = "projects/structure.html")]
struct StructurePage {
    layout: Layout,
    project_id: Uuid,
    code: String,
    duration: i32,
    tab: &'static str,
    /// The tab's name in the page's language ("Work packages").
    title: String,
    /// Which columns this kind has.
    col_wp: bool,
    col_span: bool,
    col_due: bool,
    col_role: bool,
    col_lead: bool,
    col_deliverable: bool,
    can_edit: bool,
    read_only_reason: Option<String>,
    csrf_token: String,
    rows: Vec<RowView>,
    new_row: RowView,
    problem: Option<String>,
    work_packages: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    /// The Team tab exists when people are planned (PERSON_CAPACITY_ENABLED).
    team_tab: bool,
}

#[derive(serde::Deserialize)]
pub struct FormatQuery {
    format: Option<String>,
}

/// A column of a structure page, its download and its 409 page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Wp,
    Number,
    Name,
    Begin,
    End,
    Due,
    Type,
    Dissemination,
    Role,
    Lead,
}

use Column::*;

impl Column {
    const ALL: [Column; 10] = [
        Wp,
        Number,
        Name,
        Begin,
        End,
        Due,
        Type,
        Dissemination,
        Role,
        Lead,
    ];

    /// The form field, and the catalogue's ids of the column's heading in the table, in a
    /// download, and of its label (the field's `aria-label`, the 409 page).
    fn names(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Wp => (
                "wp",
                "structure-col-wp",
                "structure-col-wp",
                "structure-field-wp",
            ),
            Number => (
                "number",
                "structure-col-number",
                "structure-col-number",
                "structure-col-number",
            ),
            Name => (
                "name",
                "structure-col-name",
                "structure-col-name",
                "structure-col-name",
            ),
            Begin => (
                "begin",
                "structure-col-begin",
                "structure-field-begin",
                "structure-field-begin",
            ),
            End => (
                "end",
                "structure-col-end",
                "structure-field-end",
                "structure-field-end",
            ),
            Due => (
                "due",
                "structure-col-due",
                "structure-field-due",
                "structure-field-due",
            ),
            Type => (
                "kind",
                "structure-col-type",
                "structure-col-type",
                "structure-col-type",
            ),
            Dissemination => (
                "dissemination",
                "structure-col-dissemination",
                "structure-col-dissemination",
                "structure-col-dissemination",
            ),
            Role => (
                "role",
                "structure-col-role",
                "structure-col-role",
                "structure-col-role",
            ),
            Lead => (
                "lead_org",
                "structure-col-lead",
                "structure-download-lead",
                "structure-field-lead",
            ),
        }
    }

    /// The column of form field `field`.
    fn of_field(field: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.names().0 == field)
    }

    /// The column's value on a form.
    fn value(self, form: &ItemForm) -> &str {
        match self {
            Wp => &form.wp,
            Number => &form.number,
            Name => &form.name,
            Begin => &form.begin,
            End => &form.end,
            Due => &form.due,
            Type => &form.kind,
            Dissemination => &form.dissemination,
            Role => &form.role,
            Lead => &form.lead_org,
        }
    }

    /// The choices the column's value is one of (`wps`: the work packages, labelled as the
    /// caller shows them); `None` for a typed value.
    fn choices<'a>(
        self,
        s: &'a Structure,
        wps: &'a [(Uuid, String)],
    ) -> Option<&'a [(Uuid, String)]> {
        match self {
            Wp => Some(wps),
            Type => Some(&s.kinds),
            Dissemination => Some(&s.levels),
            Role => Some(&s.roles),
            Lead => Some(&s.organisations),
            Number | Name | Begin | End | Due => None,
        }
    }
}

/// What differs between the four structure pages.
struct Tab {
    kind: Kind,
    /// The page's address below the project's.
    path: &'static str,
    /// The catalogue's ids of the page's title ("work packages"), of a row in a sentence
    /// ("task 1.2 of PX", with `$number` and `$code`) and of the link to the latest rows.
    title: &'static str,
    what: &'static str,
    latest: &'static str,
    columns: &'static [Column],
}

static TABS: [Tab; 4] = [
    Tab {
        kind: Kind::WorkPackages,
        path: "work-packages",
        title: "wp-title",
        what: "wp-what",
        latest: "wp-open-latest",
        columns: &[Number, Name, Begin, End, Lead],
    },
    Tab {
        kind: Kind::Tasks,
        path: "tasks",
        title: "task-title",
        what: "task-what",
        latest: "task-open-latest",
        columns: &[Wp, Number, Name, Begin, End, Role, Lead],
    },
    Tab {
        kind: Kind::Milestones,
        path: "milestones",
        title: "milestone-title",
        what: "milestone-what",
        latest: "milestone-open-latest",
        columns: &[Wp, Number, Name, Due, Role],
    },
    Tab {
        kind: Kind::Deliverables,
        path: "deliverables",
        title: "deliverable-title",
        what: "deliverable-what",
        latest: "deliverable-open-latest",
        columns: &[Wp, Number, Name, Due, Type, Dissemination, Lead],
    },
];

impl Tab {
    fn has(&self, column: Column) -> bool {
        self.columns.contains(&column)
    }

    /// Where a change of a row returns to: the page of its kind.
    fn back(&self, project: Uuid) -> HttpResponse {
        HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/projects/{project}/{}", self.path),
            ))
            .finish()
    }
}

/// The four pages' routes, each list page with its add, save and delete.
pub fn routes(cfg: &mut web::ServiceConfig) {
    for tab in &TABS {
        let list = format!("/projects/{{id}}/{}", tab.path);
        let row = format!("{list}/{{item}}");
        let show = move |page: Page, path: web::Path<Uuid>, query: web::Query<FormatQuery>| {
            show(page, path.into_inner(), tab, query.into_inner().format)
        };
        let add = move |page: Page, path: web::Path<Uuid>, form: CsrfForm<ItemForm>| {
            save(page, path.into_inner(), None, tab, form.0)
        };
        let change = move |page: Page,
                           path: web::Path<(Uuid, Uuid)>,
                           form: CsrfForm<Versioned<ItemForm>>| {
            let ((project, item), Versioned { fields, row }) = (path.into_inner(), form.0);
            save(page, project, Some((item, row)), tab, fields)
        };
        let delete = move |page: Page, path: web::Path<(Uuid, Uuid)>, form: CsrfForm<Shown>| {
            let (project, item) = path.into_inner();
            delete(page, project, item, tab, form.0)
        };
        cfg.route(&list, web::get().to(show))
            .route(&list, web::post().to(add))
            .route(&row, web::post().to(change))
            .route(&format!("{row}/delete"), web::post().to(delete));
    }
}

/// What to show again after a refused save: the row (or "new") with the values and errors, and
/// the version the form had shown (a corrected save must still detect someone else's change).
struct Retry {
    row: String,
    form: ItemForm,
    errors: FieldErrors,
    shown: Shown,
}

/// The rows of one kind as their forms show them, with their notes in `lang`.
fn rows_of(tab: &Tab, s: &Structure, lang: Lang) -> Vec<RowView> {
    s.rows(tab.kind)
        .into_iter()
        .map(|r| {
            let note = match tab.kind {
                Kind::WorkPackages => {
                    let tasks = s.tasks.iter().filter(|t| t.work_package_id == r.id);
                    lang.t1("wp-task-count", "count", tasks.count())
                }
                Kind::Tasks => {
                    let cells = s.demand_cells.get(&r.id).copied().unwrap_or(0);
                    lang.t1("task-demand-cells", "count", cells)
                }
                Kind::Milestones | Kind::Deliverables => String::new(),
            };
            RowView {
                id: r.id.to_string(),
                row: Shown::of(r.version, &r.form),
                form: r.form,
                errors: Vec::new(),
                note,
            }
        })
        .collect()
}

/// The label of a chosen id, or nothing.
fn label(list: &[(Uuid, String)], value: &str) -> String {
    list.iter()
        .find(|(id, _)| id.to_string() == value)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

/// The rows of one kind as a CSV or ODS file, with names instead of ids; the header in `lang`.
fn download_rows(
    tab: &Tab,
    s: &Structure,
    format: Format,
    lang: Lang,
) -> Result<HttpResponse, AppError> {
    let wp_numbers: Vec<(Uuid, String)> = s
        .work_packages
        .iter()
        .map(|w| (w.id, w.number.to_string()))
        .collect();
    let header: Vec<String> = tab.columns.iter().map(|c| lang.t(c.names().2)).collect();
    let value = |column: Column, form: &ItemForm| {
        let v = column.value(form);
        match column.choices(s, &wp_numbers) {
            Some(list) => Value::Text(lang.lookup_name(&label(list, v))),
            None if matches!(column, Begin | End | Due) => v
                .parse::<f64>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::Text(v.to_string())),
            None => Value::Text(v.to_string()),
        }
    };
    let table: Vec<Vec<Value>> = rows_of(tab, s, lang)
        .iter()
        .map(|r| tab.columns.iter().map(|c| value(*c, &r.form)).collect())
        .collect();
    let name = format!("{}-{}", s.head.code, tab.path);
    download::table(format, &name, &header, &table)
}

/// A work package as a choice of a select box: "WP 2 Analysis".
fn wp_label(lang: Lang, wp: &structure::WorkPackage) -> String {
    lang.t2(
        "wp-label",
        ("number", wp.number.to_string()),
        ("name", wp.name.as_str()),
    )
}

/// A refused row's errors as its page shows them in `lang`: "Number: Number the task …".
fn error_lines(errors: &FieldErrors, lang: Lang) -> Vec<String> {
    errors
        .iter()
        .map(|(field, sentence)| match Column::of_field(field) {
            Some(column) => lang.t2(
                "structure-row-error",
                ("field", lang.t(column.names().3)),
                ("sentence", sentence.in_lang(lang)),
            ),
            None => sentence.in_lang(lang),
        })
        .collect()
}

/// The (id, label) pairs of a select box, as the template takes them (seeded lookup names in
/// `lang`).
fn options(choices: Vec<(Uuid, String)>, lang: Lang) -> Vec<(String, String)> {
    choices
        .into_iter()
        .map(|(id, name)| (id.to_string(), lang.lookup_name(&name)))
        .collect()
}

/// The page of one kind, from `s` as read in the request's transaction; `retry` is a refused
/// form shown again, `problem` a refusal shown above the table.
fn render(
    page: &Page,
    tab: &Tab,
    s: Structure,
    retry: Option<Retry>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let (can_edit, read_only_reason) = match &s.editable {
        Ok(()) => (true, None),
        Err(reason) => (false, Some(reason.in_lang(lang))),
    };
    let mut rows = rows_of(tab, &s, lang);
    let mut new_row = RowView {
        id: "new".into(),
        form: ItemForm::default(),
        errors: Vec::new(),
        note: String::new(),
        row: Shown::default(),
    };
    if let Some(retry) = retry {
        let errors = error_lines(&retry.errors, lang);
        if retry.row == "new" {
            new_row.form = retry.form;
            new_row.errors = errors;
        } else if let Some(row) = rows.iter_mut().find(|r| r.id == retry.row) {
            row.form = retry.form;
            row.errors = errors;
            row.row = retry.shown;
        }
    }
    let Head { id, code, duration } = s.head;
    let title = lang.t(tab.title);
    let html = StructurePage {
        layout: page.layout(format!("{code} {title}"), Section::Projects),
        project_id: id,
        code,
        duration,
        tab: tab.path,
        title,
        col_wp: tab.has(Wp),
        col_span: tab.has(Begin),
        col_due: tab.has(Due),
        col_role: tab.has(Role),
        col_lead: tab.has(Lead),
        col_deliverable: tab.has(Type),
        can_edit,
        read_only_reason,
        csrf_token: page.csrf_token(),
        rows,
        new_row,
        problem,
        work_packages: s
            .work_packages
            .iter()
            .map(|w| (w.id.to_string(), wp_label(lang, w)))
            .collect(),
        organisations: options(s.organisations, lang),
        roles: options(s.roles, lang),
        kinds: options(s.kinds, lang),
        levels: options(s.levels, lang),
        team_tab: page.state.settings.person_capacity_enabled,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// A structure page, or its rows as a file (`?format=csv` or `ods`).
async fn show(
    page: Page,
    project: Uuid,
    tab: &'static Tab,
    format: Option<String>,
) -> Result<HttpResponse, AppError> {
    let format = Format::parse(format.as_deref())?;
    let policy = page.user.policy();
    let s = page
        .state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            structure::page(conn, &policy, project)?.ok_or_else(AppError::not_found)
        })
        .await?;
    match format {
        Some(format) => download_rows(tab, &s, format, page.lang),
        None => render(&page, tab, s, None, None, StatusCode::OK),
    }
}

/// A change a structure page asks for.
enum Request {
    /// Boxed: a form's text is far larger than a delete.
    Save(Box<RowSave>),
    Delete(RowDelete),
}

/// Runs a change in the request's one transaction: `Ok` when it was made; a refusal the page
/// shows (bad input, a stale form) comes back with the structure read after it in the same
/// transaction.
async fn run(
    page: &Page,
    project: Uuid,
    request: Request,
) -> Result<Result<(), (DomainError, Structure)>, AppError> {
    let acting = page.acting();
    let policy = page.user.policy();
    page.state
        .db
        .in_project_transaction(page.user.id, project, move |conn| {
            let done = answered(match request {
                Request::Save(input) => structure::save(conn, &acting, *input).map(drop),
                Request::Delete(input) => structure::delete(conn, &acting, input),
            })?;
            match done {
                Ok(()) => Ok(Ok(())),
                Err(refusal @ (DomainError::Invalid(_) | DomainError::Stale)) => {
                    let s = structure::page(conn, &policy, project)?;
                    Ok(Err((refusal, s.ok_or_else(AppError::not_found)?)))
                }
                Err(other) => Err(other.into()),
            }
        })
        .await
}

/// Adds (`item` is `None`) or changes a row; `item` is the row with the hidden fields its form
/// carried.
async fn save(
    page: Page,
    project: Uuid,
    item: Option<(Uuid, Shown)>,
    tab: &'static Tab,
    form: ItemForm,
) -> Result<HttpResponse, AppError> {
    let row = match &item {
        Some((id, shown)) => Some((*id, shown.version()?)),
        None => None,
    };
    let input = RowSave {
        kind: tab.kind,
        project,
        row,
        form: form.clone(),
    };
    let (refusal, s) = match run(&page, project, Request::Save(Box::new(input))).await? {
        Ok(()) => return Ok(tab.back(project)),
        Err(refused) => refused,
    };
    match (refusal, item) {
        (DomainError::Invalid(errors), item) => {
            let (row, shown) = match item {
                Some((id, shown)) => (id.to_string(), shown),
                None => ("new".to_string(), Shown::default()),
            };
            let retry = Retry {
                row,
                form,
                errors,
                shown,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(&page, tab, s, Some(retry), None, status)
        }
        (DomainError::Stale, Some((id, shown))) => {
            stale_row(&page, tab, s, id, &shown, Some(&form))
        }
        (DomainError::Stale, None) => Err(AppError::not_found()),
        (other, _) => Err(other.into()),
    }
}

/// Deletes a row of any kind; a work package that still has tasks stays, with the reason on
/// its page (409).
async fn delete(
    page: Page,
    project: Uuid,
    item: Uuid,
    tab: &'static Tab,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let input = RowDelete {
        kind: tab.kind,
        project,
        row: item,
        version: shown.version()?,
    };
    match run(&page, project, Request::Delete(input)).await? {
        Ok(()) => Ok(tab.back(project)),
        Err((DomainError::Invalid(errors), s)) if tab.kind == Kind::WorkPackages => {
            let reason = crate::command::sentences_in(&errors, page.lang);
            render(&page, tab, s, None, Some(reason), StatusCode::CONFLICT)
        }
        Err((DomainError::Stale, s)) => stale_row(&page, tab, s, item, &shown, None),
        Err((other, _)) => Err(other.into()),
    }
}

/// The 409 page of a save (`typed`: what the user typed) or delete (`None`) of a row that
/// changed after the page showing it was opened.
fn stale_row(
    page: &Page,
    tab: &Tab,
    s: Structure,
    id: Uuid,
    shown: &Shown,
    typed: Option<&ItemForm>,
) -> Result<HttpResponse, AppError> {
    let now = s
        .rows(tab.kind)
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(AppError::not_found)?;
    let lang = page.lang;
    let code = s.head.code.clone();
    let project = s.head.id;
    let about = About {
        title: format!("{code} {}", lang.t(tab.title)),
        section: Section::Projects,
        what: lang.t2(
            tab.what,
            ("number", now.form.number.as_str()),
            ("code", code.as_str()),
        ),
        breadcrumb: vec![
            ("/projects".into(), lang.t("nav-projects")),
            (format!("/projects/{project}"), code),
        ],
        latest: (
            format!("/projects/{project}/{}", tab.path),
            lang.t(tab.latest),
        ),
    };
    let labels: Vec<(&str, String)> = tab
        .columns
        .iter()
        .map(|c| (c.names().0, lang.t(c.names().3)))
        .collect();
    let fields: Vec<(&str, &str)> = labels
        .iter()
        .map(|(field, label)| (*field, label.as_str()))
        .collect();
    let wps: Vec<(Uuid, String)> = s
        .work_packages
        .iter()
        .map(|w| (w.id, wp_label(lang, w)))
        .collect();
    let show = |field: &str, value: &str| {
        let column = tab.columns.iter().find(|c| c.names().0 == field);
        match column.and_then(|c| c.choices(&s, &wps)) {
            None => value.to_string(),
            Some(_) if value.trim().is_empty() => "—".to_string(),
            Some(choices) => lang.lookup_name(&label_of(choices, value)),
        }
    };
    stale_form(page, about, &fields, shown, &now.form, typed, show)
}
