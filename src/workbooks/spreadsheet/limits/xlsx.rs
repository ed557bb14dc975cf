//! The parts of an .xlsx: worksheets and the shared strings table, followed the way calamine
//! reads them, so that the count stays in step with what calamine keeps even in a file built to
//! confuse it.

use quick_xml::events::{BytesStart, Event};

use crate::i18n::Msg;

use super::{
    Area, CellText, MAX_CELL_CHARS, MAX_SHARED_STRINGS, Place, Refused, Totals, no_place,
    parse_count, raw_attr, saturating_number,
};

/// Cells of an .xlsx part (a worksheet has them in `sheetData`), and the sheets a workbook part
/// lists.
pub(super) struct XlsxScan {
    pub(super) part: String,
    pub(super) has_cells: bool,
    in_sheet_data: bool,
    /// The position of the next cell without a reference, as calamine tracks it.
    row: u64,
    column: u64,
    cell: Option<XlsxCell>,
    pub(super) area: Area,
}

struct XlsxCell {
    row: u64,
    column: u64,
    /// `t="s"`: a value is the number of a shared string.
    shared: bool,
    /// Whether calamine may keep the cell (a value or an inline string was read).
    has_value: bool,
    text: CellText,
    /// The longest shared string a value of the cell names.
    shared_bytes: u64,
    /// The type (`t`) of the cell, which decides how calamine reads a value.
    kind: Option<String>,
    reading: Reading,
}

/// Where calamine is inside a cell element.
enum Reading {
    /// Between the cell's children (`v`, `is`, `f`).
    Children,
    /// Skipping up to the end tag that matches `name` (quick-xml's `read_to_end`).
    Skipping { name: String, depth: u32 },
    /// A typed value's text, up to the first end of `name`.
    Text { name: String },
    /// An inline string (`is`).
    Inline(RichText),
    /// A number, a shared string's number or a boolean: the first piece inside `name`.
    FirstPiece { name: String },
}

impl XlsxScan {
    pub(super) fn new(part: String) -> XlsxScan {
        XlsxScan {
            part,
            has_cells: false,
            in_sheet_data: false,
            row: 0,
            column: 0,
            cell: None,
            area: Area::default(),
        }
    }

    pub(super) fn place(&self) -> Option<Place> {
        Some(Place {
            sheet: self.part.clone(),
            row: self.cell.as_ref().map(|c| c.row),
            column: self.cell.as_ref().map(|c| c.column),
        })
    }

    pub(super) fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        // Inside a cell, every piece goes to the cell's reading.
        if self.cell.is_some() {
            return self.in_cell(event, totals);
        }
        // An empty element is its start and its end, as calamine's reader expands it.
        match event {
            Event::Start(e) => self.open(&e, totals),
            Event::Empty(e) => {
                self.open(&e, totals)?;
                if self.cell.is_some() {
                    return self.close_cell(totals);
                }
                self.close(e.local_name().as_ref());
                Ok(())
            }
            Event::End(e) => {
                self.close(e.local_name().as_ref());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn open(&mut self, e: &BytesStart<'_>, totals: &mut Totals) -> Result<(), Refused> {
        let name = e.local_name();
        match name.as_ref() {
            // calamine makes room for as many strings as the table announces.
            "sst" => check_announced_strings(e)?,
            // The workbook's list of sheets: calamine reads one sheet per entry.
            "sheet" if !self.in_sheet_data => totals.count_sheet()?,
            "sheetData" => {
                self.in_sheet_data = true;
                self.has_cells = true;
            }
            "row" if self.in_sheet_data => {
                if let Some(r) = raw_attr(e, "r")? {
                    self.row = parse_count(r, false)?.saturating_sub(1);
                }
            }
            "c" if self.in_sheet_data => {
                let (row, column) = match raw_attr(e, "r")? {
                    Some(reference) => cell_reference(reference)?,
                    None => (self.row, self.column),
                };
                self.column = column;
                let kind = raw_attr(e, "t")?.map(str::to_string);
                self.cell = Some(XlsxCell {
                    row,
                    column,
                    shared: kind.as_deref() == Some("s"),
                    has_value: false,
                    text: CellText::default(),
                    shared_bytes: 0,
                    kind,
                    reading: Reading::Children,
                });
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) {
        match name {
            "sheetData" => self.in_sheet_data = false,
            "row" if self.in_sheet_data => {
                self.row = self.row.saturating_add(1);
                self.column = 0;
            }
            _ => {}
        }
    }

    /// A piece inside a cell element, read as calamine's `next_cell` and `read_value` do.
    fn in_cell(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        let Some(cell) = self.cell.as_mut() else {
            return Ok(());
        };
        match &event {
            Event::Start(e) => cell.start(e.name().as_ref()),
            // An empty element is its start and its end, as calamine's reader expands it.
            Event::Empty(e) => {
                cell.start(e.name().as_ref());
                cell.end(e.name().as_ref());
            }
            Event::End(e) => {
                if matches!(cell.reading, Reading::Children) && e.local_name().as_ref() == "c" {
                    return self.close_cell(totals);
                }
                cell.end(e.name().as_ref());
            }
            Event::Text(t) => cell.text(t, true, totals),
            Event::GeneralRef(_) => cell.text("&", false, totals),
            Event::CData(t) => cell.text(t, false, totals),
            _ => cell.text("", false, totals),
        }
        let text = cell.text;
        text.check(|| self.place().unwrap_or_else(no_place))
    }

    fn close_cell(&mut self, totals: &mut Totals) -> Result<(), Refused> {
        let Some(cell) = self.cell.take() else {
            return Ok(());
        };
        self.column = cell.column.saturating_add(1);
        if !cell.has_value {
            return Ok(());
        }
        // A cell keeps its own copy of a shared string.
        let bytes = cell.text.bytes.max(cell.shared_bytes);
        self.area.fill(cell.row, cell.row, cell.column);
        self.area.check(&self.part)?;
        totals.add_text(bytes, || Place {
            sheet: self.part.clone(),
            row: Some(cell.row),
            column: Some(cell.column),
        })
    }
}

impl XlsxCell {
    /// The start of an element `name` inside the cell.
    fn start(&mut self, name: &str) {
        let local = name.rsplit(':').next().unwrap_or(name);
        self.reading = match std::mem::replace(&mut self.reading, Reading::Children) {
            Reading::Children => self.read_child(name, local),
            Reading::Skipping { name: own, depth } => Reading::Skipping {
                depth: if name == own { depth + 1 } else { depth },
                name: own,
            },
            // Anything but text first ends the value; calamine skips the rest of it.
            Reading::FirstPiece { name: own } => Reading::Skipping {
                name: own,
                depth: 0,
            },
            Reading::Inline(mut rich) => {
                rich.start(name);
                Reading::Inline(rich)
            }
            reading @ Reading::Text { .. } => reading,
        };
    }

    /// How calamine reads a child of the cell.
    fn read_child(&mut self, name: &str, local: &str) -> Reading {
        let name = name.to_string();
        match (local, self.kind.as_deref()) {
            ("is", _) => {
                self.has_value = true;
                Reading::Inline(RichText::new(name))
            }
            ("v", Some("inlineStr") | Some("is")) | ("f", _) => {
                Reading::Skipping { name, depth: 0 }
            }
            ("v", Some("n") | Some("s") | Some("b") | Some("e") | None) => {
                Reading::FirstPiece { name }
            }
            ("v", Some(_)) => {
                self.has_value = true;
                Reading::Text { name }
            }
            // calamine refuses anything else: what follows is never kept.
            _ => Reading::Children,
        }
    }

    /// The end of an element `name` inside the cell.
    fn end(&mut self, name: &str) {
        self.reading = match std::mem::replace(&mut self.reading, Reading::Children) {
            Reading::Skipping { name: own, depth } if own == name => match depth {
                0 => Reading::Children,
                _ => Reading::Skipping {
                    name: own,
                    depth: depth - 1,
                },
            },
            Reading::Inline(mut rich) => match rich.end(name) {
                true => Reading::Children,
                false => Reading::Inline(rich),
            },
            Reading::Text { name: own } | Reading::FirstPiece { name: own } if own == name => {
                Reading::Children
            }
            Reading::FirstPiece { name: own } => Reading::Skipping {
                name: own,
                depth: 0,
            },
            reading => reading,
        };
    }

    /// A piece of text (`is_text`: a text piece, not a reference or other piece) inside the
    /// cell, counted where calamine keeps it.
    fn text(&mut self, text: &str, is_text: bool, totals: &Totals) {
        match &self.reading {
            Reading::Text { .. } | Reading::Inline(_) => self.text.add_str(text),
            Reading::FirstPiece { name } => {
                let name = name.clone();
                if is_text {
                    self.value(text, totals);
                }
                self.reading = Reading::Skipping { name, depth: 0 };
            }
            _ => {}
        }
    }

    /// The first text of a plain value: a number, or the number of a shared string.
    fn value(&mut self, text: &str, totals: &Totals) {
        self.has_value |= !text.is_empty();
        self.text.add_str(text);
        if self.shared && !text.is_empty() {
            // calamine reads a number it cannot parse as string 0; whichever it takes, the
            // longer one is counted.
            let length = |i: usize| u64::from(totals.shared_strings.get(i).copied().unwrap_or(0));
            let index = text.parse::<usize>().unwrap_or(0);
            self.shared_bytes = self.shared_bytes.max(length(index)).max(length(0));
        }
    }
}

/// Text read as calamine's `read_string_with_bufs` reads a shared string (`si`) or an inline
/// string (`is`): up to the first end of the element it began with, except inside a `t`, which
/// lasts up to the first end of that `t`; a `t` inside a phonetic run (`rPh`) is not one.
struct RichText {
    name: String,
    phonetic: bool,
    inside_t: Option<String>,
}

impl RichText {
    fn new(name: String) -> RichText {
        RichText {
            name,
            phonetic: false,
            inside_t: None,
        }
    }

    fn start(&mut self, name: &str) {
        if self.inside_t.is_some() {
            return;
        }
        match name.rsplit(':').next().unwrap_or(name) {
            "rPh" => self.phonetic = true,
            "t" if !self.phonetic => self.inside_t = Some(name.to_string()),
            _ => {}
        }
    }

    /// Whether the end of `name` ends the text.
    fn end(&mut self, name: &str) -> bool {
        if let Some(t) = &self.inside_t {
            if t == name {
                self.inside_t = None;
            }
            return false;
        }
        if name == self.name {
            return true;
        }
        if name.rsplit(':').next() == Some("rPh") {
            self.phonetic = false;
        }
        false
    }
}

/// An .xlsx's shared strings table, read as calamine does: strings are the `si` elements inside
/// the table, each read as a [`RichText`].
#[derive(Default)]
pub(super) struct SharedStringsScan {
    next: usize,
    in_table: bool,
    string: Option<(RichText, CellText)>,
}

impl SharedStringsScan {
    pub(super) fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        // An empty element is its start and its end, as calamine's reader expands it.
        match event {
            Event::Start(e) => self.start(&e),
            Event::Empty(e) => {
                self.start(&e)?;
                self.end(e.name().as_ref(), totals)
            }
            Event::End(e) => self.end(e.name().as_ref(), totals),
            Event::Text(t) => self.text(&t),
            Event::CData(t) => self.text(&t),
            Event::GeneralRef(_) => self.text("&"),
            _ => Ok(()),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), Refused> {
        let name = e.name();
        let name = name.as_ref();
        if let Some((rich, _)) = self.string.as_mut() {
            rich.start(name);
            return Ok(());
        }
        match e.local_name().as_ref() {
            "sst" if !self.in_table => {
                self.in_table = true;
                check_announced_strings(e)
            }
            "si" if self.in_table => {
                self.string = Some((RichText::new(name.to_string()), CellText::default()));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn end(&mut self, name: &str, totals: &mut Totals) -> Result<(), Refused> {
        let Some((rich, text)) = self.string.as_mut() else {
            // calamine stops at the end of the table.
            if name.rsplit(':').next() == Some("sst") {
                self.in_table = false;
            }
            return Ok(());
        };
        if !rich.end(name) {
            return Ok(());
        }
        let bytes = text.bytes;
        self.string = None;
        self.record(bytes, totals)
    }

    fn text(&mut self, text: &str) -> Result<(), Refused> {
        let Some((_, string)) = self.string.as_mut() else {
            return Ok(());
        };
        string.add_str(text);
        if string.chars > MAX_CELL_CHARS {
            return Err(Refused::file(
                Msg::new("sheet-limit-shared-string-chars").arg("max", MAX_CELL_CHARS),
            ));
        }
        Ok(())
    }

    fn record(&mut self, bytes: u64, totals: &mut Totals) -> Result<(), Refused> {
        let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
        match totals.shared_strings.get_mut(self.next) {
            Some(known) => *known = (*known).max(bytes),
            None => totals.shared_strings.push(bytes),
        }
        self.next += 1;
        if self.next as u64 > MAX_SHARED_STRINGS {
            return Err(too_many_strings());
        }
        Ok(())
    }
}

fn check_announced_strings(e: &BytesStart<'_>) -> Result<(), Refused> {
    if let Some(count) = raw_attr(e, "uniqueCount")?
        && count.bytes().all(|b| b.is_ascii_digit())
        && saturating_number(count) > MAX_SHARED_STRINGS
    {
        return Err(too_many_strings());
    }
    Ok(())
}

fn too_many_strings() -> Refused {
    Refused::file(Msg::new("sheet-limit-shared-strings").arg("max", MAX_SHARED_STRINGS))
}

/// An .xlsx cell reference such as `XFD1048576`: (row, column) from 0.
pub(super) fn cell_reference(reference: &str) -> Result<(u64, u64), Refused> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (column, row) = reference.split_at(letters);
    if letters == 0 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refused::file(Msg::new("sheet-limit-reference-unreadable")));
    }
    let column = column.bytes().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    Ok((saturating_number(row).saturating_sub(1), column - 1))
}
