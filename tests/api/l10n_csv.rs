//! CSV downloads follow the reader's language (issue 21): a capacity grid downloaded in Swedish is
//! written with `;` and decimal commas, and a Swedish spreadsheet (LibreOffice with the Swedish
//! locale) reads it back as numbers with the same totals the database holds; the English download
//! read by an English spreadsheet gives the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use rediflow::workbooks::demo::{Shape, Size, generate};

use crate::helpers::*;
use crate::import::scratch;

/// LibreOffice's CSV filter: field separator, text delimiter, UTF-8, first line, no column
/// formats, and the locale whose numbers it reads (1053 sv-SE, 1033 en-US).
fn csv_filter(separator: char, locale: u32) -> String {
    format!("CSV:{},34,76,1,,{locale}", separator as u32)
}

/// Opens `csv` in LibreOffice with `filter` and returns the sheet's cells.
fn read_like_a_spreadsheet(csv: &Path, filter: &str) -> Vec<Vec<Data>> {
    let dir = csv.parent().unwrap();
    let out_dir = dir.join(format!("ods-{}", uuid::Uuid::new_v4().simple()));
    let output = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &format!(
                "-env:UserInstallation=file://{}",
                dir.join("lo-profile").display()
            ),
            &format!("--infilter={filter}"),
            "--convert-to",
            "ods",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(csv)
        .output()
        .expect("LibreOffice (soffice) runs: `make test` installs libreoffice-calc-nogui");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stem = csv.file_stem().unwrap().to_str().unwrap();
    let ods: PathBuf = out_dir.join(format!("{stem}.ods"));
    let mut book = open_workbook_auto(&ods).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range.rows().map(|row| row.to_vec()).collect()
}

/// The grand total (the last cell of the last row) and, for each row with numbers, whether the
/// month cells add up to the row's total (the grid's first four columns name the row).
fn totals(rows: &[Vec<Data>]) -> (f64, usize) {
    let mut checked = 0;
    for row in &rows[1..] {
        let numbers: Vec<f64> = row[4..]
            .iter()
            .filter_map(|cell| match cell {
                Data::Float(f) => Some(*f),
                Data::Int(i) => Some(*i as f64),
                _ => None,
            })
            .collect();
        if let Some((total, months)) = numbers.split_last() {
            let sum: f64 = months.iter().sum();
            assert!((sum - total).abs() < 1e-6, "{row:?}: {sum} ≠ {total}");
            checked += 1;
        }
    }
    let grand = match rows.last().and_then(|row| row.last()) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("the grand total is not read as a number: {other:?}"),
    };
    (grand, checked)
}

#[tokio::test]
async fn a_grid_downloaded_in_swedish_reads_back_with_the_same_totals() {
    let database = create_test_database();
    generate(
        &mut connect(&owner_url(&database)),
        &Shape::of(Size::Small, 5),
    )
    .unwrap();
    let app = spawn_app_on(&database, &[]).await;
    let mut conn = app.owner_connection();
    let project = names(
        &mut conn,
        "select project_id::text as name from capacity_demand where series = 'EST' \
         group by project_id order by sum(pm) desc limit 1",
    )
    .remove(0);
    let stored: f64 = names(
        &mut conn,
        &format!(
            "select sum(pm)::text as name from capacity_demand \
             where series = 'EST' and project_id = '{project}'"
        ),
    )[0]
    .parse()
    .unwrap();
    let path = format!("/projects/{project}/capacity?series=EST&unit=pm&format=csv");

    let swedish = app.speaking("sv").get_page(&path).await;
    assert_eq!(swedish.status(), 200);
    let swedish = swedish.text().await.unwrap();
    let english = app
        .speaking("en")
        .get_page(&path)
        .await
        .text()
        .await
        .unwrap();
    let (sv_header, en_header) = (
        swedish.lines().next().unwrap(),
        english.lines().next().unwrap(),
    );
    assert!(
        sv_header.contains(';') && !en_header.contains(';'),
        "{sv_header}"
    );
    assert!(
        swedish.lines().skip(1).any(|line| line.contains(',')),
        "decimal commas: {swedish}"
    );

    let dir = scratch("x").parent().unwrap().to_path_buf();
    let (sv_file, en_file) = (dir.join("grid-sv.csv"), dir.join("grid-en.csv"));
    std::fs::write(&sv_file, &swedish).unwrap();
    std::fs::write(&en_file, &english).unwrap();
    let (sv_total, sv_rows) = totals(&read_like_a_spreadsheet(&sv_file, &csv_filter(';', 1053)));
    let (en_total, en_rows) = totals(&read_like_a_spreadsheet(&en_file, &csv_filter(',', 1033)));
    assert!(sv_rows > 2, "rows with numbers: {sv_rows}");
    assert_eq!(sv_rows, en_rows);
    assert!(
        (sv_total - stored).abs() < 1e-6,
        "{sv_total} vs stored {stored}"
    );
    assert!(
        (en_total - stored).abs() < 1e-6,
        "{en_total} vs stored {stored}"
    );
    assert_ne!(
        sv_header.replace(';', ","),
        en_header,
        "the Swedish header is in Swedish"
    );
}
