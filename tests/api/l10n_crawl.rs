//! Every page in Finnish and in Swedish (issue 21): an administrator crawls a generated portfolio
//! from `/`, following the links of the pages. Each page answers without a 5xx, says its language
//! in `<html lang>`, shows no catalogue id raw, writes no number the English way, and, once the
//! data (names, codes and numbers users typed) is taken out of its text, has no English word of
//! the interface left.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use diesel::prelude::*;
use rediflow::i18n::seeded::seeded_names;
use rediflow::workbooks::demo::{Shape, Size, generate};

use crate::helpers::*;
use crate::i18n::catalogue_texts;

/// At most this many pages per language, and this many of one shape (`/projects/{id}/tasks`).
const MAX_PAGES: usize = 500;
const PER_SHAPE: usize = 2;

/// Words of the English catalogue that are also words of Finnish or Swedish pages: names of
/// things, codes and formats that every language writes alike.
const SHARED_WORDS: &[&str] = &[
    "rediflow",
    "authentik",
    "openid",
    "projplan",
    "actual",
    "csv",
    "ods",
    "xlsx",
    "json",
    "http",
    "https",
    "oidc",
    "rediflow-viewers",
    "rediflow-editors",
    "rediflow-admins",
    "fte",
    "email",
    // The language switch names each language in itself.
    "english",
    "suomi",
    "svenska",
];

/// The words of a catalogue's messages, lowercased: the text without `{ $arguments }`, selector
/// keys (`[one]`, `*[other]`) and `->`.
fn words_of(texts: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for text in texts.values() {
        let mut plain = String::new();
        let mut skipping = false;
        for c in text.chars() {
            match c {
                '$' | '[' => skipping = true,
                ']' if skipping => skipping = false,
                c if skipping && !(c.is_alphanumeric() || c == '_' || c == '-') => {
                    skipping = false;
                    plain.push(' ');
                }
                _ if skipping => {}
                c => plain.push(c),
            }
        }
        words.extend(split_words(&plain));
    }
    words
}

fn split_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphabetic() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| w.chars().count() >= 4)
}

/// Every text the database holds in a name-like column (as the owner, past row-level security):
/// names, codes, numbers, e-mails, messages. The seeded names of the lookup tables are left out:
/// pages translate them, so an English one is a finding (the same word as a task's name is data).
fn stored_texts(conn: &mut PgConnection) -> Vec<String> {
    let columns = names(
        conn,
        "select table_name || '.' || column_name as name from information_schema.columns \
         where table_schema = 'public' and data_type = 'text' and column_name in \
         ('code', 'name', 'number', 'title', 'description', 'short_name', 'first_name', \
          'last_name', 'email', 'username', 'display_name', 'message', 'response_comment', \
          'file_name', 'country_code')",
    );
    let seeded: BTreeSet<&str> = seeded_names().collect();
    let mut texts: BTreeSet<String> = BTreeSet::new();
    for column in columns {
        let (table, column) = column.split_once('.').unwrap();
        let sql = format!(
            "select distinct {column}::text as name from {table} where {column} is not null"
        );
        let lookup = LOOKUP_TABLES.contains(&table);
        texts.extend(
            names(conn, &sql)
                .into_iter()
                .filter(|t| !t.trim().is_empty())
                .filter(|t| !(lookup && seeded.contains(t.as_str()))),
        );
    }
    let mut texts: Vec<String> = texts.into_iter().collect();
    // The longest first, so that a name is taken out before a shorter name inside it.
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts
}

/// The tables whose seeded rows `i18n::seeded` names.
const LOOKUP_TABLES: &[&str] = &[
    "lifecycle_states",
    "allocation_groups",
    "lookup_groups",
    "role_types",
    "deliverable_types",
    "dissemination_levels",
    "leave_types",
    "calendars",
];

fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// What a person reads on a page: the text outside tags, scripts and styles, and the attributes
/// a browser shows or reads out (`title`, `placeholder`, `aria-label`, `alt`, a button's `value`).
fn visible_text(html: &str) -> String {
    let body = html.split_once("<body").map_or(html, |(_, b)| b);
    let mut out = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let tag = &after[..close];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        for attribute in ["title", "placeholder", "aria-label", "alt"] {
            if let Some(value) = attribute_value(tag, attribute) {
                out.push_str(&value);
                out.push('\n');
            }
        }
        if name == "input"
            && attribute_value(tag, "type").is_some_and(|t| t == "submit" || t == "button")
            && let Some(value) = attribute_value(tag, "value")
        {
            out.push_str(&value);
            out.push('\n');
        }
        rest = &after[close + 1..];
        if name == "script" || name == "style" {
            let end = format!("</{name}");
            rest = rest.find(&end).map_or("", |i| &rest[i..]);
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')?;
    Some(decode_entities(&tag[start..start + end]))
}

/// The site's own links of a page that a GET may follow: pages, not downloads, not signing out or
/// changing the language.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(decode_entities)
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| href.split('#').next().unwrap_or("").to_string())
        .filter(|href| {
            ![
                "/logout",
                "/set-locale",
                "/static/",
                "/s/",
                "/login",
                "/auth/",
                // The API's reference (linked from the tokens on /account) is written from the
                // OpenAPI description, for developers, in English like the API's field names.
                "/api/",
            ]
            .iter()
            .any(|skip| href.starts_with(skip))
                && !href.contains("format=")
        })
        .collect()
}

/// A link's shape: ids and numbers replaced, the query's names kept (`/projects/{id}?series=`).
fn shape(href: &str) -> String {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let path: Vec<String> = path
        .split('/')
        .map(|part| {
            if part.len() == 36 && part.chars().filter(|c| *c == '-').count() == 4 {
                "{id}".to_string()
            } else if !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()) {
                "{n}".to_string()
            } else {
                part.to_string()
            }
        })
        .collect();
    let mut names: Vec<&str> = query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    format!("{}?{}", path.join("/"), names.join("&"))
}

/// Numbers written the English way: a decimal point between digits (`2.5`). Dotted codes (`1.1`,
/// `D2.3`) are data and taken out before; a version (`0.1.0`, two points) is not a number. (A comma
/// between digits is no clue: `209,153` is a Finnish decimal.)
fn english_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')) {
        let token = token.trim_matches(|c| c == '.' || c == '-');
        let points = token.matches('.').count();
        if points == 1
            && token
                .split('.')
                .all(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        {
            found.push(token.to_string());
        }
    }
    found
}

struct Findings(Vec<String>);

impl Findings {
    fn add(&mut self, path: &str, what: String) {
        self.0.push(format!("{path}: {what}"));
    }
}

async fn crawl(app: &TestApp, lang: &str, data: &[String], findings: &mut Findings) -> usize {
    let english = words_of(&catalogue_texts("en"));
    let own = words_of(&catalogue_texts(lang));
    let foreign: BTreeSet<String> = english
        .difference(&own)
        .filter(|w| !SHARED_WORDS.contains(&w.as_str()))
        .cloned()
        .collect();
    let ids: BTreeSet<String> = catalogue_texts("en")
        .into_keys()
        .filter(|id| id.contains('-'))
        .collect();
    let browser = app.speaking(lang);
    let mut queue: VecDeque<String> = VecDeque::from(["/".to_string()]);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    let mut visited = 0;
    while let Some(path) = queue.pop_front() {
        if visited >= MAX_PAGES {
            break;
        }
        visited += 1;
        let response = browser.get_page(&path).await;
        let status = response.status().as_u16();
        let is_html = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        let html = response.text().await.unwrap();
        if status >= 500 {
            findings.add(&path, format!("status {status}"));
            continue;
        }
        if !is_html {
            // A download (an exported workbook): not a page.
            continue;
        }
        if !html.contains(&format!("<html lang=\"{lang}\"")) {
            findings.add(&path, "<html lang> is not the language asked for".into());
        }
        let mut text = visible_text(&html);
        for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
            if ids.contains(token) {
                findings.add(&path, format!("catalogue id shown raw: {token}"));
            }
        }
        for stored in data {
            if text.contains(stored.as_str()) {
                text = text.replace(stored.as_str(), " ");
            }
        }
        let left: BTreeSet<String> = split_words(&text).filter(|w| foreign.contains(w)).collect();
        if !left.is_empty() {
            findings.add(&path, format!("English words: {left:?}"));
        }
        let numbers = english_numbers(&text);
        if !numbers.is_empty() {
            findings.add(
                &path,
                format!("numbers written the English way: {numbers:?}"),
            );
        }
        for link in links(&html) {
            let count = shapes.entry(shape(&link)).or_default();
            if *count < PER_SHAPE && seen.insert(link.clone()) {
                *count += 1;
                queue.push_back(link);
            }
        }
    }
    visited
}

#[tokio::test]
async fn every_page_speaks_finnish_and_swedish() {
    let database = create_test_database();
    generate(
        &mut connect(&owner_url(&database)),
        &Shape::of(Size::Small, 21),
    )
    .unwrap();
    let app = spawn_app_on(
        &database,
        &[
            ("PERSON_CAPACITY_ENABLED", "true"),
            ("ROLE_DEMAND_ENABLED", "true"),
            ("CAPACITY_REQUESTS_ENABLED", "true"),
        ],
    )
    .await;
    let data = stored_texts(&mut app.owner_connection());
    let mut findings = Findings(Vec::new());
    for lang in ["fi", "sv"] {
        let pages = crawl(&app, lang, &data, &mut findings).await;
        assert!(pages > 60, "the crawl in {lang} reached {pages} pages only");
    }
    let shown: Vec<&String> = findings.0.iter().take(150).collect();
    assert!(
        findings.0.is_empty(),
        "{} findings:\n{}",
        findings.0.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_text_a_person_reads_is_found() {
    let html = r#"<html lang="fi"><head><title>x</title></head><body><script>var save = 1;</script>
        <p title="Tallenna muutokset">Hei &amp; moi</p><input type="submit" value="Save"></body>"#;
    let text = visible_text(html);
    assert!(text.contains("Tallenna muutokset") && text.contains("Hei & moi"));
    assert!(text.contains("Save") && !text.contains("var save"));
    assert_eq!(
        english_numbers("2.5 ja 1\u{a0}234,5 ja 12,3, Rediflow 0.1.0 ja 2026-12-01"),
        ["2.5"]
    );
    assert_eq!(
        shape("/projects/0b8c1f2e-1d2c-4c1e-9a7b-2f1e3d4c5b6a/capacity?series=EST&x=1"),
        "/projects/{id}/capacity?series&x"
    );
}
