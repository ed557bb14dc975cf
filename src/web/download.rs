//! `?format=csv` and `?format=ods` of grid and list pages (SPEC §10): the same header, rows and
//! numbers the page shows.

use actix_web::HttpResponse;
use actix_web::http::header;

use crate::error::AppError;

/// A cell of a downloaded table.
pub enum Value {
    Text(String),
    Number(f64),
}

/// Which download was asked for, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ods,
}

impl Format {
    pub fn parse(value: Option<&str>) -> Result<Option<Format>, AppError> {
        match value {
            None | Some("") | Some("html") => Ok(None),
            Some("csv") => Ok(Some(Format::Csv)),
            Some("ods") => Ok(Some(Format::Ods)),
            Some(other) => Err(AppError::BadRequest(format!(
                "Unknown format \"{other}\": use csv or ods."
            ))),
        }
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The table as a download named `<name>.csv` or `<name>.ods`.
pub fn table(
    format: Format,
    name: &str,
    header: &[String],
    rows: &[Vec<Value>],
) -> Result<HttpResponse, AppError> {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    match format {
        Format::Csv => {
            let mut out = String::new();
            out.push_str(
                &header
                    .iter()
                    .map(|h| csv_field(h))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
            for row in rows {
                let line: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        Value::Text(t) => csv_field(t),
                        Value::Number(n) => n.to_string(),
                    })
                    .collect();
                out.push_str(&line.join(","));
                out.push_str("\r\n");
            }
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{safe}.csv\""),
                ))
                .body(out))
        }
        Format::Ods => {
            let mut sheet = spreadsheet_ods::Sheet::new(safe.as_str());
            for (c, h) in header.iter().enumerate() {
                sheet.set_value(0, c as u32, h.as_str());
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u32);
                    match v {
                        Value::Text(t) if !t.is_empty() => sheet.set_value(r, c, t.as_str()),
                        Value::Number(n) => sheet.set_value(r, c, *n),
                        Value::Text(_) => {}
                    }
                }
            }
            let mut book = spreadsheet_ods::WorkBook::new_empty();
            book.push_sheet(sheet);
            let bytes = spreadsheet_ods::write_ods_buf(&mut book, Vec::new())
                .map_err(AppError::internal)?;
            Ok(HttpResponse::Ok()
                .content_type("application/vnd.oasis.opendocument.spreadsheet")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{safe}.ods\""),
                ))
                .body(bytes))
        }
    }
}
