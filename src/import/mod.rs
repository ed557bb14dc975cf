//! Importing spreadsheets (SPEC §8): parse and validate a whole workbook first, collecting every
//! problem; write nothing if there is one; otherwise write everything in one transaction.
//! Organisations are matched by short name, projects by code, persons by code, so importing the
//! same file again changes nothing. A dry run does the whole write and rolls it back, so its
//! counts are exactly what a real import would do.

pub mod people;
pub mod project;

use std::fmt;

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::spreadsheet::ImportError;

/// What happened to one kind of thing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
}

impl Changes {
    pub fn total(&self) -> usize {
        self.created + self.updated + self.deleted
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} deleted",
            self.created, self.updated, self.deleted
        )
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub file: String,
    /// The project code, or "people".
    pub subject: String,
    /// Per kind of thing, in the order the file lists them.
    pub kinds: Vec<(&'static str, Changes)>,
    /// Lookup values that did not exist and were created (e.g. `role type "Data steward"`).
    pub lookups_created: Vec<String>,
    pub dry_run: bool,
}

impl Summary {
    pub fn changes(&mut self, kind: &'static str) -> &mut Changes {
        if let Some(i) = self.kinds.iter().position(|(k, _)| *k == kind) {
            &mut self.kinds[i].1
        } else {
            self.kinds.push((kind, Changes::default()));
            let last = self.kinds.len() - 1;
            &mut self.kinds[last].1
        }
    }

    pub fn total(&self) -> Changes {
        self.kinds
            .iter()
            .fold(Changes::default(), |acc, (_, c)| Changes {
                created: acc.created + c.created,
                updated: acc.updated + c.updated,
                deleted: acc.deleted + c.deleted,
            })
    }
}

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file has problems; nothing was written.
    #[error("{} problem(s) found; nothing was imported", .0.len())]
    Invalid(Vec<ImportError>),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Runs `write` in a transaction; a dry run rolls it back after counting.
pub(crate) fn in_transaction<F>(
    conn: &mut PgConnection,
    dry_run: bool,
    write: F,
) -> Result<Summary, ImportFailure>
where
    F: FnOnce(&mut PgConnection) -> Result<Summary, ImportFailure>,
{
    let mut outcome = None;
    let result = conn.transaction::<(), ImportFailure, _>(|conn| {
        let summary = write(conn)?;
        let roll_back = dry_run;
        outcome = Some(summary);
        if roll_back {
            Err(ImportFailure::Database(
                diesel::result::Error::RollbackTransaction,
            ))
        } else {
            Ok(())
        }
    });
    match (result, outcome) {
        (Ok(()), Some(summary)) => Ok(summary),
        (
            Err(ImportFailure::Database(diesel::result::Error::RollbackTransaction)),
            Some(mut summary),
        ) if dry_run => {
            summary.dry_run = true;
            Ok(summary)
        }
        (Err(e), _) => Err(e),
        (Ok(()), None) => Err(ImportFailure::Database(
            diesel::result::Error::RollbackTransaction,
        )),
    }
}

use std::collections::HashMap;

use crate::audit::Actor;
use crate::spreadsheet::Workbook;

/// A file to import: its name (for messages) and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Validates every project workbook, then imports them all in one transaction. `step` is told
/// what happens, for a progress bar.
pub fn import_projects(
    conn: &mut PgConnection,
    uploads: Vec<Upload>,
    actor: &Actor,
    dry_run: bool,
    step: &mut dyn FnMut(&str),
) -> Result<Vec<Summary>, ImportFailure> {
    let mut known = project::Known::load(conn)?;
    let mut problems = Vec::new();
    let mut parsed: Vec<(String, project::ProjectFile)> = Vec::new();
    let mut codes: HashMap<String, String> = HashMap::new();
    for upload in uploads {
        step(&format!("reading {}", upload.name));
        let book = match Workbook::from_bytes(&upload.name, upload.bytes) {
            Ok(book) => book,
            Err(message) => {
                problems.push(file_problem(&upload.name, message));
                continue;
            }
        };
        step(&format!("checking {}", upload.name));
        match project::parse(&book, &known) {
            Ok(file) => {
                if let Some(other) = codes.insert(file.code.clone(), upload.name.clone()) {
                    problems.push(file_problem(
                        &upload.name,
                        format!(
                            "{}: the project code {} is also in {other}",
                            upload.name, file.code
                        ),
                    ));
                }
                // Later files may refer to organisations an earlier file creates.
                for org in &file.organisations {
                    known
                        .orgs
                        .entry(org.short_name.clone())
                        .or_insert((uuid::Uuid::nil(), None));
                }
                parsed.push((upload.name, file));
            }
            Err(list) => problems.extend(list),
        }
    }
    if !problems.is_empty() {
        return Err(ImportFailure::Invalid(problems));
    }
    let mut summaries = Vec::new();
    let outcome = in_transaction(conn, dry_run, |conn| {
        for (name, file) in &parsed {
            step(&format!("writing {}", file.code));
            summaries.push(project::import(conn, file, name, actor, false)?);
        }
        Ok(Summary::default())
    });
    outcome?;
    for s in &mut summaries {
        s.dry_run = dry_run;
    }
    Ok(summaries)
}

/// Validates a people workbook and imports it in one transaction.
pub fn import_people(
    conn: &mut PgConnection,
    upload: Upload,
    actor: &Actor,
    dry_run: bool,
    step: &mut dyn FnMut(&str),
) -> Result<Summary, ImportFailure> {
    step(&format!("reading {}", upload.name));
    let book = Workbook::from_bytes(&upload.name, upload.bytes)
        .map_err(|message| ImportFailure::Invalid(vec![file_problem(&upload.name, message)]))?;
    step(&format!("checking {}", upload.name));
    let known = people::Known::load(conn)?;
    let file = people::parse(&book, &known).map_err(ImportFailure::Invalid)?;
    step("writing people");
    people::import(conn, &file, &upload.name, actor, dry_run)
}

fn file_problem(file: &str, message: String) -> ImportError {
    // Messages from the reader already start with the file name.
    let message = message
        .strip_prefix(&format!("{file}: "))
        .map(str::to_string)
        .unwrap_or(message);
    ImportError {
        file: file.to_string(),
        sheet: None,
        row: None,
        column: None,
        message,
    }
}
