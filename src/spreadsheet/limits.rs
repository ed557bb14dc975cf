//! The limits a workbook must keep before calamine reads it (docs/ods-format.md, "Limits").
//!
//! calamine builds what a file only describes: a cell repeated 98 million times, `<text:s
//! text:c="1000000000"/>` (a billion spaces), two cells at A1 and XFD1048576 (a dense range of 17
//! billion cells), a part that inflates a thousandfold. A file of a kilobyte could cost gigabytes
//! and abort the server. So [`check`] first streams the zip archive and its XML through the same
//! `zip` and `quick-xml` crates calamine uses, with the same reader settings, counting what
//! calamine would build; it stops at the first limit, with a message naming it, having held at
//! most a few megabytes. Counting errs on the high side: whatever calamine would keep is counted,
//! and sometimes a little more. [`Loaded`] checks the same totals again on what calamine built,
//! sheet by sheet, because an .xlsx may name one part as many sheets.

use std::io::{BufReader, Cursor, Read};

use calamine::{Data, Range};
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::ImportError;

const MB: u64 = 1024 * 1024;

/// Largest workbook file: a project of 100,000 demand cells takes about 2 MB.
pub const MAX_FILE_BYTES: u64 = 50 * MB;
/// Most parts (files) in the zip archive; LibreOffice and Excel write about ten.
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// Most bytes all the parts inflate to together. A sheet of a million cells is about 120 MB of
/// XML, so this admits every workbook within [`MAX_WORKBOOK_CELLS`] and bounds the reading time.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 256 * MB;
/// Highest compression ratio of a part larger than [`RATIO_FLOOR_BYTES`]. Spreadsheet XML
/// compresses about 10:1 to 60:1; deflate cannot go beyond about 1,030:1, which is what bombs use.
pub const MAX_COMPRESSION_RATIO: u64 = 250;
/// Parts smaller than this are not held to the ratio: they cannot cost much whatever it is.
pub const RATIO_FLOOR_BYTES: u64 = 4 * MB;
/// Longest piece of XML (a text, a tag with its attributes, a comment). The XML reader holds a
/// whole piece in memory, so this bounds what one piece costs; a cell's text is far shorter.
pub const MAX_XML_PIECE_BYTES: u64 = MB;
/// Most sheets in a workbook; the layouts have at most eight.
pub const MAX_SHEETS: u64 = 64;
/// Most cells of one sheet, counted as calamine keeps them: every cell from column A and the
/// first filled row to the last filled row and the last filled column, empty or not. The bench's
/// 100,000 demand cells fill fewer than 200,000 cells of a capacity sheet; a project of 600 months
/// has room for 1,600 task and organisation rows.
pub const MAX_SHEET_CELLS: u64 = 1_000_000;
/// Most rows (filled or not) one sheet may list.
pub const MAX_SHEET_ROWS: u64 = MAX_SHEET_CELLS;
/// Most cells of all sheets together (each costs about 90 bytes while an .ods is read).
pub const MAX_WORKBOOK_CELLS: u64 = 1_500_000;
/// Longest text of one cell, in characters: Excel's own limit.
pub const MAX_CELL_CHARS: u64 = 32_767;
/// Most bytes of text in all cells together (held twice while an .ods is read).
pub const MAX_WORKBOOK_TEXT_BYTES: u64 = 32 * MB;
/// Most strings in an .xlsx's shared strings table.
pub const MAX_SHARED_STRINGS: u64 = MAX_WORKBOOK_CELLS;
/// Columns of a sheet: calamine cuts longer rows here.
const SHEET_COLUMNS: u64 = 16_384;

/// The two formats the importers read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ods,
    Xlsx,
}

/// Checks `bytes` (a workbook named `file`) against every limit before calamine reads it.
/// A file that is not a readable zip archive passes: calamine then says why it cannot read it.
pub fn check(file: &str, format: Format, bytes: &[u8]) -> Result<(), ImportError> {
    check_archive(format, bytes).map_err(|refused| refused.into_error(file))
}

fn check_archive(format: Format, bytes: &[u8]) -> Result<(), Refused> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refused::file(file_too_large()));
    }
    // The zip crate keeps a record per part it finds: count the central directory's headers in
    // the bytes themselves, so that no end record can make it look for more than are there.
    let headers = bytes.windows(4).filter(|w| *w == b"PK\x01\x02").count();
    if headers > MAX_ZIP_ENTRIES {
        return Err(Refused::file(format!(
            "the archive has more than {} parts",
            grouped(MAX_ZIP_ENTRIES as u64)
        )));
    }
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    check_declared_sizes(&archive)?;
    let mut totals = Totals::default();
    match format {
        Format::Ods => {
            // The only parts calamine reads as XML (meta.xml it reads as bytes, up to 1 MB).
            if let Some(index) = archive.index_for_name("META-INF/manifest.xml") {
                read_part(&mut archive, index, &mut Visitor::Plain, &mut totals)?;
            }
            if let Some(index) = archive.index_for_name("content.xml") {
                let mut visitor = Visitor::Ods(OdsScan::default());
                read_part(&mut archive, index, &mut visitor, &mut totals)?;
            }
        }
        Format::Xlsx => {
            // The workbook's relationships say which part holds which sheet; rather than follow
            // them as calamine does, every part is read as XML. The shared strings go first
            // because sheets refer to them by number.
            let (strings, others): (Vec<usize>, Vec<usize>) = (0..archive.len())
                .partition(|&i| part_name(&archive, i).ends_with("sharedstrings.xml"));
            for index in strings {
                let mut visitor = Visitor::SharedStrings(SharedStringsScan::default());
                read_part(&mut archive, index, &mut visitor, &mut totals)?;
            }
            for index in others {
                let mut visitor = Visitor::XlsxSheet(XlsxScan::new(part_name(&archive, index)));
                read_part(&mut archive, index, &mut visitor, &mut totals)?;
            }
        }
    }
    Ok(())
}

/// The sizes the archive declares, checked before anything is inflated (the inflating counts
/// again: headers can lie).
fn check_declared_sizes(archive: &ZipArchive<Cursor<&[u8]>>) -> Result<(), Refused> {
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(index) else {
            continue;
        };
        total = total.saturating_add(entry.size());
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(Refused::file(too_large_uncompressed()));
        }
        if entry.size() > RATIO_FLOOR_BYTES
            && entry.size() / entry.compressed_size().max(1) > MAX_COMPRESSION_RATIO
        {
            return Err(Refused::file(too_compressed(&part_name(archive, index))));
        }
    }
    Ok(())
}

/// A part's name as calamine looks it up (`/` separators, lower case).
fn part_name(archive: &ZipArchive<Cursor<&[u8]>>, index: usize) -> String {
    archive
        .name_for_index(index)
        .and_then(Result::ok)
        .map(|name| name.replace('\\', "/").to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads part `index` as XML, showing every piece to `visitor`.
fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    visitor: &mut Visitor,
    totals: &mut Totals,
) -> Result<(), Refused> {
    let name = part_name(archive, index);
    let Ok(entry) = archive.by_index(index) else {
        // Encrypted, or compressed in a way calamine cannot read either.
        return Ok(());
    };
    let counting = Counting {
        declared: entry.size(),
        compressed: entry.compressed_size(),
        allowance: MAX_UNCOMPRESSED_BYTES.saturating_sub(totals.inflated),
        inner: entry,
        inflated: 0,
        since_piece: 0,
        overflow: None,
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(counting));
    // calamine's settings, so that the pieces are the ones calamine's reader will hold.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    let mut buf = Vec::new();
    let outcome = loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf);
        xml.get_mut().get_mut().since_piece = 0;
        match event {
            Ok(Event::Eof) => break visitor.finish(totals),
            Ok(event) => {
                if let Err(refused) = visitor.visit(event, totals) {
                    break Err(refused);
                }
            }
            // The archive cannot give the part (a damaged or lying archive: the zip crate
            // refuses to inflate more than a part declares, for calamine too).
            Err(quick_xml::Error::Io(e)) => {
                break Err(Refused::file(format!(
                    "is not a readable spreadsheet: the part {name} cannot be read: {e}"
                )));
            }
            // Malformed XML: calamine stops at the same place.
            Err(_) => break visitor.finish(totals),
        }
    };
    let counting = xml.get_ref().get_ref();
    totals.inflated += counting.inflated;
    match counting.overflow {
        Some(overflow) => Err(overflow.refusal(&name, visitor.place())),
        None => outcome,
    }
}

/// Why a file is refused, and where.
#[derive(Debug)]
struct Refused {
    place: Option<Place>,
    message: String,
}

/// A cell, row or sheet a refusal points at (rows and columns from 0).
#[derive(Debug, Clone)]
struct Place {
    sheet: String,
    row: Option<u64>,
    column: Option<u64>,
}

impl Refused {
    fn file(message: String) -> Refused {
        Refused {
            place: None,
            message,
        }
    }

    fn at(place: Place, message: String) -> Refused {
        Refused {
            place: Some(place),
            message,
        }
    }

    fn into_error(self, file: &str) -> ImportError {
        let place = self.place;
        ImportError {
            file: file.to_string(),
            sheet: place.as_ref().map(|p| p.sheet.clone()),
            row: place
                .as_ref()
                .and_then(|p| p.row)
                .map(|r| usize::try_from(r.saturating_add(1)).unwrap_or(usize::MAX)),
            column: place.as_ref().and_then(|p| p.column).map(column_letters),
            message: self.message,
        }
    }
}

/// The refusal of a file larger than [`MAX_FILE_BYTES`] (the upload page and the command line).
pub fn file_too_large() -> String {
    format!("the file is larger than {} MB", MAX_FILE_BYTES / MB)
}

fn too_large_uncompressed() -> String {
    format!(
        "the uncompressed size of the file is larger than {} MB",
        MAX_UNCOMPRESSED_BYTES / MB
    )
}

fn too_compressed(part: &str) -> String {
    format!(
        "the part {part} is compressed more than {MAX_COMPRESSION_RATIO}:1, which only a zip bomb does"
    )
}

fn too_many_sheet_cells(sheet: &str) -> Refused {
    Refused::at(
        Place {
            sheet: sheet.to_string(),
            row: None,
            column: None,
        },
        format!(
            "the sheet has more than {} cells (counted from column A and the first filled row \
             to the last filled row and column)",
            grouped(MAX_SHEET_CELLS)
        ),
    )
}

fn too_long_cell() -> String {
    format!(
        "a cell is longer than {} characters",
        grouped(MAX_CELL_CHARS)
    )
}

fn unreadable() -> String {
    "is not a readable spreadsheet: a number in its XML cannot be read".to_string()
}

/// A limit the inflating reader ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overflow {
    /// More than the archive said the part holds.
    Declared,
    /// More than [`MAX_UNCOMPRESSED_BYTES`] with the parts before.
    Total,
    /// More than [`MAX_COMPRESSION_RATIO`] times its compressed size.
    Ratio,
    /// One piece of XML longer than [`MAX_XML_PIECE_BYTES`].
    Piece,
}

impl Overflow {
    fn refusal(self, part: &str, place: Option<Place>) -> Refused {
        match (self, place) {
            (Overflow::Declared, _) => Refused::file(format!(
                "the part {part} inflates to more than the uncompressed size its archive declares"
            )),
            (Overflow::Total, _) => Refused::file(too_large_uncompressed()),
            (Overflow::Ratio, _) => Refused::file(too_compressed(part)),
            // Inside a cell, the piece is the cell's text.
            (Overflow::Piece, Some(place)) if place.column.is_some() => {
                Refused::at(place, too_long_cell())
            }
            (Overflow::Piece, _) => Refused::file(format!(
                "the part {part} holds a piece of XML (a text or a tag) longer than {} MB",
                MAX_XML_PIECE_BYTES / MB
            )),
        }
    }
}

/// Inflates one part, counting; it fails the read as soon as a limit is passed, so that the XML
/// reader above it never holds more than the limit.
struct Counting<R> {
    inner: R,
    declared: u64,
    compressed: u64,
    /// What the parts before this one left of [`MAX_UNCOMPRESSED_BYTES`].
    allowance: u64,
    inflated: u64,
    /// Bytes handed out since the XML reader last finished a piece (it reads ahead 8 KB at most).
    since_piece: u64,
    overflow: Option<Overflow>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.inflated += n as u64;
        self.since_piece += n as u64;
        self.overflow = if self.inflated > self.declared {
            Some(Overflow::Declared)
        } else if self.inflated > self.allowance {
            Some(Overflow::Total)
        } else if self.inflated > RATIO_FLOOR_BYTES
            && self.inflated > MAX_COMPRESSION_RATIO.saturating_mul(self.compressed)
        {
            Some(Overflow::Ratio)
        } else if self.since_piece > MAX_XML_PIECE_BYTES {
            Some(Overflow::Piece)
        } else {
            None
        };
        match self.overflow {
            Some(_) => Err(std::io::Error::other("a workbook limit was reached")),
            None => Ok(n),
        }
    }
}

/// The running totals of one workbook.
#[derive(Default)]
struct Totals {
    inflated: u64,
    sheets: u64,
    /// Sheets an .xlsx workbook part lists.
    listed: u64,
    cells: u64,
    text: u64,
    /// Bytes of each shared string of an .xlsx (the longest, when several tables claim a number).
    shared_strings: Vec<u32>,
}

impl Totals {
    fn add_sheet(&mut self, sheet: &str, cells: u64) -> Result<(), Refused> {
        self.sheets += 1;
        if self.sheets > MAX_SHEETS {
            return Err(Refused::file(format!(
                "the workbook has more than {MAX_SHEETS} sheets"
            )));
        }
        self.cells = self.cells.saturating_add(cells);
        if self.cells > MAX_WORKBOOK_CELLS {
            return Err(Refused::at(
                Place {
                    sheet: sheet.to_string(),
                    row: None,
                    column: None,
                },
                format!(
                    "the sheets have more than {} cells together",
                    grouped(MAX_WORKBOOK_CELLS)
                ),
            ));
        }
        Ok(())
    }

    /// Text kept for a cell: `bytes` already multiplied by the cell's repeats.
    fn add_text(&mut self, bytes: u64, place: &Place) -> Result<(), Refused> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_WORKBOOK_TEXT_BYTES {
            return Err(Refused::at(
                place.clone(),
                format!(
                    "the cells hold more than {} MB of text together",
                    MAX_WORKBOOK_TEXT_BYTES / MB
                ),
            ));
        }
        Ok(())
    }
}

/// The text of one cell, as it is counted.
#[derive(Debug, Default, Clone, Copy)]
struct CellText {
    chars: u64,
    bytes: u64,
}

impl CellText {
    fn add_str(&mut self, text: &str) {
        self.chars = self.chars.saturating_add(text.chars().count() as u64);
        self.bytes = self.bytes.saturating_add(text.len() as u64);
    }

    /// `n` characters that calamine writes itself (spaces, tabs, line breaks).
    fn add_chars(&mut self, n: u64) {
        self.chars = self.chars.saturating_add(n);
        self.bytes = self.bytes.saturating_add(n);
    }

    fn check(&self, place: impl FnOnce() -> Place) -> Result<(), Refused> {
        if self.chars > MAX_CELL_CHARS {
            Err(Refused::at(place(), too_long_cell()))
        } else {
            Ok(())
        }
    }
}

/// What a part is read for.
enum Visitor {
    /// Only the limits of the archive and of the XML itself.
    Plain,
    Ods(OdsScan),
    XlsxSheet(XlsxScan),
    SharedStrings(SharedStringsScan),
}

impl Visitor {
    fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        match self {
            Visitor::Plain => Ok(()),
            Visitor::Ods(scan) => scan.visit(event, totals),
            Visitor::XlsxSheet(scan) => scan.visit(event, totals),
            Visitor::SharedStrings(scan) => scan.visit(event, totals),
        }
    }

    /// The end of the part (or of what calamine can read of it).
    fn finish(&mut self, totals: &mut Totals) -> Result<(), Refused> {
        match self {
            Visitor::XlsxSheet(scan) if scan.has_cells => {
                totals.add_sheet(&scan.part, scan.area.cells())
            }
            _ => Ok(()),
        }
    }

    /// The cell (or sheet) being read, for a refusal.
    fn place(&self) -> Option<Place> {
        match self {
            Visitor::Ods(scan) => scan.place(),
            Visitor::XlsxSheet(scan) => scan.place(),
            _ => None,
        }
    }
}

/// The filled part of a sheet: from column A and the first filled row to the last filled row and
/// column, as calamine keeps it (rows and columns from 0).
#[derive(Debug, Default, Clone, Copy)]
struct Area {
    first_row: Option<u64>,
    last_row: u64,
    last_column: u64,
}

impl Area {
    /// Rows `first..=last` with a filled cell at most in `column`.
    fn fill(&mut self, first: u64, last: u64, column: u64) {
        self.first_row = Some(self.first_row.map_or(first, |f| f.min(first)));
        self.last_row = self.last_row.max(last);
        self.last_column = self.last_column.max(column);
    }

    fn cells(&self) -> u64 {
        match self.first_row {
            None => 0,
            Some(first) => (self.last_row.saturating_sub(first).saturating_add(1))
                .saturating_mul(self.last_column.saturating_add(1)),
        }
    }

    fn check(&self, sheet: &str) -> Result<(), Refused> {
        if self.cells() > MAX_SHEET_CELLS {
            return Err(too_many_sheet_cells(sheet));
        }
        Ok(())
    }
}

// ---- .ods: content.xml ----------------------------------------------------------------------

/// The sheets (`table:table`) of an .ods's content.xml.
#[derive(Default)]
struct OdsScan {
    sheet: Option<OdsSheet>,
    row: Option<OdsRow>,
    cell: Option<OdsCell>,
}

struct OdsSheet {
    name: String,
    /// Tables open inside the sheet, itself included (calamine reads a nested one as the sheet).
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
    /// Comments on the cell: calamine skips them.
    annotations: usize,
}

/// The attributes that make calamine keep a cell.
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

impl OdsScan {
    fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        match event {
            Event::Start(e) => self.open(&e),
            Event::Empty(e) => {
                self.open(&e)?;
                self.close(e.name().as_ref(), totals)
            }
            Event::End(e) => self.close(e.name().as_ref(), totals),
            Event::Text(t) => self.text(|text| text.add_str(&t)),
            Event::CData(t) => self.text(|text| text.add_str(&t)),
            Event::GeneralRef(_) => self.text(|text| text.add_chars(1)),
            _ => Ok(()),
        }
    }

    fn place(&self) -> Option<Place> {
        let sheet = self.sheet.as_ref()?;
        Some(Place {
            sheet: sheet.name.clone(),
            row: self.row.as_ref().map(|r| r.index),
            column: self.cell.as_ref().map(|c| c.column),
        })
    }

    /// Adds to the open cell's text (outside its comments).
    fn text(&mut self, add: impl FnOnce(&mut CellText)) -> Result<(), Refused> {
        let Some(cell) = self.cell.as_mut().filter(|c| c.annotations == 0) else {
            return Ok(());
        };
        add(&mut cell.text);
        let text = cell.text;
        text.check(|| self.place().unwrap_or_else(no_place))
    }

    fn open(&mut self, e: &BytesStart<'_>) -> Result<(), Refused> {
        let name = e.name();
        let name = name.as_ref();
        if self.cell.is_some() {
            return self.open_in_cell(name, e);
        }
        match (name, self.sheet.as_mut()) {
            ("table:table", Some(sheet)) => sheet.depth += 1,
            ("table:table", None) => {
                self.sheet = Some(OdsSheet {
                    name: raw_attr(e, "table:name")
                        .ok()
                        .flatten()
                        .unwrap_or("?")
                        .to_string(),
                    depth: 1,
                    next_row: 0,
                    rows_listed: 0,
                    area: Area::default(),
                })
            }
            ("table:table-row", Some(_)) => {
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
                        format!("the sheet has more than {} rows", grouped(MAX_SHEET_ROWS)),
                    ));
                }
                self.row = Some(OdsRow {
                    index: sheet.next_row,
                    repeats,
                    next_column: 0,
                    last_filled: None,
                });
            }
            ("table:table-cell" | "table:covered-table-cell", Some(_)) => {
                let Some(row) = self.row.as_ref() else {
                    return Ok(());
                };
                let mut cell = OdsCell {
                    column: row.next_column,
                    repeats: repeat_count(e, "table:number-columns-repeated", false)?,
                    filled: false,
                    text: CellText::default(),
                    paragraphs: 0,
                    annotations: 0,
                };
                for attribute in raw_attrs(e) {
                    let (key, value) = attribute?;
                    cell.filled |= ODS_VALUE_ATTRIBUTES.contains(&key);
                    if ODS_TEXT_ATTRIBUTES.contains(&key) {
                        cell.text.add_str(value);
                    }
                }
                self.cell = Some(cell);
                return self.text(|_| {});
            }
            _ => {}
        }
        Ok(())
    }

    fn open_in_cell(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), Refused> {
        let Some(cell) = self.cell.as_mut() else {
            return Ok(());
        };
        if name == "office:annotation" {
            cell.annotations += 1;
        }
        if cell.annotations > 0 {
            return Ok(());
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
            if name == "office:annotation" && cell.annotations > 0 {
                cell.annotations -= 1;
            } else if cell.annotations == 0
                && matches!(name, "table:table-cell" | "table:covered-table-cell")
            {
                return self.close_cell(totals);
            }
            return Ok(());
        }
        match name {
            "table:table-row" => self.close_row(),
            "table:table" => {
                let Some(sheet) = self.sheet.as_mut() else {
                    return Ok(());
                };
                sheet.depth -= 1;
                if sheet.depth > 0 {
                    return Ok(());
                }
                self.row = None;
                match self.sheet.take() {
                    Some(sheet) => totals.add_sheet(&sheet.name, sheet.area.cells()),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    fn close_cell(&mut self, totals: &mut Totals) -> Result<(), Refused> {
        let place = self.place().unwrap_or_else(no_place);
        let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) else {
            return Ok(());
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
        totals.add_text(cell.text.bytes.saturating_mul(copies), &place)
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
}

// ---- .xlsx: every part --------------------------------------------------------------------

/// Cells of an .xlsx part (a worksheet has them in `sheetData`), and the sheets a workbook part
/// lists.
struct XlsxScan {
    part: String,
    has_cells: bool,
    in_sheet_data: bool,
    /// The position of the next cell without a reference, as calamine tracks it.
    row: u64,
    column: u64,
    cell: Option<XlsxCell>,
    area: Area,
}

struct XlsxCell {
    row: u64,
    column: u64,
    shared: bool,
    has_value: bool,
    text: CellText,
    /// The start of the value: a shared string's number.
    value: String,
}

impl XlsxScan {
    fn new(part: String) -> XlsxScan {
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

    fn place(&self) -> Option<Place> {
        Some(Place {
            sheet: self.part.clone(),
            row: self.cell.as_ref().map(|c| c.row),
            column: self.cell.as_ref().map(|c| c.column),
        })
    }

    fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        match event {
            Event::Start(e) => self.open(&e, totals),
            Event::Empty(e) => {
                self.open(&e, totals)?;
                self.close(e.local_name().as_ref(), totals)
            }
            Event::End(e) => self.close(e.local_name().as_ref(), totals),
            Event::Text(t) => self.text(&t),
            Event::CData(t) => self.text(&t),
            Event::GeneralRef(_) => self.text("&"),
            _ => Ok(()),
        }
    }

    fn text(&mut self, text: &str) -> Result<(), Refused> {
        let Some(cell) = self.cell.as_mut() else {
            return Ok(());
        };
        cell.text.add_str(text);
        if cell.value.len() < 24 {
            cell.value.extend(text.chars().take(24));
        }
        let text = cell.text;
        text.check(|| self.place().unwrap_or_else(no_place))
    }

    fn open(&mut self, e: &BytesStart<'_>, totals: &mut Totals) -> Result<(), Refused> {
        let name = e.local_name();
        match name.as_ref() {
            // calamine makes room for as many strings as the table announces.
            "sst" => check_announced_strings(e)?,
            // The workbook's list of sheets: calamine reads one sheet per entry.
            "sheet" if !self.in_sheet_data => {
                totals.listed += 1;
                if totals.listed > MAX_SHEETS {
                    return Err(Refused::file(format!(
                        "the workbook has more than {MAX_SHEETS} sheets"
                    )));
                }
            }
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
                self.cell = Some(XlsxCell {
                    row,
                    column,
                    shared: raw_attr(e, "t")? == Some("s"),
                    has_value: false,
                    text: CellText::default(),
                    value: String::new(),
                });
            }
            "v" | "is" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.has_value = true;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str, totals: &mut Totals) -> Result<(), Refused> {
        match name {
            "sheetData" => self.in_sheet_data = false,
            "row" if self.in_sheet_data => {
                self.row = self.row.saturating_add(1);
                self.column = 0;
            }
            "c" if self.in_sheet_data => return self.close_cell(totals),
            _ => {}
        }
        Ok(())
    }

    fn close_cell(&mut self, totals: &mut Totals) -> Result<(), Refused> {
        let place = self.place().unwrap_or_else(no_place);
        let Some(cell) = self.cell.take() else {
            return Ok(());
        };
        self.column = cell.column.saturating_add(1);
        if !cell.has_value {
            return Ok(());
        }
        let bytes = if cell.shared {
            // A cell keeps its own copy of the shared string.
            cell.value
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|i| totals.shared_strings.get(i))
                .map_or(0, |&b| u64::from(b))
        } else {
            cell.text.bytes
        };
        self.area.fill(cell.row, cell.row, cell.column);
        self.area.check(&self.part)?;
        totals.add_text(bytes, &place)
    }
}

/// An .xlsx's shared strings table.
#[derive(Default)]
struct SharedStringsScan {
    next: usize,
    string: Option<CellText>,
}

impl SharedStringsScan {
    fn visit(&mut self, event: Event<'_>, totals: &mut Totals) -> Result<(), Refused> {
        match event {
            Event::Start(e) if e.local_name().as_ref() == "sst" => check_announced_strings(&e),
            Event::Empty(e) if e.local_name().as_ref() == "sst" => check_announced_strings(&e),
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                self.string = Some(CellText::default());
                Ok(())
            }
            Event::Empty(e) if e.local_name().as_ref() == "si" => self.record(0, totals),
            Event::End(e) if e.local_name().as_ref() == "si" => {
                let bytes = self.string.take().map_or(0, |s| s.bytes);
                self.record(bytes, totals)
            }
            Event::Text(t) => self.text(&t),
            Event::CData(t) => self.text(&t),
            Event::GeneralRef(_) => self.text("&"),
            _ => Ok(()),
        }
    }

    fn text(&mut self, text: &str) -> Result<(), Refused> {
        let Some(string) = self.string.as_mut() else {
            return Ok(());
        };
        string.add_str(text);
        if string.chars > MAX_CELL_CHARS {
            return Err(Refused::file(format!(
                "a text of the shared strings table is longer than {} characters",
                grouped(MAX_CELL_CHARS)
            )));
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
    Refused::file(format!(
        "the shared strings table has more than {} texts",
        grouped(MAX_SHARED_STRINGS)
    ))
}

// ---- after calamine -------------------------------------------------------------------------

/// The totals of the sheets calamine built, checked as each one is added.
#[derive(Debug, Default)]
pub struct Loaded {
    sheets: u64,
    cells: u64,
    text: u64,
}

impl Loaded {
    /// Refuses a workbook that lists more sheets than [`MAX_SHEETS`], before they are read.
    pub fn check_sheet_count(file: &str, sheets: usize) -> Result<(), ImportError> {
        if sheets as u64 > MAX_SHEETS {
            return Err(
                Refused::file(format!("the workbook has more than {MAX_SHEETS} sheets"))
                    .into_error(file),
            );
        }
        Ok(())
    }

    /// Adds one sheet as calamine built it.
    pub fn add(&mut self, file: &str, sheet: &str, range: &Range<Data>) -> Result<(), ImportError> {
        let (height, width) = range.get_size();
        let cells = (height as u64).saturating_mul(width as u64);
        let text: u64 = range
            .used_cells()
            .map(|(_, _, cell)| match cell {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
                _ => 0,
            })
            .sum();
        self.sheets += 1;
        self.cells = self.cells.saturating_add(cells);
        self.text = self.text.saturating_add(text);
        let place = || Place {
            sheet: sheet.to_string(),
            row: None,
            column: None,
        };
        let refused = if cells > MAX_SHEET_CELLS {
            Some(too_many_sheet_cells(sheet))
        } else if self.cells > MAX_WORKBOOK_CELLS {
            Some(Refused::at(
                place(),
                format!(
                    "the sheets have more than {} cells together",
                    grouped(MAX_WORKBOOK_CELLS)
                ),
            ))
        } else if self.text > MAX_WORKBOOK_TEXT_BYTES {
            Some(Refused::at(
                place(),
                format!(
                    "the cells hold more than {} MB of text together",
                    MAX_WORKBOOK_TEXT_BYTES / MB
                ),
            ))
        } else {
            None
        };
        match refused {
            Some(refused) => Err(refused.into_error(file)),
            None => Ok(()),
        }
    }
}

// ---- small readers --------------------------------------------------------------------------

fn no_place() -> Place {
    Place {
        sheet: String::new(),
        row: None,
        column: None,
    }
}

/// The attributes of an element as calamine reads them: raw values, the first of a name wins,
/// a malformed attribute is an error.
fn raw_attrs<'a>(
    e: &'a BytesStart<'_>,
) -> impl Iterator<Item = Result<(&'a str, &'a str), Refused>> {
    let raw = e.attributes_raw();
    let bytes = raw.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = bytes.get(pos).copied();
        if !matches!(quote, Some(b'"') | Some(b'\'')) {
            pos = bytes.len();
            return Some(Err(Refused::file(unreadable())));
        }
        pos += 1;
        let value_start = pos;
        while pos < bytes.len() && Some(bytes[pos]) != quote {
            pos += 1;
        }
        let value = &raw[value_start..pos];
        pos += 1;
        Some(Ok((key, value)))
    })
}

fn raw_attr<'a>(e: &'a BytesStart<'_>, name: &str) -> Result<Option<&'a str>, Refused> {
    for attribute in raw_attrs(e) {
        let (key, value) = attribute?;
        if key == name {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// A repeat count of an .ods row or cell (1 when absent).
fn repeat_count(e: &BytesStart<'_>, name: &str, unescape: bool) -> Result<u64, Refused> {
    match raw_attr(e, name)? {
        Some(value) => Ok(parse_count(value, unescape)?.max(1)),
        None => Ok(1),
    }
}

/// A count as calamine parses it (`usize`, optionally after unescaping); what calamine cannot
/// read refuses the file, since calamine would refuse it too.
fn parse_count(value: &str, unescape: bool) -> Result<u64, Refused> {
    let value = if unescape {
        quick_xml::escape::unescape(value).map_err(|_| Refused::file(unreadable()))?
    } else {
        std::borrow::Cow::Borrowed(value)
    };
    value
        .parse::<usize>()
        .map(|n| n as u64)
        .map_err(|_| Refused::file(unreadable()))
}

/// Digits read as a number, saturating instead of overflowing.
fn saturating_number(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    })
}

/// An .xlsx cell reference such as `XFD1048576`: (row, column) from 0.
fn cell_reference(reference: &str) -> Result<(u64, u64), Refused> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (column, row) = reference.split_at(letters);
    if letters == 0 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refused::file(
            "is not a readable spreadsheet: a cell reference cannot be read".to_string(),
        ));
    }
    let column = column.bytes().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    Ok((saturating_number(row).saturating_sub(1), column - 1))
}

/// A column number from 0 as spreadsheets write it: 0 → A, 27 → AB.
fn column_letters(column: u64) -> String {
    let mut n = column.saturating_add(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// A number with thousands separators: 1000000 → "1,000,000".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
