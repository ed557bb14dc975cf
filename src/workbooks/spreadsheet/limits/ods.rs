//! The sheets of an .ods: its content.xml, followed the way calamine reads it, so that the count
//! stays in step with what calamine keeps even in a file built to confuse it.

use quick_xml::events::{BytesStart, Event};

use crate::i18n::Msg;

use super::{
    Area, CellText, MAX_SHEET_ROWS, Place, Refused, SHEET_COLUMNS, Totals, no_place, parse_count,
    raw_attr, raw_attrs, unreadable,
};

/// The sheets (`table:table`) of an .ods's content.xml.
#[derive(Default)]
pub(super) struct OdsScan {
    sheet: Option<OdsSheet>,
    row: Option<OdsRow>,
    cell: Option<OdsCell>,
}

struct OdsSheet {
    name: String,
    /// Tables open inside the sheet, itself included. calamine ends the sheet at the first end
    /// of a table; counting on to the last one only counts more.
    depth: usize,
    /// The number of the next row, repeats counted.
    next_row: u64,
    rows_listed: u64,
    area: Area,
}

struct OdsRow {
    index: u64,
    repeats: u64,
    next_column: u64,
    last_filled: Option<u64>,
}

struct OdsCell {
    column: u64,
    repeats: u64,
    /// Whether calamine keeps the cell: it has a value, a type or a formula.
    filled: bool,
    text: CellText,
    paragraphs: u64,
    content: Content,
}

/// How calamine reads what a cell element holds.
enum Content {
    /// A text cell: its text, up to the first end of a cell element; a comment (annotation) is
    /// skipped up to the first end of a comment.
    Text { in_comment: bool },
    /// Any other cell: skipped up to the end tag that matches the cell's own.
    Skipped { name: String, depth: u32 },
}

/// The attributes that make calamine keep a cell (a superset: it keeps a cell with a value or
/// a formula).
const ODS_VALUE_ATTRIBUTES: [&str; 8] = [
    "office:value-type",
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "table:formula",
    "calcext:value-type",
];
/// The attributes whose text calamine keeps.
const ODS_TEXT_ATTRIBUTES: [&str; 4] = [
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "table:formula",
];

const COMMENT: &str = "office:annotation";

fn is_cell(name: &str) -> bool {
    matches!(name, "table:table-cell" | "table:covered-table-cell")
}

impl OdsScan {
    pub(super) fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        // An empty element is its start and its end, as calamine's reader expands it.
        match event {
            Event::Start(e) => self.open(&e, totals),
            Event::Empty(e) => {
                self.open(&e, totals)?;
                self.close(e.name().as_ref(), totals)
            }
            Event::End(e) => self.close(e.name().as_ref(), totals),
            Event::Text(t) => self.text(|text| text.add_str(&t)),
            Event::CData(t) => self.text(|text| text.add_str(&t)),
            Event::GeneralRef(_) => self.text(|text| text.add_chars(1)),
            _ => Ok(()),
        }
    }

    /// The cell being read: the open one, or in an open row the one whose tag is being read.
    pub(super) fn place(&self) -> Option<Place> {
        let sheet = self.sheet.as_ref()?;
        Some(Place {
            sheet: sheet.name.clone(),
            row: self.row.as_ref().map(|r| r.index),
            column: match (&self.cell, &self.row) {
                (Some(cell), _) => Some(cell.column),
                (None, Some(row)) => Some(row.next_column),
                (None, None) => None,
            },
        })
    }

    /// Adds to the text calamine reads for the open cell.
    fn text(&mut self, add: impl FnOnce(&mut CellText)) -> Result<(), Refused> {
        let Some(cell) = self.cell.as_mut() else {
            return Ok(());
        };
        if !matches!(cell.content, Content::Text { in_comment: false }) {
            return Ok(());
        }
        add(&mut cell.text);
        let text = cell.text;
        text.check(|| self.place().unwrap_or_else(no_place))
    }

    fn open(&mut self, e: &BytesStart<'_>, totals: &mut Totals) -> Result<(), Refused> {
        let name = e.name();
        let name = name.as_ref();
        if self.cell.is_some() {
            return self.open_in_cell(name, e);
        }
        if name == "table:table" {
            // calamine reads every named table as a sheet, wherever it starts.
            if raw_attr(e, "table:name")?.is_some() {
                totals.count_sheet()?;
            }
            match self.sheet.as_mut() {
                Some(sheet) => sheet.depth += 1,
                None => self.sheet = Some(OdsSheet::new(e)),
            }
            return Ok(());
        }
        if self.sheet.is_none() {
            return Ok(());
        }
        if name == "table:table-row" {
            self.open_row(e)
        } else if is_cell(name) {
            self.open_cell(name, e)
        } else {
            Ok(())
        }
    }

    fn open_row(&mut self, e: &BytesStart<'_>) -> Result<(), Refused> {
        // calamine refuses a row inside a row; counting the first one is enough.
        self.close_row()?;
        let Some(sheet) = self.sheet.as_mut() else {
            return Ok(());
        };
        let repeats = repeat_count(e, "table:number-rows-repeated", true)?;
        sheet.rows_listed += 1;
        if sheet.rows_listed > MAX_SHEET_ROWS {
            return Err(Refused::at(
                Place {
                    sheet: sheet.name.clone(),
                    row: None,
                    column: None,
                },
                Msg::new("sheet-limit-rows").arg("max", MAX_SHEET_ROWS),
            ));
        }
        self.row = Some(OdsRow {
            index: sheet.next_row,
            repeats,
            next_column: 0,
            last_filled: None,
        });
        Ok(())
    }

    fn open_cell(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), Refused> {
        // calamine reads cells in rows only.
        let Some(row) = self.row.as_ref() else {
            return Ok(());
        };
        let attributes = CellAttributes::read(e)?;
        let cell = OdsCell {
            column: row.next_column,
            repeats: attributes.repeats,
            filled: attributes.filled,
            text: attributes.text,
            paragraphs: 0,
            content: if attributes.reads_text() {
                Content::Text { in_comment: false }
            } else {
                Content::Skipped {
                    name: name.to_string(),
                    depth: 0,
                }
            },
        };
        // calamine keeps these texts whether or not it reads the cell's content.
        let text = cell.text;
        self.cell = Some(cell);
        text.check(|| self.place().unwrap_or_else(no_place))
    }

    fn open_in_cell(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), Refused> {
        let Some(cell) = self.cell.as_mut() else {
            return Ok(());
        };
        match &mut cell.content {
            Content::Skipped { name: own, depth } => {
                if name == own {
                    *depth += 1;
                }
                return Ok(());
            }
            Content::Text { in_comment: true } => return Ok(()),
            Content::Text { in_comment } if name == COMMENT => {
                *in_comment = true;
                return Ok(());
            }
            Content::Text { .. } => {}
        }
        match name {
            // calamine joins paragraphs with a line break.
            "text:p" => {
                cell.paragraphs += 1;
                if cell.paragraphs > 1 {
                    cell.text.add_chars(1);
                }
            }
            // `text:c` spaces: a few bytes of XML for any number of them.
            "text:s" => {
                let spaces = match raw_attr(e, "text:c")? {
                    Some(value) => parse_count(value, true)?,
                    None => 1,
                };
                cell.text.add_chars(spaces);
            }
            "text:tab" | "text:line-break" => cell.text.add_chars(1),
            _ => {}
        }
        self.text(|_| {})
    }

    fn close(&mut self, name: &str, totals: &mut Totals) -> Result<(), Refused> {
        if let Some(cell) = self.cell.as_mut() {
            let ends = match &mut cell.content {
                Content::Skipped { name: own, depth } if name == own => {
                    if *depth == 0 {
                        true
                    } else {
                        *depth -= 1;
                        false
                    }
                }
                Content::Skipped { .. } => false,
                Content::Text { in_comment } if *in_comment => {
                    *in_comment = name != COMMENT;
                    false
                }
                Content::Text { .. } => is_cell(name),
            };
            return if ends {
                self.close_cell(totals)
            } else {
                Ok(())
            };
        }
        match name {
            "table:table-row" => self.close_row(),
            "table:table" => self.close_sheet(totals),
            _ => Ok(()),
        }
    }

    fn close_cell(&mut self, totals: &mut Totals) -> Result<(), Refused> {
        let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) else {
            return Ok(());
        };
        let sheet = &self.sheet;
        let place = || Place {
            sheet: sheet.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
            row: Some(row.index),
            column: Some(cell.column),
        };
        row.next_column = row.next_column.saturating_add(cell.repeats);
        if !cell.filled {
            return Ok(());
        }
        let last = cell
            .column
            .saturating_add(cell.repeats - 1)
            .min(SHEET_COLUMNS - 1);
        row.last_filled = Some(row.last_filled.map_or(last, |l| l.max(last)));
        // calamine keeps a copy of the text for every cell the repeats stand for.
        let copies = cell.repeats.min(SHEET_COLUMNS).saturating_mul(row.repeats);
        totals.add_text(cell.text.bytes.saturating_mul(copies), place)
    }

    fn close_row(&mut self) -> Result<(), Refused> {
        let (Some(row), Some(sheet)) = (self.row.take(), self.sheet.as_mut()) else {
            return Ok(());
        };
        sheet.next_row = row.index.saturating_add(row.repeats);
        if let Some(column) = row.last_filled {
            let last = row.index.saturating_add(row.repeats - 1);
            sheet.area.fill(row.index, last, column);
            sheet.area.check(&sheet.name)?;
        }
        Ok(())
    }

    fn close_sheet(&mut self, totals: &mut Totals) -> Result<(), Refused> {
        let Some(sheet) = self.sheet.as_mut() else {
            return Ok(());
        };
        sheet.depth -= 1;
        if sheet.depth > 0 {
            return Ok(());
        }
        self.close_row()?;
        match self.sheet.take() {
            Some(sheet) => totals.add_cells(&sheet.name, sheet.area.cells()),
            None => Ok(()),
        }
    }
}

impl OdsSheet {
    fn new(e: &BytesStart<'_>) -> OdsSheet {
        let name = raw_attr(e, "table:name").ok().flatten().unwrap_or("?");
        OdsSheet {
            name: quick_xml::escape::unescape(name)
                .map(|n| n.into_owned())
                .unwrap_or_else(|_| name.to_string()),
            depth: 1,
            next_row: 0,
            rows_listed: 0,
            area: Area::default(),
        }
    }
}

/// What a cell's attributes tell, read in one pass.
#[derive(Default)]
struct CellAttributes {
    repeats: u64,
    filled: bool,
    text: CellText,
    /// calamine's `get_datatype` flags, set in the order it reads the attributes.
    value_set: bool,
    string: bool,
    error: bool,
    empty_string_value: bool,
}

impl CellAttributes {
    fn read(e: &BytesStart<'_>) -> Result<CellAttributes, Refused> {
        let mut read = CellAttributes::default();
        let mut repeats = None;
        for attribute in raw_attrs(e) {
            let (key, value) = attribute?;
            read.filled |= ODS_VALUE_ATTRIBUTES.contains(&key);
            if ODS_TEXT_ATTRIBUTES.contains(&key) {
                read.text.add_str(value);
            }
            match key {
                // The first of a name counts, as with calamine's attribute lookup.
                "table:number-columns-repeated" if repeats.is_none() => {
                    repeats = Some(parse_count(value, false)?.max(1));
                }
                "office:value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                    if !read.value_set =>
                {
                    read.value_set = true;
                }
                "office:string-value" if !read.value_set => {
                    read.value_set = true;
                    read.empty_string_value = quick_xml::escape::unescape(value)
                        .map_err(|_| Refused::file(unreadable()))?
                        .is_empty();
                }
                "office:value-type" if !read.value_set => read.string = value == "string",
                "calcext:value-type" => read.error = value == "error",
                _ => {}
            }
        }
        read.repeats = repeats.unwrap_or(1);
        Ok(read)
    }

    /// Whether calamine reads the cell's content as its text: a string type before any value,
    /// or an error type with an empty string value.
    fn reads_text(&self) -> bool {
        (!self.value_set && self.string) || (self.error && self.empty_string_value)
    }
}

/// A repeat count of an .ods row or cell (1 when absent).
fn repeat_count(e: &BytesStart<'_>, name: &str, unescape: bool) -> Result<u64, Refused> {
    match raw_attr(e, name)? {
        Some(value) => Ok(parse_count(value, unescape)?.max(1)),
        None => Ok(1),
    }
}
