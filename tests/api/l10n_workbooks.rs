//! Languages (issue 21) in the import and the shared refusals of malformed requests: the import
//! page and the command line name a workbook's problems (file, sheet, row, column) and say them
//! in the reader's language, import nothing, and keep the workbook's own sheet and column names;
//! a hostile workbook, a malformed download and a bad page number are refused in the language.

use std::io::Write;

use calamine::Data;

use crate::helpers::*;
use crate::import::{Book, docs, fingerprint, rediflow, scratch};
use crate::import_web::{example, upload};

/// Askama writes `'` as an entity; the sentences are compared as a reader sees them.
fn unescaped(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&#39;", "'")
}

/// The example project with a month that is not a number in the first task's end.
fn example_with_a_bad_end_month(name: &str) -> std::path::PathBuf {
    let mut book = Book::open(&docs("example.ods"));
    book.set("Tasks", 1, "End month", Data::String("maaliskuu".into()));
    let path = scratch(name);
    book.write(&path);
    path
}

#[tokio::test]
async fn an_import_is_refused_in_finnish_with_its_place_named() {
    let app = spawn_app().await;
    let finn = app.speaking("fi");
    let page = finn.get_page("/import").await.text().await.unwrap();
    assert!(page.contains("<h1>Tuo taulukkotiedosto</h1>"), "{page}");
    assert!(page.contains("Tarkista tiedosto"), "{page}");
    assert!(!page.contains("Check the file"), "{page}");

    let token = finn.csrf_token("/import").await;
    let before = fingerprint(&app.database);
    let bad = std::fs::read(example_with_a_bad_end_month("example.ods")).unwrap();
    let response = upload(&finn, &token, "project", "example.ods", bad).await;
    assert_eq!(response.status(), 422);
    let html = unescaped(&response.text().await.unwrap());
    assert!(html.contains("Tiedostoa example.ods ei tuotu"), "{html}");
    assert!(
        html.contains(
            "Mitään ei muutettu. Korjaa nämä 3 virhettä tiedostoon ja lataa se uudelleen:"
        ),
        "{html}"
    );
    // Sheet and column as the workbook names them; the row as the spreadsheet numbers it.
    assert!(
        html.contains(
            "<li>example.ods: välilehti 'Tasks', rivi 2, sarake 'End month': \
             ”maaliskuu” ei ole kokonaisluku</li>"
        ),
        "{html}"
    );
    // The task it drops is unknown to the demand sheets too.
    assert!(
        html.contains("sarake 'Task': tuntematon tehtävä ”1.1”"),
        "{html}"
    );
    assert!(!html.contains("is not a whole number"), "{html}");
    assert_eq!(fingerprint(&app.database), before, "nothing imported");

    // The same file without the mistake: what it would change, in Finnish, still nothing written.
    let response = upload(
        &finn,
        &token,
        "project",
        "example.ods",
        example("example.ods"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Mitä tiedoston example.ods (EXAMPLE-P) tuonti muuttaisi"),
        "{html}"
    );
    assert!(
        html.contains("<td>tehtävät</td><td class=\"num\">8</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>EST-tarvesolut</td><td class=\"num\">272</td>"),
        "{html}"
    );
    assert!(html.contains("Tuo example.ods</button>"), "{html}");
    assert_eq!(app.count("select count(*) as count from projects"), 0);
}

#[test]
fn the_command_line_says_the_problems_in_the_language_asked_for() {
    let database = create_test_database();
    let before = fingerprint(&database);
    let bad = example_with_a_bad_end_month("example.ods");
    let bad = bad.to_str().unwrap();

    let (code, out, err) = rediflow(&database, &["import-project", "--lang", "sv", bad]);
    assert_eq!(code, 1, "the exit status of a refused import: {out}{err}");
    assert!(
        err.contains(
            "example.ods: blad 'Tasks', rad 2, kolumn 'End month': ”maaliskuu” är inte ett heltal"
        ),
        "{err}"
    );
    assert!(
        err.contains("rediflow: 3 fel hittades; ingenting importerades"),
        "{err}"
    );
    assert!(!err.contains("problem"), "{err}");
    assert_eq!(fingerprint(&database), before, "nothing imported");

    // Without --lang, DEFAULT_LOCALE (English unless set).
    let (code, _, err) = rediflow(&database, &["import-project", bad]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "sheet 'Tasks', row 2, column 'End month': \"maaliskuu\" is not a whole number"
        ),
        "{err}"
    );
    assert!(
        err.contains("rediflow: 3 problems found; nothing was imported"),
        "{err}"
    );

    // A dry run of a good file: the summary in Swedish.
    let good = docs("example.ods");
    let (code, out, err) = rediflow(
        &database,
        &[
            "import-project",
            "--dry-run",
            "--lang",
            "sv",
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("EXAMPLE-P  (provkörning: ingenting sparades)"),
        "{out}"
    );
    assert!(
        out.contains("  uppgifter                8 skapade, 0 uppdaterade, 0 borttagna"),
        "{out}"
    );
    assert!(out.contains("(1 fil, "), "{out}");
    assert!(out.contains(" s), provkörning"), "{out}");
    assert_eq!(fingerprint(&database), before, "a dry run writes nothing");

    // An unknown language is the command line's usage error.
    let (code, _, err) = rediflow(&database, &["import-project", "--lang", "de", bad]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("\"de\" is not one of en, fi, sv"), "{err}");
}

/// An .ods whose one row repeats a cell 10,000 times across 9,800 rows: 98 million cells.
fn repeated_cells_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Tasks"><table:table-row table:number-rows-repeated="9800"><table:table-cell table:number-columns-repeated="10000" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut archive = zip::ZipWriter::new(&mut bytes);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    archive.start_file("mimetype", stored).unwrap();
    archive
        .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    archive.start_file("content.xml", stored).unwrap();
    archive.write_all(content.as_bytes()).unwrap();
    archive.finish().unwrap();
    bytes.into_inner()
}

#[tokio::test]
async fn a_hostile_workbook_is_refused_in_swedish() {
    let app = spawn_app().await;
    let swede = app.speaking("sv");
    let token = swede.csrf_token("/import").await;
    let before = fingerprint(&app.database);
    let response = upload(&swede, &token, "project", "plan.ods", repeated_cells_ods()).await;
    assert_eq!(response.status(), 422);
    let html = unescaped(&response.text().await.unwrap());
    assert!(html.contains("<h1>Importera ett kalkylblad</h1>"), "{html}");
    assert!(html.contains("plan.ods importerades inte"), "{html}");
    // The limit written as Swedish writes numbers: a no-break space between thousands.
    assert!(
        html.contains(
            "<li>plan.ods: blad 'Tasks': bladet har fler än 1\u{a0}000\u{a0}000 celler (räknat"
        ),
        "{html}"
    );
    assert_eq!(fingerprint(&app.database), before);

    // The same file from the command line, in Finnish.
    let path = scratch("plan.ods");
    std::fs::write(&path, repeated_cells_ods()).unwrap();
    let (code, _, err) = rediflow(
        &app.database,
        &["import-project", "--lang", "fi", path.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("välilehti 'Tasks': välilehdellä on yli 1\u{a0}000\u{a0}000 solua"),
        "{err}"
    );
}

#[tokio::test]
async fn malformed_requests_are_refused_in_finnish() {
    let app = spawn_app().await;
    let finn = app.speaking("fi");
    let response = finn.get_page("/projects?format=xyz").await;
    assert_eq!(response.status(), 400);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Tuntematon muoto ”xyz”: käytä muotoa csv tai ods."),
        "{html}"
    );
    assert!(!html.contains("Unknown format"), "{html}");

    let response = finn.get_page("/projects?page=abc").await;
    assert_eq!(response.status(), 400);
    let html = response.text().await.unwrap();
    assert!(html.contains("”abc” ei ole sivunumero."), "{html}");

    // A form without the session's token: refused, in Swedish, and nothing stored.
    let swede = app.speaking("sv");
    let response = swede
        .post_form(
            "/import/confirm",
            &[("csrf_token", "forged"), ("token", "x")],
        )
        .await;
    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Formuläret har gått ut eller kom inte från den här webbplatsen"),
        "{html}"
    );
}
