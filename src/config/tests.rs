//! The settings' unit tests: layers, value types, rules, `check-config`.
use super::*;

fn sources(pairs: &[(&str, &str)]) -> Sources {
    Sources {
        dotenv_dir: None,
        overrides: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

const DB: (&str, &str) = ("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/db");

#[test]
fn defaults_apply_in_dev() {
    let settings = Settings::load_from(&sources(&[DB])).unwrap();
    assert_eq!(settings.app_env, AppEnv::Dev);
    assert_eq!(settings.bind.to_string(), "127.0.0.1:5000");
    assert_eq!(settings.app_url.as_str(), "http://127.0.0.1:5000/");
    assert_eq!(settings.hours_per_pm, BigDecimal::from(160));
    assert!(settings.secret_key_generated);
    assert!(settings.oidc.is_none());
    assert!(!settings.rls_enabled);
    assert_eq!(settings.groups.org_prefix, "rediflow-org-");
}

#[test]
fn missing_database_url_names_the_variable() {
    let err = Settings::load_from(&sources(&[])).unwrap_err();
    assert_eq!(err.variable, "DATABASE_URL");
    assert!(err.to_string().starts_with("DATABASE_URL is not set"));
}

#[test]
fn invalid_values_name_the_variable() {
    let cases = [
        ("DB_POOL_SIZE", "abc"),
        ("DB_POOL_SIZE", "0"),
        ("RLS_ENABLED", "maybe"),
        ("HOURS_PER_PM", "-3"),
        ("BIND", "localhost"),
        ("APP_ENV", "staging"),
        ("LOG_FORMAT", "xml"),
        ("SECRET_KEY", "short"),
        ("POLICY_NO_AUTH_DEFAULT", "everyone"),
        ("APP_URL", "not a url"),
        ("POSTGRES_APP_USER", "Robert'); drop"),
        ("DB_PREPARED_STATEMENTS", "sometimes"),
    ];
    for (name, value) in cases {
        let err = Settings::load_from(&sources(&[DB, (name, value)])).unwrap_err();
        assert_eq!(err.variable, name, "{name}={value}: {err}");
    }
}

#[test]
fn session_revalidation_defaults_and_bounds() {
    let settings = Settings::load_from(&sources(&[DB])).unwrap();
    assert_eq!(
        settings.session_revalidate_interval,
        Duration::from_secs(600)
    );
    assert_eq!(settings.session_revalidate_grace, Duration::from_secs(3600));
    let settings = Settings::load_from(&sources(&[
        DB,
        ("SESSION_REVALIDATE_MINUTES", "1"),
        ("SESSION_REVALIDATE_GRACE_MINUTES", "0"),
    ]))
    .unwrap();
    assert_eq!(
        settings.session_revalidate_interval,
        Duration::from_secs(60)
    );
    assert_eq!(settings.session_revalidate_grace, Duration::ZERO);
    for (name, value) in [
        ("SESSION_REVALIDATE_MINUTES", "0"),
        ("SESSION_REVALIDATE_MINUTES", "ten"),
        ("SESSION_REVALIDATE_MINUTES", "1441"),
        ("SESSION_REVALIDATE_GRACE_MINUTES", "-1"),
        ("SESSION_REVALIDATE_GRACE_MINUTES", "10081"),
    ] {
        let err = Settings::load_from(&sources(&[DB, (name, value)])).unwrap_err();
        assert_eq!(err.variable, name, "{name}={value}: {err}");
        assert!(!err.to_string().contains('\n'), "one line: {err}");
    }
}

#[test]
fn prepared_statements_are_kept_unless_turned_off() {
    let kept = |pairs: &[(&str, &str)]| {
        Settings::load_from(&sources(pairs))
            .unwrap()
            .db_prepared_statements
    };
    assert!(kept(&[DB]), "on by default");
    assert!(
        kept(&[DB, ("DB_PREPARED_STATEMENTS", "")]),
        "empty is unset"
    );
    assert!(kept(&[DB, ("DB_PREPARED_STATEMENTS", "true")]));
    assert!(!kept(&[DB, ("DB_PREPARED_STATEMENTS", "false")]));
    assert!(!kept(&[DB, ("DB_PREPARED_STATEMENTS", "off")]));
    let err =
        Settings::load_from(&sources(&[DB, ("DB_PREPARED_STATEMENTS", "pgbouncer")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "DB_PREPARED_STATEMENTS must be true or false (got \"pgbouncer\")"
    );
}

#[test]
fn rls_requires_the_app_url() {
    let err = Settings::load_from(&sources(&[DB, ("RLS_ENABLED", "true")])).unwrap_err();
    assert_eq!(err.variable, "DATABASE_URL_APP");
}

#[test]
fn production_requires_secret_key_and_app_url() {
    let err = Settings::load_from(&sources(&[DB, ("APP_ENV", "prod")])).unwrap_err();
    assert_eq!(err.variable, "APP_URL");
    let err = Settings::load_from(&sources(&[
        DB,
        APP_DB,
        ("APP_ENV", "qa"),
        ("APP_URL", "https://rediflow.example.org"),
    ]))
    .unwrap_err();
    assert_eq!(err.variable, "SECRET_KEY");
}

const APP_DB: (&str, &str) = (
    "DATABASE_URL_APP",
    "postgres://rediflow_app:p@127.0.0.1:5432/db",
);

#[test]
fn rls_is_on_by_default_in_qa_and_prod_and_off_only_when_told() {
    let key = "k".repeat(64);
    let production = |env: &'static str, extra: &[(&'static str, &'static str)]| {
        let mut pairs = vec![
            DB,
            ("APP_ENV", env),
            ("APP_URL", "https://rediflow.example.org"),
            ("SECRET_KEY", key.as_str()),
        ];
        pairs.extend_from_slice(extra);
        Settings::load_from(&sources(&pairs))
    };
    for env in ["qa", "prod"] {
        let settings = production(env, &[APP_DB]).unwrap();
        assert!(settings.rls_enabled, "{env}");
        assert_eq!(
            settings.request_database_url().expose(),
            APP_DB.1,
            "{env}: requests run as the app role"
        );
        let err = production(env, &[]).unwrap_err();
        assert_eq!(err.variable, "DATABASE_URL_APP", "{env}");
        assert!(err.problem.contains("the default in qa and prod"), "{err}");
        let off = production(env, &[("RLS_ENABLED", "false")]).unwrap();
        assert!(!off.rls_enabled, "{env}: an explicit false turns it off");
    }
    for env in ["dev", "test"] {
        let settings = Settings::load_from(&sources(&[DB, ("APP_ENV", env)])).unwrap();
        assert!(!settings.rls_enabled, "{env}");
    }
    let shown = effective_settings(&sources(&[
        DB,
        APP_DB,
        ("APP_ENV", "prod"),
        ("APP_URL", "https://rediflow.example.org"),
        ("SECRET_KEY", key.as_str()),
    ]))
    .unwrap()
    .into_iter()
    .find(|s| s.name == "RLS_ENABLED")
    .unwrap();
    assert_eq!(shown.value, "true (the default in prod)");
    assert_eq!(shown.origin, "derived");
}

#[test]
fn trusted_proxies_are_addresses_and_networks() {
    let settings = Settings::load_from(&sources(&[
        DB,
        ("TRUSTED_PROXIES", "127.0.0.1, 10.89.0.0/16 fd00::/8"),
    ]))
    .unwrap();
    let proxies = &settings.trusted_proxies;
    for ip in ["127.0.0.1", "::ffff:127.0.0.1", "10.89.3.4", "fd00::1"] {
        assert!(proxies.contains(ip.parse().unwrap()), "{ip}");
    }
    for ip in ["127.0.0.2", "10.90.0.1", "203.0.113.7", "::1"] {
        assert!(!proxies.contains(ip.parse().unwrap()), "{ip}");
    }
    let none = Settings::load_from(&sources(&[DB])).unwrap();
    assert!(none.trusted_proxies.is_empty());

    let err =
        Settings::load_from(&sources(&[DB, ("TRUSTED_PROXIES", "proxy.example")])).unwrap_err();
    assert_eq!(err.variable, "TRUSTED_PROXIES");
    assert!(err.problem.contains("proxy.example"), "{err}");
}

#[test]
fn trusting_forwarded_for_from_anyone_is_refused() {
    let err = Settings::load_from(&sources(&[DB, ("TRUST_FORWARDED_FOR", "true")])).unwrap_err();
    assert_eq!(err.variable, "TRUST_FORWARDED_FOR");
    assert!(err.problem.contains("TRUSTED_PROXIES"), "{err}");
    // Together with the proxies it replaced it is harmless: they decide.
    let settings = Settings::load_from(&sources(&[
        DB,
        ("TRUST_FORWARDED_FOR", "true"),
        ("TRUSTED_PROXIES", "127.0.0.1"),
    ]))
    .unwrap();
    assert!(
        settings
            .trusted_proxies
            .contains("127.0.0.1".parse().unwrap())
    );
}

#[test]
fn oidc_needs_issuer_and_client_and_derives_redirect() {
    let err = Settings::load_from(&sources(&[DB, ("OIDC_ISSUER", "http://idp/o/")])).unwrap_err();
    assert_eq!(err.variable, "OIDC_CLIENT_ID");
    let settings = Settings::load_from(&sources(&[
        DB,
        ("APP_URL", "https://plan.example.org"),
        (
            "OIDC_ISSUER",
            "https://auth.example.org/application/o/rediflow/",
        ),
        ("OIDC_CLIENT_ID", "abc"),
    ]))
    .unwrap();
    let oidc = settings.oidc.unwrap();
    assert_eq!(
        oidc.redirect_uri.as_str(),
        "https://plan.example.org/oauth/callback"
    );
    assert_eq!(
        oidc.issuer.as_str(),
        "https://auth.example.org/application/o/rediflow/"
    );
    assert_eq!(oidc.scopes, ["openid", "profile", "email", "groups"]);
}

#[test]
fn layers_override_in_order() {
    let dir = std::env::temp_dir().join(format!("rediflow-config-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".env"),
        "APP_ENV=test\nDB_POOL_SIZE=3\nHOURS_PER_PM=150\nDATABASE_URL=postgres://a:b@h/d\n",
    )
    .unwrap();
    std::fs::write(dir.join(".env.test"), "DB_POOL_SIZE=4\nLOG_FORMAT=json\n").unwrap();
    let mut src = Sources {
        dotenv_dir: Some(dir.clone()),
        overrides: BTreeMap::new(),
    };
    src.overrides.insert("LOG_FORMAT".into(), "text".into());
    let settings = Settings::load_from(&src).unwrap();
    assert_eq!(settings.app_env, AppEnv::Test);
    assert_eq!(settings.db_pool_size, 4, ".env.test beats .env");
    assert_eq!(
        settings.hours_per_pm,
        BigDecimal::from(150),
        ".env beats default"
    );
    assert_eq!(
        settings.log_format,
        LogFormat::Text,
        "environment beats files"
    );
    let effective = effective_settings(&src).unwrap();
    let origin = |n: &str| {
        effective
            .iter()
            .find(|s| s.name == n)
            .unwrap()
            .origin
            .clone()
    };
    assert_eq!(origin("DB_POOL_SIZE"), ".env.test");
    assert_eq!(origin("HOURS_PER_PM"), ".env");
    assert_eq!(origin("LOG_FORMAT"), "environment");
    assert_eq!(origin("BIND"), "default");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn authentik_settings_need_url_and_token_but_no_database() {
    let err = AuthentikSettings::load_from(&sources(&[])).unwrap_err();
    assert_eq!(err.variable, "AUTHENTIK_URL");
    let err = AuthentikSettings::load_from(&sources(&[("AUTHENTIK_URL", "http://127.0.0.1:9001")]))
        .unwrap_err();
    assert_eq!(err.variable, "AUTHENTIK_BOOTSTRAP_TOKEN");
    let settings = AuthentikSettings::load_from(&sources(&[
        ("APP_ENV", "test"),
        ("APP_URL", "http://localhost:5002"),
        ("AUTHENTIK_URL", "https://example.org/auth"),
        ("AUTHENTIK_BOOTSTRAP_TOKEN", "tok"),
    ]))
    .unwrap();
    assert_eq!(settings.authentik_url.as_str(), "https://example.org/auth/");
    assert_eq!(
        settings.redirect_uri.as_str(),
        "http://localhost:5002/oauth/callback"
    );
    assert_eq!(
        settings.test_user_password.as_ref().map(Secret::expose),
        Some(DEFAULT_TEST_USER_PASSWORD)
    );
    let qa = AuthentikSettings::load_from(&sources(&[
        ("APP_ENV", "qa"),
        ("APP_URL", "https://plan.example.org"),
        (
            "OIDC_REDIRECT_URI",
            "https://plan.example.org/custom/callback",
        ),
        ("AUTHENTIK_URL", "https://auth.example.org/"),
        ("AUTHENTIK_BOOTSTRAP_TOKEN", "tok"),
    ]))
    .unwrap();
    assert!(
        qa.test_user_password.is_none(),
        "no default outside dev and test"
    );
    assert_eq!(
        qa.redirect_uri.as_str(),
        "https://plan.example.org/custom/callback"
    );
    for (name, value) in [
        ("AUTHENTIK_URL", "ftp://x"),
        ("AUTHENTIK_URL", "http://x/?a=b"),
        ("AUTHENTIK_BOOTSTRAP_TOKEN", "two words"),
    ] {
        let mut pairs = vec![
            ("AUTHENTIK_URL", "http://127.0.0.1:9001"),
            ("AUTHENTIK_BOOTSTRAP_TOKEN", "tok"),
        ];
        pairs.retain(|(k, _)| *k != name);
        pairs.push((name, value));
        let err = AuthentikSettings::load_from(&sources(&pairs)).unwrap_err();
        assert_eq!(err.variable, name, "{name}={value}");
    }
}

#[test]
fn secrets_are_masked() {
    let src = sources(&[
        ("DATABASE_URL", "postgres://owner:hunter2@127.0.0.1/db"),
        ("SECRET_KEY", &"k".repeat(64)),
        ("POSTGRES_APP_PASSWORD", "apppass"),
        ("AUTHENTIK_BOOTSTRAP_TOKEN", "bootstrap-token-value"),
        ("AUTHENTIK_TEST_USER_PASSWORD", "seeded-password"),
    ]);
    let effective = effective_settings(&src).unwrap();
    let text: String = effective
        .iter()
        .map(|s| format!("{}={}\n", s.name, s.value))
        .collect();
    assert!(!text.contains("hunter2"), "{text}");
    assert!(!text.contains("apppass"), "{text}");
    assert!(!text.contains("bootstrap-token-value"), "{text}");
    assert!(!text.contains("seeded-password"), "{text}");
    assert!(!text.contains(&"k".repeat(64)), "{text}");
    assert!(text.contains("postgres://owner:***@127.0.0.1/db"), "{text}");
}

/// The exact sentences operators see (README and docs quote them), one per kind of value and rule.
#[test]
fn messages_name_the_variable_in_one_sentence() {
    let key = "k".repeat(64);
    let production = [
        DB,
        ("APP_ENV", "prod"),
        ("APP_URL", "https://rediflow.example.org"),
        ("SECRET_KEY", key.as_str()),
        ("RLS_ENABLED", "false"),
    ];
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("DB_POOL_SIZE", "lots")],
            "DB_POOL_SIZE must be a whole number from 1 to 200 (got \"lots\")",
        ),
        (
            &[("HTTP_WORKERS", "0")],
            "HTTP_WORKERS must be a whole number from 1 to 256 (got \"0\")",
        ),
        (
            &[("SESSION_IDLE_TIMEOUT_MINUTES", "44641")],
            "SESSION_IDLE_TIMEOUT_MINUTES must be a whole number from 1 to 44640 (got \"44641\")",
        ),
        (
            &[("RLS_ENABLED", "maybe")],
            "RLS_ENABLED must be true or false (got \"maybe\")",
        ),
        (
            &[("HOURS_PER_PM", "-3")],
            "HOURS_PER_PM must be a number of hours above 0 and at most 744 (got \"-3\")",
        ),
        (
            &[("HOURS_PER_PM", "745")],
            "HOURS_PER_PM must be a number of hours above 0 and at most 744 (got \"745\")",
        ),
        (
            &[("BIND", "localhost")],
            "BIND must be an IP address and port such as 127.0.0.1:5000 (got \"localhost\")",
        ),
        (
            &[("APP_ENV", "Staging")],
            "APP_ENV must be one of dev, test, qa, prod (got \"staging\")",
        ),
        (
            &[("LOG_FORMAT", "xml")],
            "LOG_FORMAT must be text or json (got \"xml\")",
        ),
        (
            &[("SECRET_KEY", "short")],
            "SECRET_KEY must be at least 64 bytes long (got 5 bytes); generate one with: \
             openssl rand -base64 64 | tr -d '\\n'",
        ),
        (
            &[("POLICY_NO_AUTH_DEFAULT", "everyone")],
            "POLICY_NO_AUTH_DEFAULT must be allow_all or view_only (got \"everyone\")",
        ),
        (
            &[("APP_URL", "ftp://x")],
            "APP_URL must be an absolute http(s) URL (got \"ftp://x\")",
        ),
        (
            &[("APP_URL", "not a url")],
            "APP_URL must be an absolute http(s) URL (got \"not a url\": relative URL without a base)",
        ),
        (
            &[("POSTGRES_APP_USER", "Robert'); drop")],
            "POSTGRES_APP_USER must be a lower-case SQL identifier such as rediflow_app \
             (got \"Robert'); drop\")",
        ),
        (
            &[("DATABASE_URL_APP", "mysql://u@h/d")],
            "DATABASE_URL_APP must be a PostgreSQL URL like postgres://user:password@host:5432/database",
        ),
        (
            &[("STATIC_DIR", "/nonexistent/rediflow-static")],
            "STATIC_DIR must be an existing directory (got \"/nonexistent/rediflow-static\")",
        ),
        (
            &[("TRUSTED_PROXIES", "10.0.0.1 proxy.example")],
            "TRUSTED_PROXIES must list IP addresses or networks separated by commas, such as \
             127.0.0.1,10.0.0.0/8,fd00::/8 (got \"proxy.example\")",
        ),
        (
            &[("GROUP_ADMINS", "the admins")],
            "GROUP_ADMINS must not contain spaces (got \"the admins\")",
        ),
        (
            &[
                ("OIDC_ISSUER", "http://idp/o/"),
                ("OIDC_CLIENT_ID", "c"),
                ("OIDC_SCOPES", "profile"),
            ],
            "OIDC_SCOPES must include the scope openid",
        ),
        (
            &[("OIDC_CLIENT_ID", "c")],
            "OIDC_ISSUER is not set although OIDC_CLIENT_ID is (set both to enable sign-in, or neither)",
        ),
        (
            &[("RLS_ENABLED", "true")],
            "DATABASE_URL_APP is not set (required when RLS_ENABLED=true, the default in qa and \
             prod: the application role's connection, made by `rediflow setup-rls-app-role`)",
        ),
    ];
    for (pairs, expected) in cases {
        let mut all = vec![DB];
        all.extend_from_slice(pairs);
        let err = Settings::load_from(&sources(&all)).unwrap_err();
        assert_eq!(err.to_string(), *expected);
    }
    let err = Settings::load_from(&sources(&[])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "DATABASE_URL is not set (the owner connection, e.g. \
         postgres://rediflow:rediflow@127.0.0.1:15433/rediflow_dev)"
    );
    let mut without_key = production.to_vec();
    without_key.retain(|(name, _)| *name != "SECRET_KEY");
    assert_eq!(
        Settings::load_from(&sources(&without_key))
            .unwrap_err()
            .to_string(),
        "SECRET_KEY is not set (required in qa and prod); generate one with: \
         openssl rand -base64 64 | tr -d '\\n'"
    );
    let mut without_url = production.to_vec();
    without_url.retain(|(name, _)| *name != "APP_URL");
    assert_eq!(
        Settings::load_from(&sources(&without_url))
            .unwrap_err()
            .to_string(),
        "APP_URL is not set (required in qa and prod: the public URL users open, e.g. \
         https://rediflow.example.org)"
    );
    assert!(Settings::load_from(&sources(&production)).is_ok());
}

/// `FOO=` means "not set": the default applies, also over a value of a lower layer; values are
/// trimmed; hours per PM accept a decimal comma.
#[test]
fn blank_values_are_unset_and_values_are_trimmed() {
    let settings = Settings::load_from(&sources(&[
        DB,
        ("DB_POOL_SIZE", ""),
        ("HOURS_PER_PM", " 152,5 "),
        ("LOG_FORMAT", " JSON"),
        ("GROUP_ADMINS", "  "),
    ]))
    .unwrap();
    assert_eq!(settings.db_pool_size, 10);
    assert_eq!(
        settings.hours_per_pm,
        "152.5".parse::<BigDecimal>().unwrap()
    );
    assert_eq!(settings.log_format, LogFormat::Json);
    assert_eq!(settings.groups.admins, "rediflow-admins");

    let dir = std::env::temp_dir().join(format!("rediflow-config-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".env"), "DB_POOL_SIZE=3\nSECRET_KEY=short\n").unwrap();
    let mut src = sources(&[DB, ("DB_POOL_SIZE", ""), ("SECRET_KEY", "")]);
    src.dotenv_dir = Some(dir.clone());
    let settings = Settings::load_from(&src).unwrap();
    assert_eq!(
        settings.db_pool_size, 10,
        "the environment's blank unsets .env's 3"
    );
    assert!(settings.secret_key_generated);
    let effective = effective_settings(&src).unwrap();
    let line = |n: &str| effective.iter().find(|s| s.name == n).unwrap().clone();
    assert_eq!(line("DB_POOL_SIZE").origin, "default");
    assert_eq!(line("SECRET_KEY").origin, "unset");
    std::fs::remove_dir_all(dir).unwrap();
}

/// `check-config` lists every declared variable once, in declaration order, with a value.
#[test]
fn check_config_lists_every_variable_in_order() {
    let effective = effective_settings(&sources(&[DB])).unwrap();
    let names: Vec<&str> = effective.iter().map(|s| s.name).collect();
    let declared: Vec<&str> = variables::VARIABLES.iter().map(|v| v.name).collect();
    assert_eq!(names, declared);
    assert_eq!(names.first(), Some(&"APP_ENV"));
    assert!(effective.iter().all(|s| !s.value.is_empty()));
    let line = |n: &str| effective.iter().find(|s| s.name == n).unwrap().clone();
    assert_eq!(line("APP_URL").value, "http://127.0.0.1:5000/");
    assert_eq!(line("APP_URL").origin, "derived");
    assert_eq!(line("HTTP_WORKERS").value, "(one per CPU core)");
    assert_eq!(line("OIDC_CLIENT_ID").origin, "unset");
    assert_eq!(
        line("DATABASE_URL").value,
        "postgres://u:***@127.0.0.1:5432/db"
    );
    assert_eq!(line("DATABASE_URL").origin, "environment");
}

/// The variables of the `.env*.example` files' Rediflow part (above the compose part), read by
/// something else than `src/config`.
const READ_ELSEWHERE: &[&str] = &["RUST_LOG"];
/// Declared only to refuse an old setting; documented in a comment, never as a line to set.
const RETIRED: &[&str] = &["TRUST_FORWARDED_FOR"];

/// The `NAME` of every `NAME=` and `#NAME=` line of the Rediflow part of an example file.
fn example_lines(file: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .take_while(|line| !line.starts_with("# ---- Containers"))
        .filter_map(|line| {
            let (name, _) = line.trim_start_matches('#').split_once('=')?;
            let setting = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            setting.then(|| name.to_string())
        })
        .collect()
}

/// `.env.example` documents every variable (README says so), and no example file sets one that
/// Rediflow does not read.
#[test]
fn the_env_examples_document_every_declared_variable() {
    let documented = example_lines(".env.example");
    let whole = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".env.example"),
    )
    .unwrap();
    for variable in variables::VARIABLES {
        if RETIRED.contains(&variable.name) {
            assert!(
                whole.contains(variable.name),
                "{} is not mentioned",
                variable.name
            );
            assert!(
                !documented.iter().any(|n| n == variable.name),
                "{} is retired",
                variable.name
            );
        } else {
            assert!(
                documented.iter().any(|n| n == variable.name),
                "{} has no line in .env.example",
                variable.name
            );
        }
    }
    for file in [
        ".env.example",
        ".env.test.example",
        ".env.qa.example",
        ".env.prod.example",
    ] {
        for name in example_lines(file) {
            assert!(
                variables::VARIABLES.iter().any(|v| v.name == name)
                    || READ_ELSEWHERE.contains(&name.as_str()),
                "{file} sets {name}, which Rediflow does not read"
            );
        }
    }
}

/// Every built-in default is read by its own variable's type.
#[test]
fn every_default_is_a_valid_value() {
    let raw = layers::Layers::load(&sources(&[])).unwrap().read();
    assert!(raw.is_ok(), "{:?}", raw.err());
}
