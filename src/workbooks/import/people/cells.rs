//! A row of a people sheet read as the forms read their fields: each cell becomes the text a
//! user would have typed (a date cell its YYYY-MM-DD, a number cell its digits), so the forms'
//! functions judge it and their sentences are the import's, placed at the cell.

use calamine::Data;

use crate::workbooks::spreadsheet::{self, Problems, Table};

/// One data row of a sheet and where its problems go.
pub(super) struct Row<'a> {
    table: &'a Table<'a>,
    cells: &'a [Data],
    number: usize,
}

impl<'a> Row<'a> {
    /// The rows of `table` in the order of the sheet.
    pub fn all(table: &'a Table<'a>) -> impl Iterator<Item = Row<'a>> {
        table.rows.iter().map(move |(number, cells)| Row {
            table,
            cells,
            number: *number,
        })
    }

    fn cell(&self, column: &str) -> &Data {
        self.table.cell(self.cells, column)
    }

    /// Reports `message` at `column` of this row.
    pub fn problem(&self, p: &mut Problems, column: &str, message: impl std::fmt::Display) {
        p.cell(&self.table.sheet, self.number, column, message.to_string());
    }

    /// `value`, or its refusal reported at `column`.
    pub fn field<T, E: std::fmt::Display>(
        &self,
        p: &mut Problems,
        column: &str,
        value: Result<T, E>,
    ) -> Option<T> {
        value
            .map_err(|message| self.problem(p, column, message))
            .ok()
    }

    /// The cell's text, `None` when empty.
    pub fn text(&self, column: &str) -> Option<String> {
        spreadsheet::text(self.cell(column))
    }

    /// The cell's text as typed (empty when the cell is), what a form's text field holds.
    pub fn input(&self, column: &str) -> String {
        spreadsheet::cell_text(self.cell(column))
    }

    /// A cell that must hold a code or name of the file's own (no form reads it).
    pub fn required_text(&self, p: &mut Problems, column: &str) -> Option<String> {
        let value = self.text(column);
        if value.is_none() {
            self.problem(p, column, "is empty");
        }
        value
    }

    /// A date cell as a date field holds it: YYYY-MM-DD (a date cell, a serial number or ISO
    /// text); what cannot be read as a date stays as typed, for the form's sentence.
    pub fn date_input(&self, column: &str) -> String {
        let cell = self.cell(column);
        match spreadsheet::date(cell) {
            Ok(Some(day)) => day.to_string(),
            Ok(None) => String::new(),
            Err(_) => spreadsheet::cell_text(cell),
        }
    }

    /// A month cell as a month field holds it: YYYY-MM (a month's text or any day of it).
    pub fn month_input(&self, column: &str) -> String {
        let cell = self.cell(column);
        match spreadsheet::month(cell) {
            Ok(Some(month)) => month.format("%Y-%m").to_string(),
            Ok(None) => String::new(),
            Err(_) => spreadsheet::cell_text(cell),
        }
    }

    /// A number cell as a number field holds it. A spreadsheet's numbers are binary fractions:
    /// rounded to ten decimals, 33.33 (or a formula's 33.330000000000005) reads as "33.33".
    pub fn number_input(&self, column: &str) -> String {
        match self.cell(column) {
            Data::Float(f) if f.is_finite() => {
                let text = format!("{f:.10}");
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            cell => spreadsheet::cell_text(cell),
        }
    }
}
