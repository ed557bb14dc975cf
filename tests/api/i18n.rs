//! Languages (issue 21): the catalogues agree with each other and with the code that asks them,
//! `/set-locale` changes the language safely, `Accept-Language` chooses for whoever chose none,
//! the stored choice wins over it, and pages write numbers as their language does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

const LANGUAGES: [&str; 3] = ["en", "fi", "sv"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

fn is_identifier(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The `$variables` of a piece of a Fluent message.
fn variables(text: &str, into: &mut BTreeSet<String>) {
    for piece in text.split('$').skip(1) {
        let name: String = piece
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if !name.is_empty() {
            into.insert(name);
        }
    }
}

/// Every message of a language's catalogue files with the variables it takes, read from the
/// files themselves: a message starts at the beginning of a line with `id =`; the lines after it
/// that start with a space continue it.
fn catalogue(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    files_under(&root().join("locales").join(lang), "ftl", &mut files);
    assert!(!files.is_empty(), "no catalogue for {lang}");
    let mut messages = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with(' ') {
                if let Some(id) = &current {
                    variables(line, messages.get_mut(id).unwrap());
                }
                continue;
            }
            current = None;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (id, value) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("{}: not a message: {line}", file.display()));
            let id = id.trim();
            assert!(is_identifier(id), "{}: bad id {id:?}", file.display());
            let mut vars = BTreeSet::new();
            variables(value, &mut vars);
            assert!(
                messages.insert(id.to_string(), vars).is_none(),
                "{}: {id} twice",
                file.display()
            );
            current = Some(id.to_string());
        }
    }
    messages
}

/// Every message of a language's catalogue files with its text (the value and its continuation
/// lines, selectors and all): what the crawl (tests/api/l10n_crawl.rs) looks for on pages.
pub fn catalogue_texts(lang: &str) -> BTreeMap<String, String> {
    let mut files = Vec::new();
    files_under(&root().join("locales").join(lang), "ftl", &mut files);
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with(' ') {
                if let Some(id) = &current {
                    let value = texts.get_mut(id).unwrap();
                    value.push('\n');
                    value.push_str(line.trim());
                }
                continue;
            }
            current = None;
            if let Some((id, value)) = line.split_once('=')
                && !line.starts_with('#')
            {
                texts.insert(id.trim().to_string(), value.trim().to_string());
                current = Some(id.trim().to_string());
            }
        }
    }
    texts
}

#[test]
fn every_language_has_every_message_with_the_same_arguments() {
    let english = catalogue("en");
    assert!(english.len() > 100, "the English catalogue is read");
    for lang in ["fi", "sv"] {
        let other = catalogue(lang);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "missing in {lang}: {missing:?}");
        assert!(extra.is_empty(), "only in {lang}, not in en: {extra:?}");
        for (key, vars) in &english {
            assert_eq!(&other[key], vars, "the arguments of {key} in {lang}");
        }
    }
}

/// The message ids a source asks for: the first argument of `t(`, `t1(`, `t2(` and `tn(`
/// calls, and the ids of the tables that hold them (`"nav-home"`, `"column-code"`, ...) in Rust.
fn asked_for(text: &str, rust: bool, known_groups: &BTreeSet<String>) -> BTreeSet<String> {
    let mut asked = BTreeSet::new();
    for call in [".t(\"", ".t1(\"", ".t2(\"", ".tn(\"", "Msg::new(\""] {
        for piece in text.split(call).skip(1) {
            let id = piece.split('"').next().unwrap_or("");
            if is_identifier(id) {
                asked.insert(id.to_string());
            }
        }
    }
    // Ids kept in tables, in the Rust files that speak to the catalogues: string literals shaped
    // like an id of one of the catalogue's groups.
    if rust && (text.contains("Lang") || text.contains(".lang")) {
        for piece in text.split('"').skip(1).step_by(2) {
            let group = piece.split('-').next().unwrap_or("");
            if piece.contains('-') && is_identifier(piece) && known_groups.contains(group) {
                asked.insert(piece.to_string());
            }
        }
    }
    asked
}

#[test]
fn every_message_the_code_asks_for_exists_in_every_language() {
    let catalogues: Vec<_> = LANGUAGES.iter().map(|l| (l, catalogue(l))).collect();
    let groups: BTreeSet<String> = catalogues[0]
        .1
        .keys()
        .filter_map(|k| k.split_once('-').map(|(group, _)| group.to_string()))
        // Groups whose words are also ordinary words of the code's own strings.
        .filter(|g| !["total", "unit", "download", "sign", "tag"].contains(&g.as_str()))
        .collect();
    let mut sources = Vec::new();
    files_under(&root().join("templates"), "html", &mut sources);
    let templates = sources.len();
    files_under(&root().join("src"), "rs", &mut sources);
    let mut checked = 0;
    for (i, file) in sources.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests ask for missing messages on purpose.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for id in asked_for(text, i >= templates, &groups) {
            checked += 1;
            for (lang, messages) in &catalogues {
                assert!(
                    messages.contains_key(&id),
                    "{} asks for {id:?}, which locales/{lang} lacks",
                    file.display()
                );
            }
        }
    }
    assert!(checked > 100, "the sources were read ({checked} ids)");
}

/// The page at `path` as a browser asking for `languages` sees it.
async fn page_in(app: &TestApp, path: &str, languages: &str) -> (u16, String) {
    // The app's own client: its cookies (the session) go with the request.
    let response = app
        .client
        .get(app.url(path))
        .header("Accept", "text/html")
        .header("Accept-Language", languages)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn html_lang(html: &str) -> &str {
    let start = html.find("<html lang=\"").expect("<html lang>") + "<html lang=\"".len();
    &html[start..start + html[start..].find('"').unwrap()]
}

#[tokio::test]
async fn the_browsers_language_serves_whoever_chose_none() {
    let app = spawn_app().await;
    let (status, swedish) = page_in(&app, "/", "sv-SE,sv;q=0.9").await;
    assert_eq!(status, 200);
    assert_eq!(html_lang(&swedish), "sv");
    assert!(swedish.contains("Portföljen i korthet"), "{swedish}");
    assert!(swedish.contains(">Projekt</a>"));
    let (_, english) = page_in(&app, "/", "de-DE,de;q=0.9").await;
    assert_eq!(html_lang(&english), "en");
    assert!(english.contains("Portfolio at a glance"));
    // Error pages too.
    let (status, missing) = page_in(&app, "/no-such-page", "fi-FI,fi;q=0.8").await;
    assert_eq!(status, 404);
    assert_eq!(html_lang(&missing), "fi");
    assert!(missing.contains("Sivua ei löytynyt"), "{missing}");

    // DEFAULT_LOCALE answers a browser that asks for none of ours.
    let finnish_server = spawn_app_with(&[("DEFAULT_LOCALE", "fi")]).await;
    let (_, html) = page_in(&finnish_server, "/", "de").await;
    assert_eq!(html_lang(&html), "fi");
    assert!(html.contains("Salkku lyhyesti"));
}

#[tokio::test]
async fn the_language_link_changes_this_browsers_language_and_goes_back_safely() {
    let app = spawn_app().await;
    let (_, english) = page_in(&app, "/projects?q=x", "en").await;
    // The footer offers the other languages, leading back to this page.
    assert!(english.contains("href=\"/set-locale?lang=fi&amp;next=%2Fprojects%3Fq%3Dx\""));

    let response = app
        .client
        .get(app.url("/set-locale?lang=fi&next=%2Fprojects%3Fq%3Dx"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/projects?q=x");
    // The session's choice wins over the browser's.
    let (_, html) = page_in(&app, "/projects", "sv-SE,sv;q=0.9").await;
    assert_eq!(html_lang(&html), "fi");
    assert!(html.contains("<h1>Projektit</h1>"));

    for next in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
        let url = format!(
            "/set-locale?lang=sv&next={}",
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        );
        let response = app.client.get(app.url(&url)).send().await.unwrap();
        assert_eq!(location(&response), "/", "{next}");
    }
    let unknown = app.get_page("/set-locale?lang=xx&next=/").await;
    assert_eq!(unknown.status(), 400);
}

async fn signed_in_app() -> (TestIdp, TestApp) {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("ed@test", &["rediflow-editors"]));
    let app = spawn_app_with(&[
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    sign_in(&app, &idp, "ed@test").await;
    (idp, app)
}

fn stored_locales(app: &TestApp) -> Vec<String> {
    names(
        &mut app.owner_connection(),
        "select coalesce(s.locale, 'none') as name from user_settings s join users u on u.id = s.user_id where u.username = 'ed@test'",
    )
}

#[tokio::test]
async fn set_locale_takes_the_sessions_token_and_stores_the_choice() {
    let (_idp, app) = signed_in_app().await;
    let refused = app
        .post_form("/set-locale", &[("lang", "fi"), ("next", "/projects")])
        .await;
    assert_eq!(refused.status(), 403);
    let forged = app
        .post_form(
            "/set-locale",
            &[("csrf_token", "forged"), ("lang", "fi"), ("next", "/")],
        )
        .await;
    assert_eq!(forged.status(), 403);
    assert!(stored_locales(&app).is_empty(), "nothing stored");

    // The footer's form of a signed-in user posts the choice with the session's token.
    let (_, page) = page_in(&app, "/projects", "en").await;
    let fields = hidden_fields(&page, "/set-locale");
    assert!(fields.contains(&("next".to_string(), "/projects".to_string())));
    let token = csrf_token_in(&page).unwrap();
    let saved = app
        .post_form(
            "/set-locale",
            &[
                ("csrf_token", token.as_str()),
                ("lang", "fi"),
                ("next", "/projects"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), "/projects");
    assert_eq!(stored_locales(&app), ["fi"]);
    let (_, html) = page_in(&app, "/projects", "sv").await;
    assert_eq!(html_lang(&html), "fi");

    let elsewhere = app
        .post_form(
            "/set-locale",
            &[
                ("csrf_token", token.as_str()),
                ("lang", "sv"),
                ("next", "https://evil.example/phish"),
            ],
        )
        .await;
    assert_eq!(location(&elsewhere), "/");
    assert_eq!(stored_locales(&app), ["sv"]);
    let unknown = app
        .post_form(
            "/set-locale",
            &[
                ("csrf_token", token.as_str()),
                ("lang", "de"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 400);
    assert_eq!(
        stored_locales(&app),
        ["sv"],
        "a refused choice changes nothing"
    );
}

#[tokio::test]
async fn the_stored_choice_wins_over_the_browsers_language_at_the_next_sign_in() {
    let (idp, app) = signed_in_app().await;
    let token = app.csrf_token("/account").await;
    let saved = app
        .post_form(
            "/account",
            &[("csrf_token", token.as_str()), ("locale", "sv")],
        )
        .await;
    assert_eq!(location(&saved), "/account?saved=1");
    assert_eq!(stored_locales(&app), ["sv"]);

    // Another device, whose browser asks for Finnish: after signing in, Swedish.
    let other = app.another_browser();
    let (_, before) = page_in(&other, "/logout", "fi").await;
    assert_eq!(
        html_lang(&before),
        "fi",
        "the browser's language before sign-in"
    );
    sign_in(&other, &idp, "ed@test").await;
    let (_, home) = page_in(&other, "/", "fi-FI,fi;q=0.9").await;
    assert_eq!(html_lang(&home), "sv");
    assert!(home.contains(">Logga ut</button>"), "{home}");
    let (_, account) = page_in(&other, "/account", "fi").await;
    assert!(account.contains("<option value=\"sv\" selected>"));

    // "The language of my browser" again: Accept-Language decides.
    let token = other.csrf_token("/account").await;
    let saved = other
        .post_form(
            "/account",
            &[("csrf_token", token.as_str()), ("locale", "")],
        )
        .await;
    assert_eq!(location(&saved), "/account?saved=1");
    assert_eq!(stored_locales(&app), ["none"]);
    let (_, home) = page_in(&other, "/", "fi").await;
    assert_eq!(html_lang(&home), "fi");
}

#[tokio::test]
async fn the_project_list_in_finnish_writes_numbers_as_finns_do() {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select 'BIG', 'Big project', id, date '2030-03-01', 24 from organisations;
         insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP', 1, 24 from projects;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
           select project_id, id, '1.1', 'T', 1, 24 from work_packages;
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, date '2030-03-01', 'EST', 1234.5 from tasks t, organisations o;",
    );
    let (status, html) = page_in(&app, "/projects", "fi-FI,fi;q=0.9,en;q=0.5").await;
    assert_eq!(status, 200);
    assert_eq!(html_lang(&html), "fi");
    assert!(
        html.contains("<td class=\"num\">1\u{a0}234,5</td>"),
        "EST htkk of the row: {html}"
    );
    assert!(html.contains("<td class=\"num total\">1\u{a0}234,5</td>"));
    assert!(
        html.contains("<td>3/2030</td>\n      <td>2/2032</td>"),
        "months: {html}"
    );
    assert!(html.contains("EST htkk") && html.contains("Yhteensä 1 projekti"));
    // No message id shown raw, as text or as an attribute.
    for id in catalogue("en").keys().filter(|id| id.contains('-')) {
        assert!(
            !html.contains(&format!(">{id}<")) && !html.contains(&format!("=\"{id}\"")),
            "{id} shown raw"
        );
    }
    let (_, english) = page_in(&app, "/projects", "en").await;
    assert!(english.contains("<td class=\"num\">1,234.5</td>"));
    assert!(english.contains("<td>2030-03</td>\n      <td>2032-02</td>"));

    // CSV downloads follow the language: decimal comma and semicolons in Finnish.
    let (_, csv) = page_in(&app, "/projects?format=csv", "fi").await;
    assert!(csv.contains(";1234,5;"), "{csv}");
}
