//! `/import` (admins): upload a project or people workbook, see what it would change (a dry run),
//! then import it on confirmation. Between the two steps the upload waits in the database
//! (`import::pending`), visible to its uploader only, so that any server can confirm it.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::Actor;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::web::csrf::{self, CsrfForm};
use crate::web::input;
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;
use crate::workbooks::import::pending::{self, Kind};
use crate::workbooks::import::{self, ImportFailure, Importer, Summary, Upload};
use crate::workbooks::spreadsheet::{ImportError, Workbook, limits};

/// Largest workbook accepted (the same limit as on the command line).
const MAX_UPLOAD: usize = limits::MAX_FILE_BYTES as usize;
/// Longest file name kept with an upload (the column's check, migration 001090).
const MAX_FILE_NAME: usize = 255;

#[derive(Template)]
#[template(path = "import/index.html")]
struct ImportPage {
    layout: Layout,
    csrf_token: String,
    /// The problems of the file, each in the page's language.
    problems: Vec<String>,
    summaries: Vec<SummaryView>,
    /// Set after a dry run: the confirm button imports this upload.
    confirm_token: Option<String>,
    file_name: String,
    /// The problems are changes the user may not make, not mistakes in the file.
    refused: bool,
}

/// What an import changes (or would change), written in the page's language.
struct SummaryView {
    heading: String,
    /// (kind, created, updated, deleted), the numbers as the language writes them.
    rows: Vec<(String, String, String, String)>,
    /// "New lookup values: …", when the import creates some.
    lookups: Option<String>,
}

impl SummaryView {
    fn new(summary: &Summary, done: bool, lang: Lang) -> SummaryView {
        let (file, subject) = (summary.file.as_str(), summary.subject_in(lang));
        let heading = if done {
            lang.t2("import-done-heading", ("file", file), ("subject", &subject))
        } else {
            lang.t2(
                "import-preview-heading",
                ("file", file),
                ("subject", &subject),
            )
        };
        let rows = summary
            .kinds
            .iter()
            .map(|(kind, c)| {
                (
                    import::kind_in(kind, lang),
                    lang.int(c.created as i64),
                    lang.int(c.updated as i64),
                    lang.int(c.deleted as i64),
                )
            })
            .collect();
        let lookups = (!summary.lookups_created.is_empty()).then(|| {
            let names: Vec<String> = summary
                .lookups_created
                .iter()
                .map(|m| m.in_lang(lang))
                .collect();
            lang.t1("import-new-lookups", "values", names.join(", "))
        });
        SummaryView {
            heading,
            rows,
            lookups,
        }
    }
}

fn require_admin(page: &Page) -> Result<(), AppError> {
    if page.user.policy().can_manage_settings() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Msg::new("import-admins-only")))
    }
}

pub async fn form(page: Page) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    render(&ImportPage {
        layout: page.layout(page.lang.t("import-title"), Section::Settings),
        csrf_token: page.csrf_token(),
        problems: Vec::new(),
        summaries: Vec::new(),
        confirm_token: None,
        file_name: String::new(),
        refused: false,
    })
}

/// Why a workbook was not imported: the problems of the file, or the changes the user may not
/// make (`refused`).
struct Stopped {
    problems: Vec<ImportError>,
    refused: bool,
}

/// What an import did, or why it stopped.
type Outcome = Result<Vec<Summary>, Stopped>;

/// A refused file becomes its problems; a database failure becomes an error page.
fn outcome<T>(result: Result<T, ImportFailure>) -> Result<Result<T, Stopped>, AppError> {
    let stopped = |problems: Vec<ImportError>, refused| Ok(Err(Stopped { problems, refused }));
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(ImportFailure::Invalid(problems)) => stopped(problems, false),
        Err(ImportFailure::Refused(problems)) => stopped(problems, true),
        Err(ImportFailure::Database(e)) => Err(AppError::from(e)),
    }
}

/// Work that needs no database (reading and checking a workbook), on the blocking pool.
async fn off_the_workers<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    web::block(work).await.map_err(AppError::internal)
}

/// Reads the upload's workbook outside any transaction: a file that breaks a limit is refused
/// before it costs memory or holds a database connection. The upload comes back for saving.
async fn read(upload: Upload) -> Result<(Upload, Result<Workbook, Stopped>), AppError> {
    let (upload, book) = off_the_workers(move || {
        let book = import::read(&upload);
        (upload, book)
    })
    .await?;
    Ok((upload, outcome(book)?))
}

/// Imports a workbook for the page's user, by the rules of their Policy: what it may refer to
/// is read in one request transaction, the workbook is checked against that outside any
/// transaction, and the write runs in a second one, which refuses if those facts changed
/// meanwhile.
async fn run(page: &Page, kind: Kind, book: Workbook, dry_run: bool) -> Result<Outcome, AppError> {
    let importer = Importer {
        actor: Actor {
            user_id: page.user.id,
            name: page.user.username.clone(),
        },
        policy: page.user.policy(),
    };
    let db = &page.state.db;
    let user = page.user.id;
    match kind {
        Kind::Project => {
            let known = db
                .in_transaction(user, |conn| {
                    import::project::Known::load(conn).map_err(AppError::from)
                })
                .await?;
            let checked = off_the_workers(move || {
                import::check_projects(std::slice::from_ref(&book), known, &mut |_| {})
            })
            .await?;
            let checked = match outcome(checked)? {
                Ok(checked) => checked,
                Err(problems) => return Ok(Err(problems)),
            };
            db.in_transaction(user, move |conn| {
                outcome(import::write_projects(
                    conn,
                    checked,
                    &importer,
                    dry_run,
                    &mut |_| {},
                ))
            })
            .await
        }
        Kind::People => {
            let known = db
                .in_transaction(user, |conn| {
                    import::people::Known::load(conn).map_err(AppError::from)
                })
                .await?;
            let checked =
                off_the_workers(move || import::check_people(&book, known, &mut |_| {})).await?;
            let checked = match outcome(checked)? {
                Ok(checked) => checked,
                Err(problems) => return Ok(Err(problems)),
            };
            db.in_transaction(user, move |conn| {
                outcome(import::write_people(
                    conn,
                    checked,
                    &importer,
                    dry_run,
                    &mut |_| {},
                ))
                .map(|summary| summary.map(|s| vec![s]))
            })
            .await
        }
    }
}

/// Step 1: the upload, checked and dry-run.
pub async fn upload(page: Page, mut payload: Multipart) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let mut token = None;
    let mut kind = Kind::Project;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut parts = 0;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(unreadable_upload)?;
        parts += 1;
        if parts > input::MAX_UPLOAD_PARTS {
            return Err(AppError::BadRequest(
                Msg::new("upload-too-many-parts").arg("max", input::MAX_UPLOAD_PARTS),
            ));
        }
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f).to_string());
        input::check_no_nul(&name, file_name.as_deref().unwrap_or_default())?;
        // Only the file may be large; the other parts are a token and a word.
        let limit = if name == "file" {
            MAX_UPLOAD
        } else {
            input::MAX_UPLOAD_TEXT
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable_upload)?;
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::BadRequest(if name == "file" {
                    Msg::new("upload-file-too-large").arg("mb", limits::MAX_FILE_BYTES >> 20)
                } else {
                    Msg::new("upload-field-too-long")
                        .arg("field", name.chars().take(60).collect::<String>())
                        .arg("max", input::MAX_UPLOAD_TEXT)
                }));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            csrf::FIELD => token = Some(String::from_utf8_lossy(&bytes).to_string()),
            "kind" => {
                kind = if bytes == b"people" {
                    Kind::People
                } else {
                    Kind::Project
                }
            }
            "file" => file = file_name.filter(|n| !n.is_empty()).map(|n| (n, bytes)),
            _ => {}
        }
    }
    csrf::verify(&page.session, token.as_deref())?;
    let Some((file_name, bytes)) = file else {
        return respond_choose_file(&page);
    };
    if file_name.chars().count() > MAX_FILE_NAME {
        return Err(AppError::BadRequest(
            Msg::new("upload-file-name-too-long").arg("max", MAX_FILE_NAME),
        ));
    }
    let user = page
        .user
        .id
        .ok_or_else(|| AppError::Forbidden(Msg::new("upload-sign-in-first")))?;
    let (upload, book) = read(Upload {
        name: file_name.clone(),
        bytes,
    })
    .await?;
    let outcome = match book {
        Ok(book) => run(&page, kind, book, true).await?,
        Err(stopped) => Err(stopped),
    };
    let mut confirm_token = None;
    if outcome.is_ok() {
        let name = file_name.clone();
        let id = page
            .state
            .db
            .in_transaction(Some(user), move |conn| {
                pending::keep(conn, user, &name, kind, &upload.bytes).map_err(AppError::from)
            })
            .await?;
        confirm_token = Some(id.to_string());
    }
    respond(&page, file_name, outcome, confirm_token)
}

fn unreadable_upload(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(Msg::new("upload-unreadable").arg("detail", e.to_string()))
}

/// The form sent without a file: the page again, with the one problem (no file name to show).
fn respond_choose_file(page: &Page) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let html = ImportPage {
        layout: page.layout(lang.t("import-title"), Section::Settings),
        csrf_token: page.csrf_token(),
        problems: vec![lang.t("upload-choose-file")],
        summaries: Vec::new(),
        confirm_token: None,
        file_name: String::new(),
        refused: false,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// The import page after a check (`confirm_token` set) or an import: 200 with what changes,
/// 422 with the problems of the file, 403 with the changes the user may not make.
fn respond(
    page: &Page,
    file_name: String,
    outcome: Outcome,
    confirm_token: Option<String>,
) -> Result<HttpResponse, AppError> {
    let lang = page.lang;
    let (summaries, problems, refused, status) = match outcome {
        Ok(summaries) => (summaries, Vec::new(), false, StatusCode::OK),
        Err(Stopped { problems, refused }) => {
            let status = if refused {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (Vec::new(), problems, refused, status)
        }
    };
    let done = problems.is_empty() && confirm_token.is_none();
    let html = ImportPage {
        layout: page.layout(lang.t("import-title"), Section::Settings),
        csrf_token: page.csrf_token(),
        problems: import::sentences(&problems, lang),
        summaries: summaries
            .iter()
            .map(|s| SummaryView::new(s, done, lang))
            .collect(),
        confirm_token,
        file_name,
        refused,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    token: String,
}

/// Step 2: the confirmed import of the upload of step 1, on whichever server the confirmation
/// reaches. The upload is taken out of the waiting room first: a token imports once.
pub async fn confirm(page: Page, form: CsrfForm<ConfirmForm>) -> Result<HttpResponse, AppError> {
    require_admin(&page)?;
    let not_waiting = || AppError::BadRequest(Msg::new("import-not-waiting"));
    let id = Uuid::parse_str(form.0.token.trim()).map_err(|_| not_waiting())?;
    let user = page.user.id.ok_or_else(not_waiting)?;
    let pending = page
        .state
        .db
        .in_transaction(Some(user), move |conn| {
            pending::take(conn, user, id).map_err(AppError::from)
        })
        .await?
        .ok_or_else(not_waiting)?;
    let (_, book) = read(Upload {
        name: pending.file_name.clone(),
        bytes: pending.workbook,
    })
    .await?;
    let outcome = match book {
        Ok(book) => run(&page, pending.kind, book, false).await?,
        Err(stopped) => Err(stopped),
    };
    respond(&page, pending.file_name, outcome, None)
}

/// `GET /projects/{id}/export.ods`: the project in the import layout.
pub async fn export_project(
    page: Page,
    path: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (code, bytes) = page
        .state
        .db
        .in_transaction(page.user.id, move |conn| {
            let overview = crate::projects::overview(conn, id)?.ok_or_else(AppError::not_found)?;
            let code = overview.summary.code;
            let file = crate::workbooks::export::load_project(conn, &code)?
                .ok_or_else(AppError::not_found)?;
            let bytes = crate::workbooks::export::project_ods(&file)
                .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?;
            Ok::<_, AppError>((code, bytes))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.oasis.opendocument.spreadsheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{code}.ods\""),
        ))
        .body(bytes))
}
