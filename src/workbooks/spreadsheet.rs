//! Reading spreadsheets (`.ods`, `.xlsx`) for the importers: sheets found by name, columns by
//! header (case-insensitive, surrounding spaces ignored), cells read as the types users write by
//! hand (dates as ISO text, date cells or serial numbers; numbers with a comma or a point).
//! Every problem is collected with file, sheet, row and column, so a user sees all of them at once.

use std::collections::HashMap;
use std::fmt;
use std::io::Cursor;
use std::str::FromStr;

use bigdecimal::BigDecimal;
use calamine::{Data, Ods, Range, Reader, Sheets, Xlsx, open_workbook_from_rs};
use chrono::{Datelike, Duration, NaiveDate};

use crate::i18n::{Lang, Msg};
use crate::planning::decimal_input::{DecimalRefusal, parse_decimal};

pub mod limits;

/// One problem found in a file: where (data: the file, sheet and column as the workbook names
/// them, the row number) and what, as a sentence still to be written in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<usize>,
    pub column: Option<String>,
    /// Boxed, so that the results that carry a problem stay small.
    pub message: Box<Msg>,
}

impl ImportError {
    /// The problem in `lang`: "plan.ods: sheet 'Tasks', row 14, column 'End month': message".
    /// Sheet and column names stay as the workbook writes them (they are the file format's).
    pub fn in_lang(&self, lang: Lang) -> String {
        let mut place = Vec::new();
        if let Some(sheet) = &self.sheet {
            place.push(lang.t1("sheet-place-sheet", "sheet", sheet));
        }
        if let Some(row) = self.row {
            // The row is a spreadsheet's row number: written without grouping, as the
            // spreadsheet shows it.
            place.push(lang.t1("sheet-place-row", "row", row.to_string()));
        }
        if let Some(column) = &self.column {
            place.push(lang.t1("sheet-place-column", "column", column));
        }
        let message = self.message.in_lang(lang);
        if place.is_empty() {
            format!("{}: {message}", self.file)
        } else {
            format!("{}: {}: {message}", self.file, place.join(", "))
        }
    }
}

/// English, for logs and tests.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

/// The problems of one file, collected while reading it.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    pub file: String,
    pub list: Vec<ImportError>,
}

impl Problems {
    pub fn new(file: impl Into<String>) -> Self {
        Problems {
            file: file.into(),
            list: Vec::new(),
        }
    }

    pub fn file(&mut self, message: impl Into<Msg>) {
        self.list.push(ImportError {
            file: self.file.clone(),
            sheet: None,
            row: None,
            column: None,
            message: Box::new(message.into()),
        });
    }

    pub fn sheet(&mut self, sheet: &str, message: impl Into<Msg>) {
        self.list.push(ImportError {
            file: self.file.clone(),
            sheet: Some(sheet.to_string()),
            row: None,
            column: None,
            message: Box::new(message.into()),
        });
    }

    pub fn cell(&mut self, sheet: &str, row: usize, column: &str, message: impl Into<Msg>) {
        self.list.push(ImportError {
            file: self.file.clone(),
            sheet: Some(sheet.to_string()),
            row: Some(row),
            column: Some(column.to_string()),
            message: Box::new(message.into()),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A whole workbook in memory: each sheet's cells as calamine read them (one copy: tables and
/// rows borrow from it).
pub struct Workbook {
    pub file: String,
    sheets: Vec<(String, Range<Data>)>,
}

fn normalise(header: &str) -> String {
    header.trim().to_lowercase()
}

/// What a missing cell reads as.
static EMPTY_CELL: Data = Data::Empty;

/// The cell in absolute column `column` of a row whose first cell is in column `first_column`.
fn cell_at(cells: &[Data], first_column: usize, column: usize) -> &Data {
    column
        .checked_sub(first_column)
        .and_then(|i| cells.get(i))
        .unwrap_or(&EMPTY_CELL)
}

/// The spreadsheet row number of the first row of `range`, and the column of its first cell.
fn origin(range: &Range<Data>) -> (usize, usize) {
    range
        .start()
        .map(|(row, column)| (row as usize + 1, column as usize))
        .unwrap_or((1, 0))
}

impl Workbook {
    /// Reads a workbook from memory (uploads and files). `name` picks the format by its
    /// extension and names the file in messages. The file's limits are checked before calamine
    /// reads a cell (see [`limits`]); the error says which limit or why the file is unreadable.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Workbook, ImportError> {
        let lower = name.to_lowercase();
        let refuse = |message: Msg| ImportError {
            file: name.to_string(),
            sheet: None,
            row: None,
            column: None,
            message: Box::new(message),
        };
        let unreadable =
            |detail: String| refuse(Msg::new("sheet-file-unreadable").arg("detail", detail));
        let format = if lower.ends_with(".xlsx") {
            limits::Format::Xlsx
        } else if lower.ends_with(".ods") {
            limits::Format::Ods
        } else {
            return Err(refuse(Msg::new("sheet-file-format")));
        };
        limits::check(name, format, bytes)?;
        let mut sheets: Sheets<Cursor<&[u8]>> = match format {
            limits::Format::Xlsx => Sheets::Xlsx(
                open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes))
                    .map_err(|e| unreadable(e.to_string()))?,
            ),
            limits::Format::Ods => Sheets::Ods(
                open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes))
                    .map_err(|e| unreadable(e.to_string()))?,
            ),
        };
        let names = sheets.sheet_names();
        limits::Loaded::check_sheet_count(name, names.len())?;
        let mut loaded = limits::Loaded::default();
        let mut out = Vec::with_capacity(names.len());
        for sheet in names {
            let range = sheets
                .worksheet_range(&sheet)
                .map_err(|e| unreadable(e.to_string()))?;
            loaded.add(name, &sheet, &range)?;
            out.push((sheet, range));
        }
        Ok(Workbook {
            file: name.to_string(),
            sheets: out,
        })
    }

    fn find(&self, sheet: &str) -> Option<&(String, Range<Data>)> {
        let wanted = normalise(sheet);
        self.sheets
            .iter()
            .find(|(name, _)| normalise(name) == wanted)
    }

    pub fn has_sheet(&self, sheet: &str) -> bool {
        self.find(sheet).is_some()
    }

    /// The rows of a two-column key/value sheet (like `Project`): key (normalised) → cell and row.
    pub fn key_values(
        &self,
        sheet: &str,
        problems: &mut Problems,
    ) -> Option<HashMap<String, (Data, usize)>> {
        let Some((_, range)) = self.find(sheet) else {
            problems.sheet(sheet, Msg::new("sheet-missing"));
            return None;
        };
        let (first_row, first_column) = origin(range);
        let mut map = HashMap::new();
        for (i, row) in range.rows().enumerate() {
            let key = cell_text(cell_at(row, first_column, 0));
            if key.is_empty() {
                continue;
            }
            let value = cell_at(row, first_column, 1).clone();
            map.entry(normalise(&key)).or_insert((value, first_row + i));
        }
        Some(map)
    }

    /// A table with a header row: `required` columns must be there, `optional` may be.
    pub fn table(
        &self,
        sheet: &str,
        required: &[&str],
        problems: &mut Problems,
    ) -> Option<Table<'_>> {
        let Some((name, range)) = self.find(sheet) else {
            problems.sheet(sheet, Msg::new("sheet-missing"));
            return None;
        };
        let (first_row, first_column) = origin(range);
        let mut rows = range.rows().enumerate();
        let Some((_, header)) = rows.next() else {
            problems.sheet(sheet, Msg::new("sheet-empty"));
            return None;
        };
        // Headers by absolute column, so that column numbers mean the same in every row.
        let header: Vec<String> = std::iter::repeat_n(String::new(), first_column)
            .chain(header.iter().map(cell_text))
            .collect();
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| (normalise(h), i))
            .filter(|(h, _)| !h.is_empty())
            .collect();
        let mut complete = true;
        for column in required {
            if !columns.contains_key(&normalise(column)) {
                problems.sheet(
                    name,
                    Msg::new("sheet-column-missing").arg("column", *column),
                );
                complete = false;
            }
        }
        if !complete {
            return None;
        }
        let data_rows = rows
            .filter(|(_, cells)| cells.iter().any(|c| !cell_text(c).is_empty()))
            .map(|(i, cells)| (first_row + i, cells))
            .collect();
        Some(Table {
            sheet: name.clone(),
            columns,
            first_column,
            header,
            rows: data_rows,
        })
    }
}

/// A sheet with named columns; its rows are borrowed from the workbook.
pub struct Table<'a> {
    pub sheet: String,
    columns: HashMap<String, usize>,
    /// The column of the first cell of every row (the sheet's first used column).
    first_column: usize,
    /// The header cells as written, by absolute column, for month columns such as M1..Mn.
    pub header: Vec<String>,
    /// (spreadsheet row number, cells) of every non-empty data row.
    pub rows: Vec<(usize, &'a [Data])>,
}

impl Table<'_> {
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(&normalise(column))
    }

    /// The cell of `column` in `cells` (Empty when the column or the cell is missing).
    pub fn cell<'c>(&self, cells: &'c [Data], column: &str) -> &'c Data {
        match self.columns.get(&normalise(column)) {
            Some(&i) => self.at(cells, i),
            None => &EMPTY_CELL,
        }
    }

    /// The cell in absolute column `column` (0 is A) of a row of this table.
    pub fn at<'c>(&self, cells: &'c [Data], column: usize) -> &'c Data {
        cell_at(cells, self.first_column, column)
    }
}

/// A cell as the text a user sees (trimmed; numbers without a trailing `.0`).
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::DateTime(d) => excel_date(d.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The day of a spreadsheet serial number (days since 1899-12-30, the 1900 date system).
fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// Optional text: `None` for an empty cell.
pub fn text(cell: &Data) -> Option<String> {
    Some(cell_text(cell)).filter(|s| !s.is_empty())
}

/// A whole number.
pub fn integer(cell: &Data) -> Result<Option<i64>, Msg> {
    match cell {
        Data::Empty => Ok(None),
        Data::Int(i) => Ok(Some(*i)),
        Data::Float(f) if f.fract() == 0.0 => Ok(Some(*f as i64)),
        other => {
            let text = cell_text(other);
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<i64>()
                .map(Some)
                .map_err(|_| Msg::new("sheet-cell-not-whole").arg("text", text))
        }
    }
}

/// A decimal number, with a comma or a point, rounded to `scale` decimals.
pub fn decimal(cell: &Data, scale: i64) -> Result<Option<BigDecimal>, Msg> {
    let number = match cell {
        Data::Empty => return Ok(None),
        Data::Int(i) => Some(BigDecimal::from(*i)),
        // Display of f64 is the shortest text that reads back as the same number (at most a
        // few hundred digits, never an exponent).
        Data::Float(f) => Some(
            BigDecimal::from_str(&f.to_string())
                .map_err(|_| Msg::new("sheet-cell-not-number").arg("text", cell_text(cell)))?,
        ),
        // Text typed into the cell: read like a form field (spaces may group the thousands).
        other => match parse_decimal(&cell_text(other).replace(' ', "")) {
            Ok(number) => number,
            Err(DecimalRefusal::NotANumber(_)) => {
                return Err(Msg::new("sheet-cell-not-number").arg("text", cell_text(cell)));
            }
            Err(DecimalRefusal::Exponent(text)) => {
                return Err(Msg::new("sheet-cell-exponent").arg("text", text));
            }
            Err(DecimalRefusal::TooLong) => {
                return Err(Msg::new("sheet-cell-number-too-long")
                    .arg("max", crate::planning::decimal_input::MAX_DECIMAL_CHARS));
            }
        },
    };
    Ok(number.map(|d| {
        d.with_scale_round(scale, bigdecimal::RoundingMode::HalfEven)
            .normalized()
    }))
}

/// A date: ISO text (YYYY-MM-DD), a date cell, or a serial number.
pub fn date(cell: &Data) -> Result<Option<NaiveDate>, Msg> {
    match cell {
        Data::Empty => Ok(None),
        Data::DateTime(d) => excel_date(d.as_f64())
            .map(Some)
            .ok_or_else(|| Msg::new("sheet-cell-invalid-date")),
        Data::Float(f) => excel_date(*f)
            .map(Some)
            .ok_or_else(|| Msg::new("sheet-cell-not-date").arg("text", f.to_string())),
        Data::Int(i) => excel_date(*i as f64)
            .map(Some)
            .ok_or_else(|| Msg::new("sheet-cell-not-date").arg("text", i.to_string())),
        other => {
            let text = cell_text(other);
            if text.is_empty() {
                return Ok(None);
            }
            let day = text.get(..10).unwrap_or(&text);
            NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| Msg::new("sheet-cell-not-iso-date").arg("text", text))
        }
    }
}

/// A month: `YYYY-MM` text, or any date (its month). Returns the first day of the month.
pub fn month(cell: &Data) -> Result<Option<NaiveDate>, Msg> {
    let text = cell_text(cell);
    if text.len() == 7
        && let Ok(d) = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
    {
        return Ok(Some(d));
    }
    match date(cell) {
        Ok(Some(d)) => Ok(d.with_day(1)),
        Ok(None) => Ok(None),
        Err(_) => Err(Msg::new("sheet-cell-not-month").arg("text", text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_comma_or_point() {
        assert_eq!(
            decimal(&Data::String("1,5".into()), 3).unwrap(),
            Some(BigDecimal::from_str("1.5").unwrap())
        );
        assert_eq!(
            decimal(&Data::String(" 2.25 ".into()), 3).unwrap(),
            Some(BigDecimal::from_str("2.25").unwrap())
        );
        assert_eq!(
            decimal(&Data::Float(0.3333), 3).unwrap(),
            Some(BigDecimal::from_str("0.333").unwrap())
        );
        assert_eq!(
            decimal(&Data::Int(3), 3).unwrap(),
            Some(BigDecimal::from(3))
        );
        assert_eq!(decimal(&Data::Empty, 3).unwrap(), None);
        assert_eq!(
            decimal(&Data::String("lots".into()), 3)
                .unwrap_err()
                .to_string(),
            "\"lots\" is not a number"
        );
        assert_eq!(integer(&Data::Float(12.0)).unwrap(), Some(12));
        assert!(integer(&Data::String("1.5".into())).is_err());
    }

    #[test]
    fn dates_as_text_cells_or_serials() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(date(&Data::String("2026-03-01".into())).unwrap(), Some(d));
        assert_eq!(
            date(&Data::DateTimeIso("2026-03-01T00:00:00".into())).unwrap(),
            Some(d)
        );
        assert_eq!(date(&Data::Float(46082.0)).unwrap(), Some(d));
        assert_eq!(month(&Data::String("2026-03".into())).unwrap(), Some(d));
        assert_eq!(month(&Data::String("2026-03-17".into())).unwrap(), Some(d));
        assert!(month(&Data::String("March".into())).is_err());
        assert!(date(&Data::String("01.03.2026".into())).is_err());
    }

    #[test]
    fn error_messages_name_the_place() {
        let mut problems = Problems::new("plan.ods");
        problems.cell(
            "Tasks",
            14,
            "End month",
            Msg::verbatim("38 is after the project's last month (36)"),
        );
        assert_eq!(
            problems.list[0].to_string(),
            "plan.ods: sheet 'Tasks', row 14, column 'End month': 38 is after the project's last month (36)"
        );
    }
}
