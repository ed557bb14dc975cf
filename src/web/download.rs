//! `?format=csv` and `?format=ods` of grid and list pages (SPEC §10): the same header, rows and
//! numbers the page shows.

use actix_web::HttpResponse;
use actix_web::http::header;

use crate::error::AppError;
use crate::i18n::Msg;

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
            Some(other) => Err(AppError::BadRequest(
                Msg::new("download-unknown-format").arg("format", other),
            )),
        }
    }
}

/// How CSV downloads write fields and numbers: the request's language, set for the request by
/// [`csv_locale`] (a task-local, so every handler's download follows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    pub separator: char,
    pub decimal_comma: bool,
}

impl CsvStyle {
    pub const INTERNATIONAL: CsvStyle = CsvStyle {
        separator: ',',
        decimal_comma: false,
    };
    /// Finnish and Swedish spreadsheets: `1234,5` and `;` between fields.
    pub const DECIMAL_COMMA: CsvStyle = CsvStyle {
        separator: ';',
        decimal_comma: true,
    };

    /// A text cell: defused if a spreadsheet would read it as a formula, then quoted if needed.
    fn field(self, text: &str) -> String {
        let text = defuse_formula(text);
        if text.contains([self.separator, '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.into_owned()
        }
    }

    fn number(self, n: f64) -> String {
        let text = n.to_string();
        if self.decimal_comma {
            text.replace('.', ",")
        } else {
            text
        }
    }
}

/// Text that spreadsheet programs would run as a formula when the CSV is opened (a project or
/// person name typed as `=HYPERLINK(...)`, `+cmd|...`, `-1+1`, `@SUM(...)`, or one that starts with a
/// tab or carriage return before such a character) gets a leading apostrophe, as OWASP advises
/// against CSV injection: the cell then shows the text as typed. Numbers are written as
/// [`Value::Number`] and never pass through here, so a negative number stays a number.
fn defuse_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

tokio::task_local! {
    static CSV_STYLE: CsvStyle;
}

/// Middleware: `?format=csv` downloads are written in the style of the request's language
/// (`web::language`: the user's choice, else their browser's). Other requests cost nothing.
pub async fn csv_locale(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let wants_csv = req
        .query_string()
        .split('&')
        .any(|pair| pair == "format=csv");
    if !wants_csv {
        return next.call(req).await;
    }
    let style = if crate::web::language::of_request(req.request()).decimal_comma() {
        CsvStyle::DECIMAL_COMMA
    } else {
        CsvStyle::INTERNATIONAL
    };
    CSV_STYLE.scope(style, next.call(req)).await
}

/// The CSV text of a table in a style.
pub fn csv_text(style: CsvStyle, header: &[String], rows: &[Vec<Value>]) -> String {
    let separator = style.separator.to_string();
    let mut out = String::new();
    out.push_str(
        &header
            .iter()
            .map(|h| style.field(h))
            .collect::<Vec<_>>()
            .join(&separator),
    );
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Text(t) => style.field(t),
                Value::Number(n) => style.number(*n),
            })
            .collect();
        out.push_str(&line.join(&separator));
        out.push_str("\r\n");
    }
    out
}

/// A column of a download: its header and the value of a row in it.
pub type Column<R> = (&'static str, fn(&R) -> Value);

/// [`table`] with each column's header beside the value it shows.
pub fn columns<R>(
    format: Format,
    name: &str,
    columns: &[Column<R>],
    rows: &[R],
) -> Result<HttpResponse, AppError> {
    let header: Vec<String> = columns.iter().map(|(label, _)| label.to_string()).collect();
    let table: Vec<Vec<Value>> = rows
        .iter()
        .map(|row| columns.iter().map(|(_, value)| value(row)).collect())
        .collect();
    self::table(format, name, &header, &table)
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
            let style = CSV_STYLE
                .try_with(|style| *style)
                .unwrap_or(CsvStyle::INTERNATIONAL);
            let out = csv_text(style, header, rows);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_comma_style_quotes_semicolons_and_keeps_text_as_written() {
        let header = vec!["Task".to_string(), "PM".into()];
        let rows = vec![
            vec![Value::Text("1.1".into()), Value::Number(0.25)],
            vec![Value::Text("a;b, \"c\"".into()), Value::Number(-3.0)],
        ];
        assert_eq!(
            csv_text(CsvStyle::DECIMAL_COMMA, &header, &rows),
            "Task;PM\r\n1.1;0,25\r\n\"a;b, \"\"c\"\"\";-3\r\n"
        );
        assert_eq!(
            csv_text(CsvStyle::INTERNATIONAL, &header, &rows),
            "Task,PM\r\n1.1,0.25\r\n\"a;b, \"\"c\"\"\",-3\r\n"
        );
    }

    #[test]
    fn text_that_would_run_as_a_formula_gets_an_apostrophe_and_numbers_stay_numbers() {
        let header = vec!["Name".to_string(), "PM".into()];
        let rows = vec![
            vec![Value::Text("=1+1".into()), Value::Number(-1.5)],
            vec![Value::Text("-foo".into()), Value::Number(-3.0)],
            vec![Value::Text("+cmd|' /C calc'!A0".into()), Value::Number(0.0)],
            vec![Value::Text("@SUM(A1:A2)".into()), Value::Number(2.0)],
            vec![Value::Text("\t=1".into()), Value::Number(1.0)],
            vec![Value::Text("\r=1".into()), Value::Number(1.0)],
            vec![
                Value::Text("Plain, with = inside".into()),
                Value::Number(1.0),
            ],
            vec![Value::Text(String::new()), Value::Number(-0.25)],
        ];
        assert_eq!(
            csv_text(CsvStyle::INTERNATIONAL, &header, &rows),
            "Name,PM\r\n'=1+1,-1.5\r\n'-foo,-3\r\n'+cmd|' /C calc'!A0,0\r\n'@SUM(A1:A2),2\r\n\
             '\t=1,1\r\n\"'\r=1\",1\r\n\"Plain, with = inside\",1\r\n,-0.25\r\n"
        );
        assert_eq!(
            csv_text(CsvStyle::DECIMAL_COMMA, &header, &rows[..2]),
            "Name;PM\r\n'=1+1;-1,5\r\n'-foo;-3\r\n"
        );
    }
}
