//! Importing spreadsheets (SPEC §8): parse and validate a whole workbook first, collecting every
//! problem; write nothing if there is one; otherwise write everything in one transaction.
//! Organisations are matched by short name, projects by code, persons by code, so importing the
//! same file again changes nothing. A dry run does the whole write and rolls it back, so its
//! counts are exactly what a real import would do.

pub mod pending;
pub mod people;
pub mod project;

use std::fmt;

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::workbooks::spreadsheet::ImportError;

/// The problems of a failed import in `lang`, one sentence each (the upload page, the CLI).
pub fn sentences(problems: &[ImportError], lang: Lang) -> Vec<String> {
    problems.iter().map(|p| p.in_lang(lang)).collect()
}

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

impl Changes {
    /// "1 created, 2 updated, 0 deleted" in `lang` (the CLI's lines).
    pub fn in_lang(&self, lang: Lang) -> String {
        lang.tn(
            "import-changes",
            &[
                ("created", &self.created),
                ("updated", &self.updated),
                ("deleted", &self.deleted),
            ],
        )
    }
}

/// English, for logs and tests.
impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub file: String,
    /// The project code; empty for a people workbook ([`Summary::subject_in`] names it).
    pub subject: String,
    /// Per kind of thing, in the order the file lists them (the kind's English name, which
    /// [`kind_in`] writes in a language).
    pub kinds: Vec<(&'static str, Changes)>,
    /// Lookup values that did not exist and were created (e.g. `role type "Data steward"`).
    pub lookups_created: Vec<Msg>,
    pub dry_run: bool,
}

/// A kind of thing an import changes, in `lang` (the kinds of [`Summary::kinds`]).
pub fn kind_in(kind: &str, lang: Lang) -> String {
    let key = match kind {
        "organisations" => "import-kind-organisations",
        "projects" => "import-kind-projects",
        "partners" => "import-kind-partners",
        "work packages" => "import-kind-work-packages",
        "tasks" => "import-kind-tasks",
        "milestones" => "import-kind-milestones",
        "deliverables" => "import-kind-deliverables",
        "EST demand cells" => "import-kind-est-cells",
        "PROJPLAN demand cells" => "import-kind-projplan-cells",
        "other demand cells of deleted tasks" => "import-kind-other-cells",
        "employee groups" => "import-kind-employee-groups",
        "daily hours" => "import-kind-daily-hours",
        "leave types" => "import-kind-leave-types",
        "persons" => "import-kind-persons",
        "group memberships" => "import-kind-group-memberships",
        "leave" => "import-kind-leave",
        "assignments" => "import-kind-assignments",
        other => return other.to_string(),
    };
    lang.t(key)
}

impl Summary {
    /// What the workbook is about: the project's code, or "people" in `lang`.
    pub fn subject_in(&self, lang: Lang) -> String {
        if self.subject.is_empty() {
            lang.t("import-subject-people")
        } else {
            self.subject.clone()
        }
    }

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
    /// The file is valid but changes what its importer may not change (a locked project, past
    /// months); each names the project and why. Nothing was written.
    #[error("{} change(s) refused; nothing was imported", .0.len())]
    Refused(Vec<ImportError>),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Who imports: the name the audit log records, and the Policy whose rules the import obeys
/// (the grid's: a locked project and the months before the current one are for super-admins).
#[derive(Debug, Clone)]
pub struct Importer {
    pub actor: Actor,
    pub policy: Policy,
}

impl Importer {
    /// The operator at the command line. An operator imports with an administrator's rules, so
    /// that running an old workbook again cannot rewrite history or a closed project by accident;
    /// `super_admin` (the `--super-admin` option) lifts them, as a super-admin's upload may.
    pub fn command_line(super_admin: bool) -> Importer {
        Importer {
            actor: Actor::command_line(),
            policy: Policy::operator(super_admin),
        }
    }
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
use std::io::Read;
use std::path::Path;

use crate::audit::Actor;
use crate::auth::policy::Policy;
use crate::planning::months::current_month;
use crate::workbooks::spreadsheet::{Workbook, limits};

/// A file to import: its name (for messages) and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Upload {
    /// Reads a file from disk, refusing one larger than [`limits::MAX_FILE_BYTES`] without
    /// reading more than that.
    pub fn from_path(path: &Path) -> Result<Upload, ImportFailure> {
        let name = path.display().to_string();
        let problem = |message: Msg| ImportFailure::Invalid(vec![file_problem(&name, message)]);
        let unreadable = |e: std::io::Error| {
            problem(Msg::new("import-file-unreadable").arg("detail", e.to_string()))
        };
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let mut bytes = Vec::new();
        file.take(limits::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > limits::MAX_FILE_BYTES {
            return Err(problem(limits::file_too_large()));
        }
        Ok(Upload { name, bytes })
    }
}

/// Reads an upload's workbook, its limits checked before any cell is read. It needs no
/// database: the costly part of an import, and the part a hostile file controls, runs before
/// any transaction opens.
pub fn read(upload: &Upload) -> Result<Workbook, ImportFailure> {
    Workbook::from_bytes(&upload.name, &upload.bytes).map_err(|e| ImportFailure::Invalid(vec![e]))
}

/// Project workbooks validated against what the database knew when they were checked.
pub struct CheckedProjects {
    known: project::Known,
    files: Vec<(String, project::ProjectFile)>,
}

/// Validates project workbooks against `known`, collecting every problem of every file. No
/// database: it runs outside any transaction.
pub fn check_projects(
    books: &[Workbook],
    known: project::Known,
    step: &mut dyn FnMut(&Msg),
) -> Result<CheckedProjects, ImportFailure> {
    // Later files may refer to organisations an earlier file creates.
    let mut seen = known.clone();
    let mut problems = Vec::new();
    let mut files: Vec<(String, project::ProjectFile)> = Vec::new();
    let mut codes: HashMap<String, String> = HashMap::new();
    for book in books {
        step(&Msg::new("import-step-checking").arg("file", book.file.as_str()));
        match project::parse(book, &seen) {
            Ok(file) => {
                if let Some(other) = codes.insert(file.code.clone(), book.file.clone()) {
                    problems.push(file_problem(
                        &book.file,
                        Msg::new("import-code-in-two-files")
                            .arg("code", file.code.as_str())
                            .arg("other", other),
                    ));
                }
                for org in &file.organisations {
                    seen.orgs
                        .entry(org.short_name.clone())
                        .or_insert((uuid::Uuid::nil(), None));
                }
                files.push((book.file.clone(), file));
            }
            Err(list) => problems.extend(list),
        }
    }
    if !problems.is_empty() {
        return Err(ImportFailure::Invalid(problems));
    }
    Ok(CheckedProjects { known, files })
}

/// Writes checked project workbooks in one transaction, after making sure that what they were
/// checked against has not changed meanwhile (else nothing is written).
pub fn write_projects(
    conn: &mut PgConnection,
    checked: CheckedProjects,
    importer: &Importer,
    dry_run: bool,
    step: &mut dyn FnMut(&Msg),
) -> Result<Vec<Summary>, ImportFailure> {
    let first = checked.files.first().map(|(name, _)| name.clone());
    let mut summaries = Vec::new();
    in_transaction(conn, dry_run, |conn| {
        // Like every write of a plan, the project rows first (src/projects/version.rs).
        let codes: Vec<&str> = checked.files.iter().map(|(_, f)| f.code.as_str()).collect();
        project::lock_stored(conn, &codes)?;
        if project::Known::load(conn)? != checked.known {
            return Err(changed_meanwhile(first.as_deref().unwrap_or_default()));
        }
        // Every file is written, so that the refusals name every project and month at once;
        // one refusal rolls all of them back.
        let this_month = current_month();
        let mut refusals = Vec::new();
        for (name, file) in &checked.files {
            step(&Msg::new("import-step-writing").arg("file", file.code.as_str()));
            match project::import(conn, file, name, importer, this_month) {
                Ok(summary) => summaries.push(summary),
                Err(ImportFailure::Refused(list)) => refusals.extend(list),
                Err(failure) => return Err(failure),
            }
        }
        if !refusals.is_empty() {
            return Err(ImportFailure::Refused(refusals));
        }
        Ok(Summary::default())
    })?;
    for s in &mut summaries {
        s.dry_run = dry_run;
    }
    Ok(summaries)
}

/// Reads and validates every project workbook, then imports them all in one transaction (the
/// command line; the upload page runs the same steps in their own places). `step` is told what
/// happens, for a progress bar.
pub fn import_projects(
    conn: &mut PgConnection,
    uploads: Vec<Upload>,
    importer: &Importer,
    dry_run: bool,
    step: &mut dyn FnMut(&Msg),
) -> Result<Vec<Summary>, ImportFailure> {
    let mut problems = Vec::new();
    let mut books = Vec::new();
    for upload in uploads {
        step(&Msg::new("import-step-reading").arg("file", upload.name.as_str()));
        match read(&upload) {
            Ok(book) => books.push(book),
            Err(ImportFailure::Invalid(list)) => problems.extend(list),
            Err(failure) => return Err(failure),
        }
    }
    let known = project::Known::load(conn)?;
    let checked = check_projects(&books, known, step);
    drop(books);
    match checked {
        Ok(checked) if problems.is_empty() => {
            write_projects(conn, checked, importer, dry_run, step)
        }
        Ok(_) => Err(ImportFailure::Invalid(problems)),
        Err(ImportFailure::Invalid(list)) => {
            problems.extend(list);
            Err(ImportFailure::Invalid(problems))
        }
        Err(failure) => Err(failure),
    }
}

/// A people workbook validated against what the database knew when it was checked.
pub struct CheckedPeople {
    known: people::Known,
    name: String,
    file: people::PeopleFile,
}

/// Validates a people workbook against `known`. No database: it runs outside any transaction.
pub fn check_people(
    book: &Workbook,
    known: people::Known,
    step: &mut dyn FnMut(&Msg),
) -> Result<CheckedPeople, ImportFailure> {
    step(&Msg::new("import-step-checking").arg("file", book.file.as_str()));
    let file = people::parse(book, &known).map_err(ImportFailure::Invalid)?;
    Ok(CheckedPeople {
        known,
        name: book.file.clone(),
        file,
    })
}

/// Writes a checked people workbook in one transaction, after making sure that what it was
/// checked against has not changed meanwhile (else nothing is written).
pub fn write_people(
    conn: &mut PgConnection,
    checked: CheckedPeople,
    importer: &Importer,
    dry_run: bool,
    step: &mut dyn FnMut(&Msg),
) -> Result<Summary, ImportFailure> {
    step(&Msg::new("import-step-writing-people"));
    in_transaction(conn, dry_run, |conn| {
        // The projects whose assignments may change, first (src/projects/version.rs).
        people::lock_projects(conn, &checked.file)?;
        if people::Known::load(conn)? != checked.known {
            return Err(changed_meanwhile(&checked.name));
        }
        people::import(conn, &checked.file, &checked.name, importer)
    })
}

/// Reads, validates and imports a people workbook (the command line).
pub fn import_people(
    conn: &mut PgConnection,
    upload: Upload,
    importer: &Importer,
    dry_run: bool,
    step: &mut dyn FnMut(&Msg),
) -> Result<Summary, ImportFailure> {
    step(&Msg::new("import-step-reading").arg("file", upload.name.as_str()));
    let book = read(&upload)?;
    drop(upload);
    let known = people::Known::load(conn)?;
    let checked = check_people(&book, known, step)?;
    drop(book);
    write_people(conn, checked, importer, dry_run, step)
}

fn changed_meanwhile(file: &str) -> ImportFailure {
    ImportFailure::Invalid(vec![file_problem(
        file,
        Msg::new("import-changed-meanwhile"),
    )])
}

/// A change the importer may not make, named by its project: `<file>: project <code>: <why>`
/// (`why` is the Policy's refusal, written in the same language).
pub(crate) fn refusal(file: &str, project: &str, why: Msg) -> ImportError {
    file_problem(
        file,
        Msg::new("import-refused-project")
            .arg("project", project)
            .arg("why", why),
    )
}

fn file_problem(file: &str, message: Msg) -> ImportError {
    ImportError {
        file: file.to_string(),
        sheet: None,
        row: None,
        column: None,
        message: Box::new(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind an import counts (the names its writers pass to `Summary::changes`).
    const KINDS: [&str; 17] = [
        "organisations",
        "projects",
        "partners",
        "work packages",
        "tasks",
        "milestones",
        "deliverables",
        "EST demand cells",
        "PROJPLAN demand cells",
        "other demand cells of deleted tasks",
        "employee groups",
        "daily hours",
        "leave types",
        "persons",
        "group memberships",
        "leave",
        "assignments",
    ];

    #[test]
    fn every_kind_of_change_is_named_in_every_language() {
        for kind in KINDS {
            assert_eq!(kind_in(kind, Lang::En), kind);
            for lang in [Lang::Fi, Lang::Sv] {
                let named = kind_in(kind, lang);
                assert!(!named.starts_with("import-kind-"), "{kind} in {lang:?}");
                assert_ne!(named, kind, "{kind} in {lang:?}");
            }
        }
        assert_eq!(kind_in("EST demand cells", Lang::Fi), "EST-tarvesolut");
    }

    #[test]
    fn a_problem_names_its_place_in_the_readers_language() {
        let problem = ImportError {
            file: "plan.ods".into(),
            sheet: Some("Tasks".into()),
            row: Some(1214),
            column: Some("End month".into()),
            message: Box::new(Msg::new("sheet-cell-not-month").arg("text", "maaliskuu")),
        };
        assert_eq!(
            problem.to_string(),
            "plan.ods: sheet 'Tasks', row 1214, column 'End month': \"maaliskuu\" is not a month (write it as YYYY-MM)"
        );
        assert_eq!(
            problem.in_lang(Lang::Fi),
            "plan.ods: välilehti 'Tasks', rivi 1214, sarake 'End month': ”maaliskuu” ei ole kuukausi (kirjoita se muodossa VVVV-KK)"
        );
        assert_eq!(
            Changes {
                created: 1234,
                updated: 0,
                deleted: 2
            }
            .in_lang(Lang::Sv),
            "1\u{a0}234 skapade, 0 uppdaterade, 2 borttagna"
        );
    }
}
