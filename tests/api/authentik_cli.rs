//! `rediflow authentik ...` (the real binary) against the Authentik API stub of
//! `authentik_stub.rs`: what the first run creates, that a second run writes nothing, that a
//! changed setting is PATCHed alone, that a refused token writes nothing, that `--write-env`
//! touches only its three lines, and that `--link-persons` pairs people with their first sign-in.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::authentik_stub::{AuthentikStub, Recorded, TOKEN, VERSION};
use crate::helpers::*;

const APP_URL: &str = "http://localhost:5002";

/// A fresh, empty working directory (no `.env` files but the ones a test writes).
fn work_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rediflow-ak-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The settings of a test run: test environment, the stub, its token; `extra` overrides.
fn settings(stub: &AuthentikStub, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = [
        ("APP_ENV", "test"),
        ("APP_URL", APP_URL),
        ("AUTHENTIK_URL", stub.url.as_str()),
        ("AUTHENTIK_BOOTSTRAP_TOKEN", TOKEN),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (key, value) in extra {
        values.retain(|(k, _)| k != key);
        values.push((key.to_string(), value.to_string()));
    }
    values
}

fn run_in(dir: &Path, env: &[(String, String)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rediflow"))
        .env_clear()
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(args)
        .output()
        .expect("binary runs")
}

fn run(env: &[(String, String)], args: &[&str]) -> Output {
    let dir = work_dir();
    let output = run_in(&dir, env, args);
    std::fs::remove_dir_all(dir).unwrap();
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "status {:?}\nstdout: {}\nstderr: {}",
        output.status,
        stdout(output),
        stderr(output)
    );
}

/// Exit status 2 and one line on stderr without a panic.
fn assert_fails_cleanly(output: &Output) -> String {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{text}{}", stdout(output));
    assert_eq!(text.trim_end().lines().count(), 1, "one line: {text}");
    assert!(!text.contains("panicked"), "{text}");
    text
}

fn writes(requests: &[Recorded]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.is_write())
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn value_of(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("{key} missing from {text}"))
        .to_string()
}

fn sorted(values: &[Value]) -> Vec<String> {
    let mut texts: Vec<String> = values
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    texts.sort();
    texts
}

fn pk(object: &Value) -> Value {
    object["pk"].clone()
}

#[test]
fn setup_oidc_creates_provider_and_application_once_and_follows_app_url() {
    let stub = AuthentikStub::start();
    let output = run(&settings(&stub, &[]), &["authentik", "setup-oidc"]);
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.contains(&format!("Authentik {VERSION} at {}", stub.url)),
        "{text}"
    );
    for line in [
        "scope mapping \"Rediflow groups\": created",
        "provider \"Rediflow\": created",
        "application \"rediflow\": created",
    ] {
        assert!(text.contains(line), "{line} missing from {text}");
    }

    let provider = stub.object("providers/oauth2/", "name", "Rediflow");
    let flow = |slug: &str| pk(&stub.object("flows/instances/", "slug", slug));
    let keypair = stub.object(
        "crypto/certificatekeypairs/",
        "name",
        "authentik Self-signed Certificate",
    );
    assert_eq!(provider["client_type"], "confidential");
    assert_eq!(provider["include_claims_in_id_token"], true);
    assert_eq!(provider["signing_key"], pk(&keypair));
    assert_eq!(
        provider["authorization_flow"],
        flow("default-provider-authorization-implicit-consent")
    );
    assert_eq!(
        provider["invalidation_flow"],
        flow("default-provider-invalidation-flow")
    );
    assert_eq!(
        provider["redirect_uris"],
        json!([{"matching_mode": "strict", "url": "http://localhost:5002/oauth/callback"}])
    );
    let groups_mapping = stub.object(
        "propertymappings/provider/scope/",
        "name",
        "Rediflow groups",
    );
    assert_eq!(groups_mapping["scope_name"], "groups");
    assert!(
        groups_mapping["expression"]
            .as_str()
            .unwrap()
            .contains("return {\"groups\": [group.name for group in related.all()]}"),
        "{groups_mapping}"
    );
    let mut wanted: Vec<Value> = ["openid", "email", "profile", "offline_access"]
        .iter()
        .map(|s| {
            pk(&stub.object(
                "propertymappings/provider/scope/",
                "managed",
                &format!("goauthentik.io/providers/oauth2/scope-{s}"),
            ))
        })
        .collect();
    wanted.push(pk(&groups_mapping));
    assert_eq!(
        sorted(provider["property_mappings"].as_array().unwrap()),
        sorted(&wanted),
        "openid, email, profile, offline_access (the refresh token of the group checks) and groups"
    );
    let application = stub.object("core/applications/", "slug", "rediflow");
    assert_eq!(application["name"], "Rediflow");
    assert_eq!(application["provider"], pk(&provider));
    assert_eq!(application["meta_launch_url"], "http://localhost:5002/");

    // Printed for the operator: exactly what Rediflow needs.
    assert_eq!(
        value_of(&text, "OIDC_ISSUER"),
        format!("{}application/o/rediflow/", stub.url)
    );
    assert_eq!(value_of(&text, "OIDC_CLIENT_ID"), provider["client_id"]);
    assert_eq!(
        value_of(&text, "OIDC_CLIENT_SECRET"),
        provider["client_secret"]
    );
    let requests = stub.requests();
    assert_eq!(
        writes(&requests),
        [
            "POST propertymappings/provider/scope/",
            "POST providers/oauth2/",
            "POST core/applications/"
        ]
    );
    let created = requests
        .iter()
        .find(|r| r.method == "POST" && r.path == "providers/oauth2/")
        .unwrap();
    assert!(
        created.body.get("client_id").is_none() && created.body.get("client_secret").is_none(),
        "Authentik makes the credentials: {}",
        created.body
    );

    // Again: nothing is written, everything is reported unchanged, same credentials.
    let before = stub.requests().len();
    let output = run(&settings(&stub, &[]), &["authentik", "setup-oidc"]);
    assert_ok(&output);
    let again = stdout(&output);
    assert_eq!(writes(&stub.requests_since(before)), Vec::<String>::new());
    for line in [
        "scope mapping \"Rediflow groups\": unchanged",
        "provider \"Rediflow\": unchanged",
        "application \"rediflow\": unchanged",
    ] {
        assert!(again.contains(line), "{line} missing from {again}");
    }
    assert_eq!(
        value_of(&again, "OIDC_CLIENT_ID"),
        value_of(&text, "OIDC_CLIENT_ID")
    );

    // Another APP_URL: only the redirect URI and the launch URL change; credentials are kept.
    let before = stub.requests().len();
    let output = run(
        &settings(&stub, &[("APP_URL", "https://plan.example.org")]),
        &["authentik", "setup-oidc"],
    );
    assert_ok(&output);
    let moved = stdout(&output);
    assert!(
        moved.contains("provider \"Rediflow\": updated (redirect_uris)"),
        "{moved}"
    );
    assert!(
        moved.contains("application \"rediflow\": updated (meta_launch_url)"),
        "{moved}"
    );
    let since = stub.requests_since(before);
    let patches: Vec<&Recorded> = since.iter().filter(|r| r.is_write()).collect();
    assert_eq!(patches.len(), 2, "{:?}", writes(&since));
    assert_eq!(patches[0].method, "PATCH");
    assert_eq!(
        patches[0].path,
        format!("providers/oauth2/{}/", provider["pk"])
    );
    assert_eq!(
        patches[0].body,
        json!({"redirect_uris": [{"matching_mode": "strict", "url": "https://plan.example.org/oauth/callback"}]})
    );
    assert_eq!(patches[1].path, "core/applications/rediflow/");
    let after = stub.object("providers/oauth2/", "name", "Rediflow");
    assert_eq!(after["client_id"], provider["client_id"]);
    assert_eq!(after["client_secret"], provider["client_secret"]);
    assert_eq!(stub.objects("providers/oauth2/").len(), 1);
}

#[test]
fn setup_oidc_adopts_the_applications_provider_and_repairs_it() {
    let stub = AuthentikStub::start();
    assert_ok(&run(&settings(&stub, &[]), &["authentik", "setup-oidc"]));
    // An operator renamed the provider and switched claims off in the admin interface.
    stub.edit("providers/oauth2/", "name", "Rediflow", |p| {
        p["name"] = json!("rediflow (edited)");
        p["include_claims_in_id_token"] = json!(false);
    });
    let before = stub.requests().len();
    let output = run(&settings(&stub, &[]), &["authentik", "setup-oidc"]);
    assert_ok(&output);
    assert!(
        stdout(&output)
            .contains("provider \"Rediflow\": updated (name, include_claims_in_id_token)"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        writes(&stub.requests_since(before)).len(),
        1,
        "one PATCH, no new provider"
    );
    assert_eq!(stub.objects("providers/oauth2/").len(), 1);
}

#[test]
fn seed_test_users_creates_groups_users_and_passwords_once() {
    let stub = AuthentikStub::start();
    let output = run(&settings(&stub, &[]), &["authentik", "seed-test-users"]);
    assert_ok(&output);
    let text = stdout(&output);
    let groups = [
        "rediflow-super-admins",
        "rediflow-admins",
        "rediflow-editors",
        "rediflow-viewers",
        "rediflow-visibility-org",
        "rediflow-visibility-assigned",
        "rediflow-org-EXAMPLE",
        "rediflow-org-EXAMPLE-RES",
        "rediflow-org-EXAMPLE-DEV",
        "rediflow-org-NORDLAB",
        "rediflow-org-NORDLAB-AI",
        "rediflow-org-NORDLAB-BIO",
    ];
    for group in groups {
        assert!(
            text.contains(&format!("group \"{group}\": created")),
            "{group}: {text}"
        );
    }
    assert_eq!(stub.objects("core/groups/").len(), groups.len());
    let group_pk = |name: &str| pk(&stub.object("core/groups/", "name", name));
    let expected = [
        (
            "admin@test",
            "Ada Admin",
            "admin@example.org",
            vec!["rediflow-admins"],
        ),
        (
            "editor@test",
            "Eddie Editor",
            "editor@example.org",
            vec!["rediflow-editors"],
        ),
        (
            "viewer@test",
            "Vera Viewer",
            "viewer@example.org",
            vec!["rediflow-viewers"],
        ),
        (
            "orguser@test",
            "Olli Orguser",
            "orguser@example.org",
            vec![
                "rediflow-editors",
                "rediflow-org-EXAMPLE",
                "rediflow-visibility-org",
            ],
        ),
    ];
    for (username, name, email, user_groups) in &expected {
        assert!(
            text.contains(&format!("user \"{username}\": created, password set")),
            "{username}: {text}"
        );
        let user = stub.object("core/users/", "username", username);
        assert_eq!(user["name"], *name);
        assert_eq!(user["email"], *email);
        assert_eq!(user["is_active"], true);
        let wanted: Vec<Value> = user_groups.iter().map(|g| group_pk(g)).collect();
        assert_eq!(
            sorted(user["groups"].as_array().unwrap()),
            sorted(&wanted),
            "{username}"
        );
        assert_eq!(
            stub.state().passwords.get(*username).map(String::as_str),
            Some("test-password"),
            "{username}"
        );
    }

    // Again: nothing written, no password set.
    let before = stub.requests().len();
    let output = run(&settings(&stub, &[]), &["authentik", "seed-test-users"]);
    assert_ok(&output);
    assert_eq!(writes(&stub.requests_since(before)), Vec::<String>::new());
    let again = stdout(&output);
    assert!(
        again.contains("user \"orguser@test\": unchanged"),
        "{again}"
    );
    assert!(
        !again.contains("created") && !again.contains("password set"),
        "{again}"
    );

    // An operator moved editor@test to the viewers and into a group of their own: Rediflow's
    // groups are put back, the other group stays.
    let lab = stub.insert("core/groups/", json!({"name": "Lab staff"}));
    let viewers = group_pk("rediflow-viewers");
    stub.edit("core/users/", "username", "editor@test", |u| {
        u["groups"] = json!([lab["pk"], viewers]);
    });
    let before = stub.requests().len();
    let output = run(&settings(&stub, &[]), &["authentik", "seed-test-users"]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("user \"editor@test\": updated (groups)"),
        "{}",
        stdout(&output)
    );
    let since = stub.requests_since(before);
    assert_eq!(writes(&since).len(), 1, "{:?}", writes(&since));
    let editor = stub.object("core/users/", "username", "editor@test");
    assert_eq!(
        sorted(editor["groups"].as_array().unwrap()),
        sorted(&[lab["pk"].clone(), group_pk("rediflow-editors")])
    );

    // --reset-passwords sets the (new) password of every test user and changes nothing else.
    let before = stub.requests().len();
    let output = run(
        &settings(&stub, &[("AUTHENTIK_TEST_USER_PASSWORD", "another pass")]),
        &["authentik", "seed-test-users", "--reset-passwords"],
    );
    assert_ok(&output);
    let since = writes(&stub.requests_since(before));
    assert_eq!(since.len(), 4, "{since:?}");
    assert!(
        since.iter().all(|w| w.ends_with("/set_password/")),
        "{since:?}"
    );
    for (username, ..) in &expected {
        assert_eq!(
            stub.state().passwords.get(*username).map(String::as_str),
            Some("another pass")
        );
    }
}

#[test]
fn seed_test_users_needs_a_password_in_qa_and_prod() {
    let stub = AuthentikStub::start();
    let output = run(
        &settings(
            &stub,
            &[("APP_ENV", "qa"), ("APP_URL", "https://plan.example.org")],
        ),
        &["authentik", "seed-test-users"],
    );
    let line = assert_fails_cleanly(&output);
    assert!(
        line.contains("AUTHENTIK_TEST_USER_PASSWORD is not set"),
        "{line}"
    );
    assert!(stub.requests().is_empty(), "Authentik was not asked");
}

#[test]
fn apply_brand_brands_the_default_brand_once() {
    let stub = AuthentikStub::start();
    // More brands than fit on one page of the stub: the default one is on the last page.
    for domain in ["a.example.org", "b.example.org"] {
        stub.insert(
            "core/brands/",
            json!({"domain": domain, "default": false, "branding_title": domain}),
        );
    }
    {
        let mut state = stub.state();
        state
            .objects
            .get_mut("core/brands/")
            .unwrap()
            .rotate_left(1);
    }
    let output = run(&settings(&stub, &[]), &["authentik", "apply-brand"]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains(
            "brand \"authentik-default\": updated (branding_title, branding_logo, branding_favicon)"
        ),
        "{}",
        stdout(&output)
    );
    let brand = stub.object("core/brands/", "domain", "authentik-default");
    assert_eq!(brand["branding_title"], "Rediflow");
    assert_eq!(
        brand["branding_logo"],
        "http://localhost:5002/static/img/logo.svg"
    );
    assert_eq!(
        brand["branding_favicon"],
        "http://localhost:5002/static/img/favicon.svg"
    );
    assert!(
        stub.requests().iter().any(|r| r.query.contains("page=2")),
        "lists are read page by page"
    );
    assert_eq!(
        stub.objects("core/brands/")
            .iter()
            .filter(|b| b["branding_title"] == "Rediflow")
            .count(),
        1,
        "only the default brand"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(root.join("static/img/logo.svg").is_file());
    assert!(root.join("static/img/favicon.svg").is_file());

    let before = stub.requests().len();
    let output = run(&settings(&stub, &[]), &["authentik", "apply-brand"]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("brand \"authentik-default\": unchanged"),
        "{}",
        stdout(&output)
    );
    assert_eq!(writes(&stub.requests_since(before)), Vec::<String>::new());

    let output = run(
        &settings(&stub, &[]),
        &["authentik", "apply-brand", "--domain", "auth.example.org"],
    );
    assert_ok(&output);
    assert!(
        stdout(&output).contains("brand \"auth.example.org\": created"),
        "{}",
        stdout(&output)
    );
    let brand = stub.object("core/brands/", "domain", "auth.example.org");
    assert_eq!(brand["branding_title"], "Rediflow");
    assert_eq!(stub.objects("core/brands/").len(), 4);
}

#[test]
fn a_refused_token_exits_2_and_writes_nothing() {
    let stub = AuthentikStub::start();
    let env = settings(&stub, &[("AUTHENTIK_BOOTSTRAP_TOKEN", "wrong-token")]);
    for command in ["setup-oidc", "seed-test-users", "apply-brand"] {
        let line = assert_fails_cleanly(&run(&env, &["authentik", command]));
        assert!(
            line.contains("Authentik refused the token (HTTP 403"),
            "{line}"
        );
        assert!(line.contains("AUTHENTIK_BOOTSTRAP_TOKEN"), "{line}");
        assert!(
            !line.contains("wrong-token"),
            "the token is not shown: {line}"
        );
    }
    let dir = work_dir();
    let output = run_in(&dir, &env, &["authentik", "setup-oidc", "--write-env"]);
    assert_fails_cleanly(&output);
    assert!(!dir.join(".env.test").exists(), "no env file written");
    std::fs::remove_dir_all(dir).unwrap();
    assert!(!stub.requests().is_empty());
    assert_eq!(writes(&stub.requests()), Vec::<String>::new());
}

#[test]
fn unreachable_or_foreign_authentik_and_missing_settings_are_one_line() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/", closed.local_addr().unwrap().port());
    drop(closed);
    let stub = AuthentikStub::start();
    let line = assert_fails_cleanly(&run(
        &settings(&stub, &[("AUTHENTIK_URL", &url)]),
        &["authentik", "setup-oidc"],
    ));
    assert!(
        line.contains(&format!("cannot reach Authentik at {url}")),
        "{line}"
    );

    // Something that is not Authentik answers with a web page.
    let foreign = format!("{}not-authentik/", stub.url);
    let line = assert_fails_cleanly(&run(
        &settings(&stub, &[("AUTHENTIK_URL", &foreign)]),
        &["authentik", "apply-brand"],
    ));
    assert!(line.contains("unexpected answer from Authentik"), "{line}");
    assert!(line.contains("not JSON"), "{line}");

    let mut env = settings(&stub, &[]);
    env.retain(|(k, _)| k != "AUTHENTIK_BOOTSTRAP_TOKEN");
    let line = assert_fails_cleanly(&run(&env, &["authentik", "setup-oidc"]));
    assert!(
        line.contains("AUTHENTIK_BOOTSTRAP_TOKEN is not set"),
        "{line}"
    );
    let line = assert_fails_cleanly(&run(
        &settings(&stub, &[("AUTHENTIK_URL", "localhost:9001")]),
        &["authentik", "setup-oidc"],
    ));
    assert!(
        line.contains("AUTHENTIK_URL must be an absolute http(s) URL"),
        "{line}"
    );
    // --link-persons needs the database settings, checked before Authentik is changed.
    let line = assert_fails_cleanly(&run(
        &settings(&stub, &[]),
        &["authentik", "seed-test-users", "--link-persons"],
    ));
    assert!(line.contains("DATABASE_URL is not set"), "{line}");
    let output = run(
        &settings(&stub, &[("DATABASE_URL", "postgres://a:b@127.0.0.1:1/x")]),
        &["authentik", "seed-test-users", "--link-persons"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stderr(&output).trim_end().lines().count(), 1);
    assert_eq!(writes(&stub.requests()), Vec::<String>::new());
    assert!(stub.requests().is_empty(), "Authentik was not asked");
}

#[test]
fn check_config_shows_the_authentik_settings_masked() {
    let stub = AuthentikStub::start();
    let output = run(
        &settings(
            &stub,
            &[
                ("DATABASE_URL", "postgres://a:b@127.0.0.1:1/x"),
                ("AUTHENTIK_TEST_USER_PASSWORD", "hunter2-test"),
            ],
        ),
        &["check-config"],
    );
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.contains("AUTHENTIK_URL") && text.contains(&stub.url),
        "{text}"
    );
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("hunter2-test"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("AUTHENTIK_BOOTSTRAP_TOKEN") && l.contains("***")),
        "{text}"
    );
}

#[test]
fn write_env_changes_only_the_oidc_lines() {
    let stub = AuthentikStub::start();
    let dir = work_dir();
    // An env file as `.env.test.example` starts one, before any client is configured.
    let example = "# Rediflow test settings\nAPP_ENV=test\nAPP_URL=http://localhost:5002\n\
        OIDC_ISSUER=http://localhost:9001/application/o/rediflow/\nOIDC_CLIENT_ID=\n\
        OIDC_CLIENT_SECRET=\nPERSON_CAPACITY_ENABLED=true\n"
        .to_string();
    // An operator's file: the example plus their own lines, a stale issuer, no client id line.
    let original = format!(
        "{}# my note: keep me\nEXTRA=\"quoted value\"\n",
        example
            .replace(
                "OIDC_ISSUER=http://localhost:9001/application/o/rediflow/",
                "OIDC_ISSUER=http://old.example.org/application/o/rediflow/"
            )
            .replace("OIDC_CLIENT_ID=\n", "")
    );
    let copy = dir.join("operator.env");
    std::fs::write(&copy, &original).unwrap();
    // Configuration comes from the environment; the file is only written.
    let output = run_in(
        &dir,
        &settings(&stub, &[]),
        &[
            "authentik",
            "setup-oidc",
            "--write-env",
            "--env-file",
            copy.to_str().unwrap(),
        ],
    );
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.contains("OIDC_ISSUER updated, OIDC_CLIENT_ID created, OIDC_CLIENT_SECRET updated"),
        "{text}"
    );
    assert!(
        !text.contains("OIDC_CLIENT_SECRET="),
        "the secret is not printed: {text}"
    );
    let provider = stub.object("providers/oauth2/", "name", "Rediflow");
    let written = std::fs::read_to_string(&copy).unwrap();
    let issuer = format!("{}application/o/rediflow/", stub.url);
    let expected = format!(
        "{}OIDC_CLIENT_ID={}\n",
        original
            .replace(
                "OIDC_ISSUER=http://old.example.org/application/o/rediflow/\n",
                &format!("OIDC_ISSUER={issuer}\n")
            )
            .replace(
                "OIDC_CLIENT_SECRET=\n",
                &format!(
                    "OIDC_CLIENT_SECRET={}\n",
                    provider["client_secret"].as_str().unwrap()
                )
            ),
        provider["client_id"].as_str().unwrap()
    );
    assert_eq!(written, expected);

    // Again: the file is left byte for byte.
    let output = run_in(
        &dir,
        &settings(&stub, &[]),
        &[
            "authentik",
            "setup-oidc",
            "--write-env",
            "--env-file",
            copy.to_str().unwrap(),
        ],
    );
    assert_ok(&output);
    assert!(
        stdout(&output).contains(
            "OIDC_ISSUER unchanged, OIDC_CLIENT_ID unchanged, OIDC_CLIENT_SECRET unchanged"
        ),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), expected);

    // Without --env-file the file is .env.<APP_ENV> of the working directory, which the
    // command also reads its settings from.
    let test_example =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".env.test.example"))
            .unwrap();
    std::fs::write(dir.join(".env.test"), &test_example).unwrap();
    let env: Vec<(String, String)> = settings(&stub, &[])
        .into_iter()
        .filter(|(k, _)| k != "APP_URL")
        .collect();
    let output = run_in(&dir, &env, &["authentik", "setup-oidc", "--write-env"]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains(".env.test: "),
        "{}",
        stdout(&output)
    );
    let written = std::fs::read_to_string(dir.join(".env.test")).unwrap();
    assert!(
        written.contains(&format!(
            "OIDC_CLIENT_ID={}\n",
            provider["client_id"].as_str().unwrap()
        )),
        "{written}"
    );
    assert_eq!(
        written.lines().count(),
        test_example.lines().count(),
        "the example has all three lines"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Runs the binary off the async runtime (the app under test shares it).
async fn run_blocking(env: Vec<(String, String)>, args: &'static [&'static str]) -> Output {
    tokio::task::spawn_blocking(move || run(&env, args))
        .await
        .unwrap()
}

#[tokio::test]
async fn link_persons_pairs_test_people_with_their_first_sign_in() {
    let stub = AuthentikStub::start();
    let database = create_test_database();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let db_env = settings(&stub, &[("DATABASE_URL", &owner_url(&database))]);
    for (command, file) in [
        ("import-project", "docs/example.ods"),
        ("import-people", "docs/example_authentik_test_people.ods"),
    ] {
        let path = root.join(file).display().to_string();
        let env = db_env.clone();
        let output = tokio::task::spawn_blocking(move || run(&env, &[command, &path]))
            .await
            .unwrap();
        assert_ok(&output);
    }
    assert_ok(&run_blocking(db_env.clone(), &["authentik", "setup-oidc"]).await);
    let output = run_blocking(
        db_env.clone(),
        &["authentik", "seed-test-users", "--link-persons"],
    )
    .await;
    assert_ok(&output);
    let text = stdout(&output);
    for username in ["admin@test", "editor@test", "viewer@test", "orguser@test"] {
        assert!(
            text.contains(&format!(
                "Rediflow user \"{username}\": registered; the first sign-in finds it"
            )),
            "{username}: {text}"
        );
    }
    assert!(
        text.contains("Linked 4 person(s) to users by code."),
        "{text}"
    );

    let mut conn = connect(&owner_url(&database));
    // Each user has the sub Authentik will send (sub_mode user_uuid, as setup-oidc and the
    // blueprint configure the provider).
    for username in ["admin@test", "editor@test", "viewer@test", "orguser@test"] {
        let uid = stub.object("core/users/", "username", username)["uuid"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            count(
                &mut conn,
                &format!(
                    "select count(*) from users u join persons p on p.user_id = u.id \
                     where u.sub = '{uid}' and u.username = '{username}' and p.code = '{username}' \
                     and u.last_login_at is null"
                )
            ),
            1,
            "{username}"
        );
    }
    assert_eq!(
        names(
            &mut conn,
            "select role || ' ' || visibility || ' ' || array_to_string(org_short_names, ',') as name \
             from users where username = 'orguser@test'"
        ),
        ["editor org EXAMPLE"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select o.short_name as name from user_organisations uo \
             join users u on u.id = uo.user_id join organisations o on o.id = uo.organisation_id \
             where u.username = 'orguser@test'"
        ),
        ["EXAMPLE"]
    );
    assert_eq!(
        names(
            &mut conn,
            "select role as name from users where username = 'admin@test'"
        ),
        ["admin"]
    );

    // Again: nothing new.
    let output = run_blocking(
        db_env.clone(),
        &["authentik", "seed-test-users", "--link-persons"],
    )
    .await;
    assert_ok(&output);
    let again = stdout(&output);
    assert!(
        again.contains("Rediflow user \"admin@test\": unchanged (already known)"),
        "{again}"
    );
    assert!(again.contains("Linked 0 person(s)"), "{again}");
    assert_eq!(count(&mut conn, "select count(*) from users"), 4);

    // The first sign-in through OIDC (with the sub Authentik sends) finds that same user.
    let orguser = stub.object("core/users/", "username", "orguser@test");
    let idp = crate::idp::TestIdp::start().await;
    let mut user = crate::idp::IdpUser::new(
        "orguser@test",
        &[
            "rediflow-editors",
            "rediflow-org-EXAMPLE",
            "rediflow-visibility-org",
        ],
    );
    user.sub = orguser["uuid"].as_str().unwrap().to_string();
    idp.add_user(user);
    let app = spawn_app_on(
        &database,
        &[
            ("OIDC_ISSUER", idp.issuer.as_str()),
            ("OIDC_CLIENT_ID", crate::idp::CLIENT_ID),
            ("OIDC_CLIENT_SECRET", crate::idp::CLIENT_SECRET),
            ("LOGIN_RATE_LIMIT_PER_MINUTE", "1000"),
            ("PERSON_CAPACITY_ENABLED", "true"),
        ],
    )
    .await;
    crate::idp::sign_in(&app, &idp, "orguser@test").await;
    assert_eq!(
        count(
            &mut conn,
            "select count(*) from users where username = 'orguser@test'"
        ),
        1,
        "no second user"
    );
    assert_eq!(
        count(
            &mut conn,
            "select count(*) from users u join persons p on p.user_id = u.id \
             where u.username = 'orguser@test' and p.code = 'orguser@test' \
             and u.last_login_at is not null"
        ),
        1,
        "the person stays linked to the user who signed in"
    );
    // Org-scoped as the groups say: people of EXAMPLE's tree, not Nordlab's.
    let page = app.get_page("/people").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Olli") && html.contains("Ada"), "{html}");
    assert!(!html.contains("Vera"), "{html}");
}

#[test]
fn help_documents_the_authentik_commands() {
    let dir = work_dir();
    let top = run_in(&dir, &[], &["--help"]);
    assert!(stdout(&top).contains("authentik"), "{}", stdout(&top));
    let help = run_in(&dir, &[], &["authentik", "--help"]);
    assert_ok(&help);
    for command in ["setup-oidc", "seed-test-users", "apply-brand"] {
        assert!(stdout(&help).contains(command), "{command}");
    }
    let seed = stdout(&run_in(
        &dir,
        &[],
        &["authentik", "seed-test-users", "--help"],
    ));
    assert!(
        seed.contains("--link-persons") && seed.contains("first sign-in"),
        "{seed}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
