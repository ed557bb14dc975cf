//! The `rediflow` command line: the server and the operator's jobs, one subcommand each.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::audit::Actor;
use crate::config::{self, ConfigError, NoAuthPolicy, Settings, Sources};
use crate::db::{self, Database, migrations};
use crate::import::{self, ImportFailure, Summary, Upload};
use crate::startup::Application;
use crate::{calendars, examples, export, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "rediflow",
    version,
    about = "Project-portfolio and capacity planning server",
    long_about = "Project-portfolio and capacity planning server.\n\n\
        Settings come from built-in defaults, then .env, then .env.<APP_ENV>, then the environment \
        (see .env.example). DATABASE_URL is the schema owner's connection; with RLS_ENABLED=true \
        requests use DATABASE_URL_APP, the application role's."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application on BIND (refuses to start while migrations are pending)
    Serve,
    /// Apply the pending database migrations as the schema owner (safe to run again)
    Migrate {
        /// Only report pending migrations; exit with status 1 if there are any
        #[arg(long)]
        check: bool,
    },
    /// Create or update the application role POSTGRES_APP_USER (login, no superuser, no BYPASSRLS,
    /// owns nothing) and grant it the table access requests need (safe to run again)
    SetupRlsAppRole,
    /// Insert the Finnish and Swedish public holidays for 2000-2100 (safe to run again)
    SeedCalendars,
    /// Print the effective settings, secrets masked, with the layer each value came from
    CheckConfig,
    /// Import project workbooks (.ods or .xlsx, one project each): all files are checked first,
    /// then written in one transaction; nothing is written if any file has a problem
    ImportProject {
        /// The workbooks
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Report what would change, change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Import a people workbook (employee groups, leave types, persons, FTE periods, leave,
    /// project assignments) in one transaction
    ImportPeople {
        file: PathBuf,
        /// Report what would change, change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a project as a workbook in the import layout (edit it, import it again)
    ExportProject {
        /// The project code
        code: String,
        /// The .ods file to write
        file: PathBuf,
    },
    /// Write the example workbooks example.ods, example_people.ods and
    /// example_authentik_test_people.ods into DIR
    MakeExampleOds { dir: PathBuf },
    /// Link every user to the person whose code is their username (for seeded test people)
    LinkPersons,
    /// List every table's row-level security and policies and the app role's attributes; exit
    /// with status 1 if a tenant table lacks RLS or the app role owns anything or can bypass RLS
    RlsCheck,
}

/// Entry point of the binary. Errors are one line on stderr and a non-zero exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let sources = Sources::from_process();
    let result = match cli.command {
        Command::CheckConfig => check_config(&sources),
        Command::Serve => with_settings(&sources, serve),
        Command::Migrate { check } => with_settings(&sources, |s| migrate(&s, check)),
        Command::SetupRlsAppRole => with_settings(&sources, |s| setup_rls_app_role(&s)),
        Command::SeedCalendars => with_settings(&sources, |s| seed_calendars(&s)),
        Command::RlsCheck => with_settings(&sources, |s| rls_check(&s)),
        Command::ImportProject { files, dry_run } => {
            with_settings(&sources, |s| import_project(&s, &files, dry_run))
        }
        Command::ImportPeople { file, dry_run } => {
            with_settings(&sources, |s| import_people(&s, &file, dry_run))
        }
        Command::ExportProject { code, file } => {
            with_settings(&sources, |s| export_project(&s, &code, &file))
        }
        Command::MakeExampleOds { dir } => make_example_ods(&dir).map_err(CliError::Failed),
        Command::LinkPersons => with_settings(&sources, |s| link_persons(&s)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Config(e)) => {
            eprintln!("rediflow: configuration error: {e}");
            ExitCode::from(2)
        }
        Err(CliError::Failed(e)) => {
            eprintln!("rediflow: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

enum CliError {
    Config(ConfigError),
    Failed(anyhow::Error),
}

/// Loads the settings (a bad one is a configuration error, exit 2) and runs the command.
fn with_settings(
    sources: &Sources,
    command: impl FnOnce(Settings) -> anyhow::Result<()>,
) -> Result<(), CliError> {
    let settings = Settings::load_from(sources).map_err(CliError::Config)?;
    command(settings).map_err(CliError::Failed)
}

fn check_config(sources: &Sources) -> Result<(), CliError> {
    let lines = config::effective_settings(sources).map_err(CliError::Config)?;
    let width = lines.iter().map(|l| l.name.len()).max().unwrap_or(0);
    for line in lines {
        println!("{:width$}  {}  [{}]", line.name, line.value, line.origin);
    }
    Ok(())
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    telemetry::init(settings.log_format);
    {
        let mut owner = db::connect(settings.database_url.expose())?;
        let pending = migrations::pending(&mut owner)?;
        if !pending.is_empty() {
            anyhow::bail!(
                "the database has {} pending migration(s) ({}); run `rediflow migrate` (or `make migrate`) first",
                pending.len(),
                pending.join(", ")
            );
        }
    }
    if settings.rls_enabled {
        // Fail now, with the URL in the message, rather than on the first request.
        db::connect(settings.request_database_url().expose())?;
    }
    if settings.oidc.is_none() {
        if settings.app_env.is_production_like() && settings.policy_no_auth_default.is_none() {
            anyhow::bail!(
                "sign-in is not configured (OIDC_ISSUER and OIDC_CLIENT_ID are unset) in {}; configure OIDC \
                 or set POLICY_NO_AUTH_DEFAULT=view_only (or allow_all) to run without sign-in on purpose",
                settings.app_env.as_str()
            );
        }
        let who = match settings.effective_no_auth_policy() {
            NoAuthPolicy::AllowAll => "an administrator",
            NoAuthPolicy::ViewOnly => "a viewer",
        };
        tracing::warn!(
            "sign-in is not configured (OIDC_ISSUER/OIDC_CLIENT_ID unset): every visitor acts as {who}"
        );
    }
    if settings.secret_key_generated {
        tracing::warn!(
            "SECRET_KEY is not set: generated one for this run; sessions end when the server restarts"
        );
    }
    if !settings.rls_enabled {
        tracing::warn!(
            "RLS_ENABLED=false: requests run as the schema owner and row-level security is bypassed"
        );
    }

    let db = Database::from_settings(&settings);
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let app_url = settings.app_url.clone();
        let bind = settings.bind;
        let app = Application::build(settings, db)
            .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
        tracing::info!(%app_url, port = app.port(), "serving");
        app.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

fn migrate(settings: &Settings, check: bool) -> anyhow::Result<()> {
    let mut conn = db::connect(settings.database_url.expose())?;
    if check {
        let pending = migrations::pending(&mut conn)?;
        if pending.is_empty() {
            println!("The schema is current.");
            return Ok(());
        }
        anyhow::bail!(
            "{} pending migration(s): {}",
            pending.len(),
            pending.join(", ")
        );
    }
    let applied = migrations::run_pending(&mut conn)?;
    if applied.is_empty() {
        println!("The schema is current; nothing to apply.");
    } else {
        for version in &applied {
            println!("applied {version}");
        }
        println!("Applied {} migration(s).", applied.len());
    }
    Ok(())
}

fn setup_rls_app_role(settings: &Settings) -> anyhow::Result<()> {
    let password = settings.postgres_app_password.as_ref().ok_or_else(|| {
        anyhow::anyhow!(
            "POSTGRES_APP_PASSWORD is not set (the password the application role logs in with)"
        )
    })?;
    let mut conn = db::connect(settings.database_url.expose())?;
    let report = db::app_role::setup(&mut conn, &settings.postgres_app_user, password.expose())?;
    println!(
        "{} role {}; granted access to schema(s) {}.",
        if report.created { "Created" } else { "Updated" },
        report.role,
        report.schemas.join(", ")
    );
    Ok(())
}

fn seed_calendars(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = db::connect(settings.database_url.expose())?;
    let report = calendars::seed_bundled(&mut conn)?;
    for calendar in report {
        println!(
            "{}: {} holidays 2000-2100, {} added",
            calendar.code, calendar.holidays, calendar.added
        );
    }
    Ok(())
}

fn rls_check(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = db::connect(settings.database_url.expose())?;
    let report = db::rls_check::check(&mut conn, &settings.postgres_app_user)?;
    let width = report
        .tables
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(5);
    println!("{:width$}  RLS  policies", "table");
    for table in &report.tables {
        let policies = match db::rls_check::WITHOUT_RLS
            .iter()
            .find(|(name, _)| *name == table.name)
        {
            Some((_, reason)) if !table.rls => format!("(none on purpose: {reason})"),
            _ => table.policies.clone(),
        };
        println!(
            "{:width$}  {:3}  {}",
            table.name,
            if table.rls { "on" } else { "off" },
            policies
        );
    }
    if let Some(role) = &report.role {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        println!(
            "\napp role {}: LOGIN {}, SUPERUSER {}, BYPASSRLS {}, CREATEDB {}, CREATEROLE {}, owns {} object(s), may rewrite audit_log: {}",
            settings.postgres_app_user,
            yes_no(role.login),
            yes_no(role.superuser),
            yes_no(role.bypassrls),
            yes_no(role.createdb),
            yes_no(role.createrole),
            role.owned_objects,
            yes_no(role.can_rewrite_audit_log)
        );
    }
    if report.problems.is_empty() {
        println!("RLS check passed.");
        Ok(())
    } else {
        for problem in &report.problems {
            println!("PROBLEM: {problem}");
        }
        anyhow::bail!("RLS check failed: {} problem(s)", report.problems.len())
    }
}

/// A spinner on a terminal, nothing otherwise (logs and CI stay clean).
fn progress() -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

fn read_upload(path: &Path) -> anyhow::Result<Upload> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot be read: {e}", path.display()))?;
    Ok(Upload {
        name: path.display().to_string(),
        bytes,
    })
}

fn print_summary(summary: &Summary) {
    println!(
        "{}  {}{}",
        summary.file,
        summary.subject,
        if summary.dry_run {
            "  (dry run: nothing was written)"
        } else {
            ""
        }
    );
    for (kind, changes) in &summary.kinds {
        println!("  {kind:24} {changes}");
    }
    for lookup in &summary.lookups_created {
        println!("  created {lookup}");
    }
}

fn report_failure(error: ImportFailure) -> anyhow::Error {
    match error {
        ImportFailure::Invalid(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            anyhow::anyhow!("{} problem(s) found; nothing was imported", problems.len())
        }
        ImportFailure::Database(e) => anyhow::anyhow!("the import failed and was rolled back: {e}"),
    }
}

fn import_project(settings: &Settings, files: &[PathBuf], dry_run: bool) -> anyhow::Result<()> {
    let uploads = files
        .iter()
        .map(|f| read_upload(f))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut conn = db::connect(settings.database_url.expose())?;
    let bar = progress();
    let started = std::time::Instant::now();
    let result = import::import_projects(
        &mut conn,
        uploads,
        &Actor::command_line(),
        dry_run,
        &mut |step| bar.set_message(step.to_string()),
    );
    bar.finish_and_clear();
    let summaries = result.map_err(report_failure)?;
    let mut total = import::Changes::default();
    for summary in &summaries {
        print_summary(summary);
        let t = summary.total();
        total.created += t.created;
        total.updated += t.updated;
        total.deleted += t.deleted;
    }
    println!(
        "Total: {total} ({} file(s), {:.1} s){}",
        summaries.len(),
        started.elapsed().as_secs_f64(),
        if dry_run { ", dry run" } else { "" }
    );
    Ok(())
}

fn import_people(settings: &Settings, file: &Path, dry_run: bool) -> anyhow::Result<()> {
    let upload = read_upload(file)?;
    let mut conn = db::connect(settings.database_url.expose())?;
    let bar = progress();
    let result = import::import_people(
        &mut conn,
        upload,
        &Actor::command_line(),
        dry_run,
        &mut |step| bar.set_message(step.to_string()),
    );
    bar.finish_and_clear();
    let summary = result.map_err(report_failure)?;
    print_summary(&summary);
    println!(
        "Total: {}{}",
        summary.total(),
        if dry_run { ", dry run" } else { "" }
    );
    Ok(())
}

fn export_project(settings: &Settings, code: &str, file: &Path) -> anyhow::Result<()> {
    let mut conn = db::connect(settings.database_url.expose())?;
    let project = export::load_project(&mut conn, code)?
        .ok_or_else(|| anyhow::anyhow!("there is no project with the code {code}"))?;
    let bytes = export::project_ods(&project).map_err(|e| anyhow::anyhow!(e))?;
    std::fs::write(file, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    println!("Wrote {} ({code}).", file.display());
    Ok(())
}

fn make_example_ods(dir: &Path) -> anyhow::Result<()> {
    for path in examples::write_all(dir).map_err(|e| anyhow::anyhow!(e))? {
        println!("Wrote {path}");
    }
    Ok(())
}

fn link_persons(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = db::connect(settings.database_url.expose())?;
    let linked = crate::users::link_persons_by_code(&mut conn)?;
    println!("Linked {linked} person(s) to users by code.");
    Ok(())
}
