//! The `rediflow` command line: the server and the operator's jobs, one subcommand each.

pub mod authentik;
pub mod token;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::config::{self, AuthentikSettings, ConfigError, NoAuthPolicy, Settings, Sources};
use crate::db::{self, Database, migrations};
use crate::i18n::{Lang, Msg};
use crate::reference::calendars;
use crate::startup::Application;
use crate::telemetry;
use crate::workbooks::import::{self, ImportFailure, Importer, Summary, Upload};
use crate::workbooks::{examples, export};
use authentik::AuthentikError;

#[derive(Debug, Parser)]
#[command(
    name = "rediflow",
    version,
    about = "Project-portfolio and capacity planning server",
    long_about = "Project-portfolio and capacity planning server.\n\n\
        Settings come from built-in defaults, then .env, then .env.<APP_ENV>, then the environment \
        (see .env.example). DATABASE_URL is the schema owner's connection; with RLS_ENABLED=true \
        (the default in qa and prod) requests use DATABASE_URL_APP, the application role's."
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
    ///
    /// The import obeys the locks as an administrator's would: a locked or closed project and
    /// the months before the current one of a stored project are refused, by name, unless
    /// --super-admin.
    ///
    /// Problems and the summary are written in the language of --lang, else of DEFAULT_LOCALE
    /// (en by default). Sheet and column names are the file format's: English in every language.
    ImportProject {
        /// The workbooks
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Report what would change, change nothing
        #[arg(long)]
        dry_run: bool,
        /// Import as a super-admin: change locked projects and past months too
        #[arg(long)]
        super_admin: bool,
        /// The language of the messages: en, fi or sv (default: DEFAULT_LOCALE)
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Import a people workbook (employee groups, leave types, persons, FTE periods, leave,
    /// project assignments) in one transaction
    ///
    /// Assignments of a locked or closed project are refused, by name, unless --super-admin.
    ///
    /// Problems and the summary are written in the language of --lang, else of DEFAULT_LOCALE
    /// (en by default). Sheet and column names are the file format's: English in every language.
    ImportPeople {
        file: PathBuf,
        /// Report what would change, change nothing
        #[arg(long)]
        dry_run: bool,
        /// Import as a super-admin: change the assignments of locked projects too
        #[arg(long)]
        super_admin: bool,
        /// The language of the messages: en, fi or sv (default: DEFAULT_LOCALE)
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Import the example project and its people into an empty database (no projects, no
    /// persons); otherwise say what importing them would change and change nothing, unless
    /// --force (`make seed`, `make run`)
    ///
    /// A database with projects or persons holds someone's work: an example edited in the
    /// browser keeps its edits, and assignments made in the browser stay. With --force the
    /// files are the truth again, as a super-admin's import: what differs is overwritten and
    /// what the files lack of their project and persons is deleted.
    SeedExamples {
        /// The example project workbook
        #[arg(long, value_name = "FILE", default_value = "docs/example.ods")]
        project: PathBuf,
        /// The example people workbook
        #[arg(long, value_name = "FILE", default_value = "docs/example_people.ods")]
        people: PathBuf,
        /// Import them even into a database that is not empty, overwriting what differs
        #[arg(long)]
        force: bool,
    },
    /// Write a project as a workbook in the import layout (edit it, import it again)
    ExportProject {
        /// The project code
        code: String,
        /// The .ods file to write
        file: PathBuf,
    },
    /// Write a generated project workbook (import layout) with exactly N demand rows, the same
    /// for the same seed, for benchmarking import-project; needs no database
    ///
    /// The project has 54-60 months, work packages with tasks, milestones and deliverables, and
    /// 10-15 partners from WB-ORG01..WB-ORG15 (the Organisations sheet creates them on import).
    /// A demand row is one (task, organisation, month, series) cell with a value; the rows are
    /// split between PROJPLAN and EST (a project workbook carries no ACTUAL).
    GenDemoWorkbook {
        /// The .ods file to write
        file: PathBuf,
        /// The number of demand rows
        #[arg(long, value_name = "N")]
        demand_rows: usize,
        /// The seed of the generator
        #[arg(long, value_name = "S", default_value_t = crate::workbooks::demo_workbook::DEFAULT_SEED)]
        seed: u64,
        /// The project code
        #[arg(long, value_name = "CODE", default_value = crate::workbooks::demo_workbook::DEFAULT_CODE)]
        code: String,
    },
    /// Write the example workbooks example.ods, example_people.ods and
    /// example_authentik_test_people.ods into DIR
    MakeExampleOds { dir: PathBuf },
    /// Link every user to the person whose code is their username (for seeded test people)
    LinkPersons,
    /// Generate a deterministic, realistic portfolio into an empty, migrated database for
    /// benchmarks and load tests: organisation trees, projects with work packages, tasks and
    /// PROJPLAN/EST/ACTUAL demand, persons with groups, FTE periods, leave and assignments, and
    /// one user per role and visibility mode (demo-admin, demo-editor-org, demo-viewer-assigned…,
    /// OIDC subject = username)
    GenDemo {
        /// The preset; each of the flags below overrides one of its numbers
        #[arg(long, value_enum, default_value = "small")]
        size: crate::workbooks::demo::Size,
        #[arg(long)]
        orgs: Option<usize>,
        #[arg(long)]
        projects: Option<usize>,
        #[arg(long)]
        persons: Option<usize>,
        /// The planning window in months, starting January 2025 (or --first-month)
        #[arg(long)]
        months: Option<u32>,
        /// The window's first month, YYYY-MM
        #[arg(long, value_name = "YYYY-MM")]
        first_month: Option<String>,
        /// The same seed and sizes give the same rows, ids included
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also write what was generated (row counts, the largest project, the users and their
        /// groups) as JSON to FILE
        #[arg(long, value_name = "FILE")]
        summary: Option<PathBuf>,
    },
    /// List every table's row-level security and policies and the app role's attributes; exit
    /// with status 1 if a tenant table lacks RLS or the app role owns anything or can bypass RLS
    RlsCheck,
    /// Configure Authentik through its API: the OIDC provider and application, test users, the
    /// login page brand (safe to run again)
    ///
    /// The API-driven alternative to the blueprints in blueprints/, with the same result. Needs
    /// AUTHENTIK_URL (e.g. http://127.0.0.1:9001) and AUTHENTIK_BOOTSTRAP_TOKEN (an API token of
    /// an Authentik administrator, e.g. the bootstrap token Authentik was first started with).
    /// Objects are found by name, slug or username; only differing fields are changed, and each
    /// is reported as created, updated or unchanged. Errors (Authentik unreachable, token
    /// refused, unexpected answers) exit with status 2.
    #[command(subcommand)]
    Authentik(AuthentikCommand),
    /// Personal access tokens of the API (docs/api.md): mint one for a user, or revoke one
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Make a token for USERNAME and print it once (only its keyed hash is stored); it acts as
    /// that user, with their groups at each request
    Create {
        #[arg(long, value_name = "USERNAME")]
        user: String,
        /// read or write
        #[arg(long)]
        scope: String,
        /// Days until it expires (1 to 365; default 90)
        #[arg(long, value_name = "N")]
        days: Option<i64>,
        /// What the token is for, as its list shows it
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
    },
    /// Revoke the token ID (as listed on /account and /users)
    Revoke { id: String },
}

#[derive(Debug, Subcommand)]
enum AuthentikCommand {
    /// Create or update the OIDC provider "Rediflow" and the application "rediflow"; print or
    /// write OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET
    ///
    /// The provider is a confidential OAuth2/OIDC client signing with RS256, with one strict
    /// redirect URI (OIDC_REDIRECT_URI, by default {APP_URL}/oauth/callback), claims in the ID
    /// token, the scopes openid, email, profile and groups (the scope mapping "Rediflow groups"
    /// sends the names of the user's groups), Authentik's default consent and invalidation flows.
    /// An existing provider keeps its client id and secret. The issuer is
    /// {AUTHENTIK_URL}/application/o/rediflow/.
    SetupOidc {
        /// Write the three OIDC_* lines into the env file instead of printing them; every other
        /// line of the file stays as it is
        #[arg(long)]
        write_env: bool,
        /// The env file --write-env changes [default: .env.<APP_ENV>, e.g. .env.test]
        #[arg(long, value_name = "FILE", requires = "write_env")]
        env_file: Option<PathBuf>,
        /// The slug of the authorization flow (e.g. default-provider-authorization-explicit-consent)
        #[arg(long, value_name = "SLUG", default_value = authentik::setup_oidc::DEFAULT_AUTHORIZATION_FLOW)]
        authorization_flow: String,
        /// The certificate-keypair that signs the tokens (RS256)
        #[arg(long, value_name = "NAME", default_value = authentik::setup_oidc::DEFAULT_SIGNING_KEY)]
        signing_key: String,
    },
    /// Create or update the rediflow-* groups and the test users admin@test, editor@test,
    /// viewer@test and orguser@test
    ///
    /// Groups: rediflow-super-admins, -admins, -editors, -viewers, -visibility-org,
    /// -visibility-assigned and rediflow-org-<short_name> for each example organisation (names
    /// from the GROUP_* settings). Users: admin@test (admins), editor@test (editors), viewer@test
    /// (viewers), orguser@test (editors, org-EXAMPLE, visibility-org), named like their persons
    /// in docs/example_authentik_test_people.ods. New users get the password
    /// AUTHENTIK_TEST_USER_PASSWORD (default test-password in dev and test; required in qa and
    /// prod); existing users keep theirs unless --reset-passwords.
    SeedTestUsers {
        /// Also pair the test users with Rediflow's persons now (needs DATABASE_URL)
        ///
        /// For each test user, make the Rediflow user that their first sign-in will find: the
        /// same OIDC subject ("sub") Authentik will send, computed from the rediflow provider's
        /// subject mode (by default the user's hashed id, "uid"), with the role, visibility and
        /// organisations their groups give. Then link every unlinked person whose code equals a
        /// username to that user. Without this, the first sign-in creates the user and links the
        /// person itself; with it, people and users are paired (and shown so on the Users page)
        /// before anyone signs in. Import the test people first: rediflow import-people
        /// docs/example_authentik_test_people.ods
        #[arg(long)]
        link_persons: bool,
        /// Set the password of existing test users too
        #[arg(long)]
        reset_passwords: bool,
    },
    /// Give Authentik's login pages Rediflow's title, logo and favicon
    ///
    /// Changes the default brand (or, with --domain, the brand of that domain, created when
    /// missing): title "Rediflow", logo {APP_URL}/static/img/logo.svg, favicon
    /// {APP_URL}/static/img/favicon.svg (served by Rediflow, so it must be reachable from the
    /// browsers that open Authentik).
    ApplyBrand {
        /// The brand's domain, e.g. auth.example.org [default: the default brand]
        #[arg(long, value_name = "DOMAIN")]
        domain: Option<String>,
    },
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
        Command::ImportProject {
            files,
            dry_run,
            super_admin,
            lang,
        } => with_settings(&sources, |s| {
            let lang = lang.unwrap_or(s.default_locale);
            let importer = Importer::command_line(super_admin);
            import_project(&s, &files, &importer, dry_run, lang)
        }),
        Command::ImportPeople {
            file,
            dry_run,
            super_admin,
            lang,
        } => with_settings(&sources, |s| {
            let lang = lang.unwrap_or(s.default_locale);
            import_people(
                &s,
                &file,
                &Importer::command_line(super_admin),
                dry_run,
                lang,
            )
        }),
        Command::SeedExamples {
            project,
            people,
            force,
        } => with_settings(&sources, |s| seed_examples(&s, &project, &people, force)),
        Command::ExportProject { code, file } => {
            with_settings(&sources, |s| export_project(&s, &code, &file))
        }
        Command::GenDemoWorkbook {
            file,
            demand_rows,
            seed,
            code,
        } => gen_demo_workbook(&file, demand_rows, seed, code).map_err(CliError::Failed),
        Command::MakeExampleOds { dir } => make_example_ods(&dir).map_err(CliError::Failed),
        Command::LinkPersons => with_settings(&sources, |s| link_persons(&s)),
        Command::GenDemo {
            size,
            orgs,
            projects,
            persons,
            months,
            first_month,
            seed,
            summary,
        } => with_settings(&sources, |s| {
            let mut shape = crate::workbooks::demo::Shape::of(size, seed);
            shape.orgs = orgs.unwrap_or(shape.orgs);
            shape.projects = projects.unwrap_or(shape.projects);
            shape.persons = persons.unwrap_or(shape.persons);
            shape.months = months.unwrap_or(shape.months);
            if let Some(text) = &first_month {
                shape.first_month =
                    chrono::NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(
                        |_| anyhow::anyhow!("--first-month must be YYYY-MM, not {text:?}"),
                    )?;
            }
            gen_demo(&s, &shape, summary.as_deref())
        }),
        Command::Authentik(command) => authentik_command(&sources, command),
        Command::Token(TokenCommand::Create {
            user,
            scope,
            days,
            name,
        }) => with_settings(&sources, |s| {
            token::create(&s, &user, &scope, days, name.as_deref())
        }),
        Command::Token(TokenCommand::Revoke { id }) => {
            with_settings(&sources, |s| token::revoke(&s, &id))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Config(e)) => {
            eprintln!("rediflow: configuration error: {e}");
            ExitCode::from(2)
        }
        Err(CliError::Failed(e)) => {
            match e.downcast_ref::<Reported>() {
                Some(reported) => eprintln!("rediflow: {reported}"),
                None => eprintln!("rediflow: error: {e:#}"),
            }
            ExitCode::FAILURE
        }
        Err(CliError::Authentik(e)) => {
            eprintln!("rediflow: error: {e}");
            ExitCode::from(2)
        }
    }
}

enum CliError {
    Config(ConfigError),
    Failed(anyhow::Error),
    /// Authentik unreachable, the token refused, an unexpected answer: exit status 2.
    Authentik(AuthentikError),
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
        let mut owner = db::connect_owner(&settings)?;
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
        db::connect(
            settings.request_database_url().expose(),
            settings.db_prepared_statements,
        )?;
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
    if !settings.rls_enabled && settings.app_env.is_production_like() {
        // On by default here: this is an explicit RLS_ENABLED=false, said again on every start.
        tracing::warn!(
            app_env = settings.app_env.as_str(),
            "RLS_ENABLED=false in {}: requests run as the schema owner and row-level security is \
             bypassed, so only the application's own checks keep organisations apart; remove the \
             setting to turn it back on",
            settings.app_env.as_str()
        );
    } else if !settings.rls_enabled {
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
    let mut conn = db::connect_owner(settings)?;
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
    println!(
        "Functions, policies and triggers re-created from {} files (src/db/replaceable).",
        db::replaceable::FILES.len()
    );
    Ok(())
}

fn setup_rls_app_role(settings: &Settings) -> anyhow::Result<()> {
    let password = settings.postgres_app_password.as_ref().ok_or_else(|| {
        anyhow::anyhow!(
            "POSTGRES_APP_PASSWORD is not set (the password the application role logs in with)"
        )
    })?;
    let mut conn = db::connect_owner(settings)?;
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
    let mut conn = db::connect_owner(settings)?;
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
    let mut conn = db::connect_owner(settings)?;
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
    println!(
        "security definer functions others may execute: {}",
        if report.open_definer_functions.is_empty() {
            "none".to_string()
        } else {
            report.open_definer_functions.len().to_string()
        }
    );
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

/// `--lang`: a language of the interface.
fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::parse(code).ok_or_else(|| format!("{code:?} is not one of en, fi, sv"))
}

/// One line of a summary: the kind of thing (padded, so the counts line up) and its changes.
fn print_kind(kind: &str, changes: &import::Changes, lang: Lang) {
    let kind = import::kind_in(kind, lang);
    println!("  {kind:24} {}", changes.in_lang(lang));
}

fn print_summary(summary: &Summary, lang: Lang) {
    let dry_run = if summary.dry_run {
        format!("  {}", lang.t("cli-dry-run-note"))
    } else {
        String::new()
    };
    println!("{}  {}{dry_run}", summary.file, summary.subject_in(lang));
    for (kind, changes) in &summary.kinds {
        print_kind(kind, changes, lang);
    }
    for lookup in &summary.lookups_created {
        println!(
            "  {}",
            lang.t1("cli-lookup-created", "lookup", lookup.in_lang(lang))
        );
    }
}

/// A failed import, its problems already printed: the sentence that ends the report, in the
/// language of the report (printed without the English "error:" before it).
#[derive(Debug)]
struct Reported(String);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reported {}

/// Prints every problem of a failed import (stderr) and returns the sentence that ends it.
fn report_failure(error: ImportFailure, lang: Lang) -> anyhow::Error {
    let sentence = match error {
        ImportFailure::Invalid(problems) => {
            for problem in import::sentences(&problems, lang) {
                eprintln!("{problem}");
            }
            Msg::new("cli-problems-found").arg("count", problems.len())
        }
        ImportFailure::Refused(refusals) => {
            for refusal in import::sentences(&refusals, lang) {
                eprintln!("{refusal}");
            }
            Msg::new("cli-changes-refused").arg("count", refusals.len())
        }
        ImportFailure::Database(e) => {
            Msg::new("cli-import-rolled-back").arg("detail", e.to_string())
        }
    };
    anyhow::Error::new(Reported(sentence.in_lang(lang)))
}

/// Imports project workbooks and prints what changed (or, in a dry run, would change).
fn import_project(
    settings: &Settings,
    files: &[PathBuf],
    importer: &Importer,
    dry_run: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut conn = db::connect_owner(settings)?;
    let started = std::time::Instant::now();
    let summaries = import_project_files(&mut conn, files, importer, dry_run, lang)?;
    let mut total = import::Changes::default();
    for summary in &summaries {
        print_summary(summary, lang);
        let t = summary.total();
        total.created += t.created;
        total.updated += t.updated;
        total.deleted += t.deleted;
    }
    // Seconds to a tenth, as the language writes a decimal.
    let seconds = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    println!(
        "{}",
        lang.tn(
            "cli-total-projects",
            &[
                ("changes", &total.in_lang(lang)),
                ("files", &summaries.len()),
                ("seconds", &lang.plain_number(&format!("{seconds:.1}"))),
                ("dry", &dry_run_word(dry_run)),
            ],
        )
    );
    Ok(())
}

/// The selector of the totals' ", dry run" ending.
fn dry_run_word(dry_run: bool) -> &'static str {
    if dry_run { "yes" } else { "no" }
}

/// Reads and imports project workbooks with a progress spinner.
fn import_project_files(
    conn: &mut diesel::PgConnection,
    files: &[PathBuf],
    importer: &Importer,
    dry_run: bool,
    lang: Lang,
) -> anyhow::Result<Vec<Summary>> {
    let uploads = files
        .iter()
        .map(|f| Upload::from_path(f).map_err(|e| report_failure(e, lang)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let bar = progress();
    let result = import::import_projects(conn, uploads, importer, dry_run, &mut |step| {
        bar.set_message(step.in_lang(lang))
    });
    bar.finish_and_clear();
    result.map_err(|e| report_failure(e, lang))
}

/// Reads and imports a people workbook with a progress spinner.
fn import_people_file(
    conn: &mut diesel::PgConnection,
    file: &Path,
    importer: &Importer,
    dry_run: bool,
    lang: Lang,
) -> anyhow::Result<Summary> {
    let upload = Upload::from_path(file).map_err(|e| report_failure(e, lang))?;
    let bar = progress();
    let result = import::import_people(conn, upload, importer, dry_run, &mut |step| {
        bar.set_message(step.in_lang(lang))
    });
    bar.finish_and_clear();
    result.map_err(|e| report_failure(e, lang))
}

/// Imports a people workbook and prints what changed (or, in a dry run, would change).
fn import_people(
    settings: &Settings,
    file: &Path,
    importer: &Importer,
    dry_run: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut conn = db::connect_owner(settings)?;
    let summary = import_people_file(&mut conn, file, importer, dry_run, lang)?;
    print_summary(&summary, lang);
    println!(
        "{}",
        lang.t2(
            "cli-total-people",
            ("changes", summary.total().in_lang(lang)),
            ("dry", dry_run_word(dry_run)),
        )
    );
    Ok(())
}

/// `seed-examples`: the example workbooks into an empty database (or with `force`, as a
/// super-admin, over what is there); otherwise what importing them would change, changing
/// nothing. That is no failure: `make run` goes on to serve what the database holds.
fn seed_examples(
    settings: &Settings,
    project: &Path,
    people: &Path,
    force: bool,
) -> anyhow::Result<()> {
    let lang = settings.default_locale;
    let mut conn = db::connect_owner(settings)?;
    let (projects, persons) = examples::work_in(&mut conn)?;
    // The files are the truth only where nobody has worked yet, or where the operator says so.
    let importer = Importer::command_line(true);
    let files = [project.to_path_buf()];
    if (projects == 0 && persons == 0) || force {
        for summary in import_project_files(&mut conn, &files, &importer, false, lang)? {
            print_summary(&summary, lang);
        }
        let summary = import_people_file(&mut conn, people, &importer, false, lang)?;
        print_summary(&summary, lang);
        println!("{}", lang.t("cli-seed-imported"));
        return Ok(());
    }
    println!(
        "{}",
        lang.t2(
            "cli-seed-not-over",
            ("projects", projects),
            ("persons", persons)
        )
    );
    let mut changes = 0;
    let not_checked = |file: &Path, e: anyhow::Error| {
        println!(
            "{}",
            lang.t2(
                "cli-seed-not-checked",
                ("file", file.display().to_string()),
                ("detail", e.to_string())
            )
        )
    };
    match import_project_files(&mut conn, &files, &importer, true, lang) {
        Ok(summaries) => {
            for summary in &summaries {
                changes += print_changes(summary, lang);
            }
        }
        Err(e) => not_checked(project, e),
    }
    match import_people_file(&mut conn, people, &importer, true, lang) {
        Ok(summary) => changes += print_changes(&summary, lang),
        Err(e) => not_checked(people, e),
    }
    if changes > 0 {
        println!("{}", lang.t("cli-seed-nothing-changed-force"));
    } else {
        println!("{}", lang.t("cli-seed-nothing-changed"));
    }
    Ok(())
}

/// What a dry run would change, only the kinds that change; how many changes.
fn print_changes(summary: &Summary, lang: Lang) -> usize {
    let total = summary.total().total();
    let (file, subject) = (summary.file.as_str(), summary.subject_in(lang));
    if total == 0 && summary.lookups_created.is_empty() {
        println!(
            "{}",
            lang.t2("cli-as-in-database", ("file", file), ("subject", &subject))
        );
        return 0;
    }
    println!(
        "{}",
        lang.t2("cli-would-change", ("file", file), ("subject", &subject))
    );
    for (kind, changes) in summary.kinds.iter().filter(|(_, c)| c.total() > 0) {
        print_kind(kind, changes, lang);
    }
    for lookup in &summary.lookups_created {
        println!(
            "  {}",
            lang.t1("cli-lookup-create", "lookup", lookup.in_lang(lang))
        );
    }
    total + summary.lookups_created.len()
}

fn export_project(settings: &Settings, code: &str, file: &Path) -> anyhow::Result<()> {
    let mut conn = db::connect_owner(settings)?;
    let project = export::load_project(&mut conn, code)?
        .ok_or_else(|| anyhow::anyhow!("there is no project with the code {code}"))?;
    let bytes = export::project_ods(&project).map_err(|e| anyhow::anyhow!(e))?;
    std::fs::write(file, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    println!("Wrote {} ({code}).", file.display());
    Ok(())
}

fn gen_demo_workbook(
    file: &Path,
    demand_rows: usize,
    seed: u64,
    code: String,
) -> anyhow::Result<()> {
    let spec = crate::workbooks::demo_workbook::Spec {
        code,
        demand_rows,
        seed,
    };
    let (bytes, project) =
        crate::workbooks::demo_workbook::workbook(&spec).map_err(|e| anyhow::anyhow!(e))?;
    std::fs::write(file, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    println!(
        "Wrote {} ({}: {} demand rows, {} tasks in {} work packages, {} organisations).",
        file.display(),
        project.code,
        crate::workbooks::demo_workbook::demand_rows(&project),
        project.tasks.len(),
        project.work_packages.len(),
        project.organisations.len()
    );
    Ok(())
}

fn make_example_ods(dir: &Path) -> anyhow::Result<()> {
    for path in examples::write_all(dir).map_err(|e| anyhow::anyhow!(e))? {
        println!("Wrote {path}");
    }
    Ok(())
}

fn gen_demo(
    settings: &Settings,
    shape: &crate::workbooks::demo::Shape,
    summary_file: Option<&Path>,
) -> anyhow::Result<()> {
    let mut conn = db::connect_owner(settings)?;
    let started = std::time::Instant::now();
    let summary = crate::workbooks::demo::generate(&mut conn, shape)?;
    let rows: Vec<String> = summary
        .rows
        .iter()
        .map(|(table, n)| format!("{table} {n}"))
        .collect();
    println!(
        "Generated {} organisations, {} projects and {} persons over {} months from {} (seed {}) in {:.1} s.",
        summary.orgs,
        summary.projects,
        summary.persons,
        summary.months,
        crate::planning::months::format_month(summary.first_month),
        summary.seed,
        started.elapsed().as_secs_f64()
    );
    println!("Rows: {}.", rows.join(", "));
    println!(
        "Largest project: {} ({} demand rows). Org-scoped users belong to {}.",
        summary.largest_project.code,
        summary.largest_project.demand_rows,
        summary.busiest_organisation.short_name
    );
    let users: Vec<&str> = summary.users.iter().map(|u| u.username.as_str()).collect();
    println!("Users (OIDC subject = username): {}.", users.join(", "));
    if let Some(file) = summary_file {
        let json = serde_json::to_string_pretty(&summary)?;
        std::fs::write(file, json + "\n")
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.display()))?;
    }
    Ok(())
}

fn link_persons(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = db::connect_owner(settings)?;
    let linked = crate::auth::users::link_persons_by_code(&mut conn)?;
    println!("Linked {linked} person(s) to users by code.");
    Ok(())
}

fn authentik_command(sources: &Sources, command: AuthentikCommand) -> Result<(), CliError> {
    let settings = AuthentikSettings::load_from(sources).map_err(CliError::Config)?;
    let client = authentik::Client::new(&settings.authentik_url, &settings.token)
        .map_err(CliError::Authentik)?;
    match command {
        AuthentikCommand::SetupOidc {
            write_env,
            env_file,
            authorization_flow,
            signing_key,
        } => {
            let options = authentik::setup_oidc::Options {
                authorization_flow,
                signing_key,
            };
            let setup = block_on(authentik::setup_oidc::run(&client, &settings, &options))?;
            println!("Authentik {} at {}", setup.version, settings.authentik_url);
            for outcome in &setup.outcomes {
                println!("{outcome}");
            }
            let values = authentik::setup_oidc::env_values(&setup);
            if write_env {
                let path = env_file.unwrap_or_else(|| {
                    PathBuf::from(format!(".env.{}", settings.app_env.as_str()))
                });
                let pairs: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let changes = authentik::env_file::write(&path, &pairs)
                    .map_err(|e| CliError::Failed(anyhow::anyhow!(e)))?;
                let summary: Vec<String> = changes
                    .iter()
                    .map(|(key, change)| match change {
                        authentik::Change::Updated(_) => format!("{key} updated"),
                        other => format!("{key} {other}"),
                    })
                    .collect();
                println!("{}: {}", path.display(), summary.join(", "));
                if changes
                    .iter()
                    .any(|(_, c)| *c != authentik::Change::Unchanged)
                {
                    println!("Restart Rediflow to sign in with Authentik.");
                }
            } else {
                println!("\nRediflow's sign-in settings (or run again with --write-env):");
                for (key, value) in &values {
                    println!("{key}={value}");
                }
            }
            Ok(())
        }
        AuthentikCommand::SeedTestUsers {
            link_persons,
            reset_passwords,
        } => {
            let password = settings.test_user_password.clone().ok_or_else(|| {
                CliError::Config(ConfigError {
                    variable: "AUTHENTIK_TEST_USER_PASSWORD".to_string(),
                    problem: format!(
                        "is not set (required in {}: the test users' password)",
                        settings.app_env.as_str()
                    ),
                })
            })?;
            // The database settings and connection are checked before Authentik is changed.
            let rediflow = if link_persons {
                let settings = Settings::load_from(sources).map_err(CliError::Config)?;
                let conn = db::connect_owner(&settings).map_err(CliError::Failed)?;
                Some((settings, conn))
            } else {
                None
            };
            let (seeded, sub_mode) = block_on(async {
                let seeded = authentik::test_users::run(
                    &client,
                    &settings.groups,
                    &password,
                    reset_passwords,
                )
                .await?;
                let sub_mode = match rediflow {
                    Some(_) => Some(authentik::test_users::provider_sub_mode(&client).await?),
                    None => None,
                };
                Ok((seeded, sub_mode))
            })?;
            println!("Authentik {} at {}", seeded.version, settings.authentik_url);
            for outcome in &seeded.outcomes {
                println!("{outcome}");
            }
            if let (Some((rediflow, mut conn)), Some(sub_mode)) = (rediflow, sub_mode) {
                pair_test_users(&rediflow, &mut conn, &seeded, &sub_mode)
                    .map_err(CliError::Failed)?;
            }
            Ok(())
        }
        AuthentikCommand::ApplyBrand { domain } => {
            let (version, outcomes) = block_on(authentik::brand::run(
                &client,
                &settings.app_url,
                domain.as_deref(),
            ))?;
            println!("Authentik {version} at {}", settings.authentik_url);
            for outcome in &outcomes {
                println!("{outcome}");
            }
            Ok(())
        }
    }
}

/// Runs one Authentik conversation on a small runtime of its own (the CLI has no other).
fn block_on<T>(
    future: impl std::future::Future<Output = Result<T, AuthentikError>>,
) -> Result<T, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(anyhow::anyhow!("cannot start the async runtime: {e}")))?;
    runtime.block_on(future).map_err(CliError::Authentik)
}

/// `seed-test-users --link-persons`: each test user gets the Rediflow user their first sign-in
/// will find (same `sub`), and the persons whose code is a username are linked to it.
fn pair_test_users(
    settings: &Settings,
    conn: &mut diesel::PgConnection,
    seeded: &authentik::test_users::Seeded,
    sub_mode: &str,
) -> anyhow::Result<()> {
    use crate::auth::users::{self, ExpectedUser, Registration};
    for seeded_user in &seeded.users {
        let user = &seeded_user.user;
        let Some(sub) = authentik::test_users::subject(sub_mode, &seeded_user.object) else {
            println!(
                "Rediflow user \"{}\": skipped (Authentik gave no subject for sub_mode {sub_mode})",
                user.username
            );
            continue;
        };
        let expected = ExpectedUser {
            sub,
            username: user.username.clone(),
            email: user.email.clone(),
            display_name: Some(user.name.clone()),
            groups: user.groups.clone(),
            membership: crate::auth::groups::membership(
                &user.groups,
                &settings.groups,
                settings.project_visibility_enabled,
            ),
        };
        let what = match users::register_expected_user(conn, &expected)? {
            Registration::Registered => "registered; the first sign-in finds it".to_string(),
            Registration::AlreadyKnown => "unchanged (already known)".to_string(),
            Registration::OtherSubject => format!(
                "skipped: a user with this name exists under another subject (sub_mode {sub_mode})"
            ),
        };
        println!("Rediflow user \"{}\": {what}", user.username);
    }
    let linked = users::link_persons_by_code(conn)?;
    println!("Linked {linked} person(s) to users by code.");
    let usernames: Vec<String> = seeded
        .users
        .iter()
        .map(|u| u.user.username.clone())
        .collect();
    let unpaired = users::unlinked_codes(conn, &usernames)?;
    if !unpaired.is_empty() {
        println!(
            "No linked person for {}: import docs/example_authentik_test_people.ods \
             (`rediflow import-people`) and run again.",
            unpaired.join(", ")
        );
    }
    Ok(())
}
