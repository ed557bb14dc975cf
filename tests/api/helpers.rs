//! The test harness: every test gets its own database, cloned from a migrated template, and
//! (for HTTP tests) its own server on a free port with a cookie-keeping client.
//!
//! The cluster comes from `TEST_DATABASE_URL` (the owner role's URL to the maintenance database,
//! e.g. postgres://rediflow:rediflow@127.0.0.1:25433/postgres); `make test` starts an ephemeral
//! cluster and sets it. `make test` also starts pgbouncer in transaction mode in front of it
//! (`TEST_POOLER_URL`, scripts/local-pgbouncer) and runs the HTTP tests a second time with
//! `TEST_SERVERS_THROUGH_POOLER=1`: every test server then reaches its database through the
//! pooler with `DB_PREPARED_STATEMENTS=false`, while the tests' own fixtures and checks still
//! connect directly.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use rediflow::config::{Settings, Sources};
use rediflow::db::{self, Database, migrations};
use rediflow::startup::Application;
use url::Url;
use uuid::Uuid;

/// The application role tests connect as, and its password.
pub const APP_ROLE: &str = "rediflow_app";
pub const APP_ROLE_PASSWORD: &str = "rediflow_app_test";

/// The owner's URL to the maintenance database of the test cluster.
pub fn cluster_url() -> Url {
    let value = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TEST_DATABASE_URL is not set: run the suite with `make test`, which starts a PostgreSQL \
             cluster, or point it at one (owner role with CREATEDB and CREATEROLE)"
        )
    });
    Url::parse(&value).expect("TEST_DATABASE_URL is a URL")
}

/// The pooler in front of the test cluster (`TEST_POOLER_URL`); only its host and port are used,
/// the roles and passwords are the cluster's.
pub fn pooler_url() -> Url {
    let value = std::env::var("TEST_POOLER_URL").unwrap_or_else(|_| {
        panic!(
            "TEST_POOLER_URL is not set: run the suite with `make test`, which starts pgbouncer in \
             transaction mode in front of the test cluster, or start one with \
             `PGPORT=<cluster port> PGBOUNCER_PORT=<port> scripts/local-pgbouncer start` and set \
             TEST_POOLER_URL=$(scripts/local-pgbouncer url postgres)"
        )
    });
    Url::parse(&value).expect("TEST_POOLER_URL is a URL")
}

/// `url` (of the test cluster) leading through the pooler instead.
pub fn through_pooler(url: &str) -> String {
    let pooler = pooler_url();
    let mut url = Url::parse(url).expect("a database URL");
    url.set_host(pooler.host_str()).expect("URL takes a host");
    url.set_port(pooler.port()).expect("URL takes a port");
    url.to_string()
}

/// Whether test servers reach their database through the pooler (the second pass of `make test`).
fn servers_through_pooler() -> bool {
    std::env::var("TEST_SERVERS_THROUGH_POOLER").is_ok_and(|v| v == "1")
}

/// The owner's URL to database `name`.
pub fn owner_url(name: &str) -> String {
    let mut url = cluster_url();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// The application role's URL to database `name`.
pub fn app_url(name: &str) -> String {
    let mut url = cluster_url();
    url.set_path(&format!("/{name}"));
    url.set_username(APP_ROLE).expect("URL takes a user");
    url.set_password(Some(APP_ROLE_PASSWORD))
        .expect("URL takes a password");
    url.to_string()
}

pub fn connect(url: &str) -> PgConnection {
    PgConnection::establish(url).unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"))
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

/// Runs a query returning one `count` column.
/// Request transactions (as the server runs them) on a pool of one connection to `url`, so that
/// each runs on the very connection of the one before.
pub fn one_connection_database(url: &str) -> Database {
    let pool = diesel::r2d2::Pool::builder()
        .max_size(1)
        .build(db::Manager::new(url, true))
        .unwrap();
    Database::from_pools(pool.clone(), pool)
}

pub fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .count
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Runs a query returning one text column `name` per row.
pub fn names(conn: &mut PgConnection, sql: &str) -> Vec<String> {
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .map(|n| n.name)
        .collect()
}

/// Changes in the migrations or the role set-up make a new template.
fn template_fingerprint() -> u64 {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut hasher = DefaultHasher::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root.join("migrations")).expect("migrations/") {
        let dir = entry.expect("entry").path();
        if dir.is_dir() {
            files.push(dir.join("up.sql"));
            files.push(dir.join("down.sql"));
        }
    }
    files.push(root.join("src/db/app_role.rs"));
    for entry in std::fs::read_dir(root.join("src/db/replaceable")).expect("src/db/replaceable/") {
        files.push(entry.expect("entry").path());
    }
    files.sort();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).expect("readable").hash(&mut hasher);
    }
    hasher.finish()
}

/// Creates (once per cluster and schema version) a migrated database with the app role set up.
/// An advisory lock makes parallel test processes build it only once.
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("rediflow_tpl_{:016x}", template_fingerprint());
        let mut admin = connect(&owner_url("postgres"));
        diesel::sql_query("select pg_advisory_lock(727001)")
            .execute(&mut admin)
            .expect("lock");
        let exists = count(
            &mut admin,
            &format!("select count(*) as count from pg_database where datname = '{name}'"),
        ) == 1;
        if !exists {
            let building = format!("{name}_building");
            diesel::sql_query(format!("drop database if exists {building}"))
                .execute(&mut admin)
                .expect("drop");
            diesel::sql_query(format!("create database {building}"))
                .execute(&mut admin)
                .expect("create");
            {
                let mut conn = connect(&owner_url(&building));
                migrations::run_pending(&mut conn).expect("migrations apply");
                db::app_role::setup(&mut conn, APP_ROLE, APP_ROLE_PASSWORD).expect("app role");
            }
            diesel::sql_query(format!("alter database {building} rename to {name}"))
                .execute(&mut admin)
                .expect("rename");
        }
        // The role is shared by the whole cluster; another checkout's `make run` may have changed
        // its password since the template was built.
        diesel::sql_query(format!(
            "alter role {APP_ROLE} password '{APP_ROLE_PASSWORD}'"
        ))
        .execute(&mut admin)
        .expect("app role password");
        diesel::sql_query("select pg_advisory_unlock(727001)")
            .execute(&mut admin)
            .expect("unlock");
        name
    })
}

/// Creates a new empty database (no schema) and returns its name.
pub fn create_empty_database() -> String {
    let name = format!("rediflow_t_{}", Uuid::new_v4().simple());
    let mut admin = connect(&owner_url("postgres"));
    diesel::sql_query(format!("create database {name}"))
        .execute(&mut admin)
        .expect("create database");
    name
}

/// Creates a new database from the migrated template and returns its name.
pub fn create_test_database() -> String {
    let template = template();
    let name = format!("rediflow_t_{}", Uuid::new_v4().simple());
    let mut admin = connect(&owner_url("postgres"));
    diesel::sql_query(format!("create database {name} template {template}"))
        .execute(&mut admin)
        .expect("clone template");
    // A copy starts with PostgreSQL's default database privileges; `setup-rls-app-role` would
    // restrict them as it did the template's (only the owner and the app role connect).
    admin
        .batch_execute(&format!(
            "revoke connect, temporary on database {name} from public;
             grant connect on database {name} to {APP_ROLE};"
        ))
        .expect("database privileges");
    name
}

/// The settings a test server runs with: test env, RLS on, one worker, port 0, no files read;
/// through the pooler without prepared statements in the second pass of `make test`.
pub fn test_settings(database: &str, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let (owner, app) = (owner_url(database), app_url(database));
    let (owner, app, prepared_statements) = if servers_through_pooler() {
        (through_pooler(&owner), through_pooler(&app), "false")
    } else {
        (owner, app, "true")
    };
    let mut values: BTreeMap<String, String> = [
        ("APP_ENV", "test".to_string()),
        ("BIND", "127.0.0.1:0".to_string()),
        ("DATABASE_URL", owner),
        ("DATABASE_URL_APP", app),
        ("DB_PREPARED_STATEMENTS", prepared_statements.to_string()),
        ("RLS_ENABLED", "true".to_string()),
        ("POSTGRES_APP_USER", APP_ROLE.to_string()),
        ("POSTGRES_APP_PASSWORD", APP_ROLE_PASSWORD.to_string()),
        ("SECRET_KEY", "t".repeat(64)),
        ("HTTP_WORKERS", "1".to_string()),
        ("DB_POOL_SIZE", "4".to_string()),
        ("DB_CONNECT_TIMEOUT_SECONDS", "2".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (key, value) in extra {
        values.insert(key.to_string(), value.to_string());
    }
    values
}

/// A running server on its own database.
pub struct TestApp {
    pub address: String,
    pub database: String,
    pub client: reqwest::Client,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// GET as a browser would (asks for HTML).
    pub async fn get_page(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("Accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("request sent")
    }

    pub fn owner_connection(&self) -> PgConnection {
        connect(&owner_url(&self.database))
    }
}

/// Starts a server on a fresh database with the default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts a server on a fresh database with some settings changed.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let database = create_test_database();
    spawn_app_on(&database, extra).await
}

/// Starts a server on an existing database.
pub async fn spawn_app_on(database: &str, extra: &[(&str, &str)]) -> TestApp {
    // Bound first, so that APP_URL (and with it the OIDC redirect URI and the origin check)
    // names the real port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let mut values = test_settings(database, extra);
    values
        .entry("APP_URL".to_string())
        .or_insert_with(|| address.clone());
    let settings = Settings::load_from(&Sources {
        dotenv_dir: None,
        overrides: values,
    })
    .expect("valid test settings");
    if std::env::var_os("TEST_LOG").is_some() {
        rediflow::telemetry::init(rediflow::config::LogFormat::Text);
    }
    let db = Database::from_settings(&settings);
    let app = Application::build_on(listener, settings, db).expect("server builds");
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        database: database.to_string(),
        client: new_client(),
    }
}

/// A client with its own cookie jar that follows no redirects (tests look at each hop).
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        // The server closes a connection idle for 5 s (actix's keep-alive); a pooled one is
        // dropped first, so that a POST is never sent on a connection the server is closing.
        .pool_idle_timeout(std::time::Duration::from_secs(3))
        .build()
        .expect("client")
}

/// [`new_client`] of a browser asking for `languages` (`Accept-Language`, e.g. "fi" or
/// "sv-SE,sv;q=0.9") on every request: pages, form posts and downloads come in that language.
pub fn client_speaking(languages: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_str(languages).expect("a header value"),
    );
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .pool_idle_timeout(std::time::Duration::from_secs(3))
        .default_headers(headers)
        .build()
        .expect("client")
}

impl TestApp {
    /// This app as a browser asking for `languages` sees it: the same server and database, a
    /// new client (its own cookies) sending `Accept-Language` on every request.
    pub fn speaking(&self, languages: &str) -> TestApp {
        TestApp {
            address: self.address.clone(),
            database: self.database.clone(),
            client: client_speaking(languages),
        }
    }

    /// POSTs a form as a browser on this site would (with its Origin).
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Origin", &self.address)
            .header("Accept", "text/html")
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// The CSRF token of the forms on the page at `path`.
    pub async fn csrf_token(&self, path: &str) -> String {
        let html = self.get_page(path).await.text().await.unwrap();
        csrf_token_in(&html).unwrap_or_else(|| panic!("no csrf_token on {path}: {html}"))
    }

    /// The same server seen from another browser (its own cookie jar).
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            database: self.database.clone(),
            client: new_client(),
        }
    }

    /// Runs SQL statements as the owner (fixtures).
    pub fn sql(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        self.owner_connection()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub fn count(&self, sql: &str) -> i64 {
        count(&mut self.owner_connection(), sql)
    }
}

/// The value of the first `csrf_token` field in a page.
pub fn csrf_token_in(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    let rest = &html[start..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The Location header of a redirect.
pub fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "not a redirect: {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_string()
}

/// Undoes askama's escaping of an attribute value (as a browser reads it).
fn unescape(text: &str) -> String {
    text.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
}

/// The hidden fields (name, value) of the form that posts to `action` on a page, as a browser
/// sends them back: its CSRF token and, for a form that changes or deletes an existing row, the
/// row's version and the values the form showed.
pub fn hidden_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form posts to {action}: {html}"));
    let form = &html[start..];
    let form = &form[..form.find("</form>").expect("the form ends")];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find("<input type=\"hidden\" name=\"") {
        rest = &rest[at + "<input type=\"hidden\" name=\"".len()..];
        let name = &rest[..rest.find('"').expect("a name")];
        let value = rest
            .find("value=\"")
            .map(|v| &rest[v + "value=\"".len()..])
            .map(|v| &v[..v.find('"').expect("a value")])
            .unwrap_or_default();
        fields.push((name.to_string(), unescape(value)));
    }
    fields
}

impl TestApp {
    /// POSTs the form that posts to `action` on the page at `page` as a browser that opened the
    /// page now: its hidden fields, then `typed`.
    pub async fn submit(
        &self,
        page: &str,
        action: &str,
        typed: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = self.get_page(page).await.text().await.unwrap();
        self.submit_from(&html, action, typed).await
    }

    /// POSTs the form that posts to `action` on a page shown earlier (`html`): a browser that
    /// kept a page open while others changed what it shows.
    pub async fn submit_from(
        &self,
        html: &str,
        action: &str,
        typed: &[(&str, &str)],
    ) -> reqwest::Response {
        let hidden = hidden_fields(html, action);
        let mut form: Vec<(&str, &str)> = hidden
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        form.extend_from_slice(typed);
        self.post_form(action, &form).await
    }
}
